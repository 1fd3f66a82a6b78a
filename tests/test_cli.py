"""The command line's --json output is the stable interface for scripts: its shape is tested here."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import CORPUS, PLAN, ROOT


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("cli-index")


def cli(index_dir, *args, check=True):
    run = subprocess.run(
        [sys.executable, "-m", "explorer", "--corpus", str(CORPUS), "--index", str(index_dir), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    if check:
        assert run.returncode == 0, run.stderr
        assert "Traceback" not in run.stderr
    return run


def test_docs_json(index_dir):
    docs = json.loads(cli(index_dir, "docs", "--json").stdout)
    assert len(docs) == 5
    assert set(docs[0]) == {"id", "title", "kind", "issuer", "published", "covers", "source", "passages"}
    plan = next(d for d in docs if d["id"] == PLAN)
    assert plan["kind"] == "plan" and plan["covers"] == [2024, 2025, 2026]
    assert plan["source"].endswith("seeds/004_025134c6bf8f4523.txt")
    report = next(d for d in docs if d["id"] == "jx-congress-report-2023")
    assert report["published"] == "2023-01-12" and report["kind"] == "report" and report["covers"] == [2022, 2023]


def test_global_options_after_the_subcommand(index_dir):
    run = subprocess.run(
        [sys.executable, "-m", "explorer", "docs", "--json", "--corpus", str(CORPUS), "--index", str(index_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode == 0 and len(json.loads(run.stdout)) == 5


def test_outline_and_read_json(index_dir):
    outline = json.loads(cli(index_dir, "outline", PLAN, "--json").stdout)
    assert [h["label"] for h in outline if h["level"] == 1][0] == "一、实施发展方式绿色转型行动"
    passages = json.loads(cli(index_dir, "read", PLAN, "--json").stdout)
    assert all(not p["excluded"] for p in passages)
    everything = json.loads(cli(index_dir, "read", PLAN, "--all", "--json").stdout)
    assert len(everything) > len(passages)
    one = json.loads(cli(index_dir, "read", PLAN, "--passage", "3", "--json").stdout)
    assert len(one) == 1 and one[0]["index"] == 3 and one[0]["id"] == f"{PLAN}#3"


def test_unknown_document_is_one_line(index_dir):
    run = cli(index_dir, "outline", "no-such-doc", check=False)
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "no document" in run.stderr


def test_search_json_has_exact_highlights(index_dir):
    hits = json.loads(cli(index_dir, "search", "森林覆盖率", "--json").stdout)
    assert {h["doc"] for h in hits} == {PLAN, "jx-congress-report-2023", "jx-feature-2024-drc-eco-highland"}
    for h in hits:
        assert set(h) >= {"doc", "passage", "section", "text", "score", "highlights"}
        assert [h["text"][s:e] for s, e in h["highlights"]] == ["森林覆盖率"] * len(h["highlights"])


def test_search_without_results_says_why(index_dir):
    run = cli(index_dir, "search", "河鹿")  # only in a rescued-animal item printed beside the plan
    assert "marked unrelated" in run.stdout
    assert json.loads(cli(index_dir, "search", "河鹿", "--all", "--json").stdout)


def test_figures_indicators_series_json_and_csv(index_dir):
    figures = json.loads(cli(index_dir, "figures", "--doc", PLAN, "--kind", "target", "--json").stdout)
    assert figures and all(f["kind"] == "target" and f["doc"] == PLAN for f in figures)
    assert set(figures[0]) - {
        "measure",
        "role",
        "period_start",
        "period_end",
        "average",
        "cumulative",
        "value_max",
    } == {
        "doc",
        "passage",
        "indicator",
        "label",
        "value",
        "unit",
        "base_value",
        "base_unit",
        "qualifier",
        "period",
        "year",
        "kind",
        "quote",
    }
    forest = next(f for f in figures if f["indicator"] == "森林覆盖率")
    assert (forest["value"], forest["unit"], forest["qualifier"], forest["year"]) == ("63.1", "%", "以上", 2026)
    csv_out = cli(index_dir, "figures", "--indicator", "森林覆盖率", "--csv").stdout.splitlines()
    assert csv_out[0].startswith("doc,passage,indicator,label,value")
    indicators = json.loads(cli(index_dir, "indicators", "--json").stdout)
    assert any(i["name"] == "PM2.5平均浓度" and i["direction"] == "lower" for i in indicators)
    series = json.loads(cli(index_dir, "series", "PM2.5年均浓度", "--json").stdout)  # an alias
    years = [f["year"] for f in series if f["year"] is not None]
    assert years == sorted(years) and {f["indicator"] for f in series} == {"PM2.5平均浓度"}


def test_measures_targets_refs_json(index_dir):
    measures = json.loads(cli(index_dir, "measures", "--doc", PLAN, "--json").stdout)
    assert sum(1 for m in measures if m["level"] == 1) == 7 and sum(1 for m in measures if m["level"] == 2) == 21
    targets = json.loads(cli(index_dir, "targets", "--doc", PLAN, "--json").stdout)
    assert targets and {"doc", "measure", "indicator", "target", "baseline", "reported", "status", "note"} <= set(
        targets[0]
    )
    cites = json.loads(cli(index_dir, "refs", "--type", "cites", "--json").stdout)
    own = [r for r in cites if r["target"].get("doc") == PLAN]
    assert own and own[0]["source"]["doc"] == PLAN
    followed = json.loads(cli(index_dir, "refs", "--to", "鄱阳湖流域总磷污染防治条例", "--json").stdout)
    assert followed and all("总磷" in r["target"]["title"] for r in followed)


def test_add_imports_and_updates_the_index(tmp_path):
    corpus, index = tmp_path / "new-corpus", tmp_path / "idx"
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>某市生态环境保护行动方案</title></head><body><nav>首页 > 政策</nav>"
        "<div>【字体：大中小】</div><article><h1>某市生态环境保护行动方案</h1>"
        "<p>到2027年，全市森林覆盖率达到45%以上，城市空气质量优良天数比率稳定在90%以上。</p></article>"
        "<footer>分享到：微信</footer></body></html>",
        encoding="utf-8",
    )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "explorer",
            "add",
            str(page),
            "--corpus",
            str(corpus),
            "--index",
            str(index),
            "--kind",
            "plan",
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert not run.stderr.strip()
    hits = json.loads(
        subprocess.run(
            [
                sys.executable,
                "-m",
                "explorer",
                "search",
                "森林覆盖率",
                "--corpus",
                str(corpus),
                "--index",
                str(index),
                "--json",
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=300,
        ).stdout
    )
    assert len(hits) == 1 and "45%以上" in hits[0]["text"] and "字体" not in hits[0]["text"]


def test_bench_reports_every_measure_on_a_small_corpus(tmp_path):
    """The benchmark itself is not timed here: this only checks it runs and reports what it promises."""
    run = subprocess.run(
        [sys.executable, "-m", "explorer", "bench", "--passages", "300", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    for key in (
        "build_s",
        "index_mb",
        "query_p50_ms",
        "query_p95_ms",
        "update_100_s",
        "cold_search_s",
        "scan_p50_ms",
        "scan_p95_ms",
    ):
        assert isinstance(result[key], (int, float)) and result[key] >= 0, key
    assert result["passages"] >= 250 and "exit" not in result["cold_search_cmd"]
