"""The standard boxes of each kind of A3, in reading order.

A box is either free text (an :class:`A3Section` with the same ``key``) or one of the two
tables of the A3 (``plan_rows``: who / what / when / status; ``followup_rows``: plan / actual).
Screens, exporters and the demo all build A3s from this one definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hoshin_tui.model.enums import A3Kind
from hoshin_tui.model.plan import A3Section


@dataclass(frozen=True)
class Box:
    key: str
    heading: str
    column: Literal["left", "right"]
    content: Literal["text", "plan_rows", "followup_rows"] = "text"
    hint: str = ""


LAYOUTS: dict[A3Kind, tuple[Box, ...]] = {
    A3Kind.PROBLEM_SOLVING: (
        Box("background", "Background", "left", hint="Why this matters to the business and the customer"),
        Box("current", "Current condition", "left", hint="Facts and figures; where the gap is"),
        Box("goal", "Goal / target", "left", hint="What, by how much, by when"),
        Box("analysis", "Root-cause analysis", "left", hint="Five whys, fishbone: the causes that matter"),
        Box("countermeasures", "Countermeasures", "right", hint="What addresses each root cause"),
        Box("plan", "Implementation plan", "right", "plan_rows"),
        Box("followup", "Follow-up", "right", "followup_rows"),
    ),
    A3Kind.STRATEGY: (
        Box("background", "Background and aim", "left", hint="The strategy and why it matters now"),
        Box("metrics", "Key metrics: target vs actual", "left", "followup_rows"),
        Box("results", "Last period's results", "left", hint="Red / yellow / green, with the reasons"),
        Box("analysis", "Analysis", "right", hint="What drove the gaps; what we learned"),
        Box("plan", "Next period's initiatives", "right", "plan_rows"),
        Box("risks", "Risks and support needed", "right"),
    ),
    A3Kind.STATUS: (
        Box("headline", "Headline results", "left", hint="Target, actual, rating and explanation"),
        Box("metrics", "Measures: plan vs actual", "left", "followup_rows"),
        Box("activities", "Activities", "left", hint="Each activity's target, actual, rating and explanation"),
        Box("issues", "Issues and countermeasures", "right"),
        Box("plan", "Next steps", "right", "plan_rows"),
        Box("support", "Support needed", "right"),
    ),
}


def layout(kind: A3Kind) -> tuple[Box, ...]:
    return LAYOUTS[kind]


def blank_sections(kind: A3Kind) -> list[A3Section]:
    """The free-text sections of a new A3 of ``kind``, empty and in order."""
    return [A3Section(key=box.key, heading=box.heading) for box in LAYOUTS[kind] if box.content == "text"]
