"""The TUI's start-up and edit latency, each against a baseline measured in the same run.

Run: ``.venv/bin/python benchmarks/bench_tui.py [--runs N]``. Nothing here asserts; it prints.

- Start-up to the session picker (its list filled) and to an open large plan (the first step
  drawn), each in a fresh process, as a ratio to a bare Textual app that shows one static
  line. Targets: picker <= 1.3x, large plan <= 1.6x. Median of N runs of each, interleaved;
  wall time is the target, CPU time (the child's own) is printed beside it because it barely
  moves when a neighbour takes the other core, and so is the best run of each (noise only
  ever adds time, so best-to-best is the steadiest ratio on a shared machine). Two floors show what cannot be cut: the
  picker's imports, and what any plan needs (pydantic, the model and the store).
- Key press to the updated screen after an edit on the large plan (moving an initiative
  with shift+down: the store commits it, the plan reloads, both initiative lists redraw
  the rows that changed; alignment health follows one frame later): from the key event to
  the frame Textual hands to the terminal driver. Target: median <= 16 ms (one frame at
  60 Hz). Baselines: a key that only moves the cursor, and a repaint with no key at all.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
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

# The bare app plus what the picker's core imports (the workspace, which peeks into session
# files with the standard library only): the picker's floor.
BARE_WITH_CORE = "import hoshin_tui.core.workspace\n" + BARE
# The bare app plus what opening a plan cannot do without: pydantic (a fixed choice), the plan
# model and the store, and pydantic's first validation (it builds its validators on first use).
BARE_WITH_MODEL = "from hoshin_tui.model import Person\nimport hoshin_tui.store.session\nPerson(name='x')\n" + BARE

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


def run_once(code: str) -> tuple[float, float]:
    """Wall and CPU milliseconds of one fresh process (CPU: user + system, the child's own)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", textwrap.dedent(code)], check=True, capture_output=True)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def start_up(runs: int, root: Path, path: Path) -> dict[str, tuple[float, float, float]]:
    """Median wall, median CPU and best wall ms of each kind of start-up (noise only ever adds)."""
    scripts = {
        "bare": BARE.format(size=SIZE),
        "core": BARE_WITH_CORE.format(size=SIZE),
        "model": BARE_WITH_MODEL.format(size=SIZE),
        "picker": PICKER.format(root=str(root), size=SIZE),
        "large": LARGE.format(root=str(root), path=str(path), size=SIZE),
    }
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in scripts}
    for code in scripts.values():  # warm the file cache and .pyc files
        run_once(code)
    for _ in range(runs):
        for name, code in scripts.items():  # interleaved, so drift hits all of them alike
            samples[name].append(run_once(code))
    return {
        name: (
            statistics.median(w for w, _ in values),
            statistics.median(c for _, c in values),
            min(w for w, _ in values),
        )
        for name, values in samples.items()
    }


async def edit_latency(root: Path, path: Path, edits: int) -> dict[str, float]:
    """Median ms from a key event to the first frame after it, for a cursor move and for an edit."""
    from hoshin_tui.core.workspace import Workspace
    from hoshin_tui.tui.app import make_app

    app = make_app(Workspace(root), path)
    frames: list[float] = []
    display = app._display

    def timed_display(screen, renderable) -> None:  # the frame handed to the terminal driver
        display(screen, renderable)
        if renderable is not None:
            frames.append(time.perf_counter())

    app._display = timed_display  # type: ignore[method-assign]

    async def key_to_frame(pilot, key: str) -> float:
        frames.clear()
        start = time.perf_counter()
        await pilot.press(key)
        await pilot.pause(0.03)  # let the frame out
        return (frames[0] - start) * 1000 if frames else float("nan")

    async def repaint(pilot) -> float:
        frames.clear()
        start = time.perf_counter()
        pilot.app.screen.refresh()
        await pilot.pause(0.03)
        return (frames[0] - start) * 1000 if frames else float("nan")

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.go_to("initiatives")
        await pilot.pause(0.3)
        figures = {
            "repaint": statistics.median([await repaint(pilot) for _ in range(edits)]),
            "cursor": statistics.median([await key_to_frame(pilot, k) for k in ["down", "up"] * (edits // 2)]),
            "move": statistics.median(
                [await key_to_frame(pilot, k) for k in ["shift+down", "shift+up"] * (edits // 2)]
            ),
        }
    return figures


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
        latency = asyncio.run(edit_latency(root, path, args.edits))

    bare_wall, bare_cpu, bare_best = times["bare"]
    print(f"start-up, {args.runs} fresh processes each (terminal {SIZE[0]}x{SIZE[1]}, headless)")
    print("                                        median wall       median CPU       best wall")
    print(
        f"  bare Textual app, one static line   {bare_wall:5.0f} ms 1.00x   {bare_cpu:5.0f} ms 1.00x"
        f"   {bare_best:5.0f} ms 1.00x"
    )
    rows = (
        ("core", "...plus the workspace (picker floor)", None),
        ("model", "...plus pydantic + model (plan floor)", None),
        ("picker", "session picker, list filled", 1.3),
        ("large", "large plan open", 1.6),
    )
    for name, label, target in rows:
        wall, cpu, best = times[name]
        verdict = (
            "" if target is None else f"  (target <= {target}x: {'met' if wall / bare_wall <= target else 'MISSED'})"
        )
        print(
            f"  {label:<36}{wall:5.0f} ms {wall / bare_wall:.2f}x   {cpu:5.0f} ms {cpu / bare_cpu:.2f}x"
            f"   {best:5.0f} ms {best / bare_best:.2f}x{verdict}"
        )
    print(f"key press -> next frame on the large plan (initiatives step, {SIZE[0]}x{SIZE[1]}), median of {args.edits}")
    print(f"  repaint the whole screen, no key     {latency['repaint']:6.1f} ms   (this machine's floor)")
    print(f"  cursor down/up (baseline)            {latency['cursor']:6.1f} ms")
    verdict = "met" if latency["move"] <= 16 else "MISSED"
    ratio = latency["move"] / latency["cursor"]
    print(
        f"  move an initiative: save + redraw    {latency['move']:6.1f} ms   {ratio:.1f}x cursor  (<= 16 ms: {verdict})"
    )


if __name__ == "__main__":
    main()
