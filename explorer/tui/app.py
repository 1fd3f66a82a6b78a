"""The explorer application: tabs for the panes, the loading and analysis workers, browser-like history,
notes and the palette.

Start-up, in order: one thread worker opens the Workspace and posts ``WorkspaceReady`` (Search, Reader and Notes
take it at once; search works when ``IndexReady`` follows); then one analysis worker computes figures, measures
and targets in turn and posts ``AnalysisReady``, and only then are the analysis panes mounted and handed the
workspace — so no two threads ever compute the same thing first, and nothing polls; the same worker then prepares
what those panes show first (``tui.prepare``, a ``Prepared`` message a step). Every jump goes through
``Navigate`` to the app, which records it in ``History``. Keys come from ``commands.COMMANDS`` and keys.toml.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import re
import sys
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.containers import Horizontal
from textual.events import Resize
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Input, Label, ProgressBar, Static, TabPane
from textual.worker import Worker, WorkerState

from explorer.tui.commands import BY_ID, bindings_for, key_label, keys_label, palette_commands
from explorer.tui.inputs import OrderedCommandPalette
from explorer.tui.keymap import UserKeys, config_dir, load_keymap
from explorer.tui.messages import (
    AnalysisReady,
    Bookmark,
    IndexProgress,
    IndexReady,
    Location,
    NotesChanged,
    PaletteData,
    Prepared,
    WorkspaceFailed,
    WorkspaceReady,
)
from explorer.tui.navigation import ExplorerTabs, NavigatingApp
from explorer.tui.notes_store import NotesStore, split_tags
from explorer.tui.panes.common import PaneBase
from explorer.tui.panes.notes import NotesPane, corpus_key
from explorer.tui.panes.reader import ReaderPane
from explorer.tui.panes.search import DEBOUNCE, SearchPane

if TYPE_CHECKING:  # imported by the loading worker, off the path to the first screen
    from explorer.tui.prepare import AnalysisSnapshot
    from explorer.workspace import Workspace

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
# Panes written as separate modules, mounted once the analysis is done (a missing one never stops the app).
EXTERNAL_PANES = {
    "measures": ("explorer.tui.panes.measures", "MeasuresPane"),
    "figures": ("explorer.tui.panes.figures", "FiguresPane"),
    "references": ("explorer.tui.panes.references", "ReferencesPane"),
    "compare": ("explorer.tui.panes.compare", "ComparePane"),
}
NARROW_WIDTH = 110  # below this the side panels (outline, preview) collapse
QUIET_BEFORE_ANALYSIS = 0.8  # seconds without a key in the search box before the analysis starts
MEDIUM_WIDTH = 160  # below this two compared indicators stack
OwnPane = SearchPane | ReaderPane | NotesPane


class StatusBar(Static):
    """Top line: corpus, documents, index state, help key."""


def _explorer_commands() -> type:
    from explorer.tui.palette import ExplorerCommands

    return ExplorerCommands


class PolicyExplorerApp(NavigatingApp):
    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "policy-explorer"
    COMMANDS = App.COMMANDS | {_explorer_commands}
    BINDINGS = bindings_for("app")

    def __init__(
        self,
        corpus_dir: Path | None = None,
        index_dir: Path | None = None,
        *,
        data_dir: Path | None = None,
        config: Path | None = None,
        debounce: float = DEBOUNCE,
        workspace: Workspace | None = None,
        freeze_snapshot: bool = False,
    ) -> None:
        super().__init__()
        self._given_workspace = workspace  # an already open Workspace (tests share one)
        self.corpus_dir = Path(corpus_dir) if corpus_dir else None
        self.index_dir = Path(index_dir) if index_dir else None
        self.data_dir = data_dir
        self.debounce = debounce
        self.workspace: Workspace | None = None
        self.index_ready = False
        self.analysis_ready = False
        self.ready = asyncio.Event()  # set once the index is usable (tests wait on it)
        self.analysed = asyncio.Event()  # set once the analysis panes have their data source
        self.palette_data = PaletteData()
        self.user_keys: UserKeys = load_keymap(config or config_dir())
        self.next_corpus: Path | None = None  # "switch corpus": run_app restarts on it
        self._notes_store: NotesStore | None = None
        self._analysis_started = False
        self._analysis_timer: Timer | None = None
        self._freeze = freeze_snapshot  # run_app: the loaded corpus kept out of the collector's walks (tui.prepare)
        self.prepared: dict[str, str | None] = {}  # step of tui.prepare → its error, once it has ended
        self.pending_steps: set[str] = set()  # steps of tui.prepare the analysis worker has still to do
        self.snapshot: AnalysisSnapshot | None = None  # the analysis worker's tracked targets and indicators

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield StatusBar("policy-explorer · opening corpus…", id="status")
        with Horizontal(id="loading"):
            yield Label("Opening corpus…", id="loading-label")
            yield ProgressBar(id="loading-bar", show_eta=False)
        own: dict[str, type[OwnPane]] = {"search": SearchPane, "reader": ReaderPane, "notes": NotesPane}
        with ExplorerTabs(initial="search", id="tabs"):
            for pane, label, key in PANES:
                ident = f"app.pane-{pane}"  # the tab shows the pane's key as the user has it
                shown = (self.user_keys.keys_of(ident) if ident in BY_ID else key).split(",")[0]
                with TabPane(f"{label} {key_label(shown)}" if shown else label, id=pane):
                    if pane == "search":
                        yield SearchPane(id="search-pane", debounce=self.debounce)
                    elif pane in own:
                        yield own[pane](id=f"{pane}-pane")
                    else:
                        yield Static("Analysing the corpus…", classes="placeholder", id=f"{pane}-placeholder")
        yield Footer()

    def on_mount(self) -> None:
        self.set_keymap(self.user_keys.textual_keymap())
        for problem in self.user_keys.problems:
            self.notify(problem, title="Key map", severity="warning", timeout=10, markup=False)
        self._apply_width(self.size.width)
        self.history.visit(Location("search"))
        self.call_after_refresh(self.focus_pane, "search")
        self._open_workspace()

    def on_resize(self, event: Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.screen.set_class(width < NARROW_WIDTH, "-narrow")
        self.screen.set_class(width < MEDIUM_WIDTH, "-medium")
        self.screen.set_class(width >= MEDIUM_WIDTH, "-wide")  # side lists widen: names and titles whole

    # ------------------------------------------------------------------ loading (thread workers)
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

            def progress(done: int, total: int) -> None:
                self.post_message(IndexProgress(done, total))

            ws.update_index(progress=progress)
        except Exception as exc:
            self.post_message(IndexReady(f"the search index could not be built: {exc}"))
            return
        self.post_message(IndexReady())

    def on_workspace_ready(self, message: WorkspaceReady) -> None:
        ws = self.workspace = message.workspace
        self._update_status()
        self.query_one(SearchPane).workspace_ready(ws)
        self.query_one(ReaderPane).workspace_ready(ws)
        self.query_one(NotesPane).workspace_ready(ws)
        serious = [p for p in ws.problems if p.severity != "info"]
        if serious:
            more = f" (and {len(serious) - 1} more)" if len(serious) > 1 else ""
            self.notify(f"{serious[0]}{more}", title="Corpus problems", severity="warning", timeout=8, markup=False)

    def on_index_progress(self, message: IndexProgress) -> None:
        self.query_one("#loading-label", Label).update(f"Building the search index {message.done}/{message.total}")
        self.query_one("#loading-bar", ProgressBar).update(total=max(message.total, 1), progress=message.done)
        self._update_status("indexing…")

    def on_index_ready(self, message: IndexReady) -> None:
        self.index_ready = message.error is None
        self.query_one("#loading").display = False
        if message.error:
            self.notify(message.error, severity="error", timeout=10, markup=False)
        self._update_status()
        self.query_one(SearchPane).index_ready(self.index_ready)
        self.ready.set()
        # The analysis waits for a quiet moment (no key in the search box for a while) so the first searches
        # do not compete with it; going to any other pane or opening the palette starts it at once.
        self._analysis_timer = self.set_timer(QUIET_BEFORE_ANALYSIS, self.start_analysis)

    def start_analysis(self) -> None:
        """Start the one analysis worker (once)."""
        if self._analysis_started or self.workspace is None or not self.ready.is_set():
            return
        self._analysis_started = True
        if self._analysis_timer is not None:
            self._analysis_timer.stop()
        self._analyse(self.workspace)

    @on(Input.Changed, "#query")
    def _typing(self) -> None:
        if not self._analysis_started and self._analysis_timer is not None:
            self._analysis_timer.reset()

    def _switch(self, pane: str, *, by_history: bool = False) -> None:
        if pane != "search":
            self.start_analysis()
        super()._switch(pane, by_history=by_history)

    def action_command_palette(self) -> None:
        self.start_analysis()
        open_already = any(isinstance(screen, CommandPalette) for screen in self.screen_stack)
        if self.use_command_palette and not open_already:  # Textual's palette, with an ordered query box
            self.push_screen(OrderedCommandPalette(id="--command-palette"))

    @work(exclusive=True, group="analysis", thread=True, exit_on_error=False)
    def _analyse(self, ws: Workspace) -> None:
        from explorer.tui.analysis import analyse
        from explorer.tui.prepare import freeze_snapshot, prepare

        if self._freeze:  # what start-up loaded (Textual, the index) is not walked again by each collection
            freeze_snapshot()
        try:
            (data, snapshot), error = analyse(ws), None
        except Exception as exc:  # a bug in an extractor must not take the app down
            data, snapshot, error = (
                PaletteData(),
                None,
                f"the corpus could not be analysed: {type(exc).__name__}: {exc}",
            )
        if self._freeze:
            freeze_snapshot()
        self.post_message(AnalysisReady(data, error, snapshot))
        if error is None:  # then what the panes show first, so they are filled when opened
            for step, problem in prepare(ws, freeze=self._freeze):
                self.post_message(Prepared(step, problem))

    def on_prepared(self, message: Prepared) -> None:
        self.prepared[message.step] = message.error
        self.pending_steps.discard(message.step)
        for pane in EXTERNAL_PANES:
            widget = self.pane_widget(pane)
            if isinstance(widget, PaneBase):
                widget.step_prepared(message.step)

    def on_analysis_ready(self, message: AnalysisReady) -> None:
        self.palette_data = message.palette
        self.snapshot = message.snapshot
        self.analysis_ready = True
        if message.error:
            self.notify(message.error, severity="error", timeout=10, markup=False)
        ws = self.workspace
        if ws is None:
            return
        if message.error is None:  # the worker goes on with what the panes show first (``_analyse``)
            from explorer.tui.prepare import STEPS

            self.pending_steps = set(STEPS)
        for pane in EXTERNAL_PANES:
            widget = self._mount_external(pane)
            if isinstance(widget, PaneBase):
                widget.workspace_ready(ws)
        self.query_one(ReaderPane).analysis_ready()
        self.analysed.set()

    def on_workspace_failed(self, message: WorkspaceFailed) -> None:
        self.query_one("#loading-label", Label).update(message.error)
        self.query_one("#loading-bar").display = False
        self._update_status("no corpus")
        self.notify(message.error, title="Cannot open the corpus", severity="error", timeout=15, markup=False)
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

    def _mount_external(self, pane: str) -> Widget | None:
        module_name, class_name = EXTERNAL_PANES[pane]
        placeholder = self.query_one(f"#{pane}-placeholder", Static)
        try:
            widget_class = getattr(importlib.import_module(module_name), class_name)
            widget: Widget = widget_class()
            widget.id = widget.id or f"{pane}-pane"
        except Exception as exc:
            placeholder.update(f"{pane.title()} is not available ({type(exc).__name__}: {exc})")
            return None
        placeholder.remove()
        self.query_one(f"#{pane}", TabPane).mount(widget)
        return widget

    # ------------------------------------------------------------------ notes
    @property
    def notes(self) -> NotesStore:
        if self._notes_store is None:
            from explorer.paths import data_dir

            self._notes_store = NotesStore(self.data_dir or data_dir())
            if self._notes_store.problem:
                self.notify(self._notes_store.problem, severity="warning", timeout=15, markup=False)
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
            self.notify(f"no passage {doc_id}#{index}", severity="error", markup=False)
            return

        def save(text: str | None) -> None:
            if text is None:
                return
            note, tags = split_tags(text)
            try:
                self.notes.add(
                    doc=doc_id,
                    passage=index,
                    title=record.title,
                    published=record.published,
                    section=passage.section_path,
                    quote=quote or passage.text,
                    note=note,
                    corpus=corpus_key(ws.corpus_dir),
                    tags=tags,
                    issuer=record.issuer,
                    kind=record.kind,
                )
            except OSError as exc:
                self.notify(f"could not save the note: {exc.strerror or exc}", severity="error", markup=False)
                return
            self.notify(f"Bookmarked {doc_id}#{index}" + (" with a note" if text.strip() else ""), timeout=3)
            self.query_one(NotesPane).refresh_notes()

        self.push_screen(NoteDialog(record.title, passage.section_path, quote or passage.text), save)

    def on_notes_changed(self, message: NotesChanged) -> None:
        self.query_one(NotesPane).refresh_notes()

    # ------------------------------------------------------------------ actions of the palette
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for command in palette_commands():
            keys = self.user_keys.keys_of(command.id)
            hint = f" ({keys_label(keys)})" if keys else ""
            yield SystemCommand(command.label, command.description + hint, self._palette_action(command.id))

    def _palette_action(self, ident: str) -> Callable[[], Awaitable[None]]:
        command = BY_ID[ident]
        scope = command.scope

        async def run() -> None:
            if scope.startswith("search"):
                await self.run_action(command.action, self.query_one(SearchPane))
            else:
                await self.run_action(command.action)

        return run

    def action_export_notes(self) -> None:
        self._switch("notes")
        self.query_one(NotesPane).export()

    async def action_compare(self) -> None:
        self.navigate(Location("figures"))
        widget = self.pane_widget("figures")
        if widget is not None and not widget.has_class("placeholder"):
            await self.run_action("compare", widget)

    def action_switch_corpus(self) -> None:
        from explorer.tui.dialogs import CorpusDialog

        def chosen(folder: Path | None) -> None:
            if folder is not None:
                self.next_corpus = folder
                self.exit(0)

        current = self.workspace.corpus_dir if self.workspace else Path.cwd()
        self.push_screen(CorpusDialog(current), chosen)

    def get_key_display(self, binding: Binding) -> str:
        """Function keys as they are printed on the keyboard (F1, not f1), also after a user remapped them."""
        shown = super().get_key_display(binding)
        return re.sub(r"\bf(\d{1,2})\b", r"F\1", shown)

    # ------------------------------------------------------------------ help, errors
    def action_help(self) -> None:
        from explorer.tui.dialogs import HelpScreen
        from explorer.tui.help_text import help_markdown

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        extra = {}
        for pane in EXTERNAL_PANES:
            widget = self.pane_widget(pane)
            if widget is not None:  # keys a pane declares itself, beside the command list's
                extra[pane] = [b for b in type(widget).BINDINGS if isinstance(b, Binding)]
        self.push_screen(HelpScreen(help_markdown(self.active_pane, self.user_keys.keys_of, extra)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(f"{type(error).__name__}: {error}", title="Something failed", severity="error", markup=False)


def run_app(corpus_dir: Path | None = None, index_dir: Path | None = None) -> int:
    while True:
        if corpus_dir is not None and not Path(corpus_dir).is_dir():
            sys.stderr.write(f"policy-explorer: no corpus folder at {corpus_dir}\n")
            return 2
        app = PolicyExplorerApp(corpus_dir, index_dir, freeze_snapshot=True)
        app.run()
        gc.unfreeze()  # another corpus may follow: this one's snapshot may be collected again
        if app.next_corpus is None:
            return app.return_code or 0
        corpus_dir, index_dir = app.next_corpus, None  # another corpus: its own index
