"""The Catchball step on the large plan with 20 turns per item, against a bare durable edit.

Run: ``.venv/bin/python benchmarks/bench_catchball.py [--runs N] [--revisits N]``. Nothing here asserts; it prints.

- **Step key to settled screen, as a user sees it.** The installed ``hoshin`` console script opens
  the session in a pseudo terminal of 120x40; once its first frame is painted, the Catchball
  step's digit is typed, and the time runs until the terminal has had no new output for 150 ms
  (the last byte before the quiet). The first visit builds the step; a revisit (away to the
  aim step and back) only redraws it. Target (issue 13): within 50 ms of the key.
- **Baseline: a bare durable edit** in this process, on the same session file: one item saved
  through ``SessionStore.save`` (one transaction, ``synchronous=FULL``, committed before it
  returns), median of 15. Each figure is printed as a ratio to it.
- For reference, the same revisit of the initiatives step (a list step) in the same processes:
  what any step switch costs on this machine.
- Also the core's own cost: ``catchball_items`` and the catchball health findings on that plan.
"""

from __future__ import annotations

import argparse
import os
import random
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import keys_to_step, median_ms
from bench_tui import ANSI, SIZE, hoshin_command

QUIET = 0.15  # seconds with no new output: the screen has settled
ENTRIES_PER_ITEM = 20


def catchball_plan(seed: int = 0):
    """The benchmark plan of issue 2 with a catchball round: 20 turns on every item, mixed states."""
    from hoshin_tui.core.catchball import CATCHBALL_LISTS
    from hoshin_tui.core.samples import build_large_plan
    from hoshin_tui.model.enums import CatchballKind, CatchballState
    from hoshin_tui.model.plan import CatchballEntry, CatchballStatus

    plan = build_large_plan(seed)
    rng = random.Random(seed)
    people = [p.id for p in plan.people]
    start = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    kinds = list(CatchballKind)
    entries, states = [], []
    for kind in CATCHBALL_LISTS:
        for item in getattr(plan, kind):
            for n in range(ENTRIES_PER_ITEM):
                who, to = rng.sample(people, 2)
                entries.append(
                    CatchballEntry(
                        item_id=item.id,
                        at=start + timedelta(hours=3 * n + rng.randint(0, 2)),
                        who_id=who,
                        to_id=to,
                        kind=rng.choice(kinds),
                        text=f"Turn {n + 1} on {item.code}: can we do this with the people we have this quarter?",
                    )
                )
            states.append(CatchballStatus(item_id=item.id, state=rng.choice(list(CatchballState))))
    plan.catchball_entries = entries
    plan.catchball_states = states
    return plan


