"""Measures pane (F4): a plan's measure tree with status badges, and for the selected node its text, its
targets and the report passages that report on it."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import OptionList, Static, Tree
from textual.worker import get_current_worker

from explorer.tui.commands import bindings_for
from explorer.tui.messages import Location, Navigate
from explorer.tui.panes.common import PaneBase, record_of, years_label
from explorer.tui.panes.fitting import FitLabel, FittingTree, Flex
from explorer.tui.panes.measure_data import (
    MeasureData,
    MeasureLinks,
    add_links,
    load_first_screen,
    load_measure_links,
    load_measure_tree,
    outcome_rows,
    summary_badge,
)
from explorer.tui.panes.measure_detail import DetailList, node_detail

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
        self._generation = 0  # of the last load started: older loads' results are dropped
        self._links_asked: set[str] = set()
        self._location_waits = False  # the location asked for is in a document after the first screen
        self._rest_started = 0  # the generation whose every document's trees are loading  # documents whose references are loading or in (this generation)

    def compose(self) -> ComposeResult:
        yield Static("", id="measures-message")
        with Horizontal(id="measures-body"):
            tree: FittingTree[str] = FittingTree("measures", id="measure-tree")
            tree.show_root = False
            tree.guide_depth = 3
            yield tree
            yield DetailList(id="measure-detail")

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
        self._generation += 1
        self._load(ws, self._generation)

    class TreeLoaded(Message):
        """The measure trees and their targets are in — the first screen's documents (``data.complete`` False),
        then every document's — (the references follow in ``LinksLoaded``)."""

        def __init__(self, data: MeasureData, generation: int) -> None:
            super().__init__()
            self.data = data
            self.generation = generation

    class LinksLoaded(Message):
        """The references of the measures are in (``_load_links``): the detail can say what reports on a node."""

        def __init__(self, links: MeasureLinks, generation: int) -> None:
            super().__init__()
            self.links = links
            self.generation = generation

    @work(exclusive=True, group="measures", thread=True)
    def _load(self, ws: Any, generation: int) -> None:
        self._load_trees(ws, generation, False)

    @work(exclusive=True, group="measures-rest", thread=True)
    def _load_rest(self, ws: Any, generation: int) -> None:
        self._load_trees(ws, generation, True)

    def _load_trees(self, ws: Any, generation: int, rest: bool) -> None:
        """The first screen's trees (a document at a time, from the store's per-document indexes), or with
        ``rest`` every document's (``_want_rest``); the references of the selected node's document follow
        (``_load_links``). A newer load makes this one's results stale: they are not posted, or dropped on
        arrival (``generation``)."""
        try:
            data = load_measure_tree(ws, lambda: self.tracked_targets(ws)) if rest else load_first_screen(ws)
        except Exception as exc:  # a bug in an extractor must not take the app down
            data = MeasureData(problems=[f"measures could not be built: {type(exc).__name__}: {exc}"])
        if not get_current_worker().is_cancelled:
            self.post_message(self.TreeLoaded(data, generation))

    def _want_rest(self) -> None:
        """Every document's trees, after the first screen's: once the app's analysis worker has read every
        document's measures (``step_prepared``: then they are in memory), or at once when the researcher goes
        past the first screen (a location further down, the last documents shown, expand all)."""
        if self.data is None or self.data.complete or self._rest_started == self._generation or self.ws is None:
            return
        self._rest_started = self._generation
        self._load_rest(self.ws, self._generation)

    def step_prepared(self, step: str) -> None:
        if step == "measures":
            self._want_rest()

    def _want_links(self) -> None:
        """The references of the selected node's document, for the detail's "reported on by" (one document's:
        ``ws.refs(doc=…)`` reads one shard of the per-document index, not every reference of the corpus)."""
        if self.data is None or not self.data.measures or self.ws is None or self.selected is None:
            return
        measure = self.data.by_id.get(self.selected)
        doc = measure.doc if measure is not None else self.selected
        if doc in self._links_asked or not self._on_screen():
            return  # (a pane not on screen leaves the interpreter to the one that is: loaded when shown again)
        self._links_asked.add(doc)
        self._load_links(self.ws, self._generation, doc)

    def on_show(self) -> None:  # (PaneBase.on_show runs too: Textual calls each class's handler)
        self._want_links()

    @work(group="measure-links", thread=True)
    def _load_links(self, ws: Any, generation: int, doc: str) -> None:
        try:
            links = load_measure_links(ws, [doc])
        except Exception as exc:  # a bug in the linking stage must not take the app down
            links = MeasureLinks(problem=f"references could not be read: {type(exc).__name__}: {exc}", docs=(doc,))
        if not get_current_worker().is_cancelled:
            self.post_message(self.LinksLoaded(links, generation))

    @on(TreeLoaded)
    def _tree_loaded(self, message: TreeLoaded) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        if self.data is not None and not self.data.complete:  # the rest after the first screen: added below it
            new = [d for d in message.data.docs if d not in self.data.roots]
            self.data.merge(message.data)
            self._show_problems()
            self._add_documents(new)
            if self.location is not None and self._location_waits:
                self.apply_location(self.location)
            return
        self.data = message.data
        self._links_asked = set()
        self._show_problems()
        self._build_tree()
        if self.app_prepared("measures"):  # every document's measures are in memory already
            self._want_rest()
        if self.location is not None:
            self.apply_location(self.location)
        self._want_links()

    def _can_show(self, location: Location) -> bool:
        """The location's node is in what is loaded (else it is shown once every document is in)."""
        assert self.data is not None
        wanted = location.measure or location.doc
        return self.data.complete or not wanted or wanted in self.data.by_id or wanted in self.data.roots

    @on(LinksLoaded)
    def _links_loaded(self, message: LinksLoaded) -> None:
        message.stop()
        if message.generation != self._generation or self.data is None:
            return
        add_links(self.data, message.links)
        self._show_problems()
        if self.selected is not None:
            self._show_detail(self.selected, keep_highlight=True)

    def _show_problems(self) -> None:
        assert self.data is not None
        if not self.data.measures:
            self.set_message(" · ".join(self.data.problems) or "no measures in this corpus")
        else:
            self.set_message(" · ".join(self.data.problems) or None)

    # ----------------------------------------------------------------- tree
    def _build_tree(self) -> None:
        assert self.data is not None
        ws, data = self.ws, self.data
        assert ws is not None  # data is only set by a load that start_loading began with the workspace
        tree = self.query_one("#measure-tree", FittingTree)
        tree.clear()
        self._unbuilt = {}
        self._add_documents(data.docs)
        if tree.root.children:
            first = tree.root.children[0]
            tree.move_cursor(first)
            assert first.data is not None  # every document node above is added with its root id as data
            self._show_detail(first.data)

    def _add_documents(self, docs: list[str]) -> None:
        """The documents' nodes, at the end of the tree (the first screen's, then the rest's)."""
        assert self.data is not None
        ws, data = self.ws, self.data
        assert ws is not None
        tree = self.query_one("#measure-tree", FittingTree)
        for doc_id in docs:
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
        tree = event.control
        if self.data is not None and not self.data.complete and event.node.line >= tree.last_line - 5:
            self._want_rest()  # near the end of the first screen's documents

    def apply_location(self, location: Location) -> None:
        wanted = location.measure or location.doc
        if not wanted or self.data is None:
            return
        self._location_waits = not self._can_show(location)
        if self._location_waits:  # shown once every document's trees are in
            self._want_rest()
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
    def _show_detail(self, node_id: str, *, keep_highlight: bool = False) -> None:
        if self.data is None:
            return
        self.selected = node_id
        assert self.ws is not None  # data is only set by a load that start_loading began with the workspace
        shown = node_detail(self.ws, self.data, node_id)
        detail = self.query_one("#measure-detail", OptionList)
        highlighted = detail.highlighted if keep_highlight else None
        detail.clear_options()
        self._detail_targets, self._detail_links = shown.targets, shown.links
        detail.add_options(shown.options)
        if highlighted is not None and highlighted < detail.option_count:  # the references came in: stay put
            detail.highlighted = highlighted
        self._want_links()

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
        self.data = None  # reloaded whole
        self._generation += 1
        self._load(self.ws, self._generation)

    def action_toggle_detail(self) -> None:
        self.toggle_class("-hide-detail")

    def action_expand_all(self) -> None:
        self._want_rest()
        tree = self.query_one("#measure-tree", Tree)
        if any(not n.is_expanded for n in tree.root.children):
            for n in tree.root.children:
                self._build_children(n)
            tree.root.expand_all()
        else:
            for n in tree.root.children:
                n.collapse_all()


__all__ = ["MeasuresPane", "MeasureData", "outcome_rows", "summary_badge"]
