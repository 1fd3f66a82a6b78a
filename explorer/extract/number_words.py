"""One number word as Chinese policy texts write it, read to its value: ``parse_number`` and ``fold``.

Arabic ("1,234.5", "1.57万亿", "10.1万"), Chinese ("一千二百三十四", "两万", "二十点一万", "三万五"), capital forms
(壹贰叁), traditional characters (萬, 億, 兩) and the mixed forms between them ("100万三千", "1百01").  The scanner that
finds such words in running text, with their units, is ``numbers.parse_quantities``; this module only reads one.

Why not cn2an alone: cn2an (installed) converts pure numeral strings well, but rejects the mixed forms policy
texts are made of ("1.57万亿", "二十点一万", "8000余万") with an exception.  The Chinese-numeral reader below is
~60 lines, accepts everything cn2an's own test cases accept (see tests/test_peer_numbers.py) and never raises.
"""

from __future__ import annotations

import re
from functools import lru_cache

# --- characters ---------------------------------------------------------------------------------------

# length-preserving (one character for one), so spans found in the folded text are spans of the original
_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "％": "%",
        "．": ".",
        "：": ":",
        "～": "~",
        "－": "-",
        "＋": "+",
        "點": "点",
        "個": "个",
        "萬": "万",
        "億": "亿",
        "負": "负",
        "兩": "两",
        "倆": "两",
        "幾": "几",
        "餘": "余",
        "從": "从",
        "較": "较",  # "較1955年增長了16%": a base year, as 较
        "圓": "元",
        "圆": "元",
        "貳": "贰",
        "陸": "陆",
    }
)

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "洞": 0,
    "一": 1,
    "壹": 1,
    "幺": 1,
    "二": 2,
    "贰": 2,
    "貳": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "叁": 3,
    "參": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "陸": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
CN_NUM_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL) + "".join(CN_BIG)
CN_DIGIT_CHARS = "".join(CN_DIGITS)

# multipliers written after an Arabic number (longest first)
MULTIPLIERS = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "十亿": 1e9,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "万": 1e4,
    "亿": 1e8,
    "萬": 1e4,
    "億": 1e8,
}


def _digit_value(ch: str) -> int | None:
    if ch.isdigit() and ch.isascii():
        return int(ch)
    return CN_DIGITS.get(ch)


def _cn_integer(s: str) -> float | None:
    """Chinese (or mixed) integer numeral → value; None when the string is not a well-formed numeral."""
    if not s:
        return None
    # digit strings ("一七二零", "二〇〇二"): read digit by digit
    if all(_digit_value(c) is not None for c in s):
        if all(c.isascii() for c in s):
            return float(int(s))
        return float(int("".join(str(_digit_value(c)) for c in s)))
    total = 0.0  # finished sections (above 亿 / 万)
    section = 0.0  # below 万
    number: float | None = None  # pending digit(s)
    last_unit = 0.0  # unit right before the pending digit, for "三万五" = 35000
    zero_gap = False
    prev_big = float("inf")
    i = 0
    while i < len(s):
        c = s[i]
        if c.isascii() and c.isdigit():
            j = i
            while j < len(s) and s[j].isascii() and s[j].isdigit():
                j += 1
            number = float(int(s[i:j]))
            if j - i > 1 or s[i] == "0":
                zero_gap = True  # "1万600", "1百01": an Arabic run stands for itself, never abbreviated
            i = j
            continue
        if c in CN_DIGITS:
            d = CN_DIGITS[c]
            if d == 0:
                zero_gap = True
                number = None
            elif number is not None and i > 0 and s[i - 1] in CN_DIGITS:
                return None  # "十四五": two digits in a row inside a numeral
            else:
                number = float(d)
            i += 1
            continue
        if c in CN_SMALL:
            unit = CN_SMALL[c]
            if number is None:
                if section and not zero_gap and unit >= last_unit:
                    return None  # "百百", "十百"
                number = 1.0  # "十五", "一千零十", "一百十一"
            section += number * unit
            number = None
            last_unit = unit
            zero_gap = False
            i += 1
            continue
        if c in CN_BIG:
            unit = CN_BIG[c]
            value = section + (number or 0.0)
            if value == 0 and total == 0:
                value = 1.0  # "万亿" after a qualifier: one
            if value == 0 and total and unit == prev_big == 10_000:
                total *= unit  # "四万万" = 4亿
            elif unit > prev_big or (unit == 1e8 and total and value == 0):
                total = (total + value) * unit  # "万亿": the 亿 scales what came before
            else:
                total += value * unit
            prev_big = unit
            section = 0.0
            number = None
            last_unit = unit
            zero_gap = False
            i += 1
            continue
        return None
    if number is not None:
        if last_unit >= 100 and not zero_gap and not section % last_unit and len(str(int(number))) == 1:
            number *= last_unit / 10  # colloquial "三万五", "一百二", "两千六"
        section += number
    return total + section