class Terminal:
    """The installed command in a pseudo terminal, read until its output goes quiet."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        import fcntl
        import pty
        import termios

        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        self.process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
        os.close(slave)
        self.seen = b""

    def read_until(self, marker: str, timeout: float = 60.0) -> None:
        deadline = time.perf_counter() + timeout
        wanted = marker.encode()
        while time.perf_counter() < deadline:
            if select.select([self.master], [], [], 0.05)[0]:
                self.seen += os.read(self.master, 65536)
                if wanted in ANSI.sub(b"", self.seen[-200_000:]):
                    return
        raise RuntimeError(f"no frame with {marker!r}: {ANSI.sub(b'', self.seen)[-300:]!r}")

    def settle(self, wait: float = 0.0) -> tuple[float | None, float]:
        """Seconds to the first output (awaited up to ``wait``) and to the last one before QUIET of silence."""
        start = time.perf_counter()
        first = last = None
        while True:
            if select.select([self.master], [], [], QUIET if first is not None or not wait else wait)[0]:
                chunk = os.read(self.master, 65536)
                self.seen = (self.seen + chunk)[-200_000:]
                last = time.perf_counter()
                first = first or last
            else:
                break
        return (None if first is None else first - start), ((last or start) - start)

    def key(self, text: str) -> tuple[float | None, float]:
        self.settle()  # nothing pending before the key
        os.write(self.master, text.encode())
        return self.settle(wait=10.0)

    def close(self) -> None:
        os.write(self.master, b"\x11")  # ctrl+q
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()
        os.close(self.master)


def step_draws(root: Path, name: str, title: str, runs: int, revisits: int) -> dict[str, list[float]]:
    env = {**os.environ, "TERM": "xterm-256color", "HOSHIN_WORKSPACE": str(root)}
    env = {k: v for k, v in env.items() if v and k not in ("COLUMNS", "LINES")}
    setup, digit = keys_to_step("catchball")  # only the last key is timed
    found: dict[str, list[float]] = {"first visit": [], "revisit": [], "initiatives step revisit (reference)": []}
    for run in range(runs + 1):  # the first run warms the file cache and .pyc files
        terminal = Terminal([hoshin_command(), "open", name], env)
        try:
            terminal.read_until(title)
            terminal.settle()
            for key in setup:
                terminal.key(key)
            _, first_visit = terminal.key(digit)
            if "Thread" not in ANSI.sub(b"", terminal.seen).decode("utf-8", "replace"):
                raise RuntimeError("the Catchball step did not show its thread pane")
            if run:
                found["first visit"].append(first_visit * 1000)
            terminal.key("4")  # the initiatives step, built once: a list step of the same plan, for reference
            for _ in range(revisits):
                for key in setup or ["1"]:
                    terminal.key(key)
                _, again = terminal.key(digit)
                terminal.key("1")
                _, reference = terminal.key("4")
                if run:
                    found["revisit"].append(again * 1000)
                    found["initiatives step revisit (reference)"].append(reference * 1000)
        finally:
            terminal.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="processes started (each: one first visit)")
    parser.add_argument("--revisits", type=int, default=5, help="revisits timed per process")
    args = parser.parse_args()

    from hoshin_tui.core.catchball import catchball_items
    from hoshin_tui.core.catchball_health import catchball_findings
    from hoshin_tui.core.workspace import Workspace
    from hoshin_tui.store import SessionStore

    plan = catchball_plan()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with Workspace(root).create("large-catchball", plan) as store:
            path = store.path
        with SessionStore.open(path) as store:
            loaded = store.load()
            person = loaded.people[0]
            names = iter(range(10_000))

            def durable_edit() -> None:
                store.save(person.model_copy(update={"department": f"Dept {next(names)}"}))

            edit = median_ms(durable_edit, repeat=15, warmup=2)
            items = median_ms(lambda: catchball_items(loaded), repeat=15)
            health = median_ms(lambda: catchball_findings(loaded), repeat=15)
        draws = step_draws(root, "large-catchball", plan.title, args.runs, args.revisits)

    n_items = len(plan.catchball_states)
    turns = len(plan.catchball_entries)
    print(f"Catchball on the large plan: {n_items} items, {turns} turns ({ENTRIES_PER_ITEM} per item)")
    print(f"  baseline: a bare durable edit (one save, committed)   {edit:7.2f} ms")
    print(f"  catchball_items (the step's rows, core)               {items:7.2f} ms  {items / edit:6.2f}x edit")
    print(f"  catchball health findings (core)                      {health:7.2f} ms  {health / edit:6.2f}x edit")
    print(f"step key -> settled screen, installed command, {SIZE[0]}x{SIZE[1]} pty (target <= 50 ms):")
    for label, samples in draws.items():
        median, best = statistics.median(samples), min(samples)
        verdict = "reference" if "reference" in label else "met" if median <= 50 else "MISSED"
        print(
            f"  {label:<38} median {median:7.1f} ms  {median / edit:6.2f}x edit   best {best:7.1f} ms"
            f"   (n={len(samples)}; {verdict})"
        )


if __name__ == "__main__":
    main()
