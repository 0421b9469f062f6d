"""Everything a JSON file must pass before it becomes a session, checked before anything is written.

The checks run on the parsed document, not on the model, so one run finds every problem:
the nesting depth, the file format (older formats are upgraded as session files are),
numbers SQLite can store exactly, text SQLite can store, the model's own rules, and every
id that one item gives for another. Each problem is one sentence that names the item and
the field, in the words of the file: ``correlation 14: col_id: objective ob_9 does not exist``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any, cast

from pydantic import ValidationError

from hoshin_tui.model import Plan
from hoshin_tui.model.enums import Corner
from hoshin_tui.model.format import SCHEMA_VERSION
from hoshin_tui.store.migrations import upgrade_json
from hoshin_tui.store.schema import COLLECTIONS

MAX_DEPTH = 24  # a plan nests five deep (plan, a3s, an A3, its sections, a section)
MAX_BYTES = 256 * 1024 * 1024
INT_RANGE = (-(2**63), 2**63 - 1)  # what an SQLite INTEGER holds

KIND: dict[str, str] = {
    "strategies": "strategy",
    "objectives": "objective",
    "initiatives": "initiative",
    "measures": "measure",
    "people": "person",
    "correlations": "correlation",
    "marks": "people mark",
    "a3s": "A3",
    "catchball_states": "catchball state",
    "catchball_entries": "catchball entry",
    "monthly_results": "monthly result",
    "countermeasures": "countermeasure",
    "agenda": "agenda item",
    "parking_lot": "parking lot item",
    "votes": "dot vote",
    "decisions": "decision",
    "lineage": "lineage record",
    "year_end_results": "year-end result",
    "reflections": "year-end reflection",
}
_NAME_FIELDS = ("title", "name", "text", "question", "action")
_ITEMS = ("strategies", "objectives", "initiatives", "measures")
# Where each id-holding field may point (the same rules the store applies to an edit).
REFERENCES: dict[str, tuple[str, ...]] = {
    "leader_id": ("people",),
    "owner_id": ("people",),
    "mentor_id": ("people",),
    "person_id": ("people",),
    "who_id": ("people",),
    "to_id": ("people",),
    "subject_id": ("strategies", "initiatives", "measures"),
    "measure_id": ("measures",),
    "a3_id": ("a3s",),
    "item_id": _ITEMS,
    "presenter_id": ("people",),
    "agenda_item_id": ("agenda",),
    "vote_id": ("votes",),
    "outcome_id": ("agenda", "initiatives", "decisions"),  # what a parked question became
    "context_item_id": tuple(KIND),  # the item in view when it was parked: any list
}
CORNERS: dict[str, tuple[str, str]] = {
    Corner.STRATEGY_OBJECTIVE.value: ("strategies", "objectives"),
    Corner.OBJECTIVE_INITIATIVE.value: ("objectives", "initiatives"),
    Corner.INITIATIVE_MEASURE.value: ("initiatives", "measures"),
    Corner.MEASURE_STRATEGY.value: ("measures", "strategies"),
}


class Refusal(Exception):
    """The document cannot be imported; ``problems`` says why, one sentence each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0])
        self.problems = problems


def checked_plan(text: str) -> Plan:
    """The plan ``text`` holds, or :class:`Refusal` listing every problem found."""
    if len(text) > MAX_BYTES:
        raise Refusal([f"it is larger than {MAX_BYTES // 2**20} MB: it is not a hoshin export"])
    depth = _nesting(text)
    if depth > MAX_DEPTH:
        raise Refusal([f"it nests lists and objects more than {MAX_DEPTH} deep: it is not a hoshin export"])
    data = _parse(text)
    if not isinstance(data, dict):
        raise Refusal(["it is not a hoshin plan: expected a JSON object at the top"])
    problems: list[str] = []
    _upgrade(data, problems)
    if problems:
        raise Refusal(problems)
    reported: set[tuple[Any, ...]] = set()
    _scrub_values(data, data, (), problems, reported)
    _check_references(data, problems)
    plan = None
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            if loc not in reported:
                problems.append(f"{_where(data, loc)}{_reason(error)}")
    if problems or plan is None:
        raise Refusal(list(dict.fromkeys(problems)))
    return plan


