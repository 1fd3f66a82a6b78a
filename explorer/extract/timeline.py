"""Time as a researcher reads a policy document: which year it looks back on, which frame of time governs a
sentence that names none, and the period of a figure as a range of years.

* **The document's own years** (:func:`document_dates`): a government work report is delivered early in year Y
  and reviews Y−1 (过去一年, 全年) while it plans Y (今年) — also when only its year is known, and also for the
  2020 report delivered in May; a statistical communiqué published in Y+1 reports on year Y (the year in its
  title, else the one before publication).
* **Frames** (:class:`FrameTracker`): a time expression that opens a sentence or a paragraph ("过去一年，…",
  "2025年，…", "这五年，…") governs what follows until another one opens: the later sentences of its paragraph,
  and the later paragraphs of its section and of the sections under it. A heading deeper than the paragraph
  that set the frame takes precedence over it ("（三）2026年重点工作" under a section whose lead said 2025).
* **Ranges** (:func:`period_range`): "2011-2015", "十二五", "2024H1" → (first year, last year).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from explorer.extract.periods import Cue, PubDate, _fyp_years, find_cues
from explorer.model import DocumentRecord

_WORK_REPORT = re.compile(r"政府工作报告|工作报告$")
_COMMUNIQUE = re.compile(r"(?:统计)?公报")
_TITLE_YEAR = re.compile(r"(\d{4})年")
_RESOLUTION = re.compile(r"关于.{0,12}报告的决议")
_CONGRESS_ISSUER = re.compile(r"中央委员会$")


def document_dates(record: DocumentRecord) -> PubDate:
    """The publication date with the year the document looks back on, when its genre tells."""
    pub = PubDate.parse(record.published)
    if pub.year is None:
        return pub
    title = record.title or ""
    if _COMMUNIQUE.search(title) and "统计" in title:
        m = _TITLE_YEAR.search(title)
        year = int(m.group(1)) if m and int(m.group(1)) <= pub.year else pub.year - 1
        return PubDate(pub.year, pub.month, review=year, communique=True)
    if (_WORK_REPORT.search(title) or _RESOLUTION.search(title)) and "规划" not in title:
        return PubDate(pub.year, pub.month, review=pub.year - 1)
    if _CONGRESS_ISSUER.search(record.issuer or "") and record.kind == "report" and pub.month and pub.month >= 6:
        # a central committee's report to a party congress in the autumn of Y ("过去五年的工作和新时代十年的伟大变革",
        # 2022-10) looks back on the years up to Y itself
        return PubDate(pub.year, pub.month, review=pub.year)
    return pub


def period_range(period: str | None, year: int | None) -> tuple[int | None, int | None]:
    """(first, last) year of a resolved period: "2011-2015" → (2011, 2015), "十二五" → (2011, 2015), "2023-12" →
    (2023, 2023); an unresolved period gives the end year alone, or nothing."""
    if period:
        fyp = _fyp_years(period)
        if fyp:
            return fyp
        m = re.fullmatch(r"(\d{4})-(\d{4})", period)
        if m:
            return int(m.group(1)), int(m.group(2))
        m = re.fullmatch(r"(\d{4})-\d{2}/(\d{4})-\d{2}", period)
        if m:
            return int(m.group(1)), int(m.group(2))
        m = re.match(r"(\d{4})", period)
        if m:
            return int(m.group(1)), int(m.group(1))
    return (year, year) if year is not None else (None, None)


_MAY_FRAME = re.compile(r"[年五纪]")
_BASED_ON = re.compile(r"在[^，,。；]{0,30}?(?:的)?基础上[，,]\s*")
_AFTER_EVENT = re.compile(r"(?:以后|之后|后)$")
_DATELINE = re.compile(r"^[（(—－\-\s]*\d{4}年\d{1,2}月\d{1,2}日")
# "刚刚过去的2017年，经济社会发展主要目标任务全面完成": the year is the frame, after the words that introduce it
_OPENING = re.compile(
    r"^(?:各位代表[！!：:]?|同志们[！!：:]?|同时|此外|另外|其中|总的看|总体看)?[，,\s]*(?:刚刚过去的|刚过去的)?"
)


def opening_cues(text: str, pub: PubDate, *, limit: int = 24) -> list[Cue]:
    """The cue that opens ``text`` ("2025年，…", "过去一年，…", "这五年，我们…"): a frame for what follows.
    Spans are into ``text``."""
    if _DATELINE.match(text):
        return []  # "——2026年1月26日在…上": the date the document was delivered, not a frame
    lead = _OPENING.match(text)
    start = lead.end() if lead else 0
    # "在1992年快速增长的基础上，1993年我国经济继续蓬勃发展": the year of a baseline phrase is no frame, the one after it is
    based = _BASED_ON.match(text, start)
    start = based.end() if based else start
    end = start
    while end < len(text) and text[end] not in "，,。；;：:！？!?\n":
        end += 1
    if not _MAY_FRAME.search(text, start, min(end, start + 12)):
        return []  # every frame names a year (…年), a plan (…五) or the century (本世纪): skip the rest cheaply
    # A frame opens its sentence: "这五年，我们…", "2015年是…收官之年" — not "粮食总产量创2006年以来新高", not
    # "围绕…“十四五”规划". 全年 is this year in a plan and last year in a review: it frames nothing.
    cues = [
        c
        for c in find_cues(text[: end + 1], pub)
        if c.end <= end
        and start <= c.start <= start + 1
        and c.kind != "run"
        and not c.text.startswith(("全年", "现在", "目前", "当前"))
    ]
    if cues and cues[0].kind == "point" and _AFTER_EVENT.search(text, start, end):
        # "1998年发生特大洪水后，总结实施了…": what followed the event, up to the year the document looks back on
        c, last = cues[0], pub.review_year or pub.year
        if c.year is None or last is None or last <= c.year:
            return []
        cues = [Cue(c.start, c.end, c.text, f"{c.year}-{last}", last, "since")]
    # the first cue is the frame; later ones describe it ("2026年是“十五五”第一年")
    return cues[:1] if cues and cues[0].year is not None and end - start <= limit * 4 else []


@dataclass
class _DocFrames:
    doc: str
    last_index: int = -1
    frames: dict[tuple[str, ...], tuple[int, list[Cue]]] = field(default_factory=dict)
    plan: tuple[int, int] | None = None  # the five-year plan the document reports on, from its opening


# "我代表国务院向本次大会作关于第一个五年计划的报告", "作关于我国国民经济和社会发展第六个五年计划的报告"
_PLAN_REPORT = re.compile(
    r"(?:作|提出)(?:了)?关于[^。；]{0,30}?第([一二三四五六七八九十]{1,3})个五年(?:计划|规划)[^。；]{0,12}?的?(?:报告|议案)"
)


class FrameTracker:
    """Lead frames carried from a paragraph to the later paragraphs of its section (see the module notes).

    Fed in document order (the order passages are extracted in); a passage index that does not increase, or
    another document, starts afresh, so extracting one passage alone never sees a stale frame."""

    def __init__(self) -> None:
        self._state: _DocFrames | None = None

    def carried(self, doc: str, index: int, section_ids: tuple[str, ...]) -> tuple[list[Cue], int]:
        """The frame governing passage ``index`` and the depth of the section that set it (0: none)."""
        state = self._state
        if state is None or state.doc != doc or index <= state.last_index:
            self._state = state = _DocFrames(doc)
        state.last_index = index
        best: tuple[int, list[Cue], int] | None = None
        for scope, (order, cues) in state.frames.items():
            if section_ids[: len(scope)] == scope and (best is None or order > best[0]):
                best = (order, cues, len(scope))
        return (best[1], best[2]) if best else ([], 0)

    def note_plan(self, doc: str, index: int, text: str) -> tuple[int, int] | None:
        """The five-year plan a report presents, when its opening says so ("作关于第六个五年计划的报告"): its
        undated statements are the plan's targets for the plan's years."""
        state = self._state
        if state is None or state.doc != doc:
            return None
        if index <= 4 and state.plan is None:
            m = _PLAN_REPORT.search(text[:400])
            if m:
                from explorer.corpus.markers import cn_ordinal

                n = cn_ordinal(m.group(1)) or 0
                start = {1: 1953, 2: 1958}.get(n, 1966 + 5 * (n - 3))
                state.plan = (start, start + 4) if n else None
        return state.plan

    def set(self, doc: str, index: int, section_ids: tuple[str, ...], cues: list[Cue]) -> None:
        state = self._state
        if state is None or state.doc != doc:
            return
        # a new frame replaces the frames of its section and of the sections under it
        for scope in [s for s in state.frames if s[: len(section_ids)] == section_ids]:
            del state.frames[scope]
        state.frames[section_ids] = (index, cues)


_LOCAL = threading.local()


def tracker() -> FrameTracker:
    """The calling thread's tracker (the workspace extracts a document's passages in order on one thread)."""
    t = getattr(_LOCAL, "tracker", None)
    if t is None:
        t = _LOCAL.tracker = FrameTracker()
    return t


__all__ = ["FrameTracker", "document_dates", "opening_cues", "period_range", "tracker"]
