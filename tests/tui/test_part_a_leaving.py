"""Part A 3: nothing typed is lost on the way out of a form or an editor.

A changed form (item form, plan header, A3 header) asks before ctrl+q or ctrl+w throws it
away, as escape does, with "keep editing" as the default. The editors that save as the room
types (the aim, the A3 boxes) save on every way out: escape, a step key, ctrl+w and ctrl+q.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from hoshin_tui.core.workspace import Workspace
from hoshin_tui.tui.dialogs.confirm import ConfirmDialog
from hoshin_tui.tui.dialogs.item_form import ItemForm
from hoshin_tui.tui.screens.picker import SessionPickerScreen
from hoshin_tui.tui.screens.session import SessionScreen
from hoshin_tui.tui.steps.a3 import A3Step
from tests.plans import small_plan
from tests.tui.helpers import go, make_session, reopen, screen_text, session_app, settle, tui_plan

STRATEGIES = [s.title for s in tui_plan().strategies]


async def _open_form(pilot, form: str) -> ItemForm:
    """Open one of the forms and change its first field; returns the form."""
    app = pilot.app
    if form == "strategy":
        await go(pilot, "strategies")
        await settle(pilot)
        await pilot.press("a", *"Half-typed")
    elif form == "header":
        await pilot.press("h")
        await pilot.pause()
        app.screen.query_one("#field-title", Input).value = "Half-typed"
    elif form == "a3 header":
        await go(pilot, "a3")
        await settle(pilot)
        await pilot.press("h")
        await pilot.pause()
        app.screen.query_one("#field-title", Input).value = "Half-typed"
    await pilot.pause()
    assert isinstance(app.screen, ItemForm)
    return app.screen


@pytest.mark.parametrize("form", ["strategy", "header", "a3 header"])
@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+w"])
async def test_leaving_a_changed_form_asks_and_keep_editing_is_the_default(workspace: Workspace, form, key):
    path = make_session(workspace, plan=small_plan() if form == "a3 header" else None)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        opened = await _open_form(pilot, form)
        subject = "Half-typed" if form == "strategy" else opened.item.title
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert f"Discard the changes to '{subject}'?" in screen_text(app)
        await pilot.press("enter")  # the default: keep editing
        await pilot.pause()
        assert app.screen is opened and app.return_code is None
        assert opened.query_one("#field-title", Input).value == "Half-typed"
        await pilot.press(key, "y")  # now discard, and go where the key goes
        await settle(pilot)
        if key == "ctrl+q":
            assert app.return_code == 0
        else:
            assert isinstance(app.screen, SessionPickerScreen)
    stored = reopen(path)
    assert "Half-typed" not in [stored.title, *(s.title for s in stored.strategies), *(a.title for a in stored.a3s)]


async def test_escape_asks_the_same_question(workspace: Workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _open_form(pilot, "header")
        await pilot.press("escape")
        await pilot.pause()
        assert "Discard the changes to 'Pump Co strategy deployment'?" in screen_text(app)
        await pilot.press("ctrl+q")  # asked again by quit: one question on screen, not two
        await pilot.pause()
        assert sum(isinstance(screen, ConfirmDialog) for screen in app.screen_stack) == 1
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ItemForm)


@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+w"])
async def test_an_unchanged_form_does_not_ask(workspace: Workspace, key):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go(pilot, "strategies")
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(key)
        await settle(pilot)
        if key == "ctrl+q":
            assert app.return_code == 0
        else:
            assert isinstance(app.screen, SessionPickerScreen)
    assert [s.title for s in reopen(path).strategies] == STRATEGIES


@pytest.mark.parametrize("way_out", ["escape", "alt+right", "ctrl+w", "ctrl+q"])
async def test_the_aim_typed_is_kept_on_every_way_out(workspace: Workspace, way_out):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "end", *" Together")  # typing, not yet saved by the pause
        await pilot.press(way_out)
        await settle(pilot)
        if way_out == "ctrl+w":
            assert isinstance(app.screen, SessionPickerScreen)
        elif way_out == "alt+right":
            assert isinstance(app.screen, SessionScreen) and app.screen.current == 1
    assert reopen(path).aim.endswith("made safely by everyone. Together")


@pytest.mark.parametrize("way_out", ["escape", "alt+left", "ctrl+w", "ctrl+q"])
async def test_the_a3_text_typed_is_kept_on_every_way_out(workspace: Workspace, way_out):
    path = make_session(workspace, plan=small_plan())
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go(pilot, "a3")
        await settle(pilot)
        step = app.screen.query_one(A3Step)
        await pilot.press("enter")  # into the first box
        assert isinstance(app.focused, TextArea)
        await pilot.press(*" for the whole plant")
        await pilot.press(way_out)
        await settle(pilot)
        if way_out == "ctrl+w":
            assert isinstance(app.screen, SessionPickerScreen)
        elif way_out == "escape":
            assert app.focused is step.a3_list
    assert reopen(path).a3s[0].sections[0].body == "Why it matters for the whole plant"
