"""A quick look into a session file: what the session picker lists, without loading the plan.

Only the standard library is imported here: listing the workspace is the first thing the
``hoshin`` command shows, and pydantic (which the plan model needs) costs more to import
than the whole listing. The file is checked as ``SessionStore.open`` checks it, and a peek
never changes a file.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from hoshin_tui.model.format import SCHEMA_VERSION
from hoshin_tui.model.lists import COUNTED_LISTS
from hoshin_tui.store.checks import (
    Columns,
    check_integrity,
    check_session_beside_its_wal,
    recorded_schema,
    schema_of,
    schema_problem,
)
from hoshin_tui.store.errors import SessionRefused
from hoshin_tui.store.opening import immutable, main_file_token, shared_reader, snapshot, wal_is_stale, writer_is_live

# What a file of the current format must have when it does not record its own schema
# (files made before it did): the tables a listing reads.
_TABLES_READ: dict[str, Columns] = {name: {} for name in ("meta", "history", *COUNTED_LISTS)}


def count_items(conn: sqlite3.Connection) -> dict[str, int]:
    """Items per list, as ``Plan.counts()`` gives them, counted by SQLite."""
    return {kind: conn.execute(f"SELECT count(*) FROM [{kind}]").fetchone()[0] for kind in COUNTED_LISTS}


def last_change(conn: sqlite3.Connection) -> str | None:
    """When the last edit was made (ISO 8601, UTC), or None before the first edit."""
    row = conn.execute("SELECT max(at) FROM history").fetchone()
    return row[0] if row else None


def plan_title(conn: sqlite3.Connection) -> str:
    """The plan's own title, as the room typed it ("" when the file has none)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'title'").fetchone()
    value = json.loads(row[0]) if row else ""
    return value if isinstance(value, str) else ""


def derived_from(conn: sqlite3.Connection) -> str:
    """The session a rolled-forward plan came from ("" for any other plan, or a file from before roll-forward)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'derived_from'").fetchone()
    value = json.loads(row[0]) if row else ""
    return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class Peek:
    counts: dict[str, int] = field(default_factory=dict)
    last_change: str | None = None
    title: str = ""
    derived_from: str = ""  # the session it was rolled forward from


def peek(path: Path) -> Peek:
    """The counts and last change of the session at ``path``; ``SessionRefused`` if it cannot be read safely.

    Like a read-only ``SessionStore.open``, a peek never writes: it reads the main file as
    immutable, shares the WAL of a writer at work, or reads a private copy when a WAL
    holds edits not yet merged. A file of the current format is checked against the
    tables and columns it records (``SessionStore.open`` checks against the model itself).
    """
    header, wal = check_session_beside_its_wal(path)
    name = path.name
    view = None
    try:
        if writer_is_live(path):
            conn = shared_reader(path)
        elif wal.has_edits:
            view = snapshot(path, with_wal=True)
            conn = sqlite3.connect(view.path, isolation_level=None)
            if wal_is_stale(main_file_token(path), conn):  # the listing shows the file, not a mix with it
                conn.close()
                view.remove()
                view = None
                conn = immutable(path)
        else:
            conn = immutable(path)
    except (OSError, sqlite3.Error) as exc:
        if view is not None:
            view.remove()
        raise SessionRefused(f"{name} cannot be read ({exc}): it was left unchanged") from exc
    try:
        check_integrity(conn, name)
        if header.user_version == SCHEMA_VERSION:
            problem = schema_problem(schema_of(conn), recorded_schema(conn) or _TABLES_READ)
            if problem:
                raise SessionRefused(f"{name} is damaged: {problem}; restore it from a backup or an exported JSON")
        return Peek(count_items(conn), last_change(conn), plan_title(conn), derived_from(conn))
    except (sqlite3.Error, ValueError) as exc:  # an older format, or a table missing: say so, do not guess
        raise SessionRefused(f"{name} cannot be summarised ({exc}): open it to check it") from exc
    finally:
        conn.close()
        if view is not None:
            view.remove()
