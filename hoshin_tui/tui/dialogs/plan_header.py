"""The plan's header: title, organisation, period and version, the heading of every handout.

The header is edited in the item form over a small model of its own (the form never writes);
the four fields are saved together as one change, so one ctrl+z takes the whole header back.
Anyone may ask for the dialog by posting :class:`EditPlanHeader` (the aim step's ``h``, the
command palette); the session screen hears it and calls :func:`edit_plan_header`.
"""

from __future__ import annotations

import calendar
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field
from textual.message import Message

from hoshin_tui.model import Plan
from hoshin_tui.model.plan import Title
from hoshin_tui.tui.dialogs.item_form import FieldSpec, FormResult, ItemForm

if TYPE_CHECKING:
    from textual.screen import Screen

    from hoshin_tui.store import SessionStore
    from hoshin_tui.tui.controller import SessionController

HEADER_LABEL = "edit plan header"


class EditPlanHeader(Message):
    """Open the plan header dialog (handled by the session screen)."""


class PlanHeader(BaseModel):
    """What the form edits: the plan's own fields that head every printed page."""

    model_config = ConfigDict(extra="forbid")

    title: Title = Field(title="Plan title")
    organization: str = Field("", title="Organization")
    period: str = Field("", title="Period")
    version: str = Field("1", title="Version")
    fiscal_start_month: int = Field(1, ge=1, le=12, title="Plan year starts in")


HEADER_FIELDS = (
    FieldSpec("title", placeholder="e.g. Pump Co strategy deployment"),
    FieldSpec("organization", placeholder="who the plan is for"),
    FieldSpec("period", placeholder="e.g. FY2027"),
    FieldSpec("version", placeholder="e.g. 1, or 2027-03 draft"),
    FieldSpec("fiscal_start_month", "choice", tuple((calendar.month_name[n], str(n)) for n in range(1, 13))),
)


def header_of(plan: Plan) -> PlanHeader:
    return PlanHeader.model_validate({name: getattr(plan, name) for name in PlanHeader.model_fields})


def header_form(plan: Plan) -> ItemForm:
    return ItemForm("Plan header: printed at the top of every handout", PlanHeader, HEADER_FIELDS, item=header_of(plan))


def save_header(session: SessionController, header: PlanHeader) -> bool:
    """Write the fields that changed, as one change; False when nothing changed or it was refused."""
    changed = {name: value for name, value in header.model_dump().items() if getattr(session.plan, name) != value}
    if not changed:
        return False

    def write(store: SessionStore) -> None:
        with store.batch(HEADER_LABEL):
            for name, value in changed.items():
                store.set_field(name, value)

    return session.apply(write)


def edit_plan_header(screen: Screen[Any], session: SessionController) -> None:
    """Open the header dialog over ``screen``; the answer is saved through ``session``."""
    if session.read_only:
        screen.notify(f"Read-only: {session.read_only_reason}", severity="warning")
        return

    def saved(result: FormResult | None) -> None:
        if result is not None and isinstance(result.item, PlanHeader) and save_header(session, result.item):
            screen.notify(f"Plan header saved: '{result.item.title}'", timeout=3)

    screen.app.push_screen(header_form(session.plan), saved)
