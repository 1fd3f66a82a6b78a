"""Compare pane (F8): two documents side by side — targets by indicator, measures aligned, references new and
dropped, and what the later report says on the earlier one's plan. ⏎ opens a row's passage in the Reader (B's
side, else A's; ``a`` opens A's side), ``b`` bookmarks it.

The comparison runs in a thread worker and comes back as a ``CompareReady`` message carrying the pair it was
computed for; a result for a pair the user has since left is dropped.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Select, Static, Tab, Tabs

from explorer.tui.commands import bindings_for
from explorer.tui.messages import Bookmark, Location, Navigate
from explorer.tui.panes.common import PaneBase, clip, short_title

VIEWS = (("targets", "Targets"), ("measures", "Measures"), ("references", "References"), ("coverage", "Coverage"))
CHANGE_STYLE = {
    "new": "bold green",
    "added": "bold green",
    "dropped": "bold red",
    "removed": "bold red",
    "raised": "green",
    "lowered": "yellow",
    "moved": "cyan",
    "reworded": "magenta",
    "changed": "magenta",
    "same": "dim",
    "kept": "dim",
    "spoken to": "green",
    "silent": "yellow",
}


class CompareReady(Message):
    """A comparison computed in the worker, for the pair (a, b) it was asked for."""

    def __init__(self, a: str, b: str, comparison: Any = None, error: str | None = None) -> None:
        super().__init__()
        self.a = a
        self.b = b
        self.comparison = comparison
        self.error = error


def row_sides(view: str, row: Any) -> list[tuple[str, int]]:
    """The passages a row points at, B's first: (doc, passage)."""
    out: list[tuple[str, int]] = []
    if view in ("targets", "measures"):
        for side in (row.b, row.a):
            if side is not None and side.passage is not None:
                out.append((side.doc, side.passage))
    elif view == "references":
        for mention in (*row.b[:1], *row.a[:1]):
            if mention.passage is not None:
                out.append((mention.doc, mention.passage))
    elif view == "coverage":
        out.extend((m.doc, m.passage) for m in row.reported[:1] if m.passage is not None)
    return out


def diff_markup(ops: Any) -> Text:
    """A word diff as coloured text: removed words struck through in red, added ones in green."""
    text = Text()
    for op in ops:
        if op.op == "equal":
            text.append(op.a)
            continue
        if op.a:
            text.append(op.a, style="red strike")
        if op.b:
            text.append(op.b, style="bold green")
    return text


def detail(view: str, row: Any, comparison: Any) -> Text:
    """The preview beside the table: both quotes of a target, the word diff of a measure, the mentions."""
    out = Text()
    if view == "targets":
        out.append(f"{row.indicator}", style="bold")
        out.append(f"  {row.measure} · {row.change}\n", style=CHANGE_STYLE.get(row.change, ""))
        if row.note:
            out.append(row.note + "\n", style="italic")
        for name, side in (("A", row.a), ("B", row.b)):
            if side is not None:
                out.append(f"\n{name} {side.doc}#{side.passage}  {side.display}\n", style="bold")
                out.append(side.quote + "\n")
    elif view == "measures":
        for name, side in (("A", row.a), ("B", row.b)):
            if side is not None:
                out.append(f"{name} {side.id}  {side.number}{side.title}\n", style="bold")
        out.append(f"{' + '.join(row.changes) or row.change}  similarity {row.similarity:.2f}\n\n", style="dim")
        out.append_text(diff_markup(row.diff))
    elif view == "references":
        out.append(f"{row.type} · {row.title} · {row.change}\n", style="bold")
        for name, mentions in (("A", row.a), ("B", row.b)):
            for m in mentions:
                out.append(f"\n{name} {m.doc}#{m.passage}\n", style="dim")
                out.append(m.text + "\n")
    elif view == "coverage":
        out.append(f"{row.item} {row.label} · {row.status}\n", style="bold")
        if row.note:
            out.append(row.note + "\n", style="italic")
        for m in row.reported:
            out.append(f"\n{comparison.b}#{m.passage}\n", style="dim")
            out.append(m.text + "\n")
    return out


