"""The demo plan: a year of strategy deployment at Brennmoor Pumps, a fictional manufacturer.

Brennmoor makes industrial centrifugal pumps, employs about 600 people and builds in two
plants, Northvale and Riverside. The demo holds the whole story a facilitator wants to show:
the off-site that made the plan (agenda, catchball, dot vote, decisions, parking lot), the
X-matrix, the people, one A3 per strategy and a problem-solving A3, and a finished plan year
of monthly results with two red months and their countermeasures.

All dates are relative to ``today``: the plan year is the twelve months that ended last
month and the off-site came just before it, so the demo never looks stale. Everything else,
ids included, is the same on every run.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta

from hoshin_tui.model.a3_layout import LAYOUTS
from hoshin_tui.model.enums import (
    A3Kind,
    Cadence,
    CatchballKind,
    CatchballState,
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
    AgendaItem,
    AnnualObjective,
    CatchballEntry,
    CatchballStatus,
    Correlation,
    Countermeasure,
    Decision,
    DotVote,
    FollowUpRow,
    Initiative,
    Measure,
    MonthlyResult,
    ParkingLotItem,
    PeopleMark,
    Person,
    Plan,
    PlanRow,
    Strategy,
    VoteOption,
)

ORGANIZATION = "Brennmoor Pumps"
AIM = (
    "Every customer gets a pump that works first time, every time: zero defects, "
    "with everyone improving their work every day."
)
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October")
_MONTH_NAMES += ("November", "December")

# The corners by their place on the printed X-matrix.
SW, NW, NE, SE = (
    Corner.STRATEGY_OBJECTIVE,
    Corner.OBJECTIVE_INITIATIVE,
    Corner.INITIATIVE_MEASURE,
    Corner.MEASURE_STRATEGY,
)
STRONG, MEDIUM, WEAK = Strength.STRONG, Strength.MEDIUM, Strength.WEAK
LEAD, CORE, ROTATE = MarkRole.LEADER, MarkRole.CORE, MarkRole.ROTATING


def demo_id(kind: str, key: str) -> str:
    """A house-format id (``st_1a2b3c4d``) that is the same on every run, derived from a readable key."""
    digest = hashlib.sha256(f"demo/{kind}/{key}".encode()).hexdigest()[:8]
    return f"{PREFIXES[kind]}_{digest}"


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _month_end(first: date) -> date:
    return _add_months(first, 1) - timedelta(days=1)


class _Calendar:
    """The dates of the demo: a plan year that ended last month and an off-site just before it."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.start = _add_months(today.replace(day=1), -12)
        self.months = [_add_months(self.start, k) for k in range(12)]
        self.year = self.months[-1].year
        before = self.start - timedelta(days=14)
        self.offsite = before - timedelta(days=(before.weekday() - 3) % 7)  # a Thursday and Friday
        first_tuesday = today.replace(day=1) + timedelta(days=(1 - today.replace(day=1).weekday()) % 7)
        self.last_review = min(first_tuesday, today)

    def month(self, number: int) -> date:
        """The first day of month ``number`` (1-12) of the plan year."""
        return self.months[number - 1]

    def month_name(self, number: int) -> str:
        first = self.month(number)
        return f"{_MONTH_NAMES[first.month - 1]} {first.year}"

    def at(self, day: int, hour: int, minute: int) -> datetime:
        """A moment on day 1 or 2 of the off-site."""
        return datetime.combine(self.offsite + timedelta(days=day - 1), time(hour, minute), tzinfo=UTC)


# --- people -------------------------------------------------------------------------------

_PEOPLE = (
    ("helen", "Helen Marsh", Role.EXECUTIVE, "Leadership (CEO)"),
    ("david", "David Okoro", Role.DEPLOYMENT_LEADER, "Operations (COO)"),
    ("priya", "Priya Raman", Role.DEPLOYMENT_LEADER, "Sales & Service"),
    ("martin", "Martin Kowalczyk", Role.DEPARTMENT_LEADER, "Engineering"),
    ("sofia", "Sofia Brandt", Role.DEPARTMENT_LEADER, "Manufacturing"),
    ("jonas", "Jonas Weber", Role.DEPARTMENT_LEADER, "Quality & Safety"),
    ("ana", "Ana Ferreira", Role.DEPARTMENT_LEADER, "Aftermarket Service"),
    ("lena", "Lena Novak", Role.MEMBER, "Continuous Improvement"),
)


def _person(key: str) -> str:
    return demo_id("person", key)


def _name(key: str) -> str:
    return next(name for k, name, _, _ in _PEOPLE if k == key)


# --- the plan, top to bottom ------------------------------------------------------------------