# --- reading the text ----------------------------------------------------------------------

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def _nesting(text: str) -> int:
    """How deep the lists and objects of ``text`` nest (strings skipped), stopping past the limit."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    break
        else:
            depth -= 1
    return deepest


class _Unstorable:
    """A number the file holds that no hoshin field can: kept as written, for the message."""

    def __init__(self, text: str, why: str) -> None:
        self.text = text
        self.why = why


_STORABLE = "a number SQLite can store (between -9223372036854775808 and 9223372036854775807)"


def _parse_int(text: str) -> int | _Unstorable:
    if len(text.lstrip("-")) > 19:  # JSON has no leading zeros: 20 digits are out of range (and int() may refuse)
        return _Unstorable(f"{_shorten(text, 24)} ({len(text.lstrip('-'))} digits)", _STORABLE)
    value = int(text)
    if not INT_RANGE[0] <= value <= INT_RANGE[1]:
        return _Unstorable(text, _STORABLE)
    return value


def _parse_float(text: str) -> float | _Unstorable:
    value = float(text)
    if not math.isfinite(value):
        return _Unstorable(_shorten(text, 30), "a finite number")
    return value


def _parse(text: str) -> Any:
    try:
        return json.loads(
            text,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=lambda name: _Unstorable(name, "a finite number"),
        )
    except json.JSONDecodeError as exc:
        raise Refusal([f"it is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"]) from None
    except (RecursionError, ValueError) as exc:
        raise Refusal([f"it is not valid JSON ({exc})"]) from None


# --- the file format -------------------------------------------------------------------------


def _v1_to_v2(data: dict[str, Any], problems: list[str]) -> None:
    """Format 1 weighted correlations 9/3/1; format 2 names them strong/medium/weak (as the store's migration)."""
    correlations = data.get("correlations")
    if not isinstance(correlations, list):
        return
    for index, item in enumerate(correlations):
        if not isinstance(item, dict) or "weight" not in item:
            continue
        weight = item.pop("weight")
        where = _where(data, ("correlations", index, "weight"))
        if "strength" in item:
            problems.append(f"{where}a format-1 file gives a weight, not a strength: remove one of them")
        elif isinstance(weight, bool) or not isinstance(weight, int | float):
            problems.append(f"{where}must be 9, 3 or 1, got {_got(weight)}")
        else:
            item["strength"] = "strong" if weight >= 9 else "medium" if weight >= 3 else "weak"


def _v2_and_later(data: dict[str, Any], problems: list[str]) -> None:
    """Formats 3 and 4, as the store's migration: codes for each item, then format 4's changes."""
    upgraded = upgrade_json(data)
    data.clear()
    data.update(upgraded)


def _done_by_the_step_before(data: dict[str, Any], problems: list[str]) -> None:
    """A format-2 plan was brought to the current format whole by :func:`_v2_and_later`."""
    if data.get("schema_version") != SCHEMA_VERSION:
        _v2_and_later(data, problems)


UPGRADES: dict[int, Callable[[dict[str, Any], list[str]], None]] = {
    1: _v1_to_v2,
    2: _v2_and_later,
    3: _done_by_the_step_before,
}


def _upgrade(data: dict[str, Any], problems: list[str]) -> None:
    version = data.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, bool) or not isinstance(version, int):
        problems.append(f"schema_version: must be the whole number of a file format, got {_got(version)}")
        return
    if version > SCHEMA_VERSION:
        problems.append(
            f"it was made by a newer hoshin-tui (format {version}); this one reads format {SCHEMA_VERSION}: "
            "update hoshin-tui to import it"
        )
        return
    if version < min(UPGRADES, default=SCHEMA_VERSION):
        problems.append(f"schema_version: there is no format {version} (hoshin-tui formats start at 1)")
        return
    for step in range(version, SCHEMA_VERSION):
        UPGRADES[step](data, problems)
    data["schema_version"] = SCHEMA_VERSION


