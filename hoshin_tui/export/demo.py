"""The demo plan: a year of strategy deployment at Brennmoor Pumps, a fictional manufacturer.

Brennmoor makes industrial centrifugal pumps, employs about 600 people and builds in two
plants, Northvale and Riverside. The demo holds the whole story a facilitator wants to show:
the off-site that made the plan (agenda, catchball, dot vote, decisions, parking lot), the
X-matrix, the people, one A3 per strategy and a problem-solving A3, and a finished plan year
of monthly results with two red months and their countermeasures.

The plan is data (``hoshin_tui/core/data/demo.json``, in the interchange format) and is read
through the JSON importer, so every ``hoshin demo`` checks it as an import is checked. It is
dated once; it is shown moved in time so that its plan year ended last month and never looks
stale (see :mod:`hoshin_tui.core.timeshift`). Ids and text are the same on every run.
"""

from __future__ import annotations

import json
from datetime import date
from importlib.resources import files

from hoshin_tui.core.data import read_text
from hoshin_tui.core.timeshift import month_index, shift_plan
from hoshin_tui.export.json_io import plan_from_json
from hoshin_tui.model import Plan

DEMO_FILE = "demo.json"
# Parts of the story kept in files of their own (demo-room.json, demo-review.json...): each
# holds whole top-level lists of the plan, which replace those of demo.json. Two parts never
# hold the same list (a test checks), so each part of the story can be told on its own.
DEMO_PART_PATTERN = "demo-*.json"


def demo_json() -> str:
    """The demo plan as one interchange document: demo.json with its parts laid over it."""
    base = json.loads(read_text(DEMO_FILE))
    for name in demo_part_names():
        part = json.loads(read_text(name))
        base.update({key: value for key, value in part.items() if key != "schema_version"})
    return json.dumps(base, ensure_ascii=False)


def demo_part_names() -> list[str]:
    """The parts of the demo, in name order."""
    folder = files("hoshin_tui.core.data")
    return sorted(
        entry.name for entry in folder.iterdir() if entry.name.startswith("demo-") and entry.name.endswith(".json")
    )


def build_demo_plan(today: date | None = None) -> Plan:
    """The complete Brennmoor Pumps plan, dated so that its plan year ended last month."""
    today = today or date.today()
    plan = plan_from_json(demo_json(), source=f"the demo plan ({DEMO_FILE} and its parts)")
    last = max(result.month for result in plan.monthly_results)  # "2026-12": the plan year's last month
    last_index = int(last[:4]) * 12 + int(last[5:7]) - 1
    return shift_plan(plan, month_index(today) - 1 - last_index, today)
