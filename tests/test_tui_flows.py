"""Flows between the panes, keyboard only: search → open → follow a reference → back/forward; the
researcher's round trip (figure → passage → series → measure → report passages → notes); another corpus."""

from __future__ import annotations

import pytest
from conftest import needs_shared, write_work_report_corpus
from textual.widgets import Input
from tui_support import (
    errors_shown,
    make_app,
    reader_pane,
    ready,
    search_pane,
    settle,
    shared_workspace,
    type_query,
    wait_for,
)

from explorer.paths import data_dir
from explorer.tui.dialogs import ExportDialog, NoteDialog


@pytest.fixture
def ws(tmp_path_factory):
    return shared_workspace(tmp_path_factory)


async def _highlight_result(pilot, doc: str, passage: int) -> bool:
    """Move down the results until the wanted passage is highlighted (keys only)."""
    pane = search_pane(pilot.app)
    await pilot.press("down")
    for _ in range(len(pane.last_result.hits)):
        hit = pane.highlighted_hit()
        if hit is not None and (hit.doc, hit.passage) == (doc, passage):
            return True
        await pilot.press("down")
    return False


async def _select_mark(pilot, predicate) -> bool:
    reader = reader_pane(pilot.app)
    for _ in range(len(reader.marks.get(reader.cursor, []))):
        await pilot.press("right")
        mark = reader.selected_mark()
        if mark is not None and predicate(mark):
            return True
    return False


async def test_search_open_follow_a_reference_back_and_forward(ws):
    from explorer.tui.marks import collect_marks

    # a passage with a mark that leads to another pane, and a query that finds the passage
    found = None
    for doc in ws.documents.values():
        for mark in collect_marks(ws, doc.id):
            if mark.start is not None and mark.target.pane != "reader":
                text = ws.passage(doc.id, mark.passage).text
                found = (doc.id, mark, text[mark.start : mark.end])
                break
        if found:
            break
    if found is None:
        pytest.skip("no marks (extractors missing)")
    doc, mark, words = found
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        app.query_one("#query", Input).value = f'"{words}"'
        pane = search_pane(app)
        await wait_for(pilot, lambda: pane.settled and pane.last_result is not None and pane.last_result.hits)
        assert await _highlight_result(pilot, doc, mark.passage)
        await pilot.press("enter")
        reader = reader_pane(app)
        await wait_for(pilot, lambda: app.active_pane == "reader" and reader.settled and reader.doc.id == doc)
        assert reader.cursor == mark.passage
        assert await _select_mark(pilot, lambda m: m == mark)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.active_pane == mark.target.pane)
        assert [loc.pane for loc in app.history.entries()] == ["search", "reader", mark.target.pane]
        await pilot.press("alt+left")
        await wait_for(pilot, lambda: app.active_pane == "reader")
        assert (reader.doc.id, reader.cursor) == (doc, mark.passage)
        await pilot.press("left_square_bracket")  # the reader has focus: [ works too
        await wait_for(pilot, lambda: app.active_pane == "search")
        assert search_pane(app).query_text() == f'"{words}"'
        await pilot.press("alt+right", "alt+right")
        await wait_for(pilot, lambda: app.active_pane == mark.target.pane)
        assert not errors_shown(app)


