"""Monthly actuals from a spreadsheet: read a CSV, check every row, then apply it as one change.

Measure owners keep their numbers in spreadsheets; ``hoshin import actuals`` brings them in
without retyping. The file is checked whole before anything is written: one bad row refuses
the file, and every bad row is reported with its line number and the reason, so the owner
fixes them all in one go. What is applied is one undo step; importing the same file again
changes nothing (and records nothing).

Columns (a header row, any order, any case): ``measure`` (its code, M3, or its name),
``month`` (2027-03), ``actual``, and optionally ``plan``. Other columns (unit, comment) are
ignored and named in the summary. Commas, semicolons (European Excel) and tabs are read.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from hoshin_tui.model.plan import Measure, MonthlyResult, Plan
from hoshin_tui.store.session import SessionStore

COLUMNS = ("measure", "month", "actual", "plan")
_ALIASES = {"code": "measure", "kpi": "measure", "name": "measure", "value": "actual"}
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-\d{1,2})?$")  # 2027-03, 2027-3, or a date (Excel's 2027-03-01)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
MAX_BYTES = 20_000_000
"""A CSV of actuals is a few kB; a bigger file is almost surely the wrong one."""


class ActualsFileRefused(ValueError):
    """The file cannot be read at all (not found, not text, no header); ``str`` is the one line to show."""


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True)
class Change:
    """One month of one measure as the file would leave it; ``before`` is None for a new month."""

    line: int
    measure: Measure
    before: MonthlyResult | None
    after: MonthlyResult

    @property
    def kind(self) -> str:
        if self.before is None:
            return "new"
        return "unchanged" if self.before == self.after else "changed"

    def describe(self) -> str:
        """``M3 2027-03: actual 91 → 93`` (what a dry run prints)."""
        parts = []
        for name in ("actual", "plan"):
            old = getattr(self.before, name) if self.before is not None else None
            new = getattr(self.after, name)
            if old != new:
                parts.append(f"{name} {_shown(old)} → {_shown(new)}")
        what = ", ".join(parts) or "no change"
        code = self.measure.code or self.measure.name
        return f"{code} {self.after.month}: {what}"


@dataclass
class ActualsImport:
    """What a file holds, checked against a plan: the changes, or the problems that refuse it."""

    source: str
    changes: list[Change] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, kind: str) -> int:
        return sum(1 for change in self.changes if change.kind == kind)

    @property
    def effective(self) -> list[Change]:
        """The changes that write something (new or changed months)."""
        return [change for change in self.changes if change.kind != "unchanged"]

    def summary(self) -> str:
        """``12 rows: 3 new months, 2 changed, 7 unchanged``."""
        rows, new = len(self.changes), self.count("new")
        text = f"{_plural(rows, 'row')}: {_plural(new, 'new month')}, "
        text += f"{self.count('changed')} changed, {self.count('unchanged')} unchanged"
        if self.ignored_columns:
            ignored = len(self.ignored_columns)
            text += f" (ignored column{'s' if ignored != 1 else ''}: {', '.join(self.ignored_columns)})"
        return text

    def refusal(self) -> list[str]:
        """The lines to show when the file is refused: what happened, then every bad row."""
        bad = len(self.problems)
        head = f"{self.source}: {_plural(bad, 'bad row')}; nothing was imported. Fix them and import again:"
        return [head, *(f"  {problem}" for problem in self.problems)]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def _shown(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def read_actuals_text(path: Path) -> str:
    """The file's text (UTF-8, an Excel byte-order mark allowed), or one line saying why not."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ActualsFileRefused(f"{path.name} is larger than {MAX_BYTES // 1_000_000} MB: is it the right file?")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ActualsFileRefused(f"No file {path}") from None
    except IsADirectoryError:
        raise ActualsFileRefused(f"{path} is a folder, not a CSV file") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ActualsFileRefused(
            f"{path.name} is not UTF-8 text (byte {exc.start + 1}): save it as 'CSV UTF-8' and import again"
        ) from None


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    first = text.splitlines()[0] if text.strip() else ""
    counts = {delimiter: first.count(delimiter) for delimiter in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","

    class Chosen(csv.excel):
        pass

    Chosen.delimiter = delimiter
    return Chosen


def _header(cells: list[str]) -> tuple[dict[str, int], list[str]]:
    """Column name -> index for the columns read, and the names of the ignored ones."""
    found: dict[str, int] = {}
    ignored = []
    for index, cell in enumerate(cells):
        name = cell.strip().lower()
        name = _ALIASES.get(name, name)
        if name in COLUMNS and name not in found:
            found[name] = index
        elif cell.strip():
            ignored.append(cell.strip())
    return found, ignored


def _month(text: str) -> str | None:
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        return None
    return f"{match[1]}-{int(match[2]):02d}"


def _number(text: str) -> float | None:
    """A number as a spreadsheet writes it: ``97.8``, ``97,8`` (decimal comma), ``1 234``, ``97.8 %``."""
    cleaned = text.strip().removesuffix("%").strip().replace("\u00a0", "").replace(" ", "")
    if "," in cleaned and "." not in cleaned and cleaned.count(",") == 1:
        cleaned = cleaned.replace(",", ".")
    if not _NUMBER.match(cleaned):
        raise ValueError(text)
    value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError(text)
    return value + 0.0


class _Measures:
    """Finds a measure by its code (any case) or its exact name (any case, spaces trimmed)."""

    def __init__(self, plan: Plan) -> None:
        self.by_code = {m.code.casefold(): m for m in plan.measures if m.code}
        self.by_name: dict[str, list[Measure]] = {}
        for measure in plan.measures:
            self.by_name.setdefault(" ".join(measure.name.split()).casefold(), []).append(measure)

    def find(self, text: str) -> tuple[Measure | None, str]:
        key = " ".join(text.split()).casefold()
        if not key:
            return None, "no measure given"
        if key in self.by_code:
            return self.by_code[key], ""
        named = self.by_name.get(key, [])
        if len(named) == 1:
            return named[0], ""
        if len(named) > 1:
            codes = ", ".join(m.code or m.id for m in named)
            return None, f"{len(named)} measures are named '{text.strip()}' ({codes}): use the code"
        return None, f"no measure with the code or name '{text.strip()}' in this plan"


def check_actuals(text: str, plan: Plan, *, source: str = "the file", today: date | None = None) -> ActualsImport:
    """Every row of ``text`` checked against ``plan``: the changes it would make, or why it is refused.

    An actual for a month after ``today``'s is refused (a typed year, 2207-03); a plan may be for any month.
    """
    this_month = (today or date.today()).strftime("%Y-%m")
    result = ActualsImport(source)
    text = text.removeprefix("\ufeff")  # Excel's byte-order mark, if the text was read without utf-8-sig
    rows = list(csv.reader(io.StringIO(text), _dialect(text)))
    numbered = [(line, row) for line, row in enumerate(rows, start=1) if any(cell.strip() for cell in row)]
    if not numbered:
        raise ActualsFileRefused(
            f"{source} is empty: it needs a header row (measure, month, actual) and one row a month"
        )
    header_line, header = numbered[0]
    columns, result.ignored_columns = _header(header)
    missing = [name for name in ("measure", "month") if name not in columns]
    if "actual" not in columns and "plan" not in columns:
        missing.append("actual")
    if missing:
        raise ActualsFileRefused(
            f"{source}, line {header_line}: the header row lacks the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} (expected: measure, month, actual, and optionally plan)"
        )
    measures = _Measures(plan)
    existing = {(r.measure_id, r.month): r for r in plan.monthly_results}
    seen: dict[tuple[str, str], int] = {}
    for line, row in numbered[1:]:
        problem, change = _check_row(line, row, columns, measures, existing, seen, this_month)
        if problem:
            result.problems.append(RowProblem(line, problem))
        elif change is not None:
            result.changes.append(change)
    if not numbered[1:]:
        result.problems.append(RowProblem(header_line, "the file has a header row and no data rows"))
    return result


def _check_row(
    line: int,
    row: list[str],
    columns: dict[str, int],
    measures: _Measures,
    existing: dict[tuple[str, str], MonthlyResult],
    seen: dict[tuple[str, str], int],
    this_month: str,
) -> tuple[str, Change | None]:
    def cell(name: str) -> str:
        index = columns.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    reasons = []
    measure, why = measures.find(cell("measure"))
    if measure is None:
        reasons.append(why)
    month = _month(cell("month"))
    if month is None:
        given = cell("month")
        reasons.append(f"the month '{given}' is not a month: write it as 2027-03" if given else "no month given")
    values: dict[str, float | None] = {}
    for name in ("actual", "plan"):
        text = cell(name)
        if not text:
            continue
        try:
            values[name] = _number(text)
        except ValueError:
            reasons.append(f"the {name} '{text}' is not a number")
    if not values and not any("not a number" in reason for reason in reasons):
        reasons.append("no actual (and no plan) given")
    if month is not None and "actual" in values and month > this_month:
        reasons.append(f"an actual for {month}, a month still to come (is the year right?)")
    if reasons or measure is None or month is None:
        return "; ".join(reasons), None
    key = (measure.id, month)
    if key in seen:
        return f"{measure.code or measure.name} {month} is already on line {seen[key]}", None
    seen[key] = line
    before = existing.get(key)
    if before is None:
        after = MonthlyResult(measure_id=measure.id, month=month, **values)
    else:
        after = before.model_copy(update=values)
    return "", Change(line, measure, before, after)


def import_actuals(
    store: SessionStore, path: Path, *, dry_run: bool = False, today: date | None = None
) -> ActualsImport:
    """Check ``path`` against the session and, unless ``dry_run`` or any row is bad, apply it as one undo step."""
    checked = check_actuals(read_actuals_text(path), store.load(), source=path.name, today=today)
    if checked.ok and not dry_run and checked.effective:
        label = f"import actuals from {path.name} ({len(checked.effective)} months)"
        with store.batch(label):
            for change in checked.effective:
                store.save(change.after)
    return checked
