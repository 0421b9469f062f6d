"""Write files so that a reader only ever sees the old file or the whole new one.

An export never replaces what is not an export: a session file, the files SQLite keeps
beside one, or anything that is not a regular file (a device, a fifo, a folder). Writers of
one name take turns through a lock file beside it, so the check and the rename are one step
for every hoshin process.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
# What SQLite and the store keep beside a session: its log, its shared memory, its backups.
_SESSION_COMPANION = re.compile(r"\.sqlite(-wal|-shm|-journal|(\.[^/]*)?\.bak)$")
_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFIFO: "a pipe (fifo)",
    stat.S_IFSOCK: "a socket",
}


class UnsafeTarget(ValueError):
    """Writing there would destroy something that is not an export; nothing was written."""


class Busy(OSError):
    """Another hoshin process holds the lock of this name for longer than we wait."""


def refuse_unsafe_target(path: Path) -> None:
    """Raise :class:`UnsafeTarget` if ``path`` must not be replaced by an export.

    ``path`` should be resolved (symlinks followed): a link to a session is a session.
    """
    _refuse_existing(path)
    if _SESSION_COMPANION.search(path.name):
        raise UnsafeTarget(f"{path} is where SQLite keeps a session's log or backup: choose another name")
    if path.suffix == ".sqlite" and path.parent.name == "sessions":
        raise UnsafeTarget(f"{path} would be taken for a session: export somewhere else (exports/ is the usual place)")


def _refuse_existing(path: Path) -> None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UnsafeTarget(f"Cannot check {path} before writing it: {exc.strerror}") from exc
    kind = _KINDS.get(stat.S_IFMT(info.st_mode))
    if kind is not None or not stat.S_ISREG(info.st_mode):
        raise UnsafeTarget(f"{path} is {kind or 'not a regular file'}, not a file an export may replace")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise UnsafeTarget(f"Cannot check {path} before writing it: {exc.strerror}") from exc
    if head == SQLITE_MAGIC:
        raise UnsafeTarget(f"{path} is a session file (an SQLite database): an export never replaces one")


@contextmanager
def locked_name(path: Path, *, timeout: float = 15.0) -> Iterator[None]:
    """Hold the lock of ``path`` (``.NAME.lock`` beside it) while the block runs.

    The lock file is removed on release; a waiter that wakes up on a removed lock file
    tries again on the new one, so two writers never both think they hold the name.
    Where no lock can be had (a file system without ``flock``, a folder we may not write)
    the block runs unlocked: the rename is still atomic, and the write fails on its own.
    """
    lock = path.with_name(f".{path.name}.lock")
    fd = _acquire(lock, time.monotonic() + timeout, path)
    try:
        yield
    finally:
        if fd is not None:
            with suppress(OSError):
                lock.unlink()
            os.close(fd)


def _acquire(lock: Path, deadline: float, path: Path) -> int | None:
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                return None
            raise
        try:
            if not _flock(fd, deadline, path):
                os.close(fd)
                return None
            try:
                if os.path.samestat(os.fstat(fd), os.stat(lock)):
                    return fd
            except FileNotFoundError:
                pass
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the holder before us removed this lock file: take the new one


def _flock(fd: int, deadline: float, path: Path) -> bool:
    """Wait for the lock until ``deadline``; False when the file system cannot lock at all."""
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise Busy(errno.EBUSY, f"Another hoshin is still writing {path.name}: try again in a moment") from None
            time.sleep(0.02)
        except OSError as exc:
            if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
                return False
            raise


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``path``, fsync it, then rename it into place.

    Refuses (:class:`UnsafeTarget`) a ``path`` that is not ours to replace; a symlink is
    followed, so the file it points at is the one written.
    """
    path = Path(os.path.abspath(path.expanduser()))
    path.parent.mkdir(parents=True, exist_ok=True)
    path = path.resolve()
    refuse_unsafe_target(path)  # before the lock: no lock file beside a device or in a session's place
    with locked_name(path):
        refuse_unsafe_target(path)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a handout should be readable like any file
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return path


def _umask() -> int:
    """The process umask (reading it means setting it, so set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
