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
from collections.abc import Iterator
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
from hoshin_tui.model.a3_layout import Box, layout
from hoshin_tui.model.enums import A3Kind
from hoshin_tui.model.plan import A3, Plan

KIND_NAMES = {A3Kind.STRATEGY: "Strategy A3", A3Kind.PROBLEM_SOLVING: "Problem-solving A3", A3Kind.STATUS: "Status A3"}
PX_PER_MM = 96 / 25.4
MAX_PASSES = 6
TITLE_SIZES = (20, 17, 14, 12, 10)
_RATINGS = (
    ("red", re.compile(r"\b(red|off[ -]track|late|overdue|behind|blocked)\b", re.I)),
    ("yellow", re.compile(r"\b(yellow|amber|at[ -]risk)\b", re.I)),
    ("green", re.compile(r"\b(green|on[ -]track|done|complete[d]?|met)\b", re.I)),
)
_RATED_FIELDS = {"status", "actual"}


class A3ExportError(ValueError):
    """One human line: why the A3 PDF cannot be written."""


def default_a3_path(exports_dir: Path, session_name: str, only: str | None = None) -> Path:
    """``exports/<session>-a3.pdf`` for the pack, ``exports/<session>-a3-<id>.pdf`` for one A3 (ids start "a3_")."""
    stem = _slug(session_name) or "session"
    if not only:
        return Path(exports_dir) / f"{stem}-a3.pdf"
    one = _slug(only)
    return Path(exports_dir) / (f"{stem}-{one}.pdf" if one.startswith("a3-") else f"{stem}-a3-{one}.pdf")


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


def _table_rows(a3: A3, box: Box) -> list[dict[str, str]]:
    return [row.model_dump() for row in getattr(a3, box.content)]


def _table_view(anchor: str, box: Box, rows: list[dict[str, str]], first: int) -> dict[str, Any]:
    columns = TABLE_COLUMNS[box.content]
    return {
        "kind": "table",
        "anchor": anchor,
        "hint": "",
        "columns": [{"heading": heading, "percent": round(share * 100, 2)} for _, heading, share in columns],
        "rows": [
            {
                "index": first + i,
                "cells": [
                    {"text": row[name], "rating": rating_of(row[name]) if name in _RATED_FIELDS else ""}
                    for name, _, _ in columns
                ],
            }
            for i, row in enumerate(rows)
        ],
    }


def _title_size(title: str) -> float:
    """The largest title size at which the title takes at most two lines of the band."""
    width = GEOMETRY.page_w - 2 * GEOMETRY.margin - 150  # the fields table takes the right of the band
    for size in TITLE_SIZES:
        per_line = width / (0.52 * size * PT_TO_MM)
        if math.ceil(len(title) / per_line) <= 2:
            return size
    return TITLE_SIZES[-1]


def _sheet_view(plan: Plan, sheet: SheetPlan) -> dict[str, Any]:
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
                "hint": "" if spill else box.hint,
            }
        else:
            rows = _table_rows(a3, box)
            if state.cut is None and state.limit is not None:
                rows = rows[: state.limit]  # measuring: the rest goes overleaf anyway
            keep = len(rows) if state.cut is None else state.cut
            view = _table_view(anchor, box, rows[:keep], 0)
            spill = _table_view(f"{anchor}-more", box, rows[keep:], keep) if rows[keep:] else None
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
    return {
        "anchor": sheet.anchor,
        "kind_name": KIND_NAMES[a3.kind],
        "plan_title": plan.title,
        "title": a3.title,
        "title_pt": _title_size(a3.title),
        "owner": plan.person_name(a3.owner_id),
        "mentor": plan.person_name(a3.mentor_id),
        "revised": a3.revised.isoformat() if a3.revised else "",
        "version": a3.version,
        "first_page": sheet.first_page,
        "columns": [{"side": side, "boxes": boxes} for side, boxes in columns.items()],
        "continuation": continuation,
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
.band-main {{ position: absolute; left: 0; top: 0; width: {g.page_w - 2 * g.margin - 152}mm; }}
.kind {{ font-size: 9pt; color: #4a5a6e; text-transform: uppercase; letter-spacing: 0.04em; margin-top: 0.5mm; }}
h1 {{ margin: 0.8mm 0 0 0; color: #1f3a5f; font-weight: 700; line-height: 1.15; }}
.fields {{ position: absolute; right: 0; top: 1mm; width: 150mm; border-collapse: collapse; font-size: 10pt;
  table-layout: fixed; }}
.fields th {{ text-align: left; color: #4a5a6e; font-weight: 400; width: 17mm; padding: 0.8mm 1mm;
  vertical-align: top; }}
.fields td {{ font-weight: 700; padding: 0.8mm 1mm; vertical-align: top; }}
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
.dot {{ display: inline-block; width: 0.7em; height: 0.7em; border-radius: 50%; margin-right: 0.35em; }}
.rag-red .dot {{ background: #c62828; }}
.rag-yellow .dot {{ background: #e0a800; }}
.rag-green .dot {{ background: #2e7d32; }}
.continuation {{ break-before: page; }}
.band-small {{ height: auto; padding-bottom: 2mm; margin-bottom: {g.header_gap}mm; }}
.band-small h1 {{ font-size: 16pt; }}
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
    html = render_template("a3.html.j2", sheet=_sheet_view(plan, sheet), footer_left=footer, lang="en")
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


def _predicted_pages(sheet: SheetPlan) -> int:
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
    return 1 + math.ceil(spill_mm / usable) if spill_mm else 1


def _spills(a3: A3, box: Box, state: BoxState) -> bool:
    """Whether part of ``box`` prints overleaf (a cut can keep everything when only blank space overflowed)."""
    if state.cut is None:
        return False
    if box.content == "text":
        return bool(_cut_text(section_body(a3, box.key), state.cut)[1])
    return state.cut < len(getattr(a3, box.content))


def _warnings(sheet: SheetPlan) -> list[str]:
    title = sheet.a3.title
    lines = []
    anchors = sheet.rendered.document.pages[0].anchors if sheet.rendered is not None else {}
    spilled = [box for box in layout(sheet.a3.kind) if _spills(sheet.a3, box, sheet.states[box.key])]
    if sheet.pages > 1 and not spilled:  # a safety net: the fixed layout should never spill by itself
        lines.append(f"A3 '{title[:60]}': the sheet took {sheet.pages} pages instead of one; check the PDF")
    band, heading = anchors.get(f"{sheet.anchor}-band"), anchors.get(f"{sheet.anchor}-title")
    if band and heading and heading[3] > band[3] + 0.5:
        lines.append(
            f"A3 '{title[:60]}': the title is too long for the header band and runs into the boxes; shorten it"
        )
    for box in layout(sheet.a3.kind):
        state = sheet.states[box.key]
        if box in spilled:
            lines.append(
                f"A3 '{title}': {box.heading} does not fit even at {GEOMETRY.floor_pt:g} pt; "
                f"it continues on page {sheet.first_page + 1}"
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
    predicted = [_predicted_pages(sheet) for sheet in sheets]
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
    warnings = [line for sheet in sheets for line in _warnings(sheet)] + missing_glyph_warnings(missing)
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
