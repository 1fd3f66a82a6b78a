"""Pilot tests of the Compare pane (F8): the proposed pair, results as messages, stale results dropped,
Enter to the Reader with history, b to bookmark; snapshots at 80×24 and 120×40."""

from __future__ import annotations

import pytest
from tui_support import make_app, ready, shared_workspace, wait_for

from explorer.tui.dialogs import NoteDialog
from explorer.tui.panes.compare import CompareReady

OLD, NEW = "jx-feature-2024-eed-review-2023", "jx-feature-2026-eed-review-2025"
PLAN = "jx-eco-plan-2024-2026"
DRC = "jx-feature-2024-drc-eco-highland"


@pytest.fixture
def ws(tmp_path_factory):
    return shared_workspace(tmp_path_factory)


def compare_pane(app):
    return app.query_one("#compare-pane")


async def open_compare(pilot, messages: list) -> object:
    await ready(pilot)
    await pilot.press("f8")
    await wait_for(pilot, lambda: pilot.app.pane_widget("compare") is not None, what="the compare pane")
    pane = compare_pane(pilot.app)
    await wait_for(pilot, lambda: any(isinstance(m, CompareReady) for m in messages), what="a CompareReady message")
    await wait_for(pilot, lambda: pane.comparison is not None, what="the comparison shown")
    await pilot.pause()
    return pane


async def test_proposes_last_two_of_same_issuer_and_kind(ws):
    messages: list = []
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: getattr(app.pane_widget("compare"), "data_ready", False), what="the pane")
        hidden = compare_pane(app)
        # Nothing is computed while the pane is hidden: start-up belongs to the index and the search.
        assert hidden.comparison is None and hidden._pending == (OLD, NEW)
        assert not any(isinstance(m, CompareReady) for m in messages)
        pane = await open_compare(pilot, messages)
        ready_messages = [m for m in messages if isinstance(m, CompareReady)]
        assert (ready_messages[0].a, ready_messages[0].b) == (OLD, NEW)
        assert ready_messages[0].error is None
        assert pane.pair == (OLD, NEW)
        assert pane.comparison.a == OLD and pane.comparison.b == NEW
        table = pane.query_one("#compare-table")
        assert table.row_count == len(pane.comparison.targets)


async def test_stale_result_is_dropped(ws):
    messages: list = []
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        pane = await open_compare(pilot, messages)
        shown = pane.comparison
        # A late result for a pair the user has left must not replace what is shown.
        pane.post_message(CompareReady(PLAN, NEW, comparison=object()))
        await pilot.pause(0.1)
        assert pane.comparison is shown
        # Choosing another pair computes it and shows it.
        before = len([m for m in messages if isinstance(m, CompareReady)])
        pane.choose(PLAN, NEW)
        await wait_for(pilot, lambda: pane.comparison is not shown and pane.comparison.a == PLAN, what="new pair")
        assert len([m for m in messages if isinstance(m, CompareReady)]) > before
        assert pane.comparison.coverage is not None  # a plan against a later report: what it speaks to


async def test_enter_opens_reader_with_history_and_b_bookmarks(ws):
    messages: list = []
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        pane = await open_compare(pilot, messages)
        pane.choose(PLAN, NEW)
        await wait_for(pilot, lambda: pane.comparison is not None and pane.comparison.a == PLAN, what="plan pair")
        await pilot.press("v")  # targets → measures
        await pilot.pause()
        assert pane.view == "measures"
        pane.focus_default()
        await pilot.pause()
        row = pane._current()
        assert row is not None
        side = row.b or row.a
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.active_pane == "reader", what="the reader")
        navs = [m for m in messages if type(m).__name__ == "Navigate"]
        assert navs and (navs[-1].location.doc, navs[-1].location.passage) == (side.doc, side.passage)
        await pilot.press("alt+left")
        await wait_for(pilot, lambda: app.active_pane == "compare", what="back to compare")
        await pilot.pause()
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteDialog), what="the note dialog")
        bookmarks = [m for m in messages if type(m).__name__ == "Bookmark"]
        assert bookmarks and (bookmarks[-1].doc, bookmarks[-1].passage) == (side.doc, side.passage)


async def _compare_screen(pilot) -> None:
    """The plan against the feature that reports on it a month later, on the coverage view."""
    await ready(pilot)
    await pilot.press("f8")
    app = pilot.app
    await wait_for(pilot, lambda: app.pane_widget("compare") is not None, what="the compare pane")
    pane = compare_pane(app)
    await wait_for(pilot, lambda: pane.comparison is not None, what="the comparison")
    pane.choose(PLAN, DRC)
    await wait_for(pilot, lambda: pane.comparison.a == PLAN, what="the plan's comparison")
    pane.focus_default()
    await pilot.press("v", "v", "v")
    await wait_for(pilot, lambda: pane.view == "coverage", what="the coverage view")
    await pilot.pause(0.3)


@pytest.mark.parametrize("size", [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")])
def test_compare_screen(snap_compare, ws, size):
    assert snap_compare(make_app(ws.index_dir, workspace=ws), terminal_size=size, run_before=_compare_screen)


async def test_target_row_opens_its_passage_and_a_opens_side_a(ws):
    messages: list = []
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        pane = await open_compare(pilot, messages)
        pane.choose(PLAN, NEW)
        await wait_for(pilot, lambda: pane.comparison is not None and pane.comparison.a == PLAN, what="plan pair")
        assert pane.view == "targets" and pane.comparison.targets
        pane.focus_default()
        await pilot.pause()
        row = pane._current()
        assert row.a is not None and row.a.doc == PLAN  # the plan's targets: 到2026年… stated in A
        detail = str(pane.query_one("#compare-detail-text").render())
        assert row.a.quote[:10] in detail
        await pilot.press("a")
        await wait_for(pilot, lambda: app.active_pane == "reader", what="the reader")
        nav = [m for m in messages if type(m).__name__ == "Navigate"][-1]
        assert (nav.location.doc, nav.location.passage) == (PLAN, row.a.passage)
