"""JSON interchange is lossless, for any text a room might type or paste."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hoshin_tui.core.codes import fill_codes
from hoshin_tui.export.json_io import json_schema, plan_from_json, plan_to_json
from hoshin_tui.model.enums import Corner, Strength
from hoshin_tui.model.plan import (
    A3,
    A3Section,
    AnnualObjective,
    Correlation,
    Initiative,
    Measure,
    MonthlyResult,
    Person,
    Plan,
    Strategy,
)
from hoshin_tui.store import SessionStore

SPECIAL = [
    "مرحبا بالعالم",  # Arabic, right to left
    "שלום עולם",  # Hebrew
    "👩‍👩‍👧 🇯🇵 ✅",  # emoji with joiners and flags
    "\x00\x07\x1b[31mred\x1b[0m\r\n\t",  # control characters
    "a\u202eb\u200fc",  # bidi overrides
    "<b>bold</b> & {{ jinja }} '; DROP TABLE strategies; --",
    "x" * 100_000,  # a pasted essay
]
texts = st.one_of(st.text(st.characters(exclude_categories=("Cs",)), max_size=40), st.sampled_from(SPECIAL))
titles = texts.filter(lambda t: t.strip() != "")
numbers = st.none() | st.floats(allow_nan=False, allow_infinity=False, width=64)


@st.composite
def plans(draw) -> Plan:
    people = [Person(name=draw(titles), department=draw(texts)) for _ in range(draw(st.integers(0, 3)))]
    person_ids = [None] + [p.id for p in people]
    strategies = [
        Strategy(title=draw(titles), description=draw(texts), leader_id=draw(st.sampled_from(person_ids)))
        for _ in range(draw(st.integers(0, 3)))
    ]
    objectives = [AnnualObjective(title=draw(titles)) for _ in range(draw(st.integers(0, 3)))]
    initiatives = [
        Initiative(title=draw(titles), tactics=draw(texts), kind=draw(st.sampled_from(["strategic", "operational"])))
        for _ in range(draw(st.integers(0, 2)))
    ]
    measures = [
        Measure(name=draw(titles), unit=draw(texts), baseline=draw(numbers), target=draw(numbers))
        for _ in range(draw(st.integers(0, 2)))
    ]
    correlations = [
        Correlation(
            corner=Corner.STRATEGY_OBJECTIVE, row_id=s.id, col_id=o.id, strength=draw(st.sampled_from(Strength))
        )
        for s in strategies
        for o in objectives
        if draw(st.booleans())
    ]
    results = [
        MonthlyResult(measure_id=m.id, month=f"2027-{month:02d}", plan=draw(numbers), actual=draw(numbers))
        for m in measures
        for month in range(1, draw(st.integers(1, 3)) + 1)
    ]
    a3s = [
        A3(title=draw(titles), sections=[A3Section(key="background", heading="Background", body=draw(texts))])
        for _ in range(draw(st.integers(0, 1)))
    ]
    plan = Plan(
        title=draw(texts),
        aim=draw(texts),
        people=people,
        strategies=strategies,
        objectives=objectives,
        initiatives=initiatives,
        measures=measures,
        correlations=correlations,
        monthly_results=results,
        a3s=a3s,
    )
    return fill_codes(plan) if draw(st.booleans()) else plan  # a session gives codes to the items without


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(plans())
def test_json_round_trip_is_lossless(plan):
    assert plan_from_json(plan_to_json(plan)) == plan


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(plan=plans())
def test_store_round_trip_is_lossless(plan, tmp_path_factory):
    path = tmp_path_factory.mktemp("rt") / "plan.sqlite"
    with SessionStore.create(path, plan) as store:
        loaded = store.load()
    assert plan_to_json(loaded) == plan_to_json(fill_codes(plan))


def test_published_schema_is_current():
    from pathlib import Path

    published = Path(__file__).parents[1] / "docs" / "plan.schema.json"
    assert published.read_text(encoding="utf-8") == json_schema(), "regenerate docs/plan.schema.json"


def test_schema_describes_the_export():
    import jsonschema

    from tests.plans import small_plan

    jsonschema.validate(json.loads(plan_to_json(small_plan())), json.loads(json_schema()))
