"""A killed process loses no edit it had acknowledged, and leaves a sound file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

from hoshin_tui.store import SessionStore

EDITOR = textwrap.dedent(
    """
    import sys
    from hoshin_tui.model.plan import Strategy
    from hoshin_tui.store import SessionStore

    store = SessionStore.open(sys.argv[1])
    n = 0
    while True:
        store.save(Strategy(id=f"st_{n:06d}", title=f"Strategy {n} " + "x" * (n % 300)))
        if n % 7 == 0:
            store.set_field("aim", f"Aim after edit {n}")
        if n % 11 == 0 and n:
            store.undo()
            store.redo()
        print(n, flush=True)  # the acknowledgement: the edit call has returned
        n += 1
    """
)


def test_kill_9_mid_burst_loses_no_acknowledged_edit(tmp_path):
    path = tmp_path / "crash.sqlite"
    SessionStore.create(path).close()
    child = subprocess.Popen(
        [sys.executable, "-c", EDITOR, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    acknowledged = -1
    deadline = time.monotonic() + 30
    while acknowledged < 300 and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        acknowledged = int(line)
    os.kill(child.pid, signal.SIGKILL)  # mid-burst: the child is still editing
    child.wait()
    assert child.returncode == -signal.SIGKILL
    assert acknowledged >= 300, child.stderr.read()

    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    raw.close()
    with SessionStore.open(path) as store:
        plan = store.load()
        ids = {s.id for s in plan.strategies}
        assert {f"st_{n:06d}" for n in range(acknowledged + 1)} <= ids
        last_aim = max(n for n in range(acknowledged + 1) if n % 7 == 0)
        assert int(plan.aim.rsplit(" ", 1)[1]) >= last_aim
        # History is intact too: the last acknowledged edit can be undone.
        assert store.undo() is not None
