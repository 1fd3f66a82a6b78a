"""Compare on real text: the national work reports 2022→2025 (each change type of targets, measures and
references) and the bundled plan against a later report (coverage)."""

from __future__ import annotations

import pytest
from conftest import PLAN, needs_shared, write_work_report_corpus

from explorer.compare.core import compare_documents, is_later, propose_pair
from explorer.compare.diff import diff_ratio, diff_text, render_plain
from explorer.compare.measures import align_measures
from explorer.compare.targets import figure_measure, figure_role


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    from explorer.workspace import Workspace

    names = ["cn-gwr-2022", "cn-gwr-2023", "cn-gwr-2024", "cn-gwr-2025"]
    corpus = write_work_report_corpus(tmp_path_factory.mktemp("wr"), names)
    return Workspace.open(corpus, tmp_path_factory.mktemp("wr-index"))


def _target(comparison, indicator, measure=None):
    rows = [t for t in comparison.targets if t.indicator == indicator and (measure is None or t.measure == measure)]
    assert len(rows) == 1, [(t.indicator, t.measure, t.change) for t in comparison.targets]
    return rows[0]


@needs_shared
def test_targets_same_raised_lowered_changed_new_dropped(reports):
    c23 = compare_documents(reports, "cn-gwr-2022", "cn-gwr-2023")
    gdp = _target(c23, "GDP增速")
    assert gdp.change == "lowered" and (gdp.a.display, gdp.b.display) == ("5.5%左右", "5%左右")
    assert "主要预期目标" in gdp.b.quote and gdp.a.doc == "cn-gwr-2022" and gdp.b.doc == "cn-gwr-2023"
    assert _target(c23, "地方政府专项债券").change == "raised"  # 3.65万亿元 → 3.8万亿元

    c24 = compare_documents(reports, "cn-gwr-2023", "cn-gwr-2024")
    for indicator in ("GDP增速", "CPI涨幅", "城镇调查失业率", "粮食产量"):
        row = _target(c24, indicator)
        assert row.change == "same", row
        assert row.a.display == row.b.display and row.a.year == 2023 and row.b.year == 2024
    jobs = _target(c24, "城镇新增就业")  # 1200万人左右 → 1200万人以上: same number, a firmer promise
    assert jobs.change == "changed" and "左右 → 以上" in jobs.note
    energy = _target(c24, "单位GDP能耗")  # 2023 gave no number for energy intensity; 2024 gives 2.5%左右
    assert energy.change == "new" and energy.a is None and energy.b.display == "2.5%左右"

    c25 = compare_documents(reports, "cn-gwr-2024", "cn-gwr-2025")
    cpi = _target(c25, "CPI涨幅")
    assert cpi.change == "lowered" and (cpi.a.display, cpi.b.display) == ("3%左右", "2%左右")
    assert _target(c25, "赤字率", "percent").change == "raised"  # 3% → 4%左右
    dropped = [t for t in c25.targets if t.change == "dropped"]
    assert dropped and all(t.b is None and t.a.doc == "cn-gwr-2024" for t in dropped)


@needs_shared
def test_like_with_like_level_and_change_are_apart(reports):
    """一般公共预算支出规模29.7万亿元、比上年增加1.2万亿元: the level and the increase are two rows."""
    c25 = compare_documents(reports, "cn-gwr-2024", "cn-gwr-2025")
    level = _target(c25, "一般公共预算支出规模", "level")
    change = _target(c25, "一般公共预算支出规模", "change")
    assert (level.a.display, level.b.display) == ("28.5万亿元", "29.7万亿元")
    assert (change.a.display, change.b.display) == ("1.1万亿元", "1.2万亿元")
    # Only this year's targets of a work report: nothing for another year is compared.
    assert all(t.a is None or t.a.year in (None, 2024) for t in c25.targets)


@needs_shared
def test_figure_accessors_fall_back_to_kind(reports):
    figures = reports.filter_figures(doc="cn-gwr-2025")
    target = next(f for f in figures if f.kind == "target")
    assert figure_role(target) == (target.role or "target")
    from dataclasses import replace

    assert figure_role(replace(target, role="forecast")) == "forecast"
    # percentages compare as one family, whatever the extractor calls them; a count stays a count
    assert figure_measure(replace(target, measure="rate", base_unit="%")) == "percent"
    assert figure_measure(replace(target, measure="share", base_unit="%")) == "percent"
    assert figure_measure(replace(target, measure="count", base_unit="人", kind="target")) == "count"


