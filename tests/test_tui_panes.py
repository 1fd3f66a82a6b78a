"""The Measures, Figures and References panes, each mounted alone in a small host app and driven by keys."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from conftest import PLAN, needs_shared, write_work_report_corpus
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Input, OptionList, Static, Tree

from explorer.tui.messages import Location, Navigate
from explorer.tui.panes.common import clip, short_title
from explorer.tui.panes.figures import FiguresPane, chart_points
from explorer.tui.panes.measures import MeasuresPane
from explorer.tui.panes.references import ReferencesPane


class _Host(App):
    """Mounts one pane and records every Navigate it posts."""

    def __init__(self, pane, workspace) -> None:
        super().__init__()
        self.pane = pane
        self.workspace = workspace
        self.navigations: list[Location] = []

    def compose(self) -> ComposeResult:
        yield self.pane

    def on_mount(self) -> None:
        if self.workspace is not None:  # as the app does: the workspace handed over once
            self.pane.workspace_ready(self.workspace)

    def on_navigate(self, message: Navigate) -> None:
        self.navigations.append(message.location)


async def settle(pilot, pane, rounds: int = 400) -> None:
    """Wait until the pane's background loading is done and the screen has caught up (by events: workers
    finished and their messages handled, never a clock)."""
    for _ in range(rounds):
        # a worker cancelled by a newer one (exclusive) is fine here
        await asyncio.gather(*[w.wait() for w in pilot.app.workers], return_exceptions=True)
        await pilot.pause()
        if pane.data_ready and not any(w.is_running for w in pilot.app.workers):
            break
    await pilot.pause()


def message_text(pane, selector: str) -> str:
    widget = pane.query_one(selector, Static)
    return str(widget.render()) if widget.has_class("-shown") else ""


# --------------------------------------------------------------------------- figures


async def choose_indicator(pilot, pane, name: str) -> None:
    """Type the name into the filter, ⏎ to the list, ⏎ to choose the first match."""
    pane.query_one("#indicator-filter", Input).focus()
    pane.query_one("#indicator-filter", Input).value = name
    await pilot.pause()
    await pilot.press("enter")
    listing = pane.query_one("#indicator-list", OptionList)
    names = [pane.indicators[int(listing.get_option_at_index(i).id)].name for i in range(listing.option_count)]
    listing.highlighted = names.index(name)
    await pilot.press("enter")
    await settle(pilot, pane)


def series_with_passages(ws) -> str:
    """An indicator stated at least twice in different passages (so a wrong row cannot pass for the right one)."""
    for summary in ws.indicators():
        places = {(f.doc, f.passage) for f in ws.series(summary.name)}
        if len(places) >= 2:
            return summary.name
    pytest.fail("no indicator is stated in two passages of the corpus")


async def test_figures_table_holds_the_chosen_indicators_series(seed_workspace):
    ws = seed_workspace
    name = series_with_passages(ws)
    pane = FiguresPane()
    app = _Host(pane, ws)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, pane)
        await choose_indicator(pilot, pane, name)
        series = ws.series(name)
        table = pane.query_one("#main-table", DataTable)
        assert table.row_count == len(series)
        for i, figure in enumerate(series):
            year, value, unit, _qual, kind, *_ = table.get_row_at(i)
            assert str(value) == figure.value and unit == figure.unit and str(kind) == figure.kind
        title = str(pane.query_one("#main-title", Static).render())
        assert name in title


async def test_enter_on_a_row_opens_its_passage_in_the_reader(seed_workspace):
    ws = seed_workspace
    name = series_with_passages(ws)
    pane = FiguresPane()
    app = _Host(pane, ws)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, pane)
        await choose_indicator(pilot, pane, name)
        table = pane.query_one("#main-table", DataTable)
        assert table.has_focus  # choosing an indicator moves to its table
        series = ws.series(name)
        last = len(series) - 1
        for _ in range(last):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert app.navigations[-1] == Location("reader", doc=series[last].doc, passage=series[last].passage)
        await pilot.press("up")
        await pilot.press("enter")
        await pilot.pause()
        assert app.navigations[-1] == Location("reader", doc=series[last - 1].doc, passage=series[last - 1].passage)


async def test_filter_narrows_the_indicator_list(seed_workspace):
    ws = seed_workspace
    pane = FiguresPane()
    app = _Host(pane, ws)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, pane)
        listing = pane.query_one("#indicator-list", OptionList)
        everything = listing.option_count
        assert everything == len(ws.indicators())
        word = "覆盖率"
        await pilot.press("slash", *word)
        await pilot.pause()
        shown = [pane.indicators[int(listing.get_option_at_index(i).id)].name for i in range(listing.option_count)]
        assert shown and all(word in n or ws.canonical_indicator(word) == n for n in shown)
        assert len(shown) < everything


async def test_compare_shows_a_second_series_beside_the_first(seed_workspace):
    ws = seed_workspace
    names = [s.name for s in ws.indicators()[:2]]
    pane = FiguresPane()
    app = _Host(pane, ws)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, pane)
        await choose_indicator(pilot, pane, names[0])
        await pilot.press("c")
        await pilot.pause()
        assert pane.has_class("-comparing")
        await choose_indicator(pilot, pane, names[1])
        compare = pane.query_one("#compare-series")
        assert compare.display and compare.series.name == names[0]
        assert pane.query_one("#main-series").series.name == names[1]
        assert pane.query_one("#compare-table", DataTable).row_count == len(ws.series(names[0]))
        await pilot.press("c")
        await pilot.pause()
        assert not pane.has_class("-comparing")


async def test_show_location_selects_the_indicator_and_states_status_vs_plan(seed_workspace):
    ws = seed_workspace
    tracked = ws.targets()
    if not tracked:
        pytest.skip("no tracked targets in the corpus")
    target = tracked[0]
    pane = FiguresPane()
    app = _Host(pane, ws)
    async with app.run_test(size=(140, 45)) as pilot:
        pane.show(Location("figures", indicator=target.indicator))
        await settle(pilot, pane)
        await settle(pilot, pane)
        assert pane.current is not None and pane.current.name == target.indicator
        status = str(pane.query_one("#plan-status", Static).render())
        assert status.startswith("status vs plan:") and target.status in status
        await pilot.press("t")  # the plan passage that sets the target
        await pilot.pause()
        assert app.navigations[-1] == Location("reader", doc=target.target.doc, passage=target.target.passage)


def test_chart_points_keep_one_unit_and_one_measure(seed_workspace):
    ws = seed_workspace
    from explorer.extract.indicators import measure_of
    from explorer.tui.panes.figures import load_series

    for summary in ws.indicators():
        series = load_series(ws, summary.name, summary)
        unit, points = chart_points(series)
        # levels with levels, rates with rates (GDP增速's outcomes are rates, issue 12); never ranks
        assert len({measure_of(f) == "rate" for _y, _v, f in points}) <= 1
        assert all(f.kind != "rank" for _y, _v, f in points)
        assert all(
            f.unit == unit or f.base_unit == next(g for _a, _b, g in points if g.unit == unit).base_unit
            for _y, _v, f in points
        )


async def test_figures_at_80_columns_collapse_the_list_after_choosing(seed_workspace):
    ws = seed_workspace
    name = ws.indicators()[0].name
    pane = FiguresPane()
    app = _Host(pane, ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, pane)
        assert pane.has_class("-narrow")
        assert not pane.query_one("#series-area").display or pane.query_one("#series-area").region.width == 0
        await choose_indicator(pilot, pane, name)
        assert pane.has_class("-hide-list")
        assert pane.query_one("#main-table", DataTable).region.width > 60
        await pilot.press("l")
        await pilot.pause()
        assert pane.query_one("#indicator-list").region.width > 0


# --------------------------------------------------------------------------- measures


def tree_nodes(node):
    for child in node.children:
        yield child
        yield from tree_nodes(child)


async def test_measure_tree_has_the_plans_actions_and_measures(seed_workspace):
    ws = seed_workspace
    pane = MeasuresPane()
    app = _Host(pane, ws)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, pane)
        tree = pane.query_one("#measure-tree", Tree)
        plan_node = next(
            n for n in tree.root.children if pane.data.by_id.get(n.data, None) and pane.data.by_id[n.data].doc == PLAN
        )
        assert tree.root.children[0] is plan_node  # plans first
        levels = Counter(pane.data.by_id[n.data].level for n in tree_nodes(plan_node))
        headings = Counter(h.level for h in ws.document(PLAN).headings)
        assert levels[1] == headings[1] == 7  # 一、… 七、
        assert levels[2] == headings[2] == 21  # （一）… （二十一）
        assert all(
            ws.document(r.id).record.kind != "plan"
            or any(pane.data.by_id.get(n.data) and pane.data.by_id[n.data].doc == r.id for n in tree.root.children)
            for r in ws.records
        )


async def test_measure_detail_lists_its_targets_and_opens_the_measure(seed_workspace):
    ws = seed_workspace
    pane = MeasuresPane()
    app = _Host(pane, ws)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, pane)
        with_targets = next(m for m in ws.measures(PLAN) if m.level == 2 and m.targets)
        pane.show(Location("measures", measure=with_targets.id))
        await pilot.pause()
        await pilot.pause()
        tree = pane.query_one("#measure-tree", Tree)
        assert tree.cursor_node is not None and tree.cursor_node.data == with_targets.id
        detail = pane.query_one("#measure-detail", OptionList)
        prompts = [str(detail.get_option_at_index(i).prompt) for i in range(detail.option_count)]
        assert any(with_targets.title in p for p in prompts)
        for figure in with_targets.targets:
            assert any(figure.indicator in p and figure.value in p for p in prompts)
        await pilot.press("o")
        await pilot.pause()
        assert app.navigations[-1] == Location("reader", doc=PLAN, passage=with_targets.passages[0])
        await pilot.press("r")
        await pilot.pause()
        assert app.navigations[-1] == Location("references", measure=with_targets.id)


async def test_enter_on_a_reporting_passage_opens_it_in_the_reader(seed_workspace):
    ws = seed_workspace
    try:
        reports = [r for r in ws.refs(type="reports-on") if r.target.measure]
    except ImportError:
        pytest.skip("references are not extracted yet")
    if not reports:
        pytest.skip("no report passage reports on a measure in this corpus")
    ref = reports[0]
    pane = MeasuresPane()
    app = _Host(pane, ws)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, pane)
        pane.show(Location("measures", measure=ref.target.measure))
        await pilot.pause()
        detail = pane.query_one("#measure-detail", OptionList)
        detail.focus()
        wanted = Location("reader", doc=ref.source.doc, passage=ref.source.passage)
        key = next(k for k, loc in pane._detail_targets.items() if loc == wanted)
        detail.highlighted = detail.get_option_index(key)
        await pilot.press("enter")
        await pilot.pause()
        assert app.navigations[-1] == wanted


async def test_measures_stack_at_80_columns(seed_workspace):
    pane = MeasuresPane()
    app = _Host(pane, seed_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, pane)
        tree, detail = pane.query_one("#measure-tree"), pane.query_one("#measure-detail")
        assert pane.has_class("-narrow")
        assert detail.region.y >= tree.region.bottom  # stacked, not side by side
        await pilot.press("d")
        await pilot.pause()
        assert detail.region.height == 0 or not detail.display


# --------------------------------------------------------------------------- references


def refs_or_skip(ws):
    try:
        return ws.refs()
    except ImportError:
        pytest.skip("references are not extracted yet")


async def test_references_are_grouped_by_type_out_and_in(seed_workspace):
    ws = seed_workspace
    refs = refs_or_skip(ws)
    concerning = [r for r in refs if PLAN in (r.source.doc, r.target.doc)]
    if not concerning:
        pytest.skip("no reference concerns the plan")
    pane = ReferencesPane()
    app = _Host(pane, ws)
    async with app.run_test(size=(140, 45)) as pilot:
        pane.show(Location("references", doc=PLAN))
        await settle(pilot, pane)
        await settle(pilot, pane)
        tree = pane.query_one("#ref-tree", Tree)
        groups = list(tree.root.children)
        seen = Counter()
        for group in groups:
            _kind, direction, ref_type = group.data
            assert ref_type in str(group.label) and f"({len(group.children)})" in str(group.label)
            for node in group.children:
                leaf = pane._leaves[node.id]
                assert leaf.ref.type == ref_type and leaf.direction == direction
                assert (leaf.ref.source.doc == PLAN) if direction == "out" else (leaf.ref.target.doc == PLAN)
                seen[ref_type] += 1
        assert len({g.data[1:] for g in groups}) == len(groups)  # one group per (direction, type)
        assert sum(seen.values()) == len(concerning)


async def test_enter_follows_a_reference_to_its_other_end(seed_workspace):
    ws = seed_workspace
    refs = refs_or_skip(ws)
    cited = next((r for r in refs if r.target.title and r.source.doc), None)
    if cited is None:
        pytest.skip("no external title is cited")
    pane = ReferencesPane()
    app = _Host(pane, ws)
    async with app.run_test(size=(140, 45)) as pilot:
        pane.show(Location("references", title=cited.target.title))
        await settle(pilot, pane)
        await settle(pilot, pane)
        tree = pane.query_one("#ref-tree", Tree)
        leaves = [n for g in tree.root.children for n in g.children]
        assert leaves and all(
            pane._leaves[n.id].ref.target.title == cited.target.title
            for n in leaves
            if pane._leaves[n.id].direction == "in"
        )
        tree.focus()
        target = next(n for n in leaves if pane._leaves[n.id].ref.source.passage is not None)
        tree.move_cursor(target)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        source = pane._leaves[target.id].ref.source
        assert app.navigations[-1] == Location("reader", doc=source.doc, passage=source.passage)


# --------------------------------------------------------------------------- loading and missing parts


async def test_panes_say_loading_until_the_workspace_arrives(seed_workspace):
    pane = MeasuresPane()
    app = _Host(pane, None)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        assert "loading" in message_text(pane, "#measures-message")
        pane.workspace_ready(seed_workspace)
        await settle(pilot, pane)
        assert pane.data is not None and pane.data.measures


class _Unfinished:
    """A workspace whose extractors are not written yet."""

    def __init__(self, ws) -> None:
        self.records, self.documents, self.loaded = ws.records, ws.documents, True

    def passage(self, doc, index):
        return self.documents[doc].passages[index]

    def _missing(self, *args, **kwargs):
        raise ImportError("No module named 'explorer.extract.somewhere'", name="explorer.extract.somewhere")

    measures = targets = refs = indicators = series = _missing


@pytest.mark.parametrize(
    "pane_class, selector",
    [
        (MeasuresPane, "#measures-message"),
        (FiguresPane, "#figures-message"),
        (ReferencesPane, "#refs-message"),
    ],
)
async def test_missing_extractors_read_not_available_yet(seed_workspace, pane_class, selector):
    pane = pane_class()
    app = _Host(pane, _Unfinished(seed_workspace))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, pane)
        assert "not available yet" in message_text(pane, selector)


# --------------------------------------------------------------------------- other corpora and helpers


@needs_shared
async def test_panes_open_a_work_report_corpus(tmp_path):
    from explorer.workspace import Workspace

    corpus = write_work_report_corpus(tmp_path / "corpus")
    ws = Workspace.open(corpus, tmp_path / "index")
    for pane_class in (MeasuresPane, FiguresPane, ReferencesPane):
        pane = pane_class()
        app = _Host(pane, ws)
        async with app.run_test(size=(140, 45)) as pilot:
            await settle(pilot, pane)
            assert pane.data_ready
    assert ws.measures()  # reports have outlines too: the tree is not empty


def test_clip_counts_wide_characters_as_two_cells():
    from rich.cells import cell_len

    assert clip("森林覆盖率稳定在", 9) == "森林覆盖…"
    assert cell_len(clip("森林覆盖率稳定在", 9)) <= 9
    assert clip("PM2.5", 9) == "PM2.5"
    assert short_title("逐绿奋进正当时——江西省生态环境厅打造国家生态文明建设高地纪实", 14) == "逐绿奋进正当时"
    assert short_title("逐绿奋进正当时——江西省生态环境厅打造国家生态文明建设高地纪实", 8) == "逐绿奋…"


def test_bindings_have_ids_descriptions_and_help():
    for pane_class in (MeasuresPane, FiguresPane, ReferencesPane):
        for binding in pane_class.BINDINGS:
            assert binding.id and binding.description and binding.tooltip


async def test_enter_on_a_reports_on_reference_goes_to_the_measure(seed_workspace):
    ws = seed_workspace
    refs = refs_or_skip(ws)
    ref = next((r for r in refs if r.type == "reports-on" and r.target.measure and r.source.doc), None)
    if ref is None:
        pytest.skip("no report passage reports on a measure")
    pane = ReferencesPane()
    app = _Host(pane, ws)
    async with app.run_test(size=(140, 45)) as pilot:
        pane.show(Location("references", doc=ref.source.doc))
        await settle(pilot, pane)
        await settle(pilot, pane)
        tree = pane.query_one("#ref-tree", Tree)
        node = next(n for g in tree.root.children for n in g.children if pane._leaves[n.id].ref == ref)
        tree.focus()
        tree.move_cursor(node)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.navigations[-1] == Location("measures", measure=ref.target.measure)
        await pilot.press("o")  # this side: the report's own passage
        await pilot.pause()
        assert app.navigations[-1] == Location("reader", doc=ref.source.doc, passage=ref.source.passage)


async def test_an_action_answers_for_the_measures_below_it(seed_workspace):
    ws = seed_workspace
    refs = refs_or_skip(ws)
    action = next((m for m in ws.measures(PLAN) if m.level == 1), None)
    below, grew = {action.id}, True
    while grew:  # the action and everything under it
        more = {m.id for m in ws.measures(PLAN) if m.parent in below} - below
        below, grew = below | more, bool(more)
    concerning = [r for r in refs if r.source.measure in below or r.target.measure in below]
    if not concerning:
        pytest.skip("nothing refers to the plan's first action")
    pane = ReferencesPane()
    app = _Host(pane, ws)
    async with app.run_test(size=(140, 45)) as pilot:
        pane.show(Location("references", measure=action.id))
        await settle(pilot, pane)
        await settle(pilot, pane)
        leaves = [pane._leaves[n.id] for g in pane.query_one("#ref-tree", Tree).root.children for n in g.children]
        assert len(leaves) == len(concerning)
        assert pane.current_location() == Location("references", measure=action.id)
