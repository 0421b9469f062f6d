"""Synthetic plans of any size, for benchmarks and stress tests.

Deterministic: the same sizes and seed always give the same plan, ids included, so a
benchmark measures the same work every run. The text is plausible filler, not a story;
the realistic plan for showing people is :mod:`hoshin_tui.export.demo`.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from hoshin_tui.core.codes import fill_codes
from hoshin_tui.model.a3_layout import LAYOUTS
from hoshin_tui.model.enums import (
    A3Kind,
    Cadence,
    Corner,
    Direction,
    InitiativeKind,
    InitiativeStatus,
    MarkRole,
    Role,
    Strength,
)
from hoshin_tui.model.ids import PREFIXES
from hoshin_tui.model.plan import (
    A3,
    A3Section,
    AnnualObjective,
    Correlation,
    FollowUpRow,
    Initiative,
    Measure,
    MonthlyResult,
    PeopleMark,
    Person,
    Plan,
    PlanRow,
    Strategy,
)

YEAR = 2027
DENSITY = 0.30  # share of each corner's cells that are marked, and of the people matrix

_FIRST: tuple[str, ...]  # grown below, one line per half
_LAST: tuple[str, ...]
_FIRST = ("Ada", "Alan", "Bea", "Carl", "Dana", "Emil", "Fay", "Gus", "Hana", "Ivan", "Jo", "Kai", "Lena")
_FIRST += ("Max", "Nora", "Omar", "Pia", "Quinn", "Rosa", "Sam", "Tara", "Uma", "Vic", "Wen", "Yara", "Zoe")
_LAST = ("Novak", "Berg", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Costa", "Schmidt", "Reyes", "Kowalski")
_LAST += ("Haddad", "Jensen", "Silva", "Ito", "Brennan")
_DEPARTMENTS = ("Operations", "Quality", "Engineering", "Sales", "Finance", "People", "Supply Chain", "Service")
_VERBS = ("Grow", "Cut", "Raise", "Build", "Simplify", "Win", "Halve", "Standardise", "Automate", "Double")
_THEMES = (
    "on-time delivery",
    "first-pass yield",
    "customer retention",
    "service revenue",
    "lead time",
    "scrap and rework",
    "safety incidents",
    "energy per unit",
    "working capital",
    "employee engagement",
    "new product sales",
    "warranty cost",
)
_MEASURES = (
    ("On-time delivery", "%", 82.0, 95.0, Direction.HIGHER),
    ("First-pass yield", "%", 91.0, 97.0, Direction.HIGHER),
    ("Customer complaints", "per month", 40.0, 15.0, Direction.LOWER),
    ("Lead time", "days", 21.0, 12.0, Direction.LOWER),
    ("Scrap cost", "kEUR", 120.0, 60.0, Direction.LOWER),
    ("Lost-time injuries", "count", 6.0, 0.0, Direction.LOWER),
    ("Service revenue", "MEUR", 8.0, 11.0, Direction.HIGHER),
    ("Engagement score", "points", 62.0, 72.0, Direction.HIGHER),
)
_STATUSES = (
    InitiativeStatus.NOT_STARTED,
    InitiativeStatus.ON_TRACK,
    InitiativeStatus.ON_TRACK,
    InitiativeStatus.AT_RISK,
    InitiativeStatus.OFF_TRACK,
    InitiativeStatus.DONE,
)


class _Ids:
    """Ids in the house format (``st_4f9a2c1b``), drawn from the plan's own random stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def __call__(self, kind: str) -> str:
        while True:
            candidate = f"{PREFIXES[kind]}_{self.rng.getrandbits(32):08x}"
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate


