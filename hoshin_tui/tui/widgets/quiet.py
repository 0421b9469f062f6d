"""Update fixed-size text widgets without waking the renderer when nothing changed.

Every edit redraws a few one-line labels (header, counts, status); skipping the ones whose
text is unchanged, and never asking for a layout pass, keeps an edit within one frame.
"""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static


def set_text(widget: Static, content: VisualType, key: object = None, *, layout: bool = False) -> None:
    """``widget.update(content)`` unless ``key`` (default: the content itself) is what it already shows.

    ``layout=True`` is for widgets whose height follows their text.
    """
    marker = content if key is None else key
    if getattr(widget, "_shown_marker", object()) == marker:
        return
    widget._shown_marker = marker  # type: ignore[attr-defined]  # a marker kept on the textual widget
    widget.update(content, layout=layout)
