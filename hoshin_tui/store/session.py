"""One session, one SQLite file: every edit its own transaction, every edit undoable.

Each edit runs inside ``BEGIN IMMEDIATE ... COMMIT`` together with its entry in the
``history`` table, which records the rows before and after. Undo writes the "before" rows
back and redo the "after" rows, so both survive a restart. The file is in WAL mode with
``synchronous=FULL``: once an edit method returns, the edit is on disk.

Only one process edits a session at a time: the writer holds an advisory ``flock`` on the
file for as long as it is open, and a second process gets a read-only view instead.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from hoshin_tui.model import Plan
from hoshin_tui.model.enums import Corner, MarkRole, Strength
from hoshin_tui.model.errors import human_errors
from hoshin_tui.model.format import SCHEMA_VERSION
from hoshin_tui.model.lists import BY_NAME, CODED_LISTS, code_number, give_codes, list_of
from hoshin_tui.model.plan import Correlation, PeopleMark
from hoshin_tui.store import migrations
from hoshin_tui.store.checks import APPLICATION_ID, check_integrity, check_session_file
from hoshin_tui.store.errors import InvalidEdit, ReadOnlyError, SessionExists, SessionRefused
from hoshin_tui.store.peek import connect, count_items, last_change
from hoshin_tui.store.schema import BY_ATTR, COLLECTIONS, META_FIELDS, Collection, collection_for

# Which tables an id stored in a field may point into.
_PEOPLE = ("people",)
_ITEMS = tuple(coded.name for coded in CODED_LISTS)  # what catchball and people marks hang on
CORNER_TABLES: dict[Corner, tuple[str, str]] = {
    Corner.STRATEGY_OBJECTIVE: ("strategies", "objectives"),
    Corner.OBJECTIVE_INITIATIVE: ("objectives", "initiatives"),
    Corner.INITIATIVE_MEASURE: ("initiatives", "measures"),
    Corner.MEASURE_STRATEGY: ("measures", "strategies"),
}
_REFERENCE_TABLES: dict[str, tuple[str, ...]] = {
    "leader_id": _PEOPLE,
    "owner_id": _PEOPLE,
    "mentor_id": _PEOPLE,
    "person_id": _PEOPLE,
    "subject_id": ("strategies", "initiatives"),
    "measure_id": ("measures",),
    "item_id": _ITEMS,
}


@dataclass(frozen=True)
class Change:
    """One entry of the undo history."""

    seq: int
    at: str
    label: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SessionStore:
    """A session file opened for editing (or, when another process edits it, for reading)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, lock_fd: int | None, read_only_reason: str = "") -> None:
        self.path = path
        self.conn = conn
        self._lock_fd = lock_fd
        self.read_only_reason = read_only_reason
        # load() re-reads only the tables written since the last load (all of them when
        # another connection has written: PRAGMA data_version tells).
        self._lists: dict[str, list[BaseModel]] = {}
        self._keys: dict[str, list[tuple[Any, ...]]] = {}  # each cached item's key, in the same order
        self._meta: dict[str, Any] = {}
        self._stale: set[str] = {"meta", *BY_ATTR}
        self._data_version = None
        self._batch: _Edit | None = None  # the change that edits made inside batch() join

    # --- opening and creating ---------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return self._lock_fd is None

    @property
    def name(self) -> str:
        return self.path.name.removesuffix(".sqlite")

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False) -> SessionStore:
        """Open an existing session, refusing any file that cannot be read safely."""
        path = Path(path)
        header = check_session_file(path)
        reason = "opened read-only on request" if read_only else ""
        lock_fd = None
        if not read_only:
            if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
                reason = f"{path.name} is write-protected: opened read-only"
            else:
                lock_fd = _try_lock(path)
                if lock_fd is None:
                    reason = f"{path.name} is open for editing in another window: opened read-only"
        if lock_fd is None and header.user_version < SCHEMA_VERSION:
            raise SessionRefused(f"{path.name} needs upgrading to the current format, which needs write access")
        conn = None
        try:
            conn = connect(path, read_only=lock_fd is None)
            check_integrity(conn, path.name)
            if lock_fd is not None and header.user_version < SCHEMA_VERSION:
                shutil.copy2(path, path.with_name(f"{path.name}.v{header.user_version}.bak"))
                migrations.migrate(conn, header.user_version)
            if lock_fd is not None:
                _configure(conn)
        except BaseException as exc:
            if conn is not None:
                conn.close()
            _unlock(lock_fd)
            if isinstance(exc, sqlite3.DatabaseError):
                raise SessionRefused(f"{path.name} cannot be read ({exc}): it was left unchanged") from exc
            raise
        return cls(path, conn, lock_fd, reason)

    @classmethod
    def create(cls, path: Path | str, plan: Plan | None = None) -> SessionStore:
        """Write a new session file (empty, or holding ``plan``) and open it.

        The file is built under a temporary name and renamed into place, so a crash
        never leaves a half-written session behind.
        """
        path = Path(path)
        if path.exists():
            raise SessionExists(f"A session already exists at {path}")
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.partial")
        tmp.unlink(missing_ok=True)
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("BEGIN")
            migrations.create_tables(conn)
            _write_plan(conn, plan or Plan())
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except BaseException:
            conn.close()
            tmp.unlink(missing_ok=True)
            raise
        conn.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
        if path.exists():
            tmp.unlink()
            raise SessionExists(f"A session already exists at {path}")
        os.replace(tmp, path)
        _fsync_dir(path.parent)
        return cls.open(path)

    def close(self) -> None:
        with suppress(sqlite3.Error):
            if not self.read_only:
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.conn.close()
        _unlock(self._lock_fd)
        self._lock_fd = None

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading --------------------------------------------------------------------------

    def load(self) -> Plan:
        """The whole plan, as the room last left it.

        Lists come from a cache of validated items; only the tables changed since the last
        load are read and validated again, which keeps an edit on a large plan cheap.
        """
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:
            self._stale |= {"meta", *BY_ATTR}  # another connection wrote: trust nothing cached
            self._data_version = version
        cursor = self.conn.cursor()
        cursor.row_factory = None
        if "meta" in self._stale:
            rows = cursor.execute("SELECT key, value FROM meta").fetchall()
            self._meta = {key: json.loads(value) for key, value in rows if key in META_FIELDS}
        for table in self._stale - {"meta"}:
            coll = BY_ATTR[table]
            rows = cursor.execute(coll.select()).fetchall()
            self._lists[table] = coll.list_adapter.validate_python([coll.from_row(row) for row in rows])
            where = [coll.fields.index(name) for name in coll.key]
            self._keys[table] = [tuple(row[i] for i in where) for row in rows]
        self._stale.clear()
        plan = Plan.model_validate(self._meta)  # the plan's own fields, validated; lists are added checked
        for attr, items in self._lists.items():
            plan.__dict__[attr] = list(items)
        return plan

    def counts(self) -> dict[str, int]:
        """Items per list, as ``Plan.counts()`` gives them, without loading the plan."""
        return count_items(self.conn)

    def last_change(self) -> str | None:
        return last_change(self.conn)

    def history(self, limit: int = 50) -> list[Change]:
        rows = self.conn.execute(
            "SELECT seq, at, label FROM history WHERE undone = 0 ORDER BY seq DESC LIMIT ?", (limit,)
        )
        return [Change(*row) for row in rows]

    def can_undo(self) -> bool:
        return self.conn.execute("SELECT 1 FROM history WHERE undone = 0 LIMIT 1").fetchone() is not None

    def can_redo(self) -> bool:
        return self.conn.execute("SELECT 1 FROM history WHERE undone = 1 LIMIT 1").fetchone() is not None

    # --- editing ----------------------------------------------------------------------------

    def set_field(self, name: str, value: Any) -> None:
        """Set one of the plan's own fields: title, organization, period, version or aim."""
        if name not in META_FIELDS:
            raise InvalidEdit(f"'{name}' is not a field of the plan")
        try:
            checked = getattr(Plan.model_validate({name: value}), name)
        except ValidationError as exc:
            raise InvalidEdit(human_errors(exc, Plan)) from exc
        label = f"edit {Plan.model_fields[name].title.lower()}"
        with self._edit(label) as edit:
            edit.write("meta", (name,), {"key": name, "value": json.dumps(checked, ensure_ascii=False)})

    def save(self, item: BaseModel, *, label: str | None = None) -> None:
        """Add ``item`` at the end of its list, or update it in place if its key exists."""
        coll = collection_for(item)
        try:
            item = type(item).model_validate(item.model_dump(warnings=False))  # re-check: models are mutable
        except ValidationError as exc:
            self._stale.add(coll.table)  # the caller may have changed the cached item itself
            raise InvalidEdit(human_errors(exc, type(item))) from exc
        with self._edit(label or self._label("save", item)) as edit:
            self._check_references(coll, item)
            row = coll.to_row(item)
            before = edit.read(coll.table, coll.key_of(item))
            row["pos"] = before["pos"] if before else edit.next_pos(coll.table)
            if "code" in row:
                row["code"] = self._code_for(coll, row, before)
            edit.write(coll.table, coll.key_of(item), row)

    def renumber_codes(self) -> int:
        """Close the gaps in the codes: S1, S2, S3... down each list as shown, as one change to undo.

        Codes stay put otherwise (they are printed on handouts), so this is only ever done on
        request. Returns how many items got a new code; nothing is recorded when none did.
        """
        renumbered = 0
        with self._edit("renumber codes") as edit:
            for coded in CODED_LISTS:
                rows = [dict(row) for row in self.conn.execute(f"SELECT * FROM [{coded.name}] ORDER BY pos")]
                fresh = give_codes(coded.code_prefix, [(row["id"], row.get("kind") or "", "") for row in rows])
                for row in rows:
                    if row["code"] != fresh[row["id"]]:
                        edit.write(coded.name, (row["id"],), {**row, "code": fresh[row["id"]]})
                        renumbered += 1
        return renumbered

    def delete(self, item: BaseModel, *, label: str | None = None) -> None:
        """Remove ``item`` and every mark, link and thread that hangs on it; clear fields naming it."""
        coll = collection_for(item)
        with self._edit(label or self._label("delete", item)) as edit:
            edit.write(coll.table, coll.key_of(item), None)
            if coll.key == ("id",):
                self._cascade(edit, item.id)  # type: ignore[attr-defined]

    def move(self, item: BaseModel, offset: int) -> None:
        """Move ``item`` ``offset`` places up (negative) or down its list, keeping the rest in order."""
        coll = collection_for(item)
        if coll.key != ("id",):
            raise InvalidEdit(f"{coll.table} have no order of their own")
        with self._edit(self._label("move", item)) as edit:
            positions = {
                row[0]: row[1] for row in self.conn.execute(f"SELECT id, pos FROM [{coll.table}] ORDER BY pos")
            }
            ids = list(positions)
            if item.id not in positions:  # type: ignore[attr-defined]
                raise InvalidEdit(f"{self._describe(item)} is not in the plan")
            old = ids.index(item.id)  # type: ignore[attr-defined]
            new = max(0, min(len(ids) - 1, old + offset))
            ids.insert(new, ids.pop(old))
            edit.moved[coll.table] = (old, new)
            for pos, item_id in enumerate(ids):
                if positions[item_id] != pos:  # only the rows that change place are read and written
                    before = edit.read(coll.table, (item_id,))
                    edit.write(coll.table, (item_id,), {**before, "pos": pos})

    def set_correlation(self, corner: Corner, row_id: str, col_id: str, strength: Strength | None) -> None:
        """Mark one cell of a corner grid, or clear it with ``None``."""
        cell = Correlation(corner=corner, row_id=row_id, col_id=col_id, strength=strength or Strength.STRONG)
        if strength is None:
            self.delete(cell, label="clear matrix cell")
        else:
            self.save(cell, label=f"mark matrix cell {strength.value}")

    def set_mark(self, item_id: str, person_id: str, role: MarkRole | None) -> None:
        """Put a person on an initiative or measure in a role, or take them off with ``None``."""
        mark = PeopleMark(item_id=item_id, person_id=person_id, role=role or MarkRole.CORE)
        if role is None:
            self.delete(mark, label="clear people mark")
        else:
            self.save(mark, label=f"mark person {role.value}")

    @contextmanager
    def batch(self, label: str | None = None) -> Iterator[None]:
        """Make the edits inside one change: one transaction, one step of undo.

        An item saved with its links is one thing to the room, so ctrl+z must take back all
        of it, not the last link first. Any error rolls back the whole batch. Without a
        label the change is named after its first edit ("save objective 'X' (+2 more)").
        """
        if self._batch is not None:  # already inside a batch: join it
            yield
            return
        with self._edit(label) as edit:
            self._batch = edit
            try:
                yield
            finally:
                self._batch = None

    def undo(self) -> str | None:
        """Undo the latest change; returns its label, or None when there is nothing to undo."""
        return self._replay(undo=True)

    def redo(self) -> str | None:
        return self._replay(undo=False)

    # --- internals ------------------------------------------------------------------------------

    @contextmanager
    def _edit(self, label: str | None) -> Iterator[_Edit]:
        if self.read_only:
            raise ReadOnlyError(f"Not saved: {self.read_only_reason or 'this session is read-only'}")
        if self._batch is not None:  # part of a batch: its transaction, its history entry
            batch, wrote = self._batch, len(self._batch.ops)
            yield batch
            if label and len(batch.ops) > wrote:
                batch.labels.append(label)
            return
        edit = _Edit(self.conn)
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield edit
            if edit.ops:
                self.conn.execute("DELETE FROM history WHERE undone = 1")
                self.conn.execute(
                    "INSERT INTO history (at, label, ops) VALUES (?, ?, ?)",
                    (_now(), label or edit.summary(), json.dumps(edit.ops, ensure_ascii=False)),
                )
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            self._stale |= {"meta", *BY_ATTR}
            raise
        self._refresh_cache(edit)

    def _replay(self, *, undo: bool) -> str | None:
        if self.read_only:
            raise ReadOnlyError(f"Not changed: {self.read_only_reason or 'this session is read-only'}")
        query = (
            "SELECT seq, label, ops FROM history WHERE undone = 0 ORDER BY seq DESC LIMIT 1"
            if undo
            else "SELECT seq, label, ops FROM history WHERE undone = 1 ORDER BY seq ASC LIMIT 1"
        )
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            row = self.conn.execute(query).fetchone()
            if row is None:
                self.conn.execute("ROLLBACK")
                return None
            ops = json.loads(row["ops"])
            edit = _Edit(self.conn)
            for table, key, before, after in reversed(ops) if undo else ops:
                edit.write(table, tuple(key), before if undo else after)
            self.conn.execute("UPDATE history SET undone = ? WHERE seq = ?", (1 if undo else 0, row["seq"]))
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            self._stale |= {"meta", *BY_ATTR}
            raise
        self._refresh_cache(edit)
        return row["label"]

    def _refresh_cache(self, edit: _Edit) -> None:
        """Bring the cached lists up to date with a committed change.

        A row updated in place, deleted, or added at the end is applied to the cached list
        directly (marking one X-matrix cell must not re-validate 2,000 cells), and so is a
        move; anything else (an undone move, say) marks the table to be read again on the
        next load.
        """
        for table, key, before, after in edit.ops:
            items = self._lists.get(table)
            if table == "meta" or table in self._stale or items is None:
                self._stale.add(table)
                continue
            if table in edit.moved and _repositioned(before, after):  # one pop and insert, below
                continue
            coll = BY_ATTR[table]
            if after is not None and (before is None or before["pos"] == after["pos"]):
                fresh = coll.model.model_validate(coll.from_row(tuple(after[name] for name in coll.fields)))
            else:
                fresh = None
            keys = self._keys[table]
            if before is None:
                if (table, tuple(key)) in edit.appended:
                    items.append(fresh)
                    keys.append(tuple(key))
                else:
                    self._stale.add(table)
                continue
            try:
                index = keys.index(tuple(key))
            except ValueError:
                index = None
            if index is None or (after is not None and fresh is None):
                self._stale.add(table)
            elif after is None:
                del items[index]
                del keys[index]
            else:
                items[index] = fresh
        for table, (old, new) in edit.moved.items():
            if any(t == table and not _repositioned(b, a) for t, _, b, a in edit.ops):
                self._stale.add(table)  # a move batched with other edits of its list: read it again
            elif table not in self._stale and table in self._lists:
                for cached in (self._lists[table], self._keys[table]):
                    cached.insert(new, cached.pop(old))

    def _cascade(self, edit: _Edit, item_id: str) -> None:
        for coll in COLLECTIONS:
            for name in coll.owned_by:
                for row in self.conn.execute(f"SELECT * FROM [{coll.table}] WHERE [{name}] = ?", (item_id,)).fetchall():
                    edit.write(coll.table, coll.key_of(dict(row)), None)
            for name in coll.refers_to:
                for row in self.conn.execute(f"SELECT * FROM [{coll.table}] WHERE [{name}] = ?", (item_id,)).fetchall():
                    edit.write(coll.table, coll.key_of(dict(row)), {**dict(row), name: None})

    def _check_references(self, coll: Collection, item: BaseModel) -> None:
        for name in coll.owned_by + coll.refers_to:
            value = getattr(item, name)
            if value is None:
                continue
            tables = _REFERENCE_TABLES.get(name)
            if name in ("row_id", "col_id"):
                rows_table, cols_table = CORNER_TABLES[item.corner]  # type: ignore[attr-defined]
                tables = (rows_table,) if name == "row_id" else (cols_table,)
            if tables and not any(self._exists(t, value) for t in tables):
                title = type(item).model_fields[name].title or name
                raise InvalidEdit(f"{title} '{value}' is not in this plan")

    def _code_for(self, coll: Collection, row: dict[str, Any], before: dict[str, Any] | None) -> str:
        """The code an item is saved with: its own, the one it was given, or the next free one."""
        prefix = BY_NAME[coll.table].code_prefix
        code = row["code"] or (before["code"] if before else "")
        if code:
            clash = self.conn.execute(
                f"SELECT * FROM [{coll.table}] WHERE code = ? AND id != ?", (code, row["id"])
            ).fetchone()
            if clash is not None:
                other = coll.model.model_validate(coll.from_row(tuple(clash[name] for name in coll.fields)))
                raise InvalidEdit(f"The code {code} is already given to {self._describe(other)}")
            return code
        used = (code_number(found, prefix) for (found,) in self.conn.execute(f"SELECT code FROM [{coll.table}]"))
        return f"{prefix}{max((n for n in used if n is not None), default=0) + 1}"

    def _exists(self, table: str, item_id: str) -> bool:
        return self.conn.execute(f"SELECT 1 FROM [{table}] WHERE id = ?", (item_id,)).fetchone() is not None

    def _label(self, verb: str, item: BaseModel) -> str:
        return f"{verb} {self._describe(item)}"

    @staticmethod
    def _describe(item: BaseModel) -> str:
        found = list_of(item)
        kind = found.label if found is not None else type(item).__name__.lower()  # the room's word for it
        text = getattr(item, "title", None) or getattr(item, "name", None) or getattr(item, "text", None)
        if not text:
            return kind
        text = str(text)
        return f"{kind} '{text[:40]}{'...' if len(text) > 40 else ''}'"


