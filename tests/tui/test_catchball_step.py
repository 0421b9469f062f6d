"""The Catchball step as the room drives it: reached with b, moves by key, checked in the session file."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.widgets import Input, OptionList

from hoshin_tui.core import catchball_health
from hoshin_tui.model.enums import CatchballState
from hoshin_tui.model.plan import CatchballEntry, CatchballStatus, Plan, Proposal
from hoshin_tui.tui.dialogs.choose import ChooseDialog
from hoshin_tui.tui.dialogs.prompt import PromptDialog
from hoshin_tui.tui.screens.session import SessionScreen
from hoshin_tui.tui.steps.catchball import CatchballStep
from tests.tui.helpers import go, make_session, reopen, screen_text, session_app, settle, toasts, tui_plan

NOW = datetime(2027, 2, 26, 16, 30, tzinfo=UTC)


def catchball_plan() -> Plan:
    """The TUI plan in the middle of a round: S1 agreed, M1 counter-proposed, I1 waiting 20 days on Bo."""
    plan = tui_plan()

    def turn(n: int, item: str, at: str, who: str, to: str, kind: str, text: str, state: str, **more) -> None:
        fields = {"item_id": item, "at": at, "who_id": who, "to_id": to, "kind": kind, "text": text}
        plan.catchball_entries.append(CatchballEntry(id=f"cb_{n}", resulting_state=state, **fields, **more))

    turn(1, "st_zero", "2027-01-10T09:00:00Z", "pe_ana", "pe_bo", "comment", "Zero defects, three years", "in_review")
    turn(2, "st_zero", "2027-01-10T09:30:00Z", "pe_bo", "pe_ana", "agreement", "Agreed", "agreed")
    turn(3, "me_complaints", "2027-02-20T10:00:00Z", "pe_ana", "pe_bo", "comment", "19 a month?", "in_review")
    turn(
        4,
        "me_complaints",
        "2027-02-24T11:00:00Z",
        "pe_bo",
        "pe_ana",
        "counter_proposal",
        "24: the new line starts in May",
        "revised",
        proposal=Proposal(field="target", from_value="19", to_value="24"),
    )
    turn(5, "in_poka", "2027-02-06T08:00:00Z", "pe_ana", "pe_bo", "question", "Ten stations by June?", "in_review")
    plan.catchball_states = [
        CatchballStatus(item_id="st_zero", state="agreed"),
        CatchballStatus(item_id="me_complaints", state="revised"),
        CatchballStatus(item_id="in_poka", state="in_review"),
    ]
    return plan


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch):
    monkeypatch.setattr("hoshin_tui.tui.steps.catchball.now", lambda: NOW)
    monkeypatch.setattr(catchball_health, "clock", lambda: NOW)


def pick(choices: OptionList, option_id: str) -> int:
    return next(i for i in range(choices.option_count) if choices.get_option_at_index(i).id == option_id)


def step_of(app) -> CatchballStep:
    view = app.screen.view
    assert isinstance(view, CatchballStep)
    return view


async def test_b_on_a_measure_opens_its_thread_and_accepting_applies_the_target_in_one_undo(workspace):
    path = make_session(workspace, plan=catchball_plan())
    app = session_app(workspace, path)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(pilot)
        await go(pilot, "measures")
        await pilot.press("b")
        await settle(pilot)
        step = step_of(app)
        assert step.table.current_id == "me_complaints"
        text = screen_text(app)
        assert "Thread: M1 · V revised (2)" in text
        assert "⇒ target: 19 → 24" in text and "Ball with Ana Ferreira for 2 days" in text
        assert "Bo Chen → Ana Ferreira · counter-proposal · now revised" in text
        await pilot.press("a")
        assert "Agree and apply target → 24 on M1, Ana Ferreira → Bo Chen" in screen_text(app)
        await pilot.press(*"Yes, 24", "enter")
        await settle(pilot)
        assert "M1 Customer complaints A agreed" in screen_text(app)
        saved = reopen(path)
        assert saved.measures[0].target == 24
        assert {s.item_id: s.state for s in saved.catchball_states}["me_complaints"] is CatchballState.AGREED
        assert saved.catchball_entries[-1].accepts_id == "cb_4" and saved.catchball_entries[-1].text == "Yes, 24"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert isinstance(app.screen.view, CatchballStep)  # the undo stays where the move was made
        saved = reopen(path)
        assert saved.measures[0].target == 19 and len(saved.catchball_entries) == 5
        assert {s.item_id: s.state for s in saved.catchball_states}["me_complaints"] is CatchballState.REVISED


async def test_a_refused_move_says_why_and_changes_nothing(workspace):
    path = make_session(workspace, plan=catchball_plan())
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await go(pilot, "catchball")
        await settle(pilot)
        step_of(app).select_item("st_zero")
        await pilot.press("x")
        await pilot.pause()
        assert any("S1 'Zero defects at the customer' is agreed: reopen it" in toast for toast in toasts(app))
        await pilot.press("o")  # reopening needs a reason: an empty one is refused
        await pilot.press("enter")
        await pilot.pause()
        assert any("Reopening S1" in toast and "needs a reason" in toast for toast in toasts(app))
    assert len(reopen(path).catchball_entries) == 5


async def test_counter_propose_a_due_date_by_key(workspace):
    path = make_session(workspace, plan=catchball_plan())
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go(pilot, "catchball")
        await settle(pilot)
        step_of(app).select_item("in_poka")
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ChooseDialog)
        choices = app.screen.query_one(OptionList)
        choices.highlighted = pick(choices, "due")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"2027-07-31", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.focused is app.screen.query_one("#catchball-composer-input", Input)
        await pilot.press(*"July: the tooling arrives late", "enter")
        await settle(pilot)
    saved = reopen(path)
    entry = saved.catchball_entries[-1]
    assert entry.kind == "counter_proposal" and entry.who_id == "pe_bo" and entry.to_id == "pe_ana"
    assert (entry.proposal.field, entry.proposal.from_value, entry.proposal.to_value) == ("due", "", "2027-07-31")
    assert {s.item_id: s.state for s in saved.catchball_states}["in_poka"] is CatchballState.REVISED
    assert saved.initiatives[0].due is None  # proposed, not yet accepted


async def test_filter_by_state_and_by_person_from_the_people_step(workspace):
    path = make_session(workspace, plan=catchball_plan())
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go(pilot, "catchball")
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        choices = app.screen.query_one(OptionList)
        choices.highlighted = pick(choices, "state:in_review")
        await pilot.press("enter")
        await settle(pilot)
        step = step_of(app)
        assert [key for key in step.table.ids if not key.startswith("level:")] == ["in_poka"]
        assert "Showing in review only" in screen_text(app)
        await go(pilot, "people")
        await settle(pilot)
        await pilot.press("down")  # Bo Chen
        await pilot.press("b")
        await settle(pilot)
        step = step_of(app)
        shown = [key for key in step.table.ids if not key.startswith("level:")]
        assert shown == ["in_poka"]  # in review, and Bo is part of it
        await pilot.press("f")
        await settle(pilot)
        assert app.screen.query_one(OptionList).highlighted == 0
        await pilot.press("enter")  # "Every item"
        await settle(pilot)
        assert len([key for key in step.table.ids if not key.startswith("level:")]) == 10


async def test_throwing_a_draft_to_someone_puts_it_in_review_with_the_ball_there(workspace):
    path = make_session(workspace, plan=catchball_plan())
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await go(pilot, "catchball")
        await settle(pilot)
        step_of(app).select_item("ob_contracts")
        await pilot.press("t")
        await pilot.pause()
        choices = app.screen.query_one(OptionList)
        choices.highlighted = pick(choices, "pe_ana")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"25% this year?", "enter")
        await settle(pilot)
        assert "Ana Ferreira" in screen_text(app)
    saved = reopen(path)
    entry = saved.catchball_entries[-1]
    assert (entry.item_id, entry.to_id, entry.resulting_state) == ("ob_contracts", "pe_ana", "in_review")
    assert entry.at == NOW


SIZES = {"80x24": (80, 24), "160x45": (160, 45)}


@pytest.mark.parametrize("size", SIZES)
def test_catchball_step_snapshot(snap_compare, workspace, size):
    path = make_session(workspace, plan=catchball_plan())

    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.screen.go_to("catchball")
        await pilot.pause()
        await settle(pilot)
        pilot.app.screen.view.select_item("me_complaints")
        await settle(pilot)

    assert snap_compare(session_app(workspace, path), terminal_size=SIZES[size], run_before=run_before)


def test_undo_shows_the_catchball_step_for_a_move_and_the_list_step_for_a_deleted_item():
    from hoshin_tui.tui.undo_view import what_changed

    before = catchball_plan()
    after = before.model_copy(deep=True)
    after.catchball_entries.append(
        CatchballEntry(id="cb_9", item_id="in_poka", who_id="pe_bo", to_id="pe_ana", text="Yes", kind="agreement")
    )
    after.measures[0].target = 24
    assert what_changed(before, after) == ("catchball", "in_poka")
    gone = before.model_copy(deep=True)
    gone.initiatives = [i for i in gone.initiatives if i.id != "in_poka"]
    gone.catchball_entries = [e for e in gone.catchball_entries if e.item_id != "in_poka"]
    assert what_changed(gone, before) == ("initiatives", "in_poka")
