"""What the Measures pane shows, loaded off the UI thread: the first screen's trees with their targets (a document
at a time, ``load_first_screen``), every document's later (``load_measure_tree``), and the references that report
on or leave the measures of one document (``load_measure_links(ws, [doc])``: the per-document index), so the tree
is not kept empty while they load. No Textual here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text

from explorer.tui.panes.common import NotAvailable, fetch, status_badge, worst_status


@dataclass
class MeasureData:
    """Everything the pane shows. ``reports`` and ``cites`` are filled when the references are in
    (``links_ready``); until then the detail says they are loading."""

    measures: list = field(default_factory=list)
    by_id: dict = field(default_factory=dict)
    children: dict = field(default_factory=dict)  # id → child ids (document id → top-level ids)
    targets: dict = field(default_factory=dict)  # measure id → TrackedTarget list (own only)
    reports: dict = field(default_factory=dict)  # measure id → reports-on Reference list (own only)
    cites: dict = field(default_factory=dict)  # measure id → other references out of it
    docs: list = field(default_factory=list)  # document ids, plans first
    roots: dict = field(default_factory=dict)  # document id → its node id (root measure, else the doc id)
    problems: list = field(default_factory=list)  # one line each: what is not available
    links_ready: bool = False  # the selected node's document's references are in (``linked``)
    linked: set = field(default_factory=set)  # documents whose references are in ``reports`` and ``cites``
    complete: bool = True  # False: only the first screen's documents (``load_measure_tree(docs=…)``)

    def has_links(self, node_id: str) -> bool:
        """The references of the node's document are in."""
        m = self.by_id.get(node_id)
        return (m.doc if m is not None else node_id) in self.linked

    def merge(self, rest: MeasureData) -> None:
        """Take in the documents ``rest`` holds that this does not (the ones after the first screen)."""
        new = [d for d in rest.docs if d not in self.roots]
        for m in rest.measures:
            if m.doc in new:
                self.measures.append(m)
                self.by_id[m.id] = m
        for key, value in rest.children.items():
            owner = rest.by_id[key].doc if key in rest.by_id else key
            if owner in new:
                self.children[key] = value
        for key, value in rest.targets.items():
            if key in rest.by_id and rest.by_id[key].doc in new:
                self.targets[key] = value
        for doc in new:
            self.roots[doc] = rest.roots[doc]
        order = {d: i for i, d in enumerate(rest.docs)}
        self.docs = sorted({*self.docs, *new}, key=lambda d: order.get(d, -1))
        self.problems += [p for p in rest.problems if p not in self.problems]
        self.complete = rest.complete

    def subtree(self, node_id: str) -> list[str]:
        out, stack = [], [node_id]
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(reversed(self.children.get(current, [])))
        return out

    def targets_under(self, node_id: str) -> list:
        return [t for mid in self.subtree(node_id) for t in self.targets.get(mid, [])]

    def reports_under(self, node_id: str) -> list:
        return [r for mid in self.subtree(node_id) for r in self.reports.get(mid, [])]


@dataclass(frozen=True)
class MeasureLinks:
    """The references of the measures, by measure: what reports on each, and what each refers to."""

    reports: dict = field(default_factory=dict)
    cites: dict = field(default_factory=dict)
    problem: str | None = None
    docs: tuple[str, ...] | None = None  # whose measures' references these are (None: every document's)


FIRST_ROWS = 40  # tree lines loaded before the first drawing (a 40-line terminal shows 34 of them)


def document_order(ws: Any) -> list[str]:
    """The documents as the tree lists them: plans first, then in the corpus's order."""
    return [r.id for r in sorted(ws.records, key=lambda r: r.kind != "plan")]


def load_first_screen(ws: Any, rows: int | None = None) -> MeasureData:
    """The trees of the first documents the tree lists, enough for ``rows`` lines (a plan is shown opened), read
    one document at a time with their targets (``ws.measures(doc)``, ``ws.targets(doc=…)``: milliseconds each)
    — not every document's measures and the corpus's targets, most of a second on a thousand documents."""
    rows = rows or FIRST_ROWS
    measures: list = []
    targets: list = []
    shown = 0
    for doc in document_order(ws):
        own = list(fetch(ws.measures, doc))
        if not own:
            continue
        measures += own
        targets += fetch(ws.targets, doc=doc)
        shown += len(own) if record_kind(ws, doc) == "plan" else 1
        if shown >= rows:
            break
    data = load_measure_tree(ws, lambda: targets, measures=measures)
    data.complete = False
    return data


def record_kind(ws: Any, doc: str) -> str:
    return next((r.kind for r in ws.records if r.id == doc), "")


