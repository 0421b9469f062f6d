"""The printed A3s: page size and count, every heading and header field, overflow that shrinks
then continues on a marked page (never clipped), markup printed as text, and one-A3 exports.

Renders are few and shared (module-scoped): one pack of three A3s and one single A3.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from hoshin_tui.core.a3_prefill import fill_report, prefill_a3
from hoshin_tui.export import a3 as a3_export
from hoshin_tui.export.a3 import A3ExportError, default_a3_path, export_a3, rating_of
from hoshin_tui.export.pdf import ASSETS_URL, render_document
from hoshin_tui.model.a3_layout import layout
from hoshin_tui.model.enums import A3Kind
from hoshin_tui.model.plan import PlanRow
from tests.test_a3_prefill import pump_plan

TODAY = date(2027, 3, 10)
A3_LANDSCAPE = (1190.55, 841.89)
MARKUP = '<b>bold</b> & <img src="file:///etc/passwd"> {{ 7*7 }}'
LONG_WORDS = [f"cause{n:04d}" for n in range(900)]  # far more than a box holds even at 7 pt
ROW_TASKS = [f"Task{n:03d} walk the line" for n in range(45)]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _with_body(a3, key, body):
    return a3.model_copy(
        update={"sections": [s.model_copy(update={"body": body}) if s.key == key else s for s in a3.sections]}
    )


def pack_plan():
    plan = pump_plan()
    strategy = prefill_a3(plan, A3Kind.STRATEGY, "st_zero", today=TODAY)
    strategy = strategy.model_copy(
        update={
            "id": "a3_strategy",
            "plan_rows": [PlanRow(who="Cy Duarte", what=t, when="Q2", status="at risk") for t in ROW_TASKS],
        }
    )
    problem = prefill_a3(plan, A3Kind.PROBLEM_SOLVING, "in_poka", today=TODAY)
    problem = _with_body(problem, "analysis", " ".join(LONG_WORDS))
    problem = _with_body(problem, "background", "Seal leaks at start-up. " * 70)  # shrinks, still fits
    problem = problem.model_copy(update={"id": "a3_problem", "title": f"Seals {MARKUP}"})
    status = prefill_a3(plan, A3Kind.STATUS, "st_zero", today=TODAY).model_copy(update={"id": "a3_status"})
    status = _with_body(status, "support", MARKUP)
    plan.a3s = [strategy, problem, status]
    return plan


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    plan = pack_plan()
    out = tmp_path_factory.mktemp("exports") / "pack.pdf"
    renders = []

    def recording(*args, **kwargs):
        renders.append(render_document(*args, **kwargs))
        return renders[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(a3_export, "render_document", recording)
        result = export_a3(plan, out, session_name="pump-offsite", today=TODAY)
    reader = PdfReader(out)
    return plan, result, [page.extract_text() for page in reader.pages], reader, renders


def test_nothing_is_fetched_but_the_bundled_fonts(pack):
    renders = pack[4]
    assert 3 <= len(renders) <= 6  # one pass per sheet, one more for each sheet that continues
    for rendered in renders:
        assert rendered.refused == []
        assert all(url.startswith(ASSETS_URL) for url in rendered.fetched)


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    plan = pack_plan()
    out = tmp_path_factory.mktemp("exports") / "one.pdf"
    result = export_a3(plan, out, only="a3_status", session_name="pump-offsite", today=TODAY)
    reader = PdfReader(out)
    return result, [page.extract_text() for page in reader.pages], reader


def test_every_page_is_iso_a3_landscape_and_overflow_adds_one_page_per_sheet(pack):
    _, result, texts, reader, _ = pack
    # strategy A3 + its continuation, problem-solving A3 + its continuation, status A3
    assert result.pages == len(reader.pages) == 5
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A3_LANDSCAPE, abs=0.5)
    assert [f"page {n} / 5" in text for n, text in enumerate(texts, start=1)] == [True] * 5
    assert all("pump-offsite" in text and "printed 2027-03-10" in text for text in texts)


def test_every_heading_and_header_field_is_printed(pack):
    plan, _, texts, _, _ = pack
    sheets = {"a3_strategy": texts[0], "a3_problem": texts[2], "a3_status": texts[4]}
    for a3 in plan.a3s:
        text = _squash(sheets[a3.id])
        for box in layout(a3.kind):
            assert _squash(box.heading) in text, (a3.kind, box.heading)
        for label in ("Owner", "Mentor", "Revised", "Version"):
            assert label in text
        assert _squash(plan.person_name(a3.owner_id)) in text
        assert _squash(plan.person_name(a3.mentor_id)) in text
        assert "2027-03-10" in text and _squash(a3.title) in text


def test_overflowing_text_continues_on_a_marked_page_with_every_word(pack):
    _, result, texts, _, _ = pack
    problem, continuation = texts[2], texts[3]
    assert "continued on page 4" in problem
    assert "continued from page 3" in continuation
    everything = _squash(problem + continuation)
    missing = [word for word in LONG_WORDS if word not in everything]
    assert missing == []
    assert LONG_WORDS[0] in problem and LONG_WORDS[-1] in continuation  # starts on the sheet, ends overleaf
    assert any("Root-cause analysis" in w and "continues on page 4" in w and "Seals" in w for w in result.warnings)


def test_overflowing_table_rows_continue_and_shrunk_boxes_are_reported(pack):
    _, result, texts, _, _ = pack
    assert "continued on page 2" in texts[0]
    both = _squash(texts[0] + texts[1])
    assert [task for task in ROW_TASKS if _squash(task) not in both] == []
    assert _squash(ROW_TASKS[0]) in _squash(texts[0]) and _squash(ROW_TASKS[-1]) in _squash(texts[1])
    assert any("Next period's initiatives" in w and "continues on page 2" in w for w in result.warnings)
    # the long background shrank but needs no continuation
    assert any(re.search(r"Background shrunk to \d+(\.5)? pt", w) for w in result.warnings)
    assert not any("Background does not fit" in w for w in result.warnings)


def test_markup_in_fields_prints_literally(pack):
    _, _, texts, _, _ = pack
    assert _squash(MARKUP) in _squash(texts[2])  # the title of the problem-solving A3
    assert _squash(MARKUP) in _squash(texts[4])  # a section of the status A3
    assert "49" not in texts[4].replace("2049", "")  # no template evaluation


def test_only_prints_one_a3_on_one_page(single):
    result, texts, reader = single
    assert result.pages == len(reader.pages) == 1
    assert "Status review: Zero defects at the customer" in texts[0]
    assert "page 1 / 1" in texts[0]
    assert "Strategy A3" not in texts[0]
    assert result.warnings == []


def test_nothing_to_print_is_one_human_line(tmp_path):
    plan = pump_plan()
    with pytest.raises(A3ExportError, match="no A3 yet"):
        export_a3(plan, tmp_path / "none.pdf")
    plan.a3s = [prefill_a3(plan, A3Kind.STATUS, today=TODAY)]
    with pytest.raises(A3ExportError, match="No A3 with id 'a3_gone'"):
        export_a3(plan, tmp_path / "none.pdf", only="a3_gone")
    assert list(tmp_path.iterdir()) == []


def test_default_paths_name_the_session_and_the_a3(tmp_path: Path):
    assert default_a3_path(tmp_path, "Pump Off-site") == tmp_path / "pump-off-site-a3.pdf"
    assert default_a3_path(tmp_path, "pump", "a3_status") == tmp_path / "pump-a3-status.pdf"
    assert default_a3_path(tmp_path, "pump", "seal-leaks") == tmp_path / "pump-a3-seal-leaks.pdf"
    assert default_a3_path(tmp_path, "") == tmp_path / "session-a3.pdf"


def test_ratings_are_read_from_the_words_people_type():
    assert [rating_of(t) for t in ("at risk", "on track", "off track", "33 (red)", "done", "waiting")] == [
        "yellow",
        "green",
        "red",
        "red",
        "green",
        "",
    ]


def test_a_title_too_long_for_the_band_is_shortened_there_and_printed_in_full_overleaf(tmp_path):
    plan = pump_plan()
    a3 = prefill_a3(plan, A3Kind.STATUS, today=TODAY)
    title = "A very long title that goes on " * 20
    plan.a3s = [a3.model_copy(update={"title": title})]
    out = tmp_path / "long.pdf"
    result = export_a3(plan, out, today=TODAY)
    reader = PdfReader(out)
    assert result.pages == len(reader.pages) == 2
    assert any("title is too long" in w and "printed in full on page 2" in w for w in result.warnings)
    sheet, overleaf = (page.extract_text() for page in reader.pages)
    assert "the title continues on page 2" in sheet
    assert _squash(title) in _squash(overleaf)


def test_the_estimate_shown_in_the_tui_agrees_with_the_paper(pack):
    plan, result, _, _, _ = pack
    problem = next(a3 for a3 in plan.a3s if a3.id == "a3_problem")
    said = {box.key: message for box, _, message in fill_report(problem)}
    assert said["analysis"].endswith("will continue on a second page")
    assert said["background"].endswith("will shrink")
    assert any("Root-cause analysis does not fit" in w for w in result.warnings)
    assert any("Background shrunk" in w for w in result.warnings)


def test_a_sheet_where_every_box_overflows_settles_and_loses_no_word(tmp_path):
    plan = pump_plan()
    a3 = prefill_a3(plan, A3Kind.PROBLEM_SOLVING, "in_poka", today=TODAY)
    words = iter(f"w{n:05d}" for n in range(100_000))

    def text(*counts: int) -> str:
        return "\n".join(" ".join(next(words) for _ in range(count)) for count in counts)

    sections = [s.model_copy(update={"body": text(5, 260, 1, 30)}) for s in a3.sections]
    rows = [PlanRow(who="Bo", what=text(40 if i == 3 else 3), when="Q1", status="late") for i in range(30)]
    plan.a3s = [a3.model_copy(update={"sections": sections, "plan_rows": rows})]
    out = tmp_path / "stress.pdf"
    result = export_a3(plan, out, today=TODAY)
    printed = _squash("".join(page.extract_text() for page in PdfReader(out).pages))
    typed = re.findall(r"w\d{5}", " ".join([s.body for s in sections] + [r.what for r in rows]))
    assert [word for word in typed if word not in printed] == []
    assert result.pages >= 2
    reported = " ".join(result.warnings)
    for heading in ("Background", "Current condition", "Goal / target", "Root-cause analysis", "Countermeasures"):
        assert f"{heading} does not fit" in reported or f"{heading} shrunk" in reported
    assert "Implementation plan does not fit even at 7 pt; it continues on page 2" in reported


def test_blank_lines_at_the_end_of_a_box_neither_continue_nor_warn(tmp_path):
    plan = pump_plan()
    a3 = prefill_a3(plan, A3Kind.PROBLEM_SOLVING, "in_poka", today=TODAY)
    words = [f"why{n:03d}" for n in range(200)]
    plan.a3s = [_with_body(a3, "analysis", " ".join(words) + "\n" * 40)]  # the words fit; forty empty lines follow
    out = tmp_path / "blank.pdf"
    result = export_a3(plan, out, today=TODAY)
    reader = PdfReader(out)
    text = reader.pages[0].extract_text()
    assert result.pages == len(reader.pages) == 1
    assert "continue" not in text
    assert not any("continues" in w or "does not fit" in w for w in result.warnings)
    printed = _squash(text)
    assert [w for w in words if w not in printed] == []


@pytest.mark.skipif(
    bool(shutil.which("fc-list")) and bool(subprocess.run(["fc-list", ":lang=zh"], capture_output=True).stdout.strip()),
    reason="a CJK font is installed here, so nothing prints as empty boxes",
)
def test_characters_no_font_prints_are_named_with_the_fix(tmp_path):
    plan = pump_plan()
    a3 = prefill_a3(plan, A3Kind.STATUS, today=TODAY)
    plan.a3s = [_with_body(a3, "support", "品質 comes first")]
    result = export_a3(plan, tmp_path / "cjk.pdf", today=TODAY)
    assert any("品" in w and "fonts-noto-cjk" in w for w in result.warnings)
