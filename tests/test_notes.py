"""Notes: saved atomically in the data directory, survive a crash, export with citations."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest

from explorer import fileio
from explorer.tui import notes_store
from explorer.tui.notes_export import export, to_bibtex, to_csl_json, to_csv, to_markdown
from explorer.tui.notes_store import NotesStore, split_tags

QUOTE = "到2026年，森林覆盖率稳定在63.1%以上。\n第二行"


def _add(store: NotesStore, note: str = "", **kw) -> notes_store.Note:
    return store.add(
        doc="plan",
        passage=21,
        title="三年行动计划",
        published="2024-07",
        section="四、实施重要生态系统保护行动",
        quote=QUOTE,
        note=note,
        **kw,
    )


def test_notes_persist_across_instances(tmp_path):
    store = NotesStore(tmp_path, clock=lambda: "2024-01-01T00:00:00")
    a = _add(store, "target for forests")
    b = _add(store)
    again = NotesStore(tmp_path)
    assert [n.id for n in again] == [a.id, b.id]
    assert again.get(a.id).note == "target for forests"
    again.update(b.id, "  edited  ")
    again.remove(a.id)
    third = NotesStore(tmp_path)
    assert [(n.id, n.note) for n in third] == [(b.id, "edited")]


def test_notes_use_the_data_directory_from_the_environment(tmp_path, monkeypatch):
    from explorer.paths import data_dir

    monkeypatch.setenv("POLICY_EXPLORER_DATA", str(tmp_path / "d"))
    store = NotesStore(data_dir())
    _add(store)
    assert (tmp_path / "d" / "notes.json").exists()


def test_a_crash_while_saving_keeps_the_previous_file(tmp_path, monkeypatch):
    store = NotesStore(tmp_path)
    first = _add(store)
    before = store.path.read_bytes()

    def crash(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(fileio.os, "replace", crash)
    with pytest.raises(OSError):
        _add(store, "lost")
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["notes.json"]  # no temp file left behind
    assert [n.id for n in NotesStore(tmp_path)] == [first.id]


def _set_aside(folder):
    return [p for p in folder.iterdir() if p.name.startswith("notes.json.unreadable-")]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b'{"notes": [ {"doc": "x", ', id="truncated"),
        pytest.param(b"\x00\xff\xfe binary \x89PNG", id="binary"),
        pytest.param(b'"just a string"', id="not-a-list"),
        pytest.param(b'{"notes": [1, "two", null]}', id="non-object-items"),
    ],
)
def test_a_corrupt_notes_file_is_set_aside_not_lost(tmp_path, content):
    (tmp_path / "notes.json").write_bytes(content)
    store = NotesStore(tmp_path)
    assert len(store) == 0
    assert store.problem and str(tmp_path / "notes.json") in store.problem and "\n" not in store.problem
    kept = _set_aside(tmp_path)
    assert len(kept) == 1 and kept[0].read_bytes() == content  # every byte kept
    _add(store)  # the next bookmark works and does not touch the set-aside file
    assert json.loads((tmp_path / "notes.json").read_text(encoding="utf-8"))["notes"][0]["doc"] == "plan"
    assert kept[0].read_bytes() == content


def test_wrong_field_types_keep_the_good_notes_and_the_whole_file(tmp_path):
    good = {"id": "a1", "doc": "plan", "passage": 3, "title": "t", "published": "2024", "section": "", "quote": "q"}
    bad = dict(good, id="b2", passage="three")
    worse = dict(good, id="c3", note=["not", "text"])
    raw = json.dumps({"version": 1, "notes": [good, bad, worse]}, ensure_ascii=False)
    (tmp_path / "notes.json").write_text(raw, encoding="utf-8")
    store = NotesStore(tmp_path)
    assert [n.id for n in store] == ["a1"]
    assert "2 of 3" in store.problem and "passage" in store.problem
    assert _set_aside(tmp_path)[0].read_text(encoding="utf-8") == raw


def test_an_unreadable_notes_file_is_never_overwritten(tmp_path, monkeypatch):
    path = tmp_path / "notes.json"
    path.write_text('{"version": 1, "notes": []}', encoding="utf-8")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads any file: refuse it as the permissions would
        real = type(path).read_bytes

        def refuse(self):
            if self == path:
                raise PermissionError(13, "Permission denied")
            return real(self)

        monkeypatch.setattr(type(path), "read_bytes", refuse)
    try:
        store = NotesStore(tmp_path)
        assert store.problem and "cannot be read" in store.problem
        _add(store)
        kept = _set_aside(tmp_path)
        assert len(kept) == 1 and kept[0].stat().st_mode & 0o777 == 0  # the user's file, untouched
    finally:
        for p in tmp_path.iterdir():
            p.chmod(0o600)


def test_an_unreadable_file_that_cannot_be_set_aside_makes_the_store_read_only(tmp_path, monkeypatch):
    path = tmp_path / "notes.json"
    path.write_bytes(b"\x00garbage")

    def refuse(*_args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(notes_store.os, "rename", refuse)
    store = NotesStore(tmp_path)
    assert store.read_only and "read-only" in store.problem
    with pytest.raises(OSError):
        _add(store)
    assert path.read_bytes() == b"\x00garbage"


def test_fields_a_newer_version_wrote_are_kept(tmp_path):
    item = {
        "id": "a1",
        "doc": "plan",
        "passage": 3,
        "title": "t",
        "published": "2024",
        "section": "",
        "quote": "q",
        "colour": "red",
        "links": [{"to": "b"}],
    }
    (tmp_path / "notes.json").write_text(json.dumps({"version": 9, "sync": {"rev": 4}, "notes": [item]}), "utf-8")
    store = NotesStore(tmp_path)
    assert store.problem is None
    _add(store)
    saved = json.loads((tmp_path / "notes.json").read_text(encoding="utf-8"))
    assert saved["sync"] == {"rev": 4} and saved["version"] == 9
    assert saved["notes"][0]["colour"] == "red" and saved["notes"][0]["links"] == [{"to": "b"}]


def test_a_symlinked_notes_file_is_written_through(tmp_path):
    synced = tmp_path / "synced"
    synced.mkdir()
    (synced / "notes.json").write_text('{"version": 1, "notes": []}', encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "notes.json").symlink_to(synced / "notes.json")
    _add(NotesStore(data), "through the link")
    assert (data / "notes.json").is_symlink()
    assert "through the link" in (synced / "notes.json").read_text(encoding="utf-8")


def test_notes_are_kept_per_corpus_and_old_ones_follow_their_document(tmp_path):
    store = NotesStore(tmp_path)
    a = _add(store, corpus="/c/one")
    b = _add(store, corpus="/c/two")
    old = _add(store)  # no corpus: written by version 1
    assert [n.id for n in store.of_corpus("/c/one", {"plan"})] == [a.id, old.id]
    assert [n.id for n in store.of_corpus("/c/two", {"other"})] == [b.id]
    assert len(store.all()) == 3


def test_delete_then_undo_puts_the_note_back_in_place(tmp_path):
    store = NotesStore(tmp_path)
    first, second, third = _add(store, "1"), _add(store, "2"), _add(store, "3")
    store.remove(second.id)
    assert [n.id for n in NotesStore(tmp_path)] == [first.id, third.id]
    assert store.undo_remove() == second
    assert [n.id for n in NotesStore(tmp_path)] == [first.id, second.id, third.id]
    assert store.undo_remove() is None


def test_tags_are_words_after_a_hash():
    assert split_tags("森林 target #林业 #目标 #林业") == ("森林 target", ("林业", "目标"))
    assert split_tags("no tags") == ("no tags", ())


def test_markdown_export_cites_title_date_section_and_quotes(tmp_path):
    store = NotesStore(tmp_path)
    _add(store, "compare with the 2023 report")
    md = to_markdown(store.all())
    assert "## 1. 三年行动计划" in md
    assert "> 到2026年，森林覆盖率稳定在63.1%以上。\n> 第二行" in md
    assert "— 《三年行动计划》, 2024-07, 四、实施重要生态系统保护行动, passage 21 (plan#21)" in md
    assert "compare with the 2023 report" in md


def test_csv_export_round_trips_chinese_text(tmp_path):
    store = NotesStore(tmp_path)
    _add(store, 'a "quoted", note')
    rows = list(csv.DictReader(io.StringIO(to_csv(store.all()))))
    assert rows[0]["quote"] == QUOTE
    assert rows[0]["note"] == 'a "quoted", note'
    assert rows[0]["passage"] == "21" and rows[0]["published"] == "2024-07"
    path = export(store.all(), tmp_path / "out" / "notes.csv")
    assert path.read_text(encoding="utf-8").startswith("doc,passage,title")
    md = export(store.all(), tmp_path / "out" / "notes.md")
    assert md.read_text(encoding="utf-8").startswith("# Notes")
    assert not any(p.name.endswith(".tmp") for p in (tmp_path / "out").iterdir())
    assert os.access(path, os.R_OK)


def test_csv_with_a_byte_order_mark_for_excel(tmp_path):
    store = NotesStore(tmp_path)
    _add(store, "湿地")
    path = export(store.all(), tmp_path / "notes.csv", bom=True)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel then reads the Chinese as UTF-8
    assert raw.decode("utf-8-sig").startswith("doc,passage,title")
    assert not export(store.all(), tmp_path / "plain.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_bibtex_export_for_zotero(tmp_path):
    store = NotesStore(tmp_path)
    _add(store, "50% {odd} & 100_000", tags=("林业",), issuer="江西省人民政府", kind="plan")
    bib = to_bibtex(store.all())
    assert bib.startswith("@misc{plan-21,")
    assert "title = {{三年行动计划}}" in bib and "author = {{江西省人民政府}}" in bib
    assert "date = {2024-07}" in bib and "year = {2024}" in bib and "keywords = {林业}" in bib
    assert "50\\% \\{odd\\} \\& 100\\_000" in bib


def test_csl_json_export_for_zotero(tmp_path):
    store = NotesStore(tmp_path)
    _add(store, "note", tags=("a", "b"), issuer="江西省人民政府", kind="report")
    items = json.loads(to_csl_json(store.all()))
    assert items[0]["type"] == "report" and items[0]["title"] == "三年行动计划"
    assert items[0]["issued"] == {"date-parts": [[2024, 7]]}
    assert items[0]["author"] == [{"literal": "江西省人民政府"}]
    assert QUOTE in items[0]["abstract"] and items[0]["keyword"] == "a, b"
