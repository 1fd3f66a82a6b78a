"""The outline of every seed (checked by hand in docs/curation.md) and of work reports nobody here wrote."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import CONGRESS, PLAN, needs_shared, write_work_report_corpus

from explorer.corpus.markers import cn_ordinal, match_marker
from explorer.corpus.outline import heading_label


def _tree(ws, doc_id):
    doc = ws.document(doc_id)
    return doc, [h for h in doc.headings if h.style != "ordinal"]


def test_plan_has_seven_actions_and_twenty_one_measures(seed_workspace):
    doc, headings = _tree(seed_workspace, PLAN)
    actions = [h for h in headings if h.level == 1]
    measures = [h for h in headings if h.level == 2]
    assert [h.ordinal for h in actions] == list(range(1, 8))
    assert [h.ordinal for h in measures] == list(range(1, 22))
    assert actions[0].title == "实施发展方式绿色转型行动"
    assert Counter(h.parent for h in measures) == Counter({a.id: n for a, n in zip(actions, [3, 4, 3, 3, 3, 3, 2])})
    assert all(h.id.startswith(f"{PLAN}:") for h in headings)


def test_measure_split_by_page_break_keeps_its_section(seed_workspace):
    doc = seed_workspace.document(PLAN)
    passage = next(p for p in doc.passages if "分级分类实施林地用途管制" in p.text)
    assert passage.section_path == "四、实施重要生态系统保护行动 › （十三）优化提升森林生态系统功能"
    assert passage.text.startswith("（十三）优化提升森林生态系统功能。分级分类")


def test_congress_report_has_review_and_plan_parts(seed_workspace):
    doc, headings = _tree(seed_workspace, CONGRESS)
    parts = [h for h in headings if h.level == 1]
    assert [h.ordinal for h in parts] == [1, 2]
    assert "2022年" in parts[0].title and "2023年" in parts[1].title
    children = {p.id: [h.ordinal for h in headings if h.parent == p.id] for p in parts}
    assert children == {parts[0].id: [1, 2, 3, 4, 5], parts[1].id: [1, 2, 3, 4]}
    # 一是…二是… items inside the numbered items
    inline = [h for h in doc.headings if h.style == "ordinal" and h.parent == f"{CONGRESS}:1.1"]
    assert [h.ordinal for h in inline] == [1, 2, 3, 4]
    assert inline[0].title == "加强新一轮生态文明建设总体设计"


def test_unrelated_items_never_become_sections(seed_workspace):
    doc = seed_workspace.document(CONGRESS)
    labels = {heading_label(h) for h in doc.headings}
    assert not any("湖边镇" in l or "消费市场回暖" in l for l in labels)


def test_feature_sections_unnumbered_and_lead_items(seed_workspace):
    doc, headings = _tree(seed_workspace, "jx-feature-2024-drc-eco-highland")
    top = [h for h in headings if h.level == 1]
    assert len(top) == 4 and all(h.title.startswith("坚定不移") for h in top)
    leads = [h for h in headings if h.style == "dash"]
    assert [sum(1 for h in leads if h.parent == t.id) for t in top] == [3, 3, 3, 0]
    assert leads[0].title == "持续优化产业结构"


def test_feature_numbered_markdown_sections(seed_workspace):
    doc, headings = _tree(seed_workspace, "jx-feature-2024-eed-review-2023")
    top = [h for h in headings if h.level == 1]
    assert [h.ordinal for h in top] == [1, 2, 3, 4, 5]
    assert heading_label(top[0]) == "1 高举思想旗帜 推动全系统政治生态持续向上向好"
    assert [h.title for h in headings if h.style == "runin"] == ["深化生态文明示范创建", "深化流域生态保护补偿机制"]
    assert sum(1 for h in headings if h.style == "dash") == 5


def test_feature_two_line_headlines(seed_workspace):
    doc, headings = _tree(seed_workspace, "jx-feature-2026-eed-review-2025")
    assert [h.title for h in headings][:3] == [
        "以点拓面 美丽江西起宏图",
        "系统治护 碧水青山入画来",
        "点绿成金 “两山”转化开新路",
    ]


def test_passages_know_their_section_path(seed_workspace):
    doc = seed_workspace.document(PLAN)
    p = next(p for p in doc.passages if p.text.startswith("（一）推动产业结构优化升级"))
    assert p.section == ("一、实施发展方式绿色转型行动", "（一）推动产业结构优化升级")
    assert p.heading == f"{PLAN}:1.1"


@pytest.mark.parametrize(
    "text, style, ordinal",
    [
        ("一、实施发展方式绿色转型行动", "cn", 1),
        ("（二十一）倡导绿色低碳生活。", "paren_cn", 21),
        ("(十三)优化", "paren_cn", 13),
        ("3. 加强监管", "arabic", 3),
        ("（2）推进", "paren_arabic", 2),
        ("③完善", "circled", 3),
        ("二是推动全省经济运行稳中有进。", "ordinal", 2),
        ("第三章 推动绿色发展", "chapter", 3),
        ("## 1 高举思想旗帜 推动", "arabic", 1),
        ("### 一、2022年及过去五年", "cn", 1),
        ("——持续优化产业结构。全面推进制造业", "dash", None),
    ],
)
def test_markers(text, style, ordinal):
    m = match_marker(text)
    assert m is not None and m.style == style and m.ordinal == ordinal


@pytest.mark.parametrize(
    "text",
    [
        "2022年，全省",
        "1.57万亿元",
        "——2023年1月12日在江西省",
        "——江西打造国家生态文明建设高地纪实",
        "这是经济实力持续提升的五年。",
    ],
)
def test_not_markers(text):
    assert match_marker(text) is None


def test_cn_ordinal():
    assert [cn_ordinal(s) for s in ("一", "十", "十三", "二十一", "一百零二", "7")] == [1, 10, 13, 21, 102, 7]


@needs_shared
def test_work_reports_outline(tmp_path):
    from explorer.workspace import Workspace

    ws = Workspace.open(write_work_report_corpus(tmp_path / "c"), tmp_path / "i")
    assert len(ws.documents) == 13 and not [p for p in ws.problems if p.severity == "error"]
    for doc in ws.documents.values():
        top = [h for h in doc.headings if h.level == 1 and h.style == "cn"]
        assert [h.ordinal for h in top][:3] == [1, 2, 3][: len(top[:3])], doc.id
        assert len(top) >= 2, doc.id
    doc = ws.document("cn-gwr-2024")
    third = next(h for h in doc.headings if h.level == 1 and h.ordinal == 3)
    items = [h for h in doc.headings if h.parent == third.id]
    assert [h.ordinal for h in items] == list(range(1, 11))
    assert items[8].title == "加强生态文明建设，推进绿色低碳发展"
    leads = [h.title for h in doc.headings if h.style == "dash"]
    assert "经济总体回升向好" in leads


def test_paragraph_after_a_compact_series_belongs_to_the_parent(seed_workspace):
    """The plan's closing paragraph follows its last measure but is not part of it."""
    doc = seed_workspace.document(PLAN)
    closing = next(p for p in doc.passages if p.text.startswith("省生态文明建设领导小组"))
    assert closing.section == ("七、实施生态文化培育行动",)
    congress = seed_workspace.document(CONGRESS)
    summary = next(p for p in congress.passages if "五年来" in p.text[:12])
    assert len(summary.section) == 1 and summary.section[0].startswith("一、")


