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
import functools
import json
import os
import secrets
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, cast

from pydantic import BaseModel, ValidationError
from pydantic_core import to_jsonable_python

from hoshin_tui.model import Plan
from hoshin_tui.model.enums import Corner, MarkRole, Strength
from hoshin_tui.model.errors import human_errors, human_message
from hoshin_tui.model.format import SCHEMA_VERSION
from hoshin_tui.model.lists import BY_NAME, CODED_LISTS, code_number, give_codes, list_of
from hoshin_tui.model.plan import Correlation, PeopleMark
from hoshin_tui.store import migrations
from hoshin_tui.store.checks import (
    APPLICATION_ID,
    SCHEMA_KEY,
    WRITER_KEY,
    Columns,
    Header,
    check_integrity,
    check_schema,
    check_session_beside_its_wal,
    check_session_file,
    environment_problem,
    recorded_schema,
    schema_of,
)
from hoshin_tui.store.errors import InvalidEdit, ReadOnlyError, SaveFailed, SessionExists, SessionRefused, StoreError
from hoshin_tui.store.gc import gc_paused
from hoshin_tui.store.opening import (
    STALE_WAL,
    UNNAMED_WRITER,
    Snapshot,
    can_write,
    copy_aside,
    copy_whole,
    fsync_path,
    immutable,
    main_file_token,
    set_aside_wal,
    shared_reader,
    snapshot,
    wal_is_stale,
    writer_is_live,
)
from hoshin_tui.store.peek import count_items, last_change
from hoshin_tui.store.schema import BY_ATTR, COLLECTIONS, META_FIELDS, Collection, collection_for
from hoshin_tui.store.wal import read_wal, wal_path

# Which tables an id stored in a field may point into.
_PEOPLE = ("people",)
_ITEMS = tuple(coded.name for coded in CODED_LISTS)  # what catchball and people marks hang on


class _Identified(Protocol):
    """An item of a list keyed by ``id`` (``Collection.key == ("id",)``)."""

    id: str


class _Cornered(Protocol):
    """An item with ``row_id`` and ``col_id``: a correlation, which names its corner."""

    corner: Corner


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
    "presenter_id": _PEOPLE,
    "person_id": _PEOPLE,
    "who_id": _PEOPLE,
    "to_id": _PEOPLE,
    "subject_id": ("strategies", "initiatives", "measures"),  # a problem-solving A3 may be on a measure
    "measure_id": ("measures",),
    "a3_id": ("a3s",),
    "item_id": _ITEMS,
    "agenda_item_id": ("agenda",),
    "vote_id": ("votes",),
    "outcome_id": ("agenda", "initiatives", "decisions"),  # what a parked question became
}