# key, title, description, leader, horizon in years
_STRATEGIES = (
    (
        "zero-defects",
        "Zero defects at the customer",
        "Build quality in at every station of both plants, so that no defect reaches a customer "
        "and field failures fall to near zero.",
        "david",
        3,
    ),
    (
        "service",
        "Grow aftermarket service to 30% of revenue",
        "Turn the 40,000 Brennmoor pumps already installed into long service relationships: "
        "contracts, fast spare parts and upgrades.",
        "priya",
        4,
    ),
    (
        "efficiency",
        "Lead the market in energy-efficient pumps",
        "Make the E-series (IE5 motors, smart drives) our best-selling range, and build it with "
        "less energy than the pumps it replaces.",
        "priya",
        5,
    ),
    (
        "culture",
        "A safe plant where everyone solves problems every day",
        "No one gets hurt at Brennmoor, and every team finds and fixes its own problems daily.",
        "helen",
        3,
    ),
)

# key, title, description, owner
_OBJECTIVES = (
    (
        "complaints",
        "Halve customer complaints, from 38 to 19 a month",
        "Counted from the complaints log of both plants; warranty claims included.",
        "david",
    ),
    (
        "fpy",
        "First-pass yield at final test of 98% in both plants",
        "Every pump passes its hydraulic test the first time, with no rework loop.",
        "david",
    ),
    (
        "contracts",
        "Service contracts on 25% of the installed base",
        "Agreed in catchball with Aftermarket Service at 25%, with two extra field technicians.",
        "priya",
    ),
    (
        "parts",
        "95% of spare parts orders shipped within 48 hours",
        "Measured from order entry to the carrier's scan, for stocked parts.",
        "priya",
    ),
    (
        "e-series",
        "Launch the E-series and win 40 orders",
        "Launch at the spring trade fair; orders counted when the customer's PO is confirmed.",
        "priya",
    ),
    (
        "energy",
        "Cut energy per pump built by 10%",
        "From 410 to 369 kWh per pump, metered per plant, weather-corrected.",
        "david",
    ),
    (
        "safety",
        "Halve the injury rate; every team holds a daily huddle",
        "Lost-time injury frequency from 4.8 to 2.0; huddle boards on every shift in both plants.",
        "helen",
    ),
)

# key, title, kind, owner, tactics, deliverables, first and last month (1 = the plan year's first), status
_INITIATIVES = (
    (
        "poka-yoke",
        "Error-proof the ten worst defect stations",
        InitiativeKind.OPERATIONAL,
        "sofia",
        "Pareto of last year's defects by station; one poka-yoke device per failure mode; "
        "operators design and test the fixes with maintenance.",
        "Ten stations error-proofed; a standard for every new station; defect escapes tracked per station.",
        1,
        6,
        InitiativeStatus.DONE,
    ),
    (
        "field-failures",
        "Closed-loop field failure analysis in 10 days",
        InitiativeKind.STRATEGIC,
        "jonas",
        "Every returned pump gets an 8D; a weekly failure board with Engineering and Service; "
        "lessons fed into design reviews.",
        "8D closed within 10 working days; failure library shared with Engineering; monthly report to the board.",
        1,
        15,
        InitiativeStatus.ON_TRACK,
    ),
    (
        "supplier-quality",
        "Ship-to-line quality with our top 12 suppliers",
        InitiativeKind.OPERATIONAL,
        "jonas",
        "Joint process audits; first-article inspection on every change; incoming inspection phased out "
        "supplier by supplier.",
        "12 suppliers certified ship-to-line; change notification agreement signed by each.",
        2,
        14,
        InitiativeStatus.AT_RISK,
    ),
    (
        "pumpcare",
        "Launch PumpCare service contracts with remote monitoring",
        InitiativeKind.STRATEGIC,
        "ana",
        "Three contract tiers; vibration and temperature sensors fitted at commissioning; "
        "sales and service share one account plan.",
        "PumpCare offer and price list; monitoring portal live; 2 field technicians hired and trained.",
        1,
        9,
        InitiativeStatus.DONE,
    ),
    (
        "parts-kanban",
        "Spare-parts kanban and a 48-hour dispatch cell",
        InitiativeKind.OPERATIONAL,
        "ana",
        "Kanban for the 600 fastest-moving parts; a dispatch cell beside goods-out; daily review of late orders.",
        "Dispatch cell running two shifts; kanban loops for 600 parts; late-order board.",
        2,
        6,
        InitiativeStatus.DONE,
    ),
    (
        "e-series-line",
        "Industrialise the E-series line at Riverside",
        InitiativeKind.STRATEGIC,
        "martin",
        "Build the line around one-piece flow; test rig for IE5 motors; operators trained before launch.",
        "Line released for series production; capacity 60 pumps a week; first-article reports signed.",
        1,
        8,
        InitiativeStatus.DONE,
    ),
    (
        "retrofit",
        "IE5 retrofit kit for the installed base",
        InitiativeKind.STRATEGIC,
        "martin",
        "Design a motor and drive kit for the three most common frames; offer it through PumpCare visits.",
        "Kit for three frame sizes; fitting instructions; 100 quotes sent to existing customers.",
        6,
        18,
        InitiativeStatus.ON_TRACK,
    ),
    (
        "energy-hunt",
        "Compressed-air leak hunt and heat recovery in both plants",
        InitiativeKind.OPERATIONAL,
        "sofia",
        "Monthly leak tagging walks; fix within a week; recover compressor heat for the paint shop.",
        "Leaks tagged and fixed; heat exchanger installed at Northvale; energy dashboard per plant.",
        1,
        9,
        InitiativeStatus.DONE,
    ),
    (
        "huddles",
        "Daily huddles and problem boards on every shift",
        InitiativeKind.OPERATIONAL,
        "sofia",
        "Ten-minute tiered huddles; a problem board per team; team leaders coached in PDCA by CI.",
        "Huddle standard; 42 team boards; every team leader through two coaching cycles.",
        1,
        15,
        InitiativeStatus.ON_TRACK,
    ),
    (
        "safety-walks",
        "Safety gemba walks and near-miss reporting",
        InitiativeKind.OPERATIONAL,
        "jonas",
        "Weekly leadership safety walks in each plant; near misses reported on a phone in two minutes; "
        "every report answered within a week.",
        "Walk schedule and checklist; near-miss app; monthly safety review in each plant.",
        1,
        15,
        InitiativeStatus.ON_TRACK,
    ),
)

