"""A session written by an older hoshin-tui opens, upgraded, with nothing lost."""

import shutil
import sqlite3
from pathlib import Path

from hoshin_tui.model.enums import Corner, Strength
from hoshin_tui.model.plan import SCHEMA_VERSION, Strategy
from hoshin_tui.store import SessionStore

FIXTURE = Path(__file__).parent / "fixtures" / "session-v1.sqlite"
FIXTURE_V2 = Path(__file__).parent / "fixtures" / "session-v2.sqlite"


def test_a_format_1_file_is_upgraded_in_place_with_a_backup(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURE, path)
    original = FIXTURE.read_bytes()

    with SessionStore.open(path) as store:
        plan = store.load()
        assert plan.title == "Pump Co FY2026" and plan.aim == "Every pump right, first time"
        assert [s.title for s in plan.strategies] == ["Zero field failures"]
        assert plan.marks_in(Corner.STRATEGY_OBJECTIVE) == {
            ("st_00000001", "ob_00000001"): Strength.STRONG,
            ("st_00000001", "ob_00000002"): Strength.MEDIUM,
        }
        assert plan.marks_in(Corner.OBJECTIVE_INITIATIVE) == {("ob_00000001", "in_00000001"): Strength.WEAK}
        assert [(m.person_id, m.role) for m in plan.marks] == [("pe_00000001", "leader")]
        # Format 3 stores the codes the items showed (1 -> 2 -> 3 in one go).
        assert [(i.title, i.code) for i in plan.initiatives] == [("Poka-yoke on line 3", "I1")]
        assert [o.code for o in plan.objectives] == ["O1", "O2"]
        # The upgraded file takes the tables format 2 added.
        store.save(Strategy(title="Grow aftermarket"))
        assert store.load().strategies[-1].code == "S2"
        assert store.undo() == "save strategy 'Grow aftermarket'"

    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert "weight" not in [row[1] for row in raw.execute("PRAGMA table_info(correlations)")]
    raw.close()
    backup = tmp_path / "old.sqlite.v1.bak"
    assert backup.read_bytes() == original


def test_a_read_only_opener_reads_an_upgraded_copy_and_leaves_the_file_alone(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURE, path)

    with SessionStore.open(path, read_only=True) as store:
        assert store.read_only
        assert [s.title for s in store.load().strategies] == ["Zero field failures"]
    assert path.read_bytes() == FIXTURE.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.sqlite"]  # no backup, -wal or -shm either


def test_a_writable_format_1_session_opens_from_the_command_line_and_is_upgraded(tmp_path, capsys):
    from hoshin_tui.cli import main

    (tmp_path / "sessions").mkdir()
    path = tmp_path / "sessions" / "old.sqlite"
    shutil.copy(FIXTURE, path)

    # `hoshin export` reads it (upgraded in a private copy)...
    assert main(["--workspace", str(tmp_path), "export", "json", "old", "-o", "-"]) == 0
    assert "Zero field failures" in capsys.readouterr().out
    assert path.read_bytes() == FIXTURE.read_bytes()
    # ...and opening it for editing upgrades the file itself.
    with SessionStore.open(path) as store:
        assert not store.read_only
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)


def test_a_format_2_file_keeps_the_codes_it_showed_and_keeps_a_backup(tmp_path):
    from hoshin_tui.core.codes import item_codes

    path = tmp_path / "offsite.sqlite"
    shutil.copy(FIXTURE_V2, path)
    with SessionStore.open(path, read_only=False) as store:
        plan = store.load()
    # Format 2 numbered initiatives strategic first: the stored codes are what was printed.
    assert [(i.title, i.code) for i in plan.initiatives] == [
        ("Poka-yoke on line 3", "I3"),
        ("Enter the service market", "I1"),
        ("5S in the stores", "I4"),
        ("Launch the E-series", "I2"),
    ]
    assert [s.code for s in plan.strategies] == ["S1", "S2"] and plan.measures[0].code == "M1"
    assert item_codes(plan)["in_00000001"] == "I3"
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert raw.execute("SELECT code FROM initiatives ORDER BY pos").fetchall() == [("I3",), ("I1",), ("I4",), ("I2",)]
    raw.close()
    assert (tmp_path / "offsite.sqlite.v2.bak").read_bytes() == FIXTURE_V2.read_bytes()
