"""The programmes part of the linking stage: programme names detected over every document's quoted names and
campaigns, where each name occurs (scanned per document, kept while the text is unchanged), and a reference for
each mention with its measure and sentence. Mixed into ``Linker`` (``linking.stage``), which gives the corpus,
the settings and the stored-result helpers (``_cut_off``: kept across an edit that names no programme)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from explorer.extract.occurrences import Occurrences, merge, scanner
from explorer.extract.programmes import Programme, programme_names, programmes_of
from explorer.keys import fingerprint
from explorer.linking.slots import LINKING_VERSION, LINKS
from explorer.model import RefEnd, Reference
from explorer.text.sentences import sentence_at

if TYPE_CHECKING:
    from explorer.analysis.corpus import AnalysedCorpus
    from explorer.extract.programme_settings import ProgrammeSettings


class ProgrammeLinks:
    if TYPE_CHECKING:
        corpus: AnalysedCorpus
        programme_settings: ProgrammeSettings
        settings_fingerprint: str
        _contents: dict[str, str]

        def _cut_off(self, slot: str, key: str, content: Callable[[], tuple[str, Callable[[], Any]]]) -> Any: ...

    def programmes(self) -> list[Programme]:
        return self._cut_off("programmes", self._programmes_key(), self._detect_programmes)  # type: ignore[no-any-return]

    def _programmes_key(self) -> str:  # programmes and their references are made from the same inputs
        return fingerprint(self.corpus.fingerprint("mentions", "linkdoc"), self.settings_fingerprint)

    def _gathered(self, name: str) -> list[Any]:
        """Every document's ``name`` output in one list, kept whole and brought up to date document by document
        (after one edit: one file read, not a thousand)."""
        return self.corpus.per_document(
            name,
            self.corpus.fingerprint(name),
            lambda r: self.corpus.key(r.id, name),
            partial(self.corpus.output, name=name, keep=False),
        )

    def _texts(self, doc: str) -> dict[tuple[str, int], str]:
        return {(doc, i): t for i, t in self.corpus.linkdoc(doc, keep=False).texts.items()}

    def _detect_programmes(self) -> tuple[str, Callable[[], list[Programme]]]:
        mentions = self._gathered("mentions")
        names = programme_names(mentions, self.programme_settings)
        occurrences, occurrences_key = self._occurrences(names)
        what = fingerprint(self.settings_fingerprint, self.corpus.content_key("mentions"), occurrences_key)

        def detect() -> list[Programme]:
            merged = merge(occurrences.values())
            return programmes_of({}, mentions, self.programme_settings, occurrences=merged)

        return what, detect

    def _occurrences(self, names: set[str]) -> tuple[dict[str, Occurrences], str]:
        """Where each programme name occurs, per document, kept from the last detection: a document whose text is
        unchanged is scanned only for names new since then (often none), so one edited report of a thousand is
        one scan, not a thousand texts loaded and scanned. With a key of what they are (each document's part keeps
        the key it was first found under while it stays the same)."""
        stored = self.corpus.store.get_parts(LINKS, "programme-occurrences")
        known: set[str] = stored[2] if stored is not None and isinstance(stored[2], set) else set()
        last: dict[str, Any] = stored[1] if stored is not None else {}
        added = names - known
        scans: dict[str, Callable[[Mapping[tuple[str, int], str]], Occurrences]] = {}

        def scan(which: str, wanted: set[str], doc: str) -> Occurrences:  # each automaton built once, if at all
            if which not in scans:
                scans[which] = scanner(wanted)
            return scans[which](self._texts(doc))

        per_doc: dict[str, tuple[str, Occurrences, str]] = {}
        changed = set(last) - {r.id for r in self.corpus.records}
        names_key = fingerprint(sorted(names))
        for r in self.corpus.records:
            key = fingerprint(LINKING_VERSION, self.corpus.key(r.id, "linkdoc"))
            before: Any = last.get(r.id)
            valid = isinstance(before, tuple) and len(before) == 3
            if valid and before[0] == key:
                found = {n: o for n, o in before[1].items() if n in names}
                if added:
                    found.update(scan("added", added, r.id))
                    changed.add(r.id)
            else:
                found = dict(scan("all", names, r.id))
                changed.add(r.id)
            # what was found is named by what it was found from (text and names): kept while it stays the same
            vid = before[2] if valid and found == before[1] else fingerprint(key, names_key)
            per_doc[r.id] = (key, found, vid)
        if changed or names != known:
            self.corpus.store.put_parts(
                LINKS, "programme-occurrences", "", per_doc, changed=changed, last=stored, extra=names
            )
        what = fingerprint(sorted(names), [(doc, vid) for doc, (_k, _f, vid) in per_doc.items()])
        return {doc: found for doc, (_key, found, _vid) in per_doc.items()}, what

    def programme_references(self) -> list[Reference]:
        return self._cut_off("programme-refs", self._programmes_key(), self._programme_refs)  # type: ignore[no-any-return]

    def _programme_refs(self) -> tuple[str, Callable[[], list[Reference]]]:
        programmes = self.programmes()
        context = self._mention_context({(m.doc, m.passage, m.start, m.end) for p in programmes for m in p.mentions})
        around = [context[m.doc][1][(m.passage, m.start, m.end)] for p in programmes for m in p.mentions]
        what = fingerprint(self._contents["programmes"], around)  # each mention's measure and sentence

        def references() -> list[Reference]:
            out = []
            contexts = iter(around)
            for prog in programmes:
                n_docs = len(prog.docs)
                score = 1.0 if prog.source == "user" else round(min(1.0, 0.4 + 0.2 * n_docs), 2)
                summary = f"in {n_docs} documents, {len(prog.mentions)} mentions"
                for m in prog.mentions:
                    measure, sentence = next(contexts)
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

        return what, references

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
            key, before = fingerprint(LINKING_VERSION, self.corpus.key(doc, "linkdoc")), last.get(doc)
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
