"""Snapshots of the main screens at 80×24 and 140×45 (pytest-textual-snapshot). Fixed data: the bundled
corpus, an empty notes folder, no clock on screen. Update with `pytest tests/test_snapshots.py --snapshot-update`
after checking the new screens by eye (the report is written to snapshot_report.html)."""

from __future__ import annotations

import pytest
from tui_support import make_app, reader_pane, ready, settle, shared_workspace, type_query, wait_for

from explorer.tui.dialogs import NoteDialog

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((140, 45), id="140x45")]
QUERY = "生态环境"  # a generic term: many hits in every document of the bundled corpus


@pytest.fixture
def ws(tmp_path_factory):
    return shared_workspace(tmp_path_factory)


async def _search(pilot) -> None:
    await ready(pilot)
    await type_query(pilot, QUERY)
    await pilot.press("down")
    await settle(pilot)


async def _reader(pilot) -> None:
    await _search(pilot)
    await pilot.press("down", "enter")
    reader = reader_pane(pilot.app)
    await wait_for(pilot, lambda: pilot.app.active_pane == "reader" and reader.settled and bool(reader.hits))
    await pilot.press("right")  # a mark chosen: shown in the status line
    await settle(pilot)


async def _notes(pilot) -> None:
    await _reader(pilot)
    await pilot.press("b")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, NoteDialog))
    await pilot.press(*"check")
    await pilot.press("enter")
    await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.press("f7")
    await settle(pilot)


async def _help(pilot) -> None:
    await ready(pilot)
    await pilot.press("f1")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_search_screen(snap_compare, ws, size):
    assert snap_compare(make_app(ws.index_dir, workspace=ws), terminal_size=size, run_before=_search)


@pytest.mark.parametrize("size", SIZES)
def test_reader_screen(snap_compare, ws, size):
    assert snap_compare(make_app(ws.index_dir, workspace=ws), terminal_size=size, run_before=_reader)


@pytest.mark.parametrize("size", SIZES)
def test_notes_screen(snap_compare, ws, size):
    assert snap_compare(make_app(ws.index_dir, workspace=ws), terminal_size=size, run_before=_notes)


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare, ws, size):
    assert snap_compare(make_app(ws.index_dir, workspace=ws), terminal_size=size, run_before=_help)
