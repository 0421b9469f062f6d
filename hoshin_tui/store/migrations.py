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


# The columns format 3 had: format 4 adds every other column its models have.
FORMAT_3_COLUMNS: dict[str, tuple[str, ...]] = {
    "a3s": (
        "id",
        "kind",
        "subject_id",
        "title",
        "owner_id",
        "mentor_id",
        "revised",
        "version",
        "sections",
        "plan_rows",
        "followup_rows",
        "pos",
    ),
    "agenda": ("id", "title", "minutes", "done", "pos"),
    "catchball_entries": ("id", "item_id", "at", "who", "role", "kind", "text", "pos"),
    "catchball_states": ("item_id", "state", "pos"),
    "correlations": ("corner", "row_id", "col_id", "strength", "pos"),
    "countermeasures": ("id", "measure_id", "month", "root_cause", "action", "owner_id", "due", "pos"),
    "decisions": ("id", "text", "made_at", "made_by", "pos"),
    "initiatives": (
        "id",
        "code",
        "title",
        "kind",
        "owner_id",
        "tactics",
        "deliverables",
        "start",
        "due",
        "status",
        "pos",
    ),
    "marks": ("item_id", "person_id", "role", "pos"),
    "measures": ("id", "code", "name", "unit", "baseline", "target", "direction", "cadence", "owner_id", "pos"),
    "monthly_results": ("measure_id", "month", "plan", "actual", "colour", "pos"),
    "objectives": ("id", "code", "title", "description", "owner_id", "pos"),
    "parking_lot": ("id", "text", "raised_by", "resolved", "pos"),
    "people": ("id", "name", "role", "department", "pos"),
    "strategies": ("id", "code", "title", "description", "horizon", "leader_id", "pos"),
    "votes": ("id", "question", "dots_per_person", "options", "pos"),
}


def _add_format_4_columns(conn: sqlite3.Connection) -> None:
    """Give each format-3 table the columns format 4 added, filled with the field's default.

    Format 4 adds fields with defaults only, so an older row reads as an item never given
    them. Only columns format 3 lacked are added: a format-3 file missing one of its own
    columns is damaged, and the schema check refuses it rather than filling the hole.
    """
    for coll in COLLECTIONS:
        old = FORMAT_3_COLUMNS.get(coll.table)
        if old is None or not _has_table(conn, coll.table):
            continue  # a list new in format 4 (or to an older file): create_tables makes its table after the steps
        defaults = coll.default_row()
        for name, kind in coll.columns().items():
            if name in old:
                continue
            if coll.model.model_fields[name].is_required():
                raise RuntimeError(f"format 4 adds {coll.table}.{name} without a default: give it one")
            affinity = {int: "INTEGER", float: "FLOAT"}.get(kind, "TEXT")
            conn.execute(f"ALTER TABLE [{coll.table}] ADD COLUMN [{name}] {affinity}")
            if defaults[name] is not None:
                conn.execute(f"UPDATE [{coll.table}] SET [{name}] = ?", (defaults[name],))


def _parking_resolved_to_outcome(conn: sqlite3.Connection) -> None:
    """Format 3 said only whether a parked question was resolved; format 4 says where it went.

    A resolved item reads as answered (the old file says no more); the ``resolved`` column stays.
    """
    columns = {row[1] for row in conn.execute("PRAGMA table_info(parking_lot)")}
    if "resolved" in columns:  # a format-1 file has no parking lot yet: create_tables makes it
        conn.execute("UPDATE parking_lot SET outcome = 'answered' WHERE resolved")


def _parking_resolved_to_outcome_json(data: dict[str, Any]) -> None:
    """:func:`_parking_resolved_to_outcome` for a JSON plan: ``resolved`` becomes an outcome."""
    items = data.get("parking_lot")
    if not isinstance(items, list):
        return
    upgraded = []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("resolved"), bool):
            resolved = item["resolved"]
            item = {key: value for key, value in item.items() if key != "resolved"}
            if resolved:
                item.setdefault("outcome", "answered")
        upgraded.append(item)
    data["parking_lot"] = upgraded


