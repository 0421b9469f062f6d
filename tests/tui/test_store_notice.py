"""What opening a session did (a recovery after a crash) is told once, in a toast."""

from __future__ import annotations

from hoshin_tui.tui.screens.session import SessionScreen
from tests.test_store_recovery import crashed_during_checkpoint
from tests.tui.helpers import session_app, settle, toasts


async def test_a_recovered_session_says_so_once_when_it_opens(workspace):
    workspace.sessions_dir.mkdir(parents=True)
    path = workspace.sessions_dir / "offsite.sqlite"
    acknowledged = crashed_during_checkpoint(path)
    app = session_app(workspace, path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        told = [text for text in toasts(app) if "was recovered" in text]
        assert len(told) == 1 and "offsite.sqlite.recovery-" in told[0]
        assert len(app.screen.session.plan.strategies) == acknowledged