# --- values SQLite must store exactly ----------------------------------------------------------


def _scrub_values(
    root: dict[str, Any], value: Any, path: tuple[Any, ...], problems: list[str], reported: set[tuple[Any, ...]]
) -> Any:
    """Report values SQLite cannot keep, and blank them out so the model does not report them again."""
    if isinstance(value, dict):
        for key in list(value):
            if _broken_text(key):
                problems.append(f"{_where(root, path)}a field name holds a broken character (an unpaired surrogate)")
                del value[key]
                continue
            value[key] = _scrub_values(root, value[key], (*path, key), problems, reported)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            value[index] = _scrub_values(root, item, (*path, index), problems, reported)
    elif isinstance(value, _Unstorable):
        problems.append(f"{_where(root, path)}must be {value.why}, got {value.text}")
        reported.add(path)
        return None
    elif isinstance(value, str) and _broken_text(value):
        problems.append(f"{_where(root, path)}holds a broken character (an unpaired surrogate, as \\ud800)")
        reported.add(path)
        return ""
    return value


def _broken_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


# --- references ------------------------------------------------------------------------------------


def _check_references(data: dict[str, Any], problems: list[str]) -> None:
    """Every id given for another item points at an item of the right kind; no id or key is given twice."""
    owners: dict[str, tuple[str, int]] = {}  # id -> (list, index)
    lists = {coll.attr: data.get(coll.attr) for coll in COLLECTIONS}
    for coll in COLLECTIONS:
        items = lists[coll.attr]
        if not isinstance(items, list):
            continue
        seen: dict[tuple[Any, ...], int] = {}
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            parts = tuple(item.get(name) for name in coll.key)
            if not all(isinstance(part, str) for part in parts):
                continue
            key = cast(tuple[str, ...], parts)  # every part is a str: checked just above
            if coll.key == ("id",):
                first = owners.get(key[0])
                if first is not None:
                    problems.append(
                        f"{_where(data, (coll.attr, index, 'id'))}{key[0]} is already the id of {_label(data, *first)}"
                    )
                else:
                    owners[key[0]] = (coll.attr, index)
            elif key in seen:
                fields = " and ".join(coll.key)
                problems.append(
                    f"{_label(data, coll.attr, index)}: the same {fields} as {_label(data, coll.attr, seen[key])}"
                )
            else:
                seen[key] = index
    for coll in COLLECTIONS:
        items = lists[coll.attr]
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if isinstance(item, dict):
                for name in coll.owned_by + coll.refers_to:
                    problem = _reference_problem(item, name, owners)
                    if problem:
                        where = (coll.attr, index) if problem.startswith(_SWAPPED) else (coll.attr, index, name)
                        problems.append(f"{_where(data, where)}{problem}")


_SWAPPED = "row and column are swapped"


def _reference_problem(item: dict[str, Any], name: str, owners: dict[str, tuple[str, int]]) -> str | None:
    value = item.get(name)
    if not isinstance(value, str):
        return None  # absent, null, or of the wrong type (the model says so)
    if name in ("row_id", "col_id"):
        corner = item.get("corner")
        if not isinstance(corner, str) or corner not in CORNERS:
            return None
        rows, cols = CORNERS[corner]
        if _list_of(item.get("row_id"), owners) == cols and _list_of(item.get("col_id"), owners) == rows:
            if name == "col_id":
                return None  # said once, for the row
            return f"{_SWAPPED}: {corner} has {rows} as rows and {cols} as columns"
        wanted: tuple[str, ...] = (rows if name == "row_id" else cols,)
    else:
        wanted = REFERENCES[name]
    found = owners.get(value)
    if found is None:
        return f"{_kinds(wanted)} {value} does not exist"
    if found[0] in wanted:
        return None
    found_kind = KIND[found[0]]
    if name in ("row_id", "col_id"):
        side = "rows" if name == "row_id" else "columns"
        return f"{value} is {_a(found_kind)}, but the {side} of {item['corner']} are {wanted[0]}"
    return f"{value} is {_a(found_kind)}, not {_a(_kinds(wanted))}"


