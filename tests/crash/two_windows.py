"""Two windows, one file: the TUI edits a session while another process exports, lists and reads it.

Used by ``tests/test_two_windows.py`` (a few seconds) and ``benchmarks/crash_matrix.py
--two-windows SECONDS`` (a minute). The TUI adds strategies through its form, with an undo
and a redo now and then; a second, read-only ``SessionStore`` in this process is the
read-only window, and must see each edit as soon as the TUI has saved it. Every message the
TUI shows is recorded (``app.notify`` is wrapped), and so is the other process's stderr.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from hoshin_tui.core.workspace import Workspace
from hoshin_tui.export.demo import build_demo_plan
from hoshin_tui.store import SessionStore
from tests.crash.harness import REPO

SESSION = "offsite"
ALARMING = re.compile(r"Traceback|locked|unexpected error|damaged|truncated|cannot", re.IGNORECASE)
VISIBLE_WITHIN = 1.0  # seconds: how soon the read-only window must show a saved edit


@dataclass
class TwoWindowsReport:
    edits: int = 0
    rounds: int = 0  # export + list + read-only open, done by the other process
    first_look_misses: int = 0  # edits the read-only window did not see on its first look
    slowest_seen: float = 0.0  # seconds from "saved" to seen by the read-only window
    not_seen: list[str] = field(default_factory=list)  # not seen within VISIBLE_WITHIN
    notifications: list[str] = field(default_factory=list)  # errors and warnings the TUI showed
    other_process: list[str] = field(default_factory=list)  # what the other process saw go wrong
    integrity: str = ""
    missing: list[str] = field(default_factory=list)  # saved titles absent from the file at the end

    @property
    def ok(self) -> bool:
        return not (self.not_seen or self.notifications or self.other_process or self.missing) and (
            self.integrity == "ok"
        )

    def summary(self) -> str:
        lines = [
            f"two windows: {self.edits} TUI edits, {self.rounds} rounds of export json + list + read-only open",
            f"  read-only window: {self.first_look_misses} edits missed on first look, slowest seen after "
            f"{self.slowest_seen * 1000:.0f} ms, {len(self.not_seen)} not seen within {VISIBLE_WITHIN:.0f} s",
            f"  integrity_check: {self.integrity}; saved edits missing at the end: {len(self.missing)}",
            f"  TUI errors/warnings shown: {len(self.notifications)}; other process problems: "
            f"{len(self.other_process)}",
        ]
        lines += [f"    TUI: {n}" for n in self.notifications[:10]]
        lines += [f"    other: {p}" for p in self.other_process[:10]]
        return "\n".join(lines)


def _loader(workspace: Path, stop: Path, report: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    argv = [sys.executable, "-m", "tests.crash.load", str(workspace), SESSION, str(stop), str(report)]
    return subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _rounds(report: Path) -> int:
    try:
        return json.loads(report.read_text())["rounds"]
    except (OSError, ValueError, KeyError):
        return 0


async def run_two_windows(
    root: Path, *, seconds: float | None = None, min_rounds: int = 2, min_edits: int = 5
) -> TwoWindowsReport:
    """Edit in the TUI for ``seconds``, or until ``min_edits`` edits and ``min_rounds`` rounds of the other process."""
    from textual.widgets import Input

    from hoshin_tui.tui.app import make_app
    from hoshin_tui.tui.dialogs.item_form import ItemForm
    from hoshin_tui.tui.screens.session import SessionScreen
    from tests.tui.helpers import go, screen_text, settle

    workspace = Workspace(root)
    with workspace.create(SESSION, build_demo_plan()) as store:
        path = store.path
    stop, report_file = root / "stop", root / "load-report.json"
    result = TwoWindowsReport()
    saved: list[str] = []
    app = make_app(workspace, path)
    shown = app.notify

    def record(message: str, **kwargs: object) -> None:
        severity = kwargs.get("severity", "information")
        if severity in ("error", "warning") or ALARMING.search(message):
            result.notifications.append(f"{severity}: {message}")
        shown(message, **kwargs)  # type: ignore[arg-type]

    app.notify = record  # type: ignore[method-assign]  # every toast the room would see, recorded
    loader = _loader(root, stop, report_file)
    reader = SessionStore.open(path, read_only=True)
    try:
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await settle(pilot)
            await go(pilot, "strategies")
            started = time.monotonic()
            while True:
                elapsed = time.monotonic() - started
                if seconds is not None and elapsed >= seconds:
                    break
                enough = _rounds(report_file) >= min_rounds and result.edits >= min_edits
                if seconds is None and (enough or elapsed > 120):
                    break
                title = f"Load test strategy {result.edits:04d}"
                await pilot.press("a")
                form = app.screen
                if not isinstance(form, ItemForm):
                    result.notifications.append(f"the add form did not open (screen: {type(form).__name__})")
                    break
                form.query_one("#field-title", Input).value = title
                await pilot.press("ctrl+s")
                await pilot.pause()
                if not isinstance(app.screen, SessionScreen):
                    result.notifications.append(f"edit {result.edits} was not saved (the form stayed open)")
                    break
                result.edits += 1
                saved.append(title)
                _look(reader, title, result)
                if result.edits % 5 == 0:  # undo and redo the edit: the reader must follow both
                    await pilot.press("ctrl+z")
                    await pilot.pause()
                    await pilot.press("ctrl+y")
                    await pilot.pause()
                    _look(reader, title, result)
            await settle(pilot)
            seen = screen_text(app)
            if ALARMING.search(seen):
                result.notifications.append(f"on screen: {ALARMING.search(seen)[0]!r} in {seen[-500:]!r}")
    finally:
        reader.close()
        stop.touch()
        try:
            _, err = loader.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            loader.kill()
            _, err = loader.communicate()
        if loader.returncode != 0 or err:
            result.other_process.append(f"the loader itself failed ({loader.returncode}): {err.strip()[-1000:]}")
    load = json.loads(report_file.read_text()) if report_file.exists() else {"rounds": 0, "problems": []}
    result.rounds = load["rounds"]
    result.other_process += load["problems"]

    raw = sqlite3.connect(path)
    result.integrity = "; ".join(str(row[0]) for row in raw.execute("PRAGMA integrity_check"))
    raw.close()
    with SessionStore.open(path) as store:
        titles = {s.title for s in store.load().strategies}
    result.missing = [title for title in saved if title not in titles]
    return result


def _look(reader: SessionStore, title: str, result: TwoWindowsReport) -> None:
    """The read-only window looks; it must see ``title`` at once, and within a second at worst."""
    saved_at = time.monotonic()
    first = True
    while True:
        if any(s.title == title for s in reader.load().strategies):
            result.slowest_seen = max(result.slowest_seen, time.monotonic() - saved_at)
            return
        if first:
            result.first_look_misses += 1
            first = False
        if time.monotonic() - saved_at > VISIBLE_WITHIN:
            result.not_seen.append(title)
            return
        time.sleep(0.02)
