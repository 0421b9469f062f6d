"""Where everything on the bowling chart's pages goes, in mm: computed here, so WeasyPrint lays out once.

A table of 40 measures laid out by WeasyPrint as an HTML table costs seconds (every cell is
boxes); here the page is a grid of equal rows (``UNIT`` mm): a group heading is one row, a
measure is its plan row, its actual row, as many more rows as its name or its countermeasures
need, and the row with its rule in words. Each column of a page is then one pre-formatted
text block with one line per grid row (``white-space: pre``), about 45 blocks a page; the cell
colours and the rules are drawn straight into the PDF under the text (``pdf/stamps.py``), and so
is the pencil that marks a colour set by hand (the bundled fonts have no ✎).

Every text is measured with the bundled fonts' advance widths (``pdf/measure.py``) and wrapped
to its column; a column of numbers too wide for its cells shrinks to fit. A measure's block
never splits: a block that would cross the page's foot starts the next page, under the
column headings again, and a group heading always stays with its first measure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hoshin_tui.core.review import GLYPHS, CellStatus
from hoshin_tui.export.bowling_data import COUNT_WORDS, BowlingChart, Cell, MeasureBlock, counts_line
from hoshin_tui.export.pdf.measure import ELLIPSIS, LINE_HEIGHT, PT_TO_MM, SAFETY, _ems, text_width, wrap

PAGE_W, PAGE_H = 420.0, 297.0
MARGIN_TOP, MARGIN_SIDE, MARGIN_BOTTOM = 9.0, 8.0, 11.0
CONTENT_W = PAGE_W - 2 * MARGIN_SIDE  # 404
CONTENT_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM - 0.5  # half a mm spare against rounding
UNIT = 3.6  # mm: one row of the grid
TEXT_PT = 7.0
SMALL_PT = 6.6
HEAD_H = 5.0  # the column headings
TITLE_H = 27.0  # the title block of the first page
RUNNING_H = 6.0  # the running title of the other pages
PAD = 0.7  # inside a cell, left and right
NAME_LINES_MAX = 6
CM_LINES_MAX = 14
NUMBER_FLOOR_PT = 4.5

COLUMN_W = {"code": 9.0, "measure": 50.5, "base": 14.5, "target": 14.5, "row": 14.5, "month": 14.5}
COLUMN_W |= {"quarter": 14.5, "ytd": 14.5}  # every value column as wide as a month: one tab stop apart
COLUMN_W["cms"] = CONTENT_W - sum(COLUMN_W.values()) - 11 * COLUMN_W["month"] - 3 * COLUMN_W["quarter"]

FILL: dict[CellStatus, str] = {
    CellStatus.GREEN: "0.804 0.922 0.827",
    CellStatus.YELLOW: "0.984 0.906 0.631",
    CellStatus.RED: "0.961 0.722 0.702",
    CellStatus.LATE: "1 1 1",
    CellStatus.NO_PLAN: "0.933 0.933 0.933",
    CellStatus.NOT_DUE: "1 1 1",
}
"""Cell backgrounds (PDF rgb): light, so black text reads on each; the glyph says which one."""
HEAD_FILL, GROUP_FILL, RULE_ROW_FILL = "0.894 0.914 0.941", "0.122 0.227 0.373", "0.969 0.969 0.969"


@dataclass
class Text:
    """One pre-formatted block: its lines, one per grid row (``pitch`` mm apart)."""

    x: float
    y: float
    w: float
    size_pt: float
    pitch: float
    lines: list[str]
    cls: str = ""
    align: str = "left"
    tab_mm: float = 0.0  # the distance between tab stops, when the lines hold cells

    @property
    def h(self) -> float:
        return self.pitch * max(1, len(self.lines))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Sheet:
    number: int
    log: bool = False  # a page of the countermeasure log (its own headings, no title block)
    texts: list[Text] = field(default_factory=list)
    fills: list[tuple[str, float, float, float, float]] = field(default_factory=list)  # rgb, x, y, w, h (page mm)
    thin: list[tuple[float, float, float, float]] = field(default_factory=list)  # x1, y1, x2, y2 (page mm)
    thick: list[tuple[float, float, float, float]] = field(default_factory=list)
    pencils: list[tuple[float, float]] = field(default_factory=list)  # centre of each ✎ (page mm)


@dataclass
class Layout:
    sheets: list[Sheet]
    warnings: list[str]


def _columns() -> list[tuple[str, float, float]]:
    """(name, x, width) of every column, left to right, in content mm."""
    names = ["code", "measure", "base", "target", "row"]
    names += [f"m{k}" for k in range(12)] + [f"q{k}" for k in range(4)] + ["ytd", "cms"]
    x, out = 0.0, []
    for name in names:
        width = COLUMN_W[
            "month" if name.startswith("m") and name != "measure" else "quarter" if name[0] == "q" else name
        ]
        out.append((name, x, width))
        x += width
    return out


COLUMNS = _columns()
X = {name: (x, w) for name, x, w in COLUMNS}
VALUE_COLUMNS = [name for name, _, _ in COLUMNS if name[0] in "mq" and name != "measure"] + ["ytd"]


@dataclass
class _Block:
    """A measure's rows (or a group heading) as lines of each column."""

    rows: int
    measure: MeasureBlock | None
    heading: str = ""
    name: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    cms: list[str] = field(default_factory=list)
    flag: list[str] = field(default_factory=list)  # "! red with no countermeasure: Mar", wrapped


