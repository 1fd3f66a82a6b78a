"""A document's outline read as a tree of actions and measures, with each target hung on its node.

Every document gets a root node (``"<doc>:0"``, level 0): it holds what precedes the first heading (a plan's
overall targets) and, when no outline could be read at all, every target of the document. Below it, one node
per outline heading, with the heading's stable id ("<doc>:4.13"). ``一是…二是…`` items inside a paragraph are
nodes too; they own the stretch of the paragraph from their marker to the next item's marker.

A figure of kind target/baseline belongs to the most specific node that holds it: the deepest section of its
passage, narrowed to the inline item whose stretch holds the figure's offset. Page breaks need no special
case: a split paragraph is either rejoined by the normaliser or its continuation keeps the section path.
"""

from __future__ import annotations

from explorer.corpus.document import Document
from explorer.model import Figure, Heading, Measure, Passage, Problem

TARGET_KINDS = ("target", "baseline")
ROOT_SUFFIX = ":0"


def root_id(doc_id: str) -> str:
    return f"{doc_id}{ROOT_SUFFIX}"


def build_measures(document: Document, figures: list[Figure]) -> tuple[list[Measure], list[Problem]]:
    """The document's measure tree as a flat list in reading order (root first), targets on their nodes."""
    doc_id = document.id
    policy = {p.index: p for p in document.policy_passages()}
    root = root_id(doc_id)
    inline = _inline_headings(document)
    stacked = [h for h in document.headings if h.id not in inline]

    # Which node each target/baseline figure belongs to.
    placed: dict[str, list[Figure]] = {}
    for f in figures:
        if f.doc != doc_id or f.kind not in TARGET_KINDS or f.passage not in policy:
            continue
        placed.setdefault(node_of(policy[f.passage], f.start, document, inline), []).append(f)
    for figs in placed.values():
        figs.sort(key=lambda f: (f.passage, f.start))

    measures = [
        Measure(
            doc=doc_id,
            id=root,
            number="",
            title=document.record.title,
            level=0,
            parent=None,
            text=_join(p for p in policy.values() if not p.section_ids),
            passages=tuple(i for i, p in policy.items() if not p.section_ids),
            targets=tuple(placed.get(root, ())),
            node="root",
        )
    ]
    for h in document.headings:
        if h.id in inline:
            passage = document.passages[h.passage]
            _index, start, end = inline[h.id]
            text = passage.text[start:end].strip() if h.passage in policy else ""
            indices: tuple[int, ...] = (h.passage,) if h.passage in policy else ()
        else:
            own = [p for p in policy.values() if h.id in p.section_ids]
            text, indices = _join(own), tuple(p.index for p in own)
        measures.append(
            Measure(
                doc=doc_id,
                id=h.id,
                number=h.number,
                title=h.title,
                level=h.level,
                parent=h.parent or root,
                text=text,
                passages=indices,
                targets=tuple(placed.get(h.id, ())),
                node="inline" if h.style == "ordinal" and document.passages[h.passage].heading != h.id else "heading",
            )
        )

    problems: list[Problem] = []
    if not stacked and not inline and placed.get(root) and (document.record.kind == "plan" or len(policy) > 1):
        where = (
            str(document.record.record_path)
            if str(document.record.record_path) not in ("", ".")
            else str(document.record.source)
        )
        problems.append(
            Problem(
                where,
                f"{doc_id}: no outline could be read; its {len(placed[root])} target(s) are "
                "listed under the document's root node",
                "warning",
            )
        )
    return measures, problems


def node_of(
    passage: Passage, offset: int, document: Document, inline: dict[str, tuple[int, int, int]] | None = None
) -> str:
    """Id of the most specific node holding ``passage.text[offset]``."""
    if inline is None:
        inline = _inline_headings(document)
    best = passage.section_ids[-1] if passage.section_ids else root_id(document.id)
    for hid, (index, start, end) in inline.items():
        if index == passage.index and start <= offset < end:
            best = hid
    return best


def _inline_headings(document: Document) -> dict[str, tuple[int, int, int]]:
    """Headings that are items inside a paragraph (not on the section path of their own passage), with the
    stretch of their passage's text they own: (passage, start, end), from their marker to the next item's marker."""
    by_passage: dict[int, list[Heading]] = {}
    for h in document.headings:
        if h.passage >= len(document.passages):
            continue
        p = document.passages[h.passage]
        if h.id not in p.section_ids and p.heading != h.id:
            by_passage.setdefault(h.passage, []).append(h)
    spans: dict[str, tuple[int, int, int]] = {}
    for index, items in by_passage.items():
        p = document.passages[index]
        items.sort(key=lambda h: h.start)
        for k, h in enumerate(items):
            start = max(0, h.start - p.start)
            end = (items[k + 1].start - p.start) if k + 1 < len(items) else len(p.text)
            spans[h.id] = (index, start, max(start, end))
    return spans


def _join(passages) -> str:
    return "\n\n".join(p.text for p in passages)


__all__ = ["build_measures", "node_of", "root_id", "TARGET_KINDS"]
