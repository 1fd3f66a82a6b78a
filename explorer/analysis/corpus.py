"""An analysed corpus: the records and, for each document, where its stored outputs are.

It is the frozen snapshot the CLI, the TUI and the linking stage read: its records and keys never change after
it is made; outputs are loaded from the store on first use (a warm ``figures`` reads figures, never passages) and
kept. Loading is guarded by a lock, so the TUI's workers may ask from several threads without racing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any, TypeVar, overload

from explorer.analysis.components import FigureSet, LinkDoc, MeasureSet, Settings, Summary
from explorer.analysis.runner import DocKeys, load_output
from explorer.analysis.store import AnalysisStore
from explorer.corpus.document import Document
from explorer.keys import fingerprint
from explorer.model import DocumentRecord, Figure, Measure, Passage

CORPUS = "corpus"  # the store's area for corpus-wide gathered lists
_PARTS_VERSION = "parts-2"  # a per-document part is (its key, its items, the key its value was first made under)
T = TypeVar("T")


class AnalysedCorpus:
    def __init__(
        self, records: tuple[DocumentRecord, ...], keys: Mapping[str, DocKeys], store: AnalysisStore, settings: Settings
    ):
        self.records = tuple(r for r in records if r.id in keys)
        self.by_id = {r.id: r for r in self.records}
        self.keys = dict(keys)
        self.store = store
        self.settings = settings
        self._loaded: dict[tuple[str, str], Any] = {}
        self._lock = threading.RLock()
        self._derived: dict[str, tuple[str, Any]] = {}
        self._content: dict[str, str] = {}

    # ------------------------------------------------------------------ per document
    def output(self, doc: str, name: str, *, keep: bool = True) -> Any:
        """One stored output of one document, kept for the rest of the run unless ``keep`` is False: a pass over
        every document (the linking stage scanning a thousand texts, preparing a thousand documents' figures)
        holds one at a time — kept, they held 1.35 GB by the end of a first `refs`."""
        with self._lock:
            found = self._loaded.get((doc, name))
            if found is None:
                found = load_output(self.store, self.keys[doc], name, self.by_id[doc], self.settings)
                if name == "document":  # the record as it is now (an issuer edited in YAML needs no re-analysis)
                    found = replace(found, record=self.by_id[doc])
                if keep:
                    self._loaded[(doc, name)] = found
            return found

    def key(self, doc: str, name: str) -> str:
        return self.keys[doc].keys[name]

    def document(self, doc: str, *, keep: bool = True) -> Document:
        """The document (with its current record); ``keep=False`` loads it without keeping it (indexing a
        thousand documents holds one at a time)."""
        if keep or (doc, "document") in self._loaded:
            return self.output(doc, "document")  # type: ignore[no-any-return]
        found = load_output(self.store, self.keys[doc], "document", self.by_id[doc], self.settings)
        return replace(found, record=self.by_id[doc])  # type: ignore[no-any-return]

    def summary(self, doc: str) -> Summary:
        return self.output(doc, "summary")  # type: ignore[no-any-return]

    def linkdoc(self, doc: str, *, keep: bool = True) -> LinkDoc:
        return self.output(doc, "linkdoc", keep=keep)  # type: ignore[no-any-return]

    def figure_set(self, doc: str, *, keep: bool = True) -> FigureSet:
        return self.output(doc, "figures", keep=keep)  # type: ignore[no-any-return]

    def measure_set(self, doc: str, *, keep: bool = True) -> MeasureSet:
        return self.output(doc, "measures", keep=keep)  # type: ignore[no-any-return]

    # ------------------------------------------------------------------ corpus-wide
    def fingerprint(self, *names: str) -> str:
        """A key of the named outputs of every document (and the records' metadata): what a corpus-wide result
        computed from those outputs is stored under."""
        return fingerprint(*names, *((record_identity(r), *(self.key(r.id, n) for n in names)) for r in self.records))

    def per_document(
        self, slot: str, key: str, doc_key: Callable[[DocumentRecord], str], compute: Callable[[str], Sequence[T]]
    ) -> list[T]:
        """A corpus-wide list made of one part per document, in record order, kept in this snapshot and stored as
        the parts with their keys (in shards: ``AnalysisStore.put_parts``). When ``key`` changed, the parts whose
        ``doc_key`` did not are taken from the last stored value and only the others computed — and written: one
        edited report of a thousand prepares and stores that report's figures, not 89,000.

        Each part also keeps the key it was first computed under while its value stays the same: a part computed
        again to the same value (a report edited where it cites nothing) keeps it, so ``content_key(slot)`` — what
        the parts are, not what they were made from — lets a result downstream be kept across such an edit (a
        build system's "early cutoff")."""
        full = fingerprint(_PARTS_VERSION, key)
        with self._lock:
            memo = self._derived.get(slot)
            if memo is not None and memo[0] == full:
                return memo[1]  # type: ignore[no-any-return]
            stored = self.store.get_parts(CORPUS, slot)
            last = stored[1] if stored is not None else {}
            parts: dict[str, Any] = {}
            changed: set[str] = set(last) - {r.id for r in self.records}
            for r in self.records:
                before: Any = last.get(r.id)
                if stored is not None and stored[0] == full and before is not None:
                    parts[r.id] = before
                    continue
                k = doc_key(r)
                valid = isinstance(before, tuple) and len(before) == 3
                if not (valid and before[0] == k):
                    items = tuple(compute(r.id))
                    same = valid and before[1] == items
                    before = (k, items, before[2] if same else k)
                    changed.add(r.id)
                parts[r.id] = before
            if stored is None or stored[0] != full or changed:
                self.store.put_parts(CORPUS, slot, full, parts, changed=changed, last=stored)
            flat = [item for r in self.records for item in parts[r.id][1]]
            self._derived[slot] = (full, flat)
            self._content[slot] = fingerprint(slot, [(r.id, parts[r.id][2]) for r in self.records])
            return flat

    def content_key(self, slot: str) -> str:
        """What a ``per_document`` slot's parts are (each part's key when its value was first computed), once it
        has been read in this run."""
        return self._content[slot]

    def _gathered(self, name: str, variant: str, gather: Callable[[], T]) -> T:
        """A corpus-wide value of one output, stored as one file under the fingerprint of the documents' outputs
        (warm, a thousand documents' summaries are read from one file, not a thousand)."""
        key = self.fingerprint(name)
        found = self.store.get_slot(CORPUS, f"{name}:{variant}", key)
        if found is None:
            found = gather()
            self.store.put_slot(CORPUS, f"{name}:{variant}", key, found)
        return found

    def derived(self, slot: str, key: str, compute: Callable[[], T]) -> T:
        """A corpus-wide result computed from stored outputs (prepared figures, say), kept in this snapshot and in
        the store's slot under ``key``."""
        with self._lock:
            memo = self._derived.get(slot)
            if memo is not None and memo[0] == key:
                return memo[1]  # type: ignore[no-any-return]
            found = self.store.get_slot(CORPUS, slot, key)
            if found is None:
                found = compute()
                self.store.put_slot(CORPUS, slot, key, found)
            self._derived[slot] = (key, found)
            return found

    def doc_figures(self, doc: str, include_excluded: bool = False) -> tuple[Figure, ...]:
        fs = self.figure_set(doc, keep=False)  # read for a corpus-wide pass: not kept
        return tuple(_in_passage_order(fs.figures, fs.excluded)) if include_excluded else fs.figures

    def figures(self, include_excluded: bool = False) -> list[Figure]:
        """Every document's figures (the extractor's), in record order."""
        return self.per_document(
            f"figures:{include_excluded}",
            self.fingerprint("figures"),
            lambda r: self.key(r.id, "figures"),
            lambda doc: self.doc_figures(doc, include_excluded),
        )

    def measures(self) -> list[Measure]:
        return self.per_document(
            "measures",
            self.fingerprint("measures"),
            lambda r: self.key(r.id, "measures"),
            lambda doc: self.measure_set(doc, keep=False).measures,
        )

    def summaries(self) -> dict[str, Summary]:
        """Every document's summary (problems, counts), from one file when nothing changed."""
        with self._lock:
            found = self._gathered("summary", "", lambda: {r.id: self.summary(r.id) for r in self.records})
            for doc, summary in found.items():
                self._loaded.setdefault((doc, "summary"), summary)
            return found


def record_identity(r: DocumentRecord) -> tuple[Any, ...]:
    """What of a record the analyses downstream of a document read (its place comes from issuer, title or a
    ``jurisdiction:`` field); not its paths, which differ as the corpus is opened from elsewhere."""
    meta = sorted((str(k), repr(v)) for k, v in r.meta.items()) if isinstance(r.meta, dict) else ()
    return (r.id, r.kind, r.issuer, r.title, r.published, r.covers, tuple(meta))


def _in_passage_order(kept: tuple[Figure, ...], excluded: tuple[Figure, ...]) -> list[Figure]:
    return sorted((*kept, *excluded), key=lambda f: f.passage)  # stable: a passage's figures keep their order


class LazyPassages(Sequence[Passage]):
    """A document's passages for the index: counted from the stored summary, loaded only when read (an index
    update that re-indexes one changed document of a thousand loads that one)."""

    def __init__(self, corpus: AnalysedCorpus, doc: str):
        self._corpus, self._doc = corpus, doc

    def _all(self) -> tuple[Passage, ...]:
        return self._corpus.document(self._doc, keep=False).passages

    def __len__(self) -> int:
        return self._corpus.summary(self._doc).passages

    def __iter__(self) -> Iterator[Passage]:
        return iter(self._all())

    @overload
    def __getitem__(self, index: int) -> Passage: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Passage]: ...
    def __getitem__(self, index: int | slice) -> Passage | Sequence[Passage]:
        return self._all()[index]


class LazyDocuments(Mapping[str, Document]):
    """``ws.documents``: document id → Document, each loaded from the store when first asked for."""

    def __init__(self, corpus: AnalysedCorpus):
        self._corpus = corpus

    def __getitem__(self, key: str) -> Document:
        if key not in self._corpus.keys:
            raise KeyError(key)
        return self._corpus.document(key)

    def __iter__(self) -> Iterator[str]:
        return (r.id for r in self._corpus.records)

    def __len__(self) -> int:
        return len(self._corpus.records)

    def __contains__(self, key: object) -> bool:
        return key in self._corpus.keys
