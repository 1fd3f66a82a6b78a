"""Policy figures: each quantity of a passage with what it measures (label → indicator), when (period, year) and
what kind of statement it is (target, baseline, actual, change, rank).

Pipeline per passage: quantities (numbers.py) → drop the ones that are not measurements → sentence and
clause of each → label (the noun phrase before the number, or after a counter that follows a verb; lists with
分别 distribute) → kind from the words around it → period (periods.py) → indicator (lexicon.py).

``FigureExtractor`` runs that pipeline over one passage and builds the ``Figure`` records; its rules live in mixins
named for them: which quantities are not figures (figure_checks.py), the label before the number (labels.py), and
the kind of statement read against the time it is dated to (figure_kinds.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from explorer.extract.figure_checks import FigureChecks
from explorer.extract.figure_kinds import FigureKinds, _list_lead_in
from explorer.extract.figure_words import (
    _NO_NOUN,
    _TARGET_CLAUSE,
    _TARGET_SENTENCE,
    _clause_start,
    _Item,
    _sentences,
)
from explorer.extract.labels import LabelMixin, _share_units, value_text
from explorer.extract.lexicon import Lexicon
from explorer.extract.numbers import fold, parse_quantities
from explorer.extract.periods import Cue, Resolved, arabic_years, find_cues, resolve
from explorer.extract.roles import is_average, is_change, measure_of, role_of
from explorer.extract.timeline import document_dates, opening_cues, period_range, tracker
from explorer.model import DocumentRecord, Figure, Passage, Quantity

_EVENT_DATE = re.compile(r"年初|年\d{1,2}月|年[一二三四五六七八九十]{1,2}月|月\d{1,2}日|月份?$")


class FigureExtractor(LabelMixin, FigureChecks, FigureKinds):
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
