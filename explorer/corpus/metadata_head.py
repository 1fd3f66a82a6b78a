"""The head block of a Chinese official document and the patterns of its header lines.

Before the body (before 各位代表：, a first "一、" heading or the first paragraph of prose) stand the title, an optional
——subtitle, a header line with the date of the meeting ("——2024年3月5日在第十四届全国人民代表大会第二次会议上",
"（2021年3月11日第十三届全国人民代表大会第四次会议通过）") and the speaker ("国务院总理 李强").  Scraped pages break
these lines apart ("政府工作报" + "告", "国务院总理" + "李克强"); ``head_block`` joins them again.  The date, issuer and
title rules all read this block, through the patterns defined here.
"""

from __future__ import annotations

import re

# Full-width digits and spaces, zero-width characters: normalised for matching only.
NORMALISE = {
    **{0xFF10 + i: str(i) for i in range(10)},
    0x3000: " ",
    0x00A0: " ",
    0x200B: None,
    0x200C: None,
    0x200D: None,
    0xFEFF: None,
    0xFF1A: "：",
    0x2014: "—",
}

_YEAR = r"(\d{4}|[〇○零一二三四五六七八九]{4})"
_SMALL = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
DATE = _YEAR + r"\s*年\s*" + _SMALL + r"\s*月\s*(?:" + _SMALL + r"\s*日)?"
DATE_RE = re.compile(DATE)
# A header line: the date of the meeting the text was delivered at or adopted by.
HEADER_DATE = re.compile(
    DATE + r"\s*(?:在|于|於)?[^。\n！？]{0,45}?(?:[会會][议議]|大[会會]|全[会會]|常委[会會])(?:上|通过|通過|审议|審議)"
)
ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")

_ROLES = "总理|副总理|省长|副省长|市长|副市长|县长|区长|州长|主席|主任|书记|部长|厅长|局长|委员长|秘书长|院长"
SPEAKER = re.compile(
    r"^(?P<org>.{0,24}?)(?P<role>" + _ROLES + r")\s*(?P<name>[\u4e00-\u9fff·]{2,4}|[\u4e00-\u9fff]\s+[\u4e00-\u9fff])$"
)
# A congress's resolution on a report: "第十四届全国人民代表大会第二次会议听取和审议了国务院总理李强所作的政府工作报告"
RESOLUTION = re.compile(
    r"^(第[一二三四五六七八九十]{1,3}届[\u4e00-\u9fff]{0,20}?人民代表大会[\u4e00-\u9fff]{0,12}?会议)"
    r"听取(?:和|并)?(?:审议|审查)?了?[^。]{0,30}?所作的(?:关于)?([^。，]{2,30}?报告)"
)
_OPENS_SPAN = tuple("《“（(「『【‘")
_CLOSES_SPAN = tuple("。，、；：！？）)》”」』】’")
BODY_START = re.compile(r"^(?:各位代表|同志们|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[章部分])")


def clean_lines(norm: str) -> list[str]:
    """Non-empty lines; a sentence that a scrape broke at an inline tag ("所作的\n政府工作报告\n。") is joined."""
    out: list[str] = []
    for raw in norm.split("\n"):
        line = re.sub(r"^#+\s*", "", raw).strip()
        line = re.sub(r"\s{2,}", " ", line)
        if not line:
            continue
        if out and (line.startswith(_CLOSES_SPAN) or out[-1].endswith(_OPENS_SPAN) or out[-1].endswith("的")):
            out[-1] += line
        else:
            out.append(line)
    return out


def head_block(lines: list[str]) -> list[str]:
    """The lines before the body, with lines that a page or a scrape broke apart joined again."""
    head: list[str] = []
    for line in lines[:25]:
        if BODY_START.match(line) or (len(line) >= 60 and re.search(r"[，。]", line)):
            break
        head.append(line)
    merged: list[str] = []
    for line in head:
        if merged and _continues_header(merged[-1], line):
            merged[-1] = merged[-1] + line if re.search(r"[\u4e00-\u9fff]$", merged[-1]) else f"{merged[-1]} {line}"
        else:
            merged.append(line)
    return merged


def _continues_header(previous: str, line: str) -> bool:
    if len(line) <= 2 and not re.search(r"[，。：:]", previous) and not SPEAKER.match(previous):
        return True  # "政府工作报" + "告": a tag split the title
    if DATE_RE.search(previous) and not HEADER_DATE.search(previous) and HEADER_DATE.search(previous + line):
        return True  # "——2026年1月26日在广东省第十四届" + "人民代表大会第五次会议上"
    if re.search(f"(?:{_ROLES})$", previous) and re.fullmatch(
        r"[\u4e00-\u9fff·]{2,4}|[\u4e00-\u9fff] [\u4e00-\u9fff]", line
    ):
        return True  # "国务院总理" + "李克强"
    return False


__all__ = [
    "BODY_START",
    "DATE",
    "DATE_RE",
    "HEADER_DATE",
    "ISO_DATE",
    "NORMALISE",
    "RESOLUTION",
    "SPEAKER",
    "clean_lines",
    "head_block",
]
