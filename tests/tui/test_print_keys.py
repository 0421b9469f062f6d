"""The print keys of the Review and Catchball steps, and "export all" from the palette.

Each key writes its PDF into the workspace's exports folder; the test reads the PDF back
(pypdf) for what the user would recognise on paper.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from hoshin_tui.core.review import long_label
from hoshin_tui.export.demo import build_demo_plan
from hoshin_tui.model.plan import CatchballEntry, CatchballStatus, Plan
from hoshin_tui.tui.screens.session import SessionScreen
from hoshin_tui.tui.steps.review import ReviewStep
from tests.tui.helpers import go, make_session, session_app, settle, tui_plan

TODAY = date(2027, 1, 15)  # the demo's plan year is Jan-Dec 2026; last month is Dec 2026


@pytest.fixture(autouse=True)
def _review_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hoshin_tui.tui.steps.review.today", lambda: TODAY)
    monkeypatch.setattr("hoshin_tui.core.clock.today", lambda: TODAY)


async def wait_for(pilot, *files: Path) -> None:
    """The worker renders in a thread: wait for its files (a loaded machine is slow)."""
    for _ in range(600):
        await settle(pilot)
        if all(f.exists() for f in files) and not pilot.app.workers:
            return
        await pilot.pause(0.1)
    raise AssertionError(f"not written: {[f.name for f in files if not f.exists()]}")


def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def catchball_plan() -> Plan:
    """The TUI plan with one thread: Ana threw S1 to Bo, Bo agreed."""
    plan = tui_plan()
    for n, (who, to, kind, text, state) in enumerate(
        (
            ("pe_ana", "pe_bo", "comment", "Zero defects within three years?", "in_review"),
            ("pe_bo", "pe_ana", "agreement", "Agreed, with the new line", "agreed"),
        )
    ):
        fields = {"item_id": "st_zero", "who_id": who, "to_id": to, "kind": kind, "text": text}
        plan.catchball_entries.append(
            CatchballEntry(id=f"cb_{n}", at=f"2027-01-10T{9 + n:02d}:00:00Z", resulting_state=state, **fields)
        )
    plan.catchball_states = [CatchballStatus(item_id="st_zero", state="agreed")]
    return plan


async def test_p_on_the_review_step_prints_the_bowling_chart_as_of_the_month_shown(workspace):
    path = make_session(workspace, plan=build_demo_plan(TODAY))
    out = workspace.exports_dir / "offsite-bowling.pdf"
    async with session_app(workspace, path).run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        pilot.app.screen.go_to("review")
        await settle(pilot)
        step = pilot.app.screen.view
        assert isinstance(step, ReviewStep)
        await pilot.press("left_square_bracket", "left_square_bracket")  # two months back: not the default
        await settle(pilot)
        assert step.board is not None and step.board.as_of == "2026-10"
        await pilot.press("p")
        await wait_for(pilot, out)
    assert f"as of {long_label('2026-10')}" in pdf_text(out)  # the month shown, not the export's default


async def test_l_prints_the_catchball_log_and_shift_l_the_agreement_sheets(workspace):
    path = make_session(workspace, plan=catchball_plan())
    log = workspace.exports_dir / "offsite-catchball-log.pdf"
    sheets = workspace.exports_dir / "offsite-agreements.pdf"
    async with session_app(workspace, path).run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await go(pilot, "catchball")
        await settle(pilot)
        await pilot.press("l")
        await wait_for(pilot, log)
        await pilot.press("L")
        await wait_for(pilot, sheets)
    assert "Zero defects within three years?" in pdf_text(log)
    assert "Zero defects" in pdf_text(sheets)


async def test_export_all_writes_the_x_matrix_the_a3_pack_the_record_and_the_bowling_chart(workspace):
    path = make_session(workspace, plan=build_demo_plan(TODAY))
    names = ("offsite-xmatrix.pdf", "offsite-a3.pdf", "offsite-record.pdf", "offsite-bowling.pdf")
    files = [workspace.exports_dir / name for name in names]
    async with session_app(workspace, path).run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SessionScreen)
        screen.action_export("all")
        await wait_for(pilot, *files)
    assert f"as of {long_label('2026-11')}" in pdf_text(files[3])  # as `hoshin export all`: the latest month with data
    assert build_demo_plan(TODAY).a3s[0].title[:20] in pdf_text(files[1])


async def test_export_all_of_a_session_with_no_a3_still_prints_the_others(workspace):
    plan = tui_plan()
    plan.a3s = []
    path = make_session(workspace, plan=plan)
    files = [workspace.exports_dir / f"offsite-{kind}.pdf" for kind in ("xmatrix", "record", "bowling")]
    async with session_app(workspace, path).run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SessionScreen)
        screen.action_export("all")
        await wait_for(pilot, *files)
    assert not (workspace.exports_dir / "offsite-a3.pdf").exists()
