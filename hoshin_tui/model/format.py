"""The few facts about a plan that light code needs without loading pydantic.

The session picker lists sessions before anything else is imported; it needs the file
format version and the names of the lists a session is summed up by (from
:mod:`hoshin_tui.model.lists`, which imports no pydantic either), nothing more.
"""

from __future__ import annotations

from hoshin_tui.model.lists import COUNTED_LISTS

# 3: strategies, objectives, initiatives and measures keep the code they were given (S1, O2...).
# 4: running the room, the review, catchball and roll-forward; fields with defaults only (see store.migrations).
SCHEMA_VERSION = 4

__all__ = ["COUNTED_LISTS", "SCHEMA_VERSION"]
