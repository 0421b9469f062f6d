"""Which characters of the user's text no font on this machine can print, and how to fix it.

Checked before rendering from the bundled fonts' cmaps (fontTools, a WeasyPrint
dependency; loaded once, a few ms) and, only for characters they lack, fontconfig's
``fc-list`` (cached per character). After rendering, WeasyPrint's own ``.notdef``
warnings are the final word (see ``render.py``); both feed :func:`missing_glyph_warnings`.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_NOT_PRINTED = {"Cc", "Cf", "Zs", "Zl", "Zp"}  # controls, joiners, spaces: never need a glyph
_system_cache: dict[str, bool] = {}

_CJK: tuple[tuple[int, int], ...]  # grown below, one line per half
_CJK = ((0x1100, 0x11FF), (0x2E80, 0x303F), (0x3040, 0x9FFF), (0xA960, 0xA97F), (0xAC00, 0xD7FF))
_CJK += ((0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3FFFF))
_EMOJI = ((0x1F000, 0x1FAFF), (0x2B50, 0x2B55), (0x231A, 0x231B), (0x23E9, 0x23F3))
_PRIVATE = ((0xE000, 0xF8FF), (0xF0000, 0x10FFFF))


@lru_cache(maxsize=1)
def bundled_codepoints() -> frozenset[int]:
    """Every code point some bundled font has a glyph for (``font_tables.py``)."""
    from hoshin_tui.export.pdf.font_tables import font_tables

    return frozenset(font_tables()["codepoints"])


def _in(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= code <= high for low, high in ranges)


def font_package_for(char: str) -> tuple[str | None, str]:
    """(Debian package that would print ``char``, name of its script) — package None if none can."""
    code = ord(char)
    if _in(code, _CJK):
        return "fonts-noto-cjk", "Chinese/Japanese/Korean"
    if _in(code, _EMOJI):
        return "fonts-noto-color-emoji", "emoji"
    if _in(code, _PRIVATE) or unicodedata.category(char) in ("Cn", "Co", "Cs"):
        return None, "private-use or unassigned"
    name = unicodedata.name(char, "")
    script = name.split(" ")[0].title() if name else f"U+{code:04X}"
    return "fonts-noto-core", script


def _system_font_covers(char: str) -> bool:
    """True when some installed font (fontconfig) has ``char``; cached; False without fc-list."""
    if char not in _system_cache:
        fc_list = shutil.which("fc-list")
        covered = False
        if fc_list:
            try:
                out = subprocess.run(
                    [fc_list, f":charset={ord(char):x}", "family"], capture_output=True, text=True, timeout=5
                )
                covered = bool(out.stdout.strip())
            except (OSError, subprocess.SubprocessError):
                covered = False
        _system_cache[char] = covered
    return _system_cache[char]


def unprintable_characters(texts: Iterable[str]) -> list[str]:
    """Characters in ``texts`` that neither the bundled fonts nor the system fonts can print, in first-seen order."""
    bundled: frozenset[int] | None = None  # read only when some text is not ASCII
    seen: dict[str, None] = {}
    for text in texts:
        if text.isascii():
            continue
        for char in text:
            if ord(char) < 0x80 or char in seen:
                continue
            if bundled is None:
                bundled = bundled_codepoints()
            if ord(char) in bundled:
                continue
            if unicodedata.category(char) in _NOT_PRINTED:
                continue
            seen[char] = None
    return [char for char in seen if not _system_font_covers(char)]


def missing_glyph_warnings(chars: Iterable[str]) -> list[str]:
    """One human line per font package: which characters will print as empty boxes and what to install."""
    groups: dict[tuple[str | None, str], list[str]] = {}
    for char in dict.fromkeys(chars):
        groups.setdefault(font_package_for(char), []).append(char)
    lines = []
    for (package, script), group in groups.items():
        shown = " ".join(group[:12]) + (f" and {len(group) - 12} more" if len(group) > 12 else "")
        if package:
            fix = f"install the Debian package {package} (apt install {package}) and export again"
        else:
            fix = "no font package prints them; replace them"
        lines.append(f"{script} characters print as empty boxes: {shown}. To fix: {fix}.")
    return lines
