"""Marks: the things in a passage that lead elsewhere (figures, cited titles, programmes, report links, and
passages of other documents pointing here), collected from the workspace one reference type at a time and for
one document only, never every type of the whole corpus."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from explorer.model import REF_TYPES, Reference
from explorer.tui.messages import Location

if TYPE_CHECKING:
    from explorer.workspace import Workspace


@dataclass(frozen=True)
class Mark:
    """Something in a passage that leads elsewhere. ``start is None``: shown as a line under the passage."""

    passage: int
    start: int | None
    end: int | None
    kind: str
    label: str
    target: Location


def collect_marks(ws: Workspace, doc_id: str) -> list[Mark]:
    """Figures and references of one document as marks. Each source is optional: a missing extractor
    (or one that fails) gives no marks of its kind, never an error for the reader."""
    doc = ws.document(doc_id)
    count = len(doc.passages)
    marks: list[Mark] = []
    titles = {r.id: r.title for r in ws.records}

    try:
        figures = ws.filter_figures(doc=doc_id)
    except (ImportError, AttributeError, NotImplementedError):
        figures = []
    for f in figures:
        if 0 <= f.passage < count:
            label = f"{f.indicator} {f.value}{f.unit}".strip()
            marks.append(
                Mark(
                    f.passage,
                    f.start,
                    f.end,
                    "figure",
                    label,
                    Location("figures", doc=f.doc, passage=f.passage, indicator=f.indicator),
                )
            )

    refs = []
    for ref_type in REF_TYPES:  # one type at a time: only this document's, never every type of the corpus
        try:
            refs.extend(ws.refs(doc=doc_id, type=ref_type))
        except (ImportError, AttributeError, NotImplementedError):
            continue
    measure_passage: dict[str, int] = {}
    if any(r.target.measure for r in refs):
        try:
            for m in ws.measures(doc_id):
                if m.passages:
                    measure_passage[m.id] = m.passages[0]
        except (ImportError, AttributeError, NotImplementedError):
            pass
    seen: set[tuple] = set()
    for r in refs:
        if r.source.doc == doc_id and r.source.passage is not None and 0 <= r.source.passage < count:
            target = _ref_target(r)
            if target is None:
                continue
            label = (
                r.target.title
                or r.target.text
                or (titles.get(r.target.doc or "", "") if r.target.doc else "")
                or r.target.measure
                or ""
            )
            key = (r.source.passage, r.start, r.end, r.type, target)
            if key not in seen:
                seen.add(key)
                marks.append(Mark(r.source.passage, r.start, r.end, r.type, label, target))
        # Incoming: another document's passage points here (a report on this plan's measure, …).
        here = r.target.passage if r.target.doc == doc_id else measure_passage.get(r.target.measure or "")
        if (
            here is not None
            and r.source.doc
            and r.source.doc != doc_id
            and r.source.passage is not None
            and 0 <= here < count
        ):
            # the title without its subtitle, never cut mid-word: 绿韵赣鄱 笔绘新卷(——江西省生态环境厅…纪实)
            full_title = titles.get(r.source.doc, r.source.doc)
            source_title = re.split(r"——|—", full_title)[0].strip() or full_title
            target = Location("reader", doc=r.source.doc, passage=r.source.passage)
            incoming_key = (here, None, None, "incoming", target)
            if incoming_key not in seen:
                seen.add(incoming_key)
                marks.append(
                    Mark(here, None, None, "incoming", f"{r.type} from {source_title} #{r.source.passage}", target)
                )
    return marks


def _ref_target(r: Reference) -> Location | None:
    t = r.target
    if r.type in ("reports-on", "tracks") and t.measure:
        return Location("measures", doc=t.doc, measure=t.measure)
    if t.doc:  # a title that is a document of the corpus: open it
        return Location("reader", doc=t.doc, passage=t.passage if t.passage is not None else 0)
    if t.title:  # an external title or programme: its list of citing passages
        return Location("references", title=t.title)
    if t.measure:
        return Location("measures", measure=t.measure)
    return None
