"""What the Measures, Figures and References panes share: loading through ``PaneBase`` (take the workspace
once from the app, load in a worker, deliver on the UI thread only while mounted), status badges and labels."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.worker import get_current_worker

from explorer.model import DocumentRecord, Figure
from explorer.tui.messages import Location

if TYPE_CHECKING:
    from explorer.workspace import Workspace

STATUS_ORDER = ("deteriorating", "limited progress", "needs acceleration", "on track", "achieved", "no data")
_STATUS_LOOK = {
    "achieved": ("●", "bold green"),
    "on track": ("◕", "green"),
    "needs acceleration": ("◐", "yellow"),
    "limited progress": ("◔", "dark_orange"),
    "deteriorating": ("▼", "bold red"),
    "no data": ("○", "dim"),
}
NARROW = 100  # below this many columns side parts stack or collapse


class NotAvailable(Exception):
    """The extractor behind a workspace call is not there (yet): shown as one calm line."""


def fetch(call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a workspace data call; a missing or unfinished extractor becomes ``NotAvailable``."""
    try:
        return call(*args, **kwargs)
    except ImportError as exc:
        raise NotAvailable(f"not available yet ({exc.name or exc})") from exc
    except (AttributeError, NotImplementedError) as exc:
        raise NotAvailable(f"not available yet ({exc})") from exc


def status_badge(status: str | None, *, label: bool = True) -> Text:
    symbol, style = _STATUS_LOOK.get(status or "no data", ("?", "dim"))
    return Text(f"{symbol} {status}" if label else symbol, style=style)


def worst_status(statuses: Iterable[str]) -> str:
    present = set(statuses)
    return next((s for s in STATUS_ORDER if s in present), "no data")


