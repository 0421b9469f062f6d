"""The shared PDF machinery: only bundled assets are fetched, user text stays text, missing glyphs are reported."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from hoshin_tui.export.pdf import (
    ASSETS_DIR,
    FONT_STACK,
    ExportResult,
    asset_path_for,
    missing_glyph_warnings,
    render_pdf,
    template_env,
    unprintable_characters,
    write_atomic,
)

PAGE = f"""<!doctype html><html><head><style>
@page {{ size: A3 landscape; margin: 10mm }}
body {{ font-family: {FONT_STACK}; font-size: 14pt }}
</style></head><body>
<p>Latin text ● ○ △</p>
<p lang="ar">تحسين الجودة</p>
<p lang="he">שיפור איכות</p>
<p>Ελληνικά Кириллица</p>
<img src="file:///etc/passwd"><img src="../../../../etc/passwd"><img src="http://example.com/x.png">
<link rel="attachment" href="file:///etc/hostname">
</body></html>"""


@pytest.fixture(scope="module")
def rendered_page():
    pdf, rendered = render_pdf(PAGE)
    return pdf, rendered


def test_a3_landscape_with_bundled_fonts_embedded(rendered_page) -> None:
    pdf, rendered = rendered_page
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert rendered.pages == 1
    assert abs(float(box.width) - 1190.55) < 0.5 and abs(float(box.height) - 841.89) < 0.5
    fonts = {
        str(font["/BaseFont"]).split("+")[-1]
        for font in (reader.pages[0]["/Resources"]["/Font"].get_object()).values()
        for font in [font.get_object()]
    }
    assert {"Hoshin-Sans", "Hoshin-Arabic", "Hoshin-Hebrew", "Hoshin-Symbols"} <= fonts


def test_fetcher_serves_only_bundled_assets(rendered_page) -> None:
    _, rendered = rendered_page
    # The bundled fonts are fetched once per process (shared font configuration), so
    # ``fetched`` may be empty here; whatever was fetched must be an asset.
    assert all(Path(asset_path_for(url)).is_relative_to(ASSETS_DIR) for url in rendered.fetched)
    refused = " ".join(rendered.refused)
    assert "file:///etc/passwd" in refused
    assert "http://example.com/x.png" in refused
    assert "etc/passwd" in refused.replace("file:///etc/passwd", "")  # the ../ path, resolved and refused
    assert not any("etc" in url or "http" in url for url in rendered.fetched)


def test_arabic_and_hebrew_print_without_notdef(rendered_page) -> None:
    _, rendered = rendered_page
    assert rendered.missing_chars == []
    assert not [line for line in rendered.log if ".notdef" in line]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/fonts.css",
        "https://example.com/x.ttf",
        (ASSETS_DIR / "fonts" / ".." / ".." / ".." / "core" / "files.py").as_uri(),
        ASSETS_DIR.as_uri() + "/fonts/../../pdf/render.py",
        ASSETS_DIR.as_uri() + "/fonts/missing.ttf",
        "data:text/plain,hello",
    ],
)
def test_asset_rule_refuses_everything_outside_assets(url: str) -> None:
    assert asset_path_for(url) is None


def test_asset_rule_accepts_a_bundled_font() -> None:
    assert asset_path_for((ASSETS_DIR / "fonts" / "NotoSans-Regular.ttf").as_uri()) is not None


def test_templates_escape_user_text() -> None:
    html = template_env().from_string("<p>{{ label }}</p>").render(label='<b>x</b><img src="file:///etc/passwd">')
    assert "<b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_cjk_is_reported_with_the_font_package() -> None:
    chars = unprintable_characters(["Plant 東京 ● ○ △", "تحسين", "שיפור", "Ελληνικά"])
    assert chars == ["東", "京"]
    (warning,) = missing_glyph_warnings(chars)
    assert "東 京" in warning and "fonts-noto-cjk" in warning


def test_bundled_fonts_stay_small() -> None:
    total = sum(path.stat().st_size for path in (ASSETS_DIR / "fonts").glob("*.ttf"))
    assert total < 1.5 * 1024 * 1024
    assert (ASSETS_DIR / "fonts" / "OFL.txt").is_file()


def test_export_result_summary_names_the_file_and_warnings(tmp_path: Path) -> None:
    result = ExportResult(tmp_path / "x.pdf", 2, ["a", "b"])
    assert result.summary() == f"Wrote {tmp_path / 'x.pdf'} (2 pages) with 2 warnings"


def test_write_atomic_leaves_no_partial_file(tmp_path: Path) -> None:
    out = write_atomic(tmp_path / "exports" / "x.pdf", b"%PDF-1.7 whole")
    assert out.read_bytes() == b"%PDF-1.7 whole"
    assert [p.name for p in out.parent.iterdir()] == ["x.pdf"]


def test_a_style_sheet_reused_from_an_earlier_render_still_reports_what_it_refused() -> None:
    from hoshin_tui.export.pdf import render_document

    css = '@import url("file:///etc/passwd"); @font-face { font-family: X; src: url("http://example.com/x.ttf") }'
    for _ in range(2):  # the second render reuses the sheet parsed by the first
        rendered = render_document("<p>hello</p>", css=[css])
        refused = " ".join(rendered.refused)
        assert "file:///etc/passwd" in refused and "http://example.com/x.ttf" in refused
        assert not any("etc" in url or "http" in url for url in rendered.fetched)


def test_gc_paused_leaves_the_collector_as_it_found_it() -> None:
    import gc

    from hoshin_tui.export.pdf import gc_paused

    assert gc.isenabled()
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("a failed export")
    assert gc.isenabled()


XHTML_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"/><title>t</title></head>
<body style='font-family: {FONT_STACK}'>
  <div id="a" style="height: 20mm"><p id="p">Seal leaks &amp; &lt;b&gt;markup&lt;/b&gt; &#39;q&#39; – ● تحسين</p></div>
  <table id="t" style="width: 100mm; border-collapse: collapse; table-layout: fixed">
    <colgroup><col style="width: 30%"/><col style="width: 70%"/></colgroup>
    <tr id="r"><th>Owner</th><td>Bea Brennan</td></tr>
  </table>
</body></html>"""


def test_the_xml_parser_lays_out_a_template_exactly_as_the_html5_parser() -> None:
    from hoshin_tui.export.pdf import render_document

    fast, slow = render_document(XHTML_PAGE, xhtml=True), render_document(XHTML_PAGE)
    assert fast.document.pages[0].anchors == slow.document.pages[0].anchors
    assert {"a", "p", "t", "r"} <= set(fast.document.pages[0].anchors)
    texts = [PdfReader(io.BytesIO(r.document.write_pdf())).pages[0].extract_text() for r in (fast, slow)]
    assert texts[0] == texts[1] and "<b>markup</b>" in texts[0]


def test_what_xml_refuses_is_read_by_the_html5_parser() -> None:
    from hoshin_tui.export.pdf import render_document

    for page in (
        '<html><body><p id="w">line<br>break</p></body></html>',  # not well-formed XML
        '<html><body><p id="w">a\x0bb zed</p></body></html>',  # a character XML 1.0 refuses
    ):
        rendered = render_document(page, xhtml=True)
        assert rendered.pages == 1 and "w" in rendered.document.pages[0].anchors
