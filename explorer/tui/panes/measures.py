"""Measures pane (F4): a plan's measure tree with status badges, and for the selected node its text, its
targets and the report passages that report on it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import OptionList, Static, Tree
from textual.widgets.option_list import Option

from explorer.corrections import figure_id
from explorer.tui.commands import bindings_for
from explorer.tui.messages import Location, Navigate
from explorer.tui.panes.common import (
    NotAvailable,
    PaneBase,
    clip,
    doc_label,
    fetch,
    figure_text,
    passage_text,
    record_of,
    status_badge,
    worst_status,
    years_label,
)
from explorer.tui.panes.fitting import FitLabel, FittingTree, Flex

# --------------------------------------------------------------------------- measures data


@dataclass
class MeasureData:
    """Everything the pane shows, computed once off the UI thread."""

    measures: list = field(default_factory=list)
    by_id: dict = field(default_factory=dict)
    children: dict = field(default_factory=dict)  # id → child ids (document id → top-level ids)
    targets: dict = field(default_factory=dict)  # measure id → TrackedTarget list (own only)
    reports: dict = field(default_factory=dict)  # measure id → reports-on Reference list (own only)
    cites: dict = field(default_factory=dict)  # measure id → other references out of it
    docs: list = field(default_factory=list)  # document ids, plans first
    roots: dict = field(default_factory=dict)  # document id → its node id (root measure, else the doc id)
    problems: list = field(default_factory=list)  # one line each: what is not available

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


def load_measure_data(ws: Any) -> MeasureData:
    data = MeasureData()
    try:
        data.measures = list(fetch(ws.measures))
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
        for t in fetch(ws.targets):
            if t.measure:
                data.targets.setdefault(t.measure, []).append(t)
    except NotAvailable as exc:
        data.problems.append(f"targets: {exc}")
    try:
        for r in fetch(ws.refs):
            if r.type in ("reports-on", "tracks") and r.target.measure:
                data.reports.setdefault(r.target.measure, []).append(r)
            elif r.type in ("cites", "programme") and r.source.measure:
                data.cites.setdefault(r.source.measure, []).append(r)
    except NotAvailable as exc:
        data.problems.append(f"references: {exc}")
    published = {r.id: (min(r.covers) if r.covers else 0, r.published) for r in ws.records}
    for refs in data.reports.values():
        refs.sort(key=lambda r: (published.get(r.source.doc, (0, "")), -r.score))
    return data


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


# --------------------------------------------------------------------------- the pane


class MeasuresPane(PaneBase):
    """The plan's measure tree; ⏎ on a report passage opens it in the Reader."""

    DEFAULT_CSS = """
    MeasuresPane { height: 1fr; width: 1fr; }
    MeasuresPane #measures-body { height: 1fr; }
    MeasuresPane #measure-tree { width: 1fr; min-width: 30; border-right: vkey $panel; }
    MeasuresPane #measure-detail { width: 1fr; border: none; }
    MeasuresPane #measures-message { height: auto; padding: 0 1; color: $text-muted; display: none; }
    MeasuresPane #measures-message.-shown { display: block; }
    MeasuresPane.-narrow #measures-body { layout: vertical; }
    MeasuresPane.-narrow #measure-tree { height: 1fr; width: 1fr; border-right: none; border-bottom: hkey $panel; }
    MeasuresPane.-narrow #measure-detail { height: 1fr; }
    MeasuresPane.-hide-detail #measure-detail { display: none; }
    """

    BINDINGS = bindings_for("measures")  # keys, footer, help and palette: explorer/tui/commands.py

    def __init__(self) -> None:
        super().__init__()
        self.data: MeasureData | None = None
        self.selected: str | None = None  # measure id or document id
        self._detail_targets: dict[str, Location] = {}
        self._detail_links: dict[str, tuple[str, str]] = {}  # option id → (target, outcome) figure names
        self._unbuilt: dict[int, str] = {}  # tree node id → measure id whose children are not added yet

    def compose(self) -> ComposeResult:
        yield Static("", id="measures-message")
        with Horizontal(id="measures-body"):
            tree: FittingTree[str] = FittingTree("measures", id="measure-tree")
            tree.show_root = False
            tree.guide_depth = 3
            yield tree
            yield OptionList(id="measure-detail")

    # ----------------------------------------------------------------- loading
    @property
    def data_ready(self) -> bool:  # type: ignore[override]
        return self.data is not None

    def set_message(self, text: str | None) -> None:
        message = self.query_one("#measures-message", Static)
        message.update(text or "")
        message.set_class(bool(text), "-shown")

    def start_loading(self, ws: Any) -> None:
        self.set_message("loading measures…")
        self._load(ws)

    @work(exclusive=True, group="measures", thread=True)
    def _load(self, ws: Any) -> None:
        try:
            data = load_measure_data(ws)
        except Exception as exc:  # a bug in an extractor must not take the app down
            data = MeasureData(problems=[f"measures could not be built: {type(exc).__name__}: {exc}"])
        self.reply(self._apply_data, data)

    def _apply_data(self, data: MeasureData) -> None:
        self.data = data
        if not data.measures:
            self.set_message(" · ".join(data.problems) or "no measures in this corpus")
        else:
            self.set_message(" · ".join(data.problems) if data.problems else None)
        self._build_tree()
        if self.location is not None:
            self.apply_location(self.location)

    # ----------------------------------------------------------------- tree
    def _build_tree(self) -> None:
        assert self.data is not None
        ws, data = self.ws, self.data
        assert ws is not None  # data is only set by a load that start_loading began with the workspace
        tree = self.query_one("#measure-tree", FittingTree)
        tree.clear()
        self._unbuilt = {}
        for doc_id in data.docs:
            record = record_of(ws, doc_id)
            label = FitLabel.of(
                Flex(record.title if record else doc_id, "bold", least=12),
                (f" {years_label(record)}" if record else "", "dim"),
                "  ",
                summary_badge(data.targets_under(data.roots.get(doc_id, doc_id))),
            )
            root = data.roots.get(doc_id, doc_id)
            expand = record is not None and record.kind == "plan"
            node = tree.add_fitted(tree.root, label, root, expand=expand)
            if expand:
                self._add_measure_children(node, root)
            elif data.children.get(root):
                # a collapsed document's measures are added when it is opened: a thousand reports hold tens of
                # thousands of measures, and building every node first kept the pane empty for seconds
                self._unbuilt[node.id] = root
        if tree.root.children:
            first = tree.root.children[0]
            tree.move_cursor(first)
            assert first.data is not None  # every document node above is added with its root id as data
            self._show_detail(first.data)

    def _add_measure_children(self, node: Any, parent_id: str) -> None:
        assert self.data is not None
        for child_id in self.data.children.get(parent_id, []):
            m = self.data.by_id[child_id]
            kids = self.data.children.get(child_id, [])
            label = FitLabel.of(
                (m.number, "bold"),
                " ",
                Flex(m.title),
                (f" ({len(kids)})", "dim") if kids and m.level == 1 else "",
                "  ",
                summary_badge(self.data.targets_under(child_id)),
            )
            tree = self.query_one("#measure-tree", FittingTree)
            child = tree.add_fitted(node, label, child_id, leaf=not kids)
            if kids:
                self._add_measure_children(child, child_id)

    def _build_children(self, node: Any) -> None:
        root = self._unbuilt.pop(node.id, None)
        if root is not None:
            self._add_measure_children(node, root)

    @on(Tree.NodeExpanded, "#measure-tree")
    def _expanded(self, event: Tree.NodeExpanded) -> None:
        event.stop()
        self._build_children(event.node)

    @on(Tree.NodeHighlighted, "#measure-tree")
    def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        event.stop()
        if event.node.data is not None:
            self._show_detail(event.node.data)

    def apply_location(self, location: Location) -> None:
        wanted = location.measure or location.doc
        if not wanted or self.data is None:
            return
        wanted = self.data.roots.get(wanted, wanted)
        tree = self.query_one("#measure-tree", Tree)
        measure = self.data.by_id.get(wanted)
        doc_root = self.data.roots.get(measure.doc, measure.doc) if measure is not None else None
        for doc_node in tree.root.children:  # the wanted measure's document: its nodes built first
            if doc_node.data == doc_root:
                self._build_children(doc_node)
        node = self._find_node(tree.root, wanted)
        if node is None:
            self.notify(f"{wanted}: not in the measure tree", severity="warning")
            return
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        self.call_after_refresh(tree.move_cursor, node)
        self._show_detail(wanted)

    def _find_node(self, node: Any, wanted: str) -> Any:
        if node.data == wanted:
            return node
        for child in node.children:
            found = self._find_node(child, wanted)
            if found is not None:
                return found
        return None

    # ----------------------------------------------------------------- detail
    def _show_detail(self, node_id: str) -> None:
        if self.data is None:
            return
        self.selected = node_id
        ws, data = self.ws, self.data
        assert ws is not None  # data is only set by a load that start_loading began with the workspace
        detail = self.query_one("#measure-detail", OptionList)
        detail.clear_options()
        self._detail_targets = {}
        self._detail_links = {}
        options: list[Option | None] = []

        def add(prompt: Any, location: Location | None = None) -> None:
            key = f"o{len(options)}"
            if location is not None:
                self._detail_targets[key] = location
            options.append(Option(prompt, id=key, disabled=location is None))

        measure = data.by_id.get(node_id)
        doc_id = measure.doc if measure is not None else node_id
        if data.roots.get(doc_id) == node_id:  # a document node: what it is, then its preamble
            record = record_of(ws, doc_id)
            add(
                Text(record.title if record else doc_id, style="bold"),
                Location("reader", doc=doc_id, passage=measure.passages[0] if measure and measure.passages else None),
            )
            tops = data.children.get(node_id, [])
            add(
                Text(
                    f"{record.kind if record else ''} · {years_label(record) if record else ''} · "
                    f"{len(tops)} top-level parts · {len(data.subtree(node_id)) - 1} nodes",
                    style="dim",
                )
            )
            if measure is not None and measure.text:
                add(Text(clip(measure.text, 400)))
        elif measure is not None:
            add(
                Text.assemble((measure.number, "bold"), " ", (measure.title, "bold")),
                Location("reader", doc=measure.doc, passage=measure.passages[0]) if measure.passages else None,
            )
            add(Text(clip(measure.text, 600)))
        targets = data.targets_under(node_id)
        options.append(None)
        if targets:
            add(Text(f"targets ({len(targets)})", style="bold underline"))
            for t in targets:
                latest = getattr(t, "latest", None) or (t.reported[-1] if t.reported else None)
                line = Text.assemble(
                    status_badge(t.status),
                    "  ",
                    (t.indicator, "bold"),
                    f"  {figure_text(t.target)}",
                    ("  base " + figure_text(t.baseline)) if t.baseline else "",
                    ("  latest " + figure_text(latest)) if latest else "",
                )
                if t.note:
                    line.append(f"\n    {clip(t.note, 200)}", style="dim")
                add(line, Location("reader", doc=t.target.doc, passage=t.target.passage))
                for year, figure, how in outcome_rows(t):  # target → outcome, one row a year (⏎ opens it)
                    add(
                        Text.assemble(
                            (f"      {year}  ", "bold"),
                            figure_text(figure),
                            (f"  {how}", "green" if how.startswith("latest") else "dim"),
                            (f"  {doc_label(ws, figure.doc, 14)}", "cyan"),
                            ("  ✎ corrected" if getattr(figure, "corrected", None) else "", "yellow"),
                        ),
                        Location("reader", doc=figure.doc, passage=figure.passage),
                    )
                    self._detail_links[f"o{len(options) - 1}"] = (figure_id(t.target), figure_id(figure))
        elif measure is not None and measure.targets:
            add(Text("targets (not tracked yet)", style="bold underline"))
            for f in measure.targets:
                add(
                    Text.assemble(status_badge("no data"), "  ", (f.indicator, "bold"), f"  {figure_text(f)}"),
                    Location("reader", doc=f.doc, passage=f.passage),
                )
        else:
            add(Text("no quantified targets", style="dim"))
        reports = data.reports_under(node_id)
        options.append(None)
        if reports:
            add(Text(f"reported on by ({len(reports)})", style="bold underline"))
            for r in reports:
                record = record_of(ws, r.source.doc)
                snippet = r.source.text or passage_text(ws, r.source.doc, r.source.passage)
                line = Text.assemble(
                    (years_label(record) if record else "", "bold"),
                    " ",
                    (doc_label(ws, r.source.doc, 16), "cyan"),
                    (f"  #{r.source.passage}", "dim"),
                    (f"  {r.type}" if r.type != "reports-on" else "", "magenta"),
                    (f"  {r.score:.2f}", "dim"),
                )
                if r.target.measure != node_id and r.target.measure in data.by_id:
                    line.append(f"  [{data.by_id[r.target.measure].number}]", style="dim")
                # the passage on a line of its own: Rich folds an unbroken CJK run onto a fresh line anyway
                line.append("\n  " + clip(snippet, 150))
                if r.evidence:
                    line.append(f"\n  {clip(' · '.join(r.evidence), 110)}", style="dim italic")
                add(line, Location("reader", doc=r.source.doc, passage=r.source.passage))
        else:
            add(Text("no report passage reports on this yet", style="dim"))
        cites = [r for mid in data.subtree(node_id) for r in data.cites.get(mid, [])]
        if cites:
            options.append(None)
            add(Text(f"references ({len(cites)})", style="bold underline"))
            for r in cites:
                name = r.target.title or r.target.measure or doc_label(ws, r.target.doc, 30)
                where = (
                    Location("reader", doc=r.target.doc, passage=r.target.passage)
                    if r.target.doc
                    else Location("references", title=r.target.title)
                    if r.target.title
                    else Location("measures", measure=r.target.measure)
                )
                add(Text.assemble((r.type, "magenta"), "  ", clip(name or "", 60)), where)
        detail.add_options(options)

    @on(OptionList.OptionSelected, "#measure-detail")
    def _detail_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        location = self._detail_targets.get(event.option.id or "")
        if location is not None:
            self.post_message(Navigate(location))

    # ----------------------------------------------------------------- actions
    def _selected_measure(self) -> Any:
        return self.data.by_id.get(self.selected or "") if self.data else None

    def action_open_measure(self) -> None:
        measure = self._selected_measure()
        if measure is not None:
            passage = measure.passages[0] if measure.passages else None
            self.post_message(Navigate(Location("reader", doc=measure.doc, passage=passage)))
        elif self.selected and self.data and self.selected in self.data.docs:
            self.post_message(Navigate(Location("reader", doc=self.selected)))

    def action_references(self) -> None:
        if self.data is None or not self.selected:
            return
        measure = self._selected_measure()
        doc_id = measure.doc if measure is not None else self.selected
        if self.data.roots.get(doc_id) == self.selected:
            self.post_message(Navigate(Location("references", doc=doc_id)))
        else:
            self.post_message(Navigate(Location("references", measure=self.selected)))

    def current_location(self) -> Location | None:
        """Where the user is in this pane, for the app's history."""
        if self.data is None or not self.selected:
            return None
        measure = self._selected_measure()
        doc_id = measure.doc if measure is not None else self.selected
        if self.data.roots.get(doc_id) == self.selected:
            return Location("measures", doc=doc_id)
        return Location("measures", measure=self.selected)

    def focus_default(self) -> None:
        self.query_one("#measure-tree", Tree).focus()

    def action_unlink(self) -> None:
        detail = self.query_one("#measure-detail", OptionList)
        index = detail.highlighted
        option = detail.get_option_at_index(index) if index is not None else None
        link = self._detail_links.get(option.id or "") if option is not None else None
        if link is None or self.ws is None:
            self.notify("highlight an outcome row under a target (in the details), then press u")
            return
        from explorer.corrections import Correction, add_correction
        from explorer.extract.prepare import corrections_path, forget

        path = corrections_path(self.ws)
        _corrections, problems = add_correction(path, Correction("unlink", target=link[0], reported=link[1]))
        if problems:
            self.notify(f"not saved: {problems[0]}", severity="error")
            return
        forget(self.ws)
        self.notify(f"{link[1]} is no longer compared with {link[0]} (saved in {path.name})")
        self.location = self.current_location() or self.location  # come back to this node after reloading
        self._load(self.ws)

    def action_toggle_detail(self) -> None:
        self.toggle_class("-hide-detail")

    def action_expand_all(self) -> None:
        tree = self.query_one("#measure-tree", Tree)
        if any(not n.is_expanded for n in tree.root.children):
            for n in tree.root.children:
                self._build_children(n)
            tree.root.expand_all()
        else:
            for n in tree.root.children:
                n.collapse_all()
