"""The session picker: what it lists, and every file operation, checked on disk."""

from __future__ import annotations

from pathlib import Path

from hoshin_tui.core.workspace import Workspace
from hoshin_tui.export.json_io import plan_to_json
from hoshin_tui.tui.app import make_app
from hoshin_tui.tui.dialogs.confirm import ConfirmDialog
from hoshin_tui.tui.dialogs.message import MessageDialog
from hoshin_tui.tui.dialogs.prompt import PromptDialog
from hoshin_tui.tui.screens.picker import SessionPickerScreen
from hoshin_tui.tui.screens.session import SessionScreen
from hoshin_tui.tui.widgets.item_list import ItemList
from tests.tui.helpers import make_session, reopen, screen_text, settle, settle_until, toasts, tui_plan


def picker_rows(app) -> list[list[str]]:
    return [list(cells) for cells in app.screen.query_one("#sessions", ItemList).cells]


async def test_lists_sessions_with_counts_and_shows_why_a_file_cannot_open(workspace: Workspace):
    make_session(workspace, "offsite")
    (workspace.sessions_dir / "broken.sqlite").write_bytes(b"not a database at all")
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        rows = {row[0]: row for row in picker_rows(app)}
        assert rows["offsite"][3:] == ["3", "2", "3", "2", "3"]
        assert rows["broken"][2] == "cannot open"
        app.screen.query_one("#sessions", ItemList).focus()
        await pilot.press(*["down"] * list(rows).index("broken"))
        await pilot.pause()
        assert "broken.sqlite is not a hoshin session" in screen_text(app)


async def test_new_session_is_created_and_opened(workspace: Workspace):
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "No sessions here yet" in screen_text(app)
        await pilot.press("n")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"Q3 review", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
    assert reopen(workspace.sessions_dir / "q3-review.sqlite").title == "Q3 review"


async def test_a_name_already_taken_is_refused_in_the_dialog(workspace: Workspace):
    make_session(workspace, "offsite")
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        app.screen.query_one("Input").value = "Offsite"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog)
        assert "already exists" in str(app.screen.query_one("#prompt-error").render())


async def test_duplicate_rename_and_delete_with_confirmation(workspace: Workspace):
    make_session(workspace, "offsite")
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c", "enter")  # accept the proposed name "offsite-copy"
        copy = workspace.sessions_dir / "offsite-copy.sqlite"
        await settle_until(pilot, copy.exists, "the copy is written")
        assert reopen(workspace.sessions_dir / "offsite-copy.sqlite").strategies[0].id == "st_zero"

        await pilot.press("r")
        dialog = app.screen
        assert isinstance(dialog, PromptDialog)
        dialog.query_one("Input").value = "Spring offsite"
        await pilot.press("enter")
        renamed = workspace.sessions_dir / "spring-offsite.sqlite"
        await settle_until(pilot, renamed.exists, "the session is renamed")
        names = sorted(p.name for p in workspace.sessions_dir.glob("*.sqlite"))
        assert len(names) == 2 and "spring-offsite.sqlite" in names

        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep
        await settle(pilot)
        assert len(list(workspace.sessions_dir.glob("*.sqlite"))) == 2
        await pilot.press("delete", "y")
        await settle_until(pilot, lambda: len(picker_rows(app)) == 1, "the deleted session leaves the list")
        assert len(list(workspace.sessions_dir.glob("*.sqlite"))) == 1
        assert len(list((workspace.sessions_dir / ".trash").glob("*.sqlite"))) == 1
        assert len(picker_rows(app)) == 1


async def test_import_json_makes_a_session(workspace: Workspace, tmp_path: Path):
    source = tmp_path / "plan from laptop.json"
    source.write_text(plan_to_json(tui_plan()), encoding="utf-8")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    app = make_app(workspace)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("i")
        app.screen.query_one("Input").value = str(tmp_path / "bad.json")
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert any("bad.json: it is not valid JSON" in text for text in toasts(app))
        assert not list(workspace.sessions_dir.glob("*.sqlite"))

        await pilot.press("i")
        app.screen.query_one("Input").value = str(source)
        await pilot.press("enter")
        assert app.screen.query_one("Input").value == "plan-from-laptop"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionPickerScreen)
    assert reopen(workspace.sessions_dir / "plan-from-laptop.sqlite").measures[0].name == "Customer complaints"


async def test_the_demo_is_one_key_away(workspace: Workspace):
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.session.plan.strategies
        await pilot.press("ctrl+w")
        await settle(pilot)
        await pilot.press("d")  # a second time: opens the same file
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
    assert [p.name for p in workspace.sessions_dir.glob("*.sqlite")] == ["demo.sqlite"]


async def test_a_refused_file_shows_the_reason_then_the_picker(workspace: Workspace):
    path = make_session(workspace, "offsite")
    newer = workspace.sessions_dir / "future.sqlite"
    newer.write_bytes(path.read_bytes())
    with newer.open("r+b") as handle:  # user_version lives at byte 60 of the SQLite header
        handle.seek(60)
        handle.write((99).to_bytes(4, "big"))
    app = make_app(workspace, newer)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MessageDialog)
        assert "written by a newer hoshin-tui" in app.screen.message
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionPickerScreen)
