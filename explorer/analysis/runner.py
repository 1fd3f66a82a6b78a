"""Running the pipeline: which component outputs a corpus lacks, and computing only those — on both cores.

The keys of every output are derived from the records, the sources' hashes and the settings alone, so a warm
run knows what it has without loading anything. Missing outputs are computed document by document in a process
pool (a first analysis of hundreds of documents uses both cores); each worker writes its results straight into
the store and returns only the document's keys and problems, so nothing large crosses the process boundary.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explorer.analysis.components import BY_NAME, COMPONENTS, PIPELINE_VERSION, Settings, compact
from explorer.analysis.store import AnalysisStore
from explorer.corpus.document import DocumentError, content_hash_of_digest, load_document
from explorer.corpus.normalise import NORMALISER_VERSION
from explorer.keys import fingerprint
from explorer.model import DocumentRecord, Problem

Progress = Callable[[int, int], None]
DOCS = "docs"
POOL_FROM = 6  # documents to analyse before a process pool pays for its start-up (~0.5 s a worker)


@dataclass(frozen=True)
class DocKeys:
    """Where each of a document's outputs is stored (component name → key)."""

    doc: str
    content_hash: str
    keys: dict[str, str]


def settings_fingerprints(settings: Settings) -> dict[str, str]:
    return {"lexicon": settings.lexicon_fingerprint}


def document_keys(record: DocumentRecord, digest: str, fingerprints: dict[str, str]) -> DocKeys:
    """Every output key of one document, from its record and the sha256 of its bytes."""
    chash = content_hash_of_digest(record, digest)
    keys = {"document": fingerprint("document", PIPELINE_VERSION, NORMALISER_VERSION, record.id, chash)}
    for c in COMPONENTS:
        keys[c.name] = fingerprint(
            c.name, c.version, PIPELINE_VERSION, *(keys[n] for n in c.needs), *(fingerprints[s] for s in c.settings)
        )
    return DocKeys(record.id, chash, keys)


def plan(
    records: Sequence[DocumentRecord], store: AnalysisStore, settings: Settings
) -> tuple[dict[str, DocKeys], list[DocumentRecord], list[Problem]]:
    """The keys of each readable document, the records whose outputs are not all stored, and the sources that
    cannot be read."""
    fingerprints = settings_fingerprints(settings)
    keyed: dict[str, DocKeys] = {}
    missing: list[DocumentRecord] = []
    problems: list[Problem] = []
    for record in records:
        digest = store.bytes_hash(record.source)
        if digest is None or store.refused(digest):
            try:
                load_document(record)  # says why in the loader's own words
            except DocumentError as exc:
                problems.append(Problem(str(record.record_path), str(exc)))
            continue
        keys = document_keys(record, digest, fingerprints)
        keyed[record.id] = keys
        if not all(store.has(DOCS, k) for name, k in keys.keys.items() if name != "document"):
            missing.append(record)
    return keyed, missing, problems


def analyse_one(
    record: DocumentRecord, store: AnalysisStore, settings: Settings
) -> tuple[DocKeys | None, list[Problem]]:
    """Compute (and store) whatever of one document's outputs the store lacks. Never raises for bad input."""
    digest = store.remember_bytes(record.source, _read_bytes(record.source))
    try:
        doc = load_document(record)
    except DocumentError as exc:
        store.refuse(digest)
        return None, [Problem(str(record.record_path), str(exc))]
    keys = document_keys(record, digest, settings_fingerprints(settings))
    outputs: dict[str, Any] = {"document": compact(doc)}
    if not store.has(DOCS, keys.keys["document"]):
        store.put(DOCS, keys.keys["document"], outputs["document"])
    for c in COMPONENTS:
        key = keys.keys[c.name]
        value = store.get(DOCS, key) if store.has(DOCS, key) else None
        if value is None:
            value = c.run({n: outputs[n] for n in c.needs}, settings)
            store.put(DOCS, key, value)
        outputs[c.name] = value
    return keys, []


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


# ----------------------------------------------------------------------------------------------- process pool

_WORKER: dict[str, Any] = {}


