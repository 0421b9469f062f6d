"""Step 7: the X-matrix. Four corner grids and the people matrix, edited one key press per cell.

Each press saves at once through the store (so ctrl+z undoes it); the grids are redrawn from
the reloaded plan, so the list steps, the health panel and the matrix never disagree.
"""

from __future__ import annotations

from enum import StrEnum
from functools import partial
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from hoshin_tui.model import Plan
from hoshin_tui.model.enums import SYMBOLS, MarkRole, Strength
from hoshin_tui.store import SessionStore
from hoshin_tui.tui.steps.base import PaletteCommand, StepView, key_text
from hoshin_tui.tui.widgets.matrix_detail import MatrixDetail
from hoshin_tui.tui.widgets.matrix_grid import MatrixGrid
from hoshin_tui.tui.widgets.matrix_model import EMPTY, GRIDS, ORPHAN, Axis, Grid, GridBuilder, GridKind
from hoshin_tui.tui.widgets.matrix_switcher import MatrixSwitcher
from hoshin_tui.tui.widgets.matrix_x_layout import CellRef, marked_code
from hoshin_tui.tui.widgets.matrix_x_view import WholeX


def intro(step: MatrixStep, grid: MatrixGrid) -> str:
    """The help line over the grids; its keys come from the bindings, so it cannot drift."""
    mark, switch, prints = key_text(grid, "cycle"), step.key_for("switch(1)"), step.key_for("export('xmatrix')")
    whole = step.key_for("toggle_whole")
    return (
        f"{mark.capitalize()} marks a cell: {SYMBOLS[Strength.STRONG]} strong → {SYMBOLS[Strength.MEDIUM]} medium → "
        f"{SYMBOLS[Strength.WEAK]} weak → empty (people: leader, core, rotating). {ORPHAN} = a row or column with no "
        f"link. {switch.capitalize()}: next grid. {whole}: the whole X or one grid. {prints}: print the X-matrix."
    )


