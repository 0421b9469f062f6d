"""Measure and fit text with the bundled fonts' advance widths, before any layout.

Fitting labels in Python (cmap + hmtx lookups, microseconds per label) lets a page be laid
out once: the exporter writes the computed lines with ``white-space: pre``, so WeasyPrint
breaks nothing itself and what was measured is what prints. Widths carry a small safety
margin for kerning and shaping; characters no bundled font has count as a full em.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

PT_TO_MM = 25.4 / 72
LINE_HEIGHT = 1.15
"""Line height as a multiple of the font size; templates must use the same value."""
SAFETY = 1.05
ELLIPSIS = "…"
NBSP = "\u00a0"
"""A no-break space glues words: ``wrap`` never breaks a line there."""
_BREAKABLE_SPACE = re.compile(r"[^\S\u00a0]+")


def _normalise(text: str) -> str:
    """Runs of ordinary white space become one space; no-break spaces are kept."""
    return _BREAKABLE_SPACE.sub(" ", text).strip()


@lru_cache(maxsize=4)
def _advances(bold: bool) -> dict[int, float]:
    """Advance width in em of every code point the bundled fonts map, first font wins (``font_tables.py``)."""
    from hoshin_tui.export.pdf.font_tables import font_tables

    advances: dict[int, float] = font_tables()["bold" if bold else "regular"]
    return advances


def text_width(text: str, size_pt: float, *, bold: bool = False) -> float:
    """Width of ``text`` on one line in mm at ``size_pt``, with the safety margin."""
    widths = _advances(bold)
    ems = sum(widths.get(ord(char), 1.0) for char in text)
    return ems * size_pt * PT_TO_MM * SAFETY


@dataclass(frozen=True)
class Fitted:
    """A label as it will print: its font size, its lines, and whether it had to be shortened."""

    size_pt: float
    lines: tuple[str, ...]
    shortened: bool

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@lru_cache(maxsize=16384)
def _ems(text: str, bold: bool = False) -> float:
    widths = _advances(bold)
    return sum(widths.get(ord(char), 1.0) for char in text)


HYPHEN = "\u2010"
"""Ends a line where ``wrap`` had to cut a word: a reader sees the word goes on (tests strip it)."""


def wrap(text: str, width_mm: float, size_pt: float, *, bold_prefix: str = "", bold: bool = False) -> list[str]:
    """Greedy word wrap to ``width_mm``; a word longer than a line is cut, each cut marked with ``HYPHEN``."""
    room = width_mm / (size_pt * PT_TO_MM * SAFETY)  # in em
    space = _ems(" ", bold)
    hyphen = _ems(HYPHEN, bold)
    lines: list[str] = []
    current, used = "", 0.0
    words = [word for word in _normalise(text).split(" ") if word]
    extra = _ems(bold_prefix, True) - _ems(bold_prefix) if bold_prefix and text.startswith(bold_prefix) else 0.0
    for index, word in enumerate(words):
        width = _ems(word, bold) + (extra if index == 0 else 0.0)
        if current and used + space + width <= room:
            current, used = f"{current} {word}", used + space + width
            continue
        if current:
            lines.append(current)
            current, used = "", 0.0
        if width <= room:
            current, used = word, width
            continue
        for char in word:  # a word longer than the line: cut between characters, with a hyphen
            char_width = _ems(char, bold)
            if current and used + char_width + hyphen > room:
                lines.append(current + HYPHEN)
                current, used = "", 0.0
            current, used = current + char, used + char_width
    if current or not lines:
        lines.append(current)
    return lines


def _cuts_a_word(lines: list[str]) -> bool:
    """Whether ``wrap`` had to cut a word to make these lines (a smaller size may not need to)."""
    return any(line.endswith(HYPHEN) for line in lines)


def _line_width(line: str, size_pt: float, bold_prefix: str, bold: bool = False) -> float:
    if bold_prefix and line.startswith(bold_prefix):
        return text_width(bold_prefix, size_pt, bold=True) + text_width(line[len(bold_prefix) :], size_pt, bold=bold)
    return text_width(line, size_pt, bold=bold)


def max_lines(height_mm: float, size_pt: float) -> int:
    return max(0, int(height_mm / (size_pt * LINE_HEIGHT * PT_TO_MM) + 1e-6))


def fit_label(
    text: str,
    width_mm: float,
    height_mm: float,
    *,
    max_pt: float,
    floor_pt: float,
    step_pt: float = 0.5,
    bold_prefix: str = "",
    bold: bool = False,
) -> Fitted:
    """The largest size from ``max_pt`` down to ``floor_pt`` at which ``text`` fits the box.

    If it does not fit even at the floor, the lines that fit are kept and the last one
    ends in an ellipsis (``shortened``); the caller lists the full text elsewhere.
    ``bold_prefix`` (an item code such as ``"P3 "``) is measured in bold; ``bold``: all of it is.
    """
    text = _normalise(text)
    size = max_pt
    with_cuts: Fitted | None = None  # the largest size that fits only by cutting a word
    while True:
        lines = wrap(text, width_mm, size, bold_prefix=bold_prefix, bold=bold)
        if len(lines) <= max_lines(height_mm, size):
            if not _cuts_a_word(lines):
                return Fitted(size, tuple(lines), False)
            with_cuts = with_cuts or Fitted(size, tuple(lines), False)
        if size - step_pt < floor_pt - 1e-9:
            break
        size = round(size - step_pt, 2)
    if with_cuts is not None:
        return with_cuts
    room = max(1, max_lines(height_mm, size))
    kept = lines[:room]
    last = kept[-1]
    prefix = bold_prefix if room == 1 else ""
    last = last.removesuffix(HYPHEN)
    while last and _line_width(last.rstrip() + ELLIPSIS, size, prefix, bold) > width_mm:
        last = last[:-1]
    kept[-1] = last.rstrip() + ELLIPSIS
    return Fitted(size, tuple(kept), True)


@dataclass(frozen=True)
class FittedRows:
    """A list printed as equal rows: one font size, ``lines_per_row`` lines in every row."""

    size_pt: float
    lines_per_row: int
    rows: tuple[tuple[str, ...], ...]
    shortened: tuple[int, ...]  # indexes of the items that end in an ellipsis


def fit_rows(
    texts: list[str],
    length_mm: float,
    pitch_mm: float,
    *,
    max_pt: float,
    floor_pt: float,
    prefixes: list[str] | None = None,
    step_pt: float = 0.5,
    lines_cap: int | None = None,
) -> FittedRows:
    """The largest common size at which every text fits its row of ``pitch_mm`` by ``length_mm``.

    Below the floor only if a single line at the floor is taller than the row (then the row
    decides the size). Texts still too long at the floor are cut to the row with an ellipsis.
    ``lines_cap`` limits the lines per row (1: each text on one line, centred in its row).
    """
    prefixes = prefixes or [""] * len(texts)
    texts = [_normalise(t) for t in texts]
    row_pt = pitch_mm / (LINE_HEIGHT * PT_TO_MM)
    size = min(max_pt, row_pt)
    floor = min(floor_pt, row_pt)
    with_cuts: FittedRows | None = None  # the largest size that fits only by cutting a word
    while True:
        k = max(1, min(max_lines(pitch_mm, size), lines_cap or 10**6))
        wrapped = [wrap(t, length_mm, size, bold_prefix=p) for t, p in zip(texts, prefixes, strict=True)]
        if all(len(lines) <= k for lines in wrapped):
            fitted = FittedRows(size, k, tuple(tuple(w) for w in wrapped), ())
            if not any(_cuts_a_word(lines) for lines in wrapped):
                return fitted
            with_cuts = with_cuts or fitted
        if size - step_pt < floor - 1e-9:
            break
        size = round(size - step_pt, 2)
    if with_cuts is not None:
        return with_cuts
    rows, shortened = [], []
    for index, (lines, prefix) in enumerate(zip(wrapped, prefixes, strict=True)):
        if len(lines) <= k:
            rows.append(tuple(lines))
            continue
        kept = lines[:k]
        last = kept[-1].removesuffix(HYPHEN)
        head = prefix if k == 1 else ""
        while last and _line_width(last.rstrip() + ELLIPSIS, size, head) > length_mm:
            last = last[:-1]
        kept[-1] = last.rstrip() + ELLIPSIS
        rows.append(tuple(kept))
        shortened.append(index)
    return FittedRows(size, k, tuple(rows), tuple(shortened))
