"""The CI sample of the crash matrix: each scenario killed at an even spread of its writes.

The whole matrix (every kill point) is ``benchmarks/crash_matrix.py``; this runs the same
scenarios and checks at about ten points each. A kill must leave every session openable
read-write with every acknowledged edit, no half-done undo, and no half-written file under
a final name.
"""

from __future__ import annotations

import pytest

from tests.crash import harness
from tests.crash.scenarios import BY_NAME, SCENARIOS


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


def _first_checkpoint_write(points: list[harness.KillPoint]) -> list[harness.KillPoint]:
    """The first write into the main file after the -wal was written: the migration is in the -wal only."""
    wal_written = False
    for point in points:
        if "offsite.sqlite-wal>" in point.shows:
            wal_written = True
        elif wal_written and point.syscall == "pwrite64" and "offsite.sqlite>" in point.shows:
            return [point]
    raise AssertionError("the migration never wrote its -wal into the main file")


@pytest.mark.skipif(harness.STRACE is None, reason="strace is not installed (.ci/setup installs it)")
def test_a_kill_just_after_the_migration_committed_leaves_a_session_that_opens(tmp_path):
    """Killed as the migrated pages start to reach the main file, whose header still says format 1.

    Found by the matrix: the next open migrated again from the main file's header, not from
    the format of the recovered file, and refused it ("duplicate column name: strength")."""
    result = harness.run_scenario(BY_NAME["migration"], tmp_path, choose=_first_checkpoint_write, keep_failures=0)
    assert len(result.outcomes) == 1
    assert not result.failures, result.failures[0].problems()
