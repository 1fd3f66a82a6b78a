"""Quantities as Chinese policy texts write them: numbers, multipliers, qualifiers, ranges and units.

``parse_number`` reads one number word ("一千二百三十四", "两万", "1.57万亿", "二十点一万", "10.1万");
``parse_quantities`` finds every quantity in a text and returns ``Quantity`` objects with spans.

Why not cn2an alone: cn2an (installed) converts pure numeral strings well, but rejects the mixed forms policy
texts are made of ("1.57万亿", "二十点一万", "8000余万") with an exception, and says nothing about units,
qualifiers or spans.  The Chinese-numeral reader below is ~60 lines, accepts everything cn2an's own test cases
accept (see tests/test_peer_numbers.py) and never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from explorer.model import Quantity

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
_CN_NUM_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL) + "".join(CN_BIG)
_CN_DIGIT_CHARS = "".join(CN_DIGITS)

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
    return bool(s) and all(c in _CN_NUM_CHARS or (c.isascii() and c.isdigit()) for c in s)


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

# --- units ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitInfo:
    base: str  # base unit written without multiplier
    qtype: str
    factor: float = 1.0  # only for units that carry their own multiplier (番, 成)


def _units() -> dict[str, UnitInfo]:
    table: dict[str, UnitInfo] = {}

    def add(qtype: str, *names: str, base: str | None = None) -> None:
        for name in names:
            table[name] = UnitInfo(base if base is not None else name, qtype)

    add("percent", "%", "‰")
    add("points", "个百分点", "百分点")
    add(
        "measure",
        "微克/立方米",
        "微克每立方米",
        "μg/m3",
        "μg/m³",
        "ug/m3",
        "毫克/立方米",
        "毫克/升",
        "毫克每升",
        "mg/L",
        "mg/l",
        "mg/m3",
        "毫克/千克",
        "mg/kg",
    )
    add(
        "measure",
        "立方米/日",
        "立方米/天",
        "立方米/秒",
        "吨/日",
        "吨/天",
        "吨/年",
        "公里/小时",
        "千米/小时",
        "km/h",
        "元/吨",
        "元/亩",
        "元/人",
        "人/万人",
    )
    # energy (…时) before power: "200兆瓦时" of storage is an energy, "200兆瓦" of capacity a power
    add("measure", "千瓦时", "瓦时", "kWh", "千伏", "伏", "千卡")
    add("measure", "千瓦", "瓦", "kW")
    for name, factor in (("兆瓦时", 1e3), ("吉瓦时", 1e6), ("太瓦时", 1e9), ("MWh", 1e3), ("GWh", 1e6), ("TWh", 1e9)):
        table[name] = UnitInfo("千瓦时", "measure", factor)  # compared in 千瓦时, the unit of the statistics
    for name, factor in (("兆瓦", 1e3), ("吉瓦", 1e6), ("MW", 1e3), ("GW", 1e6)):
        table[name] = UnitInfo("千瓦", "measure", factor)
    # transport work: "货物周转量1.2万亿吨公里" counts tonnes × kilometres, not tonnes
    add("measure", "吨公里", "吨千米", "人公里", "人千米", "标准箱公里")
    add(
        "measure",
        "吨标准煤",
        "吨标煤",
        "吨二氧化碳当量",
        "吨二氧化碳",
        "吨",
        "千克",
        "公斤",
        "斤",
        "克",
        "毫克",
        "微克",
        "kg",
        "公吨",
    )
    add("measure", "平方公里", "平方千米", "平方米", "平米", "公顷", "亩", "km²", "km2", "m²", "m2")
    add("measure", "公里", "千米", "厘米", "毫米", "米", "公分", "英里", "英尺", "英寸", "海里", "km", "cm", "mm")
    add("measure", "立方米", "升", "毫升", "标准箱", "标箱")
    add("measure", "摄氏度", "℃", "°C", "°c", "度电", "度", "m", "g", "L")
    add("money", "元人民币", "人民币", "元", "美元", "欧元", "港元", "港币", "日元", "英镑", "块钱", "块")
    add(
        "count",
        "个",
        "家",
        "件",
        "项",
        "座",
        "辆",
        "张",
        "份",
        "人次",
        "人",
        "户",
        "笔",
        "所",
        "次",
        "处",
        "条",
        "株",
        "棵",
        "头",
        "只",
        "艘",
        "架",
        "套",
        "台",
        "栋",
        "间",
        "种",
        "名",
        "部",
        "支",
        "场",
        "例",
        "起",
        "宗",
        "册",
        "篇",
        "门",
        "批次",
        "千户",
        "公里段",
        "口",
        "孔",
        "座次",
        "款",
        "枚",
        "颗",
        "粒",
        "片",
        "所次",
    )
    add("duration", "个月", "小时", "天", "周", "分钟", "个工作日", "周岁", "岁")
    add("multiple", "倍")
    table["成"] = UnitInfo("%", "percent", 10.0)
    # scaled units of the statistical yearbooks: "播种面积11893千公顷" is 11.893 million hectares
    table["千公顷"] = UnitInfo("公顷", "measure", 1000.0)
    table["千吨"] = UnitInfo("吨", "measure", 1000.0)
    table["人口"] = UnitInfo("人", "count")  # "14亿人口": one word, not 人 + 口
    # older units, kept comparable with the ones the same reports use: "棉花…三千五百万担" (市担 = 100 市斤, the 斤 of
    # "粮食…三千九百二十亿斤"), "棉布一亿一千万公尺" (公尺 = 米), "每平方公尺的造价" (平方公尺 = 平方米)
    table["担"] = UnitInfo("斤", "measure", 100.0)
    table["市担"] = UnitInfo("斤", "measure", 100.0)
    table["公担"] = UnitInfo("公斤", "measure", 100.0)
    table["市斤"] = UnitInfo("斤", "measure")
    table["公尺"] = UnitInfo("米", "measure")
    table["平方公尺"] = UnitInfo("平方米", "measure")
    table["立方公尺"] = UnitInfo("立方米", "measure")
    return table


UNITS = _units()
# 担 is a unit after a number ("三千五百万担"), not in 担保/担任/担当/担心
_UNIT_RE = "|".join(
    re.escape(u) + ("(?![保任当心负])" if u == "担" else "") for u in sorted(UNITS, key=len, reverse=True)
)
_MULT_RE = "|".join(sorted(MULTIPLIERS, key=len, reverse=True))

PRE_QUALIFIERS = (
    "大于等于",
    "小于等于",
    "大于或等于",
    "小于或等于",
    "不低于",
    "不少于",
    "不高于",
    "不超过",
    "不小于",
    "不大于",
    "不足",
    "不到",  # "从不到70万亿元增加到超过100万亿元": less than, like 不足
    "超过",
    "突破",
    "将近",
    "接近",
    "大约",
    "至少",
    "最多",
    "最少",
    "高于",
    "低于",
    "大于",
    "小于",
    "多于",
    "少于",
    "力争",
    "逾",
    "超",
    "约",
    "近",
)
POST_QUALIFIERS = ("以上", "以下", "左右", "以内", "上下", "多", "余", "强")
_PRE_RE = "|".join(PRE_QUALIFIERS)
_POST_RE = "|".join(POST_QUALIFIERS)

_AR = r"\d+(?:,\d{3})+(?:\.\d+)?(?!\d)|\d{1,3}(?:，\d{3}){2,}(?!\d)|\d+(?:\.\d+)?"
_CN = rf"(?:(?!千[瓦克米伏卡]|百分点|千分之)[{_CN_NUM_CHARS}])+(?:点[{_CN_DIGIT_CHARS}]+)?"

# one quantity: [负] NUMBER [+|余|多] [MULT] [余|多] [”] [UNIT] [POST]
_QTY = re.compile(
    rf"(?P<neg>(?<![税抱胜担承自欺辜正减重])负|(?<![\w.\-])-(?=\d))?(?:百分之(?P<pct>(?:{_AR}|{_CN}))|千分之(?P<pml>(?:{_AR}|{_CN}))"
    rf"|(?P<ar>{_AR})|(?P<cn>{_CN}))"
    rf"(?P<plus>\+(?![\dA-Za-z{_CN_NUM_CHARS}]))?"
    rf"(?P<mid>余|多|几)?"
    rf"(?P<unit1>{_UNIT_RE})?"
    rf"(?:(?P<mult>{_MULT_RE})(?P<mid2>余|多)?)?"
    rf"(?P<quote>”(?=(?:{_UNIT_RE})))?"
    rf"(?P<unit2>{_UNIT_RE})?"
)
_PRE = re.compile(rf"(?:{_PRE_RE})(?:了)?(?:达到|达|有|是|为)?$")
_POST = re.compile(rf"(?:{_POST_RE})")
_RANGE_SEP = re.compile(r"\s*(?:至|到|-|~|—|–|－|～)\s*")
_RATIO = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?:\s*:\s*\d+(?:\.\d+)?)+(?![\d.])")
_RANK = re.compile(rf"第(?P<n>\d+|[{_CN_NUM_CHARS}]+)(?P<u>位|名)?")
_RANK_FIRST = re.compile(
    r"(?:居|列|位居|位列|稳居|保持|跃居|排名)(?:全国|全省|全球|世界|同类城市|中部地区|西部地区|东部地区|中部六省)?(?P<w>首位)"
)
_RANK_CUE = re.compile(
    r"(?:居|列|排名|排位|位居|位列|保持|跃居|跃升|升至|前移|稳居|全国|全省|全球|世界|中部|西部|东部|六省|同类|省份|城市中)[^，。；,;：]{0,10}$"
)
_MULTIPLE = re.compile(r"翻(?:了)?(?P<n>[一二两三四五]|\d)番")
_DURATION = re.compile(rf"(?P<pre>连续|持续|已连续|累计)(?P<n>\d+|[{_CN_NUM_CHARS}]+)(?P<u>年|个月|个季度|届)")
_CN_APPROX = re.compile(r"(?P<a>[一二三四五六七八])(?P<b>[二三四五六七八九])(?P<s>[十百千]?)(?P<m>万亿|万|亿)?")
_BARE_BIG_CUE = re.compile(r"(?:突破|超过|超|近|逾|达|约|上|破)$")
_YEARISH = re.compile(r"(?:年|月|日|号|版|届|期|级|代|时|点|分|秒|岁|周年)")


def fold(text: str) -> str:
    """Full-width digits and ％ → ASCII, keeping every offset; a middle dot between digits is a decimal point
    ("增长14·1%", as older texts print it)."""
    return re.sub(r"(?<=\d)[·•](?=\d)", ".", text.translate(_FOLD))


def _number_text_value(ar: str | None, cn: str | None) -> float | None:
    if ar is not None:
        return parse_number(ar)
    return parse_number(cn or "")


def parse_quantities(text: str, *, bare_numerals: bool = False) -> list[Quantity]:
    """Every quantity in ``text`` with its span (offsets into ``text``).

    Chinese numerals count only with a unit, a multiplier, 百分之 or a rank/duration/multiple frame, so that
    "一是", "三大高地", "十四五" stay words; ``bare_numerals=True`` also returns bare Chinese numbers (for
    whole-number inputs).  Years, dates, programme names in quotes ("1269", "1+N") and ordinals are skipped.
    """
    t = fold(text)
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(q: Quantity) -> None:
        out.append(q)
        taken.append((q.start, q.end))

    # frames first: ratios, ranks, multiples, durations
    for m in _RATIO.finditer(t):
        parts = tuple(float(p) for p in re.split(r"\s*:\s*", m.group()))
        if m.start() > 0 and t[m.start() - 1].isalpha() and t[m.start() - 1].isascii():
            continue
        add(
            Quantity(
                text[m.start() : m.end()],
                m.start(),
                m.end(),
                parts[0],
                "",
                parts[0],
                "",
                ratio=parts,
                quantity_type="ratio",
            )
        )
    for m in _RANK_FIRST.finditer(t):
        add(
            Quantity(
                text[m.start("w") : m.end("w")], m.start("w"), m.end("w"), 1.0, "位", 1.0, "位", quantity_type="rank"
            )
        )
    for m in _RANK.finditer(t):
        if not free(m.start(), m.end()):
            continue
        after = t[m.end() : m.end() + 1]
        if not m.group("u") and after and after not in "，。；、,;:：）)！？!?”\n ":
            continue  # "第一经济大省", "第二轮": an ordinal inside a word
        if not _RANK_CUE.search(t[max(0, m.start() - 14) : m.start()]):
            continue
        n = parse_number(m.group("n"))
        if n is None or n <= 0 or n >= 1000:
            continue
        add(Quantity(text[m.start() : m.end()], m.start(), m.end(), n, "位", n, "位", quantity_type="rank"))
    for m in _MULTIPLE.finditer(t):
        n = parse_number(m.group("n"))
        if n is None:
            continue
        add(Quantity(text[m.start() : m.end()], m.start(), m.end(), n, "番", 2.0**n, "倍", quantity_type="multiple"))
    for m in _DURATION.finditer(t):
        n = parse_number(m.group("n"))
        if n is None or not free(m.start("n"), m.end()):
            continue
        add(
            Quantity(
                text[m.start("n") : m.end()],
                m.start("n"),
                m.end(),
                n,
                m.group("u"),
                n,
                m.group("u"),
                quantity_type="duration",
            )
        )

    pos = 0
    while True:
        qm = _QTY.search(t, pos)
        if not qm:
            break
        pos = qm.end() if qm.end() > qm.start() else qm.start() + 1
        if not free(qm.start(), qm.end()):
            pos = max(pos, next(e for s, e in taken if not (qm.end() <= s or qm.start() >= e)))
            continue
        q = _read_quantity(text, t, qm, bare_numerals)
        if q is None:
            continue
        q = _with_range(text, t, q, bare_numerals)
        q = _with_qualifiers(text, t, q)
        if free(q.start, q.end):
            add(q)
            pos = max(pos, q.end)
    out.sort(key=lambda q: q.start)
    return out


def _read_quantity(text: str, t: str, m: re.Match[str], bare: bool) -> Quantity | None:
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


def _with_range(text: str, t: str, q: Quantity, bare: bool = False) -> Quantity:
    """ "8%至10%", "8至10%", "3~4万吨": the second bound joins the first."""
    sep = _RANGE_SEP.match(t, q.end)
    if not sep:
        return q
    m2 = _QTY.match(t, sep.end())
    if not m2 or (m2.group("ar") is None and m2.group("cn") is None and m2.group("pct") is None):
        return q
    if q.text.startswith("百分之") and m2.group("pct") is None and not (m2.group("unit1") or m2.group("unit2")):
        # "百分之四到五": the second bound is written without 百分之
        v2 = parse_number(m2.group("ar") or m2.group("cn") or "")
        end2 = m2.start() + len(m2.group("ar") or m2.group("cn") or "")
        if v2 is not None and v2 > q.value:
            return Quantity(
                text[q.start : end2],
                q.start,
                end2,
                q.value,
                q.unit,
                q.base_value,
                q.base_unit,
                qualifier=q.qualifier,
                value_max=v2,
                base_value_max=v2,
                quantity_type=q.quantity_type,
            )
    q2 = _read_quantity(text, t, m2, bare=bare)
    if q2 is None and m2.group("ar") is None:
        return q
    if q2 is None:
        return q
    if q.unit and q2.unit and q.base_unit != q2.base_unit:
        return q
    if not q.unit and not q2.unit and not bare:
        return q
    if q2.value < q.value and not q.unit:
        return q
    unit, base_unit, qtype = (
        (q2.unit, q2.base_unit, q2.quantity_type) if not q.unit else (q.unit, q.base_unit, q.quantity_type)
    )
    factor = (q2.base_value / q2.value) if q2.value else 1.0
    base_value = q.base_value if q.unit else q.value * factor
    return Quantity(
        text[q.start : q2.end],
        q.start,
        q2.end,
        q.value,
        unit,
        base_value,
        base_unit,
        qualifier=q.qualifier,
        value_max=q2.value,
        base_value_max=q2.base_value,
        quantity_type=qtype,
    )


def _with_qualifiers(text: str, t: str, q: Quantity) -> Quantity:
    quals: list[str] = []
    start, end = q.start, q.end
    pre = _PRE.search(t, max(0, start - 6), start)
    if pre and pre.group().startswith("约") and t[pre.start() - 1 : pre.start()] in tuple("节制签条公契预婚"):
        pre = None  # "节约二十亿元": 约 ends the verb 节约, it qualifies nothing
    if pre:
        word = re.sub(r"了?(?:达到|达|有|是|为)?$", "", pre.group())
        quals.append(word)
        if pre.end() == start and not pre.group().endswith(("达到", "达", "有", "是", "为")):
            start = pre.start()
    if q.qualifier:
        quals.append(q.qualifier)
    post = _POST.match(t, end)
    if post and not (post.group() in ("多", "余", "强") and q.qualifier):
        if post.group() != "强" or q.quantity_type in ("number", "percent"):
            quals.append(post.group())
            end = post.end()
    if not quals:
        return q
    seen: list[str] = []
    for word in quals:
        if word not in seen:
            seen.append(word)
    return Quantity(
        text[start:end],
        start,
        end,
        q.value,
        q.unit,
        q.base_value,
        q.base_unit,
        qualifier=",".join(seen),
        value_max=q.value_max,
        base_value_max=q.base_value_max,
        ratio=q.ratio,
        quantity_type=q.quantity_type,
    )


__all__ = ["parse_number", "parse_quantities", "fold", "UNITS", "MULTIPLIERS", "PRE_QUALIFIERS", "POST_QUALIFIERS"]
