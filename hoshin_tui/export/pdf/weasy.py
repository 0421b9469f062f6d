"""Import WeasyPrint without the start-up costs that are not WeasyPrint's own work.

Two costs measured in a fresh ``hoshin export`` process (issue 10, "a fresh export"):

- ``import weasyprint`` opens seven libraries through cffi, trying several names for each.
  For every name that does not load directly, cffi asks ``ctypes.util.find_library``, which
  on Linux runs ``ldconfig``, ``gcc`` and ``ld`` as subprocesses: 22 lookups, ~150 ms idle.
  Every list of names ends in the platform's real file name (``libpango-1.0.so.0``), which
  loads directly, so during the import a lookup that finds nothing without a subprocess
  answers "not found" and cffi moves on to the next name.
- cffi parses each C type string the first time it is used (``ffi.new("hb_codepoint_t[93]")``)
  by handing pycparser a source that first re-declares every typedef it knows (hundreds), so
  each of the ~17 distinct strings of one export costs 10-30 ms. Only the typedef names that
  appear in the string can change how it parses, so the parse is given only those.

Both are process-local and fall back to the ordinary path if cffi's internals differ.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import threading
from collections.abc import Iterator
from typing import Any

_LOCK = threading.Lock()
_LIBRARY_DIRS = ("/lib", "/usr/lib", "/lib64", "/usr/lib64", "/usr/local/lib")


@functools.lru_cache(maxsize=1)
def _library_files() -> tuple[str, ...]:
    """File names in the usual library folders (each listed once: no globbing per lookup)."""
    dirs = [d for d in os.environ.get("LD_LIBRARY_PATH", "").split(":") if d]
    for base in _LIBRARY_DIRS:
        dirs.append(base)
        with contextlib.suppress(OSError):
            dirs += [entry.path for entry in os.scandir(base) if entry.name.endswith("-linux-gnu")]
    names: list[str] = []
    for directory in dirs:
        with contextlib.suppress(OSError):
            names += sorted(os.listdir(directory))
    return tuple(names)


def find_library_without_subprocess(name: str) -> str | None:
    """``lib<name>.so.N`` from the usual library folders, or None; never starts a process."""
    prefix = f"lib{name}.so."
    return next((file for file in _library_files() if file.startswith(prefix)), None)


@contextlib.contextmanager
def _quick_find_library() -> Iterator[None]:
    import ctypes.util

    if not sys.platform.startswith("linux"):
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = find_library_without_subprocess
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _lean_type_parser() -> None:
    """Parse cffi type strings against the typedefs they name only (see the module docstring)."""
    try:
        from cffi import cparser
    except ImportError:  # pragma: no cover - weasyprint needs cffi
        return
    parser_class: Any = getattr(cparser, "Parser", None)
    words = getattr(cparser, "_r_words", None)
    original = getattr(parser_class, "parse_type_and_quals", None)
    if original is None or words is None or getattr(original, "_hoshin_lean", False):
        return

    def parse_type_and_quals(self: Any, cdecl: str) -> Any:
        declarations = getattr(self, "_declarations", None)
        if not isinstance(declarations, dict):
            return original(self, cdecl)
        named = set(words.findall(cdecl))
        lean = {k: v for k, v in declarations.items() if not k.startswith("typedef ") or k[8:] in named}
        self._declarations = lean
        try:
            return original(self, cdecl)
        finally:
            for key, value in lean.items():  # anything the parse declared stays declared
                declarations.setdefault(key, value)
            self._declarations = declarations

    parse_type_and_quals._hoshin_lean = True  # type: ignore[attr-defined]  # marks the wrapper, so it wraps once
    parser_class.parse_type_and_quals = parse_type_and_quals


def load_weasyprint() -> Any:
    """``weasyprint``, imported once per process with the two savings above."""
    module = sys.modules.get("weasyprint")
    if module is not None and "weasyprint.text.ffi" in sys.modules:
        return module
    with _LOCK:
        with _quick_find_library():
            import weasyprint
            import weasyprint.text.ffi  # the libraries are opened here
        _lean_type_parser()
    return weasyprint