@needs_shared
def test_annexes_are_parts_of_their_own(tmp_path):
    """附件1 / 名词解释 after the body: their 一、… items do not collide with the body's 一、二、三、."""
    from explorer.workspace import Workspace

    ws = Workspace.open(
        write_work_report_corpus(tmp_path / "c", ["gd-gwr-2026", "sc-gwr-2026", "cn-gwr-2021"]), tmp_path / "i"
    )
    gd = ws.document("gd-gwr-2026")
    top = [h for h in gd.headings if h.level == 1]
    assert [heading_label(h)[:6] for h in top] == ["一、2025", "二、“十五五", "三、2026", "附件1 20", "附件2 名词"]
    assert not any("~" in h.id for h in gd.headings)
    annex_items = [h for h in gd.headings if h.parent == top[3].id]
    assert [h.ordinal for h in annex_items] == list(range(1, 11))
    sc = ws.document("sc-gwr-2026")
    assert [heading_label(h) for h in sc.headings if h.style == "annex"] == ["名词解释"]
    # A line a scrape broke after a comma (with a zero-width-space line between) is one paragraph.
    cn = ws.document("cn-gwr-2021")
    assert any(p.text.startswith("经济增速是综合性指标，今年预期目标设定为6%以上") for p in cn.passages)


def _outline(text):
    from pathlib import Path

    from explorer.corpus.document import build_document
    from explorer.model import DocumentRecord

    record = DocumentRecord(
        id="t", title="t", kind="plan", issuer="", published="2024", covers=(2024,), source=Path("x")
    )
    return build_document(record, text)