class _Edit:
    """The row writes of one change, with what each row was before."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.ops: list[tuple[str, list[Any], dict[str, Any] | None, dict[str, Any] | None]] = []
        self.appended: set[tuple[str, tuple[Any, ...]]] = set()  # new rows placed after every other
        self.labels: list[str] = []  # the edits a batch is made of, in order
        self.moved: dict[str, tuple[int, int]] = {}  # table -> (from index, to index) of a move

    def summary(self) -> str:
        """A batch's name: its first edit, and how many more came with it."""
        if not self.labels:
            return "edit"
        more = len(self.labels) - 1
        return self.labels[0] + (f" (+{more} more)" if more else "")

    def read(self, table: str, key: tuple[Any, ...]) -> dict[str, Any] | None:
        where = " AND ".join(f"[{k}] = ?" for k in _key_columns(table))
        row = self.conn.execute(f"SELECT * FROM [{table}] WHERE {where}", key).fetchone()
        return dict(row) if row is not None else None

    def next_pos(self, table: str) -> int:
        return self.conn.execute(f"SELECT coalesce(max(pos) + 1, 0) FROM [{table}]").fetchone()[0]

    def write(self, table: str, key: tuple[Any, ...], row: dict[str, Any] | None) -> None:
        before = self.read(table, key)
        if before == row:
            return
        if before is None and row is not None and table != "meta":
            last = self.conn.execute(f"SELECT max(pos) FROM [{table}]").fetchone()[0]
            if last is None or row["pos"] > last:
                self.appended.add((table, tuple(key)))
        if row is None:
            where = " AND ".join(f"[{k}] = ?" for k in _key_columns(table))
            self.conn.execute(f"DELETE FROM [{table}] WHERE {where}", key)
        else:
            columns = ", ".join(f"[{c}]" for c in row)
            marks = ", ".join("?" for _ in row)
            self.conn.execute(f"INSERT OR REPLACE INTO [{table}] ({columns}) VALUES ({marks})", tuple(row.values()))
        self.ops.append((table, list(key), before, row))


