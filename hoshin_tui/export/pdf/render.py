"""HTML -> PDF with the bundled fonts, the locked-down fetcher and captured warnings.

WeasyPrint is imported inside the functions (0.4 s; never on the start-up path). One
lock serialises renders: the font configuration is shared between renders (loading the
bundled fonts once saves time) and Pango is not meant to be driven from two threads.
"""

from __future__ import annotations

import atexit
import logging
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from hoshin_tui.export.pdf.assets import ASSETS_DIR, ASSETS_URL, FONTS_CSS
from hoshin_tui.export.pdf.glyphs import missing_glyph_warnings

_RENDER_LOCK = threading.RLock()
_NOTDEF = re.compile(r'\.notdef glyph rendered for Unicode string unsupported by fonts: "(.+)" \(U\+([0-9A-F]+)\)')
_shared: dict[str, Any] = {}
# Let go of the cached fonts while the interpreter is whole: WeasyPrint's FontConfiguration.__del__
# otherwise fails during shutdown and prints an 'Exception ignored' traceback.
atexit.register(_shared.clear)


@dataclass
class Rendered:
    """A laid-out document and what happened while rendering it."""

    document: Any  # weasyprint.document.Document: pages[i].anchors gives each id's box
    fetched: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    missing_chars: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return len(self.document.pages)

    def glyph_warnings(self) -> list[str]:
        return missing_glyph_warnings(self.missing_chars)


class _Collect(logging.Handler):
    def __init__(self, rendered: Rendered) -> None:
        super().__init__(logging.WARNING)
        self.rendered = rendered

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        self.rendered.log.append(message)
        if match := _NOTDEF.search(message):
            char = chr(int(match[2], 16))
            if char not in self.rendered.missing_chars:
                self.rendered.missing_chars.append(char)


@contextmanager
def _capturing(rendered: Rendered) -> Iterator[None]:
    logger = logging.getLogger("weasyprint")
    handler = _Collect(rendered)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def _fonts(fetcher: Any) -> tuple[Any, Any]:
    """The shared FontConfiguration and the bundled @font-face stylesheet, built once."""
    if "fonts_css" not in _shared:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
        css = (ASSETS_DIR / FONTS_CSS).read_text(encoding="utf-8")
        _shared["font_config"] = font_config
        _shared["fonts_css"] = CSS(string=css, base_url=ASSETS_URL, url_fetcher=fetcher, font_config=font_config)
    return _shared["font_config"], _shared["fonts_css"]


def render_document(html: str, *, css: Sequence[str] = ()) -> Rendered:
    """Lay out ``html`` (a full document) with the bundled fonts; ``css`` are extra style sheets as text.

    Relative URLs resolve inside the assets directory; anything else is refused and
    listed in ``Rendered.refused``.
    """
    from weasyprint import CSS, HTML

    from hoshin_tui.export.pdf.fetcher import AssetFetcher

    fetcher = AssetFetcher()
    rendered = Rendered(document=None)
    with _RENDER_LOCK, _capturing(rendered):
        font_config, fonts_css = _fonts(fetcher)
        sheets = [fonts_css] + [
            CSS(string=text, base_url=ASSETS_URL, url_fetcher=fetcher, font_config=font_config) for text in css
        ]
        page = HTML(string=html, base_url=ASSETS_URL, url_fetcher=fetcher)
        rendered.document = page.render(font_config=font_config, stylesheets=sheets)
    rendered.fetched, rendered.refused = fetcher.served, fetcher.refused
    return rendered


def write_pdf_bytes(rendered: Rendered, *, finisher: Any = None) -> bytes:
    """The PDF of a laid-out document; ``.notdef`` warnings logged while drawing land in ``rendered``.

    ``finisher(document, pdf)`` may add to the pydyf PDF before it is written (see ``stamps.py``).
    """
    with _RENDER_LOCK, _capturing(rendered):
        return rendered.document.write_pdf(finisher=finisher)


def render_pdf(html: str, *, css: Sequence[str] = (), finisher: Any = None) -> tuple[bytes, Rendered]:
    """Lay out and draw ``html`` in one go: (PDF bytes, what happened)."""
    rendered = render_document(html, css=css)
    return write_pdf_bytes(rendered, finisher=finisher), rendered
