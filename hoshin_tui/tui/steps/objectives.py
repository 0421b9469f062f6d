"""Step 3: annual objectives, each linked to the strategies it serves (the SW grid)."""

from __future__ import annotations

from hoshin_tui.model.enums import Corner
from hoshin_tui.model.plan import AnnualObjective
from hoshin_tui.tui.dialogs.item_form import FieldSpec
from hoshin_tui.tui.steps.lists import Column, ListSpec, ListStep, Parents, children_cell, owner_cell, parents_cell

STRATEGIES = Parents(Corner.STRATEGY_OBJECTIVE, "strategies", "Strategies it serves")
INITIATIVES = Parents(Corner.OBJECTIVE_INITIATIVE, "initiatives", "Initiatives delivering it")

SPEC = ListSpec(
    kind="objectives",
    noun="annual objective",
    model=AnnualObjective,
    fields=(FieldSpec("title"), FieldSpec("description", "long"), FieldSpec("owner_id", "person")),
    columns=(
        Column("Annual objective", lambda plan, item, code: item.title),
        Column("Owner", owner_cell(), 16),
        Column("Serves", parents_cell(STRATEGIES), 9),
        Column("Initiatives", children_cell(INITIATIVES), 11, min_table_width=90),
    ),
    parents=STRATEGIES,
    children=INITIATIVES,
    intro="What must be achieved this year, linked to the strategies it serves. More than 8 loses focus.",
)


class ObjectivesStep(ListStep):
    SPEC = SPEC
