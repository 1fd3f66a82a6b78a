"""The quantity parser on the forms Chinese policy texts use (examples from the seeds and the work reports)."""

from __future__ import annotations

import pytest

from explorer.extract.numbers import fold, parse_number, parse_quantities


@pytest.mark.parametrize(
    "text, value",
    [
        ("一千二百三十四", 1234),
        ("两万", 20000),
        ("十五", 15),
        ("一亿五千万零六千三百五十五", 150006355),
        ("1.57万亿", 1.57e12),
        ("二十点一万", 201000),
        ("10.1万", 101000),
        ("三万五", 35000),
        ("一百十一", 111),
        ("1,234.5", 1234.5),
        ("负一点五", -1.5),
        ("四万万", 4e8),
        ("廿二", 22),
        ("壹佰贰拾", 120),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["十四五", "一是", "abc", "", "百百"])
def test_parse_number_rejects_words(text: str) -> None:
    assert parse_number(text) is None


def one(text: str):
    qs = parse_quantities(text)
    assert len(qs) == 1, qs
    return qs[0]


def test_multiplier_goes_to_base_value_and_unit_is_kept_as_written() -> None:
    q = one("全省绿色产业项目总投资1.57万亿元")
    assert (q.value, q.unit, q.base_value, q.base_unit) == (1.57, "万亿元", 1.57e12, "元")
    q = one("全省可再生能源装机容量达到2564.2万千瓦")
    assert (q.unit, q.base_unit) == ("万千瓦", "千瓦") and q.base_value == pytest.approx(2.5642e7)


def test_qualifiers_are_kept() -> None:
    q = one("8000余万元")
    assert (q.value, q.base_value, q.qualifier) == (8000, 8e7, "余")
    assert one("新能源装机容量力争达到3400万千瓦以上").qualifier == "力争,以上"
    assert one("绿色贷款余额突破5300亿元").qualifier == "突破"
    assert one("对全省6万余辆危化品运输车辆").base_value == 60000
    assert one("地方标准40项左右").qualifier == "左右"


def test_twenty_plus_in_quotes_with_unit() -> None:
    q = one("PM2.5年均浓度保持在“20+”微克/立方米")
    assert (q.value, q.qualifier, q.unit) == (20, "+", "微克/立方米")


def test_percent_points_and_chinese_percent() -> None:
    assert one("同比升高零点六个百分点").unit == "个百分点"
    assert one("同比升高零点六个百分点").quantity_type == "points"
    q = one("同比增长百分之六点三")
    assert (q.base_value, q.unit, q.quantity_type) == (6.3, "%", "percent")
    q = one("出口增长１２．５％")  # full width, folded internally, spans unchanged
    assert q.value == 12.5 and q.text == "１２．５％"
    assert fold("１２．５％") == "12.5%"


def test_ranges_ratios_multiples_ranks_durations() -> None:
    q = one("主要污染物排放总量减少8%至10%")
    assert (q.value, q.value_max, q.unit) == (8, 10, "%")
    q = parse_quantities("三次产业结构优化调整为7.5:45.9:46.6")[-1]
    assert q.ratio == (7.5, 45.9, 46.6) and q.quantity_type == "ratio"
    q = one("山茶油线上销售额比2022年翻两番")
    assert (q.quantity_type, q.base_value) == ("multiple", 4)
    assert one("咖啡产值增长3倍").unit == "倍"
    assert one("电子信息产业营业收入跃居全国第4位").quantity_type == "rank"
    assert one("造林碳汇类项目数量位居全国第二。").value == 2
    assert one("总量居全国首位。").value == 1
    q = [x for x in parse_quantities("全省水资源管理考核连续4年获全国优秀") if x.quantity_type == "duration"][0]
    assert (q.value, q.unit) == (4, "年")
    q = one("三四万吨")
    assert (q.base_value, q.base_value_max) == (30000, 40000)


def test_units_of_the_policy_field() -> None:
    for text, unit in [
        ("27微克/立方米", "微克/立方米"),
        ("28.5微克每立方米", "微克每立方米"),
        ("0.05mg/L", "mg/L"),
        ("547万立方米/日", "万立方米/日"),
        ("2760.7万亩", "万亩"),
        ("1100公里", "公里"),
        ("4600万吨", "万吨"),
        ("800辆", "辆"),
        ("占全国9成", "成"),
    ]:
        assert parse_quantities(text)[-1].unit == unit, text


@pytest.mark.parametrize(
    "text",
    [
        "2024-2026年",
        "2023年1月12日",
        "第二轮中央生态环境保护督察",
        "第十四届人民代表大会",
        "“1269”行动计划",
        "构建“1+N”政策体系",
        "“2+6+N”产业高质量跨越式发展行动",
        "一是加强新一轮生态文明建设总体设计",
        "十四五时期",
        "千乡万村驭风行动",
        "PM2.5",
        "国产大飞机C919",
        "2022版长江经济带负面清单",
    ],
)
def test_not_quantities(text: str) -> None:
    assert parse_quantities(text) == []


def test_unreadable_input_never_raises() -> None:
    for text in ["", "。。。", "１２３４５６７８９０" * 50, "百分之", "第", "翻番", "1:", "-", "负", "\x00\ufffd"]:
        parse_quantities(text)
        parse_number(text)


def test_renkou_is_one_word_not_people_plus_mouth() -> None:
    q = one("近14亿人口的发展中大国")  # cn-gwr-2019
    assert (q.value, q.unit, q.base_value, q.base_unit) == (14, "亿人口", 1.4e9, "人")
