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

PLAN = DocumentRecord("plan-2024", "江西省打造国家生态文明建设高地三年行动计划(2024-2026年)", "plan", "中共江西省委办公厅",
                      "2024-07", (2024, 2025, 2026), Path("plan.txt"))
REPORT_2023 = DocumentRecord("report-2023", "关于国家生态文明试验区(江西)建设情况的报告", "report", "省发展和改革委员会",
                             "2023-01-12", (2022,), Path("report.txt"))
FEATURE_2026 = DocumentRecord("feature-2026", "绿韵赣鄱 笔绘新卷", "report", "江西省生态环境厅", "2026-01", (2025,),
                              Path("feature.txt"))
GWR_2024 = DocumentRecord("cn-gwr-2024", "2024年国务院政府工作报告", "report", "国务院", "2024-03-05", (2023, 2024),
                          Path("gwr.txt"))
GD_2026 = DocumentRecord("gd-gwr-2026", "广东省政府工作报告", "report", "广东省人民政府", "2026-01-26", (2025, 2026),
                         Path("gd.txt"))
SC_2026 = DocumentRecord("sc-gwr-2026", "四川省政府工作报告", "report", "四川省人民政府", "2026-01", (2025, 2026),
                         Path("sc.txt"))


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
    figs = figures(PLAN, "到2026年,战略性新兴产业占规模以上工业增加值比重达到29%以上,新能源产业链营业收入力争达到7000亿元,"
                         "废钢铁、废铜等9种再生资源循环利用量力争达到4600万吨。")
    f = by_value(figs, "29")
    assert (f.kind, f.year, f.period, f.unit, f.qualifier) == ("target", 2026, "2026", "%", "以上")
    assert f.label == "战略性新兴产业占规模以上工业增加值比重"
    assert f.indicator == "战略性新兴产业增加值占比"
    assert f.quote.startswith("到2026年") and f.label_start is not None
    g = by_value(figs, "7000")
    assert (g.base_value, g.base_unit, g.qualifier) == (7e11, "元", "力争")
    assert [f.value for f in figs] == ["29", "7000", "4600"]  # "9种" only qualifies the label


def test_baseline_kind() -> None:
    figs = figures(PLAN, "到2026年,全省PM2.5平均浓度在29微克/立方米的基础上巩固改善,空气质量优良天数比率在94%的基础上巩固提升。")
    f = by_value(figs, "29")
    assert (f.kind, f.indicator, f.unit, f.year) == ("baseline", "PM2.5平均浓度", "微克/立方米", 2026)
    assert by_value(figs, "94").indicator == "空气质量优良天数比率"


def test_from_to_gives_a_baseline_and_a_level() -> None:
    figs = figures(GD_2026, "率先实行覆盖全省的生育补贴政策，每千人口托位数从0.5个增至4.8个。", ("一、2025年工作回顾",))
    assert by_value(figs, "0.5").kind == "baseline"
    assert by_value(figs, "4.8").kind == "actual"


def test_lists_distribute_with_shared_suffix() -> None:
    figs = figures(REPORT_2023, "战略性新兴产业、高新技术产业增加值占规模以上工业比重分别达26%、40.5%，数字经济增加值突破万亿元。")
    assert by_value(figs, "26").label == "战略性新兴产业增加值占规模以上工业比重"
    assert by_value(figs, "40.5").label == "高新技术产业增加值占规模以上工业比重"
    assert by_value(figs, "40.5").indicator == "高新技术产业增加值占比"
    figs = figures(PLAN, "到2026年,森林覆盖率稳定在63.1%以上,湿地保护率、水土保持率分别达到62%、86.7%,自然保护地面积达到2760.7万亩。")
    assert [(f.label, f.value) for f in figs] == [("森林覆盖率", "63.1"), ("湿地保护率", "62"), ("水土保持率", "86.7"),
                                                  ("自然保护地面积", "2760.7")]
    assert {f.kind for f in figs} == {"target"}


def test_change_and_actual_in_a_report_read_against_the_heading() -> None:
    section = ("一、2022年及过去五年国家生态文明试验区建设情况", "(三)坚持全流域治理保护，巩固提升一流生态环境质量。")
    figs = figures(REPORT_2023, "深入推进“四尘三烟三气”整治行动，全省PM2.5平均浓度27微克/立方米，同比下降6.9%。", section)
    level, change = by_value(figs, "27"), by_value(figs, "6.9")
    assert (level.kind, level.indicator, level.year) == ("actual", "PM2.5平均浓度", 2022)
    assert (change.kind, change.label, change.unit) == ("change", "PM2.5平均浓度", "%")
    assert level.period is None  # the heading names 2022 and the past five years: same end year, period unknown


def test_share_label_joins_its_subject() -> None:
    figs = figures(REPORT_2023, "全省可再生能源装机容量达到2564.2万千瓦，占总装机比重为46.8%。", ("一、2022年工作回顾",))
    f = by_value(figs, "46.8")
    assert f.label == "可再生能源装机容量占总装机比重" and f.indicator == "可再生能源装机占比"
    assert f.kind == "actual" and f.year == 2022


