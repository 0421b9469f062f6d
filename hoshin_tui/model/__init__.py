"""The plan model: pydantic entities, their vocabularies and human validation messages.

This package is part of the core: it never imports textual.
"""

from hoshin_tui.model.enums import *  # noqa: F403
from hoshin_tui.model.errors import errors_by_field, human_errors
from hoshin_tui.model.ids import new_id
from hoshin_tui.model.plan import *  # noqa: F403
from hoshin_tui.model.plan import SCHEMA_VERSION, Plan, status_colour

__all__ = ["SCHEMA_VERSION", "Plan", "errors_by_field", "human_errors", "new_id", "status_colour"]
