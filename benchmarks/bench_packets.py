"""Catchball packets on the large plan with 20 turns per item: import, re-import, export.

Run: ``.venv/bin/python benchmarks/bench_packets.py``. The target (issue 13): importing a
500-entry packet takes under 0.2 s. Each figure is printed with its ratio to a bare durable
edit measured in the same run (one row committed with ``synchronous=FULL`` in WAL mode: the
floor any saved edit pays), because absolute times drift on a shared machine.

The import is timed whole, as ``hoshin import catchball`` runs it in process: read and check
the packet, check it against a read-only view of the session, open it for editing, check
again under the writer's lock and save every turn in one batch. Each run starts from a fresh
copy of the session (the copy is not timed).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import median_ms, report

from hoshin_tui.core.catchball import CATCHBALL_LISTS
from hoshin_tui.core.samples import build_large_plan
from hoshin_tui.export.packet import packet_json
from hoshin_tui.export.packet_build import build_packet, items_for
from hoshin_tui.export.packet_import import import_packet
from hoshin_tui.model.enums import CatchballKind, CatchballState, Role
from hoshin_tui.model.plan import CatchballEntry, CatchballStatus, Plan
from hoshin_tui.store import SessionStore

TURNS_PER_ITEM = 20
NEW_ENTRIES = 500


def threaded_plan() -> Plan:
    """The large plan with 20 turns per catchball item, thrown between its owner and a leader: in review."""
    plan = build_large_plan()
    leaders = [p for p in plan.people if p.role is Role.DEPLOYMENT_LEADER]
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=60)
    entries, states = [], []
    for kind in CATCHBALL_LISTS:
        for n, item in enumerate(getattr(plan, kind)):
            owner = getattr(item, "owner_id", None) or getattr(item, "leader_id", None) or plan.people[0].id
            other = leaders[n % len(leaders)].id if leaders[n % len(leaders)].id != owner else leaders[0].id
            for turn in range(TURNS_PER_ITEM):
                who, to = (other, owner) if turn % 2 == 0 else (owner, other)
                entries.append(
                    CatchballEntry(
                        item_id=item.id,
                        at=start + timedelta(hours=turn),
                        who_id=who,
                        to_id=to,
                        kind=CatchballKind.COMMENT,
                        text=f"Turn {turn} on {item.code}: can we do it with the people we have?",
                    )
                )
            states.append(CatchballStatus(item_id=item.id, state=CatchballState.IN_REVIEW))
    return plan.model_copy(update={"catchball_entries": entries, "catchball_states": states})


def person_with(plan: Plan, items: int) -> str:
    """The person whose packet holds the number of items closest to ``items``."""
    return min(plan.people, key=lambda person: abs(len(items_for(plan, person.id)) - items)).id


def answered_packet(plan: Plan, person_id: str, path: Path, answers: int) -> int:
    """Write the person's packet with ``answers`` new comments spread over its items; returns its thread turns."""
    person = next(p for p in plan.people if p.id == person_id)
    packet = build_packet(plan, person, session="large")
    data = json.loads(packet_json(packet))
    items = data["items"]
    for n in range(answers):
        item = items[n % len(items)]
        item["answers"].append({"kind": "comment", "text": f"Answer {n}: yes, with one more technician"})
    path.write_text(json.dumps(data), encoding="utf-8")
    return sum(len(item["thread"]) for item in items)


def timed_on_fresh_copies(
    master: Path, work: Path, fn: Callable[[Path], object], repeat: int = 7
) -> tuple[float, float]:
    """Median wall and CPU milliseconds of ``fn`` on a fresh copy of ``master`` each time."""
    wall, cpu = [], []
    for _ in range(repeat):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(master, work)
        start, start_cpu = time.perf_counter(), time.process_time()
        fn(work)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="hoshin-bench-packets-"))
    plan = threaded_plan()
    master = workdir / "large.sqlite"
    SessionStore.create(master, plan).close()
    raw = sqlite3.connect(workdir / "floor.sqlite", isolation_level=None)
    raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("PRAGMA synchronous = FULL")
    raw.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)")
    keys = count()

    def bare_commit() -> None:
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("INSERT INTO t VALUES (?, ?)", (next(keys), "x" * 80))
        raw.execute("COMMIT")

    baseline = median_ms(bare_commit, repeat=200)
    # a leader's packet of 25 items (500 thread turns), and the busiest packet of the plan
    for label, items in (("25 items", 25), ("the busiest person", 10_000)):
        person = person_with(plan, items)
        packet_path = workdir / f"packet-{items}.json"
        thread_turns = answered_packet(plan, person, packet_path, NEW_ENTRIES)
        print(
            f"packet of {label}: {len(items_for(plan, person))} items, {thread_turns} thread turns, "
            f"{NEW_ENTRIES} new answers ({packet_path.stat().st_size / 1024:.0f} KiB)"
        )
        work = workdir / "work.sqlite"
        imported, cpu = timed_on_fresh_copies(
            master, work, lambda path, packet=packet_path: import_packet(path, packet)
        )
        report(f"  import {NEW_ENTRIES} new entries (whole command)", imported, baseline, 200)
        report("    ...of which CPU time in this process", cpu, baseline, 200)
        import_packet(work, packet_path)  # the copy now holds the answers: importing again adds nothing
        again = median_ms(lambda packet=packet_path, work=work: import_packet(work, packet), repeat=7, warmup=1)
        report("  import the same packet again (adds nothing)", again, baseline, 200)
        with SessionStore.open(work) as store:
            store.load()
            undo = median_ms(lambda store=store: (store.undo(), store.redo()), repeat=5, warmup=0) / 2
        report(f"  undo or redo the {NEW_ENTRIES}-entry import (one step)", undo, baseline)
        record = next(p for p in plan.people if p.id == person)
        built = median_ms(lambda record=record: packet_json(build_packet(plan, record, session="large")), repeat=7)
        report("  build the packet (export, JSON only)", built, baseline)
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
