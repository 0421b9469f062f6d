"""The bundled fonts' character maps and advance widths, read once per machine, not once per process.

Reading them with fontTools costs ~100 ms in every fresh export process (six cmaps, two
hmtx tables). They are kept in the cache folder (``cache.py``) as one ``marshal`` file, named
by the fonts' sizes and modification times, so a changed font is read again; loading it
takes about a millisecond. Without a cache folder they are read from the fonts as before.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from functools import lru_cache
from typing import Any

from hoshin_tui.export.pdf.assets import ASSETS_DIR, BUNDLED_FONT_FILES
from hoshin_tui.export.pdf.cache import cache_dir

_FORMAT = 1
_REGULAR = ("NotoSans-Regular.ttf", "NotoSansArabic-Regular.ttf", "NotoSansHebrew-Regular.ttf")
_SYMBOLS = ("NotoSansSymbols2-Subset.ttf", "NotoSansSymbols-Arrows.ttf")


def _key() -> str:
    parts = [str(_FORMAT)]
    for name in BUNDLED_FONT_FILES:
        stat = (ASSETS_DIR / "fonts" / name).stat()
        parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _read_fonts() -> dict[str, Any]:
    from fontTools.ttLib import TTFont

    codepoints: set[int] = set()
    cmaps: dict[str, dict[int, str]] = {}
    widths: dict[str, dict[int, float]] = {}
    for name in BUNDLED_FONT_FILES:
        with TTFont(ASSETS_DIR / "fonts" / name, lazy=True) as font:
            cmap = dict(font.getBestCmap())
            codepoints.update(cmap)
            cmaps[name] = cmap
            units = font["head"].unitsPerEm
            hmtx = font["hmtx"]
            widths[name] = {code: hmtx[glyph][0] / units for code, glyph in cmap.items()}
    advances = {}
    for bold in (False, True):
        files = ("NotoSans-Bold.ttf" if bold else _REGULAR[0], *_REGULAR[1:], *_SYMBOLS)
        table: dict[int, float] = {}
        for name in files:
            for code, width in widths[name].items():
                table.setdefault(code, width)  # first font wins, as Pango's fallback along FONT_STACK
        advances["bold" if bold else "regular"] = table
    return {"codepoints": sorted(codepoints), **advances}


@lru_cache(maxsize=1)
def font_tables() -> dict[str, Any]:
    """``{"codepoints": [...], "regular": {code: em}, "bold": {code: em}}`` for the bundled fonts."""
    folder = cache_dir()
    path = folder / f"font-tables-{_key()}.marshal" if folder else None
    if path is not None:
        try:
            tables = marshal.loads(path.read_bytes())
            if isinstance(tables, dict) and {"codepoints", "regular", "bold"} <= tables.keys():
                return tables
        except (OSError, EOFError, ValueError, TypeError):
            pass
    tables = _read_fonts()
    if path is not None:
        try:
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".font-tables.", suffix=".partial")
            with os.fdopen(fd, "wb") as handle:
                handle.write(marshal.dumps(tables))
            os.replace(tmp, path)
        except OSError:
            pass
    return tables
