"""The bowling chart as ISO A3 landscape PDF pages: the monthly review's handout.

    from hoshin_tui.export.bowling import default_bowling_path, export_bowling

    result = export_bowling(plan, default_bowling_path(exports, "offsite"), as_of="2027-03", session_name="offsite")

Page 1 (and further pages, for a plan too long for one): the title block as on the X-matrix,
then one table grouped by annual objective. Each measure is a block of three rows: its plan,
its actual (each cell coloured AND marked with a glyph, so it reads on a greyscale printer and
to a colour-blind reader), and the colour rule in words, so the room can read why a cell is
yellow. Beside them, the measure's open countermeasures. After the table: the counts of the
"as of" month, the reds with no countermeasure, and every colour set by hand with its reason.
The last page is the countermeasure log.

Nothing is clipped: the table is laid out by WeasyPrint with fixed column widths; a cell's
text wraps and its row grows, a measure's block never splits across pages (``break-inside:
avoid``), and the column headings repeat on every page. The statuses come from
``bowling_data.py`` (the review's rules); this module only lays them out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from hoshin_tui.export.bowling_data import BowlingChart, bowling_chart
from hoshin_tui.export.bowling_layout import CONTENT_H, CONTENT_W, PAGE_H, Layout, lay_out
from hoshin_tui.export.pdf.measure import LINE_HEIGHT, fit_label
from hoshin_tui.export.pdf.result import ExportResult
from hoshin_tui.model.plan import Plan

TITLE_W = 255.0  # mm: the title and its lines; the legend takes the rest of the width
LEGEND = (
    (
        "b",
        "Actual cells carry a sign as well as a colour; a pencil marks a colour set by hand (reasons under the table).",
    ),
    ("", "● on plan or better  ·  ▲ short of plan, within the yellow band  ·  ■ red: short beyond the band"),
    ("", "? late: the month is due and has no actual  ·  ○ no plan (never green)  ·  · not due"),
    (
        "",
        "Under each measure, its rule in words. Quarters and YTD add the months up as the measure says: "
        "sum, last or mean.",
    ),
)


def _pencil_ops(cx: float, cy: float, size: float = 2.4) -> str:
    """A pencil drawn in mm from the top left (y down), centred on (cx, cy): the ✎ the fonts lack."""
    s = size / 10
    points = [(1, 9), (1.6, 6.6), (7, 1.2), (8.8, 3), (3.4, 8.4)]
    path = " ".join(
        f"{cx + (px - 5) * s:.2f} {cy + (py - 5) * s:.2f} {'m' if k == 0 else 'l'}" for k, (px, py) in enumerate(points)
    )
    return f"0.07 0.07 0.07 RG 0.18 w 1 j {path} h S"


class _SheetStamps:
    """The finisher: each table page's fills and rules under its text, and its pencils over it."""

    def __init__(self, layout: Layout) -> None:
        from hoshin_tui.export.pdf.stamps import Stamps

        self.stamps = []
        for index, sheet in enumerate(layout.sheets):
            stamps = Stamps(page_height_mm=PAGE_H, page=index)
            for rgb, x, y, w, h in sheet.fills:
                stamps.draw_under(f"{rgb} rg {x:.2f} {y:.2f} {w:.2f} {h:.2f} re f")
            if sheet.thin:
                lines = " ".join(f"{a:.2f} {b:.2f} m {c:.2f} {d:.2f} l" for a, b, c, d in sheet.thin)
                stamps.draw_under(f"0.55 0.55 0.55 RG 0.15 w {lines} S")
            if sheet.thick:
                lines = " ".join(f"{a:.2f} {b:.2f} m {c:.2f} {d:.2f} l" for a, b, c, d in sheet.thick)
                stamps.draw_under(f"0.2 0.2 0.2 RG 0.3 w {lines} S")
            for cx, cy in sheet.pencils:
                stamps.draw_over(_pencil_ops(cx, cy))
            self.stamps.append(stamps)

    def __call__(self, document: Any, pdf: Any) -> None:
        for stamps in self.stamps:
            stamps(document, pdf)


def default_bowling_path(exports_dir: Path, session_name: str) -> Path:
    """``<exports>/<session>-bowling.pdf``."""
    stem = re.sub(r"[^\w.-]+", "-", session_name).strip("-.") or "plan"
    return Path(exports_dir) / f"{stem}-bowling.pdf"


@dataclass(frozen=True)
class BowlingPages:
    html: str
    chart: BowlingChart
    layout: Layout


def bowling_html(
    plan: Plan, *, as_of: str | None = None, session_name: str = "", today: date | None = None
) -> BowlingPages:
    """The pages' HTML and the chart they show (statuses, counts, the countermeasure log)."""
    from hoshin_tui.export.pdf import FONT_STACK, render_template
    from hoshin_tui.export.pdf.title_block import title_meta

    today = today or date.today()
    chart = bowling_chart(plan, as_of=as_of, today=today)
    meta = title_meta(plan, today, session_name)
    layout = lay_out(chart)
    title = fit_label(plan.title or "Untitled plan", TITLE_W, 9.0, max_pt=18, floor_pt=10, bold=True)
    meta_fit = fit_label(meta, TITLE_W, 4.2, max_pt=9, floor_pt=6)
    running = fit_label(f"{plan.title} · {chart.heading} · continued", CONTENT_W, 4.0, max_pt=8, floor_pt=6)
    if title.shortened:
        layout.warnings.append("The plan's title is shortened on the bowling chart's title block")
    html = render_template(
        "bowling.html.j2",
        plan=plan,
        chart=chart,
        layout=layout,
        title=title,
        meta=meta_fit,
        running=running,
        legend=LEGEND,
        font_stack=FONT_STACK,
        content_w=CONTENT_W,
        content_h=CONTENT_H,
        title_w=TITLE_W,
        line_height=LINE_HEIGHT,
    )
    return BowlingPages(html, chart, layout)


def export_bowling(
    plan: Plan,
    out_path: Path | str,
    *,
    as_of: str | None = None,
    session_name: str = "",
    today: date | None = None,
) -> ExportResult:
    """Render the bowling chart of ``plan`` as of ``as_of`` (YYYY-MM; default: the latest month with data)."""
    from hoshin_tui.export.pdf import (
        gc_paused,
        missing_glyph_warnings,
        render_document,
        unprintable_characters,
        write_atomic,
        write_pdf_bytes,
    )

    with gc_paused():
        pages = bowling_html(plan, as_of=as_of, session_name=session_name, today=today)
        warnings = list(pages.chart.warnings) + pages.layout.warnings
        warnings += missing_glyph_warnings(unprintable_characters(pages.chart.texts()))
        rendered = render_document(pages.html, xhtml=True)
        pdf = write_pdf_bytes(rendered, finisher=_SheetStamps(pages.layout))
    for line in rendered.glyph_warnings():
        if line not in warnings:
            warnings.append(line)
    out = Path(out_path)
    write_atomic(out, pdf)
    return ExportResult(out, rendered.pages, warnings)


__all__ = ["BowlingPages", "bowling_html", "default_bowling_path", "export_bowling"]
