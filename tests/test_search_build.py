"""The index written by worker processes (one segment per chunk of documents) answers exactly as the index one
writer wrote: same hits as a substring scan, same ranking and scores, and incremental updates on top of it."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from conftest import SEEDS, SHARED

from explorer.bench_search import write_exact_corpus
from explorer.search import build as build_module
from explorer.search.analysis import fold
from explorer.search.codec import TermPool
from explorer.search.index import IndexedDoc, SearchIndex

QUERIES = ("发展", "生态 保护", "改革 OR 开放", "建设 -经济", "高质量发展", "kind:plan 改革", "绿", "year:2015 就业")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[IndexedDoc]:
    target = tmp_path_factory.mktemp("build-corpus")
    return write_exact_corpus(target, 1500, SEEDS, SHARED if SHARED.exists() else None, seed=21)


@pytest.fixture(scope="module")
def single(corpus, tmp_path_factory) -> SearchIndex:
    ix = SearchIndex(tmp_path_factory.mktemp("single-writer"))
    ix.update(corpus)
    return ix


def _parallel(corpus, path, monkeypatch) -> SearchIndex:
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 0)
    monkeypatch.setattr(build_module, "SEGMENT_PASSAGES", 400)  # 1,500 passages → 4 segments of 375
    ix = SearchIndex(path)
    ix.update(corpus)
    return ix


def _scan(docs: list[IndexedDoc], s: str) -> set[tuple[str, int]]:
    return {(p.doc, p.index) for d in docs for p in d.passages if fold(s) in fold(p.text)}


def _rows(result) -> list[tuple[str, int, float, tuple]]:
    return [(h.doc, h.passage, h.score, tuple(h.highlights)) for h in result.hits]


def _samples(docs: list[IndexedDoc], n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = [p.text for d in docs for p in d.passages if len(p.text) > 20]
    out: list[str] = []
    while len(out) < n:
        t = rng.choice(texts)
        k = rng.choice((2, 3, 5, 8))
        i = rng.randrange(0, len(t) - k)
        if not any(c.isspace() or c in '"“”「」『』' for c in t[i : i + k]):
            out.append(t[i : i + k])
    return out


def test_worker_segments_rank_and_match_as_one_writer(corpus, single, tmp_path, monkeypatch):
    ix = _parallel(corpus, tmp_path, monkeypatch)
    ix.search("发展")
    assert ix._open is not None and len(ix._open.engine.leaves) == 4  # one segment per chunk, none merged
    for q in QUERIES:
        assert _rows(ix.search(q, limit=None)) == _rows(single.search(q, limit=None)), q
    for s in _samples(corpus, 40, seed=4):
        result = ix.search(f'"{s}"', limit=None, include_excluded=True)
        assert {(h.doc, h.passage) for h in result.hits} == _scan(corpus, s), s


def test_updates_on_a_worker_built_index_stay_exact(corpus, tmp_path, monkeypatch):
    ix = _parallel(corpus, tmp_path, monkeypatch)
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 10**9)  # a small update: the parent's writer alone
    docs = list(corpus)
    stamp = "（第二次修订稿）"
    docs[3] = replace(docs[3], passages=tuple(replace(p, text=p.text + stamp) for p in docs[3].passages))
    docs[3] = replace(docs[3], content_hash=docs[3].content_hash + stamp)
    docs.pop(7)
    report = ix.update(docs)
    assert report.changed == (docs[3].record.id,) and len(report.removed) == 1
    for s in ("第二次修订稿", *_samples(docs, 20, seed=6)):
        result = ix.search(f'"{s}"', limit=None, include_excluded=True)
        assert {(h.doc, h.passage) for h in result.hits} == _scan(docs, s), s


def test_without_child_processes_the_parent_writes_it_all(corpus, single, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("bad value(s) in fds_to_keep")  # what a headless Textual's replaced streams give

    monkeypatch.setattr(build_module, "ProcessPoolExecutor", refuse)
    ix = _parallel(corpus, tmp_path, monkeypatch)
    for q in QUERIES[:4]:
        assert _rows(ix.search(q, limit=None)) == _rows(single.search(q, limit=None)), q


def test_term_pool_sorts_postings_that_arrive_out_of_order():
    """Segments merged into a writer hand their postings to the pool one by one, possibly out of docnum order."""
    pool = TermPool()
    for docnum, weight in ((5, 2.0), (1, 1.0), (3, 4.0)):
        pool.add(("text", "发展".encode(), docnum, weight, b""))
    pool.add(("words", b"x", 2, 1.0, b"\x01"))  # a posting with a value stays a tuple
    rows = list(pool.terms())
    assert rows[0] == ("text", "发展".encode(), [1, 3, 5], [1.0, 4.0, 2.0], [b"", b"", b""])
    assert rows[1] == ("words", b"x", [2], [1.0], [b"\x01"])
    assert list(pool)[0] == ("text", "发展".encode(), 1, 1.0, b"")


def test_fold_patch_restores_every_passage(corpus):
    """The stored hit keeps only what folding changed (full-width punctuation, traditional script, capitals)."""
    from explorer.search.codec import fold_patch, unfold

    texts = [p.text for d in corpus for p in d.passages] + [
        "綠水青山就是金山銀山，ＧＤＰ增長６．１％",
        "a" * 70000 + "，",
    ]
    changed = 0
    for text in texts:
        folded = fold(text)
        patch = fold_patch(text, folded)
        changed += patch is not None
        assert unfold(folded, patch) == text
        assert patch is None or len(patch[2]) < len(text)
    assert changed > len(texts) // 2  # policy text: nearly every passage has a full-width comma
