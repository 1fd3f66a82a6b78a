"""The application shell: loading, pane keys (also while typing), help, history, odd input."""

from __future__ import annotations

import pytest
from conftest import CORPUS
from textual.widgets import Input
from tui_support import errors_shown, make_app, ready, search_pane, settle, shared_workspace, type_query, wait_for

from explorer.tui.messages import IndexProgress, Location

PANE_KEYS = {"f2": "search", "f3": "reader", "f4": "measures", "f5": "figures", "f6": "references", "f7": "notes"}


@pytest.fixture
def ws(tmp_path_factory):
    return shared_workspace(tmp_path_factory)


async def test_opens_on_search_with_the_query_focused(ws):
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.active_pane == "search"
        assert isinstance(app.focused, Input) and app.focused.id == "query"
        status = str(app.query_one("#status").render())
        assert f"{len(app.workspace.documents)} documents" in status and "index fresh" in status
        assert not app.query_one("#loading").display


async def test_every_pane_is_one_key_away_even_while_typing(ws):
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press(*"abc")
        assert app.focused.id == "query"
        for key, pane in PANE_KEYS.items():
            await pilot.press("f2")  # back to the search box, which has focus
            await pilot.pause()
            assert isinstance(app.focused, Input)
            await pilot.press(key)
            await pilot.pause()
            assert app.active_pane == pane, key
        # The external panes (another module) are mounted once the corpus is open, or say why not.
        for pane in ("measures", "figures", "references"):
            assert app.pane_widget(pane) is not None or app.query(f"#{pane}-placeholder")


async def test_help_with_f1_anywhere_and_question_mark_outside_inputs(ws):
    from explorer.tui.dialogs import HelpScreen

    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")  # in the query box: it is a character
        assert app.query_one("#query", Input).value == "?"
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f7")  # notes list has focus: ? is help there
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_ctrl_q_quits(ws):
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code in (0, None)
    assert not app.is_running


async def test_pane_switches_are_history_entries(ws):
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f7")
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        assert [loc.pane for loc in app.history.entries()] == ["search", "notes", "figures"]
        await pilot.press("alt+left")
        await pilot.pause()
        assert app.active_pane == "notes"
        await pilot.press("left_square_bracket")  # notes list has focus: [ is back
        await pilot.pause()
        assert app.active_pane == "search"
        await pilot.press("alt+right")  # in the search box Alt+→ still works
        await pilot.pause()
        assert app.active_pane == "notes"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.active_pane == "figures"
        await pilot.press("alt+right")  # nothing forward: says so, stays
        await pilot.pause()
        assert app.active_pane == "figures"
        assert not errors_shown(app)


async def test_first_run_builds_the_index_with_visible_progress(tmp_path):
    from explorer.tui.app import PolicyExplorerApp

    progress: list[tuple[int, int, bool]] = []

    class Spy(PolicyExplorerApp):
        def on_index_progress(self, message: IndexProgress) -> None:
            super().on_index_progress(message)
            progress.append((message.done, message.total, self.query_one("#loading").display))

    app = Spy(CORPUS, tmp_path / "fresh-index", debounce=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert progress, "no progress was shown while building the index"
        assert progress[-1][0] == progress[-1][1]
        assert all(shown for *_, shown in progress)
        await pilot.press("f2")
        await type_query(pilot, "生态")
        assert search_pane(app).last_result.total > 0
    assert any((tmp_path / "fresh-index").iterdir())


async def test_keys_pressed_while_loading_do_not_break_anything(tmp_path):
    app = make_app(tmp_path / "index-while-typing")
    async with app.run_test(size=(80, 24)) as pilot:
        # no waiting: the corpus is still opening and the index being built
        await pilot.press(*"生态", "down", "enter", "f3", "n", "b", "f4", "f5", "f6", "f7", "x", "alt+left", "f2")
        await ready(pilot)
        await settle(pilot)
        assert app.is_running
        assert not errors_shown(app)


ODD_QUERIES = [
    '"',
    '((("',
    "AND",
    "OR OR NOT",
    "*",
    "？？",
    "year:abc",
    "kind:",
    'doc:"',
    "\\",
    "\u200b",
    "ｓｅａｒｃｈ",
]


@pytest.mark.parametrize("query", ODD_QUERIES)
async def test_odd_queries_never_crash(ws, query):
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.query_one("#query", Input).value = query
        pane = search_pane(app)
        await wait_for(pilot, lambda: pane.settled, what="the search")
        await settle(pilot)
        assert app.is_running
        assert not errors_shown(app)
        message = str(pane.query_one("#search-message").render())
        assert pane.query_one("#results").display or message.strip()


async def test_very_long_input_is_cut_and_searched(ws):
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        from textual import events

        query = app.query_one("#query", Input)
        query.post_message(events.Paste("生态文明" * 2000 + "\n" + "(" * 300))
        pane = search_pane(app)
        await wait_for(
            pilot, lambda: bool(query.value) and pane.settled and pane.last_result is not None, what="the search"
        )
        assert len(query.value) <= 500
        query.value = "生态文明" * 2000  # set directly, past the input's limit: the search still cuts it
        await wait_for(pilot, lambda: pane.settled, what="the search")
        assert len(pane.last_result.query) <= 500
        assert app.is_running and not errors_shown(app)


async def test_a_missing_corpus_is_one_line_not_a_traceback(tmp_path, capsys):
    from explorer.tui.app import run_app

    assert run_app(corpus_dir=tmp_path / "nope", index_dir=tmp_path / "i") == 2
    err = capsys.readouterr().err
    assert "no corpus folder" in err and "Traceback" not in err


async def test_an_empty_corpus_folder_says_so_inside_the_app(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app(tmp_path / "i", corpus=empty)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, app.ready.is_set)
        await pilot.pause()
        assert "no document could be loaded" in str(app.query_one("#loading-label").render())
        await pilot.press(*"abc", "f3", "f4", "f7")  # panes without a corpus: nothing breaks
        await pilot.pause()
        assert app.is_running


async def test_palette_offers_documents_and_search(ws):
    from explorer.tui.palette import ExplorerCommands

    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        provider = ExplorerCommands(app.screen)
        record = app.workspace.records[0]
        hits = [hit async for hit in provider.search(record.title[:6])]
        texts = [h.text for h in hits]
        assert f"Open document: {record.title}" in texts
        assert f"Search passages: {record.title[:6]}" in texts
        hit = next(h for h in hits if h.text == f"Open document: {record.title}")
        hit.command()
        await wait_for(pilot, lambda: app.active_pane == "reader" and app.query_one("#reader-pane").settled)
        assert app.query_one("#reader-pane").doc.id == record.id
        assert app.history.current == Location("reader", doc=record.id, passage=0)
