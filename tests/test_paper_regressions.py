"""What the property test of every printed word (test_paper_properties.py) found, one small export each."""

from __future__ import annotations

import re
from datetime import date

from pypdf import PdfReader
from test_paper_properties import _expected, _found, _pdf_text, _words

from hoshin_tui.export.a3 import export_a3
from hoshin_tui.export.xmatrix import export_xmatrix
from hoshin_tui.model.enums import A3Kind
from hoshin_tui.model.plan import A3, A3Section, AnnualObjective, Initiative, Person, Plan, Strategy

TODAY = date(2027, 3, 1)


def _plan(*titles: str, a3s: list[A3] | None = None) -> Plan:
    return Plan(
        title="Offsite",
        people=[Person(id="pe0", name="Ann Lee"), Person(id="pe1", name="Bo Chan")],
        strategies=[Strategy(id="st0", title="Grow")],
        objectives=[AnnualObjective(id="ob0", title="Ship")],
        initiatives=[Initiative(id=f"in{k}", title=title) for k, title in enumerate(titles)],
        a3s=a3s or [],
    )


def test_the_xmatrix_warning_names_each_label_it_shortened(tmp_path):
    long = "Replace the paint line " + " ".join(f"step{k}" for k in range(400))
    result = export_xmatrix(_plan("Short one", long), tmp_path / "x.pdf", today=TODAY)
    [line] = [line for line in result.warnings if "shortened" in line]
    assert "I2 'Replace the paint line step0" in line
    assert "Short one" not in line
    assert "step399" in "".join(page.extract_text() for page in PdfReader(result.path).pages)  # the appendix


def test_markup_after_a_right_to_left_line_counts_as_printed(tmp_path):
    """pypdf reads ``% <b>bold</b>`` after an Arabic line as ``< %b>bold</b>`` (the page shows it in
    order): the property test must not call that text lost."""
    markup = "% <b>bold</b> \n \n \n"
    result = export_xmatrix(_plan("مرحبا", markup, "first"), tmp_path / "x.pdf", today=TODAY)
    printed = _pdf_text(result.path)
    assert _found(markup, printed)
    assert not _found("% <i>bold</i>", printed)  # still strict about the words themselves


def test_a_box_cut_overleaf_keeps_every_word_and_the_warning_names_it(tmp_path):
    goal = " ".join(f"goal{k:04d}" for k in range(1400))
    a3 = A3(
        id="a3_0",
        kind=A3Kind.PROBLEM_SOLVING,
        title="Scrap",
        owner_id="pe0",
        sections=[A3Section(key="goal", heading="Goal / target", body=goal)],
    )
    result = export_a3(_plan("Cut scrap", a3s=[a3]), tmp_path / "a3.pdf", session_name="s", today=TODAY)
    assert any("Goal / target does not fit" in line and "continues on page 2" in line for line in result.warnings)
    printed = _pdf_text(result.path)
    assert all(word in printed for word in _words(goal))
    assert not _found(goal, printed)  # split over two pages: only the warning excuses it
    assert re.search("goal0000.*goal1399", printed) and _expected(goal)
