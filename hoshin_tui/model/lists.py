"""The lists of a plan, named once: what each is called in the room, in code and in the file.

Every screen, table and exporter that needs "the initiatives" by name reads it here, so
adding a list (the next steps add several) is one entry. Only the standard library is
imported: the session picker reads the counted lists without loading pydantic, and the
model class of a list is looked up on first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import BaseModel


@dataclass(frozen=True)
class PlanList:
    """One list of :class:`~hoshin_tui.model.plan.Plan`."""

    name: str  # the Plan attribute and the table of the session file: "objectives"
    model_name: str  # the class in hoshin_tui.model.plan: "AnnualObjective"
    label: str  # the room's word for one item: "annual objective"
    plural: str  # ...and for several: "annual objectives"
    short: str = ""  # a narrow column header: "Obj"
    title_field: str = "title"  # the field that names an item on screen and on paper
    code_prefix: str = ""  # "O": items carry a code (O1, O2...) printed on handouts; "" for none
    counted: bool = False  # summed up in the session list and the step bar
    key: tuple[str, ...] = ("id",)  # what identifies a row
    owned_by: tuple[str, ...] = ()  # fields naming another item: deleting that item deletes this row...
    refers_to: tuple[str, ...] = ()  # ...or merely clears the field

    @property
    def model(self) -> type[BaseModel]:
        """The pydantic class of the items (imports the plan model)."""
        # model_name always names one of the pydantic item classes of hoshin_tui.model.plan
        model: type[BaseModel] = getattr(import_module("hoshin_tui.model.plan"), self.model_name)
        return model

    def words(self, count: int) -> str:
        """``"1 annual objective"``, ``"3 annual objectives"``."""
        return f"{count} {self.label if count == 1 else self.plural}"


PLAN_LISTS: tuple[PlanList, ...] = (
    PlanList(
        "strategies",
        "Strategy",
        "strategy",
        "strategies",
        "Strat",
        code_prefix="S",
        counted=True,
        refers_to=("leader_id",),
    ),
    PlanList(
        "objectives",
        "AnnualObjective",
        "annual objective",
        "annual objectives",
        "Obj",
        code_prefix="O",
        counted=True,
        refers_to=("owner_id",),
    ),
    PlanList(
        "initiatives",
        "Initiative",
        "initiative",
        "initiatives",
        "Init",
        code_prefix="I",
        counted=True,
        refers_to=("owner_id",),
    ),
    PlanList(
        "measures",
        "Measure",
        "measure",
        "measures",
        "KPI",
        title_field="name",
        code_prefix="M",
        counted=True,
        refers_to=("owner_id",),
    ),
    PlanList("people", "Person", "person", "people", "People", title_field="name", counted=True),
    PlanList(
        "correlations",
        "Correlation",
        "matrix cell",
        "matrix cells",
        title_field="",
        key=("corner", "row_id", "col_id"),
        owned_by=("row_id", "col_id"),
    ),
    PlanList(
        "marks",
        "PeopleMark",
        "people mark",
        "people marks",
        title_field="",
        key=("item_id", "person_id"),
        owned_by=("item_id", "person_id"),
    ),
    PlanList("a3s", "A3", "A3", "A3s", refers_to=("subject_id", "owner_id", "mentor_id")),
    PlanList(
        "catchball_states",
        "CatchballStatus",
        "catchball state",
        "catchball states",
        title_field="",
        key=("item_id",),
        owned_by=("item_id",),
    ),
    PlanList(
        "catchball_entries",
        "CatchballEntry",
        "catchball entry",
        "catchball entries",
        title_field="text",
        owned_by=("item_id",),
        refers_to=("who_id", "to_id"),
    ),
    PlanList(
        "monthly_results",
        "MonthlyResult",
        "monthly result",
        "monthly results",
        title_field="",
        key=("measure_id", "month"),
        owned_by=("measure_id",),
    ),
    PlanList(
        "countermeasures",
        "Countermeasure",
        "countermeasure",
        "countermeasures",
        title_field="action",
        owned_by=("measure_id",),
        refers_to=("owner_id", "a3_id"),
    ),
    PlanList("agenda", "AgendaItem", "agenda item", "agenda items", refers_to=("presenter_id",)),
    PlanList(
        "parking_lot",
        "ParkingLotItem",
        "parking-lot item",
        "parking-lot items",
        title_field="text",
        refers_to=("context_item_id", "agenda_item_id", "outcome_id"),
    ),
    PlanList("votes", "DotVote", "dot vote", "dot votes", title_field="question"),
    PlanList(
        "decisions",
        "Decision",
        "decision",
        "decisions",
        title_field="text",
        refers_to=("owner_id", "agenda_item_id", "vote_id"),
    ),
    # The annual reset (core/rollforward.py): where each item came from and how last year closed.
    PlanList("lineage", "Lineage", "lineage record", "lineage records", title_field="source_title"),
    PlanList("year_end_results", "YearEndResult", "year-end result", "year-end results", title_field="name"),
    PlanList("reflections", "Reflection", "year-end reflection", "year-end reflections"),
)

BY_NAME: dict[str, PlanList] = {plan_list.name: plan_list for plan_list in PLAN_LISTS}
BY_MODEL_NAME: dict[str, PlanList] = {plan_list.model_name: plan_list for plan_list in PLAN_LISTS}
# The lists a session is summed up by (session lists, the step bar), in plan order.
COUNTED_LISTS: tuple[str, ...] = tuple(plan_list.name for plan_list in PLAN_LISTS if plan_list.counted)
# The lists whose items carry a printed code (S1, O2, I3, M4).
CODED_LISTS: tuple[PlanList, ...] = tuple(plan_list for plan_list in PLAN_LISTS if plan_list.code_prefix)


def plan_list(name: str) -> PlanList:
    return BY_NAME[name]


def list_of(item: object) -> PlanList | None:
    """The list an item (or its class) belongs to, by class name: no pydantic import needed."""
    cls = item if isinstance(item, type) else type(item)
    return BY_MODEL_NAME.get(cls.__name__)


def label_of(item: object) -> str:
    """The text that names ``item``: a strategy's title, a measure's or a person's name."""
    found = list_of(item)
    if found is not None and found.title_field:
        return str(getattr(item, found.title_field, "") or "")
    return str(getattr(item, "title", None) or getattr(item, "name", "") or "")


