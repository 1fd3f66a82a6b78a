"""Normalisation keeps offsets into the source: whatever is shown traces back to it."""

from __future__ import annotations

import pytest
from conftest import SEEDS

from explorer.corpus.mapped import MappedText
from explorer.corpus.normalise import fold_line, fold_text
from explorer.corpus.paragraphs import build_paragraphs
from explorer.model import DocumentRecord


@pytest.mark.parametrize(
    "raw, folded",
    [
        ("PM_{2.5}平均浓度", "PM2.5平均浓度"),
        ("PM<sub>2.5</sub>平均浓度", "PM2.5平均浓度"),
        ("PM 2.5浓度", "PM2.5浓度"),
        ("CO₂排放", "CO2排放"),
        ("森林覆盖率６３．１％", "森林覆盖率63.1%"),
        ("（十三）优化提升", "（十三）优化提升"),
        ("(十三)优化提升", "（十三）优化提升"),
        ("到2026年,战略性新兴产业", "到2026年，战略性新兴产业"),
        ("三次产业比重为4.0∶37.7∶58.3", "三次产业比重为4.0:37.7:58.3"),
        ("投资1,234万元", "投资1,234万元"),
        ("Hello, world (test)", "Hello, world (test)"),
        ("零\u200b宽", "零宽"),
    ],
)
def test_fold(raw, folded):
    assert fold_text(raw) == folded


def test_fold_keeps_offsets_into_source():
    source = "abc PM<sub>2.5</sub>浓度"
    line = fold_line(MappedText.of(source))
    assert line.text == "abc PM2.5浓度"
    for i, ch in enumerate(line.text):
        assert source[line.offsets[i]] == ch


def _paragraphs(text):
    return [p.text for p in build_paragraphs(text, [])]


def test_page_break_inside_sentence_is_rejoined():
    text = (
        "全省空气质量优良天数比例持续提升，生态环境质量稳中向好。今年\n\n上半年，全省PM2.5平均浓度为27微克/立方米。\n"
    )
    assert _paragraphs(text) == [
        "全省空气质量优良天数比例持续提升，生态环境质量稳中向好。今年上半年，全省PM2.5平均浓度为27微克/立方米。"
    ]


def test_heading_without_punctuation_is_not_joined():
    text = "一、实施发展方式绿色转型行动\n\n到2026年，战略性新兴产业占比达到29%以上。\n"
    assert len(_paragraphs(text)) == 2


def test_inline_tag_fragments_are_rejoined():
    text = "细颗粒物（\nPM\n2.5\n）平均浓度下降到30微克/立方米。\n"
    assert _paragraphs(text) == ["细颗粒物（PM2.5）平均浓度下降到30微克/立方米。"]


def test_exact_duplicate_paragraph_is_recorded():
    para = "全省国考断面水质优良比例达到97%，长江干流江西段连续保持Ⅱ类水质。"
    paragraphs = build_paragraphs(f"{para}\n\n其他内容在这里继续写下去。\n\n{para}\n", [])
    assert [p.duplicate_of for p in paragraphs] == [None, None, 0]


def test_seed_page_breaks_rejoined_and_mapped_to_source(seed_workspace):
    """Every rejoined passage of the seeds maps each character back to the same character in the file."""
    joined = 0
    for doc in seed_workspace.documents.values():
        for passage, offsets in zip(doc.passages, doc.maps):
            assert len(offsets) == len(passage.text)
            for ch, off in zip(passage.text, offsets):
                src = doc.source[off]
                assert (
                    src == ch
                    or fold_text(src) == ch
                    or src in "(),;:!?_{}<>/ \u3000∶０１２３４５６７８９％．"
                    or not src.strip()
                ), (doc.id, passage.index, ch, src)
            if "\n" in doc.source[passage.source_start : passage.source_end].strip():
                joined += 1
    assert joined >= 5  # the seeds have page breaks inside sentences


def test_known_page_break_splits_in_seeds(seed_workspace):
    texts = {doc.id: [p.text for p in doc.passages] for doc in seed_workspace.documents.values()}
    everything = "\n".join(t for ts in texts.values() for t in ts)
    # Quotes from ../shared/seeds with a blank line in the middle of the word in the file:
    for joined in ("坚持党建与业务同频共振", "从“无废城市”", "功能。分级分类", "示范创建——省生态环境厅深入"):
        assert joined in everything, joined


def test_gb18030_source_is_read_and_said(tmp_path):
    text = (SEEDS / "004_025134c6bf8f4523.txt").read_text(encoding="utf-8")
    path = tmp_path / "plan-gbk.txt"
    path.write_bytes(text.encode("gb18030"))
    from explorer.corpus.document import load_document

    record = DocumentRecord(id="gbk", title="t", kind="plan", issuer="", published="2024", covers=(2024,), source=path)
    doc = load_document(record)
    assert any("gb18030" in p.message for p in doc.problems)
    assert "（十三）优化提升森林生态系统功能" in doc.text


def test_lines_a_scrape_broke_at_links_are_rejoined():
    """Wikisource-scraped text: a link on a line of its own, the sentence going on with "。" on the next."""
    text = "会议听取和审议了国务院总理所作的\n\n政府工作报告\n\n。会议充分肯定国务院过去一年的工作。\n"
    assert _paragraphs(text) == ["会议听取和审议了国务院总理所作的政府工作报告。会议充分肯定国务院过去一年的工作。"]


def test_a_bare_item_marker_takes_its_text_from_the_next_line():
    assert _paragraphs("一是\n\n加强生态保护，推进系统修复。\n") == ["一是加强生态保护，推进系统修复。"]


def test_licence_footer_of_a_scraped_page_is_flagged_to_the_end():
    body = "".join(f"第{i}段正文，讲述政府工作的内容与成效，篇幅足够长。\n\n" for i in range(12))
    footer = "本作品是中华人民共和国的\n法律\n、\n法规\n，属于\n公有领域\n。\n\nPublic domain\nfalse\n"
    paragraphs = build_paragraphs(body + footer, [])
    assert all(p.excluded is None for p in paragraphs[:12])
    assert paragraphs[12:] and all(p.excluded == "licence footer" for p in paragraphs[12:])
