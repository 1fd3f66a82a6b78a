"""What a figure measures, the part it plays and when it holds — on the real texts of issue 11.

The work reports are read whole, through the workspace, so that frames carried from one paragraph to the
next (过去一年, 这五年, a section's lead year) are read as a user's `figures` command reads them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS, needs_shared, write_work_report_corpus

from explorer.extract.figures import extract_figures
from explorer.extract.lexicon import load_lexicon
from explorer.model import DocumentRecord, Passage

LEX, _ = load_lexicon(CORPUS / "lexicon.yaml")


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    from explorer.workspace import Workspace

    corpus = write_work_report_corpus(tmp_path_factory.mktemp("wr"))
    return Workspace.open(corpus, tmp_path_factory.mktemp("idx")).figures()


def _one(figs, doc: str, value: str, quote: str):
    found = [f for f in figs if f.doc == doc and f.value == value and quote in f.quote]
    assert len(found) >= 1, (doc, value, quote)
    return found[0]


@needs_shared
def test_a_work_report_reviews_the_year_before_and_plans_its_own(reports) -> None:
    # cn-gwr-2011: "…过去一年，我们的各项工作取得了很大成绩。国内生产总值增长10.3%…"
    gdp = _one(reports, "cn-gwr-2011", "10.3", "国内生产总值增长10.3%")
    assert (gdp.year, gdp.role, gdp.measure, gdp.indicator) == (2010, "actual", "rate", "GDP增速")
    # "国内生产总值增长8%左右" among 2011's main expected targets
    target = _one(reports, "cn-gwr-2011", "8", "国内生产总值增长8%左右")
    assert (target.year, target.role, target.measure, target.kind, target.indicator) == (
        2011,
        "target",
        "rate",
        "target",
        "GDP增速",
    )
    # "今后五年，我国经济增长预期目标是…年均增长7%": 2011–2015, a yearly average
    five = _one(reports, "cn-gwr-2011", "7", "今后五年")
    assert (five.period_start, five.period_end, five.year, five.average, five.role) == (
        2011,
        2015,
        2015,
        True,
        "target",
    )


@needs_shared
def test_five_year_averages_are_averages_over_the_five_years(reports) -> None:
    # cn-gwr-2016: "过去五年，…一是经济持续较快发展。国内生产总值年均增长7.8%"
    national = _one(reports, "cn-gwr-2016", "7.8", "国内生产总值年均增长7.8%")
    assert (national.average, national.period_start, national.period_end, national.role, national.measure) == (
        True,
        2011,
        2015,
        "actual",
        "rate",
    )
    # yn-gwr-2026: "这五年，我们…" opens the paragraph before "地区生产总值突破3万亿元、年均增长4.7%"
    province = _one(reports, "yn-gwr-2026", "4.7", "年均增长4.7%")
    assert (province.average, province.period_start, province.period_end) == (True, 2021, 2025)


@needs_shared
def test_obtained_funds_are_no_target(reports) -> None:
    # sn-gwr-2026 reviewing 2025: "争取中央预算内投资、超长期特别国债分别增长64.8%、42.5%"
    for value in ("64.8", "42.5"):
        f = _one(reports, "sn-gwr-2026", value, "争取中央预算内投资")
        assert (f.role, f.year, f.measure) == ("actual", 2025, "rate")


@needs_shared
def test_a_section_lead_year_governs_the_items_below(reports) -> None:
    # gd-gwr-2026: "2026年是“十五五”第一年…" leads section 三; its targets are 2026's, not 十五五's
    grain = _one(reports, "gd-gwr-2026", "1285", "粮食")
    assert (grain.role, grain.year) == ("target", 2026)
    # cn-gwr-2021 section 二 plans 十四五: "常住人口城镇化率提高到65%" holds for 2021–2025
    urban = _one(reports, "cn-gwr-2021", "65", "常住人口城镇化率提高到65%")
    assert (urban.role, urban.measure, urban.period_start, urban.period_end) == ("target", "share", 2021, 2025)


@needs_shared
def test_no_work_report_figure_is_a_dateline_or_a_time_of_day(reports) -> None:
    import re

    assert not [f for f in reports if re.fullmatch(r"\d{1,2}:\d{2}(?::\d{2})?", f.value)]  # "2026-02-02 09:20"


def test_seed_twenty_plus_keeps_its_range_and_baselines_are_baselines(seed_workspace) -> None:
    figs = seed_workspace.figures()
    pm = next(f for f in figs if f.value == "20+")  # "PM2.5年均浓度连续五年保持在“20+”微克/立方米"
    assert (pm.base_value, pm.value_max, pm.qualifier) == (20.0, 29.0, "+")
    plan = [f for f in figs if f.doc == "jx-eco-plan-2024-2026" and "基础上" in f.quote]
    for value in ("29", "94"):  # "在29微克/立方米的基础上", "在94%的基础上"
        f = next(f for f in plan if f.value == value)
        assert (f.role, f.kind, f.year) == ("baseline", "baseline", None)


COMMUNIQUE = DocumentRecord(
    "nbs-2024",
    "中华人民共和国2024年国民经济和社会发展统计公报",
    "report",
    "国家统计局",
    "2025",  # only the year of publication is known
    (2024,),
    Path("c.txt"),
)


def test_a_communique_published_next_year_reports_on_its_year() -> None:
    # the communiqué's opening figures (National Bureau of Statistics, 28 February 2025)
    text = "初步核算，全年国内生产总值1349084亿元，比上年增长5.0%。年末全国人口140828万人，比上年末减少139万人。"
    p = Passage("nbs-2024", 0, text, 0, len(text), 0, len(text), ("一、综合",), ())
    figs = extract_figures(p, COMMUNIQUE, LEX)
    gdp = next(f for f in figs if f.value == "1349084")
    growth = next(f for f in figs if f.value == "5.0")
    population = next(f for f in figs if f.value == "140828")
    assert (gdp.year, gdp.role, gdp.measure) == (2024, "actual", "level")
    assert (growth.year, growth.role, growth.measure) == (2024, "actual", "rate")
    assert (population.year, population.role) == (2024, "actual")


PLAN = DocumentRecord("plan", "行动计划", "plan", "省政府", "2024-07", (2024, 2025, 2026), Path("p.txt"))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("规模以上工业统计范围为年主营业务收入2000万元及以上的工业企业。", "2000"),  # a scope note
        ("培育年营业收入2000万元以上的服务业企业。", "2000"),  # a threshold that defines a class
        ("建设1000千伏特高压输电线路。", "1000"),  # a specification
        ("出台支持民营经济发展20条措施。", "20"),  # a package of measures
        ("开行时速350公里的复兴号动车组。", "350"),  # a specification
    ],
)
def test_not_figures(text: str, value: str) -> None:
    p = Passage("plan", 0, text, 0, len(text), 0, len(text), (), ())
    assert not [f for f in extract_figures(p, PLAN, LEX) if f.value == value]


@pytest.mark.parametrize(
    ("text", "unit", "base_value", "base_unit"),
    [
        ("货物周转量达到1.2万亿吨公里。", "万亿吨公里", 1.2e12, "吨公里"),
        ("接待游客1.2亿人次。", "亿人次", 1.2e8, "人次"),
        ("新型储能规模达到200兆瓦时。", "兆瓦时", 2e5, "千瓦时"),
        ("光伏装机达到200兆瓦。", "兆瓦", 2e5, "千瓦"),
        ("全社会用电量500万千瓦时。", "万千瓦时", 5e6, "千瓦时"),
        ("粮食播种面积11893千公顷。", "千公顷", 1.1893e7, "公顷"),
        ("新建高标准农田500万亩。", "万亩", 5e6, "亩"),
        # older units (1950s reports): 市担 = 100 斤, 公尺 = 米, 平方公尺 = 平方米
        ("棉花的指标为三千五百万担。", "万担", 3.5e9, "斤"),
        ("新增棉布一亿一千万公尺。", "公尺", 1.1e8, "米"),
        ("新建住宅三万平方公尺。", "万平方公尺", 3e4, "平方米"),
    ],
)
def test_compound_and_scaled_units_keep_their_base_unit(text, unit, base_value, base_unit) -> None:
    p = Passage("plan", 0, text, 0, len(text), 0, len(text), (), ())
    (f,) = extract_figures(p, PLAN, LEX)
    assert (f.unit, f.base_unit) == (unit, base_unit)
    assert f.base_value == pytest.approx(base_value)
