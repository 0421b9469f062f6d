"""Start every A3 pre-filled from the plan, and estimate how full each box will be on paper.

The room edits a pre-filled A3 rather than retyping what the plan already says. The
geometry of the printed sheet (page, header band, columns, box heights in mm, font
sizes) lives here, in one place: the PDF template reads it, and :func:`box_fill` uses
it to tell the facilitator before printing which boxes will shrink or spill onto a
continuation page. Core module: no textual, no weasyprint; the estimate runs in
microseconds so the TUI can show it on every keystroke.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar

from hoshin_tui.core.review.status import status_colour
from hoshin_tui.model.a3_layout import LAYOUTS, Box, layout
from hoshin_tui.model.enums import A3Kind, Corner, Direction, Role, StatusColour
from hoshin_tui.model.plan import (
    A3,
    A3Section,
    FollowUpRow,
    Initiative,
    Measure,
    Plan,
    PlanRow,
    Strategy,
)

# --- the printed sheet, in mm and pt (read by hoshin_tui/export/templates/a3.html.j2) -----------------------


@dataclass(frozen=True)
class SheetGeometry:
    """ISO A3 landscape, a header band and two columns of fixed-height boxes."""

    page_w: float = 420.0
    page_h: float = 297.0
    margin: float = 10.0  # top, left, right
    margin_bottom: float = 12.0  # room for the footer
    header_h: float = 24.0
    header_gap: float = 4.0
    column_gap: float = 6.0
    box_gap: float = 3.0
    box_border: float = 0.35
    box_heading_h: float = 7.0  # the title bar of a box
    box_pad_x: float = 2.5
    box_pad_y: float = 1.8
    base_pt: float = 11.0  # body text at full size
    floor_pt: float = 7.0  # never smaller than this
    step_pt: float = 0.5
    line_height: float = 1.3  # in em
    table_em: float = 0.95  # table text relative to the box text
    cell_pad_y: float = 0.8  # mm, top and bottom of a table cell
    cell_pad_x: float = 1.2
    rule_mm: float = 0.2  # the line under each table row (0.3 under the heading row)

    @property
    def column_w(self) -> float:
        return (self.page_w - 2 * self.margin - self.column_gap) / 2

    @property
    def column_h(self) -> float:
        return self.page_h - self.margin - self.margin_bottom - self.header_h - self.header_gap

    @property
    def body_w(self) -> float:
        return self.column_w - 2 * self.box_border - 2 * self.box_pad_x

    def body_h(self, box_h: float) -> float:
        return box_h - 2 * self.box_border - self.box_heading_h - 2 * self.box_pad_y

    def sizes(self) -> list[float]:
        """Font sizes to try, largest first, down to the floor."""
        steps = round((self.base_pt - self.floor_pt) / self.step_pt)
        return [self.base_pt - i * self.step_pt for i in range(steps + 1)]


GEOMETRY = SheetGeometry()

BOX_HEIGHTS_MM: dict[A3Kind, dict[str, float]] = {
    # each column's boxes plus the gaps between them fill GEOMETRY.column_h (247 mm), and every edge
    # between two boxes of the right column meets one of the left column: the rows line up across the sheet
    A3Kind.PROBLEM_SOLVING: {
        "background": 70,
        "current": 57,
        "goal": 40,
        "analysis": 71,
        "countermeasures": 70,  # beside background
        "plan": 100,  # beside current condition and goal
        "followup": 71,  # beside root-cause analysis
    },
    A3Kind.STRATEGY: {
        "background": 71,
        "metrics": 95,
        "results": 75,
        "analysis": 71,
        "plan": 95,
        "risks": 75,
    },
    A3Kind.STATUS: {
        "headline": 71,
        "metrics": 95,
        "activities": 75,
        "issues": 71,
        "plan": 95,
        "support": 75,
    },
}

TABLE_COLUMNS: dict[str, tuple[tuple[str, str, float], ...]] = {
    # (field, heading, share of the table width)
    "plan_rows": (("who", "Who", 0.2), ("what", "What", 0.5), ("when", "When", 0.17), ("status", "Status", 0.13)),
    "followup_rows": (("item", "Item", 0.5), ("plan", "Plan", 0.25), ("actual", "Actual", 0.25)),
}

PT_TO_MM = 25.4 / 72
AVERAGE_CHAR_EM = 0.475  # Noto Sans over English prose (measured 0.473 em)
WRAP_WASTE = 0.98  # share of a line that word wrapping fills on average (measured against WeasyPrint)


def box_height(kind: A3Kind, key: str) -> float:
    return BOX_HEIGHTS_MM[kind][key]


# --- how full a box will be -------------------------------------------------------------------------------


def _lines(text: str, chars_per_line: float) -> int:
    """Lines ``text`` wraps to; every paragraph (and an empty one) takes at least one line."""
    if not text:
        return 0
    return sum(max(1, math.ceil(len(paragraph) / chars_per_line)) for paragraph in text.split("\n"))


def _chars_per_line(width_mm: float, size_pt: float) -> float:
    return max(1.0, width_mm * WRAP_WASTE / (AVERAGE_CHAR_EM * size_pt * PT_TO_MM))


def _units(a3: A3, box: Box, size_pt: float, geometry: SheetGeometry) -> list[tuple[int, float]]:
    """The box's content as (length, height in mm) units: paragraphs (length in characters) or table rows.

    A table's heading row comes first, with length 0.
    """
    if box.content == "text":
        per_line = _chars_per_line(geometry.body_w, size_pt)
        line = size_pt * PT_TO_MM * geometry.line_height
        body = section_body(a3, box.key)
        return [(len(p) + 1, _lines(p or " ", per_line) * line) for p in body.split("\n")] if body else []
    size = size_pt * geometry.table_em
    line = size * PT_TO_MM * geometry.line_height
    columns = TABLE_COLUMNS[box.content]
    units = [(0, line + 2 * geometry.cell_pad_y + 0.3)]
    for row in getattr(a3, box.content):
        values = row.model_dump()
        tallest = max(
            _lines(str(values[name]) or " ", _chars_per_line(geometry.body_w * share - 2 * geometry.cell_pad_x, size))
            for name, _, share in columns
        )
        units.append((1, tallest * line + 2 * geometry.cell_pad_y + geometry.rule_mm))
    return units


def content_height(a3: A3, box: Box, size_pt: float, geometry: SheetGeometry = GEOMETRY) -> float:
    """Estimated height in mm of ``box``'s content at ``size_pt``."""
    return sum(height for _, height in _units(a3, box, size_pt, geometry))