def test_work_report_targets_and_actuals() -> None:
    figs = figures(GWR_2024, "今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上，城镇调查失业率5.5%左右；"
                             "居民消费价格涨幅3%左右；粮食产量1.3万亿斤以上；单位国内生产总值能耗降低2.5%左右，生态环境质量持续改善。")
    assert {f.kind for f in figs} == {"target"} and {f.year for f in figs} == {2024}
    assert [f.indicator for f in figs] == ["GDP增速", "城镇新增就业", "城镇调查失业率", "CPI涨幅", "粮食产量", "单位GDP能耗"]
    figs = figures(GWR_2024, "——经济总体回升向好。国内生产总值超过126万亿元，增长5.2%，增速居世界主要经济体前列。",
                   ("一、2023年工作回顾",))
    total, growth = by_value(figs, "126"), by_value(figs, "5.2")
    assert (total.indicator, total.qualifier, total.year, total.kind) == ("GDP总量", "超过", 2023, "actual")
    assert (growth.indicator, growth.kind, growth.year) == ("GDP增速", "change", 2023)


def test_rank_kind_and_run_period() -> None:
    figs = figures(REPORT_2023, "各位代表！五年来，在全省上下共同努力下，绿色发展指数连续9年居中部地区第1位，GDP总量排位前移至第15位。")
    rank = by_value(figs, "1")
    assert rank.kind == "rank" and rank.year == 2022 and rank.period == "2014-2022"
    assert by_value(figs, "15").period == "2018-2022"


def test_duration_figure_and_explicit_range() -> None:
    figs = figures(FEATURE_2026, "去年，全省空气质量优良天数比例和PM2.5平均浓度两项指标均稳居中部六省第一，2018至2023年，"
                                 "全省环境空气质量连续6年达到国家二级标准。")
    run = [f for f in figs if f.unit == "年"][0]
    assert (run.value, run.period, run.year) == ("6", "2018-2023", 2023)


def test_shisiwu_and_twenty_plus() -> None:
    figs = figures(FEATURE_2026, "数据是最有力的证明：“十四五”时期，江西环境治理成效显著：大气质量持续改善，PM2.5年均浓度连续五年保持在"
                                 "“20+”微克/立方米，全省11个设区市空气质量连续四年稳定达到国家二级标准；水环境质量稳步提升，"
                                 "国考断面水质优良比例达97.7%。")
    pm = by_value(figs, "20+")
    assert (pm.qualifier, pm.indicator, pm.year, pm.period) == ("+", "PM2.5平均浓度", 2025, "2021-2025")
    water = by_value(figs, "97.7")
    assert (water.indicator, water.period, water.year) == ("国考断面水质优良比例", "十四五", 2025)


@pytest.mark.parametrize("published, text, period, year", [
    ("2024-03-05", "去年粮食产量1.39万亿斤", "2023", 2023),
    ("2024-03-05", "今年上半年粮食产量增长3%", "2024H1", 2024),
    ("2026-01", "截至2025年12月底，全省排污权交易累计成交390笔", "2025-12", 2025),
    ("2024-07", "2024-2026年,新增人工造林面积150万亩", "2024-2026", 2026),
    ("2023-01-12", "全年查办破坏生态环境犯罪案件3868件", "2022", 2022),
    ("2024-07", "一年来，新增绿色工厂20家", None, None),  # mid-year: "the past year" has no single end year
    ("2024", "去年粮食产量1.39万亿斤", "2023", 2023),
])
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
    figs = figures(REPORT_2023, "一是构建“1+N”政策体系。深入实施制造业重点产业链现代化建设“1269”行动计划，"
                                "修订实施2022版长江经济带负面清单实施细则，第二轮督察反馈问题全部完成整改，"
                                "重点推进了五个方面工作，成功举办美丽中国百人论坛年会。")
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
    bad.write_text("indicators:\n"
                   "  - name: 森林覆盖率\n    unit: '%'\n    direction: higher\n"
                   "  - name: 坏指标\n    direction: upward\n"
                   "  - aliases: [无名]\n"
                   "  - just a string\n"
                   "  - name: 湿地保护率\n    aliases: [湿地保护面积比例]\n", encoding="utf-8")
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
    source = Path("/work/shared/corpora/work-reports/cn-gwr-2024.txt")
    if not source.exists():
        pytest.skip("work reports not available")
    import time
    paragraphs = [p for p in source.read_text(encoding="utf-8").replace("％", "%").split("\n\n") if p.strip()]
    start = time.perf_counter()
    figs = [f for i, text in enumerate(paragraphs)
            for f in extract_figures(Passage("cn-gwr-2024", i, text, 0, 0, 0, 0, (), ()), GWR_2024, LEX)]
    assert time.perf_counter() - start < 1.0
    assert len(figs) > 30
    assert any(f.indicator == "GDP增速" and f.kind == "target" and f.year == 2024 for f in figs)
