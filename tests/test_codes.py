"""Item codes: given once, stored, the same on the screen and on paper, and closed up only on request."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from pypdf import PdfReader

from hoshin_tui.core.codes import item_codes
from hoshin_tui.export.json_io import plan_from_json, plan_to_json
from hoshin_tui.model.enums import InitiativeKind
from hoshin_tui.model.format import SCHEMA_VERSION
from hoshin_tui.model.plan import AnnualObjective, Initiative, Measure, Plan, Strategy
from hoshin_tui.store import InvalidEdit, SessionStore
from hoshin_tui.store.migrations import upgrade_json
from tests.plans import small_plan


def test_initiatives_are_numbered_strategic_first_in_the_rooms_order():
    plan = Plan(
        initiatives=[
            Initiative(id="in_a", title="Tidy the stores", kind="operational"),
            Initiative(id="in_b", title="Enter the service market", kind="strategic"),
            Initiative(id="in_c", title="Five-minute changeovers", kind="operational"),
            Initiative(id="in_d", title="Launch the E-series", kind="strategic"),
        ]
    )
    codes = item_codes(plan)
    assert [codes[i] for i in ("in_b", "in_d", "in_a", "in_c")] == ["I1", "I2", "I3", "I4"]


def test_every_list_has_its_letter():
    codes = item_codes(small_plan())
    assert codes == {"st_grow": "S1", "ob_oem": "O1", "in_smed": "I1", "me_otd": "M1"}


def _codes_in_file(path: Path, table: str) -> list[tuple[str, str]]:
    """(title, code) of a list, read from the session file as a second process would."""
    title = "name" if table == "measures" else "title"
    with sqlite3.connect(path) as raw:
        return raw.execute(f"SELECT {title}, code FROM {table} ORDER BY pos").fetchall()


def _store_with_three_of_each(tmp_path: Path) -> SessionStore:
    store = SessionStore.create(tmp_path / "offsite.sqlite")
    for title in ("Grow aftermarket", "Zero harm", "Lead in energy"):
        store.save(Strategy(title=title))
    for title, kind in (("Service app", "strategic"), ("5S in assembly", "operational"), ("E-series", "strategic")):
        store.save(Initiative(title=title, kind=kind))
    store.save(AnnualObjective(title="Halve complaints"))
    store.save(Measure(name="Complaints"))
    return store


def test_a_code_is_given_when_the_item_is_made_and_kept_through_deletes_moves_and_kind_changes(tmp_path):
    with _store_with_three_of_each(tmp_path) as store:
        path = store.path
        plan = store.load()
        assert [s.code for s in plan.strategies] == ["S1", "S2", "S3"]
        assert [i.code for i in plan.initiatives] == ["I1", "I2", "I3"]  # in the order they were made
        store.delete(plan.strategies[0])
        store.move(store.load().strategies[1], -1)
        service_app = store.load().initiatives[0]
        store.save(service_app.model_copy(update={"kind": InitiativeKind.OPERATIONAL}))  # the `k` key
        store.save(Strategy(title="Digital sales"))
    assert _codes_in_file(path, "strategies") == [
        ("Lead in energy", "S3"),
        ("Zero harm", "S2"),
        ("Digital sales", "S4"),
    ]
    assert _codes_in_file(path, "initiatives") == [("Service app", "I1"), ("5S in assembly", "I2"), ("E-series", "I3")]
    with SessionStore.open(path) as store:
        codes = item_codes(store.load())
        assert sorted(codes.values()) == ["I1", "I2", "I3", "M1", "O1", "S2", "S3", "S4"]


def test_the_printed_x_matrix_keeps_the_codes_after_a_delete(tmp_path):
    from hoshin_tui.export.xmatrix import export_xmatrix

    with _store_with_three_of_each(tmp_path) as store:
        store.delete(store.load().strategies[0])
        plan = store.load()
    result = export_xmatrix(plan, tmp_path / "x.pdf")
    text = PdfReader(result.path).pages[0].extract_text()
    assert sorted(set(re.findall(r"\bS\d+\b", text))) == ["S2", "S3"]  # S1 was deleted; nobody took its code


def test_renumber_closes_the_gaps_in_display_order_as_one_undoable_change(tmp_path):
    with _store_with_three_of_each(tmp_path) as store:
        path = store.path
        plan = store.load()
        store.delete(plan.strategies[0])
        store.delete(plan.initiatives[0])
        history_before = len(store.history())
        assert store.renumber_codes() == 3  # S2 S3 -> S1 S2; E-series (strategic, shown first) I3 -> I1
        assert len(store.history()) == history_before + 1
        assert store.history()[0].label == "renumber codes"
        assert _codes_in_file(path, "strategies") == [("Zero harm", "S1"), ("Lead in energy", "S2")]
        assert _codes_in_file(path, "initiatives") == [("5S in assembly", "I2"), ("E-series", "I1")]
        assert store.renumber_codes() == 0 and len(store.history()) == history_before + 1
        assert store.undo() == "renumber codes"
        assert _codes_in_file(path, "strategies") == [("Zero harm", "S2"), ("Lead in energy", "S3")]
        assert [s.code for s in store.load().strategies] == ["S2", "S3"]


def test_a_code_given_twice_is_refused_and_nothing_changes(tmp_path):
    with _store_with_three_of_each(tmp_path) as store:
        path = store.path
        second = store.load().strategies[1]
        try:
            store.save(second.model_copy(update={"code": "S1"}))
        except InvalidEdit as exc:
            assert str(exc) == "The code S1 is already given to strategy 'Grow aftermarket'"
        else:
            raise AssertionError("a second S1 was saved")
    assert _codes_in_file(path, "strategies")[1] == ("Zero harm", "S2")


def test_an_import_keeps_the_codes_it_brings_and_gives_the_missing_ones_after_them(tmp_path):
    plan = Plan(
        strategies=[Strategy(title="Kept", code="S4"), Strategy(title="New")],
        initiatives=[Initiative(title="Ops", kind="operational"), Initiative(title="Strat")],
    )
    with SessionStore.create(tmp_path / "imported.sqlite", plan) as store:
        path = store.path
    assert _codes_in_file(path, "strategies") == [("Kept", "S4"), ("New", "S5")]
    assert _codes_in_file(path, "initiatives") == [("Ops", "I2"), ("Strat", "I1")]


def test_a_format_2_json_file_imports_with_the_codes_it_showed():
    old = json.loads(plan_to_json(Plan(initiatives=[Initiative(title="Ops", kind="operational")])))
    old["schema_version"] = 2
    old["initiatives"].append({"title": "Strat", "kind": "strategic"})
    for item in old["initiatives"]:
        item.pop("code", None)  # format 2 had no codes
    upgraded = upgrade_json(old)
    assert "code" not in old["initiatives"][0]  # the caller's data is left alone
    plan = plan_from_json(json.dumps(upgraded))
    assert plan.schema_version == SCHEMA_VERSION
    assert [(i.title, i.code) for i in plan.initiatives] == [("Ops", "I2"), ("Strat", "I1")]


def test_a_plan_with_one_code_twice_is_refused_on_import():
    text = plan_to_json(Plan(strategies=[Strategy(title="A", code="S1")])).replace(
        '"strategies": [', '"strategies": [{"title": "B", "code": "S1"}, ', 1
    )
    try:
        plan_from_json(text, source="plan.json")
    except Exception as exc:
        assert "Two strategies have the code S1" in str(exc)
    else:
        raise AssertionError("two S1s were accepted")
