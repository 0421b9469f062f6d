"""Running the room on screen: the global timer, the parking lot from any step, clearing the lot.

The timer runs on a fake clock given to the App (``room_clock``), so the frames are exact.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from textual.widgets import Input

from hoshin_tui.model.enums import DecisionKind, InitiativeKind, ParkingOutcome
from hoshin_tui.model.plan import AgendaItem, ParkingLotItem, Plan
from hoshin_tui.tui.dialogs.clear_lot import ClearLotDialog
from hoshin_tui.tui.dialogs.item_form import ItemForm
from hoshin_tui.tui.dialogs.prompt import PromptDialog
from hoshin_tui.tui.screens.session import SessionScreen
from hoshin_tui.tui.widgets.room_timer import RoomTimer
from tests.tui.helpers import go, make_session, reopen, screen_text, session_app, settle, tui_plan

T0 = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self) -> None:
        self.at = T0

    def __call__(self) -> datetime:
        return self.at

    def tick(self, seconds: int) -> None:
        self.at += timedelta(seconds=seconds)


def room_plan(parked: list[ParkingLotItem] | None = None) -> Plan:
    plan = tui_plan()
    plan.session_start = datetime(2027, 3, 1, 9, 0)
    plan.agenda = [
        AgendaItem(id="ag_welcome", title="Welcome and ground rules", minutes=10),
        AgendaItem(id="ag_matrix", title="Review the X-matrix", minutes=30, step="matrix"),
        AgendaItem(id="ag_vote", title="Vote on the candidates", minutes=20, day=2),
    ]
    plan.parking_lot = parked or []
    return plan


def room_app(workspace, plan: Plan | None = None, clock: FakeClock | None = None):
    path = make_session(workspace, plan=plan or room_plan())
    app = session_app(workspace, path)
    app.room_clock = clock or FakeClock()
    return app, path


def timer(app) -> RoomTimer:
    return app.screen.query_one(RoomTimer)


def timer_text(app) -> str:
    shown = timer(app)
    return f"{shown.query_one('#timer-clock').render()} {shown.query_one('#timer-line').render()}"


async def test_the_timer_warns_rings_counts_up_and_survives_steps_and_a_reopen(workspace, monkeypatch):
    clock = FakeClock()
    app, path = room_app(workspace, clock=clock)
    rang: list[int] = []
    monkeypatch.setattr(app, "bell", lambda: rang.append(1))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert not timer(app).display  # nothing runs: the bar takes no room
        await pilot.press("ctrl+t")  # from the aim step: the first item starts
        await settle(pilot)
        assert timer(app).display and "Welcome and ground rules" in timer_text(app) and "10:00 left" in timer_text(app)
        await go(pilot, "matrix")
        await settle(pilot)
        clock.tick(8 * 60)
        timer(app).tick()
        assert "02:00 left" in timer_text(app) and timer(app).has_class("-warning")
        for _ in range(2 * 60 + 192):
            clock.tick(1)
            timer(app).tick()
        assert rang == [1]  # once, at zero
        assert "+03:12 over" in timer_text(app) and timer(app).has_class("-overrun")
        await go(pilot, "strategies")
        await settle(pilot)
        assert "+03:12 over" in timer_text(app)  # the same timer on every step
        await pilot.press("f8")  # one more minute: still over, by a minute less
        await settle(pilot)
        assert "+02:12 over" in timer_text(app)
        await pilot.press("ctrl+t")  # pause: the bar goes, the time is kept
        await settle(pilot)
        assert not timer(app).display
    first = reopen(path).agenda[0]
    assert first.running_since is None and first.elapsed_seconds == 10 * 60 + 192 and first.added_minutes == 1

    clock.tick(3600)  # paused: an hour later nothing has run
    app2 = session_app(workspace, path)
    app2.room_clock = clock
    async with app2.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert "+02:12 over" in timer_text(app2)
        await pilot.press("ctrl+n")  # finish and next: the actual time is recorded
        await settle(pilot)
        assert "Review the X-matrix" in timer_text(app2) and "30:00 left" in timer_text(app2)
    done, running, _ = reopen(path).agenda
    assert done.done and done.actual_minutes == 13 and running.running_since == clock()


async def test_a_question_parked_from_three_steps_records_each_context(workspace):
    clock = FakeClock()
    app, path = room_app(workspace, clock=clock)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)

        async def park(text: str) -> None:
            await pilot.press("ctrl+l")
            await settle(pilot)
            assert isinstance(app.screen, PromptDialog)
            app.screen.query_one(Input).value = text
            await pilot.press("enter")
            await settle(pilot)

        await go(pilot, "strategies")
        await settle(pilot)
        await pilot.press("down")  # S2
        await park("Who owns the service budget? @Ana")
        await pilot.press("ctrl+t")  # the welcome runs
        await settle(pilot)
        await go(pilot, "matrix")
        await settle(pilot)
        await park("Is O2 too big for one year?")
        await go(pilot, "agenda")
        await settle(pilot)
        await pilot.press("down")  # the second agenda item
        await park("Do we vote by paper dots?")
        assert isinstance(app.screen, SessionScreen)
        assert "Parking lot (3, 3 open)" in screen_text(app)
    first, second, third = reopen(path).parking_lot
    assert (first.text, first.raised_by, first.step, first.context_item_id, first.agenda_item_id) == (
        "Who owns the service budget?",
        "Ana",
        "strategies",
        "st_service",
        None,
    )
    assert first.context == "Strategies · S2 Grow aftermarket service to 30% of revenue"
    assert (second.step, second.context_item_id, second.agenda_item_id) == ("matrix", "st_zero", "ag_welcome")
    assert second.context == "X-matrix · S1 Zero defects at the customer · during 'Welcome and ground rules'"
    assert (third.step, third.context_item_id, third.agenda_item_id) == ("agenda", "ag_matrix", "ag_welcome")
    assert first.raised_at == T0 and all(p.outcome == ParkingOutcome.OPEN for p in (first, second, third))


def five_questions() -> list[ParkingLotItem]:
    texts = ("Answered one", "Agenda one", "Initiative one", "Action one", "Dropped one")
    return [ParkingLotItem(id=f"pk_{i}", text=text, raised_by="Bo") for i, text in enumerate(texts)]


async def test_clearing_the_lot_walks_each_item_to_its_outcome(workspace):
    app, path = room_app(workspace, room_plan(five_questions()))
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(pilot)
        await go(pilot, "agenda")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ClearLotDialog) and "1 of 5" in screen_text(app)
        await pilot.press("a")  # answered: the answer is asked for
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog)
        app.screen.query_one(Input).value = "Finance holds it"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("g")  # to the agenda
        await settle(pilot)
        await pilot.press("i")  # to a new initiative: a form prefilled with the question
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ItemForm) and form.query_one("#field-title", Input).value == "Initiative one"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("t")  # an action with an owner and a due date
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ItemForm)
        form.query_one("#field-due", Input).value = "2027-03-31"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("d")  # dropped
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert "Parking lot (5, 0 open)" in screen_text(app)
    plan = reopen(path)
    answered, agenda_one, initiative_one, action_one, dropped = plan.parking_lot
    assert (answered.outcome, answered.outcome_note) == (ParkingOutcome.ANSWERED, "Finance holds it")
    assert agenda_one.outcome == ParkingOutcome.TO_AGENDA and plan.agenda[-1].id == agenda_one.outcome_id
    assert plan.agenda[-1].title == "Agenda one" and plan.agenda[-1].day == 2
    made = next(i for i in plan.initiatives if i.id == initiative_one.outcome_id)
    assert (made.title, made.kind) == ("Initiative one", InitiativeKind.STRATEGIC)
    action = next(d for d in plan.decisions if d.id == action_one.outcome_id)
    assert (action.kind, action.text, action.due) == (DecisionKind.ACTION, "Action one", date(2027, 3, 31))
    assert dropped.outcome == ParkingOutcome.DROPPED


async def test_an_initiative_made_from_the_lot_is_one_undo(workspace):
    app, path = room_app(workspace, room_plan(five_questions()[2:3]))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await go(pilot, "agenda")
        await settle(pilot)
        await pilot.press("c", "i")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(reopen(path).initiatives) == 4
        await pilot.press("ctrl+z")
        await settle(pilot)
    plan = reopen(path)
    assert len(plan.initiatives) == 3 and plan.parking_lot[0].outcome == ParkingOutcome.OPEN


async def test_a_template_and_carrying_over_are_one_change_each(workspace):
    app, path = room_app(workspace, Plan(title="Empty"))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await go(pilot, "agenda")
        await settle(pilot)
        await pilot.press("t")  # the templates, in a short palette
        await settle(pilot)
        await pilot.press(*"monthly", "enter")
        await settle(pilot)
        plan = reopen(path)
        assert len(plan.agenda) == 6 and plan.session_start is not None
        assert plan.agenda[0].title == "Open actions from last month"
        await pilot.press("b")  # the session start: the planned times follow it
        await settle(pilot)
        app.screen.query_one(Input).value = "2027-03-02 13:30"
        await pilot.press("enter")
        await settle(pilot)
        assert "13:30 Open actions from last month" in screen_text(app)
        assert "13:40 Bowling chart: the reds and yellows" in screen_text(app)
        await pilot.press("x")  # the first item done
        await settle(pilot)
        await pilot.press("n")  # the next session: the date is asked for
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog)
        app.screen.query_one(Input).value = "2027-04-06 09:00"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+z")  # one change: undone at once...
        await settle(pilot)
        assert len(reopen(path).agenda) == 6
        await pilot.press("ctrl+y")  # ...and redone
        await settle(pilot)
    plan = reopen(path)
    assert len(plan.agenda) == 5 and all(item.carried_from == date(2027, 3, 2) for item in plan.agenda)
    assert plan.session_start == datetime(2027, 4, 6, 9, 0)


SNAP_SIZES = {"80x24": (80, 24), "160x45": (160, 45)}


def _agenda_running(projector: bool):
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.screen.go_to("agenda")
        await pilot.pause()
        await pilot.press("ctrl+t")
        await settle(pilot)
        pilot.app.room_clock.tick(8 * 60 + 30)
        timer(pilot.app).tick()
        if projector:
            await pilot.press("f5")
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SNAP_SIZES)
def test_snapshot_agenda_step(snap_compare, workspace, size):
    parked = [ParkingLotItem(id="pk_1", text="Who owns the service budget?", raised_by="Ana")]
    app, _ = room_app(workspace, room_plan(parked))
    assert snap_compare(app, terminal_size=SNAP_SIZES[size], run_before=_agenda_running(False))


@pytest.mark.parametrize("size", SNAP_SIZES)
def test_snapshot_agenda_step_projector(snap_compare, workspace, size):
    parked = [ParkingLotItem(id="pk_1", text="Who owns the service budget?", raised_by="Ana")]
    app, _ = room_app(workspace, room_plan(parked))
    assert snap_compare(app, terminal_size=SNAP_SIZES[size], run_before=_agenda_running(True))
