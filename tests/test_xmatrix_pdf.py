"""The X-matrix PDF as a reader sees it: one A3 landscape page, every label, every mark, nothing fetched."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from hoshin_tui.export import xmatrix
from hoshin_tui.export.pdf.measure import text_width
from hoshin_tui.export.xmatrix import LEGEND_SYMBOLS, default_xmatrix_path, export_xmatrix
from hoshin_tui.model.enums import SYMBOLS, Corner, InitiativeKind, MarkRole, Strength
from hoshin_tui.model.plan import (
    AnnualObjective,
    Correlation,
    Initiative,
    Measure,
    PeopleMark,
    Person,
    Plan,
    Strategy,
)

HOSTILE = '<b>x</b><img src="file:///etc/passwd"> see http://example.com/a.png'


def _plan() -> Plan:
    people = [Person(id=f"pe{k}", name=name) for k, name in enumerate(["Ann Lee", "Bo Chen", "Cy Diaz"])]
    strategies = [Strategy(id="st1", title="Grow aftermarket"), Strategy(id="st2", title="Zero defects")]
    objectives = [
        AnnualObjective(id="ob1", title="Win three OEM accounts"),
        AnnualObjective(id="ob2", title="Halve customer complaints"),
        AnnualObjective(id="ob3", title=HOSTILE),
    ]
    initiatives = [
        Initiative(id="in1", title="SMED on press line", kind=InitiativeKind.OPERATIONAL),
        Initiative(id="in2", title="Launch service contracts", kind=InitiativeKind.STRATEGIC),
        Initiative(id="in3", title="تحسين الجودة في المصنع", kind=InitiativeKind.STRATEGIC),
        Initiative(id="in4", title="שיפור איכות הספקים", kind=InitiativeKind.OPERATIONAL),
    ]
    measures = [
        Measure(id="me1", name="First-pass yield", unit="%", baseline=93.5, target=98),
        Measure(id="me2", name="Complaints", unit="per month", baseline=38, target=19),
    ]
    correlations = [
        Correlation(corner=Corner.STRATEGY_OBJECTIVE, row_id="st1", col_id="ob1", strength=Strength.STRONG),
        Correlation(corner=Corner.STRATEGY_OBJECTIVE, row_id="st2", col_id="ob2", strength=Strength.MEDIUM),
        Correlation(corner=Corner.OBJECTIVE_INITIATIVE, row_id="ob1", col_id="in2", strength=Strength.WEAK),
        Correlation(corner=Corner.OBJECTIVE_INITIATIVE, row_id="ob2", col_id="in1", strength=Strength.STRONG),
        Correlation(corner=Corner.INITIATIVE_MEASURE, row_id="in1", col_id="me1", strength=Strength.STRONG),
        Correlation(corner=Corner.INITIATIVE_MEASURE, row_id="in3", col_id="me2", strength=Strength.MEDIUM),
        Correlation(corner=Corner.MEASURE_STRATEGY, row_id="me1", col_id="st2", strength=Strength.WEAK),
    ]
    marks = [
        PeopleMark(item_id="in1", person_id="pe0", role=MarkRole.LEADER),
        PeopleMark(item_id="in2", person_id="pe1", role=MarkRole.CORE),
        PeopleMark(item_id="me1", person_id="pe2", role=MarkRole.ROTATING),
        PeopleMark(item_id="me2", person_id="pe0", role=MarkRole.LEADER),
    ]
    return Plan(
        title="Brennmoor test plan",
        organization="Brennmoor",
        period="FY2027",
        version="3",
        aim="Every customer gets a pump that works first time",
        strategies=strategies,
        objectives=objectives,
        initiatives=initiatives,
        measures=measures,
        people=people,
        correlations=correlations,
        marks=marks,
    )


def _squash(text: str) -> str:
    """Text without white space, nor the hyphens (U+2010) that mark a word cut at a line end."""
    return re.sub(r"[\s\u2010]+", "", text)


@pytest.fixture(scope="module")
def fetched() -> list[str]:
    """Every URL the fetcher was asked for during this module's renders."""
    return []


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory, fetched: list[str]) -> dict[str, tuple[Path, object]]:
    from hoshin_tui.export.pdf import fetcher as fetcher_module

    original = fetcher_module.AssetFetcher.fetch

    def spying(self, url: str, headers: dict | None = None):  # type: ignore[no-untyped-def]
        fetched.append(url)
        return original(self, url, headers)

    fetcher_module.AssetFetcher.fetch = spying
    try:
        out = tmp_path_factory.mktemp("exports")
        plan = _plan()
        results = {}
        for variant in ("classic", "horizontal"):
            path = default_xmatrix_path(out, "offsite 2027", variant)
            results[variant] = (path, export_xmatrix(plan, path, variant=variant, session_name="offsite 2027"))
        return results
    finally:
        fetcher_module.AssetFetcher.fetch = original


