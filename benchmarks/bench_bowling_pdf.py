"""Bowling chart PDF export of the demo plan and the large plan (40 measures x 12 months), in process.

Run: ``.venv/bin/python benchmarks/bench_bowling_pdf.py``. Every figure is printed with its ratio
to WeasyPrint rendering a blank A3 landscape page, measured in the same run (a warm render).
Target (issue 12): the bowling PDF of the large plan renders in under 0.6 s in process (the
large plan as built has no countermeasures; a second run gives every red month one).
Wall time counts the neighbours sharing the cores (the load average is printed first); CPU time
is what the export itself costs (the renderer is single-threaded). The large plan also gets
countermeasures on its red months, so the column and the log page are part of the cost.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import median_cpu_ms, median_ms, report

from hoshin_tui.core.samples import build_large_plan
from hoshin_tui.export.bowling import export_bowling
from hoshin_tui.export.bowling_data import bowling_chart
from hoshin_tui.export.demo import build_demo_plan
from hoshin_tui.export.pdf import render_pdf
from hoshin_tui.model.plan import Countermeasure, Plan

BLANK = "<!doctype html><style>@page { size: A3 landscape; margin: 0 }</style><p></p>"


def _large_with_countermeasures() -> Plan:
    plan = build_large_plan()
    chart = bowling_chart(plan, as_of="2027-12")
    cms = []
    for measure, block in zip(plan.measures, chart.measures, strict=False):
        for month, cell in zip(chart.months, block.actual, strict=False):
            if cell.status == "red":
                cms.append(
                    Countermeasure(measure_id=measure.id, month=month, root_cause="Cause found", action="Act on it")
                )
    return plan.model_copy(update={"countermeasures": cms})


def main() -> None:
    out = Path(tempfile.mkdtemp(prefix="bench-bowling-")) / "b.pdf"
    plans = {
        "demo": (build_demo_plan(), None),
        "large 40 measures x 12 months": (build_large_plan(), "2027-12"),
        "large, a countermeasure on every red month": (_large_with_countermeasures(), "2027-12"),
    }
    print("load average (1, 5, 15 min): " + ", ".join(f"{load:.2f}" for load in os.getloadavg()))
    blank = median_ms(lambda: render_pdf(BLANK), repeat=9)
    blank_cpu = median_cpu_ms(lambda: render_pdf(BLANK), repeat=9, warmup=1)
    print(f"in process (median), baseline: blank A3 page {blank:.1f} ms wall, {blank_cpu:.1f} ms CPU")
    for name, (plan, as_of) in plans.items():
        target = 600 if name.startswith("large") else None

        def export(p: Plan = plan, a: str | None = as_of) -> None:
            export_bowling(p, out, as_of=a)

        result = export_bowling(plan, out, as_of=as_of)
        print(f"{name}: {result.pages_text}, {len(plan.countermeasures)} countermeasures")
        report(f"{name}, wall", median_ms(export, repeat=5, warmup=1), blank, target)
        report(f"{name}, CPU", median_cpu_ms(export, warmup=1), blank_cpu, target)


if __name__ == "__main__":
    main()