# --- codes ---------------------------------------------------------------------------------

_CODE = re.compile(r"^([A-Z])([1-9][0-9]*)$")


def code_number(code: str, prefix: str) -> int | None:
    """``"S12"`` -> 12 when ``prefix`` is "S"; None for anything else."""
    found = _CODE.match(code or "")
    return int(found.group(2)) if found and found.group(1) == prefix else None


def display_order(kinds: Iterable[str]) -> list[int]:
    """Indexes of a list's items in the order screens and paper show them.

    Initiatives show strategic first, then operational improvements, each group in the
    room's order; every other list shows in the room's order (its items have no kind).
    """
    kinds = list(kinds)
    return sorted(range(len(kinds)), key=lambda index: kinds[index] == "operational")


def give_codes(prefix: str, entries: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """Codes for the items that have none: ``{id: code}``.

    ``entries`` are ``(id, kind, code)`` in list order (``kind`` "" for lists without kinds,
    ``code`` "" for an item without one). Codes already given are kept; the others take the
    next numbers after the highest in use, in display order. So a code once given never
    changes, and a list coded from scratch reads 1, 2, 3... down the screen.
    """
    entries = list(entries)
    used = [code_number(code, prefix) for _, _, code in entries]
    following = max((number for number in used if number is not None), default=0)
    given: dict[str, str] = {}
    for index in display_order(kind for _, kind, _ in entries):
        item_id, _, code = entries[index]
        if code_number(code, prefix) is None:
            following += 1
            given[item_id] = f"{prefix}{following}"
    return given
