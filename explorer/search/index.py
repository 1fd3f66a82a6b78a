"""The passage search index: Whoosh, character bigrams for matching, rjieba words for ranking.

On-disk layout (``index_dir``)::

    CURRENT            name of the live generation, replaced atomically (os.replace)
    g000007/           one complete Whoosh index + manifest.json (versions, per-document content hashes)
    g000008/           being built: invisible until CURRENT names it
    .writer.lock       flock of the one process that writes; the kernel drops it when the process dies

An update builds a *new generation*: it hard-links the live generation's files (Whoosh segment files are
write-once), re-indexes only the documents whose content hash changed, commits, writes the manifest and
finally swaps CURRENT. A crash, kill -9 or Ctrl-C at any point before the swap leaves CURRENT naming the old,
complete generation; the half-built directory is removed by the next update, and no lock file survives a
dead process. Readers keep the generation they opened until they notice CURRENT changed, so searching
while a rebuild runs keeps working. The manifest stamps SCHEMA_VERSION and the normaliser's version: a
mismatch makes the next update rebuild from scratch.
"""

from __future__ import annotations

import heapq
import json
import math
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; concurrent writers are then the caller's business
    fcntl = None  # type: ignore[assignment]

from whoosh import fields
from whoosh import index as windex
from whoosh import query as wq
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3TermInfo
from whoosh.system import pack_uint

from explorer.fileio import fsync_dir, make_private, private_dir, write_private_atomic
from explorer.model import DocumentRecord, Hit, Passage
from explorer.search import integrity
from explorer.search.analysis import ANALYSIS_VERSION, bigram_postings, fold, word_counts
from explorer.search.glossary import Glossary
from explorer.search.highlight import highlight
from explorer.search.query import (
    F_DOC,
    F_EXCLUDED,
    F_KIND,
    F_SECTION,
    F_TEXT,
    F_WORDS,
    F_YEARS,
    FieldFilter,
    Mode,
    Node,
    Text,
    compile_query,
    filter_nodes,
    highlight_terms,
    parse_query,
)
from explorer.search.query import And as QAnd
from explorer.search.query import Not as QNot
from explorer.search.query import Or as QOr

# Bump when the fields or the stored data change (analysis changes bump ANALYSIS_VERSION).
SCHEMA_VERSION = f"2.{ANALYSIS_VERSION}"
NORMALISER_VERSION = SCHEMA_VERSION  # default stamp when the caller passes no pipeline version

CURRENT = "CURRENT"
MANIFEST = "manifest.json"
LOCK = ".writer.lock"
F_PID = "pid"
F_HIT = "hit"

IndexState = Literal["fresh", "stale", "missing"]


# ------------------------------------------------------------------------------------------------ codec


class _TermInfo(W3TermInfo):
    def set_inline(self, ids: Any, weights: Any, values: Any) -> None:
        # Whoosh-Reloaded 2.7.5's postings writer calls set_inline(), but the class only has set_inlined():
        # inlining short posting lists (any inlinelimit > 1) crashes without this.
        self.set_inlined(ids, weights, values)


class _FieldWriter(W3FieldWriter):
    def start_term(self, btext: bytes) -> None:
        if self._postwriter is None:
            raise RuntimeError("start_term called before start_field")
        self._btext = btext
        self._postwriter.start_postings(self._fieldobj.format, _TermInfo())


class PassageCodec(W3Codec):
    """Whoosh 3 codec tuned for many short passages (measured on the real corpus, CPU time of a build:
    5.6 s default → 2.6 s): posting lists shorter than 16 are stored inline in the term table instead of in
    their own compressed block, and no per-posting length statistics are kept (they only serve Whoosh's
    block-skipping BM25, which the bigram engine does not use)."""

    length_stats = False

    def __init__(self) -> None:
        super().__init__(inlinelimit=16)

    def field_writer(self, storage: Any, segment: Any) -> W3FieldWriter:
        return _FieldWriter(self, storage, segment)


class _TermPool:
    """Posting pool for Whoosh's SegmentWriter that groups postings by term as they arrive.

    Whoosh's PostingPool appends every posting as a tuple, sorts them all at commit and, beyond ``limitmb``,
    pickles sorted runs to disk and merges them back. Documents arrive in docnum order, so grouping by term
    needs no sort but of the term keys. Built for 20,000 passages (2.9 M postings) this cut the CPU time of
    the build from 52 s to ~20 s. Memory: the postings of one build (about 150 MB at 20,000 passages).
    """

    def __init__(self) -> None:
        self.postings: dict[tuple[str, bytes], list[tuple[int, float, bytes]]] = {}
        self.fieldnames: set[str] = set()

    def add(self, item: tuple[str, bytes, int, float, bytes]) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        plist = self.postings.get((fieldname, tbytes))
        if plist is None:
            self.postings[(fieldname, tbytes)] = [(docnum, weight, vbytes)]
            self.fieldnames.add(fieldname)
        else:
            plist.append((docnum, weight, vbytes))

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        for key in sorted(self.postings):
            fieldname, tbytes = key
            plist = self.postings[key]
            plist.sort()  # by docnum (unique per term); already in order unless segments were merged in
            for docnum, weight, vbytes in plist:
                yield fieldname, tbytes, docnum, weight, vbytes

    def save(self) -> None:
        pass

    def cleanup(self) -> None:
        self.postings.clear()


