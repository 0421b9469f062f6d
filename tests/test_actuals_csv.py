"""``hoshin import actuals``: a spreadsheet's monthly actuals, checked whole, applied as one undo step."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from hoshin_tui.cli import main
from hoshin_tui.core.actuals_csv import ActualsFileRefused, check_actuals, import_actuals
from hoshin_tui.model.plan import Measure, MonthlyResult
from hoshin_tui.store import SessionStore
from tests.plans import small_plan

TODAY = date(2026, 6, 10)


def _session(tmp_path: Path) -> Path:
    plan = small_plan()
    plan.measures.append(Measure(id="me_scrap", code="M2", name="Scrap rate", unit="%", baseline=4, target=2))
    plan.monthly_results = [
        MonthlyResult(measure_id="me_otd", month="2026-01", plan=84, actual=83),
        MonthlyResult(measure_id="me_otd", month="2026-02", plan=85, actual=None),
    ]
    path = tmp_path / "sessions" / "plan.sqlite"
    SessionStore.create(path, plan).close()
    return path


def _csv(tmp_path: Path, text: str, name: str = "actuals.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _database(path: Path) -> list[str]:
    """Every row of every table (history included): what 'nothing changed' must leave equal.

    The writer's name in ``meta`` is left out: opening a session for editing stamps it.
    """
    conn = sqlite3.connect(path)
    try:
        return [line for line in conn.iterdump() if "VALUES('writer'" not in line]
    finally:
        conn.close()


def _results(path: Path) -> dict[tuple[str, str], tuple[float | None, float | None]]:
    with SessionStore.open(path, read_only=True) as store:
        return {(r.measure_id, r.month): (r.plan, r.actual) for r in store.load().monthly_results}


GOOD = (
    "Measure,Month,Actual,Plan,Comment\n"
    "M1,2026-02,86,,late but in\n"  # fills a missing actual, keeps the plan
    "on-time delivery,2026-3,88.5,86,\n"  # by name, any case; a month without its zero; a plan too
    "M2,2026-01,3.9 %,,\n"  # a percent sign, as a spreadsheet writes it
)


def test_good_rows_are_applied_as_one_undo_step(tmp_path):
    session = _session(tmp_path)
    with SessionStore.open(session) as store:
        checked = import_actuals(store, _csv(tmp_path, GOOD), today=TODAY)
        assert checked.ok, checked.problems
        assert (checked.count("new"), checked.count("changed"), checked.count("unchanged")) == (2, 1, 0)
        assert checked.ignored_columns == ["Comment"]
        assert [change.line for change in checked.changes] == [2, 3, 4]
        labels = [change.label for change in store.history()]
        assert labels[0] == "import actuals from actuals.csv (3 months)"
    assert _results(session) == {
        ("me_otd", "2026-01"): (84, 83),
        ("me_otd", "2026-02"): (85, 86),
        ("me_otd", "2026-03"): (86, 88.5),
        ("me_scrap", "2026-01"): (None, 3.9),
    }
    with SessionStore.open(session) as store:
        assert store.undo() == "import actuals from actuals.csv (3 months)"  # one ctrl+z takes back all of it
        assert store.can_undo() is False
    assert _results(session) == {("me_otd", "2026-01"): (84, 83), ("me_otd", "2026-02"): (85, None)}


def test_importing_the_same_file_again_changes_and_records_nothing(tmp_path):
    session = _session(tmp_path)
    source = _csv(tmp_path, GOOD)
    with SessionStore.open(session) as store:
        import_actuals(store, source, today=TODAY)
    before = _database(session)
    with SessionStore.open(session) as store:
        again = import_actuals(store, source, today=TODAY)
        assert again.ok and not again.effective
        assert again.count("unchanged") == 3
    assert _database(session) == before  # no row, no history entry


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("M9,2026-02,5", "no measure with the code or name 'M9' in this plan"),
        ("Delivery,2026-02,5", "no measure with the code or name 'Delivery'"),
        (",2026-02,5", "no measure given"),
        ("M1,March,5", "the month 'March' is not a month: write it as 2027-03"),
        ("M1,2026-13,5", "the month '2026-13' is not a month"),
        ("M1,,5", "no month given"),
        ("M1,2026-02,lots", "the actual 'lots' is not a number"),
        ("M1,2026-02,nan", "the actual 'nan' is not a number"),
        ("M1,2026-02,", "no actual (and no plan) given"),
        ("M1,2207-02,5", "an actual for 2207-02, a month still to come"),
        ("M1,2026-02,5,ninety", "the plan 'ninety' is not a number"),
        ("M1,2026-04,5\nM1,2026-4,6", "M1 2026-04 is already on line 3"),
    ],
)
def test_each_kind_of_bad_row_refuses_the_whole_file(tmp_path, row, reason):
    session = _session(tmp_path)
    before = _database(session)
    text = f"measure,month,actual,plan\nM2,2026-01,3.9\n{row}\n"
    with SessionStore.open(session) as store:
        checked = import_actuals(store, _csv(tmp_path, text), today=TODAY)
    assert not checked.ok
    bad_line = 4 if "\n" in row else 3
    assert [p.line for p in checked.problems] == [bad_line]
    assert reason in checked.problems[0].reason
    assert _database(session) == before  # the good row before it was not applied either


def test_two_measures_of_one_name_must_be_named_by_code(tmp_path):
    plan = small_plan()
    plan.measures.append(Measure(id="me_otd2", code="M2", name="On-time delivery"))
    checked = check_actuals("measure,month,actual\nOn-time delivery,2026-01,90\n", plan, today=TODAY)
    assert checked.problems[0].reason == "2 measures are named 'On-time delivery' (M1, M2): use the code"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty"),
        ("month,actual\n2026-01,5\n", "lacks the column measure"),
        ("measure,month\nM1,2026-01\n", "lacks the column actual"),
    ],
)
def test_a_file_without_the_columns_is_refused(text, message):
    with pytest.raises(ActualsFileRefused, match=message):
        check_actuals(text, small_plan(), today=TODAY)


def test_semicolons_decimal_commas_and_an_excel_byte_order_mark_are_read():
    text = "\ufeffmeasure;month;actual\nM1;2026-01;83,5\n"
    checked = check_actuals(text, small_plan(), today=TODAY)
    assert checked.ok and checked.changes[0].after.actual == 83.5


def test_the_command_reports_every_bad_row_and_changes_nothing(tmp_path, capsys):
    session = _session(tmp_path)
    before = _database(session)
    source = _csv(tmp_path, "measure,month,actual\nM1,2026-01,90\nM9,2026-02,5\nM1,2026-99,x\n")
    code = main(["--workspace", str(tmp_path), "import", "actuals", "plan", str(source)])
    err = capsys.readouterr().err
    assert code == 1
    assert "actuals.csv: 2 bad rows; nothing was imported" in err
    assert "line 3: no measure with the code or name 'M9'" in err
    assert "line 4: the month '2026-99' is not a month" in err and "the actual 'x' is not a number" in err
    assert _database(session) == before


def test_the_command_dry_run_shows_what_would_change(tmp_path, capsys):
    session = _session(tmp_path)
    before = _database(session)
    source = _csv(tmp_path, "measure,month,actual\nM1,2026-01,90\nM1,2026-02,86\n")
    assert main(["--workspace", str(tmp_path), "import", "actuals", "plan", str(source), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Dry run, nothing changed" in out
    assert "changed: M1 2026-01: actual 83 → 90" in out and "changed: M1 2026-02: actual – → 86" in out
    assert _database(session) == before
    assert main(["--workspace", str(tmp_path), "import", "actuals", "plan", str(source)]) == 0
    assert "Imported 2 rows: 0 new months, 2 changed" in capsys.readouterr().out
    assert _results(session)[("me_otd", "2026-01")] == (84, 90)


def test_the_command_line_is_checked(tmp_path, capsys):
    _session(tmp_path)
    assert main(["--workspace", str(tmp_path), "import", "actuals", "plan"]) == 2
    assert "hoshin import actuals SESSION FILE.csv" in capsys.readouterr().err
    assert main(["--workspace", str(tmp_path), "import", "actuals", "plan", str(tmp_path / "none.csv")]) == 1
    assert "No file" in capsys.readouterr().err