# key, name, unit, baseline, target, direction, cadence, owner, decimals, actuals (months 1-12)
_MEASURES = (
    (
        "complaints",
        "Customer complaints",
        "per month",
        38,
        19,
        Direction.LOWER,
        Cadence.MONTHLY,
        "jonas",
        0,
        (37, 34, 33, 31, 30, 29, 26, 33, 24, 22, 22, 19),
    ),
    (
        "fpy",
        "First-pass yield at final test",
        "%",
        93.5,
        98,
        Direction.HIGHER,
        Cadence.WEEKLY,
        "sofia",
        1,
        (93.6, 94.4, 94.9, 94.8, 95.6, 96.0, 95.7, 96.8, 97.0, 97.1, 97.7, 97.8),
    ),
    (
        "contracts",
        "Installed base under service contract",
        "%",
        9,
        25,
        Direction.HIGHER,
        Cadence.MONTHLY,
        "ana",
        1,
        (10.1, 11.9, 13.4, 14.1, 15.9, 17.4, 18.6, 19.5, 21.3, 22.8, 23.9, 25.4),
    ),
    (
        "parts",
        "Spare parts shipped within 48 hours",
        "%",
        71,
        95,
        Direction.HIGHER,
        Cadence.WEEKLY,
        "ana",
        0,
        (74, 76, 78, 80, 72, 80, 86, 88, 89, 92, 93, 96),
    ),
    (
        "orders",
        "E-series orders won (cumulative)",
        "orders",
        0,
        40,
        Direction.HIGHER,
        Cadence.MONTHLY,
        "martin",
        0,
        (3, 7, 11, 14, 17, 19, 23, 26, 31, 34, 38, 42),
    ),
    (
        "energy",
        "Energy per pump built",
        "kWh",
        410,
        369,
        Direction.LOWER,
        Cadence.MONTHLY,
        "sofia",
        0,
        (405, 404, 399, 395, 394, 388, 385, 384, 378, 374, 373, 366),
    ),
    (
        "ltifr",
        "Lost-time injury frequency (rolling 12 months)",
        "per million hours",
        4.8,
        2.0,
        Direction.LOWER,
        Cadence.MONTHLY,
        "david",
        1,
        (4.6, 4.2, 4.1, 4.0, 3.6, 3.4, 3.3, 2.9, 2.7, 2.6, 2.2, 1.9),
    ),
    (
        "ideas",
        "Improvement ideas implemented by teams",
        "per month",
        25,
        120,
        Direction.HIGHER,
        Cadence.MONTHLY,
        "lena",
        0,
        (34, 40, 50, 58, 63, 75, 82, 90, 94, 108, 115, 124),
    ),
)

