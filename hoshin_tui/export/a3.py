"""A3 sheets as ISO A3 landscape PDF pages: a pack of every A3 of the plan, or one of them.

Each sheet is a header band and two columns of fixed-height boxes in plain block layout
(PDF_NOTES: grid/flex is ~5x slower); the geometry comes from ``core.a3_prefill`` so the
TUI's "Background 120%: will shrink" and the paper agree. Text never gets clipped:

1. the estimate (``starting_size``) picks each box's font size, so most sheets fit in one pass;
2. after layout, each box's content rectangle is compared with its body; a box that
   overflows shrinks (down to 7 pt) and only that sheet is laid out again;
3. what still does not fit at 7 pt moves, from the first line (or table row) that does
   not fit, to a continuation page right behind the sheet (text in two columns at full
   size), marked on both pages, and the result's warnings name the box and the A3.

Each sheet is its own WeasyPrint document (so re-laying out one sheet costs one sheet);
the pages are joined at the end. WeasyPrint is imported only while rendering.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from hoshin_tui.core.a3_prefill import (
    BOX_HEIGHTS_MM,
    GEOMETRY,
    PT_TO_MM,
    TABLE_COLUMNS,
    box_fill,
    capacity,
    section_body,
    starting_size,
)
from hoshin_tui.core.codes import item_codes
from hoshin_tui.core.workspace import slugify
from hoshin_tui.export.pdf import (
    FONT_STACK,
    ExportResult,
    Rendered,
    gc_paused,
    missing_glyph_warnings,
    render_document,
    render_template,
    write_atomic,
    write_pdf_bytes,
)
from hoshin_tui.export.pdf.measure import fit_label, text_width
from hoshin_tui.model.a3_layout import Box, layout
from hoshin_tui.model.enums import A3Kind
from hoshin_tui.model.plan import A3, Plan

KIND_NAMES = {A3Kind.STRATEGY: "Strategy A3", A3Kind.PROBLEM_SOLVING: "Problem-solving A3", A3Kind.STATUS: "Status A3"}
PX_PER_MM = 96 / 25.4
MAX_PASSES = 6
_RATINGS = (
    ("red", re.compile(r"\b(red|off[ -]track|late|overdue|behind|blocked)\b", re.I)),
    ("yellow", re.compile(r"\b(yellow|amber|at[ -]risk)\b", re.I)),
    ("green", re.compile(r"\b(green|on[ -]track|done|complete[d]?|met)\b", re.I)),
)
_RATED_FIELDS = {"status", "actual"}


class A3ExportError(ValueError):
    """One human line: why the A3 PDF cannot be written."""


def default_a3_path(exports_dir: Path, session_name: str, only: str | None = None, *, plan: Plan | None = None) -> Path:
    """``exports/<session>-a3.pdf`` for the pack; for one A3, ``exports/<session>-A3-<code>-<title>.pdf``.

    The code is the one printed for the A3's subject (``S1``, ``I3``: ``core.codes``), the title
    its own, slugged (``Strategy A3: Grow aftermarket`` -> ``grow-aftermarket``), so the file reads
    like the sheet. Without ``plan`` (or an A3 it does not hold), the A3's id names it as before.
    """
    stem = _slug(session_name) or "session"
    if not only:
        return Path(exports_dir) / f"{stem}-a3.pdf"
    a3 = next((a3 for a3 in plan.a3s if a3.id == only), None) if plan is not None else None
    if plan is None or a3 is None:
        one = _slug(only)
        return Path(exports_dir) / (f"{stem}-{one}.pdf" if one.startswith("a3-") else f"{stem}-a3-{one}.pdf")
    return Path(exports_dir) / f"{stem}-{a3_file_label(plan, a3)}.pdf"


def a3_file_label(plan: Plan, a3: A3) -> str:
    """``A3-S1-grow-aftermarket``: the subject's code and the A3's title, for a file name."""
    code = item_codes(plan).get(a3.subject_id or "", "")
    title = _slug(a3.title).removeprefix("strategy-a3-")
    if len(title) > 48:  # a long title: its first words, cut between two of them
        title = title[:49].rsplit("-", 1)[0]
    if not title:  # nothing a file name can hold (a title in Arabic, say): its place among the A3s
        title = str(next(index for index, other in enumerate(plan.a3s, 1) if other.id == a3.id))
    return "-".join(part for part in ("A3", code, title) if part)


def _slug(text: str) -> str:
    try:
        return slugify(text)
    except ValueError:  # nothing usable in the name
        return ""


def rating_of(text: str) -> str:
    """ "red", "yellow" or "green" when the cell says so ("at risk", "(green)"), else ""."""
    return next((name for name, pattern in _RATINGS if pattern.search(text)), "")


# --- what each box shows, and how it is set ---------------------------------------------------------------


@dataclass
class BoxState:
    """The font size of one box, and where its content is cut for the continuation page."""

    size_pt: float
    cut: int | None = None  # text: characters kept on the sheet; table: rows kept
    limit: int | None = None  # while measuring: show only this much (the estimate says far less fits)


@dataclass
class SheetPlan:
    a3: A3
    index: int
    states: dict[str, BoxState]
    first_page: int = 1
    pages: int = 1
    rendered: Rendered | None = None

    @property
    def anchor(self) -> str:
        return f"s{self.index}"


def _cut_text(text: str, keep: int | None) -> tuple[str, str]:
    if keep is None:
        return text, ""
    return text[:keep].rstrip(), text[keep:].lstrip()


def _paragraphs(text: str) -> list[str]:
    return text.split("\n") if text else []


WRITING_LINE_MM = 8.0
"""The pitch of the ruled lines an empty box prints, to write on by hand."""
TABLE_HEAD_MM = 7.0  # the heading row of a table, with a little room


def _writing_lines(body_mm: float) -> int:
    """How many ruled lines fill an empty box body of ``body_mm``."""
    return max(0, int(body_mm // WRITING_LINE_MM))


def _table_rows(a3: A3, box: Box) -> list[dict[str, str]]:
    return [row.model_dump() for row in getattr(a3, box.content)]


RATING_GLYPHS = {"green": "●", "yellow": "▲", "red": "■"}
"""A rated cell shows its rating's sign as well as its colour (the bowling chart's glyphs): it reads in greyscale."""
TRENDS = (A3Kind.STRATEGY, A3Kind.STATUS)
"""The kinds whose key-metrics box draws a small trend chart under each measure (``trend_svg.py``)."""


def _trends(plan: Plan, a3: A3, box: Box, today: date) -> Callable[[dict[str, str]], tuple[str, str]] | None:
    """For the key-metrics box of a strategy or status A3: (trend chart as SVG, latest status) of a row's measure.

    The markup holds numbers only; the latest status is plain text, escaped like any other.
    """
    if a3.kind not in TRENDS or box.key != "metrics":
        return None
    from hoshin_tui.core.review import build_board
    from hoshin_tui.export.trend_svg import latest_status, measure_of_row, row_points, trend_svg

    board = build_board(plan, today=today)

    def trend(row: dict[str, str]) -> tuple[str, str]:
        measure = measure_of_row(plan, row.get("item", ""))
        board_row = board.row(measure.id) if measure is not None else None
        if board_row is None:
            return "", ""
        return trend_svg(row_points(board_row)), latest_status(board_row)

    return trend


def _table_view(
    anchor: str,
    box: Box,
    rows: list[dict[str, str]],
    first: int,
    trend: Callable[[dict[str, str]], tuple[str, str]] | None = None,
) -> dict[str, Any]:
    columns = TABLE_COLUMNS[box.content]
    return {
        "kind": "table",
        "anchor": anchor,
        "hint": "",
        "writing_lines": 0,
        "columns": [{"heading": heading, "percent": round(share * 100, 2)} for _, heading, share in columns],
        "rows": [
            {
                "index": first + i,
                "trend": trend(row) if trend is not None else ("", ""),
                "cells": [
                    {"text": row[name], "rating": rating_of(row[name]) if name in _RATED_FIELDS else ""}
                    for name, _, _ in columns
                ],
            }
            for i, row in enumerate(rows)
        ],
    }


# --- the header band: every field fitted in Python, so nothing runs over the boxes ------------------------

FIELDS_W = 150.0  # the owner / mentor / revised / version fields, at the right of the band
BAND_MAIN_W = GEOMETRY.page_w - 2 * GEOMETRY.margin - FIELDS_W - 4
KIND_TOP, KIND_H, KIND_PT = 0.5, 4.2, 9.0
TITLE_TOP = KIND_TOP + KIND_H + 0.3
TITLE_H = GEOMETRY.header_h - TITLE_TOP - 1.2  # down to the band's rule
NOTE_H = 3.6  # "the title continues on page N", under a shortened title
TITLE_MAX_PT, TITLE_FLOOR_PT = 20.0, 10.0
FIELD_LABEL_W, FIELD_PAD = 17.0, 1.0
FIELD_VALUE_W = (FIELDS_W - 2 * FIELD_LABEL_W) / 2
FIELD_TOP, FIELD_ROW_H = 0.8, (GEOMETRY.header_h - 2.4) / 2
FIELD_MAX_PT, FIELD_FLOOR_PT = 10.0, 7.0
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _printable(text: str) -> str:
    """User text as it prints: control characters (which print as nothing) removed."""
    return _CONTROL.sub("", text)


def _short(text: str, limit: int = 60) -> str:
    """A user's text quoted in a warning line: one line, no control characters, at most ``limit`` characters."""
    text = " ".join(_printable(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class HeaderField:
    """One fitted header field: where it prints, at which size, and whether it was shortened."""

    label: str
    text: str  # in full
    lines: tuple[str, ...]
    size_pt: float
    shortened: bool
    x: float
    y: float
    w: float
    h: float

    @property
    def printed(self) -> str:
        return "\n".join(self.lines)


def _fit_field(
    label: str, text: str, x: float, y: float, w: float, h: float, *, max_pt: float, floor_pt: float
) -> HeaderField:
    fitted = fit_label(_printable(text), w, h, bold=True, max_pt=max_pt, floor_pt=floor_pt)
    return HeaderField(label, text, fitted.lines, fitted.size_pt, fitted.shortened, x, y, w, h)


def header_fields(plan: Plan, a3: A3) -> dict[str, HeaderField]:
    """The title, plan title and the four fields of ``a3``'s band, each fitted to its place (mm, in the band)."""
    kind = KIND_NAMES[a3.kind].upper()
    spacing = (len(kind) + 3) * 0.04 * KIND_PT * PT_TO_MM  # the kind line's letter-spacing
    kind_w = text_width(kind + " · ", KIND_PT) + spacing + 0.5 if plan.title else 0.0
    fields = {
        "plan": _fit_field(
            "Plan", plan.title, kind_w, KIND_TOP, BAND_MAIN_W - kind_w, KIND_H, max_pt=KIND_PT, floor_pt=7.0
        ),
        "title": _fit_field(
            "Title", a3.title, 0.0, TITLE_TOP, BAND_MAIN_W, TITLE_H, max_pt=TITLE_MAX_PT, floor_pt=TITLE_FLOOR_PT
        ),
    }
    if fields["title"].shortened:  # leave a line under it for the note that says where the rest is
        fields["title"] = _fit_field(
            "Title",
            a3.title,
            0.0,
            TITLE_TOP,
            BAND_MAIN_W,
            TITLE_H - NOTE_H,
            max_pt=TITLE_MAX_PT,
            floor_pt=TITLE_FLOOR_PT,
        )
    left = GEOMETRY.page_w - 2 * GEOMETRY.margin - FIELDS_W
    values = (
        ("owner", "Owner", plan.person_name(a3.owner_id), 0, 0),
        ("revised", "Revised", a3.revised.isoformat() if a3.revised else "", 1, 0),
        ("mentor", "Mentor", plan.person_name(a3.mentor_id), 0, 1),
        ("version", "Version", a3.version, 1, 1),
    )
    for key, label, text, column, row in values:
        x = left + column * (FIELD_LABEL_W + FIELD_VALUE_W) + FIELD_LABEL_W + FIELD_PAD
        y = FIELD_TOP + row * FIELD_ROW_H + 0.6
        fields[key] = _fit_field(
            label,
            text or "–",
            x,
            y,
            FIELD_VALUE_W - 2 * FIELD_PAD,
            FIELD_ROW_H - 0.6,
            max_pt=FIELD_MAX_PT,
            floor_pt=FIELD_FLOOR_PT,
        )
    return fields


def _header_labels() -> list[dict[str, Any]]:
    left = GEOMETRY.page_w - 2 * GEOMETRY.margin - FIELDS_W
    labels = []
    for column, row, label in ((0, 0, "Owner"), (1, 0, "Revised"), (0, 1, "Mentor"), (1, 1, "Version")):
        x = left + column * (FIELD_LABEL_W + FIELD_VALUE_W)
        labels.append({"text": label, "x": x, "y": FIELD_TOP + row * FIELD_ROW_H + 0.6 + 0.35})
    return labels


def _sheet_view(plan: Plan, sheet: SheetPlan, today: date | None = None) -> dict[str, Any]:
    a3 = sheet.a3
    columns: dict[str, list[dict[str, Any]]] = {"left": [], "right": []}
    continuation = []
    for box in layout(a3.kind):
        state = sheet.states[box.key]
        anchor = f"{sheet.anchor}-{box.key}"
        height = BOX_HEIGHTS_MM[a3.kind][box.key]
        if box.content == "text":
            body = section_body(a3, box.key)
            kept, rest = _cut_text(body[: state.limit] if state.cut is None else body, state.cut)
            spill = {"kind": "text", "paragraphs": _paragraphs(rest)} if rest else None
            view = {
                "kind": "text",
                "anchor": anchor,
                "paragraphs": _paragraphs(kept),
                "hint": "",
                "writing_lines": _writing_lines(GEOMETRY.body_h(height)) if not kept and not spill else 0,
            }
        else:
            rows = _table_rows(a3, box)
            if state.cut is None and state.limit is not None:
                rows = rows[: state.limit]  # measuring: the rest goes overleaf anyway
            keep = len(rows) if state.cut is None else state.cut
            trend = _trends(plan, a3, box, today or date.today())
            view = _table_view(anchor, box, rows[:keep], 0, trend)
            if not rows:  # blank rows to write in, under the column headings
                view["writing_lines"] = _writing_lines(GEOMETRY.body_h(height) - TABLE_HEAD_MM)
            spill = _table_view(f"{anchor}-more", box, rows[keep:], keep, trend) if rows[keep:] else None
        view.update(
            heading=box.heading,
            height_mm=height,
            body_mm=round(GEOMETRY.body_h(height), 3),
            size_pt=state.size_pt,
            continued_on=sheet.first_page + 1 if spill else None,
        )
        columns[box.column].append(view)
        if spill:
            spill["heading"] = box.heading
            continuation.append(spill)
    fields = header_fields(plan, a3)
    spilled_fields = [field for key, field in fields.items() if field.shortened and key != "title"]
    if spilled_fields:  # the header's shortened fields, in full, first on the continuation page
        paragraphs = [f"{field.label}: {_printable(field.text)}" for field in spilled_fields]
        continuation.insert(0, {"kind": "text", "heading": "Header fields in full", "paragraphs": paragraphs})
    title = fields["title"]
    return {
        "anchor": sheet.anchor,
        "kind_name": KIND_NAMES[a3.kind],
        "fields": fields,
        "labels": _header_labels(),
        "title_note": f"the title continues on page {sheet.first_page + 1} →" if title.shortened else "",
        "note_y": title.y + title.h,
        "title": _printable(a3.title),
        "first_page": sheet.first_page,
        "columns": [{"side": side, "boxes": boxes} for side, boxes in columns.items()],
        "continuation": continuation,
        "continued": bool(continuation) or title.shortened,
    }


# --- style: numbers only, never user text ------------------------------------------------------------------


def _page_numbers(first_page: int, total: int) -> str:
    """The only part of the style that changes from sheet to sheet (tiny, so the rest is parsed once)."""
    return f"""
@page {{ @bottom-right {{ content: "page " counter(page) " / {total}"; font-family: {FONT_STACK}; font-size: 8pt;
  color: #555; }} }}
@page :first {{ counter-reset: page {first_page}; }}
"""


@cache
def _style() -> str:
    g = GEOMETRY
    return f"""
@page {{
  size: A3 landscape;
  margin: {g.margin}mm {g.margin}mm {g.margin_bottom - 2}mm {g.margin}mm;  /* 2 mm spare against rounding */
  @bottom-left {{ content: string(session); font-family: {FONT_STACK}; font-size: 8pt; color: #555; }}
}}
html {{ font-family: {FONT_STACK}; color: #1b1f24; line-height: {g.line_height}; }}
body {{ margin: 0; }}
.runner {{ height: 0; visibility: hidden; }}
.runner-session {{ string-set: session content(); }}
.sheet {{ position: relative; height: {g.page_h - g.margin - g.margin_bottom - 0.5}mm; }}
.band {{ height: {g.header_h}mm; box-sizing: border-box; border-bottom: 0.8mm solid #1f3a5f;
  position: relative; }}
.kind {{ position: absolute; left: 0; font-size: {KIND_PT}pt; line-height: 1.15; color: #4a5a6e;
  text-transform: uppercase; letter-spacing: 0.04em; white-space: pre; }}
h1 {{ margin: 0.8mm 0 0 0; color: #1f3a5f; font-weight: 700; line-height: 1.15; }}
.kind-small {{ font-size: 9pt; color: #4a5a6e; text-transform: uppercase; letter-spacing: 0.04em; margin-top: 0.5mm; }}
.f {{ position: absolute; white-space: pre; line-height: 1.15; font-weight: 700; }}
.f-plan {{ font-weight: 400; color: #4a5a6e; }}
.f-title {{ color: #1f3a5f; }}
.flabel {{ position: absolute; font-size: 10pt; line-height: 1.15; color: #4a5a6e; }}
.note.title-note {{ position: absolute; left: 0; margin: 0; font-size: 8pt; line-height: 1.15; }}
.column {{ position: absolute; top: {g.header_h + g.header_gap}mm; width: {g.column_w}mm; }}
.column-left {{ left: 0; }}
.column-right {{ left: {g.column_w + g.column_gap}mm; }}
.box {{ box-sizing: border-box; border: {g.box_border}mm solid #1f3a5f; margin-bottom: {g.box_gap}mm; }}
.box-head {{ box-sizing: border-box; height: {g.box_heading_h}mm; background: #dde6f0; color: #1f3a5f;
  padding: 0 {g.box_pad_x}mm; font-weight: 700; font-size: 11pt; line-height: {g.box_heading_h}mm; }}
.note {{ float: none; margin-left: 4mm; font-weight: 400; font-style: italic; font-size: 9pt; color: #9a3412; }}
.box-body {{ padding: {g.box_pad_y}mm {g.box_pad_x}mm; }}
p {{ margin: 0; white-space: pre-wrap; overflow-wrap: break-word; }}
p.blank {{ height: {g.line_height}em; }}
p.hint, tr.empty td {{ color: #8a94a3; font-style: italic; }}
table.rows {{ width: 100%; border-collapse: collapse; table-layout: fixed; font-size: {g.table_em}em; }}
table.rows th {{ text-align: left; color: #4a5a6e; font-weight: 700; border-bottom: 0.3mm solid #1f3a5f;
  padding: {g.cell_pad_y}mm {g.cell_pad_x}mm; }}
table.rows td {{ vertical-align: top; border-bottom: {g.rule_mm}mm solid #c9d3df;
  padding: {g.cell_pad_y}mm {g.cell_pad_x}mm; overflow-wrap: break-word; }}
td.rag-red {{ background: #fde2e1; }}
td.rag-yellow {{ background: #fdf3c4; }}
td.rag-green {{ background: #dcf2e0; }}
.dot {{ margin-right: 0.35em; }}
.rag-red .dot {{ color: #c62828; }}
.rag-yellow .dot {{ color: #a07800; }}
.rag-green .dot {{ color: #2e7d32; }}
.trend {{ display: inline-block; vertical-align: top; margin: 0.3mm 0 0 1.5mm; }}
.latest {{ display: block; font-size: 0.85em; color: #333; }}
.writing-line {{ height: {WRITING_LINE_MM - 0.2}mm; border-bottom: 0.2mm solid #c9d3df; }}
tr.blank-row td {{ height: {WRITING_LINE_MM - 2 * g.cell_pad_y - g.rule_mm}mm; }}
.continuation {{ break-before: page; }}
.band-small {{ height: auto; padding-bottom: 2mm; margin-bottom: {g.header_gap}mm; }}
.band-small h1 {{ font-size: 16pt; overflow-wrap: anywhere; }}
.cbox {{ border: {g.box_border}mm solid #1f3a5f; margin-bottom: {g.box_gap}mm; }}
.cbox .box-head {{ break-after: avoid; }}
.cbox-body {{ padding: {g.box_pad_y}mm {g.box_pad_x}mm; font-size: {g.base_pt}pt; }}
/* two box-wide columns: a line across the whole page would be ~200 characters long */
.cbox-text {{ column-count: 2; column-gap: {g.column_gap + 2 * g.box_pad_x}mm; }}
"""


# --- layout, measure, adjust -------------------------------------------------------------------------------


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _walk(child)


def _boxes_by_id(page: Any, prefix: str) -> dict[str, Any]:
    found = {}
    for box in _walk(page._page_box):
        element = getattr(box, "element", None)
        ident = element.get("id") if element is not None else None
        if ident and ident.startswith(prefix) and ident not in found:
            found[ident] = box
    return found


def _text_of(line: Any) -> str:
    return "".join(getattr(box, "text", "") for box in _walk(line))


def _keep_chars(body: str, visible: int) -> int:
    """Index in ``body`` just after its first ``visible`` non-space characters, moved back to a word start."""
    seen = 0
    for index, char in enumerate(body):
        if not char.isspace():
            if seen == visible:
                return index
            seen += 1
    return len(body)


def _render(plan: Plan, sheet: SheetPlan, total: int, session_name: str, printed: str) -> Rendered:
    footer = " · ".join(part for part in (session_name, f"printed {printed}") if part)
    html = render_template(
        "a3.html.j2",
        sheet=_sheet_view(plan, sheet, date.fromisoformat(printed)),
        footer_left=footer,
        lang="en",
        glyphs=RATING_GLYPHS,
    )
    return render_document(html, css=[_style(), _page_numbers(sheet.first_page, total)], xhtml=True)


def _adjust(sheet: SheetPlan, *, hurry: bool = False) -> bool:
    """Shrink or cut every box that overflows on the sheet's first page; True when anything changed.

    ``hurry`` goes straight to the floor size, so a sheet always settles within a few passes.
    """
    assert sheet.rendered is not None
    page = sheet.rendered.document.pages[0]
    anchors = page.anchors
    changed = False
    boxes = None
    for box in layout(sheet.a3.kind):
        state = sheet.states[box.key]
        anchor = f"{sheet.anchor}-{box.key}"
        if state.cut is not None or f"{anchor}-body" not in anchors:
            continue
        body = anchors[f"{anchor}-body"]
        content = anchors[f"{anchor}-content"]
        bottom = body[3] - GEOMETRY.box_pad_y * PX_PER_MM
        needed, room = content[3] - content[1], bottom - content[1]
        if needed <= room + 0.5:
            if state.limit is not None:  # the estimate was too pessimistic: show all of it and measure again
                state.limit = None
                changed = True
            continue
        changed = True
        if state.size_pt > GEOMETRY.floor_pt:
            # text area grows with the square of the font size: jump straight to the likely size
            guess = state.size_pt * math.sqrt(room / needed) + 0.05
            steps = [s for s in GEOMETRY.sizes() if s < state.size_pt]
            state.size_pt = next((s for s in steps if s <= guess and not hurry), GEOMETRY.floor_pt)
            continue
        boxes = boxes or _boxes_by_id(page, f"{sheet.anchor}-")
        state.cut = _cut_point(sheet, box, boxes, bottom)
    return changed


def _cut_point(sheet: SheetPlan, box: Box, boxes: dict[str, Any], bottom: float) -> int:
    """Where to cut ``box`` at the floor size: characters (text) or rows (tables) that fit above ``bottom``."""
    anchor = f"{sheet.anchor}-{box.key}"
    if box.content != "text":
        rows = _table_rows(sheet.a3, box)
        fitting = 0
        for index in range(len(rows)):
            row = boxes.get(f"{anchor}-row{index}")
            if row is None or row.position_y + row.margin_height() > bottom + 0.5:
                break
            fitting = index + 1
        return fitting
    visible = 0
    content = boxes[f"{anchor}-content"]
    for line in _walk(content):
        if type(line).__name__ != "LineBox":
            continue
        if line.position_y + line.height > bottom + 0.5:
            break
        visible += sum(1 for char in _text_of(line) if not char.isspace())
    return _keep_chars(section_body(sheet.a3, box.key), visible)


def _first_guess(a3: A3, box: Box) -> BoxState:
    """The estimate's font size; for a box that will not fit even at the floor, only a little more
    than the estimate says fits is laid out while measuring (the rest goes overleaf anyway)."""
    state = BoxState(starting_size(a3, box))
    if box_fill(a3, box, GEOMETRY.floor_pt) > 1.0:
        state.limit = max(1, capacity(a3, box, GEOMETRY.floor_pt, slack=1.4))
    return state


def _lay_out(plan: Plan, sheet: SheetPlan, total: int, session_name: str, printed: str) -> None:
    """Lay ``sheet`` out until every box fits or has been cut (a few passes at most)."""
    sheet.rendered = _render(plan, sheet, total, session_name, printed)
    for attempt in range(MAX_PASSES):
        if not _adjust(sheet, hurry=attempt >= 2):
            break
        sheet.rendered = _render(plan, sheet, total, session_name, printed)
    sheet.pages = sheet.rendered.pages


def _predicted_pages(plan: Plan, sheet: SheetPlan) -> int:
    """1, plus the continuation pages the estimate expects (so page numbers rarely need a second layout)."""
    g = GEOMETRY
    spill_mm = 0.0
    for box in layout(sheet.a3.kind):
        overflow = box_fill(sheet.a3, box, g.floor_pt) - 1.0
        if overflow > 0:
            # what is left at 7 pt in a box, set again at full size in two box-wide columns
            at_floor = overflow * g.body_h(BOX_HEIGHTS_MM[sheet.a3.kind][box.key])
            spill_mm += at_floor * (g.base_pt / g.floor_pt) ** 2 / 2 + g.box_heading_h + g.box_gap
    usable = g.page_h - g.margin - g.margin_bottom - g.header_h
    if not spill_mm and _header_spills(plan, sheet.a3):
        return 2  # the header's fields in full, overleaf
    return 1 + math.ceil(spill_mm / usable) if spill_mm else 1


def _spills(a3: A3, box: Box, state: BoxState) -> bool:
    """Whether part of ``box`` prints overleaf (a cut can keep everything when only blank space overflowed)."""
    if state.cut is None:
        return False
    if box.content == "text":
        return bool(_cut_text(section_body(a3, box.key), state.cut)[1])
    return state.cut < len(getattr(a3, box.content))


_FIELD_WORDS = {
    "plan": "the plan title",
    "owner": "the owner's name",
    "mentor": "the mentor's name",
    "revised": "the revision date",
    "version": "the version",
}


def _header_spills(plan: Plan, a3: A3) -> list[str]:
    """Keys of the header fields that are shortened on the sheet (and printed in full overleaf)."""
    return [key for key, field in header_fields(plan, a3).items() if field.shortened]


def _warnings(plan: Plan, sheet: SheetPlan) -> list[str]:
    title = _short(sheet.a3.title)
    lines = []
    anchors = sheet.rendered.document.pages[0].anchors if sheet.rendered is not None else {}
    spilled = [box for box in layout(sheet.a3.kind) if _spills(sheet.a3, box, sheet.states[box.key])]
    header = _header_spills(plan, sheet.a3)
    if sheet.pages > 1 and not spilled and not header:  # a safety net: the fixed layout should never spill
        lines.append(f"A3 '{title}': the sheet took {sheet.pages} pages instead of one; check the PDF")
    band, heading = anchors.get(f"{sheet.anchor}-band"), anchors.get(f"{sheet.anchor}-head-title")
    if band and heading and heading[3] > band[3] + 0.5:
        lines.append(f"A3 '{title}': the title is too long for the header band and runs into the boxes; shorten it")
    overleaf = sheet.first_page + 1
    for key in header:
        if key == "title":
            lines.append(
                f"A3 '{title}': the title is too long for the header band even at {TITLE_FLOOR_PT:g} pt; "
                f"it is shortened there and printed in full on page {overleaf}"
            )
        else:
            lines.append(
                f"A3 '{title}': {_FIELD_WORDS[key]} is too long for its header field even at {FIELD_FLOOR_PT:g} pt; "
                f"it is shortened there and printed in full on page {overleaf}"
            )
    for box in layout(sheet.a3.kind):
        state = sheet.states[box.key]
        if box in spilled:
            lines.append(
                f"A3 '{title}': {box.heading} does not fit even at {GEOMETRY.floor_pt:g} pt; "
                f"it continues on page {overleaf}"
            )
        elif state.size_pt < GEOMETRY.base_pt:
            lines.append(f"A3 '{title}': {box.heading} shrunk to {state.size_pt:g} pt to fit")
    return lines


def export_a3(
    plan: Plan, out_path: Path | str, *, only: str | None = None, session_name: str = "", today: date | None = None
) -> ExportResult:
    """Write the A3 pack (every A3 of ``plan``), or the A3 with id ``only``, to ``out_path`` atomically.

    Warnings name each box that shrank or continues on another page, and characters no
    font can print. Raises :class:`A3ExportError` (one line) when there is nothing to print.
    """
    a3s = list(plan.a3s)
    if only is not None:
        a3s = [a3 for a3 in a3s if a3.id == only]
        if not a3s:
            known = ", ".join(a3.id for a3 in plan.a3s) or "none yet"
            raise A3ExportError(f"No A3 with id '{only}' in this session (A3s: {known})")
    if not a3s:
        raise A3ExportError("This session has no A3 yet: create one in the A3 step first")
    printed = (today or date.today()).isoformat()
    with gc_paused():
        return _export(plan, a3s, Path(out_path), session_name, printed)


def _export(plan: Plan, a3s: list[A3], out: Path, session_name: str, printed: str) -> ExportResult:
    sheets = [
        SheetPlan(a3, index, {box.key: _first_guess(a3, box) for box in layout(a3.kind)})
        for index, a3 in enumerate(a3s)
    ]
    predicted = [_predicted_pages(plan, sheet) for sheet in sheets]
    _number(sheets, predicted)
    total = sum(predicted)
    for sheet in sheets:
        _lay_out(plan, sheet, total, session_name, printed)
    actual_total = sum(sheet.pages for sheet in sheets)
    if actual_total != total or any(s.first_page != f for s, f in zip(sheets, _starts(sheets), strict=True)):
        # the estimate missed a continuation page: page numbers moved, so lay out again with the real ones
        _number(sheets, [sheet.pages for sheet in sheets])
        for sheet in sheets:
            _lay_out(plan, sheet, actual_total, session_name, printed)
        actual_total = sum(sheet.pages for sheet in sheets)
    documents = [sheet.rendered for sheet in sheets if sheet.rendered is not None]
    pages = [page for rendered in documents for page in rendered.document.pages]
    combined = Rendered(document=documents[0].document.copy(pages))
    pdf = write_pdf_bytes(combined)
    missing = list(dict.fromkeys(c for r in [*documents, combined] for c in r.missing_chars))
    warnings = [line for sheet in sheets for line in _warnings(plan, sheet)] + missing_glyph_warnings(missing)
    write_atomic(out, pdf)
    return ExportResult(out, len(pages), warnings)


def _starts(sheets: list[SheetPlan]) -> list[int]:
    starts, page = [], 1
    for sheet in sheets:
        starts.append(page)
        page += sheet.pages
    return starts


def _number(sheets: list[SheetPlan], pages: list[int]) -> None:
    page = 1
    for sheet, count in zip(sheets, pages, strict=True):
        sheet.first_page = page
        page += count
