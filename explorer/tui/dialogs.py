"""Modal screens: the note asked for when bookmarking, the export path, and help."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Markdown, Static

HELP = """\
# policy-explorer — keys

Every pane is one key away, also while typing in a search box.

| key | does |
|---|---|
| **F2** | Search |
| **F3** | Reader |
| **F4** | Measures (plan measures and their targets) |
| **F5** | Figures (an indicator's series) |
| **F6** | References (cited titles, programmes) |
| **F7** | Notes |
| **F1**, `?` | this help (`?` outside inputs) |
| **Ctrl+P** | command palette: open document, go to indicator, go to measure, search |
| **Alt+←** / `[` | back |
| **Alt+→** / `]` | forward |
| **Ctrl+Q** | quit |

## Search
Type: results follow as you type. `"exact phrase"`, `OR`, `NOT`, `kind:plan`, `year:2024`, `doc:ID`.
**↓** or **Enter** moves into the results, **Enter** opens the passage in the Reader, **Esc** back to the query,
**b** bookmarks the highlighted result, **Ctrl+T** toggles passages marked unrelated (bylines, captions…).

## Reader
**↑/↓** (`k`/`j`) passage by passage (a long passage scrolls first), **PgUp/PgDn**, **Home/End**,
**n/N** next/previous hit of the query, **←/→** choose a mark in the passage (figures, cited titles,
programmes, measures), **Enter** follows it, **b** bookmarks the passage, **o** shows/hides the outline
(**Tab** moves into it; Enter on a heading jumps there).

## Notes
**Enter** opens the passage, **e** edits the note, **d** deletes, **x** exports Markdown (with citations),
**c** exports CSV. Notes are saved at once, in the user's data directory.
"""


class NoteDialog(ModalScreen[str | None]):
    """Asks for an optional note; Enter saves (also an empty note), Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="note-cancel")]

    def __init__(self, title: str, section: str, quote: str, note: str = "", *, heading: str = "Bookmark") -> None:
        super().__init__()
        self._title, self._section, self._quote, self._note, self._heading = title, section, quote, note, heading

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._heading, classes="dialog-title")
            yield Static(self._title, classes="dialog-doc", markup=False)
            if self._section:
                yield Static(self._section, classes="dialog-section", markup=False)
            quote = self._quote if len(self._quote) <= 240 else self._quote[:240] + "…"
            yield Static(quote, classes="dialog-quote", markup=False)
            yield Input(self._note, placeholder="note (optional) — Enter saves, Esc cancels", id="note-input")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportDialog(ModalScreen[Path | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export-cancel")]

    def __init__(self, what: str, default: Path) -> None:
        super().__init__()
        self._what, self._default = what, default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Export notes as {self._what}", classes="dialog-title")
            yield Input(str(self._default), id="export-path")
            yield Static("Enter writes the file (replacing it), Esc cancels", classes="dialog-section")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        self.dismiss(Path(value).expanduser() if value else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="help-close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Markdown(HELP)

    def action_close(self) -> None:
        self.dismiss(None)
