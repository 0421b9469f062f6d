"""The agenda of a session and its one timer, without a screen.

The timer's state is stored on the agenda items (see :class:`~hoshin_tui.model.plan.AgendaItem`),
so what is read here from a plan and a clock is what any window shows, after any step
change or reopen. Every edit returns the changed items; the caller saves them as one change.
Time comes from a ``Clock`` passed in, so tests and snapshots run on a fake one.

Planned times follow the session start: day 1 starts at ``Plan.session_start``, each later
day at the same time of day. The forecast end of the day follows the pace so far: items done
count what they took, the item on the timer what it has taken (at least its timebox), the
rest what is planned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from hoshin_tui.model.enums import AgendaKind
from hoshin_tui.model.plan import AgendaItem, Plan

Clock = Callable[[], datetime]

WARN_SECONDS = 2 * 60  # "two minutes left": the timer turns amber
DEFAULT_START = time(9, 0)


def system_clock() -> datetime:
    """The real clock, in UTC (what the timer stores)."""
    return datetime.now(UTC).replace(microsecond=0)


# --- reading the timer ------------------------------------------------------------------------


def current_item(plan: Plan) -> AgendaItem | None:
    """The item on the timer: the one running, else one started and not finished (paused)."""
    running = next((item for item in plan.agenda if item.running_since is not None and not item.done), None)
    return running or next((item for item in plan.agenda if item.started_at is not None and not item.done), None)


def next_item(plan: Plan, after: AgendaItem | None = None) -> AgendaItem | None:
    """The first item not done after ``after`` (from the top when None), wrapping to earlier ones."""
    items = plan.agenda
    start = next((i + 1 for i, item in enumerate(items) if after is not None and item.id == after.id), 0)
    order = items[start:] + items[:start]
    return next((item for item in order if not item.done and (after is None or item.id != after.id)), None)


def seconds_run(item: AgendaItem, now: datetime) -> int:
    """Time on the timer so far, the live stretch included."""
    live = 0
    if item.running_since is not None:
        since = item.running_since if item.running_since.tzinfo else item.running_since.replace(tzinfo=UTC)
        live = max(0, int((now - since).total_seconds()))
    return item.elapsed_seconds + live


@dataclass(frozen=True)
class TimerReading:
    """What the timer shows for one item at one moment."""

    item_id: str
    title: str
    running: bool
    elapsed: int  # seconds run
    allowed: int  # seconds in the timebox (planned plus added)
    position: int  # 1-based place in the agenda
    count: int

    @property
    def remaining(self) -> int:
        return self.allowed - self.elapsed

    @property
    def state(self) -> str:
        """``overrun`` past zero, ``warning`` in the last two minutes, else ``running`` or ``paused``."""
        if self.remaining <= 0:
            return "overrun"
        if self.remaining <= WARN_SECONDS:
            return "warning"
        return "running" if self.running else "paused"

    @property
    def clock_text(self) -> str:
        """``12:34`` left, then ``+03:12`` over; hours when it comes to that."""
        return clock_text(self.remaining)


def clock_text(remaining: int) -> str:
    sign = "+" if remaining < 0 else ""
    minutes, seconds = divmod(abs(remaining), 60)
    return f"{sign}{minutes:02d}:{seconds:02d}"


def read_timer(plan: Plan, now: datetime) -> TimerReading | None:
    """The timer now, or None when no agenda item is on it (the timer bar then hides)."""
    item = current_item(plan)
    if item is None:
        return None
    position = next(i for i, found in enumerate(plan.agenda) if found.id == item.id) + 1
    return TimerReading(
        item_id=item.id,
        title=item.title,
        running=item.running_since is not None,
        elapsed=seconds_run(item, now),
        allowed=item.allowed_minutes * 60,
        position=position,
        count=len(plan.agenda),
    )


def rings(before: TimerReading | None, after: TimerReading | None) -> bool:
    """True when the timebox ran out between two readings of the same item: ring the bell once."""
    return (
        before is not None
        and after is not None
        and before.item_id == after.item_id
        and before.remaining > 0 >= after.remaining
    )


# --- working the timer: each returns the items to save, as one change ----------------------------


def _paused(item: AgendaItem, now: datetime) -> AgendaItem:
    if item.running_since is None:
        return item
    return item.model_copy(update={"elapsed_seconds": seconds_run(item, now), "running_since": None})


def _started(item: AgendaItem, now: datetime) -> AgendaItem:
    return item.model_copy(update={"started_at": item.started_at or now, "running_since": now})


def start_or_pause(plan: Plan, now: datetime, item_id: str | None = None) -> list[AgendaItem]:
    """Pause the running item; or start ``item_id`` (the current or first open item when None).

    Starting an item while another runs pauses that one: one timer, one item at a time.
    """
    current = current_item(plan)
    if item_id is None and current is not None and current.running_since is not None:
        return [_paused(current, now)]
    target = next((i for i in plan.agenda if i.id == item_id), None) if item_id else current or next_item(plan)
    if target is None or target.done:
        return []
    if target.running_since is not None:
        return [_paused(target, now)]
    changed = [_paused(i, now) for i in plan.agenda if i.running_since is not None and i.id != target.id]
    return [*changed, _started(target, now)]


def finish_and_next(plan: Plan, now: datetime) -> list[AgendaItem]:
    """Finish the current item (its actual time recorded) and start the next one not done."""
    current = current_item(plan)
    if current is None:
        upcoming = next_item(plan)
        return [_started(upcoming, now)] if upcoming else []
    finished = _paused(current, now).model_copy(update={"done": True, "ended_at": now})
    upcoming = next_item(plan, current)
    return [finished, *([_started(upcoming, now)] if upcoming else [])]


def add_minutes(plan: Plan, minutes: int) -> list[AgendaItem]:
    """Give the current item ``minutes`` more (fewer when negative); its timebox never goes below zero."""
    current = current_item(plan)
    if current is None:
        return []
    added = max(current.added_minutes + minutes, -current.minutes)
    if added == current.added_minutes:
        return []
    return [current.model_copy(update={"added_minutes": added})]


def mark_done(item: AgendaItem, now: datetime, done: bool = True) -> AgendaItem:
    """Done by hand (reached without the timer), or open again."""
    if done:
        return _paused(item, now).model_copy(update={"done": True, "ended_at": item.ended_at or now})
    return item.model_copy(update={"done": False, "ended_at": None})


# --- the schedule -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """When an item is planned: its day and its planned start and end."""

    item_id: str
    day: int
    start: datetime
    end: datetime


def day_start(plan: Plan, day: int, today: date | None = None) -> datetime:
    """When ``day`` of the session begins: the session start, ``day - 1`` days on."""
    first = plan.session_start or datetime.combine(today or date.today(), DEFAULT_START)
    return first + timedelta(days=day - 1)


def schedule(plan: Plan, today: date | None = None) -> list[Slot]:
    """The planned start and end of every item, in agenda order, each day from its own start."""
    slots: list[Slot] = []
    ends: dict[int, datetime] = {}
    for item in plan.agenda:
        start = ends.get(item.day) or day_start(plan, item.day, today)
        end = start + timedelta(minutes=item.minutes)
        ends[item.day] = end
        slots.append(Slot(item.id, item.day, start, end))
    return slots


@dataclass(frozen=True)
class Forecast:
    """The end of a day at the pace so far, against the plan."""

    day: int
    planned_end: datetime
    forecast_end: datetime

    @property
    def late_minutes(self) -> int:
        return round((self.forecast_end - self.planned_end).total_seconds() / 60)

    @property
    def pace_text(self) -> str:
        """ "at this pace we finish 16:40, +25 min"."""
        late = self.late_minutes
        drift = "on time" if late == 0 else f"{late:+d} min"
        return f"at this pace we finish {self.forecast_end:%H:%M}, {drift}"

    @property
    def text(self) -> str:
        """ "Day 2: at this pace we finish 16:40, +25 min"."""
        return f"Day {self.day}: {self.pace_text}"


def forecast(plan: Plan, now: datetime, today: date | None = None) -> Forecast | None:
    """The forecast end of the day the room is on (the current item's, else the first open item's)."""
    if not plan.agenda:
        return None
    current = current_item(plan) or next_item(plan)
    day = current.day if current else plan.agenda[-1].day
    items = [item for item in plan.agenda if item.day == day]
    start = day_start(plan, day, today)
    planned = sum(item.minutes for item in items)
    taken = 0.0
    for item in items:
        if item.done:
            taken += seconds_run(item, now) / 60 if item.started_at else item.minutes
        elif current is not None and item.id == current.id:
            taken += max(seconds_run(item, now) / 60, item.allowed_minutes)
        else:
            taken += item.minutes
    return Forecast(day, start + timedelta(minutes=planned), start + timedelta(minutes=round(taken)))


# --- templates and carrying over ---------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateItem:
    title: str
    minutes: int
    kind: AgendaKind = AgendaKind.DISCUSSION
    step: str = ""
    day: int = 1


@dataclass(frozen=True)
class Template:
    key: str
    title: str
    items: tuple[TemplateItem, ...]

    @property
    def days(self) -> int:
        return max(item.day for item in self.items)


D, DEC, VOTE, BREAK, REVIEW = (
    AgendaKind.DISCUSSION,
    AgendaKind.DECISION,
    AgendaKind.VOTE,
    AgendaKind.BREAK,
    AgendaKind.REVIEW,
)

TEMPLATES: tuple[Template, ...] = (
    Template(
        "offsite",
        "Two-day strategy off-site",
        (
            TemplateItem("Welcome, purpose and ground rules", 20, D, "aim"),
            TemplateItem("Last year in review: bowling charts and lessons", 60, REVIEW),
            TemplateItem("Break", 15, BREAK),
            TemplateItem("Aim of the system: check and refresh", 45, D, "aim"),
            TemplateItem("Breakthrough objectives for the next 3-5 years", 90, DEC, "strategies"),
            TemplateItem("Lunch", 60, BREAK),
            TemplateItem("Annual objectives: catchball with department leaders", 105, D, "objectives"),
            TemplateItem("Break", 15, BREAK),
            TemplateItem("Day 1 wrap-up: parking lot and open questions", 20, D),
            TemplateItem("Day 2: recap of day 1", 15, D, day=2),
            TemplateItem("Improvement candidates: dot vote", 60, VOTE, "initiatives", day=2),
            TemplateItem("Strategic initiatives and operational improvements", 75, D, "initiatives", day=2),
            TemplateItem("Break", 15, BREAK, day=2),
            TemplateItem("Measures: baselines, targets and owners", 75, D, "measures", day=2),
            TemplateItem("Lunch", 45, BREAK, day=2),
            TemplateItem("X-matrix: trace the links, find the orphans", 60, REVIEW, "matrix", day=2),
            TemplateItem("People and capacity: who carries too much?", 45, D, "people", day=2),
            TemplateItem("A3 owners and the review cadence", 45, DEC, "a3", day=2),
            TemplateItem("Clear the parking lot; decisions, next steps and close", 30, DEC, day=2),
        ),
    ),
    Template(
        "monthly",
        "Monthly review",
        (
            TemplateItem("Open actions from last month", 10, REVIEW),
            TemplateItem("Bowling chart: the reds and yellows", 30, REVIEW, "measures"),
            TemplateItem("Countermeasures for the reds", 25, D, "measures"),
            TemplateItem("Strategic initiatives: status and help needed", 20, REVIEW, "initiatives"),
            TemplateItem("Decisions needed", 15, DEC),
            TemplateItem("Clear the parking lot; actions and close", 10, DEC),
        ),
    ),
    Template(
        "quarterly",
        "Quarterly review",
        (
            TemplateItem("Open actions and last quarter's decisions", 15, REVIEW),
            TemplateItem("Quarter results against targets", 45, REVIEW, "measures"),
            TemplateItem("Break", 10, BREAK),
            TemplateItem("X-matrix alignment check: orphans and gaps", 40, REVIEW, "matrix"),
            TemplateItem("A3 status reports", 45, REVIEW, "a3"),
            TemplateItem("Adjust: stop, start or re-scope initiatives", 30, DEC, "initiatives"),
            TemplateItem("People load for next quarter", 20, D, "people"),
            TemplateItem("Clear the parking lot; decisions and close", 15, DEC),
        ),
    ),
)

TEMPLATES_BY_KEY: dict[str, Template] = {template.key: template for template in TEMPLATES}


def template_items(template: Template, after_day: int = 0) -> list[AgendaItem]:
    """New agenda items from ``template``; its days follow ``after_day`` (0 for a fresh agenda)."""
    return [
        AgendaItem(title=item.title, minutes=item.minutes, kind=item.kind, step=item.step, day=item.day + after_day)
        for item in template.items
    ]


def not_reached(items: Iterable[AgendaItem]) -> list[AgendaItem]:
    return [item for item in items if not item.done]


def carry_over(plan: Plan, today: date | None = None) -> tuple[list[AgendaItem], list[AgendaItem]]:
    """Make way for the next session: ``(to_delete, to_save)``; the caller sets its start.

    Items done go (the session record and the undo history keep them); items not reached stay,
    on day 1, marked "carried from" the date of the session they missed, with their timer reset.
    """
    session_date = (plan.session_start or datetime.combine(today or date.today(), DEFAULT_START)).date()
    gone = [item for item in plan.agenda if item.done]
    kept = [
        item.model_copy(
            update={
                "day": 1,
                "carried_from": item.carried_from or session_date,
                "started_at": None,
                "running_since": None,
                "ended_at": None,
                "elapsed_seconds": 0,
                "added_minutes": 0,
            }
        )
        for item in not_reached(plan.agenda)
    ]
    return gone, kept


def carried_label(item: AgendaItem) -> str:
    return f"carried from {item.carried_from.isoformat()}" if item.carried_from else ""
