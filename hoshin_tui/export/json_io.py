"""Lossless JSON interchange: the JSON document is exactly the :class:`Plan` model.

An import is checked whole before anything is written (see :mod:`json_check`): a file is
either a plan that exports back to the same JSON, or refused with every problem named.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

from hoshin_tui.model import Plan
from hoshin_tui.store import StoreError

MAX_LINES = 10  # problems listed before "and N more"


class ImportRefused(StoreError):
    """The JSON file cannot become a session; nothing was written.

    ``str()`` is one line (for a notification); ``lines`` lists the problems for a terminal.
    """

    def __init__(self, source: str | None, problems: list[str]) -> None:
        self.prefix = f"{source}: " if source else ""
        self.problems = problems
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(f"{self.prefix}{problems[0]}{more}")

    @property
    def lines(self) -> list[str]:
        shown = [f"{self.prefix}{problem}" for problem in self.problems[:MAX_LINES]]
        if len(self.problems) > MAX_LINES:
            shown.append(f"{self.prefix}and {len(self.problems) - MAX_LINES} more problems; nothing was imported")
        return shown


def plan_to_json(plan: Plan) -> str:
    return plan.model_dump_json(indent=2) + "\n"


def plan_from_json(text: str, *, source: str = "the file") -> Plan:
    """Parse and check a plan; :class:`ImportRefused` names every problem, item and field."""
    from hoshin_tui.export.json_check import Refusal, checked_plan

    try:
        return checked_plan(text)
    except Refusal as exc:
        raise ImportRefused(source, exc.problems) from None


def read_plan(path: Path) -> Plan:
    """The plan of a JSON export at ``path``, checked whole (:class:`ImportRefused` if not)."""
    from hoshin_tui.export.json_check import MAX_BYTES

    try:
        if stat.S_ISDIR(path.stat().st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(path.stat().st_mode):  # before opening it: a fifo would block, a device never end
            raise ImportRefused(str(path), ["it is not a regular file, so it cannot be a JSON export"])
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ImportRefused(None, [f"No file at {path}"]) from None
    except IsADirectoryError:
        raise ImportRefused(str(path), ["it is a folder, not a JSON file"]) from None
    except OSError as exc:
        raise ImportRefused(str(path), [f"cannot read it: {exc.strerror}"]) from exc
    if len(raw) > MAX_BYTES:
        raise ImportRefused(path.name, [f"it is larger than {MAX_BYTES // 2**20} MB: it is not a hoshin export"])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ImportRefused(path.name, ["it is not UTF-8 text: it cannot be a hoshin JSON export"]) from None
    return plan_from_json(text.removeprefix("\ufeff"), source=path.name)


def json_schema() -> str:
    """The published JSON Schema of the interchange format (docs/plan.schema.json)."""
    schema = Plan.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "hoshin-tui/plan.schema.json"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
