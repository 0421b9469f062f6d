"""The Jinja2 environment for the PDF templates in ``hoshin_tui/export/templates``.

``autoescape=True`` for every template (``select_autoescape`` missed ``*.html.j2``:
PDF_NOTES.md), so user text is always data. Jinja2 is imported on first use. Compiled
templates are kept in the cache folder (``cache.py``), so a fresh export process does not
compile them again (~60-90 ms for the X-matrix template; Jinja checks each template's
modification time, so an edited template is compiled again).
"""

from __future__ import annotations

import contextlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


@lru_cache(maxsize=1)
def template_env() -> jinja2.Environment:
    import jinja2

    from hoshin_tui.export.pdf.cache import cache_dir

    folder = cache_dir()
    bytecode_cache = None
    if folder is not None:
        with contextlib.suppress(OSError):
            (folder / "templates").mkdir(exist_ok=True)
            bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder / "templates"))
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        bytecode_cache=bytecode_cache,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_template(name: str, **context: Any) -> str:
    """HTML from template ``name`` (e.g. ``"xmatrix.html.j2"``), every value escaped."""
    return template_env().get_template(name).render(**context)
