"""The ``hoshin`` command.

Every failure a user can cause ends in one line on stderr and exit status 1 (2 for a
mistake in the command line itself), never a traceback. Heavy modules (the TUI, the PDF
renderer) are imported only by the sub-commands that need them, and so is the plan model
(pydantic): the picker and ``hoshin list`` start without it. Whatever came from a plan or a
file is printed through :func:`printable`, so no escape sequence reaches the terminal.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, cast

from hoshin_tui import __version__
from hoshin_tui.core.terminal_text import printable
from hoshin_tui.core.workspace import SessionInfo, Workspace, slugify
from hoshin_tui.store.errors import StoreError

if TYPE_CHECKING:
    from hoshin_tui.export.pdf.result import ExportResult
    from hoshin_tui.export.xmatrix import Variant
    from hoshin_tui.model.plan import Plan

DEMO_NAME = "demo"


class UsageError(Exception):
    """The command line itself is wrong (exit status 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see 'hoshin --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="hoshin",
        description="Run a Hoshin Kanri planning session from the terminal. With no command, opens the session picker.",
    )
    parser.add_argument("--version", action="version", version=f"hoshin-tui {__version__}")
    parser.add_argument(
        "--workspace",
        metavar="DIR",
        help="folder holding sessions/ and exports/ (default: $HOSHIN_WORKSPACE or the current folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    new = commands.add_parser("new", help="create a session and open it")
    new.add_argument("name")
    new.add_argument("--no-tui", action="store_true", help="only create the file")

    commands.add_parser("list", help="list the sessions of the workspace")

    open_ = commands.add_parser("open", help="open a session by name or path")
    open_.add_argument("session", metavar="NAME|PATH")
    open_.add_argument("--read-only", action="store_true", help="look without changing anything")

    demo = commands.add_parser("demo", help="write the demo session (sessions/demo.sqlite) and open it")
    demo.add_argument("--no-tui", action="store_true", help="only write the file")
    demo.add_argument("--reset", action="store_true", help="replace an existing demo (the old one goes to the trash)")

    export = commands.add_parser("export", help="export a session as JSON or PDF")
    formats = export.add_subparsers(dest="format", metavar="FORMAT", required=True, parser_class=_Parser)
    as_json = formats.add_parser("json", help="the whole plan as JSON (lossless)")
    as_json.add_argument("session", metavar="SESSION")
    as_json.add_argument("-o", "--output", metavar="FILE", help="where to write ('-' for standard output)")
    xmatrix = formats.add_parser("xmatrix", help="the X-matrix as an A3 PDF")
    xmatrix.add_argument("session", metavar="SESSION")
    xmatrix.add_argument("-o", "--output", metavar="FILE")
    xmatrix.add_argument(
        "--variant",
        choices=("classic", "horizontal"),
        default="classic",
        help="classic: the side lists rotated, as on paper; horizontal: horizontal labels (default: classic)",
    )
    a3 = formats.add_parser("a3", help="the A3 sheets as a PDF pack")
    a3.add_argument("session", metavar="SESSION")
    a3.add_argument("--only", metavar="ID", help="print only the A3 with this id")
    a3.add_argument("-o", "--output", metavar="FILE")
    record = formats.add_parser("record", help="the session record (agenda, decisions, votes, parking lot) on A4")
    record.add_argument("session", metavar="SESSION")
    record.add_argument("-o", "--output", metavar="FILE")
    record.add_argument("--day", metavar="YYYY-MM-DD", help="the day whose plan changes it lists (default: today)")
    bowling = formats.add_parser("bowling", help="the bowling chart of the monthly review as an A3 PDF")
    bowling.add_argument("session", metavar="SESSION")
    bowling.add_argument("--as-of", metavar="YYYY-MM", help="the month reviewed (default: the latest with an actual)")
    bowling.add_argument("-o", "--output", metavar="FILE")
    quarter = formats.add_parser("quarter", help="the quarterly review: one status A3 per strategy, as a PDF")
    quarter.add_argument("session", metavar="SESSION")
    quarter.add_argument("--quarter", required=True, type=str.upper, choices=("Q1", "Q2", "Q3", "Q4"))
    quarter.add_argument("-o", "--output", metavar="FILE")
    everything = formats.add_parser("all", help="the X-matrix, the A3 pack, the session record and the bowling chart")
    everything.add_argument("session", metavar="SESSION")
    packet = formats.add_parser("catchball", help="one person's catchball packet: JSON to answer and a PDF form")
    packet.add_argument("session", metavar="SESSION")
    packet.add_argument("--for", dest="person", required=True, metavar="PERSON", help="a person's name or id")
    packet.add_argument("-o", "--output-dir", metavar="DIR", help="the folder for the two files (default: exports/)")
    cb_log = formats.add_parser("catchball-log", help="every catchball thread, item by item, as a PDF")
    cb_log.add_argument("session", metavar="SESSION")
    cb_log.add_argument("-o", "--output", metavar="FILE")
    sheets = formats.add_parser("agreements", help="an agreement sheet per leader, with signature lines, as a PDF")
    sheets.add_argument("session", metavar="SESSION")
    sheets.add_argument("--for", dest="person", metavar="PERSON", help="only this leader's sheet")
    sheets.add_argument("-o", "--output", metavar="FILE")
    from hoshin_tui import cli_rollforward  # the annual reset's commands (cli_rollforward.py)

    cli_rollforward.add_export_parser(formats)
    cli_rollforward.add_parsers(commands)

    import_ = commands.add_parser(
        "import",
        help=(
            "create a session from a JSON export; 'import catchball SESSION PACKET' adds a packet's answers; "
            "'import actuals SESSION FILE.csv' brings in monthly actuals"
        ),
        usage=(
            "hoshin import FILE [--name NAME]\n       hoshin import catchball SESSION PACKET\n"
            "       hoshin import actuals SESSION FILE.csv [--dry-run]"
        ),
    )
    import_.add_argument("file", metavar="FILE")
    import_.add_argument("more", nargs="*", help=argparse.SUPPRESS)  # catchball/actuals: SESSION FILE
    import_.add_argument("--name", help="session name (default: the file's name)")
    import_.add_argument("--dry-run", action="store_true", help="actuals: show what would change, change nothing")

    reply = commands.add_parser("reply", help="answer a catchball packet, item by item (or one answer with --item)")
    reply.add_argument("packet", metavar="PACKET")
    reply.add_argument("--item", metavar="CODE", help="answer this item only, without questions")
    reply.add_argument("--kind", help="comment, question, concern, counter-proposal, agreement or rejection")
    reply.add_argument("--text", help="what you say")
    reply.add_argument("--field", help="the field a counter-proposal changes: target, baseline, due, owner, title")
    reply.add_argument("--to", help="the new value of --field")
    reply.add_argument("--send-to", metavar="PERSON", help="who the ball goes to (default: who threw it to you)")
    return parser


# --- commands ----------------------------------------------------------------------------------


def _open_tui(workspace: Workspace, session: Path | None = None) -> int:
    try:
        from hoshin_tui.tui.app import run
    except ImportError:
        print("hoshin: the TUI is not part of this build yet; use 'hoshin list' or 'hoshin export'", file=sys.stderr)
        return 1
    return run(workspace, session)


def cmd_picker(args: argparse.Namespace, workspace: Workspace) -> int:
    return _open_tui(workspace)


def cmd_new(args: argparse.Namespace, workspace: Workspace) -> int:
    from hoshin_tui.model import Plan

    # The name the room typed is the plan's title too: the handouts print it as their heading.
    with workspace.create(args.name, Plan(title=args.name.strip() or "Untitled plan")) as store:
        path = store.path
    if args.no_tui:
        _say(f"Created {path}")
        return 0
    return _open_tui(workspace, path)


def cmd_list(args: argparse.Namespace, workspace: Workspace) -> int:
    sessions = workspace.sessions()
    if not sessions:
        _say(f"No sessions in {workspace.sessions_dir}. Start with 'hoshin new NAME' or 'hoshin demo'.")
        return 0
    names = [printable(info.name) for info in sessions]
    width = max(len(name) for name in names)
    for name, info in zip(names, sessions, strict=True):
        _say(f"{name:<{width}}  {_when(info)}  {_describe_counts(info)}")
    return 0


def _when(info: SessionInfo) -> str:
    if info.last_change is None:
        return " " * 16
    return info.last_change.astimezone().strftime("%Y-%m-%d %H:%M")


def _describe_counts(info: SessionInfo) -> str:
    if info.problem:
        return f"cannot open: {info.problem}"
    return ", ".join(f"{count} {kind}" for kind, count in info.counts.items())


def cmd_open(args: argparse.Namespace, workspace: Workspace) -> int:
    from hoshin_tui.store.session import SessionStore

    path = workspace.locate(args.session)
    # Check before the TUI starts, so a refused file gets its one line here too.
    SessionStore.open(path, read_only=True).close()
    return _open_tui(workspace, path)


def cmd_demo(args: argparse.Namespace, workspace: Workspace) -> int:
    from hoshin_tui.export.demo import build_demo_plan

    path = workspace.session_path(DEMO_NAME)
    if path.exists() and args.reset:
        workspace.delete(DEMO_NAME)
    if path.exists():
        note = "The demo session already exists; it was left as it is (use --reset for a fresh one)"
    else:
        workspace.create(DEMO_NAME, build_demo_plan()).close()
        note = f"Wrote the demo session to {path}"
    if args.no_tui:
        _say(note)
        return 0
    return _open_tui(workspace, path)


def _load(workspace: Workspace, session: str) -> tuple[str, Plan]:
    from hoshin_tui.store.session import SessionStore

    path = workspace.locate(session)
    with SessionStore.open(path, read_only=True) as store:
        if store.notice:  # a recovery to come, a WAL ignored: say it once, beside the export
            _say(f"hoshin: note: {store.notice}", err=True)
        return store.name, store.load()


def _output(workspace: Workspace, given: str | None, default: Path) -> Path:
    """Where an export goes, checked before anything is rendered (and again as it is written)."""
    from hoshin_tui.core.files import refuse_unsafe_target

    out = Path(given).expanduser().resolve() if given else default
    refuse_unsafe_target(out)
    return out


def cmd_export(args: argparse.Namespace, workspace: Workspace) -> int:
    if args.format in ("catchball", "catchball-log", "agreements"):
        return cmd_catchball(args, workspace)
    if args.format == "yearend":  # the year-end review A3 (cli_rollforward.py)
        from hoshin_tui.cli_rollforward import cmd_export_yearend

        return cmd_export_yearend(args, workspace, _say)
    name, plan = _load(workspace, args.session)
    if args.format == "json":
        from hoshin_tui.core.files import write_atomic
        from hoshin_tui.export.json_io import plan_to_json

        text = plan_to_json(plan)
        if args.output == "-":
            sys.stdout.write(text)
            return 0
        out = _output(workspace, args.output, workspace.exports_dir / f"{name}.json")
        write_atomic(out, text.encode("utf-8"))
        _say(f"Wrote {out}")
        return 0
    jobs: list[Callable[[], ExportResult]] = []
    if args.format in ("xmatrix", "all"):
        from hoshin_tui.export.xmatrix import default_xmatrix_path, export_xmatrix

        variant = cast("Variant", getattr(args, "variant", "classic"))  # argparse's choices are the variants
        out = _output(
            workspace, getattr(args, "output", None), default_xmatrix_path(workspace.exports_dir, name, variant)
        )
        jobs.append(lambda: export_xmatrix(plan, out, variant=variant, session_name=name))
    if args.format == "all" and not plan.a3s:  # the other PDFs still print
        _say("No A3 pack: this session has no A3 yet", err=True)
    elif args.format in ("a3", "all"):
        from hoshin_tui.export.a3 import default_a3_path, export_a3

        only = getattr(args, "only", None)
        default = default_a3_path(workspace.exports_dir, name, only, plan=plan)
        out_a3 = _output(workspace, getattr(args, "output", None), default)
        jobs.append(lambda: export_a3(plan, out_a3, only=only, session_name=name))
    if args.format in ("record", "all"):
        from hoshin_tui.export.record import default_record_path, export_session_record

        given = getattr(args, "output", None) if args.format == "record" else None
        out_record = _output(workspace, given, default_record_path(workspace.exports_dir, name))
        session_path, day = workspace.locate(args.session), getattr(args, "day", None)
        jobs.append(lambda: export_session_record(session_path, out_record, day=day, session_name=name))
    from hoshin_tui.cli_review import review_export_jobs

    jobs += review_export_jobs(args, workspace, name, plan, _output)  # bowling, quarter (cli_review.py)
    for job in jobs:
        result = job()
        for warning in result.warnings:
            _say(f"warning: {warning}", err=True)
        _say(f"Wrote {result.path} ({result.pages_text})")
    return 0


def cmd_import(args: argparse.Namespace, workspace: Workspace) -> int:
    if args.file == "actuals" and args.more:  # hoshin import actuals SESSION FILE.csv (cli_review.py)
        from hoshin_tui.cli_review import cmd_import_actuals

        if len(args.more) != 2:
            raise UsageError("import actuals takes a session and a CSV file: hoshin import actuals SESSION FILE.csv")
        return cmd_import_actuals(args, workspace, _say, *args.more)
    from hoshin_tui.export.json_io import read_plan

    if args.file == "catchball":  # a file of that name is ./catchball
        return cmd_catchball(args, workspace)
    if args.more:
        _say(f"hoshin: unrecognized arguments: {' '.join(args.more)} (see 'hoshin import --help')", err=True)
        return 2
    source = Path(args.file).expanduser()
    plan = read_plan(source)
    name = args.name or source.stem
    with workspace.create(name, plan) as store:
        _say(f"Imported {source.name} as session '{slugify(name)}' ({store.path})")
    return 0


def cmd_catchball(args: argparse.Namespace, workspace: Workspace) -> int:
    """Catchball packets, the log and the agreement sheets (hoshin_tui/export/catchball_commands.py)."""
    from hoshin_tui.export.catchball_commands import run

    return run(args, workspace, _say)


COMMANDS: dict[str | None, Callable[[argparse.Namespace, Workspace], int]] = {
    None: cmd_picker,
    "new": cmd_new,
    "list": cmd_list,
    "open": cmd_open,
    "demo": cmd_demo,
    "export": cmd_export,
    "import": cmd_import,
    "reply": cmd_catchball,
    "roll-forward": lambda args, workspace: _roll_forward(args, workspace),
}


def _roll_forward(args: argparse.Namespace, workspace: Workspace) -> int:
    from hoshin_tui.cli_rollforward import cmd_roll_forward

    return cmd_roll_forward(args, workspace, _say)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        _say(f"hoshin: {exc}", err=True)
        return 2
    try:
        workspace = Workspace.resolve(args.workspace)
        return COMMANDS[args.command](args, workspace)
    except UsageError as exc:  # a command line only its command can judge (import actuals)
        _say(f"hoshin: {exc}", err=True)
        return 2
    except (StoreError, ValueError) as exc:
        for line in getattr(exc, "lines", None) or [str(exc)]:  # an import refused lists its problems
            _say(f"hoshin: {line}", err=True)
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        _say(f"hoshin: {exc.strerror or exc}{f': {exc.filename}' if exc.filename else ''}", err=True)
        return 1
    except Exception as exc:  # the last line of defence: one line, and the details in a log
        log = _crash_log()
        _say(f"hoshin: unexpected error: {exc!r} (details in {log}; please report it)", err=True)
        return 1


def _say(line: str, *, err: bool = False) -> None:
    """Print one line that may hold user text, stripped of anything a terminal would obey."""
    print(printable(line), file=sys.stderr if err else sys.stdout)


def _crash_log() -> Path:
    log = Path.home() / ".cache" / "hoshin-tui" / "crash.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {datetime.now().isoformat()}\n{traceback.format_exc()}\n")
    except OSError:
        return Path("(no log: cannot write to ~/.cache)")
    return log


if __name__ == "__main__":
    sys.exit(main())
