"""What the analysis panes show first is prepared by the app's analysis worker (``tui.prepare``), one ``Prepared``
message a step; the Measures pane draws its trees before the references (``TreeLoaded`` then ``LinksLoaded``) and
drops a load's results once a newer load began; the panes read the targets and indicators from the analysis
snapshot while it is current. All waited for by messages and rounds of work, never a clock."""

from __future__ import annotations

import pytest
from conftest import PLAN
from textual.app import App, ComposeResult
from textual.widgets import OptionList
from tui_support import make_app, settle, shared_workspace, wait_for

from explorer.tui.messages import AnalysisReady, Location, Prepared
from explorer.tui.panes.measure_data import MeasureData
from explorer.tui.panes.measure_detail import LINKS_LOADING
from explorer.tui.panes.measures import MeasuresPane
from explorer.tui.prepare import STEPS, indicators, section_lookup, take_snapshot, tracked_targets


@pytest.fixture
def ws(tmp_path_factory):
    return shared_workspace(tmp_path_factory)


async def test_the_analysis_worker_prepares_each_step_after_the_palette(ws):
    seen: list[object] = []
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await app.ready.wait()
        app.start_analysis()
        await wait_for(pilot, lambda: len(app.prepared) == len(STEPS), "every step prepared")
        posted = [m for m in seen if isinstance(m, AnalysisReady | Prepared)]
        assert isinstance(posted[0], AnalysisReady) and posted[0].error is None
        assert [m.step for m in posted[1:]] == list(STEPS) == ["measures", "figures", "references"]
        assert all(m.error is None for m in posted[1:]) and not app.pending_steps
        assert app.snapshot is not None and app.snapshot.fresh(ws)
        assert list(app.snapshot.targets) == ws.targets()  # the same tracked targets, not a copy made differently
        assert [s.name for s in app.snapshot.indicators] == [s.name for s in ws.indicators()]


class _Preparing(App):
    """Hosts the Measures pane in an app whose analysis worker has still to prepare the references."""

    def __init__(self, pane: MeasuresPane, workspace) -> None:
        super().__init__()
        self.pane, self.workspace = pane, workspace
        self.pending_steps = {"references"}

    def compose(self) -> ComposeResult:
        yield self.pane

    def on_mount(self) -> None:
        self.pane.workspace_ready(self.workspace)


async def test_measures_draw_the_first_screen_then_every_tree_and_one_documents_references(ws, monkeypatch):
    from explorer.tui.panes import measure_data

    reporting = next(r for r in ws.refs(type="reports-on") if r.target.measure and r.target.doc == PLAN)
    other = next(r.id for r in ws.records if r.id != PLAN and ws.measures(r.id))
    monkeypatch.setattr(measure_data, "FIRST_ROWS", 1)
    asked: list[object] = []
    pane = MeasuresPane()
    app = _Preparing(pane, ws)
    app.pending_steps.clear()
    refs = ws.refs
    monkeypatch.setattr(ws, "refs", lambda *a, **k: asked.append(k.get("doc")) or refs(*a, **k))
    trees: list[tuple[bool, list[str]]] = []  # as posted (the first screen's data is then merged into)

    def hook(message: object) -> None:
        if isinstance(message, MeasuresPane.TreeLoaded):
            trees.append((message.data.complete, list(message.data.docs)))

    async with app.run_test(size=(140, 45), message_hook=hook) as pilot:
        await wait_for(pilot, lambda: pane.data is not None and pane.data.has_links(PLAN), "the plan's references")
        await settle(pilot)
        # the first screen: the plan alone (listed first, one row asked for); the rest waits for the app's
        # analysis worker to have read every document's measures
        assert trees == [(False, [PLAN])] and not pane.data.complete
        pane.step_prepared("measures")  # as the app calls it when that step's Prepared message comes
        await wait_for(pilot, lambda: pane.data.complete, "every tree")
        assert trees == [(False, [PLAN]), (True, pane.data.docs)]
        assert len(pane.data.measures) == len(ws.measures()) and len(pane.data.docs) > 1
        assert asked == [PLAN]  # one document's references, never every reference of the corpus
        pane.show(Location("measures", measure=reporting.target.measure))
        await settle(pilot)
        detail = pane.query_one("#measure-detail", OptionList)
        prompts = [str(detail.get_option_at_index(i).prompt) for i in range(detail.option_count)]
        assert LINKS_LOADING not in prompts and any(p.startswith("reported on by") for p in prompts)
        wanted = Location("reader", doc=reporting.source.doc, passage=reporting.source.passage)
        assert wanted in pane._detail_targets.values()  # ⏎ on the reporting passage opens it
        # another document's node asks for that document's references (said to be loading until they are in)
        pane.show(Location("measures", doc=other))
        await wait_for(pilot, lambda: pane.data.has_links(other), "the other document's references")
        assert asked == [PLAN, other]
    full = measure_data.load_measure_data(ws)  # the per-document links are what every reference gave
    for mid, m in pane.data.by_id.items():
        if m.doc in (PLAN, other):
            assert pane.data.reports.get(mid, []) == full.reports.get(mid, []), mid
            assert pane.data.cites.get(mid, []) == full.cites.get(mid, []), mid


