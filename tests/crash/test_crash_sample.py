"""The CI sample of the crash matrix: each scenario killed at an even spread of its writes.

The whole matrix (every kill point) is ``benchmarks/crash_matrix.py``; this runs the same
scenarios and checks at about ten points each. A kill must leave every session openable
read-write with every acknowledged edit, no half-done undo, and no half-written file under
a final name.
"""

from __future__ import annotations

import pytest

from tests.crash import harness
from tests.crash.scenarios import SCENARIOS


def _param(scenario: harness.Scenario) -> object:
    return pytest.param(scenario, id=scenario.name)


@pytest.mark.skipif(harness.STRACE is None, reason="strace is not installed (.ci/setup installs it)")
@pytest.mark.parametrize("scenario", [_param(s) for s in SCENARIOS])
def test_a_kill_at_any_write_leaves_every_acknowledged_edit_and_no_half_file(scenario, tmp_path):
    if scenario.todo:
        pytest.skip(f"TODO {scenario.name}: {scenario.todo}")
    result = harness.run_scenario(scenario, tmp_path, sample=scenario.sample_size, keep_failures=0)
    assert result.outcomes, f"{scenario.name}: no kill point found"
    report = "\n".join(f"{o.point} [{', '.join(o.acks[-1:])}] {o.problems()}" for o in result.failures)
    assert not result.failures, f"{scenario.name}: {len(result.failures)} of {len(result.outcomes)} kills:\n{report}"
    assert result.row()["opened ok"] == len(result.outcomes)
