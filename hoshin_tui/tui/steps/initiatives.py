"""Step 4: improvement priorities, the two paths side by side.

Strategic initiatives change what the organization does; operational improvements make
today's system work better. Keeping them visibly apart is the point of this screen.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding

from hoshin_tui.model.enums import Corner, InitiativeKind, InitiativeStatus
from hoshin_tui.model.plan import Initiative
from hoshin_tui.tui.dialogs.item_form import FieldSpec
from hoshin_tui.tui.steps.lists import (
    Column,
    ListSpec,
    ListStep,
    Pane,
    Parents,
    children_cell,
    choices,
    humanize,
    owner_cell,
    parents_cell,
)

OBJECTIVES = Parents(Corner.OBJECTIVE_INITIATIVE, "objectives", "Objectives it delivers")
MEASURES = Parents(Corner.INITIATIVE_MEASURE, "measures", "Measures it moves")

SPEC = ListSpec(
    kind="initiatives",
    noun="initiative",
    model=Initiative,
    fields=(
        FieldSpec("title"),
        FieldSpec("kind", "choice", choices(InitiativeKind)),
        FieldSpec("owner_id", "person"),
        FieldSpec("status", "choice", choices(InitiativeStatus)),
        FieldSpec("start", "date"),
        FieldSpec("due", "date"),
        FieldSpec("tactics", "long"),
        FieldSpec("deliverables", "long"),
    ),
    columns=(
        Column("Initiative", lambda plan, item, code: item.title),
        Column("Owner", owner_cell(), 14, min_table_width=50),
        Column("Status", lambda plan, item, code: humanize(item.status), 11, min_table_width=80),
        Column("Delivers", parents_cell(OBJECTIVES), 8, min_table_width=50),
        Column("Moves", children_cell(MEASURES), 8, min_table_width=90),
    ),
    parents=OBJECTIVES,
    children=MEASURES,
    panes=(
        Pane(
            "Strategic initiatives",
            lambda item: item.kind == InitiativeKind.STRATEGIC,
            {"kind": InitiativeKind.STRATEGIC},
        ),
        Pane(
            "Operational improvements",
            lambda item: item.kind == InitiativeKind.OPERATIONAL,
            {"kind": InitiativeKind.OPERATIONAL},
        ),
    ),
    intro="Strategic initiatives change what we do; operational improvements make today's system better.",
)


class InitiativesStep(ListStep):
    SPEC = SPEC
    BINDINGS: ClassVar = [
        Binding("k", "switch_kind", "Other path", id="initiatives.switch_kind"),
    ]

    def action_switch_kind(self) -> None:
        """Move the highlighted initiative to the other path (strategic <-> operational)."""
        item = self.current_item()
        if item is None or self.refuse_read_only():
            return
        other = InitiativeKind.OPERATIONAL if item.kind == InitiativeKind.STRATEGIC else InitiativeKind.STRATEGIC
        changed = item.model_copy(update={"kind": other})
        if self.session.apply(lambda store: store.save(changed)):
            self.select_item(item.id)
