"""Decide whether a file is a session we can open safely, before SQLite touches it.

The header checks read the 100-byte SQLite header with plain file I/O, so a file we refuse
is never opened for writing and stays byte-for-byte as it was. The schema check compares
the tables and columns a file has with the ones its format must have. Only the standard
library is imported here: the session picker uses these checks too.
"""

from __future__ import annotations

import json
import sqlite3
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hoshin_tui.model.format import SCHEMA_VERSION
from hoshin_tui.store.errors import SessionNotFound, SessionRefused
from hoshin_tui.store.wal import WalInfo, read_wal

MAGIC = b"SQLite format 3\x00"
APPLICATION_ID = 0x484B4E31  # "HKN1": marks a SQLite file as a hoshin session
OLDEST_FORMAT = 1  # the oldest file format ``store.migrations`` can upgrade (a test holds the two together)
SCHEMA_KEY = "schema"  # the meta row recording the tables and columns the file's format has (see peek)
# The meta row naming the writer that opened the file last; every edit rewrites it, so a WAL
# carries the name of the writer it came from (see ``store.opening.wal_is_stale``).
WRITER_KEY = "writer"

# One table's columns: name -> [type affinity, place in the primary key (0: not in it)].
Columns = dict[str, list[Any]]


@dataclass(frozen=True)
class Header:
    page_size: int
    wal: bool
    pages: int | None  # None when the in-header size cannot be trusted
    user_version: int
    application_id: int


def read_header(path: Path) -> Header:
    """Parse the header of ``path``, refusing anything that is not an SQLite database."""
    name = path.name
    if not path.exists():
        raise SessionNotFound(f"No session file at {path}")
    if not path.is_file():
        raise SessionRefused(f"{path} is not a file")
    try:
        with path.open("rb") as handle:
            raw = handle.read(100)
    except OSError as exc:
        raise SessionRefused(f"Cannot read {name}: {exc.strerror}") from exc
    if len(raw) == 0:
        raise SessionRefused(f"{name} is empty: it is not a hoshin session")
    if not raw.startswith(MAGIC):
        raise SessionRefused(f"{name} is not a hoshin session (not an SQLite database)")
    if len(raw) < 100:
        raise SessionRefused(f"{name} is truncated: its header is incomplete")
    (page_size,) = struct.unpack(">H", raw[16:18])
    page_size = 65536 if page_size == 1 else page_size
    write_version, read_version = raw[18], raw[19]
    (pages,) = struct.unpack(">I", raw[28:32])
    change_counter, version_valid_for = struct.unpack(">I", raw[24:28])[0], struct.unpack(">I", raw[92:96])[0]
    (user_version,) = struct.unpack(">I", raw[60:64])
    (application_id,) = struct.unpack(">I", raw[68:72])
    trusted = pages > 0 and change_counter == version_valid_for
    return Header(
        page_size=page_size,
        wal=write_version == 2 or read_version == 2,
        pages=pages if trusted else None,
        user_version=user_version,
        application_id=application_id,
    )


def check_session_file(path: Path, *, wal_pages: int = 0) -> Header:
    """Refuse, with one clear line, any file that is not a readable session of a known version.

    ``wal_pages`` is the database size the ``-wal`` beside the file commits to (0: no
    such WAL). A main file shorter than its header says is what a crash or a full disk
    leaves during a checkpoint: when a WAL is there to complete it, it is not refused
    here; the recovery (or, failing that, ``check_integrity``) decides.
    """
    header = read_header(path)
    name = path.name
    if header.application_id != APPLICATION_ID:
        raise SessionRefused(f"{name} is an SQLite database but not a hoshin session")
    if header.user_version > SCHEMA_VERSION:
        raise SessionRefused(
            f"{name} was written by a newer hoshin-tui (file format {header.user_version}, this version reads "
            f"up to {SCHEMA_VERSION}): upgrade hoshin-tui to open it"
        )
    if header.user_version < OLDEST_FORMAT:
        raise SessionRefused(
            f"{name} has no file format number (format {header.user_version}), so this hoshin-tui cannot tell "
            "how to read it; it was left unchanged"
        )
    size = path.stat().st_size
    if wal_pages:
        return header
    if header.pages is not None and size < header.pages * header.page_size:
        raise SessionRefused(
            f"{name} is truncated ({size} of {header.pages * header.page_size} bytes): "
            "restore it from a backup or an exported JSON"
        )
    if size % header.page_size:
        raise SessionRefused(f"{name} is damaged (its size is not a whole number of pages)")
    return header


def check_session_beside_its_wal(path: Path) -> tuple[Header, WalInfo]:
    """:func:`check_session_file`, told how large the committed ``-wal`` beside the file makes
    it; returns the header and what the ``-wal`` holds."""
    header = read_header(path)
    wal = read_wal(path, header.page_size)
    return check_session_file(path, wal_pages=wal.db_pages if wal.has_edits else 0), wal