def _text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.mark.parametrize("variant", ["classic", "horizontal"])
def test_one_a3_landscape_page(exports, variant: str) -> None:
    path, result = exports[variant]
    reader = PdfReader(path)
    assert result.pages == len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 1190.55) < 0.5 and abs(float(box.height) - 841.89) < 0.5


def test_default_paths_name_session_and_variant(tmp_path: Path) -> None:
    assert default_xmatrix_path(tmp_path, "offsite 2027", "classic").name == "offsite-2027-xmatrix.pdf"
    assert default_xmatrix_path(tmp_path, "x", "horizontal").name == "x-xmatrix-horizontal.pdf"


@pytest.mark.parametrize("variant", ["classic", "horizontal"])
def test_every_label_is_printed(exports, variant: str) -> None:
    path, _ = exports[variant]
    text = _squash(_text(path))
    plan = _plan()
    latin = [s.title for s in plan.strategies] + [o.title for o in plan.objectives[:2]]
    latin += [i.title for i in plan.initiatives[:2]] + [m.name for m in plan.measures]
    latin += [plan.title, plan.aim, "Brennmoor", "FY2027", "Version3"]
    if variant == "classic":
        latin += [p.name for p in plan.people]
    missing = [label for label in latin if _squash(label) not in text]
    assert not missing
    assert "93.5→98%" in text and "38→19permonth" in text


def _stamps_drawn(path: Path) -> Counter[str]:
    """How many times each symbol XObject is drawn on the matrix page (``/HoshinDot Do`` operators)."""
    from pypdf.generic import ContentStream

    reader = PdfReader(path)
    page = reader.pages[0]
    operations = ContentStream(page.get_contents(), reader).operations
    return Counter(str(operands[0]) for operands, operator in operations if operator == b"Do")


@pytest.mark.parametrize("variant", ["classic", "horizontal"])
def test_symbols_drawn_equal_marks(exports, variant: str) -> None:
    """Every mark is drawn once, as the shape of its symbol, and nothing else is.

    Cell symbols are vector shapes, each one use (``Do``) of a Form XObject named after its
    shape, so the page's content stream says exactly how many ● ○ △ were drawn. Counted per
    shape against the session's correlations and people marks, so a missing, doubled or
    wrong-shaped symbol fails; the only ● ○ △ left as text are the legend's.
    """
    path, _ = exports[variant]
    plan = _plan()
    expected = Counter(xmatrix.SYMBOL_STAMPS[SYMBOLS[c.strength]] for c in plan.correlations)
    expected += Counter(xmatrix.SYMBOL_STAMPS[SYMBOLS[m.role]] for m in plan.marks)
    drawn = _stamps_drawn(path)
    assert drawn == Counter({f"/{name}": n for name, n in expected.items()})
    assert sum(_text(path).count(symbol) for symbol in "●○△") == LEGEND_SYMBOLS


def test_markup_and_urls_print_literally_and_nothing_is_fetched(exports, fetched: list[str]) -> None:
    path, _ = exports["classic"]
    assert _squash(HOSTILE) in _squash(_text(path))
    assert all("/hoshin_tui/export/assets/" in url and url.startswith("file://") for url in fetched)
    assert not [url for url in fetched if "passwd" in url or "example.com" in url]


def test_arabic_and_hebrew_need_no_warning(exports) -> None:
    for _, result in exports.values():
        assert result.warnings == []


def test_cjk_label_warns_with_the_font_package(tmp_path: Path) -> None:
    plan = Plan(title="Tokyo", strategies=[Strategy(title="東京工場の品質")])
    result = export_xmatrix(plan, tmp_path / "cjk.pdf")
    assert any("fonts-noto-cjk" in line and "東" in line for line in result.warnings)


def test_too_long_label_is_shortened_and_listed_in_full(tmp_path: Path) -> None:
    words = " ".join(f"word{k}" for k in range(200))
    plan = Plan(title="Long", objectives=[AnnualObjective(title=f"Long objective {words} final")])
    result = export_xmatrix(plan, tmp_path / "long.pdf")
    assert result.pages == 2
    assert any("shortened" in line for line in result.warnings)
    first, appendix = (page.extract_text() for page in PdfReader(result.path).pages)
    assert "…" in first and "final" not in _squash(first)
    assert _squash(f"O1 Long objective {words} final") in _squash(appendix)