def _is_cn_numeral(s: str) -> bool:
    return bool(s) and all(c in CN_NUM_CHARS or (c.isascii() and c.isdigit()) for c in s)


@lru_cache(maxsize=4096)
def parse_number(s: str) -> float | None:
    """One number word → its value with any multiplier applied; None when it is not a number.

    Accepts Arabic ("1,234.5", "1.57万亿", "10.1万"), Chinese ("一千二百三十四", "两万", "二十点一万",
    "一亿五千万零六千三百五十五", "三万五"), capital forms (壹贰叁), mixed ("100万三千", "1百01") and a leading
    负 or "-".
    """
    if not s:
        return None
    s = s.translate(_FOLD).strip().replace(" ", "")
    s = re.sub(r"(?<![一二三四五六七八九])廿", "二十", s).replace("廿", "十")  # 廿 20, 卅 30, 卌 40
    s = re.sub(r"(?<![一二三四五六七八九])卅", "三十", s).replace("卅", "十")
    s = re.sub(r"(?<![一二三四五六七八九])卌", "四十", s).replace("卌", "十")
    sign = 1.0
    if s[:1] in ("负", "-", "負"):
        sign, s = -1.0, s[1:]
    elif s[:1] == "+":
        s = s[1:]
    if not s:
        return None
    s = re.sub(r"(?<=\d)[,，](?=\d{3}(?!\d))", "", s)  # "5,960,281", and "5，960，281，000" in older texts
    # Arabic decimal with a trailing multiplier: "1.57万亿", "10.1万"
    m = _ARABIC_MULT.fullmatch(s)
    if m:
        value = float(m.group(1))
        if m.group(2):
            value *= MULTIPLIERS[m.group(2)]
        return sign * value
    # decimals written with 点: integer part, digit-by-digit fraction, optional trailing multiplier
    if "点" in s:
        head, _, tail = s.partition("点")
        mult = 1.0
        for word, factor in MULTIPLIERS.items():
            if tail.endswith(word) and len(tail) > len(word):
                tail, mult = tail[: -len(word)], factor
                break
        whole = _cn_integer(head) if head else 0.0
        if whole is None or not tail or any(_digit_value(c) is None for c in tail):
            return None
        frac = float("0." + "".join(str(_digit_value(c)) for c in tail))
        return sign * (whole + frac) * mult
    if "." in s:  # "10.1万三千" and other oddities
        return None
    if not _is_cn_numeral(s):
        return None
    int_value = _cn_integer(s)
    return None if int_value is None else sign * int_value


_ARABIC_MULT = re.compile(r"(\d+(?:\.\d+)?)(万亿|千亿|百亿|十亿|千万|百万|十万|万|亿|萬|億)?")


def fold(text: str) -> str:
    """Full-width digits and ％ → ASCII, keeping every offset; a middle dot between digits is a decimal point
    ("增长14·1%", as older texts print it)."""
    return re.sub(r"(?<=\d)[·•](?=\d)", ".", text.translate(_FOLD))


__all__ = ["CN_BIG", "CN_DIGITS", "CN_DIGIT_CHARS", "CN_NUM_CHARS", "CN_SMALL", "MULTIPLIERS", "fold", "parse_number"]
