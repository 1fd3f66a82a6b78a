"""Whose figures these are: the government a figure speaks for — "country", "province:江西", "city:南昌".

A document speaks for its issuer (国务院 → country; 江西省人民政府 → province:江西; 南昌市统计局 → city:南昌); a record
may say so itself (``jurisdiction: province (广东省)``). A figure speaks for its document unless its label names
another level: a provincial report that writes "全国粮食产量1.4万亿斤" quotes the country's figure, and a city's
"全省GDP增长4.1%" the province's. Tracking compares a target only with figures of the same jurisdiction, so a
city's communiqué never answers a provincial or national target.

Applied to figures after extraction (``assign_jurisdictions``): the figure extractor does not need to know.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from explorer.model import DocumentRecord, Figure

COUNTRY = "country"

PROVINCES = (
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "内蒙古",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
)
_NATIONAL = (
    "国务院",
    "中共中央",
    "全国人民代表大会",
    "中华人民共和国",
    "国家发展和改革委员会",
    "国家发展改革委",
    "国家统计局",
)
# Province-level suffixes, so that "江西省南昌市" reads as the city and "北京市" as a province.
_PROVINCE_SUFFIX = r"(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)?"
_PROVINCE_RE = "|".join(sorted(PROVINCES, key=len, reverse=True))
# A city (地级市, 自治州, 地区, 盟) named by its issuer: "南昌市人民政府", "江西省赣州市统计局". Two to four characters
# before 市, none of them a word that makes 市 part of a phrase (城市, 都市, 超市 …).
_CITY = re.compile(
    rf"(?:(?:{_PROVINCE_RE}){_PROVINCE_SUFFIX})?([\u4e00-\u9fff]{{2,4}}?)(?:市|自治州|地区|盟)"
    r"(?=人民政府|政府|统计局|发展和改革委员会|发改委|委员会|人大|国民经济|\d|20|年|$|[“《（(]|生态环境局|办公室|党委|委|局)"
)
# 自治州 carry their peoples' names: "恩施土家族苗族自治州" is 恩施.
_PREFECTURE = re.compile(r"([\u4e00-\u9fff]{2,3}?)(?:[\u4e00-\u9fff]{1,3}族)+自治州")
_NOT_CITY = re.compile(r"[城都超门上全本我各该省县区镇乡村街]")
# A label that opens with another level's name: "全国粮食产量", "我国GDP", "全省…", "广东地区生产总值".
# "全国重点实验室", "全国文明城市" are names of national titles a province holds, not the country's figures.
_LABEL_COUNTRY = re.compile(
    r"^(?:全国|我国|国家统计局公布的?)(?!重点|文明|示范|先进|优秀|百强|首批|首个|首家|第|性|统一|劳动|碳|县域|双创|唯一)"
)
_LABEL_PROVINCE = re.compile(rf"^(?:全省|我省|({_PROVINCE_RE}){_PROVINCE_SUFFIX})")
_LABEL_CITY = re.compile(r"^(?:全市|我市)")


def parse_jurisdiction(text: str) -> str | None:
    """A record's own statement: "country", "national (CN)", "province:江西", "province (广东省)", "广东", "city:南昌",
    "city (南昌市)"; None when it is none of these."""
    s = str(text).strip()
    if not s:
        return None
    if s in (COUNTRY, "national", "全国", "国家") or s.startswith(("national", "country")):
        return COUNTRY
    m = re.match(r"^(province|city)\s*[:：(（]\s*([^)）]+?)\s*[)）]?$", s)
    if m:
        level, name = m.groups()
        if level == "province":
            prov = _province_in(name)
            return f"province:{prov}" if prov else f"province:{name}"
        return f"city:{re.sub(r'(市|自治州|地区|盟)$', '', name)}"
    prov = _province_in(s)
    if prov and len(s) <= len(prov) + 3:
        return f"province:{prov}"
    return None


def _province_in(text: str) -> str | None:
    found = [(text.find(p), p) for p in PROVINCES if p in text]
    return min(found)[1] if found else None


def _city_in(text: str) -> str | None:
    m = _PREFECTURE.search(text)
    if m:
        return m.group(1)
    for m in _CITY.finditer(text):
        name = m.group(1)
        if name in PROVINCES or _NOT_CITY.search(name):
            continue
        return name
    return None


def record_jurisdiction(record: DocumentRecord) -> str | None:
    """The government a document speaks for: the record's ``jurisdiction:`` field, else read from the issuer, else
    from the title; None when neither tells (such a document is compared only with others that cannot be told)."""
    own = record.meta.get("jurisdiction") if isinstance(record.meta, dict) else None
    if own:
        parsed = parse_jurisdiction(str(own))
        if parsed:
            return parsed
    for text in (record.issuer, record.title):
        if not text:
            continue
        head = re.split(r"[（(]", text)[0] or text  # "国务院（国务院总理…在…全国人民代表大会…）"
        city = _city_in(head)
        if city:
            return f"city:{city}"
        prov = _province_in(head)
        if prov:
            return f"province:{prov}"
        if any(n in head for n in _NATIONAL) or head.startswith(("中国", "全国")):
            return COUNTRY
    return None


def legacy_place(place: str | None) -> str | None:
    """The older spelling other modules compare with: "national", a province's bare name, or "city:…"."""
    if place == COUNTRY:
        return "national"
    if place and place.startswith("province:"):
        return place.split(":", 1)[1]
    return place


def label_jurisdiction(label: str, doc_place: str | None) -> str | None:
    """The jurisdiction a label names when it is not its document's ("全国粮食产量" in a provincial report)."""
    s = re.sub(r"^[“\"‘]", "", label or "")
    if _LABEL_COUNTRY.match(s):
        return COUNTRY
    m = _LABEL_PROVINCE.match(s)
    if m:
        name = m.group(1)
        if name:
            return f"province:{name}"
        if doc_place and doc_place.startswith("city:"):
            return "province:?"  # a city report's "全省…" is its province's figure: another government's
        return doc_place
    if _LABEL_CITY.match(s):
        return doc_place if doc_place and doc_place.startswith("city:") else None
    return doc_place


def figure_jurisdiction(f: Figure, doc_place: str | None) -> str | None:
    """A figure's jurisdiction: one already set (by the extractor or a correction) wins; else its label's."""
    if f.jurisdiction:
        return f.jurisdiction
    return label_jurisdiction(f.label, doc_place)


def assign_jurisdictions(figures: Iterable[Figure], records: Iterable[DocumentRecord]) -> list[Figure]:
    """Every figure with ``jurisdiction`` filled in (unchanged when it cannot be told)."""
    places = {r.id: record_jurisdiction(r) for r in records}
    out = []
    for f in figures:
        place = figure_jurisdiction(f, places.get(f.doc))
        out.append(f if place == f.jurisdiction else replace(f, jurisdiction=place))
    return out


def level_of(place: str | None) -> int:
    """0 country, 1 province, 2 city, 3 unknown — a lower level (higher number) never answers a higher level."""
    if place == COUNTRY:
        return 0
    if place and place.startswith("province:"):
        return 1
    if place and place.startswith("city:"):
        return 2
    return 3


__all__ = [
    "COUNTRY",
    "PROVINCES",
    "parse_jurisdiction",
    "record_jurisdiction",
    "legacy_place",
    "label_jurisdiction",
    "figure_jurisdiction",
    "assign_jurisdictions",
    "level_of",
]
