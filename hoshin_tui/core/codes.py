"""Short codes for plan items (S1, O2, I3, M4): the same on the screen and on paper.

The room reads "I3" on the projected screen and finds I3 on the printed X-matrix, so both
number from this one place. Initiatives are numbered as they are shown everywhere:
strategic initiatives first, then operational improvements, each group in the room's order.
"""

from __future__ import annotations

from hoshin_tui.model.enums import InitiativeKind
from hoshin_tui.model.plan import Initiative, Plan

PREFIX = {"strategies": "S", "objectives": "O", "initiatives": "I", "measures": "M"}
LEGEND = "S strategy (breakthrough objective) · O annual objective · I initiative · M measure (KPI)"


def initiatives_in_display_order(plan: Plan) -> list[Initiative]:
    """Strategic initiatives first, then operational improvements: the two groups never mix."""
    strategic = [i for i in plan.initiatives if i.kind == InitiativeKind.STRATEGIC]
    return strategic + [i for i in plan.initiatives if i.kind != InitiativeKind.STRATEGIC]


def item_codes(plan: Plan) -> dict[str, str]:
    """``{item id: code}`` for every strategy, objective, initiative and measure."""
    codes: dict[str, str] = {}
    lists = {
        "strategies": plan.strategies,
        "objectives": plan.objectives,
        "initiatives": initiatives_in_display_order(plan),
        "measures": plan.measures,
    }
    for kind, items in lists.items():
        for number, item in enumerate(items, 1):
            codes[item.id] = f"{PREFIX[kind]}{number}"
    return codes
