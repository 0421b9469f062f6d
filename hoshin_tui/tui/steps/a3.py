"""The A3 step: pick an A3, edit it like the paper it becomes, see how full each box will print.

The list of the plan's A3s sits above the editor (on a short screen it folds away while the
room edits). A new A3 starts pre-filled from the plan and shows with the focus on the list
(enter edits it). Every edit saves the whole A3 as one row through the store, so undo and
redo work as everywhere else; typed text is saved once the typing pauses and
whenever the focus leaves the box, the step or the session (as in the aim step).
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import DescendantBlur, DescendantFocus
from textual.timer import Timer
from textual.widgets import DataTable, TextArea

from hoshin_tui.model import Plan
from hoshin_tui.model.plan import A3
from hoshin_tui.tui import controller
from hoshin_tui.tui.dialogs.a3_new import NewA3, NewA3Dialog
from hoshin_tui.tui.dialogs.item_form import FieldSpec, FormResult, ItemForm
from hoshin_tui.tui.steps.base import PaletteCommand, StepView
from hoshin_tui.tui.steps.lists import codes
from hoshin_tui.tui.widgets.a3_boxes import ROW_MODELS, TABLE_COLUMNS, A3RowsTable, A3TableBox
from hoshin_tui.tui.widgets.a3_editor import KIND_NAMES, SHORT_KIND_NAMES, A3Editor, with_texts
from hoshin_tui.tui.widgets.item_list import shorten

SAVE_AFTER = 0.4  # seconds of quiet before typed text is saved
PAPER_MIN_WIDTH = 96  # narrower than this, the two columns of boxes stack
PAPER_MIN_HEIGHT = 30  # lower than this, the boxes scroll and the list folds away while editing

HEADER_FIELDS = (
    FieldSpec("title"),
    FieldSpec("owner_id", "person"),
    FieldSpec("mentor_id", "person", label="To / mentor"),
    FieldSpec("revised", "date"),
    FieldSpec("version"),
)
ROW_FIELDS = {
    "plan_rows": (
        FieldSpec("who", placeholder="a name"),
        FieldSpec("what"),
        FieldSpec("when", placeholder="e.g. 2027-03-31 or Q2"),
        FieldSpec("status", placeholder="e.g. on track, late, done"),
    ),
    "followup_rows": (FieldSpec("item"), FieldSpec("plan"), FieldSpec("actual")),
}


class A3Step(StepView):
    SCOPED_CSS = False
    DEFAULT_CSS = """
    A3Step { layout: vertical; }
    A3Step #a3-list { height: auto; max-height: 8; margin-bottom: 1; }
    A3Step.-compact #a3-list { max-height: 6; margin-bottom: 0; }
    A3Step.-compact.-editing #a3-list { display: none; }
    A3Step #a3-editor { height: 1fr; }
    A3Step .a3-band { height: auto; padding: 0 1; background: $boost; }
    A3Step .a3-title, A3Step .a3-meta, A3Step .a3-fill-summary { height: auto; }
    A3Step #a3-boxes { height: 1fr; }
    A3Step.-compact .a3-meta, A3Step .a3-meta.-empty { display: none; }
    A3Step.-compact .a3-box { margin-top: 0; }
    A3Step.-compact A3Editor.-fits .a3-fill-summary { display: none; }
    A3Step #a3-columns { height: auto; }
    A3Step .a3-column { width: 1fr; height: auto; }
    A3Step #a3-left { margin-right: 1; }
    A3Step .a3-box { height: auto; margin-top: 1; }
    A3Step .a3-box-title { height: auto; padding: 0 1; background: $panel; }
    A3Step .a3-box.-active > .a3-box-title { background: $primary; color: $text; }
    A3Step .a3-box.-overflow { border-left: thick $error; }
    A3Step .a3-text { height: auto; min-height: 4; max-height: 12; }
    A3Step .a3-rows { height: auto; max-height: 12; }
    A3Step .a3-empty { color: $text-muted; padding: 0 1; }

    A3Step.-stacked #a3-columns { layout: vertical; }
    A3Step.-stacked #a3-left { margin-right: 0; }
    A3Step.-compact .a3-text { min-height: 2; max-height: 8; border: none; }

    /* Roomy: the boxes share the height like the boxes of the paper, and nothing scrolls. */
    A3Step.-paper #a3-columns { height: 1fr; min-height: 24; }
    A3Step.-paper .a3-column { height: 1fr; }
    A3Step.-paper .a3-box { height: 1fr; min-height: 5; }
    A3Step.-paper .a3-text { height: 1fr; max-height: 100%; }
    A3Step.-paper .a3-rows { height: 1fr; max-height: 100%; }
    """
    BINDINGS: ClassVar = [
        Binding("a,insert", "new", "New A3", id="a3.new"),
        Binding("e", "edit", "Edit A3", id="a3.edit", key_display="enter"),
        Binding("h", "header", "Header", id="a3.header"),
        Binding("delete", "delete", "Delete A3", id="a3.delete", key_display="del"),
        Binding("shift+up,ctrl+up", "move(-1)", "Move up", id="a3.move_up", key_display="shift+↑", show=False),
        Binding("shift+down,ctrl+down", "move(1)", "Move down", id="a3.move_down", key_display="shift+↓", show=False),
        Binding("p", "print_one", "Print A3", id="a3.print"),
        Binding("P", "print_pack", "Print pack", id="a3.print_pack", key_display="P"),
        Binding("escape", "back", "A3 list", id="a3.back"),
        # Back to the sessions even while typing (a box's own ctrl+w deletes a word); the A3 is saved first.
        Binding("ctrl+w", "leave_session", "Sessions", id="a3.sessions", priority=True, show=False),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._save_timer: Timer | None = None
        self._shown_rows: list[tuple[str, ...]] | None = None
        # Held, not queried: leave() must still find the typed text while the screen is torn down.
        self.a3_list: DataTable[Text] = DataTable(id="a3-list", cursor_type="row", zebra_stripes=True)  # keys: A3 ids
        self.editor = A3Editor(id="a3-editor")
        self.editor.read_only = self.session.read_only

    def compose(self) -> ComposeResult:
        yield self.a3_list
        yield self.editor

    def focus_default(self) -> None:
        """Now, not on a later tick: a key typed right after the step key must land here."""
        if not self._editing():
            self.screen.set_focus(self.a3_list)

    # --- layout ---------------------------------------------------------------------------------------

    def on_resize(self) -> None:
        width, height = self.size
        self.set_class(width < PAPER_MIN_WIDTH, "-stacked")
        self.set_class(height < PAPER_MIN_HEIGHT, "-compact")
        self.set_class(width >= PAPER_MIN_WIDTH and height >= PAPER_MIN_HEIGHT, "-paper")
        if not self.stale:
            self._shown_rows = None
            self.call_after_refresh(self._fill_list, self.session.plan)

    def _editing(self) -> bool:
        focused = self.app.focused
        return focused is not None and self.editor in focused.ancestors

    def _typing(self) -> bool:
        return isinstance(self.app.focused, TextArea) and self._editing()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        self.set_class(self._editing(), "-editing")
        widget = event.widget
        if isinstance(widget, TextArea) and widget.cursor_location == (0, 0):
            widget.move_cursor(widget.document.end)  # arriving in a box usually means adding to it
        if self._editing():
            self.call_after_refresh(widget.scroll_visible, animate=False)
        self._mark_active_box()
        self.refresh_bindings()

    def on_descendant_blur(self, event: DescendantBlur) -> None:
        # Focus went elsewhere on screen: save now. (No focus at all means the app is closing,
        # and close_session() saves through leave() while the screen can still redraw.)
        if isinstance(event.widget, TextArea) and self.app.focused is not None:
            self.save_now()
        self.call_after_refresh(self._after_blur)

    def _after_blur(self) -> None:
        if not self.is_attached:  # the session closed (ctrl+w) before this ran: nothing left to redraw
            return
        was_editing = self.has_class("-editing")
        self.set_class(self._editing(), "-editing")
        if was_editing and not self._editing():  # the folded list shows again: keep its cursor in view
            self.call_after_refresh(self._scroll_list)
        self._mark_active_box()
        self.refresh_bindings()

    def _scroll_list(self) -> None:
        table = self.a3_list
        if table.row_count:
            table.move_cursor(row=table.cursor_row, animate=False, scroll=True)

    def _mark_active_box(self) -> None:
        """Light up the title of the box being edited (``:focus-within`` does not restyle children)."""
        focused = self.app.focused
        for box in self.editor.boxes.values():
            box.set_class(focused is not None and box in focused.ancestors, "-active")

    # --- drawing --------------------------------------------------------------------------------------

    def show_plan(self, plan: Plan) -> None:
        if not self.is_attached:
            return
        self.stale = False
        self._fill_list(plan)
        self.editor.show_a3(self.current_a3(), plan, keep_typing=self._save_timer is not None)

    def _fill_list(self, plan: Plan) -> None:
        """Redraw the list of A3s only when what it shows changed (keeps the cursor steady)."""
        table = self.a3_list
        code = codes(plan)
        width = (table.size.width or self.size.width or 80) - 2
        with_subject = width >= 100
        rows = [self._row(plan, a3, code, with_subject) for a3 in plan.a3s]
        if rows == self._shown_rows:
            return
        self._shown_rows = rows
        selected = self._list_id()
        index = table.cursor_row
        table.clear(columns=True)
        padding = 2 * table.cell_padding
        fixed = [("#", 3), ("Kind", 15), ("Owner", 16)] + ([("About", 34)] if with_subject else [])
        title_width = max(16, width - sum(w + padding for _, w in fixed) - padding)
        table.add_column("#", width=3, key="code")
        table.add_column("A3", width=title_width, key="title")
        for header, column_width in fixed[1:]:
            table.add_column(header, width=column_width, key=header.lower())
        for a3, row in zip(plan.a3s, rows, strict=True):
            table.add_row(Text(row[0], style="bold"), *(Text(cell) for cell in row[1:]), key=a3.id)
        ids = [a3.id for a3 in plan.a3s]
        if selected in ids:
            table.move_cursor(row=ids.index(selected), animate=False)
        elif ids:
            table.move_cursor(row=min(max(index, 0), len(ids) - 1), animate=False)

    @staticmethod
    def _row(plan: Plan, a3: A3, code: dict[str, str], with_subject: bool) -> tuple[str, ...]:
        number = plan.a3s.index(a3) + 1
        row = (f"A{number}", a3.title, SHORT_KIND_NAMES[a3.kind], plan.person_name(a3.owner_id) or "-")
        if not with_subject:
            return row
        subject = next(
            (
                item
                for kind in ("strategies", "initiatives")
                for item in getattr(plan, kind)
                if item.id == a3.subject_id
            ),
            None,
        )
        about = f"{code[subject.id]} {subject.title}" if subject is not None else "the whole plan"
        return (*row, about)

    def _list_id(self) -> str | None:
        table = self.a3_list
        rows = table.ordered_rows
        return rows[table.cursor_row].key.value if 0 <= table.cursor_row < len(rows) else None

    def current_a3(self) -> A3 | None:
        """The A3 highlighted in the list, as stored."""
        wanted = self._list_id()
        return next((a3 for a3 in self.session.plan.a3s if a3.id == wanted), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table is not self.a3_list:
            return
        event.stop()
        a3 = self.current_a3()  # the cursor now, not the event's row: stale events must not flicker
        if a3 is not None and (self.editor.a3 is None or self.editor.a3.id != a3.id):
            self.save_now()
            self.editor.show_a3(a3, self.session.plan)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table is self.a3_list:
            event.stop()
            self.action_edit()

    def select_item(self, item_id: str) -> bool:
        if self.stale:
            self.show_plan(self.session.plan)
        ids = [a3.id for a3 in self.session.plan.a3s]
        if item_id not in ids:
            ids = [a3.id for a3 in self.session.plan.a3s if a3.subject_id == item_id]
            if not ids:
                return False
            item_id = ids[0]
        self.save_now()
        self.a3_list.move_cursor(row=self.a3_list.get_row_index(item_id), animate=False)
        self.a3_list.focus()
        self.editor.show_a3(self.current_a3(), self.session.plan)
        return True

    # --- typing -----------------------------------------------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self.editor.text_box_of(event.text_area) is None:
            return
        self.editor.refresh_fill()
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self._unsaved() is not None and not self.session.read_only:
            self._save_timer = self.set_timer(SAVE_AFTER, self.save_now)

    def _unsaved(self) -> A3 | None:
        """The shown A3 with the typed text, when that differs from what is stored."""
        shown = self.editor.a3
        stored = next((a3 for a3 in self.session.plan.a3s if shown and a3.id == shown.id), None)
        if stored is None:
            return None
        edited = with_texts(stored, self.editor.texts())
        return edited if edited != stored else None

    def save_now(self) -> None:
        """Write the typed text of the shown A3 if it differs from the stored one."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        edited = self._unsaved()
        if edited is None or self.session.read_only:
            return
        self._save(edited, f"edit A3 '{shorten(edited.title, 40)}'")

    def leave(self) -> None:
        self.save_now()

    def _save(self, a3: A3, label: str, *, revised_by_hand: bool = False) -> bool:
        """Save ``a3``, dated today: the header's "last revised" follows the edits, as on paper.

        A date the facilitator typed into the header is kept as typed.
        """
        today = controller.now().date()
        if not revised_by_hand and a3.revised != today:
            a3 = a3.model_copy(update={"revised": today})
        return self.session.apply(lambda store: store.save(a3, label=label))

    # --- the A3s ------------------------------------------------------------------------------------------

    def action_new(self) -> None:
        if self._refuse_read_only():
            return
        self.save_now()
        self.app.push_screen(NewA3Dialog(self.session.plan), self._create)

    def _create(self, choice: NewA3 | None) -> None:
        if choice is None:
            return
        from hoshin_tui.core.a3_prefill import UnknownSubject, prefill_a3

        kind, subject_id = choice
        try:
            a3 = prefill_a3(self.session.plan, kind, subject_id)
        except UnknownSubject as exc:  # deleted meanwhile (undo in another window): say so, never a traceback
            self.notify(str(exc), severity="error")
            return
        if self.session.apply(lambda store: store.save(a3, label=f"new {KIND_NAMES[kind]} '{shorten(a3.title, 40)}'")):
            # Shown, with the focus on the list: the enter that chose it (or a second one) must not
            # land in the first box as a new line, and a step key typed next still changes step.
            self.select_item(a3.id)
            self.notify(f"{KIND_NAMES[kind]} '{a3.title}' created, pre-filled from the plan: enter edits it", timeout=4)

    def action_edit(self) -> None:
        """Into the editor, at the first box."""
        if self.current_a3() is None:
            self.action_new()
            return
        first = self.editor.first_box()
        if first is None:
            return
        target = first.editor if hasattr(first, "editor") else first.table  # type: ignore[attr-defined]  # hasattr does not narrow the box union
        self.add_class("-editing")
        target.focus()

    async def action_leave_session(self) -> None:
        await self.run_action("screen.close")  # leave() saves the typed text first

    def action_back(self) -> None:
        self.save_now()
        self.a3_list.focus()

    def action_delete(self) -> None:
        a3 = self.current_a3()
        if a3 is None or self._refuse_read_only():
            return
        self.save_now()
        a3 = self.current_a3()
        if a3 is not None and self.session.apply(lambda store: store.delete(a3)):
            self.deleted("A3", a3.title)

    def action_move(self, offset: int) -> None:
        a3 = self.current_a3()
        if a3 is None or self._refuse_read_only():
            return
        ids = [item.id for item in self.session.plan.a3s]
        if not 0 <= ids.index(a3.id) + offset < len(ids):
            return
        if self.session.apply(lambda store: store.move(a3, offset)):
            self.select_item(a3.id)

    def action_header(self) -> None:
        a3 = self.current_a3()
        if a3 is None or self._refuse_read_only():
            return
        self.save_now()
        a3 = self.current_a3()
        if a3 is None:  # never: saving the shown A3 keeps it in the list
            return
        form = ItemForm(
            f"A3 header: {a3.title}",
            A3,
            HEADER_FIELDS,
            item=a3,
            people=list(self.session.plan.people),
            create_person=self.create_person,
        )
        self.app.push_screen(form, self._header_saved)

    def _header_saved(self, result: FormResult | None) -> None:
        if result is None:
            return
        a3 = result.item
        assert isinstance(a3, A3)
        stored = next((item for item in self.session.plan.a3s if item.id == a3.id), None)
        if stored is not None and a3 != stored:
            self._save(a3, f"edit A3 header '{shorten(a3.title, 40)}'", revised_by_hand=a3.revised != stored.revised)

    # --- the rows of the plan and follow-up tables ------------------------------------------------------------

    @on(A3RowsTable.Request)
    def _row_requested(self, event: A3RowsTable.Request) -> None:
        event.stop()
        if self._refuse_read_only():
            return
        self.save_now()
        a3 = self.current_a3()
        if a3 is None:
            return
        rows = list(getattr(a3, event.content))
        heading = self._heading(a3, event.content)
        if event.action in ("add", "edit"):
            item = rows[event.index] if event.action == "edit" and event.index is not None else None
            title = f"{heading}: {'edit row' if item is not None else 'new row'}"
            form = ItemForm(title, ROW_MODELS[event.content], ROW_FIELDS[event.content], item=item)
            self.app.push_screen(form, lambda result: self._row_saved(event, result))
        elif event.action == "delete" and event.index is not None:
            removed = rows.pop(event.index)
            if self._save_rows(a3, event.content, rows, f"delete a row of {heading}"):
                first = getattr(removed, TABLE_COLUMNS[event.content][0][0]) or getattr(removed, "what", "")
                self.deleted(f"the row of {heading}", first)
        elif event.action == "move" and event.index is not None:
            there = event.index + event.offset
            if 0 <= there < len(rows):
                rows.insert(there, rows.pop(event.index))
                if self._save_rows(a3, event.content, rows, f"move a row of {heading}"):
                    self._select_row(event.content, there)

    def _row_saved(self, event: A3RowsTable.Request, result: FormResult | None) -> None:
        a3 = self.current_a3()
        if result is None or a3 is None:
            return
        rows = list(getattr(a3, event.content))
        heading = self._heading(a3, event.content)
        if event.action == "edit" and event.index is not None and event.index < len(rows):
            if rows[event.index] == result.item:
                return
            rows[event.index] = result.item
            where, label = event.index, f"edit a row of {heading}"
        else:
            where = len(rows) if event.index is None else event.index + 1
            rows.insert(where, result.item)
            label = f"add a row to {heading}"
        if self._save_rows(a3, event.content, rows, label):
            self._select_row(event.content, where)

    def _save_rows(self, a3: A3, content: str, rows: list[Any], label: str) -> bool:
        return self._save(a3.model_copy(update={content: rows}, deep=True), label)

    def _select_row(self, content: str, index: int) -> None:
        box = next(b for b in self.editor.boxes.values() if isinstance(b, A3TableBox) and b.box.content == content)
        box.select_row(index)

    @staticmethod
    def _heading(a3: A3, content: str) -> str:
        from hoshin_tui.model.a3_layout import layout

        return next((box.heading for box in layout(a3.kind) if box.content == content), content)

    # --- printing -----------------------------------------------------------------------------------------------

    def action_print_one(self) -> None:
        a3 = self.current_a3()
        if a3 is None:
            self.notify("No A3 to print yet: press a to start one", severity="warning")
            return
        self._export(a3.id)

    def action_print_pack(self) -> None:
        if not self.session.plan.a3s:
            self.notify("No A3s to print yet: press a to start one", severity="warning")
            return
        self._export(None)

    def _export(self, only: str | None) -> None:
        self.save_now()  # the PDF shows what is on screen
        self.request_export("a3", only)

    # --- keys -----------------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While typing, only "back to the list" is offered; on the list, everything but that.

        A read-only window offers no key that changes the A3s (the list, the header, the rows).
        """
        if action == "leave_session":  # only while typing: elsewhere the screen's own ctrl+w (and its hint) serve
            return self._typing()
        if self.session.read_only and action in ("new", "header", "delete", "move"):
            return False
        if action == "back":
            return self._editing()
        if self._typing():
            return False
        return not (action in ("edit", "move") and self._editing())

    def commands(self) -> list[PaletteCommand]:
        return [
            self.command("export: this A3 as PDF", "print_one", "Print the highlighted A3 on one ISO A3 page"),
            self.command("export: A3 pack PDF", "print_pack", "Print every A3 of the plan into one PDF"),
            self.command("edit: new A3", "new", "A strategy, problem-solving or status A3, pre-filled"),
            self.command("edit: A3 header", "header", "Title, owner, mentor, date of last revision, version"),
            self.command("edit: delete A3", "delete", "Delete the highlighted A3; ctrl+z brings it back"),
        ]
