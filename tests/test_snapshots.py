"""Snapshots of every pane at 80×24, 120×40 and 200×50 (pytest-textual-snapshot), and help once. Fixed data:
the bundled corpus, an empty notes folder, no clock on screen; every wait is on events (workers done, messages
handled). Update with `pytest tests/test_snapshots.py --snapshot-update` after checking the new screens by eye
(the report is written to snapshot_report.html)."""

from __future__ import annotations

import pytest
from conftest import PLAN
from tui_support import make_app, reader_pane, ready, settle, shared_workspace, type_query, wait_for

from explorer.tui.dialogs import HelpScreen, NoteDialog
from explorer.tui.messages import Location

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40"), pytest.param((200, 50), id="200x50")]
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
    """The plan's forest-cover passage read with a query, its figure mark chosen: the status line names it."""
    await _go(pilot, Location("reader", doc=PLAN, passage=21, query="森林覆盖率"))
    reader = reader_pane(pilot.app)
    await wait_for(pilot, lambda: reader.settled and bool(reader.hits))
    await pilot.press("right")
    await settle(pilot)


async def _go(pilot, location: Location) -> None:
    await ready(pilot)
    pilot.app.navigate(location)
    await wait_for(pilot, lambda: pilot.app.active_pane == location.pane)
    await settle(pilot)


async def _measures(pilot) -> None:
    await _go(pilot, Location("measures", doc=PLAN))


async def _figures(pilot) -> None:
    """Two indicators compared: the layout that overlapped at 120 columns."""
    await _go(pilot, Location("figures", indicator="森林覆盖率"))
    await pilot.press("c")
    await settle(pilot)
    await _go(pilot, Location("figures", indicator="PM2.5平均浓度"))
    pilot.app.clear_notifications()
    await settle(pilot)


async def _references(pilot) -> None:
    await _go(pilot, Location("references", doc=PLAN))


async def _notes(pilot) -> None:
    await _reader(pilot)
    pilot.app.clear_notifications()
    await pilot.press("b")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, NoteDialog))
    await pilot.press(*"check", "space", "#", *"wetland")
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("f7")
    await settle(pilot)
    pilot.app.clear_notifications()
    await settle(pilot)


async def _help(pilot) -> None:
    await _measures(pilot)
    await pilot.press("f1")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
    await settle(pilot)


SCREENS = {
    "search": _search,
    "reader": _reader,
    "measures": _measures,
    "figures": _figures,
    "references": _references,
    "notes": _notes,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("pane", list(SCREENS))
def test_pane(snap_compare, ws, pane, size):
    assert snap_compare(make_app(ws.index_dir, workspace=ws), terminal_size=size, run_before=SCREENS[pane])


def test_help_screen(snap_compare, ws):
    assert snap_compare(make_app(ws.index_dir, workspace=ws), terminal_size=(120, 40), run_before=_help)
