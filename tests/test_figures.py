"""Figures from real sentences of the seeds and the work reports (quoted here; the code never sees them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.extract.figures import extract_figures
from explorer.extract.lexicon import load_lexicon
from explorer.extract.periods import find_cues
from explorer.model import DocumentRecord, Passage

LEXICON_PATH = Path(__file__).resolve().parents[1] / "corpus" / "lexicon.yaml"
LEX, LEX_PROBLEMS = load_lexicon(LEXICON_PATH)

PLAN = DocumentRecord(
    "plan-2024",
    "江西省打造国家生态文明建设高地三年行动计划(2024-2026年)",
    "plan",
    "中共江西省委办公厅",
    "2024-07",
    (2024, 2025, 2026),
    Path("plan.txt"),
)
REPORT_2023 = DocumentRecord(
    "report-2023",
    "关于国家生态文明试验区(江西)建设情况的报告",
    "report",
    "省发展和改革委员会",
    "2023-01-12",
    (2022,),
    Path("report.txt"),
)
FEATURE_2026 = DocumentRecord(
    "feature-2026", "绿韵赣鄱 笔绘新卷", "report", "江西省生态环境厅", "2026-01", (2025,), Path("feature.txt")
)
GWR_2024 = DocumentRecord(
    "cn-gwr-2024", "2024年国务院政府工作报告", "report", "国务院", "2024-03-05", (2023, 2024), Path("gwr.txt")
)
GD_2026 = DocumentRecord(
    "gd-gwr-2026", "广东省政府工作报告", "report", "广东省人民政府", "2026-01-26", (2025, 2026), Path("gd.txt")
)
SC_2026 = DocumentRecord(
    "sc-gwr-2026", "四川省政府工作报告", "report", "四川省人民政府", "2026-01", (2025, 2026), Path("sc.txt")
)


def passage(record: DocumentRecord, text: str, section: tuple[str, ...] = (), **kw) -> Passage:
    return Passage(record.id, 0, text, 0, len(text), 0, len(text), section, (), **kw)


def figures(record: DocumentRecord, text: str, section: tuple[str, ...] = (), **kw):
    return extract_figures(passage(record, text, section, **kw), record, LEX)


def by_value(figs, value: str):
    found = [f for f in figs if f.value == value]
    assert found, [(f.value, f.label) for f in figs]
    return found[0]


def test_lexicon_ships_without_problems() -> None:
    assert LEX_PROBLEMS == []
    assert len(LEX) > 40


def test_plan_targets_with_year_qualifier_and_canonical_indicator() -> None:
    figs = figures(
        PLAN,
        "到2026年,战略性新兴产业占规模以上工业增加值比重达到29%以上,新能源产业链营业收入力争达到7000亿元,"
        "废钢铁、废铜等9种再生资源循环利用量力争达到4600万吨。",
    )
    f = by_value(figs, "29")
    assert (f.kind, f.year, f.period, f.unit, f.qualifier) == ("target", 2026, "2026", "%", "以上")
    assert f.label == "战略性新兴产业占规模以上工业增加值比重"
    assert f.indicator == "战略性新兴产业增加值占比"
    assert f.quote.startswith("到2026年") and f.label_start is not None
    g = by_value(figs, "7000")
    assert (g.base_value, g.base_unit, g.qualifier) == (7e11, "元", "力争")
    assert [f.value for f in figs] == ["29", "7000", "4600"]  # "9种" only qualifies the label


def test_baseline_kind() -> None:
    figs = figures(
        PLAN, "到2026年,全省PM2.5平均浓度在29微克/立方米的基础上巩固改善,空气质量优良天数比率在94%的基础上巩固提升。"
    )
    f = by_value(figs, "29")
    # 到2026年 dates the aim, not the level it starts from: the baseline's year is not told
    assert (f.kind, f.role, f.indicator, f.unit, f.year) == (
        "baseline",
        "baseline",
        "PM2.5平均浓度",
        "微克/立方米",
        None,
    )
    g = by_value(figs, "94")
    assert (g.indicator, g.role, g.measure, g.year) == ("空气质量优良天数比率", "baseline", "share", None)


def test_from_to_gives_a_baseline_and_a_level() -> None:
    figs = figures(GD_2026, "率先实行覆盖全省的生育补贴政策，每千人口托位数从0.5个增至4.8个。", ("一、2025年工作回顾",))
    assert by_value(figs, "0.5").kind == "baseline"
    assert by_value(figs, "4.8").kind == "actual"


def test_lists_distribute_with_shared_suffix() -> None:
    figs = figures(
        REPORT_2023, "战略性新兴产业、高新技术产业增加值占规模以上工业比重分别达26%、40.5%，数字经济增加值突破万亿元。"
    )
    assert by_value(figs, "26").label == "战略性新兴产业增加值占规模以上工业比重"
    assert by_value(figs, "40.5").label == "高新技术产业增加值占规模以上工业比重"
    assert by_value(figs, "40.5").indicator == "高新技术产业增加值占比"
    figs = figures(
        PLAN,
        "到2026年,森林覆盖率稳定在63.1%以上,湿地保护率、水土保持率分别达到62%、86.7%,自然保护地面积达到2760.7万亩。",
    )
    assert [(f.label, f.value) for f in figs] == [
        ("森林覆盖率", "63.1"),
        ("湿地保护率", "62"),
        ("水土保持率", "86.7"),
        ("自然保护地面积", "2760.7"),
    ]
    assert {f.kind for f in figs} == {"target"}


def test_change_and_actual_in_a_report_read_against_the_heading() -> None:
    section = ("一、2022年及过去五年国家生态文明试验区建设情况", "(三)坚持全流域治理保护，巩固提升一流生态环境质量。")
    figs = figures(
        REPORT_2023, "深入推进“四尘三烟三气”整治行动，全省PM2.5平均浓度27微克/立方米，同比下降6.9%。", section
    )
    level, change = by_value(figs, "27"), by_value(figs, "6.9")
    assert (level.kind, level.indicator, level.year) == ("actual", "PM2.5平均浓度", 2022)
    assert (change.kind, change.label, change.unit) == ("change", "PM2.5平均浓度", "%")
    assert level.period is None  # the heading names 2022 and the past five years: same end year, period unknown


def test_share_label_joins_its_subject() -> None:
    figs = figures(
        REPORT_2023, "全省可再生能源装机容量达到2564.2万千瓦，占总装机比重为46.8%。", ("一、2022年工作回顾",)
    )
    f = by_value(figs, "46.8")
    assert f.label == "可再生能源装机容量占总装机比重" and f.indicator == "可再生能源装机占比"
    assert f.kind == "actual" and f.year == 2022


def test_work_report_targets_and_actuals() -> None:
    figs = figures(
        GWR_2024,
        "今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上，城镇调查失业率5.5%左右；"
        "居民消费价格涨幅3%左右；粮食产量1.3万亿斤以上；单位国内生产总值能耗降低2.5%左右，生态环境质量持续改善。",
    )
    assert {f.kind for f in figs} == {"target"} and {f.year for f in figs} == {2024}
    assert [f.indicator for f in figs] == [
        "GDP增速",
        "城镇新增就业",
        "城镇调查失业率",
        "CPI涨幅",
        "粮食产量",
        "单位GDP能耗",
    ]
    figs = figures(
        GWR_2024,
        "——经济总体回升向好。国内生产总值超过126万亿元，增长5.2%，增速居世界主要经济体前列。",
        ("一、2023年工作回顾",),
    )
    total, growth = by_value(figs, "126"), by_value(figs, "5.2")
    assert (total.indicator, total.qualifier, total.year, total.kind) == ("GDP总量", "超过", 2023, "actual")
    assert (growth.indicator, growth.kind, growth.year) == ("GDP增速", "change", 2023)


def test_rank_kind_and_run_period() -> None:
    figs = figures(
        REPORT_2023,
        "各位代表！五年来，在全省上下共同努力下，绿色发展指数连续9年居中部地区第1位，GDP总量排位前移至第15位。",
    )
    rank = by_value(figs, "1")
    assert rank.kind == "rank" and rank.year == 2022 and rank.period == "2014-2022"
    assert by_value(figs, "15").period == "2018-2022"


def test_duration_figure_and_explicit_range() -> None:
    figs = figures(
        FEATURE_2026,
        "去年，全省空气质量优良天数比例和PM2.5平均浓度两项指标均稳居中部六省第一，2018至2023年，"
        "全省环境空气质量连续6年达到国家二级标准。",
    )
    run = [f for f in figs if f.unit == "年"][0]
    assert (run.value, run.period, run.year) == ("6", "2018-2023", 2023)


def test_shisiwu_and_twenty_plus() -> None:
    figs = figures(
        FEATURE_2026,
        "数据是最有力的证明：“十四五”时期，江西环境治理成效显著：大气质量持续改善，PM2.5年均浓度连续五年保持在"
        "“20+”微克/立方米，全省11个设区市空气质量连续四年稳定达到国家二级标准；水环境质量稳步提升，"
        "国考断面水质优良比例达97.7%。",
    )
    pm = by_value(figs, "20+")
    assert (pm.qualifier, pm.indicator, pm.year, pm.period) == ("+", "PM2.5平均浓度", 2025, "2021-2025")
    water = by_value(figs, "97.7")
    assert (water.indicator, water.period, water.year) == ("国考断面水质优良比例", "十四五", 2025)


@pytest.mark.parametrize(
    "published, text, period, year",
    [
        ("2024-03-05", "去年粮食产量1.39万亿斤", "2023", 2023),
        ("2024-03-05", "今年上半年粮食产量增长3%", "2024H1", 2024),
        ("2026-01", "截至2025年12月底，全省排污权交易累计成交390笔", "2025-12", 2025),
        ("2024-07", "2024-2026年,新增人工造林面积150万亩", "2024-2026", 2026),
        ("2023-01-12", "全年查办破坏生态环境犯罪案件3868件", "2022", 2022),
        ("2024-07", "一年来，新增绿色工厂20家", None, None),  # mid-year: "the past year" has no single end year
        ("2024", "去年粮食产量1.39万亿斤", "2023", 2023),
    ],
)
def test_periods_read_against_the_publication_date(published: str, text: str, period, year) -> None:
    record = DocumentRecord("d", "t", "report", "i", published, (), Path("x"))
    figs = figures(record, text)
    assert figs and (figs[-1].period, figs[-1].year) == (period, year)


def test_period_cues_ignore_document_names_and_base_years() -> None:
    cues = find_cues("实施新型储能发展规划(2024-2030年),2026年储能装机容量达到270万千瓦", "2024-07")
    assert [c.period for c in cues] == ["2026"]
    assert find_cues("山茶油线上销售额比2022年翻两番", "2024-07") == []
    assert find_cues("出台“十四五”数字经济发展规划", "2023-01") == []


def test_plan_figures_without_a_date_take_the_plan_years() -> None:
    f = figures(PLAN, "大力发展装配式建筑，实施10个以上绿色建造智能建造示范项目。")[0]
    assert (f.kind, f.period, f.year, f.label) == ("target", "2024-2026", 2026, "绿色建造智能建造示范项目")


def test_numbers_that_are_not_measurements() -> None:
    figs = figures(
        REPORT_2023,
        "一是构建“1+N”政策体系。深入实施制造业重点产业链现代化建设“1269”行动计划，"
        "修订实施2022版长江经济带负面清单实施细则，第二轮督察反馈问题全部完成整改，"
        "重点推进了五个方面工作，成功举办美丽中国百人论坛年会。",
    )
    assert figs == []


def test_unrelated_passages_give_no_figures_unless_asked() -> None:
    text = "本报抚州讯 2023年6月至2024年5月，抚州各级法院共受理一审家事案件5680件，结案5386件，结案率达94.82%。"
    page = DocumentRecord("page", "t", "report", "i", "2024-07", (2024,), Path("x"))
    p = passage(page, text, excluded=True, exclusion_reason="curated: court statistics")
    assert extract_figures(p, page, LEX) == []
    figs = extract_figures(p, page, LEX, include_excluded=True)
    rate = by_value(figs, "94.82")
    assert rate.period == "2023-06/2024-05" and rate.year == 2024 and rate.kind == "actual"


def test_bad_text_is_skipped_never_raised() -> None:
    seen: list[str] = []
    p = passage(PLAN, "第九九九九九九九九九九位，每50公斤，“1+N”，" + "１" * 400 + "万元。", ())
    extract_figures(p, PLAN, LEX, on_skip=seen.append)
    assert all(line.startswith("plan-2024#0") for line in seen)


def test_lexicon_canonicalises_aliases_and_units() -> None:
    assert LEX.canonicalise("国考断面水质优良率")[0] == "国考断面水质优良比例"
    assert LEX.canonicalise("地表水国考断面水质优良比例")[0] == "国考断面水质优良比例"
    assert LEX.canonicalise("全省PM2.5年均浓度")[0] == "PM2.5平均浓度"
    assert LEX.canonicalise("国内生产总值", "万亿元")[0] == "GDP总量"
    assert LEX.canonicalise("国内生产总值", "%")[0] == "GDP增速"
    assert LEX.canonicalise("居民消费价格涨幅", "%")[0] == "CPI涨幅"
    assert LEX.canonicalise("某某新奇指标") == ("某某新奇指标", None)
    assert "新能源装机容量" in LEX.related("可再生能源装机容量")
    assert LEX.entry("PM2.5平均浓度").direction == "lower"


def test_malformed_lexicon_entry_is_one_line_and_the_rest_loads(tmp_path: Path) -> None:
    bad = tmp_path / "lexicon.yaml"
    bad.write_text(
        "indicators:\n"
        "  - name: 森林覆盖率\n    unit: '%'\n    direction: higher\n"
        "  - name: 坏指标\n    direction: upward\n"
        "  - aliases: [无名]\n"
        "  - just a string\n"
        "  - name: 湿地保护率\n    aliases: [湿地保护面积比例]\n",
        encoding="utf-8",
    )
    lex, problems = load_lexicon(bad)
    assert [e.name for e in lex.entries] == ["森林覆盖率", "湿地保护率"]
    assert len(problems) == 3
    assert all(str(bad) in str(p) and "\n" not in str(p) for p in problems)
    assert "坏指标" in str(problems[0]) and "direction" in str(problems[0])
    broken = tmp_path / "broken.yaml"
    broken.write_text("indicators: [\n", encoding="utf-8")
    lex, problems = load_lexicon(broken)
    assert len(lex) == 0 and len(problems) == 1 and "YAML" in problems[0].message
    lex, problems = load_lexicon(tmp_path / "missing.yaml")
    assert len(problems) == 1


def test_whole_work_report_runs_fast_and_finds_figures() -> None:
    source = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "work-reports" / "cn-gwr-2024.txt"
    if not source.exists():
        pytest.skip("work reports not available")
    import time

    paragraphs = [p for p in source.read_text(encoding="utf-8").replace("％", "%").split("\n\n") if p.strip()]
    start = time.perf_counter()
    figs = [
        f
        for i, text in enumerate(paragraphs)
        for f in extract_figures(Passage("cn-gwr-2024", i, text, 0, 0, 0, 0, (), ()), GWR_2024, LEX)
    ]
    assert time.perf_counter() - start < 1.0
    assert len(figs) > 30
    assert any(f.indicator == "GDP增速" and f.kind == "target" and f.year == 2024 for f in figs)


# --- regressions for the known failure modes (docs/figures.md "Known limits"); sentences quoted from the reports ---

YN_2026 = DocumentRecord(
    "yn-gwr-2026", "云南省政府工作报告", "report", "云南省人民政府", "2026-02-03", (2025, 2026), Path("yn.txt")
)
SN_2026 = DocumentRecord(
    "sn-gwr-2026", "陕西省政府工作报告", "report", "陕西省人民政府", "2026-01-27", (2025, 2026), Path("sn.txt")
)
CN_2011 = DocumentRecord(
    "cn-gwr-2011", "2011年国务院政府工作报告", "report", "国务院", "2011-03-05", (2010, 2011), Path("cn2011.txt")
)
CN_2016 = DocumentRecord(
    "cn-gwr-2016", "2016年国务院政府工作报告", "report", "国务院", "2016-03-05", (2015, 2016), Path("cn2016.txt")
)
CN_2018 = DocumentRecord(
    "cn-gwr-2018", "2018年国务院政府工作报告", "report", "国务院", "2018-03-05", (2017, 2018), Path("cn2018.txt")
)
CN_2019 = DocumentRecord(
    "cn-gwr-2019", "2019年国务院政府工作报告", "report", "国务院", "2019-03-05", (2018, 2019), Path("cn2019.txt")
)
CN_2021 = DocumentRecord(
    "cn-gwr-2021", "2021年国务院政府工作报告", "report", "国务院", "2021-03-05", (2020, 2021), Path("cn2021.txt")
)
CN_2023 = DocumentRecord(
    "cn-gwr-2023", "2023年国务院政府工作报告", "report", "国务院", "2023-03-05", (2022, 2023), Path("cn2023.txt")
)
REVIEW = ("一、2025年工作回顾",)


def test_counted_noun_after_a_verb_not_in_any_list() -> None:
    f = by_value(
        figures(
            GD_2026,
            "全省上下众志成城、严防坚守，成功应对22轮强降水和“桦加沙”等15个台风，有力守护人民群众生命财产安全。",
            REVIEW,
        ),
        "15",
    )
    assert f.label == "台风"
    f = by_value(figures(CN_2021, "年初剩余的551万农村贫困人口全部脱贫、52个贫困县全部摘帽。"), "52")
    assert f.label == "贫困县"
    f = by_value(
        figures(
            GD_2026,
            "健全各级领导干部全面联系服务企业机制，分级组建扁平化的政企联络微信群、覆盖21万家“四上”企业，"
            "主动帮助大中小企业排忧解难。",
            REVIEW,
        ),
        "21",
    )
    assert f.label == "“四上”企业"
    # word boundaries come from rjieba: the 达 inside 欠发达 is no predicate
    f = by_value(
        figures(SC_2026, "扎实推进50个国省乡村振兴重点帮扶县振兴发展、39个欠发达县域托底性帮扶。", REVIEW), "39"
    )
    assert f.label.startswith("欠发达县域")


def test_a_number_that_describes_the_noun_after_it_is_no_figure() -> None:
    figs = figures(SC_2026, "谋划多年、惠及3400万人的引大济岷工程启动建设，向家坝灌区一期一步工程建成通水。", REVIEW)
    assert not [f for f in figs if f.value == "3400"]


def test_a_label_that_is_only_a_verb_takes_the_subject_before_it() -> None:
    f = by_value(figures(CN_2023, "基本养老保险参保人数增加1.4亿、覆盖10.5亿人，基本医保水平稳步提高。"), "10.5")
    assert f.label == "基本养老保险参保人数" and f.kind == "actual"
    figs = figures(
        SN_2026, "深化开发区管理体制改革，开发区和工业园区由162个整合为123个，供应工业“标准地”2.4万亩。", REVIEW
    )
    start, end = by_value(figs, "162"), by_value(figs, "123")
    assert (start.label, start.kind) == ("开发区和工业园区", "baseline")
    assert (end.label, end.kind, end.year) == ("开发区和工业园区", "actual", 2025)


def test_subject_written_in_an_earlier_clause() -> None:
    f = by_value(figures(CN_2019, "国内生产总值增长6.6%，总量突破90万亿元。"), "90")
    assert (f.label, f.indicator) == ("国内生产总值", "GDP总量")
    f = by_value(
        figures(GD_2026, "推广紫云英等绿肥种植，实现粮食播种面积3320万亩、产量1285万吨以上。", ("三、2026年工作安排",)),
        "1285",
    )
    assert (f.label, f.indicator, f.kind, f.year) == ("粮食产量", "粮食产量", "target", 2026)


def test_lists_without_fenbie() -> None:
    figs = figures(SN_2026, "战略性新兴产业和高技术制造业增加值年均增长8%、7.2%，汽车产量增长1.7倍。", REVIEW)
    assert [(f.label, f.value) for f in figs][:2] == [("战略性新兴产业增加值", "8"), ("高技术制造业增加值", "7.2")]
    # one number for each item of the list (均), with the subject shared
    figs = figures(CN_2018, "单位国内生产总值能耗、水耗均下降20%以上，主要污染物排放量持续下降。")
    assert [f.label for f in figs if f.value == "20"] == ["单位国内生产总值能耗", "单位国内生产总值水耗"]
    # rates do not add up: "A率、B率达到90%" holds for each
    figs = figures(GD_2026, "其中孕产妇产后访视率、0—6岁儿童健康管理率达到90%以上。")
    assert [f.label for f in figs] == ["孕产妇产后访视率", "0—6岁儿童健康管理率"]
    # a head noun written once for the whole list
    figs = figures(CN_2016, "今年化学需氧量、氨氮排放量要分别下降2%，二氧化硫、氮氧化物排放量分别下降3%。")
    assert [f.label for f in figs if f.value == "3"] == ["二氧化硫排放量", "氮氧化物排放量"]
    # a new list item starts after 、 when the previous figure of the clause took its own noun
    f = by_value(
        figures(GD_2026, "深圳中国特色社会主义先行示范区47项经验、深圳综合改革试点48项经验获全国推广。", REVIEW), "48"
    )
    assert f.label == "深圳综合改革试点"


def test_task_list_without_a_future_word_is_a_target() -> None:
    text = "加快全省检查检验结果互认共享，推动医学影像云互认，扩大省域内医疗机构间互认项目库，项目数增加20%以上。"
    f = figures(GD_2026, text, ("七、提升基层医疗健康服务供给和检查检验结果互认共享水平",))[0]
    assert (f.kind, f.year) == ("target", None)  # an annex of this year's tasks; its heading is not in reach
    f = figures(GD_2026, text, REVIEW)[0]
    assert (f.kind, f.year) == ("change", 2025)


def test_improvement_is_a_change() -> None:
    f = by_value(figures(SN_2026, "国考10市PM2.5浓度改善10.8%，全省优良天数增加7.8天。", REVIEW), "10.8")
    assert (f.kind, f.label, f.indicator) == ("change", "国考10市PM2.5浓度", "PM2.5平均浓度")


def test_from_to_baseline_is_not_dated_to_the_end_year() -> None:
    figs = figures(YN_2026, "率先实行覆盖全省的生育补贴政策，每千人口托位数从0.5个增至4.8个。", REVIEW)
    base, level = by_value(figs, "0.5"), by_value(figs, "4.8")
    assert (base.kind, base.year, base.period) == ("baseline", None, None)
    assert (level.kind, level.year) == ("actual", 2025)
    # a year written inside 从… dates the start value
    figs = figures(
        CN_2011, "财政投入从2006年的18亿元增加到2010年的306亿元，覆盖面从高等学校扩大到中等职业学校和普通高中。"
    )
    assert [(f.label, f.kind, f.year) for f in figs] == [("财政投入", "baseline", 2006), ("财政投入", "actual", 2010)]
    # a "per" noun between 从 and the number
    figs = figures(GD_2026, "集中供养孤儿基本生活保障省定最低标准从每人每月2375元提高到2423元。")
    assert [(f.label, f.kind) for f in figs] == [
        ("集中供养孤儿基本生活保障省定最低标准", "baseline"),
        ("集中供养孤儿基本生活保障省定最低标准", "actual"),
    ]


def test_glossary_notes_and_announced_lists_give_no_figures() -> None:
    assert (
        figures(
            SC_2026, "16.“四向八廊”综合交通走廊：东南西北4个方向8条进出川综合交通走廊，东向长江北走廊、长江南走廊。"
        )
        == []
    )
    assert (
        figures(
            SC_2026,
            "17.科技英才领航工程和“双千”计划：“双千”计划是指面向共建“一带一路”国家实施千项合作项目。",
            ("名词解释",),
        )
        == []
    )
    assert figures(SC_2026, "重点做好以下10个方面工作：") == []
    assert figures(CN_2019, "婴幼儿照护事关千家万户。") == []


def test_trailing_adverbs_and_verbs_leave_the_label() -> None:
    f = figures(CN_2018, "提高基本医保和大病保险保障水平，居民基本医保人均财政补助标准再增加40元，一半用于大病保险。")[
        0
    ]
    assert f.label == "居民基本医保人均财政补助标准"
    f = figures(CN_2018, "移动网络流量资费年内至少降低30%，让群众和企业切实受益。", ("三、对2018年政府工作的建议",))[0]
    assert (f.label, f.kind) == ("移动网络流量资费", "target")


def test_numbers_not_read_are_visible_not_dropped() -> None:
    """--verbose shows every number written in digits that no figure was read from (dates and names aside)."""
    from explorer.extract.figures import unread_numbers

    text = "深入实施“1269”行动计划和“2+6+N”体系，2024年7月PM2.5平均浓度为27微克/立方米。"
    unread = unread_numbers(text)
    assert any("1269" in u for u in unread) and any("2+6" in u for u in unread)
    assert not any("27微克" in u or "2024" in u or "PM2.5" in u for u in unread)


def test_one_character_labels_that_name_nothing_are_skipped() -> None:
    """A cut that leaves a function word ("即", "拥") or a place word is no label; commodity nouns stay."""
    from explorer.extract.figures import _NO_NOUN

    assert all(_NO_NOUN.match(label) for label in ("即", "拥", "省", "6", "12.5"))
    assert not any(_NO_NOUN.match(label) for label in ("钢", "煤", "糖", "粮食产量", "GDP"))


GWR_2021 = DocumentRecord(
    "cn-gwr-2021", "2021年国务院政府工作报告", "report", "国务院", "2021-03-05", (2020, 2021), Path("gwr21.txt")
)
GWR_2013 = DocumentRecord(
    "cn-gwr-2013", "2013年国务院政府工作报告", "report", "国务院", "2013-03-05", (2012, 2013), Path("gwr13.txt")
)
GWR_2018 = DocumentRecord(
    "cn-gwr-2018", "2018年国务院政府工作报告", "report", "国务院", "2018-03-05", (2017, 2018), Path("gwr18.txt")
)


def test_from_to_over_a_period_dates_its_two_ends() -> None:
    figs = figures(
        GWR_2021,
        "过去五年，我国经济社会发展取得新的历史性成就。经济运行总体平稳，经济结构持续优化，"
        "国内生产总值从不到70万亿元增加到超过100万亿元。",
    )
    start, end = by_value(figs, "70"), by_value(figs, "100")
    assert (start.role, start.year, start.qualifier, start.label) == ("baseline", 2015, "不到", "国内生产总值")
    assert (end.role, end.year, end.period_start, end.period_end) == ("actual", 2020, 2020, 2020)


def test_targets_said_to_be_met_are_not_a_target_cue() -> None:
    figs = figures(
        GWR_2013,
        "2012年，在世界各大经济体增长全面减速、各种风险不断暴露的情况下，我们合理把握政策力度，扭转经济下滑趋势，"
        "全面实现年初确定的主要目标，国内生产总值增长7.8%，城镇新增就业1266万人，居民消费价格涨幅回落到2.6%。",
    )
    assert {(f.value, f.role, f.year) for f in figs} == {
        ("7.8", "actual", 2012),
        ("1266", "actual", 2012),
        ("2.6", "actual", 2012),
    }


def test_a_frame_after_words_that_introduce_it() -> None:
    figs = figures(
        GWR_2018,
        "刚刚过去的2017年，经济社会发展主要目标任务全面完成并好于预期。国内生产总值增长6.9%，居民收入增长7.3%；"
        "城镇新增就业1351万人。",
    )
    assert {(f.value, f.year, f.period_start) for f in figs} >= {("6.9", 2017, 2017), ("1351", 2017, 2017)}


def test_an_event_date_does_not_frame_the_paragraphs_after_it() -> None:
    from explorer.extract.timeline import tracker

    record = DocumentRecord(
        "feature",
        "江西打造国家生态文明建设高地纪实",
        "report",
        "江西省发展和改革委员会",
        "2024-08",
        (2023, 2024),
        Path("f.txt"),
    )
    first = Passage(
        "feature",
        1,
        "2023年10月，习近平总书记在江西考察时强调：“坚定不移走生态优先、绿色发展之路。”",
        0,
        40,
        0,
        40,
        (),
        (),
    )
    later = Passage("feature", 2, "节能产品、环境标志产品政府采购占比在99%以上。", 41, 70, 41, 70, (), ())
    tracker()  # the same thread's frames, fed in order as the workspace does
    extract_figures(first, record, LEX)
    share = extract_figures(later, record, LEX)[0]
    assert share.period != "2023-10" and share.year != 2023
