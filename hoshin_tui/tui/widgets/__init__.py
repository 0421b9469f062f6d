"""Reusable widgets of the facilitator's UI (each carries its own DEFAULT_CSS)."""
