"""What kind of statement a figure is — target, baseline, actual, change, rank — read from the words around it and
against the time it is dated to; a mixin of ``FigureExtractor``.

The words decide first (``kind_of``): "力争…", "到2027年…达到" make a target, "比2020年", "从…增加到" a baseline, "增长"
a change.  Then the time (``_kind_in_time``): a statement about a year after the one the text was published in is a
target, and so is a spring work report's statement about its own year ("2024年…增长5%左右" in the March 2024 report);
a plan's undated figures are its targets over the years it covers; "2025年争取中央资金120亿元" in a 2026 review is
what was obtained.  A baseline is dated to the start of its period ("从2020年的0.5个", "这五年…从不到70万亿元" → the
year before the period).  The cues that date a passage from outside it — its opening clause ("2025年，…"), the
headings above it, a clause announcing a list ("今年重点抓好四件事：") — are found here as well.
"""

from __future__ import annotations

import re

from explorer.extract.figure_words import (
    _BASELINE_AFTER,
    _COMPARED_WITH,
    _FULFILMENT,
    _PAST_MARKER,
    _TARGET_CLAUSE,
    _TARGET_SENTENCE,
    _TASK_HEADING,
    _TO_AFTER,
    _UNTIL_YEAR,
    _clause_start,
)
from explorer.extract.periods import Cue, PubDate, Resolved, find_cues, resolve
from explorer.extract.roles import is_change
from explorer.extract.timeline import opening_cues, period_range
from explorer.model import DocumentRecord, Figure, Passage, Quantity

# a target reported as met: "全面实现年初确定的主要目标", "超额完成全年目标任务", "完成了预期目标"
_MET_TARGET = re.compile(
    r"(?:实现|完成|超额完成|达到|超过|好于|胜利完成)了?[^，。；]{0,10}?(?:主要|预期|发展)?(?:目标|指标)(?:任务)?"
)


