"""The plan the store hands out after each change is exactly what a fresh open reads.

load() keeps validated lists in memory and patches them after each edit; a wrong patch
would show the room a plan that is not the one on disk. Random mixes of every kind of
edit, undo and redo are compared, after every step, with a fresh read of the file.
"""

from __future__ import annotations

import random

import pytest

from hoshin_tui.model.enums import Corner, MarkRole, Strength
from hoshin_tui.model.plan import AnnualObjective, Measure, Person, Strategy
from hoshin_tui.store import SessionStore
from tests.plans import small_plan


def _random_edit(store: SessionStore, rng: random.Random, n: int) -> None:
    plan = store.load()
    choice = rng.randrange(9)
    if choice == 0:
        store.save(Strategy(title=f"Strategy {n}"))
    elif choice == 1 and plan.strategies:
        item = rng.choice(plan.strategies).model_copy(update={"title": f"Renamed {n}"})
        store.save(item)
    elif choice == 2 and plan.objectives:
        store.delete(rng.choice(plan.objectives))
    elif choice == 3 and len(plan.strategies) > 1:
        store.move(rng.choice(plan.strategies), rng.choice([-2, -1, 1, 2]))
    elif choice == 4 and plan.strategies and plan.objectives:
        strength = rng.choice([Strength.STRONG, Strength.MEDIUM, Strength.WEAK, None])
        store.set_correlation(
            Corner.STRATEGY_OBJECTIVE, rng.choice(plan.strategies).id, rng.choice(plan.objectives).id, strength
        )
    elif choice == 5 and plan.people and plan.measures:
        role = rng.choice([MarkRole.LEADER, MarkRole.CORE, None])
        store.set_mark(rng.choice(plan.measures).id, rng.choice(plan.people).id, role)
    elif choice == 6:
        store.undo()
    elif choice == 7:
        store.redo()
    else:
        store.save(rng.choice([AnnualObjective(title=f"Objective {n}"), Measure(name=f"M {n}"), Person(name=f"P {n}")]))


@pytest.mark.parametrize("seed", range(4))
def test_cached_plan_always_matches_the_file(tmp_path, seed):
    rng = random.Random(seed)
    path = tmp_path / "cache.sqlite"
    with SessionStore.create(path, small_plan()) as store:
        for n in range(120):
            _random_edit(store, rng, n)
            with SessionStore.open(path, read_only=True) as fresh:
                assert store.load().model_dump() == fresh.load().model_dump(), f"after edit {n}"
