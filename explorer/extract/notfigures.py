"""Numbers of a policy text that are not statistics, though they carry a unit.

* **Scope notes** define a class by a threshold: "统计范围为年主营业务收入2000万元及以上的工业企业", "年营业收入
  2000万元以上的服务业企业". The threshold is a definition, not a measured amount.
* **Specifications** of a product or a project: "时速350公里的高速列车", "单机容量16兆瓦的风电机组", "30万吨级
  码头", "1000千伏特高压", "14纳米芯片" — what a thing is built to, not how much of it there is.
* **Package names**: "20条措施", "新36条", "稳经济一揽子政策33条" — the number names a document, its size is no
  policy figure. Quoted names ("1269", 1+N) are dropped earlier, by the quantity parser and the quote rule.
* **Clause and article numbers**: "第三条", "第十二款" (the ordinal rule in figure_checks.py catches 第…); "条例3条"
  is rare, left to that rule.
"""

from __future__ import annotations

import re

from explorer.model import Quantity

_THRESHOLD_AFTER = re.compile(
    r"^(?:及以上|以上|及以下|以下)(?:的)?(?:规模以上)?[^，。；、]{0,8}?"
    r"(?:企业|单位|法人|工业|项目|个体|商户|纳税人|经营主体|市场主体|批发|零售|服务业|建筑业|"
    # "发电能力在五万千瓦以上的火力发电站": a class of facilities by size
    r"电站|电厂|发电站|工厂|矿井|煤矿|水库|港口|码头|泊位|机组|城市|县|医院|学校)"
)
# "年产一百六十万吨钢的钢铁联合企业", "装机100万千瓦的电站": what a facility is built for
_CAPACITY_SPEC = re.compile(r"(?:年产|日产|年处理|日处理|装机|库容|总库容|设计能力|年炼铁和炼钢)各?$")
_FACILITY_AFTER = re.compile(
    r"^[^，。；、]{0,4}?的[^，。；、]{0,10}?(?:企业|工厂|厂|电站|电厂|机组|矿|水库|基地|项目|生产线|装置)"
)
# a number inside a programme's name: "全国新增千亿斤粮食生产能力建设规划"
_NAME_AFTER = re.compile(r"^[^，。；、“”]{0,12}?(?:规划|工程|行动|计划|方案|战略)(?:[，。；、]|$)")
_SCOPE_BEFORE = re.compile(r"(?:统计范围|统计口径|范围为|口径为|起点标准|统计起点|标准为)[^。；]{0,24}$")
_SPEC_BEFORE = re.compile(
    r"(?:时速|设计时速|单机容量?|单机|载重|排水量|直径|口径|跨度|工艺|制程|单体)(?:为|达|达到|超过|约)?$"
)
_SPEC_AFTER = re.compile(r"^(?:级|及以上级|吨级|英寸|纳米)")
_VOLTAGE = ("千伏", "伏", "kV")
_PACKAGE_AFTER = re.compile(
    r"^(?:[^，。；、]{0,4}?)(?:措施|举措|政策措施|硬举措|实招|意见|若干措施|条例|规定|政策)(?![的]?(?:落实|效果|兑现))"
)
_PACKAGE_BEFORE = re.compile(r"(?:新|国|老|出台|印发|制定|推出|发布|落实|实施|细化)$")


# "只要降低…成本的百分之一，就可以每年为国家节约二千八百亿元": a worked example of what could be, not a figure
_HYPOTHETICAL = re.compile(r"(?:只要|如果|假如|假若|倘若|要是)[^。；]*$")
_HYPOTHETICAL_THEN = re.compile(r"就(?:可以|能|会|可)")
# "根据十六个省、市三十四万多个农业生产合作社的统计": the scope of a survey
_SURVEY_SCOPE = re.compile(r"(?:根据|据|按照|按)[^，。；]{0,30}$")
_SURVEY_AFTER = re.compile(r"^[^，。；]{0,30}?(?:的统计|的调查|的计划|统计)")
# a multiple compares with something ("比一九五二年增长一倍", "等于一九四九年的四点二倍", "大一倍"); "信心百倍", "以十倍的
# 疯狂、百倍的仇恨", "用百倍的努力" compare with nothing
_COMPARING = re.compile(r"比|增|加|提高|提升|等于|等於|相当|是|为|為|达|達|超|高|大|多|翻|扩|长|的(?:近|约)?$")
_IDIOM = re.compile(r"成千成万|成千上万|千千万万|成百上千|千百万")


