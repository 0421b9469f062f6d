"""The A3 step: create, edit and print A3s by keyboard; every edit is checked in the session file."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, TextArea

from hoshin_tui.core.a3_prefill import fill_report, prefill_a3
from hoshin_tui.export.demo import build_demo_plan
from hoshin_tui.model.enums import A3Kind
from hoshin_tui.tui.dialogs.a3_new import NewA3Dialog
from hoshin_tui.tui.dialogs.item_form import ItemForm
from hoshin_tui.tui.screens.session import SessionScreen
from hoshin_tui.tui.steps.a3 import A3Step
from hoshin_tui.tui.widgets.a3_boxes import A3TableBox, A3TextBox
from tests.plans import small_plan
from tests.tui.helpers import go, make_session, reopen, session_app, settle, tui_plan


def a3_step(app) -> A3Step:
    screen = app.screen if isinstance(app.screen, SessionScreen) else app.screen_stack[-2]
    return screen.query_one(A3Step)


async def open_a3_step(pilot) -> A3Step:
    await settle(pilot)
    await go(pilot, "a3")
    await settle(pilot)
    return a3_step(pilot.app)


async def test_a_new_strategy_a3_is_saved_pre_filled_from_the_plan(workspace):
    plan = tui_plan()
    path = make_session(workspace, plan=plan)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        step = await open_a3_step(pilot)
        assert "No A3 chosen" in str(step.editor.query_one("#a3-title").render())
        await pilot.press("a")
        assert isinstance(app.screen, NewA3Dialog)
        await pilot.press("enter")  # the first choice: a strategy A3 for S1
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.focused is a3_step(app).a3_list  # shown, not typed into: enter edits it
    stored = reopen(path).a3s
    assert len(stored) == 1
    a3 = stored[0]
    expected = prefill_a3(plan, A3Kind.STRATEGY, "st_zero")
    assert (a3.kind, a3.subject_id) == (A3Kind.STRATEGY, "st_zero")
    assert a3.model_dump(exclude={"id"}) == expected.model_dump(exclude={"id"})
    # S1's initiatives (through its objective) are in the plan table, with their owners
    whats = {row.what: row.who for row in a3.plan_rows}
    assert whats.get("Error-proof the ten worst stations") == "Bo Chen"
    assert "Daily huddles on every shift" in whats


async def test_a_problem_solving_a3_for_an_initiative(workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_a3_step(pilot)
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, NewA3Dialog)
        options = dialog.query_one("#a3-new-choices")
        options.highlighted = next(
            i for i in range(options.option_count) if options.get_option_at_index(i).id == "problem_solving:in_pumpcare"
        )
        await pilot.press("enter")
        await settle(pilot)
    (a3,) = reopen(path).a3s
    assert (a3.kind, a3.subject_id) == (A3Kind.PROBLEM_SOLVING, "in_pumpcare")


async def test_typing_in_a_box_and_editing_a_plan_row_are_saved_and_undone(workspace):
    path = make_session(workspace, plan=small_plan())
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        step = await open_a3_step(pilot)
        await pilot.press("enter")  # into the first box: Background and aim
        assert isinstance(app.focused, TextArea)
        await pilot.press(*" today", "escape")  # escape saves at once and goes back to the list
        await settle(pilot)
        assert reopen(path).a3s[0].sections[0].body == "Why it matters today"
        assert reopen(path).a3s[0].revised == date(2027, 3, 1)  # "last revised" follows the edit (frozen clock)

        plan_box = step.editor.boxes["plan"]
        assert isinstance(plan_box, A3TableBox)
        plan_box.table.focus()
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, ItemForm)
        form.query_one("#field-what", Input).value = "SMED on both press lines"
        await pilot.press("ctrl+s")
        await settle(pilot)
        row = reopen(path).a3s[0].plan_rows[0]
        assert (row.who, row.what, row.when) == ("Bo", "SMED on both press lines", "Q2")

        await pilot.press("ctrl+z")
        await settle(pilot)
        assert reopen(path).a3s[0].plan_rows[0].what == "SMED"
        assert "SMED on both press lines" not in str(plan_box.table.get_row_at(0))
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert reopen(path).a3s[0].sections[0].body == "Why it matters"
        assert reopen(path).a3s[0].revised == small_plan().a3s[0].revised  # undo takes the date back too
        assert step.editor.boxes["background"].text == "Why it matters"


async def test_typed_text_is_saved_after_a_pause(workspace, monkeypatch):
    monkeypatch.setattr("hoshin_tui.tui.steps.a3.SAVE_AFTER", 0.05)
    path = make_session(workspace, plan=small_plan())
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        step = await open_a3_step(pilot)
        step.editor.boxes["risks"].editor.focus()
        await pilot.press(*"Press supplier")
        await pilot.pause(0.2)
        await settle(pilot)
        sections = {s.key: s.body for s in reopen(path).a3s[0].sections}
        assert sections["risks"] == "Press supplier"
        assert isinstance(app.focused, TextArea)  # still typing: saving never steals the focus


async def test_add_move_and_delete_follow_up_rows(workspace):
    path = make_session(workspace, plan=small_plan())
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        step = await open_a3_step(pilot)
        step.editor.boxes["metrics"].table.focus()
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, ItemForm)
        for name, value in (("item", "Scrap (%)"), ("plan", "2"), ("actual", "2.4")):
            form.query_one(f"#field-{name}", Input).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        rows = reopen(path).a3s[0].followup_rows
        assert [(r.item, r.plan, r.actual) for r in rows] == [("OTD", "90", "88"), ("Scrap (%)", "2", "2.4")]
        await pilot.press("shift+up")
        await settle(pilot)
        assert [r.item for r in reopen(path).a3s[0].followup_rows] == ["Scrap (%)", "OTD"]
        await pilot.press("delete")
        await settle(pilot)
        assert [r.item for r in reopen(path).a3s[0].followup_rows] == ["OTD"]


async def test_the_header_is_edited_in_a_form_and_a_deleted_a3_comes_back(workspace):
    path = make_session(workspace, plan=small_plan())
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_a3_step(pilot)
        await pilot.press("h")
        form = app.screen
        assert isinstance(form, ItemForm)
        form.query_one("#field-version", Input).value = "2"
        form.query_one("#field-revised", Input).value = "2027-02-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Version: 2" in str(a3_step(app).editor.query_one("#a3-meta").render())
        a3 = reopen(path).a3s[0]
        assert (a3.version, a3.revised, a3.title) == ("2", date(2027, 2, 1), "Grow aftermarket")

        await pilot.press("delete")
        await settle(pilot)
        assert reopen(path).a3s == []
        await pilot.press("ctrl+z")
        await settle(pilot)
    assert [(a3.id, a3.version) for a3 in reopen(path).a3s] == [("a3_grow", "2")]


async def test_the_fill_indicator_follows_the_typing(workspace):
    path = make_session(workspace, plan=small_plan())
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        step = await open_a3_step(pilot)
        box = step.editor.boxes["background"]
        assert isinstance(box, A3TextBox)
        before = str(box.query_one(".a3-box-title").render())
        assert box.fill == "ok"
        box.editor.focus()
        box.editor.insert(" The aftermarket grows while new pumps stall." * 60)  # as if typed or pasted
        await pilot.pause()
        after = str(box.query_one(".a3-box-title").render())
        assert after != before
        assert box.fill in ("shrink", "overflow")
        report = {b.key: message for b, _, message in fill_report(step.editor.edited())}
        assert report["background"].removeprefix("Background and aim").strip(" :") in after  # the exporter's words
        summary = str(step.editor.query_one("#a3-fill-summary").render())
        assert "On paper" in summary
        await pilot.press("escape")  # saved before the app closes
        await settle(pilot)


async def test_p_prints_the_highlighted_a3_into_the_workspace_exports(workspace, monkeypatch):
    from pypdf import PdfReader

    path = make_session(workspace, plan=small_plan())
    app = session_app(workspace, path)
    told: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **kwargs: told.append(str(message)))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_a3_step(pilot)
        names = [c.name for c in app.screen.palette_commands()]
        assert "export: this A3 as PDF" in names and "export: A3 pack PDF" in names
        assert app.focused is a3_step(app).a3_list, app.focused  # p prints from the A3 list, not in a text box
        await pilot.press("p")
        for _ in range(100):  # the worker writes the PDF; wait for it (a busy CI machine is slow)
            await app.workers.wait_for_complete()
            await settle(pilot)
            if list(workspace.exports_dir.glob("*.pdf")):
                break
    pdfs = list(workspace.exports_dir.glob("*.pdf"))
    assert len(pdfs) == 1, told  # what the room was told says why, if the file is missing
    (pdf,) = pdfs
    assert pdf.name == "offsite-A3-S1-grow-aftermarket.pdf"  # named by code and title, not by id
    assert any(f"Saved {pdf}" in message for message in told), told
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    assert "Grow aftermarket" in reader.pages[0].extract_text()


def _demo_app(workspace):
    path = make_session(workspace, plan=build_demo_plan(today=date(2027, 1, 15)))
    return session_app(workspace, path)


async def _to_a3_step(pilot) -> None:
    await open_a3_step(pilot)
    await pilot.pause()


def test_snapshot_a3_step_80x24(workspace, snap_compare):
    assert snap_compare(_demo_app(workspace), terminal_size=(80, 24), run_before=_to_a3_step)


def test_snapshot_a3_step_160x45(workspace, snap_compare):
    assert snap_compare(_demo_app(workspace), terminal_size=(160, 45), run_before=_to_a3_step)


async def _editing(pilot) -> None:
    await open_a3_step(pilot)
    await pilot.press("enter")
    await pilot.pause()
    for text_area in pilot.app.screen.query(TextArea).results(TextArea):
        text_area.cursor_blink = False
    await pilot.pause()


def test_snapshot_a3_step_editing_80x24(workspace, snap_compare):
    assert snap_compare(_demo_app(workspace), terminal_size=(80, 24), run_before=_editing)


async def _projecting(pilot) -> None:
    await open_a3_step(pilot)
    await pilot.press("f5")
    await settle(pilot)
    pilot.app.clear_notifications()  # the projector tip would cover the boxes
    await pilot.pause()


def test_snapshot_a3_step_projector_160x45(workspace, snap_compare):
    assert snap_compare(_demo_app(workspace), terminal_size=(160, 45), run_before=_projecting)
