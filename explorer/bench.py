"""``policy-explorer bench``: index speed on a generated corpus, against a plain substring scan.

The corpus is recombined from the sentences of real documents (the seeds and, when present, the shared
work reports and raw JSONL reports) so vocabulary and term frequencies are realistic. It is written to a
temporary corpus folder (text files + YAML records) and loaded through the normal pipeline, so the cold
``policy-explorer search`` process can run on it exactly as a user would.

``run_compare`` measures the three analysis options (rjieba words, character bigrams, both) for recall
against grep, ranking quality and speed; its numbers are in docs/search.md.
"""

from __future__ import annotations

import json as jsonlib
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from explorer.search.analysis import fold

PASSAGES_PER_DOC = 100
# Fixed queries of varied frequency and syntax (words, phrases, operators, filters, glossary, traditional
# script, Latin). General policy vocabulary, not sentences of any document.
BENCH_QUERIES = (
    "发展",
    "生态",
    "改革",
    "高质量发展",
    "生态文明建设",
    "绿水青山",
    "碳达峰",
    "湿地",
    "乡村振兴",
    '"营商环境"',
    "两山",
    "雙碳",
    "生态 保护",
    "森林 OR 湿地",
    "污染 -大气",
    "kind:plan 改革",
    "year:2020 就业",
    "GEP",
    "国家公园",
    "长江经济带",
)
_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


# ------------------------------------------------------------------------------------------- corpus


