"""Plans shipped as data, in the JSON interchange format (no code: edit the JSON, not Python)."""

from __future__ import annotations

from importlib.resources import files


def read_text(name: str) -> str:
    """The text of ``name`` (``demo.json``) from this package, wherever it is installed."""
    return files(__package__).joinpath(name).read_text(encoding="utf-8")
