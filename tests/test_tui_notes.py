"""Notes: bookmark with a note (from the reader and from search), list, open, edit, delete, export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from textual.widgets import Input
from tui_support import make_app, reader_pane, ready, search_pane, settle, shared_workspace, type_query, wait_for

from explorer.paths import data_dir
from explorer.tui.dialogs import ConfirmDialog, ExportDialog, NoteDialog
from explorer.tui.messages import Location


@pytest.fixture
def ws(tmp_path_factory):
    return shared_workspace(tmp_path_factory)


async def _bookmark_in_reader(pilot, doc, passage, note: str):
    app = pilot.app
    app.navigate(Location("reader", doc=doc, passage=passage))
    reader = reader_pane(app)
    await wait_for(pilot, lambda: reader.settled and reader.doc.id == doc and app.focused is not None)
    await settle(pilot)
    await pilot.press("b")
    await wait_for(pilot, lambda: isinstance(app.screen, NoteDialog))
    await pilot.pause()
    for ch in note:
        await pilot.press(ch if ch != " " else "space")
    await pilot.press("enter")
    await wait_for(pilot, lambda: not isinstance(app.screen, NoteDialog))


async def test_bookmark_a_passage_with_a_note_saved_in_the_data_directory(ws):
    doc = max(ws.documents.values(), key=lambda d: len(d.headings))
    passage = next(p for p in doc.passages if p.section and not p.excluded)
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await _bookmark_in_reader(pilot, doc.id, passage.index, "目标 check")
        saved = json.loads((data_dir() / "notes.json").read_text(encoding="utf-8"))["notes"]
        assert len(saved) == 1
        note = saved[0]
        assert (note["doc"], note["passage"], note["note"]) == (doc.id, passage.index, "目标 check")
        assert note["title"] == doc.record.title and note["published"] == doc.record.published
        assert note["section"] == passage.section_path and note["quote"] == passage.text
        await pilot.press("f7")
        await pilot.pause()
        notes_list = app.query_one("#notes-list")
        assert notes_list.option_count == 1
        assert "目标 check" in str(notes_list.get_option_at_index(0).prompt)


async def test_escape_cancels_the_bookmark(ws):
    doc = next(iter(ws.documents.values()))
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.navigate(Location("reader", doc=doc.id, passage=1))
        await wait_for(pilot, lambda: reader_pane(app).settled)
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteDialog))
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.notes) == 0


async def test_bookmark_a_search_result(ws):
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await type_query(pilot, "生态")
        hit = search_pane(app).last_result.hits[0]
        await pilot.press("down")
        await pilot.pause()
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteDialog))
        await pilot.press("enter")  # an empty note is fine
        await pilot.pause()
        [note] = app.notes.all()
        assert (note.doc, note.passage, note.note) == (hit.doc, hit.passage, "")


async def test_notes_open_edit_delete_and_export(ws, tmp_path):
    docs = list(ws.documents.values())
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await _bookmark_in_reader(pilot, docs[0].id, 2, "first")
        await _bookmark_in_reader(pilot, docs[1].id, 3, "second")
        await pilot.press("f7")
        await pilot.pause()
        assert app.focused.id == "notes-list"
        # edit the first
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteDialog))
        app.screen.query_one(Input).value = "first, edited"
        await pilot.press("enter")
        await pilot.pause()
        assert app.notes.all()[0].note == "first, edited"
        # export Markdown to a chosen path
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog))
        assert app.screen.query_one(Input).value == str(data_dir() / "notes.md")
        app.screen.query_one(Input).value = str(tmp_path / "out.md")
        await pilot.press("enter")
        await pilot.pause()
        md = (tmp_path / "out.md").read_text(encoding="utf-8")
        assert f"《{docs[0].record.title}》" in md and docs[0].record.published in md
        assert ws.passage(docs[1].id, 3).text.splitlines()[0] in md
        assert "first, edited" in md
        # export CSV: the path is not selected, so typing edits it (the suffix chooses the format)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog))
        path_input = app.screen.query_one(Input)
        assert path_input.selection.is_empty and path_input.cursor_position == len(path_input.value)
        await pilot.press("backspace", "backspace", "c", "s", "v", "enter")
        await settle(pilot)
        raw = (data_dir() / "notes.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # with a byte-order mark by default: Excel reads UTF-8
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert [r["doc"] for r in rows] == [docs[0].id, docs[1].id]
        # open the second in the reader
        await pilot.press("down", "enter")
        reader = reader_pane(app)
        await wait_for(pilot, lambda: app.active_pane == "reader" and reader.settled and reader.doc.id == docs[1].id)
        assert reader.cursor == 3
        # delete it: asked first (n keeps it, y deletes), u undoes
        await pilot.press("f7")
        await settle(pilot)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")
        await settle(pilot)
        assert len(app.notes.all()) == 2
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await settle(pilot)
        assert [n.note for n in app.notes.all()] == ["first, edited"]
        await pilot.press("u")
        await settle(pilot)
        assert [n.note for n in app.notes.all()] == ["first, edited", "second"]


async def test_notes_survive_a_restart(ws):
    doc = next(iter(ws.documents.values()))
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await _bookmark_in_reader(pilot, doc.id, 0, "kept")
    again = make_app(ws.index_dir, workspace=ws)
    async with again.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("f7")
        await pilot.pause()
        assert again.query_one("#notes-list").option_count == 1


async def test_notes_are_per_corpus_with_a_view_of_all(ws):
    from explorer.tui.notes_store import NotesStore

    NotesStore(data_dir()).add(
        doc="elsewhere", passage=1, title="另一份报告", published="2020", section="", quote="……", corpus="/other/corpus"
    )
    doc = next(iter(ws.documents.values()))
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await _bookmark_in_reader(pilot, doc.id, 0, "here")
        await pilot.press("f7")
        await settle(pilot)
        notes_list = app.query_one("#notes-list")
        assert notes_list.option_count == 1  # only this corpus's
        await pilot.press("g")
        await settle(pilot)
        assert notes_list.option_count == 2
        assert app.notes.all()[1].corpus == str(ws.corpus_dir.resolve())


async def test_a_damaged_notes_file_is_said_and_the_app_keeps_working(ws):
    (data_dir() / "notes.json").write_bytes(b'{"notes": [1, 2, "x"]}')
    doc = next(iter(ws.documents.values()))
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("f7")
        await settle(pilot)
        warnings = [m for m, severity in app.test_notifications if severity == "warning" and "notes.json" in m]
        assert len(warnings) == 1 and "kept as notes.json.unreadable-" in warnings[0]
        await _bookmark_in_reader(pilot, doc.id, 0, "after")
        assert [n.note for n in app.notes.all()] == ["after"]
    assert any(p.name.startswith("notes.json.unreadable-") for p in data_dir().iterdir())
