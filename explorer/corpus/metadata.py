"""Propose a record's metadata — title, date, issuer, kind, years covered — from a document's text.

Only conventions of Chinese official documents are used, never knowledge of particular documents:
- the head block before the body (before 各位代表： or the first prose paragraph) holds the title, an optional
  ——subtitle, a header line "——2024年3月5日在…会议上" (or "（…会议通过）") and the speaker "国务院总理 李强";
- the opening sentence says on whose behalf the text is spoken: 我代表省人民政府… / 受国务院委托…;
- official documents end with the issuing body and a dateline;
- the document's name (its last kind word: 行动计划/实施方案/规划/纲要 … vs 工作报告/报告/纪实) tells plan from report.
Every value says where it came from in ``evidence`` so that a wrong guess is easy to spot and correct in the YAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from explorer.corpus.congresses import npc_session_named

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "Ｏ": 0, "O": 0}
# Full-width digits and spaces, zero-width characters: normalised for matching only.
_NORMALISE = {
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
_DATE_RE = re.compile(DATE)
# A header line: the date of the meeting the text was delivered at or adopted by.
_HEADER_DATE = re.compile(
    DATE + r"\s*(?:在|于|於)?[^。\n！？]{0,45}?(?:[会會][议議]|大[会會]|全[会會]|常委[会會])(?:上|通过|通過|审议|審議)"
)
_HEADER_DATE_LINE = re.compile(r"^[（(—－\-\s]*" + _HEADER_DATE.pattern)
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_FILENAME_YEAR = re.compile(r"(?<!\d)(19[4-9]\d|20\d\d)(?!\d)")

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

_ROLES = "总理|副总理|省长|副省长|市长|副市长|县长|区长|州长|主席|主任|书记|部长|厅长|局长|委员长|秘书长|院长"
_SPEAKER = re.compile(
    r"^(?P<org>.{0,24}?)(?P<role>" + _ROLES + r")\s*(?P<name>[\u4e00-\u9fff·]{2,4}|[\u4e00-\u9fff]\s+[\u4e00-\u9fff])$"
)
_PLACE = r"(?![日月年在于向的和])[\u4e00-\u9fff]{1,9}?(?:省|自治区|特别行政区|市|自治州|州|县|区|盟|旗)"
_SESSION_PLACE = re.compile(
    r"(?:(?<=[在于向])|(?<![\u4e00-\u9fff]))(" + _PLACE + r")第[一二三四五六七八九十\d]+届人民代表大会"
)
_ORG_SUFFIX = r"(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|国务院|政府|厅|局|委|署|部)"
_ORG_AT_START = re.compile(r"^((?:" + _PLACE + r")?[\u4e00-\u9fff]{0,10}?" + _ORG_SUFFIX + r")")
_ON_BEHALF = (
    re.compile(r"受([^，,。；;\s]{2,24}?)的?委托"),
    re.compile(r"我(?:现在|現在)?代表([^，,。；;\s]{2,24}?)(?=[，,。；;\s]|向|作|提出|，)"),
)
_ISSUED_BY = re.compile(r"([\u4e00-\u9fff、]{4,60}?)(?:联合)?印发(?:了)?《")
_OPENING_DOC = (
    (re.compile(r"作(?:了)?(关于[^，。；]{2,60}?的报告)"), None),
    (re.compile(r"(?<!所)作([\u4e00-\u9fff]{0,8}?工作报告)"), None),
    (re.compile(r"报告[^，。；]{0,10}?政府工作"), "政府工作报告"),
    (re.compile(r"报告[^，。；]{0,10}?工作"), "工作报告"),
)
# A congress's resolution on a report: "第十四届全国人民代表大会第二次会议听取和审议了国务院总理李强所作的政府工作报告"
_RESOLUTION = re.compile(
    r"^(第[一二三四五六七八九十]{1,3}届[\u4e00-\u9fff]{0,20}?人民代表大会[\u4e00-\u9fff]{0,12}?会议)"
    r"听取(?:和|并)?(?:审议|审查)?了?[^。]{0,30}?所作的(?:关于)?([^。，]{2,30}?报告)"
)
_OPENS_SPAN = tuple("《“（(「『【‘")
_CLOSES_SPAN = tuple("。，、；：！？）)》”」』】’")
_BODY_START = re.compile(r"^(?:各位代表|同志们|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[章部分])")


@dataclass(frozen=True)
class ProposedMetadata:
    title: str
    published: str  # ISO, as precise as found: "2024-03-05", "2024-03", "2024"; "" when no date was found
    issuer: str  # "" when none was found
    kind: str  # "plan" | "report"
    covers: tuple[int, ...]
    evidence: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "published": self.published,
            "issuer": self.issuer,
            "kind": self.kind,
            "covers": list(self.covers),
            "evidence": dict(self.evidence),
        }


def propose_metadata(text: str, filename: str = "") -> ProposedMetadata:
    norm = text.translate(_NORMALISE)
    lines = _clean_lines(norm)
    head = _head_block(lines)
    evidence: dict[str, str] = {}

    place = _place(head, norm)
    issuer = _issuer(head, lines, norm, place, evidence)
    title, subtitle = _title(head, evidence)
    published = _published(head, lines, norm, title, filename, evidence)
    year = int(published[:4]) if published else None
    if title and _is_generic(title):
        qualifier = place or _short_issuer(issuer)
        qualified = f"{year}年" if year else ""
        qualified += qualifier if qualifier and not title.startswith(qualifier) else ""
        if qualified:
            title = qualified + title
            evidence["title"] += " + year/place"
    if not title:
        title = _title_from_opening(norm, lines, year, place, issuer, evidence)
    if not title:
        stem = PurePath(filename).stem if filename else ""
        prose = [line for line in lines if not _BODY_START.match(line)]
        if stem and re.search(r"[\u4e00-\u9fff]", stem):
            title, evidence["title"] = stem, "file name"
        else:
            first = prose[0] if prose else stem
            title = first if len(first) <= 30 else first[:30] + "…"
            evidence["title"] = "first words (a guess)"
    title = clean_title(title)
    guessed = evidence.get("title", "").endswith("(a guess)")
    kind = _kind("" if guessed else title + (subtitle or ""), norm, evidence)
    covers = _covers(title, lines, year, kind)
    return ProposedMetadata(
        title=title, published=published, issuer=issuer, kind=kind, covers=covers, evidence=evidence
    )


# --- lines and the head block ---------------------------------------------------------------------------


def _clean_lines(norm: str) -> list[str]:
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


def _head_block(lines: list[str]) -> list[str]:
    """The lines before the body, with lines that a page or a scrape broke apart joined again."""
    head: list[str] = []
    for line in lines[:25]:
        if _BODY_START.match(line) or (len(line) >= 60 and re.search(r"[，。]", line)):
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
    if len(line) <= 2 and not re.search(r"[，。：:]", previous) and not _SPEAKER.match(previous):
        return True  # "政府工作报" + "告": a tag split the title
    if _DATE_RE.search(previous) and not _HEADER_DATE.search(previous) and _HEADER_DATE.search(previous + line):
        return True  # "——2026年1月26日在广东省第十四届" + "人民代表大会第五次会议上"
    if re.search(f"(?:{_ROLES})$", previous) and re.fullmatch(
        r"[\u4e00-\u9fff·]{2,4}|[\u4e00-\u9fff] [\u4e00-\u9fff]", line
    ):
        return True  # "国务院总理" + "李克强"
    return False


# --- date ---------------------------------------------------------------------------------------------


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


def _iso(match: re.Match) -> str | None:
    year, month = _to_int(match.group(1)), _to_int(match.group(2))
    day = _to_int(match.group(3)) if match.group(3) else None
    if not (1900 <= year <= 2100 and 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def _published(head, lines, norm, title, filename, evidence) -> str:
    header_text = "\n".join(head)
    match: re.Match[str] | None
    for match in _HEADER_DATE.finditer(header_text):
        iso = _iso(match)
        if iso:
            evidence["published"] = "header line"
            return iso
    for line in _clean_lines(norm[:3000]):  # a header line the head block missed; never a date inside prose
        match = _HEADER_DATE_LINE.match(line)
        # a header line, not prose: "一九七四年七月十七日，毛主席在中央政治局会议上…" tells an event, not the date
        if match and _iso(match) and len(line) <= 80 and not re.search(r"[，,。]", line[: match.end()]):
            evidence["published"] = "header line in the opening"
            return _iso(match) or ""
    for line in head:  # a date in parentheses under the title: "（2017年10月18日）"
        under = re.fullmatch(r"[（(—－\-\s]*" + DATE + r"\s*[)）]?", line)
        iso_under = _iso(under) if under and under.group(3) else None
        if iso_under:
            evidence["published"] = "date under the title"
            return iso_under
    for line in reversed(lines[-6:]):  # a dateline under the signature: "2024年3月5日" / "二〇二四年三月五日"
        match = re.fullmatch(r"[（(]?" + DATE + r"[)）]?", line)
        if match and _iso(match):
            evidence["published"] = "dateline at the end"
            return _iso(match) or ""
    for line in head:  # a page's own date line that survived: "2026-02-03 09:02"
        match = _ISO_DATE.search(line)
        if match and len(line) <= 30:
            year, month, day = (int(g) for g in match.groups())
            if 1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31:
                evidence["published"] = "date line in the head"
                return f"{year:04d}-{month:02d}-{day:02d}"
    if _RESOLUTION.match(lines[0] if lines else ""):
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


# --- issuer -------------------------------------------------------------------------------------------


def _place(head: list[str], norm: str) -> str:
    match = _SESSION_PLACE.search("\n".join(head)) or _SESSION_PLACE.search(norm[:3000])
    if match:
        return _trim_place(match.group(1))
    for line in head:
        speaker = _SPEAKER.match(line)
        if speaker and speaker.group("role") in {"省长", "市长", "县长", "区长", "州长"}:
            found = re.match(_PLACE, speaker.group("org") or "")
            if found:
                return found.group(0)
    return ""


def _trim_place(place: str) -> str:
    # "在广东省" / "陕西省" — drop a leading preposition the lazy match may have caught
    return re.sub(r"^(?:在|于|向)", "", place)


def _relative_to_place(org: str, place: str) -> str:
    """'省人民政府' said by a governor of 广东省 is 广东省人民政府."""
    if place and re.match(r"^(?:省|市|县|区|州|自治区)", org) and not org.startswith(place):
        found = re.match(r"^(自治区|省|市|县|区|州)", org)
        unit = found.group(1) if found else ""
        if place.endswith(unit):
            return place + org[len(unit) :]
    return org


_ADOPTED_BY = (
    (re.compile(r"全国人民代表大会(?:常务委员会)?"), None),
    (
        re.compile(r"中国共产党第[一二三四五六七八九十]+届中央委员会|中共中央|中国共产党中央委员会"),
        "中国共产党中央委员会",
    ),
    (re.compile(r"中国共产党第[一二三四五六七八九十]+次全国代表大会"), "中国共产党全国代表大会"),
    (re.compile(r"(?:中国共产党|中共)(" + _PLACE + r")第[一二三四五六七八九十]+届委员会"), "中共{0}委员会"),
    (re.compile(r"(" + _PLACE + r")第[一二三四五六七八九十\d]+届人民代表大会(?:常务委员会)?"), "{0}人民代表大会"),
)


def _adopted_by(head: list[str]) -> str:
    """The body that adopted the text: "（2021年3月11日第十三届全国人民代表大会第四次会议通过）" → 全国人民代表大会,
    "（…中国共产党第二十届中央委员会第三次全体会议通过）" → 中国共产党中央委员会."""
    for line in head:
        match = _HEADER_DATE.search(line)
        if not match or not re.search(r"通过|通過|批准", line):
            continue
        for pattern, name in _ADOPTED_BY:
            found = pattern.search(line)
            if found:
                if name is None:
                    return found.group(0)
                return name.format(_trim_place(found.group(1))) if "{0}" in name else name
    return ""


def _issuer(head, lines, norm, place, evidence) -> str:
    adopted = _adopted_by(head)
    if adopted:
        evidence["issuer"] = "the body that adopted it (…会议通过)"
        return adopted
    resolution = _RESOLUTION.match(lines[0] if lines else "")
    if resolution:  # "第十四届全国人民代表大会第三次会议听取和审议了…": the congress resolves
        session = resolution.group(1)
        evidence["issuer"] = "the congress whose resolution it is"
        return "全国人民代表大会" if "全国人民代表大会" in session else re.sub(r"第.*", "", session) + "人民代表大会"
    opening = norm[:3000]
    for pattern in _ON_BEHALF:
        match = pattern.search(opening)
        if match and re.search(_ORG_SUFFIX + "$|中央$|中共中央", match.group(1)):
            evidence["issuer"] = "on whose behalf the text is spoken"
            org = match.group(1)
            term = re.fullmatch(r"(?:中国共产党)?(?:第?([一二三四五六七八九十]+)届)?中央委员会", org)
            if term:  # "我代表十三届中央委员会向大会作报告": the party's central committee
                return f"中国共产党第{term.group(1)}届中央委员会" if term.group(1) else "中国共产党中央委员会"
            return _relative_to_place(org, place)
    for line in head:
        speaker = _SPEAKER.match(line)
        if speaker:
            org, role = speaker.group("org").strip(" ，,"), speaker.group("role")
            org = re.sub(r"^.*(?:会议上|会上)\s*", "", org).strip()
            if role == "总理" and not org:
                org = "国务院"
            if role in {"省长", "市长", "县长", "区长", "州长"} and (not org or re.fullmatch(_PLACE, org)):
                org = (org or place) + "人民政府" if (org or place) else ""
            if org:
                evidence["issuer"] = "speaker line"
                return _relative_to_place(org, place)
    match = _ISSUED_BY.search(opening)
    if match:
        evidence["issuer"] = "issued by (…印发)"
        return match.group(1).lstrip("、")
    for line in reversed(lines[-6:]):
        if len(line) <= 30 and not re.search(r"[，。；：]", line) and re.search(_ORG_SUFFIX + "$", line):
            evidence["issuer"] = "signature at the end"
            return line
    for line in head:
        match = _ORG_AT_START.match(line.lstrip("—- "))
        if match:
            evidence["issuer"] = "body named in the heading"
            return match.group(1)
    if re.search(r"国务院", opening[:400]) and re.search(r"政府工作报告|报告政府工作|作政府工作", opening[:400]):
        evidence["issuer"] = "the State Council's work report (opening)"
        return "国务院"  # "我现在根据国务院的决定，向…作政府工作报告"
    if place:
        evidence["issuer"] = "place of the session (a guess)"
        return place
    evidence["issuer"] = "not found"
    return ""


def _short_issuer(issuer: str) -> str:
    return issuer if issuer and len(issuer) <= 12 else ""


# --- title and kind -----------------------------------------------------------------------------------


def _is_header_line(line: str) -> bool:
    return bool(
        _HEADER_DATE.search(line)
        or _SPEAKER.match(line)
        or re.fullmatch(r"[（(]?" + DATE + r"[)）]?", line)
        or _ISO_DATE.search(line)
        and len(line) <= 30
    )


def _title(head: list[str], evidence: dict) -> tuple[str, str | None]:
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


def _is_generic(title: str) -> bool:
    """A bare document name ("政府工作报告") that says neither when nor where."""
    return len(title) <= 8 and not re.search(r"\d{4}|省|市|县|区|国务院|全国|中央", title)


def _title_from_opening(norm: str, lines: list[str], year: int | None, place: str, issuer: str, evidence: dict) -> str:
    for line in lines[:3]:
        match = _RESOLUTION.match(line)
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


def _kind(title: str, norm: str, evidence: dict) -> str:
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


_FYP_TITLE = re.compile(
    r"第([一二三四五六七八九十]{1,3})个五年(?:规划|计划)|[“\"]?(十[一二三四五六七八九]?五)[”\"]?(?:规划|计划|时期)"
)


def five_year_plan_years(title: str) -> tuple[int, int] | None:
    """第十四个五年规划 / “十四五”规划 → (2021, 2025). Plans follow each other every five years from the first
    (1953–1957) and second (1958–1962); the third began in 1966 after three years of adjustment."""
    match = _FYP_TITLE.search(title)
    if not match:
        return None
    from explorer.corpus.markers import cn_ordinal

    if match.group(2):  # "十四五" is the 14th, a bare "十五" the 10th
        n = 10 if match.group(2) == "十五" else cn_ordinal(match.group(2)[:-1])
    else:
        n = cn_ordinal(match.group(1))
    if not n:
        return None
    start = {1: 1953, 2: 1958}.get(n, 1966 + 5 * (n - 3))
    return start, start + 4


def clean_title(title: str) -> str:
    """A title as a reader writes it: no field label ("标题：…"), no Markdown escapes or footnote marks ("\\[1\\]")."""
    title = re.sub(r"^(?:标题|题目|文件名称|名称|Title)\s*[：:]\s*", "", title.strip(), flags=re.I)
    title = re.sub(r"\\?\[\s*\d{1,3}\s*\\?\]|\[注\s*\d*\]", "", title)  # "\[1\]", "[1]": footnote marks
    title = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>~])", r"\1", title)  # Markdown escapes
    return re.sub(r"\s{2,}", " ", title).strip()


def _covers(title: str, lines: list[str], year: int | None, kind: str) -> tuple[int, ...]:
    years: set[int] = set()
    fyp = five_year_plan_years(title) if kind == "plan" else None
    if fyp:
        return tuple(range(fyp[0], fyp[1] + 1))  # a five-year plan covers its period, not its first year only
    span = re.search(r"(\d{4})\s*[-—–~至到]{1,2}\s*(\d{4})\s*年", title)
    if span and 0 <= int(span.group(2)) - int(span.group(1)) <= 30:
        years.update(range(int(span.group(1)), int(span.group(2)) + 1))
    if year is not None:
        for line in lines:
            if len(line) <= 40 and re.match(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])", line):
                for found in re.findall(r"(?<!\d)(\d{4})\s*年", line):
                    if abs(int(found) - year) <= 5:
                        years.add(int(found))
        years.add(year)
        if "政府工作报告" in title or title.endswith("工作报告"):
            years.add(year - 1)  # a work report reviews the year before the one it plans
    return tuple(sorted(years))


# --- a sidecar beside the imported file -----------------------------------------------------------------

_SIDECAR_KIND = {
    "plan": "plan",
    "report": "report",
    "work-report": "report",
    "communique": "report",
    "feature": "report",
}


def apply_sidecar(proposed: ProposedMetadata, path: PurePath) -> ProposedMetadata:
    """Metadata a person wrote beside the file (``<name>.yaml``, ``.yml`` or ``.json``, as in the shared work
    reports) win over what the text suggests: title, date (``delivered`` before ``date``/``published``), issuer
    (without a parenthesised note), kind and covers. A sidecar that cannot be read changes nothing."""
    import json
    from pathlib import Path

    import yaml

    data = None
    for suffix in (".yaml", ".yml", ".json"):
        side = Path(path).with_suffix(suffix)
        if side == Path(path) or not side.is_file():
            continue
        try:
            text = side.read_text(encoding="utf-8")
            data = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
        except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError):
            data = None
        if isinstance(data, dict):
            break
        data = None
    if data is None:
        return proposed
    values = proposed.to_json()
    evidence = dict(proposed.evidence)
    why = f"sidecar {side.name}"
    title = data.get("title") or data.get("full_title")
    if isinstance(title, str) and title.strip():
        values["title"], evidence["title"] = clean_title(title), why
    for key in ("delivered", "published", "date"):
        value = data.get(key)
        found = _DATE_RE.search(str(value)) if value else None
        iso = _iso(found) if found else None
        if iso is None and value:
            m = _ISO_DATE.search(str(value)) or re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?", str(value).strip())
            if m:
                parts = [int(g) for g in m.groups() if g]
                iso = "-".join([f"{parts[0]:04d}"] + [f"{x:02d}" for x in parts[1:]])
        if iso:
            values["published"], evidence["published"] = iso, f"{why} ({key})"
            break
    issuer = data.get("issuer")
    if isinstance(issuer, str) and issuer.strip():
        values["issuer"], evidence["issuer"] = re.split(r"[（(]", issuer.strip())[0].strip(), why
    kind = _SIDECAR_KIND.get(str(data.get("kind", "")).strip().lower())
    if kind:
        values["kind"], evidence["kind"] = kind, why
    covers = data.get("covers")
    if isinstance(covers, list) and all(isinstance(y, int) for y in covers) and covers:
        values["covers"], evidence["covers"] = tuple(covers), why
    else:
        values["covers"] = tuple(values["covers"])
    values["evidence"] = evidence
    return ProposedMetadata(**values)
