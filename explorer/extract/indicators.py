"""Indicator identity: which figures measure the same thing, and which labels are not indicators at all.

A figure's indicator is decided by three things: its label's **head term** (the lexicon's canonical name when
the lexicon knows the label or one of its synonyms, else the label cleaned of scope and filler words), its
**unit** (国内生产总值 in 元 is GDP总量, in % GDP增速) and its **measure** — a level, a rate of change, a share, a
rank. Two more things keep different concepts apart although they share a name: the **span** (a 年均 average over
a plan period and a 累计 total are not one year's value) and the concept words the lexicon keeps as separate
entries (户籍人口城镇化率 vs 常住人口城镇化率).

Synonyms are merged by the lexicon (the curated core: 空气质量优良天数比率 = 优良天数比例 = 优良天数比率) and by two
general rules: an ASCII abbreviation in brackets is dropped (细颗粒物（PM2.5）平均浓度 = 细颗粒物平均浓度), and a count
stated in % is its share (空气质量优良天数 93.9% = 空气质量优良天数比率).

Labels that are fragments of a sentence rather than the name of something measured (整改, 从失业保险基金结余中
拿出, 我们要重点把握好, 新一轮 …) are **noise**: ``is_indicator`` is false for them, so they are neither listed as
indicators nor tracked as targets.

The accessors ``role_of``/``measure_of``/``span_of`` read the fields the figure extractor fills in (role, measure,
average, cumulative, period range) and fall back on the older ``kind`` and the quote when those are not set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from explorer.extract.lexicon import normalise_label, unit_family
from explorer.extract.roles import CHANGE, LEVEL_VERB
from explorer.model import Figure

# A change word right before the number (qualifiers may sit between); "降至/提高到/降为" are levels.
_BEFORE_NUMBER = r"(?:了)?(?:超过|超|逾|近|约|达到|达|突破|不到|不足|接近|高达|仅)?(?:[\d一二三四五六七八九十两]|$)"
_DECREASE = re.compile(r"(?:下降|降低|减少|回落|下跌|收窄|缩小|压减|削减|降幅)" + _BEFORE_NUMBER)
_INCREASE = re.compile(r"(?:增长|提高|增加|上升|上涨|涨幅|增幅|增速|扩大|提升)" + _BEFORE_NUMBER)
RATE_NAME = re.compile(r"(?:增速|涨幅|增幅|降幅|增长率|下降率|增长)$")
_SHARE_NAME = re.compile(r"(?:率|比重|比例|占比|份额|比率|覆盖面|普及率)$")
_TOTAL_LABEL = re.compile(r"新增|累计|合计|共计|总计")
_MULTI_YEAR = re.compile(r"\d{4}\s*[-—–~至到]\s*\d{4}|[十]?[一二三四五六七八九十]五")
# 年均 / 平均每年 between the label and the number: "国内生产总值年均增长7%" is an average over the period.
# "PM2.5年均浓度" is the annual mean of a level, not an average over years: only 年均 before a change or a flow.
_AVERAGE = re.compile(
    r"年均(?=增长|增速|增幅|提高|下降|降低|增加|减少|新增|实际增长|名义增长|上涨|涨幅|递增|递减|\d)|平均每年|每年平均"
)
# A flow (what is newly built or done in the period) rather than a stock: "新建1亿亩高标准农田".
_FLOW = re.compile(r"(?:新建|新增|新开工|开工|建成|完成|改造|新（改）建|新\(改\)建|改建|造林|累计)$")

# ---------------------------------------------------------------------------------------------- accessors


# "国内生产总值从不到70万亿元增加到超过100万亿元": the value after 从 is where the period started.
_FROM = re.compile(r"从(?:不到|不足|近|约|超过)?$")


def role_of(f: Figure) -> str:
    """ "target", "actual", "baseline" or "forecast": the extractor's ``role`` when set, else from ``kind`` (a value
    right after 从 in "从X增加到Y" is the baseline whatever the kind says)."""
    if f.role:
        return f.role
    if f.kind in ("actual", "change") and _FROM.search(_text_before_value(f)):
        return "baseline"
    return {"target": "target", "baseline": "baseline"}.get(f.kind, "actual")


def _text_before_value(f: Figure, width: int = 6) -> str:
    quote = f.quote or ""
    at = quote.find(f.label) if f.label else 0
    value_at = quote.find(f.value, max(at, 0)) if f.value else -1
    return quote[max(0, value_at - width) : value_at] if value_at > 0 else ""


def change_sign(f: Figure) -> int:
    """-1 when the figure states a decrease ("下降3.1%"), +1 an increase, 0 a level ("降至", "提高到" are levels)."""
    quote = f.quote or ""
    at = quote.find(f.label) if f.label else -1
    value_at = quote.find(f.value, at + len(f.label) if at >= 0 else 0) if f.value else -1
    if at >= 0 and value_at >= 0:
        between = f.label + quote[at + len(f.label) : value_at]
    else:
        between = f.label
    between = between[-12:] + "0"  # the number follows; "降至"/"提高到" are not followed by it, so are levels
    dec = [m.start() for m in _DECREASE.finditer(between)]
    inc = [m.start() for m in _INCREASE.finditer(between)]
    if not dec and not inc:
        return 0
    return -1 if max(dec, default=-1) > max(inc, default=-1) else 1


def measure_of(f: Figure) -> str:
    """ "level", "rate" (of change), "share", "rank" or "count": the extractor's ``measure`` when set, else read from
    the kind, the indicator's name ("GDP增速") and the words before the number ("下降3%")."""
    if f.measure:
        return f.measure
    if f.kind == "rank":
        return "rank"
    if f.kind == "change" or RATE_NAME.search(f.indicator or "") or change_sign(f) != 0:
        return "rate"
    if unit_family(f.unit) == "%" and _SHARE_NAME.search(f.indicator or f.label or ""):
        return "share"
    return "level"


