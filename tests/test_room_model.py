"""The room's model: agenda timer state, parking-lot outcomes and the decisions log, old files included."""

import shutil
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

from hoshin_tui.export.json_io import plan_from_json
from hoshin_tui.model.enums import AgendaKind, DecisionKind, DecisionStatus, ParkingOutcome
from hoshin_tui.model.plan import AgendaItem, Decision, ParkingLotItem, Person, Plan
from hoshin_tui.store import SessionStore

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_format_3_file_maps_resolved_parking_items_to_answered(tmp_path):
    path = tmp_path / "fy2026.sqlite"
    shutil.copy(FIXTURES / "session-v3.sqlite", path)
    raw = sqlite3.connect(path)
    before = dict(raw.execute("SELECT id, resolved FROM parking_lot").fetchall())
    raw.close()
    with SessionStore.open(path, read_only=False) as store:
        plan = store.load()
    after = {item.id: item.outcome for item in plan.parking_lot}
    assert after == {
        item_id: ParkingOutcome.ANSWERED if resolved else ParkingOutcome.OPEN for item_id, resolved in before.items()
    }
    assert ParkingOutcome.ANSWERED in after.values() and ParkingOutcome.OPEN in after.values()
    assert all(a.kind == AgendaKind.DISCUSSION and a.elapsed_seconds == 0 for a in plan.agenda)
    assert all(d.kind == DecisionKind.DECISION and d.status == DecisionStatus.OPEN for d in plan.decisions)
    assert plan.session_start is None


def test_a_format_3_json_plan_maps_resolved_too():
    plan = plan_from_json((FIXTURES / "plan-v3.json").read_text(encoding="utf-8"))
    outcomes = [item.outcome for item in plan.parking_lot]
    assert outcomes.count(ParkingOutcome.ANSWERED) == 1 and outcomes.count(ParkingOutcome.OPEN) == 3
    assert [item.resolved for item in plan.parking_lot] == [o != ParkingOutcome.OPEN for o in outcomes]


def test_the_room_fields_and_the_session_start_survive_a_reopen(tmp_path):
    ana = Person(id="pe_ana", name="Ana")
    start = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
    running = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    item = AgendaItem(
        id="ag_1",
        title="Review the X-matrix",
        kind=AgendaKind.REVIEW,
        day=2,
        presenter_id=ana.id,
        step="xmatrix",
        added_minutes=-2,
        elapsed_seconds=75,
        started_at=running,
        running_since=running,
        carried_from=date(2026, 2, 3),
    )
    parked = ParkingLotItem(
        id="pk_1", text="Who owns the data?", step="xmatrix", context="X-matrix", agenda_item_id="ag_1"
    )
    action = Decision(
        id="de_1", text="Ask legal", kind=DecisionKind.ACTION, owner_id=ana.id, due=date(2026, 4, 1), related_ids=["x"]
    )
    path = tmp_path / "room.sqlite"
    plan = Plan(people=[ana], agenda=[item], parking_lot=[parked], decisions=[action])
    with SessionStore.create(path, plan) as store:
        store.set_field("session_start", start)
    with SessionStore.open(path, read_only=True) as store:
        plan = store.load()
    assert plan.session_start == start
    assert plan.agenda == [item] and plan.parking_lot == [parked] and plan.decisions == [action]
    assert item.allowed_minutes == 13 and item.actual_minutes == 1


def test_deleting_the_agenda_item_clears_the_links_to_it(tmp_path):
    path = tmp_path / "room.sqlite"
    plan = Plan(
        agenda=[AgendaItem(id="ag_1", title="Vote")],
        parking_lot=[ParkingLotItem(id="pk_1", text="Q", agenda_item_id="ag_1", outcome_id="ag_1")],
        decisions=[Decision(id="de_1", text="D", agenda_item_id="ag_1")],
    )
    with SessionStore.create(path, plan) as store:
        store.delete(store.load().agenda[0])
        after = store.load()
    assert after.parking_lot[0].agenda_item_id is None and after.parking_lot[0].outcome_id is None
    assert after.decisions[0].agenda_item_id is None
