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


def test_the_oldest_format_the_checks_accept_is_the_oldest_the_migrations_upgrade():
    from hoshin_tui.store.checks import OLDEST_FORMAT
    from hoshin_tui.store.migrations import STEPS

    assert sorted(STEPS) == list(range(OLDEST_FORMAT, SCHEMA_VERSION))


def test_a_damaged_format_1_file_is_refused_and_left_as_it_was(tmp_path):
    import pytest

    from hoshin_tui.store import SessionRefused

    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURE, path)
    raw = sqlite3.connect(path)
    raw.execute("ALTER TABLE strategies RENAME COLUMN title TO name")
    raw.commit()
    raw.close()
    before = path.read_bytes()

    with pytest.raises(SessionRefused) as caught:
        SessionStore.open(path)
    assert str(caught.value).startswith("old.sqlite is damaged: column 'title' of table 'strategies' is missing")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.sqlite"]  # no backup, no -wal, no copies


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


FIXTURE_V3 = Path(__file__).parent / "fixtures" / "session-v3.sqlite"
PLAN_V3 = Path(__file__).parent / "fixtures" / "plan-v3.json"


def test_a_format_3_file_opens_with_every_item_and_format_4_defaults(tmp_path):
    """The demo as format 3 stored it: every row comes back; the new fields read as their defaults."""
    from hoshin_tui.model.enums import Aggregation

    path = tmp_path / "fy2026.sqlite"
    shutil.copy(FIXTURE_V3, path)
    raw = sqlite3.connect(FIXTURE_V3)
    counts_before = {
        table: raw.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]
        for (table,) in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('meta', 'history')"
        )
    }
    raw.close()
    with SessionStore.open(path, read_only=False) as store:
        plan = store.load()
    assert plan.counts() == {kind: counts_before[kind] for kind in plan.counts()}
    assert {name: len(getattr(plan, name)) for name in counts_before} == counts_before
    assert plan.fiscal_start_month == 1
    assert {m.aggregation for m in plan.measures} == {Aggregation.MEAN}
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert (tmp_path / "fy2026.sqlite.v3.bak").read_bytes() == FIXTURE_V3.read_bytes()


def test_a_format_3_json_plan_imports_as_the_format_3_file_opens(tmp_path):
    from hoshin_tui.export.json_io import plan_from_json

    path = tmp_path / "fy2026.sqlite"
    shutil.copy(FIXTURE_V3, path)
    with SessionStore.open(path, read_only=False) as store:
        from_file = store.load()
    from_json = plan_from_json(PLAN_V3.read_text(encoding="utf-8"))
    assert from_json.schema_version == SCHEMA_VERSION
    # The fixture file is the demo moved to 2027-01; the JSON is the demo as stored: same lists, same ids.
    for name in from_file.counts():
        assert [item.id for item in getattr(from_json, name)] == [item.id for item in getattr(from_file, name)]