@needs_shared
def test_measures_moved_reworded_added_removed(reports):
    rows = align_measures(reports, "cn-gwr-2024", "cn-gwr-2025")
    by_a = {r.a.id: r for r in rows if r.a}
    # 扩大国内需求 was the 3rd task in 2024 and is the 1st in 2025.
    demand = by_a["cn-gwr-2024:3.3"]
    assert demand.b.id == "cn-gwr-2025:3.1" and "moved" in demand.changes
    farming = by_a["cn-gwr-2024:3.7"]  # 坚持不懈抓好“三农”工作 → 着力抓好“三农”工作
    assert farming.b.id == "cn-gwr-2025:3.7" and farming.change == "reworded"
    assert "".join(o.a for o in farming.diff).count("三农") >= 1
    assert any(o.op != "equal" for o in farming.diff)
    for k in range(1, 11):
        if k not in (1, 2, 3):
            assert by_a[f"cn-gwr-2024:3.{k}"].b.id == f"cn-gwr-2025:3.{k}"
    # The review's ——highlights of 2024 have no counterpart in 2025's outline.
    assert by_a["cn-gwr-2024:1.1"].change == "removed" and by_a["cn-gwr-2024:1.1"].b is None
    added = [r for r in rows if r.change == "added"]
    assert added and all(r.a is None and r.b.doc == "cn-gwr-2025" for r in added)
    assert len({r.b.id for r in rows if r.b}) == len([r for r in rows if r.b])  # one-to-one


@needs_shared
def test_a_document_against_itself_is_all_same(reports):
    c = compare_documents(reports, "cn-gwr-2024", "cn-gwr-2024", coverage=False)
    assert c.measures and {m.change for m in c.measures} == {"same"}
    assert {t.change for t in c.targets} == {"same"}
    assert {r.change for r in c.references} == {"kept"}


@needs_shared
def test_references_new_dropped_kept(reports):
    c = compare_documents(reports, "cn-gwr-2023", "cn-gwr-2024")
    rows = {(r.type, r.title): r for r in c.references}
    new = rows[("cites", "数字经济伙伴关系协定")]
    assert new.change == "new" and not new.a and new.b[0].doc == "cn-gwr-2024"
    assert "《数字经济伙伴关系协定》" in new.b[0].text
    assert rows[("programme", "人工智能+")].change == "new"
    assert any(r.change == "dropped" and r.a and not r.b for r in c.references)
    kept = rows[("programme", "乡村建设行动")]
    assert kept.change == "kept" and kept.a and kept.b


@needs_shared
def test_coverage_of_last_years_plan_part(reports):
    c = compare_documents(reports, "cn-gwr-2023", "cn-gwr-2024", coverage=True)
    assert c.coverage is not None
    gdp = next(r for r in c.coverage if r.item == "target" and r.id == "GDP增速")
    assert gdp.status == "spoken to" and any("5.2" in m.text for m in gdp.reported)
    measures = [r for r in c.coverage if r.item == "measure"]
    assert measures and all(r.id.startswith("cn-gwr-2023:2") for r in measures)  # the plan part: 对今年政府工作的建议
    assert any(r.status == "spoken to" for r in measures)
    assert compare_documents(reports, "cn-gwr-2023", "cn-gwr-2024").coverage is None  # a report: only when asked


def test_plan_against_later_report_on_seeds(seed_workspace):
    c = compare_documents(seed_workspace, PLAN, "jx-feature-2024-drc-eco-highland")
    assert c.coverage is not None  # a plan: coverage by default
    measures = [r for r in c.coverage if r.item == "measure"]
    assert len(measures) == 21  # the plan's 21 measures
    assert {r.status for r in measures} == {"spoken to", "silent"}
    spoken = next(r for r in measures if r.status == "spoken to")
    assert all(m.doc == "jx-feature-2024-drc-eco-highland" and m.passage is not None for m in spoken.reported)
    targets = [r for r in c.coverage if r.item == "target"]
    assert targets and all(r.passage is not None for r in targets)


def test_is_later_only_when_the_dates_tell(seed_workspace):
    assert is_later(seed_workspace, PLAN, "jx-feature-2024-drc-eco-highland")  # 2024-07 → 2024-08
    assert not is_later(seed_workspace, "jx-feature-2024-drc-eco-highland", PLAN)
    assert not is_later(seed_workspace, PLAN, "jx-feature-2024-eed-review-2023")  # "2024": before or after July?
    assert not is_later(seed_workspace, "jx-feature-2024-eed-review-2023", PLAN)
    swapped = compare_documents(seed_workspace, "jx-feature-2024-drc-eco-highland", PLAN, coverage=None)
    assert swapped.coverage is None
    plan_rows = compare_documents(seed_workspace, PLAN, "jx-feature-2024-drc-eco-highland").targets
    assert all("see coverage" in t.note for t in plan_rows if t.change == "dropped")


def test_propose_pair_last_two_of_issuer_and_kind(seed_workspace):
    assert propose_pair(seed_workspace) == ("jx-feature-2024-eed-review-2023", "jx-feature-2026-eed-review-2025")
    assert propose_pair(seed_workspace, "jx-congress-report-2023") == (
        "jx-congress-report-2023",
        "jx-feature-2024-drc-eco-highland",
    )


def test_word_diff_rebuilds_both_texts():
    a = "坚持不懈抓好“三农”工作，扎实推进乡村全面振兴"
    b = "着力抓好“三农”工作，深入推进乡村全面振兴"
    for unit in ("word", "char"):
        ops = diff_text(a, b, unit)  # type: ignore[arg-type]
        assert "".join(o.a for o in ops) == a and "".join(o.b for o in ops) == b
        assert 0 < diff_ratio(ops) < 1
    words = diff_text(a, b)
    assert "[-坚持不懈-]{+着力+}抓好" in render_plain(words)  # whole words, not halves of them
    assert diff_ratio(diff_text(a, a)) == 1.0
