"""Key press to the updated screen in the X-matrix step, on the large plan (10/30/100/40, 25 people).

Run: ``.venv/bin/python benchmarks/bench_matrix_step.py [--presses N]``. Nothing here asserts; it prints.

Timed from the key event to the frame Textual hands to the terminal driver, median of N presses,
for each grid that matters on this plan (NE: 100 initiative rows x 40 measure columns; the people
matrix: 140 rows x 25 people). Baselines measured in the same run: a repaint of the whole screen
with no key, and the same cursor key in a list step. Target: a cell edit (save, reload, redraw of
the grid, the health panel and the step bar) <= 16 ms, one frame at 60 Hz. CPU time of the UI
thread is printed too: on a shared machine it is steadier than wall time.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

SIZES = ((120, 40), (160, 45))


async def latency(root: Path, path: Path, size: tuple[int, int], presses: int) -> dict[str, tuple[float, float]]:
    from hoshin_tui.core.workspace import Workspace
    from hoshin_tui.tui.app import make_app

    app = make_app(Workspace(root), path)
    frames: list[tuple[float, float]] = []  # (wall, CPU of this thread) when a frame left
    display = app._display  # the one place a frame leaves Textual; benchmark only

    def timed_display(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None:
            frames.append((time.perf_counter(), time.thread_time()))

    app._display = timed_display  # type: ignore[method-assign]

    async def key_to_frame(pilot, key: str | None) -> tuple[float, float]:
        frames.clear()
        start, cpu = time.perf_counter(), time.thread_time()
        if key is None:
            pilot.app.screen.refresh()
        else:
            await pilot.press(key)
        await pilot.pause(0.03)
        if not frames:
            return float("nan"), float("nan")
        return (frames[0][0] - start) * 1000, (frames[0][1] - cpu) * 1000

    async def timed(pilot, keys: list[str | None]) -> tuple[float, float]:
        samples = [await key_to_frame(pilot, key) for key in keys * (presses // len(keys))]
        return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)

    async def repaint(pilot) -> tuple[float, float]:
        return await timed(pilot, [None])

    figures: dict[str, tuple[float, float]] = {}
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.screen.go_to("initiatives")
        await pilot.pause(0.3)
        figures["repaint"] = await repaint(pilot)
        figures["list down/up"] = await timed(pilot, ["down", "up"])
        app.screen.go_to("matrix")
        await pilot.pause(0.3)
        await pilot.press("tab", "tab")  # NE: initiatives x measures
        await pilot.pause(0.1)
        figures["NE down/up"] = await timed(pilot, ["down", "up"])
        figures["NE right/left"] = await timed(pilot, ["right", "left"])
        figures["NE pagedown/up"] = await timed(pilot, ["pagedown", "pageup"])
        figures["NE cell edit"] = await timed(pilot, ["space"])
        await pilot.press("tab", "tab")  # people
        await pilot.pause(0.1)
        figures["people right/left"] = await timed(pilot, ["right", "left"])
        figures["people cell edit"] = await timed(pilot, ["space"])
        figures["switch grid"] = await timed(pilot, ["tab"])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=40, help="key presses timed per figure")
    args = parser.parse_args()

    from hoshin_tui.core.samples import build_large_plan
    from hoshin_tui.core.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with Workspace(root).create("large", build_large_plan()) as store:
            path = store.path
        for size in SIZES:
            figures = asyncio.run(latency(root, path, size, args.presses))
            base = figures["repaint"][0]
            print(f"key press -> next frame, large plan, {size[0]}x{size[1]}, median of {args.presses}")
            print(f"  {'':<22} {'wall':>9}   {'ratio':>13}   {'CPU':>8}")
            for name, (wall, cpu) in figures.items():
                target = ""
                if name.endswith("cell edit"):
                    target = f"  (<= 16 ms: {'met' if wall <= 16 else 'MISSED'})"
                print(f"  {name:<22} {wall:6.1f} ms   {wall / base:5.2f}x repaint   {cpu:5.1f} ms{target}")


if __name__ == "__main__":
    main()
