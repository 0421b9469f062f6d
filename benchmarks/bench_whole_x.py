"""Key press to settled screen in the whole X-matrix against the corner-grid view, in one run.

Run: ``.venv/bin/python benchmarks/bench_whole_x.py [--keys N] [--scales 1,4]``. Nothing here asserts; it prints.

In process, on the large plan (10/30/100/40/25) and 4x it, at 160x45: from the key event to
the first frame it causes and to the last one (settled: no frame for 150 ms), median of N
presses, and the UI thread's CPU ms up to the settled frame. The same keys are timed in the
corner grid the whole X replaces (NE: initiatives x measures) and in the whole X, cursor on
the same NE cell, so the ratio says what drawing the whole X costs per key. A repaint with no
key is the floor. Target: a cursor move settles within 16 ms (one frame at 60 Hz) and costs
about what it costs in the corner grid: the X must not redraw everything on each move. On a
shared machine the CPU ratio is the steadier one.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_tui import QUIET  # the same settled-screen rule as the other TUI figures

SIZE = (160, 45)
KEYS = {
    "down/up": ["down", "up"],
    "right/left": ["right", "left"],
    "pagedown/up": ["pagedown", "pageup"],
    "cell edit": ["space"],
}


async def latency(root: Path, path: Path, keys: int) -> dict[str, dict[str, tuple[float, float, float]]]:
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

    figures: dict[str, dict[str, tuple[float, float, float]]] = {"corner grid": {}, "whole X": {}}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.go_to("matrix")
        await pilot.pause(0.5)
        await pilot.press("tab", "tab", "down", "down", "right")  # NE: initiatives x measures, I3 x M2
        await pilot.pause(0.3)
        figures["corner grid"]["repaint, no key"] = await timed(pilot, [None])
        for name, sequence in KEYS.items():
            figures["corner grid"][name] = await timed(pilot, sequence)  # type: ignore[arg-type]  # str keys
        await pilot.press("x")  # the whole X, the cursor on the same NE cell
        await pilot.pause(0.5)
        figures["whole X"]["repaint, no key"] = await timed(pilot, [None])
        for name, sequence in KEYS.items():
            figures["whole X"][name] = await timed(pilot, sequence)  # type: ignore[arg-type]  # str keys
        figures["whole X"]["toggle x, x"] = await timed(pilot, ["x", "x"])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=20, help="key presses timed per figure")
    parser.add_argument("--scales", default="1,4", help="sizes of the large plan, comma separated")
    args = parser.parse_args()

    from hoshin_tui.core.samples import build_plan
    from hoshin_tui.core.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for scale in (int(s) for s in args.scales.split(",")):
            plan = build_plan(10 * scale, 30 * scale, 100 * scale, 40 * scale, 25 * scale)
            with Workspace(root).create(f"large{scale}x", plan) as store:
                path = store.path
            figures = asyncio.run(latency(root, path, args.keys))
            size = f"{SIZE[0]}x{SIZE[1]}"
            print(f"key press -> first frame and settled screen, large plan {scale}x, {size}, median of {args.keys}")
            corner = figures["corner grid"]
            for view, rows in figures.items():
                for label, (first, settled, cpu) in rows.items():
                    ratio = ""
                    if view == "whole X" and label in corner:
                        wall, cpu_ratio = settled / corner[label][1], cpu / corner[label][2]
                        ratio = f"   {wall:5.2f}x corner grid (CPU {cpu_ratio:4.2f}x)"
                    target = (
                        "" if label.startswith("repaint") else f"  (<= 16 ms: {'met' if settled <= 16 else 'MISSED'})"
                    )
                    print(
                        f"  {view:<12}{label:<17} first {first:6.1f} ms   settled {settled:6.1f} ms   CPU {cpu:5.1f} ms"
                        f"{ratio}{target}"
                    )


if __name__ == "__main__":
    main()
