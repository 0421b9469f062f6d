"""Session store on the large plan: load time, one committed edit, file size.

Run: ``.venv/bin/python benchmarks/bench_store.py``. Each figure is printed with its ratio to
a baseline measured in the same run, because absolute times drift on a shared machine:
- load vs. validating the same plan from JSON in memory (the cost of the model alone);
  after the first load, the store re-reads only the tables an edit touched;
- one edit vs. a bare durable SQLite commit of one row (the floor any saved edit pays).
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from itertools import count
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import median_ms, report

from hoshin_tui.core.samples import build_large_plan
from hoshin_tui.model.enums import Corner, Strength
from hoshin_tui.model.plan import Plan
from hoshin_tui.store import SessionStore


def main() -> None:
    plan = build_large_plan()
    workdir = Path(tempfile.mkdtemp(prefix="hoshin-bench-"))
    path = workdir / "large.sqlite"
    store = SessionStore.create(path, plan)
    counts = plan.counts() | {
        "correlations": len(plan.correlations),
        "marks": len(plan.marks),
        "monthly results": len(plan.monthly_results),
    }
    print("large plan:", ", ".join(f"{v} {k}" for k, v in counts.items()))

    as_json = plan.model_dump_json()
    baseline_load = median_ms(lambda: Plan.model_validate_json(as_json))

    def cold_load() -> None:
        with SessionStore.open(path, read_only=True) as fresh:
            fresh.load()

    def load_only() -> float:
        with SessionStore.open(path, read_only=True) as fresh:
            start = time.perf_counter()
            fresh.load()
            return (time.perf_counter() - start) * 1000

    report(
        "load whole plan (first load after open)", statistics.median(load_only() for _ in range(15)), baseline_load, 50
    )
    report("open + integrity check + load", median_ms(cold_load), baseline_load)

    raw = sqlite3.connect(workdir / "floor.sqlite", isolation_level=None)
    raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("PRAGMA synchronous = FULL")
    raw.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)")
    keys = count()

    def bare_commit() -> None:
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("INSERT INTO t VALUES (?, ?)", (next(keys), "x" * 80))
        raw.execute("COMMIT")

    baseline_edit = median_ms(bare_commit, repeat=200)
    initiative = plan.initiatives[0]
    titles = count()

    def rename() -> None:
        initiative.title = f"Renamed initiative {next(titles)}"
        store.save(initiative)

    report("one edit: rename an initiative", median_ms(rename, repeat=200), baseline_edit, 5)

    def rename_and_reload() -> None:
        rename()
        store.load()

    report(
        "one edit + reload of the plan (what the UI pays)", median_ms(rename_and_reload, repeat=200), baseline_edit, 5
    )
    strategy, objective = plan.strategies[0].id, plan.objectives[-1].id
    strengths = iter([Strength.STRONG, None] * 200)
    report(
        "one edit: mark / clear a matrix cell",
        median_ms(
            lambda: store.set_correlation(Corner.STRATEGY_OBJECTIVE, strategy, objective, next(strengths)), repeat=200
        ),
        baseline_edit,
        5,
    )
    report("one undo", median_ms(store.undo, repeat=100, warmup=0), baseline_edit, 5)
    store.close()
    print(f"{'file size (after ~600 edits in history)':<50} {path.stat().st_size / 1024:9.0f} KiB")
    fresh = workdir / "fresh.sqlite"
    SessionStore.create(fresh, plan).close()
    print(f"{'file size (fresh, no history)':<50} {fresh.stat().st_size / 1024:9.0f} KiB")


if __name__ == "__main__":
    main()
