"""A document's title and the kind its name says: plan or report.

The title is the head block's line that names a kind of document (…规划, …实施方案, …工作报告, …决议), with its
——subtitle; a bare name ("政府工作报告") gets the year and place; a text without a heading gets one composed from its
opening ("…作政府工作报告" → "2024年广东省政府工作报告") or from a congress's resolution.  The kind is read from the
name's last kind word: "关于2024年国民经济和社会发展计划执行情况与2025年计划草案的报告" is a report, not a plan.
"""

from __future__ import annotations

import re

from explorer.corpus.metadata_head import DATE, HEADER_DATE, ISO_DATE, RESOLUTION, SPEAKER

_PLAN_WORDS = (
    "行动计划",
    "实施方案",
    "工作方案",
    "规划纲要",
    "行动纲要",
    "行动方案",
    "规划",
    "纲要",
    "计划",
    "方案",
    "工作要点",
    "路线图",
    "实施意见",
    "指导意见",
)
_REPORT_WORDS = ("政府工作报告", "工作报告", "报告", "纪实", "公报", "总结", "综述", "回眸", "巡礼")
_DOC_WORDS = _PLAN_WORDS + _REPORT_WORDS + ("决议", "决定", "意见", "通知", "办法", "条例", "规定", "细则", "讲话")
_KIND_RE = re.compile("|".join(sorted(_PLAN_WORDS + _REPORT_WORDS, key=len, reverse=True)))
_OPENING_DOC = (
    (re.compile(r"作(?:了)?(关于[^，。；]{2,60}?的报告)"), None),
    (re.compile(r"(?<!所)作([\u4e00-\u9fff]{0,8}?工作报告)"), None),
    (re.compile(r"报告[^，。；]{0,10}?政府工作"), "政府工作报告"),
    (re.compile(r"报告[^，。；]{0,10}?工作"), "工作报告"),
)


def _is_header_line(line: str) -> bool:
    return bool(
        HEADER_DATE.search(line)
        or SPEAKER.match(line)
        or re.fullmatch(r"[（(]?" + DATE + r"[)）]?", line)
        or ISO_DATE.search(line)
        and len(line) <= 30
    )


def head_title(head: list[str], evidence: dict) -> tuple[str, str | None]:
    candidates = [line for line in head if not _is_header_line(line) and len(line) <= 80 and "。" not in line]
    subtitles = [i for i, line in enumerate(candidates) if re.match(r"^[—－-]{1,2}", line)]
    for i, line in enumerate(candidates):
        if i in subtitles:
            continue
        if any(word in line for word in _DOC_WORDS):
            subtitle = candidates[i + 1] if i + 1 in subtitles else None
            evidence["title"] = "heading"
            return line, subtitle
    if subtitles and subtitles[0] > 0:
        main, subtitle = candidates[subtitles[0] - 1], candidates[subtitles[0]]
        evidence["title"] = "heading and its ——subtitle"
        return f"{main}——{subtitle.lstrip('—－- ')}", subtitle
    for line in candidates:
        if not re.match(r"^[—－-]", line) and 4 <= len(line) <= 40:
            evidence["title"] = "first heading line"
            return line, None
    return "", None


def is_generic(title: str) -> bool:
    """A bare document name ("政府工作报告") that says neither when nor where."""
    return len(title) <= 8 and not re.search(r"\d{4}|省|市|县|区|国务院|全国|中央", title)


def title_from_opening(norm: str, lines: list[str], year: int | None, place: str, issuer: str, evidence: dict) -> str:
    for line in lines[:3]:
        match = RESOLUTION.match(line)
        if match:
            evidence["title"] = "resolution: composed from its opening sentence"
            return f"{match.group(1)}关于{match.group(2)}的决议"
    opening = norm[:1500]
    for pattern, fixed in _OPENING_DOC:
        match = pattern.search(opening)
        if not match:
            continue
        name = (fixed or match.group(1)).lstrip("的")
        if name == "工作报告" and re.search("政府|国务院", issuer):
            name = "政府工作报告"
        who = place or issuer
        if who and name.startswith("政府") and who.endswith("政府"):
            who = place or ""
        evidence["title"] = "composed from the opening sentence"
        return (f"{year}年" if year else "") + (who if not name.startswith("关于") else who) + name
    return ""


def document_kind(title: str, norm: str, evidence: dict) -> str:
    matches = list(_KIND_RE.finditer(title))
    if matches:
        word = max(matches, key=lambda m: m.end()).group(0)  # 关于…计划的报告 is a report
        evidence["kind"] = f"title word {word}"
        return "plan" if word in _PLAN_WORDS else "report"
    opening = norm[:2000]
    if re.search(r"作[^，。]{0,40}报告|报告[^，。]{0,10}工作|向大会报告", opening):
        evidence["kind"] = "opening says it reports"
        return "report"
    plans = sum(opening.count(w) for w in ("行动计划", "实施方案", "规划", "纲要"))
    reports = sum(opening.count(w) for w in ("工作报告", "纪实", "回顾"))
    evidence["kind"] = "kind words in the opening" if plans != reports else "default"
    return "plan" if plans > reports else "report"


def clean_title(title: str) -> str:
    """A title as a reader writes it: no field label ("标题：…"), no Markdown escapes or footnote marks ("\\[1\\]")."""
    title = re.sub(r"^(?:标题|题目|文件名称|名称|Title)\s*[：:]\s*", "", title.strip(), flags=re.I)
    title = re.sub(r"\\?\[\s*\d{1,3}\s*\\?\]|\[注\s*\d*\]", "", title)  # "\[1\]", "[1]": footnote marks
    title = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>~])", r"\1", title)  # Markdown escapes
    return re.sub(r"\s{2,}", " ", title).strip()


__all__ = ["clean_title", "document_kind", "head_title", "is_generic", "title_from_opening"]