# The X-matrix: (row key, column key, strength) per corner. Linked, but not every box.
_CORRELATIONS: dict[Corner, tuple[tuple[str, str, Strength], ...]] = {
    SW: (
        ("zero-defects", "complaints", STRONG),
        ("zero-defects", "fpy", STRONG),
        ("zero-defects", "parts", WEAK),
        ("service", "complaints", MEDIUM),
        ("service", "contracts", STRONG),
        ("service", "parts", STRONG),
        ("efficiency", "e-series", STRONG),
        ("efficiency", "energy", STRONG),
        ("culture", "fpy", MEDIUM),
        ("culture", "safety", STRONG),
    ),
    NW: (
        ("complaints", "poka-yoke", MEDIUM),
        ("complaints", "field-failures", STRONG),
        ("complaints", "supplier-quality", MEDIUM),
        ("fpy", "poka-yoke", STRONG),
        ("fpy", "supplier-quality", MEDIUM),
        ("fpy", "huddles", WEAK),
        ("contracts", "pumpcare", STRONG),
        ("contracts", "retrofit", MEDIUM),
        ("parts", "parts-kanban", STRONG),
        ("e-series", "e-series-line", STRONG),
        ("e-series", "retrofit", STRONG),
        ("energy", "e-series-line", MEDIUM),
        ("energy", "energy-hunt", STRONG),
        ("safety", "huddles", STRONG),
        ("safety", "safety-walks", STRONG),
    ),
    NE: (
        ("poka-yoke", "fpy", STRONG),
        ("poka-yoke", "complaints", MEDIUM),
        ("field-failures", "complaints", STRONG),
        ("supplier-quality", "complaints", MEDIUM),
        ("supplier-quality", "fpy", MEDIUM),
        ("pumpcare", "contracts", STRONG),
        ("parts-kanban", "parts", STRONG),
        ("parts-kanban", "complaints", WEAK),
        ("e-series-line", "orders", STRONG),
        ("e-series-line", "energy", MEDIUM),
        ("retrofit", "orders", MEDIUM),
        ("retrofit", "contracts", MEDIUM),
        ("energy-hunt", "energy", STRONG),
        ("huddles", "ideas", STRONG),
        ("huddles", "fpy", WEAK),
        ("safety-walks", "ltifr", STRONG),
        ("safety-walks", "ideas", MEDIUM),
    ),
    SE: (
        ("complaints", "zero-defects", STRONG),
        ("fpy", "zero-defects", STRONG),
        ("fpy", "culture", WEAK),
        ("contracts", "service", STRONG),
        ("parts", "service", STRONG),
        ("parts", "zero-defects", WEAK),
        ("orders", "efficiency", STRONG),
        ("energy", "efficiency", STRONG),
        ("ltifr", "culture", STRONG),
        ("ideas", "culture", STRONG),
    ),
}
_CORNER_KINDS = {SW: ("strategy", "objective"), NW: ("objective", "initiative"), NE: ("initiative", "measure")}
_CORNER_KINDS[SE] = ("measure", "strategy")

# The people matrix: who leads, who is core and who rotates, per initiative or measure.
_MARKS: dict[str, tuple[tuple[str, MarkRole], ...]] = {
    "initiative/poka-yoke": (("sofia", LEAD), ("jonas", CORE), ("lena", ROTATE)),
    "initiative/field-failures": (("jonas", LEAD), ("martin", CORE)),
    "initiative/supplier-quality": (("jonas", LEAD), ("martin", ROTATE)),
    "initiative/pumpcare": (("ana", LEAD), ("priya", CORE), ("martin", ROTATE)),
    "initiative/parts-kanban": (("ana", LEAD), ("lena", CORE)),
    "initiative/e-series-line": (("martin", LEAD), ("sofia", CORE), ("lena", ROTATE)),
    "initiative/retrofit": (("martin", LEAD), ("ana", CORE)),
    "initiative/energy-hunt": (("sofia", LEAD), ("lena", ROTATE)),
    "initiative/huddles": (("sofia", LEAD), ("lena", CORE), ("david", ROTATE)),
    "initiative/safety-walks": (("jonas", LEAD), ("helen", ROTATE)),
    "measure/complaints": (("jonas", LEAD),),
    "measure/fpy": (("sofia", LEAD),),
    "measure/contracts": (("ana", LEAD),),
    "measure/parts": (("ana", LEAD),),
    "measure/orders": (("martin", LEAD),),
    "measure/energy": (("sofia", LEAD),),
    "measure/ltifr": (("david", LEAD), ("jonas", CORE)),
    "measure/ideas": (("lena", LEAD), ("helen", ROTATE)),
}


def _people() -> list[Person]:
    return [Person(id=_person(key), name=name, role=role, department=dept) for key, name, role, dept in _PEOPLE]


def _strategies(cal: _Calendar) -> list[Strategy]:
    return [
        Strategy(
            id=demo_id("strategy", key),
            title=title,
            description=description,
            horizon=f"{cal.year}-{cal.year + years}",
            leader_id=_person(leader),
        )
        for key, title, description, leader, years in _STRATEGIES
    ]


def _objectives() -> list[AnnualObjective]:
    return [
        AnnualObjective(id=demo_id("objective", key), title=title, description=description, owner_id=_person(owner))
        for key, title, description, owner in _OBJECTIVES
    ]


def _initiatives(cal: _Calendar) -> list[Initiative]:
    return [
        Initiative(
            id=demo_id("initiative", key),
            title=title,
            kind=kind,
            owner_id=_person(owner),
            tactics=tactics,
            deliverables=deliverables,
            start=_add_months(cal.start, first - 1),
            due=_month_end(_add_months(cal.start, last - 1)),
            status=status,
        )
        for key, title, kind, owner, tactics, deliverables, first, last, status in _INITIATIVES
    ]


