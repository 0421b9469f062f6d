"""Part A 5: the small traps a new facilitator fell into, each checked as the room would see it."""

from __future__ import annotations

import subprocess
import sys

from textual.widgets import Input, Select, TextArea

from hoshin_tui.core.a3_prefill import prefill_a3
from hoshin_tui.core.workspace import Workspace
from hoshin_tui.model.enums import A3Kind, Direction, MarkRole, Role
from hoshin_tui.store import SessionStore
from hoshin_tui.tui.commands import HoshinCommands
from hoshin_tui.tui.dialogs.item_form import NEW_PERSON, ItemForm
from hoshin_tui.tui.dialogs.prompt import PromptDialog
from hoshin_tui.tui.screens.help import binding_rows
from hoshin_tui.tui.screens.session import SessionScreen
from hoshin_tui.tui.steps.a3 import A3Step
from hoshin_tui.tui.widgets.item_list import ItemList, shorten, wrap
from hoshin_tui.tui.widgets.key_hints import KeyHints
from hoshin_tui.tui.widgets.tick_list import TickList
from tests.plans import small_plan
from tests.tui.helpers import go, make_session, reopen, session_app, settle, toasts, tui_plan


async def test_the_enter_that_makes_a_new_a3_does_not_land_in_its_first_box(workspace: Workspace):
    plan = tui_plan()
    path = make_session(workspace, plan=plan)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go(pilot, "a3")
        await settle(pilot)
        step = app.screen.query_one(A3Step)
        await pilot.press("a", "enter")  # choose the first kind: a strategy A3 for S1
        await settle(pilot)
        assert app.focused is step.a3_list  # shown, not typed into
        await pilot.press("enter")  # a second enter (the room thought the first was lost) opens the editor
        await settle(pilot)
        assert isinstance(app.focused, TextArea)
        await pilot.press("escape")
        await settle(pilot)
    expected = prefill_a3(plan, A3Kind.STRATEGY, "st_zero")
    assert reopen(path).a3s[0].sections[0].body == expected.sections[0].body  # no stray new line


async def test_an_owner_chosen_for_an_initiative_leads_it_in_the_people_matrix_in_one_undo(workspace: Workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go(pilot, "initiatives")
        await settle(pilot)
        await pilot.press("a", *"Kanban for spare parts")
        app.screen.query_one("#field-owner_id", Select).value = "pe_cy"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen), app.screen.query_one("#form-error").render()
        plan = reopen(path)
        new = next(i for i in plan.initiatives if i.title == "Kanban for spare parts")
        assert [(m.person_id, m.role) for m in plan.marks if m.item_id == new.id] == [("pe_cy", MarkRole.LEADER)]
        await pilot.press("ctrl+z")  # one step takes back the initiative and its mark
        await settle(pilot)
    plan = reopen(path)
    assert [i.title for i in plan.initiatives] == [i.title for i in tui_plan().initiatives]
    assert plan.marks == tui_plan().marks  # the new mark went with the initiative


async def test_a_measure_owner_already_marked_keeps_the_role_the_room_gave(workspace: Workspace):
    path = make_session(workspace)
    with SessionStore.open(path) as store:
        store.set_mark("me_contracts", "pe_cy", MarkRole.ROTATING)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go(pilot, "measures")
        await settle(pilot)
        await pilot.press("down", "enter")  # M2, owned by nobody yet
        app.screen.query_one("#field-owner_id", Select).value = "pe_cy"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert [(m.person_id, m.role) for m in reopen(path).marks if m.item_id == "me_contracts"] == [
        ("pe_cy", MarkRole.ROTATING)
    ]


