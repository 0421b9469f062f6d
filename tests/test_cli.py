"""The hoshin command, end to end: what it prints, its exit status, what it leaves on disk."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hoshin_tui.cli import main
from hoshin_tui.export.json_io import plan_to_json
from hoshin_tui.store import SessionStore
from tests.plans import small_plan


def hoshin(workspace: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed command, as a user would."""
    exe = shutil.which("hoshin", path=str(Path(sys.executable).parent)) or "hoshin"
    env = {**os.environ, "HOSHIN_WORKSPACE": str(workspace)}
    return subprocess.run([exe, *args], capture_output=True, text=True, env=env, timeout=60)


def test_new_list_export_import_round_trip(tmp_path):
    created = hoshin(tmp_path, "new", "Acme Off-site 2027", "--no-tui")
    assert created.returncode == 0, created.stderr
    assert (tmp_path / "sessions" / "acme-off-site-2027.sqlite").exists()

    with SessionStore.open(tmp_path / "sessions" / "acme-off-site-2027.sqlite") as store:
        assert store.load().title == "Acme Off-site 2027"  # the handouts' heading, not "Untitled plan"
        for strategy in small_plan().people:
            store.save(strategy)
        store.set_field("aim", "Perfect pumps for every customer")

    listed = hoshin(tmp_path, "list")
    assert listed.returncode == 0
    assert "acme-off-site-2027" in listed.stdout and "2 people" in listed.stdout

    exported = hoshin(tmp_path, "export", "json", "acme-off-site-2027")
    assert exported.returncode == 0, exported.stderr
    out = tmp_path / "exports" / "acme-off-site-2027.json"
    assert json.loads(out.read_text())["aim"] == "Perfect pumps for every customer"

    imported = hoshin(tmp_path, "import", str(out), "--name", "copy")
    assert imported.returncode == 0, imported.stderr
    again = hoshin(tmp_path, "export", "json", "copy", "-o", "-")
    assert again.stdout == out.read_text()


def test_export_json_to_a_path_and_open_by_path(tmp_path, capsys):
    path = tmp_path / "elsewhere" / "plan.sqlite"
    SessionStore.create(path, small_plan()).close()
    target = tmp_path / "out" / "plan.json"
    assert main(["--workspace", str(tmp_path), "export", "json", str(path), "-o", str(target)]) == 0
    assert target.read_text() == plan_to_json(small_plan())
    assert list(target.parent.iterdir()) == [target]  # written atomically: no temporary file left


def test_demo_writes_a_complete_session_and_keeps_an_edited_one(tmp_path):
    first = hoshin(tmp_path, "demo", "--no-tui")
    assert first.returncode == 0, first.stderr
    path = tmp_path / "sessions" / "demo.sqlite"
    with SessionStore.open(path) as store:
        plan = store.load()
        assert len(plan.strategies) == 4 and len(plan.initiatives) == 10 and len(plan.measures) == 8
        store.set_field("aim", "Edited by the room")
    second = hoshin(tmp_path, "demo", "--no-tui")
    assert "left as it is" in second.stdout
    with SessionStore.open(path) as store:
        assert store.load().aim == "Edited by the room"
    reset = hoshin(tmp_path, "demo", "--no-tui", "--reset")
    assert reset.returncode == 0
    with SessionStore.open(path) as store:
        assert store.load().aim != "Edited by the room"
    assert len(list((tmp_path / "sessions" / ".trash").iterdir())) == 1  # the edited demo is kept, not destroyed


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["open", "nothing-here"], 1, "No session named 'nothing-here'"),
        (["export", "json", "nothing-here"], 1, "No session named 'nothing-here'"),
        (["import", "missing.json"], 1, "No file at missing.json"),
        (["frobnicate"], 2, "invalid choice: 'frobnicate'"),
        (["export"], 2, "the following arguments are required: FORMAT"),
        (["new", "!!!", "--no-tui"], 1, "'!!!' cannot be used as a session name"),
    ],
)
def test_errors_are_one_line_with_the_right_status(tmp_path, args, status, message):
    result = hoshin(tmp_path, *args)
    assert result.returncode == status
    assert result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr


def test_import_of_an_invalid_plan_names_the_problem_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"measures": [{"name": "OTD", "target": "ten"}]}))
    result = hoshin(tmp_path, "import", str(bad))
    assert result.returncode == 1
    assert result.stderr == "hoshin: bad.json: measure 1 'OTD': target: must be a number, got 'ten'\n"
    assert not (tmp_path / "sessions").exists() or not list((tmp_path / "sessions").iterdir())


def test_workspace_flag_beats_the_environment(tmp_path):
    chosen = tmp_path / "chosen"
    result = hoshin(tmp_path / "ignored", "--workspace", str(chosen), "new", "x", "--no-tui")
    assert result.returncode == 0
    assert (chosen / "sessions" / "x.sqlite").exists()
    assert not (tmp_path / "ignored").exists()


