"""A long plan with a table of contents (tests/fixtures/plan-14th-fyp-outline.txt, see its README)."""

from __future__ import annotations

from pathlib import Path

from explorer.corpus.document import build_document
from explorer.extract.figures import extract_figures
from explorer.extract.lexicon import load_lexicon
from explorer.model import DocumentRecord

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "plan-14th-fyp-outline.txt"
LEX, _ = load_lexicon(ROOT / "corpus" / "lexicon.yaml")
RECORD = DocumentRecord(
    "cn-fyp-14",
    "中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要",
    "plan",
    "全国人民代表大会",
    "2021-03-11",
    (2021, 2022, 2023, 2024, 2025),
    FIXTURE,
)


def _doc(text: str | None = None):
    return build_document(RECORD, text if text is not None else FIXTURE.read_text(encoding="utf-8"))


def test_table_of_contents_is_kept_out_of_the_outline() -> None:
    doc = _doc()
    titles = [h.number + h.title for h in doc.headings]
    assert len(titles) == len(set(titles)), "a heading listed in the 目录 appears twice"
    toc = [p for p in doc.passages if p.text.startswith("第") and not p.section and p.heading is None]
    assert len(toc) == 11  # the 目录's 3 篇 and 8 章 lines
    body = next(p for p in doc.passages if p.text.startswith("“十三五”时期，全面建成小康社会"))
    assert body.section == (
        "第一篇 开启全面建设社会主义现代化国家新征程",
        "第一章 发展环境",
        "第一节 决胜全面建成小康社会取得决定性成就",
    )


def test_pian_zhang_jie_nest_and_every_parent_is_right() -> None:
    doc = _doc()
    by_id = {h.id: h for h in doc.headings}
    unit_parent = {"篇": None, "章": "篇", "节": "章"}
    for h in doc.headings:
        unit = h.number[-1]
        parent = by_id[h.parent].number[-1] if h.parent else None
        assert parent == unit_parent[unit], (h.number, h.title, parent)
    chapter_9 = next(h for h in doc.headings if h.number == "第九章")
    assert by_id[chapter_9.parent].number == "第三篇"  # chapters number on across parts


def test_toc_without_its_title_line_is_still_recognised() -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace("目　录\n", "")
    doc = _doc(text)
    assert sum(h.number == "第一篇" for h in doc.headings) == 1
    assert next(h for h in doc.headings if h.number == "第一节").parent.endswith(":1.1")


def test_plan_targets_span_the_plan_years() -> None:
    doc = _doc()
    figs = [f for p in doc.passages for f in extract_figures(p, RECORD, LEX)]
    urban = next(f for f in figs if f.value == "65")
    assert (urban.role, urban.measure, urban.period_start, urban.period_end, urban.year) == (
        "target",
        "share",
        2021,
        2025,
        2025,
    )
    rd = next(f for f in figs if f.value == "7")
    assert (rd.role, rd.measure, rd.average) == ("target", "rate", True)
    co2 = next(f for f in figs if f.value == "18")
    assert (co2.role, co2.measure) == ("target", "rate")  # "分别降低13.5%、18%"
    gdp = next(f for f in figs if f.value == "100")
    assert (gdp.role, gdp.measure, gdp.year, gdp.period_start) == ("actual", "level", 2020, 2016)  # “十三五”时期


def test_toc_entries_link_to_the_body_headings_they_name() -> None:
    doc = _doc()
    by_id = {h.id: h for h in doc.headings}
    assert len(doc.toc_targets) == 11  # every 篇 and 章 line of the 目录
    for passage, heading_id in doc.toc_targets:
        entry, heading = doc.passages[passage], by_id[heading_id]
        assert entry.text.replace(" ", "").replace("　", "").startswith(heading.number)
        assert heading.passage > passage  # the body heading, not the entry itself
    toc = {p for p, _ in doc.toc_targets}
    assert all(doc.passages[p].exclusion_reason == "table of contents" for p in toc)
    # without the 目录 title line the entries are found and linked the same way
    untitled = _doc(FIXTURE.read_text(encoding="utf-8").replace("目　录\n", ""))
    assert len(untitled.toc_targets) == 11


def test_search_reads_the_body_not_the_table_of_contents(tmp_path) -> None:
    from explorer.corpus.importing import import_paths
    from explorer.workspace import Workspace

    import_paths([FIXTURE], tmp_path / "corpus")
    ws = Workspace.open(tmp_path / "corpus", tmp_path / "idx")
    ws.update_index()
    toc = {p for p, _ in _doc().toc_targets}
    result = ws.search("发展环境")
    hits = result.hits
    assert hits and all(not h.excluded for h in hits) and result.excluded_matches >= 1
    assert not [h for h in hits if h.passage in toc]  # the body's "第一章 发展环境", not the 目录's
    shown = ws.search("发展环境", include_excluded=True).hits
    assert [h for h in shown if h.excluded and h.passage in toc]  # asked for, the 目录 line is there, marked
