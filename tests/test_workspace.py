"""The sessions folder: renaming a session takes everything it is made of along."""

from __future__ import annotations

import sqlite3

from hoshin_tui.core.workspace import Workspace
from hoshin_tui.model.plan import Strategy
from hoshin_tui.store import SessionStore


def test_rename_while_another_window_reads_keeps_the_latest_edit_and_leaves_nothing_behind(workspace: Workspace):
    with workspace.create("Alpha") as store:
        store.save(Strategy(title="Grow aftermarket"))
    path = workspace.session_path("alpha")
    reader = sqlite3.connect(path)  # a second window, in the middle of reading the plan
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM strategies").fetchone()
    with SessionStore.open(path) as store:  # an edit the reader's snapshot keeps in the -wal file
        store.save(Strategy(title="Zero field failures"))

    target = workspace.rename("alpha", "Beta")
    reader.close()

    left = sorted(p.name for p in workspace.sessions_dir.iterdir())
    # Nothing of the session stays under its old name (a recovery's copies, kept aside on purpose, aside).
    assert [name for name in left if name.startswith("alpha") and ".recovery-" not in name] == []
    with SessionStore.open(target) as store:
        assert [s.title for s in store.load().strategies] == ["Grow aftermarket", "Zero field failures"]
    with workspace.create("Alpha") as fresh:  # the old name is free, with nothing stale under it
        assert fresh.load().strategies == []
