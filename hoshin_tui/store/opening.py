"""The ways of opening a session file that never harm it: read-only views, recovery, setting aside.

- A read-only open never writes: with a writer at work it shares the writer's WAL (and
  so sees each edit as it lands); with none, it reads the main file as immutable, or,
  when a WAL holds edits the main file lacks, a private copy of both in a temporary folder
  (SQLite replays the WAL there, never beside the session).
- A recovery copies the three files aside first, so a failed one can put them back
  byte for byte.
Only the standard library is imported here (the session picker uses it).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from hoshin_tui.store.checks import writer_token
from hoshin_tui.store.wal import shm_path, wal_path

PATH_FILES = ("", "-wal", "-shm")


def _uri(path: Path, **params: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"file:{quote(str(path.resolve()))}?{query}"


def can_write(path: Path) -> str:
    """Why the session at ``path`` cannot be edited in place ("" when it can)."""
    if not os.access(path.parent, os.W_OK):
        return "the folder is read-only"
    if not os.access(path, os.W_OK):
        return f"{path.name} is write-protected"
    return ""


def writer_is_live(path: Path) -> bool:
    """True when another open ``SessionStore`` is editing ``path`` (it holds the advisory lock)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def immutable(path: Path) -> sqlite3.Connection:
    """The main file alone, read as it is: no lock, no ``-shm``, no WAL replay, no write."""
    return sqlite3.connect(_uri(path, mode="ro", immutable="1"), uri=True, isolation_level=None)


def shared_reader(path: Path) -> sqlite3.Connection:
    """A reader beside a live writer: it reads the writer's WAL, so it sees each new edit."""
    if os.access(path.parent, os.W_OK) and os.access(path, os.W_OK):
        conn = sqlite3.connect(path, isolation_level=None)
    else:
        conn = sqlite3.connect(_uri(path, mode="ro"), uri=True, isolation_level=None)
    conn.execute("PRAGMA query_only = ON")
    return conn


UNNAMED_WRITER = "-"  # what a writer that could not name itself leaves in the WAL (it is not judged)
STALE_WAL = "it was written for another copy of the file, which was replaced after a crash"


def main_file_token(path: Path) -> str:
    """The writer token of the main file alone, WAL left out ("" when it cannot be read)."""
    try:
        conn = immutable(path)
    except sqlite3.Error:
        return ""
    try:
        return writer_token(conn)
    finally:
        conn.close()


def wal_is_stale(main_token: str, replayed: sqlite3.Connection) -> bool:
    """True when the WAL just replayed in ``replayed`` came from another writer than the main file's.

    Each writer names itself in the main file (checkpointed) before its first edit, and
    every edit writes that name again, so a genuine WAL always carries the main file's
    writer. A backup copied over a crashed session names an older writer: its WAL is
    stale, and merging it would mix pages of two different files. Files written before
    writers named themselves, and WALs of a writer that could not, are not judged.
    """
    if not main_token or main_token == UNNAMED_WRITER:
        return False
    replayed_token = writer_token(replayed)  # "" when the replayed file has lost the row: a mix of two files
    return replayed_token != UNNAMED_WRITER and replayed_token != main_token


@dataclass
class Snapshot:
    """A private copy of a session (and its WAL) in a temporary folder, removed on close."""

    folder: Path
    path: Path

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def snapshot(path: Path, *, with_wal: bool) -> Snapshot:
    """Copy ``path`` (and its ``-wal`` when ``with_wal``) into a new temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="hoshin-view-"))
    copy = folder / path.name
    try:
        shutil.copyfile(path, copy)
        if with_wal:
            shutil.copyfile(wal_path(path), wal_path(copy))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Snapshot(folder, copy)


@dataclass
class SetAside:
    """The session's files as they were before a recovery touched them."""

    folder: Path
    existed: dict[str, bool] = field(default_factory=dict)

    def restore(self, path: Path) -> None:
        """Put every file back exactly as it was, and remove what the recovery added."""
        for suffix in PATH_FILES:
            original = Path(f"{path}{suffix}")
            copy = self.folder / f"{path.name}{suffix}"
            if self.existed.get(suffix):
                os.replace(copy, original)
            else:
                original.unlink(missing_ok=True)
        shutil.rmtree(self.folder, ignore_errors=True)


def copy_aside(path: Path) -> SetAside:
    """Copy the session, its ``-wal`` and ``-shm`` into ``<name>.recovery-<when>/`` beside them."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = path.with_name(f"{path.name}.recovery-{stamp}")
    n = 1
    while folder.exists():
        n += 1
        folder = path.with_name(f"{path.name}.recovery-{stamp}-{n}")
    folder.mkdir()
    kept = SetAside(folder)
    try:
        for suffix in PATH_FILES:
            original = Path(f"{path}{suffix}")
            kept.existed[suffix] = original.exists()
            if kept.existed[suffix]:
                shutil.copy2(original, folder / original.name)
                fsync_path(folder / original.name)
        fsync_path(folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return kept


def copy_whole(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` under a temporary name, then rename it into place: a crash
    leaves either no ``target`` or a whole one (the crash matrix found a half-copied ``.v1.bak``)."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        shutil.copy2(source, partial)
        fsync_path(partial)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    fsync_path(target.parent)


def set_aside_wal(path: Path, why: str) -> str:
    """Rename a ``-wal`` that cannot belong to ``path`` (and its ``-shm``); return the notice."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    wal = wal_path(path)
    kept = wal.with_name(f"{wal.name}.not-merged-{stamp}")
    os.replace(wal, kept)
    shm_path(path).unlink(missing_ok=True)  # the index of that WAL, nothing else
    return f"the {wal.name} beside {path.name} did not belong to it ({why}): set aside as {kept.name}, not merged"


def fsync_path(path: Path) -> None:
    """Flush a file or a folder to disk (a folder: so a rename or a new name in it survives a crash)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
