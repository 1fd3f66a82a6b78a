"""What the References pane shows, without its widgets: the references of a document, measure or title grouped
by type and direction (``RefData``, ``load_ref_data``; the corpus view's first page, ``load_corpus_first_screen``),
and their labels fitted to the width (``Labeller``, ``leaf_label``). Read in the pane's workers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.text import Text

from explorer.keys import fingerprint
from explorer.model import REF_TYPES, RefEnd, Reference
from explorer.tui.messages import Location
from explorer.tui.panes.common import NotAvailable, clip, doc_label, fetch, passage_text, record_of
from explorer.tui.panes.fitting import FitLabel, Flex

if TYPE_CHECKING:
    from explorer.workspace import Workspace

DIRECTIONS = ("out", "in")
# Leaves shown per group before a "… more" node: the corpus-wide view of a thousand documents has tens of
# thousands of references, and labelling them all (each reads its passage) took 24 s before the pane showed.
PAGE = 200
DIRECTION_TEXT = {"out": "refers to", "in": "referred to by", "all": "all references"}


@dataclass(frozen=True)
class Leaf:
    """One reference as seen from the subject: ``other`` is the end ⏎ follows, ``here`` the subject's end."""

    direction: str  # out | in | all
    ref: Reference

    @property
    def other(self) -> RefEnd:
        return self.ref.source if self.direction == "in" else self.ref.target

    @property
    def here(self) -> RefEnd:
        return self.ref.target if self.direction == "in" else self.ref.source

    @property
    def other_role(self) -> str:
        return "source" if self.direction == "in" else "target"


@dataclass
class RefData:
    subject: Location
    heading: Text
    groups: list[tuple[str, str, list[Leaf]]] = field(default_factory=list)  # (direction, type, leaves)
    labels: dict[int, FitLabel] = field(default_factory=dict)  # id(leaf) → tree label
    labeller: Labeller | None = None  # previews are written when a leaf is highlighted, not for every leaf
    problem: str | None = None
    totals: dict[tuple[str, str], int] = field(default_factory=dict)  # a group's size when ``partial``
    partial: bool = False  # each group's first page only (``load_corpus_first_screen``): the rest follows

    def total(self, direction: str, ref_type: str, leaves: list[Leaf]) -> int:
        return self.totals.get((direction, ref_type), len(leaves)) if self.partial else len(leaves)


Group = tuple[str, str, list[Leaf]]  # (direction, type, leaves)


def subject_of(location: Location | None) -> Location:
    """Only the parts of a location that say what the pane is about: a title, else a measure, else a doc."""
    if location is None:
        return Location("references")
    if location.title:
        return Location("references", title=location.title)
    if location.measure:
        return Location("references", measure=location.measure)
    if location.doc:
        return Location("references", doc=location.doc)
    return Location("references")


def classify(ref: Reference, subject: Location, parts: set[str] | frozenset[str] = frozenset()) -> str | None:
    """Whether ``ref`` leaves the subject ("out"), points at it ("in"), or does not concern it (None).
    ``parts``: the subject measure and the measures below it (an action answers for its measures)."""
    if subject.title:  # an external title or programme: a plan's heading title is not one
        if ref.target.title == subject.title and not ref.target.measure:
            return "in"
        return "out" if ref.source.title == subject.title and not ref.source.measure else None
    if subject.measure:
        parts = parts or {subject.measure}
        if ref.source.measure in parts:
            return "out"
        return "in" if ref.target.measure in parts else None
    if subject.doc:
        if ref.source.doc == subject.doc:
            return "out"
        return "in" if ref.target.doc == subject.doc else None
    return "all"


def end_location(end: RefEnd, role: str = "target") -> Location | None:
    """Where following a reference end leads. A source is where the reference is written: its passage.
    A target is what is referred to: a measure (Measures), else a passage, else an external title (here)."""
    if role == "target" and end.measure:
        return Location("measures", measure=end.measure)
    if end.doc and end.passage is not None:
        return Location("reader", doc=end.doc, passage=end.passage)
    if end.measure:
        return Location("measures", measure=end.measure)
    if end.title:
        return Location("references", title=end.title)
    if end.doc:
        return Location("reader", doc=end.doc)
    return None


def quoted(title: str, ref_type: str = "cites") -> str:
    """Cited documents in 《》 as Chinese writes them; programmes and campaigns as they are."""
    if ref_type != "cites" or title.startswith("《"):
        return title
    return f"《{title}》"