def _measures() -> list[Measure]:
    return [
        Measure(
            id=demo_id("measure", key),
            name=name,
            unit=unit,
            baseline=baseline,
            target=target,
            direction=direction,
            cadence=cadence,
            owner_id=_person(owner),
        )
        for key, name, unit, baseline, target, direction, cadence, owner, _, _ in _MEASURES
    ]


def _monthly_results(cal: _Calendar) -> list[MonthlyResult]:
    """Plans step from baseline to target over the year; actuals are as the plants reported them."""
    results = []
    for key, _, _, baseline, target, _, _, _, decimals, actuals in _MEASURES:
        for number, actual in enumerate(actuals, start=1):
            plan = round(baseline + (target - baseline) * number / 12, decimals)
            results.append(
                MonthlyResult(
                    measure_id=demo_id("measure", key),
                    month=cal.month(number).strftime("%Y-%m"),
                    plan=plan,
                    actual=actual,
                )
            )
    return results


def _correlations() -> list[Correlation]:
    cells = []
    for corner, rows in _CORRELATIONS.items():
        row_kind, col_kind = _CORNER_KINDS[corner]
        for row, col, strength in rows:
            cells.append(
                Correlation(
                    corner=corner, row_id=demo_id(row_kind, row), col_id=demo_id(col_kind, col), strength=strength
                )
            )
    return cells


def _marks() -> list[PeopleMark]:
    marks = []
    for item, people in _MARKS.items():
        kind, key = item.split("/")
        for person, role in people:
            marks.append(PeopleMark(item_id=demo_id(kind, key), person_id=_person(person), role=role))
    return marks


# --- A3s ---------------------------------------------------------------------------------------


def _strategy_texts(cal: _Calendar) -> dict[str, dict[str, str]]:
    """The free-text boxes of each strategy A3, keyed by strategy and box."""
    return {
        "zero-defects": {
            "background": (
                "Customers averaged 38 complaints a month and warranty cost 2.1% of sales. Two water utilities "
                "put us on supplier watch. A defect caught at the station costs minutes; the same defect at "
                "the customer costs a stopped process, a site visit and their trust."
            ),
            "results": (
                f"Complaints fell from 38 to 19 a month: on target. Green in 8 months, yellow in 3, red once "
                f"({cal.month_name(8)}: 33 against a plan of 25, shaft seals from a new supplier leaking at "
                "start-up). First-pass yield reached 97.8% against 98.0%: yellow, held back by Riverside's "
                "test rigs in the last quarter."
            ),
            "analysis": (
                "Eight in ten complaints came from three causes: seal faces damaged in assembly, loose terminal "
                "boxes and porous castings. Error-proofing the ten worst stations removed most assembly escapes "
                "by mid-year. The red month came from a supplier change that skipped first-article inspection: "
                "ship-to-line quality needs a change-notification rule before it needs more audits."
            ),
            "risks": (
                "Riverside needs the second quality engineer we budgeted. Three suppliers have not yet accepted "
                "joint audits: Purchasing's support is needed to make it a condition of next year's contracts."
            ),
        },
        "service": {
            "background": (
                "40,000 Brennmoor pumps run at customer sites, but only 9% are under a service contract and "
                "spare parts took up to a week. Service is our most stable margin and keeps us next to the "
                "customer between new-pump purchases."
            ),
            "results": (
                "Installed base under contract rose from 9% to 25.4% (target 25%): green in 9 months, yellow in 3. "
                f"Parts shipped within 48 hours reached 96% (target 95%); one red month ({cal.month_name(5)}: 72% "
                "against 81%) during the cut-over to the new warehouse system, recovered within six weeks."
            ),
            "analysis": (
                "Contracts sold best where a field technician commissioned the pump and fitted the sensors on "
                "the same visit. The warehouse cut-over was planned as an IT project; nobody owned the "
                "dispatch flow during the switch."
            ),
            "risks": (
                "The two new technicians are fully booked: growth beyond 30% needs a partner network. "
                "Remote monitoring data ownership is still open (parking lot)."
            ),
        },
        "efficiency": {
            "background": (
                "Pumps use about a tenth of the world's industrial electricity. Customers now buy on lifetime "
                "energy cost, and from next year the efficiency regulation favours IE5 motors. The E-series "
                "is our answer; our own plants must show the same discipline."
            ),
            "results": (
                "E-series orders: 42 against a plan of 40; two yellow months while the Riverside line ramped up. "
                "Energy per pump built fell from 410 to 366 kWh (target 369): green in 8 months, yellow in 4."
            ),
            "analysis": (
                "Orders followed demonstrations: customers who saw a pump on their own site ordered within two "
                "months. Half of the energy saving came from compressed-air leaks, which come back unless "
                "the tagging walks stay in standard work."
            ),
            "risks": (
                "IE5 motor supply is single-sourced: a second source must be qualified. The retrofit kit needs "
                "engineering time that the next product generation also claims."
            ),
        },
        "culture": {
            "background": (
                "Our injury rate was above the industry average and most problems were solved by managers, "
                "not by the teams who meet them. We want every person to go home safe and to improve their "
                "own work every day."
            ),
            "results": (
                "Lost-time injury frequency fell from 4.8 to 1.9 per million hours (target 2.0), with three "
                "yellow months and no red. Improvement ideas implemented reached 124 a month (target 120), "
                "with three yellow months."
            ),
            "analysis": (
                "Near-miss reports tripled once they could be made on a phone in two minutes and every report "
                "got an answer within a week. Huddles stuck where team leaders had been coached; where they "
                "had not, boards went stale within a month."
            ),
            "risks": (
                "Coaching capacity: one CI lead cannot coach 42 team leaders. Support needed: release two "
                "supervisors per plant as part-time coaches."
            ),
        },
    }


