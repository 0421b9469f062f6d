"""A fixed plan for the TUI tests (fixed ids, no dates in view) and small pilot helpers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from hoshin_tui.core.workspace import Workspace
from hoshin_tui.model.enums import Corner, InitiativeKind, MarkRole
from hoshin_tui.model.plan import (
    AnnualObjective,
    Correlation,
    Initiative,
    Measure,
    PeopleMark,
    Person,
    Plan,
    Strategy,
)
from hoshin_tui.store import SessionStore
from hoshin_tui.tui.app import HoshinApp, make_app


def tui_plan() -> Plan:
    """Three strategies, objectives, both kinds of initiative and measures; one gap per level.

    Gaps on purpose, so the health panel has something to say: S3 has no objective, and
    nobody owns M2.
    """
    ana = Person(id="pe_ana", name="Ana Ferreira", role="deployment_leader", department="Sales")
    bo = Person(id="pe_bo", name="Bo Chen", role="department_leader", department="Plant 1")
    cy = Person(id="pe_cy", name="Cy Duarte", role="member", department="Quality")
    s1 = Strategy(id="st_zero", title="Zero defects at the customer", horizon="2027-2030", leader_id=bo.id)
    s2 = Strategy(id="st_service", title="Grow aftermarket service to 30% of revenue", leader_id=ana.id)
    s3 = Strategy(id="st_energy", title="Lead the market in energy-efficient pumps", leader_id=ana.id)
    o1 = AnnualObjective(id="ob_complaints", title="Halve customer complaints", owner_id=bo.id)
    o2 = AnnualObjective(id="ob_contracts", title="Service contracts on 25% of the installed base", owner_id=ana.id)
    i1 = Initiative(id="in_poka", title="Error-proof the ten worst stations", kind=InitiativeKind.OPERATIONAL)
    i1.owner_id = bo.id
    i2 = Initiative(id="in_pumpcare", title="Launch PumpCare service contracts", owner_id=ana.id)
    i3 = Initiative(id="in_huddles", title="Daily huddles on every shift", kind=InitiativeKind.OPERATIONAL)
    i3.owner_id = cy.id
    m1 = Measure(id="me_complaints", name="Customer complaints", unit="per month", baseline=38, target=19)
    m1.direction, m1.owner_id = "lower", bo.id
    m2 = Measure(id="me_contracts", name="Installed base under contract", unit="%", baseline=9, target=25)
    links = [
        (Corner.STRATEGY_OBJECTIVE, s1.id, o1.id),
        (Corner.STRATEGY_OBJECTIVE, s2.id, o2.id),
        (Corner.OBJECTIVE_INITIATIVE, o1.id, i1.id),
        (Corner.OBJECTIVE_INITIATIVE, o2.id, i2.id),
        (Corner.OBJECTIVE_INITIATIVE, o1.id, i3.id),
        (Corner.INITIATIVE_MEASURE, i1.id, m1.id),
        (Corner.INITIATIVE_MEASURE, i3.id, m1.id),
        (Corner.INITIATIVE_MEASURE, i2.id, m2.id),
    ]
    return Plan(
        title="Pump Co strategy deployment",
        organization="Pump Co",
        period="FY2027",
        aim="Every customer gets a pump that works first time, made safely by everyone.",
        people=[ana, bo, cy],
        strategies=[s1, s2, s3],
        objectives=[o1, o2],
        initiatives=[i1, i2, i3],
        measures=[m1, m2],
        correlations=[Correlation(corner=c, row_id=r, col_id=k) for c, r, k in links],
        # Each owner leads their item in the people matrix, as the health check asks.
        marks=[PeopleMark(item_id=item.id, person_id=item.owner_id, role=MarkRole.LEADER) for item in (i1, i2, i3, m1)],
    )


def make_session(workspace: Workspace, name: str = "offsite", plan: Plan | None = None) -> Path:
    with workspace.create(name, plan if plan is not None else tui_plan()) as store:
        return store.path


def reopen(path: Path) -> Plan:
    """What is on disk now, read the way a second process would."""
    with SessionStore.open(path, read_only=True) as store:
        return store.load()


def session_app(workspace: Workspace, path: Path) -> HoshinApp:
    return make_app(workspace, path)


async def settle(pilot: Pilot) -> None:
    """Let workers finish and the screen catch up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def settle_until(pilot: Pilot, condition: Callable[[], bool], what: str, seconds: float = 20.0) -> None:
    """Settle until ``condition()`` holds: a worker may start another one (a file operation, then
    the list it changed), which one ``settle`` does not wait for on a loaded machine."""
    import time

    deadline = time.monotonic() + seconds
    await settle(pilot)
    while not condition():
        assert time.monotonic() < deadline, f"still not true after {seconds:.0f} s: {what}"
        await pilot.pause(0.05)
        await settle(pilot)


async def go(pilot: Pilot, step: str) -> None:
    from hoshin_tui.tui.screens.session import SessionScreen

    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    screen.go_to(step)
    await pilot.pause()


def screen_text(app: HoshinApp) -> str:
    """The visible text of the current screen, to assert on what the room sees."""
    from textual.widgets import DataTable, Static

    from hoshin_tui.tui.widgets.bowling_grid import BowlingGrid
    from hoshin_tui.tui.widgets.item_list import ItemList

    parts: list[str] = []
    for widget in app.screen.query("*"):
        if not widget.display:
            continue
        if isinstance(widget, Static):
            parts.append(str(widget.render()))
        elif isinstance(widget, ItemList):
            parts.extend(" ".join(cells) for cells in widget.cells)
        elif isinstance(widget, BowlingGrid):
            parts.extend(" ".join(cell.plain for cell in widget.cells[key]) for key in widget.row_keys)
        elif isinstance(widget, DataTable):
            for row in widget.ordered_rows:
                parts.append(" ".join(str(cell) for cell in widget.get_row(row.key)))
    return "\n".join(parts)


def toasts(app: HoshinApp) -> list[str]:
    """The notifications on screen now, as the room reads them (needs ``run_test(notifications=True)``)."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]
