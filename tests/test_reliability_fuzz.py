"""Bounded fuzzing (Hypothesis, derandomized, small budgets so CI stays fast): no query makes `search` fail or
hang, and no import line stops an import — every line ends as added, skipped, or one problem naming file:line."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.cli import main
from explorer.corpus.importing import import_jsonl

FUZZ = settings(
    derandomize=True, max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
WORDS = ["生态", "文明", "GDP", "AND", "OR", "NOT", "kind:plan", "year:2024", "year:0-999999999", "doc:", '"', "(", ")"]
query_text = st.lists(
    st.one_of(st.sampled_from(WORDS), st.text(min_size=0, max_size=6), st.sampled_from(["-", "--", "-GDP", "\x1b[2J"])),
    max_size=6,
).map(" ".join)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz") / "corpus"
    folder.mkdir()
    shutil.copyfile(SEEDS / "004_025134c6bf8f4523.txt", folder / "plan.txt")
    (folder / "plan.yaml").write_text("id: plan\ntitle: 计划\nkind: plan\nsource: plan.txt\n", encoding="utf-8")
    assert main(["--corpus", str(folder), "--index", str(folder.parent / "index"), "index"]) == 0
    return folder


@FUZZ
@given(query=query_text)
def test_no_query_breaks_search(capsys, corpus, query):
    if not query.strip() or query.startswith("-") and query.lstrip("-") == "":
        return
    code = main(["--corpus", str(corpus), "--index", str(corpus.parent / "index"), "search", "--json", "--", query])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in err and "Error" not in err
    assert isinstance(json.loads(out), list)


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)
line = st.one_of(
    st.fixed_dictionaries({"content": st.text(min_size=0, max_size=200), "title": json_value, "date": json_value}).map(
        lambda d: json.dumps(d, ensure_ascii=False)
    ),
    json_value.map(json.dumps),
    st.text(max_size=40),
    st.just('{"content": "\\ud800生态文明建设"}'),
)


@settings(derandomize=True, max_examples=40, deadline=None)
@given(lines=st.lists(line, min_size=1, max_size=5))
def test_no_line_stops_an_import(tmp_path_factory, lines):
    folder = tmp_path_factory.mktemp("jsonl")
    source = folder / "in.jsonl"
    source.write_bytes("\n".join(x.replace("\n", " ") for x in lines).encode("utf-8", "surrogatepass") + b"\n")
    report = import_jsonl(source, folder / "corpus", text_field="content", title_field="title", date_field="date")
    numbered = {str(p.path).rsplit(":", 1)[-1] for p in report.problems}
    done = {d.source.rsplit(":", 1)[-1] for d in report.added} | {s.source.rsplit(":", 1)[-1] for s in report.skipped}
    wanted = {str(n) for n, x in enumerate(lines, 1) if x.replace("\n", " ").strip()}
    assert wanted <= numbered | done, report.lines()
    assert all(str(source) in str(p.path) for p in report.problems)
    assert report.lines()[-1].endswith("problem(s)")
