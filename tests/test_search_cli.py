"""``search`` results a researcher can take away: JSON with document title/kind/date (list shape kept,
``--envelope`` for the total), ``--limit 0``, ``--csv``, ``--export`` with citations, ``--explain``, and
notices for filters that cannot match. Run on the bundled corpus through the real command line."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from conftest import CORPUS, ROOT

from explorer.corpus.records import load_records
from explorer.model import Hit
from explorer.search.analysis import fold
from explorer.search.explain import explain_hit
from explorer.search.export import export_results, result_rows, to_markdown
from explorer.search.glossary import load_glossary


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("search-cli-index")


@pytest.fixture(scope="module")
def records():
    recs, _ = load_records(CORPUS)
    return {r.id: r for r in recs}


def cli(index_dir, *args, code=0):
    run = subprocess.run(
        [sys.executable, "-m", "explorer", "--corpus", str(CORPUS), "--index", str(index_dir), "search", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == code, run.stderr
    assert "Traceback" not in run.stderr
    return run


def test_json_keeps_the_list_and_adds_title_kind_date(index_dir, records):
    hits = json.loads(cli(index_dir, "生态", "--json").stdout)
    assert isinstance(hits, list) and len(hits) == 20
    for h in hits:
        assert {"doc", "passage", "section", "text", "score", "highlights", "excluded"} <= set(h)
        r = records[h["doc"]]
        assert (h["title"], h["kind"], h["date"]) == (r.title, r.kind, r.published)


def test_envelope_total_and_limit_zero_means_all(index_dir):
    env = json.loads(cli(index_dir, "生态", "--json", "--envelope", "--limit", "5").stdout)
    assert env["shown"] == len(env["hits"]) == 5 and env["total"] > 20 and env["query"] == "生态"
    everything = json.loads(cli(index_dir, "生态", "--json", "--limit", "0").stdout)
    assert len(everything) == env["total"]
    assert all("生态" in fold(h["text"]) for h in everything)


def test_csv_rows(index_dir):
    out = cli(index_dir, "森林覆盖率", "--csv", "--limit", "3").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert 1 <= len(rows) <= 3
    assert list(rows[0]) == ["doc", "passage", "title", "kind", "date", "section", "score", "quote", "highlights"]
    for row in rows:
        s, e = map(int, row["highlights"].split()[0].split("-"))
        assert row["quote"][s:e] == "森林覆盖率" and row["title"] and row["date"]


def test_export_markdown_and_csv_with_citations(index_dir, records, tmp_path):
    md = tmp_path / "results.md"
    run = cli(index_dir, "森林覆盖率", "--limit", "3", "--export", str(md), "--json")
    assert "exported" in run.stderr and str(md) in run.stderr
    hits = json.loads(run.stdout)
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# Search: 森林覆盖率")
    for h in hits:
        r = records[h["doc"]]
        assert f"《{r.title}》, {r.published}" in text and f"({h['doc']}#{h['passage']})" in text
    assert "**森林覆盖率**" in text

    out = tmp_path / "results.csv"
    cli(index_dir, "森林覆盖率", "--limit", "3", "--export", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["doc"], int(r["passage"])) for r in rows] == [(h["doc"], h["passage"]) for h in hits]


def test_export_never_overwrites_without_force(index_dir, tmp_path):
    target = tmp_path / "mine.md"
    target.write_text("my own notes", encoding="utf-8")
    run = cli(index_dir, "生态", "--export", str(target), code=2)
    assert run.stderr.count("\n") == 1 and "already exists" in run.stderr and str(target) in run.stderr
    assert target.read_text(encoding="utf-8") == "my own notes"
    cli(index_dir, "生态", "--export", str(target), "--force")
    assert target.read_text(encoding="utf-8").startswith("# Search: 生态")
    run = cli(index_dir, "生态", "--export", str(tmp_path / "x.pdf"), code=2)
    assert run.stderr.count("\n") == 1 and "use .md or .csv" in run.stderr


def test_explain_says_fold_glossary_and_exact(index_dir):
    hits = json.loads(cli(index_dir, "綠色發展", "--json", "--explain", "--limit", "3").stdout)
    assert hits
    for h in hits:
        (reason,) = [r for r in h["explain"] if r["term"] == "綠色發展"]
        assert reason["how"] == "fold" and "綠→绿" in reason["detail"] and "發→发" in reason["detail"]
        assert all(h["text"][s:e] == "绿色发展" for s, e in reason["spans"])

    hits = json.loads(cli(index_dir, "双碳", "--json", "--explain", "--limit", "0").stdout)
    hows = {r["how"] for h in hits for r in h["explain"]}
    assert hows == {"exact", "glossary"}
    for h in hits:
        for r in h["explain"]:
            assert all(fold(h["text"][s:e]) == fold(r["matched"]) for s, e in r["spans"])
            if r["how"] == "glossary":
                assert "碳达峰" in r["matched"] and "双碳" in r["detail"]

    human = cli(index_dir, "双碳", "kind:report", "--explain", "--limit", "1").stdout
    assert "why:" in human and "kind:report: the document is a report" in human


def test_filters_that_cannot_match_give_a_notice(index_dir):
    run = cli(index_dir, "生态", "kind:foo", "--json")
    assert json.loads(run.stdout) == []
    notices = [line for line in run.stderr.splitlines() if line.startswith("notice:")]
    assert len(notices) == 1 and "kind:foo" in notices[0]
    run = cli(index_dir, "生态", "year:abc", "year:1950")
    lines = [line for line in run.stderr.splitlines() if line.startswith("notice:")]
    assert len(lines) == 2 and "year:abc" in lines[0] and "1950" in lines[1]
    run = cli(index_dir, "生态", "--kind", "foo", code=2)
    assert "invalid choice" in run.stderr


def test_explain_and_export_core_functions(records, tmp_path):
    """The functions the TUI's Search pane calls, on a real passage of the bundled plan."""
    from explorer.workspace import Workspace

    ws = Workspace.open(CORPUS, tmp_path / "ix")
    ws.update_index()
    glossary, _ = load_glossary(CORPUS / "glossary.yaml")
    result = ws.search("两山", limit=3)
    assert result.hits
    reasons = explain_hit(result.hits[0], "两山", glossary)
    assert reasons and all(str(r) for r in reasons)
    assert {r.how for r in reasons} <= {"exact", "glossary"}
    rows = result_rows(result.hits, records)
    md = to_markdown(rows, query="两山", total=result.total)
    assert f"{len(rows)} of {result.total} passages" in md
    path = export_results(tmp_path / "out.md", rows, query="两山")
    assert path.read_text(encoding="utf-8") == to_markdown(rows, query="两山")

    made_up = Hit(doc="x", passage=0, section="", text="推动綠色低碳发展", score=1.0, highlights=())
    (reason,) = explain_hit(made_up, "绿色", glossary)
    assert reason.how == "fold" and reason.matched == "綠色" and "绿→綠" in reason.detail
