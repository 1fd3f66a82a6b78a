"""Modal screens: the note asked for when bookmarking, the export path, a yes/no question, another corpus
folder, and help (written from the command list by ``help_text``)."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, Markdown, Static

from explorer.tui.commands import bindings_for
from explorer.tui.inputs import OrderedInput
from explorer.tui.notes_export import FORMATS

T = TypeVar("T")


class Dialog(ModalScreen[T]):
    BINDINGS = bindings_for("dialog")

    def action_cancel(self) -> None:
        self.dismiss(None)


class NoteDialog(Dialog[str | None]):
    """Asks for an optional note (#words are tags); Enter saves (also an empty note), Escape cancels."""

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
            yield OrderedInput(
                self._note,
                placeholder="note (optional), #tags — Enter saves, Esc cancels",
                id="note-input",
                select_on_focus=False,
            )

    def on_mount(self) -> None:
        self.query_one(OrderedInput).focus()

    def on_input_submitted(self, event: OrderedInput.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)


class ExportDialog(Dialog[tuple[Path, bool] | None]):
    """The export path: its suffix chooses the format. The path is not selected, so a key typed by habit
    edits it rather than replacing it; the cursor waits at its end."""

    def __init__(self, default: Path, count: int) -> None:
        super().__init__()
        self._default, self._count = default, count

    def compose(self) -> ComposeResult:
        kinds = " · ".join(f"{suffix} {name}" for suffix, name in FORMATS.items())
        with Vertical(classes="dialog"):
            yield Label(f"Export {self._count} notes with citations", classes="dialog-title")
            yield OrderedInput(str(self._default), id="export-path", select_on_focus=False)
            yield Static(f"The suffix chooses the format: {kinds}", classes="dialog-section", markup=False)
            yield Checkbox("CSV: UTF-8 with a byte-order mark (for Excel)", True, id="export-bom", compact=True)
            yield Static("Enter writes the file (replacing it), Esc cancels", classes="dialog-section")

    def on_mount(self) -> None:
        path = self.query_one(OrderedInput)
        path.focus()
        path.cursor_position = len(path.value)

    def on_input_submitted(self, event: OrderedInput.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if value:
            self.dismiss((Path(value).expanduser(), self.query_one("#export-bom", Checkbox).value))
        else:
            self.dismiss(None)


class ConfirmDialog(Dialog[bool | None]):
    BINDINGS = [*bindings_for("dialog"), *bindings_for("dialog.confirm")]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self._question, self._detail = question, detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._question, classes="dialog-title", markup=False)
            if self._detail:
                yield Static(self._detail, classes="dialog-quote", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Yes (y)", id="yes", variant="error", compact=True)
                yield Button("No (n)", id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class CorpusDialog(Dialog[Path | None]):
    def __init__(self, current: Path) -> None:
        super().__init__()
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Open another corpus folder", classes="dialog-title")
            yield OrderedInput(str(self._current), id="corpus-path", select_on_focus=False)
            yield Static("", id="corpus-problem", classes="dialog-section", markup=False)
            yield Static("Enter opens it (the explorer restarts on it), Esc cancels", classes="dialog-section")

    def on_mount(self) -> None:
        path = self.query_one(OrderedInput)
        path.focus()
        path.cursor_position = len(path.value)

    def on_input_submitted(self, event: OrderedInput.Submitted) -> None:
        event.stop()
        folder = Path(event.value.strip()).expanduser()
        if not folder.is_dir():
            self.query_one("#corpus-problem", Static).update(f"no folder at {folder}")
            return
        self.dismiss(folder)


class HelpScreen(Dialog[None]):
    BINDINGS = [*bindings_for("dialog"), *bindings_for("dialog.help")]

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self._markdown = markdown

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Markdown(self._markdown)
