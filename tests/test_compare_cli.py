"""``policy-explorer compare``: JSON and CSV shapes, and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from conftest import CORPUS, PLAN, ROOT

LATER = "jx-feature-2024-drc-eco-highland"


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("compare-cli-index")


def cli(index_dir, *args):
    return subprocess.run(
        [sys.executable, "-m", "explorer", "--corpus", str(CORPUS), "--index", str(index_dir), "compare", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def test_json(index_dir):
    run = cli(index_dir, "jx-eco-plan", "绿色征途", "--json")  # an id prefix and a part of a title
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["a"] == PLAN and data["b"] == LATER
    assert set(data) == {"a", "b", "a_title", "b_title", "targets", "measures", "references", "coverage"}
    target = data["targets"][0]
    assert set(target) == {"indicator", "measure", "change", "a", "b", "note"}
    side = target["a"] or target["b"]
    assert {"doc", "passage", "value", "unit", "qualifier", "period", "quote", "start", "end"} <= set(side)
    assert data["coverage"] and {"item", "id", "label", "status", "reported"} <= set(data["coverage"][0])


def test_csv(index_dir):
    run = cli(index_dir, PLAN, LATER, "--csv")
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert rows and {"indicator", "change", "a_value", "b_value", "a_quote"} <= set(rows[0])


def test_bad_input_is_one_line(index_dir):
    run = cli(index_dir, "no-such-document", PLAN)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.strip().count("\n") == 0 and "no-such-document" in run.stderr
    same = cli(index_dir, PLAN, PLAN)
    assert same.returncode == 2 and "two different documents" in same.stderr
