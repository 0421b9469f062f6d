"""The crash matrix: kill hoshin at every write of each scenario and count what the kills leave.

    .venv/bin/python benchmarks/crash_matrix.py                  # every kill point (minutes)
    .venv/bin/python benchmarks/crash_matrix.py --sample         # the CI sample (about 12 per scenario)
    .venv/bin/python benchmarks/crash_matrix.py --scenario close --scenario import
    .venv/bin/python benchmarks/crash_matrix.py --two-windows 60 # the TUI under load for a minute

Prints one row per scenario: kill points run (of how many the scenario has), runs whose
sessions opened with every acknowledged edit, runs with a session wrongly refused (and how
many of those plain SQLite recovers), acknowledged edits lost, runs with a torn state (an
undo half done, say), runs with a half-written file under its final name, runs leaving
stray files. Failing runs are listed after the table and kept under --keep DIR. Needs strace.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.crash import harness
from tests.crash.scenarios import BY_NAME, SCENARIOS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", action="store_true", help="an even spread of each scenario's kill points")
    parser.add_argument("--size", type=int, help="kill points per scenario (implies --sample)")
    parser.add_argument("--scenario", action="append", choices=sorted(BY_NAME), help="only this one (repeatable)")
    parser.add_argument("--jobs", type=int, help="runs at a time (default: one per CPU)")
    parser.add_argument("--keep", type=Path, help="keep the workspaces of failing runs here")
    parser.add_argument("--verbose", action="store_true", help="print each kill point as it is checked")
    parser.add_argument("--two-windows", type=float, metavar="SECONDS", help="run the two-windows load test instead")
    args = parser.parse_args()

    if args.two_windows:
        import asyncio

        from tests.crash.two_windows import run_two_windows

        root = Path(tempfile.mkdtemp(prefix="two-windows-"))
        try:
            report = asyncio.run(run_two_windows(root, seconds=args.two_windows))
        finally:
            shutil.rmtree(root, ignore_errors=True)
        print(report.summary())
        return 0 if report.ok else 1

    if harness.STRACE is None:
        print("crash_matrix: strace is not installed (apt-get install strace)", file=sys.stderr)
        return 1
    chosen = [BY_NAME[name] for name in args.scenario] if args.scenario else SCENARIOS
    base = args.keep or Path(tempfile.mkdtemp(prefix="crash-matrix-"))
    base.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for scenario in chosen:
            size = args.size or (scenario.sample_size if args.sample else None)
            progress = print if args.verbose else None
            result = harness.run_scenario(scenario, base, sample=size, jobs=args.jobs, progress=progress)
            results.append(result)
            if not scenario.todo:
                row = result.row()
                print(
                    f"{scenario.name}: {row['kill points']} of {row['of']} kill points, "
                    f"{len(result.failures)} failing, {row['seconds']} s",
                    flush=True,
                )
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print()
    print(harness.table(results))
    failing = [(r.scenario.name, o) for r in results for o in r.failures]
    if failing:
        print("\nFailing kill points (scenario, point, acknowledged, what was wrong):")
        for name, outcome in failing:
            acks = outcome.acks[-1] if outcome.acks else "-"
            print(f"  {name} {outcome.point} [{acks}] {outcome.problems()}")
            print(f"      at: {outcome.point.shows}")
    strays = [(r.scenario.name, o) for r in results for o in r.outcomes if o.stray]
    if strays:
        print("\nLeftovers that are not temporary names (not counted as failures):")
        for name, outcome in strays:
            print(f"  {name} {outcome.point} [{outcome.acks[-1] if outcome.acks else '-'}] {'; '.join(outcome.stray)}")
    if args.keep:
        print(f"\nFailing workspaces kept under {base}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
