"""The units a quantity is written in, with the base unit and kind it is compared in: ``UNITS``.

A figure's unit decides what it can be compared with: "200兆瓦时" of storage is an energy counted in 千瓦时 (×1000),
"200兆瓦" of capacity a power in 千瓦; "播种面积11893千公顷" is 11.893 million 公顷; "三千五百万担" (older reports) is in
斤 (×100).  Each written unit maps to a ``UnitInfo``: its base unit, its kind (percent, points, measure, money, count,
duration, multiple) and the factor it carries itself.  ``UNIT_RE`` is the pattern the quantity reader matches them by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


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
UNIT_RE = "|".join(
    re.escape(u) + ("(?![保任当心负])" if u == "担" else "") for u in sorted(UNITS, key=len, reverse=True)
)


__all__ = ["UNITS", "UNIT_RE", "UnitInfo"]
