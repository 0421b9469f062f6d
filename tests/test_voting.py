"""Dot voting: suggested dots, hidden totals, near-ties, and winners made in one undo step."""

from __future__ import annotations

import pytest

from hoshin_tui.core import voting
from hoshin_tui.export.demo import build_demo_plan
from hoshin_tui.model.enums import InitiativeKind, VoteMode, VoteStatus
from hoshin_tui.model.plan import DotVote, Initiative, Plan, VoteOption
from hoshin_tui.store import InvalidEdit, SessionStore


def _vote(mode: VoteMode = VoteMode.TALLY, **fields: object) -> DotVote:
    options = [VoteOption(label=label) for label in ("Kanban", "SMED", "5S", "TPM", "Huddles")]
    return DotVote.model_validate({"id": "dv_1", "question": "What first?", "options": options, "mode": mode, **fields})


def test_suggested_dots_are_about_a_third_of_the_options():
    assert [voting.suggested_dots(n) for n in (1, 2, 3, 4, 7, 9, 10)] == [1, 1, 1, 2, 3, 3, 4]


def test_options_taken_from_a_plan_list_keep_the_item_ids():
    plan = build_demo_plan()
    options = voting.options_from(plan, "initiatives")
    assert [o.item_id for o in options] == [i.id for i in plan.initiatives]
    assert options[0].label == f"{plan.initiatives[0].code} {plan.initiatives[0].title}"


def test_a_hidden_per_voter_vote_shows_no_totals_before_the_reveal():
    vote = _vote(VoteMode.PER_VOTER, voters=["Ann", "Bo"], dots_per_person=2)
    vote = voting.set_voter_dots(vote, "Ann", 0, 2)
    vote = voting.set_voter_dots(vote, "Bo", 1, 1)
    assert voting.totals_hidden(vote)
    assert voting.left_warning(vote) == "Bo has 1 dot left"
    vote = voting.reveal(vote)
    assert not voting.totals_hidden(vote)
    assert [(row.label, row.dots) for row in voting.results(vote)[:2]] == [("Kanban", 2), ("SMED", 1)]


def test_a_voter_cannot_place_more_dots_than_they_have():
    vote = _vote(VoteMode.PER_VOTER, voters=["Ann"], dots_per_person=2)
    vote = voting.set_voter_dots(vote, "Ann", 0, 1)
    with pytest.raises(InvalidEdit, match="1 left"):
        voting.set_voter_dots(vote, "Ann", 1, 2)


def test_near_ties_are_marked_and_a_cut_inside_one_is_named():
    vote = _vote()
    for index, dots in enumerate((9, 7, 4, 4, 0)):
        vote = voting.set_tally(vote, index, dots)
    rows = voting.results(vote)
    assert [(row.label, row.tied) for row in rows] == [
        ("Kanban", False),
        ("SMED", False),
        ("5S", True),
        ("TPM", True),
        ("Huddles", False),
    ]
    assert "near-tie" in voting.cut_warning(vote, 3)
    assert voting.cut_warning(vote, 2) == ""


def test_a_closed_vote_stays_as_it_was():
    vote = voting.close(voting.set_tally(_vote(), 0, 3))
    assert vote.status == VoteStatus.CLOSED
    with pytest.raises(InvalidEdit, match="closed"):
        voting.set_tally(vote, 0, 4)


def test_a_votes_winners_become_initiatives_in_one_undo(tmp_path):
    existing = Initiative(id="in_tpm", code="I1", title="TPM")
    vote = _vote()
    vote.options[3] = VoteOption(label="I1 TPM", item_id="in_tpm")
    for index, dots in enumerate((5, 4, 1, 3, 0)):
        vote = voting.set_tally(vote, index, dots)
    store = SessionStore.create(tmp_path / "s.sqlite", Plan(initiatives=[existing], votes=[vote]))
    closed = voting.make_items(store, vote, [0, 1, 3], "initiatives", kind=InitiativeKind.OPERATIONAL)
    plan = store.load()
    assert [i.title for i in plan.initiatives] == ["TPM", "Kanban", "SMED"]
    assert {i.kind for i in plan.initiatives[1:]} == {InitiativeKind.OPERATIONAL}
    assert plan.votes[0].status == VoteStatus.CLOSED
    assert [o.made_id for o in plan.votes[0].options] == [
        plan.initiatives[1].id,
        plan.initiatives[2].id,
        None,
        "in_tpm",
        None,
    ]
    assert closed.outcome == "Made 2 initiatives: Kanban; SMED"
    assert store.undo() is not None  # one ctrl+z takes back the items and the closing
    plan = store.load()
    assert [i.title for i in plan.initiatives] == ["TPM"]
    assert plan.votes[0].status == VoteStatus.OPEN
    store.close()


def test_a_votes_winners_can_become_a_decision(tmp_path):
    vote = voting.set_tally(_vote(), 1, 6)
    store = SessionStore.create(tmp_path / "s.sqlite", Plan(votes=[vote]))
    voting.make_decision(store, vote, [1], made_by="Ann")
    plan = store.load()
    assert plan.decisions[0].text == "What first? The room chose: SMED (6 dots)."
    assert plan.decisions[0].vote_id == vote.id
    assert plan.votes[0].outcome == "Decision: SMED (6 dots)"
    store.undo()
    assert store.load().decisions == []
    store.close()


def test_the_demo_holds_a_closed_vote_that_made_two_initiatives():
    plan = build_demo_plan()
    ids = {i.id for i in plan.initiatives}
    made = [
        vote
        for vote in plan.votes
        if vote.status == VoteStatus.CLOSED and sum(1 for o in vote.options if o.made_id in ids and not o.item_id) == 2
    ]
    assert made, "no closed demo vote made two initiatives"
