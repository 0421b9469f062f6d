"""Kill a process at each of its writes (strace fault injection) and tally what each kill leaves.

A *kill point* is "the Nth call of syscall S": strace's ``inject=S:signal=KILL:when=N``
delivers SIGKILL as the process enters that call, so the call itself never happens. The
points of a scenario come from one traced run (``strace -y`` names the file behind each
descriptor); only calls that touch the run's workspace, or write an acknowledgement to
standard output, are kept: a kill between two such calls leaves the same files as a kill at
the next one. The full matrix kills at every point, a sample at an even spread of them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
STRACE = shutil.which("strace")
# Every call that changes a file or its name, and the writes to stdout that acknowledge.
SYSCALLS = (
    "write",
    "writev",
    "pwrite64",
    "pwritev",
    "pwritev2",
    "fsync",
    "fdatasync",
    "ftruncate",
    "rename",
    "renameat",
    "renameat2",
    "link",
    "linkat",
    "unlink",
    "unlinkat",
    "sendfile",  # shutil.copyfile's fast path: backup copies are written with it
    "copy_file_range",
    "fallocate",
    "truncate",
)
_CALL = re.compile(r"^(?P<name>[a-z0-9_]+)\((?P<args>.*)$")


@dataclass(frozen=True)
class KillPoint:
    syscall: str
    nth: int  # 1-based count of this syscall in the process
    shows: str = ""  # the traced call, shortened, for reports

    def __str__(self) -> str:
        return f"{self.syscall}#{self.nth}"


@dataclass
class Outcome:
    """What one kill left behind, as the room would see it."""

    point: KillPoint
    killed: bool = True
    acks: list[str] = field(default_factory=list)
    opened: int = 0  # sessions that opened read-write with the state they must have
    refused: list[str] = field(default_factory=list)  # sessions that should open but were refused
    recoverable: int = 0  # of those, how many plain SQLite recovers with the right state
    lost: int = 0  # acknowledged edits (or files) that are not there
    torn: list[str] = field(default_factory=list)  # a state that no sequence of whole edits gives
    half_written: list[str] = field(default_factory=list)  # incomplete files under a final name
    stray: list[str] = field(default_factory=list)  # leftovers that are not temp names
    error: str = ""  # the check itself failed

    @property
    def ok(self) -> bool:
        return self.killed and not (self.refused or self.lost or self.torn or self.half_written or self.error)

    def problems(self) -> str:
        parts = [f"refused: {r}" for r in self.refused]
        parts += [f"lost {self.lost} acknowledged"] if self.lost else []
        parts += [f"torn: {t}" for t in self.torn] + [f"half-written: {h}" for h in self.half_written]
        parts += ["not killed (the point was not reached)"] if not self.killed else []
        parts += [f"check failed: {self.error}"] if self.error else []
        return "; ".join(parts)


@dataclass
class Reference:
    """What an uninterrupted run of the scenario produces, for the checks to compare with."""

    acks: list[str]
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Scenario:
    """One operation to kill: how to build its workspace, run it, and check what a kill left."""

    name: str
    what: str
    setup: Callable[[Path, Path], None] | None = None  # (workspace, home) -> None
    command: Callable[[Path], list[str]] | None = None  # workspace -> argv
    reference: Callable[[Path, Path, list[str]], Reference] | None = None  # (template, scratch, acks)
    verify: Callable[[Path, Reference, Outcome], None] | None = None  # (workspace, reference, outcome)
    snapshots: bool = False  # the command takes --snapshots FILE in the reference run
    sample_size: int = 8
    focus: str = ""  # the sample picks only kill points whose call names this (the output file, say)
    todo: str = ""  # a slot for an operation that does not exist yet


@dataclass
class ScenarioResult:
    scenario: Scenario
    points_total: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, test: Callable[[Outcome], bool]) -> int:
        return sum(1 for o in self.outcomes if test(o))

    def row(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario.name,
            "kill points": len(self.outcomes),
            "of": self.points_total,
            "opened ok": self.count(lambda o: o.killed and not o.refused and not o.error and o.opened > 0),
            "wrongly refused": self.count(lambda o: bool(o.refused)),
            "recoverable": sum(o.recoverable for o in self.outcomes),
            "acked lost": sum(o.lost for o in self.outcomes),
            "torn": self.count(lambda o: bool(o.torn)),
            "half-written": self.count(lambda o: bool(o.half_written)),
            "stray": self.count(lambda o: bool(o.stray)),
            "not killed": self.count(lambda o: not o.killed),
            "errors": self.count(lambda o: bool(o.error)),
            "seconds": round(self.seconds, 1),
        }

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]


def environment(home: Path) -> dict[str, str]:
    """The same environment for every run: no bytecode writes (they would be kill points), a private home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOSHIN_", "PYTEST", "COV_"))}
    env.update(
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONPATH=str(REPO),
        HOME=str(home),
        XDG_CACHE_HOME=str(home / ".cache"),
        TZ="UTC",
        LC_ALL="C.UTF-8",
    )
    return env