def test_no_partial_file_and_failure_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "exports" / "x.pdf"
    export_xmatrix(Plan(title="Tiny"), out)
    assert [p.name for p in out.parent.iterdir()] == ["x.pdf"]
    assert out.read_bytes().startswith(b"%PDF") and out.read_bytes().rstrip().endswith(b"%%EOF")

    def boom(html: str, **options):  # type: ignore[no-untyped-def]
        raise RuntimeError("renderer died")

    import hoshin_tui.export.pdf as pdf_package

    monkeypatch.setattr(pdf_package, "render_pdf", boom)
    failed = tmp_path / "exports" / "failed.pdf"
    with pytest.raises(RuntimeError):
        export_xmatrix(Plan(title="Tiny"), failed)
    assert [p.name for p in out.parent.iterdir()] == ["x.pdf"]


def test_unknown_variant_is_refused_in_words(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="classic or horizontal"):
        export_xmatrix(Plan(), tmp_path / "x.pdf", variant="diagonal")  # type: ignore[arg-type]


def test_labels_stay_within_their_areas_up_to_twice_the_caps() -> None:
    """No list label runs out of its row or column at 10/16/20/16 items and 25 people."""
    from hoshin_tui.core.samples import build_plan

    plan = build_plan(10, 16, 20, 16, 25)
    for variant in ("classic", "horizontal"):
        _, page = xmatrix.xmatrix_html(plan, variant=variant)
        assert not page.shortened and not page.warnings
        for block in page.texts:
            length = block.h if block.rotate else block.w
            thickness = block.w if block.rotate else block.h
            assert len(block.text_lines) * block.line_mm <= thickness + 0.01
            assert block.size_pt >= 6.0 or block.cls == "num" or block.cls in ("caption", "aimtitle")
            for code, rest in block.text_lines:
                width = text_width(code, block.size_pt, bold=True) + text_width(rest, block.size_pt)
                width += block.spacing * len(code + rest)
                assert width <= length - block.pad - block.end_pad + 0.01 or block.spacing


def test_orphan_rows_and_columns_are_outlined_in_red(exports) -> None:
    """S1, O3, I1 (in2), I2 (in3), I4 (in4) and M2 each have an empty row or column in a grid beside them.

    Counted as the rectangles stroked in the orphan red on the printed page, so a missed or
    extra outline fails; the linked items (O1, O2, I3, M1, S2) get none.
    """
    from pypdf.generic import ContentStream

    for variant in ("classic", "horizontal"):
        path, _ = exports[variant]
        reader = PdfReader(path)
        operations = ContentStream(reader.pages[0].get_contents(), reader).operations
        red, outlines = False, 0
        for operands, operator in operations:
            if operator == b"RG":
                red = [round(float(v), 2) for v in operands] == [0.78, 0.1, 0.1]
            elif operator == b"re" and red:
                outlines += 1
        assert outlines == 6
        assert "Orphans" in _text(path)


def test_no_text_box_is_laid_out_past_the_page() -> None:
    """WeasyPrint lays a box out upright before rotating it; past the page bottom its last lines
    would move to the next page and vanish from the matrix (K36-K40 did, on the large plan)."""
    from hoshin_tui.core.samples import build_large_plan

    for variant in ("classic", "horizontal"):
        _, page = xmatrix.xmatrix_html(build_large_plan(), variant=variant)
        for block in page.texts:
            _, top, _, height = block.box
            assert top - block.layout_shift + height <= xmatrix.PAGE_H


def test_large_plan_prints_every_code_on_the_matrix_page(tmp_path: Path) -> None:
    from hoshin_tui.core.samples import build_large_plan

    result = export_xmatrix(build_large_plan(), tmp_path / "large.pdf")
    matrix_page = _squash(PdfReader(result.path).pages[0].extract_text())
    for code in ("M36", "M40", "O30", "I100", "S10"):
        assert code in matrix_page


def test_people_names_read_whole_and_key_entries_never_split() -> None:
    """Classic: each name on one line in its column. Horizontal: the key never ends a line
    between a column number and its name ("· 3 / Priya Raman")."""
    from hoshin_tui.core.samples import build_plan

    plan = build_plan(10, 16, 20, 16, 25)
    names = {p.name for p in plan.people}
    _, page = xmatrix.xmatrix_html(plan, variant="classic")
    name_blocks = [b for b in page.texts if b.rotate and {rest for _, rest in b.text_lines} & names]
    assert len(name_blocks) == 1
    assert {rest for _, rest in name_blocks[0].text_lines if rest} == names

    _, page = xmatrix.xmatrix_html(plan, variant="horizontal")
    key = next(b for b in page.texts if any(code.strip() == "People:" for code, _ in b.text_lines))
    lines = [code + rest for code, rest in key.text_lines]
    assert len(lines) > 1
    for line in lines:
        assert not re.search(r"(^| )\d+\s*$", line), line
        assert not line.lstrip().startswith("·"), line
