"""The whole X-matrix laid out in terminal cells, as on paper. No textual here: easy to test.

The five grids of ``matrix_model`` are placed around the centre the way the printed
X-matrix places them (``export/xmatrix.py``, its horizontal-labels variant)::

    codes   │ title            │ codes  │    │ people codes
    NW grid │ N: initiatives   │ NE grid│ I1 │ people × initiatives
    codes   │  ↑               │ codes  │    │ people codes
    W: objec│ ← the aim in the │ E: meas│ M1 │ people × measures
    tives   │   centre    →    │ ures   │    │
    codes   │  ↓               │ codes  │
    SW grid │ S: strategies    │ SE grid│
    legend, people key

Each line is a list of spans ``(text, style names)``; the widget turns names into styles.
The cursor walks a lattice of rows (initiatives, then measures of the people matrix, then
strategies) and columns (objectives, measures, people), skipping where no grid is. Every code
is drawn through one function, ``code_label`` (the hook for a state mark beside a code).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from rich.cells import cell_len, set_cell_size

from hoshin_tui.core.terminal_text import printable
from hoshin_tui.model.enums import SYMBOLS
from hoshin_tui.tui.widgets.matrix_model import EMPTY, GRIDS, ORPHAN, Axis, Grid

Names = tuple[str, ...]
Span = tuple[str, Names]
CodeLabel = Callable[[Axis], str]

BAR = "│"
MIN_CENTRE = 30  # below this the centre lists show codes only, and the X scrolls
WIDE_CENTRE = 44  # the centre is never made narrower than this when the labels are short
MAX_LINES_PER_SIDE_ITEM = 3
TOP_CAPTIONS = ("← objectives   ↑ initiatives   measures →", "↑ initiatives")
BOTTOM_CAPTIONS = ("← objectives   ↓ strategies, 3–5 years   measures →", "↓ strategies, 3–5 years", "↓ strategies")


def plain_code(axis: Axis) -> str:
    """The text drawn for an item's code. The hook for a mark beside it (a catchball state, say):
    pass another function as ``code_label``; its width is measured, so a longer label still fits.
    Column heads keep the bare code (their cells are one code wide)."""
    return axis.code


def marked_code(axis: Axis) -> str:
    """An item's code with its catchball state letter beside it, as the corner grids show it: "O3 A"."""
    return f"{axis.code} {axis.mark}" if axis.mark else axis.code


# Which grid holds the cell where a row band meets a column band, and whether the X shows
# that grid turned (its rows as the X's columns).
REGIONS: dict[tuple[str, str], tuple[str, bool]] = {
    ("N", "W"): ("nw", True),
    ("N", "E"): ("ne", False),
    ("N", "P"): ("people", False),
    ("M", "P"): ("people", False),
    ("S", "W"): ("sw", False),
    ("S", "E"): ("se", True),
}
GRID_ORDER = tuple(kind.key for kind in GRIDS)  # sw nw ne se people: tab walks them in this order


@dataclass(frozen=True)
class Slot:
    """One row or column of the lattice: its band and the item it shows."""

    band: str  # rows: N (initiatives), M (measures, people matrix), S (strategies); cols: W, E, P
    axis: Axis


@dataclass(frozen=True)
class CellRef:
    """Where an X cell lives in its grid: the grid, and the row and column ids in that grid."""

    key: str
    row_id: str
    col_id: str


@dataclass
class Line:
    """One drawn line: its spans, and for each lattice column drawn on it, the index of its span."""

    spans: list[Span]
    cols: dict[int, int] = field(default_factory=dict)


def fit(text: str, width: int) -> str:
    """``text`` in exactly ``width`` terminal cells, cut with an ellipsis if longer."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(set_cell_size(text, width - 1).rstrip() + "…", width)
    return set_cell_size(text, width)


def wrap(text: str, width: int, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines of ``width`` cells, the last cut with an ellipsis."""
    if width <= 0 or lines <= 0:
        return []
    wrapped = textwrap.wrap(text, width, break_long_words=True) or [""]
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], " ".join(wrapped[lines - 1 :]) + " …"]
    return [fit(line, width) for line in wrapped]


