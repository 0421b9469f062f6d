"""Step 2: business fundamental strategies / breakthrough objectives (3-5 years)."""

from __future__ import annotations

from hoshin_tui.model.enums import Corner
from hoshin_tui.model.plan import Strategy
from hoshin_tui.tui.dialogs.item_form import FieldSpec
from hoshin_tui.tui.steps.lists import Column, ListSpec, ListStep, Parents, children_cell, owner_cell

OBJECTIVES = Parents(Corner.STRATEGY_OBJECTIVE, "objectives", "Annual objectives")

SPEC = ListSpec(
    kind="strategies",
    noun="strategy",
    model=Strategy,
    fields=(
        FieldSpec("title"),
        FieldSpec("description", "long"),
        FieldSpec("horizon", placeholder="e.g. 2027-2030"),
        FieldSpec("leader_id", "person"),
    ),
    columns=(
        Column("Strategy", lambda plan, item, code: item.title),
        Column("Horizon", lambda plan, item, code: item.horizon or "-", 11, min_table_width=100),
        Column("Deployment leader", owner_cell("leader_id"), 18),
        Column("Objectives", children_cell(OBJECTIVES), 11, min_table_width=70),
    ),
    children=OBJECTIVES,
    intro="Breakthrough objectives for the next 3-5 years: usually 3 to 5, each with a deployment leader.",
)


class StrategiesStep(ListStep):
    SPEC = SPEC
