"""Cited 《titles》 → references: each mention resolved to a corpus document when its title names one.

Evidence: how it was written, the document genre, the stage the citing clause gives it (drafting / issued /
applied, with the cue word), and when (the citing document's date) — so a regulation can be followed through time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from explorer.analysis.components import Citation
from explorer.extract.titles import TitleResolver, title_genre, title_key
from explorer.model import DocumentRecord, RefEnd, Reference


def cite_references(
    citations: Iterable[Citation],
    records: Sequence[DocumentRecord],
    owners: Mapping[tuple[str, int], str],
    resolver: TitleResolver | None = None,
) -> list[Reference]:
    """One reference per citation; ``resolver`` (``TitleResolver.of(records)``) when the caller resolves document
    by document."""
    resolver = resolver or TitleResolver.of(records)
    titles = {r.id: r.title for r in records}
    published = {r.id: r.published for r in records}
    resolved: dict[str, tuple[str | None, float]] = {}  # by title key: distinct cited titles are few
    out = []
    for c in citations:
        m = c.mention
        title = m.short_of or m.title
        key = title_key(title)
        if key not in resolved:
            resolved[key] = resolver.resolve(title)
        doc_id, similarity = resolved[key]
        evidence = [f"cited as 《{m.raw}》" + (" (short form)" if m.short_of else "")]
        if m.rejoined:
            evidence.append("title rejoined over a paragraph break")
        genre = title_genre(title)
        evidence.append(f"genre: {genre}" if genre else "genre: none (a book, film or periodical?)")
        if c.stage:
            evidence.append(f"stage: {c.stage[0]} ({c.stage[1]})")
        if doc_id:
            evidence.append(
                "names this document"
                if doc_id == m.doc
                else f"resolves to {doc_id}" + ("" if similarity == 1.0 else f" (similarity {similarity:.2f})")
            )
        evidence.append(f"when: {published.get(m.doc, '')}")
        out.append(
            Reference(
                type="cites",
                source=RefEnd(doc=m.doc, passage=m.passage, measure=owners.get((m.doc, m.passage)), text=c.sentence),
                target=RefEnd(doc=doc_id, title=title, text=titles.get(doc_id) if doc_id else None),
                score=similarity if doc_id else 1.0,
                evidence=tuple(evidence),
                start=m.start,
                end=m.end,
            )
        )
    return out
