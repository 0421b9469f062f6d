"""Part A 1: the plan's header is edited in the TUI, and the picker names files after plan titles."""

from __future__ import annotations

from textual.widgets import Input

from hoshin_tui.core.workspace import Workspace
from hoshin_tui.model import Plan
from hoshin_tui.tui.app import make_app
from hoshin_tui.tui.dialogs.item_form import ItemForm
from hoshin_tui.tui.dialogs.plan_header import EditPlanHeader
from hoshin_tui.tui.dialogs.prompt import PromptDialog
from hoshin_tui.tui.screens.session import SessionScreen
from hoshin_tui.tui.widgets.item_list import ItemList
from hoshin_tui.tui.widgets.key_hints import KeyHints
from tests.tui.helpers import make_session, reopen, screen_text, session_app, settle, tui_plan


def _fill(form: ItemForm, **values: str) -> None:
    for name, value in values.items():
        form.query_one(f"#field-{name}", Input).value = value


async def test_h_on_the_aim_step_edits_the_header_as_one_undoable_change(workspace: Workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert " h Plan header " in app.screen.query_one(KeyHints).text
        await pilot.press("h")
        form = app.screen
        assert isinstance(form, ItemForm)
        assert form.query_one("#field-title", Input).value == "Pump Co strategy deployment"
        _fill(form, title="Pump Co hoshin 2027", organization="Pump Co Europe", period="FY2027-28", version="2")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert "Pump Co hoshin 2027 · Pump Co Europe · FY2027-28" in screen_text(app)
        stored = reopen(path)
        assert (stored.title, stored.organization, stored.period, stored.version) == (
            "Pump Co hoshin 2027",
            "Pump Co Europe",
            "FY2027-28",
            "2",
        )
        await pilot.press("ctrl+z")  # one step of undo takes the whole header back
        await settle(pilot)
        assert "Pump Co strategy deployment · Pump Co · FY2027" in screen_text(app)
    stored = reopen(path)
    assert (stored.title, stored.organization, stored.period, stored.version) == (
        "Pump Co strategy deployment",
        "Pump Co",
        "FY2027",
        "1",
    )


async def test_an_empty_plan_title_is_refused_in_the_form(workspace: Workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        form = app.screen
        _fill(form, title="   ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert str(form.query_one("#error-title").render()).strip()
    assert reopen(path).title == "Pump Co strategy deployment"


async def test_the_edit_plan_header_message_opens_the_dialog_from_any_step(workspace: Workspace):
    """The palette entry posts EditPlanHeader; the session screen answers it on every step."""
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        app.screen.post_message(EditPlanHeader())
        await settle(pilot)
        assert isinstance(app.screen, ItemForm)
        assert app.screen.query_one("#field-period", Input).value == "FY2027"


async def test_n_in_the_picker_asks_the_plan_title_and_names_the_file_after_it(workspace: Workspace):
    make_session(workspace, "pump-co-strategy-deployment")  # taken: the new file gets -2
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        dialog = app.screen
        assert isinstance(dialog, PromptDialog)
        assert "Title of the new plan" in screen_text(app)
        await pilot.press(*"Pump Co strategy deployment")
        await pilot.pause()
        assert "Saved as ~/offsite/sessions/pump-co-strategy-deployment-2.sqlite" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
    assert reopen(workspace.sessions_dir / "pump-co-strategy-deployment-2.sqlite").title == (
        "Pump Co strategy deployment"
    )


async def test_a_title_with_no_letter_or_digit_is_refused_in_the_dialog(workspace: Workspace):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"!!!", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog)
        assert "use letters or digits" in str(app.screen.query_one("#prompt-error").render())
    assert not workspace.sessions_dir.exists() or not list(workspace.sessions_dir.glob("*.sqlite"))


async def test_the_picker_shows_each_plan_title_next_to_its_file_name(workspace: Workspace):
    make_session(workspace, "offsite")
    make_session(workspace, "q3", plan=Plan(title="Quarterly review of the X-matrix"))
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rows = {cells[0]: cells for cells in app.screen.query_one("#sessions", ItemList).cells}
        assert rows["offsite"][1] == tui_plan().title
        assert rows["q3"][1] == "Quarterly review of the X-matrix"
