"""Indicator identity, jurisdiction, target statuses and corrections (issue 12), on the seeds and the work reports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PLAN, ROOT, needs_shared, write_work_report_corpus

from explorer.corrections import Correction, Corrections, add_correction, apply_corrections, load_corrections
from explorer.extract.indicators import is_indicator, is_noise, role_of, span_of
from explorer.extract.jurisdiction import parse_jurisdiction, record_jurisdiction
from explorer.extract.prepare import workspace_figures
from explorer.extract.status import Reading, assess_trend, limit_scaling
from explorer.extract.tracking import track_targets
from explorer.model import DocumentRecord, Figure


def _record(doc: str, published: str, issuer: str = "", title: str = "", kind: str = "report") -> DocumentRecord:
    return DocumentRecord(doc, title or doc, kind, issuer, published, (int(published[:4]),), Path(f"{doc}.txt"))  # type: ignore[arg-type]


def _fig(doc: str, indicator: str, value: float, kind: str, year: int, **kw) -> Figure:
    label = kw.pop("label", indicator)
    unit = kw.pop("unit", "%")
    return Figure(
        doc=doc,
        passage=kw.pop("passage", 1),
        indicator=indicator,
        label=label,
        value=str(value),
        unit=unit,
        base_value=value,
        base_unit=unit,
        qualifier=kw.pop("qualifier", None),
        period=str(year),
        year=year,
        kind=kind,  # type: ignore[arg-type]
        quote=kw.pop("quote", f"{label}{value}{unit}"),
        start=kw.pop("start", 0),
        end=2,
        **kw,
    )


@pytest.fixture(scope="module")
def wr(tmp_path_factory):
    if not (ROOT.parent / "shared" / "corpora" / "work-reports").exists():
        pytest.skip("../shared/corpora is not beside the repository")
    from explorer.workspace import Workspace

    corpus = write_work_report_corpus(tmp_path_factory.mktemp("wr"))
    return Workspace.open(corpus, tmp_path_factory.mktemp("wr-index"))


def _target(ws, doc: str, indicator: str, label_has: str = ""):
    found = [t for t in ws.targets(doc=doc) if t.indicator == indicator and label_has in t.target.label]
    assert found, (doc, indicator, [t.indicator for t in ws.targets(doc=doc)])
    return found[0]


# ------------------------------------------------------------------------------------------------ identity
def test_synonyms_join_one_series_on_the_seeds(seed_workspace):
    # 空气质量优良天数 93.9% (a count stated in %) and 优良天数比率 96.5% are the plan's 空气质量优良天数比率
    names = {f.label: f.indicator for f in workspace_figures(seed_workspace) if "优良天" in f.label}
    assert {n for label, n in names.items() if "两项指标" not in label} == {"空气质量优良天数比率"}, names


def test_bracketed_abbreviation_and_green_procurement_resolve(seed_workspace, wr):
    procurement = [f for f in workspace_figures(seed_workspace) if f.indicator == "绿色产品政府采购占比"]
    assert {f.doc for f in procurement} == {PLAN, "jx-feature-2024-drc-eco-highland"}
    pm = {f.indicator for f in workspace_figures(wr) if "细颗粒物（PM2.5）" in f.label}
    assert pm == {"PM2.5平均浓度"}


@needs_shared
def test_household_and_resident_urbanisation_are_kept_apart(wr):
    t = _target(wr, "cn-gwr-2016", "户籍人口城镇化率")
    assert t.status != "achieved" and all(g.indicator == "户籍人口城镇化率" for g in t.reported)
    resident = _target(wr, "cn-gwr-2016", "城镇化率", "常住")
    assert resident.target.base_value == 60


def test_noise_labels_are_not_indicators():
    for noise in (
        "整改",
        "从失业保险基金结余中拿出",
        "我们要重点把握好",
        "新一轮",
        "2026-02-02",
        "用失业保险基金支持稳岗",
    ):
        assert is_noise(noise) and not is_indicator(noise), noise
    for name in ("城镇新增就业", "粮食总产量", "高速公路通车里程", "每千人口托位数", "PM2.5年平均浓度"):
        assert is_indicator(name), name


@needs_shared
def test_indicators_of_the_work_reports_leave_noise_out(wr):
    from explorer.outcomes import indicator_rows

    listed = {r["name"] for r in indicator_rows(wr)}
    everything = {r["name"] for r in indicator_rows(wr, include_noise=True)}
    assert "整改" not in listed and "我们要重点把握好" not in listed and "新一轮" not in listed
    assert {"GDP增速", "城镇新增就业", "CPI涨幅", "粮食产量", "单位GDP能耗"} <= listed
    assert len(listed) < 0.6 * len(everything)


# ------------------------------------------------------------------------------------------------ jurisdiction
def test_jurisdiction_from_issuer_title_and_record():
    assert record_jurisdiction(_record("a", "2024", "国务院")) == "country"
    assert record_jurisdiction(_record("b", "2024", "广东省人民政府（省长孟凡利）")) == "province:广东"
    assert record_jurisdiction(_record("c", "2024", "南昌市统计局")) == "city:南昌"
    assert record_jurisdiction(_record("d", "2024", "", "赣州市2023年国民经济和社会发展统计公报")) == "city:赣州"
    assert record_jurisdiction(_record("e", "2024", "北京市人民政府")) == "province:北京"
    assert (
        parse_jurisdiction("national (CN)") == "country" and parse_jurisdiction("province (广东省)") == "province:广东"
    )


def test_a_city_never_answers_its_province():
    plan = _fig("jx", "城镇新增就业", 40, "target", 2024, qualifier="以上", unit="万人")
    city = _fig("nc", "城镇新增就业", 45, "actual", 2024, unit="万人")
    province = _fig("jx-r", "城镇新增就业", 42, "actual", 2024, unit="万人")
    records = [
        _record("jx", "2024-01", "江西省人民政府"),
        _record("nc", "2025-02", "南昌市统计局"),
        _record("jx-r", "2025-01", "江西省人民政府"),
    ]
    (t,) = track_targets([], [plan, city, province], records, None)
    assert [g.doc for g in t.reported] == ["jx-r"] and t.jurisdiction == "province:江西"
    assert "other governments" in t.note


def test_a_national_figure_quoted_in_a_provincial_report_is_the_countrys():
    plan = _fig("gd", "粮食产量", 1285, "target", 2026, qualifier="以上", unit="万吨")
    quoted = _fig("gd-r", "粮食产量", 70650, "actual", 2026, unit="万吨", label="全国粮食产量")
    records = [_record("gd", "2026-01", "广东省人民政府"), _record("gd-r", "2027-01", "广东省人民政府")]
    (t,) = track_targets([], [plan, quoted], records, None)
    assert t.reported == () and t.status == "no data"


@needs_shared
def test_no_tracked_value_comes_from_another_jurisdiction(wr):
    for t in wr.targets():
        assert all(g.jurisdiction == t.jurisdiction for g in (*t.reported, *t.context)), t


@needs_shared
def test_series_are_split_and_filtered_by_jurisdiction(wr):
    from explorer.outcomes import series_figures

    everything = series_figures(wr, "GDP增速")
    national = series_figures(wr, "GDP增速", "country")
    guangdong = series_figures(wr, "GDP增速", "广东")
    assert national and guangdong and len(national) + len(guangdong) <= len(everything)
    assert {f.jurisdiction for f in national} == {"country"} and {f.jurisdiction for f in guangdong} == {
        "province:广东"
    }


# ------------------------------------------------------------------------------------------------ statuses
@needs_shared
@pytest.mark.parametrize(("doc", "reported"), [("cn-gwr-2018", 2.1), ("cn-gwr-2021", 0.9), ("cn-gwr-2023", 0.2)])
def test_cpi_target_is_a_ceiling(wr, doc, reported):
    t = _target(wr, doc, "CPI涨幅")
    assert t.status == "achieved" and t.latest is not None and t.latest.base_value == reported, t.note
    assert "ceiling" in t.note


@needs_shared
def test_a_total_target_is_judged_on_the_value_of_its_year(wr):
    # "到2020年…经济总量超过90万亿元": judged on 2020 (超过100万亿元, 2021 report), not on an older value
    t = _target(wr, "cn-gwr-2016", "GDP总量")
    assert t.latest is not None and t.latest.year == 2020 and t.status == "achieved", t.note


@needs_shared
def test_an_annual_flow_target_is_not_met_by_a_five_year_total(wr):
    # 2022: "新建1亿亩高标准农田"; the 2023 report's "新建高标准农田4.56亿亩" is the five years' total
    t = _target(wr, "cn-gwr-2022", "高标准农田面积")
    assert t.status != "achieved" and "multi-year review" in t.note


@needs_shared
def test_an_increment_target_is_not_met_by_a_level(wr):
    # 2022: "…人均财政补助标准分别再提高30元和5元"; the 2023 report's 84元 is the level, not the year's increase
    t = _target(wr, "cn-gwr-2022", "基本公共卫生服务经费人均财政补助标准")
    assert t.status == "no data" and "a level vs a change" in t.note, t.note


@needs_shared
def test_a_from_value_is_the_baseline_of_the_year_before_the_period(wr):
    # 2021: "过去五年，…国内生产总值从不到70万亿元增加到超过100万亿元" — 70 is 2015's, 100 is 2020's
    gdp = [f for f in wr.figures() if f.doc == "cn-gwr-2021" and f.indicator == "GDP总量" and f.value in ("70", "100")]
    assert sorted((f.value, f.role, f.year) for f in gdp) == [("100", "actual", 2020), ("70", "baseline", 2015)]


@needs_shared
def test_a_programme_is_not_tracked(wr):
    assert not [t for t in wr.targets() if "新一轮" in t.target.label or t.target.value == "千"]


@needs_shared
def test_an_average_is_not_compared_with_one_year(wr):
    t = _target(wr, "cn-gwr-2011", "GDP增速", "经济增长预期目标")  # 今后五年…年均增长7%
    assert span_of(t.target) == "average" and all(span_of(g) == "average" for g in t.reported)


def test_values_before_the_plan_are_background_not_progress(seed_workspace):
    t = [t for t in seed_workspace.targets(doc=PLAN) if t.indicator == "战略性新兴产业增加值占比"][0]
    assert [g.doc for g in t.context] == ["jx-congress-report-2023"] and t.status == "no data"
    assert "background" in t.note


def test_a_decade_range_does_not_count_as_progress(seed_workspace):
    # "PM2.5年均浓度连续五年保持在“20+”微克/立方米" is 20–29.9: it may not be below the 29 baseline
    t = [t for t in seed_workspace.targets(doc=PLAN) if t.indicator == "PM2.5平均浓度"][0]
    assert t.status == "no data" and "range" in t.note


def test_seed_plan_targets_meet_what_later_features_report(seed_workspace):
    by = {t.indicator: t for t in seed_workspace.targets(doc=PLAN)}
    assert by["绿色生态认证标准数量"].status == "achieved"  # 60项以上 by 2026; 累计发布95项 (2024)
    assert by["绿色产品政府采购占比"].status == "achieved"  # 90%以上; 政府采购占比在99%以上
    air = by["空气质量优良天数比率"]
    assert "93.9%" in air.note and "part of a year" in air.note  # 2024H1 is not a year's value


def test_thresholds_shrink_near_a_natural_limit():
    assert limit_scaling(50, 100, "higher") == 1.0 and limit_scaling(97, 100, "higher") == pytest.approx(0.12)
    # +0.3%/yr from 97%: limited progress without the limit, on track with it
    a = assess_trend(Reading(97, 2023), Reading(97.3, 2024), "higher")
    b = assess_trend(Reading(97, 2023), Reading(97.3, 2024), "higher", limit=100)
    assert a.status == "limited progress" and b.status == "on track" and "natural limit" in b.reason


def test_a_value_after_from_is_a_baseline():
    f = _fig("r", "GDP总量", 70, "actual", 2020, unit="万亿元", quote="国内生产总值从不到70万亿元增加到超过100万亿元")
    assert role_of(f) == "baseline"


# ------------------------------------------------------------------------------------------------ corrections
def test_corrections_set_veto_merge_split_and_mark(tmp_path):
    a = _fig("d", "城镇化率", 45, "target", 2020, label="户籍人口城镇化率", start=3)
    b = _fig("d", "空气质量优良天数", 93.9, "actual", 2024, start=9)
    c = _fig("d", "GDP增速", 10.3, "target", 2011, start=12)
    path = tmp_path / "corrections.yaml"
    add_correction(path, Correction("split", names=("城镇化率",), match="户籍", into="户籍人口城镇化率"))
    add_correction(path, Correction("merge", names=("空气质量优良天数",), into="空气质量优良天数比率"))
    add_correction(path, Correction("set", figure="d#1@12", values=(("role", "actual"),)))
    add_correction(path, Correction("set", figure="d#1@12", values=(("year", 2010),)))  # kept together
    corrections, problems = load_corrections(path)
    assert not problems and len(corrections) == 3
    out = apply_corrections([a, b, c], corrections)
    assert [f.indicator for f in out] == ["户籍人口城镇化率", "空气质量优良天数比率", "GDP增速"]
    assert out[2].kind == "actual" and out[2].year == 2010 and all(f.corrected for f in out)
    add_correction(path, Correction("veto", figure="d#1@9"))
    assert len(apply_corrections([a, b, c], load_corrections(path)[0])) == 2
    assert apply_corrections([a], Corrections()) == [a]


def test_a_bad_corrections_file_is_one_line_and_never_overwritten(tmp_path):
    path = tmp_path / "corrections.yaml"
    path.write_text("corrections:\n  - figure: not-a-name\n    veto: true\n  - [oops\n", encoding="utf-8")
    corrections, problems = load_corrections(path)
    assert len(problems) == 1 and "corrections.yaml" in str(problems[0]) and "\n" not in str(problems[0])
    before = path.read_text(encoding="utf-8")
    _c, problems = add_correction(path, Correction("veto", figure="d#1@2"))
    assert problems and path.read_text(encoding="utf-8") == before


@needs_shared
def test_correct_command_changes_every_analysis_and_survives_reanalysis(tmp_path):
    corpus = write_work_report_corpus(tmp_path / "wr", ["cn-gwr-2011", "cn-gwr-2016"])
    env_args = [sys.executable, "-m", "explorer", "--corpus", str(corpus), "--index", str(tmp_path / "ix")]

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*env_args, *args], capture_output=True, text=True, cwd=ROOT, check=False)

    rows = json.loads(cli("series", "GDP增速", "--jurisdiction", "country", "--json").stdout)
    # the 2011 report's "今年…国内生产总值增长8%左右", re-read by a researcher as an outcome (the extractor reads
    # 2010's 10.3% as the actual it is since issue 11, so the correction is made on a target)
    wrong = next(r for r in rows if r["value"] == "8" and r["role"] == "target" and r["year"] == 2011)
    done = cli("correct", "figure", wrong["figure"], "--role", "actual", "--year", "2010", "--note", "2010 outcome")
    assert done.returncode == 0 and (corpus / "corrections.yaml").exists()
    assert not list(corpus.glob(".corrections.yaml.*"))  # written through a temp file, renamed
    rows = json.loads(cli("series", "GDP增速", "--json").stdout)
    fixed = next(r for r in rows if r["figure"] == wrong["figure"])
    assert fixed["role"] == "actual" and fixed["year"] == 2010 and fixed["corrected"]
    targets = json.loads(cli("targets", "--json").stdout)
    gdp = sorted((t["doc"], t["target"]["value"]) for t in targets if t["indicator"] == "GDP增速")
    assert gdp == [("cn-gwr-2011", "7"), ("cn-gwr-2016", "6.5-7")]  # this one no longer tracked, the others still
    bad = cli("correct", "veto", "nope#1@2")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) <= 2
    listed = cli("correct", "list", "--json")
    assert json.loads(listed.stdout)[0]["figure"] == wrong["figure"]


@needs_shared
def test_targets_csv_is_a_target_to_outcome_table(tmp_path):
    corpus = write_work_report_corpus(tmp_path / "wr", ["cn-gwr-2023", "cn-gwr-2024"])
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "explorer",
            "--corpus",
            str(corpus),
            "--index",
            str(tmp_path / "ix"),
            "targets",
            "--csv",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    header, *lines = out.splitlines()
    assert header.startswith("indicator,jurisdiction,target_doc,measure_node,target,target_value,deadline,status,year")
    assert any(line.startswith("GDP增速,country,cn-gwr-2023") and ",2023,5.2%," in line for line in lines)


# ------------------------------------------------------------------------------------------------ measured pairs
# Each national report's main targets against the next year's review, with the status a researcher gives (the
# hand check written up in the README's "Plans and target tracking" section).
PAIRS = {
    ("cn-gwr-2018", "GDP增速"): "achieved",  # 6.5%左右 → 6.6%
    ("cn-gwr-2018", "城镇新增就业"): "achieved",  # 1100万以上 → 1361万
    ("cn-gwr-2018", "城镇调查失业率"): "achieved",  # 5.5%以内 → 5%左右
    ("cn-gwr-2018", "CPI涨幅"): "achieved",  # 3%左右 (ceiling) → 2.1%
    ("cn-gwr-2018", "单位GDP能耗"): "achieved",  # 下降3%以上 → 3.1%
    ("cn-gwr-2021", "GDP增速"): "achieved",  # 6%以上 → 8.1%
    ("cn-gwr-2021", "城镇新增就业"): "achieved",
    ("cn-gwr-2021", "CPI涨幅"): "achieved",  # → 0.9%
    ("cn-gwr-2021", "粮食产量"): "achieved",  # 1.3万亿斤以上 → 1.37
    ("cn-gwr-2021", "单位GDP能耗"): "no data",  # the 2022 report gives no 2021 value
    ("cn-gwr-2022", "GDP增速"): "deteriorating",  # 5.5%左右 → 3% (missed, and down from 8.1%)
    ("cn-gwr-2022", "城镇新增就业"): "achieved",
    ("cn-gwr-2022", "城镇调查失业率"): "achieved",  # 5.5%以内 → 5.5%
    ("cn-gwr-2022", "CPI涨幅"): "achieved",  # → 2%
    ("cn-gwr-2022", "粮食产量"): "achieved",
    ("cn-gwr-2023", "GDP增速"): "achieved",  # 5%左右 → 5.2%
    ("cn-gwr-2023", "城镇新增就业"): "achieved",
    ("cn-gwr-2023", "城镇调查失业率"): "achieved",
    ("cn-gwr-2023", "CPI涨幅"): "achieved",  # → 0.2%
    ("cn-gwr-2023", "粮食产量"): "achieved",
    ("cn-gwr-2024", "GDP增速"): "achieved",  # 5%左右 → 5%
    ("cn-gwr-2024", "城镇新增就业"): "achieved",
    ("cn-gwr-2024", "城镇调查失业率"): "achieved",
    ("cn-gwr-2024", "CPI涨幅"): "achieved",
    ("cn-gwr-2024", "粮食产量"): "achieved",
    ("cn-gwr-2024", "单位GDP能耗"): "achieved",  # 降低2.5%左右 → 降幅超过3%
}


@needs_shared
def test_work_report_targets_against_the_next_review(wr):
    agree = 0
    for (doc, indicator), expected in PAIRS.items():
        year = int(doc[-4:])
        found = [t for t in wr.targets(doc=doc) if t.indicator == indicator and t.target.year == year]
        agree += bool(found) and found[0].status == expected
    assert agree / len(PAIRS) >= 0.9, agree


def test_a_share_of_gdp_is_not_gdp():
    from explorer.extract.lexicon import load_lexicon

    lexicon, _problems = load_lexicon(ROOT / "corpus" / "lexicon.yaml")
    name, entry = lexicon.canonicalise("全国财政性教育经费支出占国内生产总值", "%")
    assert entry is None and name != "GDP增速"
    assert lexicon.canonicalise("地表水国考断面水质优良比例", "%")[0] == "国考断面水质优良比例"


def test_grain_in_jin_answers_a_target_in_tonnes():
    target = _fig("cn", "粮食产量", 5.5, "target", 2015, qualifier="以上", unit="亿吨")
    target = Figure(**{**target.__dict__, "base_value": 5.5e8, "base_unit": "吨"})
    review = _fig("cn2", "粮食产量", 1.24, "actual", 2015, unit="万亿斤")
    review = Figure(**{**review.__dict__, "base_value": 1.24e12, "base_unit": "斤"})
    records = [_record("cn", "2015-03", "国务院"), _record("cn2", "2016-03", "国务院")]
    (t,) = track_targets([], [target, review], records, None)
    assert t.status == "achieved" and t.latest is not None  # 1.24万亿斤 = 6.2亿吨 ≥ 5.5亿吨


def test_a_report_sets_no_target_for_a_year_already_over():
    from explorer.extract.prepare import settle_roles

    past = _fig("gwr-2013", "GDP增速", 7.8, "target", 2012)  # the 2013 report's review of 2012
    ahead = _fig("gwr-2013", "GDP增速", 7.5, "target", 2013, qualifier="左右")
    out = settle_roles([past, ahead], [_record("gwr-2013", "2013-03-05", "国务院")])
    assert [role_of(f) for f in out] == ["actual", "target"]
