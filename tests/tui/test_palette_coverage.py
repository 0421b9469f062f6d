"""The palette reaches every action a key reaches, and keys named on screen are the live ones."""

from __future__ import annotations

from textual.binding import Binding
from textual.widget import Widget

from hoshin_tui.tui.app import make_app
from hoshin_tui.tui.commands import NOT_COMMANDS, HoshinCommands
from hoshin_tui.tui.screens.session import SessionScreen
from hoshin_tui.tui.steps import STEPS
from hoshin_tui.tui.steps.base import own_bindings
from hoshin_tui.tui.steps.lists import ListStep
from tests.tui.helpers import go, make_session, screen_text, session_app, settle, toasts


def key_actions(node: Widget) -> set[str]:
    """The actions the keys of ``node``'s class run (described keys: the ones a person is told of)."""
    return {b.action for b in own_bindings(node) if b.description}


async def test_every_key_of_every_step_has_a_palette_entry(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        for step in STEPS:
            await go(pilot, step.key)
            await settle(pilot)
            offered = {c.action for c in HoshinCommands(app.screen).commands()}
            wanted = key_actions(screen.view) | {a for a in key_actions(screen) if screen.check_action(a, ())}
            wanted |= {b.action for b in app.BINDINGS if isinstance(b, Binding)} - NOT_COMMANDS
            missing = {a for a in wanted if a not in offered and not a.startswith("go(")}
            assert missing == set(), f"{step.key}: keys with no palette entry: {missing}"
        names = {c.name for c in HoshinCommands(app.screen).commands()}
        for wanted_name in (
            "export: X-matrix PDF",
            "export: X-matrix PDF, horizontal labels",
            "export: A3 pack PDF",
            "export: X-matrix, A3 pack, session record and bowling chart",
            "export: session record PDF",
            "export: plan as JSON",
            "edit: plan header",
            "go: choose a step",
        ):
            assert wanted_name in names
        assert {f"go: {step.title.lower()}" for step in STEPS} <= names


async def test_every_key_of_the_picker_has_a_palette_entry(workspace):
    make_session(workspace)
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        commands = HoshinCommands(app.screen).commands()
        offered = {c.action for c in commands}
        screen_keys = {b.action for b in type(app.screen).BINDINGS if isinstance(b, Binding) and b.description}
        assert screen_keys - offered == set()
        names = {c.name for c in commands}
        assert {"sessions: import json", "sessions: rename", "sessions: new"} <= names


async def test_the_plan_export_from_the_palette_writes_json(workspace):
    from hoshin_tui.export.json_io import read_plan

    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        run = {c.name: c.run for c in HoshinCommands(app.screen).commands()}
        run["export: plan as JSON"]()
        await settle(pilot)
        await settle(pilot)
    written = workspace.exports_dir / "offsite.json"
    assert read_plan(written).title == "Pump Co strategy deployment"


async def test_the_x_matrix_intro_names_the_print_key_that_prints(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await go(pilot, "matrix")
        await settle(pilot)
        text = screen_text(app)
        assert "p: print the X-matrix" in text and "x: print" not in text
        assert "Space marks a cell" in text and "Tab: next grid" in text


async def test_x_no_longer_deletes_and_a_delete_says_how_to_undo(workspace):
    from tests.tui.helpers import reopen

    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await go(pilot, "objectives")
        await settle(pilot)
        assert isinstance(app.screen.view, ListStep)
        await pilot.press("x")
        await settle(pilot)
        assert len(reopen(path).objectives) == 2
        await pilot.press("delete")
        await settle(pilot)
        assert len(reopen(path).objectives) == 1
        assert "Deleted annual objective 'Halve customer complaints' · ctrl+z to undo" in toasts(app)
