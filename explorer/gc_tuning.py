"""The cyclic garbage collector set for a process that loads large stored analyses.

A command on a thousand documents unpickles about a million objects (129,000 figures, 70,000 references, …).
CPython starts a collection every 700 allocations and a full one each time the heap has grown by a quarter, so
the loading itself kept re-walking everything already loaded: `refs --json` after one edit spent 1.1–1.5 s of its
3.7–4.1 s in the collector. The stored objects are frozen dataclasses, freed by reference counting; the collector
is kept for real cycles, only started less often — the thresholds mypy sets for the same reason
(``gc.set_threshold(200 * 1000, 30, 30)`` in its ``tune_gc``). Measured in docs/analysis.md."""

from __future__ import annotations

import gc
import platform

THRESHOLDS = (200_000, 30, 30)


def tune_gc() -> None:
    """Start collections less often (CPython only; never lowers thresholds a caller set higher)."""
    if platform.python_implementation() == "CPython" and gc.get_threshold()[0] < THRESHOLDS[0]:
        gc.set_threshold(*THRESHOLDS)
