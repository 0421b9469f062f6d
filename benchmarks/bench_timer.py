"""The room timer's cost: a key press with the timer running, and what one tick redraws.

Run: ``.venv/bin/python benchmarks/bench_timer.py [--keys N] [--ticks N]``. Nothing here asserts; it prints.

- **Key to settled screen, timer running against stopped.** The installed ``hoshin`` command in
  a pseudo terminal of 120x40 (as ``bench_tui.py`` starts it), on the large plan, in the
  initiatives step: from writing a cursor key (down, then up) to the last output before 150 ms of
  quiet. Two sessions of the same plan, one with an agenda item on the timer, one with it
  stopped, timed in turns in the same run. With the timer running, each key is sent just after
  a timer frame, so the next second's frame (once a second) falls outside the quiet window and
  what is timed is the key's own work. Target: settled <= 16 ms, and the same as stopped.
- **One tick.** In process, on the same plan with a fake clock: the CPU of a tick that changes
  nothing (three of four ticks), and of a tick that moves the time on by a second: the tick's
  own work, and all of it up to its frame leaving Textual; the rows that frame writes (only the
  timer's own). Baselines: a full repaint of the same screen, and Textual's floor (the clock's
  13-cell Static redrawn with nothing of ours). Target: a tick under 1 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import re
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_tui import ANSI, SIZE, hoshin_command  # the same terminal and command

QUIET = 0.15
TIMER_FRAME = re.compile(rb"\d\d:\d\d (left|over)")
KEYS = (b"\x1b[B", b"\x1b[A")  # down, up


def large_plan(running: bool):
    from hoshin_tui.core.samples import build_plan
    from hoshin_tui.model.plan import AgendaItem

    plan = build_plan(10, 30, 100, 40, 25)
    now = datetime.now(UTC).replace(microsecond=0)
    on_timer = {"started_at": now, "running_since": now} if running else {}
    plan.session_start = datetime.now().replace(hour=9, minute=0, second=0, microsecond=0)
    plan.agenda = [
        AgendaItem(title="Review the X-matrix", minutes=180, **on_timer),
        *(AgendaItem(title=f"Agenda item {n}", minutes=30) for n in range(2, 13)),
    ]
    return plan


class Terminal:
    """One ``hoshin open`` in a pseudo terminal, read without blocking."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        self.process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
        os.close(slave)

    def read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.master], [], [], timeout)
        return os.read(self.master, 65536) if ready else b""

    def wait_for(self, pattern: re.Pattern[bytes] | bytes, timeout: float = 60) -> None:
        seen, deadline = b"", time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            seen += self.read(0.05)
            text = ANSI.sub(b"", seen)
            if (pattern in text) if isinstance(pattern, bytes) else pattern.search(text):
                return
        raise RuntimeError(f"no {pattern!r} on screen: {ANSI.sub(b'', seen)[-300:]!r}")

    def quiet(self, seconds: float) -> None:
        while self.read(seconds):
            pass

    def settle_after(self, key: bytes) -> tuple[float, float]:
        """ms from writing ``key`` to its first output and to the last before QUIET of silence."""
        start = time.perf_counter()
        os.write(self.master, key)
        first = last = None
        while True:
            chunk = self.read(QUIET)
            if not chunk:
                break
            last = time.perf_counter()
            first = first or last
        if first is None or last is None:
            return float("nan"), float("nan")
        return (first - start) * 1000, (last - start) * 1000

    def close(self) -> None:
        os.write(self.master, b"\x11")  # ctrl+q
        try:
            self.process.wait(10)
        finally:
            os.close(self.master)


