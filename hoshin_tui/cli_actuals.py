"""``hoshin import actuals SESSION FILE.csv [--dry-run]``: monthly actuals from a spreadsheet.

Kept out of ``cli.py`` (shared by every command) except for its parser lines and one dispatch
line. The session is opened for editing; a session open in another window is refused with
one line rather than imported read-only.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from hoshin_tui.core.workspace import Workspace

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
