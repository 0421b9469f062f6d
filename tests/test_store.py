"""The session store: what is in the file after each edit, undo and redo, and reopening."""

from __future__ import annotations

import sqlite3

import pytest

from hoshin_tui.model.enums import Corner, MarkRole, Strength
from hoshin_tui.model.plan import AnnualObjective, Measure, Person, Plan, Strategy
from hoshin_tui.store import InvalidEdit, ReadOnlyError, SessionExists, SessionStore
from tests.plans import small_plan


@pytest.fixture
def path(tmp_path):
    return tmp_path / "sessions" / "s.sqlite"


def reopen(path) -> Plan:
    with SessionStore.open(path) as store:
        return store.load()


def test_every_entity_survives_a_round_trip(path):
    plan = small_plan()
    SessionStore.create(path, plan).close()
    assert reopen(path).model_dump() == plan.model_dump()


def test_each_edit_is_in_the_file_before_the_call_returns(path):
    store = SessionStore.create(path)
    store.save(Strategy(id="st_1", title="Grow"))
    store.set_field("aim", "Delight every customer")
    # A second, independent connection sees both edits committed.
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT title FROM strategies").fetchall() == [("Grow",)]
    assert raw.execute("SELECT value FROM meta WHERE key = 'aim'").fetchone() == ('"Delight every customer"',)
    assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    raw.close()
    store.close()


def test_edits_are_saved_in_the_order_the_room_chose(path):
    store = SessionStore.create(path)
    a, b, c = (Strategy(id=f"st_{n}", title=n) for n in "abc")
    for item in (a, b, c):
        store.save(item)
    store.move(c, -2)
    assert [s.id for s in store.load().strategies] == ["st_c", "st_a", "st_b"]
    store.move(c, +10)  # past the end stops at the end
    assert [s.id for s in store.load().strategies] == ["st_a", "st_b", "st_c"]
    b.title = "b renamed"
    store.save(b)  # an update keeps its place
    assert [s.title for s in store.load().strategies] == ["a", "b renamed", "c"]
    store.close()


def test_undo_and_redo_survive_a_restart(path):
    store = SessionStore.create(path)
    store.save(Strategy(id="st_1", title="Grow"))
    store.set_field("aim", "First aim")
    store.set_field("aim", "Second aim")
    store.close()

    store = SessionStore.open(path)
    assert store.undo() == "edit aim of the system"
    assert store.load().aim == "First aim"
    store.close()

    store = SessionStore.open(path)
    assert store.redo() == "edit aim of the system"
    assert store.load().aim == "Second aim"
    assert store.undo() and store.undo() and store.undo() == "save strategy 'Grow'"
    assert store.undo() is None  # nothing left
    assert store.load().strategies == [] and store.load().aim == ""
    store.close()
    store = SessionStore.open(path)
    assert store.redo() == "save strategy 'Grow'"
    assert [s.title for s in store.load().strategies] == ["Grow"]
    store.close()


def test_a_new_edit_after_undo_drops_the_redo_branch(path):
    store = SessionStore.create(path)
    store.set_field("aim", "one")
    store.undo()
    store.set_field("aim", "two")
    assert store.redo() is None
    assert store.load().aim == "two"
    store.close()


def test_deleting_takes_its_links_and_marks_along_and_undo_brings_them_back(path):
    store = SessionStore.create(path, small_plan())
    before = store.load()
    store.delete(before.objectives[0])
    after = store.load()
    assert after.objectives == []
    assert not [c for c in after.correlations if "ob_oem" in (c.row_id, c.col_id)]
    assert not [s for s in after.catchball_states if s.item_id == "ob_oem"]
    assert store.undo() == "delete annual objective 'Win three OEM accounts'"
    assert store.load().model_dump() == before.model_dump()
    store.close()


def test_deleting_a_person_clears_their_ownerships_but_keeps_the_items(path):
    store = SessionStore.create(path, small_plan())
    store.delete(store.load().person("pe_bo"))
    plan = store.load()
    assert [i.owner_id for i in plan.initiatives] == [None]
    assert [m.owner_id for m in plan.measures] == [None]
    assert not [m for m in plan.marks if m.person_id == "pe_bo"]
    store.close()


