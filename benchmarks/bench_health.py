"""Alignment health and aim coaching on the large plan; both run on every edit or keystroke.

Run: ``.venv/bin/python benchmarks/bench_health.py``. Each figure is printed with its ratio to
``plan.model_copy(deep=True)`` of the same plan, measured in the same run, because absolute
times drift on a shared machine. Target: check_plan under 5 ms (a third of a 60 Hz frame).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import median_ms, report

from hoshin_tui.core.coaching import coach_aim
from hoshin_tui.core.health import check_plan, summary
from hoshin_tui.core.samples import build_large_plan


def main() -> None:
    plan = build_large_plan()
    print(
        f"large plan: {len(plan.strategies)}/{len(plan.objectives)}/{len(plan.initiatives)}/"
        f"{len(plan.measures)}/{len(plan.people)}, {len(plan.correlations)} correlations, {len(plan.marks)} marks"
    )
    findings = check_plan(plan)
    print(f"findings: {summary(findings)}")

    baseline = median_ms(lambda: plan.model_copy(deep=True), repeat=31)
    report("plan.model_copy(deep=True) (baseline)", baseline, baseline)
    report("check_plan(large plan)", median_ms(lambda: check_plan(plan), repeat=101), baseline, target_ms=5)
    report("summary(findings)", median_ms(lambda: summary(findings), repeat=101), baseline)
    aim = plan.aim * 2
    report("coach_aim(aim of 2 sentences)", median_ms(lambda: coach_aim(aim), repeat=101), baseline, target_ms=1)


if __name__ == "__main__":
    main()
