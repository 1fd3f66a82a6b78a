"""Import: files of each format → corpus records (YAML + UTF-8 text) with metadata proposed from the text.

Fixtures are built here (GBK/Big5 text by .encode(), an HTML page with chrome, a two-page PDF from reportlab's
built-in CID font, a DOCX with headings); the field test imports the shared work reports and JSON lines."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from explorer.corpus.importers import ExtractError, extract_file
from explorer.corpus.importers.chrome import strip_chrome
from explorer.corpus.importers.pdf import join_pdf_pages
from explorer.corpus.importing import import_jsonl, import_paths, normalise_date, slug_for_file
from explorer.corpus.metadata import propose_metadata

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"  # ../shared beside the repository
WORK_REPORTS = SHARED / "work-reports"
RAW_JSONL = SHARED / "raw" / "government_work_reports.jsonl"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"

PLAN_TEXT = (
    "测试市生态环境保护行动计划（2024—2026年）\n"
    "测试市人民政府办公室\n\n"
    "一、总体要求\n"
    "到2026年，全市空气质量优良天数比例达到90%以上，森林覆盖率稳定在63%以上。\n"
    "二、重点任务\n"
    "（一）实施绿色转型行动。战略性新兴产业增加值占规模以上工业增加值比重达到30%以上。\n\n"
    "测试市人民政府办公室\n"
    "2024年4月2日\n"
)


def _record(corpus: Path, doc_id: str) -> dict:
    return yaml.safe_load((corpus / f"{doc_id}.yaml").read_text(encoding="utf-8"))


def _only(report):
    assert not report.problems, report.problems
    assert len(report.added) == 1, report.lines()
    return report.added[0]


# --- plain text: encodings and chrome ------------------------------------------------------------------


def test_gbk_text_is_detected_said_and_stored_as_utf8(tmp_path):
    source = tmp_path / "plan-gbk.txt"
    source.write_bytes(PLAN_TEXT.encode("gbk"))
    report = import_paths([source], tmp_path / "corpus")
    doc = _only(report)
    assert doc.encoding == "gb18030" and any("gb18030" in note for note in doc.notes)
    record = _record(tmp_path / "corpus", doc.id)
    assert record["imported_from"]["encoding"] == "gb18030"
    text = (tmp_path / "corpus" / record["source"]).read_text(encoding="utf-8")
    assert "森林覆盖率稳定在63%以上" in text
    assert record["title"] == "测试市生态环境保护行动计划（2024—2026年）"
    assert record["kind"] == "plan"
    assert record["published"] == "2024-04-02"  # the dateline under the signature
    assert record["issuer"] == "测试市人民政府办公室"
    assert record["covers"] == [2024, 2025, 2026]


def test_big5_text_is_detected(tmp_path):
    source = tmp_path / "report-big5.txt"
    text = "臺北市政府工作報告\n\n各位議員：\n過去一年，本市經濟穩定成長，失業率維持在百分之三點五以下，空氣品質持續改善。\n"
    source.write_bytes(text.encode("big5"))
    doc = _only(import_paths([source], tmp_path / "corpus"))
    assert doc.encoding.startswith("big5")
    assert "失業率維持在百分之三點五以下" in doc.text_path.read_text(encoding="utf-8")


def test_chrome_lines_are_stripped_from_plain_text_but_content_stays():
    page = "\n".join(
        [
            "您的位置:",
            "首页",
            ">",
            "要闻",
            "测试省2026年政府工作报告",
            "来源：测试日报",
            "2026-02-03 09:02:33",
            "【字体：",
            "大",
            "中",
            "小",
            "】",
            "分享：",
            "——2026年1月28日在测试省第十四届人民代表大会第四次会议上",
            "省长　王五",
            "各位代表：",
            "现在，我代表省人民政府，向大会报告工作，请予审议。大中小企业融资难问题得到缓解，分享经济加快发展。",
            "扫一扫在手机打开当前页",
            "收藏",
            "|",
            "分享到:",
            "分享到微信",
            "×",
            "相关文档：",
        ]
    )
    cleaned = strip_chrome(page)
    for chrome in ("字体", "扫一扫", "分享到微信", "您的位置", "来源：", "相关文档"):
        assert chrome not in cleaned
    assert not re.search(r"^(大|中|小|首页|>)$", cleaned, re.MULTILINE)
    assert "大中小企业融资难问题得到缓解，分享经济加快发展。" in cleaned
    meta = propose_metadata(cleaned, "page.txt")
    assert meta.title == "测试省2026年政府工作报告"
    assert meta.published == "2026-01-28"
    assert meta.issuer == "测试省人民政府"


# --- HTML, PDF, DOCX --------------------------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>测试市2025年政府工作报告_测试市人民政府门户网站</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/bsfw">办事服务</a></div>
<div class="location">您的位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>
<div class="article"><h1>测试市2025年政府工作报告</h1>
<div class="info">发布时间：2025-01-20 来源：测试市人民政府 【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】
分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<div class="content">
<p>——2025年1月15日在测试市第十七届人民代表大会第五次会议上</p><p>市长 张三</p>
<p>各位代表：</p><p>现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员和其他列席人员提出意见。</p>
<h2>一、2024年工作回顾</h2>
<p>过去一年，全市地区生产总值增长5.6%，一般公共预算收入完成120亿元，城镇新增就业3.2万人。</p>
<h2>二、2025年主要目标</h2>
<p>今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右，城镇调查失业率控制在5.5%以内。</p>
</div><div class="tools"><a href="#">打印本页</a> <a href="#">关闭窗口</a></div></div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/a">解读：政府工作报告十大看点</a></li></ul></div>
<div class="footer">主办单位：测试市人民政府办公室 备案号：测ICP备12345678号 扫一扫在手机打开当前页</div>
</body></html>"""


