"""The year-end review A3: how the plan year closed, the first handout of the next off-site.

Printed from a rolled-forward session (``hoshin roll-forward``), which holds the year-close
record: each measure's final actual and achievement, the decision on every item with its
reason, and a reflection per strategy. ISO A3 landscape, plain block layout that flows on
to further pages (tables repeat their heads), so nothing is ever cut off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hoshin_tui.core.rollforward import DECIDED_LISTS, DECISION_WORDS
from hoshin_tui.core.workspace import slugify
from hoshin_tui.export.pdf import (
    FONT_STACK,
    ExportResult,
    missing_glyph_warnings,
    render_document,
    render_template,
    unprintable_characters,
    write_atomic,
    write_pdf_bytes,
)
from hoshin_tui.model.enums import Aggregation, CarryDecision, Direction
from hoshin_tui.model.lists import BY_NAME
from hoshin_tui.model.plan import Plan, YearEndResult

_ARROW = {Direction.HIGHER: "↑", Direction.LOWER: "↓"}
_AGGREGATION_WORDS = {Aggregation.SUM: "sum", Aggregation.LAST: "last month", Aggregation.MEAN: "mean"}


class YearEndExportError(ValueError):
    """One human line: why the year-end review cannot be printed."""


@dataclass(frozen=True)
class _Row:
    cells: tuple[str, ...]
    rating: str = ""  # green / yellow / red: the achievement's colour
    bar: int = 0  # the achievement bar's width, in percent of its cell (0-100)


def default_yearend_path(exports_dir: Path, session_name: str) -> Path:
    return exports_dir / f"{slugify(session_name) if session_name else 'session'}-yearend.pdf"


def export_yearend(
    plan: Plan, out_path: Path | str, *, session_name: str = "", today: date | None = None
) -> ExportResult:
    """Write the year-end review of ``plan`` (a rolled-forward session) to ``out_path`` atomically."""
    if not plan.lineage and not plan.year_end_results:
        raise YearEndExportError(
            "This session was not rolled forward, so it holds no year-end review: "
            "run 'hoshin roll-forward SESSION --period FYnnnn' and print the new session's"
        )
    out = Path(out_path)
    context = _context(plan, session_name, (today or date.today()).isoformat())
    html = render_template("yearend.html.j2", **context)
    rows: list[_Row] = [*_results(plan), *_decisions(plan)]
    texts = [cell for row in rows for cell in row.cells]
    texts += [text for r in plan.reflections for text in (r.title, r.worked, r.did_not_work, r.learned)]
    warnings = missing_glyph_warnings(unprintable_characters(texts))
    rendered = render_document(html)
    pdf = write_pdf_bytes(rendered)
    for line in rendered.glyph_warnings():
        if line not in warnings:
            warnings.append(line)
    write_atomic(out, pdf)
    return ExportResult(out, rendered.pages, warnings)


def _context(plan: Plan, session_name: str, printed: str) -> dict[str, object]:
    closed = plan.derived_from_period or "last year"
    return {
        "lang": "en",
        "font_stack": FONT_STACK,
        "title": f"Year-end review {closed}",
        "plan_title": plan.title,
        "organization": plan.organization,
        "closed": closed,
        "next_period": plan.period,
        "source": plan.derived_from,
        "session_name": session_name,
        "printed": printed,
        "results": _results(plan),
        "decisions": _decisions(plan),
        "reflections": plan.reflections,
        "counts": _decision_counts(plan),
        "carried_too": _carried_too(plan),
    }


def _results(plan: Plan) -> list[_Row]:
    return [_result_row(r) for r in plan.year_end_results]


def _decisions(plan: Plan) -> list[_Row]:
    codes = {item.id: item.code for kind in DECIDED_LISTS for item in getattr(plan, kind)}
    decisions = []
    for kind in DECIDED_LISTS:
        for record in (r for r in plan.lineage if r.kind == kind):
            now = (
                codes.get(record.new_id or "", "")
                if record.decision in (CarryDecision.CARRIED, CarryDecision.MODIFIED)
                else ""
            )
            decisions.append(
                _Row(
                    (
                        BY_NAME[kind].label.capitalize(),
                        record.source_code,
                        record.source_title,
                        DECISION_WORDS[record.decision],
                        record.reason,
                        now or "–",
                    ),
                    rating={"carried": "green", "modified": "yellow", "dropped": "red", "done": "done"}.get(
                        record.decision.value, ""
                    ),
                )
            )
    return decisions


def _carried_too(plan: Plan) -> list[str]:
    """The loose ends that came along: "2 countermeasures, 3 parking-lot items"."""
    words = {"decisions": ("open action", "open actions")}
    found = []
    for kind in ("countermeasures", "decisions", "parking_lot", "a3s"):
        count = sum(1 for r in plan.lineage if r.kind == kind and r.new_id)
        if count:
            one, many = words.get(kind, (BY_NAME[kind].label, BY_NAME[kind].plural))
            found.append(f"{count} {one if count == 1 else many}")
    return found


def _result_row(result: YearEndResult) -> _Row:
    share = result.achievement
    rating = "" if share is None else "green" if share >= 1 else "yellow" if share >= 0.5 else "red"
    return _Row(
        (
            result.source_code,
            result.name,
            result.unit,
            _ARROW[result.direction],
            _AGGREGATION_WORDS[result.aggregation],
            _number(result.baseline),
            _number(result.target),
            _number(result.final_actual) + (" ✎" if result.entered else ""),
            "–" if share is None else f"{share:.0%}",
            str(result.months),
        ),
        rating=rating,
        bar=0 if share is None else max(0, min(100, round(share * 100))),
    )


def _decision_counts(plan: Plan) -> str:
    counted = [r for r in plan.lineage if r.kind in DECIDED_LISTS]
    words = []
    for decision in (CarryDecision.CARRIED, CarryDecision.MODIFIED, CarryDecision.DONE, CarryDecision.DROPPED):
        count = sum(1 for r in counted if r.decision is decision)
        if count:
            words.append(f"{count} {DECISION_WORDS[decision]}")
    return " · ".join(words)


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) < 1e6 else f"{value:,.0f}"
