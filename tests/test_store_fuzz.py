"""SQL-level damage to a session: opening gives a working session or one line, never a traceback.

Hypothesis drops and renames tables and columns, changes declared types, puts garbage in
cells, changes the format number and cuts the file at page boundaries. Whatever it does,
``SessionStore.open`` + ``load`` (and the listing's ``peek``) either work or raise
``SessionRefused`` with one line, and a file refused at open is left byte for byte as it was.
CI runs a fixed-seed sample; ``HOSHIN_FUZZ_EXAMPLES=2000`` runs a nightly-sized one by hand.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from contextlib import suppress
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hoshin_tui.model.plan import Strategy
from hoshin_tui.store import SessionRefused, SessionStore, StoreError
from hoshin_tui.store.peek import peek
from tests.plans import small_plan

EXAMPLES = int(os.environ.get("HOSHIN_FUZZ_EXAMPLES", "60"))
TABLES = ["meta", "history", "people", "strategies", "objectives", "measures", "correlations", "marks", "a3s"]
COLUMNS = {
    "meta": ["key", "value"],
    "history": ["seq", "at", "label", "ops", "undone"],
    "people": ["id", "name", "role", "pos"],
    "strategies": ["id", "title", "horizon", "leader_id", "pos"],
    "objectives": ["id", "title", "target", "owner_id", "pos"],
    "measures": ["id", "name", "baseline", "target", "direction", "pos"],
    "correlations": ["corner", "row_id", "col_id", "strength", "pos"],
    "marks": ["item_id", "person_id", "role", "pos"],
    "a3s": ["id", "title", "sections", "subject_id", "pos"],
}
GARBAGE = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.sampled_from(["", "{", "[1, 2", "null", "not json", '{"a": 1}', "9" * 30, "2027-13-45", "strong!"]),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.binary(max_size=16),
)

table = st.sampled_from(TABLES)


@st.composite
def column(draw) -> tuple[str, str]:
    name = draw(table)
    return name, draw(st.sampled_from(COLUMNS[name]))


damage = st.one_of(
    st.builds(lambda t: f"DROP TABLE [{t}]", table),
    st.builds(lambda t: f"ALTER TABLE [{t}] RENAME TO [{t}_old]", table),
    st.builds(lambda tc: f"ALTER TABLE [{tc[0]}] DROP COLUMN [{tc[1]}]", column()),
    st.builds(lambda tc: f"ALTER TABLE [{tc[0]}] RENAME COLUMN [{tc[1]}] TO [{tc[1]}_x]", column()),
    st.builds(
        lambda tc, kind: ("retype", tc[0], tc[1], kind),
        column(),
        st.sampled_from(["TEXT", "INTEGER", "REAL", "BLOB", ""]),
    ),
    st.builds(lambda tc, value, n: ("set", tc[0], tc[1], value, n), column(), GARBAGE, st.integers(0, 5)),
    st.builds(lambda t: f"DELETE FROM [{t}]", table),
    st.builds(lambda v: f"PRAGMA user_version = {v}", st.integers(0, 4)),
)


@cache
def healthy_session() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.sqlite"
        SessionStore.create(path, small_plan()).close()
        return path.read_bytes()


def _apply(conn: sqlite3.Connection, step) -> None:
    if isinstance(step, str):
        conn.execute(step)
    elif step[0] == "retype":
        _, name, col, kind = step
        conn.execute("PRAGMA writable_schema = ON")
        row = conn.execute("SELECT sql FROM sqlite_schema WHERE name = ?", (name,)).fetchone()
        if row:
            sql = row[0]
            for old in ("TEXT", "INTEGER", "FLOAT", "REAL"):
                sql = sql.replace(f'"{col}" {old}', f'"{col}" {kind}')
            conn.execute("UPDATE sqlite_schema SET sql = ? WHERE name = ?", (sql, name))
        conn.execute("PRAGMA writable_schema = OFF")
    else:
        _, name, col, value, n = step
        conn.execute(
            f"UPDATE [{name}] SET [{col}] = ? WHERE rowid = (SELECT rowid FROM [{name}] LIMIT 1 OFFSET ?)", (value, n)
        )


def _damaged(path: Path, steps: list, cut_pages: int | None) -> None:
    path.write_bytes(healthy_session())
    conn = sqlite3.connect(path, isolation_level=None)
    for step in steps:
        with suppress(sqlite3.Error, OverflowError):  # a step SQLite itself refuses is no damage
            _apply(conn, step)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    if cut_pages is not None:
        data = path.read_bytes()
        path.write_bytes(data[: min(len(data), cut_pages * 4096)])


def _one_line(exc: Exception) -> None:
    message = str(exc)
    assert message and "\n" not in message, message
    assert "validation error" not in message and "Traceback" not in message, message


@settings(
    max_examples=EXAMPLES,
    derandomize=EXAMPLES <= 60,  # the CI sample is the same every run
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    steps=st.lists(damage, min_size=1, max_size=4),
    cut_pages=st.none() | st.integers(0, 40),
    read_only=st.booleans(),
)
def test_sql_level_damage_gives_a_working_session_or_one_line(steps, cut_pages, read_only):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.sqlite"
        _damaged(path, steps, cut_pages)
        before = path.read_bytes()

        try:
            peek(path)
        except StoreError as exc:
            _one_line(exc)
        assert path.read_bytes() == before  # a listing never writes

        try:
            store = SessionStore.open(path, read_only=read_only)
        except SessionRefused as exc:
            _one_line(exc)
            assert path.read_bytes() == before
            assert sorted(p.name for p in Path(folder).iterdir()) == ["s.sqlite"]
            return
        with store:
            try:
                plan = store.load()
            except SessionRefused as exc:
                _one_line(exc)
                return
            plan.counts()
            if not store.read_only:
                store.save(Strategy(title="Still works"))
                assert store.load().strategies[-1].title == "Still works"
