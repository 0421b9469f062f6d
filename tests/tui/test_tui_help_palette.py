"""Help lists the live keys of the screen; the command palette reaches every step and action."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding
from textual.command import CommandPalette
from textual.dom import DOMNode

import hoshin_tui.tui as tui_package
from hoshin_tui.tui.app import make_app
from hoshin_tui.tui.commands import HoshinCommands
from hoshin_tui.tui.screens.help import HelpScreen
from hoshin_tui.tui.steps import STEPS
from tests.tui.helpers import go, make_session, session_app, settle


def own_classes() -> list[type[DOMNode]]:
    found = []
    for info in pkgutil.walk_packages(tui_package.__path__, "hoshin_tui.tui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def test_every_binding_has_a_description_and_an_id():
    missing = [
        f"{cls.__name__}: {b.key}"
        for cls in own_classes()
        for b in cls.__dict__.get("BINDINGS", [])
        if isinstance(b, Binding) and not (b.description and b.id)
    ]
    assert missing == []


async def test_f1_lists_the_keys_of_the_current_step(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go(pilot, "strategies")
        await pilot.press("f1")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        rows = {(keys, text) for _, keys, text in help_screen.rows}
        assert ("a insert", "Add") in rows
        assert ("shift+↑ ^↑", "Move up") in rows
        assert ("^z", "Undo") in rows and ("F1 ?", "Keys") in rows
        assert ("^pgdn alt+→", "Next step") in rows
        assert ("2", "Go to Strategies") in rows
        await pilot.press("escape")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "ctrl+pagedown")  # the table's own ctrl+pagedown does not win
        assert app.screen.view.step.key == "objectives"
        await pilot.press("alt+left")
        assert app.screen.view.step.key == "strategies"


async def test_help_while_typing_the_aim_leaves_out_the_digit_keys(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "f1")  # typing the aim: digits type, they do not jump
        rows = {text for _, _, text in app.screen.rows}
        assert "Done typing" in rows and "Go to Strategies" not in rows


async def test_palette_reaches_every_step_and_undo(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go(pilot, "measures")
        provider = HoshinCommands(app.screen)
        names = [c.name for c in provider.commands()]
        for step in STEPS:
            assert f"go: {step.title.lower()}" in names
        assert {"edit: undo", "edit: redo", "edit: add measure", "view: projector mode"} <= set(names)

        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"go: people")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.view.step.key == "people"


async def test_projector_mode_cycles_dark_light_normal(workspace):
    app = make_app(workspace, make_session(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one("KeyHints")
        assert footer.display
        await pilot.press("f5")
        assert app.theme == "hoshin-projector" and footer.styles.display == "none"
        summary = app.screen.query_one("#health-summary")
        assert summary.styles.display == "block" and "warning" in str(summary.render())
        await pilot.press("f5")
        assert app.theme == "hoshin-projector-light"
        await pilot.press("f5")
        assert app.theme == "hoshin" and footer.styles.display == "block"


async def test_key_hints_follow_the_focus_and_keep_help_in_view_at_80_columns(workspace):
    app = make_app(workspace, make_session(workspace))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        hints = app.screen.query_one("KeyHints")
        line = str(hints.render())
        assert len(line) == 80
        assert line.rstrip().endswith("F1 Keys ▏ ^p palette")
        # Only whole hints: every key shown comes with its description, none is cut short.
        shown = line[: line.index("F1 Keys")].rstrip()
        assert "Next step" in shown and hints.text.startswith(shown)
        assert hints.text[len(shown) : len(shown) + 2] == "  ", "a hint was cut short"
        await go(pilot, "strategies")
        assert " a Add " in str(hints.render())  # the list step's own keys, once it has focus