def _init_worker(store_root: str, lexicon_path: str, lexicon_fingerprint: str) -> None:
    from explorer.extract.lexicon import load_lexicon
    from explorer.gc_tuning import tune_gc

    tune_gc()
    lexicon, _problems = load_lexicon(lexicon_path)
    _WORKER["store"] = AnalysisStore(Path(store_root))
    _WORKER["settings"] = Settings(lexicon, lexicon_fingerprint)


def _work(record: DocumentRecord) -> tuple[str, DocKeys | None, list[Problem], list[str], dict[str, Any]]:
    store: AnalysisStore = _WORKER["store"]
    keys, problems = analyse_one(record, store, _WORKER["settings"])
    stats = {k: v for k, v in store._stats().items() if k == str(record.source) or k.startswith("refused:")}
    errors, store.write_errors = store.write_errors, []
    return record.id, keys, problems, errors, stats


def analyse(
    records: Sequence[DocumentRecord],
    store: AnalysisStore,
    settings: Settings,
    lexicon_path: Path,
    *,
    progress: Progress | None = None,
    workers: int | None = None,
) -> tuple[dict[str, DocKeys], list[Problem]]:
    """Bring the store up to date for ``records``: the keys of every readable document, and the problems of the
    ones that cannot be read. Documents already analysed are not touched."""
    keyed, missing, problems = plan(records, store, settings)
    total = len(missing)
    if progress and total:
        progress(0, total)
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    finished: set[str] = set()
    if total >= POOL_FROM and workers > 1:
        try:
            _analyse_in_pool(missing, store, settings, lexicon_path, workers, keyed, problems, progress, finished)
        except (OSError, ValueError, RuntimeError, BrokenProcessPool):
            # No child processes here (a sandbox, or a host that replaced the standard streams — "bad value(s) in
            # fds_to_keep" under a headless Textual): what the pool did not finish is analysed in this process.
            pass
    for record in missing:
        if record.id in finished:
            continue
        keys, more = analyse_one(record, store, settings)
        _take(record.id, keys, more, keyed, problems)
        finished.add(record.id)
        if progress:
            progress(len(finished), total)
    if total:  # outputs of documents that changed or went: only what the corpus uses now stays
        store.prune(DOCS, {k for keys in keyed.values() for k in keys.keys.values()})
    store.flush()
    return keyed, problems


def _take(
    doc: str, keys: DocKeys | None, more: Iterable[Problem], keyed: dict[str, DocKeys], problems: list[Problem]
) -> None:
    problems.extend(more)
    if keys is None:
        keyed.pop(doc, None)
    else:
        keyed[doc] = keys


def _analyse_in_pool(
    missing: Sequence[DocumentRecord],
    store: AnalysisStore,
    settings: Settings,
    lexicon_path: Path,
    workers: int,
    keyed: dict[str, DocKeys],
    problems: list[Problem],
    progress: Progress | None,
    finished: set[str],
) -> None:
    # spawn, not fork: the TUI calls this from a thread, and forking a threaded process can deadlock the child.
    context = multiprocessing.get_context("spawn")
    # Largest first, so that one long plan does not finish alone at the end.
    ordered = sorted(missing, key=lambda r: -_size(r.source))
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(str(store.root), str(lexicon_path), settings.lexicon_fingerprint),
    ) as pool:
        futures = [pool.submit(_work, record) for record in ordered]
        for future in as_completed(futures):
            doc, keys, more, errors, stats = future.result()
            _take(doc, keys, more, keyed, problems)
            finished.add(doc)
            store.write_errors.extend(errors)
            for path, stat in stats.items():
                if stat:
                    store._stats()[path] = stat
                    store._stat_dirty = True
            if progress:
                progress(len(finished), len(missing))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def load_output(store: AnalysisStore, keys: DocKeys, name: str, record: DocumentRecord, settings: Settings) -> Any:
    """One stored output of a document; recomputed (and stored again) if its file went missing or was damaged."""
    assert name == "document" or name in BY_NAME
    value = store.get(DOCS, keys.keys[name])
    if value is None:
        analyse_one(record, store, settings)
        value = store.get(DOCS, keys.keys[name])
    return value