def test_python_dash_m_is_the_same_command(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "hoshin_tui", "--workspace", str(tmp_path), "list"], capture_output=True, text=True
    )
    assert result.returncode == 0 and "No sessions" in result.stdout


def test_exported_files_get_ordinary_permissions(tmp_path):
    import stat

    SessionStore.create(tmp_path / "sessions" / "p.sqlite", small_plan()).close()
    old = os.umask(0o022)
    try:
        assert main(["--workspace", str(tmp_path), "export", "json", "p"]) == 0
    finally:
        os.umask(old)
    mode = stat.S_IMODE((tmp_path / "exports" / "p.json").stat().st_mode)
    assert mode == 0o644


def test_export_all_writes_the_x_matrix_the_a3_pack_and_the_session_record(tmp_path):
    from pypdf import PdfReader

    assert hoshin(tmp_path, "demo", "--no-tui").returncode == 0
    result = hoshin(tmp_path, "export", "all", "demo")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    xmatrix = PdfReader(tmp_path / "exports" / "demo-xmatrix.pdf")
    pack = PdfReader(tmp_path / "exports" / "demo-a3.pdf")
    assert len(xmatrix.pages) == 1
    assert len(pack.pages) >= 5  # one per A3 of the demo (4 strategy A3s and one problem-solving A3)
    for page in (xmatrix.pages[0], pack.pages[0]):
        assert abs(float(page.mediabox.width) - 1190.55) < 0.5 and abs(float(page.mediabox.height) - 841.89) < 0.5
    assert f"Wrote {tmp_path / 'exports' / 'demo-xmatrix.pdf'} (1 page)" in result.stdout
    record = PdfReader(tmp_path / "exports" / "demo-record.pdf")
    assert abs(float(record.pages[0].mediabox.width) - 595.28) < 0.5  # A4 portrait
    assert f"Wrote {tmp_path / 'exports' / 'demo-record.pdf'}" in result.stdout
    unknown = hoshin(tmp_path, "export", "a3", "demo", "--only", "a3_nothing")
    assert unknown.returncode == 1 and unknown.stderr.count("\n") == 1


def test_export_all_of_a_session_with_no_a3_still_writes_the_others(tmp_path):
    plan = small_plan()
    plan.a3s = []
    SessionStore.create(tmp_path / "sessions" / "p.sqlite", plan).close()
    result = hoshin(tmp_path, "export", "all", "p")
    assert result.returncode == 0, result.stderr
    assert "No A3 pack: this session has no A3 yet" in result.stderr and "Traceback" not in result.stderr
    for kind in ("xmatrix", "record", "bowling"):
        assert (tmp_path / "exports" / f"p-{kind}.pdf").exists()
    assert not (tmp_path / "exports" / "p-a3.pdf").exists()


def test_the_command_starts_without_the_plan_model():
    """``hoshin`` (the picker, ``hoshin list``) must not pay for pydantic and the store before it shows anything."""
    probe = "import sys, hoshin_tui.cli; print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic' or m in {"
    probe += "'hoshin_tui.store.session', 'hoshin_tui.model.plan', 'sqlite_utils'}))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout == "[]\n"


QUIT_FROM_PICKER = """
import asyncio, sys
from pathlib import Path
from hoshin_tui.core.workspace import Workspace
from hoshin_tui.tui.app import make_app

async def main():
    app = make_app(Workspace(Path(sys.argv[1])))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    print(app.is_running, "hoshin_tui.tui.screens.session" in sys.modules)

asyncio.run(main())
"""


def test_quitting_the_picker_does_not_import_the_session_screen(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", QUIT_FROM_PICKER, str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert result.stdout == "False False\n", result.stderr


def test_export_of_one_a3_names_the_file_by_code_and_title(tmp_path):
    assert main(["--workspace", str(tmp_path), "demo", "--no-tui"]) == 0
    with SessionStore.open(tmp_path / "sessions" / "demo.sqlite") as store:
        plan = store.load()
    a3 = next(a for a in plan.a3s if a.subject_id in {s.id for s in plan.strategies})
    assert main(["--workspace", str(tmp_path), "export", "a3", "demo", "--only", a3.id]) == 0
    written = [p.name for p in (tmp_path / "exports").glob("*.pdf")]
    assert len(written) == 1
    assert written[0].startswith("demo-A3-S") and a3.id not in written[0], written


def test_export_record_writes_the_session_record_where_asked(tmp_path):
    assert hoshin(tmp_path, "demo", "--no-tui").returncode == 0
    out = tmp_path / "minutes.pdf"
    result = hoshin(tmp_path, "export", "record", "demo", "-o", str(out), "--day", "2026-11-14")
    assert result.returncode == 0, result.stderr
    assert out.exists() and f"Wrote {out}" in result.stdout
    bad = hoshin(tmp_path, "export", "record", "demo", "--day", "14/11/2026")
    assert bad.returncode != 0 and "Traceback" not in bad.stderr and "2027-03-14" in bad.stderr
