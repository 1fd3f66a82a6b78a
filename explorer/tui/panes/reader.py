"""Reader pane: a document passage by passage, its outline beside it, the query's hits and every mark
(figures, cited titles, programmes, measures) in place; a key follows the mark under the cursor.

Hits and marks are computed in thread workers (figure extraction can take a moment on a large corpus); the
text is shown at once and the marks appear when they are ready.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from explorer.tui.marks import Mark, collect_marks
from explorer.tui.messages import Bookmark, Location, Navigate
from explorer.tui.panes.common import clip
from explorer.tui.panes.reader_view import DocView, Hits, Marks, Outline, PassageView, passage_visual

if TYPE_CHECKING:
    from explorer.corpus.document import Document
    from explorer.workspace import Workspace


class ReaderPane(Widget):
    DEFAULT_CSS = """
    ReaderPane { height: 1fr; }
    ReaderPane #reader-body { height: 1fr; }
    ReaderPane #outline { width: 32; height: 1fr; border-right: solid $primary-muted; }
    ReaderPane #doc-view { width: 1fr; height: 1fr; padding: 0 1; }
    ReaderPane #doc-title { text-style: bold; }
    ReaderPane #doc-meta { color: $text-muted; margin-bottom: 1; }
    ReaderPane .passage { border-left: blank; padding: 0 1 0 0; margin-bottom: 1; }
    ReaderPane .passage.-heading { text-style: bold; }
    ReaderPane .passage.-excluded { color: $text-disabled; }
    ReaderPane .passage.-cursor { border-left: thick $accent; background: $boost; }
    ReaderPane #reader-status { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    ReaderPane #reader-empty { padding: 1 2; color: $text-muted; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.workspace: Workspace | None = None
        self.analysed = False  # figures and measures are computed: marks may be collected
        self.doc: Document | None = None  # the Document shown
        self.cursor = 0
        self.search_query = ""
        self.hits: list[tuple[int, int, int]] = []  # (passage, start, end), document order
        self.hit_index: int | None = None
        self.marks: dict[int, list[Mark]] = {}
        self.marks_ready = False
        self.mark_index: int | None = None  # selected mark within the cursor passage
        self._views: list[PassageView] = []
        self._pending: Location | None = None
        self._opening = 0  # documents opened so far
        self._shown = 0  # the last of them laid out and scrolled to its passage
        self._outline_nodes: dict[str | None, TreeNode[int]] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="reader-body"):
            yield Outline("outline", id="outline")
            with Vertical():
                with DocView(id="doc-view"):
                    yield Static(
                        "No document open — open one from Search (F2) or the palette (Ctrl+P).", id="reader-empty"
                    )
                yield Static("", id="reader-status", markup=False)

    def on_mount(self) -> None:
        self.query_one(Outline).show_root = False

    # ------------------------------------------------------------------ app hooks
    def workspace_ready(self, ws: Workspace) -> None:
        self.workspace = ws
        if self._pending is not None:
            location, self._pending = self._pending, None
            self.show(location)

    def analysis_ready(self) -> None:
        """The app's analysis worker is done: marks (figures, references) can be read without racing it."""
        self.analysed = True
        if self.doc is not None and not self.marks_ready:
            self._load_marks(self.doc.id)

    def focus_default(self) -> None:
        self.query_one(DocView).focus()

    def current_location(self) -> Location:
        if self.doc is None:
            return Location("reader")
        return Location("reader", doc=self.doc.id, passage=self.cursor, query=self.search_query or None)

    def show(self, location: Location) -> None:
        ws = self.workspace
        if location.doc is None:
            return
        if ws is None:
            self._pending = location
            return
        try:
            doc = ws.document(location.doc)
        except KeyError:
            self.app.notify(f"no document {location.doc!r} in this corpus", severity="error")
            return
        passage = location.passage if location.passage is not None else 0
        passage = min(max(passage, 0), max(len(doc.passages) - 1, 0))
        query = location.query or ""
        if self.doc is not None and self.doc.id == doc.id:
            if query != self.search_query:
                self.search_query = query
                self._load_hits(doc.id, query)
            self.set_cursor(passage, top=True)
            return
        self.run_worker(self._open(doc, passage, query), exclusive=True, group="reader-open")

    async def _open(self, doc: Document, passage: int, query: str) -> None:
        self._opening += 1
        token = self._opening
        self.doc, self.cursor, self.search_query = doc, passage, query
        self.hits, self.hit_index, self.marks, self.marks_ready, self.mark_index = [], None, {}, False, None
        view = self.query_one(DocView)
        with self.app.batch_update():
            await view.remove_children()
            record = doc.record
            meta = " · ".join(
                x for x in (record.kind, record.published, record.issuer, f"{len(doc.passages)} passages") if x
            )
            self._views = [PassageView(p) for p in doc.passages]
            await view.mount_all(
                [
                    Static(record.title, id="doc-title", markup=False),
                    Static(meta, id="doc-meta", markup=False),
                    *self._views,
                ]
            )
        self._build_outline(doc)
        self._load_hits(doc.id, query)
        if self.analysed:
            self._load_marks(doc.id)
        self.call_after_refresh(self._after_open, token, passage, 2)

    def _after_open(self, token: int, passage: int, rounds: int) -> None:
        """Scroll to the passage once laid out — and once more, as the scrollbar appearing re-wraps the text."""
        if token != self._opening:
            return  # another document is being opened
        self.set_cursor(passage, top=True)
        if rounds > 1:
            self.call_after_refresh(self._after_open, token, passage, rounds - 1)
        else:
            self._shown = token

    @property
    def settled(self) -> bool:
        """The document, its hits and marks are on screen (tests wait for it)."""
        return self._shown == self._opening and self.doc is not None and self.marks_ready

    def _build_outline(self, doc: Document) -> None:
        tree = self.query_one(Outline)
        tree.clear()
        tree.root.set_label(doc.record.title)
        from explorer.corpus.outline import heading_label

        nodes: dict[str | None, TreeNode[int]] = {}
        for heading in doc.headings:
            parent = nodes.get(heading.parent, tree.root)
            label = heading_label(heading)
            nodes[heading.id] = parent.add(
                Text(label if len(label) <= 40 else label[:39] + "…"),  # not markup
                data=heading.passage,
                expand=True,
            )
        for node in nodes.values():
            if not node.children:
                node.allow_expand = False
        self._outline_nodes = nodes

    def _sync_outline(self) -> None:
        """Keep the outline's cursor on the section the reader's cursor is in."""
        if self.doc is None or not self.doc.passages:
            return
        ids = self.doc.passages[self.cursor].section_ids
        node = next((self._outline_nodes[h] for h in reversed(ids) if h in self._outline_nodes), None)
        tree = self.query_one(Outline)
        if node is not None and tree.cursor_node is not node and not tree.has_focus and node.line >= 0:
            tree.move_cursor(node, animate=False)

    @on(Tree.NodeSelected, "#outline")
    def _outline_selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
        if self.doc is not None and event.node.data is not None:
            self.post_message(
                Navigate(Location("reader", doc=self.doc.id, passage=event.node.data, query=self.search_query or None))
            )

    # ------------------------------------------------------------------ hits and marks (thread workers)
    @work(exclusive=True, group="reader-hits", thread=True, exit_on_error=False)
    def _load_hits(self, doc_id: str, query: str) -> None:
        hits: list[tuple[int, int, int]] = []
        ws = self.workspace
        if query.strip() and ws is not None:
            try:
                # one hit per passage at most: the document's passage count is no limit at all
                limit = max(len(ws.document(doc_id).passages), 1)
                result = ws.search(query, doc=doc_id, include_excluded=True, limit=limit)
                for hit in result.hits:
                    hits.extend((hit.passage, s, e) for s, e in hit.highlights)
            except Exception:
                hits = []
        self.post_message(Hits(doc_id, query, sorted(hits)))

    def on_hits(self, message: Hits) -> None:
        message.stop()
        if self.doc is None or message.doc != self.doc.id or message.query != self.search_query:
            return
        previous = {h[0] for h in self.hits}
        self.hits = message.hits
        self.hit_index = next((i for i, h in enumerate(self.hits) if h[0] >= self.cursor), None)
        for index in previous | {h[0] for h in self.hits}:
            self._draw(index)
        self._update_status()

    @work(exclusive=True, group="reader-marks", thread=True, exit_on_error=False)
    def _load_marks(self, doc_id: str) -> None:
        try:
            assert self.workspace is not None
            marks = collect_marks(self.workspace, doc_id)
            error = None
        except Exception as exc:
            marks, error = [], f"{type(exc).__name__}: {exc}"
        self.post_message(Marks(doc_id, marks, error))

    def on_marks(self, message: Marks) -> None:
        message.stop()
        if self.doc is None or message.doc != self.doc.id:
            return
        by_passage: dict[int, list[Mark]] = {}
        for mark in message.marks:
            by_passage.setdefault(mark.passage, []).append(mark)
        for marks in by_passage.values():
            marks.sort(key=lambda m: (m.start is None, m.start or 0))
        self.marks = by_passage
        self.marks_ready = True
        for index in by_passage:
            self._draw(index)
        self._update_status()

    # ------------------------------------------------------------------ drawing
    def _draw(self, index: int) -> None:
        if not (0 <= index < len(self._views)):
            return
        marks = self.marks.get(index, [])
        selected = (
            marks[self.mark_index]
            if index == self.cursor and self.mark_index is not None and self.mark_index < len(marks)
            else None
        )
        current = self.hits[self.hit_index] if self.hit_index is not None and self.hit_index < len(self.hits) else None
        hits = [h for h in self.hits if h[0] == index]
        self._views[index].update(passage_visual(self._views[index].passage, marks, hits, current, selected))

    def _update_status(self) -> None:
        """What the cursor is on, most useful first: the chosen mark and where Enter takes it, the hits, the
        position; the section name last, clipped to what is left (it is in the outline too)."""
        status = self.query_one("#reader-status", Static)
        if self.doc is None:
            status.update("")
            return
        passage = self.doc.passages[self.cursor] if self.doc.passages else None
        bits = []
        marks = self.marks.get(self.cursor, [])
        if self.mark_index is not None and self.mark_index < len(marks):
            mark = marks[self.mark_index]
            bits.append(f"{clip(mark.label, 40)} → {mark.target.pane} (Enter)")
        elif marks:
            bits.append(f"{len(marks)} mark{'s' if len(marks) > 1 else ''} (→ ⏎)")
        if self.search_query:
            if self.hits:
                position = f"{self.hit_index + 1}/" if self.hit_index is not None else ""
                bits.append(f"hit {position}{len(self.hits)} (n/N)")
            else:
                bits.append("no hit")
        bits.append(f"#{self.cursor} of {len(self.doc.passages)}")
        line = " · ".join(bits)
        if passage is not None and passage.section:
            room = max(status.size.width - 2, 0) - cell_len(line) - 3
            if room >= 6:
                line += " · " + clip(passage.section[-1], room)
        status.update(line)

    # ------------------------------------------------------------------ cursor
    def set_cursor(self, index: int, *, scroll: bool = True, top: bool = False) -> None:
        if not self._views:
            return
        index = min(max(index, 0), len(self._views) - 1)
        old, self.cursor = self.cursor, index
        if old != index:
            self.mark_index = None
        for i in {old, index}:
            if 0 <= i < len(self._views):
                self._views[i].set_class(i == index, "-cursor")
                self._draw(i)
        if scroll:
            view = self.query_one(DocView)
            view.scroll_to_widget(self._views[index], animate=False, top=top)
        self._update_status()
        self._sync_outline()

    def move_cursor(self, step: int) -> None:
        if not self._views:
            return
        view = self.query_one(DocView)
        current = self._views[self.cursor].virtual_region
        top, height = view.scroll_y, view.scrollable_content_region.height
        # A passage longer than the screen is read by scrolling before the cursor leaves it.
        if step > 0 and current.bottom > top + height:
            view.scroll_to(y=min(top + max(height - 2, 1), current.bottom - height + 1), animate=False)
            return
        if step < 0 and current.y < top:
            view.scroll_to(y=max(top - max(height - 2, 1), current.y), animate=False)
            return
        self.set_cursor(self.cursor + step)

    def page(self, step: int) -> None:
        view = self.query_one(DocView)
        if step > 0:
            view.scroll_page_down(animate=False)
        else:
            view.scroll_page_up(animate=False)
        self.call_after_refresh(self._cursor_to_visible)

    def _cursor_to_visible(self) -> None:
        view = self.query_one(DocView)
        top = view.scroll_y
        for i, v in enumerate(self._views):
            if v.virtual_region.bottom > top:
                self.set_cursor(i, scroll=False)
                return

    def edge(self, end: bool) -> None:
        if self._views:
            self.set_cursor(len(self._views) - 1 if end else 0, top=not end)
            if end:
                self.query_one(DocView).scroll_end(animate=False)

    def jump_hit(self, step: int) -> None:
        if not self.hits:
            self.app.notify(
                "No hits: open a passage from Search to read with a query"
                if not self.search_query
                else f"No hit of «{self.search_query}» in this document",
                timeout=3,
            )
            return
        if self.hit_index is None:
            candidates = [
                i for i, h in enumerate(self.hits) if (h[0] >= self.cursor if step > 0 else h[0] <= self.cursor)
            ]
            new = (
                (candidates[0] if step > 0 else candidates[-1])
                if candidates
                else (0 if step > 0 else len(self.hits) - 1)
            )
        else:
            new = (self.hit_index + step) % len(self.hits)
        old_passage = self.hits[self.hit_index][0] if self.hit_index is not None else None
        self.hit_index = new
        if old_passage is not None:
            self._draw(old_passage)
        self.set_cursor(self.hits[new][0])
        self._draw(self.hits[new][0])

    # ------------------------------------------------------------------ marks
    def select_mark(self, step: int) -> None:
        marks = self.marks.get(self.cursor, [])
        if not marks:
            self.app.notify(
                "Nothing to follow in this passage" if self.marks_ready else "Marks are still being found…", timeout=2
            )
            return
        if self.mark_index is None:
            self.mark_index = 0 if step > 0 else len(marks) - 1
        else:
            self.mark_index = (self.mark_index + step) % len(marks)
        self._draw(self.cursor)
        self._update_status()

    def selected_mark(self) -> Mark | None:
        marks = self.marks.get(self.cursor, [])
        if self.mark_index is not None and self.mark_index < len(marks):
            return marks[self.mark_index]
        return None

    def follow(self) -> None:
        mark = self.selected_mark()
        marks = self.marks.get(self.cursor, [])
        if mark is None and len(marks) == 1:
            mark = marks[0]
        if mark is None:
            self.select_mark(1)  # several marks: the first press chooses one, the next follows it
            return
        self.post_message(Navigate(mark.target))

    def bookmark(self) -> None:
        if self.doc is not None:
            self.post_message(Bookmark(self.doc.id, self.cursor))

    def toggle_outline(self) -> None:
        outline = self.query_one(Outline)
        shown = outline.display
        self.set_class(shown, "-hide-outline")
        self.set_class(not shown, "-show-outline")
        if shown and outline.has_focus:
            self.focus_default()
