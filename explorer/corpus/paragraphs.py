"""Source text → paragraphs: lines folded (normalise.fold_line), fragments broken by page breaks and
former inline tags rejoined, unrelated items flagged, exact duplicates recorded. Offsets are kept."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from explorer.corpus.mapped import MappedText
from explorer.corpus.markers import match_marker
from explorer.corpus.noise import auto_flag
from explorer.corpus.normalise import fold_line, is_cjk

_CLOSING = set("。！？；：…”’」』）)】》!?;:")
_SENTENCE_PUNCT = set("。！？；")
_TINY_FRAGMENT = re.compile(r"^(?:[A-Za-z0-9.%+\-]{1,6}|《|》|[（(]|[）)])$")


@dataclass(frozen=True)
class Paragraph:
    mapped: MappedText
    excluded: str | None = None  # reason, when the paragraph is not policy text
    curated: bool = False  # the exclusion (or inclusion) comes from the record's anchors
    duplicate_of: int | None = None

    @property
    def text(self) -> str:
        return self.mapped.text


def read_lines(source: str) -> list[tuple[MappedText, bool]]:
    """Folded non-blank lines, each with whether a blank line came before it."""
    lines: list[tuple[MappedText, bool]] = []
    pos = 0
    blank = False
    for raw in source.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        line = fold_line(MappedText.of(body, pos)).strip()
        pos += len(raw)
        if not line.text:
            # A line of only invisible characters (zero-width spaces left by a scrape) is no paragraph break.
            blank = blank or not body.strip(" \t\u3000")
            continue
        lines.append((line, blank))
        blank = False
    return lines


def _is_heading_like(text: str) -> bool:
    marker = match_marker(text)
    if marker and not any(p in text for p in _SENTENCE_PUNCT):
        return True
    if len(text) > 25 or any(p in text for p in _SENTENCE_PUNCT | {"，"}):
        return False
    # A short unpunctuated line is a title when it is very short, is a two-part headline, or a subtitle;
    # a longer one is more often the first half of a sentence a page break cut.
    return len(text) <= 12 or " " in text or text.startswith("——")


def _continues(prev: str, nxt: str, blank_between: bool) -> bool:
    """Is ``nxt`` the rest of a sentence that ``prev`` left open?"""
    if _TINY_FRAGMENT.match(nxt) or _TINY_FRAGMENT.match(prev) or prev.endswith("《"):
        return not blank_between or prev[-1:].isascii()
    if nxt[0] in _NEVER_FIRST and prev[-1] not in "。！？":
        return True  # no paragraph starts with "。" or "、": a scrape broke the line at a link
    if prev[-1] in _CLOSING:
        return False
    if match_marker(nxt) is not None:
        return False  # the next line opens an item of its own
    marker = match_marker(prev)
    if marker is not None and marker.length == len(prev) and marker.style in _BARE_ITEM_STYLES:
        return True  # "一是" alone on a line, its text on the next
    if _unclosed(prev) or _ends_with_function_word(prev):
        return True  # "…所作的" + "政府工作报告": visibly unfinished
    if _is_heading_like(prev) or len(prev) < 10:
        return False
    if not blank_between and (len(prev) > 40 or "，" in prev):
        return True  # a line wrapped mid-sentence (a scrape's line break at an inline tag)
    if len(nxt) <= 25 and nxt[-1] not in _CLOSING:
        return False  # a short unpunctuated line is a title or caption, not a continuation
    first = nxt[0]
    if not (is_cjk(first) or first.isalnum() or first in "“‘《（(%）)”’》」』、，"):
        return False
    # A long line that stops mid-sentence was cut by the page; a short one may be an unpunctuated heading,
    # so join it only on evidence that the sentence goes on.
    return len(prev) > 40 or _visibly_open(prev, nxt)


_OPENERS = {"“": "”", "（": "）", "《": "》", "‘": "’", "「": "」"}
_NEVER_FIRST = set("。，、；：）》”’」』！？")
_BARE_ITEM_STYLES = ("cn", "paren_cn", "arabic", "paren_arabic", "circled", "ordinal")
_FINISHES_SENTENCE = re.compile(r"^[^，。；！？、“”]{1,4}[。；！？]")
_NEVER_LAST = set("的更和与及在对将把被为是了等并且或而从向以于之其")


_OPEN_WORDS = frozenset(
    ["关于", "对于", "由于", "通过", "按照", "根据", "围绕", "以及", "并且", "而且", "或者", "为了", "及其"]
)


def _ends_with_function_word(text: str) -> bool:
    """Does the line stop on a function word ("…所作的", "…按照")? The last *word* decides, not the last
    character: "二、…总体要求和政策取向" ends in the noun 取向, whose 向 alone would be a preposition."""
    if text[-1] not in _NEVER_LAST and not text.endswith(tuple(_OPEN_WORDS)):
        return False
    if re.fullmatch(r"[一二三四五六七八九十]+是", text):
        return True  # a bare "一是": its text is on the next line
    import rjieba

    words = [w for w, _s, _e in rjieba.tokenize(text[-6:])]
    last = words[-1] if words else text[-1]
    return len(last) == 1 or last in _OPEN_WORDS


def _unclosed(text: str) -> bool:
    return any(text.count(o) > text.count(c) for o, c in _OPENERS.items())


def _visibly_open(prev: str, nxt: str) -> bool:
    if any(p in prev[:-1] for p in _SENTENCE_PUNCT):
        return True  # it already holds a finished sentence: body text, not a heading
    if "——" in prev[1:]:
        return True  # a run-in heading ("…示范创建——省生态环境") runs on
    if _FINISHES_SENTENCE.match(nxt):
        return True  # "…制度约束持续" + "织密。": the next line only finishes a sentence
    return splits_word(prev, nxt)


def splits_word(prev: str, nxt: str) -> bool:
    import rjieba

    left, right = prev[-4:], nxt[:4]
    boundary = len(left)
    return any(start < boundary < end for _word, start, end in rjieba.tokenize(left + right))


def build_paragraphs(source: str, curated: list[tuple[int, int, str, bool]]) -> list[Paragraph]:
    """``curated``: (start, end, reason, exclude?) source spans from the record's anchors."""
    lines = read_lines(source)
    flagged: list[tuple[MappedText, bool, str | None, bool]] = []
    for i, (line, blank) in enumerate(lines):
        reason, is_curated = _curation(line, curated)
        if not is_curated:
            reason = auto_flag(line.text, position=i)
        flagged.append((line, blank, reason, is_curated))
    _flag_headlines(flagged)
    _flag_footer(flagged)

    paragraphs: list[Paragraph] = []
    current: MappedText | None = None
    held: list[Paragraph] = []  # unrelated items met while a sentence was still open
    for line, blank, reason, is_curated in flagged:
        if reason is not None:
            item = Paragraph(line, reason, is_curated)
            if current is not None and current.text[-1] not in _CLOSING:
                held.append(item)
            else:
                _flush(paragraphs, current, held)
                current, held = None, []
                paragraphs.append(item)
            continue
        if current is not None and _continues(current.text, line.text, blank or bool(held)):
            current = MappedText.join([current, line])
            continue
        _flush(paragraphs, current, held)
        current, held = line, []
    _flush(paragraphs, current, held)
    return _mark_duplicates(paragraphs)


