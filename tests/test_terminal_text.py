"""User text reaches the terminal without the escape sequences it may hold."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hoshin_tui.cli import main
from hoshin_tui.core.terminal_text import printable
from hoshin_tui.store import SessionStore
from tests.plans import small_plan

HOSTILE = "Grow\x1b[2J\x1b]0;pwn\x07 aftermarket"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (HOSTILE, "Grow aftermarket"),
        ("a\x1b]8;;https://evil\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),  # an OSC 8 hyperlink ended by ST
        ("x\x9b31my\x9d0;title\x9cz", "xyz"),  # 8-bit CSI and OSC
        ("bell\x07 back\x08space\r\x00\x7f", "bell backspace"),
        ("\x1bPq#0;2;0;0;0\x1b\\sixel", "sixel"),  # DCS
        ("\x1b]0;never ended: the rest stays", "0;never ended: the rest stays"),
        ("two\nlines\tand a tab", "two lines and a tab"),
        ("مرحبا 👩‍👩‍👧 ✅", "مرحبا 👩‍👩‍👧 ✅"),
        ("broken \ud800 surrogate", "broken ? surrogate"),
    ],
)
def test_printable_strips_what_a_terminal_would_obey(text, shown):
    assert printable(text) == shown


def test_multiline_keeps_newlines_and_tabs():
    assert printable("a\tb\nc\x1b[2Jd\r", multiline=True) == "a\tb\ncd"


def test_hoshin_list_prints_hostile_names_and_problems_clean(tmp_path, capsys):
    sessions = tmp_path / "sessions"
    SessionStore.create(sessions / "good.sqlite", small_plan()).close()
    shutil.copy(sessions / "good.sqlite", sessions / f"{HOSTILE}.sqlite")
    (sessions / "x\x1b]0;pwn\x07.sqlite").write_text("not a database")
    assert main(["--workspace", str(tmp_path), "list"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "Grow aftermarket" in out and "x.sqlite is not a hoshin session" in out


def test_export_warnings_are_printed_clean(tmp_path, capsys, monkeypatch):
    from hoshin_tui.export import xmatrix
    from hoshin_tui.export.pdf import ExportResult

    SessionStore.create(tmp_path / "sessions" / "p.sqlite", small_plan()).close()

    def fake_export(plan, out, **kwargs):
        return ExportResult(Path(out), 1, [f"the title '{HOSTILE}' was shortened"])

    monkeypatch.setattr(xmatrix, "export_xmatrix", fake_export)
    assert main(["--workspace", str(tmp_path), "export", "xmatrix", "p"]) == 0
    err = capsys.readouterr().err
    assert err == "warning: the title 'Grow aftermarket' was shortened\n"


def test_error_lines_are_printed_clean(tmp_path, capsys):
    assert main(["--workspace", str(tmp_path), "open", HOSTILE]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "Grow aftermarket" in err and err.count("\n") == 1
