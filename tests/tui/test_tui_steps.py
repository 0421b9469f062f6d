"""Pilot tests of the guided flow: each edit is checked in the session file, reopened."""

from __future__ import annotations

from textual.widgets import Input, Select, SelectionList, TextArea

from hoshin_tui.model.enums import Corner, InitiativeKind
from hoshin_tui.store import SessionStore
from hoshin_tui.tui.dialogs.confirm import ConfirmDialog
from hoshin_tui.tui.dialogs.item_form import ItemForm
from hoshin_tui.tui.dialogs.prompt import PromptDialog
from hoshin_tui.tui.screens.session import SessionScreen
from hoshin_tui.tui.steps import aim
from hoshin_tui.tui.widgets.health_panel import HealthPanel
from hoshin_tui.tui.widgets.item_list import ItemList
from tests.tui.helpers import go, make_session, reopen, screen_text, session_app, settle, toasts


async def test_add_a_strategy_through_the_form(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await go(pilot, "strategies")
        await pilot.press("a")
        assert isinstance(app.screen, ItemForm)
        await pilot.press(*"Safe plant", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert "Saved 14:02:31" in screen_text(app)
    titles = [s.title for s in reopen(path).strategies]
    assert titles[-1] == "Safe plant" and len(titles) == 4


async def test_an_invalid_value_keeps_the_form_open_with_the_message(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await go(pilot, "measures")
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, ItemForm)
        form.query_one("#field-name", Input).value = "Scrap rate"
        form.query_one("#field-baseline", Input).value = "lots"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "Baseline must be a number, got 'lots'" in str(form.query_one("#error-baseline").render())
        form.query_one("#field-baseline", Input).value = "4.5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
    measure = reopen(path).measures[-1]
    assert (measure.name, measure.baseline) == ("Scrap rate", 4.5)


async def test_escape_with_unsaved_changes_asks_before_discarding(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await go(pilot, "strategies")
        await pilot.press("a", *"Half-typed", "escape")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep editing
        assert isinstance(app.screen, ItemForm)
        await pilot.press("escape", "y")  # discard
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("a", "escape")  # nothing typed: closes without asking
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
    assert [s.title for s in reopen(path).strategies] == [
        "Zero defects at the customer",
        "Grow aftermarket service to 30% of revenue",
        "Lead the market in energy-efficient pumps",
    ]


async def test_reorder_delete_and_undo_redo(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await go(pilot, "strategies")
        await pilot.press("shift+down")
        assert [s.id for s in reopen(path).strategies] == ["st_service", "st_zero", "st_energy"]
        table = app.screen.query_one("#table-strategies-0", ItemList)
        assert table.cursor == 1 and table.current_id == "st_zero"  # the cursor follows the moved item
        await pilot.press("delete")
        assert [s.id for s in reopen(path).strategies] == ["st_service", "st_energy"]
        assert not reopen(path).linked(Corner.STRATEGY_OBJECTIVE, row_id="st_zero")
        await pilot.press("ctrl+z")
        restored = reopen(path)
        assert [s.id for s in restored.strategies] == ["st_service", "st_zero", "st_energy"]
        assert restored.linked(Corner.STRATEGY_OBJECTIVE, row_id="st_zero") == ["ob_complaints"]
        await pilot.press("ctrl+y")
        assert [s.id for s in reopen(path).strategies] == ["st_service", "st_energy"]


async def test_link_an_objective_to_strategies(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await go(pilot, "objectives")
        await pilot.press("enter")  # edit O1, linked to S1
        form = app.screen
        assert isinstance(form, ItemForm)
        links = form.query_one("#field-links", SelectionList)
        assert links.selected == ["st_zero"]
        links.deselect("st_zero")
        links.select("st_energy")
        await pilot.press("ctrl+s")
        await pilot.pause()
    plan = reopen(path)
    assert plan.linked(Corner.STRATEGY_OBJECTIVE, col_id="ob_complaints") == ["st_energy"]


async def test_one_undo_takes_back_a_new_objective_and_its_link(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await go(pilot, "objectives")
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, ItemForm)
        form.query_one("#field-title", Input).value = "Halve warranty returns"
        form.query_one("#field-links", SelectionList).select("st_energy")
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = reopen(path)
        new_id = next(o.id for o in saved.objectives if o.title == "Halve warranty returns")
        assert saved.linked(Corner.STRATEGY_OBJECTIVE, col_id=new_id) == ["st_energy"]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "undone: save annual objective 'Halve warranty returns' (+1 more)" in screen_text(app)
    plan = reopen(path)
    assert all(o.title != "Halve warranty returns" for o in plan.objectives)
    assert plan.linked(Corner.STRATEGY_OBJECTIVE, col_id=new_id) == []


async def test_new_owner_created_from_the_owner_picker(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await go(pilot, "measures")
        await pilot.press("down", "enter")  # M2 has no owner
        form = app.screen
        assert isinstance(form, ItemForm)
        owner = form.query_one("#field-owner_id", Select)
        owner.value = "\x00new-person"
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"Dee Ortiz", "enter")
        await pilot.pause()
        assert app.screen is form
        await pilot.press("ctrl+s")
        await pilot.pause()
    plan = reopen(path)
    dee = next(p for p in plan.people if p.name == "Dee Ortiz")
    assert plan.measures[1].owner_id == dee.id


async def test_initiatives_show_both_paths_and_add_to_the_focused_one(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await go(pilot, "initiatives")
        text = screen_text(app)
        assert "Strategic initiatives (1)" in text and "Operational improvements (2)" in text
        # Codes as on the printed X-matrix: strategic initiatives are numbered first.
        assert "I1 Launch PumpCare service contracts" in text and "I2 Error-proof the ten worst" in text
        await pilot.press("tab")  # to the operational pane
        await pilot.press("a", *"Kanban for spares", "enter")
        await pilot.pause()
        assert "Operational improvements (3)" in screen_text(app)
        await pilot.press("k")  # move it to the strategic path
        await pilot.pause()
    added = reopen(path).initiatives[-1]
    assert (added.title, added.kind) == ("Kanban for spares", InitiativeKind.STRATEGIC)


async def test_typing_the_aim_is_saved_after_a_pause_and_on_leaving(workspace, monkeypatch):
    monkeypatch.setattr(aim, "SAVE_AFTER", 0.05)
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("1", "3")  # digits jump between steps while not typing
        assert app.screen.current == 2
        await pilot.press("1", "enter")
        editor = app.screen.query_one("#aim-text", TextArea)
        assert editor.has_focus
        editor.clear()
        await pilot.press(*"Delight every customer")
        await pilot.pause(0.2)
        assert reopen(path).aim == "Delight every customer"
        await pilot.press(*", every time")
        await pilot.press("escape", "2")  # leaving the step saves at once
        assert reopen(path).aim == "Delight every customer, every time"
        await pilot.press("ctrl+z", "1")  # undo comes back into the editor
        undone = reopen(path).aim
        assert undone != "Delight every customer, every time" and editor.text == undone
        await pilot.press("ctrl+y")
        assert editor.text == "Delight every customer, every time"


async def test_quitting_right_after_typing_loses_nothing(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "end", *" Always.")
        await pilot.press("ctrl+q")
    assert reopen(path).aim.endswith("made safely by everyone. Always.")


async def test_selecting_a_health_warning_jumps_to_the_item(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(HealthPanel)
        finding = next(f for f in panel.findings if f.item_id == "st_energy")
        panel.post_message(HealthPanel.Selected(finding.kind, finding.item_id))
        await settle(pilot)
        screen = app.screen
        assert screen.view.step.key == "strategies"
        table = screen.query_one("#table-strategies-0", ItemList)
        assert table.has_focus and table.current_id == "st_energy"


async def test_a_read_only_session_says_so_and_refuses_edits_politely(workspace):
    path = make_session(workspace)
    with SessionStore.open(path):  # another window holds the session
        app = session_app(workspace, path)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await settle(pilot)
            assert "READ-ONLY" in screen_text(app)
            await go(pilot, "strategies")
            await pilot.press("a", "delete", "shift+down", "ctrl+z")  # not offered here: nothing happens
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)
            await pilot.pause()
            # One toast when the session opened; the editing keys are not offered, so none refuses.
            assert sum("read-only" in text.lower() for text in toasts(app)) >= 1
    assert [s.id for s in reopen(path).strategies] == ["st_zero", "st_service", "st_energy"]


async def test_closing_returns_to_the_picker_and_releases_the_file(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+w")
        await settle(pilot)
        assert app.screen.id == "picker"
        with SessionStore.open(path) as store:
            assert not store.read_only


async def test_a_failing_disk_is_a_notification_not_a_crash(workspace, monkeypatch):
    import sqlite3

    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await go(pilot, "strategies")

        def broken(*args, **kwargs):
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(app.screen.session.store, "delete", broken)
        await pilot.press("delete")
        await pilot.pause()
        await pilot.pause()
        assert any("Not saved: disk I/O error" in text for text in toasts(app))
        assert app.is_running and isinstance(app.screen, SessionScreen)
    assert len(reopen(path).strategies) == 3
