"""No JSON document leads ``hoshin import`` to a traceback or to "unexpected error".

Hypothesis mutates a valid export (drops, retypes and inserts fields, writes huge and
non-finite numbers, nests deeply, points ids at the wrong items, moves correlations to
the wrong corner, duplicates and removes items). Every outcome must be one of two: the
plan is imported and exports back to exactly the JSON the document means, or the import
exits 1 with one line per problem and leaves nothing in the sessions folder.

The ``ci`` profile (tests/conftest.py) is derandomized; ``HYPOTHESIS_PROFILE=nightly``
runs thousands of examples.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hoshin_tui.cli import main
from hoshin_tui.export.json_io import ImportRefused, plan_from_json, plan_to_json
from hoshin_tui.model import Plan
from hoshin_tui.model.enums import Corner
from hoshin_tui.store.session import CORNER_TABLES
from tests.plans import small_plan

BASE = json.loads(plan_to_json(small_plan()))
IDS = sorted({item["id"] for attr, items in BASE.items() if isinstance(items, list) for item in items if "id" in item})
NASTY_NUMBERS = [
    float("nan"),
    float("inf"),
    float("-inf"),
    2**63,
    -(2**63) - 1,
    2**63 - 1,
    10**30,
    10**400,
    1e308,
    -0.0,
    5e-324,
    0,
    -1,
    1441,
]
NASTY_TEXT = ["", " ", "\x00", "\ud800", "\x1b[2J\x1b]0;pwn\x07", "2027-13", "9999-12-31", "x" * 300, *IDS]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from(NASTY_NUMBERS),
    st.integers(),
    st.floats(),
    st.sampled_from(NASTY_TEXT),
    st.text(max_size=12),
    st.sampled_from([c.value for c in Corner]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
DEEP = "@@deep@@"  # nested past any limit in the text, not in Python (json.dumps would recurse too deep)
IN_CI = os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci"
EXAMPLES = 60 if IN_CI else settings.default.max_examples


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in the document a mutation can touch."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, child in node.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _paths(child, (*prefix, index))
    return found


def _cells(doc: dict[str, Any]) -> list[Any]:
    cells = doc.get("correlations")
    return cells if isinstance(cells, list) and cells else [{}]


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        doc = doc[part]
    return doc


@st.composite
def documents(draw: st.DrawFn) -> str:
    doc = json.loads(json.dumps(BASE))
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(doc)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = _parent(doc, path), path[-1]
        action = draw(st.sampled_from(["drop", "retype", "insert", "nest", "id", "corner", "copy", "swap"]))
        if action == "drop":
            del parent[last]
        elif action == "retype":
            parent[last] = draw(values)
        elif action == "insert":
            target = parent[last] if isinstance(parent[last], dict | list) else parent
            if isinstance(target, dict):
                target[draw(st.sampled_from(["id", "title", "extra", "strength", "weight", *BASE]))] = draw(values)
            else:
                target.insert(draw(st.integers(0, len(target))), draw(values))
        elif action == "nest":
            depth = draw(st.sampled_from([1, 3, 30, 2000]))
            value = parent[last]
            for _ in range(min(depth, 30)):
                value = [value]
            parent[last] = DEEP if depth > 30 else value
        elif action == "id":
            parent[last] = draw(st.sampled_from([*IDS, "pe_nobody", "ob_9"]))
        elif action == "corner":
            corner = draw(st.sampled_from(_cells(doc)))
            if isinstance(corner, dict):
                corner["corner"] = draw(st.sampled_from([c.value for c in Corner]))
        elif action == "copy" and isinstance(parent, list):
            parent.append(json.loads(json.dumps(parent[last])))
        elif action == "swap":
            cell = draw(st.sampled_from(_cells(doc)))
            if isinstance(cell, dict) and "row_id" in cell and "col_id" in cell:
                cell["row_id"], cell["col_id"] = cell["col_id"], cell["row_id"]
    if draw(st.booleans()) and "schema_version" in doc:
        doc["schema_version"] = draw(st.sampled_from([1, 2, 2, 2, 3, 0, -1, 999, "2", 2.0, None]))
    text = json.dumps(doc, indent=draw(st.sampled_from([None, 2])))
    return text.replace(f'"{DEEP}"', "[" * 2000 + "]" * 2000)


def _leftovers(workspace: Path) -> list[str]:
    sessions = workspace / "sessions"
    return sorted(p.name for p in sessions.iterdir()) if sessions.exists() else []


def _expected(text: str) -> str | None:
    """What the document means, exported: None when it must be refused."""
    try:
        return plan_to_json(plan_from_json(text))
    except ImportRefused:
        return None


def _unstorable(node: Any) -> bool:
    """A number SQLite cannot hold as it is written (NaN, Infinity, an integer past 64 bits)."""
    if isinstance(node, dict):
        return any(_unstorable(v) for v in node.values())
    if isinstance(node, list):
        return any(_unstorable(v) for v in node)
    if isinstance(node, float):
        return not math.isfinite(node)
    return isinstance(node, int) and not -(2**63) <= node < 2**63


def _dangling(plan: Plan) -> list[str]:
    """References of an imported plan that point at nothing, or at the wrong kind of item."""
    kind: dict[str, list[str]] = {}
    for attr in ("strategies", "objectives", "initiatives", "measures", "people", "a3s", "catchball_entries"):
        for item in getattr(plan, attr):
            kind.setdefault(item.id, []).append(attr)
    items = ("strategies", "objectives", "initiatives", "measures")

    def wrong(ref: str | None, *allowed: str) -> bool:
        return ref is not None and (len(kind.get(ref, [])) != 1 or kind[ref][0] not in allowed)

    found = [ident for ident, lists in kind.items() if len(lists) > 1]
    found += [f"{c.row_id}>{c.col_id}" for c in plan.correlations if wrong(c.row_id, CORNER_TABLES[c.corner][0])]
    found += [f"{c.row_id}>{c.col_id}" for c in plan.correlations if wrong(c.col_id, CORNER_TABLES[c.corner][1])]
    people = [s.leader_id for s in plan.strategies] + [m.person_id for m in plan.marks]
    people += [
        x.owner_id
        for attr in ("objectives", "initiatives", "measures", "a3s", "countermeasures")
        for x in getattr(plan, attr)
    ]
    people += [a.mentor_id for a in plan.a3s]
    found += [p for p in people if wrong(p, "people")]
    found += [a.subject_id for a in plan.a3s if wrong(a.subject_id, "strategies", "initiatives")]
    found += [x.measure_id for x in plan.monthly_results + plan.countermeasures if wrong(x.measure_id, "measures")]
    found += [
        x.item_id for x in plan.marks + plan.catchball_states + plan.catchball_entries if wrong(x.item_id, *items)
    ]
    return found


def _filled_in(exported: str, expected: str, document: str) -> tuple[Any, Any]:
    """Both plans, with what an import fills in where the document is silent made equal.

    An item given no id gets a fresh one, and an item given no code gets the next code:
    those are the store's to choose, everything else must come back as the document says.
    """
    got, want = json.loads(exported), json.loads(expected)
    for attr, items in want.items():
        if not isinstance(items, list) or len(items) != len(got.get(attr, [])):
            continue
        for mine, theirs in zip(items, got[attr], strict=True):
            if isinstance(mine, dict) and isinstance(theirs, dict):
                if "id" in mine and f'"{mine["id"]}"' not in document:
                    mine["id"] = theirs["id"] = "(new)"
                if mine.get("code") == "" and theirs.get("code"):
                    mine["code"] = theirs["code"]
    return got, want


def _check_outcome(workspace: Path, text: str, status: int, out: str, err: str) -> None:
    expected = _expected(text)
    assert "unexpected error" not in err and "Traceback" not in err, err
    if status == 0:
        assert expected is not None and err == ""
        assert not _unstorable(json.loads(text)), "an unstorable number was imported"
        assert _dangling(Plan.model_validate_json(expected)) == []
        again = io.StringIO()
        with contextlib.redirect_stdout(again):
            assert main(["--workspace", str(workspace), "export", "json", "fuzzed", "-o", "-"]) == 0
        got, want = _filled_in(again.getvalue(), expected, text)
        assert got == want
        assert _leftovers(workspace) == ["fuzzed.sqlite"]
    else:
        assert status == 1 and expected is None and out == ""
        lines = err.splitlines()
        assert 1 <= len(lines) <= 11 and all(line.startswith("hoshin: doc.json: ") for line in lines), err
        assert _leftovers(workspace) == []


@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=documents())
def test_an_import_either_round_trips_or_is_refused_in_lines(text, tmp_path_factory):
    workspace = tmp_path_factory.mktemp("fuzz")
    source = workspace / "doc.json"
    source.write_text(text, encoding="utf-8", errors="surrogatepass")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["--workspace", str(workspace), "import", str(source), "--name", "fuzzed"])
    _check_outcome(workspace, text, status, out.getvalue(), err.getvalue())


@settings(max_examples=6, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=documents())
def test_the_installed_command_agrees(text, tmp_path_factory):
    """A few through the real command: nothing in-process (capture, warnings) hides a crash."""
    workspace = tmp_path_factory.mktemp("fuzz-cli")
    source = workspace / "doc.json"
    source.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = subprocess.run(
        [sys.executable, "-m", "hoshin_tui", "--workspace", str(workspace), "import", str(source), "--name", "fuzzed"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    _check_outcome(workspace, text, result.returncode, result.stdout, result.stderr)