def test_matrix_cells_and_people_marks(path):
    store = SessionStore.create(path, small_plan())
    store.set_correlation(Corner.STRATEGY_OBJECTIVE, "st_grow", "ob_oem", Strength.WEAK)
    store.set_mark("in_smed", "pe_ann", MarkRole.CORE)
    plan = store.load()
    assert plan.marks_in(Corner.STRATEGY_OBJECTIVE) == {("st_grow", "ob_oem"): Strength.WEAK}
    assert ("in_smed", "pe_ann", MarkRole.CORE) in {(m.item_id, m.person_id, m.role) for m in plan.marks}
    store.set_correlation(Corner.STRATEGY_OBJECTIVE, "st_grow", "ob_oem", None)
    assert store.load().marks_in(Corner.STRATEGY_OBJECTIVE) == {}
    store.close()


def test_an_edit_that_points_at_nothing_is_refused_and_changes_nothing(path):
    store = SessionStore.create(path, small_plan())
    before = store.load()
    with pytest.raises(InvalidEdit, match="Owner 'pe_ghost' is not in this plan"):
        store.save(Measure(name="Scrap", owner_id="pe_ghost"))
    with pytest.raises(InvalidEdit, match="Column 'in_smed' is not in this plan"):
        store.set_correlation(Corner.STRATEGY_OBJECTIVE, "st_grow", "in_smed", Strength.STRONG)
    with pytest.raises(InvalidEdit, match="Target must be a number"):
        store.save(Measure.model_construct(name="x", target="ten"))
    with pytest.raises(InvalidEdit, match="Aim of the system must be text"):
        store.set_field("aim", 3)
    assert store.load().model_dump() == before.model_dump()
    assert not store.can_redo()
    store.close()


def test_a_second_window_gets_a_read_only_view_and_cannot_write(path):
    writer = SessionStore.create(path, small_plan())
    reader = SessionStore.open(path)
    assert reader.read_only
    assert "open for editing in another window" in reader.read_only_reason
    writer.save(Person(id="pe_new", name="New Person"))
    assert reader.load().person("pe_new") is not None  # the reader sees committed edits
    with pytest.raises(ReadOnlyError, match="Not saved"):
        reader.save(Strategy(title="Sneaky"))
    with pytest.raises(ReadOnlyError):
        reader.undo()
    reader.close()
    writer.close()
    # Once the writer is gone, the next opener may write.
    with SessionStore.open(path) as store:
        assert not store.read_only