def clip(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` terminal cells (Chinese characters are two), adding an ellipsis."""
    text = " ".join((text or "").split())
    if cell_len(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def short_title(title: str, width: int = 12) -> str:
    """A document's title shortened for a column: its main clause (before ——, ：, or a space), clipped."""
    head = title
    for sep in ("——", "—", "：", ":", " ", "　"):
        part = head.split(sep)[0].strip()
        if part:
            head = part
    return clip(head, width)


def years_label(record: DocumentRecord) -> str:
    """What a document speaks about: "2023", "2022–23"; falls back to the publication year."""
    covers = sorted(record.covers)
    if not covers:
        return str(record.year or "")
    if covers[0] == covers[-1]:
        return str(covers[0])
    return f"{covers[0]}–{str(covers[-1])[-2:]}"


_RECORDS: tuple[list[DocumentRecord], dict[str, DocumentRecord]] | None = None


def record_of(ws: Workspace, doc_id: str | None) -> DocumentRecord | None:
    """A document's record without loading the document: ``ws.documents[id]`` reads its whole stored analysis
    (1,000 of them took 2.6 s of the Measures pane's first drawing, for the titles alone)."""
    global _RECORDS
    records = ws.records
    if _RECORDS is None or _RECORDS[0] is not records:
        _RECORDS = (records, {r.id: r for r in records})
    return _RECORDS[1].get(doc_id or "")


def doc_label(ws: Workspace, doc_id: str | None, width: int = 12) -> str:
    if not doc_id:
        return ""
    record = record_of(ws, doc_id)
    return short_title(record.title, width) if record else clip(doc_id, width)


def passage_text(ws: Workspace, doc_id: str | None, index: int | None) -> str:
    if doc_id is None or index is None:
        return ""
    try:
        return ws.passage(doc_id, index).text
    except (KeyError, IndexError):
        return ""


def figure_text(figure: Figure | None) -> str:
    """A figure as written: qualifier, value, unit ("63.1%以上" → "63.1 % 以上")."""
    if figure is None:
        return "—"
    qualifier = f" {figure.qualifier}" if figure.qualifier else ""
    year = f" ({figure.period or figure.year})" if (figure.period or figure.year) else ""
    return f"{figure.value} {figure.unit}{qualifier}{year}".strip()


class PaneBase(Widget):
    """A pane whose data needs the corpus analysis. The app hands it the workspace once (``workspace_ready``,
    after the analysis worker has computed figures, measures and targets); the pane loads its own data the first
    time it is on screen (or asked to show a location), not before: on a thousand documents the three panes'
    loads took 45 s of both cores and made every search wait behind them (last key → results 2 s at 140,000
    passages), for panes the researcher may never open. Until then it says "loading…".
    It remembers the last ``show()`` and applies it once its own data is in."""

    def __init__(self) -> None:
        super().__init__()
        self.location: Location | None = None
        self.workspace: Workspace | None = None
        self.load_started = False
        self._load_wanted = False

    @property
    def ws(self) -> Workspace | None:
        return self.workspace

    @property
    def loaded(self) -> bool:
        return self.workspace is not None

    def on_mount(self) -> None:
        try:
            self.set_message("loading…")
        except NoMatches:  # mounted while the app closes: its children are already gone
            return
        if self._on_screen() or self._load_wanted:
            self.call_later(self.ensure_loading)  # is_mounted holds once this handler has returned

    def on_show(self) -> None:
        """The pane came on screen (its tab was chosen): now its data is worth loading."""
        self.ensure_loading()

    def _on_screen(self) -> bool:
        return all(node.display for node in self.ancestors_with_self if isinstance(node, Widget))

    def ensure_loading(self) -> None:
        """Start loading this pane's data, once, if the workspace is there."""
        if self.load_started or self.workspace is None:
            return
        if not self.is_mounted:  # asked before the mount has run: on_mount starts it
            self._load_wanted = True
            return
        self.load_started = True
        try:
            self.start_loading(self.workspace)
        except NoMatches:  # mounted while the app closes
            pass

    def workspace_ready(self, ws: Workspace) -> None:
        """Called once by the app, on the UI thread."""
        if self.workspace is not None:
            return
        self.workspace = ws
        if self.location is not None or (self.is_mounted and self._on_screen()):
            self.ensure_loading()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")

    def show(self, location: Location) -> None:
        """Called by the app when the user navigates here."""
        self.location = location
        self.ensure_loading()
        if self.data_ready:
            self.apply_location(location)

    def waits_for(self, step: str) -> bool:
        """The app's analysis worker has still to prepare ``step`` (``tui.prepare``): a part of this pane that needs
        it is loaded on ``step_prepared`` instead of beside it."""
        return step in getattr(self.app, "pending_steps", ())

    def app_prepared(self, step: str) -> bool:
        """The app's analysis worker has done ``step`` (``tui.prepare``) without an error."""
        prepared = getattr(self.app, "prepared", {})
        return step in prepared and prepared[step] is None

    def tracked_targets(self, ws: Workspace, indicator: str | None = None) -> list[Any]:
        """The tracked targets (of one indicator), any thread: the app's snapshot while current, else
        ``ws.targets()``."""
        from explorer.tui.prepare import tracked_targets

        return tracked_targets(ws, getattr(self.app, "snapshot", None), indicator)

    def indicator_list(self, ws: Workspace) -> list[Any]:
        """The indicators (any thread): the app's snapshot while current, else ``ws.indicators()``."""
        from explorer.tui.prepare import indicators

        return indicators(ws, getattr(self.app, "snapshot", None))

    def step_prepared(self, step: str) -> None:
        """Called by the app, on the UI thread, when a step of ``tui.prepare`` has ended."""

    def on_worker_state_changed(self) -> None:
        """One of this pane's workers started or ended: the app's analysis worker waits while one runs."""
        notify = getattr(self.app, "pane_work_changed", None)
        if notify is not None:
            notify()

    def reply(self, callback: Callable[..., None], *args: Any) -> None:
        """From a worker thread: run ``callback`` on the UI thread unless the worker was cancelled."""
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._deliver, callback, *args)

    def _deliver(self, callback: Callable[..., None], *args: Any) -> None:
        # The app may be closing (Ctrl+Q right after start): a pane whose widgets are gone takes no results.
        if not (self.is_mounted and self.is_attached):
            return
        try:
            callback(*args)
        except NoMatches:
            pass

    # Subclasses fill in:
    data_ready = False

    def current_location(self) -> Location | None:
        return self.location

    def focus_default(self) -> None:
        focusable = next((w for w in self.query("*") if w.focusable), None)
        if focusable is not None:
            focusable.focus()

    def start_loading(self, ws: Workspace) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def apply_location(self, location: Location) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def set_message(self, text: str | None) -> None:  # pragma: no cover - abstract
        raise NotImplementedError
