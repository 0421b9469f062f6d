"""The plan model: pydantic entities, their vocabularies and human validation messages.

This package is part of the core: it never imports textual. Its names load on first use
(PEP 562), so ``hoshin_tui.model.format`` can be read without importing pydantic: the
session picker starts that much sooner.
"""

from __future__ import annotations

import os
from importlib import import_module
from typing import TYPE_CHECKING, Any

# The first time pydantic builds a validator it reads the entry points of every installed
# package, looking for plugins; hoshin uses none, and skipping the search saves 5-10 ms of
# opening a session. A setting made by whoever runs us still wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

if TYPE_CHECKING:
    from hoshin_tui.model.enums import *  # noqa: F403
    from hoshin_tui.model.errors import errors_by_field, human_errors
    from hoshin_tui.model.format import SCHEMA_VERSION
    from hoshin_tui.model.ids import new_id
    from hoshin_tui.model.plan import *  # noqa: F403
    from hoshin_tui.model.plan import Plan

__all__ = ["SCHEMA_VERSION", "Plan", "errors_by_field", "human_errors", "new_id"]

# Where each public name lives, in the order a star import would have found it.
_MODULES = ("plan", "enums", "errors", "ids", "format")


def __getattr__(name: str) -> Any:
    if not name.startswith("_"):
        for module_name in _MODULES:
            module = import_module(f"hoshin_tui.model.{module_name}")
            if hasattr(module, name):
                value = getattr(module, name)
                globals()[name] = value  # found once, then an ordinary attribute
                return value
    raise AttributeError(f"module 'hoshin_tui.model' has no attribute {name!r}")
