"""Print the plan from the TUI without freezing it.

Each export renders in a thread worker (WeasyPrint is imported there, never at start-up),
shows progress while it runs, and ends in one notification that names the file, or one
that says what went wrong. The plan is copied before the worker starts, so the room can
keep editing while the PDF renders.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual.widget import Widget
from textual.worker import Worker

from hoshin_tui.model import Plan

if TYPE_CHECKING:
    from hoshin_tui.core.plan_changes import HistoryEntry
    from hoshin_tui.export.pdf import ExportResult
    from hoshin_tui.export.xmatrix import Variant

Kind = Literal["xmatrix", "xmatrix-horizontal", "a3", "record", "all", "json", "catchball-log", "agreements", "bowling"]

TITLES: dict[Kind, str] = {
    "xmatrix": "X-matrix PDF",
    "xmatrix-horizontal": "X-matrix PDF (horizontal labels)",
    "a3": "A3 pack PDF",
    "record": "session record PDF",
    "all": "X-matrix, A3 pack, session record and bowling chart",
    "json": "plan as JSON",
    "catchball-log": "catchball log PDF",
    "agreements": "agreement sheets PDF",
    "bowling": "bowling chart PDF",
}

NO_A3_PACK = "No A3 pack: this session has no A3 yet"


def valid_kind(kind: str) -> Kind:
    """``kind`` as an export kind; a key bound to an unknown kind is a bug, said plainly."""
    for known in TITLES:
        if known == kind:
            return known
    raise ValueError(f"No export of kind '{kind}'")


@dataclass(frozen=True)
class ExportRequest:
    kind: Kind
    plan: Plan
    session_name: str
    exports_dir: Path
    only: str | None = None  # one A3 by id
    history: tuple[HistoryEntry, ...] = ()  # the day's undo history, for the session record
    as_of: str | None = None  # the bowling chart's review month (YYYY-MM); None: last month


def render(request: ExportRequest) -> list[ExportResult]:
    """Run the exporters for ``request`` (in the worker thread)."""
    results: list[ExportResult] = []
    if request.kind == "json":
        from hoshin_tui.core.files import write_atomic
        from hoshin_tui.export.json_io import plan_to_json
        from hoshin_tui.export.pdf.result import ExportResult

        out = request.exports_dir / f"{request.session_name}.json"
        write_atomic(out, plan_to_json(request.plan).encode("utf-8"))
        return [ExportResult(out, 0)]
    if request.kind in ("xmatrix", "xmatrix-horizontal", "all"):
        from hoshin_tui.export.xmatrix import default_xmatrix_path, export_xmatrix

        variant: Variant = "horizontal" if request.kind == "xmatrix-horizontal" else "classic"
        out = default_xmatrix_path(request.exports_dir, request.session_name, variant)
        results.append(export_xmatrix(request.plan, out, variant=variant, session_name=request.session_name))
    if request.kind in ("catchball-log", "agreements"):
        from hoshin_tui.export import catchball_print as cb

        if request.kind == "catchball-log":
            out = cb.default_log_path(request.exports_dir, request.session_name)
            return [cb.export_catchball_log(request.plan, out, session_name=request.session_name)]
        out = cb.default_agreements_path(request.exports_dir, request.session_name)
        return [cb.export_agreements(request.plan, out, session_name=request.session_name)]
    skipped_a3 = request.kind == "all" and not request.plan.a3s  # as `hoshin export all`: the rest still prints
    if request.kind == "a3" or (request.kind == "all" and not skipped_a3):
        from hoshin_tui.export.a3 import default_a3_path, export_a3

        out = default_a3_path(request.exports_dir, request.session_name, request.only, plan=request.plan)
        results.append(export_a3(request.plan, out, only=request.only, session_name=request.session_name))
    if request.kind in ("record", "all"):
        from hoshin_tui.export.record import default_record_path, export_record

        out = default_record_path(request.exports_dir, request.session_name)
        results.append(export_record(request.plan, out, history=request.history, session_name=request.session_name))
    if request.kind in ("bowling", "all"):
        from hoshin_tui.export.bowling import default_bowling_path, export_bowling

        out = default_bowling_path(request.exports_dir, request.session_name)
        results.append(export_bowling(request.plan, out, as_of=request.as_of, session_name=request.session_name))
    if skipped_a3 and results:
        results[0] = replace(results[0], warnings=[*results[0].warnings, NO_A3_PACK])
    return results


def describe(results: list[ExportResult]) -> tuple[str, bool]:
    """The notification for finished exports: the files, their pages, and any warnings."""
    lines = []
    warned = False
    for result in results:
        lines.append(f"Saved {result.path}" + (f" ({result.pages_text})" if result.pages else ""))
        for warning in result.warnings[:4]:
            lines.append(f"⚠ {warning}")
            warned = True
        if len(result.warnings) > 4:
            lines.append(f"⚠ and {len(result.warnings) - 4} more (hoshin export lists them all)")
    return "\n".join(lines), warned


def start_export(
    widget: Widget, request: ExportRequest, on_done: Callable[[list[ExportResult]], None] | None = None
) -> Worker[list[ExportResult]]:
    """Render ``request`` in a thread worker owned by ``widget``; notify as it goes and when it ends."""
    app = widget.app
    title = TITLES[request.kind]

    def tell(message: str, **kwargs: object) -> None:
        # RuntimeError: the app closed while the PDF rendered; the file is still written.
        with suppress(RuntimeError):
            app.call_from_thread(app.notify, message, **kwargs)

    def job() -> list[ExportResult]:
        try:
            results = render(request)
        except Exception as exc:  # shown to the user in one line, never a traceback
            text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            tell(f"The {title} was not written: {text}", title="Export failed", severity="error", timeout=15)
            return []
        message, warned = describe(results)
        tell(message, title="Export done", severity="warning" if warned else "information", timeout=12)
        if on_done is not None:
            app.call_from_thread(on_done, results)
        return results

    widget.notify(f"Printing the {title}…", title="Export", timeout=4)
    return widget.run_worker(job, name=f"export-{request.kind}", group="export", thread=True, exit_on_error=False)
