"""The X-matrix as a facilitator checks it: a small plan fills the sheet, the horizontal variant
never cuts a word without a mark nor swaps names for numbers while there is room."""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from hoshin_tui.core.samples import build_plan
from hoshin_tui.export.xmatrix import VARIANTS, export_xmatrix

TODAY = date(2027, 3, 1)
MM = 72 / 25.4


def _printed_sizes(page) -> dict[str, float]:
    """Each piece of text on ``page`` with the size it prints at, in pt (the font size times the text matrix)."""
    sizes: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        scale = (abs(tm[0] * cm[0] + tm[1] * cm[2]) ** 2 + abs(tm[0] * cm[1] + tm[1] * cm[3]) ** 2) ** 0.5
        if text.strip():
            sizes[text.strip()] = max(sizes.get(text.strip(), 0.0), size * scale)

    page.extract_text(visitor_text=visit)
    return sizes


def _symbol_sizes_mm(reader: PdfReader) -> list[float]:
    page = reader.pages[0]
    operations = ContentStream(page.get_contents(), reader).operations
    return [  # each mark is "q s 0 0 s x y cm /HoshinDot Do Q": s is its size
        float(before[0][0]) / MM
        for before, (operands, operator) in itertools.pairwise(operations)
        if operator == b"Do" and before[1] == b"cm" and str(operands[0]).startswith("/Hoshin")
    ]


@pytest.fixture(scope="module", params=VARIANTS)
def small(request, tmp_path_factory):
    plan = build_plan(2, 2, 3, 2, 4)
    out = tmp_path_factory.mktemp("small") / f"{request.param}.pdf"
    result = export_xmatrix(plan, out, variant=request.param, today=TODAY)
    return plan, result, PdfReader(out)


def test_a_small_plan_uses_the_sheet(small):
    plan, result, reader = small
    assert result.pages == 1 and result.warnings == []
    sizes = _printed_sizes(reader.pages[0])
    for initiative in plan.initiatives:
        printed = [size for text, size in sizes.items() if initiative.title[:12] in text]
        assert printed and min(printed) >= 12, (initiative.title, printed)  # 9 pt before
    marks = _symbol_sizes_mm(reader)
    assert marks and min(marks) >= 0.6 * 14  # the symbols are 60 % of a cell: cells of 14 mm or more (7 before)


def _two_objective_plan():
    plan = build_plan(2, 2, 20, 6, 6)
    plan.objectives[0].title = "Intervene decisively in warranty claims"
    plan.objectives[1].title = "Standardise onboarding everywhere"
    return plan


def test_the_horizontal_variant_never_cuts_a_word_and_prints_the_names(tmp_path):
    plan = _two_objective_plan()
    out = tmp_path / "x.pdf"
    result = export_xmatrix(plan, out, variant="horizontal", today=TODAY)
    text = PdfReader(out).pages[0].extract_text()
    lines = [re.sub(r"\s+", "", line) for line in text.splitlines()]
    for objective in plan.objectives:
        for word in objective.title.split():
            assert any(word in line for line in lines), word  # the whole word on one line
    assert "\u2010" not in text  # no word had to be cut at all: there was room at a smaller size
    assert "People:" not in text  # the names print over their columns, not as numbers and a key
    squashed = re.sub(r"\s+", "", text)
    assert all(re.sub(r"\s+", "", person.name) in squashed for person in plan.people)
    assert result.pages == 1
