"""A full disk, read-only media, a locked file: one clear line, nothing saved is lost, never "damaged".

These tests mount a small tmpfs (root can); where mounting is not allowed they are skipped.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hoshin_tui.cli import main
from hoshin_tui.model.plan import Strategy
from hoshin_tui.store import SaveFailed, SessionStore
from tests.plans import small_plan


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, timeout=20)


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """An 8 MB tmpfs holding a workspace's sessions/ folder."""
    root = tmp_path / "disk"
    root.mkdir()
    try:
        _mount("-t", "tmpfs", "-o", "size=8m", "tmpfs", str(root))
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"cannot mount a tmpfs here ({exc}); run as root to test full and read-only disks")
    try:
        (root / "sessions").mkdir()
        yield root
    finally:
        subprocess.run(["umount", "-l", str(root)], capture_output=True, timeout=20)


def _fill(root: Path) -> Path:
    """Fill the disk up to the last byte."""
    filler = root / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    return filler


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_an_edit_on_a_full_disk_says_so_and_nothing_saved_is_lost(disk):
    path = disk / "sessions" / "plan.sqlite"
    SessionStore.create(path, small_plan()).close()
    store = SessionStore.open(path)
    saved = [f"Saved {n} " + "x" * 400 for n in range(5)]
    for title in saved:
        store.save(Strategy(title=title))
    filler = _fill(disk)

    failures = []
    for n in range(200):  # keep editing until the WAL cannot grow
        try:
            store.save(Strategy(title=f"Lost {n} " + "y" * 2000))
        except SaveFailed as exc:
            failures.append(str(exc))
            break
        saved.append(f"Lost {n} " + "y" * 2000)
    assert failures, "the disk never filled up"
    assert failures[0] == "the disk is full: this edit was not saved"
    store.close()  # its checkpoint may fail too: nothing may be lost for it

    filler.unlink()
    with SessionStore.open(path) as store:
        assert not store.read_only
        titles = [s.title for s in store.load().strategies]
        assert titles[-len(saved) :] == saved  # every acknowledged edit, and not the refused one
        store.save(Strategy(title="After freeing space"))
    with SessionStore.open(path, read_only=True) as store:
        assert store.load().strategies[-1].title == "After freeing space"


def test_a_healthy_session_on_a_full_disk_opens_read_only_and_exports(disk, tmp_path, capsys):
    path = disk / "sessions" / "plan.sqlite"
    SessionStore.create(path, small_plan()).close()
    _fill(disk)
    before = _files(disk / "sessions")

    with SessionStore.open(path) as store:
        if not store.read_only:  # SQLite found room for its -shm: editing must then fail cleanly
            with pytest.raises(SaveFailed, match=r"^the disk is full: this edit was not saved$"):
                for n in range(50):
                    store.save(Strategy(title=f"More {n} " + "z" * 3000))
        else:
            assert store.read_only_reason.startswith("the disk is full: opened read-only")
        assert store.load().title == small_plan().title
    out = tmp_path / "plan.json"
    assert main(["--workspace", str(disk), "export", "json", "plan", "-o", str(out)]) == 0
    assert small_plan().title in out.read_text()
    assert "damaged" not in capsys.readouterr().err
    assert _files(disk / "sessions")["plan.sqlite"] == before["plan.sqlite"]


def test_a_session_on_a_read_only_disk_opens_read_only_and_exports_writing_nothing(disk, tmp_path, capsys):
    path = disk / "sessions" / "plan.sqlite"
    SessionStore.create(path, small_plan()).close()
    _mount("-o", "remount,ro", str(disk))
    before = _files(disk / "sessions")

    with SessionStore.open(path) as store:
        assert store.read_only
        assert store.read_only_reason == (
            "the folder is read-only: opened read-only; copy the session elsewhere to edit it"
        )
        assert store.load().title == small_plan().title
    assert main(["--workspace", str(disk), "list"]) == 0
    assert "cannot open" not in capsys.readouterr().out
    out = tmp_path / "plan.json"
    assert main(["--workspace", str(disk), "export", "json", "plan", "-o", str(out)]) == 0
    assert small_plan().title in out.read_text()
    assert _files(disk / "sessions") == before  # no -wal, no -shm


def test_a_crashed_session_on_a_read_only_disk_shows_its_edits_and_writes_nothing(disk):
    from tests.test_store_recovery import crashed_during_checkpoint

    path = disk / "sessions" / "plan.sqlite"
    acknowledged = crashed_during_checkpoint(path)
    _mount("-o", "remount,ro", str(disk))
    before = _files(disk / "sessions")

    with SessionStore.open(path) as store:
        assert store.read_only and "folder is read-only" in store.read_only_reason
        assert len(store.load().strategies) == acknowledged
    assert _files(disk / "sessions") == before


def test_a_session_locked_by_another_program_opens_read_only(tmp_path):
    path = tmp_path / "plan.sqlite"
    SessionStore.create(path, small_plan()).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sqlite3, sys, time
                conn = sqlite3.connect({str(path)!r}, isolation_level=None)
                conn.execute("PRAGMA locking_mode = EXCLUSIVE")
                conn.execute("BEGIN EXCLUSIVE")
                conn.execute("UPDATE meta SET value = value WHERE key = 'title'")
                print("locked", flush=True)
                time.sleep(60)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with SessionStore.open(path) as store:
            assert store.read_only
            assert store.read_only_reason.startswith("plan.sqlite is locked by another program: opened read-only")
            assert store.load().title == small_plan().title
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    with SessionStore.open(path) as store:
        assert not store.read_only


@pytest.mark.skipif(os.geteuid() != 0, reason="chattr +i needs root")
def test_a_write_protected_session_opens_read_only(tmp_path):
    path = tmp_path / "plan.sqlite"
    SessionStore.create(path, small_plan()).close()
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not supported here")
    try:
        before = path.read_bytes()
        with SessionStore.open(path) as store:
            assert store.read_only
            assert store.read_only_reason == (
                "plan.sqlite is write-protected: opened read-only; copy the session elsewhere to edit it"
            )
            assert store.load().title == small_plan().title
        assert path.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.sqlite"]
    finally:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
