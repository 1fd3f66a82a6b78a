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

import json
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; concurrent writers are then the caller's business
    fcntl = None  # type: ignore[assignment]

from whoosh import index as windex
from whoosh import query as wq

from explorer.fileio import fsync_dir, make_private, private_dir, write_private_atomic
from explorer.model import DocumentRecord, Hit
from explorer.search import integrity
from explorer.search.analysis import ANALYSIS_VERSION
from explorer.search.codec import F_HIT, make_schema, unfold
from explorer.search.engine import RERANK_POOL, Engine, rerank
from explorer.search.generations import (
    CURRENT,
    LOCK,
    MANIFEST,
    GenerationFolders,
    _is_generation,
    _link_tree,
    _open_dir,
    _openable,
    _unblock_current,
    _write_json_atomic,
)
from explorer.search.glossary import Glossary
from explorer.search.highlight import find_spans, highlight, merge_spans
from explorer.search.query import (
    F_EXCLUDED,
    F_TEXT,
    Mode,
    Node,
    compile_query,
    filter_nodes,
    highlight_terms,
    parse_query,
    query_notices,
)
from explorer.search.query import And as QAnd
from explorer.search.types import IndexedDoc, IndexState, IndexStatus, SearchResult, UpdateReport

__all__ = ["IndexState", "IndexStatus", "IndexedDoc", "SearchIndex", "SearchResult", "UpdateReport"]

# Bump when the fields or the stored data change (analysis changes bump ANALYSIS_VERSION).
SCHEMA_VERSION = f"5.{ANALYSIS_VERSION}"  # 4: bigram counts; folded-text, word-cut and length columns; 5: fold patch
NORMALISER_VERSION = SCHEMA_VERSION  # default stamp when the caller passes no pipeline version


@dataclass
class _Open:
    generation: str
    searcher: Any
    manifest: dict[str, Any]
    schema_ok: bool
    previous: Any = field(default=None)  # the searcher replaced last; closed on the next swap
    engine: Any = None  # per-generation caches (lengths, deletions) of the bigram engine


# ------------------------------------------------------------------------------------------------ index


class SearchIndex(GenerationFolders):
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
                return gen, manifest, _open_dir(self.dir / gen).searcher()
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
        common: dict[str, Any] = dict(
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
                from explorer.search.build import write_docs  # not on a search's path: multiprocessing

                n_passages = write_docs(ix, todo, mode=self.mode, deletes=changed + removed, progress=progress)
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
                        # verified on every open; the unchanged segments keep the hashes they were verified with
                        "files": integrity.seal(gen_dir, self.dir / old_gen if old_gen and not reason else None),
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
            searcher = _open_dir(self.dir / gen).searcher() if schema_ok else None
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
            notices = query_notices(query)
            filters = filter_nodes(kind=kind, doc=doc, year=year)
            if filters:
                node = QAnd((node, *filters))
            terms = highlight_terms(node, glossary)
            if self.mode == "bigram":
                engine = opened.engine or Engine(opened.searcher)
                opened.engine = engine
                ranked, total, excluded_matches = engine.run(node, glossary, limit, include_excluded)
                notices.extend(n for n in engine.notices if n not in notices)
                if self.rerank and terms:
                    head = [(engine.text(F_TEXT, d), engine.cuts(d)) for d, _ in ranked[:RERANK_POOL]]
                    ranked = rerank(ranked, head, terms)
                if limit is not None:
                    ranked = ranked[:limit]
                hits = [_hit(engine, d, score, terms) for d, score in ranked]
            else:
                rows, total, excluded_matches = _whoosh_search(
                    opened.searcher, node, self.mode, glossary, limit, include_excluded
                )
                hits = [
                    Hit(doc_id, index, section, text, round(score, 4), highlight(text, terms), excluded)
                    for (doc_id, index, section, text, excluded), score in rows
                ]
        seconds = time.perf_counter() - t0
        return SearchResult(query, tuple(hits), total, excluded_matches, state, tuple(terms), seconds, tuple(notices))


# ------------------------------------------------------------------------------------------------ helpers


def _hit(engine: Engine, docnum: int, score: float, terms: list[str]) -> Hit:
    """A result row: stored fields for the passage, highlights found in the column's folded text (folding
    keeps lengths, so its offsets are the passage's)."""
    doc_id, index, section, text, excluded = engine.searcher.stored_fields(docnum)[F_HIT]
    folded = engine.text(F_TEXT, docnum)
    return Hit(
        doc=doc_id,
        passage=index,
        section=section,
        text=unfold(folded, text),
        score=round(score, 4),
        highlights=merge_spans(find_spans(folded, terms)),
        excluded=excluded,
    )


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


def _entry(doc: IndexedDoc) -> dict[str, Any]:
    """A document's manifest entry; its stamp (sizes and mtimes as read) lets a later run skip re-reading it."""
    entry: dict[str, Any] = {"hash": doc.content_hash, "passages": len(doc.passages)}
    stamp = integrity.doc_stamp(doc.record)
    if stamp is not None:
        entry["stamp"] = stamp
    return entry
