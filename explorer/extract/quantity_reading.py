"""One quantity matched in running text, read to a ``Quantity``: number, multiplier, unit, sign, approximate forms.

``QTY`` matches one quantity ([负] NUMBER [+|余|多] [MULT] [余|多] [”] [UNIT]); ``read_quantity`` decides whether the
match is a figure at all and what it is worth.  Most of the work is saying no: years and dates ("2025年"), codes
("PM2.5", "C919", "5G"), programme names ("1+N", "“1269”行动计划") and Chinese numerals that are words ("一是",
"唯一一部", "千乡万村", "十四五") are not quantities.  Written approximations ("三四万吨", "七八个") become a range
with the qualifier 约.  Ranges after the first bound and the qualifying words around it are added by
``quantity_ranges`` and ``qualifiers``.
"""

from __future__ import annotations

import re

from explorer.extract.number_words import (
    CN_BIG,
    CN_DIGIT_CHARS,
    CN_DIGITS,
    CN_NUM_CHARS,
    CN_SMALL,
    MULTIPLIERS,
    parse_number,
)
from explorer.extract.units import UNIT_RE, UNITS
from explorer.model import Quantity

_MULT_RE = "|".join(sorted(MULTIPLIERS, key=len, reverse=True))

_AR = r"\d+(?:,\d{3})+(?:\.\d+)?(?!\d)|\d{1,3}(?:，\d{3}){2,}(?!\d)|\d+(?:\.\d+)?"
_CN = rf"(?:(?!千[瓦克米伏卡]|百分点|千分之)[{CN_NUM_CHARS}])+(?:点[{CN_DIGIT_CHARS}]+)?"

# one quantity: [负] NUMBER [+|余|多] [MULT] [余|多] [”] [UNIT] [POST]
QTY = re.compile(
    rf"(?P<neg>(?<![税抱胜担承自欺辜正减重])负|(?<![\w.\-])-(?=\d))?(?:百分之(?P<pct>(?:{_AR}|{_CN}))|千分之(?P<pml>(?:{_AR}|{_CN}))"
    rf"|(?P<ar>{_AR})|(?P<cn>{_CN}))"
    rf"(?P<plus>\+(?![\dA-Za-z{CN_NUM_CHARS}]))?"
    rf"(?P<mid>余|多|几)?"
    rf"(?P<unit1>{UNIT_RE})?"
    rf"(?:(?P<mult>{_MULT_RE})(?P<mid2>余|多)?)?"
    rf"(?P<quote>”(?=(?:{UNIT_RE})))?"
    rf"(?P<unit2>{UNIT_RE})?"
)
_CN_APPROX = re.compile(r"(?P<a>[一二三四五六七八])(?P<b>[二三四五六七八九])(?P<s>[十百千]?)(?P<m>万亿|万|亿)?")
_BARE_BIG_CUE = re.compile(r"(?:突破|超过|超|近|逾|达|约|上|破)$")
_YEARISH = re.compile(r"(?:年|月|日|号|版|届|期|级|代|时|点|分|秒|岁|周年)")


