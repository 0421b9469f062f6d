"""A session a crash left with edits in its ``-wal`` is recovered, not refused; a read-only look never writes."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from hoshin_tui.cli import main
from hoshin_tui.model.plan import Strategy
from hoshin_tui.store import SessionRefused, SessionStore
from tests.plans import small_plan

PAGE = 4096
EDITS = 120


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def crashed_during_checkpoint(path: Path, *, keep_pages: int | None = None) -> int:
    """Leave ``path`` as a kill -9 during a checkpoint does: the main file cut short, a complete WAL beside it.

    The main file holds the checkpointed pages up to the cut (SQLite writes them in page
    order), so its header promises more pages than it has. Returns the number of
    acknowledged strategies.
    """
    SessionStore.create(path, small_plan()).close()
    store = SessionStore.open(path)
    for n in range(EDITS):
        store.save(Strategy(title=f"Strategy {n:03d} " + "x" * 300))
    old_main = path.read_bytes()
    wal = Path(f"{path}-wal").read_bytes()
    scratch = path.parent / "scratch"
    scratch.mkdir()
    (scratch / path.name).write_bytes(old_main)
    (scratch / f"{path.name}-wal").write_bytes(wal)
    conn = sqlite3.connect(scratch / path.name)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    new_main = (scratch / path.name).read_bytes()
    shutil.rmtree(scratch)
    acknowledged = len(store.load().strategies)
    store.close()  # then the files are put back as the crash left them
    cut = keep_pages * PAGE if keep_pages is not None else max(len(old_main), len(new_main) - 2 * PAGE)
    assert cut < len(new_main)
    path.write_bytes(new_main[:cut])
    Path(f"{path}-wal").write_bytes(wal)
    Path(f"{path}-shm").unlink(missing_ok=True)
    return acknowledged


@pytest.fixture
def sessions(tmp_path: Path) -> Path:
    folder = tmp_path / "sessions"
    folder.mkdir()
    return folder


def test_a_session_cut_short_by_a_crash_during_a_checkpoint_is_recovered_with_every_edit(sessions, tmp_path):
    path = sessions / "plan.sqlite"
    acknowledged = crashed_during_checkpoint(path)
    as_found = _files(sessions)

    with SessionStore.open(path) as store:
        assert not store.read_only
        assert len(store.load().strategies) == acknowledged
        notice = store.notice
        assert "plan.sqlite was recovered" in notice and "\n" not in notice
        kept = [p for p in sessions.iterdir() if p.name.startswith("plan.sqlite.recovery-")]
        assert len(kept) == 1 and kept[0].name in notice
        assert _files(kept[0]) == as_found  # the files as found, byte for byte
        store.save(Strategy(title="After the crash"))
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert raw.execute("SELECT count(*) FROM strategies").fetchone()[0] == acknowledged + 1
    raw.close()


def test_a_read_only_look_at_a_crashed_session_shows_its_edits_and_writes_nothing(sessions, tmp_path, capsys):
    path = sessions / "plan.sqlite"
    acknowledged = crashed_during_checkpoint(path)
    as_found = _files(sessions)

    with SessionStore.open(path, read_only=True) as store:
        assert len(store.load().strategies) == acknowledged
        assert "edits not yet merged" in store.notice
    assert main(["--workspace", str(tmp_path), "list"]) == 0
    listing = capsys.readouterr().out
    assert f"{acknowledged} strategies" in listing and "cannot open" not in listing
    assert main(["--workspace", str(tmp_path), "export", "json", "plan", "-o", str(tmp_path / "plan.json")]) == 0
    assert _files(sessions) == as_found  # no replay, no checkpoint, no -shm


def test_a_failed_recovery_puts_the_files_back_byte_for_byte_and_refuses(sessions):
    path = sessions / "plan.sqlite"
    crashed_during_checkpoint(path, keep_pages=2)  # most pages lost, and the WAL does not hold them
    as_found = _files(sessions)

    with pytest.raises(SessionRefused) as caught:
        SessionStore.open(path)
    message = str(caught.value)
    assert message.startswith("plan.sqlite is damaged") and "\n" not in message
    assert _files(sessions) == as_found
    assert sorted(p.name for p in sessions.iterdir()) == sorted(as_found)  # no recovery folder left either


def _stale_wal_beside_a_restored_backup(sessions: Path) -> tuple[Path, list[str]]:
    """A backup copied over a crashed session, its crash WAL still beside it (what "restore a backup" can do)."""
    path = sessions / "plan.sqlite"
    with SessionStore.create(path, small_plan()) as store:
        for n in range(30):
            store.save(Strategy(title=f"Before the backup {n} " + "b" * 300))
        backed_up = [s.title for s in store.load().strategies]
    backup = path.read_bytes()
    store = SessionStore.open(path)
    for n in range(60):
        store.save(Strategy(title=f"After the backup {n} " + "a" * 300))
    for strategy in store.load().strategies[:20]:
        store.save(strategy.model_copy(update={"title": strategy.title + " (edited)"}))
    wal = Path(f"{path}-wal").read_bytes()
    store.close()
    path.write_bytes(backup)
    Path(f"{path}-wal").write_bytes(wal)
    return path, backed_up


def test_a_stale_wal_beside_a_restored_backup_is_set_aside_not_merged(sessions):
    path, backed_up = _stale_wal_beside_a_restored_backup(sessions)
    wal = Path(f"{path}-wal").read_bytes()

    with SessionStore.open(path) as store:
        assert [s.title for s in store.load().strategies] == backed_up  # the backup, not a mix of two files
        assert "did not belong to it" in store.notice and "not merged" in store.notice and "\n" not in store.notice
    kept = [p for p in sessions.iterdir() if ".not-merged-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == wal and kept[0].name in store.notice
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    raw.close()


def test_a_read_only_look_ignores_a_stale_wal_and_writes_nothing(sessions, tmp_path, capsys):
    path, backed_up = _stale_wal_beside_a_restored_backup(sessions)
    as_found = _files(sessions)

    with SessionStore.open(path, read_only=True) as store:
        assert [s.title for s in store.load().strategies] == backed_up
        assert "does not belong to it" in store.notice
    assert main(["--workspace", str(tmp_path), "list"]) == 0
    assert f"{len(backed_up)} strategies" in capsys.readouterr().out
    assert _files(sessions) == as_found
