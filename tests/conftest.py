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


def _pin_hypothesis_constants() -> None:
    """Keep Hypothesis from mixing our own source's literals into its draws, so ``ci`` is the same every run.

    Since 6.131 Hypothesis draws, now and then, a literal found in any *local* module imported so far
    (hoshin_tui and the tests). Which are imported when a test runs depends on the tests before it and
    on lazy imports (the exporters, the steps), so a derandomized test drew other examples alone than
    in the whole suite, or after ``-k``: ``derandomize`` fixes the seed, not this pool. Hypothesis has
    no setting for it; the pool is read through one private function, so pin that to an empty pool
    (and fail loudly here, not flakily later, if an upgrade renames it).
    """
    from hypothesis.internal.conjecture import providers
    from hypothesis.internal.constants_ast import Constants

    assert callable(providers._get_local_constants), "hypothesis moved its local-constants pool: update conftest"
    empty = Constants()
    providers._get_local_constants = lambda: empty


if os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci":
    _pin_hypothesis_constants()


@pytest.fixture(autouse=True)
def _no_inherited_workspace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOSHIN_WORKSPACE", raising=False)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path)
