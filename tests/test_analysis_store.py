"""The analysis store: computed once, stored by content hash; only what changed is computed again."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest
from conftest import CONGRESS, CORPUS, PLAN, SEEDS

from explorer.analysis.components import COMPONENTS
from explorer.analysis.runner import DOCS, plan
from explorer.corpus.records import ENV_ALLOW
from explorer.workspace import Workspace


def _copy_corpus(tmp_path: Path) -> Path:
    """The bundled corpus with its seeds, in a folder of the test's own (records point at ../seeds/…, a folder
    the user allows: a corpus's texts must otherwise be inside it)."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copytree(CORPUS, tmp_path / "corpus")
    os.environ[ENV_ALLOW] = str(tmp_path / "seeds")  # the autouse fixture below restores it
    return tmp_path / "corpus"


@pytest.fixture(autouse=True)
def _allowance(monkeypatch):
    monkeypatch.setenv(ENV_ALLOW, "")


def _missing(ws: Workspace) -> list[str]:
    _keys, missing, _problems = plan(ws.records, ws.store, ws.analysis_settings)
    return [r.id for r in missing]


@pytest.fixture
def corpus(tmp_path):
    return _copy_corpus(tmp_path)


def test_a_second_run_computes_nothing_and_answers_the_same(corpus, tmp_path):
    first = Workspace.open(corpus, tmp_path / "index")
    figures, measures = first.figures(), first.measures()
    again = Workspace.open(corpus, tmp_path / "index", load=False)
    assert _missing(again) == []
    again.load_documents()
    assert again.figures() == figures and again.measures() == measures
    # every output is a private file named by what it was computed from
    files = list((tmp_path / "index" / "analysis" / DOCS).glob("*/*.pkl"))
    assert len(files) == len(first.records) * (len(COMPONENTS) + 1)
    assert all(os.stat(f).st_mode & 0o077 == 0 for f in files)


def test_a_changed_document_is_analysed_alone(corpus, tmp_path):
    ws = Workspace.open(corpus, tmp_path / "index")
    before = {r.id: dict(ws.corpus.keys[r.id].keys) for r in ws.records}
    record = next(r for r in ws.records if r.id != PLAN and r.kind == "report")
    with open(record.source, "a", encoding="utf-8") as fh:
        fh.write("\n\n2025年，全省森林覆盖率达到63.35%。\n")
    changed = Workspace.open(corpus, tmp_path / "index", load=False)
    assert _missing(changed) == [record.id]
    changed.load_documents()
    after = {r.id: changed.corpus.keys[r.id].keys for r in changed.records}
    assert [doc for doc in before if before[doc] != after[doc]] == [record.id]
    assert any(f.doc == record.id and f.value == "63.35" for f in changed.figures())


def test_a_changed_lexicon_recomputes_what_reads_it_and_nothing_else(corpus, tmp_path):
    ws = Workspace.open(corpus, tmp_path / "index")
    before = ws.corpus.keys[PLAN].keys
    lexicon = corpus / "lexicon.yaml"
    text = (
        lexicon.read_text(encoding="utf-8")
        if lexicon.exists()
        else (CORPUS / "lexicon.yaml").read_text(encoding="utf-8")
    )
    lexicon.write_text(text + "\n", encoding="utf-8")
    again = Workspace.open(corpus, tmp_path / "index")
    after = again.corpus.keys[PLAN].keys
    changed = {name for name in before if before[name] != after[name]}
    # figures read the lexicon; measures, words, linkdoc and the summary are built from figures
    assert changed == {"figures", "measures", "words", "linkdoc", "summary"}


def test_a_damaged_or_missing_file_is_computed_again(corpus, tmp_path):
    ws = Workspace.open(corpus, tmp_path / "index")
    figures = ws.figures()
    store = ws.store
    key = ws.corpus.keys[PLAN].keys["figures"]
    path = store.path(DOCS, key)
    path.write_bytes(path.read_bytes()[:50])  # cut, as by a kill mid-write of an older version
    other = store.path(DOCS, ws.corpus.keys[PLAN].keys["titles"])
    other.unlink()
    again = Workspace.open(corpus, tmp_path / "index")
    assert again.figures() == figures
    assert pickle.loads(path.read_bytes()).figures  # rewritten whole
    assert other.exists()


