"""The review's commands: ``hoshin import actuals``, ``hoshin export bowling`` and ``hoshin export quarter``.

Kept out of ``cli.py`` (shared by every command) except for their parser lines and one dispatch
line each. ``import actuals`` opens the session for editing; a session open in another window is
refused with one line rather than imported read-only.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from hoshin_tui.core.workspace import Workspace

if TYPE_CHECKING:
    from hoshin_tui.core.target_history import TargetChange
    from hoshin_tui.export.pdf.result import ExportResult
    from hoshin_tui.model.plan import Plan

DRY_RUN_SHOWN = 200
"""A dry run lists this many changes, then says how many more."""


def cmd_import_actuals(
    args: argparse.Namespace, workspace: Workspace, say: Callable[..., None], session: str, file: str
) -> int:
    from hoshin_tui.core.actuals_csv import import_actuals
    from hoshin_tui.store.session import SessionStore

    path = workspace.locate(session)
    with SessionStore.open(path, read_only=bool(args.dry_run)) as store:
        if store.read_only and not args.dry_run:
            say(f"hoshin: {store.read_only_reason}; nothing was imported", err=True)
            return 1
        checked = import_actuals(store, Path(file).expanduser(), dry_run=bool(args.dry_run))
    if not checked.ok:
        for line in checked.refusal():
            say(f"hoshin: {line}" if line == checked.refusal()[0] else line, err=True)
        return 1
    if args.dry_run:
        say(f"Dry run, nothing changed. {Path(file).name} would bring {checked.summary()}:")
        for change in checked.effective[:DRY_RUN_SHOWN]:
            say(f"  {'new' if change.kind == 'new' else 'changed'}: {change.describe()}")
        if len(checked.effective) > DRY_RUN_SHOWN:
            say(f"  … and {len(checked.effective) - DRY_RUN_SHOWN} more")
        return 0
    if not checked.effective:
        say(f"Nothing to import: {checked.summary()}; the session is as it was")
        return 0
    say(f"Imported {checked.summary()} into '{store.name}' (one change: ctrl+z in the session undoes it)")
    return 0


_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def review_export_jobs(
    args: argparse.Namespace,
    workspace: Workspace,
    name: str,
    plan: Plan,
    output: Callable[[Workspace, str | None, Path], Path],
) -> list[Callable[[], ExportResult]]:
    """The exports ``hoshin export bowling|quarter|all`` asks of the review (``output`` checks a target)."""
    jobs: list[Callable[[], ExportResult]] = []
    if args.format in ("bowling", "all"):
        from hoshin_tui.export.bowling import default_bowling_path, export_bowling

        as_of = getattr(args, "as_of", None)
        if as_of is not None and not _MONTH.match(as_of):
            raise ValueError(f"--as-of must be a month written as 2027-03, got '{as_of}'")
        out = output(workspace, getattr(args, "output", None), default_bowling_path(workspace.exports_dir, name))
        jobs.append(lambda: export_bowling(plan, out, as_of=as_of, session_name=name))
    if args.format == "quarter":
        from hoshin_tui.export.quarter import default_quarter_path, export_quarter

        quarter = str(args.quarter).upper()
        default = default_quarter_path(workspace.exports_dir, name, quarter)
        out_q = output(workspace, getattr(args, "output", None), default)
        changes = _target_changes(workspace, args.session, plan, quarter)
        jobs.append(lambda: export_quarter(plan, out_q, quarter=quarter, session_name=name, target_changes=changes))
    return jobs


def _target_changes(workspace: Workspace, session: str, plan: Plan, quarter: str) -> list[TargetChange]:
    """The targets changed in ``quarter``, from the session's history (opened read-only)."""
    from calendar import monthrange
    from datetime import date

    from hoshin_tui.core.target_history import target_changes
    from hoshin_tui.export.quarter import quarter_months
    from hoshin_tui.store.session import SessionStore

    months = quarter_months(plan, quarter, date.today())
    first = date.fromisoformat(f"{months[0]}-01")
    year, month = (int(part) for part in months[-1].split("-"))
    last = date(year, month, monthrange(year, month)[1])
    with SessionStore.open(workspace.locate(session), read_only=True) as store:
        return target_changes(store, plan, first, last)