def _before_value(f: Figure) -> str:
    """The words between the label and the number in the quote ("年均增长" in "国内生产总值年均增长7%")."""
    quote = f.quote or ""
    at = quote.find(f.label) if f.label else -1
    if at < 0:
        return ""
    value_at = quote.find(f.value, at + len(f.label)) if f.value else -1
    return quote[at + len(f.label) : value_at] if value_at >= 0 else ""


def _before_label(f: Figure, width: int = 6) -> str:
    quote = f.quote or ""
    at = quote.find(f.label) if f.label else -1
    return quote[max(0, at - width) : at] if at > 0 else ""


def is_total(f: Figure, change: bool = False) -> bool:
    """A total over several years rather than one year's value: 累计…, a period range of several years with a flow
    (新增…), or a change over a multi-year period ("十二五"时期下降16%)."""
    if f.cumulative:
        return True
    multi = (f.period_start is not None and f.period_end is not None and f.period_end > f.period_start) or bool(
        f.period and _MULTI_YEAR.search(f.period)
    )
    return multi and (change or bool(_TOTAL_LABEL.search(f.label or "")) or is_flow(f))


def is_flow(f: Figure) -> bool:
    """What was newly built or done ("新建1亿亩高标准农田", "新增高标准农田8000万亩"), not a stock."""
    return bool(_FLOW.search(_before_label(f, 4)) or re.match(r"^(?:新建|新增|新开工|建成|累计)", f.label or ""))


def is_average(f: Figure) -> bool:
    return f.average or bool(_AVERAGE.search(f.label or "") or _AVERAGE.search(_before_value(f)))


def is_increment(f: Figure) -> bool:
    """An absolute change stated as a level or count ("城镇新增就业预期目标比去年多100万人", "比上年增加1.2万亿元"):
    the extractor's measure is the unit's (level, count), yet it is never one year's amount."""
    if measure_of(f) not in ("level", "count"):
        return False
    # "分别再提高30元和5元": the earlier items of a list stand between the verb and this value
    tail = re.sub(r"(?:[\d.]+[^\d，。；、和及]{0,4}(?:、|和|及))+$", "", _before_value(f))
    tail = re.sub(r"(?:分别|了|约|近|超过|超|达到|达|突破)$", "", tail)
    return bool(CHANGE.search(tail)) and not LEVEL_VERB.search(tail)


