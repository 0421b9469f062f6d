"""The session store: one SQLite file per session (core; never imports textual).

``SessionStore`` loads on first use (PEP 562): it needs the plan model and so pydantic,
which code that only lists sessions (``store.peek``) does without.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hoshin_tui.store.errors import (
    InvalidEdit,
    ReadOnlyError,
    SaveFailed,
    SessionExists,
    SessionNotFound,
    SessionRefused,
    StoreError,
)

if TYPE_CHECKING:
    from hoshin_tui.store.session import Change, SessionStore

__all__ = [
    "Change",
    "InvalidEdit",
    "ReadOnlyError",
    "SaveFailed",
    "SessionExists",
    "SessionNotFound",
    "SessionRefused",
    "SessionStore",
    "StoreError",
]


def __getattr__(name: str) -> Any:
    if name in ("Change", "SessionStore"):
        from hoshin_tui.store import session

        return getattr(session, name)
    raise AttributeError(f"module 'hoshin_tui.store' has no attribute {name!r}")