async def test_the_researchers_round_trip_without_the_mouse(ws):
    """Find a plan target's figure, open its passage, see the indicator's series, go to the plan measure,
    follow a report passage on it, come back, and export the notes taken on the way."""
    try:
        tracked = [t for t in ws.targets() if t.measure and t.reported]
    except Exception:
        tracked = []
    if not tracked:
        pytest.skip("no tracked targets (extractors missing)")
    target = tracked[0]
    figure = target.target
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        # 1. search the indicator's words in the passage, open the plan passage
        passage_text = ws.passage(figure.doc, figure.passage).text
        words = passage_text[figure.label_start : figure.label_end] if figure.label_start is not None else figure.label
        app.query_one("#query", Input).value = f'"{words}"'
        pane = search_pane(app)
        await wait_for(pilot, lambda: pane.settled and pane.last_result is not None and pane.last_result.hits)
        assert await _highlight_result(pilot, figure.doc, figure.passage)
        await pilot.press("enter")
        reader = reader_pane(app)
        await wait_for(pilot, lambda: app.active_pane == "reader" and reader.settled and reader.doc.id == figure.doc)
        # 2. bookmark it with a note
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteDialog))
        await pilot.press(*"target", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, NoteDialog))
        # 3. the figure mark → the indicator's series
        assert await _select_mark(pilot, lambda m: m.kind == "figure" and m.start == figure.start)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.active_pane == "figures")
        assert app.history.current.indicator == figure.indicator
        # 4. back, then the plan measure through the palette (Ctrl+P, type, Enter)
        await pilot.press("alt+left")
        await wait_for(pilot, lambda: app.active_pane == "reader")
        measure = next(m for m in ws.measures() if m.id == target.measure)
        await wait_for(pilot, lambda: bool(app.palette_data.measures))
        await pilot.press("ctrl+p")
        await settle(pilot)
        for ch in f"{measure.number}{measure.title}"[:12]:
            await pilot.press(ch if ch != " " else "space")
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.active_pane == "measures")
        assert app.history.current.measure == measure.id
        # 5. a report passage on it, chosen in the measure's details with the keyboard, opens in the reader
        from explorer.tui.panes.measures import MeasuresPane

        measures_pane = app.query_one(MeasuresPane)
        detail = app.query_one("#measure-detail")
        await wait_for(pilot, lambda: measures_pane.selected == measure.id and detail.option_count > 0)
        await pilot.press("tab")
        await wait_for(pilot, lambda: detail.has_focus)
        chosen = None
        for _ in range(detail.option_count):
            option = detail.highlighted_option
            where = measures_pane._detail_targets.get(option.id) if option is not None else None
            if where is not None and where.pane == "reader" and where.doc != measure.doc:
                chosen = where
                break
            await pilot.press("down")
        assert chosen is not None, "no report passage listed under the measure"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.active_pane == "reader" and reader.settled and reader.doc.id == chosen.doc)
        report = chosen
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteDialog))
        await pilot.press(*"reported", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, NoteDialog))
        # 6. come back to where we started, then export the notes
        for _ in range(2):  # report passage → measure → plan passage (the figures visit was branched off)
            await pilot.press("alt+left")
            await settle(pilot)
        assert app.active_pane == "reader" and reader.doc.id == figure.doc
        await pilot.press("f7")
        await pilot.pause()
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog))
        await pilot.press("enter")
        await settle(pilot)
        md = (data_dir() / "notes.md").read_text(encoding="utf-8")
        assert md.count("\n## ") == 2 and "target" in md and "reported" in md
        assert ws.document(figure.doc).record.title in md and ws.document(report.doc).record.title in md
        assert not errors_shown(app)


@needs_shared
async def test_any_corpus_given_with_corpus(tmp_path):
    corpus = write_work_report_corpus(tmp_path / "reports")
    app = make_app(tmp_path / "index", corpus=corpus)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert len(app.workspace.documents) >= 10
        await type_query(pilot, "经济")
        pane = search_pane(app)
        assert pane.last_result.total > 0
        await pilot.press("down", "enter")
        reader = reader_pane(app)
        await wait_for(pilot, lambda: app.active_pane == "reader" and reader.settled)
        assert reader.doc.id == pane.last_result.hits[0].doc
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteDialog))
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.notes) == 1
        for key in ("f4", "f5", "f6", "f7", "f3"):
            await pilot.press(key)
            await settle(pilot)
        assert not errors_shown(app)


async def test_a_figure_mark_opens_its_series_at_80_columns(ws):
    """At 80×24 the Figures pane stacks its parts; a jump to an indicator shows the series, not the list."""
    from explorer.tui.messages import Location
    from explorer.tui.panes.figures import FiguresPane

    figure = next(f for f in ws.figures() if f.doc == "jx-eco-plan-2024-2026" and f.indicator == "PM2.5平均浓度")
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.navigate(Location("reader", doc=figure.doc, passage=figure.passage))
        reader = reader_pane(app)
        await wait_for(pilot, lambda: app.active_pane == "reader" and reader.settled and reader.doc.id == figure.doc)
        assert await _select_mark(pilot, lambda m: m.kind == "figure" and m.start == figure.start)
        await pilot.press("enter")
        pane = app.query_one(FiguresPane)
        await wait_for(
            pilot,
            lambda: app.active_pane == "figures" and pane.current is not None and pane.current.name == figure.indicator,
        )
        await settle(pilot)
        assert pane.has_class("-narrow") and pane.has_class("-hide-list")
        assert app.query_one("#main-table").has_focus
        assert not errors_shown(app)