def test_law_chapters_sections_articles_nest():
    doc = _outline(
        "第二章　监督管理\n\n第一节　规划\n\n第三条　规划应当科学。\n\n第二节　实施\n\n第四条　实施应当有序。\n\n"
        "第三章\n\n法律责任\n\n第五条　违反本条例的，依法处理。\n"
    )
    assert [(h.level, heading_label(h)) for h in doc.headings] == [
        (1, "第二章 监督管理"),
        (2, "第一节 规划"),
        (3, "第三条 规划应当科学"),
        (2, "第二节 实施"),
        (3, "第四条 实施应当有序"),
        (1, "第三章 法律责任"),
        (2, "第五条 违反本条例的，依法处理"),
    ]
    chapter = doc.headings[5]
    assert doc.text[chapter.start : chapter.end] == "第三章\n\n法律责任"  # spans the title on its own line


def test_an_articles_second_paragraph_stays_in_the_article():
    doc = _outline(
        "第一条　为了保护环境，制定本条例。本条例适用于全省。\n\n第二条　县级以上人民政府负责。各部门分工负责。\n\n"
        "第三条　公民应当保护环境。企业应当依法排污。\n\n单位和个人有权举报。\n"
    )
    assert doc.passages[-1].section_ids == ("t:3",)


def test_a_paragraph_opening_with_yishi_keeps_its_other_items():
    doc = _outline("二、重点任务\n\n一是加强保护，推进修复。二是强化监管，严格执法。三是完善制度，健全机制。\n")
    items = [h for h in doc.headings if h.style == "ordinal"]
    assert [(h.ordinal, h.parent, h.title) for h in items] == [
        (1, "t:2", "加强保护，推进修复"),
        (2, "t:2", "强化监管，严格执法"),
        (3, "t:2", "完善制度，健全机制"),
    ]


def test_markdown_sections_before_the_first_sentence():
    doc = _outline(
        "# 要点\n\n## 总体目标\n\n- 条目一\n\n## 重点任务\n\n### 污染防治\n\n- 条目二\n\n### 生态保护\n\n实施保护工程。\n"
    )
    assert [(h.level, h.title) for h in doc.headings] == [
        (1, "总体目标"),
        (1, "重点任务"),
        (2, "污染防治"),
        (2, "生态保护"),
    ]


@needs_shared
def test_a_heading_line_never_swallows_the_next_sentence(tmp_path):
    """ "二、2024年经济社会发展总体要求和政策取向" ends in the noun 取向, whose 向 alone would be a preposition: the
    sentence after it ("今年是…") must not become part of the heading (5 of the 9 national reports)."""
    from explorer.workspace import Workspace

    ws = Workspace.open(write_work_report_corpus(tmp_path / "c"), tmp_path / "i")
    policy = [
        h
        for doc in ws.documents.values()
        for h in doc.headings
        if h.level == 1 and h.title.startswith(("20", "”")) and "政策取向" in h.title
    ]
    assert len(policy) == 5
    assert all(h.title.endswith("政策取向") for h in policy), [h.title for h in policy]
    body = next(p for p in ws.document("cn-gwr-2022").passages if p.text.startswith("今年将召开中国共产党第二十次"))
    assert body.section == ("二、2022年经济社会发展总体要求和政策取向",)
