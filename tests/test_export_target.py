"""``hoshin export ... -o`` never replaces what is not an export, and writers of one name take turns."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from hoshin_tui.cli import main
from hoshin_tui.core.files import locked_name, write_atomic
from hoshin_tui.export.json_io import plan_to_json
from hoshin_tui.store import SessionStore
from tests.plans import small_plan


@pytest.fixture
def session(tmp_path: Path) -> Path:
    path = tmp_path / "sessions" / "p.sqlite"
    SessionStore.create(path, small_plan()).close()
    return path


def export_to(tmp_path: Path, target: Path | str, kind: str = "json") -> int:
    return main(["--workspace", str(tmp_path), "export", kind, "p", "-o", str(target)])


def snapshot(path: Path) -> bytes:
    return path.read_bytes()


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("sessions/p.sqlite", "is a session file (an SQLite database): an export never replaces one"),
        ("sessions/other.sqlite", "would be taken for a session: export somewhere else"),
        ("sessions/p.sqlite-wal", "is where SQLite keeps a session's log or backup"),
        ("sessions/p.sqlite-shm", "is where SQLite keeps a session's log or backup"),
        ("sessions/p.sqlite.v1.bak", "is where SQLite keeps a session's log or backup"),
        ("sessions/p.sqlite.bak", "is where SQLite keeps a session's log or backup"),
    ],
)
def test_a_session_and_its_companions_are_refused(tmp_path, session, capsys, name, says):
    target = tmp_path / name
    before = {p.name: p.read_bytes() for p in session.parent.iterdir()}
    assert export_to(tmp_path, target) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"hoshin: {target} {says}") and err.count("\n") == 1
    assert {p.name: p.read_bytes() for p in session.parent.iterdir()} == before
    with SessionStore.open(session, read_only=True) as store:
        assert store.load() == small_plan()


def test_a_session_elsewhere_or_behind_a_symlink_is_refused_by_its_header(tmp_path, session, capsys):
    copy = tmp_path / "backup" / "anything.pdf"
    copy.parent.mkdir()
    copy.write_bytes(session.read_bytes())
    link = tmp_path / "link.json"
    link.symlink_to(session)
    for target, kind in ((copy, "xmatrix"), (link, "json")):
        assert export_to(tmp_path, target, kind) == 1
        err = capsys.readouterr().err
        assert (
            err == f"hoshin: {target.resolve()} is a session file (an SQLite database): an export never replaces one\n"
        )
    assert copy.read_bytes() == session.read_bytes() and link.is_symlink()


def test_what_is_not_a_regular_file_is_refused(tmp_path, session, capsys):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    link_to_fifo = tmp_path / "out.json"
    link_to_fifo.symlink_to(fifo)
    cases = [
        (Path("/dev/null"), "/dev/null is a device"),
        (fifo, f"{fifo} is a pipe (fifo)"),
        (folder, f"{folder} is a folder"),
        (link_to_fifo, f"{fifo} is a pipe (fifo)"),
    ]
    for target, says in cases:
        assert export_to(tmp_path, target) == 1
        assert capsys.readouterr().err == f"hoshin: {says}, not a file an export may replace\n"
    assert Path("/dev/null").is_char_device() and fifo.is_fifo() and folder.is_dir() and link_to_fifo.is_symlink()
    assert list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "out.fifo", "out.json", "sessions"]


def test_standard_output_and_an_ordinary_file_still_work(tmp_path, session, capsys):
    assert export_to(tmp_path, "-") == 0
    assert capsys.readouterr().out == plan_to_json(small_plan())
    old = tmp_path / "old.json"
    old.write_text("an older export")
    assert export_to(tmp_path, old) == 0
    assert old.read_text() == plan_to_json(small_plan())


def test_write_atomic_waits_for_the_holder_of_the_name(tmp_path):
    target = tmp_path / "out.json"
    order: list[str] = []
    with locked_name(target):
        writer = threading.Thread(target=lambda: (write_atomic(target, b"second"), order.append("written")))
        writer.start()
        time.sleep(0.3)
        order.append("released")
        target.write_bytes(b"first")
    writer.join(10)
    assert order == ["released", "written"] and target.read_bytes() == b"second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]  # no lock file, no temporary file left


def test_an_import_waits_for_the_lock_and_then_refuses_the_taken_name(tmp_path):
    """Whoever holds the name's lock creates it; an import that waited on it is refused, not merged."""
    source = tmp_path / "plan.json"
    source.write_text(plan_to_json(small_plan()))
    path = tmp_path / "sessions" / "same.sqlite"
    path.parent.mkdir()
    with locked_name(path):
        late = subprocess.Popen(
            [sys.executable, "-m", "hoshin_tui", "--workspace", str(tmp_path), "import", str(source), "--name", "same"],
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(1.5)  # the import is now waiting on the lock (it would have created the file by now)
        assert not path.exists()
        SessionStore.create(path, small_plan().model_copy(update={"title": "first"})).close()
    assert late.wait(30) == 1
    assert late.stderr.read() == "hoshin: A session named 'same' already exists: pick another name\n"
    with SessionStore.open(path, read_only=True) as store:
        assert store.load().title == "first"


def test_two_imports_under_one_name_give_one_session_and_one_refusal(tmp_path):
    source = tmp_path / "plan.json"
    source.write_text(plan_to_json(small_plan()))
    command = [
        sys.executable,
        "-m",
        "hoshin_tui",
        "--workspace",
        str(tmp_path),
        "import",
        str(source),
        "--name",
        "same",
    ]
    for _ in range(3):
        runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
        results = [(run.wait(60), run.stderr.read()) for run in runs]
        assert sorted(status for status, _ in results) == [0, 1, 1, 1]
        assert all(
            err == "hoshin: A session named 'same' already exists: pick another name\n" for s, err in results if s
        )
        assert sorted(p.name for p in (tmp_path / "sessions").iterdir()) == ["same.sqlite"]
        with SessionStore.open(tmp_path / "sessions" / "same.sqlite", read_only=True) as store:
            assert store.load() == small_plan()
        (tmp_path / "sessions" / "same.sqlite").unlink()