# ------------------------------------------------------------------------------------------------ fields


class BigramField(fields.TEXT):
    """Positions of overlapping character bigrams. Takes *folded* text; builds postings directly instead of
    going through Whoosh's per-token analyzer objects (several times faster)."""

    def __init__(self, scorable: bool = True):
        super().__init__(analyzer=SpaceSeparatedTokenizer(), phrase=True)
        self.scorable = scorable

    def index(self, value: str, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        encode = self.format.encode
        for term, positions in bigram_postings(value).items():
            yield term.encode("utf-8"), len(positions), float(len(positions)), encode(positions)


class WordField(fields.TEXT):
    """Frequencies of rjieba search-mode words (no positions: it only ranks). Takes *folded* text."""

    def __init__(self) -> None:
        super().__init__(analyzer=SpaceSeparatedTokenizer(), phrase=False)

    def index(self, value: str, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        for term, freq in word_counts(value).items():
            yield term.encode("utf-8"), freq, float(freq), pack_uint(freq)


def make_schema(mode: Mode = "both") -> fields.Schema:
    spec: dict[str, fields.FieldType] = {
        F_PID: fields.ID(unique=True),
        F_DOC: fields.ID,
        F_KIND: fields.ID,
        F_YEARS: fields.KEYWORD,
        F_EXCLUDED: fields.ID,
        F_SECTION: BigramField(scorable=False),
        F_HIT: fields.STORED,
    }
    if mode in ("both", "bigram"):
        spec[F_TEXT] = BigramField()
    if mode in ("both", "words"):
        spec[F_WORDS] = WordField()
    return fields.Schema(**spec)


# ------------------------------------------------------------------------------------------------ types


@dataclass(frozen=True)
class IndexedDoc:
    """One document as the index sees it. ``content_hash`` decides whether it is re-indexed."""

    record: DocumentRecord
    passages: tuple[Passage, ...]
    content_hash: str


@dataclass(frozen=True)
class UpdateReport:
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: int = 0
    passages_indexed: int = 0
    rebuilt: bool = False
    reason: str = ""  # why a full rebuild happened
    seconds: float = 0.0
    generation: str | None = None

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.rebuilt)

    def __str__(self) -> str:
        if not self.touched:
            return f"index up to date ({self.unchanged} documents)"
        what = "rebuilt" + (f" ({self.reason})" if self.reason else "") if self.rebuilt else "updated"
        counts = ", ".join(
            f"{len(ids)} {label}"
            for ids, label in ((self.added, "added"), (self.changed, "changed"), (self.removed, "removed"))
            if ids
        )
        return f"index {what}: {counts or 'no documents'}; {self.passages_indexed} passages in {self.seconds:.1f} s"

    def to_json(self) -> dict[str, Any]:
        return {
            "added": list(self.added),
            "changed": list(self.changed),
            "removed": list(self.removed),
            "unchanged": self.unchanged,
            "passages_indexed": self.passages_indexed,
            "rebuilt": self.rebuilt,
            "reason": self.reason,
            "seconds": round(self.seconds, 3),
            "generation": self.generation,
        }


@dataclass(frozen=True)
class IndexStatus:
    state: IndexState
    reason: str = ""
    docs: int = 0
    passages: int = 0
    generation: str | None = None
    built_at: str | None = None
    changed_docs: tuple[str, ...] = ()  # when docs were given: ids added, changed or removed since the build

    def to_json(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "reason": self.reason,
            "docs": self.docs,
            "passages": self.passages,
            "generation": self.generation,
            "built_at": self.built_at,
            "changed_docs": list(self.changed_docs),
        }


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: tuple[Hit, ...] = ()
    total: int = 0  # matching passages shown by default (excluded ones only with include_excluded)
    excluded_matches: int = 0  # matching passages that are excluded (noise, duplicates)
    state: IndexState = "fresh"
    terms: tuple[str, ...] = ()  # folded strings that were highlighted
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "excluded_matches": self.excluded_matches,
            "state": self.state,
            "terms": list(self.terms),
            "seconds": round(self.seconds, 4),
            "hits": [h.to_json() for h in self.hits],
        }