def capacity(a3: A3, box: Box, size_pt: float, slack: float = 1.0) -> int:
    """About how much of ``box`` fits at ``size_pt`` (times ``slack``): characters of text, or table rows."""
    room = GEOMETRY.body_h(box_height(a3.kind, box.key)) * slack
    used = 0.0
    amount = 0
    per_line = _chars_per_line(GEOMETRY.body_w, size_pt)
    line = size_pt * PT_TO_MM * GEOMETRY.line_height
    for length, height in _units(a3, box, size_pt, GEOMETRY):
        if used + height > room:
            if box.content == "text":  # part of a paragraph: whole lines of it
                amount += int((room - used) / line * per_line)
            return amount
        used += height
        amount += length
    return amount


def box_fill(a3: A3, box: Box, size_pt: float | None = None) -> float:
    """How full ``box`` will be on paper at ``size_pt`` (the base size if None): 1.2 means 120%."""
    size = GEOMETRY.base_pt if size_pt is None else size_pt
    return content_height(a3, box, size) / GEOMETRY.body_h(box_height(a3.kind, box.key))


def starting_size(a3: A3, box: Box) -> float:
    """The largest font size at which the estimate says ``box`` fits (the floor if none does)."""
    sizes = GEOMETRY.sizes()
    return next((size for size in sizes if box_fill(a3, box, size) <= 1.0), sizes[-1])


def fill_report(a3: A3) -> list[tuple[Box, float, str]]:
    """Every box of ``a3`` with its fill ratio and a message ("Background 120%: will shrink")."""
    report = []
    for box in layout(a3.kind):
        ratio = box_fill(a3, box)
        percent = f"{box.heading} {round(ratio * 100)}%"
        if ratio <= 1.0:
            message = percent
        elif box_fill(a3, box, GEOMETRY.floor_pt) <= 1.0:
            message = f"{percent}: will shrink"
        else:
            message = f"{percent}: will continue on a second page"
        report.append((box, ratio, message))
    return report