def key_latency(root: Path, keys: int, rounds: int = 2) -> dict[str, list[tuple[float, float]]]:
    env = {**os.environ, "TERM": "xterm-256color", "HOSHIN_WORKSPACE": str(root), "COLUMNS": "", "LINES": ""}
    env = {k: v for k, v in env.items() if v}
    hoshin = hoshin_command()
    samples: dict[str, list[tuple[float, float]]] = {"stopped": [], "running": []}
    for _ in range(rounds):
        for name in ("stopped", "running"):
            terminal = Terminal([hoshin, "open", name], env)
            try:
                terminal.wait_for(b"Synthetic plan")  # the plan's header
                terminal.quiet(0.5)
                os.write(terminal.master, b"4")  # the initiatives step
                terminal.wait_for(b"Strategic initiatives")
                terminal.quiet(0.5)
                for index in range(keys // rounds):
                    if name == "running":
                        terminal.wait_for(TIMER_FRAME, timeout=3)  # a tick just drew: the next is a second away
                        terminal.quiet(0.03)
                    else:
                        time.sleep(0.05)
                    samples[name].append(terminal.settle_after(KEYS[index % 2]))
            finally:
                terminal.close()
    return samples


async def tick_cost(path: Path, root: Path, ticks: int) -> dict[str, float]:
    from textual.widgets import Static

    from hoshin_tui.core.workspace import Workspace
    from hoshin_tui.tui.app import make_app
    from hoshin_tui.tui.widgets.room_timer import RoomTimer

    at = [datetime.now(UTC).replace(microsecond=0)]
    app = make_app(Workspace(root), path)
    app.room_clock = lambda: at[0]  # type: ignore[attr-defined]  # the App reads it: a fake clock
    frames: list[tuple[float, set[int]]] = []
    display = app._display

    def timed_display(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None:
            rows = {y for y, _, _ in getattr(renderable, "spans", [])} or {-1}  # -1: a whole-screen update
            frames.append((time.thread_time(), rows))

    app._display = timed_display  # type: ignore[method-assign]  # benchmark only: time each frame

    async def frame_after(start: float) -> tuple[float, set[int]]:
        for _ in range(200):
            if frames:
                break
            await asyncio.sleep(0.001)
        await asyncio.sleep(0.05)
        if not frames:
            return float("nan"), set()
        cpu, rows = frames[0][0] - start, set().union(*(r for _, r in frames))
        return cpu * 1000, rows

    figures: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.go_to("initiatives")
        await pilot.pause(0.5)
        timer = app.screen.query_one(RoomTimer)
        timer._ticker.pause()  # ticks are made here, one by one
        await pilot.pause(0.2)
        timer_row = timer.region.y

        repaints = []
        for _ in range(max(5, ticks // 10)):
            frames.clear()
            start = time.thread_time()
            app.screen.refresh(repaint=True)
            repaints.append((await frame_after(start))[0])
        figures["full repaint (baseline), CPU ms"] = statistics.median(repaints)

        clock = timer.query_one("#timer-clock", Static)
        floor = []
        for _ in range(ticks):  # Textual's own cost of one frame for a 13-cell widget, nothing of ours
            await asyncio.sleep(0.01)
            frames.clear()
            start = time.thread_time()
            clock.refresh()
            floor.append((await frame_after(start))[0])
        figures["a 13-cell Static redrawn alone (Textual floor), CPU ms"] = statistics.median(floor)

        idle = []
        for _ in range(ticks):
            start = time.perf_counter()
            timer.tick()
            idle.append((time.perf_counter() - start) * 1000)
        figures["tick, nothing to redraw, ms"] = statistics.median(idle)

        moved, own, rows_seen = [], [], set()
        for _ in range(ticks):
            at[0] += timedelta(seconds=1)
            await asyncio.sleep(0.01)
            frames.clear()
            start = time.thread_time()
            timer.tick()
            own.append((time.thread_time() - start) * 1000)
            cpu, rows = await frame_after(start)
            moved.append(cpu)
            rows_seen |= rows
        figures["tick, one second on: the tick itself, CPU ms"] = statistics.median(own)
        figures["tick, one second on, to its frame, CPU ms"] = statistics.median(moved)
        figures["rows its frames wrote"] = float(len(rows_seen))
        figures["...all the timer's own row"] = float(rows_seen == {timer_row})
    return figures


def print_keys(samples: dict[str, list[tuple[float, float]]]) -> None:
    print(f"key press -> settled screen, installed hoshin in a {SIZE[0]}x{SIZE[1]} pty, large plan, initiatives")
    stopped = statistics.median(s[1] for s in samples["stopped"])
    for name in ("stopped", "running"):
        first = statistics.median(s[0] for s in samples[name])
        settled = statistics.median(s[1] for s in samples[name])
        verdict = f"  (<= 16 ms: {'met' if settled <= 16 else 'MISSED'})"
        print(
            f"  timer {name:<8} first {first:6.1f} ms   settled {settled:6.1f} ms"
            f"   {settled / stopped:5.2f}x stopped   (median of {len(samples[name])}){verdict}"
        )


def print_ticks(figures: dict[str, float], ticks: int) -> None:
    base = figures["full repaint (baseline), CPU ms"]
    print(f"one timer tick, in process, large plan ({SIZE[0]}x{SIZE[1]}), median of {ticks}")
    for label, value in figures.items():
        if label.startswith("rows") or label.startswith("..."):
            print(f"  {label:<50} {value:.0f}")
            continue
        target = "tick" in label
        verdict = f"  (< 1 ms: {'met' if value < 1 else 'MISSED'})" if target else ""
        print(f"  {label:<50} {value:7.3f}   {value / base:5.2f}x full repaint{verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=40, help="key presses per session (median)")
    parser.add_argument("--ticks", type=int, default=60, help="timer ticks timed")
    parser.add_argument("--no-keys", action="store_true", help="time the ticks only")
    args = parser.parse_args()

    from hoshin_tui.core.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        workspace = Workspace(root)
        paths = {}
        for name, running in (("stopped", False), ("running", True)):
            with workspace.create(name, large_plan(running)) as store:
                paths[name] = store.path
        if not args.no_keys:
            print_keys(key_latency(root, args.keys))
        print_ticks(asyncio.run(tick_cost(paths["running"], root, args.ticks)), args.ticks)


if __name__ == "__main__":
    main()
