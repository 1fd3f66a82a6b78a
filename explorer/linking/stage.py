"""The linking stage: cross-document results over stored analyses, each stored under what it was computed from.

    programmes  ← every document's quoted names and campaigns, policy texts, programmes.yaml
    cites       ← every document's 《title》 mentions, the records' titles
    reports-on  ← per plan document: it and the reports that may report on it (``reports_on.eligible``)
    targets     ← every document's figures and measures, the records, the lexicon
    tracks      ← targets

Each result is looked up in the store first; a corpus with one changed report re-links only the plans that report
may speak to, re-detects programmes and cites (one pass each, linear in the corpus) and re-tracks targets.
Nothing here calls back into the ``Workspace``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from explorer.analysis.corpus import AnalysedCorpus
from explorer.analysis.store import fingerprint
from explorer.extract.programme_settings import ProgrammeSettings
from explorer.extract.programmes import Programme, programmes_of
from explorer.linking.cites import cite_references
from explorer.linking.reports_on import PlanInputs, ReportWindow, eligible, passage_marks, reports_on
from explorer.model import DocumentRecord, RefEnd, Reference, TrackedTarget
from explorer.text.sentences import sentence_at

LINKS = "links"
LINKING_VERSION = "1"
ALL_TYPES = frozenset({"cites", "programme", "reports-on", "tracks"})
Tracker = Callable[[AnalysedCorpus], list[TrackedTarget]]
Place = Callable[[DocumentRecord], str | None]


@dataclass
class Linker:
    """Computes (or loads) the corpus's links. ``tracker`` tracks targets (extract.tracking, given by the caller
    so that corrections and the lexicon come with it); ``place`` tells a record's jurisdiction."""

    corpus: AnalysedCorpus
    programme_settings: ProgrammeSettings
    settings_fingerprint: str
    tracker: Tracker
    place: Place

    def _cached(self, slot: str, key: str, compute: Callable[[], Any]) -> Any:
        full = fingerprint(LINKING_VERSION, key)
        found = self.corpus.store.get_slot(LINKS, slot, full)
        if found is None:
            found = compute()
            self.corpus.store.put_slot(LINKS, slot, full, found)
        return found

    # ------------------------------------------------------------------ programmes
    def programmes(self) -> list[Programme]:
        key = fingerprint(self.corpus.fingerprint("mentions", "linkdoc"), self.settings_fingerprint)
        return self._cached("programmes", key, self._detect_programmes)  # type: ignore[no-any-return]

    def _texts(self) -> dict[tuple[str, int], str]:
        return {(r.id, i): t for r in self.corpus.records for i, t in self.corpus.linkdoc(r.id).texts.items()}

    def _detect_programmes(self) -> list[Programme]:
        mentions = [m for r in self.corpus.records for m in self.corpus.output(r.id, "mentions")]
        return programmes_of(self._texts(), mentions, self.programme_settings)

    def programme_references(self) -> list[Reference]:
        key = fingerprint(self.corpus.fingerprint("mentions", "linkdoc"), self.settings_fingerprint)
        return self._cached("programme-refs", key, self._programme_refs)  # type: ignore[no-any-return]

    def _programme_refs(self) -> list[Reference]:
        out = []
        for prog in self.programmes():
            n_docs = len(prog.docs)
            score = 1.0 if prog.source == "user" else round(min(1.0, 0.4 + 0.2 * n_docs), 2)
            summary = f"in {n_docs} documents, {len(prog.mentions)} mentions"
            for m in prog.mentions:
                link = self.corpus.linkdoc(m.doc)
                out.append(
                    Reference(
                        type="programme",
                        source=RefEnd(
                            doc=m.doc,
                            passage=m.passage,
                            measure=link.owners.get(m.passage),
                            text=sentence_at(link.texts[m.passage], m.start, m.end),
                        ),
                        target=RefEnd(title=prog.name, text=summary),
                        score=score,
                        evidence=prog.evidence + (("as written: " + m.name,) if m.name != prog.name else ()),
                        start=m.start,
                        end=m.end,
                    )
                )
        return out

    # ------------------------------------------------------------------ cites
    def cites(self) -> list[Reference]:
        return self._cached("cites", self.corpus.fingerprint("titles", "linkdoc"), self._cites)  # type: ignore[no-any-return]

    def _cites(self) -> list[Reference]:
        citations = [c for r in self.corpus.records for c in self.corpus.output(r.id, "titles")]
        owners = {(r.id, i): m for r in self.corpus.records for i, m in self.corpus.linkdoc(r.id).owners.items()}
        return cite_references(citations, self.corpus.records, owners)

    # ------------------------------------------------------------------ reports-on
    def reports_on(self) -> list[Reference]:
        """Every plan's reports-on links, from one slot when nothing they are made from changed (a warm `refs` on a
        thousand documents reads one file and computes no plan's key); else each plan from its own slot, linked
        again only when its own inputs changed."""
        return self._cached("reports-on:all", self._reports_on_key(), self._reports_on)  # type: ignore[no-any-return]

    def _reports_on_key(self) -> str:
        # the records' metadata (and so their places) are in the corpus fingerprint; programmes come from mentions
        return fingerprint(
            self.corpus.fingerprint("linkdoc", "words", "figures", "titles", "summary", "mentions"),
            self.settings_fingerprint,
        )

    def _reports_on(self) -> list[Reference]:
        records = self.corpus.records
        places = {r.id: self.place(r) for r in records}
        summaries = self.corpus.summaries()
        plans = [r for r in records if summaries[r.id].plan_measures]
        window = ReportWindow([r for r in records if r.kind == "report"], places)
        if not plans or not window:
            return []
        marks_source: dict[str, Any] = {}

        def marks() -> Any:  # only computed when a plan must be linked again
            if "marks" not in marks_source:
                marks_source["marks"] = self._marks()
            return marks_source["marks"]

        programmes_of_doc: dict[str, set[str]] = defaultdict(set)
        for prog in self.programmes():
            for doc in prog.docs:
                programmes_of_doc[doc].add(prog.name)
        work: list[tuple[str, str, Callable[[], list[Reference]]]] = []
        for plan in plans:
            chosen = window.nearest(plan, partial(eligible, plan, places=places))
            if not chosen:
                continue
            universe = [plan, *chosen]
            key = fingerprint(
                *(
                    (
                        r.id,
                        r.kind,
                        r.published,
                        r.covers,
                        places[r.id],
                        *(self.corpus.key(r.id, n) for n in ("linkdoc", "words", "figures", "titles")),
                    )
                    for r in universe
                ),
                sorted(set().union(*(programmes_of_doc[r.id] for r in universe))),
            )
            work.append((plan.id, key, partial(self._link_plan, plan, chosen, places, marks)))

        return [ref for plan_id, key, link in work for ref in self._cached(f"reports-on:{plan_id}", key, link)]

    def _marks(self) -> Any:
        lexicon = self.corpus.settings.lexicon
        progs = [(p.name, (m.doc, m.passage)) for p in self.programmes() for m in p.mentions]
        inds = [
            (f.indicator, (f.doc, f.passage)) for f in self.corpus.figures() if lexicon.entry(f.indicator) is not None
        ]
        tits = [
            (r.target.title, (r.source.doc, r.source.passage))
            for r in self.cites()
            if r.target.title and r.source.doc and r.source.passage is not None
        ]
        return passage_marks(progs, inds, tits)

    def _link_plan(
        self,
        plan: DocumentRecord,
        chosen: list[DocumentRecord],
        places: dict[str, str | None],
        marks: Callable[[], Any],
    ) -> list[Reference]:
        words = {r.id: self.corpus.output(r.id, "words") for r in (plan, *chosen)}
        inputs = PlanInputs(
            plan,
            self.corpus.linkdoc(plan.id),
            tuple((r, self.corpus.linkdoc(r.id)) for r in chosen),
            places,
            marks(),
            words,
        )
        return reports_on(inputs)

    # ------------------------------------------------------------------ targets and tracks
    def targets(self) -> list[TrackedTarget]:
        return self._cached("targets", self.targets_key(), lambda: self.tracker(self.corpus))  # type: ignore[no-any-return]

    def targets_key(self) -> str:
        return fingerprint(self.corpus.fingerprint("figures", "measures"), self.settings_fingerprint)

    def references_key(self, types: frozenset[str] = ALL_TYPES) -> str:
        """What ``references(types)`` is computed from (a listing of them is stored under it)."""
        programmes = self.corpus.fingerprint("mentions", "linkdoc")
        parts = {
            "cites": self.corpus.fingerprint("titles", "linkdoc"),
            "programme": programmes,
            "reports-on": self._reports_on_key(),
            "tracks": self.targets_key(),
        }
        return fingerprint(LINKING_VERSION, self.settings_fingerprint, *(parts[t] for t in sorted(types)))

    def tracks(self) -> list[Reference]:
        return tracks_references(self.targets())

    def references(self, types: frozenset[str] = ALL_TYPES) -> list[Reference]:
        refs: list[Reference] = []
        if "cites" in types:
            refs += self.cites()
        if "programme" in types:
            refs += self.programme_references()
        if "reports-on" in types:
            refs += self.reports_on()
        if "tracks" in types:
            refs += self.tracks()
        return refs


def tracks_references(tracked: Iterable[TrackedTarget]) -> list[Reference]:
    """Reported figures → the plan target they are tracked against."""
    out = []
    for t in tracked:
        target = t.target
        for f in t.reported:
            out.append(
                Reference(
                    type="tracks",
                    source=RefEnd(doc=f.doc, passage=f.passage, text=f.quote),
                    target=RefEnd(
                        doc=target.doc, passage=target.passage, measure=t.measure, title=t.indicator, text=target.quote
                    ),
                    score=1.0,
                    evidence=(
                        f"indicator: {t.indicator}",
                        f"reported {f.value}{f.unit} ({f.year or '?'}) against target {target.value}{target.unit} "
                        f"by {target.year or '?'}",
                        f"status: {t.status}",
                    )
                    + ((t.note,) if t.note else ()),
                    start=f.start,
                    end=f.end,
                )
            )
    return out
