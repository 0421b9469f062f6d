"""The catchball sub-commands of ``hoshin``: export and import a packet, reply to one, print the log and sheets.

``hoshin_tui.cli`` parses the command line and hands the parsed arguments here; every
refusal is a :class:`~hoshin_tui.store.StoreError` with one line, which the CLI prints.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from hoshin_tui.core.files import refuse_unsafe_target, write_atomic
from hoshin_tui.core.workspace import Workspace
from hoshin_tui.model.plan import Plan
from hoshin_tui.store.session import SessionStore

from .catchball_print import (
    default_agreements_path,
    default_log_path,
    default_packet_paths,
    export_agreements,
    export_catchball_log,
    export_packet_form,
)
from .packet import ANSWER_KINDS, Answer, ProposedChange, packet_json
from .packet_build import PacketRefused, build_packet, find_person
from .packet_import import import_packet, read_packet
from .packet_reply import add_answer, reply_interactively, save_packet

Say = Callable[..., None]
EXPORT_FORMATS = ("catchball", "catchball-log", "agreements")


def run(args: argparse.Namespace, workspace: Workspace, say: Say) -> int:
    if args.command == "reply":
        return _reply(args, say)
    if args.command == "import":
        return _import(args, workspace, say)
    name, plan = _load(workspace, args.session, say)
    if args.format == "catchball":
        return _export_packet(args, workspace, name, plan, say)
    if args.format == "catchball-log":
        out = _target(args.output, default_log_path(workspace.exports_dir, name))
        result = export_catchball_log(plan, out, session_name=name)
    else:
        person = find_person(plan, args.person) if args.person else None
        out = _target(args.output, default_agreements_path(workspace.exports_dir, name, person))
        result = export_agreements(plan, out, person=person, session_name=name)
    for warning in result.warnings:
        say(f"warning: {warning}", err=True)
    say(f"Wrote {result.path} ({result.pages_text})")
    return 0


def _load(workspace: Workspace, session: str, say: Say) -> tuple[str, Plan]:
    with SessionStore.open(workspace.locate(session), read_only=True) as store:
        if store.notice:
            say(f"hoshin: note: {store.notice}", err=True)
        return store.name, store.load()


def _target(given: str | None, default: Path) -> Path:
    out = Path(given).expanduser().resolve() if given else default
    refuse_unsafe_target(out)
    return out


def _export_packet(args: argparse.Namespace, workspace: Workspace, name: str, plan: Plan, say: Say) -> int:
    person = find_person(plan, args.person)
    folder = Path(args.output_dir).expanduser().resolve() if args.output_dir else workspace.exports_dir
    if folder.exists() and not folder.is_dir():
        raise PacketRefused(f"{folder} is not a folder: -o names the folder the packet goes in")
    json_path, pdf_path = default_packet_paths(folder, name, person)
    refuse_unsafe_target(json_path)
    refuse_unsafe_target(pdf_path)
    packet = build_packet(plan, person, session=name)
    write_atomic(json_path, packet_json(packet).encode("utf-8"))
    result = export_packet_form(packet, pdf_path)
    for warning in result.warnings:
        say(f"warning: {warning}", err=True)
    waiting = sum(item.your_turn for item in packet.items)
    say(f"Wrote {json_path} ({len(packet.items)} items, {waiting} waiting on {person.name})")
    say(f"Wrote {result.path} ({result.pages_text}, to answer by hand)")
    return 0


def _import(args: argparse.Namespace, workspace: Workspace, say: Say) -> int:
    if len(args.more) != 2:
        raise PacketRefused("Usage: hoshin import catchball SESSION PACKET (a file named catchball: ./catchball)")
    session, packet = args.more
    _, summary = import_packet(workspace.locate(session), Path(packet).expanduser())
    say(summary)
    return 0


def _reply(args: argparse.Namespace, say: Say) -> int:
    path = Path(args.packet).expanduser()
    if args.item is None:
        if args.kind or args.text or args.field:
            raise PacketRefused("--kind, --text and --field answer one item: name it with --item CODE")
        reply_interactively(path, say=lambda line: say(line))
        return 0
    packet = read_packet(path)
    change = None
    if args.field:
        if args.to is None:
            raise PacketRefused("--field needs --to, the new value")
        change = ProposedChange(field=args.field.strip().lower(), to=args.to)
    kind = (args.kind or ("counter_proposal" if change else "comment")).strip().lower().replace("-", "_")
    if kind not in ANSWER_KINDS:
        raise PacketRefused(f"--kind must be one of {', '.join(ANSWER_KINDS)}, got '{args.kind}'")
    answer = Answer.model_validate({"kind": kind, "text": args.text or "", "change": change, "to": args.send_to})
    item = add_answer(packet, args.item, answer)
    save_packet(path, packet)
    word = kind.replace("_", "-")
    article = "an" if word[0] in "aeiou" else "a"
    answers = len(item.answers)
    say(f"Added {article} {word} on {item.code} to {path} ({answers} answer{'s' if answers != 1 else ''} on it)")
    return 0
