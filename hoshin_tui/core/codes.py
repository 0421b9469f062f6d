"""Short codes for plan items (S1, O2, I3, M4): the same on the screen and on paper.

The room reads "I3" on the projected screen and finds I3 on the printed X-matrix, so both
read codes from this one place. A code is given once, when the item is made, and stored
with it (``code``): it stays when other items are deleted, moved, or switched between
strategic and operational, because handouts quote it for months. A plan that was never
stored (a test, a preview) has items without codes; they are numbered here the way the store
would number them, so the screen and the paper still agree.
"""

from __future__ import annotations

from hoshin_tui.model.enums import InitiativeKind
from hoshin_tui.model.lists import CODED_LISTS, display_order, give_codes
from hoshin_tui.model.plan import Initiative, Plan

PREFIX = {coded.name: coded.code_prefix for coded in CODED_LISTS}
LEGEND = "S strategy (breakthrough objective) · O annual objective · I initiative · M measure (KPI)"


def initiatives_in_display_order(plan: Plan) -> list[Initiative]:
    """Strategic initiatives first, then operational improvements: the two groups never mix."""
    return [plan.initiatives[index] for index in display_order(i.kind.value for i in plan.initiatives)]


def item_codes(plan: Plan) -> dict[str, str]:
    """``{item id: code}`` for every strategy, objective, initiative and measure."""
    codes: dict[str, str] = {}
    for coded in CODED_LISTS:
        items = getattr(plan, coded.name)
        codes.update((item.id, item.code) for item in items if item.code)
        if any(not item.code for item in items):
            entries = [(item.id, _kind(item), item.code) for item in items]
            codes.update(give_codes(coded.code_prefix, entries))
    return codes


def _kind(item: object) -> str:
    kind = getattr(item, "kind", None)
    return kind.value if isinstance(kind, InitiativeKind) else ""


def fill_codes(plan: Plan) -> Plan:
    """Give the items of ``plan`` that have no code the code they show, as a session would store it."""
    codes = item_codes(plan)
    for coded in CODED_LISTS:
        for item in getattr(plan, coded.name):
            if not item.code:
                item.code = codes[item.id]
    return plan
