"""A new step is one module plus one registry line: each kind the next issues need, proved here.

Each step below is written to a module file of its own (as a new step would be), and added to
the registry with one ``Step(...)`` line; nothing else of the app is touched. Then the pilot
drives it as the room would, and the session file says what was saved.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input, Select

from hoshin_tui.store import SessionStore
from hoshin_tui.tui.dialogs.item_form import ItemForm
from hoshin_tui.tui.screens.session import SessionScreen, step_key
from hoshin_tui.tui.steps import STEPS, Step
from tests.tui.helpers import go, make_session, reopen, screen_text, session_app, settle, toasts

# A list over a plan list keyed by measure and month, not by id (the monthly review).
RESULTS = """
from hoshin_tui.model.plan import MonthlyResult
from hoshin_tui.tui.dialogs.item_form import FieldSpec
from hoshin_tui.tui.steps.lists import Column, ListSpec, ListStep

SPEC = ListSpec(
    kind="monthly_results",
    noun="monthly result",
    model=MonthlyResult,
    key_fields=("measure_id", "month"),
    fields=(FieldSpec("measure_id"), FieldSpec("month"), FieldSpec("plan", "number"), FieldSpec("actual", "number")),
    columns=(
        Column("Month", lambda plan, item, code: item.month, 8),
        Column("Measure", lambda plan, item, code: code.get(item.measure_id, item.measure_id)),
        Column("Actual", lambda plan, item, code: "-" if item.actual is None else f"{item.actual:g}", 7),
    ),
    intro="Plan and actual of each measure, month by month.",
)


class ResultsStep(ListStep):
    SPEC = SPEC
"""

# Master and detail: the catchball thread of the objective highlighted beside it.
THREAD = """
from hoshin_tui.model.plan import AnnualObjective, CatchballEntry
from hoshin_tui.tui.dialogs.item_form import FieldSpec
from hoshin_tui.tui.steps.lists import Column, ListSpec, ListStep, Pane

ENTRIES = ListSpec(
    kind="catchball_entries",
    noun="catchball turn",
    model=CatchballEntry,
    fields=(FieldSpec("who"), FieldSpec("text", "long")),
    columns=(Column("Who", lambda plan, item, code: item.who, 10), Column("Said", lambda plan, item, code: item.text)),
)
SPEC = ListSpec(
    kind="objectives",
    noun="annual objective",
    model=AnnualObjective,
    fields=(FieldSpec("title"),),
    columns=(Column("Objective", lambda plan, item, code: item.title),),
    panes=(Pane("Objectives"), Pane("Thread", spec=ENTRIES, follows="item_id")),
)


class ThreadStep(ListStep):
    SPEC = SPEC
"""

# Several panes over several lists: agenda, parking lot and votes side by side.
ROOM = """
from hoshin_tui.model.plan import AgendaItem, DotVote, ParkingLotItem
from hoshin_tui.tui.dialogs.item_form import FieldSpec
from hoshin_tui.tui.steps.lists import Column, ListSpec, ListStep, Pane

AGENDA = ListSpec(
    kind="agenda",
    noun="agenda item",
    model=AgendaItem,
    fields=(FieldSpec("title"), FieldSpec("minutes", "number"), FieldSpec("done", "yesno")),
    columns=(
        Column("Agenda", lambda plan, item, code: item.title),
        Column("Min", lambda plan, item, code: str(item.minutes), 4),
        Column("Done", lambda plan, item, code: "yes" if item.done else "no", 4),
    ),
)
PARKING = ListSpec(
    kind="parking_lot",
    noun="parked question",
    model=ParkingLotItem,
    fields=(FieldSpec("text"), FieldSpec("raised_by")),
    columns=(Column("Parked", lambda plan, item, code: item.text),),
)
VOTES = ListSpec(
    kind="votes",
    noun="dot vote",
    model=DotVote,
    fields=(FieldSpec("question"),),
    columns=(Column("Vote", lambda plan, item, code: item.question),),
)
SPEC = ListSpec(
    kind="agenda",
    noun="agenda item",
    model=AgendaItem,
    fields=AGENDA.fields,
    columns=AGENDA.columns,
    panes=(Pane("Agenda"), Pane("Parking lot", spec=PARKING), Pane("Votes", spec=VOTES)),
)


class RoomStep(ListStep):
    SPEC = SPEC
"""


@pytest.fixture
def new_steps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Three step modules on the path, and their three registry lines (steps 9, 10 and 11, after the A3s)."""
    for name, source in (("kit_results", RESULTS), ("kit_thread", THREAD), ("kit_room", ROOM)):
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(source))
    monkeypatch.syspath_prepend(str(tmp_path))
    added = [
        Step("results", "Results", "kit_results:ResultsStep", ("monthly_results",), "monthly results"),
        Step("thread", "Thread", "kit_thread:ThreadStep", ("catchball_entries",), "catchball threads"),
        Step("room", "Room", "kit_room:RoomStep", ("agenda", "parking_lot", "votes"), "running the room"),
    ]
    STEPS[8:8] = added  # right after the eight steps of the flow, before any step added since
    yield
    del STEPS[8 : 8 + len(added)]


def fill(form: ItemForm, **values: str) -> None:
    for name, value in values.items():
        form.query_one(f"#field-{name}", Input).value = value