def fresh_cache(env: dict[str, str], folder: Path) -> dict[str, str]:
    """``env`` with an empty cache folder of its own."""
    shutil.rmtree(folder, ignore_errors=True)
    return {**env, "XDG_CACHE_HOME": str(folder)}


def hoshin() -> str:
    """The installed ``hoshin`` command of the running virtualenv."""
    return str(Path(sys.executable).with_name("hoshin"))


def driver(action: str) -> Callable[[Path], list[str]]:
    return lambda workspace: [sys.executable, "-m", "tests.crash.driver", action, str(workspace)]


def acknowledgements(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith(("ack ", "Wrote ", "Imported ", "Rolled "))]


def find_kill_points(argv: Sequence[str], workspace: Path, env: dict[str, str]) -> tuple[list[KillPoint], str]:
    """Trace one run and list the calls worth a kill, in the order they happen."""
    with tempfile.NamedTemporaryFile(prefix="crash-trace-", suffix=".log", delete=False) as log:
        log_path = Path(log.name)
    try:
        done = subprocess.run(
            [STRACE, "-y", "-qq", "-o", str(log_path), "-e", f"trace={','.join(SYSCALLS)}", *argv],
            cwd=workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        lines = log_path.read_text(errors="replace").splitlines()
    finally:
        log_path.unlink(missing_ok=True)
    if done.returncode != 0:
        raise RuntimeError(f"the traced run of {argv} failed ({done.returncode}): {done.stderr[-2000:]}")
    seen: dict[str, int] = {}
    points: list[KillPoint] = []
    root = str(workspace)
    for line in lines:
        match = _CALL.match(line)
        if not match:
            continue  # signals, exits
        name, args = match["name"], match["args"]
        seen[name] = seen.get(name, 0) + 1
        if root in args or (name in ("write", "writev") and args.startswith("1<")):
            points.append(KillPoint(name, seen[name], line[:160]))
    return points, done.stdout


def spread(points: Sequence[KillPoint], size: int | None) -> list[KillPoint]:
    """All points, or ``size`` of them evenly spread from the first to the last."""
    if size is None or size >= len(points):
        return list(points)
    if size <= 1:
        return [points[-1]]
    step = (len(points) - 1) / (size - 1)
    return list(dict.fromkeys(points[round(i * step)] for i in range(size)))


def kill_at(argv: Sequence[str], workspace: Path, env: dict[str, str], point: KillPoint) -> tuple[bool, str]:
    """Run ``argv`` and kill it as it enters ``point``; returns (was killed, its stdout)."""
    done = subprocess.run(
        [
            STRACE,
            "-qq",
            "-o",
            os.devnull,
            "-e",
            f"trace={point.syscall}",
            "-e",
            f"inject={point.syscall}:signal=KILL:when={point.nth}",
            *argv,
        ],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.returncode in (-9, 137), done.stdout


def run_scenario(
    scenario: Scenario,
    base: Path,
    *,
    sample: int | None = None,
    jobs: int | None = None,
    keep_failures: int = 3,
    progress: Callable[[str], None] | None = None,
    choose: Callable[[list[KillPoint]], list[KillPoint]] | None = None,
) -> ScenarioResult:
    """Set up, run once untouched (the reference), trace once (the points), then kill at each point.

    ``sample``: how many points (None: every point); ``choose`` picks them instead. Failing runs are kept under
    ``base/<scenario>/failed-*`` (at most ``keep_failures``) to look at.
    """
    result = ScenarioResult(scenario)
    if scenario.todo:
        return result
    assert scenario.command and scenario.reference and scenario.verify
    started = time.monotonic()
    root = base / scenario.name
    shutil.rmtree(root, ignore_errors=True)
    home, template = root / "home", root / "template"
    home.mkdir(parents=True)
    template.mkdir()
    env = environment(home)
    if scenario.setup:
        scenario.setup(template, home)

    traced = _copy(template, root / "traced")  # the reference run, traced to find the kill points
    snapshots = root / "snapshots.json"
    extra = ["--snapshots", str(snapshots)] if scenario.snapshots else []
    # Each run starts with an empty cache folder, so every run makes the same writes (the
    # exporters cache font tables and compiled templates) and the cache's own writes are killed too.
    traced_env = fresh_cache(env, root / "cache-traced")
    points, stdout = find_kill_points([*scenario.command(traced), *extra], traced, traced_env)
    reference = scenario.reference(template, traced, acknowledgements(stdout))
    if scenario.snapshots:
        reference.data["snapshots"] = json.loads(snapshots.read_text())
    shutil.rmtree(traced)
    result.points_total = len(points)
    focused = [p for p in points if scenario.focus in p.shows] if scenario.focus and sample else points
    chosen = choose(points) if choose else spread(focused, sample)
    kept = 0

    def one(index: int, point: KillPoint) -> Outcome:
        nonlocal kept
        workspace = _copy(template, root / f"run-{index:05d}")
        run_env = fresh_cache(env, root / f"cache-{index:05d}")
        killed, stdout = kill_at(scenario.command(workspace), workspace, run_env, point)
        outcome = Outcome(point, killed=killed, acks=acknowledgements(stdout))
        try:
            scenario.verify(workspace, reference, outcome)
        except Exception as exc:  # a check that crashes is a finding too, not a reason to stop the matrix
            outcome.error = f"{type(exc).__name__}: {exc}"
        if not outcome.ok and kept < keep_failures:
            kept += 1
            workspace.rename(root / f"failed-{point.syscall}-{point.nth}")
        else:
            shutil.rmtree(workspace, ignore_errors=True)
        if progress:
            progress(f"{scenario.name} {point}: {'ok' if outcome.ok else outcome.problems()}")
        return outcome

    with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 2) as pool:
        result.outcomes = list(pool.map(one, range(len(chosen)), chosen))
    result.seconds = time.monotonic() - started
    return result


def _copy(template: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(template, target, symlinks=True)
    return target


COLUMNS = (
    "scenario",
    "kill points",
    "of",
    "opened ok",
    "wrongly refused",
    "recoverable",
    "acked lost",
    "torn",
    "half-written",
    "stray",
    "not killed",
    "errors",
    "seconds",
)


def table(results: Iterable[ScenarioResult]) -> str:
    """The counts per scenario, as a plain-text table."""
    rows = []
    for result in results:
        if result.scenario.todo:
            rows.append({"scenario": result.scenario.name, "kill points": f"TODO: {result.scenario.todo}"})
        else:
            rows.append(result.row())
    counted = [r for r in rows if not isinstance(r.get("kill points"), str)]
    widths = {c: max([len(c)] + [len(str(r.get(c, ""))) for r in counted]) for c in COLUMNS}
    lines = ["  ".join(c.ljust(widths[c]) for c in COLUMNS)]
    for row in rows:
        if isinstance(row.get("kill points"), str):
            lines.append(f"{row['scenario'].ljust(widths['scenario'])}  {row['kill points']}")
            continue
        lines.append("  ".join(str(row.get(c, "")).ljust(widths[c]) for c in COLUMNS))
    return "\n".join(lines)
