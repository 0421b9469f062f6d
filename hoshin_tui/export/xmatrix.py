"""The X-matrix as one ISO A3 landscape PDF page (plus an appendix page when labels were shortened).

    from hoshin_tui.export.xmatrix import default_xmatrix_path, export_xmatrix

    out = default_xmatrix_path(workspace.exports_dir, "offsite-2027", "classic")
    result = export_xmatrix(plan, out, variant="classic", session_name="offsite-2027")
    result.path, result.pages, result.warnings  # warnings: one human line each

How it stays fast and never clips: all geometry is computed here in mm; every label is
fitted in Python with the bundled fonts' advance widths (shrunk to a floor, then shortened
with an ellipsis and listed in full on the appendix) and printed with its lines fixed, so
WeasyPrint lays the page out once. WeasyPrint's cost is per element and per inline box, so:

- grid lines and shading are drawn straight into the PDF under the labels (pdf/stamps.py);
- every cell symbol is a vector shape (filled circle ●, open circle ○, triangle △) stamped
  straight into the PDF as one use of a Form XObject (pdf/stamps.py): WeasyPrint's SVG parser
  would spend ~25 µs per coordinate, seconds for the large plan; a test counts the uses;
- each list is two pre-formatted text blocks, one line per row: a bold column of codes and a
  column of labels (no inline markup). The bundled faces share Noto Sans's line metrics
  (assets/fonts/make_subsets.py), so an arrow or an Arabic word never makes a line taller and
  a block's rows never drift from the grid's rows.

Labels stay HTML text, so Arabic and Hebrew are shaped; the large plan (10/30/100/40/25,
~3,400 marks) renders in a few hundred ms.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from hoshin_tui.core.codes import LEGEND as CODES_LEGEND
from hoshin_tui.core.codes import initiatives_in_display_order, item_codes
from hoshin_tui.export.pdf.measure import HYPHEN, LINE_HEIGHT, NBSP, PT_TO_MM, fit_label, fit_rows, text_width
from hoshin_tui.export.pdf.result import ExportResult
from hoshin_tui.model.enums import SYMBOLS, Corner, InitiativeKind
from hoshin_tui.model.lists import COUNTED_LISTS, plan_list
from hoshin_tui.model.plan import AnnualObjective, Initiative, Measure, Plan, Strategy

if TYPE_CHECKING:
    from hoshin_tui.export.pdf.stamps import Stamps

Variant = Literal["classic", "horizontal"]
VARIANTS: tuple[Variant, ...] = ("classic", "horizontal")

PAGE_W, PAGE_H, MARGIN = 420.0, 297.0, 8.0
HEADER_H = 26.0  # title, legend and the people's names above the matrix
CELL_MAX, CELL_FLOOR = 7.0, 2.0  # mm; below the floor the plan is beyond what one page can show
CELL_GROW_MAX = 18.0
"""A small plan's cells grow up to this (mm), and its labels with them, so the sheet is used, not left empty."""
LABEL_GROW_MAX_PT = 16.0
CENTRE_MIN_W, CENTRE_MIN_H = 90.0, 40.0
LABEL_MAX_PT, LABEL_FLOOR_PT = 9.0, 6.0
CODE_W_MIN = 6.0
SYMBOL_RGB = (0.1, 0.1, 0.1)
SYMBOL_STAMPS = {"●": "HoshinDot", "○": "HoshinRing", "△": "HoshinTriangle"}
"""Each cell symbol is one use of one of these PDF Form XObjects (``/HoshinDot Do``): tests count them."""
SYMBOL_SIZE = 0.6  # of the cell's shorter side
ORPHAN_RGB = "0.78 0.1 0.1"  # red outline around the label of an orphan row or column
CODE_GAP_EM = 0.5  # between the bold code column and the label column
CODE_COLUMN_MAX = 0.2  # beyond this share of a list's width, codes go inline (bold) instead of in a column
FIGURE_SPACE = "\u2007"
DIGIT_EM = 0.572  # Noto Sans tabular digits and figure space
LEGEND_SYMBOLS = 6
"""Symbols the legend prints as text (● ○ △ twice); the cells' symbols are shapes, not text."""