def _flush(out: list[Paragraph], current: MappedText | None, held: list[Paragraph]) -> None:
    if current is not None:
        out.append(Paragraph(current))
    out.extend(held)


def _curation(line: MappedText, spans: list[tuple[int, int, str, bool]]) -> tuple[str | None, bool]:
    start, end = line.start, line.end
    for s, e, reason, exclude in spans:
        overlap = min(end, e) - max(start, s)
        if overlap > 0 and overlap * 2 >= min(end - start, e - s):
            return (f"curated: {reason}" if reason else "curated") if exclude else None, True
    return None, False


def _flag_headlines(flagged: list[tuple[MappedText, bool, str | None, bool]]) -> None:
    """A news item's headline stands on the line before its dateline: flag it with it."""
    for i in range(1, len(flagged)):
        line, blank, reason, is_curated = flagged[i]
        if reason and reason.startswith("dateline"):
            prev = flagged[i - 1]
            if prev[2] is None and not prev[3] and len(prev[0].text) <= 60 and prev[0].text[-1] not in _SENTENCE_PUNCT:
                flagged[i - 1] = (prev[0], prev[1], "headline (news item)", False)


def _flag_footer(flagged: list[tuple[MappedText, bool, str | None, bool]]) -> None:
    """A scraped page's licence or copyright footer ("本作品是…属于公有领域", "Public domain") runs to the end of
    the text: flag it and everything after it, when it starts in the last third of the characters."""
    n = len(flagged)
    total = sum(len(f[0].text) for f in flagged)
    seen = 0
    for i, (line, _blank, reason, _is_curated) in enumerate(flagged):
        seen += len(line.text)
        if reason == "licence footer" and seen >= total * 2 // 3:
            for j in range(i, n):
                if not flagged[j][3]:
                    flagged[j] = (flagged[j][0], flagged[j][1], "licence footer", False)
            return


def _mark_duplicates(paragraphs: list[Paragraph]) -> list[Paragraph]:
    seen: dict[str, int] = {}
    out: list[Paragraph] = []
    for i, p in enumerate(paragraphs):
        key = p.text
        # A heading line is never a duplicate: a 目录 lists "第一篇 开启…新征程" before the body repeats it.
        if len(key) >= 20 and key in seen and not (match_marker(key) and _is_heading_like(key)):
            out.append(replace(p, duplicate_of=seen[key]))
            continue
        seen.setdefault(key, i)
        out.append(p)
    return out