@dataclass
class _Open:
    generation: str
    searcher: Any
    manifest: dict[str, Any]
    schema_ok: bool
    previous: Any = field(default=None)  # the searcher replaced last; closed on the next swap
    engine: Any = None  # per-generation caches (lengths, deletions) of the bigram engine


# ------------------------------------------------------------------------------------------------ index


class SearchIndex:
    def __init__(
        self,
        index_dir: Path,
        *,
        normaliser_version: str = NORMALISER_VERSION,
        mode: Mode = "bigram",
        rerank: bool = True,
    ):
        """``mode`` other than "bigram" (words-only, both fields) exists for the measured comparison in
        docs/search.md; ``rerank`` moves passages where the query terms are whole words up the top results."""
        self.dir = Path(index_dir)
        self.normaliser_version = str(normaliser_version)
        self.mode: Mode = mode
        self.rerank = rerank
        self.schema_version = SCHEMA_VERSION if mode == "bigram" else f"{SCHEMA_VERSION}-{mode}"
        self._open: _Open | None = None
        self._lock = threading.RLock()
        self._checked: dict[str, str] = {}  # generation → its damage ("" when intact), checked once per process
        self.notice = ""  # one line for the user when a damaged index is answered from the last good one

    # ---------------------------------------------------------------- generations

    def current_generation(self) -> str | None:
        try:  # CURRENT may be a folder, unreadable, or name anything: only "g000007" of ours is followed
            name = (self.dir / CURRENT).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return name if _is_generation(name) and (self.dir / name / MANIFEST).is_file() else None

    def _manifest(self, generation: str) -> dict[str, Any]:
        try:
            data = json.loads((self.dir / generation / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if integrity.valid_manifest(data) else {}  # wrong types are damage: rebuilt, never a crash

    def _version_problem(self, manifest: dict[str, Any]) -> str:
        if not manifest:
            return "index manifest missing or damaged"
        if "files" not in manifest:
            return "index has no checksums (built by an older version)"
        if manifest.get("schema") != self.schema_version:
            return f"index schema {manifest.get('schema')!r} ≠ {self.schema_version!r}"
        if manifest.get("normaliser") != self.normaliser_version:
            return f"normaliser version {manifest.get('normaliser')!r} ≠ {self.normaliser_version!r}"
        return ""

    def _damage(self, generation: str, manifest: dict[str, Any]) -> str:
        if generation not in self._checked:
            self._checked[generation] = integrity.damage(self.dir / generation, manifest) if manifest else ""
        return self._checked[generation]

    def _last_good(self, damaged: str) -> tuple[str, dict[str, Any], Any] | None:
        """The newest older generation that is intact, opened for reading: what answers while the damaged one
        cannot be rebuilt (a read-only index folder, a full disk)."""
        for gen in reversed([g for g in self._generations() if g < damaged]):
            manifest = self._manifest(gen)
            if self._version_problem(manifest) or self._damage(gen, manifest):
                continue
            try:
                return gen, manifest, windex.open_dir(str(self.dir / gen)).searcher()
            except Exception:
                continue
        return None

    # ---------------------------------------------------------------- status

    def status(self, docs: Sequence[IndexedDoc] | None = None) -> IndexStatus:
        gen = self.current_generation()
        if gen is None:
            return IndexStatus("missing", "no index built yet")
        manifest = self._manifest(gen)
        indexed: dict[str, Any] = manifest.get("docs", {})
        common = dict(
            docs=len(indexed),
            passages=int(manifest.get("passages", 0)),
            generation=gen,
            built_at=manifest.get("built_at"),
        )
        problem = self._version_problem(manifest) or self._damage(gen, manifest)
        if problem:
            return IndexStatus("stale", problem, **common)
        if docs is not None:
            added, changed, removed = _diff(indexed, docs)
            if added or changed or removed:
                ids = tuple(sorted(added + changed + removed))
                return IndexStatus(
                    "stale", f"{len(ids)} document(s) changed since the index was built", changed_docs=ids, **common
                )
        return IndexStatus("fresh", **common)

    def quick_fresh(self, records: Sequence[DocumentRecord]) -> bool:
        """True when the index is intact and built from exactly these records and sources, judged by the size
        and mtime of each as read at build time: no text is read. False means "not known" (ask ``is_fresh``)."""
        gen = self.current_generation()
        if gen is None:
            return False
        manifest = self._manifest(gen)
        if self._version_problem(manifest) or self._damage(gen, manifest):
            return False
        return integrity.quick_fresh(manifest.get("docs", {}), list(records))

    def is_fresh(self, hashes: dict[str, str]) -> bool:
        """True when the live generation has the expected versions and exactly these document hashes."""
        gen = self.current_generation()
        if gen is None:
            return False
        manifest = self._manifest(gen)
        if self._version_problem(manifest) or self._damage(gen, manifest):
            return False
        indexed = manifest.get("docs", {})
        if set(indexed) != set(hashes) or any(indexed[k].get("hash") != h for k, h in hashes.items()):
            return False
        with self._lock:  # a damaged index is not fresh (opening it is the first step of a search anyway)
            opened = self._searcher()
        return opened is not None and opened.searcher is not None

    # ---------------------------------------------------------------- update

    def update(
        self, docs: Sequence[IndexedDoc], *, rebuild: bool = False, progress: Callable[[int, int], None] | None = None
    ) -> UpdateReport:
        """Bring the index in line with ``docs`` (the whole corpus). Only documents whose content hash changed
        are re-indexed; a full rebuild happens when asked, when there is no index, or when the schema or
        normaliser version differs. Atomic: the live index changes in one os.replace."""
        t0 = time.perf_counter()
        private_dir(self.dir, narrow=(self.dir / LOCK).exists())  # the index holds the corpus text: owner only
        with self._writer_lock():
            _unblock_current(self.dir)
            old_gen = self.current_generation()
            self._remove_partial(old_gen)
            manifest = self._manifest(old_gen) if old_gen else {}
            reason = "requested" if rebuild else "no index yet" if old_gen is None else self._version_problem(manifest)
            docs = _unique(docs)
            indexed: dict[str, Any] = {} if reason else manifest.get("docs", {})
            added, changed, removed = _diff(indexed, docs)
            damaged = "" if reason else self._damage(old_gen, manifest)  # type: ignore[arg-type]
            if damaged or (not reason and not _openable(self.dir / old_gen)):  # type: ignore[operator]
                reason = f"index damaged or unreadable: {damaged}" if damaged else "previous index unreadable"
                indexed, (added, changed, removed) = {}, ([d.record.id for d in docs], [], [])
            if not reason and not (added or changed or removed):
                return UpdateReport(unchanged=len(docs), seconds=time.perf_counter() - t0, generation=old_gen)
            wanted = set(added) | set(changed)
            todo = [d for d in docs if d.record.id in wanted]
            new_gen = self._next_generation()
            gen_dir = self.dir / new_gen
            self._checked.pop(new_gen, None)  # a name reused after every generation was removed
            try:
                ix = None
                if not reason:
                    _link_tree(self.dir / old_gen, gen_dir)  # type: ignore[operator]
                    try:
                        ix = windex.open_dir(str(gen_dir))
                    except Exception as exc:  # damaged or foreign index files: start afresh
                        shutil.rmtree(gen_dir, ignore_errors=True)
                        reason = f"previous index unreadable ({type(exc).__name__})"
                        added, changed, removed = [d.record.id for d in docs], [], []
                        todo = list(docs)
                if ix is None:
                    gen_dir.mkdir(mode=0o700)
                    ix = windex.create_in(str(gen_dir), make_schema(self.mode))
                n_passages = self._write(ix, todo, deletes=changed + removed, full=bool(reason), progress=progress)
                ix.close()
                make_private(gen_dir)
                entries = {d.record.id: _entry(d) for d in docs}
                _write_json_atomic(
                    gen_dir / MANIFEST,
                    {
                        "schema": self.schema_version,
                        "normaliser": self.normaliser_version,
                        "generation": new_gen,
                        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
                        "passages": sum(e["passages"] for e in entries.values()),
                        "docs": entries,
                        "files": integrity.seal(gen_dir),  # verified on every open
                    },
                )
                fsync_dir(gen_dir)
                write_private_atomic(self.dir / CURRENT, (new_gen + "\n").encode())  # the commit point
            except BaseException:  # Ctrl-C included: the old generation stays live
                shutil.rmtree(gen_dir, ignore_errors=True)
                raise
            self._remove_old(keep={new_gen, old_gen} if old_gen else {new_gen})
        return UpdateReport(
            added=tuple(added),
            changed=tuple(changed),
            removed=tuple(removed),
            unchanged=len(docs) - len(added) - len(changed),
            passages_indexed=n_passages,
            rebuilt=bool(reason),
            reason=reason,
            seconds=time.perf_counter() - t0,
            generation=new_gen,
        )

    def _write(
        self,
        ix: Any,
        docs: list[IndexedDoc],
        *,
        deletes: list[str],
        full: bool,
        progress: Callable[[int, int], None] | None,
    ) -> int:
        total = sum(len(d.passages) for d in docs)
        writer = ix.writer(codec=PassageCodec())
        writer.pool = _TermPool()  # see _TermPool: 3× less CPU than Whoosh's external-sort pool here
        try:
            for doc_id in deletes:
                writer.delete_by_term(F_DOC, doc_id)
            done = 0
            for d in docs:
                for p in d.passages:
                    writer.add_document(**self._fields(d.record, p))
                done += len(d.passages)
                if progress is not None:
                    progress(done, total)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        return total

    def _fields(self, record: DocumentRecord, p: Passage) -> dict[str, Any]:
        folded = fold(p.text)
        hidden = p.excluded or p.duplicate_of is not None
        years = sorted({y for y in (record.year, *record.covers) if isinstance(y, int)})
        out: dict[str, Any] = {
            F_PID: f"{p.doc}#{p.index}",
            F_DOC: p.doc,
            F_KIND: record.kind,
            F_EXCLUDED: "1" if hidden else "0",
            F_SECTION: fold(" ".join(p.section)),
            F_HIT: (p.doc, p.index, p.section_path, p.text, p.excluded),
        }
        if years:
            out[F_YEARS] = [str(y) for y in years]
        if self.mode in ("both", "bigram"):
            out[F_TEXT] = folded
        if self.mode in ("both", "words"):
            out[F_WORDS] = folded
        return out

    @contextmanager
    def _writer_lock(self) -> Iterator[None]:
        fd = os.open(self.dir / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)  # waits for another writer; released by the kernel on death
            yield
        finally:
            os.close(fd)

    def _generations(self) -> list[str]:
        try:
            return sorted(p.name for p in self.dir.iterdir() if p.is_dir() and _is_generation(p.name))
        except FileNotFoundError:
            return []

    def _next_generation(self) -> str:
        numbers = [int(g[1:]) for g in self._generations()]
        return f"g{max(numbers, default=0) + 1:06d}"

    def _remove_partial(self, live: str | None) -> None:
        """Directories left by a killed build: newer than the live generation (we hold the writer lock)."""
        for g in self._generations():
            if live is None or g > live:
                shutil.rmtree(self.dir / g, ignore_errors=True)

    def _remove_old(self, keep: set[str]) -> None:
        # The previous generation is kept: a reader in another process may be mid-query on it.
        for g in self._generations():
            if g not in keep:
                shutil.rmtree(self.dir / g, ignore_errors=True)

    # ---------------------------------------------------------------- search

    def _searcher(self) -> _Open | None:
        """The open searcher of the live generation; reopened only when CURRENT names a new one."""
        gen = self.current_generation()
        if gen is None:
            return None
        cur = self._open
        if cur is not None and cur.generation == gen:
            return cur
        manifest = self._manifest(gen)
        damaged = self._version_problem(manifest) or self._damage(gen, manifest)
        schema_ok = manifest.get("schema") == self.schema_version and not damaged
        try:
            searcher = windex.open_dir(str(self.dir / gen)).searcher() if schema_ok else None
        except Exception:  # unreadable or foreign index: report it as stale, the next update rebuilds
            searcher, schema_ok, damaged = None, False, "index files unreadable"
        self.notice = ""
        good = self._last_good(gen) if searcher is None and damaged else None
        if good is not None:  # answered from the last good generation, read-only, and said
            old, manifest, searcher = good
            self.notice = f"index {gen} is damaged ({damaged}): searching the last good index {old}, read-only"
        if cur is not None and cur.previous is not None:
            cur.previous.close()
        self._open = _Open(gen, searcher, manifest, schema_ok, previous=cur.searcher if cur else None)
        return self._open

    def close(self) -> None:
        with self._lock:
            if self._open is not None:
                for s in (self._open.searcher, self._open.previous):
                    if s is not None:
                        s.close()
                self._open = None

    def search(
        self,
        query: str,
        *,
        limit: int | None = 20,
        kind: str | None = None,
        doc: str | None = None,
        year: int | str | None = None,
        include_excluded: bool = False,
        glossary: Glossary | None = None,
    ) -> SearchResult:
        """Passages matching ``query``, best first, with exact highlight spans. Never raises on a bad query."""
        t0 = time.perf_counter()
        with self._lock:
            opened = self._searcher()
            if opened is None:
                return SearchResult(query, state="missing", seconds=time.perf_counter() - t0)
            state: IndexState = "stale" if self._version_problem(opened.manifest) else "fresh"
            if opened.searcher is None:
                return SearchResult(query, state="stale", seconds=time.perf_counter() - t0)
            node = parse_query(query)
            if node is None:
                return SearchResult(query, state=state, seconds=time.perf_counter() - t0)
            filters = filter_nodes(kind=kind, doc=doc, year=year)
            if filters:
                node = QAnd((node, *filters))
            terms = highlight_terms(node, glossary)
            if self.mode == "bigram":
                engine = opened.engine or _Engine(opened.searcher)
                opened.engine = engine
                ranked, total, excluded_matches = engine.run(node, glossary, limit, include_excluded)
                rows = [(engine.stored(d), score) for d, score in ranked]
                if self.rerank and terms:
                    rows = _rerank(rows, terms)
                if limit is not None:
                    rows = rows[:limit]
            else:
                rows, total, excluded_matches = _whoosh_search(
                    opened.searcher, node, self.mode, glossary, limit, include_excluded
                )
            hits = []
            for (doc_id, index, section, text, excluded), score in rows:
                hits.append(
                    Hit(
                        doc=doc_id,
                        passage=index,
                        section=section,
                        text=text,
                        score=round(score, 4),
                        highlights=highlight(text, terms),
                        excluded=excluded,
                    )
                )
        return SearchResult(query, tuple(hits), total, excluded_matches, state, tuple(terms), time.perf_counter() - t0)


# ------------------------------------------------------------------------------------------------ helpers


def _whoosh_search(
    searcher: Any, node: Node, mode: Mode, glossary: Glossary | None, limit: int | None, include_excluded: bool
) -> tuple[list[tuple[tuple, float]], int, int]:
    """Whoosh's own matchers and BM25F: used for the words-only and both-fields options of the comparison."""
    q = compile_query(node, mode=mode, glossary=glossary)
    hidden = wq.Term(F_EXCLUDED, "1")
    # Not ``mask=``: Whoosh tests a mask bit set's truth by scanning all its bytes, once per document.
    results = searcher.search(q if include_excluded else wq.AndNot(q, hidden), limit=limit)
    excluded_matches = sum(1 for _ in searcher.docs_for_query(wq.And([q, hidden])))
    return [(r[F_HIT], float(r.score)) for r in results], len(results), excluded_matches


# ---------------------------------------------------------------------------------------------- engine

K1, B = 1.2, 0.75  # BM25 constants (Whoosh's defaults)
RERANK_POOL = 30  # top passages re-ordered by word alignment
ALIGN_BONUS = 0.5  # score × (1 + bonus × share of query occurrences that are whole words)


class _Engine:
    """Evaluates a parsed query on the bigram index with set and dict operations.

    Whoosh's matcher trees cost ~10 µs per matching document in Python (a two-character query matching half
    the corpus took 90 ms); here posting lists are read block by block and combined with dict/set operations
    that run in C. A substring of n > 2 characters is found by intersecting a covering subset of its bigrams
    (offsets 0, 2, 4, …, n-2) and checking their positions, so matches are exactly grep's. Scores are BM25 on
    the number of occurrences of the whole query string, not of its bigrams.
    """

    def __init__(self, searcher: Any):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.leaves = [(s.reader(), offset) for s, offset in searcher.leaf_searchers()]
        self.n_docs = max(1, searcher.doc_count())
        self.deleted = {
            offset + d
            for r, offset in self.leaves
            if r.has_deletions()
            for d in range(r.doc_count_all())
            if r.is_deleted(d)
        }
        self.decode = searcher.schema[F_TEXT].format.decode_positions
        self._norms: list[float] | None = None
        self._all: set[int] | None = None
        self._memo: dict[tuple[str, str], dict[int, int]] = {}

    # -- posting lists

    def postings(self, field: str, term: str, values: bool = False) -> tuple[list[int], list[float], list[bytes]]:
        ids: list[int] = []
        weights: list[float] = []
        vals: list[bytes] = []
        for reader, offset in self.leaves:
            if (field, term) not in reader:
                continue
            m = reader.postings(field, term)
            m = getattr(m, "child", m) if type(m).__name__ == "FilterMatcher" else m  # deletions: see below
            _read_matcher(m, offset, ids, weights, vals if values else None)
        if self.deleted:
            keep = [i for i, d in enumerate(ids) if d not in self.deleted]
            ids = [ids[i] for i in keep]
            weights = [weights[i] for i in keep]
            vals = [vals[i] for i in keep] if values else vals
        return ids, weights, vals

    def ids(self, field: str, term: str) -> set[int]:
        return set(self.postings(field, term)[0])

    def all_docs(self) -> set[int]:
        if self._all is None:
            total = sum(r.doc_count_all() for r, _ in self.leaves)
            self._all = set(range(total)) - self.deleted
        return self._all

    def norms(self) -> list[float]:
        """Per document: BM25's length normalisation K1·(1 − B + B·len/avglen), computed once per generation."""
        if self._norms is None:
            lengths = [r.doc_field_length(d, F_TEXT, 0) for r, _ in self.leaves for d in range(r.doc_count_all())]
            avg = (sum(lengths) / len(lengths)) if lengths else 1.0
            self._norms = [K1 * (1 - B + B * n / (avg or 1.0)) for n in lengths]
        return self._norms

    # -- substring matching

    def occurrences(self, field: str, text: str) -> dict[int, int]:
        """document → number of occurrences of ``text`` (folded; whitespace-separated runs must all occur).
        Memoised for the query being run: a term repeated in a query is looked up once."""
        key = (field, text)
        if key not in self._memo:
            self._memo[key] = self._occurrences(field, text)
        return self._memo[key]

    def _occurrences(self, field: str, text: str) -> dict[int, int]:
        result: dict[int, int] | None = None
        for run in text.split():
            counts = self._run(field, run)
            result = counts if result is None else {d: n + counts[d] for d, n in result.items() if d in counts}
            if not result:
                return {}
        return result or {}

    def _run(self, field: str, run: str) -> dict[int, int]:
        if len(run) == 1:  # every occurrence starts a bigram or is a run's last character (a unigram)
            counts: dict[int, int] = {}
            for term in self.reader.expand_prefix(field, run):
                term = term.decode("utf-8") if isinstance(term, bytes) else term
                ids, weights, _ = self.postings(field, term)
                for d, w in zip(ids, weights):
                    counts[d] = counts.get(d, 0) + int(w)
            return counts
        if len(run) == 2:
            ids, weights, _ = self.postings(field, run)
            return {d: int(w) for d, w in zip(ids, weights)}
        offsets = list(range(0, len(run) - 1, 2))
        if offsets[-1] != len(run) - 2:
            offsets.append(len(run) - 2)
        gram_at = {off: run[off : off + 2] for off in offsets}
        freq = {g: self.reader.doc_frequency(field, g) for g in set(gram_at.values())}
        if not all(freq.values()):
            return {}
        plists: dict[str, dict[int, bytes]] = {}
        candidates: set[int] | None = None
        for gram in sorted(freq, key=freq.__getitem__):  # rarest first: the candidate set shrinks fast
            ids, _, vals = self.postings(field, gram, values=True)
            if candidates is None:
                plist = dict(zip(ids, vals))
            else:
                plist = {d: v for d, v in zip(ids, vals) if d in candidates}
            plists[gram] = plist
            candidates = set(plist)
            if not candidates:
                return {}
        decode = self.decode
        first, rest = gram_at[offsets[0]], [(off, gram_at[off]) for off in offsets[1:]]
        counts = {}
        for d in candidates or ():
            positions = {g: set(decode(plist[d])) for g, plist in plists.items()}
            n = sum(1 for p in positions[first] if all(p + off in positions[g] for off, g in rest))
            if n:
                counts[d] = n
        return counts

    # -- evaluation

    def text_scores(self, node: Text, glossary: Glossary | None) -> dict[int, float]:
        variants = (node.text,) if node.phrase or glossary is None else glossary.expand(node.text)
        norms = self.norms()
        scores: dict[int, float] = {}
        for v in variants:
            counts = self.occurrences(F_TEXT, v)
            if not counts:
                continue
            df = len(counts)
            idf = math.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))
            for d, tf in counts.items():
                scores[d] = scores.get(d, 0.0) + idf * tf * (K1 + 1) / (tf + norms[d])
        return scores

    def filter_docs(self, node: FieldFilter) -> set[int]:
        if node.name == "kind":
            return self.ids(F_KIND, node.value)
        if node.name == "doc":
            return self.ids(F_DOC, node.value)
        if node.name == "section":
            return set(self.occurrences(F_SECTION, node.value))
        if node.name == "year":
            lo, _, hi = node.value.partition("-")
            out: set[int] = set()
            for y in range(int(lo), int(hi or lo) + 1):
                out |= self.ids(F_YEARS, str(y))
            return out
        return set()

    def evaluate(self, node: Node, glossary: Glossary | None) -> dict[int, float]:
        if isinstance(node, Text):
            return self.text_scores(node, glossary)
        if isinstance(node, FieldFilter):
            return dict.fromkeys(self.filter_docs(node), 0.0)
        if isinstance(node, QNot):
            excluded = self.evaluate(node.item, glossary)
            return {d: 0.0 for d in self.all_docs() if d not in excluded}
        if isinstance(node, QOr):
            acc: dict[int, float] = {}
            for item in node.items:
                for d, sc in self.evaluate(item, glossary).items():
                    acc[d] = acc.get(d, 0.0) + sc
            return acc
        positives = [i for i in node.items if not isinstance(i, QNot)]
        negatives = [i.item for i in node.items if isinstance(i, QNot)]
        if not positives:
            acc = dict.fromkeys(self.all_docs(), 0.0)
        else:
            parts = sorted((self.evaluate(i, glossary) for i in positives), key=len)
            acc = parts[0]
            for other in parts[1:]:
                acc = {d: sc + other[d] for d, sc in acc.items() if d in other}
                if not acc:
                    return {}
        for neg in negatives:
            if not acc:
                break
            drop = self.evaluate(neg, glossary)
            acc = {d: sc for d, sc in acc.items() if d not in drop}
        return acc

    def run(
        self, node: Node, glossary: Glossary | None, limit: int | None, include_excluded: bool
    ) -> tuple[list[tuple[int, float]], int, int]:
        """(ranked (docnum, score) pool, total shown, excluded matches)."""
        self._memo = {}
        scores = self.evaluate(node, glossary)
        self._memo = {}
        hidden = self.ids(F_EXCLUDED, "1")
        excluded_matches = sum(1 for d in hidden if d in scores)
        if not include_excluded and excluded_matches:
            scores = {d: sc for d, sc in scores.items() if d not in hidden}
        pool = len(scores) if limit is None else max(limit, RERANK_POOL)
        # Ties keep index order (document order), so equal scores read naturally.
        ranked = heapq.nsmallest(pool, scores.items(), key=lambda item: (-item[1], item[0]))
        return ranked, len(scores), excluded_matches

    def stored(self, docnum: int) -> tuple:
        return self.searcher.stored_fields(docnum)[F_HIT]