def _repositioned(before: dict[str, Any] | None, after: dict[str, Any] | None) -> bool:
    """True when a row write only changed the row's place in its list."""
    if before is None or after is None:
        return False
    return {**before, "pos": None} == {**after, "pos": None}


def _key_columns(table: str) -> tuple[str, ...]:
    if table == "meta":
        return ("key",)
    return BY_ATTR[table].key


def _write_plan(conn: sqlite3.Connection, plan: Plan) -> None:
    """Bulk-write a whole plan into empty tables (new sessions and imports)."""
    for name in META_FIELDS:
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
            (name, json.dumps(getattr(plan, name), ensure_ascii=False)),
        )
    for coll in COLLECTIONS:
        items = getattr(plan, coll.attr)
        if not items:
            continue
        rows = [coll.to_row(item) for item in items]
        for pos, row in enumerate(rows):
            row["pos"] = pos
        if "code" in rows[0]:  # items made outside a session get their codes as they come in
            prefix = BY_NAME[coll.table].code_prefix
            fresh = give_codes(prefix, [(row["id"], row.get("kind") or "", row["code"]) for row in rows])
            for row in rows:
                row["code"] = fresh.get(row["id"], row["code"])
        columns = list(rows[0])
        names = ", ".join(f"[{c}]" for c in columns)
        sql = f"INSERT INTO [{coll.table}] ({names}) VALUES ({', '.join('?' for _ in columns)})"
        try:
            conn.executemany(sql, [tuple(row[c] for c in columns) for row in rows])
        except sqlite3.IntegrityError as exc:
            raise InvalidEdit(f"The plan lists the same {coll.table} entry twice ({exc})") from exc


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")


def _try_lock(path: Path) -> int | None:
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _unlock(fd: int | None) -> None:
    if fd is not None:
        with suppress(OSError):
            os.close(fd)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
