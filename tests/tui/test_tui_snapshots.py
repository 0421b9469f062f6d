"""Snapshots of what the room sees: the picker, every step, health, help, a form and projector mode.

The frames are stable: a fixed plan with fixed ids, file times set by hand, UTC, a frozen
"Saved" clock and the workspace shown under ~. Review changes in snapshot_report.html
before accepting them with --snapshot-update.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest
from textual.widgets import Input, TextArea

from hoshin_tui.core.workspace import Workspace
from hoshin_tui.tui.app import make_app
from hoshin_tui.tui.steps import STEPS
from tests.tui.helpers import make_session, settle

SIZES = {"80x24": (80, 24), "160x45": (160, 45)}
FIXED_TIME = datetime(2027, 2, 26, 16, 30, tzinfo=UTC).timestamp()


def session_app(workspace: Workspace):
    path = make_session(workspace, "offsite")
    return make_app(workspace, path)


def go_to(key: str, *then: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.screen.go_to(key)
        await pilot.pause()
        if then:
            await pilot.press(*then)
        await settle(pilot)
        for widget in pilot.app.screen.query("Input, TextArea"):
            if isinstance(widget, Input | TextArea):
                widget.cursor_blink = False

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_picker(snap_compare, workspace, size):
    for name in ("offsite", "q3-review"):
        path = make_session(workspace, name)
        os.utime(path, (FIXED_TIME, FIXED_TIME + (3600 if name == "q3-review" else 0)))
    (workspace.sessions_dir / "notes.sqlite").write_text("not a session")
    os.utime(workspace.sessions_dir / "notes.sqlite", (FIXED_TIME, FIXED_TIME - 3600))
    app = make_app(workspace)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=settle)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("step", [step.key for step in STEPS[:6]])
def test_step(snap_compare, workspace, step, size):
    assert snap_compare(session_app(workspace), terminal_size=SIZES[size], run_before=go_to(step))


def test_health_panel_focused(snap_compare, workspace):
    app = session_app(workspace)
    assert snap_compare(app, terminal_size=(160, 45), run_before=go_to("objectives", "w", "down"))


@pytest.mark.parametrize("size", SIZES)
def test_projector(snap_compare, workspace, size):
    app = session_app(workspace)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=go_to("strategies", "f5"))


def test_projector_light(snap_compare, workspace):
    app = session_app(workspace)
    assert snap_compare(app, terminal_size=(160, 45), run_before=go_to("initiatives", "f5", "f5"))


def test_help(snap_compare, workspace):
    app = session_app(workspace)
    assert snap_compare(app, terminal_size=(80, 24), run_before=go_to("measures", "f1"))


def test_form_with_a_validation_message(snap_compare, workspace):
    async def run_before(pilot) -> None:
        await go_to("measures", "a")(pilot)
        form = pilot.app.screen
        form.query_one("#field-name", Input).value = "Scrap rate"
        form.query_one("#field-target", Input).value = "half"
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(session_app(workspace), terminal_size=(80, 24), run_before=run_before)
