"""The Figures pane's correction key, the status line with every target, and the Measures pane's target → outcome
rows (issue 12), on a temporary corpus of real work reports (corrections.yaml is written into it)."""

from __future__ import annotations

import asyncio

from conftest import needs_shared, write_work_report_corpus
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Input, OptionList, Static

from explorer.tui.panes.correcting import CorrectDialog
from explorer.tui.panes.figures import FiguresPane
from explorer.tui.panes.measures import outcome_rows

pytestmark = needs_shared


class _Host(App):
    def __init__(self, pane, workspace) -> None:
        super().__init__()
        self.pane = pane
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        yield self.pane

    def on_mount(self) -> None:
        self.pane.workspace_ready(self.workspace)  # as the explorer hands it over, once


async def _settle(pilot, pane, timeout: float = 60.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        await asyncio.gather(*[w.wait() for w in pilot.app.workers], return_exceptions=True)
        await pilot.pause()
        if pane.data_ready and not any(w.is_running for w in pilot.app.workers):
            return


async def _choose(pilot, pane, name: str) -> None:
    pane.query_one("#indicator-filter", Input).value = name
    await pilot.pause()
    listing = pane.query_one("#indicator-list", OptionList)
    names = [pane.indicators[int(listing.get_option_at_index(i).id)].name for i in range(listing.option_count)]
    pane.query_one("#indicator-list", OptionList).focus()
    listing.highlighted = names.index(name)
    await pilot.press("enter")
    await _settle(pilot, pane)


def _workspace(tmp_path):
    from explorer.workspace import Workspace

    corpus = write_work_report_corpus(tmp_path / "wr", ["cn-gwr-2023", "cn-gwr-2024", "cn-gwr-2025"])
    return Workspace.open(corpus, tmp_path / "ix")


async def test_e_on_a_row_vetoes_the_figure_and_the_series_follows(tmp_path):
    ws = _workspace(tmp_path)
    pane = FiguresPane()
    app = _Host(pane, ws)
    async with app.run_test(size=(140, 45)) as pilot:
        await _settle(pilot, pane)
        await _choose(pilot, pane, "GDP增速")
        table = pane.query_one("#main-table", DataTable)
        before = table.row_count
        status = str(pane.query_one("#plan-status", Static).render())
        assert status.count("左右 (202") >= 3  # every target on the status line, not only the first
        table.focus()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, CorrectDialog)
        await pilot.press(*"veto")
        await pilot.press("enter")
        await _settle(pilot, pane)
        assert (ws.corpus_dir / "corrections.yaml").exists()
        assert pane.query_one("#main-table", DataTable).row_count == before - 1
        # a typo is refused with one line, and nothing is written
        text = (ws.corpus_dir / "corrections.yaml").read_text(encoding="utf-8")
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"colour=red", "enter")
        await _settle(pilot, pane)
        assert (ws.corpus_dir / "corrections.yaml").read_text(encoding="utf-8") == text


def test_target_to_outcome_rows_of_a_work_report_target(tmp_path):
    ws = _workspace(tmp_path)
    (t,) = [t for t in ws.targets(doc="cn-gwr-2023") if t.indicator == "GDP增速" and t.target.year == 2023]
    rows = outcome_rows(t)
    assert ("2023", t.latest, "latest (judged)") in rows
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)


async def test_u_on_an_outcome_row_unlinks_it_from_the_target(tmp_path):
    from explorer.tui.panes.measures import MeasuresPane

    ws = _workspace(tmp_path)
    (t,) = [t for t in ws.targets(doc="cn-gwr-2023") if t.indicator == "GDP增速" and t.target.year == 2023]
    pane = MeasuresPane()
    app = _Host(pane, ws)
    async with app.run_test(size=(140, 45)) as pilot:
        await _settle(pilot, pane)
        pane._show_detail(t.measure)
        await pilot.pause()
        detail = pane.query_one("#measure-detail", OptionList)
        wanted = next(
            key for key, (_target, outcome) in pane._detail_links.items() if outcome.startswith("cn-gwr-2024")
        )
        detail.focus()
        detail.highlighted = next(i for i in range(detail.option_count) if detail.get_option_at_index(i).id == wanted)
        await pilot.press("u")
        await _settle(pilot, pane)
    text = (ws.corpus_dir / "corrections.yaml").read_text(encoding="utf-8")
    assert "unlink" in text and "cn-gwr-2024" in text
    (after,) = [a for a in ws.targets(doc="cn-gwr-2023") if a.indicator == "GDP增速" and a.target.year == 2023]
    assert after.status == "no data" and "unlinked by a correction" in after.note
