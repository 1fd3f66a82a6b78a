"""Writing passages into a generation: one writer for small updates, both cores for large builds.

A large build (a first index, a rebuild, many changed documents) is split into segments of at most
SEGMENT_PASSAGES passages, each written by a worker process into the generation's folder, while the parent
reads the next documents' passages; the parent's writer holds Whoosh's lock, applies the deletions and commits
the table of contents that lists the workers' segments (Whoosh's ``MultiSegmentWriter`` does the same, but
pickles every document to a job file and fork-starts its workers). Nearly all of a build's CPU is per passage
(folding, bigram counts, rjieba's word cuts, Whoosh's per-document writing), so two workers halve its wall
time on two idle cores; segments bound each worker's posting pool, and the parent never holds more than a few
segments' passages. Segments are listed in document order, so docnums (and ties in the ranking) are those of a
single-writer build. Where no child process can start (a sandbox; a headless Textual that replaced the
standard streams), the same passages are written by the parent alone.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from whoosh import index as windex
from whoosh.util.numeric import length_to_byte
from whoosh.writing import NO_MERGE, SegmentWriter

from explorer.model import DocumentRecord, Passage
from explorer.search.analysis import fold
from explorer.search.codec import F_HIT, F_PID, PassageCodec, TermPool, add_passage, fold_patch
from explorer.search.engine import word_cuts
from explorer.search.query import (
    F_CUTS,
    F_DOC,
    F_EXCLUDED,
    F_KIND,
    F_LENGTH,
    F_SECTION,
    F_TEXT,
    F_WORDS,
    F_YEARS,
    Mode,
)
from explorer.search.types import IndexedDoc

# Passages per worker segment: bounds a worker's memory (~300 MB at 50,000 passages of work reports). Each
# segment repeats the term table, so fewer segments keep the index small: 100,000 passages in 4 segments took
# 163 MB, in 2 segments 137 MB (and the build 28 s → 20 s).
SEGMENT_PASSAGES = 50_000
PARALLEL_FROM = 50_000  # fewer passages: one process (20,000: 7.6 s alone, 10.8 s with two workers, load 3)


Progress = Callable[[int, int], None]
Chunk = list[tuple[DocumentRecord, tuple[Passage, ...]]]


def passage_fields(mode: Mode, record: DocumentRecord, p: Passage) -> dict[str, Any]:
    """One passage's field values. On-disk layout: in the bigram mode the stored ``hit`` tuple holds, instead
    of the text, its ``fold_patch`` against the folded text of the text column."""
    folded = fold(p.text)
    stored_text = fold_patch(p.text, folded) if mode == "bigram" else p.text
    hidden = p.excluded or p.duplicate_of is not None
    years = sorted({y for y in (record.year, *record.covers) if isinstance(y, int)})
    out: dict[str, Any] = {
        F_PID: f"{p.doc}#{p.index}",
        F_DOC: p.doc,
        F_KIND: record.kind,
        F_EXCLUDED: "1" if hidden else "0",
        F_SECTION: fold(" ".join(p.section)),
        F_HIT: (p.doc, p.index, p.section_path, stored_text, p.excluded),
    }
    if years:
        out[F_YEARS] = [str(y) for y in years]
    if mode in ("both", "bigram"):
        out[F_TEXT] = folded
    if mode == "bigram":
        out[F_CUTS] = word_cuts(folded)
        out[F_LENGTH] = length_to_byte(len("".join(folded.split())))  # non-space characters
    if mode in ("both", "words"):
        out[F_WORDS] = folded
    return out


def write_docs(
    ix: Any,
    docs: Sequence[IndexedDoc],
    *,
    mode: Mode,
    deletes: Sequence[str],
    progress: Progress | None = None,
    workers: int | None = None,
) -> int:
    """Delete ``deletes`` (document ids) and add every passage of ``docs`` to the open index ``ix``, committed
    as one new table of contents. Returns the number of passages written."""
    total = sum(len(d.passages) for d in docs)
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    writer = ix.writer(codec=PassageCodec())
    writer.pool = TermPool()  # see TermPool: 3× less CPU than Whoosh's external-sort pool here
    try:
        for doc_id in deletes:
            writer.delete_by_term(F_DOC, doc_id)
        segments = None
        if total >= PARALLEL_FROM and workers > 1:
            try:
                segments = _write_in_workers(ix, docs, mode, workers, total, progress)
            except (OSError, ValueError, RuntimeError, BrokenProcessPool):
                segments = None  # no child processes here: the parent writes it all (orphan files are cleaned)
        if segments is None:
            done = 0
            for d in docs:
                for p in d.passages:
                    add_passage(writer, passage_fields(mode, d.record, p))
                done += len(d.passages)
                if progress is not None:
                    progress(done, total)
            writer.commit()
        else:
            _commit_segments(writer, segments)
    except BaseException:
        writer.cancel()
        raise
    return total


def _commit_segments(writer: SegmentWriter, segments: list[Any]) -> None:
    """``SegmentWriter.commit`` with the workers' segments appended after the existing ones (no merging:
    Whoosh merges in pure Python, one posting at a time)."""
    final = writer._merge_segments(NO_MERGE, False, False)  # the existing segments, deletions applied
    writer._close_segment()  # the parent added no document: its empty segment files are removed below
    try:
        writer._commit_toc(final + segments)
    finally:
        writer._finish()


def _chunks(docs: Sequence[IndexedDoc], limit: int) -> Iterator[tuple[Chunk, int]]:
    """Documents in order, grouped into chunks of about ``limit`` passages (loaded as they are reached: a
    stored analysis's passages are read only when its chunk is due)."""
    chunk: Chunk = []
    size = 0
    for d in docs:
        passages = tuple(d.passages)
        chunk.append((d.record, passages))
        size += len(passages)
        if size >= limit:
            yield chunk, size
            chunk, size = [], 0
    if chunk:
        yield chunk, size


def _write_in_workers(
    ix: Any, docs: Sequence[IndexedDoc], mode: Mode, workers: int, total: int, progress: Progress | None
) -> list[Any]:
    """Each chunk written as one segment by a worker; returns the segments in document order."""
    # spawn, not fork: the TUI updates the index from a thread, and forking a threaded process can deadlock.
    context = multiprocessing.get_context("spawn")
    folder = ix.storage.folder
    segments: list[Any] = []
    pending: deque[tuple[Future[Any], int]] = deque()
    done = 0
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(folder, mode)
    ) as pool:
        try:
            for chunk, size in _chunks(docs, _chunk_size(total, workers)):
                pending.append((pool.submit(_write_segment, chunk), size))
                while len(pending) > workers:  # one chunk queued beyond the busy workers: the parent's memory
                    done = _collect(pending, segments, done, total, progress)  # holds a few chunks at most
            while pending:
                done = _collect(pending, segments, done, total, progress)
        except BaseException:  # Ctrl-C, a worker's error: do not write the queued chunks first
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return segments