def _read_matcher(m: Any, offset: int, ids: list[int], weights: list[float], vals: list[bytes] | None) -> None:
    """Append a leaf matcher's postings, a whole block at a time when it is Whoosh 3's block matcher."""
    if hasattr(m, "_read_ids") and hasattr(m, "_next_block"):
        while m.is_active():
            m._read_ids()
            ids.extend(m._ids if not offset else (d + offset for d in m._ids))
            m._read_weights()
            weights.extend(m._weights)
            if vals is not None:
                m._read_values()
                vals.extend(m._values)
            m._next_block()
        return
    while m.is_active():  # any other matcher, one posting at a time
        ids.append(m.id() + offset)
        weights.append(m.weight())
        if vals is not None:
            vals.append(m.value())
        m.next()


def _rerank(rows: list[tuple[tuple, float]], terms: Sequence[str]) -> list[tuple[tuple, float]]:
    """Within the top of the ranking, prefer passages where the query strings are whole words (生态 in 生态保护
    over 发生态势): precise-mode rjieba word boundaries, computed only for these few passages."""
    import rjieba

    out = []
    for i, (row, score) in enumerate(rows):
        if i >= RERANK_POOL:
            out.append((row, score))
            continue
        text = fold(row[3])
        cuts = {0}
        for _, _, end in rjieba.tokenize(text):
            cuts.add(end)
        total = aligned = 0
        for term in terms:
            n = len(term)
            j = text.find(term)
            while j != -1:
                total += 1
                aligned += j in cuts and j + n in cuts
                j = text.find(term, j + 1)
        out.append((row, score * (1 + ALIGN_BONUS * aligned / total) if total else score))
    head = sorted(out[:RERANK_POOL], key=lambda r: -r[1])
    return head + out[RERANK_POOL:]