# The room's words for what an edit changed, in undo labels and toasts ("annual objective",
# not "annualobjective"). To be replaced by the typed registry of plan lists.


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

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        lock_fd: int | None,
        read_only_reason: str = "",
        *,
        notice: str = "",
        view: Snapshot | None = None,
    ) -> None:
        self.path = path
        self.conn = conn
        self._lock_fd = lock_fd
        self.read_only_reason = read_only_reason
        # What opening did that the user should hear of once (a recovery, a WAL set aside).
        self.notice = notice
        self._view = view  # the private copy a read-only view reads, removed on close
        # load() re-reads only the tables written since the last load (all of them when
        # another connection has written: PRAGMA data_version tells).
        self._lists: dict[str, list[BaseModel]] = {}
        self._keys: dict[str, list[tuple[Any, ...]]] = {}  # each cached item's key, in the same order
        self._meta: dict[str, Any] = {}
        self._stale: set[str] = {"meta", *BY_ATTR}
        self._data_version = None
        self._batch: _Edit | None = None  # the change that edits made inside batch() join
        self._fixed_stamp: tuple[int, ...] | None = None  # set for read-only views of a quiet file
        self._token = ""  # the name this writer wrote into the file (see _name_writer)
        self._writes = 0

    # --- opening and creating ---------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return self._lock_fd is None

    @property
    def name(self) -> str:
        return self.path.name.removesuffix(".sqlite")

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False) -> SessionStore:
        """Open an existing session, refusing only a file that cannot be read safely.

        A file that cannot be edited here (read-only folder or file, full disk, locked by
        another program, open in another window) opens read-only, with the reason; a file a
        crash left with its last edits in the ``-wal`` is recovered first (see
        :meth:`_open_for_editing`); ``notice`` then says, once, what was done.
        """
        path = Path(path)
        header, _ = check_session_beside_its_wal(path)
        if read_only:
            return cls._open_for_reading(path, header, "opened read-only on request")
        blocked = can_write(path)
        if blocked:
            return cls._open_for_reading(path, header, f"{blocked}: opened read-only; {_TO_EDIT}")
        lock_fd = _try_lock(path)
        if lock_fd is None:
            return cls._open_for_reading(
                path, header, f"{path.name} is open for editing in another window: opened read-only"
            )
        try:
            return cls._open_for_editing(path, header, lock_fd)
        except _CannotWrite as exc:
            _unlock(lock_fd)
            return cls._open_for_reading(path, header, f"{exc}: opened read-only; {exc.advice}")
        except BaseException:
            _unlock(lock_fd)
            raise

    @classmethod
    def _open_for_editing(cls, path: Path, header: Header, lock_fd: int) -> SessionStore:
        """Open with the writer's lock held: set aside a foreign WAL, recover a hot one, upgrade an old format.

        Recovery copies the three files aside, lets SQLite replay the WAL and checkpoint
        it into the main file, then runs the full ``integrity_check``. If any step fails,
        the copies go back, byte for byte, and the file is refused (or, when the disk or
        the folder is to blame, opened read-only).
        """
        name = path.name
        notices: list[str] = []
        wal = read_wal(path, header.page_size)
        if wal.foreign:
            try:
                notices.append(set_aside_wal(path, wal.foreign))
            except OSError as exc:
                raise _CannotWrite.because(exc, path) from exc
        kept = None  # the files as found, for a recovery or an upgrade to put back if it fails
        if wal.has_edits or header.user_version < SCHEMA_VERSION:
            try:
                kept = copy_aside(path)
            except OSError as exc:
                raise _CannotWrite.because(exc, path) from exc
        conn = backup = None
        main_token = main_file_token(path) if wal.has_edits else ""
        try:
            conn = _connect(sqlite3.connect(path, isolation_level=None))
            if wal.has_edits and wal_is_stale(main_token, conn):
                conn.close()
                conn = None
                assert kept is not None  # copied aside above whenever the WAL has edits
                kept.restore(path)
                kept = None
                _check_alone(path, header)
                notices.append(set_aside_wal(path, STALE_WAL))
                conn = _connect(sqlite3.connect(path, isolation_level=None))
            check_integrity(conn, name)
            if kept is not None and wal.has_edits:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                check_integrity(conn, name, full=True)
                notices.append(
                    f"{name} was recovered: its last edits were not yet merged into it (after a crash, a full "
                    f"disk, or a window still reading as it closed); the files as found are kept in "
                    f"{kept.folder.name}/"
                )
            # The format the file is in now: a recovered WAL may hold a migration the main file lacks.
            version = _format_of(conn, name)
            if version < SCHEMA_VERSION:
                backup = path.with_name(f"{name}.v{version}.bak")
                copy_whole(path, backup)
                migrations.migrate(conn, version)
            check_schema(conn, expected_schema(), name)
            _record_schema(conn)
            _configure(conn)
            token = _name_writer(conn)
            if kept is not None and not wal.has_edits:  # an upgrade that went well keeps only its .bak
                shutil.rmtree(kept.folder, ignore_errors=True)
        except BaseException as exc:
            if conn is not None:
                conn.close()
            if kept is not None:
                kept.restore(path)
            if backup is not None:
                backup.unlink(missing_ok=True)
            problem = environment_problem(exc, name, path.parent)
            if problem:
                raise _CannotWrite(problem) from exc
            if isinstance(exc, sqlite3.DatabaseError):
                raise SessionRefused(
                    f"{name} is damaged ({exc}): restore it from a backup or an exported JSON; it was left unchanged"
                ) from exc
            raise
        store = cls(path, conn, lock_fd, notice="; ".join(notices))
        store._token = token
        return store

    @classmethod
    def _open_for_reading(cls, path: Path, header: Header, reason: str) -> SessionStore:
        """A read-only view that never writes a byte beside the session (see ``store.opening``)."""
        name = path.name
        wal = read_wal(path, header.page_size)
        notice = ""
        view = conn = None
        try:
            if writer_is_live(path):  # share its WAL: the view follows the edits
                conn = _connect(shared_reader(path))
            elif wal.has_edits or header.user_version < SCHEMA_VERSION:
                view = snapshot(path, with_wal=wal.has_edits)
                conn = _connect(sqlite3.connect(view.path, isolation_level=None))
                if wal.has_edits and wal_is_stale(main_file_token(path), conn):
                    conn.close()
                    view.remove()
                    conn = view = None
                    _check_alone(path, header)
                    view = snapshot(path, with_wal=False) if header.user_version < SCHEMA_VERSION else None
                    conn = _connect(sqlite3.connect(view.path, isolation_level=None) if view else immutable(path))
                    notice = f"the {wal.path.name} beside {name} does not belong to it ({STALE_WAL}): it was ignored"
                elif wal.has_edits:
                    notice = (
                        f"{name} holds edits not yet merged into it (after a crash, a full disk, or a window still "
                        "reading as it closed): they show here, and go into "
                        "the file when it is next opened for editing"
                    )
            else:
                conn = _connect(immutable(path))
                if wal.foreign:
                    notice = f"the {wal.path.name} beside {name} does not belong to it ({wal.foreign}): it was ignored"
            check_integrity(conn, name)
            version = _format_of(conn, name)
            if view is not None and version < SCHEMA_VERSION:
                migrations.migrate(conn, version)  # the private copy only
            check_schema(conn, expected_schema(), name)
            conn.execute("PRAGMA query_only = ON")
        except BaseException as exc:
            if conn is not None:
                conn.close()
            if view is not None:
                view.remove()
            problem = environment_problem(exc, name, path.parent)
            if problem:
                raise SessionRefused(f"{name} cannot be read: {problem}; it was left unchanged") from exc
            if isinstance(exc, sqlite3.DatabaseError):
                raise SessionRefused(
                    f"{name} is damaged ({exc}): restore it from a backup or an exported JSON; it was left unchanged"
                ) from exc
            raise
        store = cls(path, conn, None, reason, notice=notice, view=view)
        # An immutable read or a private copy is a fixed picture of the file: load() looks
        # again when the file changes or a writer starts (see _follow_the_file).
        store._fixed_stamp = None if writer_is_live(path) else _file_stamp(path)
        return store

    def _follow_the_file(self) -> None:
        """A read-only view on a quiet file reads a fixed picture of it; once the file or its
        ``-wal`` changes, or another window starts editing it, open the view again so the
        room sees the new edits. If the file cannot be read now, keep the last picture."""
        if self._fixed_stamp is None or self._fixed_stamp == _file_stamp(self.path):
            return
        try:
            header, _ = check_session_beside_its_wal(self.path)
            fresh = type(self)._open_for_reading(self.path, header, self.read_only_reason)
        except (StoreError, OSError, sqlite3.Error):
            return
        old_conn, old_view = self.conn, self._view
        self.conn, self._view, self._fixed_stamp = fresh.conn, fresh._view, fresh._fixed_stamp
        fresh._view = None
        self._stale |= {"meta", *BY_ATTR}
        self._data_version = None
        with suppress(sqlite3.Error):
            old_conn.close()
        if old_view is not None:
            old_view.remove()

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
            _record_schema(conn)
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
        fsync_path(path.parent)
        return cls.open(path)

    def close(self) -> None:
        with suppress(sqlite3.Error):
            if not self.read_only:
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with suppress(sqlite3.Error):
            self.conn.close()
        _unlock(self._lock_fd)
        self._lock_fd = None
        if self._view is not None:
            self._view.remove()
            self._view = None

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading --------------------------------------------------------------------------

    def load(self) -> Plan:
        """The whole plan, as the room last left it.

        Lists come from a cache of validated items; only the tables changed since the last
        load are read and validated again, which keeps an edit on a large plan cheap. A row
        the model refuses ends in ``SessionRefused`` naming the list, the item and the field.
        The cyclic garbage collector waits meanwhile: validating a large plan makes many
        objects and no cycles worth collecting (see benchmarks/bench_store_load_gc.py).
        """
        with gc_paused():
            try:
                return self._load()
            except sqlite3.DatabaseError as exc:
                self._stale |= {"meta", *BY_ATTR}
                problem = environment_problem(exc, self.path.name)
                if problem:
                    raise StoreError(f"{self.path.name} cannot be read now: {problem}") from exc
                raise SessionRefused(
                    f"{self.path.name} is damaged ({exc}): restore it from a backup or an exported JSON"
                ) from exc

    def _load(self) -> Plan:
        self._follow_the_file()
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:
            self._stale |= {"meta", *BY_ATTR}  # another connection wrote: trust nothing cached
            self._data_version = version
        cursor = self.conn.cursor()
        cursor.row_factory = None
        if "meta" in self._stale:
            rows = cursor.execute("SELECT key, value FROM meta").fetchall()
            self._meta = self._read_meta(rows)
        for table in list(self._stale - {"meta"}):
            coll = BY_ATTR[table]
            rows = cursor.execute(coll.select()).fetchall()
            self._lists[table] = self._validated(coll, rows)
            where = [coll.fields.index(name) for name in coll.key]
            self._keys[table] = [tuple(row[i] for i in where) for row in rows]
            self._stale.discard(table)
        try:
            plan = Plan.model_validate(self._meta)  # the plan's own fields, validated; lists are added checked
        except ValidationError as exc:
            raise SessionRefused(
                f"{self.path.name} holds an invalid plan field: {human_errors(exc, Plan)}; {_FIX_ROW}"
            ) from exc
        self._stale.discard("meta")
        for attr, items in self._lists.items():
            plan.__dict__[attr] = list(items)
        return plan

    def _read_meta(self, rows: list[tuple[Any, ...]]) -> dict[str, Any]:
        meta = {}
        for key, value in rows:
            if key not in META_FIELDS:
                continue
            try:
                meta[key] = json.loads(value)
            except (TypeError, ValueError) as exc:
                title = Plan.model_fields[key].title or key
                raise SessionRefused(
                    f"{self.path.name} holds an invalid plan field: {title} is not readable ({_got(value)}); {_FIX_ROW}"
                ) from exc
        return meta

    def _validated(self, coll: Collection, rows: list[tuple[Any, ...]]) -> list[BaseModel]:
        """The rows of one table as items, or ``SessionRefused`` in the room's words."""
        data = []
        for row in rows:
            try:
                data.append(coll.from_row(row))
            except (TypeError, ValueError) as exc:
                item = dict(zip(coll.fields, row, strict=False))
                field = next(
                    (n for n in coll.json_fields if not _json_ok(item.get(n))),
                    coll.json_fields[0] if coll.json_fields else "",
                )
                title = coll.model.model_fields[field].title if field else None
                raise SessionRefused(
                    f"{self.path.name} holds an invalid item in {_list_name(coll)}: {_item_name(coll, item)}: "
                    f"{title or field} is not readable ({_got(item.get(field))}); {_FIX_ROW}"
                ) from exc
        try:
            return coll.list_adapter.validate_python(data)
        except ValidationError as exc:
            errors = exc.errors()
            first = errors[0]
            index = first["loc"][0] if first["loc"] and isinstance(first["loc"][0], int) else None
            item = data[index] if index is not None and index < len(data) else {}
            bad_items = {e["loc"][0] for e in errors if e["loc"] and isinstance(e["loc"][0], int)}
            more = f" (and {len(bad_items) - 1} more items)" if len(bad_items) > 1 else ""
            error = {**first, "loc": tuple(first["loc"][1:])}
            raise SessionRefused(
                f"{self.path.name} holds an invalid item in {_list_name(coll)}: {_item_name(coll, item)}: "
                f"{human_message(error, coll.model)}{more}; {_FIX_ROW}"
            ) from exc

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
        label = f"edit {(Plan.model_fields[name].title or name).lower()}"  # every META_FIELD has a title
        with self._edit(label) as edit:
            edit.write("meta", (name,), {"key": name, "value": _meta_json(checked)})

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
                self._cascade(edit, cast(_Identified, item).id)  # keyed by id: checked just above

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
            moved_id = cast(_Identified, item).id  # keyed by id: refused above otherwise
            if moved_id not in positions:
                raise InvalidEdit(f"{self._describe(item)} is not in the plan")
            old = ids.index(moved_id)
            new = max(0, min(len(ids) - 1, old + offset))
            ids.insert(new, ids.pop(old))
            edit.moved[coll.table] = (old, new)
            for pos, item_id in enumerate(ids):
                if positions[item_id] != pos:  # only the rows that change place are read and written
                    before = edit.read(coll.table, (item_id,))
                    assert before is not None  # the row was just listed, in this transaction
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
        with self._transaction("this edit was not saved"):
            yield edit
            if edit.ops:
                self.conn.execute("DELETE FROM history WHERE undone = 1")
                self.conn.execute(
                    "INSERT INTO history (at, label, ops) VALUES (?, ?, ?)",
                    (_now(), label or edit.summary(), json.dumps(edit.ops, ensure_ascii=False)),
                )
        self._refresh_cache(edit)

    @contextmanager
    def _transaction(self, lost: str) -> Iterator[None]:
        """``BEGIN IMMEDIATE ... COMMIT``; on any error, roll back (if SQLite has not already) and say why.

        SQLite rolls a transaction back by itself on a full disk; a second ROLLBACK would
        then replace the real reason with "cannot rollback - no transaction is active".
        Failures of the disk become :class:`SaveFailed` with one line ("the disk is full:
        this edit was not saved"); the edit is not acknowledged and nothing saved before is lost.
        """
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            yield
            if self._token:  # the WAL frames of this edit carry the writer's name (a new value: SQLite skips no-ops)
                self._writes += 1
                self.conn.execute(
                    "UPDATE meta SET value = ? WHERE key = ?", (f"{self._token} {self._writes}", WRITER_KEY)
                )
            self.conn.execute("COMMIT")
        except BaseException as exc:
            self._stale |= {"meta", *BY_ATTR}
            if self.conn.in_transaction:
                with suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                problem = environment_problem(exc, self.path.name, self.path.parent)
                raise SaveFailed(f"{problem or exc}: {lost}") from exc
            raise

    def _replay(self, *, undo: bool) -> str | None:
        if self.read_only:
            raise ReadOnlyError(f"Not changed: {self.read_only_reason or 'this session is read-only'}")
        query = (
            "SELECT seq, label, ops FROM history WHERE undone = 0 ORDER BY seq DESC LIMIT 1"
            if undo
            else "SELECT seq, label, ops FROM history WHERE undone = 1 ORDER BY seq ASC LIMIT 1"
        )
        edit = _Edit(self.conn)
        with self._transaction(f"nothing was {'undone' if undo else 'redone'}"):
            row = self.conn.execute(query).fetchone()
            if row is not None:
                ops = json.loads(row["ops"])
                for table, key, before, after in reversed(ops) if undo else ops:
                    edit.write(table, tuple(key), before if undo else after)
                self.conn.execute("UPDATE history SET undone = ? WHERE seq = ?", (1 if undo else 0, row["seq"]))
        if row is None:
            return None
        self._refresh_cache(edit)
        label: str = row["label"]
        return label

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
                if (table, tuple(key)) in edit.appended and fresh is not None:  # fresh: after is a row
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
            elif fresh is not None:  # always, here: after is a row and fresh was validated from it
                items[index] = fresh
        for table, (old, new) in edit.moved.items():
            if any(t == table and not _repositioned(b, a) for t, _, b, a in edit.ops):
                self._stale.add(table)  # a move batched with other edits of its list: read it again
            elif table not in self._stale and table in self._lists:
                self._lists[table].insert(new, self._lists[table].pop(old))
                self._keys[table].insert(new, self._keys[table].pop(old))

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
                rows_table, cols_table = CORNER_TABLES[cast(_Cornered, item).corner]  # row_id/col_id: a correlation
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
        return f"{kind} '{text[:39]}…'" if len(text) > 40 else f"{kind} '{text}'"


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
        pos: int = self.conn.execute(f"SELECT coalesce(max(pos) + 1, 0) FROM [{table}]").fetchone()[0]
        return pos

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


