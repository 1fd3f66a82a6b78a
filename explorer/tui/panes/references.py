"""References pane (F6): what a document, measure or external title refers to and what refers to it,
grouped by type; ⏎ follows a reference to its other end (Reader, Measures, or another title here)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static, Tree

from explorer.tui.commands import bindings_for
from explorer.tui.messages import Location, Navigate
from explorer.tui.panes.common import PaneBase
from explorer.tui.panes.fitting import FitLabel, FittingTree
from explorer.tui.panes.ref_data import (
    DIRECTION_TEXT,
    PAGE,
    Leaf,
    RefData,
    end_location,
    leaf_label,
    leaf_preview,
    load_corpus_first_screen,
    load_ref_data,
    subject_of,
)

if TYPE_CHECKING:
    from explorer.workspace import Workspace


class ReferencesPane(PaneBase):
    """References out of and into the current document, measure or title."""

    DEFAULT_CSS = """
    ReferencesPane { height: 1fr; width: 1fr; }
    ReferencesPane #refs-heading { height: auto; max-height: 2; padding: 0 1; background: $boost; }
    ReferencesPane #refs-message { height: auto; padding: 0 1; color: $text-muted; display: none; }
    ReferencesPane #refs-message.-shown { display: block; }
    ReferencesPane #refs-body { height: 1fr; }
    ReferencesPane #ref-tree { width: 3fr; }
    ReferencesPane #ref-preview { width: 2fr; border-left: vkey $panel; padding: 0 1; }
    ReferencesPane.-narrow #ref-preview { display: none; }
    ReferencesPane.-narrow.-show-preview #ref-preview { display: block; width: 1fr; }
    ReferencesPane.-narrow.-show-preview #ref-tree { display: none; }
    ReferencesPane.-hide-preview #ref-preview { display: none; }
    """

    BINDINGS = bindings_for("references")

    def __init__(self) -> None:
        super().__init__()
        self.data: RefData | None = None
        self._leaves: dict[int, Leaf] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="refs-heading")
        yield Static("", id="refs-message")
        with Horizontal(id="refs-body"):
            tree: FittingTree[Any] = FittingTree("references", id="ref-tree")
            tree.show_root = False
            yield tree
            with VerticalScroll(id="ref-preview"):
                yield Static("", id="ref-preview-text")

    # ----------------------------------------------------------------- loading
    @property
    def data_ready(self) -> bool:  # type: ignore[override]
        return self.data is not None

    def set_message(self, text: str | None) -> None:
        message = self.query_one("#refs-message", Static)
        message.update(text or "")
        message.set_class(bool(text), "-shown")

    def start_loading(self, ws: Workspace) -> None:
        self.set_message("loading references…")
        self._load(ws, self.location)

    def apply_location(self, location: Location) -> None:
        if self.data is not None and subject_of(location) == self.data.subject:
            return
        if self.ws is not None:
            self.set_message("loading references…")
            self._load(self.ws, location)

    @work(exclusive=True, group="references", thread=True)
    def _load(self, ws: Workspace, location: Location | None) -> None:
        """A subject's references; the corpus view's first screen first (``load_corpus_first_screen``), then
        every reference, which the "… more" nodes need."""
        if subject_of(location) == Location("references"):
            try:
                first = load_corpus_first_screen(ws)
            except Exception:  # the full load below says what is wrong
                first = None
            if first is not None:
                self.reply(self._apply, first)
        try:
            data = load_ref_data(ws, location)
        except Exception as exc:  # a bug in an extractor must not take the app down
            data = RefData(
                subject_of(location), Text("references"), problem=f"references failed: {type(exc).__name__}: {exc}"
            )
        self.reply(self._apply, data)

    def _apply(self, data: RefData) -> None:
        shown = self.data
        if shown is not None and shown.partial and data.subject == shown.subject and not data.partial:
            shown.groups, shown.partial, shown.problem = data.groups, False, data.problem  # the rest: for "… more"
            return
        self.data = data
        if self.location is not None and subject_of(self.location) != data.subject:
            self.apply_location(self.location)  # the user moved on while this was loading
            return
        self.query_one("#refs-heading", Static).update(
            data.heading
            + Text(
                f"   out {sum(len(g[2]) for g in data.groups if g[0] == 'out')} · "
                f"in {sum(len(g[2]) for g in data.groups if g[0] == 'in')}",
                style="dim",
            )
            if data.groups and data.groups[0][0] != "all"
            else data.heading
        )
        message = data.problem or (None if data.groups else "no references found here")
        self.set_message(message)
        tree = self.query_one("#ref-tree", FittingTree)
        tree.clear()
        self._leaves = {}
        for direction, ref_type, leaves in data.groups:
            group = tree.root.add(
                Text.assemble(
                    (f"{DIRECTION_TEXT[direction]} · ", "dim"),
                    (ref_type, "bold magenta"),
                    (f" ({data.total(direction, ref_type, leaves)})", "dim"),
                ),
                data=("group", direction, ref_type),
                expand=True,
            )
            self._add_leaves(group, direction, ref_type, leaves, 0)
        self.query_one("#ref-preview-text", Static).update("")
        first = next((n for g in tree.root.children for n in g.children), None)
        if first is not None:
            self.call_after_refresh(tree.move_cursor, first)

    def _add_leaves(self, group: Any, direction: str, ref_type: str, leaves: list[Leaf], start: int) -> None:
        """Leaves ``start`` … ``start + PAGE`` of a group, then a "… more" node if any are left."""
        assert self.data is not None
        tree = self.query_one("#ref-tree", FittingTree)
        data = self.data
        for leaf in leaves[start : start + PAGE]:
            label = data.labels.get(id(leaf))
            if label is None and data.labeller is not None:
                label = data.labels[id(leaf)] = leaf_label(data.labeller, data.subject, leaf, ref_type)
            node = tree.add_fitted(group, label or FitLabel.of("?"), ("leaf", id(leaf)), leaf=True)
            self._leaves[node.id] = leaf
        left = data.total(direction, ref_type, leaves) - start - PAGE
        if left > 0:
            group.add_leaf(
                Text(f"… {left} more (Enter shows {min(left, PAGE)} more)", style="dim italic"),
                data=("more", direction, ref_type, start + PAGE),
            )

    # ----------------------------------------------------------------- tree events
    def _leaf(self, node: Any) -> Leaf | None:
        return self._leaves.get(node.id) if node is not None else None

    @on(Tree.NodeHighlighted, "#ref-tree")
    def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        event.stop()
        leaf = self._leaf(event.node)
        if leaf is not None and self.data is not None:
            preview = leaf_preview(self.data.labeller, leaf) if self.data.labeller is not None else Text("")
            self.query_one("#ref-preview-text", Static).update(preview)

    @on(Tree.NodeSelected, "#ref-tree")
    def _selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
        if isinstance(event.node.data, tuple) and event.node.data[0] == "more" and self.data is not None:
            if self.data.partial:
                self.notify("the rest of the references are still loading")
                return
            _more, direction, ref_type, start = event.node.data
            group, leaves = event.node.parent, next(g[2] for g in self.data.groups if g[:2] == (direction, ref_type))
            event.node.remove()
            self._add_leaves(group, direction, ref_type, leaves, start)
            return
        leaf = self._leaf(event.node)
        if leaf is None:
            return
        location = end_location(leaf.other, leaf.other_role)
        if location is not None:
            self.post_message(Navigate(location))

    # ----------------------------------------------------------------- actions
    def action_open_here(self) -> None:
        leaf = self._leaf(self.query_one("#ref-tree", Tree).cursor_node)
        if leaf is None:
            return
        for end in (leaf.here, leaf.other):  # the subject's own passage first, else the other end's
            if end.doc and end.passage is not None:
                self.post_message(Navigate(Location("reader", doc=end.doc, passage=end.passage)))
                return
        self.notify("this reference has no passage to open")

    def action_toggle_preview(self) -> None:
        if self.has_class("-narrow"):
            self.toggle_class("-show-preview")
        else:
            self.toggle_class("-hide-preview")

    def action_all_references(self) -> None:
        # A bare location is not handed to show() by the app: apply it here (history keeps the last subject).
        self.location = Location("references")
        self.apply_location(self.location)

    def current_location(self) -> Location | None:
        """Where the user is in this pane, for the app's history."""
        if self.data is None:
            return None
        subject = self.data.subject
        return None if (subject.doc, subject.measure, subject.title) == (None, None, None) else subject

    def focus_default(self) -> None:
        self.query_one("#ref-tree", Tree).focus()
