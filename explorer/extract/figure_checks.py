"""Which quantities of a passage are not figures: the checks of ``FigureExtractor.is_figure`` (a mixin).

A quantity parsed from the text is a policy figure only when it measures something.  Not figures: bare numbers
(list markers, codes), ordinals ("第3批"), numerals that are words ("五个方面", "三次产业", "千家万户"), counts that
announce a list ("做好以下10个方面工作") or only qualify the label of the figure after them ("9种再生资源循环利用量…
4600万吨"), quantities inside a quoted name, a run of years that only dates the rank after it ("连续9年居…第1位"), and
every number of a glossary note ("16.“四向八廊”综合交通走廊：东南西北4个方向8条…").  The word-level rules shared
with other extractors are in ``notfigures.not_a_statistic``; each refusal is reported through ``skip`` so that
``--verbose`` shows why a number gave no figure.
"""

from __future__ import annotations

import re

from explorer.extract.figure_words import (
    _ENUMERATION,
    _ENUMERATION_NOUN,
    _GLOSSARY_ENTRY,
    _GLOSSARY_TERM_NOT,
    _GLOSSARY_TITLE,
    _NOT_FIGURE_BEFORE,
    _clause_end,
)
from explorer.extract.notfigures import not_a_statistic
from explorer.model import Passage, Quantity


class FigureChecks:
    """Not-figure checks over ``self.t`` (the folded passage text); a mixin of ``FigureExtractor``."""

    p: Passage
    text: str
    t: str

    def skip(self, q: Quantity | None, why: str) -> None:  # provided by FigureExtractor
        raise NotImplementedError

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

    def _is_glossary(self) -> bool:
        """Notes that explain names ("16.“四向八廊”综合交通走廊：东南西北4个方向8条…"): definitions, not statistics."""
        if any(re.fullmatch(r"(?:附件\d*\s*)?" + _GLOSSARY_TITLE.pattern, title.strip()) for title in self.p.section):
            return True
        m = _GLOSSARY_ENTRY.match(self.text)
        if not m or _GLOSSARY_TERM_NOT.search(m.group("term")):
            return False
        return "“" in m.group("term") or bool(re.search(r"是指|指的是|的简称|简称为", self.text[:120]))


__all__ = ["FigureChecks"]