def section_body(a3: A3, key: str) -> str:
    """The text of box ``key`` as it prints: trailing blank lines take no room on paper."""
    return next((section.body.rstrip() for section in a3.sections if section.key == key), "")


# --- pre-fill ------------------------------------------------------------------------------------------------

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_STATUS_WORDS = {"not_started": "not started", "on_track": "on track", "at_risk": "at risk", "off_track": "off track"}


def _month(day: date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.year}"


def _month_key(key: str) -> str:
    """ "2027-03" -> "Mar 2027"."""
    year, month = key.split("-")
    return f"{_MONTHS[int(month) - 1]} {year}"


def _when(initiative: Initiative) -> str:
    if initiative.start and initiative.due:
        return f"{_month(initiative.start)} – {_month(initiative.due)}"
    if initiative.due:
        return f"by {_month(initiative.due)}"
    return f"from {_month(initiative.start)}" if initiative.start else ""


def _amount(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    number = f"{value:g}"
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_Item = TypeVar("_Item", bound=_HasId)


def _by_ids(items: list[_Item], ids: list[str] | set[str]) -> list[_Item]:
    """``items`` whose id is in ``ids``, in the plan's order."""
    wanted = set(ids)
    return [item for item in items if item.id in wanted]


def _strategy_initiatives(plan: Plan, strategy: Strategy) -> list[Initiative]:
    objectives = plan.linked(Corner.STRATEGY_OBJECTIVE, row_id=strategy.id)
    ids = {i for o in objectives for i in plan.linked(Corner.OBJECTIVE_INITIATIVE, row_id=o)}
    return _by_ids(plan.initiatives, ids)


def _initiative_measures(plan: Plan, initiatives: list[Initiative]) -> set[str]:
    return {m for i in initiatives for m in plan.linked(Corner.INITIATIVE_MEASURE, row_id=i.id)}


def _strategy_measures(plan: Plan, strategy: Strategy, initiatives: list[Initiative]) -> list[Measure]:
    """Measures the SE grid ties to the strategy, then those its initiatives move."""
    ids = set(plan.linked(Corner.MEASURE_STRATEGY, col_id=strategy.id)) | _initiative_measures(plan, initiatives)
    return _by_ids(plan.measures, ids)


def _latest(plan: Plan, measure: Measure) -> tuple[str, str, str, str]:
    """(month, plan, actual, rating) of the latest month with an actual; blanks when none."""
    results = [r for r in plan.results_for(measure.id) if r.actual is not None]
    if not results:
        return "", "", "", ""
    last = results[-1]
    colour = status_colour(measure, last)
    rating = colour.value if isinstance(colour, StatusColour) else ""
    planned = _amount(last.plan, measure.unit) if last.plan is not None else ""
    return _month_key(last.month), planned, _amount(last.actual, measure.unit), rating


def _measure_row(plan: Plan, measure: Measure) -> FollowUpRow:
    month, _, actual, rating = _latest(plan, measure)
    item = measure.name
    if measure.baseline is not None:
        item += f" (baseline {_amount(measure.baseline, measure.unit)})"
    shown = f"{actual} in {month}" if actual else "no actual yet"
    if rating:
        shown += f" ({rating})"
    return FollowUpRow(item=item, plan=_amount(measure.target, measure.unit), actual=shown)


def _plan_row(plan: Plan, initiative: Initiative) -> PlanRow:
    return PlanRow(
        who=plan.person_name(initiative.owner_id),
        what=initiative.title,
        when=_when(initiative),
        status=_STATUS_WORDS.get(initiative.status.value, initiative.status.value),
    )


def _mentor(plan: Plan, owner_id: str | None, preferred: str | None = None) -> str | None:
    """The preferred coach if there is one, else an executive who is not the owner."""
    if preferred and preferred != owner_id:
        return preferred
    return next((p.id for p in plan.people if p.role == Role.EXECUTIVE and p.id != owner_id), None)


def _sections(kind: A3Kind, bodies: dict[str, str]) -> list[A3Section]:
    return [
        A3Section(key=box.key, heading=box.heading, body=bodies.get(box.key, ""))
        for box in LAYOUTS[kind]
        if box.content == "text"
    ]


def _result_line(plan: Plan, measure: Measure) -> str:
    month, planned, actual, rating = _latest(plan, measure)
    target = _amount(measure.target, measure.unit)
    if not actual:
        return f"{measure.name}: target {target}; no actual yet"
    against = f" against a plan of {planned}" if planned else ""
    line = f"{measure.name}: {actual} in {month}{against}; target {target}"
    return f"{line}. Rating: {rating}" if rating else line


def _strategy_a3(plan: Plan, strategy: Strategy, today: date) -> A3:
    initiatives = _strategy_initiatives(plan, strategy)
    measures = _strategy_measures(plan, strategy, initiatives)
    objectives = _by_ids(plan.objectives, plan.linked(Corner.STRATEGY_OBJECTIVE, row_id=strategy.id))
    background = [strategy.description.strip()] if strategy.description.strip() else []
    if strategy.horizon:
        background.append(f"Horizon: {strategy.horizon}.")
    if objectives:
        background.append("This year's objectives:")
        background += [
            f"• {o.title}" + (f" ({plan.person_name(o.owner_id)})" if o.owner_id else "") for o in objectives
        ]
    bodies = {
        "background": "\n".join(background),
        "results": "\n".join(_result_line(plan, m) for m in measures),
    }
    return A3(
        kind=A3Kind.STRATEGY,
        subject_id=strategy.id,
        title=f"Strategy A3: {strategy.title}",
        owner_id=strategy.leader_id,
        mentor_id=_mentor(plan, strategy.leader_id),
        revised=today,
        version="1",
        sections=_sections(A3Kind.STRATEGY, bodies),
        plan_rows=[_plan_row(plan, i) for i in initiatives],
        followup_rows=[_measure_row(plan, m) for m in measures],
    )


def _served_strategies(plan: Plan, initiative: Initiative) -> list[Strategy]:
    objectives = plan.linked(Corner.OBJECTIVE_INITIATIVE, col_id=initiative.id)
    ids = {s for o in objectives for s in plan.linked(Corner.STRATEGY_OBJECTIVE, col_id=o)}
    return _by_ids(plan.strategies, ids)


def _split_items(text: str) -> list[str]:
    """Deliverables typed one per line (or separated by semicolons), without bullets."""
    parts = [p.strip().lstrip("•-*– ").strip().rstrip(".") for line in text.splitlines() for p in line.split(";")]
    return [p[0].upper() + p[1:] for p in parts if p]


def _problem_solving_a3(plan: Plan, initiative: Initiative, today: date) -> A3:
    measures = _by_ids(plan.measures, plan.linked(Corner.INITIATIVE_MEASURE, row_id=initiative.id))
    objectives = _by_ids(plan.objectives, plan.linked(Corner.OBJECTIVE_INITIATIVE, col_id=initiative.id))
    strategies = _served_strategies(plan, initiative)
    kind = "A strategic initiative" if initiative.kind.value == "strategic" else "An operational improvement"
    background = [f"{kind}."]
    background += [f"Serves the objective: {o.title}" for o in objectives]
    background += [f"Part of the strategy: {s.title}" for s in strategies]
    current = []
    goal = []
    for m in measures:
        month, _, actual, _ = _latest(plan, m)
        now = f"{actual} in {month}" if actual else "no actual yet"
        current.append(f"{m.name}: baseline {_amount(m.baseline, m.unit)}; latest {now}")
        way = "down" if m.direction == Direction.LOWER else "up"
        by = f" by {_month(initiative.due)}" if initiative.due else ""
        goal.append(f"{m.name}: {way} from {_amount(m.baseline, m.unit)} to {_amount(m.target, m.unit)}{by}")
    bodies = {
        "background": "\n".join(background),
        "current": "\n".join(current),
        "goal": "\n".join(goal),
        "countermeasures": initiative.tactics.strip(),
    }
    owner = plan.person_name(initiative.owner_id)
    deliverables = _split_items(initiative.deliverables) or [initiative.title]
    status = _STATUS_WORDS.get(initiative.status.value, initiative.status.value)
    rows = [PlanRow(who=owner, what=d, when=_when(initiative), status=status) for d in deliverables]
    coach = next((s.leader_id for s in strategies if s.leader_id), None)
    return A3(
        kind=A3Kind.PROBLEM_SOLVING,
        subject_id=initiative.id,
        title=initiative.title,
        owner_id=initiative.owner_id,
        mentor_id=_mentor(plan, initiative.owner_id, coach),
        revised=today,
        version="1",
        sections=_sections(A3Kind.PROBLEM_SOLVING, bodies),
        plan_rows=rows,
        followup_rows=[_measure_row(plan, m) for m in measures],
    )


def _status_a3(plan: Plan, strategy: Strategy | None, today: date) -> A3:
    if strategy is not None:
        initiatives = _strategy_initiatives(plan, strategy)
        measures = _strategy_measures(plan, strategy, initiatives)
        title = f"Status review: {strategy.title}"
        owner = strategy.leader_id
    else:
        initiatives, measures = list(plan.initiatives), list(plan.measures)
        title = " ".join(part for part in ("Status review:", plan.title, plan.period) if part)
        owner = next((p.id for p in plan.people if p.role == Role.EXECUTIVE), None)
    measure_ids = {m.id for m in measures}
    activities = []
    for i in initiatives:
        who = plan.person_name(i.owner_id)
        status = _STATUS_WORDS.get(i.status.value, i.status.value)
        due = f", due {_month(i.due)}" if i.due else ""
        activities.append(f"{i.title}" + (f" ({who})" if who else "") + f": {status}{due}")
    countermeasures = [c for c in plan.countermeasures if c.measure_id in measure_ids]
    names = {m.id: m.name for m in measures}
    issues = [
        f"{names[c.measure_id]}" + (f", {_month_key(c.month)}" if c.month else "") + f": {c.root_cause or c.action}"
        for c in countermeasures
    ]
    bodies = {
        "headline": "\n".join(_result_line(plan, m) for m in measures),
        "activities": "\n".join(activities),
        "issues": "\n".join(issues),
    }
    rows = [
        PlanRow(who=plan.person_name(c.owner_id), what=c.action, when=_month(c.due) if c.due else "", status="open")
        for c in countermeasures
    ]
    return A3(
        kind=A3Kind.STATUS,
        subject_id=strategy.id if strategy is not None else None,
        title=title,
        owner_id=owner,
        mentor_id=_mentor(plan, owner),
        revised=today,
        version="1",
        sections=_sections(A3Kind.STATUS, bodies),
        plan_rows=rows,
        followup_rows=[_measure_row(plan, m) for m in measures],
    )


class UnknownSubject(ValueError):
    """The strategy or initiative an A3 was asked for is not in the plan."""


def prefill_a3(plan: Plan, kind: A3Kind | str, subject_id: str | None = None, *, today: date | None = None) -> A3:
    """A new A3 of ``kind`` about ``subject_id``, filled from the plan so the room edits rather than retypes.

    The strategy A3 and the status A3 take a strategy (the status A3 may take none: the
    whole plan); the problem-solving A3 takes an initiative. Raises :class:`UnknownSubject`
    (a one-line message) when the subject is not in the plan.
    """
    kind = A3Kind(kind)
    day = today or date.today()
    if kind == A3Kind.PROBLEM_SOLVING:
        initiative = next((i for i in plan.initiatives if i.id == subject_id), None)
        if initiative is None:
            raise UnknownSubject(f"No initiative with id '{subject_id}' in this plan")
        return _problem_solving_a3(plan, initiative, day)
    strategy = next((s for s in plan.strategies if s.id == subject_id), None)
    if strategy is None and (kind == A3Kind.STRATEGY or subject_id is not None):
        raise UnknownSubject(f"No strategy with id '{subject_id}' in this plan")
    if kind == A3Kind.STRATEGY:
        assert strategy is not None  # refused just above when missing
        return _strategy_a3(plan, strategy, day)
    return _status_a3(plan, strategy, day)
