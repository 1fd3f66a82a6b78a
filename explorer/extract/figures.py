"""Policy figures: each quantity of a passage with what it measures (label → indicator), when (period, year) and
what kind of statement it is (target, baseline, actual, change, rank).

Pipeline per passage: quantities (numbers.py) → drop the ones that are not measurements → sentence and
clause of each → label (the noun phrase before the number, or after a counter that follows a verb; lists with
分别 distribute) → kind from the words around it → period (periods.py) → indicator (lexicon.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from explorer.extract.figure_words import (
    _BASELINE_AFTER,
    _COMPARED_WITH,
    _ENUMERATION,
    _ENUMERATION_NOUN,
    _FULFILMENT,
    _GLOSSARY_ENTRY,
    _GLOSSARY_TERM_NOT,
    _GLOSSARY_TITLE,
    _NO_NOUN,
    _NOT_FIGURE_BEFORE,
    _PAST_MARKER,
    _TARGET_CLAUSE,
    _TARGET_SENTENCE,
    _TASK_HEADING,
    _TO_AFTER,
    _UNTIL_YEAR,
    _clause_end,
    _clause_start,
    _Item,
    _sentences,
)
from explorer.extract.labels import LabelMixin, _share_units, value_text
from explorer.extract.lexicon import Lexicon
from explorer.extract.notfigures import not_a_statistic
from explorer.extract.numbers import fold, parse_quantities
from explorer.extract.periods import Cue, PubDate, Resolved, arabic_years, find_cues, resolve
from explorer.extract.roles import is_average, is_change, measure_of, role_of
from explorer.extract.timeline import document_dates, opening_cues, period_range, tracker
from explorer.model import DocumentRecord, Figure, Passage, Quantity

# a target reported as met: "全面实现年初确定的主要目标", "超额完成全年目标任务", "完成了预期目标"
_MET_TARGET = re.compile(
    r"(?:实现|完成|超额完成|达到|超过|好于|胜利完成)了?[^，。；]{0,10}?(?:主要|预期|发展)?(?:目标|指标)(?:任务)?"
)
_EVENT_DATE = re.compile(r"年初|年\d{1,2}月|年[一二三四五六七八九十]{1,2}月|月\d{1,2}日|月份?$")


class FigureExtractor(LabelMixin):
    """Figures of one passage; see :func:`extract_figures`."""

    def __init__(
        self, passage: Passage, record: DocumentRecord, lexicon: Lexicon, on_skip: Callable[[str], None] | None = None
    ) -> None:
        self.p = passage
        self.text = passage.text
        self.t = arabic_years(fold(passage.text))
        self.record = record
        self.lexicon = lexicon
        self.on_skip = on_skip
        self.pub = document_dates(record)
        self.is_plan = record.kind == "plan"

    def skip(self, q: Quantity | None, why: str) -> None:
        if self.on_skip:
            where = f"{self.p.doc}#{self.p.index}"
            self.on_skip(f"{where}: skipped {q.text!r}: {why}" if q else f"{where}: {why}")

    # --- which quantities are figures -----------------------------------------------------------------
    def is_figure(self, q: Quantity, sentence: tuple[int, int], others: list[Quantity]) -> bool:
        t = self.t
        if q.quantity_type == "number" and not q.unit:
            return False  # bare numbers: list markers, codes, chemical names
        before = t[max(0, q.start - 4) : q.start]
        if _NOT_FIGURE_BEFORE.search(before) and q.quantity_type != "rank":
            self.skip(q, "an ordinal, not a measurement")
            return False
        written_in_words = not re.search(r"\d", q.text)
        if (
            written_in_words
            and q.quantity_type in ("count", "duration", "measure", "number")
            and not re.search(r"[万亿]", q.text)
            and q.base_value < 1000
            and not self._run_frame(q)
        ):
            return False  # "五个方面", "三次产业", "百人论坛": words, not statistics
        if written_in_words and re.match(r"[一二两三四五六七八九十百千万]+[家户村镇业人山水]", t[q.end : q.end + 3]):
            return False  # "千家万户", "千村万户": an idiom
        if _ENUMERATION.search(t[max(0, q.start - 3) : q.start]) or (
            q.quantity_type == "count" and _ENUMERATION_NOUN.match(t, q.end)
        ):
            self.skip(q, "announces a list, not a statistic")
            return False  # "做好以下10个方面工作"
        why = not_a_statistic(t, q)
        if why:
            self.skip(q, why)
            return False
        if self._inside_quotes(q, sentence):
            self.skip(q, "inside a quoted name")
            return False
        clause_end = _clause_end(t, q.end, sentence[1])
        if (
            q.quantity_type == "count"
            and q.end < clause_end
            and t[q.end] not in "、和及与等"
            and any(o.start >= q.end and o.end <= clause_end and o.quantity_type != "count" for o in others)
        ):
            return False  # "9种再生资源循环利用量…4600万吨": the count only qualifies the label
        if q.quantity_type == "duration":
            # "连续4年获全国优秀" is a figure; "连续9年居…第1位" only dates the rank that follows
            if any(o is not q and o.quantity_type != "duration" and q.end <= o.start < clause_end for o in others):
                return False
            if not self._run_frame(q):
                return False
        return True

    def _inside_quotes(self, q: Quantity, sentence: tuple[int, int]) -> bool:
        t = self.t
        open_ = t.rfind("“", sentence[0], q.start)
        if open_ < 0 or "”" in t[open_ : q.start]:
            return False
        close = t.find("”", q.start, sentence[1])
        return close >= q.end  # a closing quote inside the quantity ("“20+”微克/立方米") belongs to it

    def _run_frame(self, q: Quantity) -> bool:
        return q.quantity_type == "duration" and bool(
            re.search(r"(?:连续|持续)$", self.t[max(0, q.start - 3) : q.start])
        )

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

    # --- all together -------------------------------------------------------------------------------------
    def extract(self) -> list[Figure]:
        text = self.text
        quantities = parse_quantities(text)
        frames = tracker()
        carried, carried_depth = frames.carried(self.p.doc, self.p.index, self.p.section_ids)
        self.plan_period = frames.note_plan(self.p.doc, self.p.index, self.text)
        lead = self._lead_cues()
        if lead and not self._is_heading_only() and not _EVENT_DATE.search(lead[0].text):
            # "2025年，…", "这五年，…": the paragraph's opening frames the later paragraphs of its section; a month or
            # the start of a year ("2023年10月，习近平总书记在江西考察时强调…", "2023年初，新余市…获得授信19亿元")
            # dates an event told in that paragraph, not the statistics of the paragraphs after it
            frames.set(self.p.doc, self.p.index, self.p.section_ids, lead)
        if not quantities:
            return []
        if self._is_glossary():
            self.skip(None, "a glossary note: definitions, not statistics")
            return []
        heading_cues, heading_depth = self._heading_cues_depth()
        context = carried if carried and carried_depth >= heading_depth else []
        figures: list[Figure] = []
        frame: list[Cue] = []  # the latest frame opened by a sentence of this paragraph, as passage-level cues
        for s_lo, s_hi in _sentences(text):
            sentence_text = text[s_lo:s_hi]
            in_sentence = [q for q in quantities if s_lo <= q.start < s_hi]
            opening = opening_cues(sentence_text, self.pub)
            use_frame = frame or context
            opening = opening or _list_lead_in(sentence_text, self.pub)
            if opening:
                frame = [Cue(c.start + s_lo, c.end + s_lo, c.text, c.period, c.year, c.kind, c.run) for c in opening]
            if not in_sentence:
                continue
            cues = find_cues(sentence_text, self.pub)
            in_sentence = _share_units(text, in_sentence)
            kept = [q for q in in_sentence if self.is_figure(q, (s_lo, s_hi), in_sentence)]
            if not kept:
                continue
            for item in self.label_items((s_lo, s_hi), kept):
                if not item.label:
                    self.skip(item.q, "no label found")
                    continue
                figures.extend(self._figures_of(item, (s_lo, s_hi), cues, use_frame, heading_cues, figures))
        return figures

    def _figures_of(
        self,
        item: _Item,
        sentence: tuple[int, int],
        cues: list[Cue],
        frame: list[Cue],
        heading_cues: list[Cue],
        figures: list[Figure],
    ) -> list[Figure]:
        """The figure(s) of one labelled quantity: kind, period, role, measure."""
        text, q = self.text, item.q
        s_lo, s_hi = sentence
        clause_lo = _clause_start(self.t, s_lo, q.start)
        kind, target_cue = self.kind_of(q, sentence)
        prev = (
            figures[-1]
            if figures
            and figures[-1].passage == self.p.index
            and figures[-1].end <= q.start
            and figures[-1].start >= s_lo
            else None
        )
        if prev is not None and kind == "actual" and text[prev.end : q.start] in ("、", "和", "，", ","):
            if (
                prev.kind in ("change", "target", "baseline")
                and prev.unit == q.unit
                and (prev.kind != "baseline" or text[prev.end : q.start] == "、")
            ):
                kind = prev.kind  # "分别增长4.4%、5.6%": list items share the verb
        if kind != "baseline":
            # "由1954年的97个增加到106个": the year inside 由…的 dates the start value, not this one
            cues = [c for c in cues if not self._dates_a_start_value(c, s_lo, q.start)]
        res = resolve(
            cues,
            q.start - s_lo,
            lead_cues=frame,
            heading_cues=heading_cues,
            clause_start=clause_lo - s_lo,
            published=self.pub,
            covers=tuple(self.record.covers),
            target=kind == "target",
            plan=self.is_plan,
        )
        year = res.year
        kind, res = self._kind_in_time(kind, res, q, sentence, clause_lo)
        year = res.year
        if kind == "target" and target_cue and year is not None and self.pub.year and year < self.pub.year:
            weak = _TARGET_CLAUSE.search(self.t[clause_lo : q.start])
            if weak and weak.group() in ("争取", "计划", "拟") and not _TARGET_SENTENCE.search(self.t[s_lo : q.start]):
                # "2025年争取中央资金120亿元" in a 2026 review: what was obtained, not an aim
                kind = "change" if is_change(self.t[clause_lo : q.start], q) else "actual"
                if prev is not None and prev.kind == "change" and text[prev.end : q.start] == "、":
                    kind = "change"  # "争取…分别增长64.8%、42.5%"
            elif not self._aims_after_met(s_lo, clause_lo, q):
                # "2012年，…全面实现年初确定的主要目标，国内生产总值增长7.8%" in the 2013 report: the targets met, then
                # what was reached — outcomes of the year under review, not aims
                kind = "change" if is_change(self.t[clause_lo : q.start], q) else "actual"
        if kind == "baseline":
            res = self._baseline_period(q, s_lo, cues, res)
        elif prev is not None and prev.kind == "baseline" and self._ends_from_to(prev, q):
            first, last = period_range(res.period, res.year)
            if first is not None and last is not None and first < last:
                # "从不到70万亿元增加到超过100万亿元" over 2016–2020: the end value is the level of the last year,
                # not a total over the period
                res = Resolved(str(last), last, res.cue, res.source)
        cumulative = "累计" in self.t[clause_lo : q.start]
        before_clause = self.t[clause_lo : q.start]
        average = is_average(before_clause)
        change = is_change(before_clause, q) or kind == "change"
        if prev is not None and text[prev.end : q.start] in ("、", "和") and prev.unit == q.unit:
            change = change or prev.measure == "rate"  # "分别降低13.5%、18%": list items share the verb
            average = average or prev.average
        past = res.year is not None and self.pub.year is not None and res.year < self.pub.year
        role = role_of(kind, target_cue, self.t[s_lo : q.start], past=past)
        start_year, end_year = period_range(res.period, res.year)
        out: list[Figure] = []
        for label, label_start, label_end in item.split or [(item.label, item.label_start, item.label_end)]:
            if _NO_NOUN.match(label):
                self.skip(q, f"label {label!r} names nothing measured")
                continue
            indicator, entry = self.lexicon.canonicalise(label, q.unit)
            if entry is None and kind == "change":
                indicator, entry = self.lexicon.canonicalise(label)
            out.append(
                Figure(
                    doc=self.p.doc,
                    passage=self.p.index,
                    indicator=indicator,
                    label=label,
                    value=value_text(q),
                    unit=q.unit,
                    base_value=None if q.quantity_type == "ratio" else q.base_value,
                    base_unit=q.base_unit,
                    qualifier=q.qualifier,
                    period=res.period,
                    year=res.year,
                    kind=kind,  # type: ignore[arg-type]
                    quote=text[s_lo:s_hi].strip(),
                    start=q.start,
                    end=q.end,
                    label_start=label_start,
                    label_end=label_end,
                    value_max=q.base_value_max,
                    cumulative=cumulative,
                    measure=measure_of(q, label, change),
                    role=role,
                    period_start=start_year,
                    period_end=end_year,
                    average=average,
                )
            )
        return out

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

    def _is_glossary(self) -> bool:
        """Notes that explain names ("16.“四向八廊”综合交通走廊：东南西北4个方向8条…"): definitions, not statistics."""
        if any(re.fullmatch(r"(?:附件\d*\s*)?" + _GLOSSARY_TITLE.pattern, title.strip()) for title in self.p.section):
            return True
        m = _GLOSSARY_ENTRY.match(self.text)
        if not m or _GLOSSARY_TERM_NOT.search(m.group("term")):
            return False
        return "“" in m.group("term") or bool(re.search(r"是指|指的是|的简称|简称为", self.text[:120]))

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


def extract_figures(
    passage: Passage,
    record: DocumentRecord,
    lexicon: Lexicon,
    *,
    include_excluded: bool = False,
    on_skip: Callable[[str], None] | None = None,
) -> list[Figure]:
    """Every policy figure of ``passage``.

    Passages flagged as unrelated (``passage.excluded``) and repeated paragraphs (``duplicate_of``) give no
    figures unless ``include_excluded``.  Numbers that cannot be read, or have no label, are skipped and
    reported through ``on_skip`` (one line each), never raised.
    """
    if (passage.excluded or passage.duplicate_of is not None) and not include_excluded:
        return []
    try:
        figures = FigureExtractor(passage, record, lexicon, on_skip).extract()
    except Exception as exc:
        if on_skip:
            on_skip(f"{passage.doc}#{passage.index}: figures skipped: {type(exc).__name__}: {exc}")
        return []
    if on_skip:
        for number in unread_numbers(passage.text):
            on_skip(f"{passage.doc}#{passage.index}: skipped {number!r}: not read as a quantity")
    return figures


_DIGITS = re.compile(r"(?<![A-Za-z\d.])\d+(?:[.,]\d+)*%?(?![A-Za-z])")  # not PM2.5, CO2, 5A
_DATE_AFTER = re.compile(r"^(?:年|月|日|号|时|点|分|届|次会议|版|[—–-]\d)")


def unread_numbers(text: str) -> list[str]:
    """Numbers written in digits that the quantity parser did not read (dates and times aside): what
    ``--verbose`` shows, so that nothing is dropped unseen."""
    taken = [(q.start, q.end) for q in parse_quantities(text)]
    out = []
    for m in _DIGITS.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken) or _DATE_AFTER.match(text[m.end() :]):
            continue
        out.append(text[max(0, m.start() - 4) : m.end() + 2])
    return out


__all__ = ["extract_figures", "unread_numbers", "value_text", "FigureExtractor"]


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
