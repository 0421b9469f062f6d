"""The registry of plan lists: one entry per list of the plan, in the room's words."""

from __future__ import annotations

import subprocess
import sys
import typing

from hoshin_tui.model.lists import BY_NAME, COUNTED_LISTS, PLAN_LISTS, label_of
from hoshin_tui.model.plan import AnnualObjective, Measure, Plan
from hoshin_tui.store import SessionStore
from hoshin_tui.store.schema import COLLECTIONS


def test_the_registry_names_every_list_of_the_plan_with_its_model() -> None:
    lists = {name: info for name, info in Plan.model_fields.items() if typing.get_origin(info.annotation) is list}
    assert [pl.name for pl in PLAN_LISTS] == list(lists)
    for pl in PLAN_LISTS:
        assert typing.get_args(lists[pl.name].annotation) == (pl.model,), pl.name
        if pl.title_field:
            assert pl.title_field in pl.model.model_fields, pl.name
    assert [c.table for c in COLLECTIONS] == list(lists)
    assert COUNTED_LISTS == ("strategies", "objectives", "initiatives", "measures", "people")


def test_words_and_labels_are_the_rooms() -> None:
    assert BY_NAME["objectives"].words(1) == "1 annual objective"
    assert BY_NAME["parking_lot"].words(2) == "2 parking-lot items"
    assert label_of(Measure(name="On-time delivery")) == "On-time delivery"


def test_the_undo_history_says_annual_objective(tmp_path) -> None:
    with SessionStore.create(tmp_path / "s.sqlite") as store:
        store.save(AnnualObjective(title="Halve complaints"))
        assert store.undo() == "save annual objective 'Halve complaints'"


def test_the_registry_loads_without_pydantic() -> None:
    code = "import sys, hoshin_tui.model.lists, hoshin_tui.store.peek; print('pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
