"""Where the bundled assets live, and which URLs may reach them.

Pure standard library, so the URL rule can be tested without WeasyPrint.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

ASSETS_DIR = (Path(__file__).resolve().parent.parent / "assets").resolve()
ASSETS_URL = ASSETS_DIR.as_uri() + "/"
"""Base URL of every rendered document: relative URLs in templates resolve inside the assets."""

FONTS_CSS = "fonts.css"

FONT_STACK = '"Hoshin Sans", "Hoshin Arabic", "Hoshin Hebrew", "Hoshin Symbols", "Hoshin Arrows", sans-serif'
"""CSS font-family for all printed text: bundled faces first, one per script; Pango falls back per character."""

BUNDLED_FONT_FILES = (
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoSansArabic-Regular.ttf",
    "NotoSansHebrew-Regular.ttf",
    "NotoSansSymbols2-Subset.ttf",
    "NotoSansSymbols-Arrows.ttf",
)

_MIME_TYPES = {".css": "text/css", ".ttf": "font/ttf", ".svg": "image/svg+xml", ".png": "image/png"}


def asset_path_for(url: str) -> Path | None:
    """The bundled file a ``file:`` URL names, or None when it points anywhere else.

    Only existing regular files under ``ASSETS_DIR`` qualify; ``..`` and symlinks are
    resolved first, so neither can climb out.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    try:
        path = Path(url2pathname(unquote(parts.path))).resolve()
    except (OSError, ValueError):
        return None
    if not path.is_relative_to(ASSETS_DIR) or not path.is_file():
        return None
    return path


def mime_type_for(path: Path) -> str:
    return _MIME_TYPES.get(path.suffix.lower(), "application/octet-stream")