def check_integrity(conn: sqlite3.Connection, name: str, *, full: bool = False) -> None:
    """Run SQLite's own consistency check; refuse the file when it finds damage.

    Errors that say nothing about the file (locked, disk full, read-only media) are
    raised as they are, for the caller to turn into a read-only open.
    """
    try:
        rows = [tuple(row) for row in conn.execute(f"PRAGMA {'integrity_check' if full else 'quick_check'}")]
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        raise SessionRefused(f"{name} is damaged ({exc}): restore it from a backup or an exported JSON") from exc
    if rows != [("ok",)]:
        raise SessionRefused(f"{name} is damaged ({rows[0][0]}): restore it from a backup or an exported JSON")


# --- what an SQLite error says about the file ------------------------------------------------

_DAMAGE = {"SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_FORMAT", "SQLITE_SCHEMA", "SQLITE_ERROR"}


def is_damage(exc: sqlite3.Error) -> bool:
    """True when ``exc`` means the file itself is wrong, not the disk, the lock or the folder."""
    code = (getattr(exc, "sqlite_errorname", "") or "").split("_")[:2]
    return "_".join(code) in _DAMAGE or not code


def environment_problem(exc: BaseException, name: str, folder: Path | None = None) -> str:
    """One line for an error that says nothing about the file's health ("" for any other error).

    SQLite reports a disk that cannot grow the ``-shm`` as an I/O error, not as a full
    disk: with ``folder`` given, an I/O error on a disk with (almost) no room left is
    called what it is.
    """
    code = getattr(exc, "sqlite_errorname", "") or ""
    if folder is not None and code.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")) and _nearly_full(folder):
        return "the disk is full"
    errno_name = ""
    if isinstance(exc, OSError):
        import errno

        errno_name = errno.errorcode.get(exc.errno or 0, "")
        if errno_name in ("ENOSPC", "EDQUOT"):
            return "the disk is full"
        if errno_name == "EROFS":
            return "the disk is read-only"
        if errno_name in ("EACCES", "EPERM"):
            return f"{name} cannot be written here"
        return ""
    if code.startswith("SQLITE_FULL"):
        return "the disk is full"
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return f"{name} is locked by another program"
    if code.startswith(("SQLITE_READONLY", "SQLITE_PERM", "SQLITE_AUTH")):
        return f"{name} cannot be written here"
    if code.startswith(("SQLITE_CANTOPEN", "SQLITE_IOERR")):
        return f"{name} cannot be written here (the disk refused: {exc})"
    return ""


def _nearly_full(folder: Path) -> bool:
    import shutil

    try:
        return shutil.disk_usage(folder).free < 256 * 1024
    except OSError:
        return False


# --- the schema a format has --------------------------------------------------------------------


def schema_of(conn: sqlite3.Connection) -> dict[str, Columns]:
    """The tables of a file and their columns, as :data:`Columns` (SQLite's own tables left out)."""
    tables = [
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    ]
    found: dict[str, Columns] = {}
    for table in tables:
        found[table] = {
            row[1]: [affinity(str(row[2])), int(row[5])] for row in conn.execute(f"PRAGMA table_info([{table}])")
        }
    return found


def affinity(declared: str) -> str:
    """The type affinity SQLite gives a column declared ``declared`` (its rules, section 3.1 of datatype3)."""
    kind = declared.upper()
    if "INT" in kind:
        return "INTEGER"
    if any(word in kind for word in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if "BLOB" in kind or not kind:
        return "BLOB"
    if any(word in kind for word in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


def check_schema(conn: sqlite3.Connection, expected: Mapping[str, Columns], name: str) -> None:
    """Refuse a file missing a table or a column of its format, or holding one with another type.

    Tables and columns the format does not know are let be: nothing reads them.
    """
    try:
        found = schema_of(conn)
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        raise SessionRefused(f"{name} is damaged ({exc}): restore it from a backup or an exported JSON") from exc
    problem = schema_problem(found, expected)
    if problem:
        raise SessionRefused(f"{name} is damaged: {problem}; restore it from a backup or an exported JSON")


def schema_problem(found: Mapping[str, Columns], expected: Mapping[str, Columns]) -> str:
    """The first difference that makes ``found`` unreadable as ``expected``, in words ("" if none)."""
    for table, columns in expected.items():
        if table not in found:
            return f"table '{table}' is missing"
        for column, (kind, key) in columns.items():
            have = found[table].get(column)
            if have is None:
                return f"column '{column}' of table '{table}' is missing"
            if have[0] != kind:
                return f"column '{column}' of table '{table}' is of type {have[0]}, not {kind}"
            if have[1] != key:
                return f"the key of table '{table}' has changed"
    return ""


def recorded_schema(conn: sqlite3.Connection) -> dict[str, Columns] | None:
    """The schema the file says its format has (written when it was made or upgraded), if any."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (SCHEMA_KEY,)).fetchone()
        recorded = json.loads(row[0]) if row else None
    except (sqlite3.Error, ValueError, TypeError):
        return None
    return recorded if isinstance(recorded, dict) else None


def writer_token(conn: sqlite3.Connection) -> str:
    """The writer the file (as ``conn`` reads it) was last opened by ("" when unknown)."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (WRITER_KEY,)).fetchone()
    except sqlite3.Error:
        return ""
    return row[0].split(" ")[0] if row and isinstance(row[0], str) else ""  # "<name> <edits since>"