async def test_a_list_keyed_by_measure_and_month_is_one_module_and_one_line(workspace, new_steps):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("9")  # the 9th step, keyed like the eight before it
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen) and app.screen.view.step.key == "results"
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, ItemForm)
        fill(form, measure_id="me_complaints", month="2027-03", plan="30", actual="27")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [(r.measure_id, r.month, r.actual) for r in reopen(path).monthly_results] == [
            ("me_complaints", "2027-03", 27)
        ]
        assert "2027-03 M1 27" in screen_text(app)

        await pilot.press("enter")  # edit it: same key, new actual
        form = app.screen
        assert isinstance(form, ItemForm)
        fill(form, actual="25")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [r.actual for r in reopen(path).monthly_results] == [25]

        await pilot.press("shift+down")  # results have no order of their own: nothing moves, nothing breaks
        await pilot.press("delete")
        await settle(pilot)
        assert reopen(path).monthly_results == []
        assert any("Deleted monthly result" in toast and "ctrl+z to undo" in toast for toast in toasts(app))
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert len(reopen(path).monthly_results) == 1


async def test_a_master_detail_step_shows_the_thread_of_the_highlighted_item(workspace, new_steps):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("0")  # the 10th step gets the 0 key
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen) and app.screen.view.step.key == "thread"
        await pilot.press("tab")  # into the thread pane, beside the first objective
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, ItemForm)
        fill(form, who="Bo")
        await pilot.press("ctrl+s")
        await settle(pilot)
        entries = reopen(path).catchball_entries
        assert [(e.item_id, e.who) for e in entries] == [("ob_complaints", "Bo")]
        assert "Bo" in screen_text(app)

        await pilot.press("shift+tab", "down")  # the second objective: its thread is empty
        await settle(pilot)
        view = app.screen.view
        assert [table.cells for table in view.tables][1] == []


async def test_a_step_with_panes_over_three_lists_saves_each_in_its_own_list(workspace, new_steps):
    path = make_session(workspace)
    app = session_app(workspace, path)
    async with app.run_test(size=(150, 40)) as pilot:
        await settle(pilot)
        await pilot.press("g")  # the 11th step has no digit: "go to step" reaches it by name
        await pilot.press(*"room", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen) and app.screen.view.step.key == "room"

        await pilot.press("a")
        form = app.screen
        assert isinstance(form, ItemForm)
        assert form.query_one("#field-minutes", Input).value == "15"  # the model's default, shown
        assert form.query_one("#field-done", Select).value == "no"
        fill(form, title="Review the X-matrix")
        form.query_one("#field-done", Select).value = "yes"
        await pilot.press("ctrl+s")
        await settle(pilot)

        await pilot.press("tab", "a")
        form = app.screen
        assert isinstance(form, ItemForm)
        fill(form, text="Who owns the service budget?")
        await pilot.press("ctrl+s")
        await settle(pilot)

        await pilot.press("tab", "a")
        form = app.screen
        assert isinstance(form, ItemForm)
        fill(form, question="Which pilot line first?")
        await pilot.press("ctrl+s")
        await settle(pilot)

        plan = reopen(path)
        assert [(a.title, a.minutes, a.done) for a in plan.agenda] == [("Review the X-matrix", 15, True)]
        assert [p.text for p in plan.parking_lot] == ["Who owns the service budget?"]
        assert [v.question for v in plan.votes] == ["Which pilot line first?"]
        text = screen_text(app)
        assert "Agenda (1)" in text and "Parking lot (1)" in text and "Votes (1)" in text


async def test_new_steps_get_palette_entries_and_the_read_only_guard_from_the_base(workspace, new_steps):
    path = make_session(workspace)
    with SessionStore.open(path):  # another window holds the session: this one is read-only
        app = session_app(workspace, path)
        async with app.run_test(size=(150, 40), notifications=True) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, SessionScreen)
            names = [c.name for c in screen.palette_commands()]
            assert {"go: results", "go: thread", "go: room"} <= set(names)
            await pilot.press("9")
            await settle(pilot)
            names = [c.name for c in screen.palette_commands()]
            assert "edit: add monthly result" in names and "edit: delete monthly result" in names
            await screen.view.run_action("add")  # as the key would (a read-only window may hide the key)
            await settle(pilot)
            assert not isinstance(app.screen, ItemForm)
            assert any("Read-only" in toast for toast in toasts(app))
    assert reopen(path).monthly_results == []


def architecture_example() -> tuple[str, str]:
    """The example step module and its registry line, as docs/ARCHITECTURE.md gives them."""
    text = (Path(__file__).parents[2] / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    section = text[text.index("## How to add a step") :]
    blocks = section.split("```python\n")[1:3]
    module, line = (block[: block.index("```")] for block in blocks)
    return module, line.strip().rstrip(",")


async def test_the_step_in_architecture_md_is_one_module_and_one_line(workspace, tmp_path, monkeypatch):
    module, line = architecture_example()
    (tmp_path / "doc_parking.py").write_text(module)
    monkeypatch.syspath_prepend(str(tmp_path))
    step = eval(line.replace("hoshin_tui.tui.steps.parking:", "doc_parking:"), {"Step": Step})
    STEPS.append(step)
    try:
        path = make_session(workspace)
        app = session_app(workspace, path)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            key = step_key(len(STEPS) - 1)  # its digit while there are ten steps or fewer; g reaches it after
            await (pilot.press(key) if key else go(pilot, "parking"))
            await settle(pilot)
            assert isinstance(app.screen, SessionScreen) and app.screen.view.step.key == "parking"
            await pilot.press("a")
            form = app.screen
            assert isinstance(form, ItemForm)
            fill(form, text="Who signs off the budget?", raised_by="Ana")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "Who signs off the budget? Ana open" in screen_text(app)
    finally:
        STEPS.remove(step)
    assert [(p.text, p.raised_by, p.outcome) for p in reopen(path).parking_lot] == [
        ("Who signs off the budget?", "Ana", "open")
    ]
