"""Step 6: the people who lead, support and own the plan's items."""

from __future__ import annotations

from typing import Any

from hoshin_tui.model import Plan
from hoshin_tui.model.enums import Role
from hoshin_tui.model.plan import Person
from hoshin_tui.tui.dialogs.item_form import FieldSpec
from hoshin_tui.tui.plan_index import index_of
from hoshin_tui.tui.steps.lists import Column, ListSpec, ListStep, choices, humanize


def owned(plan: Plan, person_id: str) -> list[str]:
    """Ids of the items this person leads or owns, in plan order."""
    found = [s.id for s in plan.strategies if s.leader_id == person_id]
    for kind in ("objectives", "initiatives", "measures"):
        found += [i.id for i in getattr(plan, kind) if i.owner_id == person_id]
    return found


def load_cell(plan: Plan, item: Person, code: Any) -> str:
    marks = sum(1 for m in plan.marks if m.person_id == item.id)
    return str(len(owned(plan, item.id)) + marks)


SPEC = ListSpec(
    kind="people",
    noun="person",
    model=Person,
    fields=(FieldSpec("name"), FieldSpec("role", "choice", choices(Role)), FieldSpec("department")),
    columns=(
        Column("Name", lambda plan, item, code: item.name),
        Column("Role", lambda plan, item, code: humanize(item.role), 18),
        Column("Department", lambda plan, item, code: item.department or "-", 14, min_table_width=70),
        Column("Load", load_cell, 4),
    ),
    intro="Who leads, supports and owns the work. Load counts owned items and team marks.",
)


class PeopleStep(ListStep):
    SPEC = SPEC

    def describe(self, item: Any) -> str:
        plan = self.session.plan
        named = index_of(plan).titles
        mine = owned(plan, item.id)
        lines = [f"{item.name}, {humanize(item.role).lower()}" + (f", {item.department}" if item.department else "")]
        lines.append("Owns: " + ("; ".join(named[i] for i in mine) or "nothing yet"))
        return "\n".join(lines)
