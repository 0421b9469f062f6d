"""The annual reset (issue 14): close the year, copy the plan into a new session, print the review."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from hoshin_tui.cli import main
from hoshin_tui.core.review import plan_year
from hoshin_tui.core.rollforward import (
    RollForwardRefused,
    achievement,
    carried_from,
    close_year,
    default_session_name,
    roll_forward,
)
from hoshin_tui.core.workspace import Workspace
from hoshin_tui.export.demo import build_demo_plan
from hoshin_tui.model.enums import (
    A3Kind,
    CarryDecision,
    CatchballState,
    CountermeasureStatus,
    Direction,
    InitiativeStatus,
)
from hoshin_tui.model.plan import Plan
from hoshin_tui.store import SessionStore

TODAY = date(2026, 12, 2)
DECIDED = ("strategies", "objectives", "initiatives", "measures")
ROLL = ("--workspace",)
GOING = (CarryDecision.CARRIED, CarryDecision.MODIFIED)


@pytest.fixture(scope="module")
def demo() -> Plan:
    return build_demo_plan(TODAY)


def _sessions(tmp_path: Path) -> Path:
    return tmp_path / "sessions"


def _roll_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str, name: str = "next") -> tuple[Plan, str]:
    workspace = Workspace(tmp_path)
    if not workspace.session_path("demo").exists():
        workspace.create("demo", build_demo_plan(TODAY)).close()
    code = main(
        ["--workspace", str(tmp_path), "roll-forward", "demo", "--period", "FY2027", "--no-tui", "--name", name, *extra]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    with SessionStore.open(workspace.session_path(name), read_only=True) as store:
        assert store.history() == []  # the undo history starts empty
        return store.load(), out.out


def _old(tmp_path: Path) -> Plan:
    with SessionStore.open(Workspace(tmp_path).session_path("demo"), read_only=True) as store:
        return store.load()


def test_the_old_session_file_is_byte_for_byte_what_it_was(tmp_path, capsys):
    Workspace(tmp_path).create("demo", build_demo_plan(TODAY)).close()
    before = {p.name: p.read_bytes() for p in _sessions(tmp_path).iterdir()}
    new, out = _roll_demo(tmp_path, capsys)
    after = {p.name: p.read_bytes() for p in _sessions(tmp_path).iterdir() if p.name != "next.sqlite"}
    assert after == before  # no byte changed, no -wal or -shm left beside it
    assert "demo.sqlite was left as it was" in out
    assert new.derived_from == "demo" and new.derived_from_period == "FY2026" and new.period == "FY2027"
    assert new.version == "1"
    assert not list(_sessions(tmp_path).glob(".*partial*"))


def test_every_carried_item_has_every_field_its_code_and_its_lineage(tmp_path, capsys):
    new, _ = _roll_demo(tmp_path, capsys)
    old = _old(tmp_path)
    people = {o.id: n.id for o, n in zip(old.people, new.people, strict=True)}
    for kind in DECIDED:
        by_source = {r.source_id: r for r in new.lineage if r.kind == kind}
        assert set(by_source) == {item.id for item in getattr(old, kind)}  # a record for every decision
        olds = {item.id: item for item in getattr(old, kind)}
        for item in getattr(new, kind):
            record = next(r for r in new.lineage if r.new_id == item.id)
            assert record.source_file == "demo.sqlite" and record.decision in (
                CarryDecision.CARRIED,
                CarryDecision.MODIFIED,
            )
            source = olds[record.source_id]
            assert item.id != source.id and item.code == source.code  # new id, code kept
            fresh, was = item.model_dump(), source.model_dump()
            assert fresh.keys() == was.keys()
            for name, value in was.items():
                if name == "id" or (kind == "measures" and name in ("baseline", "target")):
                    continue
                expected = people.get(value, value) if name.endswith("_id") else value
                assert fresh[name] == expected, (kind, item.code, name)
    for old_person, new_person in zip(old.people, new.people, strict=True):
        assert new_person.model_dump() == {**old_person.model_dump(), "id": people[old_person.id]}


def test_the_defaults_of_the_issue(demo):
    close = close_year(demo, source_name="demo", period="FY2027")
    by_code = {d.code: d.decision for d in close.decisions}
    assert all(by_code[s.code] is CarryDecision.CARRIED for s in demo.strategies)  # horizons run past 2027
    assert all(by_code[o.code] is CarryDecision.MODIFIED for o in demo.objectives)
    for initiative in demo.initiatives:
        done = initiative.status is InitiativeStatus.DONE
        assert by_code[initiative.code] is (CarryDecision.DONE if done else CarryDecision.CARRIED)
    assert all(by_code[m.code] is CarryDecision.CARRIED for m in demo.measures)
    ended = demo.model_copy(deep=True)
    ended.strategies[0].horizon = "2024-2026"
    assert close_year(ended, source_name="demo", period="FY2027").decisions[0].decision is CarryDecision.DONE


def test_new_baselines_are_the_final_actuals_targets_empty_months_empty(tmp_path, capsys):
    new, _ = _roll_demo(tmp_path, capsys)
    old = _old(tmp_path)
    close = close_year(old, source_name="demo", period="FY2027")
    finals = {r.source_id: r.final_actual for r in close.results}
    last_year, this_year = plan_year(old), plan_year(new)
    assert this_year.previous() == last_year  # the review shows the new year, last year's row before it
    for measure in new.measures:
        record = next(r for r in new.lineage if r.new_id == measure.id)
        assert measure.baseline == finals[record.source_id] is not None
        assert measure.target is None
        rows = {r.month: r for r in new.results_for(measure.id)}
        assert [rows[m].model_dump(exclude={"measure_id"}) for m in last_year.months] == [
            r.model_dump(exclude={"measure_id"}) for r in old.results_for(record.source_id)
        ]
        assert all(rows[m].plan is None and rows[m].actual is None for m in this_year.months)  # empty months
    results = {r.source_code: r for r in new.year_end_results}
    assert set(results) == {m.code for m in old.measures}


def test_achievement_is_the_share_of_the_planned_improvement_in_the_measures_direction():
    assert achievement(Direction.HIGHER, 90, 100, 95) == 0.5
    assert achievement(Direction.LOWER, 38, 19, 19) == 1.0
    assert achievement(Direction.LOWER, 38, 19, 40) < 0  # went the wrong way
    assert achievement(Direction.HIGHER, 90, 80, 95) is None  # no improvement was planned
    assert achievement(Direction.HIGHER, 90, 100, None) is None


def test_no_link_points_at_an_item_left_behind_and_each_is_reported(tmp_path, capsys):
    new, out = _roll_demo(tmp_path, capsys)
    old = _old(tmp_path)
    ids = {item.id for kind in DECIDED for item in getattr(new, kind)}
    for cell in new.correlations:
        assert cell.row_id in ids and cell.col_id in ids
    for mark in new.marks:
        assert mark.item_id in ids and mark.person_id in {p.id for p in new.people}
    codes = {item.id: item.code for kind in DECIDED for item in getattr(old, kind)}
    behind = {r.source_id for r in new.lineage if r.new_id is None and r.kind in DECIDED}
    assert behind  # the demo's done initiatives
    dropped_cells = [c for c in old.correlations if c.row_id in behind or c.col_id in behind]
    for cell in dropped_cells:
        assert f"matrix cell {codes[cell.row_id]} × {codes[cell.col_id]}" in out
    assert len(new.correlations) == len(old.correlations) - len(dropped_cells)


def test_an_undecided_item_blocks_creation(tmp_path, capsys, demo):
    close = close_year(demo, source_name="demo", period="FY2027")
    close.decide("I1", CarryDecision.UNDECIDED)
    with pytest.raises(RollForwardRefused, match=r"1 item still undecided .*I1"):
        roll_forward(demo, close)

    plan = demo.model_copy(deep=True)
    plan.initiatives[1].status = InitiativeStatus.NOT_STARTED  # the wizard asks about these
    workspace = Workspace(tmp_path)
    workspace.create("fy2026", plan).close()
    args = ["--workspace", str(tmp_path), "roll-forward", "fy2026", "--period", "FY2027", "--no-tui"]
    assert main(args) == 1
    assert "still undecided" in capsys.readouterr().err
    assert not workspace.session_path("fy2027").exists()
    assert main([*args, "--decide", f"{plan.initiatives[1].code}=dropped"]) == 0
    assert workspace.session_path("fy2027").exists()  # fy2026 -> fy2027


def test_rolling_forward_twice_gives_two_independent_sessions(tmp_path, capsys):
    first, _ = _roll_demo(tmp_path, capsys, name="one")
    second, _ = _roll_demo(tmp_path, capsys, name="two")
    assert {s.id for s in first.strategies}.isdisjoint(s.id for s in second.strategies)
    with SessionStore.open(Workspace(tmp_path).session_path("one")) as store:
        strategy = store.load().strategies[0]
        store.save(strategy.model_copy(update={"title": "Rewritten next year"}))
    with SessionStore.open(Workspace(tmp_path).session_path("two"), read_only=True) as store:
        assert store.load().strategies[0].title == second.strategies[0].title != "Rewritten next year"
    assert _old(tmp_path).strategies[0].title == second.strategies[0].title
    assert (
        main(["--workspace", str(tmp_path), "roll-forward", "demo", "--period", "FY2027", "--no-tui", "--name", "one"])
        == 1
    )
    assert "already exists" in capsys.readouterr().err


def test_loose_ends_catchball_and_a3s(tmp_path, capsys):
    new, _ = _roll_demo(tmp_path, capsys)
    old = _old(tmp_path)
    # catchball restarts at draft, with a turn naming last year's thread
    carried = {r.new_id for r in new.lineage if r.kind in DECIDED and r.new_id}
    assert new.catchball_states and all(s.state is CatchballState.DRAFT for s in new.catchball_states)
    assert {s.item_id for s in new.catchball_states} <= carried
    assert all("Last year's thread" in e.text and "demo.sqlite" in e.text for e in new.catchball_entries)
    # strategy A3s as drafts; the open problem-solving A3 carries; status A3s stay behind
    strategy_a3s = [a for a in new.a3s if a.kind is A3Kind.STRATEGY]
    assert len(strategy_a3s) == len(new.strategies) and all(a.version == "draft" for a in strategy_a3s)
    assert {a.subject_id for a in strategy_a3s} == {s.id for s in new.strategies}
    assert [a.title for a in new.a3s if a.kind is A3Kind.PROBLEM_SOLVING] == [
        a.title for a in old.a3s if a.kind is A3Kind.PROBLEM_SOLVING
    ]
    # open parking-lot items come along, each with where it came from
    open_parked = [p.text for p in old.parking_lot if p.outcome.value == "open"]
    assert [p.text for p in new.parking_lot] == open_parked
    assert all(carried_from(new, p.id).startswith("carried from demo") for p in new.parking_lot)
    assert new.agenda == [] and new.votes == []  # the next off-site makes its own


def test_open_countermeasures_come_along_with_where_they_came_from(demo):
    plan = demo.model_copy(deep=True)
    plan.countermeasures[0].status = CountermeasureStatus.OPEN  # still open; the others were judged
    close = close_year(plan, source_name="demo", period="FY2027")
    rolled = roll_forward(plan, close)
    [carried] = rolled.plan.countermeasures
    assert carried.action == plan.countermeasures[0].action and carried.id != plan.countermeasures[0].id
    assert carried.measure_id in {m.id for m in rolled.plan.measures}
    assert carried_from(rolled.plan, carried.id) == "carried from demo"
    measure_code = next(m.code for m in plan.measures if m.id == plan.countermeasures[0].measure_id)
    close.decide(measure_code, CarryDecision.DROPPED)
    rolled = roll_forward(plan, close)
    assert rolled.plan.countermeasures == []
    assert any("open countermeasure" in line and f"{measure_code} was dropped" in line for line in rolled.report)


def test_the_year_end_a3_holds_every_strategy_and_every_decision(tmp_path, capsys):
    _roll_demo(tmp_path, capsys)
    out = tmp_path / "exports" / "review.pdf"
    assert main(["--workspace", str(tmp_path), "export", "yearend", "next", "-o", str(out)]) == 0, (
        capsys.readouterr().err
    )
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert abs(float(reader.pages[0].mediabox.width) - 1190.55) < 0.5
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")
    old = _old(tmp_path)
    close = close_year(old, source_name="demo", period="FY2027")
    assert "Year-endreviewFY2026" in text
    for strategy in old.strategies:
        assert strategy.title.replace(" ", "") in text
    for decision in close.decisions:
        assert f"{decision.code}{decision.title}{decision.decision.value}".replace(" ", "") in text
    for result in close.results:
        assert f"{result.achievement:.0%}" in text


def test_the_year_end_a3_of_a_session_never_rolled_is_refused_in_one_line(tmp_path, capsys):
    Workspace(tmp_path).create("demo", build_demo_plan(TODAY)).close()
    assert main(["--workspace", str(tmp_path), "export", "yearend", "demo"]) == 1
    assert "was not rolled forward" in capsys.readouterr().err


def test_default_names():
    assert default_session_name("fy2026", "FY2026", "FY2027") == "fy2027"
    assert default_session_name("acme-fy2026-offsite", "FY2026", "FY2027") == "acme-fy2027-offsite"
    assert default_session_name("demo", "FY2026", "FY2027") == "demo-fy2027"


def test_the_same_period_is_refused(demo):
    with pytest.raises(RollForwardRefused, match="already FY2026"):
        close_year(demo, source_name="demo", period="FY2026")


def test_the_health_panel_asks_for_the_targets_of_carried_measures(tmp_path, capsys):
    from hoshin_tui.core.health import check_plan, summary

    new, _ = _roll_demo(tmp_path, capsys)
    found = [f for f in check_plan(new) if f.rule == "no target"]
    assert {f.item_id for f in found} == {m.id for m in new.measures}
    assert "has no target for FY2027: baseline 28.75 from FY2026; the room sets one" in found[0].message
    assert "8 targets to set" in summary(check_plan(new))
    assert not [f for f in check_plan(_old(tmp_path)) if f.rule == "no target"]


def test_open_actions_come_along_and_point_at_the_new_items(demo):
    from hoshin_tui.model.enums import DecisionKind, DecisionStatus

    plan = demo.model_copy(deep=True)
    action = next(d for d in plan.decisions if d.kind is DecisionKind.ACTION and d.related_ids)
    action.status = DecisionStatus.OPEN
    action.related_ids = [plan.initiatives[0].id, plan.initiatives[1].id]  # I5 is done (stays behind), I1 carries
    rolled = roll_forward(plan, close_year(plan, source_name="demo", period="FY2027"))
    [carried] = rolled.plan.decisions
    assert carried.text == action.text and carried.id != action.id
    assert carried.related_ids == [rolled.carried[plan.initiatives[1].id]]
    assert carried.owner_id == rolled.carried[action.owner_id]
    assert carried_from(rolled.plan, carried.id) == "carried from demo"
