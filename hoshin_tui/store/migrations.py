"""The tables of a session file, and forward migrations from older file formats.

The file format is ``PRAGMA user_version``. Each step of ``STEPS`` turns version N into
N+1 and runs, with the version bump, inside one transaction: a migration either
completes or leaves the file as it was. A copy of the old file is kept beside it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from hoshin_tui.model.format import SCHEMA_VERSION
from hoshin_tui.model.lists import CODED_LISTS, give_codes
from hoshin_tui.store.schema import COLLECTIONS


def create_tables(conn: sqlite3.Connection) -> None:
    """Create every table the current format has and the file lacks.

    sqlite-utils is imported here, not at start-up: only new files and migrations need it.
    """
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    db.table("meta").create({"key": str, "value": str}, pk="key", if_not_exists=True)
    db.table("history").create(
        {"seq": int, "at": str, "label": str, "ops": str, "undone": int},
        pk="seq",
        not_null={"at", "label", "ops", "undone"},
        defaults={"undone": 0},
        if_not_exists=True,
    )
    for coll in COLLECTIONS:
        pk = coll.key[0] if len(coll.key) == 1 else coll.key
        db.table(coll.table).create(coll.columns(), pk=pk, not_null=set(coll.key), if_not_exists=True)
        for name in coll.owned_by + coll.refers_to:
            if name not in coll.key[:1]:
                db.table(coll.table).create_index([name], if_not_exists=True)


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


def _v2_to_v3(conn: sqlite3.Connection) -> None:
    """Format 3 stores each item's code (S1, O2, I3, M4), so a code stays put once given.

    Format 2 derived codes from the order of the lists (initiatives: strategic first). Each
    item is given the code it showed then, so nothing already printed changes.
    """
    for coded in CODED_LISTS:
        columns = {row[1] for row in conn.execute(f"PRAGMA table_info([{coded.name}])")}
        conn.execute(f"ALTER TABLE [{coded.name}] ADD COLUMN code TEXT")
        kind = "kind" if "kind" in columns else "''"
        rows = conn.execute(f"SELECT id, {kind} FROM [{coded.name}] ORDER BY pos").fetchall()
        codes = give_codes(coded.code_prefix, [(item_id, item_kind or "", "") for item_id, item_kind in rows])
        conn.executemany(f"UPDATE [{coded.name}] SET code = ? WHERE id = ?", [(c, i) for i, c in codes.items()])


STEPS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _v1_to_v2, 2: _v2_to_v3}


def upgrade_json(data: dict[str, Any]) -> dict[str, Any]:
    """A JSON plan of an older format, in the current one: the importer calls this before validating.

    Format 2 had no stored codes: each item gets the code it showed then, as the file
    migration gives them. Anything that is not a plan's shape is passed on untouched, for
    validation to name the problem. ``data`` is not changed; a new dict is returned.
    """
    version = data.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version >= SCHEMA_VERSION:
        return data
    upgraded = dict(data, schema_version=SCHEMA_VERSION)
    for coded in CODED_LISTS:
        items = data.get(coded.name)
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            continue
        entries = [(str(index), str(item.get("kind") or ""), "") for index, item in enumerate(items)]
        codes = give_codes(coded.code_prefix, entries)
        upgraded[coded.name] = [{**item, "code": codes[str(index)]} for index, item in enumerate(items)]
    return upgraded


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
