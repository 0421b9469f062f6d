"""What the Review step draws with Rich text: bowling cells, the trend strip and a small chart.

Rich text, not a plotting library: twelve points need no dependency, and only drawing them
ourselves lets each point carry its status (colour and glyph), which no terminal chart offers
(Textual's Sparkline colours by magnitude and cannot show a missing month).
"""

from __future__ import annotations

from rich.text import Text

from hoshin_tui.core.review import GLYPHS, CellStatus, MeasureRow, amount, short_label
from hoshin_tui.core.review.status import Cell
from hoshin_tui.model.enums import Direction

STYLES: dict[CellStatus, str] = {
    CellStatus.GREEN: "bold #3fb950",
    CellStatus.YELLOW: "bold #d29922",
    CellStatus.RED: "bold #f85149",
    CellStatus.LATE: "bold #bc8cff",
    CellStatus.NO_PLAN: "italic",
    CellStatus.NOT_DUE: "dim",
}
# The trend strip reads without colour too: worse is lower.
BLOCKS: dict[CellStatus, str] = {CellStatus.GREEN: "█", CellStatus.YELLOW: "▅", CellStatus.RED: "▂"}


def actual_text(cell: Cell) -> Text:
    """``● 97.8`` in the status colour; ``?`` late; blank for a month not due yet."""
    if cell.status == CellStatus.NOT_DUE and cell.actual is None:
        return Text("")
    if cell.status == CellStatus.LATE:
        return Text("? late", style=STYLES[CellStatus.LATE])
    value = amount(cell.actual) if cell.actual is not None else ""
    style = STYLES[cell.status] if cell.status != CellStatus.NOT_DUE else "dim"
    glyph = cell.glyph if cell.status != CellStatus.NOT_DUE else ""
    return Text(f"{glyph} {value}".strip(), style=style)


def plan_text(cell: Cell) -> Text:
    """The month's plan, dim; a plan from the phasing key (not stored yet) in italics."""
    if cell.plan is None:
        return Text("-", style="dim")
    return Text(amount(cell.plan), style="dim italic" if cell.phased else "dim")


def last_year_text(row: MeasureRow, col: str, year_label: str) -> Text:
    """A cell of the faint "last year" row: dim numbers, no glyph, no status colour (read only)."""
    if col == "measure":
        return Text(f"last year ({year_label})", style="dim")
    if col[:1] == "m" and col[1:].isdigit() and int(col[1:]) < len(row.last_year):
        value = row.last_year[int(col[1:])]
        return Text(amount(value) if value is not None else "", style="dim")
    return Text("")


def rollup_text(plan: float | None, actual: float | None, status: CellStatus, *, show_plan: bool) -> Text:
    if show_plan:
        return Text(amount(plan) if plan is not None else "", style="dim")
    if actual is None:
        return Text("")
    glyph = "" if status == CellStatus.NOT_DUE else GLYPHS[status]
    return Text(f"{glyph} {amount(actual)}".strip(), style=STYLES.get(status, ""))


def trend_strip(row: MeasureRow) -> Text:
    """Twelve cells coloured by status (not magnitude); a missing month is a gap."""
    text = Text()
    for cell in row.cells:
        block = BLOCKS.get(cell.status, "░" if cell.status == CellStatus.NO_PLAN else " ")
        text.append(block, style=STYLES.get(cell.status, "") if block.strip() else "")
    return text


def chart(row: MeasureRow, *, height: int = 6, width: int = 3) -> Text:
    """A small plan-against-actual chart: plan as a dim line, each actual as its status glyph."""
    values = [v for c in row.cells for v in (c.plan, c.actual) if v is not None]
    text = Text()
    if not values:
        return Text("No plan or actual yet.", style="dim")
    low, high = min(values), max(values)
    if high == low:
        high, low = high + 1, low - 1

    def level(value: float) -> int:
        return round((value - low) / (high - low) * (height - 1))

    labels = [amount(high), amount(low)]
    pad = max(len(label) for label in labels)
    for line in range(height - 1, -1, -1):
        label = labels[0] if line == height - 1 else labels[1] if line == 0 else ""
        text.append(f"{label:>{pad}} ┤" if label else f"{'':>{pad}} │", style="dim")
        for cell in row.cells:
            mark, style = " ", ""
            if cell.plan is not None and level(cell.plan) == line:
                mark, style = "─", "dim"
            if cell.actual is not None and cell.status != CellStatus.NOT_DUE and level(cell.actual) == line:
                mark, style = cell.glyph, STYLES[cell.status]
            text.append(mark.center(width, "─" if mark == "─" else " "), style=style)
        text.append("\n")
    text.append(" " * (pad + 2))
    for cell in row.cells:
        text.append(short_label(cell.month)[: width - 1].center(width), style="dim")
    better = "↑ better" if row.measure.direction == Direction.HIGHER else "↓ better"
    text.append(f"\n{'':>{pad}}  ─ plan   ● ▲ ■ actual   {better}", style="dim")
    return text
