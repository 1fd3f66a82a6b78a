"""Measured comparison of the analysis options (rjieba words, character bigrams, both; with and without the
word-boundary re-ranking): recall against grep, ranking quality and speed. Numbers in docs/search.md.
``python -m explorer.bench compare 5000``."""

from __future__ import annotations

import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from explorer.bench_search import _CJK, _cpu_seconds, _dir_mb, _percentile, load_corpus, write_corpus
from explorer.search.analysis import fold

# ------------------------------------------------------------------------------------------- comparison


def _aligned(text: str, term: str, cuts: set[int]) -> bool:
    """Does ``term`` occur in ``text`` starting and ending on word boundaries of the precise segmentation?"""
    i = text.find(term)
    while i != -1:
        if i in cuts and i + len(term) in cuts:
            return True
        i = text.find(term, i + 1)
    return False


def _boundaries(text: str) -> set[int]:
    import rjieba

    cuts = {0}
    for _, _, end in rjieba.tokenize(text):
        cuts.add(end)
    return cuts


def compare_queries(folded: Sequence[str], n: int = 60, seed: int = 7) -> list[str]:
    """Query strings drawn from the corpus: precise-mode words (2–4 chars) and raw substrings (2–5 chars)."""
    import rjieba

    rng = random.Random(seed)
    words: list[str] = []
    subs: list[str] = []
    while len(words) < n // 2 or len(subs) < n - n // 2:
        text = rng.choice(folded)
        if len(text) < 10:
            continue
        cands = [w for w in rjieba.cut(text) if 2 <= len(w) <= 4 and _CJK.match(w)]
        if cands and len(words) < n // 2:
            words.append(rng.choice(cands))
        k = rng.randint(2, 5)
        start = rng.randrange(0, len(text) - k)
        sub = text[start : start + k]
        if len(subs) < n - n // 2 and all(_CJK.match(c) for c in sub):
            subs.append(sub)
    return words + subs


def run_compare(
    passages: int = 5000, seeds_dir: Path = Path("seeds"), shared_dir: Path | None = None, queries: int = 60
) -> dict[str, Any]:
    """Recall against grep, ranking quality and speed of the analysis options on one generated corpus.

    Options: rjieba search-mode words only and both fields (Whoosh's BM25F, the word field boosting), and the
    bigram index with the set-based engine, without and with the word-boundary re-ranking. Ranking quality
    (``word_hits_at_10``), for queries that are dictionary words: the share of the top 10 where the query
    occurs as whole words (precise-mode rjieba boundaries), relative to the best possible share.
    """
    from explorer.search.index import SearchIndex

    work = Path(tempfile.mkdtemp(prefix="pe-compare-"))
    try:
        write_corpus(work / "corpus", passages, seeds_dir, shared_dir)
        docs = load_corpus(work / "corpus")
        texts = {
            (p.doc, p.index): fold(p.text)
            for d in docs
            for p in d.passages
            if not p.excluded and p.duplicate_of is None
        }
        qs = compare_queries(list(texts.values()), queries)
        word_queries = set(qs[: len(qs) // 2])
        cuts: dict[tuple[str, int], set[int]] = {}

        def aligned(key: tuple[str, int], q: str) -> bool:
            if key not in cuts:
                cuts[key] = _boundaries(texts.get(key, ""))
            return _aligned(texts.get(key, ""), q, cuts[key])

        truths = {q: {k for k, text in texts.items() if q in text} for q in qs}
        ideal = {q: min(10, sum(aligned(k, q) for k in truths[q])) for q in word_queries}
        out: dict[str, Any] = {"passages": len(texts), "queries": len(qs), "word_queries": len(word_queries)}
        options = (
            ("words", "words", False),
            ("both", "both", False),
            ("bigram", "bigram", False),
            ("bigram+rerank", "bigram", True),
        )
        built: dict[str, tuple[float, float]] = {}
        for label, mode, rerank in options:
            index = SearchIndex(work / f"index-{mode}", mode=mode, rerank=rerank)  # type: ignore[arg-type]
            if mode not in built:
                t, cpu = time.perf_counter(), _cpu_seconds()
                index.update(docs)
                built[mode] = (time.perf_counter() - t, _cpu_seconds() - cpu)
            recalls, precisions, ranking, times = [], [], [], []
            for q in qs:
                truth = truths[q]
                t = time.perf_counter()
                res = index.search(q, limit=10)
                times.append(time.perf_counter() - t)
                found = _found_keys(index.search(q, limit=None))
                if truth:
                    recalls.append(len(found & truth) / len(truth))
                if found:
                    precisions.append(len(found & truth) / len(found))
                if q in word_queries and ideal[q]:
                    top = [(h.doc, h.passage) for h in res.hits]
                    ranking.append(min(1.0, sum(aligned(k, q) for k in top) / ideal[q]))
            out[label] = {
                "build_s": round(built[mode][0], 2),
                "build_cpu_s": round(built[mode][1], 2),
                "index_mb": round(_dir_mb(work / f"index-{mode}" / (index.current_generation() or "")), 1),
                "recall_mean": round(statistics.mean(recalls), 4) if recalls else None,
                "recall_min": round(min(recalls), 4) if recalls else None,
                "queries_full_recall": f"{sum(r == 1.0 for r in recalls)}/{len(recalls)}",
                "precision_mean": round(statistics.mean(precisions), 4) if precisions else None,
                "word_hits_at_10": round(statistics.mean(ranking), 4) if ranking else None,
                "query_p50_ms": round(_percentile(times, 0.5) * 1000, 2),
                "query_p95_ms": round(_percentile(times, 0.95) * 1000, 2),
            }
            index.close()
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _found_keys(result: Any) -> set[tuple[str, int]]:
    return {(h.doc, h.passage) for h in result.hits}
