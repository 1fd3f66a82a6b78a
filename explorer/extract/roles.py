"""What a figure measures and the part it plays.

* **measure** — ``rate`` (a rate of change: 增长10.3%, 下降19.1%, 提高2.5个百分点, 翻一番), ``share`` (a ratio to a
  whole or a rate of incidence: 城镇化率51.5%, 比重达到11.4%, 赤字率2%), ``rank`` (第3位), ``count`` (52个县, 900万人)
  or ``level`` (an amount: 55万亿元, 29微克/立方米, 1.6万公里; also an absolute increment: 增加1304.8亿元).
* **role** — ``target`` (what the document sets out to reach), ``actual`` (what happened, also an actual *rate*:
  "过去一年…国内生产总值增长10.3%" is the 2010 value of GDP growth, charted against its target), ``baseline``
  (the starting level a target is set against: "在29微克/立方米的基础上", the 从 of 从X提高到Y) or ``forecast``
  (what is expected, not aimed at: "预计今年高校毕业生820多万人").
* **average** — 年均/平均每年 before a change (年均增长7%): a yearly average over the figure's period, not the
  change of one year; 年均 before a noun (PM2.5年均浓度) is an annual mean, a level of one year.
"""

from __future__ import annotations

import re

from explorer.model import Quantity

CHANGE = re.compile(
    r"(?:增长|下降|减少|增加|提高|降低|上升|回落|上涨|下跌|涨幅|降幅|增幅|增速|收窄|扩大|缩小|改善|精简|压减|缩减|增高|递增|递减|"
    r"同比|比上年|较上年|年均增长|年均下降|多|少)(?:了)?$"
)
LEVEL_VERB = re.compile(r"(?:提高|提升|增加|增长|下降|降|减少|扩大|上升|回升|跃升|升)(?:到|至|为)$")
_RATE_WORD = re.compile(
    # "经济增长预期目标6.5%-7%": the growth target is a rate
    r"(?:增速|增幅|涨幅|降幅|增长率|增长速度|增长的速度|速度|上涨|涨|增长|下降|降低)(?:预期)?(?:目标|指标)?$"
)
_SHARE_WORD = re.compile(r"(?:率|比重|占比|比例|份额|强度|占[^，。]{0,16}|覆盖面|贡献率|水平)$")
_AVERAGE = re.compile(
    r"(?:年均|年平均|平均每年|每年平均)(?:实际)?(?:分别)?(?:增长|下降|增加|减少|提高|降低|递增|递减|增速|增幅|上涨)"
)
# "收入估计将增加一百三十亿元左右", "比重將只佔百分之二十九左右了": what is expected to follow, not aimed at (a plan
# does not aim at "only")
_FORECAST = re.compile(r"预计|預計|预测|預測|有望|估计|估計|预料|預料|可望|将(?:只|仅)|將(?:只|僅)")
_ESTIMATED_BASE = re.compile(r"(?:比|较|同|与)[^，；,;]{0,8}?(?:\d{4}年|上年|去年|今年)(?:的)?预计(?:数|值|数字)?")
_FORECAST_SCOPE = re.compile(r"[，；,;]\s*(?=[^，；,;]*$)")  # the clause that holds the number
_RELATIVE_UNITS = ("%", "个百分点", "百分点", "倍", "番", "‰", "成")


def is_change(before_clause: str, q: Quantity) -> bool:
    """Does the clause before the number state a change ("同比下降6.9%", "提高2.5个百分点", "翻一番") rather than
    a level ("提高到70%", "达到2.2%")?"""
    tail = before_clause.rstrip()
    if LEVEL_VERB.search(tail) and q.unit not in ("个百分点", "百分点"):
        return False  # "比重将下降为48.2%": a level reached, not a change
    tail = re.sub(r"(?:分别|了|约|近|超过|超|达到|达|为|突破|控制在|保持在)$", "", tail)
    if q.unit in ("个百分点", "百分点") or q.quantity_type == "multiple":
        return not LEVEL_VERB.search(tail)
    return bool(CHANGE.search(tail)) and not LEVEL_VERB.search(tail)


def is_average(before_clause: str) -> bool:
    """年均 before a change: "年均增长7%", "年均实际增长超过7%" (not "PM2.5年均浓度")."""
    return bool(_AVERAGE.search(before_clause[-14:]))


def measure_of(q: Quantity, label: str, change: bool) -> str:
    if q.quantity_type == "rank":
        return "rank"
    relative = q.unit in _RELATIVE_UNITS or q.base_unit == "%" or q.quantity_type in ("multiple", "points")
    if change:
        return "rate" if relative else "level"
    if relative:
        if _RATE_WORD.search(label) or q.quantity_type == "multiple":
            return "rate"  # "居民消费价格涨幅控制在3%": the level of a rate is a rate
        return "share"
    if q.quantity_type == "count":
        return "count"
    return "level"


def role_of(kind: str, target_cue: bool, before_sentence: str, *, past: bool = False) -> str:
    """``past``: the figure's year is over when the document is published — an estimate of it ("预计全年接待游客
    9.6亿人次" in a January report on the year before) is the year's preliminary actual, not a forecast."""
    if kind == "baseline":
        return "baseline"
    # "预计今年高校毕业生820多万人", "一九五四年預計産量…等於一九四九年的十二點四倍": expected, not aimed at
    aimed = re.search(r"目标|力争|确保|(?<![重主需只])要(?![求素点])", before_sentence)
    # "轻工业，总产值比1980年预计增长8%" in the plan for 1981: 预计 is the base year's estimate, the plan aims
    scope = _ESTIMATED_BASE.sub("", _FORECAST_SCOPE.split(before_sentence)[-1])
    if _FORECAST.search(scope) and not aimed and not past:
        # 预计 speaks for its own clause: "预计今年财政收入继续恢复增长，加上调入资金等，一般公共预算支出规模28.5万亿元"
        # expects the revenue; the spending that follows is the budget's plan
        return "forecast"
    if kind == "target" or (kind == "rank" and target_cue):
        return "target"
    return "actual"


__all__ = ["CHANGE", "LEVEL_VERB", "is_average", "is_change", "measure_of", "role_of"]
