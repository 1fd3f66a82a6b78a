"""The explorer application: tabs for the panes, a loading worker, browser-like history, notes and the palette.

Every jump goes through ``Navigate`` to the app, which records it in ``History`` and shows the location. Blocking
work (opening the corpus, building the index) runs in thread workers that post messages back; nothing here
touches a widget from a thread.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Footer, Label, ProgressBar, Static, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from explorer.tui.history import History
from explorer.tui.messages import (
    Bookmark,
    IndexProgress,
    IndexReady,
    Location,
    Navigate,
    NotesChanged,
    WorkspaceFailed,
    WorkspaceReady,
)

PANES: tuple[tuple[str, str, str], ...] = (
    # id, tab label, key
    ("search", "Search", "f2"),
    ("reader", "Reader", "f3"),
    ("measures", "Measures", "f4"),
    ("figures", "Figures", "f5"),
    ("references", "References", "f6"),
    ("notes", "Notes", "f7"),
    ("compare", "Compare", "f8"),
)
# Panes written as separate modules; imported when the corpus is open, so a missing one never stops the app.
EXTERNAL_PANES = {
    "measures": ("explorer.tui.panes.measures", "MeasuresPane"),
    "figures": ("explorer.tui.panes.figures", "FiguresPane"),
    "references": ("explorer.tui.panes.references", "ReferencesPane"),
    "compare": ("explorer.tui.panes.compare", "ComparePane"),
}
NARROW_WIDTH = 110  # below this the side panels (outline, preview) collapse


class StatusBar(Static):
    """Top line: corpus, documents, index state, help key."""


class ExplorerTabs(TabbedContent):
    """Tabs that only change when asked (a key, a click, a jump): a pane that focuses one of its widgets while
    hidden — say when its data arrives from a worker — must not pull the user over to it."""

    def _on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        event.stop()
        event.prevent_default()  # TabbedContent's own handler would switch to the pane
        if event.tab_pane.id != self.active:
            app = self.app
            if isinstance(app, PolicyExplorerApp):
                app.call_after_refresh(app._focus_pane, self.active)


def _explorer_commands():
    from explorer.tui.palette import ExplorerCommands

    return ExplorerCommands


class PolicyExplorerApp(App[int]):
    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "policy-explorer"
    COMMANDS = App.COMMANDS | {_explorer_commands}

    BINDINGS = [
        Binding("f1", "help", "Help", id="help", priority=True, key_display="F1"),
        Binding("question_mark", "help", "Help", id="help-question", show=False),
        *(
            Binding(key, f"pane('{pane}')", label, id=f"pane-{pane}", priority=True, show=False)
            for pane, label, key in PANES
        ),
        Binding("alt+left", "back", "Back", id="back", priority=True, show=False),
        Binding("alt+right", "forward", "Forward", id="forward", priority=True, show=False),
        Binding("left_square_bracket", "back", "Back", id="back-bracket", show=False),
        Binding("right_square_bracket", "forward", "Forward", id="forward-bracket", show=False),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(
        self,
        corpus_dir: Path | None = None,
        index_dir: Path | None = None,
        *,
        data_dir: Path | None = None,
        debounce: float = 0.2,
        workspace: Any = None,
    ) -> None:
        super().__init__()
        self._given_workspace = workspace  # an already open Workspace (tests share one)
        self.corpus_dir = Path(corpus_dir) if corpus_dir else None
        self.index_dir = Path(index_dir) if index_dir else None
        self.data_dir = data_dir
        self.debounce = debounce
        self.workspace: Any = None
        self.index_ready = False
        self.history: History[Location] = History()
        self.ready = asyncio.Event()  # set once the index is usable (tests wait on it)
        self.palette_data: dict[str, list] = {}
        self._notes_store = None

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        from explorer.tui.panes.notes import NotesPane
        from explorer.tui.panes.reader import ReaderPane
        from explorer.tui.panes.search import SearchPane

        yield StatusBar("policy-explorer · opening corpus…", id="status")
        with Horizontal(id="loading"):
            yield Label("Opening corpus…", id="loading-label")
            yield ProgressBar(id="loading-bar", show_eta=False)
        own = {"search": SearchPane, "reader": ReaderPane, "notes": NotesPane}
        with ExplorerTabs(initial="search", id="tabs"):
            for pane, label, key in PANES:
                with TabPane(f"{label} {key.upper()}", id=pane):
                    if pane in own:
                        yield own[pane](id=f"{pane}-pane")
                    else:
                        yield Static("Opening corpus…", classes="placeholder", id=f"{pane}-placeholder")
        yield Footer()

    def on_mount(self) -> None:
        self._apply_width(self.size.width)
        self.history.visit(Location("search"))
        self.call_after_refresh(self._focus_pane, "search")
        self._open_workspace()

    def on_resize(self, event) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.screen.set_class(width < NARROW_WIDTH, "-narrow")

    # ------------------------------------------------------------------ loading (thread worker)
    @work(exclusive=True, group="workspace", thread=True, exit_on_error=False)
    def _open_workspace(self) -> None:
        from explorer.workspace import Workspace, rebuild_needed

        try:
            ws = self._given_workspace or Workspace.open(self.corpus_dir, self.index_dir)
        except Exception as exc:
            self.post_message(WorkspaceFailed(f"{type(exc).__name__}: {exc}"))
            return
        if not ws.documents:
            self.post_message(WorkspaceFailed(f"no document could be loaded from {ws.corpus_dir}"))
            return
        try:
            needs_build = rebuild_needed(ws)  # cheap: hashes of the sources against the index's manifest
        except Exception:
            needs_build = True
        self.post_message(WorkspaceReady(ws))
        if not needs_build:  # the usual start: search is usable at once
            self.post_message(IndexReady())
            return
        try:
            self.post_message(IndexProgress(0, len(ws.documents)))
            ws.update_index(progress=lambda done, total: self.post_message(IndexProgress(done, total)))
        except Exception as exc:
            self.post_message(IndexReady(f"the search index could not be built: {exc}"))
            return
        self.post_message(IndexReady())

    def on_workspace_ready(self, message: WorkspaceReady) -> None:
        ws = self.workspace = message.workspace
        self._update_status()
        for pane in ("search", "reader", "notes"):
            self._own_pane(pane).workspace_ready(ws)
        serious = [p for p in ws.problems if p.severity != "info"]
        if serious:
            more = f" (and {len(serious) - 1} more)" if len(serious) > 1 else ""
            self.notify(f"{serious[0]}{more}", title="Corpus problems", severity="warning", timeout=8)
        # The panes whose data needs extraction (and the palette) start a moment later, so that the search
        # box is usable first rather than competing with them for the interpreter.
        self.set_timer(0.15, self._start_analysis_panes)

    def _start_analysis_panes(self) -> None:
        if not self.is_running:  # the user quit within the moment's delay
            return
        for pane in EXTERNAL_PANES:
            self._mount_external(pane)
        self._load_palette_data()

    def on_index_progress(self, message: IndexProgress) -> None:
        self.query_one("#loading-label", Label).update(f"Building the search index {message.done}/{message.total}")
        self.query_one("#loading-bar", ProgressBar).update(total=max(message.total, 1), progress=message.done)
        self._update_status("indexing…")

    def on_index_ready(self, message: IndexReady) -> None:
        self.index_ready = message.error is None
        self.query_one("#loading").display = False
        if message.error:
            self.notify(message.error, severity="error", timeout=10)
        self._update_status()
        self._own_pane("search").index_ready(self.index_ready)
        self.ready.set()

    def on_workspace_failed(self, message: WorkspaceFailed) -> None:
        self.query_one("#loading-label", Label).update(message.error)
        self.query_one("#loading-bar").display = False
        self._update_status("no corpus")
        self.notify(message.error, title="Cannot open the corpus", severity="error", timeout=15)
        self.ready.set()

    def _update_status(self, state: str | None = None) -> None:
        ws = self.workspace
        if ws is None:
            text = f"policy-explorer · {state or 'opening corpus…'}"
        else:
            name = ws.corpus_dir.name or str(ws.corpus_dir)
            state = state or ("index fresh" if self.index_ready else "index not ready")
            text = f"policy-explorer · {name} · {len(ws.documents)} documents · {state}"
        self.query_one("#status", StatusBar).update(text)

    @work(group="palette", thread=True, exit_on_error=False)
    def _load_palette_data(self) -> None:
        """Indicators and measures for the command palette (they need figure extraction: a worker)."""
        ws = self.workspace
        data: dict[str, list] = {}
        for key, fetch in (
            ("indicators", lambda: [i.name for i in ws.indicators()]),
            ("measures", lambda: list(ws.measures())),
        ):
            try:
                data[key] = fetch()
            except Exception:
                data[key] = []
        self.call_from_thread(lambda: self.palette_data.update(data))

    def _mount_external(self, pane: str) -> None:
        module_name, class_name = EXTERNAL_PANES[pane]
        placeholder = self.query_one(f"#{pane}-placeholder", Static)
        try:
            widget_class = getattr(importlib.import_module(module_name), class_name)
            widget = widget_class()
            widget.id = widget.id or f"{pane}-pane"
        except Exception as exc:
            placeholder.update(f"{pane.title()} is not available yet ({type(exc).__name__}: {exc})")
            return
        placeholder.remove()
        self.query_one(f"#{pane}", TabPane).mount(widget)

    # ------------------------------------------------------------------ panes
    def pane_widget(self, pane: str) -> Widget | None:
        try:
            tab = self.query_one(f"#{pane}", TabPane)
        except Exception:
            return None
        children = [c for c in tab.children if not c.has_class("placeholder")]
        return children[0] if children else None

    def _own_pane(self, pane: str):
        return self.query_one(f"#{pane}-pane")

    @property
    def active_pane(self) -> str:
        return self.query_one("#tabs", TabbedContent).active

    def action_pane(self, pane: str) -> None:
        if self.active_pane == pane:
            self._focus_pane(pane)
            return
        self._record(self._location_of(pane))
        self._switch(pane)

    def _switch(self, pane: str) -> None:
        tabs = self.query_one("#tabs", TabbedContent)
        if tabs.active != pane:
            tabs.active = pane
        self.call_after_refresh(self._focus_pane, pane)

    def _focus_pane(self, pane: str) -> None:
        if pane != self.active_pane:
            return  # a stale request: focusing into a hidden tab would switch tabs again
        widget = self.pane_widget(pane)
        if widget is None:
            return
        focus = getattr(widget, "focus_default", None)
        if callable(focus):
            focus()
        elif widget.focusable:
            widget.focus()
        else:
            first = next((w for w in widget.query("*") if w.focusable), None)
            if first is not None:
                first.focus()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """A tab chosen with the mouse: record it. Judged by state, not by the message: Textual may post
        TabActivated twice and late, so one about a tab that is no longer active is stale."""
        pane = event.pane.id or ""
        if pane != self.active_pane:
            return
        current = self.history.current
        if current is not None and current.pane == pane:
            return  # our own switch (a key or a jump), already recorded
        self._record(self._location_of(pane))
        focused = self.focused
        if focused is None or event.pane not in focused.ancestors:
            self.call_after_refresh(self._focus_pane, pane)

    def _location_of(self, pane: str) -> Location:
        widget = self.pane_widget(pane)
        here = getattr(widget, "current_location", None)
        if callable(here):
            try:
                loc = here()
                if loc is not None:
                    return loc
            except Exception:
                pass
        return Location(pane)

    # ------------------------------------------------------------------ history
    def _record(self, location: Location) -> None:
        """Remember where we are now (refined by the pane), then the new place."""
        current = self.history.current
        if current is not None:
            self.history.replace(self._location_of(current.pane))
        self.history.visit(location)

    def on_navigate(self, message: Navigate) -> None:
        message.stop()
        self._record(message.location)
        self._go(message.location)

    def navigate(self, location: Location) -> None:
        self._record(location)
        self._go(location)

    def action_back(self) -> None:
        current = self.history.current
        if current is not None:
            self.history.replace(self._location_of(current.pane))
        loc = self.history.back()
        if loc is None:
            self.notify("Nothing to go back to", timeout=2)
            return
        self._go(loc)

    def action_forward(self) -> None:
        current = self.history.current
        if current is not None:
            self.history.replace(self._location_of(current.pane))
        loc = self.history.forward()
        if loc is None:
            self.notify("Nothing to go forward to", timeout=2)
            return
        self._go(loc)

    def _go(self, location: Location) -> None:
        self._switch(location.pane)
        widget = self.pane_widget(location.pane)
        show = getattr(widget, "show", None)
        if callable(show) and (not location.is_bare or location.pane in ("search", "reader", "notes")):
            try:
                show(location)
            except Exception as exc:
                self.notify(f"{location.pane}: {type(exc).__name__}: {exc}", severity="error")

    # ------------------------------------------------------------------ notes
    @property
    def notes(self):
        if self._notes_store is None:
            from explorer.paths import data_dir
            from explorer.tui.notes_store import NotesStore

            self._notes_store = NotesStore(self.data_dir or data_dir())
            if self._notes_store.problem:
                self.notify(self._notes_store.problem, severity="warning", timeout=10)
        return self._notes_store

    def on_bookmark(self, message: Bookmark) -> None:
        message.stop()
        self.bookmark(message.doc, message.passage, message.quote)

    def bookmark(self, doc_id: str, index: int, quote: str | None = None) -> None:
        from explorer.tui.dialogs import NoteDialog

        ws = self.workspace
        if ws is None:
            return
        try:
            passage = ws.passage(doc_id, index)
            record = ws.document(doc_id).record
        except (KeyError, IndexError):
            self.notify(f"no passage {doc_id}#{index}", severity="error")
            return

        def save(note: str | None) -> None:
            if note is None:
                return
            try:
                self.notes.add(
                    doc=doc_id,
                    passage=index,
                    title=record.title,
                    published=record.published,
                    section=passage.section_path,
                    quote=quote or passage.text,
                    note=note,
                )
            except OSError as exc:
                self.notify(f"could not save the note: {exc}", severity="error")
                return
            self.notify(f"Bookmarked {doc_id}#{index}" + (" with a note" if note.strip() else ""), timeout=3)
            self._own_pane("notes").refresh_notes()

        self.push_screen(NoteDialog(record.title, passage.section_path, quote or passage.text), save)

    def on_notes_changed(self, message: NotesChanged) -> None:
        self._own_pane("notes").refresh_notes()

    # ------------------------------------------------------------------ help, errors
    def action_help(self) -> None:
        from explorer.tui.dialogs import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(f"{type(error).__name__}: {error}", title="Something failed", severity="error")


def run_app(corpus_dir: Path | None = None, index_dir: Path | None = None) -> int:
    if corpus_dir is not None and not Path(corpus_dir).is_dir():
        sys.stderr.write(f"policy-explorer: no corpus folder at {corpus_dir}\n")
        return 2
    app = PolicyExplorerApp(corpus_dir, index_dir)
    app.run()
    return app.return_code or 0