def _unique(docs: Sequence[IndexedDoc]) -> list[IndexedDoc]:
    """Last one wins when an id repeats (the corpus loader reports duplicates; the index must not double)."""
    by_id = {d.record.id: d for d in docs}
    return list(by_id.values())


def _diff(indexed: dict[str, Any], docs: Sequence[IndexedDoc]) -> tuple[list[str], list[str], list[str]]:
    ids = {d.record.id for d in docs}
    added = [d.record.id for d in docs if d.record.id not in indexed]
    changed = [
        d.record.id for d in docs if d.record.id in indexed and indexed[d.record.id].get("hash") != d.content_hash
    ]
    removed = sorted(i for i in indexed if i not in ids)
    return added, changed, removed


def _openable(gen_dir: Path) -> bool:
    try:
        windex.open_dir(str(gen_dir)).close()
    except Exception:
        return False
    return True


def _is_generation(name: str) -> bool:
    return len(name) == 7 and name[0] == "g" and name[1:].isdigit()


def _link_tree(src: Path, dst: Path) -> None:
    """Copy a generation by hard links (Whoosh writes each segment file once and never modifies it)."""
    dst.mkdir(mode=0o700)
    for f in src.iterdir():
        if f.name in (MANIFEST, integrity.VERIFIED) or f.name.endswith("LOCK") or not f.is_file():
            continue
        try:
            os.link(f, dst / f.name)
        except OSError:  # file systems without hard links
            shutil.copy2(f, dst / f.name)


def _write_json_atomic(path: Path, data: Any) -> None:
    write_private_atomic(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def _entry(doc: IndexedDoc) -> dict[str, Any]:
    """A document's manifest entry; its stamp (sizes and mtimes as read) lets a later run skip re-reading it."""
    entry: dict[str, Any] = {"hash": doc.content_hash, "passages": len(doc.passages)}
    stamp = integrity.doc_stamp(doc.record)
    if stamp is not None:
        entry["stamp"] = stamp
    return entry


def _unblock_current(index_dir: Path) -> None:
    """A CURRENT that is a folder (not ours) would make every commit fail: it is removed, and rebuilt."""
    current = index_dir / CURRENT
    if current.is_dir() and not current.is_symlink():
        shutil.rmtree(current, ignore_errors=True)
