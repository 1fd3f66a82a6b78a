"""The linking stage: cross-document results over stored analyses, each stored under what it was computed from.

    programmes  ← every document's quoted names and campaigns, policy texts, programmes.yaml
    cites       ← every document's 《title》 mentions, the records' titles
    reports-on  ← per plan document: it and the reports that may report on it (``reports_on.eligible``)
    targets     ← every document's figures and measures, the records, the lexicon
    tracks      ← targets

Each result is looked up in the store first; a corpus with one changed report resolves that report's citations,
re-links only the plans the report may speak to, re-tracks only the indicators whose inputs changed, and detects
programmes again only when a document's mentions or programme-name occurrences changed (an "early cutoff": a
result is kept when what it reads is the same, though the documents' keys changed). The programmes part is
``linking.programme_links``; the tracks references ``linking.tracks``. Nothing here calls back into the
``Workspace``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from explorer.analysis.corpus import AnalysedCorpus, record_identity
from explorer.extract.programme_settings import ProgrammeSettings
from explorer.extract.titles import TitleResolver
from explorer.extract.tracking import TrackedGroups
from explorer.keys import fingerprint
from explorer.linking.cites import cite_references
from explorer.linking.programme_links import ProgrammeLinks
from explorer.linking.reports_on import PlanInputs, ReportWindow, eligible, passage_marks, reports_on
from explorer.linking.slots import LINKING_VERSION, LINKS
from explorer.linking.tracks import in_order, tracks_references
from explorer.model import DocumentRecord, Reference, TrackedTarget

ALL_TYPES = frozenset({"cites", "programme", "reports-on", "tracks"})
# (corpus, last per-indicator results or None) → (tracked targets, per-indicator results); tracked targets None
# when every indicator's inputs are as in the last results (which are then the results, in the last order)
Tracker = Callable[[AnalysedCorpus, TrackedGroups | None], tuple[list[TrackedTarget] | None, TrackedGroups]]
Place = Callable[[DocumentRecord], str | None]


@dataclass
class Linker(ProgrammeLinks):
    """Computes (or loads) the corpus's links. ``tracker`` tracks targets (extract.tracking, given by the caller
    so that corrections and the lexicon come with it); ``place`` tells a record's jurisdiction."""

    corpus: AnalysedCorpus
    programme_settings: ProgrammeSettings
    settings_fingerprint: str
    tracker: Tracker
    place: Place
    _memo: dict[str, tuple[str, Any]] = field(default_factory=dict, repr=False)
    _lru: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)
    _contents: dict[str, str] = field(default_factory=dict, repr=False)  # what a cut-off result's inputs are

    def _cut_off(self, slot: str, key: str, content: Callable[[], tuple[str, Callable[[], Any]]]) -> Any:
        """A result kept in the store's slot under ``key`` (what it is made from: documents' outputs by their
        keys), with an early cutoff: when ``key`` changed, ``content()`` reads the inputs and gives a key of what they are, and a way to compute
        the result from them; the last result is kept when that key is the last one's. A report edited where it
        names no programme ("（修改）" appended) changes the keys of its outputs but not its mentions or where
        programme names occur: the corpus-wide detection is not run again."""
        full = fingerprint(LINKING_VERSION, key)
        memo = self._memo.get(slot)
        if memo is not None and memo[0] == full:
            return memo[1]
        entry = self.corpus.store.slot_entry(LINKS, slot)
        last = entry[1] if entry is not None and isinstance(entry[1], tuple) and len(entry[1]) == 2 else None
        if entry is not None and last is not None and entry[0] == full:
            what, found = last
        else:
            what, compute = content()
            what = fingerprint(LINKING_VERSION, what)  # a new way of making the result is a new result
            found = last[1] if last is not None and last[0] == what else compute()
            self.corpus.store.put_slot(LINKS, slot, full, (what, found))
        self._memo[slot] = (full, found)
        self._contents[slot] = what
        return found

    # ------------------------------------------------------------------ cites
    def cites(self) -> list[Reference]:
        """Each document's cited titles resolved, kept per document: a cited title resolves against the records
        alone, so one edited report resolves its own citations (and a changed record — a new document a title may
        name — all of them again)."""
        records = self.corpus.records
        records_key = fingerprint(*(record_identity(r) for r in records))
        resolver: list[TitleResolver] = []

        def cites_of(doc: str) -> list[Reference]:
            if not resolver:
                resolver.append(TitleResolver.of(records))
            owners = {(doc, i): m for i, m in self.corpus.linkdoc(doc, keep=False).owners.items()}
            return cite_references(self.corpus.output(doc, "titles", keep=False), records, owners, resolver[0])

        return self.corpus.per_document(
            "cites",
            fingerprint(LINKING_VERSION, self._cites_key()),
            lambda r: fingerprint(
                LINKING_VERSION, records_key, self.corpus.key(r.id, "titles"), self.corpus.key(r.id, "linkdoc")
            ),
            cites_of,
        )

    def _cites_key(self) -> str:
        return self.corpus.fingerprint("titles", "linkdoc")

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
                LINKING_VERSION,
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
        tracked = in_order(groups, extra[1]) if stored is not None and valid and stored[0] == key else None  # type: ignore[index]
        if tracked is None:
            found, new_groups = self.tracker(self.corpus, groups or None)
            tracked = found if found is not None else in_order(new_groups, extra[1])  # type: ignore[index]
            if tracked is None:  # the last order is damaged: tracked afresh
                tracked, new_groups = self._track_afresh()
            elif found is None:
                # every indicator as it was, but the documents may be listed in another order (a record file
                # renamed): the figures' order is the records', then the last order within a document
                rank = {r.id: i for i, r in enumerate(self.corpus.records)}
                tracked.sort(key=lambda t: rank.get(t.target.doc, len(rank)))
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

    def _track_afresh(self) -> tuple[list[TrackedTarget], TrackedGroups]:
        tracked, groups = self.tracker(self.corpus, None)
        assert tracked is not None  # with nothing to compare with, everything is tracked
        return tracked, groups

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