def test_html_page_loses_its_chrome_and_keeps_headings(tmp_path):
    source = tmp_path / "report.html"
    source.write_bytes(HTML_PAGE.encode("gbk"))  # declared gb2312, read as its superset
    doc = _only(import_paths([source], tmp_path / "corpus"))
    text = doc.text_path.read_text(encoding="utf-8")
    for chrome in ("字体", "分享到", "打印本页", "关闭窗口", "相关链接", "备案号", "政务公开", "您的位置"):
        assert chrome not in text, chrome
    assert "一般公共预算收入完成120亿元" in text
    assert re.search(r"^#+ 一、2024年工作回顾$", text, re.MULTILINE)
    assert doc.title == "测试市2025年政府工作报告"
    assert doc.published == "2025-01-15" and doc.kind == "report"
    assert doc.issuer == "测试市人民政府"
    assert _record(tmp_path / "corpus", doc.id)["imported_from"]["format"] == "html"


def _two_page_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    pages = [
        [
            "测试市生态环境保护行动计划（2024—2026年）",
            "一、总体要求",
            "到2026年，全市空气质量优良天数比例达到90%以上，地表水国控断面水质优良比例",
            "保持100%，森林覆盖率稳定在63%以上。",
            "二、重点任务",
            "（一）实施绿色转型行动。加快发展战略性新兴产业，推动传统产业改造升级，到2026年战",
        ],
        [
            "略性新兴产业增加值占规模以上工业增加值比重达到30%以上。",
            "（二）实施碳达峰行动。单位地区生产总值能耗下降完成省下达任务。",
        ],
    ]
    for number, lines in enumerate(pages, start=1):
        pdf.setFont("STSong-Light", 12)
        y = height - 72
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 20
        pdf.drawCentredString(width / 2, 40, f"— {number} —")
        pdf.showPage()
    pdf.save()


def test_pdf_rejoins_wrapped_lines_and_the_sentence_broken_across_pages(tmp_path):
    source = tmp_path / "plan.pdf"
    _two_page_pdf(source)
    doc = _only(import_paths([source], tmp_path / "corpus"))
    text = doc.text_path.read_text(encoding="utf-8")
    assert "到2026年战略性新兴产业增加值占规模以上工业增加值比重达到30%以上。" in text  # across the page
    assert "水质优良比例保持100%，森林覆盖率" in text  # wrapped inside a sentence
    assert "— 1 —" not in text and "— 2 —" not in text
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    assert "一、总体要求" in paragraphs and "二、重点任务" in paragraphs  # headings stay lines of their own
    assert doc.kind == "plan" and doc.title == "测试市生态环境保护行动计划（2024—2026年）"