@dataclass
class Block:
    """Text printed as one element: rows of equal pitch, each with the same number of lines.

    ``(x, y, w, h)`` is the area on the page; a rotated block reads bottom-to-top, its rows
    running left to right. ``spacing`` (mm) spreads equal-width characters over cells.
    """

    x: float
    y: float
    w: float
    h: float
    size_pt: float
    line_mm: float
    rows: list[list[tuple[str, str]]]  # per row, its lines as (bold code, rest)
    rotate: bool = False
    cls: str = ""
    align: str = "left"
    pad: float = 0.6
    pad_top: float = 0.0
    spacing: float = 0.0
    pad_end: float | None = None  # padding at the end of the lines; None = ``pad``

    @property
    def end_pad(self) -> float:
        return self.pad if self.pad_end is None else self.pad_end

    @property
    def layout_shift(self) -> float:
        """How far up a rotated box is laid out (then moved back down by its transform).

        WeasyPrint lays a box out before turning it: the upright box of a long rotated list
        near the bottom can reach past the page, and its last lines would go to the next page.
        """
        if not self.rotate:
            return 0.0
        _, top, _, height = self.box
        return max(0.0, top + height - (PAGE_H - 1.0))

    @property
    def text_lines(self) -> list[tuple[str, str]]:
        return [line for row in self.rows for line in row]

    @property
    def codes_only(self) -> bool:
        """Every line is a bare code: the block is printed bold as plain text."""
        return all(not rest for _, rest in self.text_lines) and any(code for code, _ in self.text_lines)

    @property
    def plain(self) -> str | None:
        """The block's text with one line per line, when it needs no inline markup (else None)."""
        if self.codes_only:
            return "\n".join(code for code, _ in self.text_lines)
        if any(code for code, _ in self.text_lines):
            return None
        return "\n".join(rest for _, rest in self.text_lines)

    @property
    def box(self) -> tuple[float, float, float, float]:
        """(left, top, width, height) of the unrotated box; a rotated box is turned about its centre."""
        if not self.rotate:
            return self.x, self.y, self.w, self.h
        cx, cy = self.x + self.w / 2, self.y + self.h / 2
        return cx - self.h / 2, cy - self.w / 2, self.h, self.w


def _split_code(line: str, code: str) -> tuple[str, str]:
    return (code, line[len(code) :]) if code and line.startswith(code) else ("", line)


def _symbol_uses(
    x: float, y: float, cell: float, pitch: float, rows: list[list[str]]
) -> list[tuple[str, float, float, float]]:
    """(stamp name, centre x, centre y, size) in mm for every mark: ``rows[r][c]`` is ● ○ △ or ""."""
    size = min(cell, pitch) * SYMBOL_SIZE
    uses = []
    for row_index, row in enumerate(rows):
        cy = y + (row_index + 0.5) * pitch
        for col_index, symbol in enumerate(row):
            if symbol in SYMBOL_STAMPS:
                uses.append((SYMBOL_STAMPS[symbol], x + (col_index + 0.5) * cell, cy, size))
    return uses


def _pdf_path(d: str) -> str:
    """PDF path operators for the SVG path data this module writes (M L H V absolute, h v relative, z)."""
    ops, x, y, start = [], 0.0, 0.0, (0.0, 0.0)
    for command, args in re.findall(r"([MLHVhvz])([^MLHVhvz]*)", d):
        numbers = [float(n) for n in args.split()]
        if command == "M":
            x, y = numbers
            start = (x, y)
            ops.append(f"{x:.2f} {y:.2f} m")
            continue
        if command == "z":
            ops.append("h")
            x, y = start
            continue
        if command == "L":
            x, y = numbers
        elif command == "H":
            x = numbers[0]
        elif command == "V":
            y = numbers[0]
        elif command == "h":
            x += numbers[0]
        elif command == "v":
            y += numbers[0]
        ops.append(f"{x:.2f} {y:.2f} l")
    return " ".join(ops)


def page_stamps(page: Page) -> Stamps:
    """The finisher that draws ``page``'s rules and shading under it and its cell symbols (pdf/stamps.py).

    Drawn straight into the PDF: in an inline SVG, WeasyPrint parses each coordinate in Python.
    """
    from hoshin_tui.export.pdf.stamps import Stamps, circle_ops, triangle_ops

    stamps = Stamps(page_height_mm=PAGE_H)
    for x, y, w, h in page.shades:
        stamps.draw_under(f"0.902 0.929 0.965 rg {x:.2f} {y:.2f} {w:.2f} {h:.2f} re f")
    stamps.draw_under("0.467 0.467 0.467 RG 0.12 w " + " ".join(_pdf_path(d) for d in page.thin) + " S")
    stamps.draw_under("0.133 0.133 0.133 RG 0.35 w " + " ".join(_pdf_path(d) for d in page.thick) + " S")
    stamps.define("HoshinDot", circle_ops(filled=True, colour=SYMBOL_RGB))
    stamps.define("HoshinRing", circle_ops(filled=False, colour=SYMBOL_RGB, stroke=0.1))
    stamps.define("HoshinTriangle", triangle_ops(colour=SYMBOL_RGB, stroke=0.1))
    for name, x, y, size in page.symbols:
        stamps.place(name, x, y, size)
    inset = 0.25
    for x, y, w, h in page.orphans:  # over the labels, inside the label's cell
        stamps.draw_over(f"{x + inset:.2f} {y + inset:.2f} {w - 2 * inset:.2f} {h - 2 * inset:.2f} re")
    if page.orphans:
        stamps.overlay.insert(0, f"{ORPHAN_RGB} RG 0.35 w")
        stamps.overlay.append("S")
    return stamps


