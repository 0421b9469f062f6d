"""Make user text safe to print on a terminal.

A title typed or pasted into a plan can hold escape sequences that clear the screen, retitle
the window or worse once printed raw. Everything the ``hoshin`` command prints that came
from a plan, a file name or a file's content goes through :func:`printable` first.
"""

from __future__ import annotations

import re

# Whole escape sequences first (so their parameters go with them), then any lone control.
# A string sequence (OSC...) without its terminator loses only its introducer: the text
# after it is printed, not swallowed.
_SEQUENCES = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]?               # CSI: ESC [ params intermediates final
    | \x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)  # OSC, DCS, SOS, PM, APC: up to BEL or ST
    | \x1b[ -/]*[0-~]?                       # any other ESC sequence, or a lone ESC
    | \x9b[0-?]*[ -/]*[@-~]?                 # 8-bit CSI
    | [\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x9c)  # 8-bit OSC, DCS, SOS, PM, APC
    """,
    re.VERBOSE,
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 but tab and newline, DEL, C1
_LINE_BREAKS = re.compile(r"[\t\n\u2028\u2029]")


def printable(text: object, *, multiline: bool = False) -> str:
    """``text`` without escape sequences or control characters.

    One-line output (the default) also turns tabs and line breaks into spaces, so a message
    stays the one line it claims to be; ``multiline=True`` keeps them.
    """
    text = str(text).encode("utf-8", "replace").decode("utf-8")  # a lone surrogate cannot be printed at all
    cleaned = _CONTROLS.sub("", _SEQUENCES.sub("", text))
    return cleaned if multiline else _LINE_BREAKS.sub(" ", cleaned)
