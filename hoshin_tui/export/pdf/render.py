"""HTML -> PDF with the bundled fonts, the locked-down fetcher and captured warnings.

WeasyPrint is imported inside the functions (0.4 s; never on the start-up path). One
lock serialises renders: the font configuration is shared between renders (loading the
bundled fonts once saves time) and Pango is not meant to be driven from two threads.
Style sheets passed as text are parsed once per process (~10 ms each for the A3 sheet's)
and reused with that shared font configuration. A template written as well-formed XML
may be read with the standard library's XML parser (``xhtml=True``: ~0.2 ms instead of
~8 ms for the HTML5 parser), falling back to the HTML5 parser when it is not.
:func:`~hoshin_tui.store.gc.gc_paused` (in ``store/gc.py``, so the store can use it without
WeasyPrint) holds off Python's cyclic garbage collector while a multi-pass export runs
(time in the collector per A3 sheet: 15-43 ms before, 7-13 ms after, the single
collection at the end).
"""

from __future__ import annotations

import atexit
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from hoshin_tui.export.pdf.assets import ASSETS_DIR, ASSETS_URL, FONTS_CSS
from hoshin_tui.export.pdf.glyphs import missing_glyph_warnings
from hoshin_tui.export.pdf.weasy import load_weasyprint

_RENDER_LOCK = threading.RLock()
_NOTDEF = re.compile(r'\.notdef glyph rendered for Unicode string unsupported by fonts: "(.+)" \(U\+([0-9A-F]+)\)')
_shared: dict[str, Any] = {}
# Let go of the cached fonts while the interpreter is whole: WeasyPrint's FontConfiguration.__del__
# otherwise fails during shutdown and prints an 'Exception ignored' traceback.
atexit.register(_shared.clear)
_CSS_CACHE_SIZE = 32  # parsed style sheets kept (LRU): the A3 pack uses one big static sheet and tiny page-number ones


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
        load_weasyprint()
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
        css = (ASSETS_DIR / FONTS_CSS).read_text(encoding="utf-8")
        _shared["font_config"] = font_config
        _shared["fonts_css"] = CSS(string=css, base_url=ASSETS_URL, url_fetcher=fetcher, font_config=font_config)
    return _shared["font_config"], _shared["fonts_css"]


@dataclass
class _ParsedCSS:
    """A style sheet parsed once, and what its own fetcher served or refused while parsing it."""

    sheet: Any  # weasyprint.CSS
    fetched: list[str]
    refused: list[str]
    log: list[str]


def _parsed_css(text: str, font_config: Any) -> _ParsedCSS:
    """``text`` as a WeasyPrint style sheet, parsed on first use (its own locked-down fetcher) and then reused.

    Callers hold ``_RENDER_LOCK``. The sheet is tied to the shared font configuration, which lives as long
    as the process, so reusing it across documents is what WeasyPrint does for its own UA style sheets.
    """
    cache: OrderedDict[str, _ParsedCSS] = _shared.setdefault("css", OrderedDict())
    parsed = cache.get(text)
    if parsed is None:
        from weasyprint import CSS

        from hoshin_tui.export.pdf.fetcher import AssetFetcher

        fetcher = AssetFetcher()
        scratch = Rendered(document=None)
        with _capturing(scratch):
            sheet = CSS(string=text, base_url=ASSETS_URL, url_fetcher=fetcher, font_config=font_config)
        parsed = _ParsedCSS(sheet, fetcher.served, fetcher.refused, scratch.log)
        cache[text] = parsed
        while len(cache) > _CSS_CACHE_SIZE:
            cache.popitem(last=False)
    else:
        cache.move_to_end(text)
    return parsed


def _xhtml_document(html: str, fetcher: Any) -> Any | None:
    """WeasyPrint's ``HTML`` for ``html`` read by the XML parser, or None (then parse it as HTML5).

    None when ``html`` is not well-formed XML (a control character in user text, say), when it
    has a ``<base>`` or namespaced elements, or when this WeasyPrint's ``HTML`` keeps other
    state than the five attributes set here (checked once against a real parse), so a new
    WeasyPrint never gets a half-made document, only the slower parser.
    """
    import xml.etree.ElementTree as ET

    import cssselect2
    from weasyprint import HTML

    if "html_attributes" not in _shared:
        _shared["html_attributes"] = frozenset(vars(HTML(string="<p></p>", base_url=ASSETS_URL, url_fetcher=fetcher)))
    if _shared["html_attributes"] != _XHTML_ATTRIBUTES:
        return None
    try:
        root = ET.fromstring(html)
    except ET.ParseError:
        return None
    if root.tag != "html" or any(element.tag.startswith("{") or element.tag == "base" for element in root.iter()):
        return None
    document = HTML.__new__(HTML)
    document.base_url = ASSETS_URL
    document.url_fetcher = fetcher
    document.media_type = "print"
    document.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
    document.etree_element = document.wrapper_element.etree_element
    return document


_XHTML_ATTRIBUTES = frozenset({"base_url", "url_fetcher", "media_type", "wrapper_element", "etree_element"})


def render_document(html: str, *, css: Sequence[str] = (), xhtml: bool = False) -> Rendered:
    """Lay out ``html`` (a full document) with the bundled fonts; ``css`` are extra style sheets as text.

    ``xhtml``: the template is written as well-formed XML (void elements closed), so try the
    fast XML parser first. Relative URLs resolve inside the assets directory; anything else
    is refused and listed in ``Rendered.refused`` (for a style sheet parsed in an earlier render too).
    """
    load_weasyprint()
    from weasyprint import HTML

    from hoshin_tui.export.pdf.fetcher import AssetFetcher

    fetcher = AssetFetcher()
    rendered = Rendered(document=None)
    with _RENDER_LOCK:
        with _capturing(rendered):
            font_config, fonts_css = _fonts(fetcher)
        parsed = [_parsed_css(text, font_config) for text in css]
        rendered.log.extend(line for p in parsed for line in p.log)
        with _capturing(rendered):
            page = _xhtml_document(html, fetcher) if xhtml else None
            if page is None:
                page = HTML(string=html, base_url=ASSETS_URL, url_fetcher=fetcher)
            sheets = [fonts_css, *(p.sheet for p in parsed)]
            rendered.document = page.render(font_config=font_config, stylesheets=sheets)
    rendered.fetched = [url for p in parsed for url in p.fetched] + fetcher.served
    rendered.refused = [url for p in parsed for url in p.refused] + fetcher.refused
    return rendered


def write_pdf_bytes(rendered: Rendered, *, finisher: Any = None) -> bytes:
    """The PDF of a laid-out document; ``.notdef`` warnings logged while drawing land in ``rendered``.

    ``finisher(document, pdf)`` may add to the pydyf PDF before it is written (see ``stamps.py``).
    """
    with _RENDER_LOCK, _capturing(rendered):
        pdf: bytes = rendered.document.write_pdf(finisher=finisher)
        return pdf


def render_pdf(html: str, *, css: Sequence[str] = (), finisher: Any = None) -> tuple[bytes, Rendered]:
    """Lay out and draw ``html`` in one go: (PDF bytes, what happened)."""
    rendered = render_document(html, css=css)
    return write_pdf_bytes(rendered, finisher=finisher), rendered
