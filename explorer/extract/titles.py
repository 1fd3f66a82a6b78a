"""Cited titles: every 《…》 in a passage, normalised, and resolved against the corpus's record titles.

- ``find_titles`` yields one ``TitleMention`` per 《…》 with its span in ``Passage.text``. A title broken over
  a paragraph boundary (``…编制了《`` ‖ ``国民经济…纲要（草案）`` ‖ ``》，提交…``: an inline tag on the web page
  became a line break) is rejoined across consecutive passages; the span then runs from 《 to the end of the
  passage that opens it.
- ``normalise_title`` gives one spelling for display and ``--to``: half-width digits and letters, full-width
  （）, every dash between year digits as ``-``, no spaces beside Chinese characters, one quote style.
- ``title_key`` is the comparison key: the normalised title without brackets, quotes, dashes and spaces,
  traditional folded to simplified (the search index's ``fold``).
- ``resolve_title`` finds the record a title names: exact key, else a near-identical key (difflib ratio).
- ``expand_short_forms`` ties an abbreviation (《纲要草案》) to the full title cited earlier in the same document.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from explorer.model import DocumentRecord, Passage
from explorer.text.fold import fold

# A title is at most this long; an unclosed 《 further than this from a 》 is a stray character.
MAX_TITLE = 120
# How similar two keys must be (difflib ratio) to name the same document: allows an OCR slip or a
# dropped word, not a different year range (2021-2023 vs 2024-2026 is below this on a short title).
# Fuzzy matches must also carry the same numbers (years, editions): 2021-2023 never names 2024-2026.
RESOLVE_RATIO = 0.9

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_OPEN, _CLOSE = "《", "》"
_TITLE_RE = re.compile(r"《([^《》]{1,%d})》" % MAX_TITLE)
_DASHES = r"\-‐‑‒–—―－﹣−~～〜"  # escaped: used inside [...] classes
_DASH_BETWEEN_DIGITS = re.compile(rf"(?<=\d)\s*[{_DASHES}]+\s*(?=\d)")
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}（）“”《》〈〉、，])\s+|\s+(?=[{_CJK}（）“”《》〈〉、，])")
_SPACES = re.compile(r"\s+")
_KEY_DROP = re.compile(rf"[\s（）()\[\]【】“”\"'‘’「」『』〈〉<>《》{_DASHES}·・.,，、:：;；]")

# What kind of document a title names, from its last word (longest first). None: probably a book, film,
# song or periodical (《装台》, 《科学》) — still listed, but flagged so a reader can tell.
GENRES = (
    "规划纲要",
    "行动计划",
    "实施方案",
    "工作方案",
    "总体方案",
    "实施意见",
    "指导意见",
    "若干措施",
    "若干政策措施",
    "实施细则",
    "管理办法",
    "决议",
    "决定",
    "建议",
    "条例",
    "法典",
    "法",
    "规定",
    "规则",
    "办法",
    "细则",
    "纲要",
    "规划",
    "计划",
    "方案",
    "意见",
    "通知",
    "公告",
    "措施",
    "准则",
    "清单",
    "目录",
    "指南",
    "标准",
    "规范",
    "体系",
    "战略",
    "协定",
    "公约",
    "协议",
    "宣言",
    "议定书",
    "报告",
    "白皮书",
    "章程",
    "制度",
    "守则",
    "书",
)
_GENRES_LONGEST_FIRST = sorted(GENRES, key=len, reverse=True)
_DRAFT = re.compile(r"[（(]?(草案|征求意见稿|试行|暂行|修订稿|送审稿)[）)]?$")


@dataclass(frozen=True)
class TitleMention:
    doc: str
    passage: int
    start: int  # span of 《…》 in the passage text (to the passage end when the title runs on)
    end: int
    raw: str  # as written, without the brackets (line breaks of a rejoined title removed)
    title: str  # normalised
    rejoined: bool = False  # the title ran over a paragraph boundary
    short_of: str | None = None  # the full title this one abbreviates (same document)


def normalise_title(raw: str) -> str:
    s = raw.replace("\u3000", " ")
    s = "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" and c not in "（）" else c for c in s)
    s = s.replace("(", "（").replace(")", "）")
    s = re.sub(r"[\"「『]", "“", s)
    s = re.sub(r"[」』]", "”", s)
    s = _fix_straight_quotes(s)
    s = _DASH_BETWEEN_DIGITS.sub("-", s)
    s = _SPACE_NEAR_CJK.sub("", s.strip())
    s = _SPACES.sub(" ", s)
    return s.strip(" 《》")


def _fix_straight_quotes(s: str) -> str:
    # After the mapping above every straight quote became “; pair them up again as “…”.
    out, opening = [], True
    for c in s:
        if c == "“" and "”" not in s:
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(c)
    return "".join(out)


def title_key(title: str) -> str:
    return fold(_KEY_DROP.sub("", normalise_title(title))).lower()


def title_genre(title: str) -> str | None:
    """The kind of document a title names (条例, 规划纲要, 实施意见 …), or None for other works."""
    body = normalise_title(title)
    while True:  # drop trailing （2024-2026年）, （草案）, 草案 …
        shorter = _DRAFT.sub("", re.sub(r"（[^（）]*）$", "", body))
        if shorter == body or not shorter:
            break
        body = shorter
    for genre in _GENRES_LONGEST_FIRST:
        if body.endswith(genre):
            return genre
    return None


def is_plausible_title(title: str) -> bool:
    """Enough Chinese or Latin text to be a title: not page chrome like 》》点击…《《 or an empty 《》."""
    letters = sum(1 for c in title if re.match(rf"[{_CJK}A-Za-z]", c))
    return letters >= 2 and letters >= len(title) / 3


# ------------------------------------------------------------------------------------------------ finding


def find_titles(passages: Sequence[Passage]) -> list[TitleMention]:
    """Every 《…》 title in a document's passages (in order), rejoining titles split over a paragraph break.

    Pass the document's passages in reading order; mentions in excluded or duplicate passages are dropped
    (their text is not policy text), but such passages still close a title opened before them.
    """
    out: list[TitleMention] = []
    for i, p in enumerate(passages):
        if not _counts(p):
            continue
        for m in _TITLE_RE.finditer(p.text):
            title = normalise_title(m.group(1))
            if is_plausible_title(title):
                out.append(TitleMention(p.doc, p.index, m.start(), m.end(), m.group(1), title))
        tail = _unclosed_tail(p.text)
        if tail is None:
            continue
        pos, head = tail
        joined = _continuation(head, passages[i + 1 : i + 3])
        if joined is not None:
            title = normalise_title(joined)
            if is_plausible_title(title):
                out.append(TitleMention(p.doc, p.index, pos, len(p.text), joined, title, rejoined=True))
    return out


def _counts(p: Passage) -> bool:
    return not p.excluded and p.duplicate_of is None


def _unclosed_tail(text: str) -> tuple[int, str] | None:
    """The last 《 with no 》 after it, when it is close to the passage end."""
    pos = text.rfind(_OPEN)
    if pos < 0 or _CLOSE in text[pos:] or len(text) - pos > MAX_TITLE:
        return None
    return pos, text[pos + 1 :]


def _continuation(head: str, following: Sequence[Passage]) -> str | None:
    """``head`` + the start of the next passage(s) up to a 》 that comes first (before any 《)."""
    text = head
    for p in following:
        close, opening = p.text.find(_CLOSE), p.text.find(_OPEN)
        if close >= 0 and (opening < 0 or close < opening):
            text += p.text[:close]
            return text if len(text) <= MAX_TITLE else None
        if opening >= 0 or len(text) + len(p.text) > MAX_TITLE:
            return None
        text += p.text
    return None


def expand_short_forms(mentions: list[TitleMention]) -> list[TitleMention]:
    """Tie an abbreviation to the full title it shortens, cited *earlier* in the same document.

    《纲要草案》 after 《国民经济和社会发展第十四个五年规划…纲要（草案）》: every character of the short key occurs
    in order in exactly one earlier, at least twice as long key, and they end on the same word (纲要草案 ↔
    …纲要草案). Titles cited only once anywhere are never touched.
    """
    out: list[TitleMention] = []
    seen: dict[str, list[TitleMention]] = {}
    for m in mentions:
        earlier = seen.setdefault(m.doc, [])
        key = title_key(m.title)
        fulls = {
            e.title
            for e in earlier
            if len(title_key(e.title)) >= 2 * len(key) and _abbreviates(key, title_key(e.title))
        }
        if len(fulls) == 1 and len(key) >= 2:
            m = replace(m, short_of=fulls.pop())
        earlier.append(m)
        out.append(m)
    return out


def _abbreviates(short: str, full: str) -> bool:
    it = iter(full)
    if not all(c in it for c in short):
        return False
    genre = title_genre(short) or short[-2:]
    return genre in full[-len(genre) - 4 :]


# ------------------------------------------------------------------------------------------------ resolving


@dataclass(frozen=True)
class TitleResolver:
    """Record titles by key, for resolving cited titles to corpus documents."""

    keys: tuple[tuple[str, str], ...]  # (key, record id); a record may have several keys (title, main title)

    @classmethod
    def of(cls, records: Iterable[DocumentRecord]) -> TitleResolver:
        keys = []
        for r in records:
            for variant in _title_variants(r.title):
                key = title_key(variant)
                if len(key) >= 4:
                    keys.append((key, r.id))
        return cls(tuple(keys))

    def resolve(self, title: str) -> tuple[str | None, float]:
        """(record id, similarity) of the document this title names, or (None, best ratio)."""
        key = title_key(title)
        if not key:
            return None, 0.0
        best, best_ratio = None, 0.0
        for record_key, record_id in self.keys:
            if record_key == key:
                return record_id, 1.0
            if abs(len(record_key) - len(key)) > max(3, len(key) // 8) or _digits(record_key) != _digits(key):
                continue
            ratio = difflib.SequenceMatcher(None, key, record_key, autojunk=False).ratio()
            if ratio > best_ratio:
                best, best_ratio = record_id, ratio
        return (best, best_ratio) if best_ratio >= RESOLVE_RATIO else (None, best_ratio)


def _digits(key: str) -> list[str]:
    return re.findall(r"\d+", key)


def resolve_title(title: str, records: Iterable[DocumentRecord]) -> str | None:
    """The id of the corpus record the title names, or None (an external document)."""
    return TitleResolver.of(records).resolve(title)[0]


def _title_variants(title: str) -> list[str]:
    """A record title and, for a feature headline ``正题——副题``, each part on its own."""
    parts = [p for p in re.split(r"\s*[—―]{2}\s*", title) if p]
    return [title] + (parts if len(parts) > 1 else [])


# ------------------------------------------------------------------------------------------------ context

# What the citing sentence says happened to the cited document, so that a regulation can be followed
# through time (put on a legislative plan in one report, enacted in a later one).
STAGES = {
    "drafting": ("立法规划", "立法计划", "立法工作", "列入", "起草", "编制", "提请", "提交", "审议", "征求意见"),
    "issued": (
        "正式施行",
        "施行",
        "颁布",
        "出台",
        "出台实施",
        "印发",
        "印发实施",
        "发布",
        "审议通过",
        "通过",
        "制定",
        "制订",
        "修订",
        "批复",
        "实施以来",
    ),
    "applied": ("根据", "依据", "按照", "贯彻", "落实", "实施", "执行", "对照", "入选"),
}
_CUES = sorted(((cue, stage) for stage, cues in STAGES.items() for cue in cues), key=lambda c: -len(c[0]))
_CLAUSE_END = "。；！？，"
_TITLE_GLUE = re.compile(r"^[、和及与\s]*$")  # what may stand between titles of one list


def citation_stage(text: str, start: int, end: int) -> tuple[str, str] | None:
    """(stage, cue word) from the clause around a title at ``text[start:end]``: drafting, issued or applied.

    Titles listed together (出台《A》《B》、《C》) share the clause around the whole list; the cue nearest the list
    wins, the longer cue on a tie (出台实施 over 实施).
    """
    while True:  # widen to the whole list of adjacent titles
        before = text.rfind("》", 0, start)
        if before >= 0 and _TITLE_GLUE.match(text[before + 1 : start]) and text.rfind("《", 0, before) >= 0:
            start = text.rfind("《", 0, before)
            continue
        after = text.find("《", end)
        if after >= 0 and _TITLE_GLUE.match(text[end:after]) and text.find("》", after) >= 0:
            end = text.find("》", after) + 1
            continue
        break
    left = max(text.rfind(c, 0, start) for c in _CLAUSE_END) + 1
    rights = [i for i in (text.find(c, end) for c in _CLAUSE_END) if i >= 0]
    clause_before = text[max(left, start - 30) : start]
    clause_after = text[end : min(rights + [len(text), end + 30])]
    best: tuple[int, int, str, str] | None = None
    for cue, stage in _CUES:
        i = clause_before.rfind(cue)
        if i >= 0:
            candidate = (len(clause_before) - i - len(cue), -len(cue), stage, cue)
            best = candidate if best is None or candidate < best else best
        i = clause_after.find(cue)
        if i >= 0:
            candidate = (i, -len(cue), stage, cue)
            best = candidate if best is None or candidate < best else best
    return (best[2], best[3]) if best else None
