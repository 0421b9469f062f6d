"""What a fresh export process skips: library lookups by subprocess, font tables and template compiles."""

from __future__ import annotations

import subprocess
import sys

import pytest

from hoshin_tui.export.pdf import font_tables as tables_module
from hoshin_tui.export.pdf import weasy


def test_libraries_are_found_without_starting_a_process(monkeypatch):
    def no_process(*args, **kwargs):
        raise AssertionError(f"a subprocess was started: {args}")

    monkeypatch.setattr(subprocess, "Popen", no_process)
    assert weasy.find_library_without_subprocess("harfbuzz") == "libharfbuzz.so.0"
    assert weasy.find_library_without_subprocess("pango-1.0") == "libpango-1.0.so.0"
    assert weasy.find_library_without_subprocess("libpango-1.0-0") is None


def test_a_fresh_import_starts_no_subprocess():
    code = (
        "import subprocess\n"
        "def refuse(*a, **k): raise SystemExit(f'subprocess started: {a}')\n"
        "subprocess.Popen = refuse\n"
        "from hoshin_tui.export.pdf.weasy import load_weasyprint\n"
        "load_weasyprint()\n"
        "from weasyprint.text.ffi import ffi\n"
        "assert ffi.typeof('hb_codepoint_t[7]').length == 7\n"
        "assert ffi.typeof('PangoRectangle *').cname == 'PangoRectangle *'\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "ok", done.stderr


def test_font_tables_come_back_from_the_cache_unchanged(tmp_path, monkeypatch):
    monkeypatch.setenv("HOSHIN_CACHE_DIR", str(tmp_path))
    tables_module.font_tables.cache_clear()
    try:
        first = tables_module.font_tables()
        assert len(list(tmp_path.glob("font-tables-*.marshal"))) == 1
        tables_module.font_tables.cache_clear()
        monkeypatch.setattr(tables_module, "_read_fonts", lambda: pytest.fail("read the fonts again"))
        again = tables_module.font_tables()
    finally:
        tables_module.font_tables.cache_clear()
    assert again == first
    assert ord("A") in again["codepoints"] and ord("ש") in again["codepoints"]
    assert again["bold"][ord("W")] > again["regular"][ord("W")] > 0


def test_an_unwritable_cache_still_exports(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("HOSHIN_CACHE_DIR", str(blocked / "cache"))
    tables_module.font_tables.cache_clear()
    try:
        assert tables_module.font_tables()["regular"][ord("a")] > 0
    finally:
        tables_module.font_tables.cache_clear()
