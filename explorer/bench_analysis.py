"""The analysis benchmark: a corpus of N documents, first analysis + index, warm commands, one changed document.

The corpus is the national work reports of ``../shared/corpora/raw/government_work_reports.jsonl`` that carry a
year (52 of the 72 records, 1954–2025), replicated with a changed closing line until N documents: copy k of a
report ends with "（第k份副本）" and is issued by the k-th province's government, standing for that province's
report of the same year. So every copy has its own content hash and is analysed and indexed on its own, and the
corpus has the shape of a researcher's (many governments × many years) rather than of twenty identical reports
from one government in one year. Without the shared corpora the five bundled seeds are replicated instead.

Every measure runs the CLI in a fresh process (``python -m explorer --corpus C --index I …``), as a researcher
would, and reports the median of ``repeats`` runs for the warm commands; peak memory is the largest resident set
of any process of a step (the analysis workers included), from ``getrusage(RUSAGE_CHILDREN)``.
"""

from __future__ import annotations

import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from explorer.extract.jurisdiction import PROVINCES


def make_corpus(target: Path, n: int, shared: Path | None, seeds: Path) -> int:
    """Write ``n`` records (and their texts) into ``target``; returns how many base documents were used."""
    base = _base_texts(shared, seeds)
    target.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        title, published, text = base[i % len(base)]
        copy = i // len(base)
        doc_id = f"doc-{i:05d}"
        body = text if copy == 0 else f"{text.rstrip()}\n\n（第{copy}份副本）\n"
        (target / f"{doc_id}.txt").write_text(body, encoding="utf-8")
        record = {
            "id": doc_id,
            "title": title,
            "kind": "report",
            "issuer": "国务院" if copy == 0 else f"{PROVINCES[(copy - 1) % len(PROVINCES)]}省人民政府",
            "published": published,
            "covers": [int(published[:4]) - 1, int(published[:4])] if published[:4].isdigit() else [],
            "source": f"{doc_id}.txt",
        }
        (target / f"{doc_id}.yaml").write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    return len(base)


def _base_texts(shared: Path | None, seeds: Path) -> list[tuple[str, str, str]]:
    jsonl = shared / "corpora" / "raw" / "government_work_reports.jsonl" if shared else None
    out: list[tuple[str, str, str]] = []
    if jsonl and jsonl.exists():
        for line in jsonl.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            year = str(row.get("year") or "")
            if row.get("content") and year[:4].isdigit():
                out.append((str(row.get("title") or "政府工作报告"), year[:4], str(row["content"])))
    if not out:
        for path in sorted(seeds.glob("*.txt")):
            out.append((path.stem, "2024", path.read_text(encoding="utf-8")))
    return out


def _run(corpus: Path, index: Path, *args: str) -> tuple[float, int, int]:
    """Seconds, bytes of stdout, peak RSS (KB) of one CLI run in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "explorer", "--corpus", str(corpus), "--index", str(index), *args],
        capture_output=True,
        env={**os.environ, "POLICY_EXPLORER_DEBUG": ""},
        check=False,
    )
    seconds = time.perf_counter() - t0
    if done.returncode not in (0, 3):
        raise RuntimeError(f"{' '.join(args)} failed: {done.stderr.decode('utf-8', 'replace')[-400:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, len(done.stdout), max(peak, before)


def _change_a_figure(path: Path) -> bool:
    """The report's first percentage one point higher ("增长7%" → "增长8%"); False when it states none."""
    text = path.read_text(encoding="utf-8")
    found = re.search(r"(\d+)(?=(?:\.\d+)?[%％])", text)
    if found is None:
        return False
    raised = str(int(found.group(1)) + 1)
    path.write_text(text[: found.start()] + raised + text[found.end() :], encoding="utf-8")
    return True


def _tui_start(corpus: Path, index: Path, repeats: int) -> dict[str, float]:
    """Medians of TUI start to usable search and to every pane filled (``explorer.bench_tui``, headless)."""
    runs = []
    for _ in range(repeats):
        done = subprocess.run(
            [sys.executable, "-m", "explorer.bench_tui", str(corpus), str(index)], capture_output=True, check=False
        )
        if done.returncode != 0:
            return {"tui_error": done.stderr.decode("utf-8", "replace")[-300:]}  # type: ignore[dict-item]
        runs.append(json.loads(done.stdout.decode().strip().splitlines()[-1]))
    return {k: round(statistics.median(r[k] for r in runs), 2) for k in runs[0]}


def run_analysis_bench(n: int, seeds: Path, shared: Path | None, *, repeats: int = 3) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="pe-bench-analysis-") as tmp:
        corpus, index = Path(tmp) / "corpus", Path(tmp) / "index"
        base = make_corpus(corpus, n, shared, seeds)
        result: dict[str, Any] = {"documents": n, "base_documents": base}
        first, _size, peak = _run(corpus, index, "index")
        result["first_analysis_and_index_s"] = round(first, 1)
        result["first_peak_rss_mb"] = round(peak / 1024)
        for name, args in (
            ("docs", ("docs", "--json")),
            ("figures", ("figures", "--json")),
            ("targets", ("targets", "--json")),
            ("refs", ("refs", "--json")),
            ("search", ("search", "生态环境", "--json")),
        ):
            runs = [_run(corpus, index, *args) for _ in range(repeats)]
            result[f"warm_{name}_s"] = round(statistics.median(r[0] for r in runs), 2)
            result[f"warm_{name}_json_kb"] = round(runs[0][1] / 1024)
        result.update(_tui_start(corpus, index, repeats))
        # one document changes: its analysis, the index and the links that depend on it are brought up to date.
        # First a closing line that states nothing (the links keep what they read: the early cutoff), then a
        # figure of another report (its indicators are tracked again, the plans it may report on linked again).
        changed = corpus / "doc-00003.txt"
        changed.write_text(changed.read_text(encoding="utf-8") + "\n（修改）\n", encoding="utf-8")
        result["one_changed_index_s"] = round(_run(corpus, index, "index")[0], 2)
        result["one_changed_refs_s"] = round(_run(corpus, index, "refs", "--json")[0], 2)
        if _change_a_figure(corpus / "doc-00005.txt"):
            result["one_figure_changed_index_s"] = round(_run(corpus, index, "index")[0], 2)
            result["one_figure_changed_refs_s"] = round(_run(corpus, index, "refs", "--json")[0], 2)
        result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
        return result
