"""Derived indexes kept in parted slots (``AnalysisStore.get_part`` / ``indexed``): one indicator's figures and one
document's references answer exactly what filtering the full lists answered, reading one shard of the index."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from explorer.analysis.store import AnalysisStore, shard_of
from explorer.keys import fingerprint
from explorer.workspace import Workspace
from tests.conftest import CORPUS, needs_shared, write_work_report_corpus


def _old_refs(ws: Workspace, doc: str) -> list:
    """What `refs --doc` answered before the index: every reference, filtered."""
    return [r for r in ws.linker.references() if r.source.doc == doc or r.target.doc == doc]


def _old_series_figures(ws: Workspace, indicator: str) -> list:
    return ws.filter_figures(indicator=indicator)


def _check_equal(ws: Workspace) -> None:
    names = [s.name for s in ws.indicators()]
    assert names
    labels = sorted({f.label for f in ws.figures() if f.label != f.indicator})
    for name in names + labels[:20] + ["國內生產總值增長"]:  # an alias in traditional script too
        assert ws.indicator_figures(name) == _old_series_figures(ws, name), name
    for r in ws.records:
        assert ws.refs(doc=r.id) == _old_refs(ws, r.id), r.id
        assert ws.refs(from_doc=r.id) == [x for x in _old_refs(ws, r.id) if x.source.doc == r.id]
        for ref_type in ("cites", "tracks"):
            assert ws.refs(doc=r.id, type=ref_type) == [x for x in _old_refs(ws, r.id) if x.type == ref_type]


def test_indexes_answer_as_the_filtered_lists_on_the_seeds(tmp_path):
    ws = Workspace.open(CORPUS, tmp_path / "index")
    _check_equal(ws)
    assert any(ws.refs(doc=r.id) for r in ws.records)  # the comparison is not of empty lists only
    assert sum(len(ws.indicator_figures(s.name)) for s in ws.indicators()) == len(ws.figures())


@needs_shared
def test_indexes_answer_as_the_filtered_lists_on_the_work_reports(tmp_path):
    ws = Workspace.open(write_work_report_corpus(tmp_path / "corpus"), tmp_path / "index")
    _check_equal(ws)


def test_a_fresh_process_reads_one_shard_of_the_index(tmp_path, monkeypatch):
    index = tmp_path / "index"
    first = Workspace.open(CORPUS, index)
    name = first.indicators()[0].name
    expected = first.indicator_figures(name)
    doc = next(r.id for r in first.records if first.refs(doc=r.id))
    expected_refs = first.refs(doc=doc)

    ws = Workspace.open(CORPUS, index)  # another run: nothing in memory
    ws.linker.references_key()  # (the key reads the linking stage's stored keys, not the index)
    ws.figures_key()
    read: list[str] = []
    original = AnalysisStore.get

    def spy(self: AnalysisStore, area: str, key: str) -> object:
        read.append(key)
        return original(self, area, key)

    monkeypatch.setattr(AnalysisStore, "get", spy)
    monkeypatch.setattr(Workspace, "figures", lambda *a, **k: pytest.fail("the full list was built again"))
    assert ws.indicator_figures(name) == expected
    shards = {fingerprint("parts", "indicator-figures", i) for i in range(AnalysisStore.INDEX_SHARDS)}
    assert 1 <= len(set(read) & shards) <= 3  # the shard of "i:<name>" (and of its label, if elsewhere)
    read.clear()
    monkeypatch.setattr(type(ws.linker), "references", lambda *a, **k: pytest.fail("the full listing was made"))
    assert ws.refs(doc=doc) == expected_refs
    doc_shards = [fingerprint("parts", "doc-refs", i) for i in range(AnalysisStore.INDEX_SHARDS)]
    assert [k for k in read if k in doc_shards] == [doc_shards[shard_of(doc, AnalysisStore.INDEX_SHARDS)]]


def test_get_part_reads_one_shard_and_refuses_a_stale_one(tmp_path):
    store = AnalysisStore(tmp_path)
    parts = {f"p{i}": [i, i * i] for i in range(40)}
    store.put_parts("corpus", "squares", "k1", parts)
    assert store.get_part("corpus", "squares", "p7") == [7, 49]
    assert store.get_part("corpus", "squares", "p7", key="k1") == [7, 49]
    assert store.get_part("corpus", "squares", "p7", key="k2") is None
    assert store.get_part("corpus", "squares", "nothing") is None
    # a shard left from another generation (a run killed between writing shards and the index) is not read
    i = shard_of("p7", AnalysisStore.SHARDS)
    path: Path = store.path("corpus", fingerprint("parts", "squares", i))
    generation, shard = pickle.loads(path.read_bytes())
    path.write_bytes(pickle.dumps(("another", shard)))
    assert store.get_part("corpus", "squares", "p7") is None
    built: list[int] = []

    def build() -> dict[str, list[int]]:
        built.append(1)
        return parts

    # ``indexed`` builds again then, and only then
    assert store.indexed("corpus", "squares", "k1", "p7", build) == [7, 49]
    assert store.indexed("corpus", "squares", "k1", "p8", build) == [8, 64]
    assert store.indexed("corpus", "squares", "k1", "none", build, []) == []
    assert built == [1]
    assert store.indexed("corpus", "squares", "k2", "p8", build) == [8, 64]  # a new key: built for it
    assert built == [1, 1]


def test_series_figures_from_the_index_as_from_the_full_list(tmp_path):
    from explorer.outcomes import series_figures

    ws = Workspace.open(CORPUS, tmp_path / "index")

    class Plain:  # the same workspace without the index: every figure filtered
        def __init__(self, ws: Workspace) -> None:
            self.ws = ws
            self.records = ws.records

        def figures(self) -> list:
            return self.ws.figures()

        def canonical_indicator(self, name: str) -> str:
            return self.ws.canonical_indicator(name)

    for s in ws.indicators():
        assert series_figures(ws, s.name) == series_figures(Plain(ws), s.name), s.name
        assert ws.series(s.name) == sorted(ws.series(s.name), key=lambda f: (f.year is None, f.year or 0))


def test_one_documents_targets_from_the_index(tmp_path):
    ws = Workspace.open(CORPUS, tmp_path / "index")
    every = ws.targets()
    assert every
    for r in ws.records:
        assert ws.targets(doc=r.id) == [t for t in every if t.doc == r.id]


def test_one_indicators_targets_from_the_index(tmp_path):
    ws = Workspace.open(CORPUS, tmp_path / "index")
    every = ws.targets()
    names = {t.indicator for t in every}
    assert names
    for name in names:
        assert ws.targets(indicator=name) == [t for t in every if t.indicator == name]
