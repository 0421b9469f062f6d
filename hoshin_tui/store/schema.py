"""How each list of the plan maps to a table of the session file.

One table per list of :class:`~hoshin_tui.model.Plan`, with one column per model field, so
the file stays a plain SQLite database that anyone can query. Nested values (A3 sections,
vote options) are stored as JSON text. Every table keeps the order
of its list in a ``pos`` column, so an import or a reopen gives back exactly what was saved.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from functools import cached_property
from typing import Any

from pydantic import BaseModel, TypeAdapter

from hoshin_tui.model.lists import PLAN_LISTS

META_FIELDS = (
    "title",
    "organization",
    "period",
    "version",
    "aim",
    "fiscal_start_month",
    "session_start",
    "derived_from",
    "derived_from_period",
    "rolled_forward_at",
)


@dataclass(frozen=True)
class Collection:
    """One list of the plan and its table."""

    attr: str  # attribute of Plan
    model: type[BaseModel]
    key: tuple[str, ...] = ("id",)
    # Fields holding the id of another item: deleting that item deletes this row...
    owned_by: tuple[str, ...] = ()
    # ...or merely clears the field.
    refers_to: tuple[str, ...] = ()
    json_fields: tuple[str, ...] = field(default=(), init=False)
    fields: tuple[str, ...] = field(default=(), init=False)

    def __post_init__(self) -> None:
        nested = tuple(name for name, info in self.model.model_fields.items() if _is_nested(info.annotation))
        object.__setattr__(self, "json_fields", nested)
        object.__setattr__(self, "fields", tuple(self.model.model_fields))

    @cached_property
    def list_adapter(self) -> TypeAdapter[list[Any]]:
        """Validates a whole table at once; built on first load, not at import."""
        # ``list[self.model]``, spelled out: the item class is only known at run time, so a type
        # checker cannot read it as a type expression; the items are checked as BaseModel by callers.
        items: Any = types.GenericAlias(list, (self.model,))
        return TypeAdapter(items)

    @property
    def table(self) -> str:
        return self.attr

    def key_of(self, item: BaseModel | dict[str, Any]) -> tuple[Any, ...]:
        get = item.get if isinstance(item, dict) else lambda name: getattr(item, name)
        return tuple(_plain(get(name)) for name in self.key)

    def to_row(self, item: BaseModel) -> dict[str, Any]:
        row = item.model_dump(mode="json")
        for name in self.json_fields:
            row[name] = json.dumps(row[name], ensure_ascii=False)
        return row

    def select(self) -> str:
        """The query reading this table in list order, columns in field order (for :meth:`from_row`)."""
        return f"SELECT {', '.join(f'[{name}]' for name in self.fields)} FROM [{self.table}] ORDER BY pos"

    def from_row(self, row: tuple[Any, ...]) -> dict[str, Any]:
        data = dict(zip(self.fields, row, strict=True))
        for name in self.json_fields:
            data[name] = json.loads(data[name]) if data[name] is not None else []
        return data

    def default_row(self) -> dict[str, Any]:
        """Each field's default as stored in a row, ``None`` where the field has none (required)."""
        row: dict[str, Any] = {}
        for name, info in self.model.model_fields.items():
            if info.is_required():
                row[name] = None
                continue
            value = info.get_default(call_default_factory=True)
            dumped = TypeAdapter(Any).dump_python(value, mode="json")
            row[name] = json.dumps(dumped, ensure_ascii=False) if name in self.json_fields else dumped
        return row

    def columns(self) -> dict[str, type]:
        cols: dict[str, type] = {name: _column_type(info.annotation) for name, info in self.model.model_fields.items()}
        cols["pos"] = int
        return cols


def _unwrap(annotation: Any) -> Any:
    """``Annotated[float, ...] | None`` -> ``float``: the type that decides the column."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _is_nested(annotation: Any) -> bool:
    inner = _unwrap(annotation)
    return typing.get_origin(inner) in (list, dict) or (isinstance(inner, type) and issubclass(inner, BaseModel))


def _column_type(annotation: Any) -> type:
    inner = _unwrap(annotation)
    if inner is bool or inner is int:
        return int
    if inner is float:
        return float
    return str  # text, enums, dates and JSON


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


# One table per list of the plan registry, in plan order.
COLLECTIONS: tuple[Collection, ...] = tuple(
    Collection(pl.name, pl.model, key=pl.key, owned_by=pl.owned_by, refers_to=pl.refers_to) for pl in PLAN_LISTS
)

BY_ATTR: dict[str, Collection] = {c.attr: c for c in COLLECTIONS}
BY_MODEL: dict[type[BaseModel], Collection] = {c.model: c for c in COLLECTIONS}


def collection_for(item: BaseModel | type[BaseModel]) -> Collection:
    model = item if isinstance(item, type) else type(item)
    try:
        return BY_MODEL[model]
    except KeyError:
        raise TypeError(f"{model.__name__} is not stored on its own") from None
