"""X-matrix PDF export of the demo plan and the large plan, in process and as a fresh process.

Run: ``.venv/bin/python benchmarks/bench_xmatrix.py``. Every figure is printed with its ratio
to WeasyPrint rendering a blank A3 landscape page, measured in the same run (in process: a
warm render; fresh process: ``python -c`` that imports WeasyPrint and renders the blank page).
Target (issue 4): <= 500 ms in process for the large plan (10/30/100/40/25, beyond the caps).

In process, each export is reported twice: wall time, and this process's CPU time (the
renderer is single-threaded, so CPU time is what the export costs on an idle machine; wall
time also counts other processes sharing the cores, shown by the load average printed first).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import median_cpu_ms, median_ms, report

from hoshin_tui.core.samples import build_large_plan, build_plan
from hoshin_tui.export.demo import build_demo_plan
from hoshin_tui.export.pdf import render_pdf
from hoshin_tui.export.xmatrix import export_xmatrix

BLANK = "<!doctype html><style>@page { size: A3 landscape; margin: 0 }</style><p></p>"
ROOT = Path(__file__).resolve().parent.parent


def _fresh_ms(code: str, repeat: int = 3) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
        samples.append((time.perf_counter() - start) * 1000)
    return sorted(samples)[len(samples) // 2]


def main() -> None:
    out = Path(tempfile.mkdtemp(prefix="bench-xmatrix-"))
    plans = {
        "demo": build_demo_plan(),
        "twice the caps 10/16/20/16/25": build_plan(10, 16, 20, 16, 25),
        "large 10/30/100/40/25": build_large_plan(),
    }
    print("load average (1, 5, 15 min): " + ", ".join(f"{load:.2f}" for load in os.getloadavg()))
    blank = median_ms(lambda: render_pdf(BLANK), repeat=9)
    blank_cpu = median_cpu_ms(lambda: render_pdf(BLANK), repeat=9, warmup=1)
    print(f"in process (median), baseline: blank A3 page {blank:.1f} ms wall, {blank_cpu:.1f} ms CPU")
    for name, plan in plans.items():
        for variant in ("classic", "horizontal"):
            target = 500 if name.startswith("large") else None

            def export(p=plan, v=variant) -> None:  # type: ignore[no-untyped-def]
                export_xmatrix(p, out / "x.pdf", variant=v)

            report(f"{name} ({variant}), wall", median_ms(export, repeat=5, warmup=1), blank, target)
            report(f"{name} ({variant}), CPU", median_cpu_ms(export, warmup=1), blank_cpu, target)

    blank_code = "from hoshin_tui.export.pdf import render_pdf; render_pdf(" + repr(BLANK) + ")"
    fresh_blank = _fresh_ms(blank_code)
    print(f"\nfresh process (median of 3), baseline: python -c import + blank A3 page {fresh_blank:.0f} ms")
    for name, builder in (
        ("demo", "hoshin_tui.export.demo:build_demo_plan()"),
        ("twice the caps", "hoshin_tui.core.samples:build_plan(10, 16, 20, 16, 25)"),
        ("large", "hoshin_tui.core.samples:build_large_plan()"),
    ):
        module, call = builder.split(":")
        func = call.split("(")[0]
        for variant in ("classic", "horizontal"):
            code = (
                f"from {module} import {func}; from hoshin_tui.export.xmatrix import export_xmatrix; "
                "from pathlib import Path; "
                f"export_xmatrix({call}, Path({str(out / 'fresh.pdf')!r}), variant={variant!r})"
            )
            report(f"{name} ({variant}), fresh process", _fresh_ms(code), fresh_blank)


if __name__ == "__main__":
    main()
