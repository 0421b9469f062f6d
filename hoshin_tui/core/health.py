"""Alignment health: the gaps a practitioner looks for when reading an X-matrix.

``check_plan`` turns a plan into a list of ``Finding``s the room can act on: orphan rows,
items nobody owns, focus caps exceeded, a matrix where every box is connected, overloaded
people and a plan with only one kind of initiative. Warnings come first, then notes.

It runs on every edit, so it makes one pass over the correlations and marks into sets
and never scans them per item.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from operator import is_
from typing import Any, Literal

from hoshin_tui.core.incremental import small_change
from hoshin_tui.model import Plan
from hoshin_tui.model.enums import Corner, InitiativeKind, MarkRole
from hoshin_tui.model.lists import label_of, plan_list

Severity = Literal["warning", "info"]

# Focus caps practitioners warn about (DOMAIN.md): beyond these the plan has lost focus.
MAX_STRATEGIES = 5
MAX_OBJECTIVES = 8
MAX_INITIATIVES = 10

# A corner grid with more than this share of its cells marked says nothing ("every box is
# connected"). Tiny grids are left alone: two strategies and two objectives may all link.
DENSE_SHARE = 0.70
DENSE_MIN_CELLS = 6

# A person is overloaded when they hold more than OVERLOAD_ITEMS distinct plan items (owner,
# deployment leader or any mark in the people matrix) or lead more than OVERLOAD_LEADS
# (strategies they are deployment leader of, initiatives they own or hold the leader mark on).
OVERLOAD_ITEMS = 6
OVERLOAD_LEADS = 3

# Long titles are shortened in messages so a finding fits a narrow side column.
TITLE_CHARS = 40


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the room should look at.

    ``kind`` is the Plan list the item lives in ("strategies", ..., "people"), or "" for a
    plan-wide finding. ``item_id`` is "" when the finding is about a list as a whole (a focus
    cap), so a screen can still jump to that list. ``rule`` groups findings for ``summary``.
    """

    severity: Severity
    kind: str
    item_id: str
    message: str
    rule: str = ""


# rule -> (singular, plural) words used by ``summary``.
RULE_WORDS: dict[str, tuple[str, str]] = {
    "orphan": ("orphan", "orphans"),
    "unowned": ("unowned", "unowned"),
    "unmarked": ("owner off the people matrix", "owners off the people matrix"),
    "cap": ("over a focus cap", "over focus caps"),
    "overload": ("overloaded", "overloaded"),
    "dense": ("dense grid", "dense grids"),
    "balance": ("one-sided", "one-sided"),
    "no target": ("target to set", "targets to set"),
    "red-alone": ("red with no countermeasure", "reds with no countermeasure"),
    "late": ("measure with data late", "measures with data late"),
    "overdue": ("countermeasure overdue", "countermeasures overdue"),
}

_CORNER_NAMES: dict[Corner, str] = {
    Corner.STRATEGY_OBJECTIVE: "Strategies × objectives",
    Corner.OBJECTIVE_INITIATIVE: "Objectives × initiatives",
    Corner.INITIATIVE_MEASURE: "Initiatives × measures",
    Corner.MEASURE_STRATEGY: "Measures × strategies",
}


