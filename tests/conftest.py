"""Shared fixtures: every test gets its own workspace; none touches the repo's sessions/.

Hypothesis profiles: ``ci`` (the default) is derandomized, so a run finds the same examples
every time; ``nightly`` draws many more, at random, for a run by hand:
``HYPOTHESIS_PROFILE=nightly .venv/bin/python -m pytest tests/test_import_fuzz.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from hoshin_tui.core.workspace import Workspace

settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile(
    "nightly", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _no_inherited_workspace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOSHIN_WORKSPACE", raising=False)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path)
