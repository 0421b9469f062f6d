"""Stable, short, typeable ids.

Ids carry a prefix naming their kind (``st_`` strategy, ``in_`` initiative, ...), so an id
is unique across the whole plan and a person reading the SQLite file or a
``--only`` flag can tell what it points at.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

PREFIXES = {
    "strategy": "st",
    "objective": "ob",
    "initiative": "in",
    "measure": "me",
    "person": "pe",
    "a3": "a3",
    "catchball": "cb",
    "countermeasure": "cm",
    "agenda": "ag",
    "parking": "pk",
    "vote": "dv",
    "decision": "de",
    "lineage": "ln",
    "year_end": "ye",
    "reflection": "rf",
}


def new_id(kind: str) -> str:
    """A fresh id such as ``st_4f9a2c1b``: 32 random bits are plenty for one plan."""
    return f"{PREFIXES[kind]}_{secrets.token_hex(4)}"


def id_factory(kind: str) -> Callable[[], str]:
    """A pydantic ``default_factory`` for ``kind``."""
    return lambda: new_id(kind)
