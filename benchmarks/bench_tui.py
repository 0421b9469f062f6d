"""The TUI's start-up and key latency, each against a baseline measured in the same run.

Run: ``.venv/bin/python benchmarks/bench_tui.py [--runs N] [--keys N]``. Nothing here asserts; it prints.

- **Start-up, as a user starts it.** The installed ``hoshin`` console script, in a pseudo
  terminal of 120x40, from exec to its first painted frame (the screen's text has reached the
  terminal), then ctrl+q and out; at 1x and 4x the large plan, and the picker. The baseline is
  a bare Textual app (one static line) started the same way, as a script, in the same run.
  Targets: picker <= 1.3x, large plan open <= 1.6x. Median of N runs of each, interleaved;
  the best run is printed beside it (noise only ever adds time). A floor shows what no plan
  can avoid: the bare app plus pydantic, the plan model and the store.
- **Key to settled screen.** In-process on the large plan (1x and 4x): from the key event to
  the first frame it causes and to the last one (settled: nothing more is drawn for 150 ms),
  for a cursor move and an edit in the initiatives step and a cell edit in the X-matrix.
  Target: settled <= 16 ms (one frame at 60 Hz). Baseline: a repaint with no key.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import re
import resource
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import textwrap
import time
from pathlib import Path

SIZE = (120, 40)
QUIET = 0.15  # seconds with no new frame: the screen has settled

BARE = """
from textual.app import App
from textual.widgets import Static


class Bare(App):
    def compose(self):
        yield Static("hoshin bare app ready")


Bare().run()
"""
# What any plan needs before its first frame: pydantic (a fixed choice), the model and the store.
BARE_WITH_MODEL = "from hoshin_tui.model import Person\nimport hoshin_tui.store.session\nPerson(name='x')\n" + BARE

ANSI = re.compile(rb"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def hoshin_command() -> str:
    """The console script installed beside this interpreter (as ``pip install`` made it)."""
    beside = Path(sys.executable).with_name("hoshin")
    found = str(beside) if beside.exists() else shutil.which("hoshin")
    if not found:
        sys.exit("bench_tui: no 'hoshin' command installed beside this Python; run pip install -e . first")
    return found


def in_terminal(argv: list[str], marker: str, env: dict[str, str], timeout: float = 60.0) -> tuple[float, float, float]:
    """Run ``argv`` in a pseudo terminal: ms to the first frame showing ``marker``, ms to exit
    after ctrl+q, and the CPU ms of the whole run (the child's own: steadier on a busy machine)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    seen, painted, wanted, exited = b"", None, marker.encode(), False
    deadline = start + timeout
    try:
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    break
                seen += chunk
                if painted is None and wanted in ANSI.sub(b"", seen):
                    painted = time.perf_counter()
                    os.write(master, b"\x11")  # ctrl+q
            if os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT):
                exited = True
                break
    finally:
        if not exited and painted is None:
            os.kill(process.pid, signal.SIGKILL)  # not Popen.kill: it would reap the child before wait4
        _, status, usage = os.wait4(process.pid, 0)  # reaps it, with its own CPU time
        process.returncode = os.waitstatus_to_exitcode(status)
        os.close(master)
    end = time.perf_counter()
    if painted is None:
        raise RuntimeError(f"{' '.join(argv)}: no frame with {marker!r}: {ANSI.sub(b'', seen)[-300:]!r}")
    return (painted - start) * 1000, (end - start) * 1000, (usage.ru_utime + usage.ru_stime) * 1000


def start_up(runs: int, root: Path, plans: dict[str, str]) -> dict[str, list[tuple[float, float, float]]]:
    """First-frame and exit ms of each kind of start-up, ``runs`` times, interleaved."""
    env = {**os.environ, "TERM": "xterm-256color", "HOSHIN_WORKSPACE": str(root), "COLUMNS": "", "LINES": ""}
    env = {k: v for k, v in env.items() if v}
    hoshin = hoshin_command()
    scripts = root / "scripts"
    scripts.mkdir(exist_ok=True)
    (scripts / "bare.py").write_text(textwrap.dedent(BARE))
    (scripts / "model.py").write_text(textwrap.dedent(BARE_WITH_MODEL))
    jobs = {
        "bare": ([sys.executable, str(scripts / "bare.py")], "hoshin bare app ready"),
        "model": ([sys.executable, str(scripts / "model.py")], "hoshin bare app ready"),
        "picker": ([hoshin], "Hoshin Kanri sessions"),
        **{name: ([hoshin, "open", name], title) for name, title in plans.items()},
    }
    samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in jobs}
    for argv, marker in jobs.values():  # warm the file cache and .pyc files
        in_terminal(argv, marker, env)
    for _ in range(runs):
        for name, (argv, marker) in jobs.items():
            samples[name].append(in_terminal(argv, marker, env))
    return samples