# A level held through every year of a span ("PM2.5年均浓度连续五年保持在“20+”微克/立方米"): each year's value.
_HELD = re.compile(r"(?:保持|稳定|维持|控制)(?:在|于)?$")


def span_of(f: Figure) -> str:
    """ "annual", "average" (年均 over a period) or "cumulative" (a total over several years).

    The extractor's period decides first: a figure whose period runs over several years (period_start <
    period_end) and is not a 年均 average is a multi-year span — "五年建成…高速公路3.3万公里", "关停小火电机组7210万千瓦"
    in a five-year review — except a share (城镇化率, a state at the period's end) and a level held through the span
    ("连续五年保持在“20+”"). Without a period range, the words decide (累计, 新增 over a 十二五 period …)."""
    if is_average(f):
        return "average"
    if f.period_start is not None and f.period_end is not None and f.period_start < f.period_end:
        held = bool(_HELD.search(re.sub(r"[“”\"]+$", "", _before_value(f))))
        if f.cumulative or not (measure_of(f) in ("share", "rank") or held):
            return "cumulative"
        return "annual"
    if is_total(f, measure_of(f) == "rate" and not RATE_NAME.search(f.indicator or "")):
        return "cumulative"
    return "annual"


# ---------------------------------------------------------------------------------------------- identity
# Words around a label that do not change what is measured: aspiration (力争), persistence (继续, 连年), the year.
_LEAD_FILLER = re.compile(r"^(?:[和及与的在对为再又比较上到已还并等将使让把]|力争|争取|确保|努力|其中|是在|预计|拟)+")
_TRAIL_FILLER = re.compile(
    r"(?:继续|连年|接连|一直|全年|又|将|均|已|五年|十年|年度|累计|平均值|均值|实际|拟按|拟安排|预期|目标|从不|跨过|跨上|再"
    r"|(?<!行动)计划)+$"
)
_ABBREVIATION = re.compile(r"[（(][A-Za-z0-9.₀-₉]+[)）]")

# What a label is when it names something measured: its last word is a measurable head noun.
_HEAD = re.compile(
    r"(?:率|比重|比例|占比|比率|份额|总量|总额|总值|产量|产值|收入|投资|增加值|里程|面积|人数|人口|数量|规模|余额|能力|指数|"
    r"浓度|支出|价格|消费|排放量|排放|吞吐量|装机|装机容量|销量|资费|标准|水平|利润|成交额|零售额|进出口|出口|进口|额|量|数|"
    r"产能|容量|GDP|生产总值|赤字|债券|国债|贷款|存款|储备|用户|企业|基金|资金|补助|补贴|电价|税率|时间|寿命|密度|覆盖|"
    r"里程数|速度|价|值|度|效率|强度|能耗|水耗|"
    r"就业|增速|增长|涨幅|增幅|降幅|失业率|人次|游客|农田|林|学位|床位|托位|公路|铁路|高速公路|航道|机场|基站)$"
)
# Fragments of a sentence: verbs of doing, pronouns, whole clauses ("我们要重点把握好", "从失业保险基金结余中拿出").
_NOISE = re.compile(
    r"^(?:从|用|以|由|向|将|把|对|为|在|于|被|使|让|通过|实施|开展|组织|帮助|支持|推动|推进|抓好|做好|办好|建好|"
    r"整改|查处|办理|召开|举办|出台|制定|发布|印发|落实|完善|加快|加强|提请|释放|解决|启动|亲临|致|主要|具体|"
    r"我们|大力|深入|积极|全面|进一步|着力|坚持|始终|设立|设|新开|首批|上|下|是|有|成为|获|获评|入选)"
    r"|要|的是|我们|每年有|年初|以来|相当于|之初|比五年前|是十年前|较“|较五年前|比改革前|\d{4}-\d{2}|[，。；：！？]"
)
# Programmes and campaigns by name ("新一轮千亿斤粮食产能提升行动", "…工程"); a bare trailing 计划 is not one:
# "粮食产量计划三亿六千万吨" is the planned figure of 粮食产量 (the filler rule drops it).
_PROGRAMME = re.compile(r"^新一轮|工程$|行动$|行动计划$|战略$|攻坚战$|保卫战$|试点$|改革$|^千亿|^百亿|^万亿")


