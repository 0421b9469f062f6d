"""The Review step's latency on the large plan (40 measures x 12 months) and at 4x, each against
a baseline measured in the same run.

Run: ``.venv/bin/python benchmarks/bench_review.py [--runs N] [--keys N]``. Nothing here asserts; it prints.

- **Step key to settled Review step, as a user runs it.** The installed ``hoshin`` console
  script in a 160x45 pseudo terminal opens the plan; then the step key ``9`` is sent and timed
  to the first frame that shows the bowling chart and to the settled screen (nothing more
  drawn for 150 ms). Baseline: the step key ``2`` (the strategies list) in the same session.
  Target: settled <= 50 ms after the key.
- **Typing an actual to the screen.** In process, on the Review step: the value is typed into
  the entry, then ``enter`` is timed to the frame showing it and to the settled screen (the
  save is durable before the frame). Baseline: a bare durable edit, the same ``store.save`` of
  one month with no screen, in the same run. Target: settled <= 16 ms.
- The bowling PDF (0.6 s) is timed by the print part of the issue (``bench_bowling`` there).
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import keys_to_step
from bench_tui import ANSI, QUIET, hoshin_command  # the script folder, put on the path above

SIZE = (160, 45)


class Terminal:
    """The installed ``hoshin`` in a pseudo terminal: keys in, frames out, timed."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        self.process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
        os.close(slave)
        self.seen = b""

    def read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            return os.read(self.master, 1 << 20)
        except OSError:
            return b""

    def wait_for(self, marker: str, timeout: float = 60.0) -> None:
        deadline = time.perf_counter() + timeout
        while marker.encode() not in ANSI.sub(b"", self.seen):
            if time.perf_counter() > deadline:
                raise RuntimeError(f"no frame with {marker!r}: {ANSI.sub(b'', self.seen)[-300:]!r}")
            self.seen += self.read(0.05)
        self.settle()

    def settle(self) -> float:
        """Read until nothing comes for QUIET seconds; the time the last chunk came."""
        last = time.perf_counter()
        while True:
            chunk = self.read(QUIET)
            if not chunk:
                return last
            self.seen += chunk
            last = time.perf_counter()

    def key(self, data: bytes, marker: str) -> tuple[float, float]:
        """ms from sending ``data`` to the first chunk holding ``marker``, and to the settled screen."""
        self.seen = b""
        start = time.perf_counter()
        os.write(self.master, data)
        first = None
        while first is None:
            chunk = self.read(5.0)
            if not chunk:
                raise RuntimeError(f"no frame with {marker!r} after {data!r}")
            self.seen += chunk
            if marker.encode() in ANSI.sub(b"", self.seen):
                first = time.perf_counter()
        last = max(first, self.settle())
        return (first - start) * 1000, (last - start) * 1000

    def close(self) -> None:
        os.write(self.master, b"\x11")  # ctrl+q
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()
        os.close(self.master)


def step_key(root: Path, name: str, title: str, runs: int) -> dict[str, tuple[float, float]]:
    env = {**os.environ, "TERM": "xterm-256color", "HOSHIN_WORKSPACE": str(root)}
    env = {k: v for k, v in env.items() if k not in ("COLUMNS", "LINES")}
    terminal = Terminal([hoshin_command(), "open", name], env)
    samples: dict[str, list[tuple[float, float]]] = {"strategies (baseline)": [], "review": []}
    try:
        terminal.wait_for(title)
        setup, review_key = keys_to_step("review")

        def to_review() -> tuple[float, float]:
            for key in setup:
                terminal.key(key.encode(), "›")
            return terminal.key(review_key.encode(), "as of")

        to_review()  # warm: the step module is imported on first use
        for _ in range(runs):
            samples["strategies (baseline)"].append(terminal.key(b"2", "Breakthrough objectives"))
            samples["review"].append(to_review())
    finally:
        terminal.close()
    return {label: tuple(statistics.median(s[i] for s in got) for i in range(2)) for label, got in samples.items()}  # type: ignore[misc]  # two medians