def load_measure_tree(ws: Any, tracked: Callable[[], Any] | None = None, measures: list | None = None) -> MeasureData:
    """The measure trees and the tracked targets on their nodes (no references yet); ``tracked`` gives the
    targets (``PaneBase.tracked_targets``; ``ws.targets`` without it); ``measures``: only these (every document's
    without them)."""
    data = MeasureData()
    try:
        data.measures = list(measures) if measures is not None else list(fetch(ws.measures))
    except NotAvailable as exc:
        data.problems.append(f"measures: {exc}")
        return data
    ids = {m.id for m in data.measures}
    for m in data.measures:
        data.by_id[m.id] = m
        if m.parent in ids:
            data.children.setdefault(m.parent, []).append(m.id)
    # A document's node is its one parentless measure (the document's root) when it has one.
    tops: dict[str, list[str]] = {}
    for m in data.measures:
        if m.parent not in ids:
            tops.setdefault(m.doc, []).append(m.id)
    for doc_id, top_ids in tops.items():
        if len(top_ids) == 1:
            data.roots[doc_id] = top_ids[0]
        else:
            data.roots[doc_id] = doc_id
            data.children[doc_id] = top_ids
    kinds = {r.id: r.kind for r in ws.records}
    order = {r.id: i for i, r in enumerate(ws.records)}
    data.docs = sorted(tops, key=lambda d: (kinds.get(d) != "plan", order.get(d, 0)))
    try:
        for t in fetch(tracked or ws.targets):
            if t.measure:
                data.targets.setdefault(t.measure, []).append(t)
    except NotAvailable as exc:
        data.problems.append(f"targets: {exc}")
    return data


def load_measure_links(ws: Any, docs: list[str] | None = None) -> MeasureLinks:
    """What reports on each measure (reports-on, tracks: oldest report first) and what each refers to; with
    ``docs``, of those documents' measures only, from their references (``ws.refs(doc=…)``: the per-document
    index, one shard read each — not every reference of the corpus)."""
    reports: dict[str, list] = {}
    cites: dict[str, list] = {}
    try:
        if docs is None:
            refs = fetch(ws.refs)
        else:
            refs = []
            for doc in docs:  # each reference from the one document it is listed under here (no duplicates)
                refs += [r for r in fetch(ws.refs, doc=doc) if _end_doc(r) == doc]
        for r in refs:
            if r.type in ("reports-on", "tracks") and r.target.measure:
                reports.setdefault(r.target.measure, []).append(r)
            elif r.type in ("cites", "programme") and r.source.measure:
                cites.setdefault(r.source.measure, []).append(r)
    except NotAvailable as exc:
        return MeasureLinks(problem=f"references: {exc}", docs=tuple(docs or ()))
    published = {r.id: (min(r.covers) if r.covers else 0, r.published) for r in ws.records}
    for refs in reports.values():
        refs.sort(key=lambda r: (published.get(r.source.doc, (0, "")), -r.score))
    return MeasureLinks(reports, cites, docs=tuple(docs) if docs is not None else None)


def _end_doc(r: Any) -> str | None:
    """The document whose measure a reference is shown under: the reported-on measure's, else the citing one's."""
    return r.target.doc if r.type in ("reports-on", "tracks") else r.source.doc


def load_measure_data(ws: Any) -> MeasureData:
    """Both parts at once (for a caller that wants everything in one go)."""
    data = load_measure_tree(ws)
    if data.measures:
        add_links(data, load_measure_links(ws))
    return data


def add_links(data: MeasureData, links: MeasureLinks) -> None:
    if links.docs is None:
        data.reports, data.cites = links.reports, links.cites
        data.linked = set(data.roots) | {m.doc for m in data.measures}
    else:
        data.reports.update(links.reports)
        data.cites.update(links.cites)
        data.linked.update(links.docs)
    data.links_ready = True
    if links.problem and links.problem not in data.problems:
        data.problems.append(links.problem)


def outcome_rows(t: Any, limit: int = 6) -> list[tuple[str, Any, str]]:
    """(year, figure, as) of what was reported on a target's indicator: background (published before the plan),
    base, reported, the latest one judged — newest last, at most ``limit``."""
    rows: list[tuple[str, Any, str]] = []
    seen: set[int] = set()
    for figures, how in ((getattr(t, "context", ()), "background"), (t.reported, "reported")):
        for g in figures:
            if id(g) in seen:
                continue
            seen.add(id(g))
            label = "latest (judged)" if g is t.latest else ("base" if g is t.base else how)
            rows.append((str(g.year) if g.year is not None else "?", g, label))
    if t.base is not None and id(t.base) not in seen and t.base is not t.target:
        rows.insert(0, (str(t.base.year) if t.base.year is not None else "?", t.base, "base"))
    rows.sort(key=lambda r: (r[0] == "?", r[0]))
    return rows[-limit:]


def summary_badge(targets: list) -> Text:
    """ "◐ 2/4 on track" for a node's targets (its subtree's); "○ no data" when nothing was reported."""
    if not targets:
        return Text("")
    statuses = Counter(t.status for t in targets)
    if statuses.get("no data", 0) == len(targets):
        return status_badge("no data") + Text(f" ({len(targets)})", style="dim")
    good = statuses.get("achieved", 0) + statuses.get("on track", 0)
    worst = worst_status(s for s in statuses if s != "no data")
    if good == len(targets) and statuses.get("achieved", 0) == len(targets):
        return status_badge("achieved", label=False) + Text(f" achieved {good}/{len(targets)}", style="green")
    return status_badge(worst, label=False) + Text(f" {good}/{len(targets)} on track")
