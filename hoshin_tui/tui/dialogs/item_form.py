"""The add/edit form of a plan item: one field per line, the validation message under it.

The form never writes: it returns a validated item (and the chosen parent links) through
``dismiss``, and the caller saves it through the session controller. An invalid value keeps
the form open; escape, ctrl+q and ctrl+w with unsaved changes ask before discarding them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar, cast

from pydantic import BaseModel, ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea

from hoshin_tui.model import errors_by_field
from hoshin_tui.model.enums import Role
from hoshin_tui.model.plan import Person
from hoshin_tui.tui.dialogs.base import Dialog
from hoshin_tui.tui.dialogs.leaving import ask_to_discard
from hoshin_tui.tui.dialogs.prompt import PromptDialog
from hoshin_tui.tui.widgets.tick_list import TickList

NEW_PERSON = "\x00new-person"  # the "+ New person..." entry of an owner picker
# The role a person created inline gets from the field they were created for (else a member).
IMPLIED_ROLES: dict[tuple[str, str], Role] = {
    ("Strategy", "leader_id"): Role.DEPLOYMENT_LEADER,
    ("Initiative", "owner_id"): Role.DEPARTMENT_LEADER,
}
# Makes and saves a person (name, role); None when that was refused.
CreatePerson = Callable[[str, Role], Person | None]


@dataclass(frozen=True)
class FieldSpec:
    """One field of a form. ``kind``: text, long, choice, person, date, number, yesno."""

    name: str
    kind: str = "text"
    choices: tuple[tuple[str, str], ...] = ()  # (label, value) for ``choice``
    placeholder: str = ""
    label: str = ""  # defaults to the model field's title
    # A value inferred from the other fields (a measure's direction from baseline -> target), or
    # None when they say nothing; the field follows it until it is set by hand.
    follows: Callable[[dict[str, Any]], Any] | None = None


@dataclass(frozen=True)
class LinkChoice:
    """The parents an item can be linked to (objective -> strategies, ...)."""

    label: str
    options: tuple[tuple[str, str], ...]  # (id, shown text)
    selected: frozenset[str] = frozenset()


@dataclass
class FormResult:
    item: BaseModel
    links: set[str] | None = None  # chosen parent ids; None when the form has no links
    extra: dict[str, Any] = field(default_factory=dict)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, date):
        return value.isoformat()
    return str(getattr(value, "value", value))


YES_NO = (("Yes", "yes"), ("No", "no"))


def model_defaults(model: type[BaseModel]) -> dict[str, Any]:
    """The plain defaults of ``model``'s fields (``minutes: 15``), so a new item's form shows
    them; generated ones (ids, time stamps) are left for the model to make on save."""
    found: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if info.default_factory is None and not info.is_required() and info.default is not None:
            found[name] = info.default
    return found


def show_error(where: Static, message: str) -> None:
    """Show ``message`` under its field; an empty message takes no room."""
    where.update(message)
    where.display = bool(message)


class ItemForm(Dialog[FormResult | None]):
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "save", "Save", id="form.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(
        self,
        title: str,
        model: type[BaseModel],
        fields: tuple[FieldSpec, ...],
        *,
        item: BaseModel | None = None,
        defaults: dict[str, Any] | None = None,
        people: list[Person] | None = None,
        links: LinkChoice | None = None,
        create_person: CreatePerson | None = None,
    ) -> None:
        super().__init__(classes="dialog item-form")
        self.form_title = title
        self.model = model
        self.fields = fields
        self.item = item
        self.base = item.model_dump() if item is not None else {**model_defaults(model), **(defaults or {})}
        self.people = list(people or [])
        self.links = links
        self.create_person = create_person
        self._initial: dict[str, Any] = {}
        self._person_before: dict[str, Any] = {}
        self._following: dict[str, Any] = {}  # field -> the value it last followed; gone once set by hand

    # --- building ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box form-box"):
            yield Label(self.form_title, classes="dialog-title")
            with VerticalScroll(id="form-fields"):
                for spec in self.fields:
                    yield Label(self._label(spec), classes="field-label")
                    yield self._editor(spec)
                    yield Static("", id=f"error-{spec.name}", classes="field-error", markup=False)
                if self.links is not None:
                    yield Label(self.links.label, classes="field-label")
                    yield self._link_editor(self.links)
            yield Static("", id="form-error", classes="field-error", markup=False)
            yield Static("ctrl+s save · escape cancel · tab next field", classes="form-keys")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def _label(self, spec: FieldSpec) -> str:
        info = self.model.model_fields[spec.name]
        return spec.label or info.title or spec.name

    def _editor(self, spec: FieldSpec) -> Widget:
        value = self.base.get(spec.name)
        ident = f"field-{spec.name}"
        if spec.kind == "long":
            return TextArea(_as_text(value), id=ident, soft_wrap=True, classes="field-long", tab_behavior="focus")
        if spec.kind == "yesno":  # words, not a tick: "yes" and "no" differ without colour
            return Select(YES_NO, id=ident, allow_blank=False, value="yes" if value else "no")
        if spec.kind == "choice":
            current = _as_text(value) or spec.choices[0][1]
            return Select(spec.choices, id=ident, allow_blank=False, value=current)
        if spec.kind == "person":
            self._person_before[spec.name] = value or Select.NULL
            return Select(
                self._person_options(),
                id=ident,
                prompt="(nobody yet)",
                value=value if any(p.id == value for p in self.people) else Select.NULL,
                classes="field-person",
            )
        placeholder = spec.placeholder or {"date": "YYYY-MM-DD", "number": "a number"}.get(spec.kind, "")
        return Input(_as_text(value), id=ident, placeholder=placeholder)

    def _link_editor(self, links: LinkChoice) -> Widget:
        options = [(Text(text), ident, ident in links.selected) for ident, text in links.options]
        editor = TickList(*options, id="field-links")
        if not options:
            editor.display = False
        return editor

    def _person_options(self) -> list[tuple[Text, str]]:
        options = [(Text(p.name), p.id) for p in self.people]
        if self.create_person is not None:
            options.append((Text("+ New person..."), NEW_PERSON))
        return options

    def on_resize(self) -> None:
        """Borderless fields on short terminals, so an 80x24 screen shows the whole form."""
        compact = self.app.size.height < 36
        for widget in self.query("#form-fields > Input, #form-fields > Select, #form-fields > TextArea"):
            widget.compact = compact  # type: ignore[attr-defined]  # textual: compact is on Input/Select/TextArea, the query yields Widget

    def on_mount(self) -> None:
        for error in self.query(".field-error").results(Static):
            error.display = False
        self._initial = self._raw_values()
        for spec in self.fields:  # a stored value the other fields would not give was set by hand
            if spec.follows is not None:
                inferred = spec.follows(self._initial)
                if self.item is None or inferred in (None, self._initial[spec.name]):
                    self._following[spec.name] = self._initial[spec.name]
        self._follow()
        first = self.query("#form-fields > Input, #form-fields > TextArea, #form-fields > Select").first()
        first.focus()
        if self.links is not None and not self.links.options:
            self.query_one("#form-fields").mount(
                Static(f"(nothing to link to yet: {self.links.label.lower()} come first)", classes="field-hint")
            )

    # --- reading the fields ---------------------------------------------------------------------

    def _raw_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, TextArea):
                values[spec.name] = widget.text
            elif isinstance(widget, Select):
                values[spec.name] = None if widget.value in (Select.NULL, NEW_PERSON) else widget.value
            elif isinstance(widget, Input):
                values[spec.name] = widget.value
        if self.links is not None:
            values["__links__"] = frozenset(self.query_one("#field-links", SelectionList).selected)
        return values

    def _data(self, raw: dict[str, Any]) -> dict[str, Any]:
        data = dict(self.base)
        for spec in self.fields:
            value = raw[spec.name]
            if spec.kind in ("date", "number") and isinstance(value, str):
                value = value.strip() or None
            elif spec.kind == "yesno":
                value = value == "yes"
            data[spec.name] = value
        return data

    @property
    def dirty(self) -> bool:
        return self._raw_values() != self._initial

    # --- actions ------------------------------------------------------------------------------------

    def action_save(self) -> None:
        raw = self._raw_values()
        for error in self.query(".field-error").results(Static):
            show_error(error, "")
        try:
            item = self.model.model_validate(self._data(raw))
        except ValidationError as exc:
            self._show_errors(errors_by_field(exc, self.model))
            return
        links = set(raw["__links__"]) if self.links is not None else None
        self.dismiss(FormResult(item, links))

    def _show_errors(self, errors: dict[str, str]) -> None:
        shown = {spec.name for spec in self.fields}
        first_bad = None
        for name, message in errors.items():
            if name in shown:
                show_error(self.query_one(f"#error-{name}", Static), message)
                first_bad = first_bad or name
            else:
                show_error(self.query_one("#form-error", Static), message)
        if first_bad:
            self.query_one(f"#field-{first_bad}").focus()

    def unsaved_subject(self) -> str | None:
        """What a discard would lose ("Safe plant", "New strategy"), or None when nothing changed.

        ctrl+q and ctrl+w ask about it before leaving (see ``dialogs.leaving``), as escape does.
        """
        if not self.is_mounted or not self.dirty:
            return None
        names = ("title", "name", "what", "item")
        named = self.item is not None and next(
            (str(getattr(self.item, name)) for name in names if getattr(self.item, name, "")), None
        )
        if named:
            return named
        first = self.fields[0].name if self.fields else ""
        typed = self._raw_values().get(first)
        return typed.strip() if isinstance(typed, str) and typed.strip() else self.form_title

    def action_cancel(self) -> None:
        subject = self.unsaved_subject()
        if subject is None:
            self.dismiss(None)
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ask_to_discard(subject), answer)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.is_mounted and self._initial:
            self._follow()

    def _follow(self) -> None:
        """Set the fields that follow others (and were not set by hand) to what the others say."""
        raw = self._raw_values()
        for spec in self.fields:
            if spec.name not in self._following or spec.follows is None:
                continue
            inferred = spec.follows(raw)
            if inferred is not None and inferred != raw[spec.name]:
                self._following[spec.name] = inferred
                self.query_one(f"#field-{spec.name}", Select).value = inferred

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save() if event.button.id == "save" else self.action_cancel()

    def on_select_changed(self, event: Select.Changed) -> None:
        select = cast("Select[str]", event.select)  # a person field: its values are person ids (or NEW_PERSON)
        name = (select.id or "").removeprefix("field-")
        if name in self._following and event.value != self._following[name]:
            del self._following[name]  # chosen by hand: it stops following
        if event.value != NEW_PERSON:
            if name in self._person_before:
                self._person_before[name] = event.value
            return
        previous = self._person_before.get(name, Select.NULL)
        role = IMPLIED_ROLES.get((self.model.__name__, name), Role.MEMBER)

        def created(person_name: str | None) -> None:
            person = self.create_person(person_name, role) if person_name and self.create_person else None
            if person is None:
                select.value = previous
                return
            self.people.append(person)
            for other in self.query(".field-person").results(Select):
                keep = other.value
                other.set_options(self._person_options())
                if other is not select and keep not in (Select.NULL, NEW_PERSON):
                    other.value = keep
            select.value = person.id
            self._person_before[name] = person.id

        hint = f"added to People straight away, as a {role.value.replace('_', ' ')}"
        self.app.push_screen(PromptDialog("Name of the new person", hint=hint), created)
