"""The explorer's start-up, as a base of the app: one thread worker opens the Workspace and posts
``WorkspaceReady`` (Search, Reader and Notes take it at once; search works when ``IndexReady`` follows). With
``IndexReady`` the analysis panes are mounted and handed the workspace: each loads what it shows first when it is
first shown (one document's measures and references, one indicator's figures: read from the store's per-document
and per-indicator indexes in milliseconds) and the rest after. Then, after a quiet moment in the search box and
once no pane is loading (or at once when the palette is asked for), one analysis worker computes the palette's
data and the tracked targets and posts ``AnalysisReady`` (the snapshot the panes read from then on), and goes on
with the corpus-wide lists (``tui.prepare``, a ``Prepared`` message a step). Nothing polls."""

from __future__ import annotations

import asyncio
import importlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Label, ProgressBar, Static, TabPane

from explorer.tui.inputs import OrderedCommandPalette
from explorer.tui.messages import (
    AnalysisReady,
    IndexProgress,
    IndexReady,
    PaletteData,
    Prepared,
    WorkspaceFailed,
    WorkspaceReady,
)
from explorer.tui.navigation import NavigatingApp
from explorer.tui.panes.common import PaneBase
from explorer.tui.panes.notes import NotesPane
from explorer.tui.panes.reader import ReaderPane
from explorer.tui.panes.search import SearchPane

if TYPE_CHECKING:  # imported by the loading worker, off the path to the first screen
    from explorer.tui.prepare import AnalysisSnapshot
    from explorer.workspace import Workspace

# Panes written as separate modules, mounted once the analysis is done (a missing one never stops the app).
EXTERNAL_PANES = {
    "measures": ("explorer.tui.panes.measures", "MeasuresPane"),
    "figures": ("explorer.tui.panes.figures", "FiguresPane"),
    "references": ("explorer.tui.panes.references", "ReferencesPane"),
    "compare": ("explorer.tui.panes.compare", "ComparePane"),
}
QUIET_BEFORE_ANALYSIS = 0.8  # seconds without a key in the search box (and no pane loading) before the analysis
# the panes' workers: while one runs, the corpus-wide analysis waits
PANE_GROUPS = frozenset({"measures", "measures-rest", "measure-links", "figures", "figures-series", "references"})


class StatusBar(Static):
    """Top line: corpus, documents, index state, help key."""


class StartingApp(NavigatingApp):
    def __init__(
        self,
        corpus_dir: Path | None = None,
        index_dir: Path | None = None,
        *,
        workspace: Workspace | None = None,
        freeze_snapshot: bool = False,
    ) -> None:
        super().__init__()
        self._given_workspace = workspace  # an already open Workspace (tests share one)
        self.corpus_dir = Path(corpus_dir) if corpus_dir else None
        self.index_dir = Path(index_dir) if index_dir else None
        self.workspace: Workspace | None = None
        self.index_ready = False
        self.analysis_ready = False
        self.ready = asyncio.Event()  # set once the index is usable (tests wait on it)
        self.analysed = asyncio.Event()  # set once the analysis panes have their data source
        self.palette_data = PaletteData()
        self._analysis_started = False
        self._analysis_timer: Timer | None = None
        self._freeze = freeze_snapshot  # run_app: the loaded corpus kept out of the collector's walks (tui.prepare)
        self.prepared: dict[str, str | None] = {}  # step of tui.prepare → its error, once it has ended
        self.pending_steps: set[str] = set()  # steps of tui.prepare the analysis worker has still to do
        self.snapshot: AnalysisSnapshot | None = None  # the analysis worker's tracked targets and indicators
        self.panes_idle = threading.Event()  # no pane worker running: the analysis worker's next step may start
        self.panes_idle.set()

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
        self._mount_panes()
        self.ready.set()
        # The analysis waits for a quiet moment (no key in the search box for a while, no pane loading what it
        # shows) so the first searches and the panes' first screens do not compete with it; opening the palette
        # starts it at once.
        self._analysis_timer = self.set_timer(QUIET_BEFORE_ANALYSIS, self._quiet)

    def _mount_panes(self) -> None:
        """The analysis panes, handed the workspace: each loads what it shows when first shown."""
        ws = self.workspace
        if ws is None or self.pane_widget("measures") is not None:
            return
        for pane in EXTERNAL_PANES:
            widget = self._mount_external(pane)
            if isinstance(widget, PaneBase):
                widget.workspace_ready(ws)

    def _panes_loading(self) -> bool:
        return any(w.group in PANE_GROUPS and not w.is_finished for w in self.workers)

    def pane_work_changed(self) -> None:
        """A pane's worker started or ended (``PaneBase.on_worker_state_changed``, UI thread)."""
        if self._panes_loading():
            self.panes_idle.clear()
        else:
            self.panes_idle.set()

    def _quiet(self) -> None:
        if self._panes_loading():  # a pane filling its first screen: the corpus-wide work waits for it
            self._analysis_timer = self.set_timer(QUIET_BEFORE_ANALYSIS / 4, self._quiet)
            return
        self.start_analysis()

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
        self._typing()  # a pane just opened loads what it shows: the corpus-wide work waits another quiet moment
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
        if error is None:  # then the corpus-wide lists, each step once no pane is loading what it shows
            for step, problem in prepare(ws, freeze=self._freeze, before_step=self._wait_for_panes):
                self.post_message(Prepared(step, problem))

    def _wait_for_panes(self) -> None:
        """(analysis worker) A pane opened meanwhile loads its first screen before the next corpus-wide step
        takes the corpus's lock for most of a second; bounded, so a pane that never ends its load stops nothing."""
        self.panes_idle.wait(timeout=5)

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
        if message.error is None:  # the worker goes on with the corpus-wide lists (``_analyse``)
            from explorer.tui.prepare import STEPS

            self.pending_steps = set(STEPS)
        self._mount_panes()  # (mounted with IndexReady: here only if that found no workspace)
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
        try:
            placeholder = self.query_one(f"#{pane}-placeholder", Static)
        except NoMatches:  # mounted already
            return None
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
