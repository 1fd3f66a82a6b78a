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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from explorer.analysis.corpus import AnalysedCorpus
from explorer.extract.occurrences import Occurrences, merge, scanner
from explorer.extract.programme_settings import ProgrammeSettings
from explorer.extract.programmes import Programme, programme_names, programmes_of
from explorer.extract.tracking import TrackedGroups
from explorer.keys import fingerprint
from explorer.linking.cites import cite_references
from explorer.linking.reports_on import PlanInputs, ReportWindow, eligible, passage_marks, reports_on
from explorer.model import DocumentRecord, RefEnd, Reference, TrackedTarget
from explorer.text.sentences import sentence_at

LINKS = "links"
LINKING_VERSION = "1"
ALL_TYPES = frozenset({"cites", "programme", "reports-on", "tracks"})
# (corpus, last per-indicator results or None) → (tracked targets, per-indicator results)
Tracker = Callable[[AnalysedCorpus, TrackedGroups | None], tuple[list[TrackedTarget], TrackedGroups]]
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
    _memo: dict[str, tuple[str, Any]] = field(default_factory=dict, repr=False)
    _lru: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)

    def _cached(self, slot: str, key: str, compute: Callable[[], Any]) -> Any:
        full = fingerprint(LINKING_VERSION, key)
        memo = self._memo.get(slot)
        if memo is not None and memo[0] == full:  # asked again in this run (cites for every plan's marks)
            return memo[1]
        found = self.corpus.store.get_slot(LINKS, slot, full)
        if found is None:
            found = compute()
            self.corpus.store.put_slot(LINKS, slot, full, found)
        self._memo[slot] = (full, found)
        return found

    # ------------------------------------------------------------------ programmes
    def programmes(self) -> list[Programme]:
        return self._cached("programmes", self._programmes_key(), self._detect_programmes)  # type: ignore[no-any-return]

    def _programmes_key(self) -> str:  # programmes and their references are made from the same inputs
        return fingerprint(self.corpus.fingerprint("mentions", "linkdoc"), self.settings_fingerprint)

    def _gathered(self, name: str) -> list[Any]:
        """Every document's ``name`` output in one list, kept whole and brought up to date document by document
        (after one edit: one file read, not a thousand). "owners" is each passage's measure, from linkdoc."""
        if name == "owners":
            return self.corpus.per_document(
                "owners",
                self.corpus.fingerprint("linkdoc"),
                lambda r: self.corpus.key(r.id, "linkdoc"),
                lambda doc: [((doc, i), m) for i, m in self.corpus.linkdoc(doc, keep=False).owners.items()],
            )
        return self.corpus.per_document(
            name,
            self.corpus.fingerprint(name),
            lambda r: self.corpus.key(r.id, name),
            partial(self.corpus.output, name=name, keep=False),
        )

    def _texts(self, doc: str) -> dict[tuple[str, int], str]:
        return {(doc, i): t for i, t in self.corpus.linkdoc(doc, keep=False).texts.items()}

    def _detect_programmes(self) -> list[Programme]:
        mentions = self._gathered("mentions")
        occurrences = merge(self._occurrences(programme_names(mentions, self.programme_settings)).values())
        return programmes_of({}, mentions, self.programme_settings, occurrences=occurrences)

    def _occurrences(self, names: set[str]) -> dict[str, Occurrences]:
        """Where each programme name occurs, per document, kept from the last detection: a document whose text is
        unchanged is scanned only for names new since then (often none), so one edited report of a thousand is
        one scan, not a thousand texts loaded and scanned."""
        stored = self.corpus.store.get_parts(LINKS, "programme-occurrences")
        known: set[str] = stored[2] if stored is not None and isinstance(stored[2], set) else set()
        last: dict[str, tuple[str, Occurrences]] = stored[1] if stored is not None else {}
        added = names - known
        scans: dict[str, Callable[[Mapping[tuple[str, int], str]], Occurrences]] = {}

        def scan(which: str, wanted: set[str], doc: str) -> Occurrences:  # each automaton built once, if at all
            if which not in scans:
                scans[which] = scanner(wanted)
            return scans[which](self._texts(doc))

        per_doc: dict[str, tuple[str, Occurrences]] = {}
        changed = set(last) - {r.id for r in self.corpus.records}
        for r in self.corpus.records:
            key, before = self.corpus.key(r.id, "linkdoc"), last.get(r.id)
            if before is not None and before[0] == key:
                found = {n: o for n, o in before[1].items() if n in names}
                if added:
                    found.update(scan("added", added, r.id))
                    changed.add(r.id)
            else:
                found = dict(scan("all", names, r.id))
                changed.add(r.id)
            per_doc[r.id] = (key, found)
        if changed or names != known:
            self.corpus.store.put_parts(
                LINKS, "programme-occurrences", "", per_doc, changed=changed, last=stored, extra=names
            )
        return {doc: found for doc, (_key, found) in per_doc.items()}

    def programme_references(self) -> list[Reference]:
        return self._cached("programme-refs", self._programmes_key(), self._programme_refs)  # type: ignore[no-any-return]

    def _programme_refs(self) -> list[Reference]:
        programmes = self.programmes()
        context = self._mention_context({(m.doc, m.passage, m.start, m.end) for p in programmes for m in p.mentions})
        out = []
        for prog in programmes:
            n_docs = len(prog.docs)
            score = 1.0 if prog.source == "user" else round(min(1.0, 0.4 + 0.2 * n_docs), 2)
            summary = f"in {n_docs} documents, {len(prog.mentions)} mentions"
            for m in prog.mentions:
                measure, sentence = context[m.doc][1][(m.passage, m.start, m.end)]
                out.append(
                    Reference(
                        type="programme",
                        source=RefEnd(doc=m.doc, passage=m.passage, measure=measure, text=sentence),
                        target=RefEnd(title=prog.name, text=summary),
                        score=score,
                        evidence=prog.evidence + (("as written: " + m.name,) if m.name != prog.name else ()),
                        start=m.start,
                        end=m.end,
                    )
                )
        return out

    def _mention_context(
        self, spans: set[tuple[str, int, int, int]]
    ) -> dict[str, tuple[str, dict[tuple[int, int, int], tuple[str | None, str]]]]:
        """Each mention's measure and sentence, per document, kept from the last time: a document whose text is
        unchanged is not loaded again (a thousand documents' texts took two seconds to load for one edit)."""
        stored = self.corpus.store.get_parts(LINKS, "programme-context")
        last = stored[1] if stored is not None else {}
        wanted: dict[str, set[tuple[int, int, int]]] = defaultdict(set)
        for doc, passage, start, end in spans:
            wanted[doc].add((passage, start, end))
        out: dict[str, tuple[str, dict[tuple[int, int, int], tuple[str | None, str]]]] = {}
        changed = set(last) - set(wanted)
        for doc, needed in wanted.items():
            key, before = self.corpus.key(doc, "linkdoc"), last.get(doc)
            if isinstance(before, tuple) and before[0] == key and needed <= before[1].keys():
                out[doc] = before
                continue
            link = self.corpus.linkdoc(doc, keep=False)
            found = {(p, a, b): (link.owners.get(p), sentence_at(link.texts[p], a, b)) for p, a, b in sorted(needed)}
            out[doc] = (key, found)
            changed.add(doc)
        if changed:
            self.corpus.store.put_parts(LINKS, "programme-context", "", out, changed=changed, last=stored)
        return out

    # ------------------------------------------------------------------ cites
    def cites(self) -> list[Reference]:
        return self._cached("cites", self._cites_key(), self._cites)  # type: ignore[no-any-return]

    def _cites_key(self) -> str:
        return self.corpus.fingerprint("titles", "linkdoc")

    def _cites(self) -> list[Reference]:
        citations = self._gathered("titles")
        owners = dict(self._gathered("owners"))
        return cite_references(citations, self.corpus.records, owners)

    # ------------------------------------------------------------------ reports-on
    def reports_on(self) -> list[Reference]:
        """Every plan's reports-on links, stored in one slot with each plan's part under the key of its own inputs:
        a warm `refs` reads one file and computes no plan's key; after a change only the plans whose inputs changed
        are linked again, the others' parts taken from the last value."""
        key = self._reports_on_key()
        memo = self._memo.get("reports-on")
        if memo is not None and memo[0] == key:  # asked again in this run (the TUI's panes)
            return memo[1]  # type: ignore[no-any-return]
        stored = self.corpus.store.get_parts(LINKS, "reports-on")
        if stored is not None and stored[0] == key:
            parts: dict[str, tuple[str, list[Reference]]] = stored[1]
        else:
            last = stored[1] if stored is not None else {}
            parts = self._reports_on_parts(last)
            changed = {plan for plan in parts.keys() | last.keys() if parts.get(plan) is not last.get(plan)}
            self.corpus.store.put_parts(LINKS, "reports-on", key, parts, changed=changed, last=stored)
        refs = [ref for r in self.corpus.records if r.id in parts for ref in parts[r.id][1]]  # in plan order
        self._memo["reports-on"] = (key, refs)
        return refs

    def _reports_on_key(self) -> str:
        # the records' metadata (and so their places) are in the corpus fingerprint; programmes come from mentions
        return fingerprint(
            LINKING_VERSION,
            self.corpus.fingerprint("linkdoc", "words", "figures", "titles", "summary", "mentions"),
            self.settings_fingerprint,
        )

    def _reports_on_parts(self, last: dict[str, tuple[str, list[Reference]]]) -> dict[str, tuple[str, list[Reference]]]:
        records = self.corpus.records
        places = {r.id: self.place(r) for r in records}
        summaries = self.corpus.summaries()
        plans = [r for r in records if summaries[r.id].plan_measures]
        window = ReportWindow([r for r in records if r.kind == "report"], places)
        if not plans or not window:
            return {}
        programmes_of_doc: dict[str, set[str]] = defaultdict(set)
        for prog in self.programmes():
            for doc in prog.docs:
                programmes_of_doc[doc].add(prog.name)
        parts: dict[str, tuple[str, list[Reference]]] = {}
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
            before = last.get(plan.id)
            reuse = isinstance(before, tuple) and len(before) == 2 and before[0] == key
            parts[plan.id] = before if reuse else (key, self._link_plan(plan, chosen, places))  # type: ignore[assignment]
        return parts

    def _recent(self, doc: str, name: str) -> Any:
        """An output for linking a plan, from the last few read: plans of neighbouring years share most of their
        reports, and holding every document's text for the whole run cost gigabytes at a thousand documents."""
        key = (doc, name)
        found = self._lru.pop(key, None)
        if found is None:
            found = self.corpus.output(doc, name, keep=False)
        self._lru[key] = found
        while len(self._lru) > 64:
            self._lru.pop(next(iter(self._lru)))
        return found

    def _marks(self, docs: set[str]) -> Any:
        """The programmes, known indicators and cited titles each passage of ``docs`` names."""
        lexicon = self.corpus.settings.lexicon
        progs = [(p.name, (m.doc, m.passage)) for p in self.programmes() for m in p.mentions if m.doc in docs]
        inds = [
            (f.indicator, (f.doc, f.passage))
            for doc in sorted(docs)
            for f in self.corpus.figure_set(doc, keep=False).figures
            if lexicon.entry(f.indicator) is not None
        ]
        tits = [
            (r.target.title, (r.source.doc, r.source.passage))
            for r in self.cites()
            if r.target.title and r.source.doc in docs and r.source.passage is not None
        ]
        return passage_marks(progs, inds, tits)

    def _link_plan(
        self, plan: DocumentRecord, chosen: list[DocumentRecord], places: dict[str, str | None]
    ) -> list[Reference]:
        universe = (plan, *chosen)
        words = {r.id: self._recent(r.id, "words") for r in universe}
        inputs = PlanInputs(
            plan,
            self._recent(plan.id, "linkdoc"),
            tuple((r, self._recent(r.id, "linkdoc")) for r in chosen),
            places,
            self._marks({r.id for r in universe}),
            words,
        )
        return reports_on(inputs)

    # ------------------------------------------------------------------ targets and tracks
    def targets(self) -> list[TrackedTarget]:
        """Tracked targets, stored with each indicator's part under the key of what it read: after a change only
        the indicators whose figures, documents or sections changed are tracked again
        (``extract.tracking.track_by_indicator``), and only their shards written; the listing order is kept beside
        them, so a warm `targets` reads the parts and nothing else."""
        key = self.targets_key()
        memo = self._memo.get("targets")
        if memo is not None and memo[0] == key:
            return memo[1]  # type: ignore[no-any-return]
        settings = fingerprint(LINKING_VERSION, self.settings_fingerprint)
        stored = self.corpus.store.get_parts(LINKS, "targets")
        extra = stored[2] if stored is not None else None
        valid = isinstance(extra, tuple) and len(extra) == 2 and extra[0] == settings
        groups: TrackedGroups = stored[1] if stored is not None and valid else {}
        tracked = _in_order(groups, extra[1]) if stored is not None and valid and stored[0] == key else None  # type: ignore[index]
        if tracked is None:
            tracked, new_groups = self.tracker(self.corpus, groups or None)
            changed = {ind for ind in new_groups.keys() | groups.keys() if new_groups.get(ind) is not groups.get(ind)}
            where = {id(t): (ind, j) for ind, (_k, ts) in new_groups.items() for j, t in enumerate(ts)}
            order = [where[id(t)] for t in tracked]
            self.corpus.store.put_parts(
                LINKS,
                "targets",
                key,
                new_groups,
                changed=changed,
                last=stored if valid else None,
                extra=(settings, order),
            )
        self._memo["targets"] = (key, tracked)
        return tracked

    def targets_key(self) -> str:
        return fingerprint(self.corpus.fingerprint("figures", "measures"), self.settings_fingerprint)

    def references_key(self, types: frozenset[str] = ALL_TYPES) -> str:
        """What ``references(types)`` is computed from (a listing of them is stored under it)."""
        key_of: dict[str, Callable[[], str]] = {
            "cites": self._cites_key,
            "programme": self._programmes_key,
            "reports-on": self._reports_on_key,
            "tracks": self.targets_key,
        }  # the same keys the parts are stored under, and only those of the types asked for
        return fingerprint(LINKING_VERSION, self.settings_fingerprint, *(key_of[t]() for t in sorted(types)))

    def tracks(self) -> list[Reference]:
        key = self.targets_key()
        memo = self._memo.get("tracks")
        if memo is None or memo[0] != key:
            memo = self._memo["tracks"] = (key, tracks_references(self.targets()))
        return memo[1]

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


def _in_order(groups: TrackedGroups, order: list[tuple[str, int]]) -> list[TrackedTarget] | None:
    """The tracked targets in the order they were listed (the figures' order), from their indicators' parts; None
    when a part is missing (a damaged shard: tracked again)."""
    try:
        return [groups[ind][1][j] for ind, j in order]
    except (KeyError, IndexError, TypeError):
        return None