async def _new_person_from(pilot, step: str, field: str, name: str) -> None:
    await go(pilot, step)
    await settle(pilot)
    await pilot.press("a", *"Something new")
    pilot.app.screen.query_one(f"#field-{field}", Select).value = NEW_PERSON
    await settle(pilot)
    assert isinstance(pilot.app.screen, PromptDialog)
    await pilot.press(*name, "enter")
    await settle(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_a_person_created_inline_gets_the_role_the_field_implies(workspace: Workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _new_person_from(pilot, "strategies", "leader_id", "Dee Marsh")
        await _new_person_from(pilot, "initiatives", "owner_id", "Eli Park")
        await _new_person_from(pilot, "objectives", "owner_id", "Fay Ode")
    roles = {p.name: p.role for p in reopen(path).people}
    assert roles["Dee Marsh"] == Role.DEPLOYMENT_LEADER
    assert roles["Eli Park"] == Role.DEPARTMENT_LEADER
    assert roles["Fay Ode"] == Role.MEMBER


async def test_a_measures_direction_follows_baseline_and_target_until_set_by_hand(workspace: Workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go(pilot, "measures")
        await settle(pilot)
        await pilot.press("a", *"Scrap rate")
        form = app.screen
        assert isinstance(form, ItemForm)
        direction = form.query_one("#field-direction", Select)
        form.query_one("#field-baseline", Input).value = "4.5"
        form.query_one("#field-target", Input).value = "2"
        await pilot.pause()
        assert direction.value == Direction.LOWER.value  # 4.5 -> 2: lower is better
        form.query_one("#field-target", Input).value = "6"
        await pilot.pause()
        assert direction.value == Direction.HIGHER.value
        direction.value = Direction.LOWER.value  # set by hand: it stops following
        await pilot.pause()
        form.query_one("#field-target", Input).value = "7"
        await pilot.pause()
        assert direction.value == Direction.LOWER.value
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("a", *"Complaints")
        form = app.screen
        form.query_one("#field-baseline", Input).value = "38"
        form.query_one("#field-target", Input).value = "19"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
    measures = {m.name: m.direction for m in reopen(path).measures}
    assert measures["Scrap rate"] == Direction.LOWER
    assert measures["Complaints"] == Direction.LOWER


async def test_ticked_and_unticked_links_differ_without_colour(workspace: Workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go(pilot, "objectives")
        await settle(pilot)
        await pilot.press("enter")  # O1, which serves S1 only
        await settle(pilot)
        links = app.screen.query_one(TickList)
        lines = [links.render_line(y).text for y in range(3)]
    assert lines[0].startswith("▐✓▌") and "S1" in lines[0]
    assert lines[1].startswith("▐ ▌") and "S2" in lines[1]
    assert lines[2].startswith("▐ ▌") and "S3" in lines[2]


async def test_undo_and_redo_show_the_step_and_item_they_changed(workspace: Workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go(pilot, "initiatives")
        await settle(pilot)
        await pilot.press("k")  # I2 PumpCare, the one strategic initiative: to the other path (saved)
        await settle(pilot)
        await go(pilot, "strategies")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        for key in ("ctrl+z", "ctrl+y"):
            await pilot.press("1")
            await settle(pilot)
            await pilot.press(key)
            await settle(pilot)
            assert screen.view.step.key == "initiatives"
            assert isinstance(app.focused, ItemList) and app.focused.current_id == "in_pumpcare"


def test_long_text_is_cut_with_an_ellipsis_never_mid_word_without_a_mark():
    assert shorten("Grow aftermarket service to 30% of revenue", 20) == "Grow aftermarket…"
    assert shorten("Supercalifragilistic", 10) == "Supercali…"
    lines = wrap("Halve complaints through electromechanicalisation everywhere", 12)
    assert all(len(line) <= 12 for line in lines)
    assert "electromech…" in lines  # the word too long for the column is marked, not silently cut
    assert [line for line in lines if line not in ("electromech…",)] == ["Halve", "complaints", "through", "everywhere"]


async def test_a_header_too_long_for_its_column_ends_in_an_ellipsis(workspace: Workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await go(pilot, "objectives")
        await settle(pilot)
        table = app.screen.query_one(ItemList)
        table.show_rows([("#", 3), ("Annual objective", 10)], [("ob_x", ("O1", "Halve it"))])
        await pilot.pause()
        assert " Annual…    " in table.render_line(0).text


async def test_toasts_use_the_rooms_words(workspace: Workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await go(pilot, "objectives")
        await settle(pilot)
        await pilot.press("delete", "ctrl+z")
        await settle(pilot)
        shown = " ".join(toasts(app))
    assert "Undone: delete annual objective 'Halve customer complaints'" in shown
    assert "annualobjective" not in shown


async def test_the_horizontal_variant_has_one_name_in_keys_palette_and_cli(workspace: Workspace):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go(pilot, "matrix")
        await settle(pilot)
        keys = [text for _, key, text in binding_rows(app.screen) if key == "P"]
        palette = [command.name for command in HoshinCommands(app.screen).commands() if "horizontal" in command.name]
    assert keys == ["Print, horizontal labels"]
    assert palette == ["export: X-matrix PDF, horizontal labels"]
    cli = subprocess.run(
        [sys.executable, "-m", "hoshin_tui", "export", "xmatrix", "--help"], capture_output=True, text=True
    )
    assert "horizontal labels" in " ".join(cli.stdout.split())


async def test_a_read_only_window_hides_the_editing_keys_it_would_refuse(workspace: Workspace):
    path = make_session(workspace, plan=small_plan())
    with SessionStore.open(path):  # another window holds the session
        app = session_app(workspace, path)
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            seen: dict[str, str] = {}
            for step in ("aim", "strategies", "initiatives", "matrix", "a3"):
                await go(pilot, step)
                await settle(pilot)
                hints = app.screen.query_one(KeyHints).text
                helped = " · ".join(text for _, _, text in binding_rows(app.screen))
                seen[step] = hints + " | " + helped
            step = app.screen.query_one(A3Step)
            step.editor.boxes["plan"].table.focus()
            await settle(pilot)
            seen["a3 rows"] = " · ".join(text for _, _, text in binding_rows(app.screen))
    for step, text in seen.items():
        for refused in ("Add", "Delete", "Move up", "Undo", "Redo", "Type the aim", "Plan header", "Mark ●○△"):
            assert refused not in text.split(" · ") and f" {refused} " not in text, (step, refused, text)
    assert "Other path" not in seen["initiatives"] and "New A3" not in seen["a3"] and "Add row" not in seen["a3 rows"]
    assert "Next step" in seen["strategies"] and "Print" in seen["matrix"]  # reading and printing stay
