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
        ("突出抓好重点领域和千家重点耗能企业节能减排，进一步淘汰落后产能。", "千"),  # 2012: a programme's set
    ],
)
def test_words_that_are_no_figures(text: str, value: str) -> None:
    assert not [f for f in _figures(text, _report("1978")) if f.value == value]


def test_a_section_after_yi_is_inside_the_numeral() -> None:
    # 1985: "四亿零七百多万吨" is 4.07亿 t, not 4亿零700 × 万
    grain = _value(_figures("粮食产量达到四亿零七百多万吨，比上年增长5.1%。", _report("1985")), "四亿零七百")
    assert grain.base_value == pytest.approx(4.07e8)


# Gold samples 8080 and 9090 (checked as drawn), the errors of role and year and the general rules they broke.


def test_the_year_a_multiple_is_taken_of_is_a_base_year() -> None:
    # 2012: "是2010年的2.2倍" compares with 2010, the money is 2011's; 2003: the share after it is 2002's too
    text = "中央财政安排资金1713亿元，是2010年的2.2倍，全年城镇保障性住房基本建成432万套。"
    assert _value(_figures(text, _report("2012"), ("一、2011年工作回顾",)), "2.2").year == 2011
    text = "2002年，全国财政性教育经费投入3366亿元，是1997年的1.8倍，占国内生产总值的比重从2.5%提高到3.3%。"
    figs = _figures(text, _report("2003"))
    assert (_value(figs, "1.8").year, _value(figs, "3.3").year) == (2002, 2002)


def test_years_compared_date_the_start_values() -> None:
    # 1987: "1986年同1978年相比，…由3480亿元增加到9380亿元": 3480 is 1978's, 9380 is 1986's
    text = "1986年同1978年相比，国民生产总值由3480亿元增加到9380亿元，按可比价格计算增长102%。"
    figs = _figures(text, _report("1987"))
    assert (_value(figs, "3480").year, _value(figs, "9380").year) == (1978, 1986)


def test_a_start_begins_a_span_to_the_reviewed_year() -> None:
    # 1960: "从一九五七年冬季开始，…两年共增加…共达": the total of the span's end, 1959 (the year the report reviews)
    text = "从一九五七年冬季开始，几千万人上阵，大修水利，两年共增加灌溉面积五亿五千万亩，共达十亿零七千万亩。"
    assert _value(_figures(text, _report("1960")), "十亿零七千万").year == 1959
    # 2002 (March): "从2002年1月1日起…已由15.3%降到12%": done, not this year's plan
    text = "从2002年1月1日起，我国关税总水平已由15.3%降到12%，涉及5300多个税目。"
    assert _value(_figures(text, _report("2002")), "5300").role == "actual"


def test_an_event_opening_a_paragraph_starts_a_span() -> None:
    # 2003, under a five-year review: "1998年发生特大洪水后，…" does not date what was done after it
    text = "1998年发生特大洪水后，总结实施了“退田还湖”的基本措施。在长江流域实行退田还湖等政策，恢复水面2900平方公里。"
    figure = _value(_figures(text, _report("2003")), "2900")
    assert (figure.year, figure.period_start) == (2002, 1998)


def test_a_cut_off_that_qualifies_a_noun_is_no_time() -> None:
    # 2003: the regulations were issued before 2000; the clean-up is of the five years 1998-2002
    text = "五年间，国务院颁布行政法规150件；对2000年底以前发布的756件行政法规进行全面清理，废止71件。"
    assert _value(_figures(text, _report("2003")), "71").year == 2002


def test_an_estimate_of_the_base_year_is_no_forecast() -> None:
    # 1980 (August), the plan for 1981: "比1980年预计增长8%" grows on 1980's estimate, the plan aims
    text = "轻工业，总产值比1980年预计增长8%，继续高于重工业的增长速度。"
    figure = _value(_figures(text, _report("1980"), ("二、1981年国民经济计划的任务和主要指标",)), "8")
    assert (figure.role, figure.year) == ("target", 1981)


def test_quoted_names_do_not_aim_and_a_plan_as_subject_does() -> None:
    # 2003: “两个确保” is a programme; 1980: "计划建成…118个，实际建成128个" sets 1979's target against the outcome
    text = "五年共计12319亿元，其中用于地方“两个确保”和“低保”的资金1777亿元。"
    assert _value(_figures(text, _report("2003"), ("一、过去五年政府工作的回顾",)), "1777").role == "actual"
    text = "1979年基本建设投资总额完成500亿元。计划建成投产大中型项目118个，实际建成128个。"
    figs = _figures(text, _report("1980"))
    assert (_value(figs, "118").role, _value(figs, "128").role) == ("target", "actual")
    assert _value(figs, "118").year == 1979


def test_the_year_before_in_a_start_value() -> None:
    # 1980: "1979年人口自然增长率由上年的1.2%": 上年 is the year before 1979, not before publication
    text = "计划生育取得了进展，1979年人口自然增长率由上年的1.2%下降到1.17%。"
    assert _value(_figures(text, _report("1980")), "1.2").year == 1978


def test_period_words_markers_and_verbs_leave_the_label() -> None:
    assert _value(_figures("广义货币预期增长14%。", _report("2012")), "14").label == "广义货币"
    assert _value(_figures("明年能源生产计划增长0.9%。", _report("1980")), "0.9").label == "能源生产"
    text = "中央财政全年用于社会保障的资金达1465亿元，增长18.1%。"
    assert _value(_figures(text, _report("2005")), "1465").label == "中央财政用于社会保障的资金"


def test_older_dates_and_plan_names() -> None:
    from explorer.extract.periods import find_cues

    # "一九五八年五月，…" (a month in words dates an event); "一九五六年到一九六七年全国农业发展纲要" names a plan
    assert [c.period for c in find_cues("一九五八年五月，中共第八届全国代表大会第二次会议", "1960")] == ["1958-05"]
    assert find_cues("一九五六年到一九六七年全国农业发展纲要，是中共中央政治局提出的", "1960") == []