class ComparePane(PaneBase):
    DEFAULT_CSS = """
    ComparePane { height: 1fr; width: 1fr; }
    ComparePane #compare-choose { height: 3; }
    ComparePane #compare-choose Select { width: 1fr; }
    ComparePane #compare-choose SelectCurrent Static#label { height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    ComparePane #compare-message { height: 1; padding: 0 1; color: $text-muted; }
    ComparePane #compare-views { height: 2; }
    ComparePane #compare-body { height: 1fr; }
    ComparePane #compare-table { width: 3fr; }
    ComparePane #compare-detail { width: 2fr; border-left: vkey $panel; padding: 0 1; }
    ComparePane.-narrow #compare-body { layout: vertical; }
    ComparePane.-narrow #compare-table { width: 1fr; height: 2fr; }
    ComparePane.-narrow #compare-detail { width: 1fr; height: 1fr; border-left: none; border-top: hkey $panel; }
    """

    BINDINGS = bindings_for("compare")  # keys, footer, help and palette: explorer/tui/commands.py

    def __init__(self) -> None:
        super().__init__()
        self.pair: tuple[str, str] | None = None
        self.comparison: Any = None
        self.view = "targets"
        self._rows: list[Any] = []
        self._choosing = False  # setting the selects from code: their Changed messages are ours
        self._pending: tuple[str, str] | None = None  # the proposed pair, until the pane is first shown
        self._listed = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="compare-choose"):
            yield Select([], prompt="document A", id="compare-a", allow_blank=True)
            yield Select([], prompt="document B", id="compare-b", allow_blank=True)
        yield Static("", id="compare-message")
        yield Tabs(*(Tab(label, id=f"view-{key}") for key, label in VIEWS), id="compare-views")
        with Horizontal(id="compare-body"):
            yield DataTable(id="compare-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="compare-detail"):
                yield Static("", id="compare-detail-text")

    # ----------------------------------------------------------------- loading
    @property
    def data_ready(self) -> bool:  # type: ignore[override]
        return self._listed  # the documents are listed: a jump here can choose its pair

    def set_message(self, text: str | None) -> None:
        self.query_one("#compare-message", Static).update(text or "")

    def workspace_ready(self, ws: Any) -> None:
        """Listing the documents is cheap and a jump here needs it: done at once (the comparison waits to be
        shown), unlike the other panes, which load when first shown."""
        super().workspace_ready(ws)
        self.ensure_loading()

    def start_loading(self, ws: Any) -> None:
        from explorer.compare.core import propose_pair

        # One line per option, however long the title: the id says which document, the title's head what it is.
        options = [
            (clip(f"{r.id} {short_title(r.title, 16)}", 34), r.id)
            for r in sorted(ws.records, key=lambda r: (r.published, r.id))
            if r.id in ws.documents
        ]
        self._choosing = True
        for sel in ("#compare-a", "#compare-b"):
            self.query_one(sel, Select).set_options(options)
        self._choosing = False
        self._listed = True
        current = self.location.doc if self.location is not None else None
        pair = propose_pair(ws, current)
        if pair is None:
            self.set_message("the corpus needs two documents to compare")
            return
        if self._is_active():
            self.choose(*pair)
        else:  # computed when the pane is first shown: at start-up the index build and search come first
            self._pending = pair
            self.set_message(f"{pair[0]} → {pair[1]} (compared when this pane is opened)")

    def _is_active(self) -> bool:
        return getattr(self.app, "active_pane", None) == "compare"

    def _run_pending(self) -> None:
        if self._pending is not None and self.ws is not None:
            pair, self._pending = self._pending, None
            self.choose(*pair)

    def on_show(self) -> None:
        self._run_pending()

    def choose(self, a: str, b: str) -> None:
        """Compare ``a`` with ``b`` (sets the selects, starts the worker)."""
        self._pending = None
        self.pair = (a, b)
        self._choosing = True
        self.query_one("#compare-a", Select).value = a
        self.query_one("#compare-b", Select).value = b
        self.call_after_refresh(self._done_choosing)
        self.set_message(f"comparing {a} → {b}…")
        self._compute(self.ws, a, b)

    def _done_choosing(self) -> None:
        self._choosing = False

    @work(exclusive=True, group="compare", thread=True, exit_on_error=False)
    def _compute(self, ws: Any, a: str, b: str) -> None:
        from explorer.compare.core import compare_documents, is_later

        try:  # what a later document says on the earlier one's plan part (a work report's 任务 too)
            comparison = compare_documents(ws, a, b, coverage=is_later(ws, a, b))
        except Exception as exc:  # an extractor's bug must not take the app down
            self.post_message(CompareReady(a, b, error=f"compare failed: {type(exc).__name__}: {exc}"))
            return
        self.post_message(CompareReady(a, b, comparison))

    def on_compare_ready(self, message: CompareReady) -> None:
        if (message.a, message.b) != self.pair:
            return  # the user chose another pair meanwhile: this result is stale
        if message.error:
            self.set_message(message.error)
            return
        self.comparison = message.comparison
        counts = self.comparison.counts()
        summary = " · ".join(
            f"{part} " + ", ".join(f"{n} {k}" for k, n in counts[part].items()) for part in counts if counts[part]
        )
        self.set_message(summary)
        self._fill()

    def apply_location(self, location: Location) -> None:
        if location.doc and self.ws is not None and (self.pair is None or location.doc not in self.pair):
            from explorer.compare.core import propose_pair

            pair = propose_pair(self.ws, location.doc)
            if pair is not None:
                self.choose(*pair)

    # ----------------------------------------------------------------- table
    def _fill(self) -> None:
        c = self.comparison
        table = self.query_one("#compare-table", DataTable)
        table.clear(columns=True)
        if c is None:
            return
        view = self.view
        if view == "targets":
            rows = list(c.targets)
            table.add_columns("change", "indicator", "A", "B")
            for r in rows:
                table.add_row(
                    Text(r.change, style=CHANGE_STYLE.get(r.change, "")),
                    clip(r.indicator, 18),
                    r.a.display if r.a else "—",
                    r.b.display if r.b else "—",
                )
        elif view == "measures":
            rows = list(c.measures)
            table.add_columns("change", "A", "B", "sim")
            for r in rows:
                table.add_row(
                    Text("+".join(r.changes) or r.change, style=CHANGE_STYLE.get(r.change, "")),
                    clip(f"{r.a.number}{r.a.title}", 24) if r.a else "—",
                    clip(f"{r.b.number}{r.b.title}", 24) if r.b else "—",
                    f"{r.similarity:.2f}" if r.a and r.b else "",
                )
        elif view == "references":
            rows = list(c.references)
            table.add_columns("change", "type", "title", "A", "B")
            for r in rows:
                table.add_row(
                    Text(r.change, style=CHANGE_STYLE.get(r.change, "")),
                    r.type,
                    clip(r.title, 28),
                    str(len(r.a)),
                    str(len(r.b)),
                )
        else:
            rows = list(c.coverage or ())
            table.add_columns("status", "item", "A", "B")
            for r in rows:
                table.add_row(
                    Text(r.status, style=CHANGE_STYLE.get(r.status, "")),
                    r.item,
                    clip(r.label, 30),
                    str(len(r.reported)),
                )
        self._rows = rows
        self._show_detail(0)
        if not rows:
            empty = {
                "targets": "neither document states a target",
                "measures": "neither document has an outline",
                "references": "neither document cites a title or names a programme",
                "coverage": (
                    f"{c.b} speaks to none of {c.a}'s plan items"
                    if c.coverage is not None
                    else f"{c.b} is not later than {c.a}: nothing to say on its plan (s swaps)"
                ),
            }
            self.query_one("#compare-detail-text", Static).update(Text(empty[view], style="dim"))

    def _show_detail(self, index: int) -> None:
        text = Text()
        if 0 <= index < len(self._rows) and self.comparison is not None:
            text = detail(self.view, self._rows[index], self.comparison)
        self.query_one("#compare-detail-text", Static).update(text)

    @on(DataTable.RowHighlighted, "#compare-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail(event.cursor_row)

    @on(DataTable.RowSelected, "#compare-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._open()

    @on(Tabs.TabActivated, "#compare-views")
    def _view_chosen(self, event: Tabs.TabActivated) -> None:
        event.stop()
        view = (event.tab.id or "view-targets").removeprefix("view-")
        if view != self.view:
            self.view = view
            self._fill()

    @on(Select.Changed)
    def _doc_chosen(self, event: Select.Changed) -> None:
        event.stop()
        if self._choosing or self.ws is None:
            return
        a, b = self.query_one("#compare-a", Select).value, self.query_one("#compare-b", Select).value
        if isinstance(a, str) and isinstance(b, str) and a != b and (a, b) != self.pair:
            self.choose(a, b)

    # ----------------------------------------------------------------- actions
    def _current(self) -> Any:
        table = self.query_one("#compare-table", DataTable)
        row = table.cursor_row
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def _target(self, prefer_a: bool = False) -> tuple[str, int] | None:
        row = self._current()
        if row is None:
            return None
        sides = row_sides(self.view, row)
        if prefer_a and self.pair is not None:
            sides = [s for s in sides if s[0] == self.pair[0]] + [s for s in sides if s[0] != self.pair[0]]
        return sides[0] if sides else None

    def _open(self, prefer_a: bool = False) -> None:
        target = self._target(prefer_a)
        if target is None:
            self.notify("this row has no passage to open")
            return
        self.post_message(Navigate(Location("reader", doc=target[0], passage=target[1])))

    def action_open_a(self) -> None:
        self._open(prefer_a=True)

    def action_bookmark(self) -> None:
        target = self._target()
        if target is None:
            self.notify("this row has no passage to bookmark")
            return
        self.post_message(Bookmark(target[0], target[1]))

    def action_swap(self) -> None:
        if self.pair is not None:
            self.choose(self.pair[1], self.pair[0])

    def action_next_view(self) -> None:
        keys = [k for k, _label in VIEWS]
        self.query_one("#compare-views", Tabs).active = f"view-{keys[(keys.index(self.view) + 1) % len(keys)]}"

    def current_location(self) -> Location | None:
        return None

    def focus_default(self) -> None:
        self._run_pending()
        self.query_one("#compare-table", DataTable).focus()
