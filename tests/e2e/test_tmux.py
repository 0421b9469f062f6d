"""End to end: the installed ``hoshin`` command in tmux, driven key by key like a facilitator.

Creates a session, types an aim, two strategies, an objective linked to a strategy, an
initiative and a measure with a new owner; quits; reopens; and finds everything on the
screen (tmux capture-pane) and in the SQLite file.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

TMUX = shutil.which("tmux")
FORM_KEYS = "ctrl+s save"  # the key hint of an open form at this terminal size
WAIT = 60.0  # seconds any one step may take: generous, for a loaded CI machine
HOSHIN = shutil.which("hoshin") or str(Path(sys.executable).with_name("hoshin"))


class Terminal:
    """One tmux session on a private socket, so the test never touches the user's tmux.

    Every step waits on what the screen shows, never on a fixed pause: under load (a 2-core CI
    machine, load average 8) the app can take seconds to act on a key, and a key sent before a
    focus change has landed goes to the old widget (Textual moves focus on a later tick, e.g.
    when a select's list opens). Each wait has a generous deadline and, when it runs out, fails
    with the last screen it captured.
    """

    def __init__(self, command: list[str], width: int = 120, height: int = 40) -> None:
        self.socket = f"hoshin-e2e-{uuid.uuid4().hex[:8]}"
        self.name = "e2e"
        self._tmux("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), *command)

    def _tmux(self, *args: str) -> str:
        result = subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True, check=True)
        return result.stdout

    def keys(self, *keys: str) -> None:
        """Send ``keys`` one by one, each once the screen has settled after the one before."""
        for key in keys:
            self._tmux("send-keys", "-t", self.name, key)
            self.settle()

    def type(self, text: str) -> None:
        """Type ``text`` into the focused field and wait until the field shows it."""
        self._tmux("send-keys", "-t", self.name, "-l", text)
        self.wait_for(text)
        self.settle()

    def screen(self, styled: bool = False) -> str:
        return self._tmux("capture-pane", "-p", *(["-e"] if styled else []), "-t", self.name)

    def _until(self, done, failure: str, timeout: float) -> str:
        """Poll the screen until ``done(screen)``; else fail with ``failure`` and the last screen."""
        deadline = time.monotonic() + timeout
        shown = self.screen()
        while not done(shown):
            if time.monotonic() > deadline:
                raise AssertionError(f"{failure} within {timeout:g} s; the screen shows:\n{shown}")
            time.sleep(0.1)
            shown = self.screen()
        return shown

    def wait_for(self, text: str, timeout: float = WAIT) -> str:
        return self._until(lambda shown: text in shown, f"{text!r} never appeared", timeout)

    def wait_gone(self, text: str, timeout: float = WAIT) -> str:
        return self._until(lambda shown: text not in shown, f"{text!r} stayed on the screen", timeout)

    def settle(self, quiet: float = 0.4, timeout: float = WAIT) -> str:
        """Wait until the screen has not changed for ``quiet`` seconds: the app has drawn the key's effect."""
        last = [self.screen(), time.monotonic()]

        def still(shown: str) -> bool:
            if shown != last[0]:
                last[:] = [shown, time.monotonic()]
            return time.monotonic() - last[1] >= quiet

        return self._until(still, "the screen never settled", timeout)

    def highlighted(self, option: str) -> bool:
        """Whether the list option ``option`` is the highlighted one (drawn bold, as Textual draws it)."""
        for line in self.screen(styled=True).splitlines():
            at = line.find(option)
            if at >= 0:
                before = line[:at]
                return "\x1b[1m" in before[before.rfind("\x1b[0m") + 1 :]
        return False

    def highlight(self, key: str, option: str, timeout: float = WAIT) -> None:
        """Press ``key`` (one that moves a list's highlight, so pressing it again is harmless) until
        ``option`` is highlighted: a key that reached the list before it had the focus is lost."""
        deadline = time.monotonic() + timeout
        while not self.highlighted(option):
            if time.monotonic() > deadline:
                raise AssertionError(f"{option!r} was never highlighted; the screen shows:\n{self.screen()}")
            self._tmux("send-keys", "-t", self.name, key)
            again = min(time.monotonic() + 3, deadline)
            while not self.highlighted(option) and time.monotonic() < again:
                time.sleep(0.1)

    def running(self) -> bool:
        """Whether hoshin still runs; once it quits, its tmux session (and server) are gone."""
        panes = subprocess.run(
            [TMUX, "-L", self.socket, "list-panes", "-t", self.name, "-F", "#{pane_current_command}"],
            capture_output=True,
            text=True,
        )
        return panes.returncode == 0 and "hoshin" in panes.stdout

    def quit(self, timeout: float = WAIT) -> None:
        """Press ctrl+q and wait for hoshin to exit (no screen to settle afterwards)."""
        self._tmux("send-keys", "-t", self.name, "C-q")
        deadline = time.monotonic() + timeout
        while self.running() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not self.running(), f"hoshin did not quit on ctrl+q; the screen shows:\n{self.screen()}"

    def close(self) -> None:
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def terminals():
    opened: list[Terminal] = []

    def open_terminal(*args: str) -> Terminal:
        terminal = Terminal([HOSHIN, *args])
        opened.append(terminal)
        return terminal

    yield open_terminal
    for terminal in opened:
        terminal.close()


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed: the end-to-end test drives hoshin inside tmux")
def test_a_whole_session_survives_quit_and_reopen(tmp_path: Path, terminals):
    assert Path(HOSHIN).exists(), f"the hoshin command is not installed ({HOSHIN}); run .ci/setup"
    workspace = tmp_path / "workspace"
    term = terminals("--workspace", str(workspace), "new", "Spring offsite")
    term.wait_for("1 Aim")

    term.keys("Enter")  # start typing the aim
    term.wait_for("Done typing")
    term.type("Every customer gets a perfect pump, made safely by everyone.")
    term.keys("Escape")
    term.wait_for("Saved")

    term.keys("2", "a")
    term.wait_for("New strategy")
    term.type("Zero defects at the customer")
    term.keys("Enter")
    term.wait_gone(FORM_KEYS)
    term.wait_for("S1")
    term.keys("a")
    term.wait_for("New strategy")
    term.type("Grow aftermarket service")
    term.keys("Enter")
    term.wait_gone(FORM_KEYS)
    term.wait_for("S2")

    term.keys("3", "a")
    term.wait_for("New annual objective")
    term.type("Halve customer complaints")
    term.keys("Tab", "Tab", "Tab", "Space")  # title -> description -> owner -> strategies: tick S1
    term.keys("C-s")
    term.wait_gone(FORM_KEYS)
    term.wait_for("O1")

    term.keys("4", "a")
    term.wait_for("New initiative")
    term.type("Error-proof the worst stations")
    term.keys("Enter")
    term.wait_gone(FORM_KEYS)
    term.wait_for("I1")

    term.keys("5", "a")
    term.wait_for("New measure")
    term.type("Customer complaints")
    term.keys("Tab", "Tab", "Tab", "Tab", "Tab", "Tab")  # name, unit, baseline, target, direction, cadence, owner
    term.keys("Enter")  # open the owner list; it takes the focus on a later tick
    term.wait_for("+ New person...")
    term.highlight("End", "+ New person...")  # an End that beat the focus there is lost: press again
    term.keys("Enter")
    term.wait_for("Name of the new person")
    term.type("Ana Lee")
    term.keys("Enter")
    term.keys("C-s")
    term.wait_gone(FORM_KEYS)
    term.wait_for("M1")

    term.quit()

    again = terminals("--workspace", str(workspace), "open", "spring-offsite")
    assert "made safely by everyone" in again.wait_for("Every customer gets a perfect pump")
    # Wait for each list's first code (S1, O1, ...): titles alone also show in the health panel,
    # and a step shown for the first time draws its frame a moment before its rows.
    again.keys("2")
    shown = again.wait_for("S2 ")
    assert "Zero defects at the customer" in shown and "Grow aftermarket service" in shown
    again.keys("3")
    shown = again.wait_for("O1 ")
    assert "Halve customer complaints" in shown and "S1" in shown
    again.keys("4")
    assert "Error-proof the worst stations" in again.wait_for("I1 ")
    again.keys("5")
    shown = again.wait_for("M1 ")
    assert "Customer complaints" in shown and "Ana Lee" in shown
    again.quit()  # before reading the file: the app has closed it

    db = sqlite3.connect(workspace / "sessions" / "spring-offsite.sqlite")
    try:
        aim = db.execute("SELECT value FROM meta WHERE key = 'aim'").fetchone()[0]
        strategies = [r[0] for r in db.execute("SELECT title FROM strategies ORDER BY pos")]
        objective = db.execute("SELECT id, title FROM objectives").fetchall()
        links = db.execute("SELECT row_id, col_id FROM correlations WHERE corner = 'strategy_objective'").fetchall()
        initiatives = [r[0] for r in db.execute("SELECT title FROM initiatives")]
        measure = db.execute("SELECT m.name, p.name FROM measures m JOIN people p ON p.id = m.owner_id").fetchall()
        first_strategy = db.execute("SELECT id FROM strategies ORDER BY pos LIMIT 1").fetchone()[0]
    finally:
        db.close()
    assert "Every customer gets a perfect pump, made safely by everyone." in aim
    assert strategies == ["Zero defects at the customer", "Grow aftermarket service"]
    assert [title for _, title in objective] == ["Halve customer complaints"]
    assert links == [(first_strategy, objective[0][0])]
    assert initiatives == ["Error-proof the worst stations"]
    assert measure == [("Customer complaints", "Ana Lee")]