def _strategy_a3s(plan: Plan, cal: _Calendar) -> list[A3]:
    texts = _strategy_texts(cal)
    results = {m.id: plan.results_for(m.id) for m in plan.measures}
    a3s = []
    for key, _, _, _, _ in _STRATEGIES:
        strategy = next(s for s in plan.strategies if s.id == demo_id("strategy", key))
        objectives = plan.linked(SW, row_id=strategy.id)
        initiatives = {i for o in objectives for i in plan.linked(NW, row_id=o)}
        measures = set(plan.linked(SE, col_id=strategy.id))
        sections = [
            A3Section(key=box.key, heading=box.heading, body=texts[key][box.key])
            for box in LAYOUTS[A3Kind.STRATEGY]
            if box.content == "text"
        ]
        plan_rows = [
            PlanRow(
                who=plan.person_name(i.owner_id),
                what=i.title,
                when=f"{i.start.isoformat()} to {i.due.isoformat()}" if i.start and i.due else "",
                status=i.status.value.replace("_", " "),
            )
            for i in plan.initiatives
            if i.id in initiatives
        ][:5]
        followup_rows = [
            FollowUpRow(item=f"{m.name} ({m.unit})", plan=f"{m.target:g}", actual=f"{results[m.id][-1].actual:g}")
            for m in plan.measures
            if m.id in measures
        ]
        a3s.append(
            A3(
                id=demo_id("a3", key),
                kind=A3Kind.STRATEGY,
                subject_id=strategy.id,
                title=f"Strategy A3: {strategy.title}",
                owner_id=strategy.leader_id,
                mentor_id=_person(
                    "lena" if strategy.leader_id == _person("helen") else "helen"
                ),  # the CEO is coached by CI
                revised=cal.last_review,
                version="4",
                sections=sections,
                plan_rows=plan_rows,
                followup_rows=followup_rows,
            )
        )
    return a3s


_SEAL_LEAK_PLAN = (
    ("jonas", "Quarantine the batch; replace seals on pumps in stock", 8, "done"),
    ("ana", "Replace seals at the 8 customers", 9, "done"),
    ("jonas", "Change-notification clause in every supplier agreement", 10, "done"),
    ("sofia", "Hot-water test on one pump per shift", 10, "done"),
    ("jonas", "Supplier re-certified ship-to-line", 12, "on track"),
)


def _seal_leak_a3(cal: _Calendar) -> A3:
    """The problem-solving A3 behind the red complaints month."""
    red = cal.month_name(8)
    return A3(
        id=demo_id("a3", "seal-leaks"),
        kind=A3Kind.PROBLEM_SOLVING,
        subject_id=demo_id("initiative", "field-failures"),
        title="Shaft seals leaking at customer start-up",
        owner_id=_person("jonas"),
        mentor_id=_person("david"),
        revised=_month_end(cal.month(11)),
        version="3",
        sections=[
            A3Section(
                key="background",
                heading="Background",
                body=(
                    f"Complaints jumped to 33 in {red} against a plan of 25. Eleven of them were CP-series pumps "
                    "leaking at the shaft seal within an hour of start-up, at eight customers; two were water "
                    "utilities already watching our quality."
                ),
            ),
            A3Section(
                key="current",
                heading="Current condition",
                body=(
                    "All eleven pumps carried seals from one batch, from a supplier approved in the spring. Every "
                    "pump passed the hydraulic test, which runs for 90 seconds at ambient temperature. Seal leaks "
                    "had been under one a month for the two years before."
                ),
            ),
            A3Section(
                key="goal",
                heading="Goal / target",
                body="No seal leak at start-up from the month after next; complaints back on plan within two months.",
            ),
            A3Section(
                key="analysis",
                heading="Root-cause analysis",
                body=(
                    "Why did the seals leak? The seal faces were not flat enough for hot water. Why? The new "
                    "supplier laps the faces to a looser flatness than our drawing asks. Why was it not caught? "
                    "The supplier change skipped first-article inspection, and our 90-second cold test cannot "
                    "see the leak. Root causes: no change-notification rule for approved suppliers; a test that "
                    "does not reproduce the customer's conditions."
                ),
            ),
            A3Section(
                key="countermeasures",
                heading="Countermeasures",
                body=(
                    "Containment: quarantine the batch; replace seals on the 64 pumps in stock and at the 8 "
                    "customers. Permanent: first-article inspection on every supplier or process change, in the "
                    "supplier agreement; a 10-minute hot-water test for one pump per shift; flatness on the "
                    "incoming-inspection checklist until the supplier is certified ship-to-line."
                ),
            ),
        ],
        plan_rows=[
            PlanRow(who=_name(who), what=what, when=_month_end(cal.month(month)).isoformat(), status=status)
            for who, what, month, status in _SEAL_LEAK_PLAN
        ],
        followup_rows=[
            FollowUpRow(item=f"Seal leaks, {cal.month_name(8)}", plan="0", actual="11"),
            FollowUpRow(item=f"Seal leaks, {cal.month_name(9)}", plan="0", actual="2"),
            FollowUpRow(item=f"Seal leaks, {cal.month_name(10)}", plan="0", actual="0"),
            FollowUpRow(item=f"Seal leaks, {cal.month_name(11)}", plan="0", actual="0"),
        ],
    )