async def test_a_stale_load_is_dropped(ws):
    pane = MeasuresPane()
    app = _Preparing(pane, ws)
    app.pending_steps.clear()
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for(pilot, lambda: pane.data is not None, "the measures")
        shown = pane.data
        pane.post_message(MeasuresPane.TreeLoaded(MeasureData(problems=["stale"]), pane._generation - 1))
        await settle(pilot)
        assert pane.data is shown and shown.measures


def test_the_snapshot_is_read_while_its_linker_is_the_workspaces(seed_workspace):
    ws = seed_workspace
    snapshot = take_snapshot(ws)
    assert snapshot.fresh(ws) and tracked_targets(ws, snapshot) == ws.targets()
    assert indicators(ws, snapshot) == ws.indicators()
    ws.forget_corrections()  # what saving a correction does: the linker is made again
    assert not snapshot.fresh(ws)
    assert tracked_targets(ws, snapshot) == ws.targets()  # read from the workspace again
    assert not snapshot.fresh(ws) and take_snapshot(ws).fresh(ws)


def test_a_rows_section_is_its_passages_innermost_heading(seed_workspace):
    ws = seed_workspace
    section_of = section_lookup(ws)
    for r in ws.records:
        for passage in ws.document(r.id).passages:
            assert section_of(r.id, passage.index) == (passage.section[-1] if passage.section else "")
    assert section_of(PLAN, 10**6) == "" and section_of("no-such-document", 0) == ""


async def test_a_long_series_fills_its_first_screen_then_the_rest_in_order(ws, monkeypatch):
    from textual.widgets import DataTable

    from explorer.tui.panes import series_view

    monkeypatch.setattr(series_view, "FIRST_ROWS", 1)  # four rows: one at once, then chunks of two
    monkeypatch.setattr(series_view, "CHUNK_ROWS", 2)
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.ready.wait()
        app.start_analysis()
        await app.analysed.wait()
        app.navigate(Location("figures", indicator="森林覆盖率"))
        pane = app.pane_widget("figures")
        await wait_for(pilot, lambda: pane.current is not None and pane.current.name == "森林覆盖率", "the series")
        view = pane.query_one("#main-series")
        table = view.query_one(DataTable)
        await wait_for(pilot, lambda: view.filled, "every row")
        rows = pane.current.rows
        assert len(rows) > 3 and table.row_count == len(rows)
        keys = [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(table.row_count)]
        assert keys == [str(i) for i in range(len(rows))]  # in order, none twice
        assert [view.row_figure(k) for k in keys] == [r.figure for r in rows]
        # another series while one is being filled: only the new one's rows end up in the table
        first, last = (series_view.load_series(ws, name) for name in ("PM2.5平均浓度", "空气质量优良天数比率"))
        view.show_series(first)
        assert table.row_count == 1  # the first screen; the rest would follow after a refresh
        view.show_series(last)
        await wait_for(pilot, lambda: view.filled, "the last series")
        await settle(pilot)
        assert table.row_count == len(last.rows) and len(last.rows) > 1
        assert [view.row_figure(str(i)) for i in range(table.row_count)] == last.figures
