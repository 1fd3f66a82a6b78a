"""A plan against a later report: which of the plan's measures and targets the report speaks to, and which
it is silent on.

Measures: the plan items a report can speak to (``plan_measures``: a plan's leaves; a work report's 工作任务
items and the 主要预期目标 lead-in), each with the report passages linked to it by ``reports-on``. Targets: the
plan's tracked targets, spoken to when the report states a value of the indicator for the target's year (the
2023 report's GDP 5%左右 is spoken to by the 2024 report's 增长5.2%).
"""

from __future__ import annotations

from typing import Any

from explorer.compare.model import CoverageRow, Mention
from explorer.compare.targets import figure_end_year
from explorer.model import Figure


def _label(f: Figure) -> str:
    return f"{f.value}{f.unit}{f.qualifier or ''}"


def compare_coverage(ws: Any, a: str, b: str) -> list[CoverageRow]:
    from explorer.extract.plan_parts import plan_measures

    rows: list[CoverageRow] = []
    links: dict[str, list[Mention]] = {}
    for ref in ws.refs(type="reports-on", from_doc=b):
        if ref.target.doc == a and ref.target.measure:
            text = ref.source.text or ""
            links.setdefault(ref.target.measure, []).append(Mention(b, ref.source.passage, None, None, text))
    for m in plan_measures(ws.measures(a), ws.documents):
        found = links.get(m.id, [])
        found.sort(key=lambda x: x.passage if x.passage is not None else -1)
        rows.append(
            CoverageRow(
                "measure",
                m.id,
                f"{m.number}{m.title}",
                "spoken to" if found else "silent",
                m.passages[0] if m.passages else None,
                tuple(found),
            )
        )
    record = ws.documents[a].record
    seen: set[tuple[str, int | None]] = set()
    for tracked in ws.targets(doc=a):
        target = tracked.target
        year = figure_end_year(target)
        if record.kind == "report" and year not in (None, record.year):
            continue
        if (tracked.indicator, year) in seen:
            continue
        seen.add((tracked.indicator, year))
        reported = [f for f in tracked.reported if f.doc == b and (year is None or figure_end_year(f) in (None, year))]
        mentions = tuple(Mention(b, f.passage, f.start, f.end, f"{_label(f)} · {f.quote}") for f in reported)
        rows.append(
            CoverageRow(
                "target",
                tracked.indicator,
                f"{tracked.indicator} {_label(target)}" + (f" ({year})" if year else ""),
                "spoken to" if mentions else "silent",
                target.passage,
                mentions,
                tracked.status,
            )
        )
    return rows


__all__ = ["compare_coverage"]
