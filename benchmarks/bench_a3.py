"""A3 PDF export: the demo's A3 pack and a 10-sheet pack, per sheet, in process.

Run: ``.venv/bin/python benchmarks/bench_a3.py``. Target (issue 5): <= 200 ms per sheet.
Each figure is printed with its ratio to WeasyPrint rendering the same number of blank
A3 landscape pages in the same run (same fonts style sheet, written to bytes), because
absolute times drift on a shared machine. Also: the estimate behind the TUI's
"Background 120%: will shrink" (target < 1 ms per A3), how many layout passes each
pack needed (one per sheet is the aim; a sheet with a continuation page needs two), and
how much of an export is spent in Python's garbage collector (the export pauses it and
collects once at the end). The load average is printed first: other processes on the
same cores slow every figure down, the ratios less so.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import median_cpu_ms, median_ms, report

from hoshin_tui.core.a3_prefill import fill_report
from hoshin_tui.core.samples import build_large_plan
from hoshin_tui.export import a3 as a3_export
from hoshin_tui.export.demo import build_demo_plan
from hoshin_tui.export.pdf import render_document, write_pdf_bytes
from hoshin_tui.model.plan import Plan


def blank_pages(count: int) -> None:
    pages = "".join('<div style="break-before: page">&nbsp;</div>' for _ in range(count))
    rendered = render_document(f"<html><body>{pages}</body></html>", css=["@page { size: A3 landscape }"])
    write_pdf_bytes(rendered)


def gc_ms_per_sheet(plan: Plan, out: Path) -> float:
    """Time one export spends in the cyclic garbage collector, per sheet."""
    spent, started = [0.0], [0.0]

    def timer(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            spent[0] += time.perf_counter() - started[0]

    gc.callbacks.append(timer)
    try:
        a3_export.export_a3(plan, out, session_name="bench")
    finally:
        gc.callbacks.remove(timer)
    return spent[0] * 1000 / len(plan.a3s)


def passes_for(plan: Plan, out: Path) -> int:
    """Layout passes (WeasyPrint documents laid out) one export of ``plan`` takes."""
    calls = 0
    original = a3_export._render

    def counting(*args, **kwargs):
        nonlocal calls
        calls += 1
        return original(*args, **kwargs)

    a3_export._render = counting
    try:
        a3_export.export_a3(plan, out, session_name="bench")
    finally:
        a3_export._render = original
    return calls


def main() -> None:
    out = Path(tempfile.mkdtemp(prefix="hoshin-bench-")) / "a3.pdf"
    demo = build_demo_plan(today=date(2027, 1, 15))
    large = build_large_plan()
    packs = {
        f"demo A3 pack ({len(demo.a3s)} sheets)": demo,
        f"large plan A3 pack ({len(large.a3s)} sheets)": large,
    }
    print("load average (1, 5, 15 min): " + ", ".join(f"{load:.2f}" for load in os.getloadavg()))
    blank_pages(1)  # import WeasyPrint and load the fonts before timing anything
    for label, plan in packs.items():
        sheets = len(plan.a3s)
        baseline = median_ms(lambda n=sheets: blank_pages(n), repeat=7, warmup=1)
        total = median_ms(lambda p=plan: a3_export.export_a3(p, out, session_name="bench"), repeat=7, warmup=1)
        result = a3_export.export_a3(plan, out, session_name="bench")
        print(f"{label}: {result.pages} pages, {passes_for(plan, out)} layout passes, {len(result.warnings)} warnings")
        report(f"  whole pack vs {sheets} blank A3 pages", total, baseline)
        report("  per sheet (wall) vs one blank page", total / sheets, baseline / sheets, target_ms=200)
        cpu = median_cpu_ms(lambda p=plan: a3_export.export_a3(p, out, session_name="bench"))
        cpu_blank = median_cpu_ms(lambda n=sheets: blank_pages(n))
        report("  per sheet (CPU of this process) vs one blank page", cpu / sheets, cpu_blank / sheets, target_ms=200)
        print(f"  of which in the garbage collector: {gc_ms_per_sheet(plan, out):.1f} ms per sheet")
    a3 = demo.a3s[0]
    estimate = median_ms(lambda: fill_report(a3), repeat=200, warmup=10)
    report("fill_report of one demo A3 vs 1 ms target", estimate, 1.0, target_ms=1.0)


if __name__ == "__main__":
    main()
