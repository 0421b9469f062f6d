"""The second window of the two-windows test: export, list and read a session in a loop.

Run as ``python -m tests.crash.load WORKSPACE SESSION STOP_FILE REPORT_FILE``. Until
STOP_FILE exists it runs the real ``hoshin export json``, ``hoshin list`` and a read-only
open of the session, and notes anything a person would see go wrong: an exit status other
than 0, any stderr, a ``cannot open`` line in the list, a half-written export. After each
round it rewrites REPORT_FILE (JSON): rounds done, and the problems found.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hoshin_tui.store import SessionStore, StoreError


def hoshin(*args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("hoshin")), *args]


def one_round(workspace: Path, session: str) -> list[str]:
    problems: list[str] = []
    out = workspace / "exports" / "loop.json"
    commands = {
        "export json": hoshin("--workspace", str(workspace), "export", "json", session, "-o", str(out)),
        "list": hoshin("--workspace", str(workspace), "list"),
    }
    for what, argv in commands.items():
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        if done.returncode != 0 or done.stderr:
            problems.append(f"hoshin {what}: exit {done.returncode}: {done.stderr.strip()[:500]}")
        if what == "list" and "cannot open" in done.stdout:
            problems.append(f"hoshin list: {done.stdout.strip()[:500]}")
        if what == "export json" and done.returncode == 0:
            try:
                json.loads(out.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                problems.append(f"hoshin export json wrote a broken file: {exc}")
    try:
        with SessionStore.open(workspace / "sessions" / f"{session}.sqlite", read_only=True) as store:
            store.load()
    except (StoreError, OSError) as exc:
        problems.append(f"read-only open: {exc}")
    except Exception as exc:  # the point of the test: any traceback a reader could hit is a finding
        problems.append(f"read-only open crashed: {type(exc).__name__}: {exc}")
    return problems


def main(argv: list[str]) -> int:
    workspace, session, stop, report = Path(argv[0]), argv[1], Path(argv[2]), Path(argv[3])
    rounds, problems = 0, []
    while not stop.exists():
        problems += one_round(workspace, session)
        rounds += 1
        report.write_text(json.dumps({"rounds": rounds, "problems": problems}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
