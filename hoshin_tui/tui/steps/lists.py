"""The list steps (strategies, objectives, initiatives, measures, people), built from a spec.

A step shows one or more panes (the initiatives step shows two, side by side); each pane is
a table of the items of one plan list, optionally filtered. Keys add, edit, delete and move
items; links to parents are chosen in the form and stored as X-matrix correlations (the
parent is the row of the corner grid, the child its column).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, ClassVar

from pydantic import BaseModel
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from hoshin_tui.model import Plan
from hoshin_tui.model.enums import Corner, Role, Strength
from hoshin_tui.model.plan import Person
from hoshin_tui.store import InvalidEdit, SessionStore
from hoshin_tui.tui.dialogs.item_form import FieldSpec, FormResult, ItemForm, LinkChoice
from hoshin_tui.tui.owner_marks import leader_mark_for_owner
from hoshin_tui.tui.plan_index import index_of, label_of
from hoshin_tui.tui.steps.base import PaletteCommand, StepView
from hoshin_tui.tui.widgets.item_list import ItemList
from hoshin_tui.tui.widgets.quiet import set_text


def codes(plan: Plan) -> dict[str, str]:
    """Short labels (S1, O2, I3, M4, P5), the same on every screen and on the printed X-matrix."""
    return index_of(plan).codes


def titles(plan: Plan) -> dict[str, str]:
    """ "S1 Grow share" for every item, for the detail line."""
    return index_of(plan).titles


def humanize(value: Any) -> str:
    return str(getattr(value, "value", value)).replace("_", " ").capitalize()


def choices(enum: type) -> tuple[tuple[str, str], ...]:
    return tuple((humanize(member), member.value) for member in enum)


@dataclass(frozen=True)
class Column:
    header: str
    cell: Callable[[Plan, Any, dict[str, str]], str]  # (plan, item, codes) -> text
    width: int | None = None  # None: takes the width left over (one per table)
    min_table_width: int = 0  # hidden when the table is narrower than this


@dataclass(frozen=True)
class Parents:
    """Which parents an item links to, through which corner grid of the X-matrix."""

    corner: Corner
    kind: str  # Plan attribute of the parents
    label: str


@dataclass(frozen=True)
class Pane:
    title: str
    keep: Callable[[Any], bool] = lambda item: True
    defaults: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ListSpec:
    kind: str  # Plan attribute: "strategies"
    noun: str  # "strategy"
    model: type[BaseModel]
    fields: tuple[FieldSpec, ...]
    columns: tuple[Column, ...]
    parents: Parents | None = None
    children: Parents | None = None  # shown in the detail line: what this item leads to
    panes: tuple[Pane, ...] = (Pane(""),)
    intro: str = ""


def linked_parents(plan: Plan, parents: Parents, item_id: str) -> list[str]:
    """The parents of ``item_id``: the rows marked in its column of the corner grid."""
    return index_of(plan).rows_of(parents.corner, item_id)


def linked_children(plan: Plan, children: Parents, item_id: str) -> list[str]:
    return index_of(plan).cols_of(children.corner, item_id)


def code_list(ids: list[str], code: dict[str, str]) -> str:
    return " ".join(code[i] for i in ids if i in code)


class ListStep(StepView):
    """A step showing one plan list. Subclasses only set ``SPEC``."""

    SPEC: ClassVar[ListSpec]
    EDIT_ACTIONS: ClassVar = frozenset({"add", "edit", "delete", "move", "switch_kind"})
    BINDINGS: ClassVar = [
        Binding("a,insert", "add", "Add", id="list.add"),
        Binding("e", "edit", "Edit", id="list.edit", show=False),
        Binding("delete,x", "delete", "Delete", id="list.delete", key_display="del"),
        Binding("shift+up,ctrl+up", "move(-1)", "Move up", id="list.move_up", key_display="shift+↑"),
        Binding("shift+down,ctrl+down", "move(1)", "Move down", id="list.move_down", key_display="shift+↓"),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tables: list[ItemList] = []

    def compose(self) -> ComposeResult:
        spec = self.SPEC
        yield Static(self._intro(), classes="step-intro", markup=False)
        with Horizontal(classes="panes"):
            for index, pane in enumerate(spec.panes):
                with Vertical(classes="pane"):
                    if pane.title:
                        yield Static(pane.title, id=f"pane-title-{index}", classes="pane-title", markup=False)
                    yield ItemList(id=f"table-{spec.kind}-{index}", selectable=not self.session.read_only)
        yield Static("", classes="item-detail", markup=False)

    def _intro(self) -> str:
        return self.SPEC.intro

    @property
    def tables(self) -> list[ItemList]:
        if not self._tables:  # found once the step is composed; asked on every key
            self._tables = list(self.query(ItemList).results(ItemList))
        return self._tables

    def focus_default(self) -> None:
        focused = self.app.focused
        if isinstance(focused, ItemList) and focused in self.tables:
            return
        self.screen.set_focus(self.tables[0])

    # --- drawing ----------------------------------------------------------------------------------

    def show_plan(self, plan: Plan) -> None:
        code = codes(plan)
        items = getattr(plan, self.SPEC.kind)
        for index, (pane, table) in enumerate(zip(self.SPEC.panes, self.tables, strict=True)):
            shown = [item for item in items if pane.keep(item)]
            self._fill(table, shown, plan, code)
            if pane.title:
                set_text(self.query_one(f"#pane-title-{index}", Static), f"{pane.title} ({len(shown)})")
        self.stale = False
        self._show_detail()

    def _fill(self, table: ItemList, items: list[Any], plan: Plan, code: dict[str, str]) -> None:
        columns, widths = self._layout(table)
        shape = [("#", 3), *((c.header, w) for c, w in zip(columns, widths, strict=True))]
        rows = [(item.id, (code.get(item.id, ""), *(c.cell(plan, item, code) for c in columns))) for item in items]
        spacing = 1 if getattr(self.app, "projecting", False) else 0  # a blank line under each row, read from afar
        table.show_rows(shape, rows, spacing)

    def _layout(self, table: ItemList) -> tuple[list[Column], list[int]]:
        """The columns that fit, with fixed widths as given and the rest for the flexible one."""
        padding = 2  # one space each side of a cell
        available = (table.size.width or self.size.width or 80) - 2  # room for the scrollbar
        columns = [c for c in self.SPEC.columns if available >= c.min_table_width]
        fixed = sum((c.width or 0) + padding for c in columns) + 3 + padding
        flex = max(12, available - fixed - padding)
        return columns, [c.width if c.width is not None else flex for c in columns]

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._restyle)

    def _restyle(self, _theme: object) -> None:
        if not self.stale:
            self.show_plan(self.session.plan)

    def on_item_list_resized(self, event: ItemList.Resized) -> None:
        """Columns and wrap widths follow the list's real width (known only after layout)."""
        event.stop()
        if not self.stale:
            self.show_plan(self.session.plan)

    # --- the highlighted item -----------------------------------------------------------------------

    @property
    def active_table(self) -> ItemList:
        focused = self.app.focused
        return focused if isinstance(focused, ItemList) and focused in self.tables else self.tables[0]

    def current_item(self) -> Any | None:
        item_id = self.active_table.current_id
        return next((i for i in getattr(self.session.plan, self.SPEC.kind) if i.id == item_id), None)

    def on_item_list_highlighted(self, event: ItemList.Highlighted) -> None:
        event.stop()
        self._show_detail()

    def on_item_list_selected(self, event: ItemList.Selected) -> None:
        event.stop()
        self.action_edit()

    def on_descendant_focus(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        item = self.current_item()
        detail = self.query_one(".item-detail", Static)
        set_text(detail, self.describe(item) if item is not None else "")  # fixed height: no layout

    def describe(self, item: Any) -> str:
        """The highlighted item in full: title, links up and down, description."""
        plan, spec = self.session.plan, self.SPEC
        named = titles(plan)
        owner = plan.person_name(getattr(item, "owner_id", None) or getattr(item, "leader_id", None))
        lines = [named.get(item.id, label_of(item)) + (f"  ({owner})" if owner else "")]
        if spec.parents:
            ups = linked_parents(plan, spec.parents, item.id)
            lines.append(f"{spec.parents.label}: " + ("; ".join(named[i] for i in ups if i in named) or "none yet"))
        if spec.children:
            downs = linked_children(plan, spec.children, item.id)
            lines.append(f"{spec.children.label}: " + ("; ".join(named[i] for i in downs if i in named) or "none"))
        description = getattr(item, "description", "")
        if description:
            lines.append(description)
        return "\n".join(lines)

    def select_item(self, item_id: str) -> bool:
        if self.stale:
            self.show_plan(self.session.plan)
        for table in self.tables:
            if table.select_id(item_id):
                if not table.has_focus:
                    self.screen.set_focus(table)
                self._show_detail()
                return True
        return False

    # --- editing -------------------------------------------------------------------------------------

    def action_add(self) -> None:
        if self._refuse_read_only():
            return
        pane = self.SPEC.panes[self.tables.index(self.active_table)]
        self._open_form(None, pane.defaults)

    def action_edit(self) -> None:
        item = self.current_item()
        if item is None:
            self.action_add()
            return
        if self._refuse_read_only():
            return
        self._open_form(item, {})

    def _open_form(self, item: Any | None, defaults: dict[str, Any]) -> None:
        spec, plan = self.SPEC, self.session.plan
        links = None
        if spec.parents is not None:
            code = codes(plan)
            options = tuple((p.id, f"{code[p.id]}  {label_of(p)}") for p in getattr(plan, spec.parents.kind))
            chosen = frozenset(linked_parents(plan, spec.parents, item.id)) if item is not None else frozenset()
            links = LinkChoice(spec.parents.label, options, chosen)
        verb = "Edit" if item is not None else "New"
        title = f"{verb} {spec.noun}" + (f": {label_of(item)}" if item is not None else "")
        form = ItemForm(
            title,
            spec.model,
            spec.fields,
            item=item,
            defaults=defaults,
            people=list(plan.people),
            links=links,
            create_person=self._create_person,
        )
        self.app.push_screen(form, lambda result: self._save(item, result))

    def _save(self, before: Any | None, result: FormResult | None) -> None:
        if result is None:
            return
        item, spec = result.item, self.SPEC
        old_links = set(linked_parents(self.session.plan, spec.parents, item.id)) if spec.parents else set()

        refused: list[str] = []

        def write(store: SessionStore) -> None:
            # One change: ctrl+z takes back the item and its links together.
            with store.batch():
                if before is None or item != before:
                    store.save(item)
                    leader_mark_for_owner(store, self.session.plan, item, before)
                if spec.parents is not None and result.links is not None:
                    changes = [(p, Strength.STRONG) for p in sorted(result.links - old_links)]
                    changes += [(p, None) for p in sorted(old_links - result.links)]
                    for parent_id, strength in changes:
                        try:  # a link that cannot be made must not cost the item the room just typed
                            store.set_correlation(spec.parents.corner, parent_id, item.id, strength)
                        except InvalidEdit as exc:
                            refused.append(str(exc))

        if self.session.apply(write):
            self.select_item(item.id)
            if refused:
                self.session.report(f"Saved, but not every link: {refused[0]}")

    def _create_person(self, name: str, role: Role = Role.MEMBER) -> Person | None:
        person = Person(name=name, role=role)
        return person if self.session.apply(lambda store: store.save(person)) else None

    def action_delete(self) -> None:
        item = self.current_item()
        if item is None or self._refuse_read_only():
            return
        if self.session.apply(lambda store: store.delete(item)):
            self.notify(f"Deleted {self.SPEC.noun} '{label_of(item)}': ctrl+z brings it back")

    def action_move(self, offset: int) -> None:
        item = self.current_item()
        if item is None or self._refuse_read_only():
            return
        pane = self.SPEC.panes[self.tables.index(self.active_table)]
        items = getattr(self.session.plan, self.SPEC.kind)
        shown = [i.id for i in items if pane.keep(i)]
        here = shown.index(item.id)
        there = here + offset
        if not 0 <= there < len(shown):
            return
        # Move past hidden items of other panes so the item swaps with its visible neighbour.
        ids = [i.id for i in items]
        full_offset = ids.index(shown[there]) - ids.index(item.id)
        if self.session.apply(lambda store: store.move(item, full_offset)):
            self.select_item(item.id)

    def palette_commands(self) -> list[PaletteCommand]:
        noun = self.SPEC.noun
        return [
            (f"edit: add {noun}", self.action_add, f"Open the form for a new {noun} (a)"),
            (f"edit: edit {noun}", self.action_edit, f"Edit the highlighted {noun} (enter)"),
            (f"edit: delete {noun}", self.action_delete, f"Delete the highlighted {noun}; ctrl+z brings it back"),
            (f"edit: move {noun} up", partial(self.action_move, -1), "Move the highlighted item up (shift+up)"),
            (f"edit: move {noun} down", partial(self.action_move, 1), "Move the highlighted item down (shift+down)"),
        ]

    def _refuse_read_only(self) -> bool:
        if self.session.read_only:
            self.notify(f"Read-only: {self.session.read_only_reason}", severity="warning")
            return True
        return False


# --- cells shared by several steps -------------------------------------------------------------------


def owner_cell(attr: str = "owner_id") -> Callable[[Plan, Any, dict[str, str]], str]:
    return lambda plan, item, code: index_of(plan).names.get(getattr(item, attr) or "", "") or "-"


def parents_cell(parents: Parents) -> Callable[[Plan, Any, dict[str, str]], str]:
    return lambda plan, item, code: code_list(linked_parents(plan, parents, item.id), code) or "-"


def children_cell(children: Parents) -> Callable[[Plan, Any, dict[str, str]], str]:
    return lambda plan, item, code: code_list(linked_children(plan, children, item.id), code) or "-"