def _meta_json(value: Any) -> str:
    """A plan field as the meta table holds it: JSON, a moment as its ISO text (session_start)."""
    return json.dumps(to_jsonable_python(value), ensure_ascii=False)


def _write_plan(conn: sqlite3.Connection, plan: Plan) -> None:
    """Bulk-write a whole plan into empty tables (new sessions and imports)."""
    for name in META_FIELDS:
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
            (name, _meta_json(getattr(plan, name))),
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


_TO_EDIT = "copy the session elsewhere to edit it"
_FIX_ROW = "restore it from a backup or an exported JSON, or fix that row with an SQLite editor"


def _list_name(coll: Collection) -> str:
    return coll.table.replace("_", " ")


def _item_name(coll: Collection, item: dict[str, Any]) -> str:
    """How the room knows an item: its title or name with its id, or its key."""
    text = next((item.get(n) for n in ("title", "name", "text") if isinstance(item.get(n), str) and item.get(n)), "")
    key = ", ".join(str(item.get(n)) for n in coll.key)
    label = f"'{text[:40]}' ({key})" if text else key
    return f"item {label}"


def _got(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _json_ok(value: Any) -> bool:
    if value is None:
        return True
    try:
        json.loads(value)
    except (TypeError, ValueError):
        return False
    return True


class _CannotWrite(Exception):
    """The disk, the folder or another program stops us writing; the file itself is fine."""

    @property
    def advice(self) -> str:
        text = str(self)
        if "full" in text:
            return "free some space, then open it again to edit it"
        if "locked" in text:
            return "close it there, then open it again to edit it"
        return _TO_EDIT

    @classmethod
    def because(cls, exc: BaseException, path: Path) -> _CannotWrite:
        name = path.name
        return cls(environment_problem(exc, name, path.parent) or f"{name} cannot be written here ({exc})")


@functools.cache
def expected_schema() -> dict[str, Columns]:
    """The tables and columns of the current format, as ``migrations.create_tables`` makes them."""
    conn = sqlite3.connect(":memory:")
    try:
        migrations.create_tables(conn)
        return schema_of(conn)
    finally:
        conn.close()


def _record_schema(conn: sqlite3.Connection) -> None:
    """Write the format's tables and columns into the file, for the picker to check it against (see peek)."""
    expected = expected_schema()
    if recorded_schema(conn) != expected:
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (SCHEMA_KEY, json.dumps(expected, sort_keys=True))
        )