def _chunk_size(total: int, workers: int) -> int:
    """Passages per segment: at most SEGMENT_PASSAGES, and a multiple of ``workers`` segments of equal size, so
    no worker is left alone with the last one (100,000 passages: 2 × 50,000; 120,000: 4 × 30,000)."""
    count = -(-total // SEGMENT_PASSAGES)
    count = -(-count // workers) * workers
    return -(-total // count)


def _collect(
    pending: deque[tuple[Future[Any], int]], segments: list[Any], done: int, total: int, progress: Progress | None
) -> int:
    future, size = pending.popleft()
    segments.append(future.result())
    done += size
    if progress is not None:
        progress(done, total)
    return done


_WORKER: dict[str, Any] = {}


def _init_worker(folder: str, mode: Mode) -> None:
    _WORKER["ix"] = windex.open_dir(folder)
    _WORKER["mode"] = mode


def _write_segment(chunk: Chunk) -> Any:
    """One segment of the chunk's passages, written into the generation's folder (the parent holds the lock
    and lists the segment in its commit)."""
    mode: Mode = _WORKER["mode"]
    writer = SegmentWriter(_WORKER["ix"], _lk=False, codec=PassageCodec())
    writer.pool = TermPool()
    try:
        for record, passages in chunk:
            for p in passages:
                add_passage(writer, passage_fields(mode, record, p))
        return writer._finalize_segment()
    except BaseException:
        writer.cancel()
        raise
    # Not writer._finish(): it would remove the temporary folder (``MAIN.tmp``) that the parent's and the other
    # worker's writers are using; the parent's commit removes it.
