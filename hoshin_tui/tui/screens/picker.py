"""The home screen: the workspace's sessions, and everything done to session files.

File work (listing, copying, renaming, deleting, importing) runs in a thread worker so
the screen never freezes on a slow disk; the one exception is the first listing, done
before the first frame so the room never sees an empty list. Opening a session happens
on the UI thread because a SQLite connection belongs to the thread that made it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from hoshin_tui.core.workspace import SessionInfo, Workspace, slugify
from hoshin_tui.model.lists import BY_NAME, COUNTED_LISTS
from hoshin_tui.store import StoreError
from hoshin_tui.tui.messages import OpenSession
from hoshin_tui.tui.widgets.item_list import ItemList, shorten
from hoshin_tui.tui.widgets.key_hints import KeyHints
from hoshin_tui.tui.widgets.quiet import set_text

if TYPE_CHECKING:
    from hoshin_tui.model import Plan

DEMO_NAME = "demo"
COUNT_COLUMNS = tuple((BY_NAME[name].short, name) for name in COUNTED_LISTS if name != "people")


def display_path(path: Path) -> str:
    """``/home/ana/offsite`` -> ``~/offsite``: shorter on a projector, and stable across machines."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def display_time(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""


def free_session_name(workspace: Workspace, title: str) -> str:
    """The file name a plan titled ``title`` gets: its slug, with -2, -3... when that is taken.

    Raises ``ValueError`` (with a sentence for the room) when the title has no letter or digit.
    """
    base = slugify(title)[:56].strip("-")  # room for "-99" within the 60 characters of a slug
    name, number = base, 2
    while workspace.session_path(name).exists():
        name, number = f"{base}-{number}", number + 1
    return name


class SessionList(ItemList):
    """The sessions, one row each: the list steps' table, light enough to start with.

    (Textual's DataTable costs more to import and mount than the rest of the picker.)
    """

    BINDINGS: ClassVar = [Binding("enter", "select", "Open", id="picker.open_row", show=False)]


