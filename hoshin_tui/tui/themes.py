"""The app's themes: a calm one for the facilitator's laptop and two projector themes.

Projector themes trade subtlety for contrast: pure black or white backgrounds, one strong
accent, no mid-grey text that washes out on a projector.
"""

from __future__ import annotations

from textual.theme import Theme

NORMAL = "hoshin"
PROJECTOR_DARK = "hoshin-projector"
PROJECTOR_LIGHT = "hoshin-projector-light"

THEMES = (
    Theme(
        name=NORMAL,
        primary="#4C8BF5",
        secondary="#7FB3D5",
        accent="#F5B041",
        warning="#F5B041",
        error="#EC7063",
        success="#58D68D",
        foreground="#E6E9EF",
        background="#1B1F27",
        surface="#232833",
        panel="#2C3340",
        dark=True,
    ),
    Theme(
        name=PROJECTOR_DARK,
        primary="#FFD600",
        secondary="#00E5FF",
        accent="#FFD600",
        warning="#FFAB00",
        error="#FF5252",
        success="#00E676",
        foreground="#FFFFFF",
        background="#000000",
        surface="#000000",
        panel="#1A1A1A",
        dark=True,
        text_alpha=1.0,
        variables={"footer-key-foreground": "#FFD600", "block-cursor-background": "#FFD600"},
    ),
    Theme(
        name=PROJECTOR_LIGHT,
        primary="#0033CC",
        secondary="#6A1B9A",
        accent="#0033CC",
        warning="#B35900",
        error="#C62828",
        success="#1B5E20",
        foreground="#000000",
        background="#FFFFFF",
        surface="#FFFFFF",
        panel="#E8E8E8",
        dark=False,
        text_alpha=1.0,
        variables={"block-cursor-background": "#0033CC"},
    ),
)

# Projector mode cycles: off -> dark -> light -> off.
PROJECTOR_CYCLE = (None, PROJECTOR_DARK, PROJECTOR_LIGHT)
