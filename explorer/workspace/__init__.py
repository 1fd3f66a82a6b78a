"""The one way through: a corpus with its index and stored analyses, answering what the CLI and the TUI ask.

``Workspace`` opens a corpus folder (records), brings the analysis store up to date (``analysis/``: only what
changed is computed), and answers from the ``AnalysedCorpus`` snapshot and the linking stage (``linking/``).
It holds no analysis code of its own and never imports Textual.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from explorer.analysis.components import Settings
from explorer.analysis.corpus import AnalysedCorpus, LazyDocuments, LazyPassages
from explorer.analysis.runner import analyse
from explorer.analysis.store import AnalysisStore
from explorer.corpus.document import Document, content_hash_of_digest
from explorer.corpus.normalise import NORMALISER_VERSION
from explorer.corpus.records import load_records
from explorer.keys import fingerprint
from explorer.linking.stage import ALL_TYPES, Linker
from explorer.model import DocumentRecord, Measure, Passage, Problem, Reference, TrackedTarget
from explorer.paths import default_corpus, default_index
from explorer.workspace.figures import FiguresMixin, IndicatorSummary, file_fingerprint

Progress = Callable[[int, int], None]


@dataclass
class Workspace(FiguresMixin):
    """A corpus folder, its index and its stored analyses. ``documents`` loads each document from the analysis
    store when first asked for; everything derived (figures, measures, targets, references) comes from the
    ``AnalysedCorpus`` snapshot and the linking stage, computed once and stored."""

    corpus_dir: Path
    index_dir: Path
    records: list[DocumentRecord]
    documents: Mapping[str, Document]
    problems: list[Problem] = field(default_factory=list)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _corpus: AnalysedCorpus | None = field(default=None, repr=False)

    # ----------------------------------------------------------------- opening
    @classmethod
    def locate(cls, corpus_dir: Path | None = None, index_dir: Path | None = None) -> Workspace:
        """Where a corpus and its index are, reading nothing (for commands that create the corpus)."""
        corpus_dir = Path(corpus_dir) if corpus_dir else default_corpus()
        return cls(corpus_dir, Path(index_dir) if index_dir else default_index(corpus_dir), [], {}, [])

    @classmethod
    def open(
        cls,
        corpus_dir: Path | None = None,
        index_dir: Path | None = None,
        *,
        load: bool = True,
        progress: Progress | None = None,
    ) -> Workspace:
        """Read the records (and, with ``load``, bring their analyses up to date). Problems are collected, never
        raised."""
        ws = cls.locate(corpus_dir, index_dir)
        ws.records, ws.problems = load_records(ws.corpus_dir)
        if load:
            ws.load_documents(progress)
        return ws

    @cached_property
    def store(self) -> AnalysisStore:
        return AnalysisStore(self.index_dir / "analysis")

    @cached_property
    def analysis_settings(self) -> Settings:
        return Settings(self.lexicon, file_fingerprint(self.settings_file("lexicon.yaml")))

    def load_documents(self, progress: Progress | None = None, *, workers: int | None = None) -> AnalysedCorpus:
        """Analyse what the store lacks (both cores for many documents) and make the corpus snapshot."""
        with self._lock:
            if self._corpus is not None:
                return self._corpus
            keys, problems = analyse(
                self.records,
                self.store,
                self.analysis_settings,
                self.settings_file("lexicon.yaml"),
                progress=progress,
                workers=workers,
            )
            corpus = AnalysedCorpus(tuple(self.records), keys, self.store, self.analysis_settings)
            self.problems.extend(problems)
            for summary in corpus.summaries().values():
                self.problems.extend(summary.problems)
            errors = dict.fromkeys(self.store.write_errors)
            self.problems.extend(Problem(str(self.store.root), e, "warning") for e in errors)
            self.records = list(corpus.records)
            self.documents = LazyDocuments(corpus)
            self._corpus = corpus
            return corpus

    @property
    def corpus(self) -> AnalysedCorpus:
        return self.load_documents()

    @property
    def loaded(self) -> bool:
        return self._corpus is not None and bool(self._corpus.records)

    def document(self, doc_id: str) -> Document:
        try:
            return self.documents[doc_id]
        except KeyError:
            raise KeyError(f"no document {doc_id!r} in {self.corpus_dir}") from None

    def resolve_id(self, key: str) -> str:
        """A document id from an id, a unique prefix of one, or a part of a title (records only, nothing parsed).
        Raises KeyError with a one-line message when nothing or more than one document matches."""
        ids = [r.id for r in self.records]
        if key in ids:
            return key
        matches = [r.id for r in self.records if r.id.startswith(key) or key in r.title]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise KeyError(
                f"{key!r} matches {len(matches)} documents: {', '.join(matches[:5])}{' …' if len(matches) > 5 else ''}"
            )
        raise KeyError(f"no document {key!r} (see `policy-explorer docs`)")

    def find_document(self, key: str) -> Document | None:
        """By id, or by a unique prefix of the id or a part of the title."""
        try:
            return self.documents.get(self.resolve_id(key))
        except KeyError:
            return None

    def passage(self, doc_id: str, index: int) -> Passage:
        return self.document(doc_id).passages[index]

    def passages(self, *, include_excluded: bool = False) -> Iterable[Passage]:
        for doc in self.documents.values():
            yield from doc.policy_passages(include_excluded)

    def passage_count(self, doc_id: str) -> int:
        """How many passages a document has, without loading it."""
        return self.corpus.summary(doc_id).passages

    # ----------------------------------------------------------------- settings files
    def settings_file(self, name: str) -> Path:
        """A corpus-wide settings file (glossary, lexicon, programmes): the corpus's own, else the bundled one."""
        own = self.corpus_dir / name
        if own.exists():
            return own
        from explorer.paths import BUNDLED_CORPUS

        return BUNDLED_CORPUS / name

    @cached_property
    def glossary(self):
        from explorer.search.glossary import load_glossary

        glossary, problems = load_glossary(self.settings_file("glossary.yaml"))
        self.problems.extend(problems)
        return glossary

    @cached_property
    def lexicon(self):
        from explorer.extract.lexicon import load_lexicon

        lexicon, problems = load_lexicon(self.settings_file("lexicon.yaml"))
        self.problems.extend(problems)
        return lexicon

    # ----------------------------------------------------------------- search
    @cached_property
    def index(self):
        from explorer.search.index import SearchIndex

        return SearchIndex(self.index_dir, normaliser_version=NORMALISER_VERSION)

    def indexed_docs(self) -> list[Any]:
        from explorer.search.index import IndexedDoc

        corpus = self.load_documents()
        return [IndexedDoc(r, LazyPassages(corpus, r.id), corpus.keys[r.id].content_hash) for r in corpus.records]

    def content_hashes(self) -> dict[str, str]:
        """Each readable document's content hash, from the analysis store's stat cache (no source is re-read
        unless its size, mtime or inode changed)."""
        if self._corpus is not None:
            return {doc: k.content_hash for doc, k in self._corpus.keys.items()}
        hashes = {}
        for record in self.records:
            digest = self.store.bytes_hash(record.source)
            if digest is not None and not self.store.refused(digest):
                hashes[record.id] = content_hash_of_digest(record, digest)
        self.store.flush()
        return hashes

    def index_is_fresh(self) -> bool:
        """Cheap check (parses nothing) that the index matches the corpus."""
        return bool(self.index.is_fresh(self.content_hashes()))

    def update_index(self, *, rebuild: bool = False, progress: Progress | None = None):
        with self._lock:
            return self.index.update(self.indexed_docs(), rebuild=rebuild, progress=progress)

    def ensure_index(self, progress: Progress | None = None):
        """Build or update the index only when the corpus changed; returns the update report or None."""
        if not rebuild_needed(self):
            return None
        return self.update_index(progress=progress)

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        kind: str | None = None,
        doc: str | None = None,
        year: int | None = None,
        include_excluded: bool = False,
    ):
        return self.index.search(
            query, limit=limit, kind=kind, doc=doc, year=year, include_excluded=include_excluded, glossary=self.glossary
        )

    # ----------------------------------------------------------------- plans, tracking, references
    def measures(self, doc: str | None = None) -> list[Measure]:
        """Every document's measure tree as a flat list (or one document's), targets on their nodes."""
        if doc:
            return list(self.corpus.measure_set(doc).measures) if doc in self.corpus.keys else []
        return list(self.corpus.measures())

    @cached_property
    def linker(self) -> Linker:
        from explorer.extract.programme_settings import load_programme_settings
        from explorer.extract.tracking import (
            MeasureFrame,
            TrackedGroups,
            group_keys,
            jurisdiction,
            measure_frame,
            track_by_indicator,
        )

        programmes_file = self.settings_file("programmes.yaml")
        programme_settings, problems = load_programme_settings(programmes_file)
        self.problems.extend(p for p in problems if p not in self.problems)
        lexicon = self.lexicon

        corrections, corrections_key = self.corrections

        def tracker(
            corpus: AnalysedCorpus, last: TrackedGroups | None
        ) -> tuple[list[TrackedTarget] | None, TrackedGroups]:
            def frames_of(doc: str) -> list[MeasureFrame]:  # what tracking reads of the measures, not their text
                return [measure_frame(m) for m in corpus.measure_set(doc, keep=False).measures]

            keys = group_keys(self.tracking_contributions(frames_of, loaded=last is None), lexicon)
            if last is not None and keys.keys() == last.keys() and all(last[i][0] == k for i, k in keys.items()):
                return None, last  # every indicator's inputs as they were: nothing to track, no figure loaded
            frames = corpus.per_document(
                "measure-frames",
                corpus.fingerprint("measures"),
                lambda r: corpus.key(r.id, "measures"),
                frames_of,
            )
            return track_by_indicator(
                frames,
                self.figures(),
                corpus.records,
                lexicon,
                corrections,
                prepared=True,
                last=last,
                keys=keys,
            )

        settings = fingerprint(
            file_fingerprint(programmes_file), self.analysis_settings.lexicon_fingerprint, corrections_key
        )
        return Linker(self.corpus, programme_settings, settings, tracker, jurisdiction)

    def targets(
        self, doc: str | None = None, status: str | None = None, indicator: str | None = None
    ) -> list[TrackedTarget]:
        if doc:  # one document's, from the per-document index (the Measures pane's first screen)
            tracked = self.doc_targets(doc)
            if indicator:
                tracked = [t for t in tracked if t.indicator == indicator]
        elif indicator:  # one indicator's (the Figures pane's series)
            tracked = self._indexed_targets("indicator", indicator)
        else:
            with self._lock:
                tracked = self.linker.targets()
        if status:
            tracked = [t for t in tracked if t.status == status]
        return list(tracked)

    def refs(
        self, doc: str | None = None, type: str | None = None, to: str | None = None, from_doc: str | None = None
    ) -> list[Reference]:
        if doc or from_doc:  # one document's references, from the per-document index
            refs = self.doc_refs(doc or from_doc or "")
        else:
            with self._lock:
                refs = self.linker.references(frozenset({type}) if type else ALL_TYPES)
        if doc:
            refs = [r for r in refs if r.source.doc == doc or r.target.doc == doc]
        if from_doc:
            refs = [r for r in refs if r.source.doc == from_doc]
        if type:
            refs = [r for r in refs if r.type == type]
        if to:
            refs = [r for r in refs if to in (r.target.title or "") or to in (r.target.doc, r.target.measure)]
        return list(refs)

    def doc_targets(self, doc: str) -> list[TrackedTarget]:
        """The tracked targets set in ``doc``, in the listing's order, from an index kept in the store under
        ``linker.targets_key()`` (built from the full listing when that key changed)."""
        return self._indexed_targets("doc", doc)

    def _indexed_targets(self, by: str, value: str) -> list[TrackedTarget]:
        return self._link_index(
            f"{by}-targets",
            "targets-2",
            lambda linker: linker.targets_key(),
            lambda linker: linker.targets(),
            lambda t: (t.doc if by == "doc" else t.indicator,),
            value,
        )

    def _link_index(
        self,
        slot: str,
        version: str,
        key_of: Callable[[Linker], str],
        items: Callable[[Linker], Iterable[Any]],
        ids_of: Callable[[Any], Iterable[str | None]],
        pid: str,
    ) -> list[Any]:
        """``pid``'s entry of an index of the linker's ``items`` (each under every id ``ids_of`` gives it, in the
        listing's order), kept in the store under the linker's key: built from the full listing only when that key
        changed, read from one shard otherwise."""
        with self._lock:
            linker = self.linker
            key = self.index_key(slot, linker, lambda: fingerprint(version, key_of(linker)))

            def build() -> dict[str, list[Any]]:
                parts: dict[str, list[Any]] = {}
                for item in items(linker):
                    for pid in dict.fromkeys(ids_of(item)):
                        if pid:
                            parts.setdefault(pid, []).append(item)
                return parts

            return list(self.store.indexed("links", slot, key, pid, build, []))

    def index_key(self, name: str, source: object, compute: Callable[[], str]) -> str:
        """The key an index is stored under, computed once per ``source`` (the linker, the corrections: what a
        saved correction replaces) — a fingerprint over a thousand records' keys took 5 ms a call."""
        memo = self.__dict__.setdefault("_index_keys", {})
        found = memo.get(name)
        if found is None or found[0] is not source:
            found = memo[name] = (source, compute())
        return str(found[1])

    def doc_refs(self, doc: str) -> list[Reference]:
        """The references (all types) with an end in ``doc``, in the listing's order, from an index kept in the
        store under ``linker.references_key()``: each document's references in the one shard its id falls in.
        The full listing is made only when that key changed (then the index of every document is written)."""
        return self._link_index(
            "doc-refs",
            "doc-refs-2",
            lambda linker: linker.references_key(),
            lambda linker: linker.references(ALL_TYPES),
            lambda r: (r.source.doc, r.target.doc),
            doc,
        )

    def programmes(self) -> list[Any]:
        with self._lock:
            return self.linker.programmes()


def rebuild_needed(ws: Workspace) -> bool:
    try:
        return not ws.index_is_fresh()
    except Exception:  # a damaged index is rebuilt, never shown as an error
        return True


__all__ = ["Workspace", "IndicatorSummary", "file_fingerprint", "rebuild_needed", "Progress"]
