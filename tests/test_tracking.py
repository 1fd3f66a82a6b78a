"""Target tracking: the status method as worked examples (pure functions), then on real documents."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from conftest import CORPUS, PLAN, needs_shared, write_work_report_corpus

from explorer.extract.lexicon import load_lexicon
from explorer.extract.tracking import (
    Reading,
    assess,
    assess_trend,
    change_sign,
    jurisdiction,
    meets,
    track_targets,
)
from explorer.model import TARGET_STATUSES, DocumentRecord, Figure

# ------------------------------------------------------------------------------------------------ worked examples
# Each example is written up in docs/plans.md with its arithmetic.


def test_achieved_when_the_latest_value_meets_the_target():
    target = Reading(93, 2026, "以上")
    assert assess(target, Reading(93.5, 2025), Reading(91, 2023), "higher").status == "achieved"


def test_on_track():
    # base 26% (2022) → target 29% by 2026 needs (29/26)^(1/4)−1 = 2.77%/yr; 28.1% in 2023 is 8.08%/yr: R = 2.92
    a = assess(Reading(29, 2026, "以上"), Reading(28.1, 2023), Reading(26, 2022), "higher")
    assert a.status == "on track" and a.ratio == pytest.approx(2.92, abs=0.01)


def test_needs_acceleration():
    # 20 (2020) → 30 by 2030 needs 4.14%/yr; 22 in 2023 is 3.23%/yr: R = 0.78
    a = assess(Reading(30, 2030), Reading(22, 2023), Reading(20, 2020), "higher")
    assert a.status == "needs acceleration" and a.ratio == pytest.approx(0.78, abs=0.01)


def test_limited_progress():
    # 20.5 in 2023 is 0.83%/yr against 4.14%/yr needed: R = 0.20
    a = assess(Reading(30, 2030), Reading(20.5, 2023), Reading(20, 2020), "higher")
    assert a.status == "limited progress" and a.ratio == pytest.approx(0.20, abs=0.01)


def test_deteriorating():
    a = assess(Reading(30, 2030), Reading(19, 2023), Reading(20, 2020), "higher")
    assert a.status == "deteriorating" and a.ratio < 0


def test_no_data_without_a_reported_value():
    assert assess(Reading(30, 2030), None, Reading(20, 2020), "higher").status == "no data"


def test_direction_lower_is_better_for_pm25():
    # PM2.5 35 (2020) → 30 by 2025 needs −3.04%/yr; 32 in 2022 is −4.38%/yr: moving down fast enough, R = 1.44
    down = assess(Reading(30, 2025), Reading(32, 2022), Reading(35, 2020), "lower")
    assert down.status == "on track" and down.ratio == pytest.approx(1.44, abs=0.01)
    up = assess(Reading(30, 2025), Reading(36, 2022), Reading(35, 2020), "lower")
    assert up.status == "deteriorating"
    # the same numbers read with the wrong direction would not be on track
    assert assess(Reading(30, 2025), Reading(32, 2022), Reading(35, 2020), "higher").status != "on track"
    # meeting a 'lower' target means being at or below it
    assert assess(Reading(30, 2025, "以下"), Reading(29.5, 2024), Reading(35, 2020), "lower").status == "achieved"


def test_qualifiers_are_read_honestly():
    target = Reading(93, 2026, "以上")
    assert meets(target, Reading(93, 2025, "不低于"), "higher")[0]  # 不低于93% meets 93%以上
    assert not meets(target, Reading(93, 2025, "近"), "higher")[0]  # 近93% is below 93%
    achieved, how = meets(target, Reading(93, 2025, "约"), "higher")
    assert achieved and "approximate" in how  # 约93%: only on its stated value, and it says so
    assert not meets(Reading(93, 2026, "超过"), Reading(93, 2025), "higher")[0]  # 超过93% needs more than 93
    assert meets(Reading(5, 2024, "左右"), Reading(4.9, 2024), "higher")[0]  # 5%左右 accepts 4.9%
    assert not meets(Reading(5, 2024, "左右"), Reading(4.5, 2024), "higher")[0]
    assert meets(Reading(5.5, 2024, "以内"), Reading(5.2, 2024), "none")[0]  # a ceiling, whatever the lexicon says
    assert meets(Reading(6.5, 2016, None, 7.0), Reading(6.7, 2016), "higher")[0]  # a range 6.5%-7%


def test_a_missed_deadline_is_never_on_track():
    # 95% of the required growth, but the deadline has come: the target was missed
    a = assess(Reading(30, 2023), Reading(29.6, 2023), Reading(20, 2020), "higher")
    assert a.status == "needs acceleration" and "missed" in a.reason


def test_no_better_direction_measures_the_distance_closed():
    # CPI-like: target 3%左右, base 2.5%, latest 0.9%: moved away from the band
    assert assess(Reading(3, 2021, "左右"), Reading(0.9, 2021), Reading(2.5, 2020), "none").status == "deteriorating"
    assert assess(Reading(3, 2021, "左右"), Reading(2.9, 2021), Reading(2.5, 2020), "none").status == "achieved"


def test_a_baseline_without_target_is_judged_by_its_trend():
    base = Reading(29, 2023)
    assert assess_trend(base, Reading(27, 2025), "lower").status == "on track"  # −3.5%/yr, lower is better
    assert assess_trend(base, Reading(28.9, 2025), "lower").status == "limited progress"  # −0.17%/yr
    assert assess_trend(base, Reading(31, 2025), "lower").status == "deteriorating"
    assert assess_trend(base, Reading(27, 2026), "lower", deadline=2026).status == "achieved"
    assert assess_trend(base, None, "lower").status == "no data"


def test_every_status_is_one_of_the_model_statuses():
    cases = [assess(Reading(30, 2030), Reading(v, 2023), Reading(20, 2020), "higher") for v in (31, 28, 22, 20.5, 19)]
    assert {a.status for a in cases} <= set(TARGET_STATUSES)
    assert {a.status for a in cases} == {
        "achieved",
        "on track",
        "needs acceleration",
        "limited progress",
        "deteriorating",
    }
    assert not any(a.ratio is not None and math.isnan(a.ratio) for a in cases)


# ------------------------------------------------------------------------------------------------ figures
def _record(doc, published, issuer="江西省人民政府", kind="report"):
    return DocumentRecord(
        id=doc,
        title=doc,
        kind=kind,
        issuer=issuer,
        published=published,
        covers=(int(published[:4]),),
        source=Path(f"/nonexistent/{doc}.txt"),
    )


def _fig(
    doc,
    indicator,
    value,
    unit,
    kind,
    year,
    *,
    qualifier=None,
    label=None,
    quote=None,
    period=None,
    cumulative=False,
    passage=1,
    base_unit=None,
    scale=1.0,
):
    label = label or indicator
    return Figure(
        doc=doc,
        passage=passage,
        indicator=indicator,
        label=label,
        value=str(value),
        unit=unit,
        base_value=value * scale,
        base_unit=base_unit or unit,
        qualifier=qualifier,
        period=period or (str(year) if year else None),
        year=year,
        kind=kind,
        quote=quote or f"{label}{value}{unit}",
        start=0,
        end=2,
        cumulative=cumulative,
    )


@pytest.fixture(scope="module")
def lexicon():
    lex, problems = load_lexicon(CORPUS / "lexicon.yaml")
    assert not [p for p in problems if p.severity == "error"]
    return lex


def test_stated_decrease_is_compared_as_a_decrease(lexicon):
    plan = _fig(
        "wr-2024",
        "单位GDP能耗",
        2.5,
        "%",
        "target",
        2024,
        qualifier="左右",
        label="单位国内生产总值能耗",
        quote="单位国内生产总值能耗降低2.5%左右",
    )
    report = _fig(
        "wr-2025",
        "单位GDP能耗",
        3,
        "%",
        "change",
        2024,
        qualifier="超过",
        label="单位国内生产总值能耗",
        quote="单位国内生产总值能耗降幅超过3%",
    )
    assert change_sign(plan) == -1 and change_sign(report) == -1
    tracked = track_targets([], [plan, report], [_record("wr-2024", "2024-03"), _record("wr-2025", "2025-03")], lexicon)
    assert [t.status for t in tracked] == ["achieved"]


def test_cumulative_is_not_compared_with_annual_without_saying_so(lexicon):
    plan = _fig("p", "人工造林面积", 150, "万亩", "target", 2026, period="2024-2026", label="新增人工造林面积")
    annual = _fig("r", "人工造林面积", 101.2, "万亩", "actual", 2025, label="人工造林")
    tracked = track_targets(
        [], [plan, annual], [_record("p", "2024-07", kind="plan"), _record("r", "2026-01")], lexicon
    )
    (t,) = tracked
    assert t.status == "no data" and t.reported == ()
    assert "not compared" in t.note and "multi-year total" in t.note


def test_related_indicator_is_shown_as_related_not_tracked(lexicon):
    plan = _fig("p", "新能源装机容量", 3400, "万千瓦", "target", 2026, qualifier="以上", base_unit="千瓦", scale=1e4)
    other = _fig("r", "可再生能源装机容量", 2564.2, "万千瓦", "actual", 2025, base_unit="千瓦", scale=1e4)
    (t,) = track_targets([], [plan, other], [_record("p", "2024-07", kind="plan"), _record("r", "2026-01")], lexicon)
    assert t.reported == () and [g.indicator for g in t.related] == ["可再生能源装机容量"]
    assert t.status == "no data" and "related" in t.note


def test_figures_of_another_jurisdiction_are_not_compared(lexicon):
    plan = _fig("cn", "城镇新增就业", 1200, "万人", "target", 2024, qualifier="以上", base_unit="人", scale=1e4)
    province = _fig("gd", "城镇新增就业", 149.4, "万人", "actual", 2024, base_unit="人", scale=1e4)
    records = [_record("cn", "2024-03", issuer="国务院"), _record("gd", "2025-01", issuer="广东省人民政府")]
    (t,) = track_targets([], [plan, province], records, lexicon)
    assert t.reported == () and t.status == "no data"
    assert jurisdiction(records[0]) == "national" and jurisdiction(records[1]) == "广东"


def test_a_later_plan_baseline_counts_as_a_reported_value(lexicon):
    plan = _fig("p1", "森林覆盖率", 63.5, "%", "target", 2025, qualifier="以上")
    later = _fig("p2", "森林覆盖率", 63.6, "%", "baseline", 2030)  # "在63.6%的基础上…": as of before p2
    base = _fig("r0", "森林覆盖率", 63.1, "%", "actual", 2022)
    records = [_record("p1", "2023-05", kind="plan"), _record("p2", "2026-02", kind="plan"), _record("r0", "2023-01")]
    tracked = track_targets([], [plan, later, base], records, lexicon)
    (t,) = [t for t in tracked if t.doc == "p1"]
    # r0 was published before p1: the situation p1 started from (background), never progress
    assert t.status == "achieved" and [g.doc for g in t.reported] == ["p2"] and [g.doc for g in t.context] == ["r0"]
    (promise,) = [t for t in tracked if t.doc == "p2"]  # p2's own "在…的基础上" promise, not yet reported on
    assert promise.target.start == later.start and promise.status == "no data"


# ------------------------------------------------------------------------------------------------ real documents
def test_seed_targets_are_tracked_on_their_measures(seed_workspace):
    tracked = seed_workspace.targets()
    measures = {m.id for m in seed_workspace.measures()}
    assert len(tracked) >= 10
    assert all(t.status in TARGET_STATUSES for t in tracked)
    assert all(t.measure in measures for t in tracked)
    plan_targets = [f for f in seed_workspace.figures() if f.doc == PLAN and f.kind == "target"]
    assert {(t.target.passage, t.target.start) for t in tracked if t.doc == PLAN} >= {
        (f.passage, f.start) for f in plan_targets
    } - {(f.passage, f.start) for f in plan_targets if f.base_value is None}
    for t in tracked:
        assert all(g.indicator == t.indicator and g.doc != t.doc for g in t.reported)
        assert all(g.indicator != t.indicator for g in t.related)
        assert t.note


@pytest.fixture(scope="module")
def work_reports(tmp_path_factory):
    from conftest import WORK_REPORTS

    if not WORK_REPORTS.exists():
        pytest.skip("../shared/corpora is not beside the repository")
    from explorer.workspace import Workspace

    return Workspace.open(write_work_report_corpus(tmp_path_factory.mktemp("wr")), tmp_path_factory.mktemp("wr-index"))


@needs_shared
def test_consecutive_work_reports_pair_up(work_reports):
    tracked = work_reports.targets()
    judged = [t for t in tracked if t.status != "no data"]
    assert len(judged) >= 15
    pub = {r.id: r.year for r in work_reports.records}
    for t in judged:
        if t.target.kind != "target" or "latest" not in t.note:
            continue
        latest = t.note.split("latest ", 1)[1].split(";")[0]
        used = [g for g in t.reported if f"({g.year}, {g.doc})" in latest]
        assert used, t.note
        # the value judged is about a year after the plan's base year and comes from a later document
        assert all(pub[g.doc] > pub[t.doc] and g.year >= pub[t.doc] for g in used), t.note
    # a national plan for year Y is answered by the next year's report, never by a province
    national = [t for t in judged if t.doc.startswith("cn-")]
    assert national and all(not g.doc.startswith(("gd-", "sc-", "sn-", "yn-")) for t in national for g in t.reported)
    achieved_next_year = [
        t for t in national if t.status == "achieved" and any(pub[g.doc] == pub[t.doc] + 1 for g in t.reported)
    ]
    assert len(achieved_next_year) >= 5
