"""The explorer application: tabs for the panes, browser-like history, notes and the palette; its start-up (the
loading and analysis workers) is its base, ``tui.startup.StartingApp``. Every jump goes through ``Navigate`` to
the app, which records it in ``History``. Keys come from ``commands.COMMANDS`` and keys.toml.
"""

from __future__ import annotations

import gc
import re
import sys
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Label, ProgressBar, Static, TabPane
from textual.worker import Worker, WorkerState

from explorer.tui.commands import BY_ID, bindings_for, key_label, keys_label, palette_commands
from explorer.tui.keymap import UserKeys, config_dir, load_keymap
from explorer.tui.messages import (
    Bookmark,
    Location,
    NotesChanged,
)
from explorer.tui.navigation import ExplorerTabs
from explorer.tui.notes_store import NotesStore, split_tags
from explorer.tui.panes.notes import NotesPane, corpus_key
from explorer.tui.panes.reader import ReaderPane
from explorer.tui.panes.search import DEBOUNCE, SearchPane
from explorer.tui.startup import EXTERNAL_PANES, StartingApp, StatusBar

if TYPE_CHECKING:  # imported by the loading worker (tui.startup), off the path to the first screen
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
NARROW_WIDTH = 110  # below this the side panels (outline, preview) collapse
MEDIUM_WIDTH = 160  # below this two compared indicators stack
OwnPane = SearchPane | ReaderPane | NotesPane


def _explorer_commands() -> type:
    from explorer.tui.palette import ExplorerCommands

    return ExplorerCommands


class PolicyExplorerApp(StartingApp):
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
        super().__init__(corpus_dir, index_dir, workspace=workspace, freeze_snapshot=freeze_snapshot)
        self.data_dir = data_dir
        self.debounce = debounce
        self.user_keys: UserKeys = load_keymap(config or config_dir())
        self.next_corpus: Path | None = None  # "switch corpus": run_app restarts on it
        self._notes_store: NotesStore | None = None

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