# --- reviews -------------------------------------------------------------------------------------


def _countermeasures(cal: _Calendar) -> list[Countermeasure]:
    """What the owners of the two red months did about them."""
    return [
        Countermeasure(
            id=demo_id("countermeasure", "parts-cutover"),
            measure_id=demo_id("measure", "parts"),
            month=cal.month(5).strftime("%Y-%m"),
            root_cause=(
                "The warehouse system cut-over was run as an IT project: picking lists printed in a new order "
                "and nobody owned the dispatch flow during the switch."
            ),
            action=(
                "Dispatch cell leader owns the flow; late-order board reviewed at 10:00 and 15:00 daily; "
                "pick sequence restored to bin order."
            ),
            owner_id=_person("ana"),
            due=cal.month(6) + timedelta(days=14),
        ),
        Countermeasure(
            id=demo_id("countermeasure", "seal-leaks"),
            measure_id=demo_id("measure", "complaints"),
            month=cal.month(8).strftime("%Y-%m"),
            root_cause=(
                "Seals from a newly approved supplier were lapped to a looser flatness; the change skipped "
                "first-article inspection and the cold test cannot see the leak (see the seal-leak A3)."
            ),
            action=(
                "Quarantine and replace the batch; first-article inspection on every supplier change; "
                "hot-water test on one pump per shift."
            ),
            owner_id=_person("jonas"),
            due=cal.month(9) + timedelta(days=20),
        ),
    ]


# --- catchball ----------------------------------------------------------------------------------


def _catchball(cal: _Calendar) -> tuple[list[CatchballStatus], list[CatchballEntry]]:
    """Every objective's state, and the thread in which the service-contract target was agreed."""
    states = [
        CatchballStatus(
            item_id=demo_id("objective", key),
            state=CatchballState.REVISED if key == "energy" else CatchballState.AGREED,
        )
        for key, _, _, _ in _OBJECTIVES
    ]
    thread = (
        (
            1,
            14,
            10,
            "priya",
            "Deployment leader",
            CatchballKind.COMMENT,
            "Proposal: service contracts on 30% of the installed base this year. Rationale: contract customers "
            "buy 2.4 times more parts, and the sensors give us the data for the E-series retrofit.",
        ),
        (
            1,
            14,
            35,
            "ana",
            "Department leader",
            CatchballKind.COUNTER_PROPOSAL,
            "30% means about 8,400 commissioning visits. With six technicians we can do about 6,400. "
            "Counter-proposal: 25%, plus two more field technicians from the second quarter.",
        ),
        (
            1,
            16,
            40,
            "martin",
            "Department leader",
            CatchballKind.COMMENT,
            "Remote monitoring will be ready for the first contracts: the sensor kit passed its field trial. "
            "Engineering can train the new technicians in month two.",
        ),
        (
            2,
            9,
            15,
            "priya",
            "Deployment leader",
            CatchballKind.COUNTER_PROPOSAL,
            "Revised: 25% this year with two technicians funded, and 30% stays the three-year aim of the "
            "service strategy.",
        ),
        (
            2,
            9,
            25,
            "ana",
            "Department leader",
            CatchballKind.AGREEMENT,
            "Agreed: 25%, two technicians from the second quarter, monthly review of visit capacity.",
        ),
        (
            2,
            9,
            30,
            "helen",
            "Executive",
            CatchballKind.AGREEMENT,
            "Agreed and funded. Thank you both: this is how we want targets to be set.",
        ),
    )
    objective = demo_id("objective", "contracts")
    entries = [
        CatchballEntry(
            id=demo_id("catchball", f"contracts-{n}"),
            item_id=objective,
            at=cal.at(day, hour, minute),
            who=_name(person),
            role=role,
            kind=kind,
            text=text,
        )
        for n, (day, hour, minute, person, role, kind, text) in enumerate(thread, start=1)
    ]
    return states, entries


