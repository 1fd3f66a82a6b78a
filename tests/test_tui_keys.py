"""Keys in the running app: printable keys never act while an input has focus, back/forward into Search do
not turn into query text, a burst of keys keeps its order, F1 helps per pane, keys.toml remaps."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input, Markdown, TabbedContent
from tui_support import make_app, open_in_reader, ready, search_pane, settle, shared_workspace, type_query, wait_for

from explorer.tui.dialogs import HelpScreen

QUERY = "森林覆盖率"


@pytest.fixture
def ws(tmp_path_factory):
    return shared_workspace(tmp_path_factory)


async def test_brackets_go_back_and_forward_and_never_become_query_text(ws):
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await type_query(pilot, QUERY)
        await open_in_reader(pilot)
        await pilot.press("f5")
        await wait_for(pilot, lambda: app.active_pane == "figures")
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: app.active_pane == "reader")
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: app.active_pane == "search")
        await settle(pilot)
        query = app.query_one("#query", Input)
        assert not query.has_focus  # back through history lands on the results, not in the query box
        await pilot.press("right_square_bracket")  # so ] goes forward again instead of being typed
        await wait_for(pilot, lambda: app.active_pane == "reader")
        assert query.value == QUERY
        await pilot.press("f2")  # F2 puts the cursor in the query: now [ is text, not a jump
        await settle(pilot)
        assert query.has_focus and query.selection.is_empty  # focusing does not select the query
        await pilot.press("end", "left_square_bracket")
        await settle(pilot)
        assert app.active_pane == "search" and query.value == QUERY + "["


async def test_printable_keys_of_every_pane_are_typed_in_the_query(ws):
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        keys = ["question_mark", "b", "n", "N", "o", "x", "d", "left_square_bracket", "right_square_bracket"]
        await pilot.press(*keys)
        await settle(pilot)
        assert app.query_one("#query", Input).value == "?bnNoxd[]"
        assert app.active_pane == "search" and not isinstance(app.screen, HelpScreen)
        assert len(app.history) == 1


async def test_a_burst_of_backspaces_then_typing_keeps_its_order(ws):
    """20 × Backspace then characters, all arriving before the app handles any (Textual #6605): the query box
    ends with the new text, never an older one."""
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await type_query(pilot, "生态环境保护")
        for _ in range(20):
            app.post_message(events.Key("backspace", None))
        for ch in "碳达峰":
            app.post_message(events.Key(ch, ch))
        app.post_message(events.Paste("行动"))
        pane = search_pane(app)
        await wait_for(
            pilot, lambda: pane.settled and pane.last_result is not None and pane.query_text() == "碳达峰行动"
        )
        assert pane.last_result.query.strip() == "碳达峰行动"


async def test_f1_shows_the_help_of_the_pane_in_front(ws):
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        for i, pane in enumerate(["search", "reader", "measures", "figures", "references", "notes"]):
            await pilot.press(f"f{2 + i}")
            await wait_for(pilot, lambda pane=pane: app.active_pane == pane)
            await pilot.press("f1")
            await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
            source = app.screen.query_one(Markdown).source
            assert source.startswith(f"# Help — {pane.title()}")
            if pane == "measures":
                assert "◐ needs acceleration" in source and "▼ deteriorating" in source
            await pilot.press("f1")
            await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen))


async def test_keys_toml_remaps_a_command(ws, tmp_path):
    (tmp_path / "keys.toml").write_text('"app.pane-notes" = "f9"\n"no.such" = "x"\n', encoding="utf-8")
    app = make_app(ws.index_dir, workspace=ws, config=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert any("no.such" in message for message, _ in app.test_notifications)
        assert str(app.query_one(TabbedContent).get_tab("notes").label) == "Notes F9"
        await pilot.press("f9")
        await wait_for(pilot, lambda: app.active_pane == "notes")
        await pilot.press("f2")
        await wait_for(pilot, lambda: app.active_pane == "search")
        await pilot.press("f7")  # the old key no longer switches
        await settle(pilot)
        assert app.active_pane == "search"


async def test_a_burst_into_the_figures_filter_keeps_its_order(ws):
    """The Figures filter is an OrderedInput too: characters, Backspaces and a paste that all arrive before the
    app handles any end as typed, and no printable key (c, l, t, e: the pane's keys) acts while it has focus."""
    from explorer.tui.inputs import OrderedInput

    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("f5")
        await wait_for(pilot, lambda: app.active_pane == "figures")
        await pilot.press("slash")
        box = app.query_one("#indicator-filter", OrderedInput)
        await wait_for(pilot, lambda: box.has_focus, "the filter's focus")
        for ch in "生态环境":
            app.post_message(events.Key(ch, ch))
        for _ in range(4):
            app.post_message(events.Key("backspace", None))
        for ch in "森林":
            app.post_message(events.Key(ch, ch))
        app.post_message(events.Paste("覆盖"))
        for ch in "ctle":  # compare, list, target, correct — here only letters
            app.post_message(events.Key(ch, ch))
        for _ in range(4):
            app.post_message(events.Key("backspace", None))
        app.post_message(events.Key("率", "率"))
        await wait_for(pilot, lambda: box.value == "森林覆盖率", "the filter's text")
        await settle(pilot)
        pane = app.pane_widget("figures")
        listing = pane.query_one("#indicator-list")
        shown = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert shown and all("森林覆盖率" in line for line in shown)
        assert not pane.has_class("-comparing") and not pane.has_class("-hide-list") and box.has_focus


async def test_the_palette_query_box_keeps_burst_order(ws):
    from explorer.tui.inputs import OrderedCommandInput

    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: bool(app.screen.query(OrderedCommandInput)), "the palette")
        box = app.screen.query_one(OrderedCommandInput)
        for ch in "碳达峰":
            app.post_message(events.Key(ch, ch))
        for _ in range(3):
            app.post_message(events.Key("backspace", None))
        app.post_message(events.Paste("总磷"))
        await wait_for(pilot, lambda: box.value == "总磷", "the palette's text")