@dataclass
class Page:
    texts: list[Block] = field(default_factory=list)
    symbols: list[tuple[str, float, float, float]] = field(default_factory=list)  # (stamp, x, y, size) mm
    thin: list[str] = field(default_factory=list)  # path data (M L H V h v z, mm), drawn under the page
    thick: list[str] = field(default_factory=list)
    shades: list[tuple[float, float, float, float]] = field(default_factory=list)
    centre: tuple[float, float, float, float] = (0, 0, 0, 0)
    shortened: list[tuple[str, str]] = field(default_factory=list)  # (code, full text)
    warnings: list[str] = field(default_factory=list)
    people_key: list[tuple[str, str]] = field(default_factory=list)
    aim_box: tuple[float, float, float, float] = (0, 0, 0, 0)
    legend_box: tuple[float, float, float, float] = (0, 0, 0, 0)
    has_operational: bool = False
    orphans: list[tuple[float, float, float, float]] = field(default_factory=list)  # label areas outlined red


def default_xmatrix_path(exports_dir: Path, session_name: str, variant: str = "classic") -> Path:
    """``<exports>/<session>-xmatrix.pdf`` (``-xmatrix-horizontal.pdf`` for the horizontal variant)."""
    stem = re.sub(r"[^\w.-]+", "-", session_name).strip("-.") or "plan"
    suffix = "" if variant == "classic" else f"-{variant}"
    return Path(exports_dir) / f"{stem}-xmatrix{suffix}.pdf"


def export_xmatrix(
    plan: Plan, out_path: Path, *, variant: Variant = "classic", session_name: str = "", today: date | None = None
) -> ExportResult:
    """Render ``plan``'s X-matrix to ``out_path`` (written atomically) and say what the reader should know."""
    from hoshin_tui.export.pdf import (
        gc_paused,
        missing_glyph_warnings,
        render_pdf,
        unprintable_characters,
        write_atomic,
    )

    if variant not in VARIANTS:
        raise ValueError(f"Unknown X-matrix variant {variant!r}: choose classic or horizontal")
    with gc_paused():  # WeasyPrint's boxes would be walked by the collector again and again (render.py)
        html, page = xmatrix_html(plan, variant=variant, session_name=session_name, today=today)
        warnings = list(page.warnings)
        warnings += missing_glyph_warnings(unprintable_characters(plan_texts(plan)))
        pdf, rendered = render_pdf(html, finisher=page_stamps(page))
    for line in rendered.glyph_warnings():
        if line not in warnings:
            warnings.append(line)
    write_atomic(Path(out_path), pdf)
    return ExportResult(Path(out_path), rendered.pages, warnings)


def plan_texts(plan: Plan) -> list[str]:
    """Every piece of user text the X-matrix prints."""
    texts = [plan.title, plan.organization, plan.period, plan.version, plan.aim]
    texts += [s.title for s in plan.strategies] + [o.title for o in plan.objectives]
    texts += [i.title for i in plan.initiatives] + [_measure_text(m) for m in plan.measures]
    texts += [p.name for p in plan.people]
    return texts


def xmatrix_html(
    plan: Plan, *, variant: Variant = "classic", session_name: str = "", today: date | None = None
) -> tuple[str, Page]:
    """The page's HTML and what the layout decided (labels, shortened items, warnings)."""
    from hoshin_tui.export.pdf import FONT_STACK, render_template
    from hoshin_tui.export.pdf.title_block import title_meta

    today = today or date.today()
    meta = title_meta(plan, today, session_name)
    page = _layout(plan, variant, meta)
    html = render_template(
        "xmatrix.html.j2",
        page=page,
        plan=plan,
        variant=variant,
        font_stack=FONT_STACK,
        symbols=SYMBOLS,
        page_w=PAGE_W,
        page_h=PAGE_H,
        line_height=LINE_HEIGHT,
        codes_legend=CODES_LEGEND,
        marks=catchball_marks(plan),
    )
    return html, page


def catchball_marks(plan: Plan) -> dict[str, str]:
    """``{"O3": "A"}``: the catchball state printed small beside each code, once catchball has begun."""
    from hoshin_tui.core.catchball import state_marks

    codes = item_codes(plan)
    return {codes[item_id]: mark for item_id, mark in state_marks(plan).items() if codes.get(item_id)}


# --- layout -------------------------------------------------------------------------------------


