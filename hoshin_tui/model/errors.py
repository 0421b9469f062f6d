"""Turn pydantic's validation errors into sentences a facilitator can act on."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

_TEMPLATES = {
    "float_parsing": "{label} must be a number, got {got}",
    "float_type": "{label} must be a number, got {got}",
    "int_parsing": "{label} must be a whole number, got {got}",
    "int_type": "{label} must be a whole number, got {got}",
    "int_from_float": "{label} must be a whole number, got {got}",
    "finite_number": "{label} must be a finite number, got {got}",
    "date_parsing": "{label} must be a date like 2027-03-31, got {got}",
    "date_from_datetime_parsing": "{label} must be a date like 2027-03-31, got {got}",
    "date_type": "{label} must be a date like 2027-03-31, got {got}",
    "datetime_parsing": "{label} must be a date and time like 2027-03-31T09:00, got {got}",
    "datetime_from_date_parsing": "{label} must be a date and time like 2027-03-31T09:00, got {got}",
    "string_too_short": "{label} must not be empty",
    "missing": "{label} is required",
    "extra_forbidden": "{label} is not a known field",
    "bool_parsing": "{label} must be yes or no, got {got}",
    "greater_than_equal": "{label} must be at least {ge}, got {got}",
    "less_than_equal": "{label} must be at most {le}, got {got}",
    "string_type": "{label} must be text, got {got}",
}


def _label(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> str:
    """The human title of the field an error points at, e.g. ``Target``."""
    field = next((part for part in reversed(loc) if isinstance(part, str)), None)
    if field is None:
        return "Value"
    info = model.model_fields.get(field) if model is not None else None
    if info is not None and info.title:
        return info.title
    return field.replace("_", " ").capitalize()


def _got(value: Any) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    return repr(value)


def human_message(error: Mapping[str, Any], model: type[BaseModel] | None = None) -> str:
    kind = error["type"]
    if kind in ("value_error", "assertion_error"):
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        return message
    template = _TEMPLATES.get(kind)
    if template is None:
        field = _label(model, tuple(error["loc"]))
        return f"{field}: {error['msg']}"
    return template.format(
        label=_label(model, tuple(error["loc"])), got=_got(error.get("input")), **error.get("ctx", {})
    )


def errors_by_field(exc: ValidationError, model: type[BaseModel] | None = None) -> dict[str, str]:
    """First message per top-level field; errors about the whole item are keyed by ``""``."""
    found: dict[str, str] = {}
    for error in exc.errors():
        loc = error["loc"]
        key = loc[0] if loc and isinstance(loc[0], str) else ""
        found.setdefault(key, human_message(error, model))
    return found


def human_errors(exc: ValidationError, model: type[BaseModel] | None = None) -> str:
    """All messages of ``exc`` joined into one line."""
    return "; ".join(dict.fromkeys(human_message(e, model) for e in exc.errors()))
