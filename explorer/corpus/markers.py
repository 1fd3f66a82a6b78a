"""Outline markers of Chinese official documents, recognised at the start of a paragraph.

Styles, in the order Chinese documents nest them: 第一部分/第一章/第一节 › 一、 › （一） › 1. › （1） › ①;
plus 一是/二是 items, Markdown headings, "——" lead items of features and unnumbered short headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from explorer.text.numerals import cn_int

_CN_DIGITS = "零〇一二三四五六七八九十百两"
_CN_NUM = f"[{_CN_DIGITS}]{{1,4}}"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # Annexes stand outside the body's numbering: 附件1 / 附表2 / 附录 / 名词解释 open a new top-level part.
    (
        "annex",
        re.compile(
            r"(?:(附件|附表|附录)[\s　]*(\d{1,2}|[一二三四五六七八九十]{1,3})?[：:\s　]*(?=\S|$)|(名词解释|注释)$)"
        ),
    ),
    ("chapter", re.compile(rf"第({_CN_NUM}|\d{{1,3}})(部分|篇|章|节)[\s　]*")),
    ("article", re.compile(rf"第({_CN_NUM}|\d{{1,3}})条[\s　]+")),
    ("cn", re.compile(rf"({_CN_NUM})[、，]\s*")),
    ("paren_cn", re.compile(rf"[（(]({_CN_NUM})[）)]\s*")),
    ("arabic", re.compile(r"(\d{1,2})(?:[.．、](?!\d)|\s+(?=[^\s\d.%]))\s*")),
    ("paren_arabic", re.compile(r"[（(](\d{1,2})[）)]\s*")),
    ("circled", re.compile(r"([①-⑳])\s*")),
    ("ordinal", re.compile(rf"({_CN_NUM})是(?=[^，。；、\s])")),
    ("dash", re.compile(r"——(?=\S)")),
    ("runin", re.compile(r"([^，。；：“”——\s]{4,20})——(?=[^\s—])")),
]

_NOT_HEADING_START = set("而但在从如这那据其并且又")  # a clause starting so is a sentence, not a heading


def cn_ordinal(s: str) -> int | None:
    """一 → 1, 十三 → 13, 二十一 → 21, 一百零二 → 102, ① → 1; Arabic digits pass through (the text layer's reader)."""
    return cn_int(s)


@dataclass(frozen=True)
class Marker:
    style: str
    number: str  # the marker as written ("（十三）", "一是", "## 1 ")
    ordinal: int | None
    length: int  # characters the marker takes at the start of the text
    md_level: int = 0  # number of # when the paragraph is a Markdown heading


_MD = re.compile(r"(#{1,6})\s+")


def match_marker(text: str) -> Marker | None:
    """The numbering marker a paragraph starts with, if any."""
    md_level = 0
    offset = 0
    md = _MD.match(text)
    if md:
        md_level = len(md.group(1))
        offset = md.end()
    rest = text[offset:]
    for style, pattern in _PATTERNS:
        m = pattern.match(rest)
        if not m:
            continue
        if style == "arabic" and not _plausible_arabic(rest, m, bool(md_level)):
            continue
        if style == "dash" and not _plausible_lead(rest):
            continue
        if style == "annex":
            if len(rest) > 40 or "。" in rest:
                continue
            number = (m.group(0) or "").strip()
            ordinal = cn_ordinal(m.group(2)) if m.group(2) else None
            return Marker(style, number, ordinal, offset + m.end(), md_level)
        if style == "runin" and (
            md_level or len(rest) < 60 or "。" not in rest[m.end() :] or rest[0] in _NOT_HEADING_START
        ):
            continue
        if style == "article" and md_level == 0 and len(rest) < 6:
            continue
        if style == "runin":  # "深化生态文明示范创建——省生态环境厅…": the clause before the dash is the heading
            return Marker(style, "", None, 0, md_level)
        number = m.group(0).strip() if style != "dash" else "——"
        ordinal = cn_ordinal(m.group(1)) if m.groups() else None
        return Marker(style, text[: offset + m.end()].strip() or number, ordinal, offset + m.end(), md_level)
    if md_level:
        return Marker("md", text[:offset].strip(), None, offset, md_level)
    return None


def _plausible_arabic(rest: str, m: re.Match[str], is_md: bool) -> bool:
    after = rest[m.end() :]
    if not after or after[0] in "年月日%万亿千百个元":
        return False  # "2 年", "1.5%": a quantity, not a marker
    if m.group(0).rstrip()[-1:].isdigit():  # "1 高举…": bare number then space, only as a heading line
        return is_md or (len(rest) <= 40 and "。" not in rest)
    return True


def _plausible_lead(rest: str) -> bool:
    """A feature's lead item ("——持续优化产业结构。全面推进…") states a clause, then goes on;
    a subtitle ("——江西打造…纪实") or a date line ("——2023年1月12日在…") does not."""
    body = rest[2:]
    if re.match(r"\d{4}年", body):
        return False
    stop = body.find("。")
    return 0 < stop <= 60 and len(body) > stop + 1


def heading_title(text: str) -> str:
    """A heading's clause: the line, or the item up to its first 。 (or ；/：when that comes first)."""
    cut = len(text)
    for stop in ("。", "；", "！", "？"):
        k = text.find(stop)
        if 0 <= k < cut:
            cut = k
    dash = text.find("——")
    if 0 < dash < cut and dash <= 20:
        cut = dash
    colon = text.find("：")
    if 0 <= colon < cut and colon < 40:
        cut = colon
    return text[:cut].strip().rstrip("，,、 ")


CANONICAL_STYLE_ORDER = (
    "md",
    "chapter",
    "cn",
    "paren_cn",
    "arabic",
    "paren_arabic",
    "circled",
    "article",
    "ordinal",
    "dash",
    "plain",
)