def _number(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _measure_text(measure: Measure) -> str:
    unit = f" {measure.unit}" if measure.unit else ""
    if measure.baseline is None and measure.target is None:
        return measure.name
    return f"{measure.name}: {_number(measure.baseline)} → {_number(measure.target)}{unit}"


FSI, PDI = "\u2068", "\u2069"  # Unicode first-strong isolate: the text between reads in its own direction


def _key_entry(number: str, name: str) -> str:
    """``3 Priya Raman`` glued with no-break spaces, so a line never ends between a number and its name.

    The name is a bidi isolate: the key is one line of text, and without it a right-to-left name
    took the numbers and punctuation after it into its run (``2 שיפור · 3 :6N`` printed as
    ``2 6: 3 · שיפור N``), so the paper scrambled the next person's number and name."""
    glued = name.replace(" ", NBSP) if len(name) <= 24 else name
    return f"{number}{NBSP}{FSI}{glued}{PDI}"


def _cell_size(n_rows: int, n_cols: int, code_w: float) -> float:
    """The largest cell (mm) that leaves the centre its minimum: up to ``CELL_GROW_MAX`` for a small plan.

    A plan that already fills the sheet at ``CELL_MAX`` keeps the classic cell; beyond that, the
    cell grows only as far as the centre keeps at least 55 % of the page height (its lists need it).
    """
    usable_h = PAGE_H - 2 * MARGIN - HEADER_H
    by_height = (usable_h - CENTRE_MIN_H) / max(n_rows, 1)
    by_width = (PAGE_W - 2 * MARGIN - code_w - CENTRE_MIN_W) / max(n_cols, 1)
    cell = min(CELL_MAX, by_height, by_width)
    if cell < CELL_MAX:
        return cell
    grow_h = usable_h * 0.45 / max(n_rows, 1)
    grow_w = (PAGE_W - 2 * MARGIN - code_w) * 0.45 / max(n_cols, 1)
    return max(CELL_MAX, min(CELL_GROW_MAX, grow_h, grow_w))


def _fits_upright(name: str, cell: float, height: float) -> bool:
    """Whether ``name`` prints upright in its column (``cell`` wide) whole, no word cut, at a legible size."""
    fitted = fit_label(name, cell - 0.6, height, max_pt=8, floor_pt=LABEL_FLOOR_PT)
    return not fitted.shortened and not any(line.endswith(HYPHEN) for line in fitted.lines)


def _label_max_pt(cell: float) -> float:
    """Labels grow with the cells: 9 pt at the classic 7 mm, up to 16 pt."""
    return min(LABEL_GROW_MAX_PT, max(LABEL_MAX_PT, LABEL_MAX_PT * cell / CELL_MAX))


class _Fitter:
    """Fits text into blocks and remembers which items had to be shortened."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def rows(
        self,
        items: list[tuple[str, str]],
        x: float,
        y: float,
        pitch: float,
        length: float,
        *,
        rotate: bool = False,
        max_pt: float = LABEL_MAX_PT,
        floor_pt: float = LABEL_FLOOR_PT,
        cls: str = "",
        pad: float = 0.6,
        lines_cap: int | None = None,
    ) -> None:
        """A list of (code, text) items, one per row of ``pitch`` mm, rows stacked down (or left to right).

        Printed as a bold column of codes and a column of labels, each one text block with
        one line per printed line; a rotated list reads bottom-to-top, codes at the bottom.
        """
        if not items:
            return
        codes = [code for code, _ in items]
        texts = [text for _, text in items]
        extent = pitch * len(items)

        def place(
            start: float,
            size: float,
            rows: list[list[tuple[str, str]]],
            k: int,
            *,
            pad: float,
            pad_end: float | None = None,
        ) -> None:
            w, h = (extent, size) if rotate else (size, extent)
            bx, by = (x, y + length - start - size) if rotate else (x + start, y)
            block = Block(
                bx, by, w, h, fitted.size_pt, pitch / k, rows, rotate=rotate, cls=cls, pad=pad, pad_end=pad_end
            )
            self.page.texts.append(block)

        if not any(texts):  # a column of codes only: one line per row, as tall as the row (centred in it)
            room = length - 2 * pad
            size = min(max_pt, pitch / (LINE_HEIGHT * PT_TO_MM))
            widest = max(codes, key=lambda code: text_width(code, 1.0, bold=True))
            while size - 0.25 >= floor_pt and text_width(widest, size, bold=True) > room:
                size -= 0.25
            block_rows = [[(code, "")] for code in codes]
            w, h = (extent, length) if rotate else (length, extent)
            self.page.texts.append(Block(x, y, w, h, size, pitch, block_rows, rotate=rotate, cls=cls, pad=pad))
            return

        def code_w(size_pt: float) -> float:
            widest = max(text_width(code, size_pt, bold=True) for code in codes)
            return widest + (CODE_GAP_EM * size_pt * PT_TO_MM if widest else 0.0)

        room = length - 2 * pad
        if code_w(max_pt) > room * CODE_COLUMN_MAX:  # a narrow list: each code starts its label's first line
            prefixes = [f"{code} " if code else "" for code in codes]
            joined = [f"{prefix}{text}" for prefix, text in zip(prefixes, texts, strict=True)]
            fitted = fit_rows(
                joined, room, pitch, max_pt=max_pt, floor_pt=floor_pt, prefixes=prefixes, lines_cap=lines_cap
            )
            self.page.shortened += [items[index] for index in fitted.shortened]
            k = fitted.lines_per_row
            rows = [
                [_split_code(line, prefix) for line in lines] + [("", "")] * (k - len(lines))
                for lines, prefix in zip(fitted.rows, prefixes, strict=True)
            ]
            place(0.0, length, rows, k, pad=pad)
            return
        first = fit_rows(texts, room - code_w(max_pt), pitch, max_pt=max_pt, floor_pt=floor_pt, lines_cap=lines_cap)
        cw = code_w(first.size_pt)  # the codes at the size the labels got: a little more room for them
        fitted = fit_rows(texts, room - cw, pitch, max_pt=first.size_pt, floor_pt=floor_pt, lines_cap=lines_cap)
        for index in fitted.shortened:
            self.page.shortened.append(items[index])
        k = fitted.lines_per_row
        if cw:
            code_rows = [[(code, "")] + [("", "")] * (k - 1) for code in codes]
            place(0.0, pad + cw, code_rows, k, pad=pad, pad_end=0.0)
        rows = [[("", line) for line in lines] + [("", "")] * (k - len(lines)) for lines in fitted.rows]
        if cw:
            place(pad + cw, length - pad - cw, rows, k, pad=0.0, pad_end=pad)
        else:
            place(0.0, length, rows, k, pad=pad)

    def one(
        self,
        text: str,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        code: str = "",
        rotate: bool = False,
        max_pt: float = LABEL_MAX_PT,
        floor_pt: float = LABEL_FLOOR_PT,
        cls: str = "",
        align: str = "left",
        pad: float = 0.6,
    ) -> None:
        """One label in a box, wrapped and centred across the box."""
        prefix = f"{code} " if code else ""
        length, thickness = (h, w) if rotate else (w, h)
        fitted = fit_label(
            prefix + text, length - 2 * pad, thickness, max_pt=max_pt, floor_pt=floor_pt, bold_prefix=prefix
        )
        if fitted.shortened:
            self.page.shortened.append((code, text))
        line_mm = fitted.size_pt * LINE_HEIGHT * PT_TO_MM
        pad_top = max(0.0, (thickness - line_mm * len(fitted.lines)) / 2)
        rows = [[_split_code(line, prefix) for line in fitted.lines]]
        block = Block(x, y, w, h, fitted.size_pt, line_mm, rows, rotate, cls, align, pad, pad_top)
        self.page.texts.append(block)

    def numbers(self, count: int, x: float, y: float, cell: float, height: float) -> None:
        """Column numbers 1..count under one another's cells: tabular digits spread by letter-spacing."""
        if not count:
            return
        digits = len(str(count))
        size = min(7.0, cell / (digits * DIGIT_EM * PT_TO_MM) * 0.85, height / (LINE_HEIGHT * PT_TO_MM))
        spacing = cell / digits - DIGIT_EM * size * PT_TO_MM
        text = "".join(str(n).rjust(digits, FIGURE_SPACE) for n in range(1, count + 1))
        block = Block(x + spacing / 2, y, cell * count, height, size, height, [[("", text)]], cls="num", pad=0)
        block.spacing = spacing
        self.page.texts.append(block)


def _grid_lines(x: float, y: float, cols: int, rows: int, cw: float, rh: float) -> str:
    """SVG path data for a grid's inner and outer lines."""
    parts = [f"M{x + c * cw:.2f} {y:.2f}V{y + rows * rh:.2f}" for c in range(cols + 1)]
    parts += [f"M{x:.2f} {y + r * rh:.2f}H{x + cols * cw:.2f}" for r in range(rows + 1)]
    return "".join(parts)


def _rows(row_ids: list[str], col_ids: list[str], marks: dict[tuple[str, str], str]) -> list[list[str]]:
    return [[marks.get((r, c), "") for c in col_ids] for r in row_ids]


def _layout(plan: Plan, variant: Variant, meta: str) -> Page:
    page = Page()
    fit = _Fitter(page)
    horizontal = variant == "horizontal"
    strategies, objectives, measures, people = plan.strategies, plan.objectives, plan.measures, plan.people
    initiatives = initiatives_in_display_order(plan)
    n_s, n_w, n_n, n_e, n_p = len(strategies), len(objectives), len(initiatives), len(measures), len(people)

    code_w = CODE_W_MIN
    cell = _cell_size(n_n + n_s, n_w + n_e + n_p, code_w)
    if cell < CELL_FLOOR:
        page.warnings.append(
            "This plan has more items than one A3 page can show legibly "
            f"({', '.join(plan_list(kind).words(len(getattr(plan, kind))) for kind in COUNTED_LISTS)}): "
            "the matrix is printed very small. Consider focusing the plan."
        )
    centre_h = PAGE_H - 2 * MARGIN - HEADER_H - cell * (n_n + n_s)
    centre_w = PAGE_W - 2 * MARGIN - code_w - cell * (n_w + n_e + n_p)
    centre_w = min(centre_w, max(CENTRE_MIN_W, centre_h * 1.6))  # keep the centre near square; spare width
    total_w = cell * (n_w + n_e + n_p) + code_w + centre_w  # is shared out as side margins
    x_w = (PAGE_W - total_w) / 2
    x_c = x_w + cell * n_w
    x_e = x_c + centre_w
    x_p = x_e + cell * n_e  # people code column, then one column per person
    x_pc = x_p + code_w
    y_n = MARGIN + HEADER_H
    y_c = y_n + cell * n_n
    y_s = y_c + centre_h
    y_end = y_s + cell * n_s
    page.centre = (x_c, y_c, centre_w, centre_h)

    # Outlines of the four lists and the four corner grids, and the people matrix.
    page.thin.append(_grid_lines(x_w, y_n, n_w, n_n, cell, cell))  # NW objectives x initiatives
    page.thin.append(_grid_lines(x_e, y_n, n_e, n_n, cell, cell))  # NE measures x initiatives
    page.thin.append(_grid_lines(x_w, y_s, n_w, n_s, cell, cell))  # SW objectives x strategies
    page.thin.append(_grid_lines(x_e, y_s, n_e, n_s, cell, cell))  # SE measures x strategies
    page.thin.append(_grid_lines(x_c, y_n, 1, n_n, centre_w, cell))  # North list rows
    page.thin.append(_grid_lines(x_c, y_s, 1, n_s, centre_w, cell))  # South list rows
    page.thin.append(_grid_lines(x_pc, y_n, n_p, n_n, cell, cell))  # people x initiatives
    page.thin.append(_grid_lines(x_p, y_n, 1, n_n, code_w, cell))
    y_pm = y_c + 3.0  # people x measures, beside the East list of measures
    pm_pitch = min(cell, (PAGE_H - MARGIN - y_pm) / max(n_e, 1))  # squeezed only for plans beyond the caps
    page.thin.append(_grid_lines(x_pc, y_pm, n_p, n_e, cell, pm_pitch))
    page.thin.append(_grid_lines(x_p, y_pm, 1, n_e, code_w, pm_pitch))
    if not horizontal:
        page.thin.append(_grid_lines(x_w, y_c, n_w, 1, cell, centre_h))  # West columns
        page.thin.append(_grid_lines(x_e, y_c, n_e, 1, cell, centre_h))  # East columns
    else:
        page.thin.append(_grid_lines(x_w, y_c, 1, 1, cell * n_w, centre_h))
        page.thin.append(_grid_lines(x_e, y_c, 1, 1, cell * n_e, centre_h))
    cx, cy = x_c + centre_w / 2, y_c + centre_h / 2
    page.thick.append(
        f"M{x_c:.2f} {y_c:.2f}h{centre_w:.2f}v{centre_h:.2f}h{-centre_w:.2f}z"
        f"M{x_c:.2f} {y_c:.2f}L{x_e:.2f} {y_s:.2f}M{x_e:.2f} {y_c:.2f}L{x_c:.2f} {y_s:.2f}"
    )
    page.thick.append(f"M{x_w:.2f} {y_n:.2f}H{x_pc + n_p * cell:.2f}M{x_w:.2f} {y_end:.2f}H{x_e + n_e * cell:.2f}")

    # Strategic initiatives and operational improvements: shaded apart, a thick rule between.
    n_strategic = sum(1 for i in initiatives if i.kind == InitiativeKind.STRATEGIC)
    if n_n - n_strategic:
        page.shades.append((x_w, y_n + n_strategic * cell, x_pc + n_p * cell - x_w, (n_n - n_strategic) * cell))
    if 0 < n_strategic < n_n:
        y_split = y_n + n_strategic * cell
        page.thick.append(f"M{x_w:.2f} {y_split:.2f}H{x_pc + n_p * cell:.2f}")

    # Symbols.
    def strengths(corner: Corner, flip: bool = False) -> dict[tuple[str, str], str]:
        return {((c, r) if flip else (r, c)): SYMBOLS[s] for (r, c), s in plan.marks_in(corner).items()}

    roles = {(m.item_id, m.person_id): SYMBOLS[m.role] for m in plan.marks}
    ids = {
        "s": [s.id for s in strategies],
        "o": [o.id for o in objectives],
        "i": [i.id for i in initiatives],
        "m": [m.id for m in measures],
        "p": [p.id for p in people],
    }
    nw = _rows(ids["i"], ids["o"], strengths(Corner.OBJECTIVE_INITIATIVE, flip=True))
    ne = _rows(ids["i"], ids["m"], strengths(Corner.INITIATIVE_MEASURE))
    sw = _rows(ids["s"], ids["o"], strengths(Corner.STRATEGY_OBJECTIVE))
    se = _rows(ids["s"], ids["m"], strengths(Corner.MEASURE_STRATEGY, flip=True))
    pi = _rows(ids["i"], ids["p"], roles)
    pm = _rows(ids["m"], ids["p"], roles)
    for x, y, pitch, rows in (
        (x_w, y_n, cell, nw),
        (x_e, y_n, cell, ne),
        (x_w, y_s, cell, sw),
        (x_e, y_s, cell, se),
        (x_pc, y_n, cell, pi),
        (x_pc, y_pm, pm_pitch, pm),
    ):
        page.symbols += _symbol_uses(x, y, cell, pitch, rows)

    # The four lists, with the codes the TUI shows (hoshin_tui.core.codes).
    codes = item_codes(plan)
    p_codes = [codes[i.id] for i in initiatives]
    label_pt = _label_max_pt(cell)
    fit.rows(
        [(c, i.title) for c, i in zip(p_codes, initiatives, strict=True)], x_c, y_n, cell, centre_w, max_pt=label_pt
    )
    fit.rows([(codes[s.id], s.title) for s in strategies], x_c, y_s, cell, centre_w, max_pt=label_pt)
    side = [
        (x_w, [(codes[o.id], o.title) for o in objectives]),
        (x_e, [(codes[m.id], _measure_text(m)) for m in measures]),
    ]
    for x0, items in side:
        if not items:
            continue
        if not horizontal:
            fit.rows(items, x0, y_c, cell, centre_h, rotate=True, max_pt=label_pt)
            continue
        strip = min(4.0, centre_h / 8)
        fit.numbers(len(items), x0, y_c, cell, strip)  # column numbers next to the grids above and below
        fit.numbers(len(items), x0, y_s - strip, cell, strip)
        fit.rows(items, x0, y_c + strip, (centre_h - 2 * strip) / len(items), cell * len(items), max_pt=label_pt)

    # Codes of the people matrix rows, and the people's names above their columns.
    fit.rows([(c, "") for c in p_codes], x_p, y_n, cell, code_w, max_pt=7, floor_pt=3.5, cls="num", pad=0.3)
    fit.rows(
        [(codes[m.id], "") for m in measures], x_p, y_pm, pm_pitch, code_w, max_pt=7, floor_pt=3.5, cls="num", pad=0.3
    )
    name_h = HEADER_H - 2.0
    # A name on one line reads at a glance; two lines only when some name would not fit at the floor.
    one_line = all(text_width(p.name, LABEL_FLOOR_PT) <= name_h - 1.2 for p in people)
    upright = horizontal and all(_fits_upright(p.name, cell, name_h) for p in people)
    if upright:  # the horizontal variant: names read without turning the page, when the columns are wide enough
        for k, person in enumerate(people):
            x, y = x_pc + k * cell, y_n - name_h
            fit.one(person.name, x, y, cell, name_h, max_pt=8, floor_pt=LABEL_FLOOR_PT, align="center", pad=0.3)
    elif horizontal and not one_line:  # no room for the names: numbers, and who they are under the matrix
        fit.numbers(n_p, x_pc, y_n - 4.0, cell, 4.0)
        page.people_key = [(str(k + 1), person.name) for k, person in enumerate(people)]
    else:
        names = [("", p.name) for p in people]
        fit.rows(names, x_pc, y_n - name_h, cell, name_h, rotate=True, max_pt=8, lines_cap=1 if one_line else None)

    # Captions of the four triangles, and the aim in the middle.
    cap_pt = 8.0
    for text, x, y, w, h, rotate in (
        ("Improvement priorities", x_c, y_c + 1, centre_w, 5, False),
        ("Breakthrough objectives (3–5 years)", x_c, y_s - 6, centre_w, 5, False),
        ("Annual objectives", x_c + 1, y_c, 5, centre_h, True),
        ("Measures: targets to improve", x_e - 6, y_c, 5, centre_h, True),
    ):
        fit.one(text, x, y, w, h, rotate=rotate, max_pt=cap_pt, floor_pt=4.0, cls="caption", align="center")
    aim_w, aim_h = centre_w * 0.56, centre_h * 0.42
    fit.one(
        "Aim of the system",
        cx - aim_w / 2,
        cy - aim_h / 2 - 4.5,
        aim_w,
        4.5,
        max_pt=7,
        floor_pt=4,
        cls="aimtitle",
        align="center",
    )
    fit.one(
        plan.aim or "(no aim yet)",
        cx - aim_w / 2,
        cy - aim_h / 2,
        aim_w,
        aim_h,
        max_pt=14,
        floor_pt=6,
        cls="aim",
        align="center",
    )
    page.aim_box = (cx - aim_w / 2, cy - aim_h / 2 - 4.5, aim_w, aim_h + 4.5)

    # Title block over the NW grid and the North list, the legend beside it.
    title_w = x_c + centre_w * 0.55 - x_w
    fit.one(plan.title, x_w, MARGIN, title_w, 10, max_pt=18, floor_pt=9, cls="title", pad=0)
    fit.one(meta, x_w, MARGIN + 11, title_w, 9, max_pt=9, floor_pt=6, cls="meta", pad=0)
    page.legend_box = (x_w + title_w + 3, MARGIN, x_p - (x_w + title_w + 3) - 2, HEADER_H - 5)
    page.has_operational = n_n - n_strategic > 0
    if page.people_key:  # horizontal variant: who is behind each column number
        key_y = y_pm + n_e * pm_pitch + 3
        key = f"{NBSP}· ".join(_key_entry(number, name) for number, name in page.people_key)
        fit.one(
            key,
            x_p,
            key_y,
            PAGE_W - MARGIN - x_p,
            max(5.0, PAGE_H - MARGIN - key_y),
            code="People:",
            max_pt=8,
            floor_pt=6,
            pad=0,
        )

    # Orphans: an item with an empty row or column in a corner grid it borders gets a red outline.
    def orphan_ids(
        corner: Corner, side: str, items: Sequence[Strategy | AnnualObjective | Initiative | Measure]
    ) -> set[str]:
        marked = {(r if side == "rows" else c) for r, c in plan.marks_in(corner)}
        return {item.id for item in items if item.id not in marked}

    orphaned = orphan_ids(Corner.STRATEGY_OBJECTIVE, "rows", strategies)
    orphaned |= orphan_ids(Corner.MEASURE_STRATEGY, "cols", strategies)
    orphaned |= orphan_ids(Corner.OBJECTIVE_INITIATIVE, "rows", objectives)
    orphaned |= orphan_ids(Corner.STRATEGY_OBJECTIVE, "cols", objectives)
    orphaned |= orphan_ids(Corner.INITIATIVE_MEASURE, "rows", initiatives)
    orphaned |= orphan_ids(Corner.OBJECTIVE_INITIATIVE, "cols", initiatives)
    orphaned |= orphan_ids(Corner.MEASURE_STRATEGY, "rows", measures)
    orphaned |= orphan_ids(Corner.INITIATIVE_MEASURE, "cols", measures)
    for k, initiative in enumerate(initiatives):
        if initiative.id in orphaned:
            page.orphans.append((x_c, y_n + k * cell, centre_w, cell))
    for k, strategy in enumerate(strategies):
        if strategy.id in orphaned:
            page.orphans.append((x_c, y_s + k * cell, centre_w, cell))
    sides: tuple[tuple[float, Sequence[AnnualObjective | Measure]], ...] = ((x_w, objectives), (x_e, measures))
    for x0, listed in sides:
        strip = min(4.0, centre_h / 8)
        pitch = (centre_h - 2 * strip) / max(len(listed), 1)
        for k, entry in enumerate(listed):
            if entry.id not in orphaned:
                continue
            if horizontal:
                page.orphans.append((x0, y_c + strip + k * pitch, cell * len(listed), pitch))
            else:
                page.orphans.append((x0 + k * cell, y_c, cell, centre_h))

    if page.shortened:
        page.warnings.append(
            f"{len(page.shortened)} label(s) were too long for the X-matrix page and are shortened with “…” "
            f"({_shortened_names(page.shortened)}); their full text is on the appendix page."
        )
    return page


SHORTENED_NAMED = 8
"""The warning names this many shortened labels, then says how many more (the appendix lists them all)."""
_UNPRINTED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _quoted(text: str, limit: int = 40) -> str:
    """A label quoted in a warning: one line, no control characters, at most ``limit`` characters."""
    text = " ".join(_UNPRINTED.sub("", text).split())
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 1].rstrip()}…'"


def _shortened_names(shortened: list[tuple[str, str]]) -> str:
    """Which labels were shortened, as the reader finds them: ``I2 'Reduce scrap…', 'Priya Raman'``."""
    names = [f"{code} {_quoted(text)}" if code else _quoted(text) for code, text in shortened[:SHORTENED_NAMED]]
    more = len(shortened) - SHORTENED_NAMED
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


__all__ = [
    "LEGEND_SYMBOLS",
    "VARIANTS",
    "default_xmatrix_path",
    "export_xmatrix",
    "plan_texts",
    "xmatrix_html",
]