def _name_writer(conn: sqlite3.Connection) -> str:
    """Write a fresh writer name into the main file itself, before the first edit; return it.

    The name must be in the main file, not only in the WAL, or a genuine WAL would look
    stale after a crash: so it is written only into an empty WAL and checkpointed at once.
    When a reader keeps the WAL from emptying, this writer names no one ("") and its WAL
    will not be judged.
    """
    busy, frames, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy or frames:
        return ""
    token = secrets.token_hex(8)
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (WRITER_KEY, token))
    busy, frames, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy or frames:
        conn.execute("UPDATE meta SET value = ? WHERE key = ?", (UNNAMED_WRITER, WRITER_KEY))
        return ""
    return token


def _check_alone(path: Path, header: Header) -> None:
    """Refuse, untouched, a main file that cannot stand without the WAL about to be set aside."""
    check_session_file(path)
    conn = immutable(path)
    try:
        check_integrity(conn, path.name)
    finally:
        conn.close()


def _connect(conn: sqlite3.Connection) -> sqlite3.Connection:
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 2000")
    return conn


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")


def _format_of(conn: sqlite3.Connection, name: str) -> int:
    """The file format as SQLite reads it (the main file's header may predate what its WAL holds)."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise SessionRefused(
            f"{name} was written by a newer hoshin-tui (file format {version}, this version reads "
            f"up to {SCHEMA_VERSION}): upgrade hoshin-tui to open it"
        )
    return version


def _file_stamp(path: Path) -> tuple[int, ...]:
    """What changes when anyone writes the session: the main file's and its ``-wal``'s
    identity, size and time, and whether a writer holds the file now."""
    stamp: list[int] = [int(writer_is_live(path))]
    for file in (path, wal_path(path)):
        try:
            info = file.stat()
        except OSError:
            stamp += [0, 0, 0]
        else:
            stamp += [info.st_ino, info.st_size, info.st_mtime_ns]
    return tuple(stamp)


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