class SessionPickerScreen(Screen[None]):
    """Pick, create or manage a session; the demo is one key away."""

    CSS_PATH = "../styles/picker.tcss"

    BINDINGS: ClassVar = [
        Binding("n", "new", "New", id="picker.new"),
        Binding("o", "open", "Open", id="picker.open", key_display="enter"),
        Binding("d", "demo", "Demo", id="picker.demo"),
        Binding("i", "import_json", "Import JSON", id="picker.import"),
        Binding("c", "duplicate", "Duplicate", id="picker.duplicate"),
        Binding("r", "rename", "Rename", id="picker.rename"),
        Binding("delete", "delete", "Delete", id="picker.delete", key_display="del"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(id="picker")
        self.workspace = workspace
        self.sessions: list[SessionInfo] = []
        self._select_after: str | None = None
        self._listed_on_mount = False
        self._laid_out_for = 0  # the list's width the columns were laid out for

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-body"):
            yield Static("Hoshin Kanri sessions", id="picker-title")
            yield Static(f"in {display_path(self.workspace.sessions_dir)}", id="picker-where", markup=False)
            yield SessionList(id="sessions")
            yield Static("", id="picker-empty", markup=False)
            yield Static("", id="picker-detail", markup=False)
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one("#picker-empty").display = False
        # The first screen of the day lists before its first frame, so the list never flashes
        # empty: a listing costs about a millisecond a session (31 sessions: 36 ms). Later
        # listings run in a worker; a picker built behind a session lists when it is shown.
        self._listed_on_mount = self.is_current
        if self._listed_on_mount:
            found = self._find_sessions(self.notify)
            if found is not None:
                self._show(found)

    def on_screen_resume(self) -> None:
        if self._listed_on_mount:  # this is that first showing: already listed
            self._listed_on_mount = False
            return
        self.reload()  # back from a session or a dialog: files may have changed

    # --- the list -----------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        self._select_after = select or (self.current.name if self.current else None)
        self._list_sessions()

    def _find_sessions(self, notify: Callable[..., object]) -> list[SessionInfo] | None:
        try:
            return self.workspace.sessions()
        except OSError as exc:
            notify(f"Cannot list {self.workspace.sessions_dir}: {exc}", severity="error")
            return None

    @work(thread=True, exclusive=True, group="picker-list", exit_on_error=False)
    def _list_sessions(self) -> None:
        found = self._find_sessions(partial(self.app.call_from_thread, self.notify))
        # A newer listing cancelled this one (exclusive); a thread runs on regardless, so its
        # stale list must not land on top of the newer one.
        if found is not None and not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, found)

    def _show(self, sessions: list[SessionInfo]) -> None:
        self.sessions = sessions
        table = self.query_one(SessionList)
        rest = [("Last change", 16), *((label, len(label)) for label, _ in COUNT_COLUMNS), ("People", 6)]
        self._laid_out_for = table.size.width
        room = (table.size.width or self.app.size.width - 4) - 2 - sum(width + 2 for _, width in rest)
        name_width = min(40, max([7, *(len(i.name) for i in sessions)]), max(7, room // 2))
        title_width = max(8, room - (name_width + 2) - 2)
        shape = [("Session", name_width), ("Plan", title_width), *rest]
        keys = [key for _, key in COUNT_COLUMNS] + ["people"]
        rows = []
        for info in sessions:
            lineage = f" (from {info.derived_from})" if info.derived_from else ""  # rolled forward from it
            name, title = shorten(info.name, name_width), shorten(info.title + lineage, title_width)
            if info.problem:
                cells = (name, "", "cannot open", *("-" for _ in keys))
            else:
                counts = (str(info.counts.get(k, 0)) for k in keys)
                cells = (name, title, display_time(info.last_change), *counts)
            rows.append((str(info.path), cells))
        table.show_rows(shape, rows)
        names = [info.name for info in sessions]
        if self._select_after in names:
            table.set_cursor(names.index(self._select_after))
        empty = self.query_one("#picker-empty", Static)
        empty.display = not sessions
        table.display = bool(sessions)
        empty.update(
            "No sessions here yet.\n\n  n  start a new session\n  d  open the demo session\n  i  import a JSON plan"
        )
        self._show_detail()
        if sessions:
            table.focus()

    @property
    def current(self) -> SessionInfo | None:
        table = self.query_one(SessionList)
        if not self.sessions or not table.display:
            return None
        row = table.cursor
        return self.sessions[row] if 0 <= row < len(self.sessions) else None

    def on_item_list_highlighted(self, event: ItemList.Highlighted) -> None:
        self._show_detail()

    def on_item_list_resized(self, event: ItemList.Resized) -> None:
        """The plan titles take the width there is: lay the columns out again for the new width."""
        event.stop()
        if self.sessions and event.width != self._laid_out_for:
            self._show(self.sessions)

    def on_item_list_selected(self, event: ItemList.Selected) -> None:
        event.stop()
        self.action_open()

    def _show_detail(self) -> None:
        detail = self.query_one("#picker-detail", Static)
        info = self.current
        detail.set_class(bool(info and info.problem), "problem")
        if info is None:
            text = ""
        elif info.problem:
            text = f"Cannot open {info.path.name}: {info.problem}"
        else:
            text = display_path(info.path)
            if info.derived_from:
                text += f" · rolled forward from {info.derived_from}"
        set_text(detail, text, layout=True)  # highlighting the same row again redraws nothing

    # --- actions ---------------------------------------------------------------------------------

    def action_open(self) -> None:
        info = self.current
        if info is None:
            self.notify("No session to open: press n for a new one or d for the demo", severity="warning")
            return
        self.post_message(OpenSession(info.path))

    def action_new(self) -> None:
        """Ask for the plan's title; the file is named after it (shown as the title is typed)."""
        from hoshin_tui.tui.dialogs.prompt import PromptDialog

        def create(title: str | None) -> None:
            if not title:
                return
            try:
                name = free_session_name(self.workspace, title)
            except ValueError as exc:
                self.notify(str(exc), severity="error")
                return
            self._file_op(lambda: self._create(name, title=title), f"Created session '{name}'", open_after=True)

        dialog = PromptDialog(
            "Title of the new plan",
            placeholder="e.g. Pump Co strategy deployment FY2027",
            check=self._check_title,
            preview=self._file_for_title,
        )
        self.app.push_screen(dialog, create)

    def _check_title(self, title: str) -> str | None:
        try:
            free_session_name(self.workspace, title)
        except ValueError as exc:
            return str(exc).replace("session name", "title")
        return None

    def _file_for_title(self, title: str) -> str:
        """What the dialog shows under the title: the file it will make."""
        if not title.strip():
            return f"The file is named after the title, in {display_path(self.workspace.sessions_dir)}"
        try:
            name = free_session_name(self.workspace, title)
        except ValueError:
            return "The title needs a letter or a digit to name the file"
        return f"Saved as {display_path(self.workspace.session_path(name))}"

    def action_demo(self) -> None:
        path = self.workspace.session_path(DEMO_NAME)
        if path.exists():
            self.post_message(OpenSession(path))
            return

        def build() -> Path:
            from hoshin_tui.export.demo import build_demo_plan

            return self._create(DEMO_NAME, build_demo_plan())

        self._file_op(build, "Created the demo session", open_after=True)

    def action_duplicate(self) -> None:
        info = self._needs_session("duplicate")
        if info is None:
            return

        def copy(name: str | None) -> None:
            if name:
                self._file_op(lambda: self.workspace.duplicate(str(info.path), name), f"Copied '{info.name}'")

        self._ask_name(f"Name of the copy of '{info.name}'", copy, value=f"{info.name}-copy")

    def action_rename(self) -> None:
        info = self._needs_session("rename")
        if info is None:
            return

        def rename(name: str | None) -> None:
            if name and slugify(name) != info.name:
                self._file_op(lambda: self.workspace.rename(str(info.path), name), f"Renamed '{info.name}'")

        self._ask_name(f"New name for '{info.name}'", rename, value=info.name)

    def action_delete(self) -> None:
        info = self._needs_session("delete")
        if info is None:
            return

        def delete(sure: bool | None) -> None:
            if sure:
                self._file_op(
                    lambda: self.workspace.delete(str(info.path)),
                    f"Deleted '{info.name}' (kept in {display_path(self.workspace.sessions_dir / '.trash')})",
                )

        question = f"Delete the session '{info.name}'?\n\nThe file moves to sessions/.trash, where it can be restored."
        from hoshin_tui.tui.dialogs.confirm import ConfirmDialog

        self.app.push_screen(ConfirmDialog(question, yes="Delete", no="Keep"), delete)

    def action_import_json(self) -> None:
        def ask_name(path_text: str | None) -> None:
            if not path_text:
                return
            source = Path(path_text).expanduser()
            if not source.is_absolute():
                source = self.workspace.root / source
            if not source.is_file():
                self.notify(f"No file at {source}", severity="error")
                return

            def create(name: str | None) -> None:
                if name:
                    self._file_op(lambda: self._import(source, name), f"Imported {source.name}", open_after=False)

            self._ask_name(f"Name of the session made from {source.name}", create, value=_default_name(source.stem))

        from hoshin_tui.tui.dialogs.prompt import PromptDialog

        self.app.push_screen(
            PromptDialog(
                "Import a plan from a JSON file",
                placeholder="path/to/plan.json",
                hint=f"relative paths start in {display_path(self.workspace.root)}",
            ),
            ask_name,
        )

    # --- helpers ----------------------------------------------------------------------------------

    def _ask_name(self, title: str, then: Callable[[str | None], None], *, value: str = "") -> None:
        """Ask for a session name, checked as it is typed; the dialogs load when first used."""
        from hoshin_tui.tui.dialogs.prompt import PromptDialog

        self.app.push_screen(PromptDialog(title, value=value, check=self._check_new_name), then)

    def _needs_session(self, verb: str) -> SessionInfo | None:
        info = self.current
        if info is None:
            self.notify(f"No session selected to {verb}", severity="warning")
        return info

    def _check_new_name(self, name: str) -> str | None:
        try:
            path = self.workspace.session_path(name)
        except ValueError as exc:
            return str(exc)
        if path.exists():
            return f"A session named '{path.stem}' already exists: pick another name"
        return None

    def _create(self, name: str, plan: Plan | None = None, *, title: str = "") -> Path:
        from hoshin_tui.model import Plan

        with self.workspace.create(name, plan or Plan(title=title or name)) as store:
            return store.path

    def _import(self, source: Path, name: str) -> Path:
        from hoshin_tui.export.json_io import read_plan

        plan = read_plan(source)
        return self._create(name, plan)

    @work(thread=True, group="picker-files", exit_on_error=False)
    def _file_op(self, operation: Callable[[], Path | None], success: str, open_after: bool = False) -> None:
        try:
            path = operation()
        except (StoreError, ValueError, OSError, ImportError) as exc:
            self.app.call_from_thread(self.notify, _one_line(exc), severity="error")
            return
        self.app.call_from_thread(self._after_file_op, path, success, open_after)

    def _after_file_op(self, path: Path | None, success: str, open_after: bool) -> None:
        self.notify(success)
        name = path.name.removesuffix(".sqlite") if path else None
        if open_after and path is not None:
            self._select_after = name
            self.post_message(OpenSession(path))
        else:
            self.reload(select=name)


def _default_name(stem: str) -> str:
    try:
        return slugify(stem)
    except ValueError:
        return "imported"


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