def _centre(text: str, width: int) -> str:
    pad = max(0, width - cell_len(text))
    return fit(" " * (pad // 2) + text, width)


class XLayout:
    """Geometry and content of the whole X for one plan and one view size.

    Built again when the plan's lists or the view change; a cell edit keeps the layout and
    swaps in the new ``grids`` (``with_grids``), so only the lines holding changed cells redraw.
    """

    def __init__(
        self,
        grids: dict[str, Grid],
        *,
        aim: str,
        title: str,
        view: tuple[int, int],
        projector: bool = False,
        code_label: CodeLabel = plain_code,
    ) -> None:
        self.grids = grids
        self.code_label = code_label
        self.aim = " ".join(printable(aim).split()) or "(no aim yet)"
        self.title = " ".join(printable(title).split())
        initiatives, measures = grids["ne"].rows, grids["ne"].cols
        objectives, strategies, people = grids["sw"].cols, grids["sw"].rows, grids["people"].cols
        self.rows = [
            *(Slot("N", a) for a in initiatives),
            *(Slot("M", a) for a in measures),
            *(Slot("S", a) for a in strategies),
        ]
        self.cols = [
            *(Slot("W", a) for a in objectives),
            *(Slot("E", a) for a in measures),
            *(Slot("P", a) for a in people),
        ]
        self._row_of = {(slot.band, slot.axis.id): i for i, slot in enumerate(self.rows)}
        self._col_of = {(slot.band, slot.axis.id): i for i, slot in enumerate(self.cols)}
        self.band_rows = {band: [i for i, s in enumerate(self.rows) if s.band == band] for band in "NMS"}
        self.band_cols = {band: [i for i, s in enumerate(self.cols) if s.band == band] for band in "WEP"}
        self.codes = {slot.axis.id: printable(code_label(slot.axis)) for slot in (*self.rows, *self.cols)}
        # Column heads and the people matrix's repeated codes keep the bare code, as does an X too
        # narrow for labels: a mark there would widen every column (the demo would no longer fit 80
        # columns). The row codes and the side strips show the mark beside the code.
        self.bare_codes = {slot.axis.id: printable(slot.axis.code) for slot in (*self.rows, *self.cols)}
        self.labels = {slot.axis.id: " ".join(printable(slot.axis.label).split()) for slot in (*self.rows, *self.cols)}
        self.operational = {a.id for a in initiatives if a.note == "operational improvement"}
        self._col_index = {key: {c.id: i for i, c in enumerate(grid.cols)} for key, grid in grids.items()}
        self.orphans = self._orphans()
        self.people_gaps = self._people_orphans()
        self._geometry(view, projector)

    # --- geometry -------------------------------------------------------------------------------

    def _geometry(self, view: tuple[int, int], projector: bool) -> None:
        view_w, view_h = max(view[0], 20), max(view[1], 5)
        col_code = max((cell_len(self.bare_codes[s.axis.id]) for s in self.cols), default=2)
        bare_row_code = max((cell_len(self.bare_codes[s.axis.id]) for s in self.rows), default=2)
        row_code = max((cell_len(self.codes[s.axis.id]) for s in self.rows), default=2)
        n_w, n_e, n_p = (len(self.band_cols[b]) for b in "WEP")
        list_items = [s.axis.id for s in self.rows if s.band in "NS"]
        longest = max((cell_len(self.labels[i]) for i in list_items), default=10)
        codes_only = 2 + row_code  # the orphan mark, the code; the bar follows
        full = codes_only + longest + 1
        self.row_code = row_code
        self.pc_width = bare_row_code + 2
        fixed = 4 + self.pc_width  # four bars and the people matrix's code column
        self.cell_w = max(3, col_code + 1)
        for extra in (3, 2) if projector else ():  # projector mode: roomier cells while the labels keep room
            cell = max(3, col_code + extra)
            if view_w - fixed - cell * (n_w + n_e + n_p) >= min(full, WIDE_CENTRE):
                self.cell_w = cell
                break
        room = view_w - fixed - self.cell_w * (n_w + n_e + n_p)
        if room < MIN_CENTRE:  # codes only; the people matrix's own code column goes too (its lines show them)
            self.pc_width = 0
            self.codes, self.row_code = dict(self.bare_codes), bare_row_code  # no room for marks either
            codes_only = 2 + bare_row_code
        self.centre = max(codes_only, min(room, max(full, WIDE_CENTRE))) if room >= MIN_CENTRE else codes_only
        self.show_labels = self.centre >= codes_only + 8
        c = self.cell_w
        self.x_w = 0
        self.x_c = n_w * c + 1
        self.x_e = self.x_c + self.centre + 1
        self.x_pc = self.x_e + n_e * c + 1
        self.x_p = self.x_pc + (self.pc_width + 1 if self.pc_width else 0)
        self.width = self.x_p + n_p * c
        self.strip_w, self.strip_e = n_w * c, n_e * c
        # Lines: the header, initiatives, the centre band, strategies, the key under it all.
        self.aim_in_centre = self.centre >= 24
        self.key_lines = self._key_lines(min(self.width, view_w))
        n_n, n_s, n_m = len(self.band_rows["N"]), len(self.band_rows["S"]), len(self.band_rows["M"])
        side = max(n_w, n_m, 1)
        band_min = side + 2
        fixed_h = 1 + n_n + n_s + len(self.key_lines)
        self.row_h = 2 if projector and fixed_h + n_n + n_s + band_min + 2 <= view_h else 1
        fixed_h += (self.row_h - 1) * (n_n + n_s)
        band_max = 2 + MAX_LINES_PER_SIDE_ITEM * side
        self.band = max(band_min, min(band_max, view_h - fixed_h))
        self.y_n = 1
        self.y_b = self.y_n + self.row_h * n_n
        self.y_s = self.y_b + self.band
        self.y_key = self.y_s + self.row_h * n_s
        self.height = self.y_key + len(self.key_lines)
        # Side strips: each item's label lines in the band; a measure's first line carries its people row.
        inner = self.band - 2
        self.side_lines: dict[str, list[tuple[Slot, int]]] = {}  # band -> per line of the strip: (item, line no)
        self.lines_per_item: dict[str, int] = {}
        self.side_code_w: dict[str, int] = {}
        for band in "WE":
            slots = [self.cols[i] for i in self.band_cols[band]]
            self.side_code_w[band] = max((cell_len(self.codes[slot.axis.id]) for slot in slots), default=2)
            per = max(1, min(MAX_LINES_PER_SIDE_ITEM, inner // max(len(slots), 1)))
            self.lines_per_item[band] = per
            self.side_lines[band] = [(slot, k) for slot in slots for k in range(per)]
        self.m_per = self.lines_per_item["E"]  # a measure's people row sits on its label's first line
        self._cell_x = [self._x_of_col(i) for i in range(len(self.cols))]
        self._row_y = [self._y_of_row(i) for i in range(len(self.rows))]

    def _x_of_col(self, col: int) -> int:
        slot = self.cols[col]
        first = self.band_cols[slot.band][0]
        start = {"W": self.x_w, "E": self.x_e, "P": self.x_p}[slot.band]
        return start + (col - first) * self.cell_w

    def _key_lines(self, width: int) -> list[str]:
        """The legend, the people's names behind their codes and, when the centre is too narrow, the aim."""
        legend = (
            f"{SYMBOLS['strong']} strong  {SYMBOLS['medium']} medium  {SYMBOLS['weak']} weak  ·  people: "
            f"{SYMBOLS['leader']} leader  {SYMBOLS['core']} core  {SYMBOLS['rotating']} rotating  ·  {ORPHAN} no link"
            + ("  ·  shaded: operational improvements" if self.operational else "")
        )
        lines = textwrap.wrap(legend, max(width, 20))
        people = [self.cols[i].axis for i in self.band_cols["P"]]
        if people:
            entries = [f"{self.codes[p.id]} {self.labels[p.id]}" for p in people]
            lines += textwrap.wrap("People: " + "  ·  ".join(e.replace(" ", "\u00a0") for e in entries), max(width, 20))
        if not self.aim_in_centre:
            lines += textwrap.wrap("Aim: " + self.aim, max(width, 20))
        return [line.replace("\u00a0", " ") for line in lines]

    def row_y(self, row: int) -> int:
        """The first line of lattice row ``row``."""
        return self._row_y[row]

    def _y_of_row(self, row: int) -> int:
        slot = self.rows[row]
        if slot.band == "M":
            return self.y_b + 1 + (row - self.band_rows["M"][0]) * self.m_per
        if slot.band == "N":
            return self.y_n + row * self.row_h
        return self.y_s + (row - self.band_rows["S"][0]) * self.row_h

    def col_x(self, col: int) -> int:
        return self._cell_x[col]

    def row_at(self, y: int) -> int | None:
        """The lattice row drawn on line ``y`` (a click), if any."""
        for row in range(len(self.rows)):
            top = self.row_y(row)
            height = self.m_per if self.rows[row].band == "M" else self.row_h
            if top <= y < top + height:
                return row
        return None

    def col_at(self, x: int) -> int | None:
        for col, left in enumerate(self._cell_x):
            if left <= x < left + self.cell_w:
                return col
        return None

    # --- the lattice ----------------------------------------------------------------------------

    def cell(self, row: int, col: int) -> CellRef | None:
        """The grid cell at lattice (row, col), or None where the X has no grid."""
        if not (0 <= row < len(self.rows) and 0 <= col < len(self.cols)):
            return None
        r, c = self.rows[row], self.cols[col]
        region = REGIONS.get((r.band, c.band))
        if region is None:
            return None
        key, turned = region
        return CellRef(key, c.axis.id, r.axis.id) if turned else CellRef(key, r.axis.id, c.axis.id)

    def value(self, ref: CellRef) -> StrEnum | None:
        return self.grids[ref.key].cells.get((ref.row_id, ref.col_id))

    def grid_position(self, ref: CellRef) -> tuple[int, int]:
        """The (row, col) indices of ``ref`` in its grid, as ``describe_cell`` wants them."""
        grid = self.grids[ref.key]
        return grid.row_index[ref.row_id], self._col_index[ref.key][ref.col_id]

    def find(self, ref: CellRef) -> tuple[int, int] | None:
        """The lattice (row, col) of a grid cell."""
        for (row_band, col_band), (key, turned) in REGIONS.items():
            if key != ref.key:
                continue
            row_id, col_id = (ref.col_id, ref.row_id) if turned else (ref.row_id, ref.col_id)
            row, col = self._row_of.get((row_band, row_id)), self._col_of.get((col_band, col_id))
            if row is not None and col is not None:
                return row, col
        return None

    def first_cell(self, key: str) -> tuple[int, int] | None:
        """The top-left cell of grid ``key`` in the X."""
        for (rb, cb), (k, _) in REGIONS.items():
            if k == key and self.band_rows[rb] and self.band_cols[cb]:
                return self.band_rows[rb][0], self.band_cols[cb][0]
        return None

    def start(self) -> tuple[int, int]:
        for key in GRID_ORDER:
            found = self.first_cell(key)
            if found is not None:
                return found
        return 0, 0

    def step(self, row: int, col: int, d_row: int, d_col: int, count: int = 1) -> tuple[int, int]:
        """``count`` cells on from (row, col) in one direction, skipping where no grid is; the last
        cell there is when the edge comes first."""
        best = (row, col)
        r, c = row, col
        moved = 0
        while moved < count:
            r, c = r + d_row, c + d_col
            if not (0 <= r < len(self.rows) and 0 <= c < len(self.cols)):
                break
            if self.cell(r, c) is not None:
                best = (r, c)
                moved += 1
        return best

    def edge(self, row: int, col: int, where: str) -> tuple[int, int]:
        d_row, d_col = {"first": (0, -1), "last": (0, 1), "top": (-1, 0), "bottom": (1, 0)}[where]
        return self.step(row, col, d_row, d_col, count=len(self.rows) + len(self.cols))

    # --- orphans --------------------------------------------------------------------------------

    def _orphans(self) -> set[str]:
        """Items with an empty row or column in a grid beside them, as the paper outlines them in red."""
        found: set[str] = set()
        for key in ("sw", "nw", "ne", "se"):
            grid = self.grids[key]
            found |= {r for r, n in grid.row_counts.items() if n == 0}
            found |= {c for c, n in grid.col_counts.items() if n == 0}
        return found

    def _people_orphans(self) -> set[str]:
        """Items nobody is on, and people on nothing: their codes in the people matrix read as gaps."""
        grid = self.grids["people"]
        return {r for r, n in grid.row_counts.items() if n == 0} | {c for c, n in grid.col_counts.items() if n == 0}

    def with_grids(self, grids: dict[str, Grid]) -> set[int]:
        """Take the grids after a cell edit (same rows and columns); the lines to draw again."""
        old, old_orphans, old_people = self.grids, self.orphans, self.people_gaps
        self.grids = grids
        self.orphans = self._orphans()
        self.people_gaps = self._people_orphans()
        dirty = {0, self.y_b, self.y_b + self.band - 1, *range(self.y_key, self.height)}
        for key, grid in grids.items():
            if grid is old[key] or grid.cells is old[key].cells:
                continue
            for row_id, col_id in {k for k, _ in grid.cells.items() ^ old[key].cells.items()}:
                found = self.find(CellRef(key, row_id, col_id))
                if found is not None:
                    dirty.add(self.row_y(found[0]))
        for item in (old_orphans ^ self.orphans) | (old_people ^ self.people_gaps):
            dirty |= self.lines_of_item(item)
        return dirty

    def lines_of_item(self, item_id: str) -> set[int]:
        lines = {self.row_y(i) for i, s in enumerate(self.rows) if s.axis.id == item_id}
        for band in "WE":
            lines |= {self.y_b + 1 + k for k, (slot, _) in enumerate(self.side_lines[band]) if slot.axis.id == item_id}
        return lines

    # --- drawing --------------------------------------------------------------------------------

    def cursor_lines(self, row: int, col: int) -> set[int]:
        """Lines that look different with the cursor at (row, col), besides its column's cells."""
        top = self.row_y(row)
        height = self.m_per if self.rows[row].band == "M" else self.row_h
        lines = set(range(top, top + height))
        lines |= self.lines_of_item(self.cols[col].axis.id)
        lines |= {0, self.y_b, self.y_b + self.band - 1}  # the highlighted code
        if self.cols[col].band == "P":
            lines |= set(range(self.y_key, self.height))
        return lines

    def line(self, y: int, cursor: tuple[int, int] | None = None) -> Line:
        """Line ``y`` of the X; with ``cursor``, the cursor's row and column highlighted on it (the
        cursor cell itself too). Without it, ``Line.cols`` says where each column's cell is, so the
        widget can highlight one column without building the line again."""
        out = Line([])
        if y == 0:
            self._codes_line(out, "title", cursor)
        elif y < self.y_b:
            index, spacer = divmod(y - self.y_n, self.row_h)
            self._row_line(out, self.band_rows["N"][index], cursor, spacer=bool(spacer))
        elif y < self.y_s:
            self._band_line(out, y - self.y_b, cursor)
        elif y < self.y_key:
            index, spacer = divmod(y - self.y_s, self.row_h)
            self._row_line(out, self.band_rows["S"][index], cursor, spacer=bool(spacer))
        elif y < self.height:
            self._key_line(out, y - self.y_key, cursor)
        return out  # every line is drawn exactly ``width`` cells wide

    def _add(self, out: Line, text: str, *names: str) -> None:
        if text:
            out.spans.append((text, names))

    def _symbol_text(self, symbol: str) -> str:
        left = (self.cell_w - 1) // 2
        return " " * left + symbol + " " * (self.cell_w - left - 1)

    def _cells(self, out: Line, row: int, band: str, cursor: tuple[int, int] | None, base: Names) -> None:
        """The cells of lattice row ``row`` across the columns of ``band`` (the hot loop of a redraw)."""
        region = REGIONS.get((self.rows[row].band, band))
        if region is None:
            self._blank_cells(out, band, base)
            return
        key, turned = region
        cells, row_id = self.grids[key].cells, self.rows[row].axis.id
        looks = {value: (self._symbol_text(SYMBOLS[value]), (*base, "mark")) for value in self.grids[key].kind.values}
        empty: Span = (self._symbol_text(EMPTY), (*base, "empty"))
        here = cursor is not None and cursor[0] == row
        for col in self.band_cols[band]:
            col_id = self.cols[col].axis.id
            value = cells.get((col_id, row_id) if turned else (row_id, col_id))
            span = empty if value is None else looks[value]
            if cursor is not None and (here or cursor[1] == col):
                span = (span[0], ("cursor",) if here and cursor[1] == col else ("cross", span[1][-1]))
            out.cols[col] = len(out.spans)
            out.spans.append(span)

    def _blank_cells(self, out: Line, band: str, base: Names = ()) -> None:
        self._add(out, " " * (self.cell_w * len(self.band_cols[band])), *base)

    def _col_codes(self, out: Line, band: str, cursor: tuple[int, int] | None, orphans: set[str]) -> None:
        for col in self.band_cols[band]:
            axis = self.cols[col].axis
            names: Names = ("code", "orphan") if axis.id in orphans else ("code", "axis")
            if cursor is not None and cursor[1] == col:
                names = (*names, "current")
            out.cols[col] = len(out.spans)
            out.spans.append((_centre(self.bare_codes[axis.id], self.cell_w), names))

    def _bar(self, out: Line) -> None:
        out.spans.append((BAR, ("rule",)))

    def _caption(self, choices: tuple[str, ...]) -> str:
        """The longest of ``choices`` that fits the centre."""
        return next((text for text in choices if cell_len(text) + 2 <= self.centre), choices[-1])

    def _codes_line(self, out: Line, centre: str, cursor: tuple[int, int] | None, *, people: bool = True) -> None:
        """Column codes over the grids; the title (top) or a caption (in the band) in the centre."""
        self._col_codes(out, "W", cursor, self.orphans)
        self._bar(out)
        if not self.show_labels:
            self._add(out, " " * self.centre)
        elif centre == "title":
            self._add(out, fit(" " + self.title, self.centre), "title")
        else:
            self._add(out, _centre(centre, self.centre), "caption")
        self._bar(out)
        self._col_codes(out, "E", cursor, self.orphans)
        self._bar(out)
        self._pc_blank(out)
        if people:
            self._col_codes(out, "P", cursor, self.people_gaps)
        else:
            self._blank_cells(out, "P")

    def _list_entry(self, axis: Axis, width: int, current: bool, base: Names) -> list[Span]:
        orphan = axis.id in self.orphans
        code = self.codes[axis.id].ljust(self.row_code)
        extra = ("current",) if current else ()
        spans: list[Span] = [
            (f"{ORPHAN} " if orphan else "  ", (*base, "orphan", *extra)),
            (code, (*base, "code", *(("orphan",) if orphan else ()), *extra)),
        ]
        rest = width - 2 - cell_len(code)
        text = f" {self.labels[axis.id]}" if self.show_labels else ""
        spans.append((fit(text, rest), (*base, "label", *extra)))
        return spans

    def _row_line(self, out: Line, row: int, cursor: tuple[int, int] | None, *, spacer: bool) -> None:
        slot = self.rows[row]
        here = cursor is not None and cursor[0] == row
        base: Names = ("operational",) if slot.axis.id in self.operational else ()
        if spacer:  # the second line of a row in projector mode: its colours without its text
            for band, width in (("W", self.strip_w), ("C", self.centre), ("E", self.strip_e)):
                self._add(out, " " * width, *base, *(("cross",) if here and band != "C" else ()))
                self._bar(out)
            if slot.band == "N":
                self._pc_blank(out, base)
                self._blank_cells(out, "P", base)
            else:
                self._add(out, " " * (self.width - self.x_pc))
            return
        self._cells(out, row, "W", cursor, base)
        self._bar(out)
        out.spans += self._list_entry(slot.axis, self.centre, here, base)
        self._bar(out)
        self._cells(out, row, "E", cursor, base)
        self._bar(out)
        if slot.band == "N":
            self._people_code(out, slot.axis, here, base)
            self._cells(out, row, "P", cursor, base)
        else:  # no people matrix beside the strategies
            self._add(out, " " * (self.width - self.x_pc))

    def _people_code(self, out: Line, axis: Axis, here: bool, base: Names) -> None:
        """The item's code again beside its people row, and the bar after it (when there is room)."""
        if not self.pc_width:
            return
        orphan = axis.id in self.people_gaps
        names = (*base, "code", *(("orphan",) if orphan else ()), *(("current",) if here else ()))
        self._add(out, fit(" " + self.bare_codes[axis.id], self.pc_width), *names)
        self._bar(out)

    def _pc_blank(self, out: Line, base: Names = ()) -> None:
        if self.pc_width:
            self._add(out, " " * self.pc_width, *base)
            self._bar(out)

    def _band_line(self, out: Line, k: int, cursor: tuple[int, int] | None) -> None:
        if k == 0:
            self._codes_line(out, self._caption(TOP_CAPTIONS), cursor)
            return
        if k == self.band - 1:
            self._codes_line(out, self._caption(BOTTOM_CAPTIONS), cursor, people=False)
            return
        self._side(out, "W", k - 1, cursor)
        self._bar(out)
        self._centre_art(out, k)
        self._bar(out)
        self._side(out, "E", k - 1, cursor)
        self._bar(out)
        m_rows = self.band_rows["M"]
        index, spacer = divmod(k - 1, self.m_per)
        if index < len(m_rows):
            row = m_rows[index]
            here = cursor is not None and cursor[0] == row
            if spacer:
                self._pc_blank(out)
                self._blank_cells(out, "P", ("cross",) if here else ())
            else:
                self._people_code(out, self.rows[row].axis, here, ())
                self._cells(out, row, "P", cursor, ())
        else:
            self._add(out, " " * (self.width - self.x_pc))

    def _side(self, out: Line, band: str, k: int, cursor: tuple[int, int] | None) -> None:
        """Line ``k`` of a side strip: an objective's (or measure's) code and label, wrapped."""
        width = self.strip_w if band == "W" else self.strip_e
        table = self.side_lines[band]
        if k >= len(table):
            self._add(out, " " * width)
            return
        slot, line_no = table[k]
        item = slot.axis.id
        here = cursor is not None and self.cols[cursor[1]].axis.id == item
        here = here or (cursor is not None and band == "E" and self.rows[cursor[0]].axis.id == item)
        extra = ("current",) if here else ()
        code = self.codes[item].ljust(self.side_code_w[band])
        orphan = item in self.orphans
        label = self.labels[item] + (f": {slot.axis.note}" if slot.axis.note else "")
        lead = cell_len(code) + 2 + 1
        lines = wrap(label, max(1, width - lead), self.lines_per_item[band])
        text = lines[line_no] if line_no < len(lines) else ""
        if line_no == 0:
            out.spans.append((f"{ORPHAN} " if orphan else "  ", ("orphan", *extra)))
            out.spans.append((code + " ", ("code", *(("orphan",) if orphan else ()), *extra)))
        else:
            out.spans.append((" " * lead, extra))
        out.spans.append((fit(text, width - lead), ("label", *extra)))

    def _centre_art(self, out: Line, k: int) -> None:
        """Line ``k`` of the centre: the two diagonals of the X, the side lists named in their
        triangles, and the aim in a box in the middle."""
        width, height = self.centre, self.band
        art = [" "] * width
        names: list[Names] = [("rule",)] * width

        def put(x0: int, text: str, style: Names) -> None:
            for i, ch in enumerate(text):
                if 0 <= x0 + i < width:
                    art[x0 + i], names[x0 + i] = ch, style

        left = round(k * (width - 1) / max(height - 1, 1))
        put(left, "╲", ("rule",))
        put(width - 1 - left, "╱", ("rule",))
        if not self.aim_in_centre:
            self._runs(out, art, names)
            return
        box_w = min(width - 4, 64)
        inner = box_w - 4
        aim = [line.rstrip() for line in wrap(self.aim, inner, max(1, height - 6))]
        box_h = len(aim) + 2
        top, x0 = max(1, (height - box_h) // 2), (width - box_w) // 2
        row = k - top
        if row == 0:
            put(x0, "┌─" + fit(" Aim of the system ", box_w - 4).replace(" ", "─") + "─┐", ("rule",))
            put(x0 + 2, " Aim of the system ", ("caption",))
        elif row == box_h - 1:
            put(x0, "└" + "─" * (box_w - 2) + "┘", ("rule",))
        elif 0 < row < box_h - 1:
            put(x0, "│ ", ("rule",))
            put(x0 + 2, _centre(aim[row - 1], inner), ("aim",))
            put(x0 + box_w - 2, " │", ("rule",))
        self._runs(out, art, names)

    def _runs(self, out: Line, art: list[str], names: list[Names]) -> None:
        """Characters of one style as one span."""
        start = 0
        for x in range(1, len(art) + 1):
            if x == len(art) or names[x] != names[start]:
                self._add(out, "".join(art[start:x]), *names[start])
                start = x

    def _key_line(self, out: Line, k: int, cursor: tuple[int, int] | None) -> None:
        text = fit(self.key_lines[k], self.width)
        if cursor is not None and self.cols[cursor[1]].band == "P" and k > 0:
            person = self.cols[cursor[1]].axis
            entry = f"{self.codes[person.id]} {self.labels[person.id]}"
            at = text.find(entry)
            if at >= 0:  # the person under the cursor, highlighted in the key
                self._add(out, text[:at], "axis")
                self._add(out, entry, "current")
                self._add(out, text[at + len(entry) :], "axis")
                return
        self._add(out, text, "axis")

    def text(self) -> list[str]:
        """The X as plain text, line by line (tests and previews)."""
        return ["".join(text for text, _ in self.line(y).spans) for y in range(self.height)]
