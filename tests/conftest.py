"""Shared fixtures: every test gets its own workspace; none touches the repo's sessions/."""

from __future__ import annotations

from pathlib import Path

import pytest

from hoshin_tui.core.workspace import Workspace


@pytest.fixture(autouse=True)
def _no_inherited_workspace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOSHIN_WORKSPACE", raising=False)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path)
