"""``policy-explorer bench``, the search part: index speed on a generated corpus, against a substring scan.

The corpus is recombined from the sentences of real documents (the seeds and, when present, the shared
work reports and raw JSONL reports) so vocabulary and term frequencies are realistic. It is written to a
temporary corpus folder (text files + YAML records) and loaded through the normal pipeline, so the cold
``policy-explorer search`` process can run on it exactly as a user would.

The comparison of analysis options (``run_compare``) is in explorer/bench_compare.py.
"""

from __future__ import annotations

import json as jsonlib
import os
import random
import re
import shutil
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


def write_exact_corpus(
    target: Path, passages: int, seeds_dir: Path, shared_dir: Path | None, *, seed: int = 2024
) -> list[Any]:
    """Write a corpus that loads as exactly ``passages`` passages, and return its IndexedDocs.

    Paragraphing joins a few generated paragraphs (a heading taken for a broken line, a sentence ending in
    a form the joiner reads as open), so the count is checked after loading and topped up with further
    documents of single sentences until it matches."""
    write_corpus(target, passages, seeds_dir, shared_dir, seed=seed)
    docs = load_corpus(target)
    sentences = collect_sentences(seeds_dir, shared_dir)
    rng = random.Random(seed + 1)
    for extra in range(10):
        missing = passages - sum(len(d.passages) for d in docs)
        if missing <= 0:
            break
        doc_id = f"bench-extra-{extra}"
        text = "\n\n".join(rng.choice(sentences) for _ in range(missing)) + "\n"
        (target / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        (target / f"{doc_id}.yaml").write_text(
            f"id: {doc_id}\ntitle: 基准补充{extra}\nkind: report\nissuer: bench\npublished: '2020'\n"
            f"covers: [2020]\nsource: {doc_id}.txt\n",
            encoding="utf-8",
        )
        docs = load_corpus(target)
    return docs


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


def _time_first_queries(index_dir: Path, queries: Sequence[str], glossary: Any, normaliser: str) -> list[float]:
    """Each query once on a freshly opened index (no posting list decoded yet, texts not loaded): what a
    query costs the first time a long-running process sees its terms. The index is opened by one
    unrelated query first, so this is not the open's cost (that is the cold search)."""
    from explorer.search.index import SearchIndex

    index = SearchIndex(index_dir, normaliser_version=normaliser)
    index.search("的", limit=1, glossary=glossary)
    times = []
    for q in queries:
        t = time.perf_counter()
        index.search(q, limit=10, glossary=glossary)
        times.append(time.perf_counter() - t)
    index.close()
    return times


def _ms(values: Sequence[float], q: float) -> float:
    return round(_percentile(values, q) * 1000, 2)


def run_bench(
    passages: int = 20000,
    seeds_dir: Path = Path("seeds"),
    shared_dir: Path | None = None,
    json: bool = False,
    *,
    rounds: int = 5,
    keep: Path | None = None,
    peers: bool = False,
) -> dict[str, Any]:
    """Build, query, update and cold-search an index over a generated corpus of exactly ``passages``
    passages; returns the measures. With ``peers``, tantivy and SQLite FTS5 run the same queries on the same
    passages (explorer/bench_peers.py). ``json`` is accepted for the CLI's call and changes nothing here."""
    from explorer.corpus.normalise import NORMALISER_VERSION
    from explorer.search.glossary import load_glossary
    from explorer.search.index import SearchIndex

    work = Path(tempfile.mkdtemp(prefix="pe-bench-")) if keep is None else keep
    try:
        corpus, index_dir = work / "corpus", work / "index"
        t = time.perf_counter()
        docs = write_exact_corpus(corpus, passages, seeds_dir, shared_dir)
        load_s = time.perf_counter() - t
        from explorer.paths import BUNDLED_CORPUS

        glossary_src = BUNDLED_CORPUS / "glossary.yaml"
        if glossary_src.exists():
            shutil.copy(glossary_src, corpus / "glossary.yaml")
        glossary, _ = load_glossary(corpus / "glossary.yaml")
        n_passages = sum(len(d.passages) for d in docs)
        load_before = os.getloadavg()[0]

        index = SearchIndex(index_dir, normaliser_version=NORMALISER_VERSION)
        t, cpu = time.perf_counter(), _cpu_seconds()
        index.update(docs)
        build_s, build_cpu_s = time.perf_counter() - t, _cpu_seconds() - cpu

        first_times = _time_first_queries(index_dir, BENCH_QUERIES, glossary, NORMALISER_VERSION)
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
        result: dict[str, Any] = {
            "passages": n_passages,
            "documents": len(docs),
            "chars": sum(len(t) for t in folded),
            "cpus": os.cpu_count(),
            "load_s": round(load_s, 2),
            "build_s": round(build_s, 2),
            "build_cpu_s": round(build_cpu_s, 2),
            "load_avg_1m": round(load_before, 2),
            "index_mb": round(_dir_mb(index_dir / (index.current_generation() or "")), 1),
            "query_p50_ms": round(q50 * 1000, 2),
            "query_p95_ms": round(q95 * 1000, 2),
            "query_first_p50_ms": _ms(first_times, 0.5),
            "query_first_p95_ms": _ms(first_times, 0.95),
            "scan_p50_ms": round(s50 * 1000, 2),
            "scan_p95_ms": round(s95 * 1000, 2),
            "query_vs_scan_p50": round(q50 / s50, 3) if s50 else None,
            "query_vs_scan_p95": round(q95 / s95, 3) if s95 else None,
            "update_100_s": round(update_s, 3),
            "update_passages": report.passages_indexed,
            "cold_search_s": round(cold_s, 2),
            "cold_search_cmd": cold_cmd,
            "cold_search_index_only_s": round(cold_index_s, 2),
            "queries": len(BENCH_QUERIES),
            "rounds": rounds,
        }
        if peers:
            from explorer.bench_peers import run_peers

            result.update(run_peers(docs, BENCH_QUERIES, glossary, work / "peers", rounds=rounds))
        result["load_avg_1m_after"] = round(os.getloadavg()[0], 2)
        return result
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
