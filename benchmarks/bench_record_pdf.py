"""The session record PDF of the demo, rendered in process, against a blank A4 page in the same run.

Run: ``.venv/bin/python benchmarks/bench_record_pdf.py``. Nothing asserts; it prints. Target
(issue 11): the demo's record renders in under 0.3 s in process. The baseline is WeasyPrint
rendering a blank A4 portrait page (warm), measured in the same run. Wall and CPU time are
both printed: wall time also counts the neighbours sharing the cores (load average first).
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import median_cpu_ms, median_ms, report

from hoshin_tui.core.plan_changes import HistoryEntry
from hoshin_tui.export.demo import build_demo_plan
from hoshin_tui.export.pdf import render_pdf
from hoshin_tui.export.record import export_record

BLANK = "<!doctype html><style>@page { size: A4 portrait; margin: 0 }</style><p></p>"


def _a_day_of_edits(count: int = 200) -> list[HistoryEntry]:
    """A busy day's undo history: initiatives added and renamed (what the record summarises)."""
    from datetime import UTC, datetime

    at = datetime.now(UTC)
    entries = []
    for n in range(count):
        row = {"id": f"in_{n % 40}", "code": f"I{n % 40 + 1}", "title": f"Initiative {n}", "pos": n % 40}
        entries.append(HistoryEntry(at, f"save initiative 'Initiative {n}'", [["initiatives", [row["id"]], None, row]]))
    return entries


def main() -> None:
    out = Path(tempfile.mkdtemp(prefix="bench-record-"))
    plan = build_demo_plan()
    history = _a_day_of_edits()
    print("load average (1, 5, 15 min): " + ", ".join(f"{load:.2f}" for load in os.getloadavg()))
    blank = median_ms(lambda: render_pdf(BLANK), repeat=9)
    blank_cpu = median_cpu_ms(lambda: render_pdf(BLANK), repeat=9, warmup=1)

    def record() -> object:
        return export_record(plan, out / "record.pdf", history=history, day=date.today(), session_name="demo")

    wall = median_ms(record, repeat=9)
    cpu = median_cpu_ms(record, repeat=9, warmup=1)
    report("blank A4 page (baseline, wall)", blank, blank)
    report("demo session record, wall", wall, blank, 300)
    report("demo session record, CPU", cpu, blank_cpu, 300)
    print(f"record: {out / 'record.pdf'}")


if __name__ == "__main__":
    main()
