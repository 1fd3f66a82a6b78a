"""The search engine's fast paths stay exact: hits equal a substring scan's whichever way candidates are found
(rarest bigram lists, texts read one by one or all loaded, postings cache evicted), after incremental updates
that leave deleted documents in old segments, and on a generated corpus of real sentences."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SEEDS, SHARED

from explorer.bench_search import write_exact_corpus
from explorer.search import engine as engine_module
from explorer.search.analysis import fold
from explorer.search.codec import bigram_counts
from explorer.search.index import IndexedDoc, SearchIndex


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[IndexedDoc]:
    """1,200 passages recombined from the seeds' and (when present) the shared reports' sentences."""
    target = tmp_path_factory.mktemp("engine-corpus")
    return write_exact_corpus(target, 1200, SEEDS, SHARED if SHARED.exists() else None, seed=11)


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory) -> SearchIndex:
    ix = SearchIndex(tmp_path_factory.mktemp("engine-index"))
    ix.update(corpus)
    return ix


def _scan(docs: list[IndexedDoc], *strings: str) -> set[tuple[str, int]]:
    return {(p.doc, p.index) for d in docs for p in d.passages if all(fold(s) in fold(p.text) for s in strings if s)}


def _found(result) -> set[tuple[str, int]]:
    return {(h.doc, h.passage) for h in result.hits}


def _samples(docs: list[IndexedDoc], n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = [p.text for d in docs for p in d.passages if len(p.text) > 20]
    out = []
    while len(out) < n:
        t = rng.choice(texts)
        k = rng.choice((2, 3, 4, 5, 7, 10, 16))
        i = rng.randrange(0, len(t) - k)
        s = t[i : i + k]
        if not any(c.isspace() or c in '"“”「」『』' for c in s):
            out.append(s)
    return out


def test_exact_count_of_generated_passages(corpus):
    assert sum(len(d.passages) for d in corpus) == 1200


def test_bigram_counts_cover_every_occurrence():
    text = fold("生态环境 生态保护，生态")
    counts = bigram_counts(text)
    assert counts["生态"] == 3 and counts["态环"] == 1 and counts[fold("护，")] == 1
    assert counts["态"] == 1 and counts["境"] == 1  # run ends are unigrams: a one-character query finds them


@pytest.mark.parametrize("fetch_limit", [0, 10**9], ids=["all-texts-loaded", "texts-read-one-by-one"])
def test_substrings_match_a_scan_on_both_verification_paths(corpus, built, fetch_limit, monkeypatch):
    monkeypatch.setattr(engine_module, "FETCH_TEXTS_LIMIT", fetch_limit)
    fresh = SearchIndex(built.dir)  # a new engine: nothing loaded yet
    for s in _samples(corpus, 120, seed=3):
        result = fresh.search(f'"{s}"', limit=None, include_excluded=True)
        assert _found(result) == _scan(corpus, s), s
        assert result.total == len(result.hits)


def test_every_candidate_rule_gives_the_same_hits(corpus, built, monkeypatch):
    """Intersecting every bigram list, only the rarest one, or a tiny postings cache: same hits."""
    queries = _samples(corpus, 40, seed=5)
    expected = {q: _scan(corpus, q) for q in queries}
    for factor, cache in ((10**9, 10**9), (0, 10**9), (4, 50)):
        monkeypatch.setattr(engine_module, "NEXT_LIST_FACTOR", factor)
        monkeypatch.setattr(engine_module, "CACHE_POSTINGS", cache)
        fresh = SearchIndex(built.dir)
        for q in queries:
            assert _found(fresh.search(f'"{q}"', limit=None, include_excluded=True)) == expected[q], (factor, q)


def test_exact_after_incremental_updates_with_deleted_documents(corpus, tmp_path):
    ix = SearchIndex(tmp_path)
    ix.update(corpus)
    docs = list(corpus)
    rng = random.Random(8)
    for round_ in range(3):  # each update deletes documents in older segments and adds a new segment
        i = rng.randrange(len(docs))
        stamp = f"（第{round_}次修订稿）"
        passages = tuple(replace(p, text=p.text + stamp) for p in docs[i].passages)
        docs[i] = replace(docs[i], passages=passages, content_hash=docs[i].content_hash + stamp)
        ix.update(docs)
    docs.pop(rng.randrange(len(docs)))
    ix.update(docs)
    for s in [*_samples(docs, 40, seed=9), "第1次修订稿", "修订", "发展"]:
        result = ix.search(f'"{s}"', limit=None, include_excluded=True)
        assert _found(result) == _scan(docs, s), s


def test_top_k_is_the_head_of_the_full_ranking(built):
    for q in ("发展", "生态 保护", "改革 OR 开放", "建设 -经济"):
        everything = built.search(q, limit=None)
        top = built.search(q, limit=10)
        assert top.total == everything.total
        assert [(h.doc, h.passage) for h in top.hits] == [(h.doc, h.passage) for h in everything.hits[:10]], q


def test_text_is_restored_when_stored_only_in_the_column(corpus, built):
    """The stored row leaves out a text identical to its folded form; hits still carry the original text,
    including passages where folding changes characters (full-width, traditional, capitals)."""
    originals = {(p.doc, p.index): p.text for d in corpus for p in d.passages}
    for q in ("发展", "GDP", "%"):
        for h in built.search(q, limit=None, include_excluded=True).hits:
            assert h.text == originals[(h.doc, h.passage)]


def test_filters_that_match_nothing_say_so(built):
    assert any("kind:foo" in n for n in built.search("发展 kind:foo").notices)
    assert any("year:abc" in n for n in built.search("year:abc 发展").notices)
    result = built.search("发展 year:1901")
    assert result.total == 0 and any("1901" in n and "no document" in n for n in result.notices)
    assert any("not a valid kind" in n for n in built.search("发展", kind="foo").notices)
    assert not built.search("发展 kind:plan year:2015").notices
    assert Path(built.dir).is_dir()


def test_fold_table_cache_is_rebuilt_when_damaged(tmp_path, monkeypatch):
    import json

    from explorer.text import fold as analysis  # the one fold lives in the text layer

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    analysis._fold_table.cache_clear()
    try:
        first = analysis._fold_table()
        path = next(tmp_path.rglob("fold-table-*.json"))
        path.write_text("{broken", encoding="utf-8")
        analysis._fold_table.cache_clear()
        assert analysis._fold_table() == first == analysis._build_fold_table()
        assert len(json.loads(path.read_text(encoding="utf-8"))) == len(first)
        assert fold("綠色發展ＧＥＰ") == "绿色发展gep"
    finally:
        analysis._fold_table.cache_clear()


def test_peers_count_the_same_hits_and_skip_in_one_line(corpus, built, tmp_path, monkeypatch, capsys):
    import importlib.util
    import sys

    from explorer.bench_peers import run_peers
    from explorer.search.glossary import load_glossary

    glossary, _ = load_glossary(Path(__file__).resolve().parent.parent / "corpus" / "glossary.yaml")
    queries = [
        "发展",
        "生态 保护",
        "高质量发展",
        "森林 OR 湿地",
        "污染 -大气",
        "kind:plan 改革",
        "year:2015 就业",
        "雙碳",
    ]
    ours = {q: built.search(q, limit=1, include_excluded=True, glossary=glossary).total for q in queries}
    out = run_peers(corpus, queries, glossary, tmp_path / "a", rounds=1)
    assert out["peer_sqlite_fts5"]["counts"] == ours
    if importlib.util.find_spec("tantivy") is not None:
        assert out["peer_tantivy"]["counts"] == ours
    capsys.readouterr()
    monkeypatch.setitem(sys.modules, "tantivy", None)  # as if not installed
    out = run_peers(corpus[:1], queries[:1], glossary, tmp_path / "b", rounds=1)
    err = capsys.readouterr().err
    assert "skipped" in out["peer_tantivy"] and err.count("\n") == 1 and "tantivy skipped" in err


def test_word_cuts_are_the_segmenters_boundaries(corpus):
    import rjieba

    from explorer.search.engine import word_cuts

    rng = random.Random(4)
    for p in rng.sample([p for d in corpus for p in d.passages], 200):
        text = fold(p.text)
        bits = int.from_bytes(word_cuts(text), "little")
        expected = {0} | {end for _, _, end in rjieba.tokenize(text)}
        assert {i for i in range(len(text) + 1) if bits >> i & 1} == expected