def _wrap(text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    return wrap(text, width - 2 * PAD, size, bold=bold) if text else []


def _capped(lines: list[str], cap: int, note: str, warnings: list[str]) -> list[str]:
    if len(lines) <= cap:
        return lines
    warnings.append(note)
    return [*lines[: cap - 1], lines[cap - 1].rstrip() + ELLIPSIS]


def _measure_rows(block: MeasureBlock, warnings: list[str]) -> _Block:
    width = COLUMN_W["measure"]
    name = _wrap(block.name, width, TEXT_PT, bold=True)
    name = _capped(name, NAME_LINES_MAX, f"{block.code}: the measure's name is shortened on the chart", warnings)
    details = _wrap(
        " · ".join(part for part in (f"({block.unit})" if block.unit else "", block.owner) if part), width, SMALL_PT
    )
    if block.also_under:
        details += _wrap(f"also under {block.also_under}", width, SMALL_PT)
    cms = [line for entry in block.countermeasures for line in _wrap(entry, COLUMN_W["cms"], SMALL_PT)]
    flag = (
        _wrap(f"! red with no countermeasure: {', '.join(block.uncovered)}", COLUMN_W["cms"], SMALL_PT, bold=True)
        if block.red_without_countermeasure
        else []
    )
    cms = _capped(
        cms,
        CM_LINES_MAX - len(flag),
        f"{block.code}: more open countermeasures than its rows hold; all are in the countermeasure log",
        warnings,
    )
    value_rows = 3 if block.last_year else 2  # plan, actual and last year's faint row when the plan has one
    rows = max(value_rows, len(name) + len(details), len(cms) + len(flag)) + 1  # + the rule in words
    return _Block(rows, block, name=name, details=details, cms=cms, flag=flag)


def _blocks(chart: BowlingChart, warnings: list[str]) -> list[list[_Block]]:
    """Units that must stay on one page: a group heading with its first measure, then each measure."""
    units: list[list[_Block]] = []
    for group in chart.groups:
        heading = f"{group.code} · {group.title}" if group.code else group.title
        for index, block in enumerate(group.measures):
            rows = _measure_rows(block, warnings)
            units.append([_Block(1, None, heading=heading), rows] if index == 0 else [rows])
    return units


def _number_size(values: list[str], width: float) -> float:
    """The size at which the widest value fits its cell (bold: actuals are bold)."""
    size = TEXT_PT
    widest = max(values, key=lambda v: text_width(v, 1.0, bold=True), default="")
    while size > NUMBER_FLOOR_PT and text_width(widest, size, bold=True) > width - 2 * PAD - TAB_SLACK:
        size = round(size - 0.25, 2)
    return size


TAB_SLACK = 0.6  # mm left free in a cell, so a value never reaches the next tab stop
PUNCTUATION_SPACE, HAIR_SPACE = "\u2008", "\u200a"
"""The padding that right-aligns a value. Not the figure space: the bundled symbol face has one
(an empty X-matrix cell, 0.894 em wide), and Pango sets spaces in the face of the glyph beside them."""


def right_aligned(text: str, width: float, size_pt: float, *, bold: bool = False) -> str:
    """``text`` led by punctuation and hair spaces, to end near the right of a ``width`` mm cell (tabs align cells)."""
    if not text:
        return ""
    room = (width - 2 * PAD - TAB_SLACK) / (size_pt * PT_TO_MM)  # in em
    spare = room - _ems(text, bold) * SAFETY
    step, hair = _ems(PUNCTUATION_SPACE, bold), _ems(HAIR_SPACE, bold)
    spaces = max(0, int(spare // step))
    hairs = max(0, int((spare - spaces * step) // hair))
    return PUNCTUATION_SPACE * spaces + HAIR_SPACE * hairs + text


def _cell_text(cell: Cell) -> str:
    if cell.status == CellStatus.NO_PLAN and not cell.value:
        return f"{GLYPHS[CellStatus.NO_PLAN]} no plan"
    if cell.status:
        return f"{cell.glyph} {cell.value}".rstrip()
    return cell.value


HEAD_PT = 7.5


def centred(text: str, width: float, size_pt: float, *, bold: bool = False) -> str:
    """``text`` led by half the spare room of a ``width`` mm tab cell, so it sits in the cell's middle."""
    room = (width - 2 * PAD) / (size_pt * PT_TO_MM)
    return _padding(max(0.0, (room - _ems(text, bold) * SAFETY) / 2), bold) + text


def _padding(ems: float, bold: bool) -> str:
    step, hair = _ems(PUNCTUATION_SPACE, bold), _ems(HAIR_SPACE, bold)
    spaces = max(0, int(ems // step))
    return PUNCTUATION_SPACE * spaces + HAIR_SPACE * max(0, int((ems - spaces * step) // hair))


def _heading_texts(sheet: Sheet, y: float, chart: BowlingChart) -> None:
    """The column headings: three text blocks (the value columns are one tab-stopped line) and the review month."""
    labels = ["Base", "Target", ""] + list(chart.month_labels) + [f"Q{k + 1}" for k in range(4)] + ["YTD"]
    as_of = chart.months.index(chart.as_of) if chart.as_of in chart.months else -1
    width = COLUMN_W["month"]
    cells = [
        centred(label, width, HEAD_PT, bold=True) if index != as_of + 3 else "" for index, label in enumerate(labels)
    ]
    left = Text(0.0, y, X["base"][0], HEAD_PT, HEAD_H, ["Code\tMeasure · owner"], "head", "left", COLUMN_W["code"])
    values_w = X["cms"][0] - X["base"][0]
    values = Text(X["base"][0], y, values_w, HEAD_PT, HEAD_H, ["\t".join(cells).rstrip("\t")], "head", "left", width)
    cms = Text(X["cms"][0], y, COLUMN_W["cms"], HEAD_PT, HEAD_H, ["Open countermeasures"], "head", "center")
    sheet.texts += [left, values, cms]
    top = MARGIN_TOP + y
    sheet.fills.append((HEAD_FILL, MARGIN_SIDE, top, CONTENT_W, HEAD_H))
    if as_of >= 0:  # the review month: white on dark, over its own fill
        x, w = X[f"m{as_of}"]
        sheet.texts.append(Text(x, y, w, HEAD_PT, HEAD_H, [chart.month_labels[as_of]], "head asof", "center"))
        sheet.fills.append((GROUP_FILL, MARGIN_SIDE + x, top, w, HEAD_H))


BLOCKS = ("group", "ident", "details", "plan", "actual", "lastyear", "rule", "flag", "cms")
"""The text blocks of a page, one line per grid row each: a block's lines share one style, and
tab stops (``tab-size``) put each cell of a line under its column heading. Base, target and the
row's name are as wide as a month, so a plan row is one line of the plan block from the base to
the year to date (every line of a block costs WeasyPrint the same, blank or not)."""


def _place(sheet: Sheet, units: list[list[_Block]], y0: float, number_pt: float) -> None:
    """The text blocks, fills and rules for the blocks of one page, from content ``y0`` down."""
    lines: dict[str, list[str]] = {key: [] for key in BLOCKS}
    row = 0
    left, top = MARGIN_SIDE, MARGIN_TOP + y0
    value_w = COLUMN_W["month"]
    for unit in units:
        for block in unit:
            y = top + row * UNIT
            for key in BLOCKS:
                lines[key] += [""] * block.rows
            if block.measure is None:
                lines["group"][row] = block.heading
                sheet.fills.append((GROUP_FILL, left, y, CONTENT_W, UNIT))
                row += block.rows
                continue
            m = block.measure
            for k, text in enumerate(block.name or [""]):
                lines["ident"][row + k] = f"{m.code if k == 0 else ''}\t{text}"
            for k, text in enumerate(block.details):
                lines["details"][row + len(block.name) + k] = text
            plan_cells = [right_aligned(m.baseline, value_w, number_pt), right_aligned(m.target, value_w, number_pt)]
            plan_cells.append("Plan")
            actual_cells = ["", "", "Actual"]
            for index, name in enumerate(VALUE_COLUMNS):
                plan_cell, actual_cell = m.plan[index], m.actual[index]
                plan_cells.append(right_aligned(plan_cell.value, value_w, number_pt))
                actual_cells.append(right_aligned(_cell_text(actual_cell), value_w, number_pt, bold=True))
                x, w = X[name]
                if actual_cell.status:
                    sheet.fills.append((FILL[actual_cell.status], left + x, y + UNIT, w, UNIT))
                if actual_cell.override:
                    sheet.pencils.append((left + x + 1.6, y + 1.5 * UNIT))
            lines["plan"][row] = "\t".join(plan_cells).rstrip("\t")  # base, target, "Plan", the values
            lines["actual"][row + 1] = "\t".join(actual_cells).rstrip("\t")
            if m.last_year:  # the months only: no quarters or year to date for last year
                faint = ["", "", "Last year", *(right_aligned(c.value, value_w, number_pt) for c in m.last_year)]
                lines["lastyear"][row + 2] = "\t".join(faint).rstrip("\t")
            for k, text in enumerate(block.flag):
                lines["flag"][row + k] = text
            for k, text in enumerate(block.cms):
                lines["cms"][row + len(block.flag) + k] = text
            last = row + block.rows - 1
            lines["rule"][last] = f"{m.code}: {m.rule}"
            rule_x = X["measure"][0]
            sheet.fills.append((RULE_ROW_FILL, left + rule_x, y + (block.rows - 1) * UNIT, X["cms"][0] - rule_x, UNIT))
            bottom = y + block.rows * UNIT
            sheet.thick.append((left, y, left + CONTENT_W, y))
            sheet.thin.append((left + X["row"][0], y + UNIT, left + X["cms"][0], y + UNIT))
            sheet.thin.append((left + X["row"][0], y + 2 * UNIT, left + X["cms"][0], y + 2 * UNIT))
            above_rule = bottom - UNIT  # the rule in words runs under the cells, across their borders
            for name, x, _ in COLUMNS[1:]:
                edge = sheet.thick if name in ("q0", "cms") else sheet.thin
                edge.append((left + x, y, left + x, bottom if name in ("measure", "cms") else above_rule))
            sheet.thin.append((left + X["base"][0], above_rule, left + X["cms"][0], above_rule))
            sheet.thick.append((left, bottom, left + CONTENT_W, bottom))
            row += block.rows
    sheet.thin.append((left, top, left, top + row * UNIT))
    sheet.thin.append((left + CONTENT_W, top, left + CONTENT_W, top + row * UNIT))
    rule_x = X["measure"][0]
    places = {
        "group": (0.0, CONTENT_W, 8.0, 0.0),
        "ident": (0.0, X["cms"][0], TEXT_PT, COLUMN_W["code"]),
        "details": (rule_x, COLUMN_W["measure"], SMALL_PT, 0.0),
        "plan": (X["base"][0], X["cms"][0] - X["base"][0], number_pt, value_w),
        "actual": (X["base"][0], X["cms"][0] - X["base"][0], number_pt, value_w),
        "lastyear": (X["base"][0], X["cms"][0] - X["base"][0], number_pt, value_w),
        "rule": (rule_x, X["cms"][0] - rule_x, SMALL_PT, 0.0),
        "flag": (X["cms"][0], COLUMN_W["cms"], SMALL_PT, 0.0),
        "cms": (X["cms"][0], COLUMN_W["cms"], SMALL_PT, 0.0),
    }
    for key in BLOCKS:
        trimmed = _trimmed(lines[key])
        if any(trimmed):
            x, w, size, tab = places[key]
            sheet.texts.append(Text(x, y0, w, size, UNIT, trimmed, key, "left", tab))


def _trimmed(lines: list[str]) -> list[str]:
    """Without the blank lines at the end (they print nothing)."""
    end = len(lines)
    while end and not lines[end - 1]:
        end -= 1
    return lines[:end]


def _summary_lines(chart: BowlingChart) -> list[tuple[str, str]]:
    """(class, text) lines under the table: the counts, the reds without a countermeasure, the overrides."""
    counts = " · ".join(f"{glyph} {count} {COUNT_WORDS[status]}" for status, glyph, count in counts_line(chart.counts))
    as_of = chart.heading.split(", as of ")[-1]
    out = [("counts", f"As of {as_of}: {counts}")]
    reds = chart.reds_without_countermeasure
    text = f"Reds with no countermeasure: {len(reds)}" + (f" ({', '.join(reds)})" if reds else "")
    out += [("summary", line) for line in wrap(text, CONTENT_W, 8.5)]
    if chart.overrides:
        text = "Colours set by hand (pencil mark): " + "; ".join(chart.overrides)
        out += [("summary", line) for line in wrap(text, CONTENT_W, 8.5)]
    return out


SUMMARY_PITCH = 4.4


def lay_out(chart: BowlingChart) -> Layout:
    warnings: list[str] = []
    units = _blocks(chart, warnings)
    values = [_cell_text(cell) for b in chart.measures for cell in b.actual]
    values += [cell.value for b in chart.measures for cell in (*b.plan, *b.last_year)]
    number_pt = _number_size(values, COLUMN_W["month"])
    if number_pt < 5.5:
        warnings.append("Some values are long for their month cells and print small; check the chart")
    sheets: list[Sheet] = []
    pending = list(units)
    while True:
        sheet = Sheet(len(sheets) + 1)
        y_head = TITLE_H if not sheets else RUNNING_H
        _heading_texts(sheet, y_head, chart)
        y0 = y_head + HEAD_H
        room = int((CONTENT_H - y0) // UNIT)
        taken: list[list[_Block]] = []
        used = 0
        while pending:
            need = sum(block.rows for block in pending[0])
            if used + need > room and taken:
                break
            if used + need > room:  # a block taller than a page: it prints, and the reader is told
                warnings.append("A measure has more lines than a page holds; its block runs past the page's foot")
            taken.append(pending.pop(0))
            used += need
        _place(sheet, taken, y0, number_pt)
        sheets.append(sheet)
        if not pending:
            break
    summary = _summary_lines(chart)
    last = sheets[-1]
    y = y0 + used * UNIT + 3.0  # under the last page's table
    if y + len(summary) * SUMMARY_PITCH > CONTENT_H:
        last = Sheet(len(sheets) + 1)
        sheets.append(last)
        y = RUNNING_H
    for k, (cls, line) in enumerate(summary):
        last.texts.append(
            Text(0, y + k * SUMMARY_PITCH, CONTENT_W, 10.0 if cls == "counts" else 8.5, SUMMARY_PITCH, [line], cls)
        )
    sheets += lay_out_log(chart, len(sheets) + 1, warnings)
    return Layout(sheets, warnings)


def line_mm(size_pt: float) -> float:
    return size_pt * LINE_HEIGHT * PT_TO_MM


# --- page 2 and on: the countermeasure log, on the same kind of grid ---------------------------------------

LOG_COLUMNS = (
    ("code", "ID", 12.0),
    ("measure", "Measure", 44.0),
    ("month", "Raised", 18.0),
    ("gap", "Gap", 30.0),
    ("root_cause", "Root cause", 80.0),
    ("action", "Countermeasure", 90.0),
    ("owner", "Owner", 28.0),
    ("due", "Due", 20.0),
    ("status", "Status", 20.0),
    ("check_month", "Check", 18.0),
    ("verdict", "Verdict", 44.0),
)
LOG_PT = 7.5
LOG_UNIT = 3.6
LOG_TITLE_H = 9.0
LOG_ROW_LINES_MAX = 60


def _log_sheet(number: int, chart: BowlingChart, first: bool) -> tuple[Sheet, float]:
    sheet = Sheet(number, log=True)
    title = f"Countermeasure log · {chart.heading}" + ("" if first else " · continued")
    sheet.texts.append(Text(0, 0, CONTENT_W, 14.0 if first else 8.0, 7.0, [title], "logtitle"))
    y = LOG_TITLE_H if first else RUNNING_H
    x = 0.0
    for _, heading, width in LOG_COLUMNS:
        sheet.texts.append(Text(x, y, width, LOG_PT, HEAD_H, [heading], "head"))
        x += width
    sheet.fills.append((HEAD_FILL, MARGIN_SIDE, MARGIN_TOP + y, CONTENT_W, HEAD_H))
    return sheet, y + HEAD_H


def lay_out_log(chart: BowlingChart, first_number: int, warnings: list[str]) -> list[Sheet]:
    """The countermeasure log on pages of its own: one grid row per line, a row never split across pages."""
    sheet, y0 = _log_sheet(first_number, chart, True)
    sheets = [sheet]
    if not chart.log:
        line = "No countermeasures yet: a red month gets one, with a root cause, an owner and a due date."
        sheet.texts.append(Text(0, y0 + 2, CONTENT_W, 9.0, 4.5, [line], "summary"))
        return sheets
    wrapped_rows = []
    for row in chart.log:
        cells = []
        for name, _, width in LOG_COLUMNS:
            lines = _wrap(str(getattr(row, name)), width, LOG_PT, bold=name == "code")
            note = f"{row.code}: its {name.replace('_', ' ')} is shortened in the countermeasure log"
            cells.append(_capped(lines, LOG_ROW_LINES_MAX, note, warnings))
        wrapped_rows.append(cells)
    columns: dict[int, list[str]] = {k: [] for k in range(len(LOG_COLUMNS))}
    room = int((CONTENT_H - y0) // LOG_UNIT)
    used = 0

    def flush() -> None:
        x = 0.0
        for index, (name, _, width) in enumerate(LOG_COLUMNS):
            if any(columns[index]):
                cls = "ident" if name == "code" else "cms"
                sheet.texts.append(Text(x, y0, width, LOG_PT, LOG_UNIT, _trimmed(columns[index]), cls))
            x += width
        top, bottom = MARGIN_TOP + y0 - HEAD_H, MARGIN_TOP + y0 + used * LOG_UNIT
        x = MARGIN_SIDE
        for _, _, width in LOG_COLUMNS:
            sheet.thin.append((x, top, x, bottom))
            x += width
        sheet.thin.append((x, top, x, bottom))

    for cells in wrapped_rows:
        need = max(1, *(len(lines) for lines in cells))
        if used + need > room and used:
            flush()
            sheet, y0 = _log_sheet(first_number + len(sheets), chart, False)
            sheets.append(sheet)
            columns = {k: [] for k in range(len(LOG_COLUMNS))}
            room, used = int((CONTENT_H - y0) // LOG_UNIT), 0
        for index, lines in enumerate(cells):
            columns[index] += lines + [""] * (need - len(lines))
        used += need
        y = MARGIN_TOP + y0 + used * LOG_UNIT
        sheet.thin.append((MARGIN_SIDE, y, MARGIN_SIDE + CONTENT_W, y))
    flush()
    return sheets
