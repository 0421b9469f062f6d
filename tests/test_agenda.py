"""The agenda and its timer, without a screen: a fake clock, a plan, and what the room reads."""

from datetime import UTC, date, datetime, timedelta

from hoshin_tui.core import agenda
from hoshin_tui.core.actions import action_findings
from hoshin_tui.core.health import check_plan
from hoshin_tui.model.enums import AgendaKind, DecisionKind, DecisionStatus
from hoshin_tui.model.plan import AgendaItem, Decision, Person, Plan

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, at: datetime = T0) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def tick(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


def room_plan() -> Plan:
    return Plan(
        session_start=datetime(2026, 3, 2, 9, 0),
        agenda=[
            AgendaItem(id="ag_1", title="Welcome", minutes=10),
            AgendaItem(id="ag_2", title="Review", minutes=30, kind=AgendaKind.REVIEW),
            AgendaItem(id="ag_3", title="Vote", minutes=20, kind=AgendaKind.VOTE),
            AgendaItem(id="ag_4", title="Day 2 recap", minutes=15, day=2),
        ],
    )


def saved(plan: Plan, items: list[AgendaItem]) -> Plan:
    """``plan`` with ``items`` saved over their old versions, as the store would give it back."""
    changed = {item.id: item for item in items}
    return plan.model_copy(update={"agenda": [changed.get(item.id, item) for item in plan.agenda]})


def test_the_timer_warns_at_two_minutes_rings_once_at_zero_then_counts_up():
    clock, plan = FakeClock(), room_plan()
    assert agenda.read_timer(plan, clock()) is None  # nothing on the timer: the bar hides
    plan = saved(plan, agenda.start_or_pause(plan, clock()))
    reading = agenda.read_timer(plan, clock())
    assert reading and (reading.title, reading.clock_text, reading.state) == ("Welcome", "10:00", "running")
    clock.tick(7 * 60 + 59)
    assert agenda.read_timer(plan, clock()).state == "running"
    clock.tick(1)
    before = agenda.read_timer(plan, clock())
    assert (before.clock_text, before.state) == ("02:00", "warning")
    rang = []
    for _ in range(5 * 60 + 12):
        clock.tick(1)
        after = agenda.read_timer(plan, clock())
        rang.append(agenda.rings(before, after))
        before = after
    assert rang.count(True) == 1 and rang.index(True) == 119  # the tick that reached 00:00
    assert (before.clock_text, before.state) == ("+03:12", "overrun")


def test_pause_stops_the_clock_and_start_goes_on_from_there():
    clock, plan = FakeClock(), room_plan()
    plan = saved(plan, agenda.start_or_pause(plan, clock()))
    clock.tick(90)
    plan = saved(plan, agenda.start_or_pause(plan, clock()))
    assert plan.agenda[0].running_since is None and plan.agenda[0].elapsed_seconds == 90
    clock.tick(600)
    paused = agenda.read_timer(plan, clock())
    assert (paused.clock_text, paused.state) == ("08:30", "paused")
    plan = saved(plan, agenda.start_or_pause(plan, clock()))
    clock.tick(30)
    assert agenda.read_timer(plan, clock()).clock_text == "08:00"


def test_finish_and_next_records_the_actual_time_and_starts_the_next_item():
    clock, plan = FakeClock(), room_plan()
    plan = saved(plan, agenda.start_or_pause(plan, clock()))
    clock.tick(12 * 60 + 20)
    plan = saved(plan, agenda.finish_and_next(plan, clock()))
    first, second = plan.agenda[:2]
    assert first.done and first.elapsed_seconds == 740 and first.actual_minutes == 12 and first.ended_at == clock()
    assert second.running_since == clock() and agenda.read_timer(plan, clock()).title == "Review"


def test_plus_and_minus_a_minute_change_the_timebox_not_the_plan():
    clock, plan = FakeClock(), room_plan()
    plan = saved(plan, agenda.start_or_pause(plan, clock()))
    plan = saved(plan, agenda.add_minutes(plan, 1))
    plan = saved(plan, agenda.add_minutes(plan, 1))
    plan = saved(plan, agenda.add_minutes(plan, -1))
    assert agenda.read_timer(plan, clock()).clock_text == "11:00" and plan.agenda[0].minutes == 10
    for _ in range(20):
        plan = saved(plan, agenda.add_minutes(plan, -1))
    assert plan.agenda[0].allowed_minutes == 0 and agenda.read_timer(plan, clock()).state == "overrun"


def test_the_timer_is_read_from_the_plan_so_a_reopen_or_step_change_keeps_it():
    clock, plan = FakeClock(), room_plan()
    plan = saved(plan, agenda.start_or_pause(plan, clock()))
    clock.tick(300)
    reopened = Plan.model_validate_json(plan.model_dump_json())
    assert agenda.read_timer(reopened, clock()).clock_text == "05:00"


def test_starting_another_item_pauses_the_running_one():
    clock, plan = FakeClock(), room_plan()
    plan = saved(plan, agenda.start_or_pause(plan, clock()))
    clock.tick(60)
    plan = saved(plan, agenda.start_or_pause(plan, clock(), "ag_3"))
    assert [item.running_since is not None for item in plan.agenda] == [False, False, True, False]
    assert plan.agenda[0].elapsed_seconds == 60 and agenda.current_item(plan).id == "ag_3"


def test_planned_times_follow_the_session_start_and_each_day_starts_again():
    slots = agenda.schedule(room_plan())
    assert [(s.start.strftime("%d %H:%M"), s.end.strftime("%H:%M")) for s in slots] == [
        ("02 09:00", "09:10"),
        ("02 09:10", "09:40"),
        ("02 09:40", "10:00"),
        ("03 09:00", "09:15"),
    ]


def test_the_forecast_follows_the_actual_pace():
    clock, plan = FakeClock(), room_plan()
    assert agenda.forecast(plan, clock()).text == "Day 1: at this pace we finish 10:00, on time"
    plan = saved(plan, agenda.start_or_pause(plan, clock()))
    clock.tick(25 * 60)  # the welcome took 25 minutes, not 10
    plan = saved(plan, agenda.finish_and_next(plan, clock()))
    clock.tick(40 * 60)  # the review is 10 minutes over and still running
    found = agenda.forecast(plan, clock())
    assert found.text == "Day 1: at this pace we finish 10:25, +25 min" and found.late_minutes == 25


def test_templates_have_sensible_timeboxes():
    offsite = agenda.TEMPLATES_BY_KEY["offsite"]
    assert offsite.days == 2
    for template in agenda.TEMPLATES:
        items = agenda.template_items(template)
        per_day = {day: sum(i.minutes for i in items if i.day == day) for day in {i.day for i in items}}
        assert all(60 <= minutes <= 8 * 60 for minutes in per_day.values()), (template.key, per_day)
        assert all(1 <= i.minutes <= 120 for i in items)
    assert agenda.TEMPLATES_BY_KEY["monthly"].items[0].title.startswith("Open actions")


def test_carry_over_keeps_what_was_not_reached_marked_with_the_date_it_missed():
    clock, plan = FakeClock(), room_plan()
    plan = saved(plan, agenda.start_or_pause(plan, clock()))
    plan = saved(plan, agenda.finish_and_next(plan, clock()))
    gone, kept = agenda.carry_over(plan)
    assert [item.id for item in gone] == ["ag_1"]
    assert [(i.id, i.day, i.carried_from, i.started_at, i.elapsed_seconds) for i in kept] == [
        ("ag_2", 1, date(2026, 3, 2), None, 0),
        ("ag_3", 1, date(2026, 3, 2), None, 0),
        ("ag_4", 1, date(2026, 3, 2), None, 0),
    ]
    assert agenda.carried_label(kept[0]) == "carried from 2026-03-02"


def test_open_and_overdue_actions_show_in_the_health_panel():
    ana = Person(id="pe_ana", name="Ana")
    plan = Plan(
        people=[ana],
        decisions=[
            Decision(id="de_1", text="Fund two technicians"),
            Decision(id="de_2", text="Ask legal", kind=DecisionKind.ACTION, owner_id=ana.id, due=date(2026, 3, 1)),
            Decision(id="de_3", text="Book the room", kind=DecisionKind.ACTION, due=date(2026, 4, 1)),
            Decision(id="de_4", text="Done one", kind=DecisionKind.ACTION, status=DecisionStatus.DONE),
        ],
    )
    found = action_findings(plan, date(2026, 3, 11))
    assert [(f.severity, f.item_id, f.message) for f in found] == [
        ("warning", "de_2", "Action 'Ask legal' (Ana) is 10 days overdue"),
        ("info", "de_3", "Open action 'Book the room' (nobody, due 2026-04-01)"),
    ]
    assert {f.item_id for f in check_plan(plan)} >= {"de_2", "de_3"}