def _source_texts(seeds_dir: Path, shared_dir: Path | None) -> Iterable[str]:
    for path in sorted(Path(seeds_dir).glob("*.txt")):
        yield path.read_text(encoding="utf-8", errors="replace")
    if shared_dir is None:
        return
    corpora = Path(shared_dir) / "corpora"
    for path in sorted((corpora / "work-reports").glob("*.txt")):
        yield path.read_text(encoding="utf-8", errors="replace")
    for path in sorted((corpora / "raw").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                content = jsonlib.loads(line).get("content")
            except (ValueError, AttributeError):
                continue
            if isinstance(content, str):
                yield content


def collect_sentences(seeds_dir: Path, shared_dir: Path | None) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for text in _source_texts(seeds_dir, shared_dir):
        for m in _SENTENCE.finditer(text):
            s = m.group().strip()
            if 8 <= len(s) <= 160 and len(_CJK.findall(s)) >= len(s) // 2 and s not in seen:
                seen.add(s)
                out.append(s)
    return out


def write_corpus(target: Path, passages: int, seeds_dir: Path, shared_dir: Path | None, *, seed: int = 2024) -> int:
    """Write ~``passages`` passages as documents of PASSAGES_PER_DOC paragraphs with YAML records."""
    sentences = collect_sentences(seeds_dir, shared_dir)
    if not sentences:
        raise ValueError(f"no sentences found in {seeds_dir}")
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    n_docs = max(1, -(-passages // PASSAGES_PER_DOC))
    written = 0
    for d in range(n_docs):
        count = min(PASSAGES_PER_DOC, passages - written)
        paragraphs = []
        for i in range(count):
            if i % 10 == 0:  # a numbered heading every ten paragraphs gives passages a section path
                head = re.split(r"[，、。；：]", rng.choice(sentences))[0][:16]
                paragraphs.append(f"{_cn_number(i // 10 + 1)}、{head}")
            else:
                paragraphs.append("".join(rng.choice(sentences) for _ in range(rng.randint(1, 6))))
        written += count
        year = 2011 + d % 15
        doc_id = f"bench-{d:04d}"
        (target / f"{doc_id}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        kind = "plan" if d % 2 else "report"
        covers = f"[{year}, {year + 1}, {year + 2}]" if kind == "plan" else f"[{year}]"
        (target / f"{doc_id}.yaml").write_text(
            f"id: {doc_id}\ntitle: 基准文档{d}\nkind: {kind}\nissuer: bench\npublished: '{year}'\n"
            f"covers: {covers}\nsource: {doc_id}.txt\n",
            encoding="utf-8",
        )
    return written


def _cn_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def load_corpus(corpus_dir: Path) -> list[Any]:
    """IndexedDocs of a corpus folder through the normal pipeline (records → documents → passages)."""
    from explorer.corpus.document import DocumentError, load_document
    from explorer.corpus.records import load_records
    from explorer.search.index import IndexedDoc

    records, _ = load_records(corpus_dir)
    docs = []
    for r in records:
        try:
            d = load_document(r)
        except DocumentError:
            continue
        docs.append(IndexedDoc(d.record, d.passages, d.content_hash))
    return docs


# ------------------------------------------------------------------------------------------- measures


def _percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the multi-process writer's workers): unlike
    wall time, it does not grow when other programs share the machine."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def _scan_terms(query: str) -> list[str]:
    from explorer.search.query import highlight_terms, parse_query

    return highlight_terms(parse_query(query)) or [fold(query)]


def _time_queries(index: Any, queries: Sequence[str], glossary: Any, rounds: int) -> list[float]:
    for q in queries:  # warm-up: first use of each code path
        index.search(q, limit=10, glossary=glossary)
    times = []
    for _ in range(rounds):
        for q in queries:
            t = time.perf_counter()
            index.search(q, limit=10, glossary=glossary)
            times.append(time.perf_counter() - t)
    return times


def _time_scan(folded: Sequence[str], queries: Sequence[str], rounds: int) -> list[float]:
    term_lists = [_scan_terms(q) for q in queries]
    times = []
    for _ in range(rounds):
        for terms in term_lists:
            t = time.perf_counter()
            _ = [i for i, text in enumerate(folded) if all(term in text for term in terms)]
            times.append(time.perf_counter() - t)
    return times


def _cold_search(corpus: Path, index_dir: Path, query: str) -> tuple[float, str]:
    """Seconds from process start to output of a fresh search process, and which command ran."""
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, PYTHONPATH=str(root) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    if (root / "explorer" / "cli.py").exists():
        cmd = [
            sys.executable,
            "-m",
            "explorer",
            "search",
            query,
            "--corpus",
            str(corpus),
            "--index",
            str(index_dir),
            "--json",
        ]
        label = "python -m explorer search --json"
    else:
        code = (
            "import sys; from pathlib import Path; from explorer.search.index import SearchIndex; "
            "print(len(SearchIndex(Path(sys.argv[1])).search(sys.argv[2]).hits))"
        )
        cmd = [sys.executable, "-c", code, str(index_dir), query]
        label = "python -c SearchIndex.search"
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=root, timeout=300)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        label += f" (exit {proc.returncode}: {proc.stderr.strip().splitlines()[-1:] or ''})"
    return elapsed, label


def _index_only_cold_search(index_dir: Path, query: str) -> float:
    root = Path(__file__).resolve().parent.parent
    code = (
        "import sys; from pathlib import Path; from explorer.search.index import SearchIndex; "
        "r = SearchIndex(Path(sys.argv[1])).search(sys.argv[2], limit=10); print(r.total)"
    )
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(index_dir), query], capture_output=True, cwd=root, timeout=300)
    return time.perf_counter() - t


def _changed_doc(doc: Any, stamp: str) -> Any:
    passages = tuple(replace(p, text=p.text + stamp) for p in doc.passages)
    return replace(doc, passages=passages, content_hash=doc.content_hash + stamp)


def run_bench(
    passages: int = 20000,
    seeds_dir: Path = Path("seeds"),
    shared_dir: Path | None = None,
    json: bool = False,
    *,
    rounds: int = 5,
    keep: Path | None = None,
) -> dict[str, Any]:
    """Build, query, update and cold-search an index over a generated corpus; returns the measures.
    ``json`` only affects nothing here (the CLI prints); it is accepted for the CLI's call."""
    from explorer.search.glossary import load_glossary
    from explorer.search.index import SearchIndex

    work = Path(tempfile.mkdtemp(prefix="pe-bench-")) if keep is None else keep
    try:
        corpus, index_dir = work / "corpus", work / "index"
        write_corpus(corpus, passages, seeds_dir, shared_dir)
        glossary_src = Path(__file__).resolve().parent.parent / "corpus" / "glossary.yaml"
        if glossary_src.exists():
            shutil.copy(glossary_src, corpus / "glossary.yaml")
        glossary, _ = load_glossary(corpus / "glossary.yaml")
        t = time.perf_counter()
        docs = load_corpus(corpus)
        load_s = time.perf_counter() - t
        n_passages = sum(len(d.passages) for d in docs)

        from explorer.corpus.normalise import NORMALISER_VERSION

        index = SearchIndex(index_dir, normaliser_version=NORMALISER_VERSION)
        t, cpu = time.perf_counter(), _cpu_seconds()
        index.update(docs)
        build_s, build_cpu_s = time.perf_counter() - t, _cpu_seconds() - cpu

        query_times = _time_queries(index, BENCH_QUERIES, glossary, rounds)
        folded = [fold(p.text) for d in docs for p in d.passages]
        scan_times = _time_scan(folded, BENCH_QUERIES, rounds)

        cold_s, cold_cmd = _cold_search(corpus, index_dir, "生态 保护")
        cold_index_s = _index_only_cold_search(index_dir, "生态 保护")

        changed = list(docs)
        changed[len(changed) // 2] = _changed_doc(changed[len(changed) // 2], "（修订）")
        t = time.perf_counter()
        report = index.update(changed)
        update_s = time.perf_counter() - t
        index.close()

        q50, q95 = _percentile(query_times, 0.5), _percentile(query_times, 0.95)
        s50, s95 = _percentile(scan_times, 0.5), _percentile(scan_times, 0.95)
        return {
            "passages": n_passages,
            "documents": len(docs),
            "chars": sum(len(t) for t in folded),
            "cpus": os.cpu_count(),
            "load_s": round(load_s, 2),
            "build_s": round(build_s, 2),
            "build_cpu_s": round(build_cpu_s, 2),
            "load_avg_1m": round(os.getloadavg()[0], 2),
            "index_mb": round(_dir_mb(index_dir / (index.current_generation() or "")), 1),
            "query_p50_ms": round(q50 * 1000, 2),
            "query_p95_ms": round(q95 * 1000, 2),
            "scan_p50_ms": round(s50 * 1000, 2),
            "scan_p95_ms": round(s95 * 1000, 2),
            "query_vs_scan_p50": round(q50 / s50, 2) if s50 else None,
            "query_vs_scan_p95": round(q95 / s95, 2) if s95 else None,
            "update_100_s": round(update_s, 3),
            "update_passages": report.passages_indexed,
            "cold_search_s": round(cold_s, 2),
            "cold_search_cmd": cold_cmd,
            "cold_search_index_only_s": round(cold_index_s, 2),
            "queries": len(BENCH_QUERIES),
            "rounds": rounds,
        }
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)


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


if __name__ == "__main__":  # python -m explorer.bench [compare] [N]
    root = Path(__file__).resolve().parent.parent
    shared = root.parent / "shared"
    args = sys.argv[1:]
    if args and args[0] == "compare":
        n = int(args[1]) if len(args) > 1 else 5000
        print(
            jsonlib.dumps(
                run_compare(n, root / "seeds", shared if shared.exists() else None), ensure_ascii=False, indent=1
            )
        )
    else:
        n = int(args[0]) if args else 20000
        print(
            jsonlib.dumps(
                run_bench(n, root / "seeds", shared if shared.exists() else None), ensure_ascii=False, indent=1
            )
        )
