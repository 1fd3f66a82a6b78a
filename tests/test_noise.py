"""Unrelated items on the newspaper pages: curated by anchors, and flagged by default on new documents."""

from __future__ import annotations

import pytest
from conftest import CONGRESS, PLAN, SEEDS

from explorer.corpus.document import build_document
from explorer.corpus.noise import auto_flag
from explorer.model import Anchor, DocumentRecord


@pytest.mark.parametrize(
    "text, reason",
    [
        ("鄱阳湖保护区越冬候鸟 姜生态摄", "photo credit"),
        ("特约通讯员 廖敏摄", "photo credit"),
        ("江剑平 张林霞/文", "byline"),
        ("本报记者 王明", "byline"),
        ("（本版文图由江西省发展和改革委员会提供）", "caption"),
        ("图为鄱阳湖候鸟保护区", "caption"),
        ("责任编辑：李华", "editorial credit"),
    ],
)
def test_auto_flags(text, reason):
    assert auto_flag(text, position=10) == reason


def test_dateline_flagged_only_inside_a_document():
    text = "本报抚州讯（全媒体记者徐立鸣）6月25日，记者从抚州市中级人民法院获悉。"
    assert auto_flag(text, position=10) == "dateline (news item)"
    assert auto_flag(text, position=0) is None  # a news item's own opening


@pytest.mark.parametrize(
    "text",
    [
        "到2026年，森林覆盖率稳定在63.1%以上。",
        "一、实施发展方式绿色转型行动",
        "坚定不移推进生态惠民，凝聚生态文明共建共享合力",
    ],
)
def test_policy_text_is_not_flagged(text):
    assert auto_flag(text, position=10) is None


def test_seed_unrelated_items_are_excluded(seed_workspace):
    plan = seed_workspace.document(PLAN)
    excluded = " ".join(p.text for p in plan.passages if p.excluded)
    for item in ("农商银行", "家事审判", "河鹿"):
        assert item in excluded
    included = " ".join(p.text for p in plan.policy_passages())
    assert "河鹿" not in included and "七、实施生态文化培育行动" in included
    congress = seed_workspace.document(CONGRESS)
    excluded = [p for p in congress.passages if p.excluded]
    assert any("农行" in p.text for p in excluded) and any("湖边镇" in p.text for p in excluded)
    assert all(p.exclusion_reason.startswith("curated") for p in excluded)


def test_excluded_passages_stay_readable(seed_workspace):
    plan = seed_workspace.document(PLAN)
    assert any("河鹿" in p.text for p in plan.passages)
    assert "河鹿" in plan.text


def test_new_document_gets_default_flags_without_curation():
    source = (SEEDS / "004_025134c6bf8f4523.txt").read_text(encoding="utf-8")
    record = DocumentRecord(
        id="x", title="t", kind="plan", issuer="", published="2024", covers=(2024,), source=SEEDS / "x"
    )
    doc = build_document(record, source)
    reasons = {p.exclusion_reason for p in doc.passages if p.excluded}
    assert {"photo credit", "dateline (news item)", "headline (news item)"} <= reasons


def test_curated_anchor_that_matches_nothing_is_reported():
    source = "第一段正文，内容完整。\n\n第二段正文，内容也完整。\n"
    record = DocumentRecord(
        id="x",
        title="t",
        kind="plan",
        issuer="",
        published="2024",
        covers=(2024,),
        source=SEEDS / "x",
        exclude=(Anchor("不存在的开头", "不存在的结尾", "test"),),
    )
    doc = build_document(record, source)
    assert any("anchor matches nothing" in p.message for p in doc.problems)
    assert not any(p.excluded for p in doc.passages)


def test_excluded_item_inside_a_broken_sentence_is_set_aside():
    """A policy sentence cut by a page break around an unrelated item is rejoined; the item follows it."""
    source = "全省生态环境质量持续改善，主要污染物排放总量持续减少，空气质量优良天数比例达到96.5%，今年\n\n某银行推出优惠贷款活动，欢迎广大客户前来办理。\n\n上半年全省PM2.5浓度继续下降。\n"
    record = DocumentRecord(
        id="x",
        title="t",
        kind="report",
        issuer="",
        published="2024",
        covers=(2024,),
        source=SEEDS / "x",
        exclude=(Anchor("某银行推出", "前来办理。", "bank promotion"),),
    )
    doc = build_document(record, source)
    assert [p.excluded for p in doc.passages] == [False, True]
    assert doc.passages[0].text.endswith("今年上半年全省PM2.5浓度继续下降。")


def test_anchor_copied_from_the_normalised_text_matches():
    """The curator may quote what the tool shows (full-width commas and brackets) rather than the file."""
    source = "第一段正文，内容完整。\n\n图为6月28日,峡江县(水边镇)招聘会现场。\n\n第三段正文，内容也完整。\n"
    record = DocumentRecord(
        id="x",
        title="t",
        kind="plan",
        issuer="",
        published="2024",
        covers=(2024,),
        source=SEEDS / "x",
        exclude=(Anchor("图为6月28日，峡江县（水边镇）", "招聘会现场。", "caption"),),
    )
    doc = build_document(record, source)
    assert not doc.problems
    assert [p.excluded for p in doc.passages] == [False, True, False]
