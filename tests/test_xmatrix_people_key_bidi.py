"""The horizontal X-matrix's people key keeps each person's number and name together, whatever the script.

Found by tests/test_paper_properties.py: after a Hebrew name, the key line ``2 שיפור איכות · 3 :6N``
printed as ``2 6: 3 · שיפור איכות N`` (bidi took the next entry's number and punctuation into the
right-to-left run), so the paper scrambled what the room typed. Each name is now a bidi isolate.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from hoshin_tui.export.xmatrix import export_xmatrix
from hoshin_tui.model.plan import AnnualObjective, Initiative, Measure, Person, Plan, Strategy

LONG = " ".join(["Sra V pa KxY/uP M1UJGVez kTS L)tXnøm ph4I rçqGAS Mo 1e100 /%X ;yx LK,kiqJlD"] * 2)


def test_a_name_after_a_right_to_left_name_keeps_its_number_and_its_order(tmp_path: Path) -> None:
    plan = Plan(
        title="Plan",
        people=[Person(id="pe0", name=LONG), Person(id="pe1", name="שיפור איכות"), Person(id="pe2", name=":6N")],
        strategies=[Strategy(id="st0", title="Strategy")],
        objectives=[AnnualObjective(id="ob0", title="Objective")],
        initiatives=[Initiative(id="in0", title="Initiative")],
        measures=[Measure(id="me0", name="Measure", baseline=1, target=2)],
    )
    result = export_xmatrix(plan, tmp_path / "x.pdf", variant="horizontal", today=date(2027, 3, 1))
    text = re.sub(r"\s+", " ", "".join(page.extract_text() for page in PdfReader(result.path).pages))
    assert "People:" in text  # the long name sends the names to the key under the matrix
    assert "· 3 :6N" in text, text
