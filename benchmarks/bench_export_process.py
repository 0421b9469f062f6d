"""A fresh ``hoshin export xmatrix`` of the large plan, as a user starts it, against a fresh WeasyPrint blank page.

Run: ``.venv/bin/python benchmarks/bench_export_process.py [--runs 9]``. Both are whole
processes started from the shell's point of view, in turn (A B A B ...), after one warm-up
each: A is the installed console script ``hoshin export xmatrix large -o ...`` on a session
of the large plan (10/30/100/40/25) in a temporary workspace; B is ``python -c`` that imports
WeasyPrint and writes a blank A3 landscape page. Prints the median wall and CPU time of each
(CPU: the children's user + system time, which other processes on the machine disturb less)
and the median of the pair-by-pair ratios A/B. Target (issue 10): <= 1.5x.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BLANK = "<!doctype html><style>@page { size: A3 landscape; margin: 0 }</style><p></p>"


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of ``command`` as a child process."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, capture_output=True)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    hoshin = bin_dir / "hoshin"
    root = Path(tempfile.mkdtemp(prefix="bench-export-"))
    from hoshin_tui.core.samples import build_large_plan
    from hoshin_tui.core.workspace import Workspace

    Workspace(root).create("large", build_large_plan()).close()
    env = dict(os.environ)
    out = root / "x.pdf"
    a = [str(hoshin), "--workspace", str(root), "export", "xmatrix", "large", "-o", str(out)]
    blank = f"import weasyprint; weasyprint.HTML(string={BLANK!r}).write_pdf({str(root / 'b.pdf')!r})"
    b = [sys.executable, "-c", blank]
    _timed(a, env)  # warm-up: fills the page cache (and the per-user cache of font tables and templates)
    _timed(b, env)
    runs: dict[str, list[tuple[float, float]]] = {"A": [], "B": []}
    for _ in range(args.runs):
        runs["A"].append(_timed(a, env))
        runs["B"].append(_timed(b, env))
    print("load average (1, 5, 15 min): " + ", ".join(f"{load:.2f}" for load in os.getloadavg()))
    print(f"A = {hoshin} export xmatrix large -o x.pdf")
    print("B = python -c 'import weasyprint; weasyprint.HTML(string=<blank A3 page>).write_pdf(...)'")
    for index, label in ((0, "wall"), (1, "CPU")):
        a_med = statistics.median(r[index] for r in runs["A"])
        b_med = statistics.median(r[index] for r in runs["B"])
        ratio = statistics.median(ra[index] / rb[index] for ra, rb in zip(runs["A"], runs["B"], strict=True))
        print(f"{label:>4}: A {a_med * 1000:7.0f} ms  B {b_med * 1000:7.0f} ms  A/B {ratio:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
