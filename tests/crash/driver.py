"""The processes the crash matrix kills: store and picker operations, one acknowledgement line each.

Run as ``python -m tests.crash.driver ACTION WORKSPACE [--snapshots FILE]``. Each action
prints ``ack <label>`` (flushed) after the call returns, so the harness knows which edits a
killed process had acknowledged. With ``--snapshots`` (the untraced reference run only),
the state of the session after each step is written to FILE as JSON: the harness compares
what a killed run left with these states.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from hoshin_tui.core.workspace import Workspace
from hoshin_tui.model.enums import Corner, MarkRole, Strength
from hoshin_tui.model.plan import AnnualObjective, Correlation, Strategy
from hoshin_tui.store import SessionStore

SESSION = "offsite"  # the session every store scenario works on: sessions/offsite.sqlite
AUTO_CHECKPOINT = 1000  # SQLite's default wal_autocheckpoint, in pages
LONG = "A sentence long enough to spill out of one page of the file and into overflow pages. " * 50


def state_of(store: SessionStore) -> dict[str, Any]:
    """What the room would notice: the whole plan, and the undo history with what is undone."""
    history = store.conn.execute("SELECT label, undone FROM history ORDER BY seq").fetchall()
    return {"plan": store.load().model_dump(mode="json"), "history": [list(row) for row in history]}


Step = tuple[str, Callable[[SessionStore], object]]


def burst_steps(store: SessionStore) -> Iterator[Step]:
    """A burst of edits of every kind the room makes, with an undo among them."""
    plan = store.load()
    first_objective, initiative, person = plan.objectives[0], plan.initiatives[2], plan.people[0]
    new = Strategy(id="st_crash", title="Crash-proof every station")
    yield "add strategy", lambda s: s.save(new)
    yield "set aim", lambda s: s.set_field("aim", "Every pump works first time, for every customer, always.")
    renamed = first_objective.model_copy(update={"title": "Halve complaints, then halve them again"})
    yield "rename objective", lambda s: s.save(renamed)
    yield (
        "mark cell",
        lambda s: s.set_correlation(Corner.STRATEGY_OBJECTIVE, new.id, first_objective.id, Strength.STRONG),
    )
    yield "move initiative", lambda s: s.move(initiative, -1)

    def add_linked_objective(s: SessionStore) -> None:
        objective = AnnualObjective(id="ob_crash", title="No station without error-proofing")
        with s.batch("add objective with links"):
            s.save(objective)
            s.save(Correlation(corner=Corner.STRATEGY_OBJECTIVE, row_id=new.id, col_id=objective.id))
            s.save(Correlation(corner=Corner.OBJECTIVE_INITIATIVE, row_id=objective.id, col_id=initiative.id))

    yield "batch", add_linked_objective
    yield "delete measure", lambda s: s.delete(s.load().measures[-1])
    yield "undo", lambda s: s.undo()
    yield "mark person", lambda s: s.set_mark(initiative.id, person.id, MarkRole.ROTATING)
    yield "long text", lambda s: s.save(Strategy(id="st_long", title="Long", description=LONG))
    yield "set title", lambda s: s.set_field("title", "Pump Co off-site, crash-tested")
    yield "undo", lambda s: s.undo()


def undo_steps(store: SessionStore) -> Iterator[Step]:
    """Undo, redo and undo again a change made of many rows (see ``prepare_undo``)."""
    yield "undo", lambda s: s.undo()
    yield "redo", lambda s: s.redo()
    yield "undo", lambda s: s.undo()


def prepare_undo(store: SessionStore) -> None:
    """One change that touches many rows in many tables: what undo must take back whole."""
    plan = store.load()
    with store.batch("rework the plan"):
        for i, objective in enumerate(plan.objectives):
            store.save(objective.model_copy(update={"title": f"{objective.title} (reworked {i})"}))
        for strategy in plan.strategies:
            store.save(Correlation(corner=Corner.STRATEGY_OBJECTIVE, row_id=strategy.id, col_id=plan.objectives[0].id))
        store.delete(plan.initiatives[0])
        store.set_field("aim", LONG)


def prepare_hot_wal(store: SessionStore) -> None:
    """Many edits left in the ``-wal`` only: the process that made them dies without closing."""
    for i in range(40):
        store.save(Strategy(id=f"st_wal{i:02d}", title=f"Strategy {i} kept in the WAL", description=LONG[: 40 * i]))


def prepare_full_wal(store: SessionStore, path: Path) -> None:
    """Edits until the ``-wal`` is a few frames short of SQLite's automatic checkpoint (1000 pages)."""
    wal = Path(f"{path}-wal")
    i = 0
    while (wal.stat().st_size - 32) // (4096 + 24) < AUTO_CHECKPOINT - 12:
        store.save(Strategy(id=f"st_full{i:04d}", title=f"Strategy {i} fills the WAL", description=LONG[: 30 * i]))
        i += 1


def run_steps(store: SessionStore, steps: Iterator[Step], snapshots: list[Any] | None) -> None:
    for label, step in steps:
        step(store)
        ack(label)
        if snapshots is not None:
            snapshots.append(state_of(store))


def ack(label: str) -> None:
    print(f"ack {label}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("action")
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--snapshots", type=Path)
    args = parser.parse_args(argv)
    workspace = Workspace(args.workspace)
    path = workspace.session_path(SESSION)
    snapshots: list[Any] | None = [] if args.snapshots else None
    action = args.action

    if action in ("burst", "undo"):
        store = SessionStore.open(path)
        if snapshots is not None:
            snapshots.append(state_of(store))
        run_steps(store, burst_steps(store) if action == "burst" else undo_steps(store), snapshots)
        if snapshots is not None:
            args.snapshots.write_text(json.dumps(snapshots))
        sys.stdout.flush()
        os._exit(0)  # no close: the close and its checkpoint are a scenario of their own
    elif action == "prepare-undo":
        with SessionStore.open(path) as store:
            prepare_undo(store)
    elif action in ("prepare-hot-wal", "prepare-full-wal"):
        store = SessionStore.open(path)
        if action == "prepare-hot-wal":
            prepare_hot_wal(store)
        else:
            prepare_full_wal(store, path)
        sys.stdout.flush()
        os._exit(0)  # no close: the edits stay in the -wal, as after a crash
    elif action in ("close", "migrate"):
        store = SessionStore.open(path)  # migrate: the format-1 file is upgraded by this open
        ack("open")
        if snapshots is not None:
            snapshots.append(state_of(store))
        store.close()
        ack("close")
    elif action == "rename":
        workspace.rename(str(path), "renamed")
        ack("rename")
    elif action == "duplicate":
        workspace.duplicate(str(path), "copy")
        ack("duplicate")
    elif action == "delete":
        workspace.delete(str(path))
        ack("delete")
    else:
        parser.error(f"unknown action {action}")
    if snapshots is not None:
        args.snapshots.write_text(json.dumps(snapshots))
    return 0


if __name__ == "__main__":
    sys.exit(main())
