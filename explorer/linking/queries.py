"""Questions over a list of references: what a passage, a measure or a title is linked to (used by the TUI)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from explorer.extract.titles import title_genre, title_key
from explorer.model import Reference


def references_for_passage(refs: Iterable[Reference], doc: str, passage: int) -> list[Reference]:
    """References written in or pointing at one passage (source or target)."""
    return [
        r
        for r in refs
        if (r.source.doc == doc and r.source.passage == passage)
        or (r.target.doc == doc and r.target.passage == passage)
    ]


def references_for_measure(refs: Iterable[Reference], measure_id: str, *, descendants: bool = True) -> list[Reference]:
    """References to or from a measure (and, by default, the measures below it), best first."""

    def hit(m: str | None) -> bool:
        return m is not None and (m == measure_id or (descendants and m.startswith(measure_id + ".")))

    return sorted((r for r in refs if hit(r.target.measure) or hit(r.source.measure)), key=lambda r: -r.score)


def citations_of(refs: Iterable[Reference], title: str) -> list[Reference]:
    """Every ``cites`` reference to a title (any spelling of it), oldest citing document first."""
    key = title_key(title)
    found = [
        r
        for r in refs
        if r.type == "cites"
        and r.target.title
        and (title_key(r.target.title) == key or (len(key) >= 4 and key in title_key(r.target.title)))
    ]
    return sorted(found, key=lambda r: (_when(r), r.source.doc or "", r.source.passage or 0))


def programme_passages(refs: Iterable[Reference], name: str) -> list[Reference]:
    """The mentions of one programme across the corpus (the passages it links)."""
    return [r for r in refs if r.type == "programme" and r.target.title == name]


@dataclass(frozen=True)
class CitedTitle:
    title: str
    doc: str | None  # the corpus document it names, if any
    genre: str | None
    citations: tuple[Reference, ...]  # oldest first

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "doc": self.doc,
            "genre": self.genre,
            "citations": [
                {
                    "doc": r.source.doc,
                    "passage": r.source.passage,
                    "when": _when(r),
                    "stage": _evidence_value(r, "stage"),
                }
                for r in self.citations
            ],
        }


def cited_titles(refs: Iterable[Reference]) -> list[CitedTitle]:
    """One entry per distinct cited title, with every passage that cites it and when; most cited first."""
    groups: dict[str, list[Reference]] = defaultdict(list)
    for r in refs:
        if r.type == "cites" and r.target.title:
            groups[title_key(r.target.title)].append(r)
    out = []
    for group in groups.values():
        group.sort(key=lambda r: (_when(r), r.source.doc or "", r.source.passage or 0))
        title = Counter(r.target.title for r in group).most_common(1)[0][0]
        doc = next((r.target.doc for r in group if r.target.doc), None)
        out.append(CitedTitle(title or "", doc, title_genre(title or ""), tuple(group)))
    return sorted(out, key=lambda c: (-len({r.source.doc for r in c.citations}), -len(c.citations), c.title))


def _evidence_value(r: Reference, name: str) -> str | None:
    prefix = f"{name}: "
    return next((e[len(prefix) :] for e in r.evidence if e.startswith(prefix)), None)


def _when(r: Reference) -> str:
    return _evidence_value(r, "when") or ""