class MatrixStep(StepView):
    BINDINGS: ClassVar = [
        Binding("tab,right_square_bracket", "switch(1)", "Next grid", id="matrix.next_grid", key_display="tab"),
        Binding("shift+tab,left_square_bracket", "switch(-1)", "Prev grid", id="matrix.prev_grid", key_display="⇧tab"),
        Binding("x", "toggle_whole", "Whole X", id="matrix.whole"),
        # p prints here as in the A3 step; x deletes in every list, so it must not mean print here.
        Binding("p", "export('xmatrix')", "Print", id="matrix.export"),
        Binding(
            "P", "export('xmatrix-horizontal')", "Print, horizontal labels", id="matrix.export_horizontal", show=False
        ),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind: GridKind = GRIDS[0]
        self.grids: dict[str, Grid] = {}
        self.builder = GridBuilder()
        self.cursors: dict[str, tuple[str | None, str | None]] = {}  # grid key -> (row id, col id)
        self.whole = False  # the whole X on screen instead of one grid

    def compose(self) -> ComposeResult:
        grid = MatrixGrid(id="matrix-grid")
        grid.step = self.step
        grid.read_only = self.session.read_only
        yield MatrixSwitcher(id="matrix-switcher")
        yield Static(intro(self, grid), classes="step-intro", markup=False)
        yield MatrixDetail(id="matrix-detail")  # above the grid: next to the codes, however tall the screen
        yield grid
        whole = WholeX(id="matrix-whole")
        whole.step = self.step
        whole.read_only = self.session.read_only
        whole.code_label = self.code_label
        whole.display = False
        yield whole

    @property
    def grid_widget(self) -> MatrixGrid:
        return self.query_one(MatrixGrid)

    @property
    def whole_widget(self) -> WholeX:
        return self.query_one(WholeX)

    def code_label(self, axis: Axis) -> str:
        """The text of an item's code in the whole X: its catchball state letter beside it, as in the corners."""
        return marked_code(axis)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._restyle)

    def _restyle(self, _theme: object) -> None:
        self.grid_widget.set_wide(self.projecting)
        self.whole_widget.set_projector(self.projecting)

    def focus_default(self) -> None:
        (self.whole_widget if self.whole else self.grid_widget).focus()

    # --- drawing --------------------------------------------------------------------------------

    def show_plan(self, plan: Plan) -> None:
        self.grids = self.builder.grids(plan)
        self.stale = False
        self._draw()

    def _draw(self, row_id: str | None = None, col_id: str | None = None) -> None:
        if self.whole:
            self._draw_whole()
            return
        grid = self.grids[self.kind.key]
        widget = self.grid_widget
        widget.set_wide(self.projecting)
        if row_id is None and col_id is None and widget.grid is not None and widget.grid.kind != self.kind:
            row_id, col_id = self.cursors.get(self.kind.key, (None, None))
        widget.show(grid, row_id=row_id, col_id=col_id)
        self.query_one(MatrixSwitcher).show(self.kind.key, {k: g.orphan_count() for k, g in self.grids.items()})

    def _draw_whole(self, at: CellRef | None = None) -> None:
        plan = self.session.plan
        whole = self.whole_widget
        whole.set_projector(self.projecting)
        whole.show(self.grids, aim=plan.aim, title=plan.title, at=at)
        self._show_switcher()

    def _show_switcher(self) -> None:
        self.query_one(MatrixSwitcher).show(self.kind.key, {k: g.orphan_count() for k, g in self.grids.items()})

    def on_whole_x_cursor_moved(self, event: WholeX.CursorMoved) -> None:
        event.stop()
        if event.ref is None or event.grid is None:
            self.query_one(MatrixDetail).show("Add strategies, objectives, initiatives and measures to draw the X.")
            return
        self.kind = event.grid.kind
        self.cursors[self.kind.key] = (event.ref.row_id, event.ref.col_id)
        self._show_switcher()
        self.query_one(MatrixDetail).show(describe_cell(event.grid, event.row, event.col))

    def on_whole_x_cell_chosen(self, event: WholeX.CellChosen) -> None:
        event.stop()
        self._write(self.grids[event.ref.key], event.ref.row_id, event.ref.col_id, event.value)

    def action_toggle_whole(self) -> None:
        """Between the grid in view and the whole X, the cursor staying on the same cell."""
        self.whole = not self.whole
        self.grid_widget.display = not self.whole
        self.whole_widget.display = self.whole
        if not self.grids or self.stale:
            self.grids = self.builder.grids(self.session.plan)
            self.stale = False
        row_id, col_id = self.cursors.get(self.kind.key, (None, None))
        if self.whole:
            at = CellRef(self.kind.key, row_id, col_id) if row_id and col_id else None
            self._draw_whole(at)
            self.whole_widget.move_to_grid(self.kind.key, at)
        else:
            self._draw(row_id=row_id, col_id=col_id)
        self.focus_default()

    def on_matrix_grid_cursor_moved(self, event: MatrixGrid.CursorMoved) -> None:
        event.stop()
        grid = event.grid
        self.cursors[grid.kind.key] = (self.grid_widget.row_id, self.grid_widget.col_id)
        self.query_one(MatrixDetail).show(describe_cell(grid, event.row, event.col))

    # --- editing --------------------------------------------------------------------------------

    def on_matrix_grid_cell_chosen(self, event: MatrixGrid.CellChosen) -> None:
        event.stop()
        self._write(event.grid, event.row_id, event.col_id, event.value)

    def _write(self, grid: Grid, row_id: str, col_id: str, value: StrEnum | None) -> None:
        """One mark saved through the store: one undo step."""
        if self.refuse_read_only():
            return
        corner = grid.kind.corner

        def write(store: SessionStore) -> None:
            if corner is not None:
                store.set_correlation(corner, row_id, col_id, value if isinstance(value, Strength) else None)
            else:
                store.set_mark(row_id, col_id, value if isinstance(value, MarkRole) else None)

        self.session.apply(write)

    def action_switch(self, offset: int) -> None:
        index = (GRIDS.index(self.kind) + offset) % len(GRIDS)
        self.show_grid(GRIDS[index].key)

    def show_grid(self, key: str) -> None:
        if self.whole:  # the cursor goes to that grid in the X, where it last was
            row_id, col_id = self.cursors.get(key, (None, None))
            self.whole_widget.move_to_grid(key, CellRef(key, row_id, col_id) if row_id and col_id else None)
            self.whole_widget.focus()
            return
        self.kind = next(kind for kind in GRIDS if kind.key == key)
        if not self.grids or self.stale:
            self.show_plan(self.session.plan)
        else:
            self._draw()
        self.grid_widget.focus()

    def select_item(self, item_id: str) -> bool:
        """Show the first grid where ``item_id`` is a row (else a column), with the cursor on it."""
        if self.stale or not self.grids:
            self.show_plan(self.session.plan)
        if self.whole:
            found = self.whole_widget.move_to_item(item_id)
            self.whole_widget.focus()
            return found
        for as_row in (True, False):
            for kind in (self.kind, *GRIDS):
                grid = self.grids[kind.key]
                axis = grid.rows if as_row else grid.cols
                if any(a.id == item_id for a in axis):
                    self.kind = kind
                    self._draw(row_id=item_id if as_row else None, col_id=None if as_row else item_id)
                    self.grid_widget.focus()
                    return True
        return False

    # --- printing -------------------------------------------------------------------------------

    def action_export(self, kind: str) -> None:
        self.request_export(kind)

    def commands(self) -> list[PaletteCommand]:
        found: list[PaletteCommand] = [
            self.command("export: X-matrix PDF", "export('xmatrix')", "Print the X-matrix on A3"),
            self.command(
                "export: X-matrix PDF, horizontal labels",
                "export('xmatrix-horizontal')",
                "The X-matrix with horizontal labels: no rotated text to read",
            ),
            self.command("matrix: next grid", "switch(1)", "Show the next grid"),
            self.command("matrix: previous grid", "switch(-1)", "Show the previous grid"),
            self.command("matrix: whole X", "toggle_whole", "The whole X-matrix on screen, or back to one grid"),
        ]
        for kind in GRIDS:
            found.append(
                PaletteCommand(
                    f"matrix: {kind.short} {kind.title.lower()}" if kind.corner else "matrix: people",
                    partial(self.show_grid, kind.key),
                    f"Show the {kind.title.lower()} grid (tab cycles the grids)",
                )
            )
        return found


def describe_cell(grid: Grid, row: int, col: int) -> str:
    """Two lines over the grid: the row in full, then the cell's meaning and the column, and any gap."""
    if not grid.rows or not grid.cols:
        rows, _, cols = grid.kind.title.partition(" × ")
        missing = rows.lower() if not grid.rows else cols
        return f"No {missing} yet: add them in their steps, then mark the links here."
    kind, r, c = grid.kind, grid.rows[row], grid.cols[col]
    value = grid.value(row, col)
    meaning = f"{SYMBOLS[value]} {value.value}" if value is not None else f"{EMPTY} no link"
    row_gap = f"   {ORPHAN} {kind.row_orphan}" if grid.row_is_orphan(row) else ""
    col_gap = f"   {ORPHAN} {kind.col_orphan}" if grid.col_is_orphan(col) else ""
    if kind.corner is None:
        marks = grid.col_counts[c.id]
        col_gap = f"   on {marks} item{'s' if marks != 1 else ''}" + col_gap
    row_note = f" ({r.note})" if r.note else ""
    col_note = f" ({c.note})" if c.note else ""
    return f"{r.code} {r.label}{row_note}{row_gap}\n{meaning} × {c.code} {c.label}{col_note}{col_gap}"
