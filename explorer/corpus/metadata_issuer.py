"""Who issued a document, from its text: ``find_issuer`` and the place a local report speaks for.

In order of trust: the body that adopted it ("…中国共产党第二十届中央委员会第三次全体会议通过" → 中国共产党中央委员会),
the congress whose resolution it is, on whose behalf it is spoken ("我代表省人民政府…", "受国务院委托…"), the speaker
line ("国务院总理 李强" → 国务院), "…印发《", a signature at the end, a body named in the heading, and last the place of
the session.  A body said relative to the place ("省人民政府" in a report to 广东省第十四届人民代表大会) is made whole:
广东省人民政府.
"""

from __future__ import annotations

import re

from explorer.corpus.metadata_head import HEADER_DATE, RESOLUTION, SPEAKER

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


def session_place(head: list[str], norm: str) -> str:
    match = _SESSION_PLACE.search("\n".join(head)) or _SESSION_PLACE.search(norm[:3000])
    if match:
        return _trim_place(match.group(1))
    for line in head:
        speaker = SPEAKER.match(line)
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
        match = HEADER_DATE.search(line)
        if not match or not re.search(r"通过|通過|批准", line):
            continue
        for pattern, name in _ADOPTED_BY:
            found = pattern.search(line)
            if found:
                if name is None:
                    return found.group(0)
                return name.format(_trim_place(found.group(1))) if "{0}" in name else name
    return ""


def find_issuer(head, lines, norm, place, evidence) -> str:
    adopted = _adopted_by(head)
    if adopted:
        evidence["issuer"] = "the body that adopted it (…会议通过)"
        return adopted
    resolution = RESOLUTION.match(lines[0] if lines else "")
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
        speaker = SPEAKER.match(line)
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


def short_issuer(issuer: str) -> str:
    return issuer if issuer and len(issuer) <= 12 else ""


__all__ = ["find_issuer", "session_place", "short_issuer"]
