"""Notes pane: the bookmarks taken while reading, each with its citation; export to Markdown or CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from explorer.tui.messages import Location, Navigate


class NotesList(OptionList):
    BINDINGS = [
        Binding("e", "edit", "Edit note", id="notes-edit"),
        Binding("d,delete", "delete", "Delete", id="notes-delete"),
        Binding("x", "export('md')", "Export MD", id="notes-export-md"),
        Binding("c", "export('csv')", "Export CSV", id="notes-export-csv"),
    ]

    @property
    def pane(self) -> NotesPane:
        return next(a for a in self.ancestors if isinstance(a, NotesPane))

    def action_edit(self) -> None:
        self.pane.edit()

    def action_delete(self) -> None:
        self.pane.delete()

    def action_export(self, fmt: str) -> None:
        self.pane.export(fmt)


class NotesPane(Widget):
    DEFAULT_CSS = """
    NotesPane { height: 1fr; }
    NotesPane #notes-header { height: 1; padding: 0 1; color: $text-muted; }
    NotesPane #notes-list { height: 1fr; border: none; }
    NotesPane #notes-empty { padding: 1 2; color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="notes-header", markup=False)
        yield Static(
            "No notes yet. Press b in the Reader or in Search results to bookmark a passage.",
            id="notes-empty",
            markup=False,
        )
        yield NotesList(id="notes-list")

    def on_mount(self) -> None:
        self.refresh_notes()

    def workspace_ready(self, ws: Any) -> None:
        self.refresh_notes()

    def focus_default(self) -> None:
        self.query_one(NotesList).focus()

    def current_location(self) -> Location:
        return Location("notes")

    def show(self, location: Location) -> None:
        self.refresh_notes()

    def _notes(self) -> list:
        try:
            return self.app.notes.all()
        except Exception as exc:
            self.app.notify(f"notes unavailable: {exc}", severity="error")
            return []

    def refresh_notes(self) -> None:
        notes = self._notes()
        notes_list = self.query_one(NotesList)
        highlighted = notes_list.highlighted
        options = []
        for n in notes:
            meta = " · ".join(x for x in (n.published, n.section, f"#{n.passage}") if x)
            quote = n.quote.replace("\n", " ")
            quote = quote if len(quote) <= 80 else quote[:79] + "…"
            parts: list[Any] = [(n.title or n.doc, "bold"), "\n", (meta, "dim"), "\n", f"「{quote}」"]
            if n.note:
                parts += ["\n", ("✎ " + n.note, "italic")]
            options.append(Option(Content.assemble(*parts), id=n.id))
        notes_list.set_options(options)
        if options:
            notes_list.highlighted = min(highlighted or 0, len(options) - 1)
        self.query_one("#notes-empty").display = not notes
        notes_list.display = bool(notes)
        count = len(notes)
        self.query_one("#notes-header", Static).update(
            f"{count} note{'s' if count != 1 else ''} · Enter open · e edit · d delete · x Markdown · c CSV"
        )

    def _selected(self):
        notes_list = self.query_one(NotesList)
        index = notes_list.highlighted
        if index is None:
            return None
        option = notes_list.get_option_at_index(index)
        return self.app.notes.get(option.id or "")

    @on(OptionList.OptionSelected, "#notes-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        note = self._selected()
        if note is None:
            return
        ws = self.app.workspace
        if ws is None or note.doc not in ws.documents:
            self.app.notify(f"{note.doc} is not in this corpus", severity="warning")
            return
        self.post_message(Navigate(Location("reader", doc=note.doc, passage=note.passage)))

    def edit(self) -> None:
        from explorer.tui.dialogs import NoteDialog

        note = self._selected()
        if note is None:
            return

        def save(text: str | None) -> None:
            if text is not None:
                self.app.notes.update(note.id, text)
                self.refresh_notes()

        self.app.push_screen(NoteDialog(note.title, note.section, note.quote, note.note, heading="Edit note"), save)

    def delete(self) -> None:
        note = self._selected()
        if note is None:
            return
        self.app.notes.remove(note.id)
        self.refresh_notes()
        self.app.notify(f"Deleted the note on {note.passage_id}", timeout=2)

    def export(self, fmt: str) -> None:
        from explorer.paths import data_dir
        from explorer.tui.dialogs import ExportDialog
        from explorer.tui.notes_store import export

        notes = self._notes()
        if not notes:
            self.app.notify("No notes to export", timeout=2)
            return
        base = Path(self.app.data_dir or data_dir())
        default = base / ("notes.csv" if fmt == "csv" else "notes.md")

        def write(path: Path | None) -> None:
            if path is None:
                return
            if fmt == "csv" and path.suffix.lower() != ".csv":
                path = path.with_suffix(".csv")
            try:
                written = export(notes, path)
            except OSError as exc:
                self.app.notify(f"could not write {path}: {exc.strerror or exc}", severity="error")
                return
            self.app.notify(f"Exported {len(notes)} notes to {written}", timeout=6)

        self.app.push_screen(ExportDialog("CSV" if fmt == "csv" else "Markdown", default), write)