def _catchball_speakers_in_file(conn: sqlite3.Connection) -> None:
    """Format 3 named catchball speakers as text; format 4 points at the person (``who_id``).

    A name matching one person of the plan (ignoring case and spaces around it) becomes that
    person's id; any other text stays in ``who``, readable as it was written.
    """
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"people", "catchball_entries"} <= tables:
        return  # an older file without catchball: create_tables makes the table, empty
    people = _people_by_name(conn.execute("SELECT id, name FROM people").fetchall())
    rows = conn.execute("SELECT id, who FROM catchball_entries WHERE who_id IS NULL").fetchall()
    found = [(people[key], entry_id) for entry_id, who in rows if (key := _name_key(who)) in people]
    conn.executemany("UPDATE catchball_entries SET who_id = ? WHERE id = ?", found)


def _catchball_speakers_in_json(data: dict[str, Any]) -> None:
    """:func:`_catchball_speakers_in_file` for a JSON plan of format 3."""
    people_list, entries = data.get("people"), data.get("catchball_entries")
    if not isinstance(people_list, list) or not isinstance(entries, list):
        return
    people = _people_by_name([(p.get("id"), p.get("name")) for p in people_list if isinstance(p, dict)])
    data["catchball_entries"] = [
        {**entry, "who_id": people[key]}
        if isinstance(entry, dict) and entry.get("who_id") is None and (key := _name_key(entry.get("who"))) in people
        else entry
        for entry in entries
    ]


def _name_key(name: object) -> str:
    return " ".join(name.split()).casefold() if isinstance(name, str) else ""


def _people_by_name(rows: list[tuple[Any, Any]]) -> dict[str, str]:
    """``{name key: person id}`` for names only one person has (two Anas match neither)."""
    ids: dict[str, list[str]] = {}
    for person_id, name in rows:
        if isinstance(person_id, str) and _name_key(name):
            ids.setdefault(_name_key(name), []).append(person_id)
    return {key: found[0] for key, found in ids.items() if len(found) == 1}


# What format 4 changes beyond new columns: each is one function of the connection, run in
# order inside the migration's transaction after the columns exist. Keep one per feature.
# Review (issue 12): a status set by hand now needs a reason; older overrides get one that says so.
OLD_OVERRIDE_REASON = "set by hand before reasons were recorded"


def _has_table(conn: sqlite3.Connection, table: str) -> bool:
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    return found is not None


def _give_old_overrides_a_reason(conn: sqlite3.Connection) -> None:
    if not _has_table(conn, "monthly_results"):
        return  # a format-1 file had no results yet: create_tables makes the table afterwards
    conn.execute(
        "UPDATE monthly_results SET override_reason = ? WHERE colour IS NOT NULL AND override_reason = ''",
        (OLD_OVERRIDE_REASON,),
    )


def _give_old_json_overrides_a_reason(data: dict[str, Any]) -> None:
    results = data.get("monthly_results")
    if not isinstance(results, list):
        return
    data["monthly_results"] = [
        {**row, "override_reason": OLD_OVERRIDE_REASON}
        if isinstance(row, dict) and row.get("colour") is not None and not row.get("override_reason")
        else row
        for row in results
    ]


V4_FILE_CHANGES: list[Callable[[sqlite3.Connection], None]] = [
    _parking_resolved_to_outcome,
    _catchball_speakers_in_file,
    _give_old_overrides_a_reason,
]

# The same changes for a JSON plan of format 3 (a dict, changed in place), in the same order.
V4_JSON_CHANGES: list[Callable[[dict[str, Any]], None]] = [
    _parking_resolved_to_outcome_json,
    _catchball_speakers_in_json,
    _give_old_json_overrides_a_reason,
]


def _v3_to_v4(conn: sqlite3.Connection) -> None:
    """Format 4 holds running the room, the review, catchball and roll-forward (issues 11-14)."""
    _add_format_4_columns(conn)
    for change in V4_FILE_CHANGES:
        change(conn)


STEPS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4}


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
    if version < 3:
        _give_json_codes(data, upgraded)
    for change in V4_JSON_CHANGES:
        change(upgraded)
    return upgraded


def _give_json_codes(data: dict[str, Any], upgraded: dict[str, Any]) -> None:
    """Format 3: each item of a format-2 plan gets the code it showed then."""
    for coded in CODED_LISTS:
        items = data.get(coded.name)
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            continue
        entries = [(str(index), str(item.get("kind") or ""), "") for index, item in enumerate(items)]
        codes = give_codes(coded.code_prefix, entries)
        upgraded[coded.name] = [{**item, "code": codes[str(index)]} for index, item in enumerate(items)]


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
