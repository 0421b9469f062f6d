"""The TUI's start-up and edit latency, each against a baseline measured in the same run.

Run: ``.venv/bin/python benchmarks/bench_tui.py [--runs N]``. Nothing here asserts; it prints.

- Start-up to the session picker (its list filled) and to an open large plan (the first step
  drawn), each in a fresh process, as a ratio to a bare Textual app that shows one static
  line. Targets: picker <= 1.3x, large plan <= 1.6x. Median of N runs of each, interleaved.
- Key press to the updated screen after an edit on the large plan (moving an initiative
  with shift+down, which saves, reloads, redraws both initiative tables and re-checks
  alignment health): from the key event to the frame Textual hands to the terminal driver.
  Target: median <= 16 ms (one frame at 60 Hz). A key that only moves the cursor is the
  baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

SIZE = (120, 40)

BARE = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("hoshin")

async def ready(pilot):
    await pilot.pause()
    pilot.app.exit()

Bare().run(headless=True, size={size}, auto_pilot=ready)
"""

PICKER = """
from pathlib import Path
from hoshin_tui.core.workspace import Workspace
from hoshin_tui.tui.app import make_app

async def ready(pilot):
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert pilot.app.screen.id == "picker" and pilot.app.screen.sessions, "picker not filled"
    pilot.app.exit()

make_app(Workspace(Path({root!r}))).run(headless=True, size={size}, auto_pilot=ready)
"""

LARGE = """
from pathlib import Path
from hoshin_tui.core.workspace import Workspace
from hoshin_tui.tui.app import make_app

async def ready(pilot):
    await pilot.pause()
    screen = pilot.app.screen
    assert screen.id == "session" and not screen.view.stale, "session not shown"
    pilot.app.exit()

make_app(Workspace(Path({root!r})), Path({path!r})).run(headless=True, size={size}, auto_pilot=ready)
"""


def run_once(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", textwrap.dedent(code)], check=True, capture_output=True)
    return (time.perf_counter() - start) * 1000


def start_up(runs: int, root: Path, path: Path) -> dict[str, float]:
    scripts = {
        "bare": BARE.format(size=SIZE),
        "picker": PICKER.format(root=str(root), size=SIZE),
        "large": LARGE.format(root=str(root), path=str(path), size=SIZE),
    }
    samples: dict[str, list[float]] = {name: [] for name in scripts}
    for code in scripts.values():  # warm the file cache and .pyc files
        run_once(code)
    for _ in range(runs):
        for name, code in scripts.items():  # interleaved, so drift hits all three alike
            samples[name].append(run_once(code))
    return {name: statistics.median(values) for name, values in samples.items()}


async def edit_latency(root: Path, path: Path, edits: int) -> tuple[float, float, float]:
    from hoshin_tui.core.workspace import Workspace
    from hoshin_tui.tui.app import make_app

    app = make_app(Workspace(root), path)
    frames: list[float] = []
    display = app._display

    def timed_display(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None:
            frames.append(time.perf_counter())

    app._display = timed_display  # type: ignore[method-assign]

    async def press(pilot, key: str) -> float:
        frames.clear()
        start = time.perf_counter()
        await pilot.press(key)
        await pilot.pause(0.03)  # let the frame out
        return (frames[0] - start) * 1000 if frames else float("nan")

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.go_to("initiatives")
        await pilot.pause(0.2)
        cursor = [await press(pilot, key) for key in ["down", "up"] * (edits // 2)]
        moves = [await press(pilot, key) for key in ["shift+down", "shift+up"] * (edits // 2)]
        store = app.screen.session.store
        started = time.perf_counter()
        for _ in range(edits):
            store.load()
        reload_ms = (time.perf_counter() - started) * 1000 / edits
    return statistics.median(cursor), statistics.median(moves), reload_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="start-ups of each kind (median)")
    parser.add_argument("--edits", type=int, default=40, help="edits timed on the large plan")
    args = parser.parse_args()

    from hoshin_tui.core.samples import build_large_plan
    from hoshin_tui.core.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        workspace = Workspace(root)
        with workspace.create("large", build_large_plan()) as store:
            path = store.path
        times = start_up(args.runs, root, path)
        cursor, move, reload_ms = asyncio.run(edit_latency(root, path, args.edits))

    bare = times["bare"]
    print(f"start-up, median of {args.runs} fresh processes (terminal {SIZE[0]}x{SIZE[1]}, headless)")
    print(f"  bare Textual app, one static line   {bare:7.0f} ms   1.00x")
    for name, label, target in (("picker", "session picker, list filled", 1.3), ("large", "large plan open", 1.6)):
        ratio = times[name] / bare
        verdict = "met" if ratio <= target else "MISSED"
        print(f"  {label:<36}{times[name]:7.0f} ms   {ratio:.2f}x  (target <= {target}x: {verdict})")
    print(f"key press -> updated frame on the large plan, median of {args.edits}")
    print(f"  cursor move (baseline)               {cursor:6.1f} ms")
    verdict = "met" if move <= 16 else "MISSED"
    print(f"  move an initiative (save + redraw)   {move:6.1f} ms   (target <= 16 ms: {verdict})")
    print(f"  of which store.load() after an edit  {reload_ms:6.1f} ms")


if __name__ == "__main__":
    main()
