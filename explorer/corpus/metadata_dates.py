"""When a document was published, from its text: ``published_date`` and the reading of one written date.

In order of trust: the header line of the meeting it was delivered at or adopted by ("——2024年3月5日在…会议上"), a
date under the title ("（2017年10月18日）"), a dateline under the signature at the end ("二〇二四年三月五日"), a page's own
date line ("2026-02-03 09:02"); for a congress's resolution on a report, the year of the plan it approves or the
year its session met; then the year in the title or file name; last a year anywhere in the head (said to be a
guess).  A date inside prose ("一九七四年七月十七日，毛主席在…会议上") tells an event, never the publication date.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from explorer.corpus.congresses import npc_session_named
from explorer.corpus.metadata_head import DATE, HEADER_DATE, ISO_DATE, RESOLUTION, clean_lines

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "Ｏ": 0, "O": 0}
_HEADER_DATE_LINE = re.compile(r"^[（(—－\-\s]*" + HEADER_DATE.pattern)
_FILENAME_YEAR = re.compile(r"(?<!\d)(19[4-9]\d|20\d\d)(?!\d)")


def _to_int(token: str) -> int:
    if token.isdigit():
        return int(token)
    if len(token) == 4 or all(c in _CN_DIGITS for c in token) and len(token) > 2:
        return int("".join(str(_CN_DIGITS[c]) for c in token))
    # 十, 十二, 二十, 二十五, 三十一
    if "十" in token:
        tens, _, ones = token.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(token, 0)


def iso_of(match: re.Match) -> str | None:
    year, month = _to_int(match.group(1)), _to_int(match.group(2))
    day = _to_int(match.group(3)) if match.group(3) else None
    if not (1900 <= year <= 2100 and 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def published_date(head, lines, norm, title, filename, evidence) -> str:
    header_text = "\n".join(head)
    match: re.Match[str] | None
    for match in HEADER_DATE.finditer(header_text):
        iso = iso_of(match)
        if iso:
            evidence["published"] = "header line"
            return iso
    for line in clean_lines(norm[:3000]):  # a header line the head block missed; never a date inside prose
        match = _HEADER_DATE_LINE.match(line)
        # a header line, not prose: "一九七四年七月十七日，毛主席在中央政治局会议上…" tells an event, not the date
        if match and iso_of(match) and len(line) <= 80 and not re.search(r"[，,。]", line[: match.end()]):
            evidence["published"] = "header line in the opening"
            return iso_of(match) or ""
    for line in head:  # a date in parentheses under the title: "（2017年10月18日）"
        under = re.fullmatch(r"[（(—－\-\s]*" + DATE + r"\s*[)）]?", line)
        iso_under = iso_of(under) if under and under.group(3) else None
        if iso_under:
            evidence["published"] = "date under the title"
            return iso_under
    for line in reversed(lines[-6:]):  # a dateline under the signature: "2024年3月5日" / "二〇二四年三月五日"
        match = re.fullmatch(r"[（(]?" + DATE + r"[)）]?", line)
        if match and iso_of(match):
            evidence["published"] = "dateline at the end"
            return iso_of(match) or ""
    for line in head:  # a page's own date line that survived: "2026-02-03 09:02"
        match = ISO_DATE.search(line)
        if match and len(line) <= 30:
            year, month, day = (int(g) for g in match.groups())
            if 1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31:
                evidence["published"] = "date line in the head"
                return f"{year:04d}-{month:02d}-{day:02d}"
    if RESOLUTION.match(lines[0] if lines else ""):
        # a resolution on a report approves the plan of the year it is adopted in: "同意报告提出的2025年…"
        approved = re.search(r"(?:同意|批准)[^。]{0,30}?(?<!\d)(\d{4})年", norm[:1500])
        if approved and 1900 <= int(approved.group(1)) <= 2100:
            evidence["published"] = "year of the plan the resolution approves"
            return approved.group(1)
        # "第十二届全国人民代表大会第一次会议听取和审议了…" with no year of its own: the session met in 2013
        session_year = npc_session_named(lines[0])
        if session_year:
            evidence["published"] = "year of the NPC session the text names (calendar in corpus/congresses.py)"
            return str(session_year)
    match = re.search(r"(?<!\d)(\d{4})\s*(?:[-—–~至到]{1,2}\s*\d{4}\s*)?年", title or "")
    if match and 1900 <= int(match.group(1)) <= 2100:
        evidence["published"] = "year in the title"
        return match.group(1)
    match = _FILENAME_YEAR.search(PurePath(filename).stem if filename else "")
    if match:
        evidence["published"] = "year in the file name"
        return match.group(1)
    for line in head:
        match = re.search(r"(?<!\d)(19[4-9]\d|20\d\d)\s*年", line)
        if match:
            evidence["published"] = "year in the head (a guess)"
            return match.group(1)
    evidence["published"] = "not found"
    return ""


__all__ = ["iso_of", "published_date"]
