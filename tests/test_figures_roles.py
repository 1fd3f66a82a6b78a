"""The part a figure plays and when it holds, on sentences of the raw national reports (../shared/corpora/raw) whose
errors showed general rules of Chinese policy text (issue 11; gold samples 5555 and 6060 in tests/fixtures/gold)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS

from explorer.extract.figures import extract_figures
from explorer.extract.lexicon import load_lexicon
from explorer.model import DocumentRecord, Figure, Passage

LEX, _ = load_lexicon(CORPUS / "lexicon.yaml")


def _report(year: str, title: str = "政府工作报告", issuer: str = "国务院") -> DocumentRecord:
    return DocumentRecord(f"gwr-{year}", f"{year[:4]}年{title}", "report", issuer, year, (), Path("r.txt"))


def _figures(text: str, record: DocumentRecord, section: tuple[str, ...] = ()) -> list[Figure]:
    p = Passage(record.id, 0, text, 0, len(text), 0, len(text), section, tuple(f"h{i}" for i in range(len(section))))
    return extract_figures(p, record, LEX)


def _value(figs: list[Figure], value: str) -> Figure:
    found = [f for f in figs if f.value == value]
    assert found, (value, [f.value for f in figs])
    return found[0]


def test_estimates_and_consequences_are_forecasts() -> None:
    # 1979: "估计将增加" expects, it does not aim; 1954: a plan does not aim at "only" (將只佔…了)
    text = "今年由于提高了农副产品的收购价格，加上农业生产的发展，农村社队和农民的收入估计将增加一百三十亿元左右。"
    assert _value(_figures(text, _report("1979")), "一百三十").role == "forecast"
    text = "這就是說，沒有轉爲公私合營的資本主義工業在工業總産值中的比重，將只佔百分之二十九左右了。"
    assert _value(_figures(text, _report("1954")), "二十九").role == "forecast"


def test_plan_fulfilment_is_an_outcome() -> None:
    # 1956 (June; the passage as normalised on import), under "三、为实现1956年的国家预算而努力": how much of the plan each product reached by May is what
    # happened, though the report speaks of its own year
    text = (
        "据国家统计局初步统计，在工业生产方面，本年1——5月份各工业部工业生产总值计划完成102.6%，"
        "比上年同期增长33.3%。但是有几项重要产品的产量没有完成计划：钢完成96.4%，钢材完成95%，"
        "原煤完成99.8%，原油完成99.6%。"
    )
    figs = _figures(text, _report("1956"), ("三、为实现1956年的国家预算而努力",))
    assert {_value(figs, v).role for v in ("96.4", "95", "99.8")} == {"actual"}


def test_a_target_quoted_in_a_review_stays_the_target_of_its_year() -> None:
    text = "去年政府工作报告提出，物价涨幅要从14.8%降到10%左右，经过上下各方面的努力，实际回落到6.1%，明显低于预定的调控目标。"
    figs = _figures(text, _report("1997"))
    target, outcome = _value(figs, "10"), _value(figs, "6.1")
    assert (target.role, target.year) == ("target", 1996)
    assert (outcome.role, outcome.year) == ("actual", 1996)


def test_the_time_of_a_list_lead_in_governs_its_items() -> None:
    # 2007: "今年重点抓好四件事：一是…。试点范围扩大到…": the items are this year's plan
    text = (
        "着眼于建设覆盖城乡居民的基本卫生保健制度，今年重点抓好四件事：一是积极推行新型农村合作医疗制度。"
        "试点范围扩大到全国80%以上的县（市、区），有条件的地方还可以搞得更快一些。"
    )
    pilot = _value(_figures(text, _report("2007")), "80")
    assert (pilot.role, pilot.year) == ("target", 2007)


def test_within_n_years_counts_from_the_year_said_or_the_document() -> None:
    text = "力争用二十年的时间使工农业总产值翻两番，使人民的消费达到小康水平。"
    doubling = _value(_figures(text, _report("1981")), "两")
    assert (doubling.role, doubling.period_start, doubling.year) == ("target", 1981, 2000)
    # "2004年我们提出用三年时间基本解决…": 2004–2006, and what was repaid is an outcome
    text = "2004年我们提出用三年时间基本解决建设领域历史上拖欠工程款和农民工工资的问题，这项工作基本完成，各地已偿还拖欠工程款1834亿元。"
    repaid = _value(_figures(text, _report("2007")), "1834")
    assert (repaid.role, repaid.year) == ("actual", 2006)


def test_a_baseline_phrase_opening_a_review_is_no_frame() -> None:
    text = (
        "在1992年快速增长的基础上，1993年我国经济继续蓬勃发展。国内生产总值突破3万亿元大关，比上年增长百分之十三点四。"
    )
    figs = _figures(text, _report("1994"))
    assert (_value(figs, "3").year, _value(figs, "十三点四").year) == (1993, 1993)


def test_ranges_and_old_base_years() -> None:
    # 1978: "从一九七八年到一九八五年八年间" is the period, not the year of a start value
    text = "从一九七八年到一九八五年八年间，我国农业总产值每年要增长百分之四到五，工业总产值每年要增长百分之十以上。"
    industry = _value(_figures(text, _report("1978")), "十")
    assert (industry.role, industry.period_start, industry.year) == ("target", 1978, 1985)
    # 1957, traditional 較: the base year dates nothing but a baseline
    text = "1956年，公私合营商店、合作商店和合作小組的零售总額达一百一十亿元，較1955年这些企業的零售总額增加了15%以上。"
    assert _value(_figures(text, _report("1957")), "15").year == 1956


def test_a_rank_risen_from_is_a_baseline_and_a_decision_aims() -> None:
    text = "我国经济总量从世界第六位跃升到第二位，社会生产力、经济实力、科技实力迈上一个大台阶。"
    figs = _figures(text, _report("2012-11", title="全国代表大会上的报告", issuer="中国共产党第十七届中央委员会"))
    assert (_value(figs, "六").role, _value(figs, "二").role) == ("baseline", "actual")
    text = "为此，我们决定在长辛店创办劳动补习学校，训练两千名铁路工人。"
    assert _value(_figures(text, _report("1921-07", title="报告", issuer="北京共产主义组织")), "两千").role == "target"


def test_a_congress_report_reviews_up_to_its_own_year() -> None:
    record = _report("2022-10-16", title="全国代表大会上的报告", issuer="中国共产党第十九届中央委员会")
    figs = _figures(
        "城镇化率提高十一点六个百分点，达到百分之六十四点七。", record, ("过去五年的工作和新时代十年的伟大变革",)
    )
    assert _value(figs, "六十四点七").year == 2022


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("他们以十倍的疯狂，百倍的仇恨，到处煽风点火。", "十"),  # 1978: a figure of speech
        ("我们对夺取更大的胜利，信心百倍。", "百"),  # 11th congress report
        ("要坚持以人为核心，以解决三个1亿人问题为着力点。", "1"),  # 2015: a counted name
        ("从思想上、组织上、制度上进一步加强党的一元化领导。", "一"),  # 10th congress report: a word
        ("中国是一块肥肉，谁都想吃。", "一"),  # 10th congress report: 块 counts a piece
    ],
)
def test_words_that_are_no_figures(text: str, value: str) -> None:
    assert not [f for f in _figures(text, _report("1978")) if f.value == value]


def test_a_section_after_yi_is_inside_the_numeral() -> None:
    # 1985: "四亿零七百多万吨" is 4.07亿 t, not 4亿零700 × 万
    grain = _value(_figures("粮食产量达到四亿零七百多万吨，比上年增长5.1%。", _report("1985")), "四亿零七百")
    assert grain.base_value == pytest.approx(4.07e8)