def test_pdf_mends_hyphenated_latin_words_and_drops_running_headers():
    header = "Annual Plan 2024"
    words = ["neigh-\nbours.", "inter-\nnational partners.", "re-\ngions."]
    pages = [
        f"{header}\nPart {n}: the programme cuts emissions across the whole region with its {w}\n{n}"
        for n, w in enumerate(words, start=1)
    ]
    text = join_pdf_pages(pages)
    assert "its neighbours." in text and "its international partners." in text and header not in text


def test_docx_headings_become_markdown_headings(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("测试县乡村振兴实施方案", level=0)
    document.add_heading("一、总体目标", level=1)
    document.add_paragraph("到2027年，农村居民人均可支配收入年均增长7%以上。")
    document.add_heading("（一）产业发展", level=2)
    document.add_paragraph("培育县级以上龙头企业20家。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "指标", "目标"
    table.cell(1, 0).text, table.cell(1, 1).text = "龙头企业", "20家"
    source = tmp_path / "方案.docx"
    document.save(str(source))
    doc = _only(import_paths([source], tmp_path / "corpus"))
    text = doc.text_path.read_text(encoding="utf-8")
    assert text.startswith("# 测试县乡村振兴实施方案")
    assert "\n## 一、总体目标\n" in text and "\n### （一）产业发展\n" in text
    assert "| 龙头企业 | 20家 |" in text
    assert doc.kind == "plan" and doc.title == "测试县乡村振兴实施方案"
    assert re.fullmatch(r"doc-[0-9a-f]{8}", doc.id)  # a Chinese file name gets a hash id


# --- folders, duplicates, force, bad files ---------------------------------------------------------------


def test_folder_import_skips_duplicates_never_overwrites_and_reports_bad_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "plan.txt").write_text(PLAN_TEXT, encoding="utf-8")
    (folder / "copy-of-plan.txt").write_text(PLAN_TEXT, encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.csv").write_text("a,b\n", encoding="utf-8")  # unsupported: not picked from a folder
    corpus = tmp_path / "corpus"
    first = import_paths([folder], corpus)
    assert [d.id for d in first.added] == ["copy-of-plan"]
    assert [s.existing for s in first.skipped] == ["copy-of-plan"]  # plan.txt: same content in this run
    assert sorted(Path(p.path).name for p in first.problems) == ["broken.pdf", "empty.txt"]
    assert all("\n" not in str(p) and "Traceback" not in str(p) for p in first.problems)

    again = import_paths([folder / "plan.txt"], corpus)
    assert not again.added and again.skipped[0].existing == "copy-of-plan"

    # a different file with the same name: a new id, the existing record untouched
    other = tmp_path / "other" / "copy-of-plan.txt"
    other.parent.mkdir()
    other.write_text(PLAN_TEXT.replace("63%", "64%"), encoding="utf-8")
    before = (corpus / "copy-of-plan.yaml").read_text(encoding="utf-8")
    second = import_paths([other], corpus)
    assert [d.id for d in second.added] == ["copy-of-plan-2"]
    assert (corpus / "copy-of-plan.yaml").read_text(encoding="utf-8") == before

    # --force re-imports over the record that holds the same content
    (corpus / "copy-of-plan.yaml").write_text(before.replace("kind: plan", "kind: report"), encoding="utf-8")
    forced = import_paths([folder / "copy-of-plan.txt"], corpus, force=True)
    assert [d.id for d in forced.added] == ["copy-of-plan"] and "replaced" in str(forced.added[0])
    assert _record(corpus, "copy-of-plan")["kind"] == "plan"
    assert not list(corpus.glob(".*.tmp"))  # atomic writes leave no temporary files


def test_given_values_override_proposals_and_bad_options_are_one_line(tmp_path):
    source = tmp_path / "p.txt"
    source.write_text(PLAN_TEXT, encoding="utf-8")
    doc = _only(import_paths([source], tmp_path / "c", kind="report", title="自定标题", published="2024-05"))
    record = _record(tmp_path / "c", doc.id)
    assert (record["kind"], record["title"], record["published"]) == ("report", "自定标题", "2024-05")
    assert record["imported_from"]["metadata_from"]["title"] == "given"
    bad = import_paths([source], tmp_path / "c2", published="May 2024")
    assert not bad.added and bad.problems[0].path == "--published"
    missing = import_paths([tmp_path / "nope.txt"], tmp_path / "c3")
    assert str(missing.problems[0]).endswith("no such file or folder")
    with pytest.raises(ExtractError, match="docx"):
        extract_file(tmp_path / "old.doc")


def test_ids_and_dates_helpers():
    assert slug_for_file(Path("My Report (2024).txt")) == "my-report-2024"
    assert re.fullmatch(r"doc-[0-9a-f]{8}", slug_for_file(Path("江西省行动计划.pdf")))
    assert normalise_date(2024) == "2024" and normalise_date("2024年3月5日") == "2024-03-05"
    assert normalise_date("2024/3") == "2024-03" and normalise_date("spring") is None


def test_import_jsonl_uses_fields_and_reports_bad_lines(tmp_path):
    source = tmp_path / "docs.jsonl"
    lines = [
        json.dumps({"title": "2030年测试省国土绿化规划", "year": "2024", "content": PLAN_TEXT}, ensure_ascii=False),
        "{not json",
        json.dumps({"title": "空", "content": ""}, ensure_ascii=False),
        json.dumps(
            {
                "title": None,
                "year": None,
                "content": "政府工作报告\n——2023年1月12日在测试省第十四届人民代表大会第一次会议上\n各位代表：\n现在，我代表省人民政府，向大会报告工作。",
            },
            ensure_ascii=False,
        ),
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_jsonl(source, tmp_path / "c", text_field="content", title_field="title", date_field="year")
    assert [p.path.rsplit(":", 1)[1] for p in report.problems] == ["2", "3"]
    first, second = report.added
    assert (first.title, first.kind) == ("2030年测试省国土绿化规划", "plan")
    assert first.published == "2024-04-02"  # the field's year, made precise by the text's dateline
    assert (second.title, second.published, second.issuer) == (
        "2023年测试省政府工作报告",
        "2023-01-12",
        "测试省人民政府",
    )
    assert _record(tmp_path / "c", first.id)["imported_from"]["line"] == 1
    again = import_jsonl(source, tmp_path / "c", text_field="content")
    assert not again.added and len(again.skipped) == 2


# --- field test on real documents ----------------------------------------------------------------------


def _same_title(proposed: str, expected: str) -> bool:
    def norm(title: str) -> str:
        return re.sub(r"\s|中华人民共和国", "", title)

    return norm(proposed) == norm(expected)


@pytest.mark.skipif(not WORK_REPORTS.is_dir(), reason="shared corpora not available")
def test_work_reports_import_with_right_titles_dates_kinds(tmp_path):
    corpus = tmp_path / "corpus"
    report = import_paths([WORK_REPORTS], corpus)
    assert not report.problems, report.problems
    assert len(report.added) == 13  # the README is skipped, not imported
    titles = exact_dates = year_dates = kinds = issuers = 0
    for doc in report.added:
        sidecar = yaml.safe_load((WORK_REPORTS / f"{doc.id}.yaml").read_text(encoding="utf-8"))
        record = _record(corpus, doc.id)
        titles += _same_title(record["title"], sidecar["title"])
        delivered = normalise_date(sidecar["delivered"]) if sidecar.get("delivered") else None
        exact_dates += record["published"] in {sidecar["date"], delivered}
        year_dates += bool(record["published"]) and sidecar["date"].startswith(record["published"][:4])
        kinds += record["kind"] == {"work-report": "report"}.get(sidecar["kind"], sidecar["kind"])
        issuers += bool(record["issuer"]) and sidecar["issuer"].startswith(record["issuer"])
        assert "【字体" not in (corpus / record["source"]).read_text(encoding="utf-8")
    # measured: titles 13, exact dates 8 (5 national texts carry no date: their year comes from the file
    # name), years 13, kinds 13, issuers 13 — asserted a little below so that a regression shows
    assert titles >= 12 and exact_dates >= 7 and year_dates >= 12 and kinds >= 12 and issuers >= 11
    again = import_paths([WORK_REPORTS], corpus)
    assert not again.added and len(again.skipped) == 14


@pytest.mark.skipif(not RAW_JSONL.is_file(), reason="shared corpora not available")
def test_government_work_reports_jsonl_imports(tmp_path):
    corpus = tmp_path / "corpus"
    report = import_jsonl(RAW_JSONL, corpus, text_field="content", title_field="title", date_field="year")
    assert not report.problems and len(report.added) == 72
    rows = [json.loads(line) for line in RAW_JSONL.read_text(encoding="utf-8").splitlines()]
    by_line = {int(doc.source.rsplit(":", 1)[1]): doc for doc in report.added}
    titles = sum(_same_title(by_line[i + 1].title, row["title"]) for i, row in enumerate(rows))
    dated = [(by_line[i + 1], row["year"]) for i, row in enumerate(rows) if row["year"]]
    years = sum(doc.published[:4] == str(year) for doc, year in dated)
    kinds = sum(doc.kind == "report" for doc in report.added)
    assert (titles, years, kinds) == (72, len(dated), 72)
    # resolutions have no year field: their dates come from "（2023年3月13日…会议通过）" where the text has it
    resolution_dates = [doc.published for i, doc in by_line.items() if not rows[i - 1]["year"] and doc.published]
    assert len(resolution_dates) >= 4 and all(d[:4].isdigit() for d in resolution_dates)


@pytest.mark.skipif(not RAW_JSONL.is_file(), reason="shared corpora not available")
def test_jsonl_text_only_proposals_measured():
    """Without the title/date fields most of these texts carry no date at all: measured, not hidden."""
    rows = [json.loads(line) for line in RAW_JSONL.read_text(encoding="utf-8").splitlines()]
    proposals = [propose_metadata(strip_chrome(row["content"]), "") for row in rows]
    kinds = sum(p.kind == "report" for p in proposals)
    resolutions = [(p, row) for p, row in zip(proposals, rows) if row["title"].endswith("的决议")]
    resolution_titles = sum(_same_title(p.title, row["title"]) for p, row in resolutions)
    assert kinds == 72 and resolution_titles >= 18  # measured 20 of 20


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds not available")
def test_seed_texts_get_sensible_proposals():
    for path in sorted(SEEDS.glob("*.txt")):
        meta = propose_metadata(path.read_text(encoding="utf-8"), path.name)
        assert meta.title and len(meta.title) <= 80 and "。" not in meta.title, (path.name, meta.title)
        assert meta.kind in {"plan", "report"}
    plans = [propose_metadata(p.read_text(encoding="utf-8"), p.name) for p in sorted(SEEDS.glob("*.txt"))]
    assert sum(m.kind == "plan" for m in plans) >= 1 and sum(m.kind == "report" for m in plans) >= 3


# --- metadata from the text (issue 11) ------------------------------------------------------------------

CPC_JSONL = SHARED / "raw" / "cpc_congress_reports.jsonl"
FYP_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "plan-14th-fyp-outline.txt"


def _cpc(title_part: str) -> str:
    rows = [json.loads(line) for line in CPC_JSONL.read_text(encoding="utf-8").splitlines()]
    return next(row["content"] for row in rows if title_part in row["title"])


def test_a_national_plan_adopted_by_the_congress_gets_its_date_issuer_and_period():
    meta = propose_metadata(FYP_FIXTURE.read_text(encoding="utf-8"), "plan.txt")
    assert (meta.published, meta.issuer, meta.kind) == ("2021-03-11", "全国人民代表大会", "plan")
    assert meta.covers == (2021, 2022, 2023, 2024, 2025)  # 第十四个五年规划, not its first year only


@pytest.mark.skipif(not CPC_JSONL.is_file(), reason="shared corpora not available")
def test_date_in_parentheses_under_the_title_and_the_party_as_issuer():
    meta = propose_metadata(_cpc("十九大"), "")  # "——在中国共产党第十九次全国代表大会上的报告" / "（2017年10月18日）"
    assert (meta.published, meta.issuer) == ("2017-10-18", "中国共产党第十八届中央委员会")
    meta = propose_metadata(_cpc("十四大"), "")  # "我代表十三届中央委员会向大会作报告"; no date in the text
    assert (meta.published, meta.issuer) == ("", "中国共产党第十三届中央委员会")


@pytest.mark.skipif(not CPC_JSONL.is_file(), reason="shared corpora not available")
def test_a_date_told_in_prose_is_not_the_documents_date():
    # "一九七四年七月十七日，毛主席在中央政治局会议上严厉批评…" in the 11th congress report (1977)
    meta = propose_metadata(_cpc("第十一次全国代表大会"), "")
    assert not meta.published.startswith("1974")


@pytest.mark.skipif(not RAW_JSONL.is_file(), reason="shared corpora not available")
def test_a_congress_resolution_is_issued_by_the_congress_and_dated_by_the_plan_it_approves():
    rows = [json.loads(line) for line in RAW_JSONL.read_text(encoding="utf-8").splitlines()]
    text = next(r["content"] for r in rows if r["title"].startswith("第十四届全国人民代表大会第三次会议"))
    meta = propose_metadata(text, "")  # "…同意报告提出的2025年经济社会发展的总体要求…"
    assert (meta.published, meta.issuer) == ("2025", "全国人民代表大会")


def test_titles_lose_field_labels_and_escapes():
    from explorer.corpus.metadata import clean_title

    assert clean_title("标题：关于2024年国民经济和社会发展计划执行情况的报告\\[1\\]") == (
        "关于2024年国民经济和社会发展计划执行情况的报告"
    )
    meta = propose_metadata("标题：测试市生态环境保护行动计划（2024—2026年）\n\n一、总体要求\n到2026年，…。\n", "")
    assert meta.title == "测试市生态环境保护行动计划（2024—2026年）"


def test_a_sidecar_beside_the_file_wins_over_guesses(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "plan.txt").write_text(PLAN_TEXT, encoding="utf-8")
    (src / "plan.json").write_text(
        json.dumps(
            {"title": "测试市生态环境保护行动计划", "date": "2024-04-08", "issuer": "测试市人民政府（办公室代拟）"}
        ),
        encoding="utf-8",
    )
    report = import_paths([src / "plan.txt"], tmp_path / "corpus")
    record = _record(tmp_path / "corpus", _only(report).id)
    assert (record["title"], record["published"], record["issuer"]) == (
        "测试市生态环境保护行动计划",
        "2024-04-08",  # the text's dateline says 2024-04-02: the person who wrote the sidecar knows better
        "测试市人民政府",
    )
    assert record["imported_from"]["metadata_from"]["published"].startswith("sidecar plan.json")
    (src / "plan.json").write_text("{not json", encoding="utf-8")  # a broken sidecar changes nothing
    report = import_paths([src / "plan.txt"], tmp_path / "corpus2")
    assert _record(tmp_path / "corpus2", _only(report).id)["published"] == "2024-04-02"


@pytest.mark.skipif(not CPC_JSONL.is_file(), reason="shared corpora not available")
def test_a_congress_row_is_dated_by_its_congress_field_and_says_so(tmp_path):
    rows = [json.loads(line) for line in CPC_JSONL.read_text(encoding="utf-8").splitlines()]
    fourteenth = next(r for r in rows if r.get("congress") == 14)  # the text names no date
    fifteenth = {k: v for k, v in next(r for r in rows if r.get("congress") == 15).items() if k != "congress"}
    nineteenth = next(r for r in rows if r.get("congress") == 19)  # "（2017年10月18日）" under the title
    src = tmp_path / "rows.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (fourteenth, fifteenth, nineteenth)), "utf-8")
    report = import_jsonl(src, tmp_path / "corpus", text_field="content", title_field="title")
    records = [_record(tmp_path / "corpus", doc.id) for doc in report.added]
    dated, undated, own = sorted(records, key=lambda r: r["imported_from"]["line"])
    assert dated["published"] == "1992-10"  # the 14th congress met in October 1992
    assert dated["imported_from"]["metadata_from"]["published"].startswith("field congress (14)")
    assert undated["published"] == ""  # no field, no date in the text: null, never a guess
    assert own["published"] == "2017-10-18"  # the text's own date wins


def test_a_resolution_naming_its_session_gets_the_sessions_year():
    from explorer.corpus.congresses import npc_session_year

    # the texts of three resolutions name only their session ("第二届全国人民代表大会第三次会议听取了…")
    text = "第二届全国人民代表大会第三次会议听取了周恩来总理代表国务院所作的政府工作报告，并且进行了充分的讨论。\n\n会议号召…。"
    meta = propose_metadata(text, "")
    assert meta.published == "1962" and "NPC session" in meta.evidence["published"]
    assert (npc_session_year(12, 1), npc_session_year(10, 5), npc_session_year(13, 3), npc_session_year(4, 2)) == (
        2013,
        2007,
        2020,
        None,
    )
