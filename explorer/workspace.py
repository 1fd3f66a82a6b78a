"""The one way through: a corpus with its index, answering every question the CLI and the TUI ask.

``Workspace`` opens a corpus folder (records → documents), and builds derived data lazily and once:
the search index, figures, measures, target tracking and references. It never imports Textual.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from explorer.corpus.decode import looks_binary
from explorer.corpus.document import Document, DocumentError, content_hash, load_document
from explorer.corpus.normalise import NORMALISER_VERSION
from explorer.corpus.records import load_records
from explorer.model import DocumentRecord, Figure, Passage, Problem
from explorer.paths import default_corpus, default_index

Progress = Callable[[int, int], None]


@dataclass
class IndicatorSummary:
    name: str
    unit: str
    direction: str
    figures: int
    documents: int
    in_lexicon: bool

    def to_json(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Workspace:
    corpus_dir: Path
    index_dir: Path
    records: list[DocumentRecord]
    documents: dict[str, Document]
    problems: list[Problem] = field(default_factory=list)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    # ----------------------------------------------------------------- opening
    @classmethod
    def locate(cls, corpus_dir: Path | None = None, index_dir: Path | None = None) -> Workspace:
        """Where a corpus and its index are, reading nothing (for commands that create the corpus)."""
        corpus_dir = Path(corpus_dir) if corpus_dir else default_corpus()
        return cls(corpus_dir, Path(index_dir) if index_dir else default_index(corpus_dir), [], {}, [])

    @classmethod
    def open(cls, corpus_dir: Path | None = None, index_dir: Path | None = None, *, load: bool = True) -> Workspace:
        """Read the records (and, with ``load``, every document's text). Problems are collected, never raised."""
        ws = cls.locate(corpus_dir, index_dir)
        ws.records, ws.problems = load_records(ws.corpus_dir)
        if load:
            ws.load_documents()
        return ws

    def load_documents(self) -> None:
        for record in self.records:
            if record.id in self.documents:
                continue
            try:
                doc = load_document(record)
            except DocumentError as exc:
                self.problems.append(Problem(str(record.record_path), str(exc)))
                continue
            self.documents[record.id] = doc
            self.problems.extend(doc.problems)
        self.records = [r for r in self.records if r.id in self.documents]

    @property
    def loaded(self) -> bool:
        return bool(self.documents)

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

    def indexed_docs(self):
        from explorer.search.index import IndexedDoc

        self.load_documents()
        return [IndexedDoc(d.record, d.passages, d.content_hash) for d in self.documents.values()]

    def index_is_fresh(self) -> bool:
        """Cheap check (reads the sources' bytes, parses nothing) that the index matches the corpus."""
        if self.documents:  # already parsed: their own hashes, and only of what could be loaded
            return self.index.is_fresh({d.id: d.content_hash for d in self.documents.values()})
        hashes = {}
        for record in self.records:
            try:
                data = record.source.read_bytes()
            except OSError:
                continue
            if data.strip() and not looks_binary(data):  # what loading would refuse is never indexed
                hashes[record.id] = content_hash(record, data)
        return self.index.is_fresh(hashes)

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

    # ----------------------------------------------------------------- figures
    def figures(self, *, include_excluded: bool = False, on_skip: Callable[[str], None] | None = None) -> list[Figure]:
        if on_skip is None and include_excluded in self._figures_cache:
            return self._figures_cache[include_excluded]
        from explorer.extract.figures import extract_figures

        out: list[Figure] = []
        lexicon = self.lexicon
        for doc in self.documents.values():
            for passage in doc.policy_passages(include_excluded):
                out.extend(
                    extract_figures(passage, doc.record, lexicon, include_excluded=include_excluded, on_skip=on_skip)
                )
        self._figures_cache[include_excluded] = out
        return out

    @cached_property
    def _figures_cache(self) -> dict[bool, list[Figure]]:
        return {}

    def filter_figures(
        self,
        *,
        indicator: str | None = None,
        doc: str | None = None,
        kind: str | None = None,
        year: int | None = None,
        include_excluded: bool = False,
    ) -> list[Figure]:
        figures = self.figures(include_excluded=include_excluded)
        if indicator:
            wanted = self.canonical_indicator(indicator)
            label = _to_simplified(indicator)
            figures = [f for f in figures if f.indicator == wanted or f.label in (indicator, label)]
        if doc:
            figures = [f for f in figures if f.doc == doc]
        if kind:
            figures = [f for f in figures if f.kind == kind]
        if year is not None:
            figures = [f for f in figures if f.year == year]
        return figures

    def canonical_indicator(self, name: str) -> str:
        """The lexicon's name for an indicator or alias, also when written in traditional script."""
        indicator, entry = self.lexicon.canonicalise(name)
        if entry is None:
            simplified = _to_simplified(name)
            if simplified != name:
                indicator, _entry = self.lexicon.canonicalise(simplified)
        return indicator

    def indicators(self) -> list[IndicatorSummary]:
        figures = self.figures()
        counts = Counter(f.indicator for f in figures)
        docs: dict[str, set[str]] = {}
        units: dict[str, Counter] = {}
        for f in figures:
            docs.setdefault(f.indicator, set()).add(f.doc)
            units.setdefault(f.indicator, Counter())[f.unit] += 1
        out = []
        for name, n in counts.most_common():
            _canonical, entry = self.lexicon.canonicalise(name)
            unit = getattr(entry, "unit", None) or units[name].most_common(1)[0][0]
            direction = getattr(entry, "direction", None) or "none"
            out.append(IndicatorSummary(name, unit, direction, n, len(docs[name]), entry is not None))
        return out

    def series(self, indicator: str) -> list[Figure]:
        """The indicator across documents and years: ordered by year (unknown years last), then document date."""
        figures = self.filter_figures(indicator=indicator)
        published = {r.id: r.published for r in self.records}
        return sorted(
            figures, key=lambda f: (f.year is None, f.year or 0, published.get(f.doc, ""), f.doc, f.passage, f.start)
        )

    # ----------------------------------------------------------------- plans, tracking, references
    @cached_property
    def _figures_by_doc(self) -> dict[str, list[Figure]]:
        by_doc: dict[str, list[Figure]] = {}
        for f in self.figures():
            by_doc.setdefault(f.doc, []).append(f)
        return by_doc

    @cached_property
    def _all_measures(self) -> list:
        from explorer.extract.measures import build_measures

        measures = []
        for d in self.documents.values():
            built, problems = build_measures(d, self._figures_by_doc.get(d.id, []))
            measures.extend(built)
            self.problems.extend(problems)
        return measures

    def measures(self, doc: str | None = None) -> list:
        """Every document's measure tree as a flat list (or one document's), targets on their nodes."""
        return [m for m in self._all_measures if m.doc == doc] if doc else list(self._all_measures)

    @cached_property
    def _all_targets(self) -> list:
        from explorer.extract.tracking import track_targets

        return track_targets(self._all_measures, self.figures(), self.records, self.lexicon)

    def targets(self, doc: str | None = None, status: str | None = None) -> list:
        tracked = self._all_targets
        if doc:
            tracked = [t for t in tracked if t.doc == doc]
        if status:
            tracked = [t for t in tracked if t.status == status]
        return list(tracked)

    @cached_property
    def _refs_cache(self) -> dict[str, list]:
        return {}

    def _refs_of(self, type: str | None) -> list:
        """All references, or only one type's (reports-on and tracks are costly on a large corpus)."""
        from explorer.extract.references import ALL_TYPES, find_references

        key = type or "*"
        with self._lock:
            if key not in self._refs_cache:
                if "*" in self._refs_cache:
                    self._refs_cache[key] = [r for r in self._refs_cache["*"] if r.type == type]
                else:
                    self._refs_cache[key] = find_references(self, frozenset({type}) if type else ALL_TYPES)
            return self._refs_cache[key]

    def refs(
        self, doc: str | None = None, type: str | None = None, to: str | None = None, from_doc: str | None = None
    ) -> list:
        refs = self._refs_of(type)
        if doc:
            refs = [r for r in refs if r.source.doc == doc or r.target.doc == doc]
        if from_doc:
            refs = [r for r in refs if r.source.doc == from_doc]
        if type:
            refs = [r for r in refs if r.type == type]
        if to:
            refs = [r for r in refs if to in (r.target.title or "") or to in (r.target.doc, r.target.measure)]
        return list(refs)


def _to_simplified(text: str) -> str:
    import opencc

    return opencc.OpenCC("t2s").convert(text)


def rebuild_needed(ws: Workspace) -> bool:
    try:
        return not ws.index_is_fresh()
    except Exception:  # a damaged index is rebuilt, never shown as an error
        return True
