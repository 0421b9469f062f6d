"""One A3 on screen, laid out like the paper: a header band, then two columns of titled boxes.

Attributes down: ``show_a3(a3, plan)`` draws a stored A3 (rebuilding the boxes only when
another A3 is shown); ``edited()`` is that A3 with the text as typed so far, which the step
saves. The fill of every box on paper is re-estimated as the room types (``refresh_fill``),
from the exporter's own estimate, without WeasyPrint.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from hoshin_tui.model import Plan
from hoshin_tui.model.a3_layout import Box, layout
from hoshin_tui.model.enums import A3Kind
from hoshin_tui.model.plan import A3, A3Section
from hoshin_tui.tui.widgets.a3_boxes import A3Box, A3TableBox, A3TextBox, Fill

KIND_NAMES = {A3Kind.STRATEGY: "Strategy A3", A3Kind.PROBLEM_SOLVING: "Problem-solving A3", A3Kind.STATUS: "Status A3"}
SHORT_KIND_NAMES = {A3Kind.STRATEGY: "Strategy", A3Kind.PROBLEM_SOLVING: "Problem-solving", A3Kind.STATUS: "Status"}


def fill_level(ratio: float, message: str) -> Fill:
    """How a box will come out on paper: fits, shrinks to fit, or continues on a second page."""
    if "second page" in message:
        return "overflow"
    return "shrink" if ratio > 1.0 else "ok"


def with_texts(a3: A3, texts: dict[str, str]) -> A3:
    """A copy of ``a3`` whose free-text sections hold ``texts`` (missing sections are added in order)."""
    bodies = {section.key: section.body for section in a3.sections}
    bodies.update(texts)
    known = {section.key for section in a3.sections}
    sections = [section.model_copy(update={"body": bodies[section.key]}) for section in a3.sections]
    for box in layout(a3.kind):
        if box.content == "text" and box.key not in known and bodies.get(box.key):
            sections.append(A3Section(key=box.key, heading=box.heading, body=bodies[box.key]))
    return a3.model_copy(update={"sections": sections})


class A3Editor(Vertical):
    """The A3 being edited, or a hint on how to start one. The header band stays put; the boxes scroll."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.a3: A3 | None = None
        self.boxes: dict[str, A3Box] = {}
        self.read_only = False

    def compose(self) -> ComposeResult:
        with Vertical(id="a3-band", classes="a3-band"):
            yield Static("", id="a3-title", classes="a3-title")
            yield Static("", id="a3-meta", classes="a3-meta")
            yield Static("", id="a3-fill-summary", classes="a3-fill-summary")
        with VerticalScroll(id="a3-boxes", can_focus=False), Horizontal(id="a3-columns"):
            yield Vertical(id="a3-left", classes="a3-column")
            yield Vertical(id="a3-right", classes="a3-column")

    # --- drawing ------------------------------------------------------------------------------------

    def show_a3(self, a3: A3 | None, plan: Plan, *, keep_typing: bool = False) -> None:
        """Draw ``a3``; ``keep_typing`` leaves the text boxes alone (the room is mid-sentence)."""
        previous, self.a3 = self.a3, a3
        title, meta = self._header(a3, plan)
        _set(self.query_one("#a3-title", Static), title)
        _set(self.query_one("#a3-meta", Static), Content(meta))
        self.query_one("#a3-meta").set_class(not meta, "-empty")
        self.query_one("#a3-boxes").display = a3 is not None
        if a3 is None:
            self._clear_boxes()
            _set(self.query_one("#a3-fill-summary", Static), Content(""))
            return
        if previous is None or previous.id != a3.id or previous.kind != a3.kind or not self.boxes:
            self._build(a3)
        else:
            bodies = {section.key: section.body for section in a3.sections}
            for key, box in self.boxes.items():
                if isinstance(box, A3TextBox) and not keep_typing:
                    box.show_text(bodies.get(key, ""))
                elif isinstance(box, A3TableBox):
                    box.show_rows(getattr(a3, box.box.content))
        self.refresh_fill()

    def _clear_boxes(self) -> None:
        for box in self.boxes.values():
            box.remove()
        self.boxes = {}

    def _build(self, a3: A3) -> None:
        self._clear_boxes()
        bodies = {section.key: section.body for section in a3.sections}
        columns: dict[str, list[A3Box]] = {"left": [], "right": []}
        for box in layout(a3.kind):
            if box.content == "text":
                widget: A3Box = A3TextBox(box, bodies.get(box.key, ""), read_only=self.read_only)
            else:
                widget = A3TableBox(box, getattr(a3, box.content), read_only=self.read_only)
            self.boxes[box.key] = widget
            columns[box.column].append(widget)
        self.query_one("#a3-left", Vertical).mount_all(columns["left"])
        self.query_one("#a3-right", Vertical).mount_all(columns["right"])

    @staticmethod
    def _header(a3: A3 | None, plan: Plan) -> tuple[Content, str]:
        """The title line and the line under it (owner, mentor, revised, version)."""
        if a3 is None:
            hint = Content.from_markup(
                "[bold]No A3 chosen.[/] Press [bold]a[/] to start one: a strategy A3 for a strategy, "
                "a problem-solving A3 for an initiative, or a status A3. Each starts pre-filled from the plan."
            )
            return hint, ""
        parts = [
            f"{KIND_NAMES[a3.kind]}",
            f"Owner: {plan.person_name(a3.owner_id) or '-'}",
            f"Mentor: {plan.person_name(a3.mentor_id) or '-'}",
            f"Revised: {a3.revised.isoformat() if a3.revised else '-'}",
            f"Version: {a3.version or '-'}",
        ]
        return Content.from_markup("[bold]$title[/]", title=a3.title), "  ·  ".join(parts)

    # --- what the room typed ---------------------------------------------------------------------------

    def texts(self) -> dict[str, str]:
        return {key: box.text for key, box in self.boxes.items() if isinstance(box, A3TextBox)}

    def edited(self) -> A3 | None:
        """The shown A3 with every box's text as typed so far."""
        return with_texts(self.a3, self.texts()) if self.a3 is not None else None

    def text_box_of(self, editor: object) -> A3TextBox | None:
        return next((b for b in self.boxes.values() if isinstance(b, A3TextBox) and b.editor is editor), None)

    def first_box(self) -> A3Box | None:
        return next(iter(self.boxes.values()), None)

    # --- how full each box will be on paper ------------------------------------------------------------

    def refresh_fill(self) -> None:
        a3 = self.edited()
        if a3 is None:
            return
        from hoshin_tui.core.a3_prefill import fill_report

        worst: list[str] = []
        for box, ratio, message in fill_report(a3):
            level = fill_level(ratio, message)
            widget = self.boxes.get(box.key)
            if widget is not None:
                widget.show_fill(level, _without_heading(box, message))
            if level != "ok":
                worst.append(_short(box, message))
        summary = self.query_one("#a3-fill-summary", Static)
        self.set_class(not worst, "-fits")
        if worst:
            _set(summary, Content.from_markup("[bold $text-warning]On paper:[/] $what", what="; ".join(worst)))
        else:
            _set(summary, Content.from_markup("[$text-success]✓ Every box fits on one A3 page[/]"))


def _set(widget: Static, content: Content) -> None:
    """Update ``widget`` only when its text changes: every keystroke re-checks the fill."""
    if getattr(widget, "_a3_shown", None) != content:
        widget._a3_shown = content  # type: ignore[attr-defined]  # a marker kept on the textual widget
        widget.update(content)


def _short(box: Box, message: str) -> str:
    return message or box.heading


def _without_heading(box: Box, message: str) -> str:
    """ "Background 120%: will shrink" under the title "Background" reads "120%: will shrink"."""
    return message[len(box.heading) :].lstrip(" :") if message.startswith(box.heading) else message
