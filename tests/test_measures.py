"""Measure trees of the seeds and of work reports nobody here wrote, and where each target hangs."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import CONGRESS, PLAN, needs_shared, write_work_report_corpus

from explorer.corpus.document import build_document
from explorer.extract.measures import build_measures, root_id
from explorer.model import DocumentRecord, Figure


def _figure(
    doc: str, passage: int, start: int, kind: str = "target", indicator: str = "指标", value: float = 1.0
) -> Figure:
    return Figure(
        doc=doc,
        passage=passage,
        indicator=indicator,
        label=indicator,
        value=str(value),
        unit="%",
        base_value=value,
        base_unit="%",
        qualifier=None,
        period="2026",
        year=2026,
        kind=kind,
        quote="",
        start=start,
        end=start + 2,
    )


def _by_id(measures):
    return {m.id: m for m in measures}


# ------------------------------------------------------------------------------------------------ trees
def test_plan_tree_has_root_seven_actions_and_twenty_one_measures(seed_workspace):
    measures = seed_workspace.measures(PLAN)
    root = measures[0]
    assert root.id == root_id(PLAN) and root.level == 0 and root.parent is None
    actions = [m for m in measures if m.level == 1]
    items = [m for m in measures if m.level == 2]
    assert len(actions) == 7 and all(a.parent == root.id for a in actions)
    assert all(re.fullmatch(r"实施.+行动", a.title) for a in actions)
    assert len(items) == 21
    assert Counter(m.parent for m in items) == Counter({a.id: n for a, n in zip(actions, [3, 4, 3, 3, 3, 3, 2])})
    assert actions[0].number == "一、" and items[-1].number.endswith("二十一）")
    # titles are heading clauses: no sentence punctuation, and the node's text starts with marker + title
    for m in actions + items:
        assert "。" not in m.title
        assert m.text.startswith(m.number.replace("（", "(").replace("）", ")")) or m.text.startswith(m.number)
        assert m.title in m.text.split("\n", 1)[0]


def test_node_text_covers_the_subtree_and_leaves_out_unrelated_passages(seed_workspace):
    doc = seed_workspace.document(CONGRESS)
    measures = seed_workspace.measures(CONGRESS)
    by_id = _by_id(measures)
    for m in measures:
        for i in m.passages:
            p = doc.passages[i]
            assert not p.excluded and p.duplicate_of is None
        if m.parent and m.parent in by_id and m.level >= 2:
            assert set(m.passages) <= set(by_id[m.parent].passages)
    excluded = [p for p in doc.passages if p.excluded]
    assert excluded, "the congress report has unrelated items printed beside it"
    for m in measures:
        for p in excluded:
            assert p.text not in m.text


def test_ids_are_stable_across_reloads(seed_workspace):
    from explorer.workspace import Workspace

    again = Workspace.open(seed_workspace.corpus_dir, seed_workspace.index_dir)
    first = [(m.id, m.title) for m in seed_workspace.measures(PLAN)]
    assert first == [(m.id, m.title) for m in again.measures(PLAN)]
    assert all(re.fullmatch(rf"{re.escape(PLAN)}:\d+(\.\d+)*", mid) for mid, _ in first)


def test_congress_report_has_review_and_plan_parts_with_items(seed_workspace):
    measures = seed_workspace.measures(CONGRESS)
    parts = [m for m in measures if m.level == 1]
    assert len(parts) == 2
    review, plan = parts
    assert re.search(r"20\d\d年", review.title) and ("工作安排" in plan.title or "总体思路" in plan.title)
    review_items = [m for m in measures if m.parent == review.id and m.node == "heading"]
    plan_items = [m for m in measures if m.parent == plan.id and m.node == "heading"]
    assert len(review_items) == 5 and len(plan_items) == 4
    # The five-year summary after the last numbered item belongs to the review part itself, with its 一是… items.
    summary = [m for m in measures if m.parent == review.id and m.node == "inline"]
    assert [m.number for m in summary][:4] == ["一是", "二是", "三是", "四是"]
    first = review_items[0]
    ordinals = [m for m in measures if m.parent == first.id]
    assert [m.number for m in ordinals] == ["一是", "二是", "三是", "四是"]
    for m in ordinals:  # an inline item's text is its own stretch of the paragraph
        assert m.text.startswith(m.number + m.title)
        assert len(m.passages) == 1 and m.passages[0] == first.passages[0]
    positions = [first.text.index(m.text) for m in ordinals]
    assert positions == sorted(positions) and positions[0] > 0  # the lead sentence stays with the parent


# ------------------------------------------------------------------------------------------------ placement
def _holds(doc, node, f) -> bool:
    """Whether ``node`` contains figure ``f``: an inline 一是 item by its stretch, any other node by passage."""
    h = doc.heading(node.id)
    if h is not None and h.style == "ordinal" and h.id not in doc.passages[h.passage].section_ids:
        local = h.start - doc.passages[h.passage].start
        return f.passage == h.passage and local <= f.start < local + len(node.text)
    return f.passage in node.passages


def test_every_target_is_on_the_most_specific_node_holding_it(seed_workspace):
    for doc_id, doc in seed_workspace.documents.items():
        measures = seed_workspace.measures(doc_id)
        children: dict[str, list] = {}
        for m in measures:
            children.setdefault(m.parent, []).append(m)
        placed = [(m, f) for m in measures for f in m.targets]
        wanted = [f for f in seed_workspace.figures() if f.doc == doc_id and f.kind in ("target", "baseline")]
        assert sorted((f.passage, f.start) for _, f in placed) == sorted((f.passage, f.start) for f in wanted)
        for m, f in placed:
            assert _holds(doc, m, f), (m.id, f.label)
            assert not any(_holds(doc, c, f) for c in children.get(m.id, [])), (m.id, f.label)


def test_action_lead_paragraph_targets_belong_to_the_action(seed_workspace):
    doc = seed_workspace.document(PLAN)
    actions = [m for m in seed_workspace.measures(PLAN) if m.level == 1]
    with_lead = 0
    for a in actions:
        lead = [i for i in a.passages if doc.passages[i].section_ids[-1] == a.id and doc.passages[i].heading != a.id]
        lead_targets = [
            f for f in seed_workspace.figures() if f.doc == PLAN and f.passage in lead and f.kind == "target"
        ]
        if lead_targets:
            with_lead += 1
            assert {(f.passage, f.start) for f in lead_targets} <= {(f.passage, f.start) for f in a.targets}
    assert with_lead >= 5  # each action opens with a 到2026年… target paragraph


def test_overall_targets_before_the_first_action_belong_to_the_root(seed_workspace):
    doc = seed_workspace.document(PLAN)
    root = seed_workspace.measures(PLAN)[0]
    assert root.passages and all(not doc.passages[i].section_ids for i in root.passages)
    assert all(f.passage in root.passages for f in root.targets)


def test_target_in_a_measure_split_by_a_page_break_stays_on_the_measure(tmp_path):
    text = (
        "江西省测试行动计划\n\n"
        "一、实施测试行动\n\n"
        "到2026年，测试比重达到30%以上。\n\n"
        "(一)推进第一项工作。加快推进第一项工作，到2026年，甲指标达到\n\n"  # page break mid-sentence
        "50%以上，乙指标达到20万吨。\n\n"
        "(二)推进第二项工作。完善相关机制。\n"
    )
    source = tmp_path / "plan.txt"
    source.write_text(text, encoding="utf-8")
    record = DocumentRecord(
        id="t-plan", title="测试计划", kind="plan", issuer="", published="2024", covers=(2024,), source=source
    )
    doc = build_document(record, text)
    second_half = next(p for p in doc.passages if "乙指标" in p.text)
    figs = [_figure("t-plan", second_half.index, second_half.text.index("20万吨"))]
    measures, problems = build_measures(doc, figs)
    holder = next(m for m in measures if m.targets)
    assert holder.title == "推进第一项工作" and holder.level == 2
    assert problems == []


def test_inline_item_gets_the_target_inside_its_stretch(seed_workspace):
    doc = seed_workspace.document(CONGRESS)
    item = next(h for h in doc.headings if h.style == "ordinal" and h.ordinal == 2)
    passage = doc.passages[item.passage]
    local = item.start - passage.start
    inside = local + len(item.number) + len(item.title) + 3
    before = max(0, local - 5)
    figs = [_figure(CONGRESS, passage.index, inside), _figure(CONGRESS, passage.index, before, indicator="乙")]
    measures, _ = build_measures(doc, figs)
    by_id = _by_id(measures)
    assert [f.start for f in by_id[item.id].targets] == [inside]
    first = next(h for h in doc.headings if h.parent == item.parent and h.passage == item.passage and h.ordinal == 1)
    assert [f.start for f in by_id[first.id].targets] == [before]


def test_figures_of_excluded_passages_are_not_placed(seed_workspace):
    doc = seed_workspace.document(CONGRESS)
    excluded = next(p for p in doc.passages if p.excluded)
    measures, _ = build_measures(doc, [_figure(CONGRESS, excluded.index, 0)])
    assert not any(m.targets for m in measures)


def test_unparseable_plan_lists_targets_under_its_root_with_one_warning(tmp_path):
    text = (
        "到2026年，全市森林覆盖率达到60%以上，空气质量优良天数比率达到95%。\n\n"
        "同时，要加强组织领导，强化资金保障，确保各项任务落到实处。\n"
    )
    source = tmp_path / "flat.txt"
    source.write_text(text, encoding="utf-8")
    record = DocumentRecord(
        id="flat-plan",
        title="某市计划",
        kind="plan",
        issuer="",
        published="2024",
        covers=(2024,),
        source=source,
        record_path=tmp_path / "flat-plan.yaml",
    )
    doc = build_document(record, text)
    assert not doc.headings
    figs = [_figure("flat-plan", 0, text.index("60%")), _figure("flat-plan", 0, text.index("95%"), indicator="乙")]
    measures, problems = build_measures(doc, figs)
    assert len(measures) == 1 and measures[0].id == root_id("flat-plan") and len(measures[0].targets) == 2
    assert len(problems) == 1 and "flat-plan" in str(problems[0]) and problems[0].severity == "warning"


# ------------------------------------------------------------------------------------------------ work reports
@pytest.fixture(scope="module")
def work_reports(tmp_path_factory):
    if not Path(__file__).resolve().parent.parent.parent.joinpath("shared", "corpora", "work-reports").exists():
        pytest.skip("../shared/corpora is not beside the repository")
    from explorer.workspace import Workspace

    corpus = write_work_report_corpus(tmp_path_factory.mktemp("wr"))
    return Workspace.open(corpus, tmp_path_factory.mktemp("wr-index"))


@needs_shared
def test_work_reports_have_a_review_and_a_plan_part_holding_the_year_targets(work_reports):
    for doc_id, doc in work_reports.documents.items():
        measures = work_reports.measures(doc_id)
        assert measures[0].id == root_id(doc_id)
        parts = [m for m in measures if m.level == 1]
        assert len(parts) >= 2, doc_id
        targets = [f for m in measures for f in m.targets if f.kind == "target"]
        assert targets, doc_id
        # the year's expected targets (主要预期目标) sit below the root, in the document's outline
        year = doc.record.year
        this_year = [f for m in measures if m.level >= 1 for f in m.targets if f.kind == "target" and f.year == year]
        assert this_year, doc_id
