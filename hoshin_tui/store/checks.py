"""Decide whether a file is a session we can open safely, before SQLite touches it.

Everything here reads the 100-byte SQLite header with plain file I/O, so a file we refuse
is never opened for writing and stays byte-for-byte as it was.
"""

from __future__ import annotations

import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path

from hoshin_tui.model.format import SCHEMA_VERSION
from hoshin_tui.store.errors import SessionNotFound, SessionRefused

MAGIC = b"SQLite format 3\x00"
APPLICATION_ID = 0x484B4E31  # "HKN1": marks a SQLite file as a hoshin session


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


def check_session_file(path: Path) -> Header:
    """Refuse, with one clear line, any file that is not a readable session of a known version."""
    header = read_header(path)
    name = path.name
    if header.application_id != APPLICATION_ID:
        raise SessionRefused(f"{name} is an SQLite database but not a hoshin session")
    if header.user_version > SCHEMA_VERSION:
        raise SessionRefused(
            f"{name} was written by a newer hoshin-tui (file format {header.user_version}, this version reads "
            f"up to {SCHEMA_VERSION}): upgrade hoshin-tui to open it"
        )
    size = path.stat().st_size
    if header.pages is not None and size < header.pages * header.page_size:
        raise SessionRefused(
            f"{name} is truncated ({size} of {header.pages * header.page_size} bytes): "
            "restore it from a backup or an exported JSON"
        )
    if size % header.page_size:
        raise SessionRefused(f"{name} is damaged (its size is not a whole number of pages)")
    return header


def check_integrity(conn: sqlite3.Connection, name: str) -> None:
    """Run SQLite's own consistency check; refuse the file when it finds damage."""
    try:
        rows = [tuple(row) for row in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        raise SessionRefused(f"{name} is damaged ({exc}): restore it from a backup or an exported JSON") from exc
    if rows != [("ok",)]:
        raise SessionRefused(f"{name} is damaged ({rows[0][0]}): restore it from a backup or an exported JSON")
