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


async def test_the_picker_lists_damaged_and_format_0_files_without_crashing(workspace):
    from hoshin_tui.tui.app import make_app
    from hoshin_tui.tui.widgets.item_list import ItemList
    from tests.test_refused_files import format_0, table_dropped
    from tests.tui.helpers import make_session

    make_session(workspace, "offsite")
    expected = {
        "format-0": format_0(workspace.sessions_dir / "format-0.sqlite"),
        "no-meta": table_dropped(workspace.sessions_dir / "no-meta.sqlite").replace("bad.sqlite", "no-meta.sqlite"),
    }
    before = {name: (workspace.sessions_dir / f"{name}.sqlite").read_bytes() for name in expected}
    app = make_app(workspace)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        rows = {row[0]: list(row) for row in app.screen.query_one("#sessions", ItemList).cells}
        assert rows["offsite"][2] != "cannot open"
        assert rows["format-0"][2] == "cannot open" and rows["no-meta"][2] == "cannot open"
        # Opening one from the picker says why, in a dialog, and the picker stays.
        app.open_session(workspace.sessions_dir / "format-0.sqlite")
        await settle(pilot)
        assert "has no file format number" in " ".join(str(w.render()) for w in app.screen.query("Static"))
    for name, data in before.items():
        assert (workspace.sessions_dir / f"{name}.sqlite").read_bytes() == data
