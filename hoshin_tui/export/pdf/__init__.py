"""Shared PDF machinery for every printed page (X-matrix, A3 sheets). Core: never imports textual.

Importing this package is cheap: WeasyPrint, Jinja2 and fontTools load on first use.

    from hoshin_tui.export.pdf import ExportResult, FONT_STACK, render_pdf, render_template, write_atomic

    html = render_template("a3.html.j2", plan=plan, font_stack=FONT_STACK)  # autoescaped
    warnings = missing_glyph_warnings(unprintable_characters(texts))  # before rendering
    pdf, rendered = render_pdf(html)            # bundled fonts, fetcher that only serves assets/
    warnings += rendered.glyph_warnings()       # WeasyPrint .notdef warnings, same wording
    write_atomic(out_path, pdf)
    return ExportResult(out_path, rendered.pages, warnings)

- ``render_document(html)`` lays out without drawing (``Rendered.document.pages[i].anchors``
  gives each element id's box, to detect overflow and lay out again); ``write_pdf_bytes``
  then draws it.
- ``render_pdf(html, finisher=Stamps(...))`` stamps thousands of small vector shapes (Form
  XObjects) straight into the PDF, for a few ms (``stamps.py``; inline SVG costs ~25 µs a number).
- ``render_document(html, css=[text])`` parses each style sheet text once per process and
  reuses it; ``with gc_paused():`` around a burst of renders keeps Python's garbage
  collector from walking WeasyPrint's boxes again and again (~240 collections per ten A3 sheets).
- ``Rendered.refused`` lists every URL the fetcher refused; ``Rendered.fetched`` what it served.
- Relative URLs in templates (``fonts/...``) resolve inside ``hoshin_tui/export/assets``.
"""

from hoshin_tui.core.files import write_atomic
from hoshin_tui.export.pdf.assets import ASSETS_DIR, ASSETS_URL, FONT_STACK, asset_path_for
from hoshin_tui.export.pdf.glyphs import font_package_for, missing_glyph_warnings, unprintable_characters
from hoshin_tui.export.pdf.render import Rendered, render_document, render_pdf, write_pdf_bytes
from hoshin_tui.export.pdf.result import ExportResult
from hoshin_tui.export.pdf.stamps import Stamps, circle_ops, triangle_ops
from hoshin_tui.export.pdf.templates import render_template, template_env
from hoshin_tui.store.gc import gc_paused

__all__ = [
    "ASSETS_DIR",
    "ASSETS_URL",
    "FONT_STACK",
    "ExportResult",
    "Rendered",
    "Stamps",
    "asset_path_for",
    "circle_ops",
    "font_package_for",
    "gc_paused",
    "missing_glyph_warnings",
    "render_document",
    "render_pdf",
    "render_template",
    "template_env",
    "triangle_ops",
    "unprintable_characters",
    "write_atomic",
    "write_pdf_bytes",
]