class Labeller:
    """Short and long descriptions of reference ends (runs in the worker: reads passages and measures)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.measures = _Measures(ws)

    def subtree(self, measure_id: str) -> set[str]:
        children: dict[str, list[str]] = {}
        for m in self.measures.of_document(measure_id):
            if m.parent:
                children.setdefault(m.parent, []).append(m.id)
        out, stack = set(), [measure_id]
        while stack:
            current = stack.pop()
            out.add(current)
            stack.extend(children.get(current, []))
        return out

    def measure_name(self, measure_id: str, width: int = 40) -> str:
        m = self.measures.get(measure_id)
        return f"{m.number}{clip(m.title, width)}" if m else measure_id

    def measure_flex(self, measure_id: str, least: int = 8) -> FitLabel:
        m = self.measures.get(measure_id)
        return FitLabel.of(m.number, Flex(m.title, least=least)) if m else FitLabel.of(measure_id)

    def short(self, end: RefEnd, role: str, ref_type: str) -> FitLabel:
        """One end in a tree line: the parts that may be clipped are clipped when the line is drawn."""
        if role == "target" and end.measure:
            return FitLabel.of(("measure ", "dim"), self.measure_flex(end.measure))
        if end.doc and end.passage is not None:
            text = end.text or passage_text(self.ws, end.doc, end.passage)
            return FitLabel.of(
                Flex(doc_label(self.ws, end.doc, 200), "cyan", least=10),
                (f" #{end.passage}", "dim"),
                " · ",
                Flex(text, least=24),  # the quote is what tells references apart: it gets room first
            )
        if end.title:
            label = FitLabel.of(Flex(quoted(end.title, ref_type), "bold", least=12))
            if end.text and not end.doc:  # a programme's reach: "in 4 documents, 7 mentions"
                label += Text(f"  {clip(end.text, 30)}", style="dim")
            return label
        if end.measure:
            return FitLabel.of(("measure ", "dim"), self.measure_flex(end.measure))
        if end.doc:
            return FitLabel.of(Flex(doc_label(self.ws, end.doc, 200), "cyan"))
        return FitLabel.of(("?", "dim"))

    def long(self, end: RefEnd, ref_type: str) -> Text:
        parts = Text()
        if end.doc:
            record = record_of(self.ws, end.doc)
            parts.append(record.title if record else end.doc, style="cyan")
            if end.passage is not None:
                try:
                    section = self.ws.passage(end.doc, end.passage).section
                except (KeyError, IndexError):
                    section = ()
                parts.append(f"  #{end.passage}", style="dim")
                if section:
                    parts.append("\n" + " › ".join(section), style="dim")
            parts.append("\n")
        if end.measure:
            parts.append(f"measure {self.measure_name(end.measure, 80)}\n", style="bold")
        if end.title and not end.measure:
            parts.append(quoted(end.title, ref_type) + "\n", style="bold")
        text = end.text or passage_text(self.ws, end.doc, end.passage)
        if text:
            parts.append(text + "\n")
        return parts


class _Measures:
    """Measures by id, each document's read when one of its measures is first asked for (``ws.measures(doc)``: a
    measure's id starts with its document's, "jx-eco-plan-2024-2026:1.1") — not a thousand documents' measures to
    label one document's references; every document's when an id says no document."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.by_id: dict[str, Any] = {}
        self.read: set[str] = set()
        self.everything = False

    def _read(self, doc: str | None) -> None:
        try:
            if doc is None:
                self.by_id.update((m.id, m) for m in fetch(self.ws.measures))
                self.everything = True
            else:
                self.by_id.update((m.id, m) for m in fetch(self.ws.measures, doc))
        except Exception:  # without measures, ends are labelled by their ids
            self.everything = True
        if doc is not None:
            self.read.add(doc)

    def get(self, measure_id: str) -> Any:
        found = self.by_id.get(measure_id)
        if found is None and not self.everything:
            doc = measure_id.rsplit(":", 1)[0] if ":" in measure_id else None
            if doc is not None and doc not in self.read and record_of(self.ws, doc) is not None:
                self._read(doc)
            else:
                self._read(None)
            found = self.by_id.get(measure_id)
        return found

    def of_document(self, measure_id: str) -> list[Any]:
        """The measures of the document ``measure_id`` is in."""
        m = self.get(measure_id)
        return [x for x in self.by_id.values() if x.doc == m.doc] if m is not None else []


def load_ref_data(ws: Workspace, location: Location | None) -> RefData:
    """The references of the location's subject; labels are fitted to the tree's width when drawn."""
    subject = subject_of(location)
    labeller = Labeller(ws)
    if subject.title:
        heading = Text.assemble(("title ▸ ", "dim"), (subject.title, "bold"))
    elif subject.measure:
        heading = Text.assemble(("measure ▸ ", "dim"), (labeller.measure_name(subject.measure, 60), "bold"))
    elif subject.doc:
        record = record_of(ws, subject.doc)
        heading = Text.assemble(("document ▸ ", "dim"), (record.title if record else subject.doc, "bold"))
    else:
        heading = Text.assemble(("corpus ▸ ", "dim"), ("every reference found", "bold"))
    data = RefData(subject, heading, labeller=labeller)
    owner = subject.doc or (subject.measure and getattr(labeller.measures.get(subject.measure), "doc", None))
    try:  # a document's or a measure's: from the per-document index (the others filtered out below anyway)
        refs = list(fetch(ws.refs, doc=owner) if owner else fetch(ws.refs))
    except NotAvailable as exc:
        data.problem = f"references: {exc}"
        return data
    parts = labeller.subtree(subject.measure) if subject.measure else set()
    data.groups = _groups(ws, subject, refs, parts)
    for _direction, ref_type, leaves in data.groups:
        for leaf in leaves[:PAGE]:  # the rest are labelled when asked for ("… more")
            data.labels[id(leaf)] = leaf_label(labeller, subject, leaf, ref_type)
    return data


