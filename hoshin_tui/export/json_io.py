"""Lossless JSON interchange: the JSON document is exactly the :class:`Plan` model."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from hoshin_tui.model import Plan
from hoshin_tui.model.errors import human_message
from hoshin_tui.store import StoreError


class ImportRefused(StoreError):
    """The JSON file cannot become a session; nothing was written."""


def plan_to_json(plan: Plan) -> str:
    return plan.model_dump_json(indent=2) + "\n"


def plan_from_json(text: str, *, source: str = "the file") -> Plan:
    """Parse and validate a plan, with a message that says where the problem is."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRefused(f"{source} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc
    if not isinstance(data, dict):
        raise ImportRefused(f"{source} is not a hoshin plan: expected a JSON object at the top")
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = _where(first["loc"])
        raise ImportRefused(f"{source} is not a valid hoshin plan: {where}{human_message(first)}") from exc


def _where(loc: tuple) -> str:
    """``('strategies', 2, 'title')`` -> ``"strategies item 3: "``; top-level fields need no prefix."""
    parts = [f"item {p + 1}" if isinstance(p, int) else str(p) for p in loc[:-1]]
    return f"{' '.join(parts)}: " if parts else ""


def read_plan(path: Path) -> Plan:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ImportRefused(f"No file at {path}") from None
    except UnicodeDecodeError:
        raise ImportRefused(f"{path.name} is not UTF-8 text: it cannot be a hoshin JSON export") from None
    except OSError as exc:
        raise ImportRefused(f"Cannot read {path}: {exc.strerror}") from exc
    return plan_from_json(text, source=path.name)


def json_schema() -> str:
    """The published JSON Schema of the interchange format (docs/plan.schema.json)."""
    schema = Plan.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "hoshin-tui/plan.schema.json"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
