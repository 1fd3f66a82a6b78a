"""The figures side of the facade: the corpus's figures as a researcher sees them (prepared: jurisdiction, roles,
indicator identity, corrections), filtered, listed as indicators and series. Prepared once per document and kept
with the analyses (``AnalysedCorpus.per_document``), so one edited report prepares that report's figures only."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from explorer.analysis.corpus import AnalysedCorpus, record_identity
from explorer.keys import fingerprint
from explorer.model import DocumentRecord, Figure, Problem

if TYPE_CHECKING:
    from explorer.analysis.components import Settings
    from explorer.extract.tracking import Contribution, MeasureFrame


# Bump with a change to how figures are prepared (extract/prepare.py) or to what a document gives tracking
# (extract/tracking.py ``contributions``): stored parts are reused by their own keys, which carry these.
PREPARED_VERSION = "1"
CONTRIBUTIONS_VERSION = "contributions-2"


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


class FiguresMixin:
    """``Workspace``'s figures: it gives the corpus snapshot, the lexicon, the settings and the problems list."""

    if TYPE_CHECKING:
        corpus_dir: Path
        problems: list[Problem]
        records: list[DocumentRecord]

        @property
        def corpus(self) -> AnalysedCorpus: ...

        @property
        def lexicon(self) -> Any: ...

        @property
        def analysis_settings(self) -> Settings: ...

        def index_key(self, name: str, source: object, compute: Callable[[], str]) -> str: ...

    # ----------------------------------------------------------------- figures
    def figures(self, *, include_excluded: bool = False, on_skip: Callable[[str], None] | None = None) -> list[Figure]:
        """The corpus's figures as the researcher sees them: the extractor's, with jurisdiction, settled role,
        indicator identity and the corrections of ``corrections.yaml`` applied (``extract.prepare``), computed once
        per change of the figures, the records or the corrections, and stored."""
        corpus = self.corpus
        if on_skip is not None:  # --verbose: the numbers each document's analysis did not take, with why
            for r in corpus.records:
                for line in corpus.figure_set(r.id).skipped:
                    on_skip(line)
        return corpus.per_document(  # each document prepared alone (extract.prepare is per figure and record)
            f"prepared:{include_excluded}",
            self.figures_key(),
            self._prepared_key,
            lambda doc: self._prepare(doc, include_excluded),
        )

    def _prepare(self, doc: str, include_excluded: bool = False) -> list[Figure]:
        from explorer.extract.prepare import prepare_figures

        corrections, _corrections_key = self.corrections
        figures = self.corpus.doc_figures(doc, include_excluded)
        return prepare_figures(figures, [self.corpus.by_id[doc]], self.lexicon, corrections)

    def figure_digests(self) -> list[str]:
        """A hash of each prepared figure (``figures()``, same order): what tracking keys an indicator's results by,
        computed once per document and kept beside the prepared figures."""
        from explorer.extract.tracking import figure_digest

        by_doc: dict[str, list[Figure]] = {}

        def digests_of(doc: str) -> list[str]:  # figures grouped by document only when a document needs hashing
            if not by_doc:
                for f in self.figures():
                    by_doc.setdefault(f.doc, []).append(f)
            return [figure_digest(f) for f in by_doc.get(doc, ())]

        return self.corpus.per_document("prepared-digests", self.figures_key(), self._prepared_key, digests_of)

    def tracking_contributions(
        self, frames_of: Callable[[str], list[MeasureFrame]], *, loaded: bool = False
    ) -> list[Contribution]:
        """What each document gives each indicator's tracking (``extract.tracking.contributions``), kept per
        document: after one edit, that document's figures are prepared and hashed again — and no other's loaded.
        ``loaded``: take them from the prepared figures and their digests (a first run, which needs them all
        anyway, prepares and hashes each figure once)."""
        from explorer.extract.tracking import contributions, figure_digest

        corpus = self.corpus
        by_doc: dict[str, tuple[list[Figure], list[str]]] = {}
        if loaded:
            for f, digest in zip(self.figures(), self.figure_digests(), strict=True):
                entry = by_doc.setdefault(f.doc, ([], []))
                entry[0].append(f)
                entry[1].append(digest)

        def compute(doc: str) -> list[Contribution]:
            if loaded:
                figures, digests = by_doc.get(doc, ([], []))
            else:
                figures = self._prepare(doc)
                digests = [figure_digest(f) for f in figures]
            return contributions(figures, digests, corpus.by_id[doc], frames_of(doc), self.lexicon)

        return corpus.per_document(
            "track-contributions",
            fingerprint(CONTRIBUTIONS_VERSION, self.figures_key(), corpus.fingerprint("measures")),
            # the version in each part's key too: parts are reused by their own keys when the slot's changed
            lambda r: fingerprint(CONTRIBUTIONS_VERSION, self._prepared_key(r), corpus.key(r.id, "measures")),
            compute,
        )

    def _prepared_key(self, r: DocumentRecord) -> str:
        _corrections, corrections_key = self.corrections
        fields = (record_identity(r), corrections_key, self.analysis_settings.lexicon_fingerprint)
        return fingerprint(PREPARED_VERSION, self.corpus.key(r.id, "figures"), *fields)

    def figures_key(self) -> str:
        """What the prepared figures are computed from: every document's figures and record, the corrections, the
        lexicon (a listing of them is stored under it)."""
        _corrections, corrections_key = self.corrections
        return fingerprint(
            self.corpus.fingerprint("figures"), corrections_key, self.analysis_settings.lexicon_fingerprint
        )

    @cached_property
    def corrections(self) -> tuple[Any, str]:
        """The researcher's corrections (``corrections.yaml`` in the corpus folder) and their fingerprint."""
        from explorer.corrections import FILE_NAME, load_corrections

        path = self.corpus_dir / FILE_NAME
        corrections, problems = load_corrections(path)
        self.problems.extend(p for p in problems if p not in self.problems)
        return corrections, file_fingerprint(path)

    def forget_corrections(self) -> None:
        """After a correction is written: the corrections are read again, and what depends on them recomputed."""
        for name in ("corrections", "linker"):
            self.__dict__.pop(name, None)

    def filter_figures(
        self,
        *,
        indicator: str | None = None,
        doc: str | None = None,
        kind: str | None = None,
        year: int | None = None,
        include_excluded: bool = False,
    ) -> list[Figure]:
        if doc and not include_excluded:
            figures = list(self.corpus.figure_set(doc).figures) if doc in self.corpus.keys else []
        else:
            figures = self.figures(include_excluded=include_excluded)
            if doc:
                figures = [f for f in figures if f.doc == doc]
        if indicator:
            wanted = self.canonical_indicator(indicator)
            label = _to_simplified(indicator)
            figures = [f for f in figures if f.indicator == wanted or f.label in (indicator, label)]
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
        return str(indicator)

    def indicators(self) -> list[IndicatorSummary]:
        """Every indicator with its unit, direction and counts, most figures first; kept with the analyses under
        the prepared figures' key (the Figures pane lists them without loading 89,000 figures first)."""
        return list(
            self.corpus.derived("indicators", fingerprint("indicators-1", self.figures_key()), self._indicators)
        )

    def _indicators(self) -> list[IndicatorSummary]:
        figures = self.figures()
        counts = Counter(f.indicator for f in figures)
        docs: dict[str, set[str]] = {}
        units: dict[str, Counter[str]] = {}
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

    def indicator_figures(self, indicator: str) -> list[Figure]:
        """``filter_figures(indicator=…)`` — the prepared figures of one indicator, named by its name, an alias or
        its label as written (also in traditional script), in corpus order — read from the index of
        ``figures_named``: `series GDP增速` and the Figures pane's first series read one shard, not 89,000
        figures."""
        return self.figures_named((self.canonical_indicator(indicator),), (indicator, _to_simplified(indicator)))

    def figures_named(self, indicators: Iterable[str], labels: Iterable[str] = ()) -> list[Figure]:
        """The prepared figures whose indicator is one of ``indicators`` or whose label is one of ``labels``, in
        corpus order, from an index kept in the store under the prepared figures' key: the figures of one
        indicator, and of one label where it is not its indicator's name, each in the one shard its name falls
        in. Built from the full list once per change of the figures (a figure's label is mostly its indicator's
        name: such a figure is kept once, under its indicator)."""
        key = self.index_key(
            "indicator-figures", self.corrections, lambda: fingerprint("indicator-figures-2", self.figures_key())
        )
        found: dict[int, Figure] = {}
        wanted: list[tuple[str, str | None]] = [(f"i:{name}", None) for name in dict.fromkeys(indicators)]
        for name in dict.fromkeys(labels):
            wanted += [(f"l:{name}", None), (f"i:{name}", name)]  # "i:<name>": its figures written as <name>
        for pid, label in wanted:
            for pos, f in self._figure_index(key, pid):
                if label is None or f.label == label:
                    found[pos] = f
        return [found[pos] for pos in sorted(found)]

    def _figure_index(self, key: str, pid: str) -> list[tuple[int, Figure]]:
        def build() -> dict[str, list[tuple[int, Figure]]]:
            # by indicator, and by label where the label is not the indicator's name (a figure's label is mostly
            # its indicator: kept once)
            parts: dict[str, list[tuple[int, Figure]]] = {}
            for pos, f in enumerate(self.figures()):
                parts.setdefault(f"i:{f.indicator}", []).append((pos, f))
                if f.label != f.indicator:
                    parts.setdefault(f"l:{f.label}", []).append((pos, f))
            return parts

        found: list[tuple[int, Figure]] = self.corpus.store.indexed("corpus", "indicator-figures", key, pid, build, [])
        return found

    def series(self, indicator: str) -> list[Figure]:
        """The indicator across documents and years: ordered by year (unknown years last), then document date."""
        figures = self.indicator_figures(indicator)
        published = {r.id: r.published for r in self.records}
        return sorted(
            figures,
            key=lambda f: (f.year is None, f.year or 0, published.get(f.doc, ""), f.doc, f.passage, f.start),
        )


def _to_simplified(text: str) -> str:
    import opencc

    return opencc.OpenCC("t2s").convert(text)


def file_fingerprint(path: Path) -> str:
    """What a settings file's outputs are keyed by: its bytes (a missing file has its own key). Not its path: the
    same corpus opened as ``corpus`` from its parent and as ``/home/…/corpus`` from elsewhere is one corpus, and
    keying by the path as typed recomputed every stored figure when the researcher changed folders."""
    try:
        data = path.read_bytes()
    except OSError:
        data = b"\0missing"
    return fingerprint(path.name, hashlib.sha256(data).hexdigest())
