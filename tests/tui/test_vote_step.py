"""The Vote step as the room sees it: hidden totals, winners made in one undo, snapshots."""

from __future__ import annotations

import pytest

from hoshin_tui.model.enums import VoteMode
from hoshin_tui.model.plan import DotVote, VoteOption
from hoshin_tui.tui.app import make_app
from hoshin_tui.tui.steps.vote import VoteBoard
from tests.tui.helpers import go, make_session, reopen, session_app, settle, tui_plan
from tests.tui.helpers import screen_text as statics_text


def screen_text(app) -> str:
    """The step's lines and the board of options, as drawn."""
    return statics_text(app) + "\n" + str(app.screen.query_one(VoteBoard).render())


def _plan_with(vote: DotVote):
    plan = tui_plan()
    plan.votes = [vote]
    return plan


def _per_voter() -> DotVote:
    options = [VoteOption(label=label) for label in ("Kanban cell", "SMED press line", "Huddle boards")]
    return DotVote(
        id="dv_hidden",
        question="What first?",
        options=options,
        mode=VoteMode.PER_VOTER,
        voters=["Ana", "Bo"],
        dots_per_person=2,
    )


def _tally() -> DotVote:
    options = [VoteOption(label=label) for label in ("Kanban cell", "SMED press line", "Huddle boards", "5S audit")]
    return DotVote(id="dv_tally", question="Which improvements do we fund?", options=options, dots_per_person=2)


async def test_a_hidden_per_voter_vote_shows_no_totals_before_the_reveal(workspace):
    path = make_session(workspace, plan=_plan_with(_per_voter()))
    app = session_app(workspace, path)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await go(pilot, "vote")
        await settle(pilot)
        await pilot.press("1", "v", "down", "1")  # Ana 1 dot on Kanban, Bo 1 dot on SMED
        await settle(pilot)
        text = screen_text(app)
        assert "totals hidden until reveal" in text
        assert "··" in text and " ≈ tie" not in text
        assert "█" not in text  # no bars either
        assert "Ana has 1 dot left; Bo has 1 dot left" in text
        await pilot.press("r")
        await settle(pilot)
        text = screen_text(app)
        assert "··" not in text and "█" in text
    vote = reopen(path).votes[0]
    assert vote.revealed and [o.voter_dots for o in vote.options] == [{"Ana": 1}, {"Bo": 1}, {}]


async def test_a_votes_winners_become_initiatives_in_one_undo(workspace):
    path = make_session(workspace, plan=_plan_with(_tally()))
    app = session_app(workspace, path)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await go(pilot, "vote")
        await settle(pilot)
        await pilot.press("5", "down", "4", "down", "1", "up", "up", "space", "down", "space", "i")
        await settle(pilot)
        await pilot.press("down", "enter")  # operational improvements
        await settle(pilot)
        plan = reopen(path)
        assert [i.title for i in plan.initiatives][-2:] == ["Kanban cell", "SMED press line"]
        assert {i.kind for i in plan.initiatives[-2:]} == {"operational"}
        assert plan.votes[0].status == "closed"
        assert "Made 2 initiatives" in screen_text(app)
        await pilot.press("ctrl+z")
        await settle(pilot)
        plan = reopen(path)
        assert len(plan.initiatives) == 3 and plan.votes[0].status == "open"
        assert [o.dots for o in plan.votes[0].options] == [5, 4, 1, 0]


def _voted() -> DotVote:
    vote = _tally()
    for option, dots in zip(vote.options, (3, 2, 2, 1), strict=True):
        option.dots = dots
    return vote


@pytest.mark.parametrize("projector", [False, True], ids=["normal", "projector"])
def test_vote_pane_snapshot(snap_compare, workspace, projector):
    path = make_session(workspace, plan=_plan_with(_voted()))
    app = make_app(workspace, path)

    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.screen.go_to("vote")
        await pilot.pause()
        if projector:
            await pilot.press("f5")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(160, 45), run_before=run_before)


async def test_ctrl_r_writes_the_session_record(workspace):
    from pypdf import PdfReader

    path = make_session(workspace, plan=_plan_with(_voted()))
    app = session_app(workspace, path)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+r")
        out = workspace.exports_dir / "offsite-record.pdf"
        for _ in range(300):  # the worker renders in a thread: wait for its file (a loaded machine is slow)
            await settle(pilot)
            if out.exists() and not app.workers:
                break
            await pilot.pause(0.1)
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Which improvements do we fund?" in text


async def test_the_turn_passes_on_when_a_voter_has_placed_every_dot(workspace):
    vote = _per_voter()
    vote.dots_per_person = 1
    path = make_session(workspace, plan=_plan_with(vote))
    app = session_app(workspace, path)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await go(pilot, "vote")
        await settle(pilot)
        await pilot.press("1")  # Ana's only dot, on Kanban: Bo's turn
        await settle(pilot)
        assert "Bo's turn" in screen_text(app)
        await pilot.press("down", "1")
        await settle(pilot)
        assert "dot left" not in screen_text(app)
    assert [o.voter_dots for o in reopen(path).votes[0].options] == [{"Ana": 1}, {"Bo": 1}, {}]
