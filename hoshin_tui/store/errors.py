"""Errors of the session store. Each message is one line a facilitator can act on."""

from __future__ import annotations


class StoreError(Exception):
    """Base class: ``str(error)`` is the whole message to show."""


class SessionRefused(StoreError):
    """The file cannot be opened safely; it has been left exactly as it was."""


class SessionNotFound(StoreError):
    pass


class SessionExists(StoreError):
    pass


class ReadOnlyError(StoreError):
    """A write was attempted on a session opened read-only."""


class InvalidEdit(StoreError):
    """An edit refers to something that is not in the plan."""


class SaveFailed(StoreError):
    """An edit could not be written (disk full, media gone); it was rolled back, nothing saved is lost."""
