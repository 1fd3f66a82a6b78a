"""Targets side by side by indicator.

Like is compared with like: a row pairs the two documents' targets for the same indicator *and* the same
measure and base unit — GDP growth 5%左右 with GDP growth, never a budget total 28.5万亿元 with its increase
比上年增加1.1万亿元 (both 元, but one a level and one a change). A work report's targets are those for its own
year (今年发展主要预期目标); a plan's are all its targets, each indicator by its latest deadline.
"""

from __future__ import annotations

import re
from typing import Any

from explorer.compare.model import TargetRow, TargetSide
from explorer.model import Figure

# Words between an indicator and its value that make the value a change, not a level:
# 一般公共预算支出规模28.5万亿元 is a level, 比上年增加1.1万亿元 a change; 标准提高30元 a change.
_CHANGE_WORDS = re.compile(r"比上年|比去年|较上年|同比|增加|提高|减少|下降|降低|增长|上涨|扩大|压减|新增")
_ROLE_OF_KIND = {"target": "target", "baseline": "baseline", "actual": "actual", "change": "actual", "rank": "actual"}


def figure_role(f: Figure) -> str:
    """target / actual / baseline / forecast: the new ``role`` field when the extractor sets it, else ``kind``."""
    return f.role or _ROLE_OF_KIND.get(f.kind, f.kind)


def figure_measure(f: Figure, passage_text: str = "") -> str:
    """What two targets must share to be compared: rank, change (an increase by an amount), percent, count or level.

    Percentages form one family whatever the extractor calls them: 国内生产总值增长5%左右 (a rate) and
    经济增长预期目标为5%左右 state the same target, with and without the verb, and the indicator's name (GDP增速,
    赤字率) already says what is measured. An amount's increase (比上年增加1.2万亿元) stays apart from the amount."""
    if f.kind == "rank" or f.measure == "rank":
        return "rank"
    if f.kind == "change":
        return "change"
    if f.base_unit == "%":
        return "percent"
    if f.measure == "count":
        return "count"
    if passage_text and f.label_end is not None and f.label_end <= f.start:
        between = passage_text[f.label_end : f.start]
        if _CHANGE_WORDS.search(between):
            return "change"
    return "level"


def figure_end_year(f: Figure) -> int | None:
    return f.period_end or f.year


def document_targets(ws: Any, doc_id: str) -> dict[tuple[str, str, str], tuple[Figure, str]]:
    """The document's targets keyed by (indicator, measure, base unit), one statement each.

    A report keeps the targets for its own year (or with no year: 赤字率拟按3%安排); a plan keeps all. When an
    indicator is stated twice (the summary 主要预期目标 and its explanation 经济增长预期目标为5%左右), the
    statement with the latest year wins, then the first in reading order (the summary comes first)."""
    record = ws.documents[doc_id].record
    figures = [f for f in ws.filter_figures(doc=doc_id) if figure_role(f) == "target"]
    if record.kind == "report" and record.year is not None:
        figures = [f for f in figures if figure_end_year(f) in (None, record.year)]
    chosen: dict[tuple[str, str, str], tuple[Figure, str]] = {}
    for f in sorted(figures, key=lambda f: (-(figure_end_year(f) or 0), f.passage, f.start)):
        text = _passage_text(ws, f.doc, f.passage)
        key = (f.indicator, figure_measure(f, text), f.base_unit)
        chosen.setdefault(key, (f, text))
    return chosen


def _passage_text(ws: Any, doc_id: str, index: int) -> str:
    try:
        return ws.passage(doc_id, index).text
    except (KeyError, IndexError):
        return ""


def side(f: Figure) -> TargetSide:
    return TargetSide(
        doc=f.doc,
        passage=f.passage,
        label=f.label,
        value=f.value,
        unit=f.unit,
        qualifier=f.qualifier,
        base_value=f.base_value,
        base_unit=f.base_unit,
        value_max=f.value_max,
        period=f.period,
        year=figure_end_year(f),
        quote=f.quote,
        start=f.start,
        end=f.end,
    )


def _bounds(f: Figure) -> tuple[float, float] | None:
    """The value in base units as (low, high); a range 5–5.5 keeps both ends."""
    if f.base_value is None:
        return None
    low = f.base_value
    high = low
    if f.value_max is not None:
        try:
            written = float(f.value.rstrip("+"))
        except ValueError:
            written = 0.0
        high = f.value_max * (low / written) if written else f.value_max
    return (low, high)


def judge(a: Figure, b: Figure) -> tuple[str, str]:
    """raised / lowered / same / changed, with a note on what changed."""
    ba, bb = _bounds(a), _bounds(b)
    qa, qb = a.qualifier or "", b.qualifier or ""
    if ba is None or bb is None:
        if (a.value, a.unit, qa) == (b.value, b.unit, qb):
            return "same", ""
        return "changed", "values cannot be compared as numbers"
    mid_a, mid_b = sum(ba) / 2, sum(bb) / 2
    if abs(mid_a - mid_b) <= 1e-9 * max(1.0, abs(mid_a)):
        if ba != bb:
            return "changed", "same middle, different range"
        if qa != qb:
            return "changed", f"qualifier {qa or '—'} → {qb or '—'}"
        return "same", ""
    change = "raised" if mid_b > mid_a else "lowered"
    note = f"qualifier {qa or '—'} → {qb or '—'}" if qa != qb else ""
    return change, note


def compare_targets(ws: Any, a: str, b: str) -> list[TargetRow]:
    """Rows in A's order (then B's new ones in B's order): new, dropped, raised, lowered, same, changed."""
    ta, tb = document_targets(ws, a), document_targets(ws, b)
    kind_a, kind_b = ws.documents[a].record.kind, ws.documents[b].record.kind
    # A plan's target that a report does not restate is not dropped by anyone: the report may still speak to it.
    not_restated = f"not restated in the {kind_b}; see coverage" if kind_a == "plan" and kind_b != "plan" else ""
    rows: list[TargetRow] = []
    order_a = sorted(ta, key=lambda k: (ta[k][0].passage, ta[k][0].start))
    for key in order_a:
        fa = ta[key][0]
        if key in tb:
            fb = tb[key][0]
            change, note = judge(fa, fb)
            rows.append(TargetRow(key[0], key[1], change, side(fa), side(fb), note))  # type: ignore[arg-type]
        else:
            rows.append(TargetRow(key[0], key[1], "dropped", side(fa), None, not_restated))
    for key in sorted((k for k in tb if k not in ta), key=lambda k: (tb[k][0].passage, tb[k][0].start)):
        rows.append(TargetRow(key[0], key[1], "new", None, side(tb[key][0])))
    return rows


__all__ = ["compare_targets", "document_targets", "figure_measure", "figure_role", "judge"]