def _groups(ws: Workspace, subject: Location, refs: list[Reference], parts: set[str]) -> list[Group]:
    buckets: dict[tuple[str, str], list[Leaf]] = {}
    for ref in refs:
        direction = classify(ref, subject, parts)
        if direction is not None:
            buckets.setdefault((direction, ref.type), []).append(Leaf(direction, ref))
    published = {r.id: r.published for r in ws.records}  # reports in the order they came out
    types = list(REF_TYPES) + sorted({t for _d, t in buckets} - set(REF_TYPES))
    groups: list[Group] = []
    for direction in (*DIRECTIONS, "all"):
        for ref_type in types:
            leaves = buckets.get((direction, ref_type))
            if not leaves:
                continue
            leaves.sort(
                key=lambda leaf: (
                    leaf.other.title or "",
                    published.get(leaf.other.doc or "", ""),
                    leaf.other.doc or "",
                    leaf.other.passage or 0,
                    -leaf.ref.score,
                )
            )
            groups.append((direction, ref_type, leaves))
    return groups


def load_corpus_first_screen(ws: Workspace) -> RefData | None:
    """The corpus view's first screen: each group's first ``PAGE`` references and its size, kept with the stored
    analyses under the references' key (``corpus.derived``) — not every reference of a thousand documents
    (0.6 s) before the pane shows anything; ``load_ref_data`` gives the rest. None without stored analyses."""
    corpus, linker = getattr(ws, "corpus", None), getattr(ws, "linker", None)
    if corpus is None or linker is None or not hasattr(corpus, "derived"):
        return None
    subject = Location("references")
    key = fingerprint("tui-refs-overview-1", PAGE, corpus.fingerprint(), linker.references_key())

    def overview() -> list[tuple[str, str, int, list[Reference]]]:
        groups = _groups(ws, subject, list(ws.refs()), set())
        return [(d, t, len(leaves), [leaf.ref for leaf in leaves[:PAGE]]) for d, t, leaves in groups]

    labeller = Labeller(ws)
    data = RefData(subject, Text.assemble(("corpus ▸ ", "dim"), ("every reference found", "bold")), labeller=labeller)
    for direction, ref_type, total, refs in corpus.derived("tui-refs-overview", key, overview):
        leaves = [Leaf(direction, r) for r in refs]
        data.groups.append((direction, ref_type, leaves))
        data.totals[(direction, ref_type)] = total
        for leaf in leaves:
            data.labels[id(leaf)] = leaf_label(labeller, subject, leaf, ref_type)
    data.partial = True
    return data


def leaf_label(labeller: Labeller, subject: Location, leaf: Leaf, ref_type: str) -> FitLabel:
    if leaf.direction == "all":
        label = (
            labeller.short(leaf.ref.source, "source", ref_type)
            + Text(" → ", style="dim")
            + labeller.short(leaf.ref.target, "target", ref_type)
        )
    else:
        label = labeller.short(leaf.other, leaf.other_role, ref_type)
        here_part = leaf.here.measure and leaf.here.measure != subject.measure
        if (subject.doc or subject.measure) and leaf.direction == "in" and here_part:  # which part
            label += FitLabel.of(("  → ", "dim"), labeller.measure_flex(leaf.here.measure or "", 10))
        elif leaf.direction == "out" and leaf.here.passage is not None:  # where it is written
            label += Text(f"  ← #{leaf.here.passage}", style="dim")
    if leaf.ref.score < 1.0:
        label += Text(f"  {leaf.ref.score:.2f}", style="dim")
    return label


def leaf_preview(labeller: Labeller, leaf: Leaf) -> Text:
    ref = leaf.ref
    out = Text.assemble((ref.type, "bold magenta"), (f"  score {ref.score:.2f}\n\n", "dim"))
    out.append("from\n", style="bold underline")
    out.append_text(labeller.long(ref.source, ref.type))
    out.append("\nto\n", style="bold underline")
    out.append_text(labeller.long(ref.target, ref.type))
    if ref.evidence:
        out.append("\nevidence\n", style="bold underline")
        for item in ref.evidence:
            out.append(f"· {item}\n", style="italic")
    return out