def read_quantity(text: str, t: str, m: re.Match[str], bare: bool) -> Quantity | None:
    start, end = m.start(), m.end()
    ar, cn, pct, pml = m.group("ar"), m.group("cn"), m.group("pct"), m.group("pml")
    before = t[start - 1] if start else ""
    unit_written = m.group("unit1") or m.group("unit2") or ""
    mult = m.group("mult") or ""
    if m.group("unit1") and (mult or m.group("unit2")):
        # "5千瓦" matched unit1; anything after belongs to the next token
        mult = ""
        end = m.end("unit1")
    elif m.group("unit1"):
        end = m.end("unit1")
    qualifier_mid = m.group("mid") or m.group("mid2")
    if ar is not None:
        if before and (before.isascii() and (before.isalpha() or before in "._/")):
            return None  # PM2.5, C919, COVID-19
        nxt = t[m.end("ar") : m.end("ar") + 1]
        if nxt and nxt.isascii() and nxt.isalpha() and not unit_written:
            return None  # 5G, 5A
        if before == "+" or (nxt == "+" and not m.group("plus")):
            return None  # "1+N", "2+6+N": programme names
        if before and before in '“"‘《' and not unit_written:
            return None  # “1269”行动计划
        value_text = ar
        value = parse_number(ar)
        digits_only = "." not in ar and "," not in ar
        if not unit_written and not mult and not pct and not m.group("plus"):
            after = t[m.end() : m.end() + 2]
            if digits_only and (_YEARISH.match(after) or (len(ar) == 4 and 1900 <= int(ar) <= 2100)):
                return None  # years, dates, times, editions
            if digits_only and after[:1] in ("-", "—", "–", "至", "~") and _years_range_follows(t, m.end()):
                return None
        elif digits_only and len(ar) == 4 and 1900 <= int(ar) <= 2100 and unit_written in ("", "次") and not mult:
            return None
    elif cn is not None:
        if "点" not in cn and len(cn) >= 2 and all(c in CN_DIGITS for c in cn) and not bare:
            approx = _CN_APPROX.fullmatch(cn + mult)
            if approx and CN_DIGITS[approx.group("b")] == CN_DIGITS[approx.group("a")] + 1 and (unit_written or mult):
                return _approx_range(text, m, cn, mult, unit_written, end)
            return None  # "一一", "唯一一部": not a number in running text
        approx = _CN_APPROX.fullmatch(cn)
        if approx and (bare or unit_written or mult or approx.group("s") or approx.group("m")):
            a, b = CN_DIGITS[approx.group("a")], CN_DIGITS[approx.group("b")]
            if b > a:
                return _approx_range(text, m, cn, mult, unit_written, end)
        if not (unit_written or mult or bare or _ends_with_big(cn)):
            return None
        if (
            (cn[0] in CN_BIG or (len(cn) == 1 and cn in CN_SMALL and mult))
            and not bare
            and not _BARE_BIG_CUE.search(t, max(0, start - 3), start)
        ):
            return None  # "千乡万村", "万亩茶园": a word, not a figure
        if unit_written and UNITS[unit_written].qtype == "duration" and cn in ("一", "半"):
            return None
        value_text = cn
        value = parse_number(cn)
        split = max(cn.rfind("亿"), cn.rfind("億"))
        if value is not None and mult == "万" and split > 0 and not re.search("[万萬]", cn):
            # "四亿零七百多万吨": 万 closes the section after 亿 (4亿 + 700万), it does not multiply the whole numeral
            high, rest = parse_number(cn[: split + 1]), cn[split + 1 :].lstrip("零〇")
            low = parse_number(rest) if rest else 0.0
            if high is not None and low is not None:
                value = high / 1e4 + low
    else:
        value_text = pct or pml or ""
        value = parse_number(value_text)
    if value is None:
        return None
    if m.group("neg"):
        value = -value
    # split a trailing 万/亿 written inside a Chinese numeral ("两万" → 2 × 万, "一点五万")
    if cn is not None and not mult and all(c in CN_BIG for c in cn):
        value_text, value, mult = cn, 1.0, cn.replace("萬", "万").replace("億", "亿")  # "突破万亿元"
    elif cn is not None and not mult:
        for word in ("万亿", "亿", "万"):
            head = cn[: -len(word)]
            if word == "万" and re.search("[亿億]", head):
                break  # "三亿零五百三十万吨": 万 closes a section of the numeral, it multiplies nothing
            if cn.endswith(word) and head and (head_value := parse_number(head)) is not None:
                value_text, value, mult = head, head_value, word
                if m.group("neg"):
                    value = -value
                break
    factor = MULTIPLIERS.get(mult, 1.0)
    if pct is not None:
        unit_out, base_unit, qtype = "%", "%", "percent"
    elif pml is not None:
        unit_out, base_unit, qtype = "‰", "%", "percent"
        factor = 0.1
    elif unit_written:
        info = UNITS[unit_written]
        unit_out, base_unit, qtype = mult + unit_written, info.base, info.qtype
        factor *= info.factor
        if unit_written == "‰":
            base_unit, factor = "%", factor * 0.1
    else:
        unit_out, base_unit, qtype = mult, "", "number"
    qualifier = "+" if m.group("plus") else None
    value_max = None
    if qualifier == "+" and value is not None and 10 <= value < 100 and value % 10 == 0:
        value_max = value + 9  # "“20+”微克/立方米": somewhere in the twenties, never exactly 20
    if qualifier_mid:
        qualifier = qualifier_mid
    span_end = end
    return Quantity(
        text[start:span_end],
        start,
        span_end,
        value,
        unit_out,
        value * factor,
        base_unit,
        qualifier=qualifier,
        value_max=value_max,
        base_value_max=None if value_max is None else value_max * factor,
        quantity_type=qtype,
    )


def _ends_with_big(cn: str) -> bool:
    return cn[-1:] in CN_BIG and len(cn) > 1


def _years_range_follows(t: str, pos: int) -> bool:
    return bool(re.match(r"[-—–至~]\s*\d{2,4}\s*年", t[pos : pos + 8]))


def _approx_range(text: str, m: re.Match[str], cn: str, mult: str, unit: str, end: int) -> Quantity:
    a, b = CN_DIGITS[cn[0]], CN_DIGITS[cn[1]]
    scale = CN_SMALL.get(cn[2:3], 1) if len(cn) > 2 else 1
    factor = MULTIPLIERS.get(mult, 1.0)
    if len(cn) > 2 and cn[2:] in ("万", "亿", "万亿"):
        factor, scale, mult = MULTIPLIERS[cn[2:]], 1, cn[2:]
    info = UNITS.get(unit)
    base_unit = info.base if info else ""
    qtype = info.qtype if info else "number"
    factor *= info.factor if info else 1.0
    return Quantity(
        text[m.start() : end],
        m.start(),
        end,
        float(a * scale),
        mult + unit,
        a * scale * factor,
        base_unit,
        qualifier="约",
        value_max=float(b * scale),
        base_value_max=b * scale * factor,
        quantity_type=qtype,
    )


__all__ = ["QTY", "read_quantity"]
