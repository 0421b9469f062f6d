"""The list steps (strategies, objectives, initiatives, measures, people), built from a spec.

A step shows one or more panes side by side (the initiatives step shows two); each pane is
a table of the items of one plan list, optionally filtered. Panes may show different lists
(an agenda beside the parking lot), and a pane may follow the item highlighted in the first
one (a thread beside a list: master and detail). Items need no id: a list keyed by other
fields (monthly results: measure and month) works the same, without moving. Keys add, edit,
delete and move items; links to parents are chosen in the form and stored as X-matrix
correlations (the parent is the row of the corner grid, the child its column).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, ClassVar, Protocol, cast

from pydantic import BaseModel
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from hoshin_tui.model import Plan
from hoshin_tui.model.enums import Corner, Strength
from hoshin_tui.store import InvalidEdit, SessionStore
from hoshin_tui.tui.dialogs.item_form import FieldSpec, FormResult, ItemForm, LinkChoice
from hoshin_tui.tui.messages import GoToStep
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


class _Identified(Protocol):
    id: str


def _id_of(item: BaseModel) -> str:
    """The id of an item of a list with parents: such lists are keyed by ``id`` (``ListSpec.parents``)."""
    return cast(_Identified, item).id


def humanize(value: Any) -> str:
    return str(getattr(value, "value", value)).replace("_", " ").capitalize()


def choices(enum: type[Enum]) -> tuple[tuple[str, str], ...]:
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
    spec: ListSpec | None = None  # the list this pane shows; None: the step's own SPEC
    # Master/detail: show only the items whose field ``follows`` holds the key of the item
    # highlighted in the first pane (and give new items that key).
    follows: str | None = None


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
    # The fields that name an item in its list: ("id",), or ("measure_id", "month").
    key_fields: tuple[str, ...] = ("id",)

    @property
    def ordered(self) -> bool:
        """Only lists keyed by id keep an order of their own (and can move)."""
        return self.key_fields == ("id",)

    def key_of(self, item: Any) -> str:
        """The row key of ``item`` in a table: its id, or its key fields joined."""
        if self.key_fields == ("id",):
            return str(item.id)
        return "|".join(str(getattr(getattr(item, name), "value", getattr(item, name))) for name in self.key_fields)


def linked_parents(plan: Plan, parents: Parents, item_id: str) -> list[str]:
    """The parents of ``item_id``: the rows marked in its column of the corner grid."""
    return index_of(plan).rows_of(parents.corner, item_id)


def linked_children(plan: Plan, children: Parents, item_id: str) -> list[str]:
    return index_of(plan).cols_of(children.corner, item_id)


def code_list(ids: list[str], code: dict[str, str]) -> str:
    return " ".join(code[i] for i in ids if i in code)


class ListStep(StepView):
    """A step showing plan lists in panes. Subclasses only set ``SPEC`` (and panes in it)."""

    SPEC: ClassVar[ListSpec]
    EDIT_ACTIONS: ClassVar = frozenset({"add", "edit", "delete", "move", "switch_kind"})
    BINDINGS: ClassVar = [
        Binding("a,insert", "add", "Add", id="list.add"),
        Binding("e", "edit", "Edit", id="list.edit", show=False),
        Binding("delete", "delete", "Delete", id="list.delete", key_display="del"),
        Binding("shift+up,ctrl+up", "move(-1)", "Move up", id="list.move_up", key_display="shift+↑"),
        Binding("shift+down,ctrl+down", "move(1)", "Move down", id="list.move_down", key_display="shift+↓"),
        Binding("b", "catchball", "Catchball", id="list.catchball", show=False),
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
                    yield ItemList(
                        id=f"table-{self.spec_of(index).kind}-{index}", selectable=not self.session.read_only
                    )
        yield Static("", classes="item-detail", markup=False)

    def _intro(self) -> str:
        return self.SPEC.intro

    def spec_of(self, pane: int) -> ListSpec:
        """The list shown by pane ``pane``."""
        return self.SPEC.panes[pane].spec or self.SPEC

    @property
    def active_pane(self) -> int:
        return self.tables.index(self.active_table)

    @property
    def active_spec(self) -> ListSpec:
        return self.spec_of(self.active_pane)

    def items_of(self, pane: int, plan: Plan | None = None) -> list[Any]:
        """The items pane ``pane`` shows, in order."""
        plan = plan or self.session.plan
        shown = self.SPEC.panes[pane]
        items = [item for item in getattr(plan, self.spec_of(pane).kind) if shown.keep(item)]
        if shown.follows is not None:
            master = self.master_key(plan)
            items = [item for item in items if str(getattr(item, shown.follows)) == master]
        return items

    def master_key(self, plan: Plan | None = None) -> str | None:
        """The key of the item highlighted in the first pane (what detail panes follow)."""
        if not self.tables:
            return None
        return self.tables[0].current_id

    @property
    def tables(self) -> list[ItemList]:
        if not self._tables:  # found once the step is composed; asked on every key
            self._tables = list(self.query(ItemList).results(ItemList))
            for table in self._tables:
                table.follow = self._cursor_moved
        return self._tables

    def focus_default(self) -> None:
        focused = self.app.focused
        if isinstance(focused, ItemList) and focused in self.tables:
            return
        self.screen.set_focus(self.tables[0])

    # --- drawing ----------------------------------------------------------------------------------

    def show_plan(self, plan: Plan) -> None:
        code = codes(plan)
        for index in range(len(self.SPEC.panes)):  # the master first: detail panes follow its cursor
            self._fill_pane(index, plan, code)
        self.stale = False
        self._show_detail()

    def _fill_pane(self, index: int, plan: Plan, code: dict[str, str]) -> None:
        pane, table = self.SPEC.panes[index], self.tables[index]
        shown = self.items_of(index, plan)
        self._fill(table, shown, plan, code, self.spec_of(index))
        if pane.title:
            set_text(self.query_one(f"#pane-title-{index}", Static), f"{pane.title} ({len(shown)})")

    def _fill(
        self, table: ItemList, items: list[Any], plan: Plan, code: dict[str, str], spec: ListSpec | None = None
    ) -> None:
        spec = spec or self.SPEC
        columns, widths = self._layout(table, spec)
        shape = [("#", 3), *((c.header, w) for c, w in zip(columns, widths, strict=True))]
        key = spec.key_of
        rows = [(key(item), (code.get(key(item), ""), *(c.cell(plan, item, code) for c in columns))) for item in items]
        spacing = 1 if self.projecting else 0  # a blank line under each row, read from afar
        table.show_rows(shape, rows, spacing)

    def _layout(self, table: ItemList, spec: ListSpec | None = None) -> tuple[list[Column], list[int]]:
        """The columns that fit, with fixed widths as given and the rest for the flexible one."""
        padding = 2  # one space each side of a cell
        available = (table.size.width or self.size.width or 80) - 2  # room for the scrollbar
        columns = [c for c in (spec or self.SPEC).columns if available >= c.min_table_width]
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
        table = self.active_table
        key, spec = table.current_id, self.spec_of(self.tables.index(table))
        return next((i for i in getattr(self.session.plan, spec.kind) if spec.key_of(i) == key), None)

    def on_item_list_highlighted(self, event: ItemList.Highlighted) -> None:
        event.stop()  # already followed, in the same handler as the move (``_cursor_moved``)

    def _cursor_moved(self, table: ItemList) -> None:
        """The cursor moved in ``table``: detail panes and the detail line follow, in this frame."""
        if self.stale or not self.is_mounted:
            return
        if table is self.tables[0]:
            self._refill_followers()
        self._show_detail()

    def _refill_followers(self) -> None:
        """The master moved: the detail panes show what hangs on the new one."""
        followers = [i for i, pane in enumerate(self.SPEC.panes) if pane.follows is not None]
        if followers and not self.stale:
            code = codes(self.session.plan)
            for index in followers:
                self._fill_pane(index, self.session.plan, code)

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
        plan, spec = self.session.plan, self.active_spec
        named = titles(plan)
        owner = plan.person_name(getattr(item, "owner_id", None) or getattr(item, "leader_id", None))
        lines = [named.get(getattr(item, "id", ""), label_of(item)) + (f"  ({owner})" if owner else "")]
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
        """Put the cursor on the item keyed ``item_id`` (an id, or joined key fields)."""
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
        if self.refuse_read_only():
            return
        pane = self.SPEC.panes[self.active_pane]
        defaults = dict(pane.defaults)
        if pane.follows is not None:
            master = self.master_key()
            if master is None:
                self.notify(f"Add to {self.spec_of(0).kind.replace('_', ' ')} first", severity="warning")
                return
            defaults[pane.follows] = master
        self._open_form(None, defaults)

    def action_edit(self) -> None:
        item = self.current_item()
        if item is None:
            self.action_add()
            return
        if self.refuse_read_only():
            return
        self._open_form(item, {})

    def _open_form(self, item: Any | None, defaults: dict[str, Any]) -> None:
        spec, plan = self.active_spec, self.session.plan
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
            create_person=self.create_person,
        )
        self.app.push_screen(form, lambda result: self._save(item, result, spec))

    def _save(self, before: Any | None, result: FormResult | None, spec: ListSpec | None = None) -> None:
        if result is None:
            return
        item, spec = result.item, spec or self.SPEC
        old_links = set(linked_parents(self.session.plan, spec.parents, _id_of(item))) if spec.parents else set()

        refused: list[str] = []

        def write(store: SessionStore) -> None:
            # One change: ctrl+z takes back the item and its links together.
            with store.batch():
                if before is not None and spec.key_of(before) != spec.key_of(item):
                    store.delete(before)  # a list keyed by its fields: a new key replaces the row
                if before is None or item != before:
                    store.save(item)
                    leader_mark_for_owner(store, self.session.plan, item, before)
                if spec.parents is not None and result.links is not None:
                    changes: list[tuple[str, Strength | None]] = [
                        (p, Strength.STRONG) for p in sorted(result.links - old_links)
                    ]
                    changes += [(p, None) for p in sorted(old_links - result.links)]
                    for parent_id, strength in changes:
                        try:  # a link that cannot be made must not cost the item the room just typed
                            store.set_correlation(spec.parents.corner, parent_id, _id_of(item), strength)
                        except InvalidEdit as exc:
                            refused.append(str(exc))

        if self.session.apply(write):
            self.select_item(spec.key_of(item))
            if refused:
                self.session.report(f"Saved, but not every link: {refused[0]}")

    def action_delete(self) -> None:
        item = self.current_item()
        if item is None or self.refuse_read_only():
            return
        if self.session.apply(lambda store: store.delete(item)):
            self.deleted(self.active_spec.noun, label_of(item))

    def action_move(self, offset: int) -> None:
        item = self.current_item()
        if item is None or self.refuse_read_only():
            return
        pane, spec = self.active_pane, self.active_spec
        if not spec.ordered:
            self.notify(f"{spec.kind.replace('_', ' ').capitalize()} keep their own order", severity="warning")
            return
        items = getattr(self.session.plan, spec.kind)
        shown = [i.id for i in self.items_of(pane)]
        here = shown.index(item.id)
        there = here + offset
        if not 0 <= there < len(shown):
            return
        # Move past hidden items of other panes so the item swaps with its visible neighbour.
        ids = [i.id for i in items]
        full_offset = ids.index(shown[there]) - ids.index(item.id)
        if self.session.apply(lambda store: store.move(item, full_offset)):
            self.select_item(item.id)

    def action_catchball(self) -> None:
        """The Catchball step on the highlighted item (on a person: the items they are part of)."""
        item = self.current_item()
        self.post_message(GoToStep("catchball", getattr(item, "id", None)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Moving is offered only where the list keeps an order of its own; a read-only window
        offers none of the editing keys (the base's rule)."""
        if action == "move" and self.is_mounted and self.tables and not self.active_spec.ordered:
            return False
        return super().check_action(action, parameters)

    def commands(self) -> list[PaletteCommand]:
        noun = self.active_spec.noun if self.tables else self.SPEC.noun
        return [
            self.command(f"edit: add {noun}", "add", f"Open the form for a new {noun}"),
            self.command(f"edit: edit {noun}", "edit", f"Edit the highlighted {noun}"),
            self.command(f"edit: delete {noun}", "delete", f"Delete the highlighted {noun}; ctrl+z brings it back"),
            self.command(f"edit: move {noun} up", "move(-1)", "Move the highlighted item up"),
            self.command(f"edit: move {noun} down", "move(1)", "Move the highlighted item down"),
        ]


# --- cells shared by several steps -------------------------------------------------------------------


def owner_cell(attr: str = "owner_id") -> Callable[[Plan, Any, dict[str, str]], str]:
    return lambda plan, item, code: index_of(plan).names.get(getattr(item, attr) or "", "") or "-"


def parents_cell(parents: Parents) -> Callable[[Plan, Any, dict[str, str]], str]:
    return lambda plan, item, code: code_list(linked_parents(plan, parents, item.id), code) or "-"


def children_cell(children: Parents) -> Callable[[Plan, Any, dict[str, str]], str]:
    return lambda plan, item, code: code_list(linked_children(plan, children, item.id), code) or "-"
