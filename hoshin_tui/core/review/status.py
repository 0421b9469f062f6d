"""The colour rule of a bowling-chart cell, stated once and printed in words.

Green when the actual is on plan or better in the measure's direction; yellow when it is
short by no more than the measure's band (a share of the plan, of the baseline-to-target
gap, or an absolute amount); red otherwise. A plan of 0 (zero accidents) has no "share of
plan", so the band falls back to the gap. Besides the three colours a cell can be *late*
(due, no actual), have *no plan* (never shown green), be *not due* yet, or carry a colour set
by hand, which needs a reason and is always marked. Every status has a glyph, so a cell reads
without colour and on a greyscale printer.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hoshin_tui.model.enums import BandBasis, Cadence, Direction, StatusColour
from hoshin_tui.model.plan import Measure, MonthlyResult


class CellStatus(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    LATE = "late"  # due and no actual
    NO_PLAN = "no_plan"  # an actual with nothing to judge it against
    NOT_DUE = "not_due"  # a future month, or one the cadence does not report

    @property
    def coloured(self) -> bool:
        return self in (CellStatus.GREEN, CellStatus.YELLOW, CellStatus.RED)


GLYPHS: dict[CellStatus, str] = {
    CellStatus.GREEN: "●",
    CellStatus.YELLOW: "▲",
    CellStatus.RED: "■",
    CellStatus.LATE: "?",
    CellStatus.NO_PLAN: "○",
    CellStatus.NOT_DUE: "·",
}
OVERRIDE_GLYPH = "✎"

WORDS: dict[CellStatus, str] = {
    CellStatus.GREEN: "green",
    CellStatus.YELLOW: "yellow",
    CellStatus.RED: "red",
    CellStatus.LATE: "late",
    CellStatus.NO_PLAN: "no plan",
    CellStatus.NOT_DUE: "not due",
}

_FROM_COLOUR = {
    StatusColour.GREEN: CellStatus.GREEN,
    StatusColour.YELLOW: CellStatus.YELLOW,
    StatusColour.RED: CellStatus.RED,
}


@dataclass(frozen=True, slots=True)
class Cell:
    """One month of one measure as the review shows it."""

    month: str
    plan: float | None  # the stored plan, else the phased one (``phased`` says which)
    actual: float | None
    status: CellStatus
    phased: bool = False  # the plan is the phasing key's, not a stored value
    override_reason: str = ""  # set when the status was set by hand
    note: str = ""

    @property
    def overridden(self) -> bool:
        return bool(self.override_reason)

    @property
    def glyph(self) -> str:
        return OVERRIDE_GLYPH if self.overridden else GLYPHS[self.status]


def band(measure: Measure, plan: float) -> float:
    """How far short of ``plan`` an actual may fall and still be yellow."""
    gap = abs(measure.target - measure.baseline) if measure.target is not None and measure.baseline is not None else 0.0
    if measure.band_basis == BandBasis.ABSOLUTE:
        return measure.yellow_band
    if measure.band_basis == BandBasis.OF_GAP or plan == 0:
        return measure.yellow_band * gap
    return measure.yellow_band * abs(plan)


def judge(measure: Measure, plan: float | None, actual: float | None) -> CellStatus:
    """The colour of ``actual`` against ``plan`` (also used for quarters and the year to date)."""
    if actual is None:
        return CellStatus.NOT_DUE
    if plan is None:
        return CellStatus.NO_PLAN
    gap = actual - plan if measure.direction == Direction.HIGHER else plan - actual  # >= 0: on or better
    if gap >= 0:
        return CellStatus.GREEN
    # A hair of float noise must not turn "exactly at the band's edge" red.
    return CellStatus.YELLOW if -gap <= band(measure, plan) + 1e-9 else CellStatus.RED


def is_due(measure: Measure, month_index: int) -> bool:
    """Whether the measure's cadence reports in the ``month_index``-th month (0-11) of the year."""
    if measure.cadence == Cadence.QUARTERLY:
        return month_index % 3 == 2
    if measure.cadence == Cadence.YEARLY:
        return month_index == 11
    return True


def cell_status(
    measure: Measure,
    result: MonthlyResult | None,
    month: str,
    as_of: str,
    *,
    month_index: int = 0,
    phased_plan: float | None = None,
) -> Cell:
    """The cell of ``month`` as seen in the review of ``as_of`` (months after it are not due yet)."""
    stored = result.plan if result is not None else None
    plan = stored if stored is not None else phased_plan
    phased = stored is None and phased_plan is not None
    actual = result.actual if result is not None else None
    note = result.note if result is not None else ""
    if month > as_of:
        return Cell(month, plan, actual, CellStatus.NOT_DUE, phased, note=note)
    if result is not None and result.colour is not None:
        reason = result.override_reason or "set by hand"
        return Cell(month, plan, actual, _FROM_COLOUR[result.colour], phased, reason, note)
    if actual is None:
        late = is_due(measure, month_index)
        return Cell(month, plan, None, CellStatus.LATE if late else CellStatus.NOT_DUE, phased, note=note)
    return Cell(month, plan, actual, judge(measure, plan, actual), phased, note=note)


def status_colour(measure: Measure, result: MonthlyResult) -> StatusColour | None:
    """The colour of one stored month (the rule above, no as-of): None when it has none."""
    cell = cell_status(measure, result, result.month, result.month)
    return _TO_COLOUR.get(cell.status)


_TO_COLOUR = {status: colour for colour, status in _FROM_COLOUR.items()}


def amount(value: float, unit: str = "") -> str:
    """A number as the room writes it: no trailing ".0", at most two decimals."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def rule_text(measure: Measure) -> str:
    """The rule in words, printed under the measure: ``"lower is better · yellow within 1.0 pt"``."""
    better = "higher is better" if measure.direction == Direction.HIGHER else "lower is better"
    share = f"{amount(measure.yellow_band * 100)} %"
    if measure.band_basis == BandBasis.ABSOLUTE:
        unit = "pt" if measure.unit.strip() == "%" else measure.unit.strip()
        within = f"{measure.yellow_band:.1f} {unit}".rstrip()
    elif measure.band_basis == BandBasis.OF_GAP:
        within = f"{share} of the baseline-to-target gap"
    else:
        within = f"{share} of plan"
    return f"{better} · yellow within {within}"
