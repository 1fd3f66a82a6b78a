"""Notes: saved atomically in the data directory, survive a crash, export with citations."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest

from explorer import fileio
from explorer.tui import notes_store
from explorer.tui.notes_store import NotesStore, export, to_csv, to_markdown

QUOTE = "到2026年，森林覆盖率稳定在63.1%以上。\n第二行"


def _add(store: NotesStore, note: str = "") -> notes_store.Note:
    return store.add(
        doc="plan",
        passage=21,
        title="三年行动计划",
        published="2024-07",
        section="四、实施重要生态系统保护行动",
        quote=QUOTE,
        note=note,
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


def test_a_damaged_notes_file_is_set_aside_not_lost(tmp_path):
    (tmp_path / "notes.json").write_text('{"notes": [ {"doc": "x", ', encoding="utf-8")
    store = NotesStore(tmp_path)
    assert len(store) == 0
    assert store.problem and "damaged" in store.problem
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("notes.json.unreadable")]
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8").startswith('{"notes"')
    _add(store)
    assert json.loads((tmp_path / "notes.json").read_text(encoding="utf-8"))["notes"][0]["doc"] == "plan"


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
