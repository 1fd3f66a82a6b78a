"""One comparison of two documents, from the Workspace's public API, and the pair the TUI proposes."""

from __future__ import annotations

from typing import Any

from explorer.compare.coverage import compare_coverage
from explorer.compare.measures import align_measures
from explorer.compare.model import Comparison
from explorer.compare.references import compare_references
from explorer.compare.targets import compare_targets


def compare_documents(ws: Any, a: str, b: str, *, coverage: bool | None = None) -> Comparison:
    """Compare document ``a`` (the earlier) with ``b``. ``coverage``: whether to say which of A's measures and
    targets B speaks to — by default when A is a plan; a work report's 工作任务 are covered when asked (it
    needs the reports-on links, the costliest analysis)."""
    da, db = ws.document(a), ws.document(b)
    if coverage is None:
        coverage = da.record.kind == "plan" and is_later(ws, a, b)
    return Comparison(
        a=a,
        b=b,
        a_title=da.record.title,
        b_title=db.record.title,
        targets=tuple(compare_targets(ws, a, b)),
        measures=tuple(align_measures(ws, a, b)),
        references=tuple(compare_references(ws, a, b)),
        coverage=tuple(compare_coverage(ws, a, b)) if coverage else None,
    )


def is_later(ws: Any, a: str, b: str) -> bool:
    """Whether ``b`` surely came out after ``a``. Dates are as precise as known: "2024" and "2024-07" may be
    either way round, so neither is later than the other."""
    pa, pb = ws.document(a).record.published, ws.document(b).record.published
    return a != b and pb > pa and not pb.startswith(pa) and not pa.startswith(pb)


def propose_pair(ws: Any, current: str | None = None) -> tuple[str, str] | None:
    """The two documents to compare first: the last two of the same issuer and kind (of ``current``'s issuer
    and kind when given), earlier first; else the last two documents of the corpus."""
    records = sorted((r for r in ws.records if r.id in ws.documents), key=lambda r: (r.published, r.id))
    if len(records) < 2:
        return None
    groups: dict[tuple[str, str], list[Any]] = {}
    for r in records:
        groups.setdefault((r.issuer, r.kind), []).append(r)
    if current is not None:
        mine = next((r for r in records if r.id == current), None)
        if mine is not None:
            group = groups[(mine.issuer, mine.kind)]
            if len(group) >= 2:
                k = group.index(mine)
                pair = (group[k - 1], mine) if k > 0 else (mine, group[1])
                return (pair[0].id, pair[1].id)
    candidates = [g for g in groups.values() if len(g) >= 2]
    if candidates:
        group = max(candidates, key=lambda g: (g[-1].published, len(g)))
        return (group[-2].id, group[-1].id)
    return (records[-2].id, records[-1].id)


__all__ = ["compare_documents", "is_later", "propose_pair"]
