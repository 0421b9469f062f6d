"""The few facts about a plan that light code needs without loading pydantic.

The session picker lists sessions before anything else is imported; it needs the file
format version and the names of the lists a session is summed up by, nothing more.
"""

from __future__ import annotations

SCHEMA_VERSION = 2
# The lists a session is summed up by (session lists, the step bar).
COUNTED_LISTS = ("strategies", "objectives", "initiatives", "measures", "people")