def not_a_statistic(t: str, q: Quantity) -> str | None:
    """Why the quantity at ``q`` in the folded text ``t`` is no statistic, or None when it is one."""
    sentence_start = max(t.rfind(c, 0, q.start) for c in "。！？\n") + 1
    before_sentence = t[sentence_start : q.start]
    if _HYPOTHETICAL.search(before_sentence) and _HYPOTHETICAL_THEN.search(t[sentence_start : q.end + 40]):
        return "a hypothetical (只要…就可以), not a statistic"
    if re.search(r"[二两三四五六七八九十]个[“\"]?$", t[max(0, q.start - 4) : q.start]) and re.search(r"\d", q.text):
        # "解决三个1亿人问题", "两个100年": a counted set of named quantities — the number is part of a name
        return "a number inside a counted name (三个1亿人), not a statistic"
    if q.unit == "倍" and not re.search(r"\d", q.text):
        clause = t[max(t.rfind(c, 0, q.start) for c in "，。；：,;:！？!?\n（(）)") + 1 : q.start]
        if not _COMPARING.search(clause):
            return "a figure of speech (信心百倍, 以十倍的疯狂), not a multiple of anything"
    if _IDIOM.search(t[max(0, q.start - 2) : q.end + 2]):
        return "an idiom (成千成万), not a number"
    if q.quantity_type == "count" and _SURVEY_SCOPE.search(before_sentence) and _SURVEY_AFTER.match(t[q.end :]):
        return "the scope of a survey or plan (根据…的统计), not a statistic"
    if q.quantity_type == "ratio" and re.fullmatch(r"\d{1,2}:\d{2}(?::\d{2})?", q.text.strip()):
        return "a time of day, not a ratio"
    after = t[q.end : q.end + 24]
    before = t[max(0, q.start - 30) : q.start]
    # the quantity's span may hold the 以上 already ("2000万元以上" + "的服务业企业")
    if (
        q.quantity_type in ("money", "measure")
        and re.match(r"^(?:以上|以下)?的?(?:就有|有|达|共有)", after)
        and re.search(r"(?:以上|以下)$", q.text + after[:2])
    ):
        return "a size class (年产煤一百万吨以上的就有三十一个), not a statistic"
    written = re.search(r"(?:及以上|以上|及以下|以下)$", q.text)
    threshold = _THRESHOLD_AFTER.match((written.group() if written else "") + after)
    if q.quantity_type in ("money", "measure") and threshold:
        return "a threshold that defines a class (scope note), not a statistic"
    if _SCOPE_BEFORE.search(before):
        return "a statistical scope note, not a statistic"
    if q.unit.endswith("块") and re.match(r"[\u4e00-\u9fff]", after) and not after.startswith("钱"):
        return "块 counts pieces here (一块肥肉), it is no money"
    if q.unit.endswith("元") and after.startswith("化"):
        return "a word (一元化领导, 多元化), not an amount of money"
    if re.fullmatch(r"[百千万][家县村乡校企户]", q.text.strip()):
        # "千家重点耗能企业", "万家企业节能低碳行动", "百县千乡": a round number written as one character names a
        # programme's set, it counts nothing
        return "a round name (千家重点耗能企业), not a count"
    if q.text == "千万" and re.match(r"[不别要]", after):
        return "千万 is an adverb here (千万不能), not a number"
    if _CAPACITY_SPEC.search(before[-8:]) and _FACILITY_AFTER.match(after):
        return "a specification of a product or project, not a statistic"
    if (
        not re.search(r"\d", q.text)
        and _NAME_AFTER.match(after)
        and re.search(r"新增|建设|实施", before[-6:] + after[:12])
    ):
        return "a number inside a programme's name, not a statistic"
    if _SPEC_BEFORE.search(before[-6:]) or _SPEC_AFTER.match(after) or q.unit.endswith(_VOLTAGE):
        return "a specification of a product or project, not a statistic"
    if q.unit == "条" and (_PACKAGE_AFTER.match(after) or _PACKAGE_BEFORE.search(before[-2:])):
        return "the name of a package of measures (N条措施), not a statistic"
    return None


__all__ = ["not_a_statistic"]
