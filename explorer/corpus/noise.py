"""Passages likely unrelated to the policy text on a newspaper page, flagged so a new document gets a
sensible default; the curator's anchors (DocumentRecord.exclude / include) override these guesses."""
from __future__ import annotations

import re

from explorer.corpus.markers import match_marker
from explorer.model import Anchor

_SENTENCE_END = "。！？；"

_PHOTO_CREDIT = re.compile(r"(?:^|[\s　])(?:特约|全媒体|本报)?(?:通讯员|记者)?[\s　]*[\u4e00-\u9fff·]{2,4}(?:[\s　、][\u4e00-\u9fff·]{2,4})*[\s　]*(?:摄|摄影|/摄|供图|/图)$")
_BYLINE = re.compile(r"^(?:本报|全媒体|特约)?(?:记者|通讯员|见习记者)[\s　]*[\u4e00-\u9fff·]{2,4}(?:[\s　、]+(?:本报|全媒体|特约)?(?:记者|通讯员)?[\s　]*[\u4e00-\u9fff·]{2,4})*$|^[\u4e00-\u9fff·]{2,4}(?:[\s　][\u4e00-\u9fff·]{2,4})*[\s　]*/[\s　]*文$")
_DATELINE = re.compile(r"^本报[\u4e00-\u9fff]{0,8}讯|^[（(]?(?:新华社|人民网|中新网)[\u4e00-\u9fff]{0,8}[电讯]")
_CAPTION = re.compile(r"^(?:图为|▲|△|上图|下图|左图|右图|图\d)|[（(](?:本版)?(?:文图|图文|图片|照片)由.{1,30}提供[）)]$|(?:资料图片|供图|摄)$")
_EDITORIAL = re.compile(r"^(?:责任编辑|编辑|校对|审核|美编)[：:]")


def auto_flag(text: str, *, position: int) -> str | None:
    """Why this paragraph is probably not part of the policy text, or None.
    ``position`` is the paragraph's index: a dateline opening the document is the document's own."""
    t = text.strip()
    if not t:
        return None
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
    for anchor in anchors:
        start = source.find(anchor.start)
        if not anchor.start or start < 0:
            problems.append(f"curation anchor matches nothing: start {anchor.start!r}")
            continue
        end = source.find(anchor.end, start) if anchor.end else start + len(anchor.start)
        if anchor.end and end < 0:
            problems.append(f"curation anchor matches nothing after its start: end {anchor.end!r}")
            continue
        spans.append((start, end + len(anchor.end) if anchor.end else end, anchor))
    return spans, problems
