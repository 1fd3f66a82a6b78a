"""Each problem with a document: one clear line naming the file; the rest still loads; no traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT, SEEDS

from explorer.workspace import Workspace

GOOD = """id: good
title: 江西省打造国家生态文明建设高地三年行动计划
kind: plan
issuer: 江西省人民政府办公厅
published: "2024-07"
covers: [2024, 2025, 2026]
source: good.txt
"""


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "good.txt").write_text(
        (SEEDS / "004_025134c6bf8f4523.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    return tmp_path


def _problems(corpus):
    ws = Workspace.open(corpus, corpus.parent / "index")
    return ws, [str(p) for p in ws.problems]


def test_yaml_syntax_error_names_file_and_line(corpus):
    (corpus / "broken.yaml").write_text("id: broken\ntitle: [unclosed\nkind: plan\n", encoding="utf-8")
    ws, problems = _problems(corpus)
    assert len(ws.documents) == 1
    assert any("broken.yaml" in p and "YAML syntax error at line" in p for p in problems)


@pytest.mark.parametrize(
    "body, message",
    [
        ("id: a\ntitle: t\nkind: plan\n", "missing required field: source"),
        ("id: a\ntitle: t\nkind: memo\nsource: good.txt\n", "unknown kind 'memo'"),
        ("id: a\ntitle: t\nkind: plan\nsource: good.txt\npublished: last year\n", "published must be an ISO date"),
        ("- just\n- a list\n", "not a mapping"),
        ("id: 'bad id!'\ntitle: t\nkind: plan\nsource: good.txt\n", "must be letters"),
    ],
)
def test_invalid_records(corpus, body, message):
    (corpus / "bad.yaml").write_text(body, encoding="utf-8")
    ws, problems = _problems(corpus)
    assert len(ws.documents) == 1
    assert any(p.startswith(str(corpus / "bad.yaml")) and message in p for p in problems), problems


def test_missing_source(corpus):
    (corpus / "gone.yaml").write_text(
        GOOD.replace("id: good", "id: gone").replace("good.txt", "gone.txt"), encoding="utf-8"
    )
    ws, problems = _problems(corpus)
    assert len(ws.documents) == 1 and any("gone.yaml" in p and "does not exist" in p for p in problems)


@pytest.mark.parametrize("content, message", [(b"", "empty"), (b"\x00\x01\x02PK\x03\x04" * 50, "binary")])
def test_empty_or_binary_source(corpus, content, message):
    (corpus / "odd.txt").write_bytes(content)
    (corpus / "odd.yaml").write_text(
        GOOD.replace("id: good", "id: odd").replace("good.txt", "odd.txt"), encoding="utf-8"
    )
    ws, problems = _problems(corpus)
    assert len(ws.documents) == 1 and any("odd" in p and message in p for p in problems)


def test_duplicate_ids(corpus):
    (corpus / "zz-copy.yaml").write_text(GOOD, encoding="utf-8")
    ws, problems = _problems(corpus)
    assert len(ws.documents) == 1 and any("zz-copy.yaml" in p and "duplicate id 'good'" in p for p in problems)


def test_gbk_text_is_detected_loaded_and_said(corpus):
    text = (corpus / "good.txt").read_text(encoding="utf-8")
    (corpus / "gbk.txt").write_bytes(text.encode("gbk", errors="ignore"))
    (corpus / "gbk.yaml").write_text(
        GOOD.replace("id: good", "id: gbk").replace("good.txt", "gbk.txt"), encoding="utf-8"
    )
    ws, problems = _problems(corpus)
    assert len(ws.documents) == 2
    assert any("gbk.txt" in p and "not UTF-8" in p and "gb18030" in p for p in problems)
    assert "实施发展方式绿色转型行动" in ws.document("gbk").text


def test_unmatched_curation_anchor(corpus):
    body = GOOD + 'exclude:\n  - {start: "这句话不在文中", end: "也不在", reason: test}\n'
    (corpus / "good.yaml").write_text(body, encoding="utf-8")
    ws, problems = _problems(corpus)
    assert any("good.yaml" in p and "anchor matches nothing" in p for p in problems)


def _cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "explorer", *args], capture_output=True, text=True, cwd=cwd or ROOT, timeout=120
    )


def test_cli_reports_problems_as_lines_and_keeps_working(corpus, tmp_path):
    (corpus / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    (corpus / "gone.yaml").write_text(
        GOOD.replace("id: good", "id: gone").replace("good.txt", "gone.txt"), encoding="utf-8"
    )
    run = _cli("--corpus", str(corpus), "--index", str(tmp_path / "idx"), "docs", "--json")
    assert run.returncode == 0
    assert [d["id"] for d in json.loads(run.stdout)] == ["good"]
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 2 and "Traceback" not in run.stderr
    strict = _cli("--corpus", str(corpus), "--index", str(tmp_path / "idx"), "docs", "--strict")
    assert strict.returncode != 0


def test_cli_exit_status_when_nothing_loads(tmp_path):
    (tmp_path / "a.yaml").write_text("id: a\n", encoding="utf-8")
    run = _cli("--corpus", str(tmp_path), "--index", str(tmp_path / "idx"), "docs")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "missing required field" in run.stderr


def test_tool_never_writes_into_the_corpus(corpus, tmp_path):
    before = sorted((p.name, p.stat().st_mtime_ns) for p in corpus.iterdir())
    run = _cli("--corpus", str(corpus), "docs", "--json")
    assert run.returncode == 0
    assert sorted((p.name, p.stat().st_mtime_ns) for p in corpus.iterdir()) == before


@pytest.mark.parametrize("published", ["2024-13-45", "2024-02-30"])
def test_impossible_date_is_one_line_and_the_rest_loads(corpus, published):
    (corpus / "baddate.yaml").write_text(
        GOOD.replace("id: good", "id: baddate").replace('"2024-07"', published), encoding="utf-8"
    )
    ws, problems = _problems(corpus)
    assert len(ws.documents) == 1
    assert any("baddate.yaml" in p and "invalid value" in p for p in problems)


def test_utf8_with_a_damaged_byte_loads_and_says_so(corpus):
    data = (corpus / "good.txt").read_bytes()
    (corpus / "damaged.txt").write_bytes(data[:100] + b"\xff" + data[100:] + "尾".encode()[:2])
    (corpus / "damaged.yaml").write_text(
        GOOD.replace("id: good", "id: damaged").replace("good.txt", "damaged.txt"), encoding="utf-8"
    )
    ws, problems = _problems(corpus)
    assert len(ws.documents) == 2
    assert any("damaged.txt" in p and "2 byte(s) were not valid UTF-8" in p for p in problems)


def test_problems_of_settings_files_are_printed(corpus, tmp_path):
    (corpus / "glossary.yaml").write_text("- terms: 5\n- [两山, 绿水青山就是金山银山]\n", encoding="utf-8")
    run = _cli("--corpus", str(corpus), "--index", str(tmp_path / "idx"), "search", "两山", "--json")
    assert run.returncode == 0 and "Traceback" not in run.stderr
    assert "glossary.yaml" in run.stderr and run.stderr.count("glossary.yaml") == 1


def test_search_with_no_loadable_document_fails_clearly(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD.replace("good.txt", "missing.txt"), encoding="utf-8")
    run = _cli("--corpus", str(tmp_path), "--index", str(tmp_path / "idx"), "search", "森林")
    assert run.returncode == 1 and "no document could be loaded" in run.stderr


def test_titles_with_brackets_print_as_written(corpus, tmp_path):
    (corpus / "good.yaml").write_text(GOOD.replace("title: 江西省", "title: '[draft] [/] 江西省"), encoding="utf-8")
    text = (
        (corpus / "good.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "title: '[draft] [/] 江西省打造国家生态文明建设高地三年行动计划",
            "title: '[draft] [/] 江西省打造国家生态文明建设高地三年行动计划'",
        )
    )
    (corpus / "good.yaml").write_text(text, encoding="utf-8")
    run = _cli("--corpus", str(corpus), "--index", str(tmp_path / "idx"), "docs")
    assert run.returncode == 0, run.stderr
    assert "[draft] [/]" in run.stdout


def test_minus_word_is_not_taken_for_an_option(corpus, tmp_path):
    run = _cli("--corpus", str(corpus), "--index", str(tmp_path / "idx"), "search", "碳达峰", "-碳中和", "--json")
    assert run.returncode == 0, run.stderr
    assert all("碳中和" not in h["text"] for h in json.loads(run.stdout))
