"""Passages likely unrelated to the policy text on a newspaper page, flagged so a new document gets a
sensible default; the curator's anchors (DocumentRecord.exclude / include) override these guesses."""

from __future__ import annotations

import re

from explorer.corpus.mapped import MappedText
from explorer.corpus.markers import match_marker
from explorer.corpus.normalise import fold_line, fold_text
from explorer.model import Anchor
from explorer.text.sentences import CLAUSE_END as _SENTENCE_END

_PHOTO_CREDIT = re.compile(
    r"(?:^|[\s　])(?:特约|全媒体|本报)?(?:通讯员|记者)?[\s　]*[\u4e00-\u9fff·]{2,4}(?:[\s　、][\u4e00-\u9fff·]{2,4})*[\s　]*(?:摄|摄影|/摄|供图|/图)$"
)
_BYLINE = re.compile(
    r"^(?:本报|全媒体|特约)?(?:记者|通讯员|见习记者)[\s　]*[\u4e00-\u9fff·]{2,4}(?:[\s　、]+(?:本报|全媒体|特约)?(?:记者|通讯员)?[\s　]*[\u4e00-\u9fff·]{2,4})*$|^[\u4e00-\u9fff·]{2,4}(?:[\s　][\u4e00-\u9fff·]{2,4})*[\s　]*/[\s　]*文$"
)
_DATELINE = re.compile(r"^本报[\u4e00-\u9fff]{0,8}讯|^[（(]?(?:新华社|人民网|中新网)[\u4e00-\u9fff]{0,8}[电讯]")
_CAPTION = re.compile(
    r"^(?:图为|▲|△|上图|下图|左图|右图|图\d)|[（(](?:本版)?(?:文图|图文|图片|照片)由.{1,30}提供[）)]$|(?:资料图片|供图|摄)$"
)
_LICENCE = re.compile(
    r"^本作品(?:是|来自|在|属于|由|采用)|^Public domain|属于公有领域|不适用于该法|版权所有|^Copyright\b|^©"
)
_EDITORIAL = re.compile(r"^(?:责任编辑|编辑|校对|审核|美编)[：:]")


def auto_flag(text: str, *, position: int) -> str | None:
    """Why this paragraph is probably not part of the policy text, or None.
    ``position`` is the paragraph's index: a dateline opening the document is the document's own."""
    t = text.strip()
    if not t:
        return None
    if _LICENCE.search(t):
        return "licence footer"
    short = len(t) <= 40 and not any(p in t for p in _SENTENCE_END)
    if short and _PHOTO_CREDIT.search(t):
        return "photo credit"
    if short and _BYLINE.match(t):
        return "byline"
    if _EDITORIAL.match(t) and len(t) <= 40:
        return "editorial credit"
    if position > 3 and _DATELINE.match(t):
        return "dateline (news item)"
    if len(t) <= 80 and _CAPTION.search(t) and match_marker(t) is None:
        return "caption"
    return None


def resolve_anchors(source: str, anchors: tuple[Anchor, ...]) -> tuple[list[tuple[int, int, Anchor]], list[str]]:
    """Source spans of curated anchors; a message for each anchor that matches nothing."""
    spans: list[tuple[int, int, Anchor]] = []
    problems: list[str] = []
    folded: MappedText | None = None
    for anchor in anchors:
        found = _find_span(source, anchor.start, anchor.end)
        if found is None and anchor.start:
            # Quotes copied from what the tool shows (normalised: "，" for ",", "（一）" for "(一)") match too.
            if folded is None:
                folded = fold_line(MappedText.of(source))
            hit = _find_span(folded.text, fold_text(anchor.start), fold_text(anchor.end) if anchor.end else "")
            if hit is not None:
                found = folded.source_span(*hit) if hit[1] > hit[0] else (hit[0], hit[1])
        if found is None:
            problems.append(_why_unmatched(source, anchor))
            continue
        spans.append((found[0], found[1], anchor))
    return spans, problems


def _find_span(text: str, start_quote: str, end_quote: str) -> tuple[int, int] | None:
    start = text.find(start_quote) if start_quote else -1
    if start < 0:
        return None
    if not end_quote:
        return start, start + len(start_quote)
    end = text.find(end_quote, start)
    return None if end < 0 else (start, end + len(end_quote))


def _why_unmatched(source: str, anchor: Anchor) -> str:
    if not anchor.start or source.find(anchor.start) < 0:
        return f"curation anchor matches nothing: start {anchor.start!r}"
    return f"curation anchor matches nothing after its start: end {anchor.end!r}"