# --- facilitation -----------------------------------------------------------------------------------

_AGENDA = (
    ("Day 1: welcome, purpose and ground rules", 20),
    ("Last year in review: bowling charts and lessons", 60),
    ("Aim of the system: check and refresh", 45),
    ("Breakthrough objectives for the next 3-5 years", 90),
    ("Lunch", 60),
    ("Annual objectives: catchball with department leaders", 120),
    ("Day 1 wrap-up: parking lot and open questions", 20),
    ("Day 2: strategic initiatives and operational improvements", 120),
    ("Measures: baselines, targets and owners", 90),
    ("Lunch", 45),
    ("X-matrix: trace the links, find the orphans", 60),
    ("People and capacity: who carries too much?", 45),
    ("A3 owners and the review cadence", 45),
    ("Decisions, next steps and close", 30),
)

_PARKING_LOT = (
    ("Who owns the data from remote monitoring: us or the customer?", "priya", False),
    ("One ERP for both plants: when, and who leads it?", "martin", False),
    ("Shift pattern change at Northvale needs works council consultation", "sofia", False),
    ("A fifth strategy for digital sales: revisit at next year's reset", "helen", True),
)

_VOTE_OPTIONS = (
    ("Error-proof the ten worst defect stations", 6),
    ("Closed-loop field failure analysis", 5),
    ("Spare-parts kanban and 48-hour dispatch", 4),
    ("Robot welding cell at Northvale", 3),
    ("Compressed-air leak hunt and heat recovery", 3),
    ("One ERP for both plants", 2),
    ("Customer self-service portal", 1),
)


def _facilitation(cal: _Calendar) -> dict[str, list]:
    agenda = [
        AgendaItem(id=demo_id("agenda", str(n)), title=title, minutes=minutes, done=True)
        for n, (title, minutes) in enumerate(_AGENDA, start=1)
    ]
    parking = [
        ParkingLotItem(id=demo_id("parking", str(n)), text=text, raised_by=_name(who), resolved=resolved)
        for n, (text, who, resolved) in enumerate(_PARKING_LOT, start=1)
    ]
    vote = DotVote(
        id=demo_id("vote", "operations"),
        question="Which improvement candidates do we fund this year?",
        dots_per_person=3,
        options=[VoteOption(label=label, dots=dots) for label, dots in _VOTE_OPTIONS],
    )
    decisions = [
        (
            1,
            12,
            5,
            "helen",
            "Four breakthrough objectives for the next three to five years; a fifth, digital sales, is parked "
            "until next year's reset.",
        ),
        (
            2,
            9,
            30,
            "priya",
            "Service contracts target set at 25% of the installed base, with two field technicians funded.",
        ),
        (
            2,
            11,
            50,
            "helen",
            "The top three candidates of the dot vote are funded, and the compressed-air leak hunt too, as it "
            "pays for itself within the year; the robot welding cell waits for next year.",
        ),
        (
            2,
            15,
            20,
            "helen",
            "Strategic initiatives are reviewed monthly by the leadership team; operational improvements in "
            "the plants' daily management. Monthly review on the first Tuesday, alignment check each quarter.",
        ),
    ]
    return {
        "agenda": agenda,
        "parking_lot": parking,
        "votes": [vote],
        "decisions": [
            Decision(id=demo_id("decision", str(n)), text=text, made_at=cal.at(day, hour, minute), made_by=_name(who))
            for n, (day, hour, minute, who, text) in enumerate(decisions, start=1)
        ],
    }


def build_demo_plan(today: date | None = None) -> Plan:
    """The complete Brennmoor Pumps plan, dated so that its plan year ended last month."""
    cal = _Calendar(today or date.today())
    states, entries = _catchball(cal)
    plan = Plan(
        title=f"{ORGANIZATION} strategy deployment",
        organization=ORGANIZATION,
        period=f"FY{cal.year}",
        version="4",
        aim=AIM,
        strategies=_strategies(cal),
        objectives=_objectives(),
        initiatives=_initiatives(cal),
        measures=_measures(),
        people=_people(),
        correlations=_correlations(),
        marks=_marks(),
        monthly_results=_monthly_results(cal),
        countermeasures=_countermeasures(cal),
        catchball_states=states,
        catchball_entries=entries,
        **_facilitation(cal),
    )
    plan.a3s = [*_strategy_a3s(plan, cal), _seal_leak_a3(cal)]
    from hoshin_tui.core.codes import fill_codes

    return fill_codes(plan)