async def key_latency(root: Path, path: Path, keys: int) -> dict[str, tuple[float, float, float]]:
    """Median ms from a key event to its first frame and to its last one (settled), and the UI
    thread's CPU ms up to the settled frame."""
    from hoshin_tui.core.workspace import Workspace
    from hoshin_tui.tui.app import make_app

    app = make_app(Workspace(root), path)
    frames: list[tuple[float, float]] = []  # (wall, CPU of the UI thread) as each frame left
    display = app._display  # the one place a frame leaves Textual; benchmark only

    def timed_display(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None:
            frames.append((time.perf_counter(), time.thread_time()))

    app._display = timed_display  # type: ignore[method-assign]  # benchmark only: time each frame

    async def measure(pilot, key: str | None) -> tuple[float, float, float]:
        frames.clear()
        start, cpu = time.perf_counter(), time.thread_time()
        if key is None:
            pilot.app.screen.refresh()
        else:
            await pilot.press(key)
        seen = -1
        while len(frames) != seen:  # wait until no frame came for QUIET seconds
            seen = len(frames)
            await asyncio.sleep(QUIET)
        if not frames:
            return float("nan"), float("nan"), float("nan")
        return (frames[0][0] - start) * 1000, (frames[-1][0] - start) * 1000, (frames[-1][1] - cpu) * 1000

    async def timed(pilot, sequence: list[str | None]) -> tuple[float, float, float]:
        samples = [await measure(pilot, key) for key in sequence * max(1, keys // len(sequence))]
        return tuple(statistics.median(s[i] for s in samples) for i in range(3))  # type: ignore[return-value]  # 3 items

    figures: dict[str, tuple[float, float, float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.go_to("initiatives")
        await pilot.pause(0.5)
        figures["repaint, no key"] = await timed(pilot, [None])
        figures["cursor down/up"] = await timed(pilot, ["down", "up"])
        figures["move an initiative"] = await timed(pilot, ["shift+down", "shift+up"])
        app.screen.go_to("matrix")
        await pilot.pause(0.5)
        await pilot.press("tab", "tab")  # NE: initiatives x measures
        await pilot.pause(0.3)
        figures["matrix cell edit"] = await timed(pilot, ["space"])
    return figures


def print_start_up(samples: dict[str, list[tuple[float, float, float]]], plans: dict[str, str], runs: int) -> None:
    def med(name: str, at: int) -> float:
        return statistics.median(s[at] for s in samples[name])

    def best(name: str) -> float:
        return min(s[0] for s in samples[name])

    bare, bare_best, bare_cpu = med("bare", 0), best("bare"), med("bare", 2)
    print(f"start-up through the installed console script, in a {SIZE[0]}x{SIZE[1]} pseudo terminal, {runs} runs")
    print("                                         first frame (median)   best run          CPU, start to exit")
    rows = [
        ("bare", "bare Textual app, one static line", None),
        ("model", "...plus pydantic + model (plan floor)", None),
        ("picker", "hoshin: session picker", 1.3),
    ]
    rows += [(name, f"hoshin open {name}", 1.6) for name in plans]
    for name, label, target in rows:
        first, top, cpu = med(name, 0), best(name), med(name, 2)
        verdict = "" if target is None else f"  (target <= {target}x: {'met' if first / bare <= target else 'MISSED'})"
        print(
            f"  {label:<38}{first:6.0f} ms {first / bare:5.2f}x   {top:6.0f} ms {top / bare_best:5.2f}x"
            f"   {cpu:6.0f} ms {cpu / bare_cpu:5.2f}x{verdict}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="start-ups of each kind (median)")
    parser.add_argument("--keys", type=int, default=20, help="key presses timed per figure")
    parser.add_argument("--no-start-up", action="store_true", help="time the keys only")
    args = parser.parse_args()

    from hoshin_tui.core.samples import build_plan
    from hoshin_tui.core.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        workspace = Workspace(root)
        paths, plans = {}, {}
        for name, scale in (("large", 1), ("large4x", 4)):
            plan = build_plan(10 * scale, 30 * scale, 100 * scale, 40 * scale, 25 * scale)
            with workspace.create(name, plan) as store:
                paths[name], plans[name] = store.path, plan.title
        if not args.no_start_up:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            samples = start_up(args.runs, root, plans)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            print_start_up(samples, plans, args.runs)
            cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            print(f"  (CPU of all the start-ups: {cpu:.1f} s)")
        for name, path in paths.items():
            figures = asyncio.run(key_latency(root, path, args.keys))
            base = figures["repaint, no key"][1]
            print(f"key press -> first frame and settled screen, {name} ({SIZE[0]}x{SIZE[1]}), median of {args.keys}")
            for label, (first, settled, cpu) in figures.items():
                verdict = "" if label.startswith("repaint") else f"  (<= 16 ms: {'met' if settled <= 16 else 'MISSED'})"
                print(
                    f"  {label:<22} first {first:6.1f} ms   settled {settled:6.1f} ms   {settled / base:5.2f}x repaint"
                    f"   CPU {cpu:5.1f} ms{verdict}"
                )


if __name__ == "__main__":
    main()
