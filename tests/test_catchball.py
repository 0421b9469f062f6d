"""Catchball rules without a screen: the moves, the ball holder, and a counter-proposal that changes the plan."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hoshin_tui.core import catchball as cb
from hoshin_tui.model.enums import CatchballKind, CatchballState
from hoshin_tui.model.plan import CatchballStatus, Measure, Person, Plan, Strategy
from hoshin_tui.store import SessionStore

S = CatchballState
NOW = datetime(2027, 1, 20, 10, 0, tzinfo=UTC)
ALLOWED = {
    (S.DRAFT, S.IN_REVIEW),
    (S.IN_REVIEW, S.REVISED),
    (S.IN_REVIEW, S.AGREED),
    (S.IN_REVIEW, S.REJECTED),
    (S.REVISED, S.IN_REVIEW),
    (S.REVISED, S.AGREED),
    (S.AGREED, S.IN_REVIEW),
    (S.REJECTED, S.DRAFT),
}


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("new", list(S))
def test_every_transition_is_allowed_or_refused_in_one_sentence(current, new):
    problem = cb.refusal(current, new, reason="because", name="O3 'Contracts'")
    if (current, new) in ALLOWED:
        assert problem is None
        cb.check_transition(current, new, reason="because")
    else:
        assert problem and problem.startswith("O3 'Contracts' is ") and "\n" not in problem
        with pytest.raises(cb.CatchballRefused, match="O3 'Contracts' is"):
            cb.check_transition(current, new, name="O3 'Contracts'")


@pytest.mark.parametrize(("current", "new"), [(S.AGREED, S.IN_REVIEW), (S.IN_REVIEW, S.REJECTED)])
def test_reopening_and_rejecting_need_a_reason(current, new):
    assert "needs a reason" in cb.refusal(current, new, reason="  ")
    assert cb.refusal(current, new, reason="the budget was cut") is None


def people_plan() -> Plan:
    exec_ = Person(id="pe_exec", name="Helen Marsh", role="executive")
    lead = Person(id="pe_lead", name="Priya Raman", role="deployment_leader")
    dept = Person(id="pe_dept", name="Ana Ferreira", role="department_leader")
    return Plan(
        people=[exec_, lead, dept],
        strategies=[Strategy(id="st_1", code="S1", title="Grow service", leader_id=lead.id)],
        measures=[
            Measure(id="me_1", code="M1", name="Contracts", unit="%", baseline=9, target=30, owner_id=dept.id),
        ],
    )


def apply(store: SessionStore, change: cb.CatchballChange) -> Plan:
    cb.apply_change(store, change)
    return store.load()


@pytest.fixture
def store(tmp_path):
    with SessionStore.create(tmp_path / "cb.sqlite", people_plan()) as opened:
        yield opened


def test_a_round_moves_along_the_rules_and_the_ball_goes_to_whoever_must_answer(store):
    plan = store.load()
    plan = apply(store, cb.send_for_review(plan, "me_1", who_id="pe_lead", to_id="pe_dept", text="30%?", now=NOW))
    assert cb.state_of(plan, "me_1") is S.IN_REVIEW
    [item] = [row for row in cb.catchball_items(plan) if row.item_id == "me_1"]
    assert item.holder_id == "pe_dept"
    assert item.days_since_last_throw(NOW + timedelta(days=21, hours=1)) == 21
    question = cb.remark(plan, "me_1", who_id="pe_dept", kind=CatchballKind.QUESTION, text="With whom?", now=NOW)
    plan = apply(store, question)
    assert cb.state_of(plan, "me_1") is S.IN_REVIEW  # a remark never moves the state
    plan = apply(store, cb.reject(plan, "me_1", who_id="pe_dept", to_id="pe_lead", reason="No technicians", now=NOW))
    assert cb.state_of(plan, "me_1") is S.REJECTED
    assert cb.ball_holder(cb.thread_of(plan, "me_1")) == "pe_lead"
    with pytest.raises(cb.CatchballRefused, match="rework it into a draft first"):
        cb.accept(plan, "me_1", who_id="pe_lead")
    plan = apply(store, cb.rework(plan, "me_1", who_id="pe_lead", now=NOW))
    assert cb.state_of(plan, "me_1") is S.DRAFT
    assert [e.kind for e in cb.thread_of(plan, "me_1")] == ["comment", "question", "rejection", "comment"]


def test_an_accepted_counter_proposal_changes_the_item_and_one_undo_takes_back_all_of_it(store):
    plan = store.load()
    plan = apply(store, cb.send_for_review(plan, "me_1", who_id="pe_lead", to_id="pe_dept", text="30%", now=NOW))
    proposal = cb.make_proposal(plan, "me_1", "target", "25")
    assert (proposal.field, proposal.from_value, proposal.to_value) == ("target", "30", "25")
    change = cb.counter_propose(plan, "me_1", who_id="pe_dept", to_id="pe_lead", text="", proposal=proposal)
    plan = apply(store, change)
    assert cb.state_of(plan, "me_1") is S.REVISED
    offer = cb.pending_proposal(cb.thread_of(plan, "me_1"))
    assert offer is not None and offer.text == "Counter-proposal: target 25"
    entries_before = len(plan.catchball_entries)

    plan = apply(store, cb.accept(plan, "me_1", who_id="pe_lead", now=NOW))
    assert plan.measures[0].target == 25
    assert cb.state_of(plan, "me_1") is S.AGREED
    agreement = cb.thread_of(plan, "me_1")[-1]
    assert agreement.accepts_id == offer.id and agreement.text == "Agreed: target 25"
    assert cb.acceptance(plan.catchball_entries, offer) == agreement
    assert cb.pending_proposal(cb.thread_of(plan, "me_1")) is None
    assert store.history(1)[0].label.startswith("accept counter-proposal on M1")

    assert store.undo() is not None
    plan = store.load()
    assert plan.measures[0].target == 30
    assert cb.state_of(plan, "me_1") is S.REVISED
    assert len(plan.catchball_entries) == entries_before


def test_accepting_a_proposal_whose_field_has_changed_since_is_refused(store):
    plan = store.load()
    plan = apply(store, cb.send_for_review(plan, "me_1", who_id="pe_lead", to_id="pe_dept", text="30%"))
    proposal = cb.make_proposal(plan, "me_1", "target", "25")
    plan = apply(store, cb.counter_propose(plan, "me_1", who_id="pe_dept", to_id="pe_lead", text="", proposal=proposal))
    measure = plan.measures[0].model_copy(update={"target": 28.0})
    store.save(measure)
    plan = store.load()
    with pytest.raises(cb.CatchballRefused, match="target of M1 'Contracts' is 28 now, not 30"):
        cb.accept(plan, "me_1", who_id="pe_lead")


def test_proposals_are_checked_against_the_item(store):
    plan = store.load()
    with pytest.raises(cb.CatchballRefused, match="has no due to propose: choose target, baseline, owner, title"):
        cb.make_proposal(plan, "me_1", "due", "2027-06-30")
    with pytest.raises(cb.CatchballRefused, match="must be a number, got 'lots'"):
        cb.make_proposal(plan, "me_1", "target", "lots")
    with pytest.raises(cb.CatchballRefused, match="Zed is not a person of this plan"):
        cb.make_proposal(plan, "st_1", "owner", "Zed")
    assert cb.make_proposal(plan, "st_1", "owner", "helen marsh").to_value == "pe_exec"
    with pytest.raises(cb.CatchballRefused, match="already 30"):
        cb.make_proposal(plan, "me_1", "target", "30")


def test_turns_need_people_of_the_plan_and_text(store):
    plan = store.load()
    with pytest.raises(cb.CatchballRefused, match="Choose who speaks"):
        cb.remark(plan, "me_1", who_id="pe_nobody", text="hi")
    with pytest.raises(cb.CatchballRefused, match="needs some text"):
        cb.remark(plan, "me_1", who_id="pe_lead", text=" ")
    with pytest.raises(cb.CatchballRefused, match="cannot throw the ball to themselves"):
        cb.send_for_review(plan, "me_1", who_id="pe_lead", to_id="pe_lead")
    with pytest.raises(cb.CatchballRefused, match="M1 'Contracts' is draft: throw it for review first"):
        cb.counter_propose(plan, "me_1", who_id="pe_dept", to_id="pe_lead", text="less")
    with pytest.raises(cb.CatchballRefused, match="only an agreed item is reopened"):
        cb.reopen(plan, "me_1", who_id="pe_lead", reason="why not")


def test_reopening_an_agreed_item_needs_a_reason_and_puts_it_back_in_review(store):
    plan = store.load()
    store.save(CatchballStatus(item_id="st_1", state=S.AGREED))
    plan = store.load()
    with pytest.raises(cb.CatchballRefused, match="needs a reason"):
        cb.reopen(plan, "st_1", who_id="pe_exec", reason="")
    plan = apply(store, cb.reopen(plan, "st_1", who_id="pe_exec", to_id="pe_lead", reason="Budget cut by a third"))
    assert cb.state_of(plan, "st_1") is S.IN_REVIEW
    assert cb.ball_holder(cb.thread_of(plan, "st_1"), S.IN_REVIEW) == "pe_lead"


def test_levels_group_the_items_and_nobody_holds_the_ball_of_an_agreed_item(store):
    plan = store.load()
    rows = cb.catchball_items(plan)
    shown = [(row.kind, row.code, row.state) for row in rows]
    assert shown == [("strategies", "S1", S.DRAFT), ("measures", "M1", S.DRAFT)]
    assert cb.level_of("strategies").upper.value == "executive"
    assert cb.level_of("initiatives") is cb.LEVELS[1]
    assert rows[0].holder_id is None and rows[0].days_since_last_throw(NOW) is None
    assert cb.suggested_pair(plan, rows[0]) == ("pe_exec", "pe_lead")
    plan = apply(store, cb.send_for_review(plan, "st_1", who_id="pe_exec", to_id="pe_lead", text="go"))
    plan = apply(store, cb.accept(plan, "st_1", who_id="pe_lead", text="Yes"))
    [row] = [r for r in cb.catchball_items(plan) if r.item_id == "st_1"]
    assert row.holder_id is None and cb.STATE_MARKS[row.state] == "A"


FIXTURE_V3 = Path(__file__).parent / "fixtures" / "session-v3.sqlite"
PLAN_V3 = Path(__file__).parent / "fixtures" / "plan-v3.json"


def test_format_3_speakers_become_people_where_the_name_matches(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURE_V3, path)
    raw = sqlite3.connect(path)
    first = "SELECT min(rowid) FROM catchball_entries"
    raw.execute(f"UPDATE catchball_entries SET who = 'A visitor' WHERE rowid = ({first})")
    raw.commit()
    raw.close()
    with SessionStore.open(path) as opened:
        plan = opened.load()
    names = {p.id: p.name for p in plan.people}
    assert plan.catchball_entries
    for entry in plan.catchball_entries:
        if entry.who == "A visitor":
            assert entry.who_id is None and cb.who_label(plan, entry) == "A visitor"
        else:
            assert names[entry.who_id] == entry.who


def test_format_3_json_speakers_become_people_too():
    from hoshin_tui.export.json_io import plan_from_json

    plan = plan_from_json(PLAN_V3.read_text(encoding="utf-8"))
    names = {p.id: p.name for p in plan.people}
    assert plan.catchball_entries
    assert all(names[entry.who_id] == entry.who for entry in plan.catchball_entries)


# --- health and the X-matrix marks -----------------------------------------------------------------


def round_plan() -> Plan:
    """S1 agreed; M1 thrown and waiting 20 days on the department leader; nothing else thrown."""
    from hoshin_tui.model.plan import AnnualObjective, CatchballEntry

    plan = people_plan()
    plan.objectives.append(AnnualObjective(id="ob_1", code="O1", title="Contracts on 25%", owner_id="pe_lead"))
    plan.catchball_entries = [
        CatchballEntry(id="cb_1", item_id="st_1", at=NOW, who_id="pe_exec", to_id="pe_lead", text="Go?"),
        CatchballEntry(id="cb_2", item_id="st_1", at=NOW, who_id="pe_lead", to_id="pe_exec", kind="agreement"),
        CatchballEntry(id="cb_3", item_id="me_1", at=NOW, who_id="pe_lead", to_id="pe_dept", text="30%?"),
    ]
    plan.catchball_states = [
        CatchballStatus(item_id="st_1", state=S.AGREED),
        CatchballStatus(item_id="me_1", state=S.IN_REVIEW),
    ]
    return plan


def test_health_warns_of_items_never_thrown_not_agreed_and_a_ball_held_too_long():
    from hoshin_tui.core.catchball_health import catchball_findings
    from hoshin_tui.core.health import check_plan

    plan = round_plan()
    found = catchball_findings(plan, NOW + timedelta(days=20))
    assert [(f.rule, f.item_id, f.kind) for f in found] == [
        ("never thrown", "ob_1", "catchball_states"),  # S1 was thrown, so its level has begun
        ("not agreed", "me_1", "catchball_states"),
        ("ball held", "me_1", "catchball_states"),
    ]
    assert found[0].message == "1 annual objective never thrown in catchball: O1"
    assert found[2].message == "M1 'Contracts': the ball has been with Ana Ferreira for 20 days"
    assert [f.rule for f in catchball_findings(plan, NOW + timedelta(days=14))] == ["never thrown", "not agreed"]
    # A plan that has not begun catchball (or holds only format-3 threads, thrown to no one) hears nothing of it.
    assert catchball_findings(people_plan(), NOW) == []
    plan.catchball_entries = [e.model_copy(update={"to_id": None}) for e in plan.catchball_entries]
    assert catchball_findings(plan, NOW) == []
    assert "never thrown" not in {f.rule for f in check_plan(people_plan())}


def test_the_x_matrix_marks_each_code_with_its_state_once_catchball_has_begun():
    from hoshin_tui.export.xmatrix import catchball_marks, xmatrix_html
    from hoshin_tui.tui.widgets.matrix_model import GridBuilder

    plan = round_plan()
    assert cb.state_marks(plan) == {"st_1": "A", "ob_1": "D", "me_1": "R"}
    assert cb.state_marks(people_plan()) == {}
    grids = GridBuilder().grids(plan)
    assert [(axis.code, axis.mark) for axis in grids["se"].rows] == [("M1", "R")]
    assert [(axis.code, axis.mark) for axis in grids["se"].cols] == [("S1", "A")]
    assert catchball_marks(plan) == {"S1": "A", "O1": "D", "M1": "R"}
    html, _ = xmatrix_html(plan)
    assert '<b>S1</b><span class="cb">A</span>' in html or 'S1<span class="cb">A</span>' in html
    assert "<b>Catchball</b> D draft" in html
    plain, _ = xmatrix_html(people_plan())
    assert 'class="cb"' not in plain and "<b>Catchball</b>" not in plain


def test_the_printed_x_matrix_of_the_demo_carries_the_marks(tmp_path):
    from datetime import date

    from pypdf import PdfReader

    from hoshin_tui.export.demo import build_demo_plan
    from hoshin_tui.export.xmatrix import export_xmatrix

    path = tmp_path / "demo-xmatrix.pdf"
    result = export_xmatrix(build_demo_plan(date(2027, 1, 15)), path)
    text = PdfReader(path).pages[0].extract_text()
    assert "Catchball D draft · R in review · V revised · A agreed · X rejected" in text
    assert "I4V" in text and "M3A" in text  # the reopened retrofit kit is revised; the contract target agreed
    assert result.warnings == [] and result.pages == 1
