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
    run = subprocess.run([sys.executable, "-m", "explorer", "--corpus", str(CORPUS), "--index", str(index_dir), *args],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
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
    run = subprocess.run([sys.executable, "-m", "explorer", "docs", "--json", "--corpus", str(CORPUS), "--index", str(index_dir)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
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
