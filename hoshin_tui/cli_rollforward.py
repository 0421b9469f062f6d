"""``hoshin roll-forward SESSION --period FY2028`` and ``hoshin export yearend SESSION``.

Kept out of ``cli.py`` (shared by every command) except for the parser lines and one
dispatch line each. The old session is opened read-only and never written: the new plan is
a new file, and the year-close record lives in it (``core/rollforward.py`` says why).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hoshin_tui.core.workspace import Workspace

REPORT_SHOWN = 40
"""The links not carried that are listed one by one; the rest are counted."""


def add_parsers(commands: Any) -> None:
    """The ``roll-forward`` command's parser lines."""
    roll = commands.add_parser(
        "roll-forward",
        help="close the plan year and start next year's plan as a new session (the old one is left as it is)",
    )
    roll.add_argument("session", metavar="SESSION")
    roll.add_argument("--period", required=True, help="the new plan year, e.g. FY2028")
    roll.add_argument("--name", help="the new session's name (default: the old one's, with the new year)")
    roll.add_argument("--no-tui", action="store_true", help="take the defaults (and any --decide) without the wizard")
    roll.add_argument(
        "--decide",
        action="append",
        default=[],
        metavar="CODE=DECISION",
        help="with --no-tui: carried, modified, dropped or done for one item, e.g. I4=dropped (repeatable)",
    )


def cmd_roll_forward(args: argparse.Namespace, workspace: Workspace, say: Callable[..., None]) -> int:
    from hoshin_tui.core.rollforward import (
        RollForwardRefused,
        close_year,
        create_rolled_session,
        default_session_name,
        roll_forward,
    )
    from hoshin_tui.model.enums import CarryDecision
    from hoshin_tui.store.session import SessionStore

    source = workspace.locate(args.session)
    with SessionStore.open(source, read_only=True) as store:
        if store.notice:
            say(f"hoshin: note: {store.notice}", err=True)
        plan, source_name = store.load(), store.name
    close = close_year(plan, source_name=source_name, period=args.period, source_file=source.name)
    name = args.name or default_session_name(source_name, plan.period, close.period)
    if workspace.session_path(name).exists():
        raise RollForwardRefused(f"A session named '{name}' already exists: give the new one a --name")
    if not args.no_tui:
        from hoshin_tui.tui.screens.close_year import run_close_year

        return run_close_year(workspace, source, plan, close, name)
    for given in args.decide:
        code, _, word = given.partition("=")
        try:
            decision = CarryDecision(word.strip().lower())
        except ValueError:
            raise RollForwardRefused(
                f"--decide {given}: say CODE=carried, modified, dropped or done (e.g. I4=dropped)"
            ) from None
        close.decide(code.strip(), decision, reason="decided on the command line")
    rolled = roll_forward(plan, close)
    path = create_rolled_session(workspace, name, rolled)
    counts = ", ".join(f"{count} {kind}" for kind, count in rolled.plan.counts().items())
    say(f"Rolled '{source_name}' ({plan.period or 'no period'}) forward into '{path.stem}' ({path}): {counts}")
    say(f"{source.name} was left as it was; set this year's targets (the health panel lists the measures)")
    if rolled.report:
        say(f"{len(rolled.report)} link{'s' if len(rolled.report) != 1 else ''} to items left behind were not carried:")
        for line in rolled.report[:REPORT_SHOWN]:
            say(f"  {line}")
        if len(rolled.report) > REPORT_SHOWN:
            say(f"  … and {len(rolled.report) - REPORT_SHOWN} more")
    return 0


def add_export_parser(formats: Any) -> None:
    yearend = formats.add_parser("yearend", help="the year-end review A3 of a rolled-forward session")
    yearend.add_argument("session", metavar="SESSION")
    yearend.add_argument("-o", "--output", metavar="FILE")


def cmd_export_yearend(args: argparse.Namespace, workspace: Workspace, say: Callable[..., None]) -> int:
    from hoshin_tui.core.files import refuse_unsafe_target
    from hoshin_tui.export.yearend import default_yearend_path, export_yearend
    from hoshin_tui.store.session import SessionStore

    with SessionStore.open(workspace.locate(args.session), read_only=True) as store:
        plan, name = store.load(), store.name
    out = Path(args.output).expanduser().resolve() if args.output else default_yearend_path(workspace.exports_dir, name)
    refuse_unsafe_target(out)
    result = export_yearend(plan, out, session_name=name)
    for warning in result.warnings:
        say(f"warning: {warning}", err=True)
    say(f"Wrote {result.path} ({result.pages_text})")
    return 0
