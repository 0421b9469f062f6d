"""Rebuild the two symbol subsets from Debian's fonts-noto-core (run by hand; the output is committed).

The matrix cells of the X-matrix are printed as one line of text per grid row, so every cell
symbol must have the same advance: ● ○ △ get one advance (894/1000 em) and a new empty glyph
for U+2007 (figure space) with that advance stands for an empty cell. Space and no-break space
are kept so Pango never falls back to another font between symbols.

Every bundled face also gets Noto Sans's vertical metrics (ascent 1069, descent 293), so a line
that mixes faces (an arrow, an Arabic word) is exactly as tall as a plain Latin line: a block of
fixed-height lines then never drifts, which lets the X-matrix print a whole list as one block.

    .venv/bin/python hoshin_tui/export/assets/fonts/make_subsets.py
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

NOTO = Path("/usr/share/fonts/truetype/noto")
HERE = Path(__file__).resolve().parent
CELL_ADVANCE = 894
CELL_SYMBOLS = (0x25CF, 0x25CB, 0x25B3)  # ● ○ △
BLANK = 0x2007


def _subset(source: str, unicodes: str, out: str) -> Path:
    target = HERE / out
    subset.main([str(NOTO / source), f"--unicodes={unicodes}", "--layout-features=*", f"--output-file={target}"])
    return target


def _even_cells(path: Path) -> None:
    font = TTFont(path)
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    for code in CELL_SYMBOLS:
        name = cmap[code]
        _advance, lsb = hmtx[name]
        hmtx[name] = (CELL_ADVANCE, lsb)
    order = [*font.getGlyphOrder(), "cellblank"]
    glyf = font["glyf"]
    glyf.glyphs["cellblank"] = TTGlyphPen(None).glyph()
    glyf.glyphOrder = order
    hmtx["cellblank"] = (CELL_ADVANCE, 0)
    font.setGlyphOrder(order)
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[BLANK] = "cellblank"
    font.save(path)


def _latin_metrics(path: Path) -> None:
    """Give ``path`` Noto Sans's line metrics (hhea, OS/2 typo and win), whatever its own were."""
    reference = TTFont(NOTO / "NotoSans-Regular.ttf")
    font = TTFont(path)
    for table in ("hhea", "OS/2"):
        for name in ("ascent", "descent", "lineGap", "sTypoAscender", "sTypoDescender", "sTypoLineGap"):
            if hasattr(reference[table], name):
                setattr(font[table], name, getattr(reference[table], name))
    font["OS/2"].usWinAscent = reference["OS/2"].usWinAscent
    font["OS/2"].usWinDescent = reference["OS/2"].usWinDescent
    font.save(path)


def main() -> None:
    symbols = _subset(
        "NotoSansSymbols2-Regular.ttf", "U+0020,U+00A0,U+25A0-25FF,U+2713-2718,U+26A0", "NotoSansSymbols2-Subset.ttf"
    )
    _even_cells(symbols)
    arrows = _subset("NotoSansSymbols-Regular.ttf", "U+0020,U+00A0,U+2190-21FF", "NotoSansSymbols-Arrows.ttf")
    for path in (symbols, arrows):
        _latin_metrics(path)
    for name in ("NotoSansArabic-Regular.ttf", "NotoSansHebrew-Regular.ttf"):
        target = HERE / name
        target.write_bytes((NOTO / name).read_bytes())
        _latin_metrics(target)


if __name__ == "__main__":
    main()
