"""Panes use the width they have (200×50: whole titles, headings, names and quotes; 80×24: cut with "…", never
past the edge, the status badge kept) and the Figures chart's plan label never meets its legend, at 80×24,
120×40 and 200×50. Assertions are on what is drawn on screen."""

from __future__ import annotations

import pytest
from conftest import PLAN
from rich.cells import cell_len
from textual.widgets import OptionList, Static
from textual_plotext import PlotextPlot
from tui_support import make_app, ready, screen_lines, settle, shared_workspace, wait_for

from explorer.tui.messages import Location
from explorer.tui.panes.fitting import FitLabel, FittingTree, Flex

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40"), pytest.param((200, 50), id="200x50")]


@pytest.fixture
def ws(tmp_path_factory):
    return shared_workspace(tmp_path_factory)


async def _go(pilot, location: Location) -> None:
    await ready(pilot)
    pilot.app.navigate(location)
    await wait_for(pilot, lambda: pilot.app.active_pane == location.pane)
    await settle(pilot)


def test_fit_label_shares_the_room_and_keeps_fixed_parts():
    label = FitLabel.of(Flex("江西省打造国家生态文明建设高地三年行动计划"), " 2024–26", "  ● 2/32")
    assert label.fit(200).plain == "江西省打造国家生态文明建设高地三年行动计划 2024–26  ● 2/32"
    narrow = label.fit(30).plain
    assert narrow.endswith(" 2024–26  ● 2/32") and "…" in narrow and cell_len(narrow) <= 30
    # two flexible parts: the short one stays whole, the long one takes what is left
    two = FitLabel.of(Flex("逐绿奋进正当时"), " · ", Flex("推进生态环境损害赔偿工作。" * 4)).fit(40).plain
    assert two.startswith("逐绿奋进正当时 · ") and cell_len(two) <= 40


@pytest.mark.parametrize("size", SIZES)
async def test_measures_tree_uses_its_width(ws, size):
    """The plan's full title (57 cells) was cut at 30 cells even at 200 columns."""
    title = ws.documents[PLAN].record.title
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=size) as pilot:
        await _go(pilot, Location("measures", doc=PLAN))
        tree = app.query_one("#measure-tree", FittingTree)
        drawn = screen_lines(app, tree)
        plan_line = next(line for line in drawn if "江西省打造" in line)
        assert "on track" in plan_line  # the badge is never the part that gives way
        if size[0] == 200:
            assert title in plan_line
            # every document of the corpus shows its whole title
            for node in tree.root.children:
                record = ws.documents[node.data].record if node.data in ws.documents else None
                if record is not None:
                    assert any(record.title in line for line in drawn), record.title
        else:
            assert "…" in plan_line
        assert all(cell_len(line.rstrip()) <= tree.region.width for line in drawn)


@pytest.mark.parametrize("size", SIZES)
async def test_references_list_uses_its_width(ws, size):
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=size) as pilot:
        await _go(pilot, Location("references", doc=PLAN))
        tree = app.query_one("#ref-tree", FittingTree)
        await wait_for(pilot, lambda: len(tree.root.children) > 1, "the references")
        drawn = [line.rstrip() for line in screen_lines(app, tree)]
        cited = next(line for line in drawn if "《江西省打造" in line)
        if size[0] == 200:
            assert "《江西省打造国家生态文明建设高地三年行动计划（2024-2026年）》" in cited
        # a report's passage is cut only where the room runs out (it was cut at 48 cells whatever the width)
        reports = [line for line in drawn if " #" in line and "→ （" in line]
        assert reports and all("…" not in line or cell_len(line) >= tree.region.width - 8 for line in reports)
        if size[0] == 200:
            assert any("（十一）加强生态修复治理" in line for line in reports)
        assert all(cell_len(line) <= tree.region.width for line in drawn)


async def test_wide_side_lists_show_whole_names(ws):
    """At 200 columns the reader's outline and the Figures indicator list are wide enough for whole names."""
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(200, 50)) as pilot:
        await _go(pilot, Location("reader", doc=PLAN, passage=21))
        whole_heading = "（十二）健全以国家公园为主体的自然保护地体系"

        def outline_whole() -> bool:  # drawn at the outline's final width: waited for by rounds of work
            return any(whole_heading in line for line in screen_lines(app, app.query_one("#outline")))

        await wait_for(pilot, outline_whole, "the whole heading in the outline at 200 columns")
        await _go(pilot, Location("figures", indicator="森林覆盖率"))
        listing = app.query_one("#indicator-list", OptionList)
        names = [s.name for s in app.pane_widget("figures").indicators]
        long_names = [n for n in names if 24 < cell_len(n) <= 30]

        def whole() -> bool:
            shown = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
            return all(any(line.startswith(f"{n}  ") for line in shown) for n in long_names)

        # the list is cut to the width it is drawn at: waited for as work and messages, never by the clock
        assert long_names
        await wait_for(pilot, whole, "whole indicator names at 200 columns")


@pytest.mark.parametrize("size", SIZES)
async def test_chart_plan_label_never_meets_the_legend(ws, size):
    """PM2.5's plan line (29) lies near the top of its range, where plotext drew its legend: the label was
    written over "reported". The legend is now a line of its own under the chart."""
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=size) as pilot:
        await _go(pilot, Location("figures", indicator="PM2.5平均浓度"))
        view = app.query_one("#main-series")
        await wait_for(pilot, lambda: view.series is not None and view.series.name == "PM2.5平均浓度", "the series")
        await settle(pilot)
        chart = screen_lines(app, view.query_one(PlotextPlot))
        legend = screen_lines(app, view.query_one("#main-legend", Static))
        assert any("plan 29" in line for line in chart)  # the label is drawn whole on the plan line
        assert not any("reported" in line or "plan figure" in line for line in chart)
        assert "● reported" in legend[0] and "plan target 29" in legend[0]
