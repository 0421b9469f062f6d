"""Two windows, one file: the TUI edits while another process exports, lists and reads the session.

A few seconds here; ``benchmarks/crash_matrix.py --two-windows 60`` runs the same for a minute.
"""

from __future__ import annotations

import time

import pytest

from tests.crash.two_windows import run_two_windows


@pytest.fixture(autouse=True)
def _private_home(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


async def test_the_tui_edits_while_another_process_exports_lists_and_reads(tmp_path):
    root = tmp_path / "offsite"
    root.mkdir()
    report = await run_two_windows(root, min_rounds=2)
    assert report.rounds >= 2 and report.edits >= 5, report.summary()
    assert report.integrity == "ok", report.summary()
    assert report.missing == [], report.summary()  # every edit the TUI saved is in the file
    assert report.notifications == [], report.summary()  # no error or lock message on the TUI's screen
    assert report.other_process == [], report.summary()  # no stderr, no refusal, no broken export
    assert report.first_look_misses == 0, report.summary()  # the read-only window sees each edit at once