def test_an_unwritable_store_still_answers(corpus, tmp_path):
    index = tmp_path / "index"
    (index / "analysis").mkdir(parents=True)
    (index / "analysis" / DOCS).write_text("not a folder")  # every write into docs/ fails
    ws = Workspace.open(corpus, index)
    assert ws.figures() and ws.measures()
    assert any("cannot store analyses" in p.message for p in ws.problems)


def test_many_documents_use_a_process_pool_with_the_same_results(tmp_path):
    corpus = _copy_corpus(tmp_path)
    # eight documents: the five and three copies with a changed closing line (a pool starts at six)
    for i, record in enumerate(sorted(corpus.glob("jx-*.yaml"))[:3]):
        text = record.read_text(encoding="utf-8")
        source = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("source:"))
        copy = tmp_path / "seeds" / f"copy-{i}.txt"
        copy.write_text((corpus / source).read_text(encoding="utf-8") + f"\n\n副本{i}。\n", encoding="utf-8")
        (corpus / f"copy-{i}.yaml").write_text(
            text.replace(source, f"../seeds/copy-{i}.txt").replace("id: ", f"id: copy{i}-", 1), encoding="utf-8"
        )
    pooled = Workspace.open(corpus, tmp_path / "pooled", load=False)
    pooled.load_documents(workers=2)
    inline = Workspace.open(corpus, tmp_path / "inline", load=False)
    inline.load_documents(workers=1)
    assert len(pooled.records) == 8
    assert pooled.figures() == inline.figures() and pooled.measures() == inline.measures()


def test_links_are_stored_and_one_changed_report_relinks_only_its_plans(corpus, tmp_path, monkeypatch):
    from explorer.linking.stage import Linker

    linked: list[str] = []
    link_plan = Linker._link_plan
    monkeypatch.setattr(
        Linker, "_link_plan", lambda self, plan, *a: linked.append(plan.id) or link_plan(self, plan, *a)
    )
    ws = Workspace.open(corpus, tmp_path / "index")
    refs = ws.refs()
    links = tmp_path / "index" / "analysis" / "links"
    stored = set(links.glob("*/*.pkl"))
    assert stored
    again = Workspace.open(corpus, tmp_path / "index")
    assert again.refs() == refs and set(links.glob("*/*.pkl")) == stored  # nothing computed again
    # the congress report of 2023 was published before the plan: it cannot report on it, so changing it re-links
    # its own plan part and leaves the plan's links as they are
    congress = next(r for r in ws.records if r.id == CONGRESS)
    with open(congress.source, "a", encoding="utf-8") as fh:
        fh.write("\n\n会议强调，要认真做好各项工作。\n")
    plans = [r.id for r in ws.records if ws.corpus.linkdoc(r.id).plan_measures]
    assert sorted(linked) == sorted(plans)  # the first run linked every plan, the second none
    linked.clear()
    changed = Workspace.open(corpus, tmp_path / "index")
    changed.refs(type="reports-on")
    assert linked == [CONGRESS] and PLAN in plans


def test_a_pool_that_cannot_start_falls_back_to_this_process(tmp_path, monkeypatch):
    """Under a headless Textual the standard streams are replaced and spawning fails ("bad value(s) in
    fds_to_keep"): the documents are then analysed here, none lost."""
    from explorer.analysis import runner

    corpus = _copy_corpus(tmp_path)

    class Refusing:
        def __init__(self, *args, **kwargs):
            raise ValueError("bad value(s) in fds_to_keep")

    monkeypatch.setattr(runner, "ProcessPoolExecutor", Refusing)
    monkeypatch.setattr(runner, "POOL_FROM", 1)
    ws = Workspace.open(corpus, tmp_path / "index", load=False)
    ws.load_documents(workers=2)
    assert len(ws.records) == 5 and ws.figures() and not ws.problems
