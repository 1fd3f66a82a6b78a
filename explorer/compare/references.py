"""Cited titles and programmes: new in B, dropped since A, kept — each with where the documents mention it.

A cited title resolved to a corpus document is keyed by that document (two spellings of one title are one
row); an external title by its normalised title as the extractor gives it (《中华人民共和国民法典》 and
《民法典》 are normalised there, not here).
"""

from __future__ import annotations

from typing import Any

from explorer.compare.model import Mention, RefRow

REF_TYPES = ("cites", "programme")


def _key(ref: Any, titles: dict[str, str]) -> tuple[str, str] | None:
    target = ref.target
    if target.doc:
        return (f"doc:{target.doc}", titles.get(target.doc, target.title or target.doc))
    if target.title:
        return (f"title:{target.title}", target.title)
    return None


def _mentions(ws: Any, doc_id: str, ref_type: str) -> dict[str, tuple[str, list[Mention]]]:
    titles = {r.id: r.title for r in ws.records}
    out: dict[str, tuple[str, list[Mention]]] = {}
    for ref in ws.refs(from_doc=doc_id, type=ref_type):
        key = _key(ref, titles)
        if key is None:
            continue
        src = ref.source
        mention = Mention(doc_id, src.passage, ref.start, ref.end, src.text or "")
        out.setdefault(key[0], (key[1], []))[1].append(mention)
    return out


def compare_references(ws: Any, a: str, b: str) -> list[RefRow]:
    """Per type: B's new ones first (in B's order), then A's dropped ones, then the kept ones."""
    rows: list[RefRow] = []
    for ref_type in REF_TYPES:
        in_a, in_b = _mentions(ws, a, ref_type), _mentions(ws, b, ref_type)

        def order(mentions: dict[str, tuple[str, list[Mention]]], key: str) -> tuple[int, int]:
            first = mentions[key][1][0]
            return (first.passage if first.passage is not None else -1, first.start or 0)

        for key in sorted((k for k in in_b if k not in in_a), key=lambda k: order(in_b, k)):
            rows.append(RefRow(ref_type, in_b[key][0], "new", (), tuple(in_b[key][1])))
        for key in sorted((k for k in in_a if k not in in_b), key=lambda k: order(in_a, k)):
            rows.append(RefRow(ref_type, in_a[key][0], "dropped", tuple(in_a[key][1]), ()))
        for key in sorted((k for k in in_b if k in in_a), key=lambda k: order(in_b, k)):
            rows.append(RefRow(ref_type, in_b[key][0], "kept", tuple(in_a[key][1]), tuple(in_b[key][1])))
    return rows


__all__ = ["compare_references"]
