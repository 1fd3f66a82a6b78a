"""Notes pane: the bookmarks taken in this corpus (g: every corpus's), each with its citation and tags;
edit, delete (asks first, u undoes), export with citations (Markdown, CSV, BibTeX, CSL-JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from explorer.tui.commands import bindings_for
from explorer.tui.messages import Location, Navigate
from explorer.tui.notes_store import Note, NotesStore, split_tags, with_tags
from explorer.tui.wrapped import WrappedText

if TYPE_CHECKING:
    from explorer.tui.app import PolicyExplorerApp
    from explorer.workspace import Workspace


class NotesList(OptionList):
    BINDINGS = bindings_for("notes")

    @property
    def pane(self) -> NotesPane:
        return next(a for a in self.ancestors if isinstance(a, NotesPane))

    def action_edit(self) -> None:
        self.pane.edit()

    def action_delete(self) -> None:
        self.pane.delete()

    def action_undo(self) -> None:
        self.pane.undo()

    def action_toggle_scope(self) -> None:
        self.pane.toggle_scope()

    def action_export(self) -> None:
        self.pane.export()


class NotesPane(Widget):
    DEFAULT_CSS = """
    NotesPane { height: 1fr; }
    NotesPane #notes-header { height: auto; padding: 0 1; color: $text-muted; }
    NotesPane #notes-list { height: 1fr; border: none; }
    NotesPane #notes-empty { padding: 1 2; color: $text-muted; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.corpus: str = ""  # the corpus folder notes are kept under
        self.doc_ids: frozenset[str] = frozenset()
        self.everywhere = False  # every corpus's notes, not only this one's
        self._shown: list[Note] = []

    @property
    def explorer(self) -> PolicyExplorerApp:
        from explorer.tui.app import PolicyExplorerApp

        app = self.app
        assert isinstance(app, PolicyExplorerApp)
        return app

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

    def workspace_ready(self, ws: Workspace) -> None:
        self.corpus = corpus_key(ws.corpus_dir)
        self.doc_ids = frozenset(ws.documents)
        self.refresh_notes()

    def focus_default(self) -> None:
        self.query_one(NotesList).focus()

    def current_location(self) -> Location:
        return Location("notes")

    def show(self, location: Location) -> None:
        self.refresh_notes()

    @property
    def store(self) -> NotesStore:
        return self.explorer.notes

    def shown_notes(self) -> list[Note]:
        return (
            self.store.all() if self.everywhere or not self.corpus else self.store.of_corpus(self.corpus, self.doc_ids)
        )

    def refresh_notes(self) -> None:
        notes = self._shown = self.shown_notes()
        notes_list = self.query_one(NotesList)
        highlighted = notes_list.highlighted
        options = []
        for n in notes:
            meta = " · ".join(x for x in (n.published, n.section, f"#{n.passage}") if x)
            if self.everywhere and n.corpus:
                meta += f" · {Path(n.corpus).name}"
            quote = " ".join(n.quote.split())
            quote = quote if len(quote) <= 80 else quote[:79] + "…"
            parts: list[str | tuple[str, str] | Content] = [(n.title or n.doc, "bold"), "\n", (meta, "dim")]
            parts += ["\n", f"「{quote}」"]
            if n.note or n.tags:
                parts += ["\n", ("✎ " + with_tags(n.note, n.tags), "italic")]
            options.append(Option(WrappedText(Content.assemble(*parts)), id=n.id))
        notes_list.set_options(options)
        if options:
            notes_list.highlighted = min(highlighted or 0, len(options) - 1)
        self.query_one("#notes-empty").display = not notes
        notes_list.display = bool(notes)
        total = len(self.store)
        where = "in every corpus" if self.everywhere else f"in this corpus ({total} in all · g all corpora)"
        tags = self.store.tags()
        tag_line = f" · tags: {' '.join('#' + t for t in tags[:8])}" if tags else ""
        self.query_one("#notes-header", Static).update(
            f"{len(notes)} note{'s' if len(notes) != 1 else ''} {where}{tag_line} · F1 keys"
        )

    def _selected(self) -> Note | None:
        index = self.query_one(NotesList).highlighted
        if index is None or not (0 <= index < len(self._shown)):
            return None
        return self._shown[index]

    @on(OptionList.OptionSelected, "#notes-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        note = self._selected()
        if note is None:
            return
        if note.doc not in self.doc_ids:
            self.app.notify(f"{note.doc} is not in this corpus", severity="warning")
            return
        self.post_message(Navigate(Location("reader", doc=note.doc, passage=note.passage)))

    def edit(self) -> None:
        from explorer.tui.dialogs import NoteDialog

        note = self._selected()
        if note is None:
            return

        def save(text: str | None) -> None:
            if text is None:
                return
            body, tags = split_tags(text)
            try:
                self.store.update(note.id, body, tags)
            except OSError as exc:
                self.app.notify(f"could not save the note: {exc.strerror or exc}", severity="error")
            self.refresh_notes()

        dialog = NoteDialog(note.title, note.section, note.quote, with_tags(note.note, note.tags), heading="Edit note")
        self.app.push_screen(dialog, save)

    def delete(self) -> None:
        from explorer.tui.dialogs import ConfirmDialog

        note = self._selected()
        if note is None:
            return

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.store.remove(note.id)
            except OSError as exc:
                self.app.notify(f"could not delete the note: {exc.strerror or exc}", severity="error")
                return
            self.refresh_notes()
            self.app.notify(f"Deleted the note on {note.passage_id} — u undoes", timeout=4)

        self.app.push_screen(ConfirmDialog(f"Delete the note on {note.passage_id}?", note.note or note.quote), answer)

    def undo(self) -> None:
        try:
            note = self.store.undo_remove()
        except OSError as exc:
            self.app.notify(f"could not restore the note: {exc.strerror or exc}", severity="error")
            return
        if note is None:
            self.app.notify("Nothing to undo", timeout=2)
            return
        self.refresh_notes()
        self.app.notify(f"Restored the note on {note.passage_id}", timeout=3)

    def toggle_scope(self) -> None:
        self.everywhere = not self.everywhere
        self.refresh_notes()

    def export(self) -> None:
        from explorer.paths import data_dir
        from explorer.tui.dialogs import ExportDialog
        from explorer.tui.notes_export import export

        notes = self.shown_notes()
        if not notes:
            self.app.notify("No notes to export", timeout=2)
            return
        default = Path(self.explorer.data_dir or data_dir()) / "notes.md"

        def write(answer: tuple[Path, bool] | None) -> None:
            if answer is None:
                return
            path, bom = answer
            try:
                written = export(notes, path, bom=bom)
            except OSError as exc:
                self.app.notify(f"could not write {path}: {exc.strerror or exc}", severity="error")
                return
            self.app.notify(f"Exported {len(notes)} notes to {written}", timeout=6)

        self.app.push_screen(ExportDialog(default, len(notes)), write)


def corpus_key(corpus_dir: Path) -> str:
    """Notes are kept per corpus folder (its resolved path)."""
    return str(Path(corpus_dir).resolve())
