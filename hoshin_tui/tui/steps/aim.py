"""Step 1: the aim of the system, typed live by the room and coached as it is typed.

Saving is debounced: the text is written once the typing pauses (``SAVE_AFTER`` seconds)
and whenever the step is left or the session closed, so nothing typed is ever lost and the
undo history holds phrases rather than keystrokes.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Static, TextArea

from hoshin_tui.model import Plan
from hoshin_tui.tui.dialogs.plan_header import EditPlanHeader
from hoshin_tui.tui.steps.base import StepView
from hoshin_tui.tui.widgets.aim_coach import AimCoach

SAVE_AFTER = 0.4  # seconds of quiet before the aim is saved


class AimStep(StepView, can_focus=True):
    """Arriving here never types into the aim: enter starts typing, escape (or tab) stops.

    That keeps digit keys jumping between steps, and a stray key from changing the aim.
    """

    BINDINGS: ClassVar = [
        Binding("enter", "type_aim", "Type the aim", id="aim.type"),
        Binding("escape", "done_typing", "Done typing", id="aim.done"),
        Binding("h", "header", "Plan header", id="aim.header"),
        # Back to the sessions even while typing (the editor's own ctrl+w deletes a word); the aim is saved first.
        Binding("ctrl+w", "leave_session", "Sessions", id="aim.sessions", priority=True, show=False),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._save_timer: Timer | None = None
        self._pending: str | None = None  # typed but not yet saved; kept here so a late save needs no DOM
        self._saved: str | None = None  # the text this step itself saved last

    def compose(self) -> ComposeResult:
        yield Static(
            "Why do we exist? A short aim that puts the customer first, aims at zero defects and engages everyone.",
            classes="step-intro",
        )
        with Horizontal(id="aim-row"):
            yield TextArea(
                self.session.plan.aim,
                id="aim-text",
                soft_wrap=True,
                read_only=self.session.read_only,
                placeholder="Press enter to type the aim of the system",
            )
            yield AimCoach(id="aim-coach")

    def on_mount(self) -> None:
        self.query_one(AimCoach).update_text(self.session.plan.aim)

    @property
    def editor(self) -> TextArea:
        return self.query_one("#aim-text", TextArea)

    def focus_default(self) -> None:
        self.screen.set_focus(self)

    def action_type_aim(self) -> None:
        if self.session.read_only:
            self.notify(f"Read-only: {self.session.read_only_reason}", severity="warning")
            return
        self.screen.set_focus(self.editor)
        self.editor.move_cursor(self.editor.document.end)

    def show_plan(self, plan: Plan) -> None:
        """Take the stored aim after undo or redo; never echo our own save back into the editor,
        where keys typed since that save would be lost and the cursor would jump."""
        self.stale = False
        if plan.aim == self._saved or self._pending is not None or self.editor.text == plan.aim:
            return
        self._saved = None  # the stored aim now comes from elsewhere (undo, redo)
        cursor = self.editor.cursor_location
        self.editor.load_text(plan.aim)
        last_row = self.editor.document.line_count - 1
        row = min(cursor[0], last_row)
        self.editor.move_cursor((row, min(cursor[1], len(self.editor.document.get_line(row)))))
        self.query_one(AimCoach).update_text(plan.aim)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        self.query_one(AimCoach).update_text(text)
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if text != self.session.plan.aim and not self.session.read_only:
            self._pending = text
            self._save_timer = self.set_timer(SAVE_AFTER, self.save_now)

    def save_now(self) -> None:
        """Write the aim if it differs from the stored one."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        text, self._pending = self._pending, None
        if text is not None and text != self.session.plan.aim:
            self._saved = text
            self.session.apply(lambda store: store.set_field("aim", text))

    def leave(self) -> None:
        self.save_now()

    def action_header(self) -> None:
        """Title, organisation, period and version: asked of the session screen (messages up)."""
        self.save_now()
        self.post_message(EditPlanHeader())

    async def action_leave_session(self) -> None:
        await self.run_action("screen.close")  # leave() saves the aim first

    def action_done_typing(self) -> None:
        self.save_now()
        self.screen.set_focus(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer "Type the aim" and "Plan header" while not typing, and "Done typing" while typing.

        A read-only window offers neither "Type the aim" nor "Plan header": both would be refused.
        """
        typing = self.editor.has_focus
        if action == "leave_session":  # only while typing: elsewhere the screen's own ctrl+w (and its hint) serve
            return typing
        if action in ("type_aim", "header"):
            return not typing and not self.session.read_only
        if action == "done_typing":
            return typing
        return True
