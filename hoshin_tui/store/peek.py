"""A quick look into a session file: what the session picker lists, without loading the plan.

Only the standard library is imported here: listing the workspace is the first thing the
``hoshin`` command shows, and pydantic (which the plan model needs) costs more to import
than the whole listing. The file is checked exactly as ``SessionStore.open`` checks it,
through a read-only connection, so a peek never changes a file.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from hoshin_tui.model.format import COUNTED_LISTS
from hoshin_tui.store.checks import check_integrity, check_session_file
from hoshin_tui.store.errors import SessionRefused


def connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """A connection; a read-only one refuses writes through ``PRAGMA query_only``.

    SQLite's own ``mode=ro`` is kept for files we may not write: a read-only connection
    cannot remove the ``-wal`` and ``-shm`` files it creates, so using it everywhere would
    litter the sessions folder.
    """
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    if writable:
        conn = sqlite3.connect(path, isolation_level=None)
    else:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 2000")
    if read_only:
        conn.execute("PRAGMA query_only = ON")
    return conn


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


@dataclass(frozen=True)
class Peek:
    counts: dict[str, int] = field(default_factory=dict)
    last_change: str | None = None
    title: str = ""


def peek(path: Path) -> Peek:
    """The counts, last change and plan title of the session at ``path``.

    Raises ``SessionRefused`` if the file cannot be read safely.
    """
    check_session_file(path)
    conn = connect(path, read_only=True)
    try:
        check_integrity(conn, path.name)
        return Peek(count_items(conn), last_change(conn), plan_title(conn))
    except (sqlite3.Error, ValueError) as exc:  # an older format, or a table missing: say so, do not guess
        raise SessionRefused(f"{path.name} cannot be summarised ({exc}): open it to check it") from exc
    finally:
        conn.close()
