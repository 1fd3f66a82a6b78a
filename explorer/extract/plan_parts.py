"""Plan parts and review parts: which sections of a document plan ahead and which look back, and which report
passages may speak to which plan (a work report reviews last year and plans this year; 2024年工作回顾 answers
对今年政府工作的建议 of 2023, not 2022's)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from explorer.model import Measure
from explorer.text.numerals import cn_int, five_year_period

# A plan part is a section whose heading looks forward from the document's publication year (2024年政府工作任务,
# 对今年政府工作的建议, "十五五"时期主要目标); a review part looks back (2023年工作回顾, 过去五年…情况).
PLAN_PART, REVIEW_PART = "plan", "review"
OUTSIDE = "outside"  # before the first part (the 各位代表 preamble) of a document whose outline has parts
Period = tuple[int, int]  # first and last year, inclusive
OPEN_PAST, OPEN_FUTURE = 0, 9999

_NUMERAL = "一二两三四五六七八九十"
_YEARS = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\s*[-—–~至到]\s*((?:19|20)\d{2}))?(?!\d)")
# "十四五"; without quotes only before 时期/规划/期间/末 (so that 十五年, fifteen years, is not the 10th plan)
_FIVE_YEAR = re.compile(r"“十([一二三四五六七八九]?)五”|十([一二三四五六七八九]?)五(?=时期|规划|期间|末)")
_LAST_YEARS = re.compile(rf"(?:过去|近)([{_NUMERAL}\d]+)年(?:[和及与、]([{_NUMERAL}\d]+)年)?")
_NEXT_YEARS = re.compile(rf"(?:未来|今后)([{_NUMERAL}\d]+)年")
_RELATIVE = (
    ("今年", 0, 0),
    ("明年", 1, 1),
    ("去年", -1, -1),
    ("上年", -1, -1),
    ("一年来", -1, -1),
    ("过去", None, -1),
    ("以来", None, -1),
    ("下一步", 0, None),
    ("下步", 0, None),
    ("今后", 0, None),
    ("未来", 0, None),
    ("展望", 0, None),
)
_REVIEW_WORDS = re.compile(r"回顾|总结|情况")  # 成效, 进展 also end plan headings (努力取得更大成效)
_LOOKED_BACK = re.compile(r"回顾|总结|情况|成就|成绩")  # after a forward time: 2024年工作回顾 in late 2024


def _numeral(text: str) -> int:
    return cn_int(text) or 1


def time_cues(title: str, year: int) -> list[tuple[int, Period]]:
    """(position, period) of each time a heading names, relative cues (今年, 过去五年) read from ``year``."""
    cues: list[tuple[int, Period]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, period: Period) -> None:
        if not any(a < end and start < b for a, b in taken):
            taken.append((start, end))
            cues.append((start, period))

    for m in _YEARS.finditer(title):
        add(m.start(), m.end(), (int(m[1]), int(m[2] or m[1])))
    for m in _FIVE_YEAR.finditer(title):
        ordinal = 10 + (_numeral(m[1] or m[2]) if (m[1] or m[2]) else 0)
        add(m.start(), m.end(), five_year_period(ordinal))
    for m in _LAST_YEARS.finditer(title):
        n = max(_numeral(m[1]), _numeral(m[2]) if m[2] else 0)
        add(m.start(), m.end(), (year - n, year - 1))
    for m in _NEXT_YEARS.finditer(title):
        add(m.start(), m.end(), (year, year + _numeral(m[1]) - 1))
    for word, first, last in _RELATIVE:
        for m in re.finditer(word, title):
            add(
                m.start(),
                m.end(),
                (OPEN_PAST if first is None else year + first, OPEN_FUTURE if last is None else year + last),
            )
    return sorted(cues)


def heading_orientation(title: str, year: int | None) -> tuple[str | None, Period | None]:
    """Whether a heading opens a plan part or a review part of a document published in ``year``, and the years
    it names. The last time named decides (``“十三五”时期发展成就和“十四五”时期主要目标任务`` looks forward;
    ``2022年及过去五年…情况`` looks back); a review word after a forward time (``2024年工作回顾`` in a report
    of late 2024) makes it a review. No time named: a review word makes a review, else unknown."""
    if year is None:
        return None, None
    cues = time_cues(title, year)
    if not cues:
        return (REVIEW_PART, None) if _REVIEW_WORDS.search(title) else (None, None)
    position, last = cues[-1]
    forward = last[1] >= year and not _LOOKED_BACK.search(title, position)
    side = [p for _, p in cues if (p[1] >= year) == forward] if forward else [p for _, p in cues if p[0] < year]
    side = side or [last]
    return (PLAN_PART if forward else REVIEW_PART), (min(p[0] for p in side), max(p[1] for p in side))


def node_orientations(measures: Sequence[Measure], record: Any) -> dict[str, tuple[str | None, Period | None]]:
    """Each node's part: its own heading's orientation, else its parent's. An unmarked top-level section after a
    plan part stays in the plan part (reports review first, then plan: a list of pledges after 三、2026年工作安排)."""
    year = getattr(record, "year", None)
    out: dict[str, tuple[str | None, Period | None]] = {}
    last_top: tuple[str | None, Period | None] = (None, None)
    for m in measures:
        if m.node == "root":
            out[m.id] = (None, None)
            continue
        own = heading_orientation(m.title, year)
        parent = out.get(m.parent or "", (None, None))
        if own[0] is None or (own[1] is None and parent[0]):  # below a part, only a time named changes it
            own = parent if parent[0] else (last_top if m.level == 1 and last_top[0] == PLAN_PART else own)
        if m.level == 1:
            last_top = own
        out[m.id] = own
    return out


def plan_measures(measures: Sequence[Measure], documents: dict[str, Any]) -> list[Measure]:
    """The measures a later report can report on.

    - a plan document (``kind: plan``): every leaf of its measure tree that has text;
    - any other document: the leaves with text under its plan parts (``heading_orientation``), and the lead-in of
      a plan-part node with children when it states targets (the 主要预期目标 paragraph before （一）…（八）);
      it keeps the node's id, with only the passages that belong to no child.
    """
    parents = {m.parent for m in measures}
    by_doc: dict[str, list[Measure]] = defaultdict(list)
    for m in measures:
        by_doc[m.doc].append(m)
    out: list[Measure] = []
    for doc_id, ms in by_doc.items():
        document = documents.get(doc_id)
        if document is None:
            continue
        if document.record.kind == "plan":
            out.extend(m for m in ms if m.id not in parents and m.level > 0 and m.text.strip())
            continue
        parts = node_orientations(ms, document.record)
        for m in ms:
            if parts.get(m.id, (None,))[0] != PLAN_PART:
                continue
            if m.id not in parents:
                if m.text.strip():
                    out.append(m)
                continue
            own = [i for i in m.passages if document.passages[i].section_ids[-1:] == (m.id,)]
            if own and any(t.kind == "target" and t.passage in own for t in m.targets):
                text = "\n\n".join(document.passages[i].text for i in own)
                out.append(
                    replace(m, text=text, passages=tuple(own), targets=tuple(t for t in m.targets if t.passage in own))
                )
    return out


def passage_parts(
    measures: Sequence[Measure], documents: dict[str, Any]
) -> dict[tuple[str, int], tuple[str | None, Period | None]]:
    """(doc, passage) → the part of its document it is in (plan, review, unknown, or ``OUTSIDE`` the parts of a
    document that has some) and the years named."""
    by_doc: dict[str, list[Measure]] = defaultdict(list)
    for m in measures:
        by_doc[m.doc].append(m)
    out = {}
    for doc_id, ms in by_doc.items():
        document = documents.get(doc_id)
        if document is None:
            continue
        parts = node_orientations(ms, document.record)
        unplaced = (OUTSIDE, None) if any(kind for kind, _ in parts.values()) else (None, None)
        for p in document.passages:
            part = parts.get(p.section_ids[-1], (None, None)) if p.section_ids else (None, None)
            out[(doc_id, p.index)] = part if part[0] else unplaced
    return out


def published_after(later: str, earlier: str) -> bool:
    """Whether an ISO date is known to be after another (``2024`` is not known to be after ``2024-03``)."""
    n = min(len(later), len(earlier))
    return bool(later and earlier) and later[:n] > earlier[:n]


def may_report_on(
    plan: Any,
    plan_period: Period | None,
    source: Any,
    part: tuple[str | None, Period | None],
    places: Mapping[str, str | None],
) -> bool:
    """Whether a passage of ``source`` (a record) in ``part`` of it may report on a measure of ``plan``.

    Same jurisdiction (when both can be told: tracking's rule). For a plan document, any report passage (earlier
    ones give the baseline, as before). For the plan part of a report: a later report's passage outside its own
    plan part, whose section reviews years that overlap the plan's (2024年工作回顾 for 对今年政府工作的建议 of
    2023, not 2024's review for 2022's plan)."""
    if source.id == plan.id or source.kind != "report":
        return False
    a, b = places.get(plan.id), places.get(source.id)
    if a is not None and b is not None and a != b:
        return False
    if plan.kind == "plan":
        return True
    if part[0] in (PLAN_PART, OUTSIDE) or not published_after(source.published, plan.published):
        return False
    reviewed = part[1]
    return plan_period is None or reviewed is None or (reviewed[0] <= plan_period[1] and plan_period[0] <= reviewed[1])


def years_label(period: Period) -> str:
    """2024, 2021-2025, …-2023 (open past), 2024-… (open future)."""
    first = "…" if period[0] == OPEN_PAST else str(period[0])
    last = "…" if period[1] == OPEN_FUTURE else str(period[1])
    return first if first == last else f"{first}-{last}"
