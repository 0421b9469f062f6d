"""The session record PDF: A4 portrait, everything of the day in it, user text printed as text."""

from __future__ import annotations

import re
from datetime import date

import pytest
from pypdf import PdfReader

from hoshin_tui.core.plan_changes import read_history, summarise
from hoshin_tui.export.demo import build_demo_plan
from hoshin_tui.export.record import export_record, export_session_record
from hoshin_tui.model.plan import Decision, DotVote, Initiative, ParkingLotItem, Plan, VoteOption
from hoshin_tui.store import SessionStore

A4 = (595.28, 841.89)


def _text(path) -> str:
    """The PDF's text with all whitespace removed (pypdf's spacing is unreliable)."""
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(path).pages))


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def demo_record(tmp_path_factory):
    plan = build_demo_plan()
    out = tmp_path_factory.mktemp("record") / "record.pdf"
    result = export_record(plan, out, session_name="demo")
    return plan, out, result


def test_the_record_is_a4_portrait(demo_record):
    _, out, result = demo_record
    reader = PdfReader(out)
    assert result.pages == len(reader.pages) >= 1
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - A4[0]) < 0.5 and abs(float(page.mediabox.height) - A4[1]) < 0.5
    assert result.warnings == []


def test_the_record_holds_every_decision_action_vote_option_and_parked_item_of_the_demo(demo_record):
    plan, out, _ = demo_record
    text = _text(out)
    wanted = [d.text for d in plan.decisions] + [p.text for p in plan.parking_lot] + [a.title for a in plan.agenda]
    wanted += [v.question for v in plan.votes] + [o.label for v in plan.votes for o in v.options]
    missing = [w for w in wanted if _squeezed(w) not in text]
    assert missing == []
    actions = [d for d in plan.decisions if d.kind == "action"]
    assert actions, "the demo has actions with owners and due dates"
    for action in actions:
        assert _squeezed(plan.person_name(action.owner_id)) in text and action.due and action.due.isoformat() in text
    outcomes = {"stillopen", "answered", "totheagenda", "toaninitiative", "toanaction", "dropped"}
    assert all(word in text for word in outcomes)  # the parking lot's outcomes, as printed


def test_the_record_escapes_markup(tmp_path):
    plan = Plan(
        title="<b>Plan</b> & co",
        decisions=[Decision(text="Fund <script>alert(1)</script> & <i>more</i>")],
        parking_lot=[ParkingLotItem(text='<img src="file:///etc/passwd"> parked')],
        votes=[DotVote(question="<u>Which</u>?", options=[VoteOption(label="<b>A</b>", dots=2)])],
    )
    out = tmp_path / "r.pdf"
    export_record(plan, out)
    text = _text(out)
    for raw in (
        "<b>Plan</b>&co",
        "Fund<script>alert(1)</script>&<i>more</i>",
        '<imgsrc="file:///etc/passwd">',
        "<u>Which</u>?",
    ):
        assert raw in text


def test_what_changed_today_comes_from_the_undo_history(tmp_path):
    path = tmp_path / "s.sqlite"
    store = SessionStore.create(path, Plan())
    kanban = Initiative(title="Kanban")
    store.save(kanban)
    store.save(Initiative(title="SMED"))
    store.save(Initiative(title="Dropped at once"))
    store.delete(store.load().initiatives[-1])
    kanban.title = "Kanban in both plants"
    store.save(kanban)
    store.set_field("aim", "Pumps that work first time")
    store.close()
    with SessionStore.open(path, read_only=True) as reader:
        changes = summarise(read_history(reader), date.today())
    (initiatives,) = changes.lists
    assert initiatives.added == ["I1 Kanban in both plants", "I2 SMED"]  # net: added then renamed is one addition
    assert initiatives.removed == [] and changes.fields == ["aim of the system"]
    out = tmp_path / "r.pdf"
    export_session_record(path, out)
    assert "I1Kanbaninbothplants" in _text(out)


def test_a_vote_still_hiding_its_totals_prints_none(tmp_path):
    hidden = DotVote(
        question="Which plant first?",
        mode="per_voter",
        voters=["Ana", "Bo"],
        options=[VoteOption(label="Northvale", voter_dots={"Ana": 3}), VoteOption(label="Riverside")],
    )
    out = tmp_path / "r.pdf"
    export_record(Plan(votes=[hidden]), out)
    text = _text(out)
    assert "Northvale" in text and "totalsnotrevealedyet" in text
    assert "dotscast" not in text and "3" not in text.split("Northvale", 1)[1][:10]


def test_links_in_the_plan_changes_read_as_codes_and_go_with_a_removed_item(tmp_path):
    from hoshin_tui.model.enums import Corner, Strength
    from hoshin_tui.model.plan import AnnualObjective

    store = SessionStore.create(tmp_path / "s.sqlite", Plan())
    objective, kept, dropped = (
        AnnualObjective(title="Halve complaints"),
        Initiative(title="Kanban"),
        Initiative(title="TPM"),
    )
    for item in (objective, kept, dropped):
        store.save(item)
    store.set_correlation(Corner.OBJECTIVE_INITIATIVE, objective.id, kept.id, Strength.STRONG)
    store.set_correlation(Corner.OBJECTIVE_INITIATIVE, objective.id, dropped.id, Strength.WEAK)
    store.delete(store.load().initiatives[-1])
    changes = summarise(read_history(store), date.today())
    store.close()
    cells = next(change for change in changes.lists if change.title == "Matrix cells")
    assert len(cells.added) == 1 and cells.removed == []  # the TPM link went with TPM
    out = tmp_path / "r.pdf"
    export_record(Plan(objectives=[objective], initiatives=[kept]), out, history=read_history_of(tmp_path / "s.sqlite"))
    assert "O1×I1" in _text(out)


def read_history_of(path):
    with SessionStore.open(path, read_only=True) as store:
        return read_history(store)
