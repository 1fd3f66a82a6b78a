"""The figures as the analysis uses them: the extractor's figures with their jurisdiction, their indicator
resolved (synonyms merged, noise told apart) and the researcher's corrections applied — one step after extraction.

``prepare_figures`` is pure and idempotent (preparing prepared figures changes nothing), so any consumer may call
it; ``workspace_figures(ws)`` does it once per workspace and corrections file, for the commands and panes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from explorer.corrections import FILE_NAME, Corrections, apply_corrections
from explorer.extract.indicators import is_average, resolve_indicators
from explorer.extract.jurisdiction import assign_jurisdictions
from explorer.model import DocumentRecord, Figure


def prepare_figures(
    figures: Iterable[Figure], records: Iterable[DocumentRecord], lexicon, corrections: Corrections | None = None
) -> list[Figure]:
    """Jurisdiction → roles → indicator identity → corrections (a correction of the indicator or place wins)."""
    records = list(records)
    prepared = resolve_indicators(settle_roles(assign_jurisdictions(figures, records), records), lexicon)
    return apply_corrections(prepared, corrections)


def settle_roles(figures: Iterable[Figure], records: Iterable[DocumentRecord]) -> list[Figure]:
    """A report cannot set a target for a year already over: "国内生产总值增长10.3%，居民消费价格涨幅控制在3.3%" in the
    2011 report's review is 2010's outcome, though 控制在 reads like a target. Such a one-year "target" (not a 年均
    average, which looks ahead) is an outcome. Applies only while the extractor leaves ``role`` unset."""
    published = {r.id: r.year for r in records if r.kind == "report"}
    out = []
    for f in figures:
        pub = published.get(f.doc)
        single_year = f.period is None or bool(re.fullmatch(r"\d{4}", f.period))
        if (
            f.role is None
            and f.kind == "target"
            and pub is not None
            and f.year is not None
            and f.year < pub
            and single_year
            and not is_average(f)
        ):
            f = replace(f, role="actual")
        out.append(f)
    return out


def corrections_path(ws: Any) -> Path:
    return Path(ws.corpus_dir) / FILE_NAME


def workspace_figures(ws: Any) -> list[Figure]:
    """``ws.figures()``: the workspace prepares its figures itself (once per change of figures, records or
    corrections, stored with its analyses)."""
    return ws.figures()


def forget(ws: Any) -> None:
    """After a correction is written: the workspace reads its corrections again and recomputes what depends on
    them (prepared figures, targets, links)."""
    ws.forget_corrections()


__all__ = ["prepare_figures", "settle_roles", "workspace_figures", "corrections_path", "forget"]
