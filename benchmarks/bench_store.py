"""Session store on the large plan: load time, one committed edit, file size.

Run: ``.venv/bin/python benchmarks/bench_store.py``. Each figure is printed with its ratio to
a baseline measured in the same run, because absolute times drift on a shared machine:
- load vs. validating the same plan from JSON in memory (the cost of the model alone);
- one edit vs. a bare durable SQLite commit of one row (the floor any saved edit pays).
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from itertools import count
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import median_ms, report  # noqa: E402

from hoshin_tui.core.samples import build_large_plan  # noqa: E402
from hoshin_tui.model.enums import Corner, Strength  # noqa: E402
from hoshin_tui.model.plan import Plan  # noqa: E402
from hoshin_tui.store import SessionStore  # noqa: E402


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
    report("load whole plan from the file", median_ms(store.load), baseline_load, 50)

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
    strategy, objective = plan.strategies[0].id, plan.objectives[-1].id
    strengths = iter([Strength.STRONG, None] * 200)
    report(
        "one edit: mark / clear a matrix cell",
        median_ms(lambda: store.set_correlation(Corner.STRATEGY_OBJECTIVE, strategy, objective, next(strengths)), repeat=200),
        baseline_edit,
        5,
    )
    report("one undo", median_ms(store.undo, repeat=100, warmup=0), baseline_edit, 5)
    store.close()
    print(f"{'file size (after ~600 edits in history)':<44} {path.stat().st_size / 1024:9.0f} KiB")
    fresh = workdir / "fresh.sqlite"
    SessionStore.create(fresh, plan).close()
    print(f"{'file size (fresh, no history)':<44} {fresh.stat().st_size / 1024:9.0f} KiB")


if __name__ == "__main__":
    main()
