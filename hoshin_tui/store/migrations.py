"""The tables of a session file, and forward migrations from older file formats.

The file format is ``PRAGMA user_version``. Each step of ``STEPS`` turns version N into
N+1 and runs, with the version bump, inside one transaction: a migration either
completes or leaves the file as it was. A copy of the old file is kept beside it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from hoshin_tui.model.format import SCHEMA_VERSION
from hoshin_tui.store.schema import COLLECTIONS


def create_tables(conn: sqlite3.Connection) -> None:
    """Create every table the current format has and the file lacks.

    sqlite-utils is imported here, not at start-up: only new files and migrations need it.
    """
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    db["meta"].create({"key": str, "value": str}, pk="key", if_not_exists=True)
    db["history"].create(
        {"seq": int, "at": str, "label": str, "ops": str, "undone": int},
        pk="seq",
        not_null={"at", "label", "ops", "undone"},
        defaults={"undone": 0},
        if_not_exists=True,
    )
    for coll in COLLECTIONS:
        pk = coll.key[0] if len(coll.key) == 1 else coll.key
        db[coll.table].create(coll.columns(), pk=pk, not_null=set(coll.key), if_not_exists=True)
        for name in coll.owned_by + coll.refers_to:
            if name not in coll.key[:1]:
                db[coll.table].create_index([name], if_not_exists=True)


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    """Format 1 weighted correlations 9/3/1 (QFD style); format 2 names them strong/medium/weak.

    Format 1 had no ``pos`` on correlations and marks.

    Format 2 also adds catchball, reviews and facilitation tables (made by create_tables).
    """
    conn.execute("ALTER TABLE correlations ADD COLUMN strength TEXT")
    conn.execute(
        "UPDATE correlations SET strength = CASE WHEN weight >= 9 THEN 'strong' "
        "WHEN weight >= 3 THEN 'medium' ELSE 'weak' END"
    )
    conn.execute("ALTER TABLE correlations DROP COLUMN weight")
    for table in ("correlations", "marks"):  # format 1 kept these two in key order; now every list keeps its own
        conn.execute(f"ALTER TABLE {table} ADD COLUMN pos INTEGER")
        conn.execute(f"UPDATE {table} SET pos = rowid - 1")


STEPS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _v1_to_v2}


def migrate(conn: sqlite3.Connection, from_version: int) -> None:
    """Bring a file of ``from_version`` up to the current format, all or nothing."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for version in range(from_version, SCHEMA_VERSION):
            STEPS[version](conn)
        create_tables(conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite may have rolled back already (a full disk does that)
            conn.execute("ROLLBACK")
        raise
