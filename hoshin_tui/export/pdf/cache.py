"""A per-user cache folder for what every export process would otherwise rebuild.

``$XDG_CACHE_HOME/hoshin-tui`` (``~/.cache/hoshin-tui``), or ``$HOSHIN_CACHE_DIR``. Holds the
bundled fonts' tables (``font_tables.py``) and compiled Jinja templates (``templates.py``).
Everything in it can be deleted at any time; nothing fails if it cannot be written.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path | None:
    """The cache folder, created if needed, or None when there is none we can write to."""
    given = os.environ.get("HOSHIN_CACHE_DIR")
    if given:
        path = Path(given)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        path = Path(base) / "hoshin-tui"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK) else None
