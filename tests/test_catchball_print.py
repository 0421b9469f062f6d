"""Catchball on paper: the log, a packet's form and the agreement sheets hold what the threads say."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from hoshin_tui.core.catchball import LEVELS, accept, counter_propose, make_proposal, send_for_review
from hoshin_tui.export.catchball_print import export_agreements, export_catchball_log, export_packet_form, leaders
from hoshin_tui.export.demo import build_demo_plan
from hoshin_tui.export.packet_build import build_packet, find_person
from hoshin_tui.model.plan import Plan

A4 = (595.28, 841.89)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text(path: Path) -> str:
    return _squash("".join(page.extract_text() for page in PdfReader(path).pages))


def _with_round(plan: Plan) -> Plan:
    """The demo with one more round on M3: thrown, counter-proposed, accepted (so a sheet has commitments)."""
    measure = next(m for m in plan.measures if m.code == "M3")
    priya, owner = find_person(plan, "Priya Raman").id, measure.owner_id or ""
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=10)
    plan = plan.model_copy(update={"catchball_states": [s for s in plan.catchball_states if s.item_id != measure.id]})
    for step, move in enumerate(
        (
            lambda p: send_for_review(p, measure.id, who_id=priya, to_id=owner, text="Can you commit?", now=start),
            lambda p: counter_propose(
                p,
                measure.id,
                who_id=owner,
                to_id=priya,
                text="Only with a second technician from Q2",
                proposal=make_proposal(p, measure.id, "target", "20"),
                now=start + timedelta(days=1),
            ),
            lambda p: accept(
                p,
                measure.id,
                who_id=priya,
                to_id=owner,
                text="Agreed: 20, technician from Q2",
                now=start + timedelta(days=2),
            ),
        )
    ):
        change = move(plan)
        lists: dict[str, list[object]] = {
            "catchball_entries": list(plan.catchball_entries),
            "catchball_states": [s for s in plan.catchball_states if s.item_id != measure.id],
            "measures": list(plan.measures),
        }
        for saved in change.saves:
            name = type(saved).__name__
            if name == "CatchballEntry":
                lists["catchball_entries"].append(saved)
            elif name == "CatchballStatus":
                lists["catchball_states"].append(saved)
            else:
                lists["measures"] = [saved if m.id == measure.id else m for m in plan.measures]
        plan = plan.model_copy(update=lists)
        assert step >= 0
    return plan


@pytest.fixture(scope="module")
def plan() -> Plan:
    return _with_round(build_demo_plan())


@pytest.fixture(scope="module")
def log(plan, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("log") / "log.pdf"
    export_catchball_log(plan, out, session_name="demo")
    return out


def test_the_log_holds_every_entry_of_the_demo_threads(plan, log):
    text = _text(log)
    assert plan.catchball_entries
    for entry in plan.catchball_entries:
        assert _squash(entry.text) in text, entry.text
    for page in PdfReader(log).pages:
        assert abs(float(page.mediabox.width) - A4[0]) < 0.5 and abs(float(page.mediabox.height) - A4[1]) < 0.5


def test_the_log_shows_an_accepted_change_and_groups_by_level(log):
    text = _text(log)
    assert _squash("target:") in text and "→20" in text and "accepted" in text
    for level in LEVELS:
        assert _squash(level.title) in text


def test_a_packet_form_holds_the_persons_threads_and_room_to_answer(plan, tmp_path):
    owner = next(m.owner_id for m in plan.measures if m.code == "M3")
    packet = build_packet(plan, find_person(plan, owner or ""), session="demo")
    out = tmp_path / "form.pdf"
    result = export_packet_form(packet, out)
    text = _text(out)
    assert result.pages >= 1 and result.warnings == []
    for item in packet.items:
        assert _squash(item.title) in text
        for turn in item.thread:
            assert _squash(turn.text) in text
    assert text.count(_squash("Your answer:")) == len(packet.items)
    assert _squash("Counter-propose") in text and "signature" in text


def test_an_agreement_sheet_per_leader_with_targets_commitments_gaps_and_signatures(plan, tmp_path):
    out = tmp_path / "sheets.pdf"
    people = leaders(plan)
    result = export_agreements(plan, out, session_name="demo")
    assert result.pages >= len(people)
    text = _text(out)
    for person in people:
        assert _squash(person.name) in text
    assert text.count(_squash("Receiving level:")) == len(people)
    owner = next(m.owner_id for m in plan.measures if m.code == "M3")
    single = tmp_path / "one.pdf"
    export_agreements(plan, single, person=find_person(plan, owner or ""))
    one = _text(single)
    assert _squash("Agreed items and their final targets") in one and "M3" in one
    assert _squash("Agreed: 20, technician from Q2") in one  # the upper level's commitment
    assert _squash("Only with a second technician from Q2") in one  # what it accepted from below
    assert _squash("Open resource gaps") in one and _squash("Upper level: Priya Raman") in one


def test_markup_in_a_thread_prints_literally(plan, tmp_path):
    entry = plan.catchball_entries[0].model_copy(update={"text": "<b>bold</b> & <script>x</script>"})
    marked = plan.model_copy(update={"catchball_entries": [entry, *plan.catchball_entries[1:]]})
    out = tmp_path / "log.pdf"
    export_catchball_log(marked, out)
    assert _squash("<b>bold</b> & <script>x</script>") in _text(out)


def test_a_turn_longer_than_a_page_continues_with_every_word_and_no_blank_page(plan, tmp_path):
    words = " ".join(f"word{i}" for i in range(700))
    entry = plan.catchball_entries[0].model_copy(update={"text": words})
    long_plan = plan.model_copy(update={"catchball_entries": [entry, *plan.catchball_entries[1:]]})
    out = tmp_path / "log.pdf"
    result = export_catchball_log(long_plan, out)
    assert result.warnings == []
    raw = [page.extract_text() for page in PdfReader(out).pages]
    pages = [_squash(text) for text in raw]
    found = [int(n) for n in re.findall(r"word(\d+)\b", " ".join(raw))]
    assert found == list(range(700))  # every word, in order, across the page break (its heading repeated)
    assert all(len(page) > 200 for page in pages[:-1])  # every page but the last carries text, none is left blank


def test_the_tui_prints_the_log_and_the_sheets_as_export_kinds(plan, tmp_path):
    from hoshin_tui.tui.exporting import ExportRequest, render

    for kind, name in (("catchball-log", "demo-catchball-log.pdf"), ("agreements", "demo-agreements.pdf")):
        (result,) = render(ExportRequest(kind, plan, "demo", tmp_path))
        assert result.path == tmp_path / name and result.pages >= 1
