"""The scenarios of the crash matrix, and the checks that tell what a kill left behind.

After each kill: every session that must be there opens read-write with the store API and
passes ``integrity_check``; its state (plan and undo history) is one that whole edits give,
with every acknowledged edit in it; every file under a final name (export, import, backup,
copy) is whole, and anything else is a temporary name.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hoshin_tui.core.workspace import Workspace
from hoshin_tui.export.demo import build_demo_plan
from hoshin_tui.export.json_io import plan_to_json
from hoshin_tui.store import SessionStore, StoreError
from tests.crash.driver import SESSION, state_of
from tests.crash.harness import REPO, Outcome, Reference, Scenario, driver, environment, hoshin

FIXTURE_V1 = REPO / "tests" / "fixtures" / "session-v1.sqlite"
OLD_EXPORT = b"an export made earlier, which a failed export must leave as it was\n"
SIDE_FILES = ("-wal", "-shm", "-journal")


# --- reading what a kill left ------------------------------------------------------------------


def session_path(workspace: Path, name: str = SESSION) -> Path:
    return workspace / "sessions" / f"{name}.sqlite"


def open_state(path: Path) -> tuple[dict[str, Any] | None, str]:
    """The state of the session at ``path`` opened read-write, or (None, why it did not open)."""
    try:
        with SessionStore.open(path) as store:
            if store.read_only:
                return None, f"opened read-only: {store.read_only_reason}"
            rows = store.conn.execute("PRAGMA integrity_check").fetchall()
            if [tuple(r) for r in rows] != [("ok",)]:
                return None, f"integrity_check: {rows[0][0]}"
            return state_of(store), ""
    except StoreError as exc:
        return None, str(exc)


def sqlite_recovers(path: Path, valid: list[dict[str, Any]]) -> bool:
    """Would plain SQLite recover this refused file into a valid state? (Tried on a copy.)"""
    with tempfile.TemporaryDirectory(prefix="crash-recover-") as scratch:
        copy = Path(scratch) / path.name
        for suffix in ("", *SIDE_FILES):
            if Path(f"{path}{suffix}").exists():
                shutil.copy2(f"{path}{suffix}", f"{copy}{suffix}")
        try:
            raw = sqlite3.connect(copy)
            ok = raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            raw.close()
        except sqlite3.Error:
            return False
        if not ok:
            return False
        state, _ = open_state(copy)
        return state is not None and state in valid


def check_session(path: Path, valid: list[dict[str, Any]], outcome: Outcome, *, plan_only: bool = False) -> bool:
    """The session at ``path`` opens with one of the ``valid`` states; records what went wrong."""
    state, why = open_state(path)
    if state is None:
        outcome.refused.append(f"{path.name}: {why}")
        compare = valid if not plan_only else []
        if compare and sqlite_recovers(path, compare):
            outcome.recoverable += 1
        return False
    if plan_only:
        state = {"plan": state["plan"]}
        valid = [{"plan": v["plan"]} for v in valid]
    if state not in valid:
        outcome.torn.append(f"{path.name} holds a state no sequence of whole edits gives")
        return False
    outcome.opened += 1
    return True


def check_steps(path: Path, snapshots: list[dict[str, Any]], steps_acked: int, outcome: Outcome) -> None:
    """After ``steps_acked`` acknowledged steps the state is snapshot k, or k+1 (the step in flight)."""
    state, why = open_state(path)
    k = min(steps_acked, len(snapshots) - 1)
    if state is None:
        outcome.refused.append(f"{path.name}: {why}")
        if sqlite_recovers(path, snapshots[k : k + 2]):
            outcome.recoverable += 1
        return
    matches = [j for j, snap in enumerate(snapshots) if snap == state]
    if any(j in (k, k + 1) for j in matches):
        outcome.opened += 1
    elif any(j < k for j in matches):
        outcome.opened += 1
        outcome.lost += k - max(j for j in matches if j < k)
    else:
        outcome.torn.append(f"{path.name} after {steps_acked} acknowledged steps matches no state whole edits give")


def stray_files(workspace: Path, allowed: set[Path]) -> list[str]:
    """Files that are neither expected, nor a session's side file, nor a temporary name."""
    found = []
    for path in sorted(p for p in workspace.rglob("*") if p.is_file()):
        name = path.name
        if path in allowed or (name.startswith(".") and ".partial" in name):
            continue
        if any(".sqlite.recovery-" in part for part in path.relative_to(workspace).parent.parts):
            continue  # the store's copy of the files as a crash left them, kept on purpose by a recovery
        base = next((name.removesuffix(s) for s in SIDE_FILES if name.endswith(s)), None)
        if base is not None and (path.with_name(base).exists() or ".partial" in base):
            continue
        found.append(str(path.relative_to(workspace)))
    return found


