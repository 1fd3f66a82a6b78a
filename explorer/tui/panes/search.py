"""Search pane: results follow the query as it is typed.

The search runs in an exclusive thread worker (a new keystroke cancels the previous one); the worker waits a
debounce interval before searching and each result carries the sequence number of its query, so a slow,
stale query never overwrites a newer one (the pattern of Textual's dictionary example, made thread-safe).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from explorer.tui.commands import bindings_for
from explorer.tui.inputs import OrderedInput
from explorer.tui.messages import Bookmark, Location, Navigate
from explorer.tui.wrapped import WrappedText

if TYPE_CHECKING:
    from explorer.workspace import Workspace

HIT_STYLE = "bold reverse"
SNIPPET_BEFORE = 24
SNIPPET_LENGTH = 90
MAX_QUERY = 500  # longer input is cut: a query is never a document
# Seconds a keystroke waits for the next before searching. Chinese arrives from an input method a word at a time
# (森林覆盖率 is one or two commits, not five keys), and results for an older key are dropped before they are drawn,
# so the wait only has to cover a quick run of keys: 0.2 s made the bundled corpus miss its 150 ms key → results
# (the search and drawing take ~15 ms there, ~30 ms at 140,000 passages).
DEBOUNCE = 0.12
HINT = 'Type to search: words, "exact phrase", OR, NOT, kind:plan, year:2024'


def highlighted(text: str, spans: tuple[tuple[int, int], ...], style: str = HIT_STYLE, offset: int = 0) -> Content:
    content = Content(text)
    for start, end in spans:
        s, e = max(start - offset, 0), min(end - offset, len(text))
        if e > s:
            content = content.stylize(style, s, e)
    return content


def snippet(text: str, spans: tuple[tuple[int, int], ...]) -> Content:
    """A window of the passage around its first hit, with every hit in the window highlighted."""
    first = spans[0][0] if spans else 0
    start = max(0, first - SNIPPET_BEFORE)
    end = min(len(text), start + SNIPPET_LENGTH)
    window = text[start:end].replace("\n", " ")
    body = highlighted(window, spans, offset=start)
    return Content.assemble("…" if start else "", body, "…" if end < len(text) else "")


class QueryInput(OrderedInput):
    BINDINGS = bindings_for("search.query")

    def _on_paste(self, event: events.Paste) -> None:
        """A long paste is cut to fit (Textual's Input would refuse all of it) and flattened to one line."""
        text = " ".join(event.text.split())
        room = max(MAX_QUERY - len(self.value), 0)
        if text and room:
            self.insert_text_at_cursor(text[:room])
        event.stop()
        event.prevent_default()

    def action_focus_results(self) -> None:
        pane = next((a for a in self.ancestors if isinstance(a, SearchPane)), None)
        if pane is not None:
            pane.focus_results()


class SearchDone(Message):
    def __init__(self, seq: int, result: Any, error: str | None = None) -> None:
        super().__init__()
        self.seq = seq
        self.result = result
        self.error = error


class SearchPane(Widget):
    BINDINGS = bindings_for("search")

    DEFAULT_CSS = """
    SearchPane { height: 1fr; }
    SearchPane #search-bar { height: 1; }
    SearchPane #query { width: 1fr; }
    SearchPane Select { width: 14; }
    SearchPane #filter-doc { width: 22; }
    SearchPane #search-count { width: auto; min-width: 10; padding: 0 1; color: $text-muted; text-align: right; }
    SearchPane #search-body { height: 1fr; }
    SearchPane #results { width: 1fr; height: 1fr; border: none; }
    SearchPane #preview { width: 1fr; height: 1fr; border-left: solid $primary-muted; padding: 0 1; }
    SearchPane #search-message { height: auto; padding: 1 2; color: $text-muted; }
    """

    def __init__(self, *, debounce: float = DEBOUNCE, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.debounce = debounce  # seconds a keystroke waits for the next before searching
        self.workspace: Workspace | None = None
        self.index_is_ready = False
        self._seq = 0
        self._shown_seq = 0
        self._hits: list = []
        self._include_excluded = False
        self._pending_highlight: tuple[str, int] | None = None
        self.last_result: Any = None  # the result on screen (tests read it)

    def compose(self) -> ComposeResult:
        with Horizontal(id="search-bar"):
            yield QueryInput(
                placeholder="search…", id="query", compact=True, max_length=MAX_QUERY, select_on_focus=False
            )
            yield Select((("plan", "plan"), ("report", "report")), prompt="kind: all", id="filter-kind", compact=True)
            yield Select((), prompt="year: all", id="filter-year", compact=True)
            yield Select((), prompt="document: all", id="filter-doc", compact=True)
            yield Label("", id="search-count")
        with Horizontal(id="search-body"):
            with Vertical(id="results-column"):
                yield Static(HINT, id="search-message", markup=False)
                yield OptionList(id="results")
            with VerticalScroll(id="preview", can_focus=False):
                yield Static("", id="preview-text", markup=False)

    def on_mount(self) -> None:
        self.query_one("#results").display = False

    # ------------------------------------------------------------------ app hooks
    def workspace_ready(self, ws: Workspace) -> None:
        # The index files a document under the year it was published and every year it covers.
        self.workspace = ws
        years = sorted({y for r in ws.records for y in (r.year, *r.covers) if isinstance(y, int)}, reverse=True)
        self.query_one("#filter-year", Select).set_options((str(y), y) for y in years)
        self.query_one("#filter-doc", Select).set_options((_short(r.title, 24), r.id) for r in ws.records)

    def index_ready(self, ok: bool) -> None:
        self.index_is_ready = ok
        if self.query_text():
            self.run_search(immediate=True)

    def focus_default(self, *, by_history: bool = False) -> None:
        """The query box — except when coming back through history to results: the results list, so the next
        ``[`` goes further back instead of being typed into the query."""
        if by_history and self._hits:
            self.query_one("#results", OptionList).focus()
        else:
            self.query_one("#query", Input).focus()

    def current_location(self) -> Location:
        hit = self.highlighted_hit()
        return Location(
            "search",
            query=self.query_text() or None,
            doc=hit.doc if hit else None,
            passage=hit.passage if hit else None,
        )

    def show(self, location: Location) -> None:
        query = self.query_one("#query", Input)
        if location.doc is not None and location.passage is not None:
            self._pending_highlight = (location.doc, location.passage)
        if location.query is not None and location.query != query.value:
            query.value = location.query  # Changed → search
        elif self._pending_highlight:
            self._apply_pending_highlight()

    # ------------------------------------------------------------------ searching
    def query_text(self) -> str:
        return self.query_one("#query", Input).value.strip()[:MAX_QUERY]

    @on(Input.Changed, "#query")
    def _query_changed(self) -> None:
        self.run_search()

    @on(Input.Submitted, "#query")
    def _query_submitted(self) -> None:
        self.run_search(immediate=True)
        self.focus_results()

    @on(Select.Changed)
    def _filter_changed(self) -> None:
        self.run_search(immediate=True)

    def filters(self) -> dict[str, Any]:
        values = {}
        for key in ("kind", "year", "doc"):
            value = self.query_one(f"#filter-{key}", Select).value
            values[key] = None if value is Select.NULL else value
        return values

    def run_search(self, *, immediate: bool = False) -> None:
        self._seq += 1
        query = self.query_text()
        if not query:
            self.workers.cancel_group(self, "search")
            self._show_message(HINT)
            self._set_hits([], None)
            return
        ws = self.workspace
        if ws is None or not self.index_is_ready:
            self._show_message("The search index is being prepared — results will appear when it is ready.")
            return
        delay = 0 if immediate else self.debounce
        self._search(self._seq, ws, query, self.filters(), self._include_excluded, delay)

    @work(exclusive=True, group="search", thread=True, exit_on_error=False)
    def _search(self, seq: int, ws: Workspace, query: str, filters: dict, include_excluded: bool, delay: float) -> None:
        worker = get_current_worker()
        if delay:
            time.sleep(delay)  # debounce: a newer keystroke cancels this worker before it searches
        if worker.is_cancelled:
            return
        try:
            result = ws.search(query, limit=100, include_excluded=include_excluded, **filters)
        except Exception as exc:
            self.post_message(SearchDone(seq, None, f"{type(exc).__name__}: {exc}"))
            return
        if not worker.is_cancelled:
            self.post_message(SearchDone(seq, result))

    def on_search_done(self, message: SearchDone) -> None:
        message.stop()
        if message.seq != self._seq:
            return  # stale: a newer query is on its way
        self._shown_seq = message.seq
        if message.error:
            self._set_hits([], None)
            self._show_message(f"The search failed: {message.error}")
            return
        result = message.result
        self.last_result = result
        hits = list(result.hits)
        self._set_hits(hits, result)
        if hits:
            self._show_message(None)
        elif getattr(result, "state", "fresh") in ("missing", "stale") and result.total == 0:
            self._show_message("The search index is not available; it is being rebuilt.")
        elif result.excluded_matches and not self._include_excluded:
            self._show_message(
                f"No match in the policy passages. {result.excluded_matches} passage(s) marked unrelated "
                "(bylines, captions, other articles, duplicates) match — Ctrl+T includes them."
            )
        else:
            filters = {k: v for k, v in self.filters().items() if v is not None}
            extra = (
                " with these filters (" + ", ".join(f"{k}: {v}" for k, v in filters.items()) + ")" if filters else ""
            )
            self._show_message(f"No passage matches «{_short(self.query_text(), 40)}»{extra}.")

    @property
    def settled(self) -> bool:
        """True when the results on screen answer the latest query (tests wait for it)."""
        return self._shown_seq == self._seq or not self.query_text()

    # ------------------------------------------------------------------ results
    def _set_hits(self, hits: list, result: Any) -> None:
        self._hits = hits
        results = self.query_one("#results", OptionList)
        ws = self.workspace
        titles = {r.id: r for r in ws.records} if ws else {}
        options = []
        for i, hit in enumerate(hits):
            record = titles.get(hit.doc)
            title = record.title if record else hit.doc
            meta = " · ".join(
                x
                for x in (
                    record.kind if record else "",
                    record.published if record else "",
                    hit.section or "",
                    f"#{hit.passage}",
                )
                if x
            )
            flag = " · unrelated" if hit.excluded else ""
            prompt = Content.assemble(
                (title, "bold $text-accent"), "\n", (meta + flag, "dim"), "\n", snippet(hit.text, hit.highlights)
            )
            options.append(Option(WrappedText(prompt), id=str(i)))
        results.set_options(options)
        results.display = bool(hits)
        count = self.query_one("#search-count", Label)
        if result is None:
            count.update("")
        else:
            shown = len(hits)
            count.update(
                f"{shown} hit{'s' if shown != 1 else ''}" if shown == result.total else f"{shown} of {result.total}"
            )
        if hits:
            results.highlighted = 0
            self._apply_pending_highlight()
        else:
            self.query_one("#preview-text", Static).update("")

    def _apply_pending_highlight(self) -> None:
        if not self._pending_highlight:
            return
        for i, hit in enumerate(self._hits):
            if (hit.doc, hit.passage) == self._pending_highlight:
                self.query_one("#results", OptionList).highlighted = i
                self._pending_highlight = None
                return

    def _show_message(self, text: str | None) -> None:
        message = self.query_one("#search-message", Static)
        message.display = text is not None
        if text is not None:
            message.update(text)

    def highlighted_hit(self):
        results = self.query_one("#results", OptionList)
        index = results.highlighted
        if index is None or not (0 <= index < len(self._hits)):
            return None
        return self._hits[index]

    @on(OptionList.OptionHighlighted, "#results")
    def _preview(self, event: OptionList.OptionHighlighted) -> None:
        hit = self.highlighted_hit()
        if hit is None:
            return
        header = Content.assemble((hit.section or "", "bold"), "\n") if hit.section else Content("")
        self.query_one("#preview-text", Static).update(WrappedText(header + highlighted(hit.text, hit.highlights)))
        self.query_one("#preview", VerticalScroll).scroll_home(animate=False)

    @on(OptionList.OptionSelected, "#results")
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        hit = self.highlighted_hit()
        if hit is not None:
            self.post_message(
                Navigate(Location("reader", doc=hit.doc, passage=hit.passage, query=self.query_text() or None))
            )

    def focus_results(self) -> None:
        results = self.query_one("#results", OptionList)
        if self._hits:
            results.focus()

    # ------------------------------------------------------------------ actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that type a character are the query's while it has focus: not offered in the footer then."""
        if action == "bookmark" and isinstance(self.app.focused, Input):
            return False
        return True

    def action_focus_query(self) -> None:
        self.focus_default()

    def action_toggle_excluded(self) -> None:
        self._include_excluded = not self._include_excluded
        self.app.notify(
            "Including passages marked unrelated" if self._include_excluded else "Policy passages only", timeout=2
        )
        self.run_search(immediate=True)

    def action_bookmark(self) -> None:
        hit = self.highlighted_hit()
        if hit is None:
            self.app.notify("No result to bookmark", timeout=2)
            return
        self.post_message(Bookmark(hit.doc, hit.passage))


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