def clean_label(label: str) -> str:
    """A label without scope (全省), filler (力争, 继续, 全年) or a bracketed abbreviation (（PM2.5））."""
    s = normalise_label(_ABBREVIATION.sub("", label or ""))
    s = _LEAD_FILLER.sub("", s)
    s = _TRAIL_FILLER.sub("", s)
    return s.strip("“”\"'‘’—-、 ")


def is_noise(name: str) -> bool:
    """A sentence fragment or a programme's name, never an indicator ("整改", "从失业保险基金结余中拿出", "新一轮")."""
    s = name or ""
    if len(s) < 2 or _NOISE.search(s) or _PROGRAMME.search(s):
        return True
    return bool(re.search(r"\d", s) and not re.search(r"PM2\.5|PM10|5G|M2", s))


def is_indicator(name: str, in_lexicon: bool = False) -> bool:
    """Whether a name is listed as an indicator: the lexicon's, or a name ending in a measurable head noun (率, 总量,
    产量, 面积 …) that is not noise. A plan's own targets need only not be noise (``is_noise``)."""
    if in_lexicon:
        return True
    s = name or ""
    if is_noise(s) or len(s) > 24:
        return False
    return bool(_HEAD.search(s)) and len(s) >= 3


def resolve_indicator(f: Figure, lexicon) -> tuple[str, bool]:
    """(indicator, known): the lexicon's name when the lexicon knows the label or a synonym, else the cleaned label.

    Tried in order: the extractor's indicator when it is a lexicon name; the label; the cleaned label; the cleaned
    label + a share word when the figure is in % ("空气质量优良天数" 93.9% → 空气质量优良天数比率)."""
    if lexicon is None:
        return f.indicator, False
    if lexicon.entry(f.indicator) is not None:
        return f.indicator, True
    cleaned = clean_label(f.label or f.indicator)
    tries = [f.label, cleaned]
    if unit_family(f.unit) == "%":
        tries += [cleaned + w for w in ("比率", "比例", "率", "占比")]
    # a rank ("空气质量优良天数比例…居全国第一位") ranks the indicator itself, whatever its unit
    unit = None if f.kind == "rank" or f.measure == "rank" else f.unit
    for label in tries:
        if not label:
            continue
        name, entry = lexicon.canonicalise(label, unit)
        if entry is not None:
            return name, True
    return cleaned or f.indicator, False


def resolve_indicators(figures: Iterable[Figure], lexicon) -> list[Figure]:
    """Every figure with its indicator resolved (a figure whose indicator is already a lexicon name keeps it)."""
    out = []
    for f in figures:
        name, _known = resolve_indicator(f, lexicon)
        out.append(f if name == f.indicator else replace(f, indicator=name))
    return out


def figure_is_indicator(f: Figure, lexicon) -> bool:
    known = lexicon is not None and lexicon.entry(f.indicator) is not None
    return is_indicator(f.indicator, known)


def figure_is_noise(f: Figure, lexicon) -> bool:
    known = lexicon is not None and lexicon.entry(f.indicator) is not None
    return not known and is_noise(f.indicator)


__all__ = [
    "role_of",
    "measure_of",
    "span_of",
    "change_sign",
    "is_total",
    "is_flow",
    "is_average",
    "is_increment",
    "clean_label",
    "is_indicator",
    "is_noise",
    "figure_is_noise",
    "resolve_indicator",
    "resolve_indicators",
    "figure_is_indicator",
    "RATE_NAME",
]