def test_a_second_process_is_told_and_gets_read_only(path, tmp_path):
    import subprocess
    import sys
    import textwrap

    writer = SessionStore.create(path, small_plan())
    script = textwrap.dedent(
        f"""
        from hoshin_tui.store import SessionStore
        s = SessionStore.open({str(path)!r})
        print(s.read_only, s.read_only_reason, len(s.load().strategies))
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True s.sqlite is open for editing in another window: opened read-only 1"
    writer.close()


def test_a_read_only_view_opened_first_follows_a_window_that_starts_editing_later(path):
    SessionStore.create(path, small_plan()).close()
    before = path.read_bytes()
    reader = SessionStore.open(path, read_only=True)  # nobody edits yet: a fixed picture of the file
    assert reader.load().person("pe_late") is None
    writer = SessionStore.open(path)
    assert not writer.read_only
    writer.save(Person(id="pe_late", name="Late Editor"))
    assert reader.load().person("pe_late") is not None
    writer.save(Person(id="pe_later", name="Later Editor"))
    assert reader.load().person("pe_later") is not None
    writer.close()
    assert reader.load().person("pe_later") is not None  # still there once the writer has merged its WAL
    reader.close()
    assert path.read_bytes() != before  # the writer's edits reached the file; the reader only read


def test_create_refuses_to_overwrite(path):
    SessionStore.create(path).close()
    with pytest.raises(SessionExists):
        SessionStore.create(path)


def test_no_partial_file_is_left_when_a_plan_cannot_be_written(path):
    twice = small_plan()
    twice.strategies.append(twice.strategies[0])
    with pytest.raises(InvalidEdit, match="same strategies entry twice"):
        SessionStore.create(path, twice)
    assert list(path.parent.iterdir()) == []


def test_history_lists_changes_newest_first(path):
    store = SessionStore.create(path)
    store.save(AnnualObjective(title="A"))
    store.save(AnnualObjective(title="B"))
    assert [c.label for c in store.history()] == ["save annual objective 'B'", "save annual objective 'A'"]
    assert store.last_change() is not None
    store.close()


def test_load_sees_edits_made_by_another_connection(path):
    writer = SessionStore.create(path, small_plan())
    reader = SessionStore.open(path, read_only=True)
    assert [p.name for p in reader.load().people] == ["Ann Lee", "Bo Chen"]
    writer.save(Person(id="pe_cy", name="Cy Diaz"))
    writer.set_field("aim", "Changed elsewhere")
    plan = reader.load()
    assert [p.name for p in plan.people] == ["Ann Lee", "Bo Chen", "Cy Diaz"]
    assert plan.aim == "Changed elsewhere"
    reader.close()
    writer.close()


def test_an_item_changed_in_memory_but_refused_is_not_what_load_returns(path):
    store = SessionStore.create(path, small_plan())
    measure = store.load().measures[0]
    measure.owner_id = "pe_ghost"  # the UI edited the loaded item, then the store refused it
    with pytest.raises(InvalidEdit):
        store.save(measure)
    assert store.load().measures[0].owner_id == "pe_bo"
    store.close()


def test_load_after_undo_and_redo_matches_a_fresh_open(path):
    store = SessionStore.create(path, small_plan())
    store.load()
    store.delete(store.load().strategies[0])
    store.set_field("title", "Renamed")
    store.undo()
    store.undo()
    store.redo()
    with SessionStore.open(path, read_only=True) as fresh:
        assert store.load().model_dump() == fresh.load().model_dump()
    store.close()


def test_numbers_are_stored_as_numbers(path):
    """A number kept as text would lose digits and sort wrongly for anyone querying the file."""
    SessionStore.create(path, small_plan()).close()
    raw = sqlite3.connect(path)
    types = {
        (table, row[1]): row[2]
        for table in ("measures", "monthly_results", "agenda")
        for row in raw.execute(f"PRAGMA table_info({table})")
    }
    raw.close()
    real = {"REAL", "FLOAT"}  # both have REAL affinity; sqlite-utils 4 writes REAL
    assert {types[("measures", "baseline")], types[("measures", "target")]} <= real
    assert {types[("monthly_results", "plan")], types[("monthly_results", "actual")]} <= real
    assert types[("agenda", "minutes")] == "INTEGER"


def test_counts_without_loading_match_the_plan(path):
    with SessionStore.create(path, small_plan()) as store:
        assert store.counts() == store.load().counts()


def test_a_batch_is_one_change_to_undo_and_all_or_nothing(path):
    store = SessionStore.create(path)
    store.save(Strategy(id="st_1", title="Grow"))
    objective = AnnualObjective(id="ob_1", title="Win three OEM accounts")
    with store.batch():
        store.save(objective)
        store.set_correlation(Corner.STRATEGY_OBJECTIVE, "st_1", "ob_1", Strength.STRONG)
    assert [c.label for c in store.history(2)] == [
        "save annual objective 'Win three OEM accounts' (+1 more)",
        "save strategy 'Grow'",
    ]
    assert store.undo() == "save annual objective 'Win three OEM accounts' (+1 more)"
    plan = reopen_read_only(path)
    assert plan.objectives == [] and plan.correlations == []  # item and link went together
    assert store.redo() and len(store.load().correlations) == 1

    # A failure anywhere in the batch leaves the file as it was.
    with pytest.raises(InvalidEdit), store.batch("save two objectives"):
        store.save(AnnualObjective(id="ob_2", title="Halve returns"))
        store.set_correlation(Corner.STRATEGY_OBJECTIVE, "st_gone", "ob_2", Strength.STRONG)
    assert [o.id for o in reopen_read_only(path).objectives] == ["ob_1"]
    assert [o.id for o in store.load().objectives] == ["ob_1"]  # the cache agrees with the file
    store.close()


def reopen_read_only(path) -> Plan:
    with SessionStore.open(path, read_only=True) as reader:
        return reader.load()
