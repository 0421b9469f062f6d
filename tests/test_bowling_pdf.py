"""The printed bowling chart as the room reads it: A3 landscape, every measure, month and countermeasure,
a glyph beside every colour, the rule in words, and nothing past a page's foot."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from hoshin_tui.cli import main
from hoshin_tui.core.samples import build_large_plan
from hoshin_tui.export.bowling import bowling_html, default_bowling_path, export_bowling
from hoshin_tui.export.bowling_layout import CONTENT_H, CONTENT_W
from hoshin_tui.export.demo import build_demo_plan
from hoshin_tui.model.enums import StatusColour
from hoshin_tui.model.plan import Countermeasure, Measure, MonthlyResult, Plan
from hoshin_tui.store import SessionStore

A3_LANDSCAPE = (1190.55, 841.89)
TODAY = date(2026, 12, 2)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pages(path: Path) -> list[str]:
    return [_flat(page.extract_text()) for page in PdfReader(path).pages]


def _assert_a3_landscape(path: Path) -> None:
    for page in PdfReader(path).pages:
        assert float(page.mediabox.width) == pytest.approx(A3_LANDSCAPE[0], abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(A3_LANDSCAPE[1], abs=0.5)


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Plan, Path, list[str]]:
    plan = build_demo_plan()
    out = tmp_path_factory.mktemp("bowling") / "demo-bowling.pdf"
    result = export_bowling(plan, out, session_name="demo", today=TODAY)
    assert result.warnings == []
    return plan, out, _pages(out)


def test_the_demo_chart_is_a3_landscape_and_holds_every_measure_month_and_countermeasure(demo_pdf):
    plan, out, pages = demo_pdf
    _assert_a3_landscape(out)
    chart, log = "".join(pages[:-1]), pages[-1]
    for measure in plan.measures:
        assert _flat(f"{measure.code}{measure.name}") in chart
        assert _flat(f"{measure.code}:") in chart  # its rule in words, under it
    for month in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"):
        assert month in chart
    board = bowling_html(plan, today=TODAY).chart
    for block in board.measures:  # every month's plan and actual, in fiscal order, on the measure's two rows
        assert _flat("".join(cell.value for cell in block.plan[:12])) in chart, block.code
        shown = "".join(f"{cell.glyph}{cell.value}" if cell.status else cell.value for cell in block.actual[:12])
        assert _flat(shown) in chart, block.code
    for label in ("Q1", "Q2", "Q3", "Q4", "YTD", "Plan", "Actual", "Opencountermeasures"):
        assert label in chart
    assert "Countermeasurelog" in log
    for number, cm in enumerate(plan.countermeasures, start=1):
        assert f"CM{number}" in log
        assert _flat(cm.action) in log and _flat(cm.root_cause) in log
    assert "Redswithnocountermeasure:" in chart
    assert "Bowlingchart" in pages[0] and "asof" in pages[0]


def test_every_judged_cell_carries_a_glyph(demo_pdf):
    plan, _out, pages = demo_pdf
    chart = "".join(pages[:-1])
    assert "●" in chart  # green
    chart_data = bowling_html(plan, today=TODAY).chart
    statuses = {cell.status for block in chart_data.measures for cell in block.actual if cell.status}
    assert statuses  # the demo's year is judged
    glyphs = {"green": "●", "yellow": "▲", "red": "■", "late": "?"}
    for status in statuses & glyphs.keys():
        assert glyphs[status] in chart, status
    assert "(RED)" not in chart and "(red)" not in chart  # the peers' mistake: words instead of a glyph


def _red_plan() -> Plan:
    measure = Measure(id="me1", code="M1", name="On-time delivery", unit="%", baseline=80, target=95)
    hand = Measure(id="me2", code="M2", name="<b>Scrap</b> & rework", unit="%", baseline=5, target=2, direction="lower")
    results = [
        MonthlyResult(measure_id="me1", month=f"2026-{k:02d}", plan=80 + k, actual=80 + k - (6 if k == 3 else 0))
        for k in range(1, 4)
    ]
    results.append(
        MonthlyResult(
            measure_id="me2",
            month="2026-02",
            plan=4,
            actual=4.5,
            colour=StatusColour.GREEN,
            override_reason="Rework counted twice in Feb",
        )
    )
    return Plan(title="Red plan", period="FY2026", measures=[measure, hand], monthly_results=results)


def test_a_red_without_a_countermeasure_is_flagged_and_counted(tmp_path):
    plan = _red_plan()
    out = tmp_path / "red.pdf"
    export_bowling(plan, out, as_of="2026-03", today=TODAY)
    text = "".join(_pages(out))
    assert "■77" in text  # March: 83 planned, 77 actual, beyond 5 % of plan
    assert "!redwithnocountermeasure:Mar" in text
    assert "Redswithnocountermeasure:1(M1Mar2026)" in text
    assert "M2Feb2026:ReworkcountedtwiceinFeb" in text  # a colour set by hand, with its reason
    assert "<b>Scrap</b>&rework" in text  # user text is printed, never obeyed
    plan.countermeasures.append(
        Countermeasure(measure_id="me1", month="2026-03", action="Expedite", due=date(2026, 4, 15))
    )
    export_bowling(plan, out, as_of="2026-03", today=TODAY)
    text = "".join(_pages(out))
    assert "Redswithnocountermeasure:0" in text
    assert "CM1·due15Apr" in text


def test_the_large_plan_continues_on_further_pages_and_nothing_runs_past_a_foot(tmp_path):
    plan = build_large_plan()
    pages = bowling_html(plan, as_of="2027-12", today=TODAY)
    assert len(pages.layout.sheets) > 1
    for sheet in pages.layout.sheets:
        for text in sheet.texts:
            assert text.y + text.h <= CONTENT_H + 0.01, text.cls
            assert text.x + text.w <= CONTENT_W + 0.01, text.cls
    out = tmp_path / "large.pdf"
    result = export_bowling(plan, out, as_of="2027-12", today=TODAY)
    assert result.pages == len(pages.layout.sheets)  # the chart pages and the countermeasure log
    _assert_a3_landscape(out)
    text = "".join(_pages(out))
    for measure in plan.measures:
        assert _flat(f"{measure.code}{measure.name}") in text
    assert "continued" in _pages(out)[1]


def test_the_command_writes_the_chart_and_export_all_includes_it(tmp_path, capsys):
    workspace = tmp_path
    path = workspace / "sessions" / "demo.sqlite"
    SessionStore.create(path, build_demo_plan()).close()
    assert main(["--workspace", str(workspace), "export", "bowling", "demo", "--as-of", "2026-06"]) == 0
    out = default_bowling_path(workspace / "exports", "demo")
    assert f"Wrote {out}" in capsys.readouterr().out
    assert "asofJun2026" in _pages(out)[0]
    assert main(["--workspace", str(workspace), "export", "bowling", "demo", "--as-of", "June"]) == 1
    assert "--as-of must be a month written as 2027-03" in capsys.readouterr().err
    out.unlink()
    assert main(["--workspace", str(workspace), "export", "all", "demo"]) == 0
    assert out.exists() and "bowling.pdf" in capsys.readouterr().out


def test_the_tui_export_request_renders_the_bowling_chart(tmp_path):
    from hoshin_tui.tui.exporting import ExportRequest, render

    results = render(ExportRequest("bowling", build_demo_plan(), "demo", tmp_path, as_of="2026-03"))
    assert [r.path.name for r in results] == ["demo-bowling.pdf"]
    assert "asofMar2026" in _pages(results[0].path)[0]


def test_a_rolled_forward_plan_prints_last_years_actuals_on_a_faint_row(tmp_path, demo_pdf):
    from hoshin_tui.core.rollforward import close_year, roll_forward

    old = build_demo_plan(TODAY)
    new = roll_forward(old, close_year(old, source_name="demo", period="FY2027")).plan
    out = tmp_path / "next-bowling.pdf"
    result = export_bowling(new, out, session_name="next", today=TODAY)
    assert result.warnings == []
    chart = "".join(_pages(out)[:-1])
    blocks = bowling_html(new, today=TODAY).chart.measures
    assert all(block.last_year for block in blocks)
    for block in blocks:
        assert _flat("Last year" + "".join(cell.value for cell in block.last_year)) in chart, block.code
    assert not any(block.last_year for block in bowling_html(old, today=TODAY).chart.measures)  # the demo has none
    assert "Lastyear" not in "".join(demo_pdf[2])