def bare_durable_edit(path: Path, repeat: int) -> float:
    """Median ms of saving one month's actual through the store, with no screen."""
    from hoshin_tui.store import SessionStore

    with SessionStore.open(path) as store:
        result = store.load().monthly_results[0]
        samples = []
        for index in range(repeat):
            changed = result.model_copy(update={"actual": 1000.0 + index})
            start = time.perf_counter()
            store.save(changed)
            samples.append((time.perf_counter() - start) * 1000)
        store.save(result)
    return statistics.median(samples)


async def typing(root: Path, path: Path, keys: int) -> tuple[float, float, float]:
    """Median ms from ``enter`` (a typed actual) to its first frame and the settled screen, and UI CPU ms."""
    from hoshin_tui.core.workspace import Workspace
    from hoshin_tui.tui.app import make_app
    from hoshin_tui.tui.steps.review import ReviewStep

    app = make_app(Workspace(root), path)
    frames: list[tuple[float, float]] = []
    display = app._display  # the one place a frame leaves Textual; benchmark only

    def timed_display(screen, renderable) -> None:  # type: ignore[no-untyped-def]  # Textual's private signature
        display(screen, renderable)
        if renderable is not None:
            frames.append((time.perf_counter(), time.thread_time()))

    app._display = timed_display  # type: ignore[method-assign]  # benchmark only: time each frame
    samples = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.go_to("review")
        await pilot.pause(0.5)
        step = app.screen.view
        assert isinstance(step, ReviewStep) and step.board is not None
        row = step.board.rows[len(step.board.rows) // 2]
        step.query_one("#review-entry").cursor_blink = False  # a blinking cursor never lets the screen settle
        for index in range(keys):
            month = step.board.year.months[index % 12]
            step.move_to(row.measure.id, "actual", month)
            await pilot.press("enter")
            await pilot.press(*f"{500 + index}")
            await pilot.pause(4 * QUIET)  # the frames of opening the entry and typing are over
            frames.clear()
            start, cpu = time.perf_counter(), time.thread_time()
            await pilot.press("enter")
            seen = -1
            while len(frames) != seen:
                seen = len(frames)
                await asyncio.sleep(QUIET)
            await pilot.press("escape")
            await pilot.pause(QUIET)
            if frames:
                samples.append(
                    ((frames[0][0] - start) * 1000, (frames[-1][0] - start) * 1000, (frames[-1][1] - cpu) * 1000)
                )
    return tuple(statistics.median(s[i] for s in samples) for i in range(3))  # type: ignore[return-value]  # 3 items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="step keys timed per figure (median)")
    parser.add_argument("--keys", type=int, default=12, help="actuals typed per figure (median)")
    args = parser.parse_args()

    from hoshin_tui.core.samples import build_plan
    from hoshin_tui.core.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        workspace = Workspace(root)
        for name, scale in (("large", 1), ("large4x", 4)):
            plan = build_plan(10 * scale, 30 * scale, 100 * scale, 40 * scale, 25 * scale)
            with workspace.create(name, plan) as store:
                path = store.path
            measures, months = len(plan.measures), len({r.month for r in plan.monthly_results})
            print(f"{name}: {measures} measures x {months} months, {SIZE[0]}x{SIZE[1]}")
            keys = step_key(root, name, plan.title, args.runs)
            base = keys["strategies (baseline)"][1]
            for label, (first, settled) in keys.items():
                verdict = "" if "baseline" in label else f"  (<= 50 ms: {'met' if settled <= 50 else 'MISSED'})"
                print(
                    f"  step key {label:<22} first {first:6.1f} ms   settled {settled:6.1f} ms"
                    f"   {settled / base:5.2f}x strategies key{verdict}"
                )
            edit = bare_durable_edit(path, 30)
            first, settled, cpu = asyncio.run(typing(root, path, args.keys))
            print(f"  bare durable edit (store.save, no screen)    {edit:6.1f} ms")
            print(
                f"  typed actual, enter -> first {first:6.1f} ms   settled {settled:6.1f} ms   {settled / edit:5.2f}x"
                f" bare edit   UI CPU {cpu:5.1f} ms  (<= 16 ms: {'met' if settled <= 16 else 'MISSED'})"
            )


if __name__ == "__main__":
    main()
