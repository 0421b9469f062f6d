"""The A3 sheet as a facilitator checks it: header fields that never run over the boxes or vanish,
boxes of the two columns that line up, empty boxes ruled for writing, files named like the sheet."""

from __future__ import annotations

import re
from datetime import date

import pytest
from pypdf import PdfReader

from hoshin_tui.core.a3_prefill import prefill_a3
from hoshin_tui.core.codes import item_codes
from hoshin_tui.export import a3 as a3_export
from hoshin_tui.export.a3 import default_a3_path, export_a3
from hoshin_tui.export.pdf import render_document
from hoshin_tui.model.a3_layout import layout
from hoshin_tui.model.enums import A3Kind
from hoshin_tui.model.plan import A3, Person
from tests.test_a3_prefill import pump_plan

TODAY = date(2027, 3, 10)
LONG_TITLE = " ".join(f"Heading{n:04d}" for n in range(250))[:2000]
LONG_OWNER = "Maria-Luisa Fernández de la Cruz y Villanueva " * 2 + "Jr"  # ~95 characters
LONG_OWNER = (LONG_OWNER + " the Third of Brennmoor")[:110]
LONG_MENTOR = "Professor Doctor Alexandrina Konstantinopoulou-Wetherington, " * 5  # cannot fit, even at 7 pt
LONG_VERSION = "2027-03 draft for the steering committee, after catchball round 3"


def _squash(text: str) -> str:
    return re.sub(r"[\s\u2010]+", "", text)


def _export(tmp_path, a3s, plan=None):
    plan = plan or pump_plan()
    plan.a3s = a3s
    out = tmp_path / "a3.pdf"
    renders = []

    def recording(*args, **kwargs):
        renders.append(render_document(*args, **kwargs))
        return renders[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(a3_export, "render_document", recording)
        result = export_a3(plan, out, session_name="pump", today=TODAY)
    return result, PdfReader(out), renders


@pytest.fixture(scope="module")
def long_header(tmp_path_factory):
    plan = pump_plan()
    plan.people += [Person(id="pe_long", name=LONG_OWNER), Person(id="pe_mentor", name=LONG_MENTOR)]
    a3 = prefill_a3(plan, A3Kind.STATUS, "st_zero", today=TODAY)
    a3 = a3.model_copy(
        update={"title": LONG_TITLE, "owner_id": "pe_long", "mentor_id": "pe_mentor", "version": LONG_VERSION}
    )
    return _export(tmp_path_factory.mktemp("long"), [a3], plan)


def test_a_2000_character_title_ends_as_one_sheet_and_its_whole_title(long_header):
    result, reader, _ = long_header
    assert result.pages == len(reader.pages) == 2  # the sheet and the page that holds the title in full
    text = "".join(page.extract_text() for page in reader.pages)
    assert _squash(LONG_TITLE) in _squash(text)
    assert "the title continues on page 2" in reader.pages[0].extract_text()
    assert any("the title is too long" in w and "page 2" in w for w in result.warnings)
    assert all(len(w) < 400 for w in result.warnings)  # a warning quotes the title, it does not recite it


def test_long_header_fields_stay_in_the_band_and_print_in_full(long_header):
    result, reader, renders = long_header
    text = _squash("".join(page.extract_text() for page in reader.pages))
    assert len(LONG_OWNER) == 110
    sheet = _squash(reader.pages[0].extract_text())
    assert _squash(LONG_OWNER) in sheet and _squash(LONG_VERSION) in sheet  # shrunk and wrapped in their field
    assert _squash(LONG_MENTOR) in text
    anchors = renders[-1].document.pages[0].anchors
    band = anchors["s0-band"]
    first_box = min(anchors[f"s0-{box.key}"][1] for box in layout(A3Kind.STATUS))
    for key in ("title", "owner", "mentor", "version", "revised", "plan"):
        _left, _top, right, bottom = anchors[f"s0-head-{key}"]
        assert bottom <= band[3] + 0.5 and bottom < first_box, key  # never under a box
        assert right <= band[2] + 0.5, key  # never past the page edge
    told = " ".join(result.warnings)
    assert "the mentor's name is too long for its header field even at 7 pt" in told
    assert "owner" not in told and "version" not in told


def test_the_boxes_of_the_two_columns_line_up(tmp_path):
    plan = pump_plan()
    a3s = [
        prefill_a3(plan, kind, subject, today=TODAY).model_copy(update={"id": f"a3_{n}"})
        for n, (kind, subject) in enumerate(
            ((A3Kind.PROBLEM_SOLVING, "in_poka"), (A3Kind.STRATEGY, "st_zero"), (A3Kind.STATUS, "st_zero"))
        )
    ]
    _, _, renders = _export(tmp_path, a3s, plan)
    for index, a3 in enumerate(a3s):
        anchors = next(r for r in renders if f"s{index}-band" in r.document.pages[0].anchors).document.pages[0].anchors
        edges = {"left": set(), "right": set()}
        for box in layout(a3.kind):
            _left, top, _right, bottom = anchors[f"s{index}-{box.key}"]
            edges[box.column] |= {round(top), round(bottom)}
        assert edges["right"] <= edges["left"], (a3.kind, edges)


def test_an_empty_box_prints_ruled_lines_not_its_prompt(tmp_path):
    plan = pump_plan()
    a3 = A3(id="a3_blank", kind=A3Kind.PROBLEM_SOLVING, title="Blank sheet", sections=[])
    result, reader, renders = _export(tmp_path, [a3], plan)
    text = reader.pages[0].extract_text()
    for box in layout(A3Kind.PROBLEM_SOLVING):
        if box.hint:
            assert box.hint not in text
    anchors = renders[-1].document.pages[0].anchors
    for box in layout(A3Kind.PROBLEM_SOLVING):
        lines = [name for name in anchors if name.startswith(f"s0-{box.key}-line")]
        assert len(lines) >= 3, box.key
        body = anchors[f"s0-{box.key}-body"]
        assert all(anchors[name][3] <= body[3] + 0.5 for name in lines)  # inside the box
    assert result.pages == 1 and result.warnings == []


def test_one_a3_is_named_by_its_code_and_title(tmp_path):
    plan = pump_plan()
    strategy = prefill_a3(plan, A3Kind.STRATEGY, "st_zero", today=TODAY).model_copy(update={"id": "a3_s"})
    status = prefill_a3(plan, A3Kind.STATUS, "st_zero", today=TODAY).model_copy(update={"id": "a3_t"})
    arabic = A3(id="a3_ar", kind=A3Kind.STATUS, title="تحسين الجودة")
    plan.a3s = [strategy, status, arabic]
    code = item_codes(plan)["st_zero"]
    assert (
        default_a3_path(tmp_path, "Pump", "a3_s", plan=plan)
        == tmp_path / f"pump-A3-{code}-zero-defects-at-the-customer.pdf"
    )
    assert (
        default_a3_path(tmp_path, "Pump", "a3_t", plan=plan).name
        == f"pump-A3-{code}-status-review-zero-defects-at-the-customer.pdf"
    )
    assert default_a3_path(tmp_path, "Pump", "a3_ar", plan=plan).name == "pump-A3-3.pdf"
    assert default_a3_path(tmp_path, "Pump", plan=plan).name == "pump-a3.pdf"