class FigureKinds:
    """Kind and time rules over ``self.t`` (the folded passage text); a mixin of ``FigureExtractor``."""

    p: Passage
    record: DocumentRecord
    text: str
    t: str
    pub: PubDate
    is_plan: bool

    def _from_to(self, q: Quantity, lo: int) -> int | None:  # provided by LabelMixin
        raise NotImplementedError

    def kind_of(self, q: Quantity, sentence: tuple[int, int]) -> tuple[str, bool]:
        """(kind, textual target cue) of a quantity from the words around it."""
        t = self.t
        clause_lo = _clause_start(t, sentence[0], q.start)
        before_clause = t[clause_lo : q.start]
        before_sentence = t[sentence[0] : q.start]
        after = t[q.end : q.end + 6]
        target_cue = bool(
            _TARGET_SENTENCE.search(before_sentence)
            or _TARGET_CLAUSE.search(before_clause)
            or (q.qualifier and "力争" in q.qualifier)
        )
        if not target_cue and self.pub.year:
            target_cue = any(int(m.group(1)) >= self.pub.year for m in _UNTIL_YEAR.finditer(before_sentence))
        if q.quantity_type == "rank":
            # "经济总量从世界第六位跃升到第二位": the rank it rose from is the baseline
            return ("baseline" if self._from_to(q, sentence[0]) is not None else "rank"), target_cue
        if (
            _BASELINE_AFTER.match(after)
            or re.search(r"以[^，,。]{0,12}为基[准数期]", t[clause_lo : q.end + 8])
            or self._from_to(q, sentence[0]) is not None
            or _COMPARED_WITH.search(before_clause)
        ):
            return "baseline", target_cue
        if target_cue:
            return "target", True
        return ("change" if is_change(before_clause, q) else "actual"), False

    def _kind_in_time(
        self, kind: str, res: Resolved, q: Quantity, sentence: tuple[int, int], clause_lo: int
    ) -> tuple[str, Resolved]:
        """The kind read against the time: a statement about a later year is a target, and so is a spring
        report's statement about its own year; a plan's undated figures are its targets."""
        year = res.year
        pub = self.pub
        if kind in ("actual", "change") and q.base_unit == "%" and _FULFILMENT.search(self.t[clause_lo : q.start]):
            return kind, res  # "钢完成96.4%": how much of the plan was done, an outcome even in the plan's year
        if kind in ("actual", "change") and pub.year is not None:
            if year is not None and (
                year > pub.year or (self.is_plan and year >= pub.year and res.source != "heading")
            ):
                kind = "target"
            elif (
                year is not None
                and year == pub.year
                and not self.is_plan
                and (pub.review is not None and not pub.communique or pub.month is not None and pub.month <= 3)
                and res.cue is not None
                and res.cue.kind in ("point", "relative", "until")
                and not re.search(r"\d月|以来|上半年|季度", res.cue.text)
                # "本年1——5月份…比上年同期增长33.3%": progress within the year, not its plan
                and not re.search(
                    r"同期|\d+\s*[—\-－至到]+\s*\d+月|[一二三四五六七八九十]+月份|上半年|季度",
                    self.t[sentence[0] : q.start],
                )
            ):
                kind = "target"  # a spring report's statements about its own year are plans
            elif year is None and self.is_plan and res.source == "none":
                kind = "target"  # a plan's undated figures are its targets, over the years it covers
                res = resolve([], 0, published=pub, covers=tuple(self.record.covers), target=True, plan=True)
        if (
            kind in ("actual", "change")
            and res.source == "none"
            and self._undated_task_list()
            and not _PAST_MARKER.search(self.t[clause_lo : q.start])
        ):
            kind = "target"  # a spring report's annex of tasks ("十件民生实事") with no date in reach
        plan = getattr(self, "plan_period", None)
        if plan and res.source == "none" and not _PAST_MARKER.search(self.t[sentence[0] : q.start]):
            # a report presenting a five-year plan: its undated figures are the plan's, over the plan's years
            kind = "target" if kind in ("actual", "change") else kind
            res = Resolved(f"{plan[0]}-{plan[1]}", plan[1], None, "plan")
        if kind == "target" and res.source == "heading" and res.year is not None and pub.year and res.year < pub.year:
            res = Resolved(None, None, None, "none")  # a review heading cannot date a target
        return kind, res

    def _baseline_period(self, q: Quantity, s_lo: int, cues: list[Cue], res: Resolved) -> Resolved:
        compared = _COMPARED_WITH.search(self.t, _clause_start(self.t, s_lo, q.start), q.start)
        if compared:
            y = int(compared.group("y"))
            return Resolved(str(y), y, None, "sentence")
        return self._baseline_span_period(q, s_lo, cues, res)

    def _baseline_span_period(self, q: Quantity, s_lo: int, cues: list[Cue], res: Resolved) -> Resolved:
        """A baseline holds at the start of the period, which the text rarely dates: only a year written inside
        its own phrase dates it ("从2020年的0.5个", "在2023年29微克/立方米的基础上"); "到2026年，…在29微克/立方米的
        基础上" dates the target, not the baseline."""
        opener = self._from_to(q, s_lo)
        if opener is None:
            at = self.t.rfind("在", _clause_start(self.t, s_lo, q.start), q.start)
            opener = at if at >= 0 else None
        if opener is None:
            return res
        inside = [c for c in cues if opener <= c.start + s_lo < q.start]
        if inside:
            return Resolved(inside[-1].period, inside[-1].year, inside[-1], "sentence")
        ranged = [c for c in cues if c.kind == "range" and c.start + s_lo < q.start and c.period]
        if ranged and self.t[opener] in "从由":  # "从一九八○年至一九八五年，…由六亿二千万吨增加到…": 1980's
            first = int((ranged[-1].period or "0")[:4])
            return Resolved(str(first), first, ranged[-1], "sentence")
        # "…从2002年1288亿元增加到…，占国内生产总值比重从1.07%提高到1.49%": the sentence's own 从YYYY年
        start = [
            c
            for c in cues
            if c.start + s_lo < q.start and self.t[max(0, c.start + s_lo - 1) : c.start + s_lo] in "从由"
        ]
        if start and self.t[opener] in "从由":
            return Resolved(start[-1].period, start[-1].year, start[-1], "sentence")
        span_first, span_last = period_range(res.period, res.year)
        if self.t[opener] in "从由" and span_first is not None and span_last is not None and span_first < span_last:
            # "这五年，…国内生产总值从不到70万亿元增加到超过100万亿元" (2016–2020): the start value is the level the
            # period started from, the end of the year before its first (2015: 68.9万亿元)
            return Resolved(str(span_first - 1), span_first - 1, None, "sentence")
        return Resolved(None, None, None, "none")

    def _aims_after_met(self, s_lo: int, clause_lo: int, q: Quantity) -> bool:
        """Is there a target cue before ``q`` once the targets said to be met ("实现年初确定的主要目标", "完成全年
        目标任务") are taken out?"""
        before = _MET_TARGET.sub("", self.t[s_lo : q.start])
        clause = _MET_TARGET.sub("", self.t[clause_lo : q.start])
        return bool(
            _TARGET_SENTENCE.search(before) or _TARGET_CLAUSE.search(clause) or (q.qualifier and "力争" in q.qualifier)
        )

    def _ends_from_to(self, start: Figure, q: Quantity) -> bool:
        """``q`` is the end value of "从X增加到Y" whose start value is the figure ``start``."""
        between = self.t[start.end : q.start]
        return start.unit == q.unit and bool(_TO_AFTER.fullmatch(between))

    def _dates_a_start_value(self, cue: Cue, s_lo: int, before: int) -> bool:
        a, b = cue.start + s_lo, cue.end + s_lo
        return (
            b < before
            and cue.kind != "range"  # "从一九七八年到一九八五年八年间": a period, not the year of a start value
            and self.t[max(0, a - 1) : a] in ("从", "由")
            and bool(re.match(r"的?[^，。；]{0,4}?\d|的?[一二两三四五六七八九十百千万亿]", self.t[b : b + 6]))
        )

    def _is_heading_only(self) -> bool:
        """The passage is a heading line and nothing more ("一、“十四五”时期和2025年工作回顾")."""
        return self.p.heading is not None and len(self.text) <= 40 and not re.search(r"[。；！？]", self.text)

    def _undated_task_list(self) -> bool:
        """A spring report's passage under a heading that assigns work, with no date in any heading above it."""
        if self.is_plan or not self.pub.month or self.pub.month > 3 or not self.p.section:
            return False
        if any(find_cues(title, self.pub) for title in self.p.section):
            return False
        return bool(_TASK_HEADING.match(self.p.section[-1]))

    def _lead_cues(self) -> list[Cue]:
        """Cues of the clause that opens the passage ("2025年，…", "五年来，…"), which date what follows."""
        return opening_cues(self.text, self.pub)

    def _heading_cues_depth(self) -> tuple[list[Cue], int]:
        """Cues of the innermost heading above the passage that has any, and its depth (1 = top level)."""
        for depth in range(len(self.p.section), 0, -1):
            cues = find_cues(self.p.section[depth - 1], self.pub)
            if cues:
                return cues, depth
        return [], 0


def _list_lead_in(sentence: str, pub: PubDate) -> list[Cue]:
    """The time of a clause that announces a list ("…，今年重点抓好四件事：一是…"): it governs the items told in the
    sentences after it, as a time opening a sentence does."""
    colon = min((i for i in (sentence.find("："), sentence.find(":")) if i >= 0), default=-1)
    if colon < 0:
        return []
    lo = max(sentence.rfind(c, 0, colon) for c in "，,；;") + 1
    cues = [c for c in find_cues(sentence[lo:colon], pub) if c.year is not None and c.kind != "run"]
    if not cues:
        return []
    c = cues[-1]
    return [Cue(c.start + lo, c.end + lo, c.text, c.period, c.year, c.kind, c.run)]


__all__ = ["FigureKinds"]