def _quote(title: str) -> str:
    title = " ".join(title.split())
    if len(title) > TITLE_CHARS:
        cut = title[: TITLE_CHARS - 1]
        if " " in cut[TITLE_CHARS // 2 :]:  # end on a whole word when one is near
            cut = cut.rsplit(" ", 1)[0]
        title = cut.rstrip(" ,;:-") + "…"
    return f"'{title}'"


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


class _CellIndex:
    """The marked cells of each corner, and how many each row and column holds, kept in step
    with the plan's correlations: after one cell edit only that cell is added or dropped."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.source: list[Any] = []
        self.pairs: dict[Corner, set[tuple[str, str]]] = {corner: set() for corner in Corner}
        self.rows: dict[Corner, Counter[str]] = {corner: Counter() for corner in Corner}
        self.cols: dict[Corner, Counter[str]] = {corner: Counter() for corner in Corner}

    def follow(self, correlations: list[Any]) -> None:
        """Catch up with ``correlations``: patch a small change, rebuild after a big one."""
        if correlations is self.source:
            return
        change = small_change(self.source, correlations)
        if change is None:
            self._reset()
            change = ([], correlations)
        gone, new = change
        for cell in gone:
            self._drop(cell.corner, cell.row_id, cell.col_id)
        for cell in new:
            self._add(cell.corner, cell.row_id, cell.col_id)
        self.source = correlations

    def _add(self, corner: Corner, row: str, col: str) -> None:
        if (row, col) not in self.pairs[corner]:
            self.pairs[corner].add((row, col))
            self.rows[corner][row] += 1
            self.cols[corner][col] += 1

    def _drop(self, corner: Corner, row: str, col: str) -> None:
        if (row, col) in self.pairs[corner]:
            self.pairs[corner].discard((row, col))
            for counts, key in ((self.rows[corner], row), (self.cols[corner], col)):
                counts[key] -= 1
                if not counts[key]:
                    del counts[key]


class _Links:
    """Per corner: the row ids and column ids that hold at least one mark, and how many cells are marked."""

    def __init__(self, index: _CellIndex, ids: dict[Corner, tuple[set[str], set[str]]]) -> None:
        self.rows: dict[Corner, set[str]] = {}
        self.cols: dict[Corner, set[str]] = {}
        self.cells: dict[Corner, int] = {}
        for corner, cells in index.pairs.items():
            row_ids, col_ids = ids[corner]
            rows, cols = set(index.rows[corner]), set(index.cols[corner])
            count = len(cells)
            if not (rows <= row_ids and cols <= col_ids):  # a dangling link never counts as support
                kept = {(r, c) for r, c in cells if r in row_ids and c in col_ids}
                rows, cols, count = {r for r, _ in kept}, {c for _, c in kept}, len(kept)
            self.rows[corner], self.cols[corner], self.cells[corner] = rows, cols, count


class HealthChecker:
    """``check_plan`` for a plan that changes one edit at a time (the health panel keeps one).

    The cell index follows the correlations cell by cell, and the people-load rule is reused
    while the lists it reads are the very same objects, so a cell edit on a large plan does
    not check everything again. The findings are exactly those of ``check_plan``.
    """

    def __init__(self) -> None:
        self._index = _CellIndex()
        self._load: tuple[tuple[Any, ...], list[Finding]] | None = None

    def check(self, plan: Plan) -> list[Finding]:
        from hoshin_tui.core.actions import action_findings  # it builds on this module's Finding

        strategy_ids = {s.id for s in plan.strategies}
        objective_ids = {o.id for o in plan.objectives}
        initiative_ids = {i.id for i in plan.initiatives}
        measure_ids = {m.id for m in plan.measures}
        person_ids = {p.id for p in plan.people}
        ids = {
            Corner.STRATEGY_OBJECTIVE: (strategy_ids, objective_ids),
            Corner.OBJECTIVE_INITIATIVE: (objective_ids, initiative_ids),
            Corner.INITIATIVE_MEASURE: (initiative_ids, measure_ids),
            Corner.MEASURE_STRATEGY: (measure_ids, strategy_ids),
        }
        self._index.follow(plan.correlations)
        links = _Links(self._index, ids)
        findings: list[Finding] = []
        findings += _focus_caps(plan)
        findings += _orphans_and_owners(plan, links, person_ids)
        findings += _owners_without_a_mark(plan, person_ids)
        findings += self._overloaded(plan, initiative_ids, measure_ids)
        findings += _dense_corners(links, ids)
        findings += _one_kind_of_initiative(plan)
        findings += rolled_forward_findings(plan)  # targets still to set after a roll-forward
        findings += _review_findings(plan)
        findings += action_findings(plan)
        # Stable sort keeps plan order within each severity.
        return sorted(findings, key=lambda f: f.severity != "warning")

    def _overloaded(self, plan: Plan, initiative_ids: set[str], measure_ids: set[str]) -> list[Finding]:
        read: tuple[list[Any], ...] = (
            plan.strategies,
            plan.objectives,
            plan.initiatives,
            plan.measures,
            plan.marks,
            plan.people,
        )
        if self._load is not None and all(map(_same_items, self._load[0], read)):
            return self._load[1]
        found = _overloaded_people(plan, initiative_ids, measure_ids)
        self._load = (read, found)
        return found


def _review_findings(plan: Plan) -> list[Finding]:
    from hoshin_tui.core.review.health import review_findings  # it builds on Finding: imported late

    return review_findings(plan)


def _same_items(a: list[Any], b: list[Any]) -> bool:
    """The very same item objects in the same order (each load hands out new lists of them)."""
    return a is b or (len(a) == len(b) and all(map(is_, a, b)))


def rolled_forward_findings(plan: Plan) -> list[Finding]:
    from hoshin_tui.core.rollforward_health import rolled_forward_findings as found

    return found(plan)


def check_plan(plan: Plan) -> list[Finding]:
    """Every alignment finding for ``plan``: warnings first, then notes, each in plan order."""
    return HealthChecker().check(plan)


def _focus_caps(plan: Plan) -> list[Finding]:
    caps = [("strategies", MAX_STRATEGIES), ("objectives", MAX_OBJECTIVES), ("initiatives", MAX_INITIATIVES)]
    return [
        Finding("warning", kind, "", f"{plan_list(kind).words(count)}: more than {cap} loses focus", "cap")
        for kind, cap in caps
        if (count := len(getattr(plan, kind))) > cap
    ]


# Per plan list: what its owner is called when missing, and its orphan rules as
# (corner, side the item sits on, severity, what is missing). "rows" means the item is a row
# of that corner grid, so it is an orphan when no cell in its row is marked. Owners are in
# ``owner_field``; the item's label and title come from the plan registry.
_ITEM_RULES: list[tuple[str, str, str, list[tuple[Corner, str, Severity, str]]]] = [
    (
        "strategies",
        "leader_id",
        "has no deployment leader",
        [(Corner.STRATEGY_OBJECTIVE, "rows", "warning", "has no annual objective")],
    ),
    (
        "objectives",
        "owner_id",
        "has no owner",
        [
            (Corner.OBJECTIVE_INITIATIVE, "rows", "warning", "has no initiative"),
            (Corner.STRATEGY_OBJECTIVE, "cols", "info", "serves no strategy"),
        ],
    ),
    (
        "initiatives",
        "owner_id",
        "has no owner",
        [
            (Corner.INITIATIVE_MEASURE, "rows", "warning", "has no measure"),
            (Corner.OBJECTIVE_INITIATIVE, "cols", "info", "serves no annual objective"),
        ],
    ),
    (
        "measures",
        "owner_id",
        "has no owner",
        [
            (Corner.INITIATIVE_MEASURE, "cols", "warning", "is moved by no initiative"),
            (Corner.MEASURE_STRATEGY, "rows", "info", "is tied to no strategy"),
        ],
    ),
]


def _named(kind: str, item: object) -> str:
    """``Annual objective 'Halve injuries'``: the room's word for the item, and its title."""
    return f"{plan_list(kind).label.capitalize()} {_quote(label_of(item))}"


def _orphans_and_owners(plan: Plan, links: _Links, person_ids: set[str]) -> list[Finding]:
    found: list[Finding] = []
    for kind, owner_field, unowned, rules in _ITEM_RULES:
        linked = [(links.rows if side == "rows" else links.cols)[corner] for corner, side, _, _ in rules]
        for item in getattr(plan, kind):
            problems: list[tuple[Severity, str, str]] = [
                (severity, text, "orphan")
                for (_, _, severity, text), ids in zip(rules, linked, strict=True)
                if item.id not in ids
            ]
            if getattr(item, owner_field) not in person_ids:
                problems.append(("warning", unowned, "unowned"))
            if problems:
                name = _named(kind, item)
                found += [Finding(sev, kind, item.id, f"{name} {text}", rule) for sev, text, rule in problems]
    return found


def _owners_without_a_mark(plan: Plan, person_ids: set[str]) -> list[Finding]:
    """An initiative or measure whose owner holds no mark on it: the printed people matrix hides who leads it."""
    marked = {(mark.item_id, mark.person_id) for mark in plan.marks}
    found: list[Finding] = []
    for kind in ("initiatives", "measures"):
        for item in getattr(plan, kind):
            owner = item.owner_id
            if owner in person_ids and (item.id, owner) not in marked:
                message = f"{_named(kind, item)}: owner {plan.person_name(owner)} has no mark in the people matrix"
                found.append(Finding("warning", kind, item.id, message, "unmarked"))
    return found


def _overloaded_people(plan: Plan, initiative_ids: set[str], measure_ids: set[str]) -> list[Finding]:
    items: dict[str, set[str]] = defaultdict(set)
    leads: dict[str, set[str]] = defaultdict(set)
    for s in plan.strategies:
        if s.leader_id:
            items[s.leader_id].add(s.id)
            leads[s.leader_id].add(s.id)
    for o in plan.objectives:
        if o.owner_id:
            items[o.owner_id].add(o.id)
    for i in plan.initiatives:
        if i.owner_id:
            items[i.owner_id].add(i.id)
            leads[i.owner_id].add(i.id)
    for m in plan.measures:
        if m.owner_id:
            items[m.owner_id].add(m.id)
    for mark in plan.marks:
        if mark.item_id in initiative_ids:
            items[mark.person_id].add(mark.item_id)
            if mark.role == MarkRole.LEADER:
                leads[mark.person_id].add(mark.item_id)
        elif mark.item_id in measure_ids:
            items[mark.person_id].add(mark.item_id)

    found: list[Finding] = []
    for person in plan.people:
        held, led = len(items.get(person.id, ())), len(leads.get(person.id, ()))
        if held > OVERLOAD_ITEMS or led > OVERLOAD_LEADS:
            message = f"{person.name} holds {_plural(held, 'item')}, leads {led}: overloaded"
            found.append(Finding("warning", "people", person.id, message, "overload"))
    return found


def _dense_corners(links: _Links, ids: dict[Corner, tuple[set[str], set[str]]]) -> list[Finding]:
    found: list[Finding] = []
    for corner, name in _CORNER_NAMES.items():
        rows, cols = ids[corner]
        cells = len(rows) * len(cols)
        if cells < DENSE_MIN_CELLS:
            continue
        share = links.cells[corner] / cells
        if share > DENSE_SHARE:
            message = f"{name}: {share:.0%} of boxes marked; when every box connects, the grid says little"
            found.append(Finding("info", "", "", message, "dense"))
    return found


def _one_kind_of_initiative(plan: Plan) -> list[Finding]:
    kinds = {i.kind for i in plan.initiatives}
    if len(plan.initiatives) < 2 or len(kinds) != 1:
        return []
    (kind,) = kinds
    count = len(plan.initiatives)
    if kind == InitiativeKind.STRATEGIC:
        message = f"All {count} initiatives are strategic: no operational improvements"
    else:
        message = f"All {count} initiatives are operational: no strategic initiative changes what we do"
    return [Finding("info", "initiatives", "", message, "balance")]


def summary(findings: list[Finding]) -> str:
    """One line for a status bar or projector mode, e.g. "3 warnings: 2 orphans, 1 unowned · 1 note"."""
    warnings = [f for f in findings if f.severity == "warning"]
    notes = len(findings) - len(warnings)
    by_rule = Counter(f.rule for f in warnings)
    if warnings:
        parts = []
        rules = [r for r in RULE_WORDS if r in by_rule] + [r for r in by_rule if r not in RULE_WORDS]
        for rule in rules:
            one, many = RULE_WORDS.get(rule, (rule or "other", rule or "other"))
            parts.append(f"{by_rule[rule]} {one if by_rule[rule] == 1 else many}")
        line = f"{_plural(len(warnings), 'warning')}: {', '.join(parts)}"
    else:
        line = "No alignment warnings"
    if notes:
        line += f" · {_plural(notes, 'note')}"
    return line
