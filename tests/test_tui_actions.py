"""The palette's actions (switch corpus, export notes, compare), the reader's marks asked per reference type
for one document, and the reader's "no hits" message without a query."""

from __future__ import annotations

import pytest
from conftest import PLAN
from textual.widgets import Input
from tui_support import make_app, reader_pane, ready, settle, shared_workspace, wait_for

from explorer.model import REF_TYPES
from explorer.tui.dialogs import CorpusDialog, ExportDialog
from explorer.tui.marks import collect_marks
from explorer.tui.messages import Location


@pytest.fixture
def ws(tmp_path_factory):
    return shared_workspace(tmp_path_factory)


async def _run_system_command(pilot, title: str) -> None:
    """As a user does: Ctrl+P, the action's name, Enter."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*[ch if ch != " " else "space" for ch in title])
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_switch_corpus_asks_for_a_folder_and_restarts_on_it(ws, tmp_path):
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await _run_system_command(pilot, "Switch corpus")
        await wait_for(pilot, lambda: isinstance(app.screen, CorpusDialog))
        field = app.screen.query_one(Input)
        assert field.selection.is_empty  # the current folder is offered, not selected
        field.value = str(tmp_path / "nowhere")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CorpusDialog) and app.next_corpus is None  # no such folder: it says so
        field.value = str(tmp_path)
        await pilot.press("enter")
        await settle(pilot)
    assert app.next_corpus == tmp_path


async def test_export_from_the_palette_opens_the_export_dialog(ws):
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.notes.add(
            doc=PLAN, passage=1, title="t", published="2024", section="", quote="q", corpus=str(ws.corpus_dir.resolve())
        )
        await _run_system_command(pilot, "Export notes")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog))
        assert app.active_pane == "notes"


async def test_compare_from_the_palette_pins_the_indicator_in_figures(ws):
    from explorer.tui.panes.figures import FiguresPane

    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.navigate(Location("figures", indicator="森林覆盖率"))
        pane = app.query_one(FiguresPane)
        await wait_for(pilot, lambda: pane.current is not None and pane.current.name == "森林覆盖率")
        await _run_system_command(pilot, "Compare")
        await settle(pilot)
        assert app.active_pane == "figures"
        assert any("pinned" in message for message, _ in app.test_notifications)


def test_reader_marks_ask_for_one_document_one_type_at_a_time(ws):
    asked: list[dict] = []
    real = ws.refs

    def recording(**kwargs):
        asked.append(kwargs)
        return real(**kwargs)

    class Spy:
        def __getattr__(self, name):
            return recording if name == "refs" else getattr(ws, name)

    collect_marks(Spy(), PLAN)
    assert asked and all(a.get("doc") == PLAN and a.get("type") in REF_TYPES for a in asked)
    assert {a["type"] for a in asked} == set(REF_TYPES)


async def test_next_hit_without_a_query_says_how_to_get_one(ws):
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.navigate(Location("reader", doc=PLAN, passage=3))
        reader = reader_pane(app)
        await wait_for(pilot, lambda: reader.settled)
        await pilot.press("n")
        await settle(pilot)
        assert any(m.startswith("No hits: open a passage from Search") for m, _ in app.test_notifications)
