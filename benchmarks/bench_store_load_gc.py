"""Loading a 4x-large plan with the cyclic garbage collector paused (as ``SessionStore.load`` does) vs. running.

Run: ``.venv/bin/python benchmarks/bench_store_load_gc.py``. Figures are median CPU times. Both variants run in the same
process, alternating, so the ratio holds on a noisy machine: "collector running" is
``load`` with ``gc_paused`` replaced by a no-op (the code before the change). Measured
twice: in a bare process, and with a heap the size of a running TUI held alive (the older
generations the collector walks again and again are what a pause saves).
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import median_cpu_ms

from hoshin_tui.core.samples import build_plan
from hoshin_tui.store import SessionStore
from hoshin_tui.store import session as store_session


def main() -> None:
    plan = build_plan(40, 120, 400, 160, 100, seed=0)  # 4x the benchmark plan of issue 2
    path = Path(tempfile.mkdtemp(prefix="hoshin-bench-")) / "large4x.sqlite"
    SessionStore.create(path, plan).close()
    print("plan:", ", ".join(f"{v} {k}" for k, v in plan.counts().items()), f"({path.stat().st_size // 1024} KiB)")

    def cold_load() -> None:
        with SessionStore.open(path, read_only=True) as store:
            store.load()

    paused = store_session.gc_paused

    def running() -> None:
        store_session.gc_paused = contextlib.nullcontext
        try:
            cold_load()
        finally:
            store_session.gc_paused = paused

    for heap in ("bare process", "with a TUI-sized heap (1.5M live objects)"):
        if heap.startswith("with"):
            kept = [{"n": i} for i in range(1_500_000)]  # noqa: F841 - held alive on purpose
        before = median_cpu_ms(running, repeat=7, warmup=1)
        after = median_cpu_ms(cold_load, repeat=7, warmup=1)
        print(f"{heap}:")
        print(f"  cold open + load, collector running   {before:8.1f} ms  (baseline)")
        print(f"  cold open + load, collector paused    {after:8.1f} ms  {after / before:5.2f}x baseline")


if __name__ == "__main__":
    main()
