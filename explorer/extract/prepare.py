"""The figures as the analysis uses them: the extractor's figures with their jurisdiction, their indicator
resolved (synonyms merged, noise told apart) and the researcher's corrections applied — one step after extraction.

``prepare_figures`` is pure and idempotent (preparing prepared figures changes nothing), so any consumer may call
it; ``workspace_figures(ws)`` does it once per workspace and corrections file, for the commands and panes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from explorer.corrections import FILE_NAME, Corrections, apply_corrections, load_corrections
from explorer.extract.indicators import resolve_indicators
from explorer.extract.jurisdiction import assign_jurisdictions
from explorer.model import DocumentRecord, Figure


def prepare_figures(
    figures: Iterable[Figure], records: Iterable[DocumentRecord], lexicon, corrections: Corrections | None = None
) -> list[Figure]:
    """Jurisdiction → indicator identity → corrections (a correction of the indicator or place wins)."""
    prepared = resolve_indicators(assign_jurisdictions(figures, records), lexicon)
    return apply_corrections(prepared, corrections)


def corrections_path(ws: Any) -> Path:
    return Path(ws.corpus_dir) / FILE_NAME


_CACHE: dict[int, tuple[Any, float, list[Figure]]] = {}


def workspace_figures(ws: Any) -> list[Figure]:
    """``ws.figures()`` prepared, cached per workspace until corrections.yaml changes. Problems reading the
    corrections go to ``ws.problems`` once."""
    path = corrections_path(ws)
    try:
        stamp = float(path.stat().st_mtime_ns)
    except OSError:
        stamp = -1.0
    cached = _CACHE.get(id(ws))
    if cached is not None and cached[0] is ws and cached[1] == stamp:
        return cached[2]
    corrections, problems = load_corrections(path)
    for p in problems:
        if p not in ws.problems:
            ws.problems.append(p)
    out = prepare_figures(ws.figures(), ws.records, ws.lexicon, corrections)
    _CACHE[id(ws)] = (ws, stamp, out)
    return out


def forget(ws: Any) -> None:
    """Drop the cached figures of a workspace (after a correction is written)."""
    _CACHE.pop(id(ws), None)


__all__ = ["prepare_figures", "workspace_figures", "corrections_path", "forget"]
