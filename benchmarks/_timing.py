"""Small timing helpers shared by the benchmark scripts (not tests: nothing here asserts)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(fn: Callable[[], object], *, repeat: int = 15, warmup: int = 2) -> float:
    """Median wall time of ``fn`` in milliseconds; medians shrug off a noisy neighbour."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def median_cpu_ms(fn: Callable[[], object], *, repeat: int = 5, warmup: int = 0) -> float:
    """Median CPU time of ``fn`` in this process, in milliseconds: what the work itself costs,
    whatever the neighbours do (the renderers are single-threaded)."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


def report(label: str, value_ms: float, baseline_ms: float, target_ms: float | None = None) -> None:
    ratio = value_ms / baseline_ms if baseline_ms else float("inf")
    target = f"  target <= {target_ms:g} ms: {'met' if value_ms <= target_ms else 'MISSED'}" if target_ms else ""
    print(f"{label:<50} {value_ms:9.2f} ms  {ratio:6.2f}x baseline ({baseline_ms:.2f} ms){target}")


CTRL_PAGEDOWN = "\x1b[6;5~"  # the "next step" key, as an xterm sends it


def keys_to_step(step: str) -> tuple[list[str], str]:
    """The keys that bring a session to the step just before ``step``, and the one key that then
    shows ``step``: its digit when it has one, else ctrl+pagedown from the step before it (steps
    after the tenth have no digit). A benchmark times only that last key."""
    from hoshin_tui.tui.screens.session import step_key
    from hoshin_tui.tui.steps import STEPS

    index = next(i for i, known in enumerate(STEPS) if known.key == step)
    digit = step_key(index)
    if digit is not None:
        return [], digit
    start = max(i for i in range(index) if step_key(i) is not None)
    setup = [str(step_key(start))] + [CTRL_PAGEDOWN] * (index - start - 1)
    return setup, CTRL_PAGEDOWN
