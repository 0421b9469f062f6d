"""Every bad JSON import named in issue 9: one line that names the item and the field, exit 1, no session left.

Each case mutates a valid export of ``small_plan`` (or writes raw text) and runs
``hoshin import`` in process, exactly as the command line does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hoshin_tui.cli import main
from hoshin_tui.export.json_io import plan_to_json
from hoshin_tui.model.format import SCHEMA_VERSION
from tests.plans import small_plan


def base() -> dict[str, Any]:
    return json.loads(plan_to_json(small_plan()))


def leftovers(workspace: Path) -> list[str]:
    """Whatever an import left in the sessions folder (a refused import must leave nothing)."""
    sessions = workspace / "sessions"
    return sorted(p.name for p in sessions.iterdir()) if sessions.exists() else []


def run_import(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str | bytes) -> tuple[int, str, str]:
    source = tmp_path / "plan.json"
    source.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    status = main(["--workspace", str(tmp_path), "import", str(source)])
    out, err = capsys.readouterr()
    return status, out, err


def mutated(change: Callable[[dict[str, Any]], object]) -> str:
    doc = base()
    change(doc)
    return json.dumps(doc)


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        target = doc
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return change


def _swap_first_correlation(doc: dict[str, Any]) -> None:
    first = doc["correlations"][0]
    first["row_id"], first["col_id"] = first["col_id"], first["row_id"]


def _duplicate(attr: str) -> Callable[[dict[str, Any]], None]:
    return lambda doc: doc[attr].append(dict(doc[attr][0]))


def _replace(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)

    return change


MEASURE = "measure 'On-time delivery' (me_otd)"
NEWER = (
    "it was made by a newer hoshin-tui (format {}); this one reads format "
    + str(SCHEMA_VERSION)
    + ": update hoshin-tui to import it"
)

CASES: list[tuple[str, Callable[[dict[str, Any]], object], str]] = [
    ("newer format", _set(("schema_version",), SCHEMA_VERSION + 1), NEWER.format(SCHEMA_VERSION + 1)),
    ("far newer format", _set(("schema_version",), 999), NEWER.format(999)),
    (
        "format zero",
        _set(("schema_version",), 0),
        "schema_version: there is no format 0 (hoshin-tui formats start at 1)",
    ),
    (
        "negative format",
        _set(("schema_version",), -1),
        "schema_version: there is no format -1 (hoshin-tui formats start at 1)",
    ),
    (
        "format as text",
        _set(("schema_version",), "2"),
        "schema_version: must be the whole number of a file format, got '2'",
    ),
    (
        "format as a fraction",
        _set(("schema_version",), 2.5),
        "schema_version: must be the whole number of a file format, got 2.5",
    ),
    (
        "correlation to nothing",
        _set(("correlations", 0, "col_id"), "ob_9"),
        "correlation 1: col_id: objective ob_9 does not exist",
    ),
    (
        "correlation swapped between corners",
        _swap_first_correlation,
        "correlation 1: row and column are swapped: "
        "strategy_objective has strategies as rows and objectives as columns",
    ),
    (
        "correlation in the wrong corner",
        _set(("correlations", 0, "col_id"), "in_smed"),
        "correlation 1: col_id: in_smed is an initiative, but the columns of strategy_objective are objectives",
    ),
    (
        "leader who is not there",
        _set(("strategies", 0, "leader_id"), "pe_nobody"),
        "strategy 'Grow aftermarket' (st_grow): leader_id: person pe_nobody does not exist",
    ),
    (
        "owner who is a measure",
        _set(("objectives", 0, "owner_id"), "me_otd"),
        "objective 'Win three OEM accounts' (ob_oem): owner_id: me_otd is a measure, not a person",
    ),
    (
        "mentor who is not there",
        _set(("a3s", 0, "mentor_id"), "pe_gone"),
        "A3 'Grow aftermarket' (a3_grow): mentor_id: person pe_gone does not exist",
    ),
    (
        "countermeasure owner who is not there",
        _set(("countermeasures", 0, "owner_id"), "pe_gone"),
        "countermeasure 'Daily huddle' (cm_1): owner_id: person pe_gone does not exist",
    ),
    (
        "people mark of nobody",
        _set(("marks", 0, "person_id"), "pe_gone"),
        "people mark 1: person_id: person pe_gone does not exist",
    ),
    (
        "people mark on nothing",
        _set(("marks", 1, "item_id"), "me_gone"),
        "people mark 2: item_id: strategy, objective, initiative or measure me_gone does not exist",
    ),
    (
        "A3 about an objective",
        _set(("a3s", 0, "subject_id"), "ob_oem"),
        "A3 'Grow aftermarket' (a3_grow): subject_id: ob_oem is an objective, not a strategy, initiative or measure",
    ),
    (
        "A3 about nothing",
        _set(("a3s", 0, "subject_id"), "st_gone"),
        "A3 'Grow aftermarket' (a3_grow): subject_id: strategy, initiative or measure st_gone does not exist",
    ),
    (
        "monthly result of no measure",
        _set(("monthly_results", 0, "measure_id"), "me_gone"),
        "monthly result 1: measure_id: measure me_gone does not exist",
    ),
    (
        "countermeasure of no measure",
        _set(("countermeasures", 0, "measure_id"), "me_gone"),
        "countermeasure 'Daily huddle' (cm_1): measure_id: measure me_gone does not exist",
    ),
    (
        "catchball state of nothing",
        _set(("catchball_states", 0, "item_id"), "ob_gone"),
        "catchball state 1: item_id: strategy, objective, initiative or measure ob_gone does not exist",
    ),
    (
        "catchball entry of a person",
        _set(("catchball_entries", 0, "item_id"), "pe_ann"),
        "catchball entry 'Two accounts, not three' (cb_1): item_id: pe_ann is a person, "
        "not a strategy, objective, initiative or measure",
    ),
    (
        "one id for two items",
        lambda doc: doc["objectives"].append({"id": "st_grow", "title": "Copy"}),
        "objective 'Copy' (st_grow): id: st_grow is already the id of strategy 'Grow aftermarket' (st_grow)",
    ),
    (
        "one cell twice",
        _duplicate("correlations"),
        "correlation 5: the same corner and row_id and col_id as correlation 1",
    ),
    (
        "one month twice",
        _duplicate("monthly_results"),
        "monthly result 2: the same measure_id and month as monthly result 1",
    ),
    (
        "a vote's dots beyond SQLite",
        _set(("votes", 0, "options", 0, "dots"), 2**63),
        "dot vote 'Which first?' (dv_1): options: item 1: dots: must be a number SQLite can store "
        "(between -9223372036854775808 and 9223372036854775807), got 9223372036854775808",
    ),
    (
        "an unknown field",
        _set(("measures", 0, "colour"), "red"),
        f"{MEASURE}: colour: is not a field hoshin-tui knows",
    ),
]


@pytest.mark.parametrize(("change", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_bad_document_is_refused_in_one_line(tmp_path, capsys, change, message):
    status, out, err = run_import(tmp_path, capsys, mutated(change))
    assert (status, out, err) == (1, "", f"hoshin: plan.json: {message}\n")
    assert leftovers(tmp_path) == []


TEXT_CASES: list[tuple[str, Callable[[str], str], str]] = [
    ("NaN", _replace('"target": 95.0', '"target": NaN'), f"{MEASURE}: target: must be a finite number, got NaN"),
    (
        "Infinity",
        _replace('"baseline": 82.0', '"baseline": Infinity'),
        f"{MEASURE}: baseline: must be a finite number, got Infinity",
    ),
    (
        "-Infinity in a monthly result",
        _replace('"actual": 83.0', '"actual": -Infinity'),
        "monthly result 1: actual: must be a finite number, got -Infinity",
    ),
    (
        "a float beyond range",
        _replace('"target": 95.0', '"target": 1e400'),
        f"{MEASURE}: target: must be a finite number, got 1e400",
    ),
    (
        "an integer of five thousand digits",
        _replace('"minutes": 30', '"minutes": 1' + "0" * 5000),
        "agenda item 'Review the aim' (ag_1): minutes: must be a number SQLite can store "
        "(between -9223372036854775808 and 9223372036854775807), got 100000000000000000000... (5001 digits)",
    ),
    (
        "a broken character",
        _replace('"Grow aftermarket"', '"Grow \\ud800 aftermarket"'),
        "strategy st_grow: title: holds a broken character (an unpaired surrogate, as \\ud800)",
    ),
    (
        "deep nesting in a field",
        _replace('"aim": "', '"aim": ' + "[" * 5000 + "]" * 5000 + ', "x": "'),
        "it nests lists and objects more than 24 deep: it is not a hoshin export",
    ),
    (
        "deep nesting",
        lambda text: "[" * 200_000 + "]" * 200_000,
        "it nests lists and objects more than 24 deep: it is not a hoshin export",
    ),
    (
        "not JSON",
        _replace('"title": "Small plan"', '"title": Small plan'),
        "it is not valid JSON (line 3, column 12: Expecting value)",
    ),
    ("a list, not a plan", lambda text: "[]", "it is not a hoshin plan: expected a JSON object at the top"),
]


@pytest.mark.parametrize(("change", "message"), [c[1:] for c in TEXT_CASES], ids=[c[0] for c in TEXT_CASES])
def test_bad_text_is_refused_in_one_line(tmp_path, capsys, change, message):
    status, out, err = run_import(tmp_path, capsys, change(plan_to_json(small_plan())))
    assert (status, out, err) == (1, "", f"hoshin: plan.json: {message}\n")
    assert leftovers(tmp_path) == []


def test_not_utf8_and_not_a_file_are_refused(tmp_path, capsys):
    status, _, err = run_import(tmp_path, capsys, b"\xff\xfe{}")
    assert (status, err) == (1, "hoshin: plan.json: it is not UTF-8 text: it cannot be a hoshin JSON export\n")
    import os

    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert main(["--workspace", str(tmp_path), "import", str(fifo)]) == 1  # refused at once, not blocked reading
    assert capsys.readouterr().err == f"hoshin: {fifo}: it is not a regular file, so it cannot be a JSON export\n"
    assert leftovers(tmp_path) == []


def test_every_problem_is_found_and_ten_are_shown(tmp_path, capsys):
    doc = base()
    doc["correlations"] = [
        {"corner": "strategy_objective", "row_id": "st_grow", "col_id": f"ob_{n}"} for n in range(14)
    ]
    doc["measures"][0]["target"] = "ten"
    status, _, err = run_import(tmp_path, capsys, json.dumps(doc))
    lines = err.splitlines()
    assert status == 1 and len(lines) == 11
    assert lines[0] == "hoshin: plan.json: correlation 1: col_id: objective ob_0 does not exist"
    assert lines[-1] == "hoshin: plan.json: and 5 more problems; nothing was imported"
    assert leftovers(tmp_path) == []


def test_a_format_1_export_is_upgraded_as_a_session_file_is(tmp_path, capsys):
    doc = base()
    doc["schema_version"] = 1
    for correlation, weight in zip(doc["correlations"], (9, 3, 1, 9), strict=True):
        del correlation["strength"]
        correlation["weight"] = weight
    for attr in ("catchball_states", "catchball_entries", "monthly_results", "countermeasures", "agenda"):
        del doc[attr]  # format 1 had none of these
    status, _, err = run_import(tmp_path, capsys, json.dumps(doc))
    assert (status, err) == (0, "")
    assert main(["--workspace", str(tmp_path), "export", "json", "plan", "-o", "-"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["schema_version"] == SCHEMA_VERSION
    assert [c["strength"] for c in exported["correlations"]] == ["strong", "medium", "weak", "strong"]
    assert exported["strategies"] == base()["strategies"]


def test_a_format_1_weight_that_is_not_a_number_is_refused(tmp_path, capsys):
    doc = base()
    doc["schema_version"] = 1
    del doc["correlations"][0]["strength"]
    doc["correlations"][0]["weight"] = "heavy"
    status, _, err = run_import(tmp_path, capsys, json.dumps(doc))
    assert (status, err) == (1, "hoshin: plan.json: correlation 1: weight: must be 9, 3 or 1, got 'heavy'\n")
    assert leftovers(tmp_path) == []


def test_a_refused_import_prints_no_escape_sequences(tmp_path, capsys):
    doc = base()
    doc["strategies"][0]["title"] = "Grow\x1b[2J\x1b]0;pwn\x07 aftermarket"
    doc["strategies"][0]["leader_id"] = "pe_\x1b[31mnobody"
    status, _, err = run_import(tmp_path, capsys, json.dumps(doc))
    assert status == 1
    assert (
        err == "hoshin: plan.json: strategy 'Grow aftermarket' (st_grow): leader_id: person pe_nobody does not exist\n"
    )