# --- store scenarios: a driver process edits, undoes, closes, migrates ---------------------------


def make_session(workspace: Path, home: Path) -> None:
    """The demo plan, closed cleanly, as ``sessions/offsite.sqlite``."""
    Workspace(workspace).create(SESSION, build_demo_plan()).close()


def run_driver(action: str, workspace: Path, home: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.crash.driver", action, str(workspace)],
        env=environment(home),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        raise RuntimeError(f"driver {action} failed: {done.stderr[-2000:]}")


def setup_undo(workspace: Path, home: Path) -> None:
    make_session(workspace, home)
    run_driver("prepare-undo", workspace, home)


def setup_hot_wal(workspace: Path, home: Path) -> None:
    make_session(workspace, home)
    run_driver("prepare-hot-wal", workspace, home)
    if not Path(f"{session_path(workspace)}-wal").stat().st_size:
        raise RuntimeError("the hot-WAL set-up left an empty -wal")


def setup_full_wal(workspace: Path, home: Path) -> None:
    make_session(workspace, home)
    run_driver("prepare-full-wal", workspace, home)


def setup_v1(workspace: Path, home: Path) -> None:
    (workspace / "sessions").mkdir()
    shutil.copy2(FIXTURE_V1, session_path(workspace))


def reference_snapshots(template: Path, scratch: Path, acks: list[str]) -> Reference:
    return Reference(acks)  # the states come from the driver's --snapshots file


def verify_steps(workspace: Path, reference: Reference, outcome: Outcome) -> None:
    """Edits and undo: every acknowledged step is there, and nothing half of one."""
    steps = sum(1 for a in outcome.acks if a.startswith("ack "))
    check_steps(session_path(workspace), reference.data["snapshots"], steps, outcome)
    outcome.stray = stray_files(workspace, {session_path(workspace)})


def verify_reopen(workspace: Path, reference: Reference, outcome: Outcome) -> None:
    """Close and migration: whatever was acknowledged, the session opens with all of it."""
    path = session_path(workspace)
    backup = path.with_name(f"{path.name}.v1.bak")
    if backup.exists() and backup.read_bytes() != FIXTURE_V1.read_bytes():
        outcome.half_written.append(f"{backup.name} ({backup.stat().st_size} of {FIXTURE_V1.stat().st_size} bytes)")
    check_steps(path, reference.data["snapshots"], 0, outcome)
    outcome.stray = stray_files(workspace, {path, backup})


# --- the hoshin command: import and export ------------------------------------------------------


def setup_import(workspace: Path, home: Path) -> None:
    (workspace / "sessions").mkdir()
    (workspace / "plan.json").write_text(plan_to_json(build_demo_plan()), encoding="utf-8")


def import_command(workspace: Path) -> list[str]:
    return [hoshin(), "--workspace", str(workspace), "import", str(workspace / "plan.json"), "--name", "imported"]


def reference_import(template: Path, scratch: Path, acks: list[str]) -> Reference:
    with SessionStore.open(session_path(scratch, "imported"), read_only=True) as store:
        return Reference(acks, {"state": state_of(store)})


def verify_import(workspace: Path, reference: Reference, outcome: Outcome) -> None:
    """The imported session is either not there yet or whole, and there once acknowledged."""
    path = session_path(workspace, "imported")
    if path.exists():
        state, why = open_state(path)
        if state is None:
            outcome.refused.append(f"{path.name}: {why}")
            outcome.half_written.append(f"{path.name} does not open")
        elif state != reference.data["state"]:
            outcome.half_written.append(f"{path.name} does not hold the whole plan")
        else:
            outcome.opened += 1
    elif outcome.acks:
        outcome.lost += 1
    else:
        outcome.opened += 1  # nothing acknowledged, nothing there: as it should be
    outcome.stray = stray_files(workspace, {path, workspace / "plan.json"})


def export_command(kind: str, suffix: str) -> Any:
    def command(workspace: Path) -> list[str]:
        out = workspace / "exports" / f"out.{suffix}"
        return [hoshin(), "--workspace", str(workspace), "export", kind, SESSION, "-o", str(out)]

    return command


def setup_export(suffix: str) -> Any:
    def setup(workspace: Path, home: Path) -> None:
        make_session(workspace, home)
        (workspace / "exports").mkdir()
        (workspace / "exports" / f"out.{suffix}").write_bytes(OLD_EXPORT)

    return setup


def reference_export(suffix: str) -> Any:
    def reference(template: Path, scratch: Path, acks: list[str]) -> Reference:
        with SessionStore.open(session_path(template), read_only=True) as store:
            state = state_of(store)
        data = (scratch / "exports" / f"out.{suffix}").read_bytes()
        return Reference(acks, {"state": state, "output": data, "pages": _pages(data) if suffix == "pdf" else None})

    return reference


def _pages(data: bytes) -> int | None:
    import io

    from pypdf import PdfReader

    try:
        return len(PdfReader(io.BytesIO(data)).pages)
    except Exception:  # any failure to parse means the file is not a whole PDF
        return None


def verify_export(suffix: str) -> Any:
    def verify(workspace: Path, reference: Reference, outcome: Outcome) -> None:
        """The output is the old file or the whole new one; the session is untouched."""
        out = workspace / "exports" / f"out.{suffix}"
        data = out.read_bytes() if out.exists() else None
        if data is None:
            outcome.half_written.append(f"{out.name} is gone (the old export was not kept)")
        elif data == OLD_EXPORT:
            outcome.lost += 1 if outcome.acks else 0
        elif suffix == "json" and data != reference.data["output"]:
            outcome.half_written.append(f"{out.name}: {len(data)} of {len(reference.data['output'])} bytes")
        elif suffix == "pdf" and (not data.rstrip().endswith(b"%%EOF") or _pages(data) != reference.data["pages"]):
            outcome.half_written.append(f"{out.name}: not a whole PDF ({len(data)} bytes)")
        check_session(session_path(workspace), [reference.data["state"]], outcome)
        outcome.stray = stray_files(workspace, {out, session_path(workspace)})

    return verify


# --- the picker's file operations ---------------------------------------------------------------


def reference_state(template: Path, scratch: Path, acks: list[str]) -> Reference:
    with SessionStore.open(session_path(template), read_only=True) as store:
        return Reference(acks, {"state": state_of(store)})


def verify_rename(workspace: Path, reference: Reference, outcome: Outcome) -> None:
    """The session is under one of its two names, whole; under the new one once acknowledged."""
    old, new = session_path(workspace), session_path(workspace, "renamed")
    present = [p for p in (old, new) if p.exists()]
    if not present or (outcome.acks and not new.exists()):
        outcome.lost += 1
    for path in present:
        check_session(path, [reference.data["state"]], outcome)
    if old.exists() and new.exists():
        outcome.stray.append("the session is under both names")
    outcome.stray += stray_files(workspace, {old, new})


def verify_duplicate(workspace: Path, reference: Reference, outcome: Outcome) -> None:
    """The source is untouched; the copy is not there yet, or whole."""
    source, copy = session_path(workspace), session_path(workspace, "copy")
    check_session(source, [reference.data["state"]], outcome)
    if copy.exists():
        state, why = open_state(copy)
        if state is None:
            outcome.refused.append(f"{copy.name}: {why}")
            outcome.half_written.append(f"{copy.name} does not open")
        elif state["plan"] != reference.data["state"]["plan"]:
            outcome.half_written.append(f"{copy.name} does not hold the whole plan")
    elif outcome.acks:
        outcome.lost += 1
    outcome.stray = stray_files(workspace, {source, copy})


def verify_delete(workspace: Path, reference: Reference, outcome: Outcome) -> None:
    """The session is in exactly one place, whole: its name, or the trash once acknowledged."""
    path = session_path(workspace)
    trashed = sorted((workspace / "sessions" / ".trash").glob(f"{SESSION}-*.sqlite"))
    places = ([path] if path.exists() else []) + trashed
    if not places:
        outcome.lost += 1
    if outcome.acks and path.exists():
        outcome.stray.append("still under its name after an acknowledged delete")
    for place in places:
        check_session(place, [reference.data["state"]], outcome)
    outcome.stray += stray_files(workspace, {path, *trashed})


# --- the annual reset: hoshin roll-forward ----------------------------------------------------------

ROLLED = "next"
_AN_ID = re.compile(r"\b[a-z0-9]{2}_[0-9a-f]{8}\b")


def roll_forward_command(workspace: Path) -> list[str]:
    return [hoshin(), "--workspace", str(workspace), "roll-forward", SESSION, "--period", "FY2027", "--no-tui",
            "--name", ROLLED]  # fmt: skip


def rolled_shape(store: SessionStore) -> str:
    """The new plan with its fresh ids and its moment of creation blanked: the same for every whole run."""
    data = store.load().model_dump(mode="json")
    text = json.dumps(data, sort_keys=True)
    if data["rolled_forward_at"]:
        text = text.replace(data["rolled_forward_at"], "<now>")
    return _AN_ID.sub("<id>", text)


def reference_roll_forward(template: Path, scratch: Path, acks: list[str]) -> Reference:
    with SessionStore.open(session_path(scratch, ROLLED), read_only=True) as store:
        shape = rolled_shape(store)
    return Reference(acks, {"old": session_path(template).read_bytes(), "shape": shape})


def verify_roll_forward(workspace: Path, reference: Reference, outcome: Outcome) -> None:
    """The old file is byte for byte what it was; the new session is not there yet, or whole."""
    old, new = session_path(workspace), session_path(workspace, ROLLED)
    if old.read_bytes() != reference.data["old"]:
        outcome.half_written.append(f"{old.name} changed: roll-forward must never write the old session")
    if any(Path(f"{old}{suffix}").exists() for suffix in SIDE_FILES):
        outcome.stray.append(f"{old.name} has a side file the roll-forward left")
    if new.exists():
        try:
            with SessionStore.open(new, read_only=True) as store:
                whole = rolled_shape(store) == reference.data["shape"]
        except StoreError as exc:
            outcome.refused.append(f"{new.name}: {exc}")
            outcome.half_written.append(f"{new.name} does not open")
            whole = None
        if whole is False:
            outcome.half_written.append(f"{new.name} does not hold the whole rolled-forward plan")
        elif whole:
            outcome.opened += 1
    elif outcome.acks:
        outcome.lost += 1
    else:
        outcome.opened += 1  # nothing acknowledged, nothing there: as it should be
    outcome.stray += stray_files(workspace, {old, new})


# --- the matrix -----------------------------------------------------------------------------------

SCENARIOS: list[Scenario] = [
    Scenario(
        "edit-burst",
        "12 edits of every kind (an undo among them), one process, acknowledged one by one",
        setup=make_session,
        command=driver("burst"),
        reference=reference_snapshots,
        verify=verify_steps,
        snapshots=True,
    ),
    Scenario(
        "edit-burst-checkpoint",
        "the same burst on a session whose -wal is 12 pages short of SQLite's automatic checkpoint",
        setup=setup_full_wal,
        command=driver("burst"),
        reference=reference_snapshots,
        verify=verify_steps,
        snapshots=True,
    ),
    Scenario(
        "undo",
        "undo, redo, undo of one change that rewrote many rows in many tables",
        setup=setup_undo,
        command=driver("undo"),
        reference=reference_snapshots,
        verify=verify_steps,
        snapshots=True,
    ),
    Scenario(
        "close",
        "open a session whose last 40 edits are only in its -wal, and close it (the checkpoint)",
        setup=setup_hot_wal,
        command=driver("close"),
        reference=reference_snapshots,
        verify=verify_reopen,
        snapshots=True,
    ),
    Scenario(
        "migration",
        "open tests/fixtures/session-v1.sqlite (format 1): backup copy, migration, close",
        setup=setup_v1,
        command=driver("migrate"),
        reference=reference_snapshots,
        verify=verify_reopen,
        snapshots=True,
    ),
    Scenario(
        "import",
        "hoshin import plan.json --name imported",
        setup=setup_import,
        command=import_command,
        reference=reference_import,
        verify=verify_import,
    ),
    Scenario(
        "export-json",
        "hoshin export json offsite -o exports/out.json, over an older out.json",
        setup=setup_export("json"),
        command=export_command("json", "json"),
        reference=reference_export("json"),
        verify=verify_export("json"),
    ),
    Scenario(
        "export-xmatrix",
        "hoshin export xmatrix offsite -o exports/out.pdf, over an older out.pdf",
        setup=setup_export("pdf"),
        command=export_command("xmatrix", "pdf"),
        reference=reference_export("pdf"),
        verify=verify_export("pdf"),
        sample_size=3,
        focus="out.pdf",
    ),
    Scenario(
        "export-a3",
        "hoshin export a3 offsite -o exports/out.pdf, over an older out.pdf",
        setup=setup_export("pdf"),
        command=export_command("a3", "pdf"),
        reference=reference_export("pdf"),
        verify=verify_export("pdf"),
        sample_size=3,
        focus="out.pdf",
    ),
    Scenario(
        "rename",
        "the picker's rename (Workspace.rename): offsite -> renamed",
        setup=make_session,
        command=driver("rename"),
        reference=reference_state,
        verify=verify_rename,
    ),
    Scenario(
        "duplicate",
        "the picker's duplicate (Workspace.duplicate): offsite -> copy",
        setup=make_session,
        command=driver("duplicate"),
        reference=reference_state,
        verify=verify_duplicate,
    ),
    Scenario(
        "delete",
        "the picker's delete (Workspace.delete): offsite -> sessions/.trash",
        setup=make_session,
        command=driver("delete"),
        reference=reference_state,
        verify=verify_delete,
    ),
    Scenario(
        "roll-forward",
        "hoshin roll-forward offsite --period FY2027 --no-tui --name next (the annual reset)",
        setup=make_session,
        command=roll_forward_command,
        reference=reference_roll_forward,
        verify=verify_roll_forward,
    ),
]

BY_NAME = {s.name: s for s in SCENARIOS}


def dumps(outcome: Outcome) -> str:
    return json.dumps({"point": str(outcome.point), "acks": outcome.acks, "problems": outcome.problems()})
