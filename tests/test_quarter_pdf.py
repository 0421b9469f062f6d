"""The quarterly review: one status A3 per strategy, pre-filled with the quarter's trend, the
countermeasures, changed targets and the alignment health; and the trend chart on strategy A3s."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from hoshin_tui.cli import main
from hoshin_tui.core.review import long_label, short_label
from hoshin_tui.core.target_history import target_changes
from hoshin_tui.export.a3 import export_a3
from hoshin_tui.export.demo import build_demo_plan
from hoshin_tui.export.quarter import (
    QuarterExportError,
    default_quarter_path,
    export_quarter,
    quarter_a3s,
    quarter_months,
)
from hoshin_tui.model.plan import CatchballEntry, Plan
from hoshin_tui.store import SessionStore

TODAY = date(2026, 12, 2)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text(path: Path) -> str:
    return "".join(_flat(page.extract_text()) for page in PdfReader(path).pages)


def test_the_quarter_pdf_holds_one_status_a3_per_strategy(tmp_path):
    plan = build_demo_plan()
    out = tmp_path / "q2.pdf"
    result = export_quarter(plan, out, quarter="Q2", session_name="demo", today=TODAY)
    text = _text(out)
    for strategy in plan.strategies:
        assert _flat(f"Q2 {plan.period} review: {strategy.title}")[:60] in text
    for page in PdfReader(out).pages:
        assert float(page.mediabox.width) == pytest.approx(1190.55, abs=0.5)
    assert result.pages >= len(plan.strategies)
    assert "Alignmenthealth,re-run2026-12-02" in text
    assert "Raisedthisquarter:" in text and "Foundeffective:" in text


def test_each_sheet_is_prefilled_with_the_quarter_trend_and_countermeasures():
    plan = build_demo_plan()
    sheets = quarter_a3s(plan, "q2", today=TODAY)
    assert [a3.subject_id for a3 in sheets] == [s.id for s in plan.strategies]
    body = {s.key: s.body for s in sheets[1].sections}
    months = quarter_months(plan, "Q2", TODAY)  # the demo's year starts in December
    first, second, third = (short_label(m) for m in months)
    assert f"Q2 FY2026 ({long_label(months[0])} – {long_label(months[-1])}): the quarter's trend" in body["headline"]
    assert re.search(
        rf"{first} [●▲■?] [\d.]+ · {second} [●▲■?] [\d.]+ · {third} [●▲■?] [\d.]+; quarter", body["headline"]
    )
    raised = [cm for cm in plan.countermeasures if cm.month in months]
    assert raised and f"Raised this quarter: {len(raised)}" in body["issues"]
    assert all(row.plan.startswith("Q2: ") for row in sheets[1].followup_rows)


def test_a_changed_target_shows_old_and_new_with_its_reason(tmp_path):
    plan = build_demo_plan()
    path = tmp_path / "sessions" / "demo.sqlite"
    SessionStore.create(path, plan).close()
    measure = plan.measures[0]
    with SessionStore.open(path) as store:
        store.save(
            CatchballEntry(item_id=measure.id, who="Plant 2", text="Riverside cannot reach 19 before the new line")
        )
        store.save(measure.model_copy(update={"target": 22.0}))
        changes = target_changes(store, store.load(), date.today(), date.today())  # the history holds real times
    assert [(c.old, c.new, c.reason) for c in changes] == [
        (19.0, 22.0, "Riverside cannot reach 19 before the new line")
    ]
    sheets = quarter_a3s(plan, "Q4", target_changes=changes, today=TODAY)
    support = "\n".join(s.body for a3 in sheets for s in a3.sections if s.key == "support")
    assert "19 per month → 22 per month" in support and "Riverside cannot reach 19" in support


def test_the_command_writes_the_quarter_and_refuses_a_plan_without_strategies(tmp_path, capsys):
    path = tmp_path / "sessions" / "demo.sqlite"
    SessionStore.create(path, build_demo_plan()).close()
    assert main(["--workspace", str(tmp_path), "export", "quarter", "demo", "--quarter", "q2"]) == 0
    assert default_quarter_path(tmp_path / "exports", "demo", "Q2").exists()
    assert main(["--workspace", str(tmp_path), "export", "quarter", "demo", "--quarter", "Q5"]) == 2
    with pytest.raises(QuarterExportError, match="no strategy yet"):
        export_quarter(Plan(title="Empty"), tmp_path / "x.pdf", quarter="Q1", today=TODAY)
    capsys.readouterr()


def test_strategy_a3s_draw_a_trend_chart_and_the_latest_status_per_measure(tmp_path):
    plan = build_demo_plan()
    out = tmp_path / "a3.pdf"
    export_a3(plan, out, only=plan.a3s[0].id, today=TODAY)
    text = _text(out)
    assert re.search(r"latest:[●▲■?](green|yellow|red|late)·[A-Z][a-z]{2}20\d\d", text)