def _people(count: int, rng: random.Random, make_id: _Ids) -> list[Person]:
    """A pyramid: a few executives, deployment leaders, department leaders, then members."""
    executives = max(1, count // 12)
    deployment = max(1, count // 5)
    department = max(1, count // 3)
    people = []
    for i in range(count):
        if i < executives:
            role = Role.EXECUTIVE
        elif i < executives + deployment:
            role = Role.DEPLOYMENT_LEADER
        elif i < executives + deployment + department:
            role = Role.DEPARTMENT_LEADER
        else:
            role = Role.MEMBER
        name = f"{_FIRST[i % len(_FIRST)]} {_LAST[(i * 7 + i // len(_FIRST)) % len(_LAST)]}"
        department_name = "Leadership" if role == Role.EXECUTIVE else rng.choice(_DEPARTMENTS)
        people.append(Person(id=make_id("person"), name=name, role=role, department=department_name))
    return people


def _of_role(people: list[Person], *roles: Role) -> list[Person]:
    return [p for p in people if p.role in roles] or people


def _corner(
    corner: Corner, rows: list[str], cols: list[str], rng: random.Random, density: float = DENSITY
) -> list[Correlation]:
    """About ``density`` of the cells marked, with every row and every column marked at least once."""
    if not rows or not cols:
        return []
    cells: set[tuple[str, str]] = set()
    for i, row in enumerate(rows):  # no orphan rows...
        cells.add((row, cols[i % len(cols)]))
    for j, col in enumerate(cols):  # ...and no orphan columns
        cells.add((rows[j % len(rows)], col))
    wanted = max(len(cells), round(density * len(rows) * len(cols)))
    free = [(r, c) for r in rows for c in cols if (r, c) not in cells]
    cells.update(rng.sample(free, min(len(free), wanted - len(cells))))
    strengths = rng.choices(list(Strength), weights=(3, 4, 3), k=len(cells))
    return [
        Correlation(corner=corner, row_id=r, col_id=c, strength=s)
        for (r, c), s in zip(
            sorted(cells, key=lambda cell: (rows.index(cell[0]), cols.index(cell[1]))), strengths, strict=True
        )
    ]


def _marks(items: list[Initiative | Measure], people: list[Person], rng: random.Random) -> list[PeopleMark]:
    """The owner leads each item; about ``DENSITY`` of all people cells are marked in total."""
    marks = []
    per_item = max(1, round(DENSITY * len(people)))
    for item in items:
        chosen = [item.owner_id] if item.owner_id else []
        others = [p.id for p in people if p.id not in chosen]
        chosen += rng.sample(others, min(len(others), per_item - len(chosen)))
        for k, person_id in enumerate(chosen):
            role = MarkRole.LEADER if k == 0 else rng.choice((MarkRole.CORE, MarkRole.CORE, MarkRole.ROTATING))
            marks.append(PeopleMark(item_id=item.id, person_id=person_id, role=role))
    return marks


def _results(measure: Measure, rng: random.Random) -> list[MonthlyResult]:
    """Twelve months whose plan steps from baseline to target, with actuals scattered around it."""
    baseline, target = measure.baseline or 0.0, measure.target or 0.0
    spread = max(abs(target - baseline), abs(target) * 0.1, 1.0)
    results = []
    for month in range(1, 13):
        plan = round(baseline + (target - baseline) * month / 12, 2)
        actual = round(plan + rng.gauss(0, spread * 0.08), 2)
        if min(baseline, target) >= 0:
            actual = max(0.0, actual)  # counts and costs never go negative
        results.append(MonthlyResult(measure_id=measure.id, month=f"{YEAR}-{month:02d}", plan=plan, actual=actual))
    return results


def _strategy_a3(plan: Plan, strategy: Strategy, mentor: Person) -> A3:
    objectives = plan.linked(Corner.STRATEGY_OBJECTIVE, row_id=strategy.id)
    initiatives = {i for o in objectives for i in plan.linked(Corner.OBJECTIVE_INITIATIVE, row_id=o)}
    measures = set(plan.linked(Corner.MEASURE_STRATEGY, col_id=strategy.id))
    sections = [
        A3Section(key=box.key, heading=box.heading, body=f"{box.heading} for {strategy.title}. {box.hint}".strip())
        for box in LAYOUTS[A3Kind.STRATEGY]
        if box.content == "text"
    ]
    plan_rows = [
        PlanRow(
            who=plan.person_name(i.owner_id),
            what=i.title,
            when=i.due.isoformat() if i.due else "",
            status=i.status.value.replace("_", " "),
        )
        for i in plan.initiatives
        if i.id in initiatives
    ][:5]
    followup_rows = []
    for m in plan.measures:
        if m.id in measures:
            last = plan.results_for(m.id)[-1]
            followup_rows.append(
                FollowUpRow(item=f"{m.name} ({m.unit})", plan=f"{m.target:g}", actual=f"{last.actual:g}")
            )
    return A3(
        id=f"a3_{strategy.id.removeprefix('st_')}",
        kind=A3Kind.STRATEGY,
        subject_id=strategy.id,
        title=f"Strategy A3: {strategy.title}",
        owner_id=strategy.leader_id,
        mentor_id=mentor.id,
        revised=date(YEAR, 12, 15),
        version="1",
        sections=sections,
        plan_rows=plan_rows,
        followup_rows=followup_rows,
    )


def build_plan(strategies: int, objectives: int, initiatives: int, measures: int, people: int, seed: int = 0) -> Plan:
    """A valid plan of the given sizes: owners everywhere, ~30% of every grid marked, a year of results."""
    rng = random.Random(seed)
    make_id = _Ids(rng)
    staff = _people(people, rng, make_id)
    executives = _of_role(staff, Role.EXECUTIVE)
    deployment = _of_role(staff, Role.DEPLOYMENT_LEADER)
    department = _of_role(staff, Role.DEPARTMENT_LEADER)

    strategy_list = [
        Strategy(
            id=make_id("strategy"),
            title=f"{_VERBS[i % len(_VERBS)]} {_THEMES[i % len(_THEMES)]} ({i + 1})",
            description=f"Breakthrough {i + 1}: a step change in {_THEMES[i % len(_THEMES)]} over three years.",
            horizon=f"{YEAR}-{YEAR + 2 + i % 3}",
            leader_id=deployment[i % len(deployment)].id,
        )
        for i in range(strategies)
    ]
    objective_list = [
        AnnualObjective(
            id=make_id("objective"),
            title=f"{_VERBS[(i + 3) % len(_VERBS)]} {_THEMES[(i * 5) % len(_THEMES)]} by {10 + i % 20}% in {YEAR}",
            description=f"Annual objective {i + 1}.",
            owner_id=deployment[i % len(deployment)].id,
        )
        for i in range(objectives)
    ]
    initiative_list = []
    for i in range(initiatives):
        start = date(YEAR, 1 + rng.randrange(6), 1)
        initiative_list.append(
            Initiative(
                id=make_id("initiative"),
                title=f"{_VERBS[(i + 5) % len(_VERBS)]} {_THEMES[(i * 7) % len(_THEMES)]}, cell {i + 1}",
                kind=InitiativeKind.STRATEGIC if rng.random() < 0.4 else InitiativeKind.OPERATIONAL,
                owner_id=department[i % len(department)].id,
                tactics="Map the value stream; run weekly kaizen; standard work at the gemba.",
                deliverables=f"Standard work for area {i + 1}; a trained team; results on the board.",
                start=start,
                due=start + timedelta(days=90 + rng.randrange(180)),
                status=rng.choice(_STATUSES),
            )
        )
    measure_owners = _of_role(staff, Role.DEPLOYMENT_LEADER, Role.DEPARTMENT_LEADER)
    measure_list = []
    for i in range(measures):
        name, unit, baseline, target, direction = _MEASURES[i % len(_MEASURES)]
        measure_list.append(
            Measure(
                id=make_id("measure"),
                name=f"{name} ({i + 1})",
                unit=unit,
                baseline=baseline,
                target=target,
                direction=direction,
                cadence=Cadence.MONTHLY if rng.random() < 0.8 else Cadence.WEEKLY,
                owner_id=measure_owners[i % len(measure_owners)].id,
            )
        )

    st, ob = [x.id for x in strategy_list], [x.id for x in objective_list]
    ini, me = [x.id for x in initiative_list], [x.id for x in measure_list]
    correlations = (
        _corner(Corner.STRATEGY_OBJECTIVE, st, ob, rng)
        + _corner(Corner.OBJECTIVE_INITIATIVE, ob, ini, rng)
        + _corner(Corner.INITIATIVE_MEASURE, ini, me, rng)
        + _corner(Corner.MEASURE_STRATEGY, me, st, rng)
    )
    plan = Plan(
        title=f"Synthetic plan {strategies}/{objectives}/{initiatives}/{measures}",
        organization="Samplecorp Industries",
        period=f"FY{YEAR}",
        aim="Every customer gets a perfect product on time, made safely by people who improve it every day.",
        strategies=strategy_list,
        objectives=objective_list,
        initiatives=initiative_list,
        measures=measure_list,
        people=staff,
        correlations=correlations,
        marks=_marks([*initiative_list, *measure_list], staff, rng),
        monthly_results=[r for m in measure_list for r in _results(m, rng)],
    )
    plan.a3s = [_strategy_a3(plan, s, executives[0]) for s in strategy_list]
    return fill_codes(plan)


def build_large_plan(seed: int = 0) -> Plan:
    """The benchmark plan of issue 2: 10 strategies, 30 objectives, 100 initiatives, 40 measures, 25 people."""
    return build_plan(10, 30, 100, 40, 25, seed=seed)
