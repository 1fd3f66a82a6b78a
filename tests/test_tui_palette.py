"""The command palette finds documents, measures by title and by text, indicators through the glossary and
the lexicon, passages, and offers the actions of the command list."""

from __future__ import annotations

import pytest
from tui_support import make_app, ready, settle, shared_workspace, wait_for

from explorer.tui.commands import palette_commands


@pytest.fixture
def ws(tmp_path_factory):
    return shared_workspace(tmp_path_factory)


async def _hits(app, query: str) -> list:
    from explorer.tui.palette import ExplorerCommands

    provider = ExplorerCommands(app.screen)
    return [hit async for hit in provider.search(query)]


async def test_a_word_of_a_measures_text_finds_the_measure(ws):
    # a word that is in a measure's text but in no measure title (总磷 in the bundled plan)
    measure = next(m for m in ws.measures() if "总磷" in m.text and "总磷" not in m.title and m.node != "root")
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        hits = await _hits(app, "总磷")
        measures = [h for h in hits if h.text.startswith("Go to measure:")]
        assert f"Go to measure: {measure.number}{measure.title}".strip() in [h.text for h in measures]
        assert any("总磷" in (h.help or "") for h in measures)  # the text around the match is shown
        assert any(h.text == "Search passages: 总磷" for h in hits)


async def test_an_indicator_is_found_through_the_glossary_and_the_lexicon(ws):
    canonical = ws.canonical_indicator("国内生产总值增长")
    assert canonical in {i.name for i in ws.indicators()}
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        hits = await _hits(app, "国内生产总值增长")
        best = max((h for h in hits if h.text.startswith("Go to indicator:")), key=lambda h: h.score)
        assert best.text == f"Go to indicator: {canonical}"
        alias = next(a for a in ws.lexicon.entry("PM2.5平均浓度").aliases if a.startswith("细颗粒物"))
        assert any(h.text == "Go to indicator: PM2.5平均浓度" for h in await _hits(app, alias))


async def test_choosing_an_indicator_opens_its_series(ws):
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"国内生产总值增长")
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.active_pane == "figures")
        assert app.history.current.indicator == ws.canonical_indicator("国内生产总值增长")


async def test_the_palette_offers_the_actions_of_the_command_list(ws):
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for command in palette_commands():
            assert command.label in titles
        assert {"Export notes", "Compare", "Switch corpus"} <= titles
