"""Snapshots of the Review step: the demo's year as of its last month, at 80x24 and 160x45,
normal and projector. The review clock and the health clock are frozen, so the frame is stable."""

from __future__ import annotations

from datetime import date

import pytest

from hoshin_tui.export.demo import build_demo_plan
from hoshin_tui.tui.app import make_app
from tests.tui.helpers import make_session, settle

TODAY = date(2027, 1, 15)
SIZES = {"80x24": (80, 24), "160x45": (160, 45)}


@pytest.fixture(autouse=True)
def _review_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hoshin_tui.tui.steps.review.today", lambda: TODAY)
    monkeypatch.setattr("hoshin_tui.core.clock.today", lambda: TODAY)


def review(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.screen.go_to("review")
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
        await settle(pilot)
        pilot.app.clear_notifications()
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("mode", ["normal", "projector"])
@pytest.mark.parametrize("size", SIZES)
def test_review_step(snap_compare, workspace, size, mode):
    path = make_session(workspace, "review", build_demo_plan(TODAY))
    keys = ("f5",) if mode == "projector" else ()
    assert snap_compare(make_app(workspace, path), terminal_size=SIZES[size], run_before=review(*keys))
