"""X-matrix PDF export of the demo plan and the large plan, in process and as a fresh process.

Run: ``.venv/bin/python benchmarks/bench_xmatrix.py``. Every figure is printed with its ratio
to WeasyPrint rendering a blank A3 landscape page, measured in the same run (in process: a
warm render; fresh process: ``python -c`` that imports WeasyPrint and renders the blank page).
Target (issue 4): <= 500 ms in process for the large plan (10/30/100/40/25, beyond the caps).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import median_ms, report

from hoshin_tui.core.demo import build_demo_plan
from hoshin_tui.core.samples import build_large_plan, build_plan
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
    blank = median_ms(lambda: render_pdf(BLANK), repeat=9)
    print(f"in process (median), baseline: blank A3 page {blank:.1f} ms")
    for name, plan in plans.items():
        for variant in ("classic", "horizontal"):
            target = 500 if name.startswith("large") else None
            ms = median_ms(lambda p=plan, v=variant: export_xmatrix(p, out / "x.pdf", variant=v), repeat=5, warmup=1)
            report(f"{name} ({variant})", ms, blank, target)

    blank_code = "from hoshin_tui.export.pdf import render_pdf; render_pdf(" + repr(BLANK) + ")"
    fresh_blank = _fresh_ms(blank_code)
    print(f"\nfresh process (median of 3), baseline: python -c import + blank A3 page {fresh_blank:.0f} ms")
    for name, builder in (
        ("demo", "hoshin_tui.core.demo:build_demo_plan"),
        ("large", "hoshin_tui.core.samples:build_large_plan"),
    ):
        module, func = builder.split(":")
        code = (
            f"from {module} import {func}; from hoshin_tui.export.xmatrix import export_xmatrix; "
            f"from pathlib import Path; export_xmatrix({func}(), Path({str(out / 'fresh.pdf')!r}))"
        )
        report(f"{name} (classic), fresh process", _fresh_ms(code), fresh_blank)


if __name__ == "__main__":
    main()
