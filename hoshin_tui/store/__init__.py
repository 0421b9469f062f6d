"""The session store: one SQLite file per session (core; never imports textual)."""

from hoshin_tui.store.errors import (
    InvalidEdit,
    ReadOnlyError,
    SessionExists,
    SessionNotFound,
    SessionRefused,
    StoreError,
)
from hoshin_tui.store.session import Change, SessionStore

__all__ = [
    "Change",
    "InvalidEdit",
    "ReadOnlyError",
    "SessionExists",
    "SessionNotFound",
    "SessionRefused",
    "SessionStore",
    "StoreError",
]
