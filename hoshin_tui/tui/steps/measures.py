"""Step 5: performance measures (KPIs), each linked to the initiatives that move it (NE grid)."""

from __future__ import annotations

from typing import Any

from hoshin_tui.model import Plan
from hoshin_tui.model.enums import Aggregation, BandBasis, Cadence, Corner, Direction, Phasing
from hoshin_tui.model.plan import Measure
from hoshin_tui.tui.dialogs.item_form import FieldSpec
from hoshin_tui.tui.steps.lists import Column, ListSpec, ListStep, Parents, choices, humanize, owner_cell, parents_cell

INITIATIVES = Parents(Corner.INITIATIVE_MEASURE, "initiatives", "Initiatives that move it")


def _number(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def target_cell(plan: Plan, item: Measure, code: Any) -> str:
    arrow = "↑" if item.direction == Direction.HIGHER else "↓"
    unit = f" {item.unit}" if item.unit else ""
    return f"{_number(item.baseline)} → {_number(item.target)}{unit} {arrow}"


def direction_from(raw: dict[str, Any]) -> str | None:
    """Which way is better, as baseline -> target says: up when the target is higher."""
    try:
        baseline, target = float(raw["baseline"]), float(raw["target"])
    except (TypeError, ValueError, KeyError):
        return None
    if baseline == target:
        return None
    return Direction.HIGHER.value if target > baseline else Direction.LOWER.value


SPEC = ListSpec(
    kind="measures",
    noun="measure",
    model=Measure,
    fields=(
        FieldSpec("name"),
        FieldSpec("unit", placeholder="e.g. %, days, EUR k"),
        FieldSpec("baseline", "number"),
        FieldSpec("target", "number"),
        FieldSpec("direction", "choice", choices(Direction), label="Better when", follows=direction_from),
        FieldSpec("cadence", "choice", choices(Cadence)),
        FieldSpec("owner_id", "person"),
        FieldSpec("aggregation", "choice", choices(Aggregation), label="Months add up by"),
        FieldSpec("phasing", "choice", choices(Phasing), label="Monthly plan"),
        FieldSpec("band_basis", "choice", choices(BandBasis), label="Yellow band is"),
        FieldSpec("yellow_band", "number", label="Yellow band", placeholder="0.05 = 5 %; 1.0 = 1 point if absolute"),
    ),
    columns=(
        Column("Measure", lambda plan, item, code: item.name),
        Column("Baseline → target", target_cell, 20),
        Column("Cadence", lambda plan, item, code: humanize(item.cadence), 9, min_table_width=110),
        Column("Owner", owner_cell(), 14, min_table_width=70),
        Column("Moved by", parents_cell(INITIATIVES), 9, min_table_width=90),
    ),
    parents=INITIATIVES,
    intro="How we will know: baseline, target and which way is better. Every measure needs an owner.",
)


class MeasuresStep(ListStep):
    SPEC = SPEC