def _list_of(value: Any, owners: dict[str, tuple[str, int]]) -> str | None:
    found = owners.get(value) if isinstance(value, str) else None
    return found[0] if found else None


def _kinds(lists: tuple[str, ...]) -> str:
    names = [KIND[name] for name in lists]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _a(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeio' else 'a'} {noun}"


# --- saying where --------------------------------------------------------------------------------


def _label(data: dict[str, Any], attr: str, index: int) -> str:
    """``measure 'On-time delivery' (me_1234)``, ``correlation 14``: how the room finds the item."""
    kind = KIND.get(attr, attr)
    items = data.get(attr)
    item = items[index] if isinstance(items, list) and 0 <= index < len(items) else None
    ident = name = None
    if isinstance(item, dict):
        ident = item.get("id") if isinstance(item.get("id"), str) and not _broken_text(item["id"]) else None
        names = (item.get(f) for f in _NAME_FIELDS)
        name = next((n for n in names if isinstance(n, str) and n.strip() and not _broken_text(n)), None)
    if ident and name:
        return f"{kind} '{_shorten(name)}' ({_shorten(ident)})"
    if ident:
        return f"{kind} {_shorten(ident)}"
    if name:
        return f"{kind} {index + 1} '{_shorten(name)}'"
    return f"{kind} {index + 1}"


def _where(data: dict[str, Any], loc: tuple[Any, ...]) -> str:
    """``('measures', 3, 'target')`` -> ``"measure 'OTD' (me_1): target: "``."""
    if not loc:
        return ""
    if len(loc) >= 2 and loc[0] in KIND and isinstance(loc[1], int):
        parts = [_label(data, loc[0], loc[1])]
        rest = loc[2:]
    else:
        parts, rest = [], loc
    parts += [f"item {p + 1}" if isinstance(p, int) else _shorten(str(p)) for p in rest]
    return ": ".join(parts) + ": "


_REASONS: dict[str, str] = {
    "missing": "is required",
    "extra_forbidden": "is not a field hoshin-tui knows",
    "string_type": "must be text, got {got}",
    "string_too_short": "must not be empty",
    "float_type": "must be a number, got {got}",
    "float_parsing": "must be a number, got {got}",
    "finite_number": "must be a finite number, got {got}",
    "int_type": "must be a whole number, got {got}",
    "int_parsing": "must be a whole number, got {got}",
    "int_from_float": "must be a whole number, got {got}",
    "bool_type": "must be true or false, got {got}",
    "bool_parsing": "must be true or false, got {got}",
    "greater_than_equal": "must be at least {ge}, got {got}",
    "less_than_equal": "must be at most {le}, got {got}",
    "enum": "must be one of {expected}, got {got}",
    "list_type": "must be a list, got {got}",
    "model_type": "must be an object, got {got}",
    "model_attributes_type": "must be an object, got {got}",
    "dict_type": "must be an object, got {got}",
    "date_type": "must be a date like 2027-03-31, got {got}",
    "date_parsing": "must be a date like 2027-03-31, got {got}",
    "date_from_datetime_parsing": "must be a date like 2027-03-31, got {got}",
    "date_from_datetime_inexact": "must be a date like 2027-03-31, got {got}",
    "datetime_type": "must be a date and time like 2027-03-31T09:00, got {got}",
    "datetime_parsing": "must be a date and time like 2027-03-31T09:00, got {got}",
    "datetime_from_date_parsing": "must be a date and time like 2027-03-31T09:00, got {got}",
}


def _reason(error: Any) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"]))
    template = _REASONS.get(kind)
    got = _got(error.get("input"))
    if template is None:
        message = str(error["msg"])
        return f"{message[:1].lower()}{message[1:]}, got {got}"
    try:
        return template.format(got=got, **ctx)
    except (KeyError, IndexError, ValueError):
        return template.replace("{got}", got)


def _got(value: Any) -> str:
    if isinstance(value, _Unstorable):
        return value.text
    if isinstance(value, str):
        return f"'{_shorten(value)}'"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity"
    return _shorten(repr(value), 30)


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
