"""Search pane: results as you type, stale results dropped, filters, empty results explained, into the reader."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import Input, OptionList, Select
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


@pytest.fixture
def ws(tmp_path_factory):
    return shared_workspace(tmp_path_factory)


def _common_term(ws) -> str:
    """A two-character word shared by most documents of the corpus (found, not hard-coded)."""
    from collections import Counter

    counts: Counter[str] = Counter()
    for doc in ws.documents.values():
        grams = {p.text[i : i + 2] for p in doc.policy_passages() for i in range(len(p.text) - 1)}
        counts.update(g for g in grams if all("\u4e00" <= c <= "\u9fff" for c in g))
    return counts.most_common(1)[0][0]


async def test_results_follow_typing_with_highlighted_hits(ws):
    term = _common_term(ws)
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await type_query(pilot, term)
        pane = search_pane(app)
        result = pane.last_result
        assert result.query == term and result.hits
        options = pane.query_one("#results", OptionList)
        assert options.option_count == len(result.hits)
        for hit in result.hits:
            assert hit.highlights, hit
            assert all(hit.text[s:e] for s, e in hit.highlights)
        # the result's prompt shows the document's title, the section path and the passage
        first = result.hits[0]
        prompt = str(options.get_option_at_index(0).prompt)
        assert ws.document(first.doc).record.title in prompt
        assert f"#{first.passage}" in prompt
        count = str(pane.query_one("#search-count").render())
        assert str(len(result.hits)) in count


async def test_a_slow_stale_query_never_overwrites_a_newer_one(ws, monkeypatch):
    real_search = ws.search
    released = threading.Event()

    def search(query, **kwargs):
        if query == "水":  # the first, shorter query is slow
            released.wait(5)
        return real_search(query, **kwargs)

    monkeypatch.setattr(ws, "search", search)
    app = make_app(ws.index_dir, workspace=ws, debounce=0.0)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        pane = search_pane(app)
        await pilot.press("水")
        await settle(pilot)
        await pilot.press("质")
        await wait_for(pilot, lambda: pane.last_result is not None and pane.last_result.query == "水质")
        released.set()  # now the stale search finishes and posts its result
        await settle(pilot)
        assert pane.last_result.query == "水质"
        assert all(h.highlights for h in pane.last_result.hits)


async def test_no_match_says_so(ws):
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await type_query(pilot, "zzqqxx")
        pane = search_pane(app)
        assert not pane.query_one("#results").display
        assert "No passage matches" in str(pane.query_one("#search-message").render())


def _only_in_excluded(ws) -> str | None:
    """A phrase found only in passages marked unrelated (bylines, captions, other articles)."""
    for doc in ws.documents.values():
        for p in doc.passages:
            if not p.excluded:
                continue
            text = p.text
            for i in range(0, max(len(text) - 4, 0)):
                candidate = text[i : i + 4]
                if not all("\u4e00" <= c <= "\u9fff" for c in candidate):
                    continue
                result = ws.search(f'"{candidate}"')
                if result.total == 0 and result.excluded_matches > 0:
                    return f'"{candidate}"'
    return None


async def test_matches_only_in_excluded_passages_are_explained_and_can_be_included(ws):
    query = _only_in_excluded(ws)
    if query is None:
        pytest.skip("this corpus has no phrase found only in excluded passages")
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.query_one("#query", Input).value = query
        pane = search_pane(app)
        await wait_for(pilot, lambda: pane.settled and pane.last_result is not None)
        message = str(pane.query_one("#search-message").render())
        assert "marked unrelated" in message and "Ctrl+T" in message
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: pane.settled and pane.last_result is not None and pane.last_result.hits)
        assert all(h.excluded for h in pane.last_result.hits)
        assert "unrelated" in str(pane.query_one("#results", OptionList).get_option_at_index(0).prompt)


async def _settle(pilot, pane) -> None:
    await pilot.pause()  # the Select's Changed message starts a new search
    await wait_for(pilot, lambda: pane.settled, what="the filtered search")
    await pilot.pause()


async def test_filters_narrow_the_results(ws):
    term = _common_term(ws)
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        await type_query(pilot, term)
        pane = search_pane(app)
        everything = pane.last_result.total
        kinds = {r.id: r.kind for r in ws.records}
        years = {r.id: {r.year, *r.covers} for r in ws.records}  # published or covered
        pane.query_one("#filter-kind", Select).value = "plan"
        await _settle(pilot, pane)
        assert pane.last_result.hits and all(kinds[h.doc] == "plan" for h in pane.last_result.hits)
        assert pane.last_result.total <= everything
        pane.query_one("#filter-kind", Select).clear()
        year = max(r.year for r in ws.records if r.year)
        pane.query_one("#filter-year", Select).value = year
        await _settle(pilot, pane)
        assert pane.last_result.hits and all(year in years[h.doc] for h in pane.last_result.hits)
        doc = ws.records[0].id
        pane.query_one("#filter-year", Select).clear()
        pane.query_one("#filter-doc", Select).value = doc
        await _settle(pilot, pane)
        assert all(h.doc == doc for h in pane.last_result.hits)
        assert not errors_shown(app)


async def test_down_enters_the_results_and_enter_opens_the_passage(ws):
    term = _common_term(ws)
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await type_query(pilot, term)
        pane = search_pane(app)
        await pilot.press("down")
        await pilot.pause()
        assert isinstance(app.focused, OptionList) and app.focused.id == "results"
        await pilot.press("down")  # the second result
        await pilot.pause()
        hit = pane.last_result.hits[1]
        await pilot.press("enter")
        reader = reader_pane(app)
        await wait_for(pilot, lambda: app.active_pane == "reader" and reader.settled)
        await wait_for(pilot, lambda: bool(reader.hits))
        assert (reader.doc.id, reader.cursor) == (hit.doc, hit.passage)
        assert any(p == hit.passage for p, _s, _e in reader.hits)
        assert reader.search_query == term
        # back returns to the search with the same query and result highlighted
        await pilot.press("alt+left")
        await wait_for(pilot, lambda: app.active_pane == "search" and pane.settled)
        await settle(pilot)
        assert pane.query_text() == term
        assert pane.highlighted_hit() == hit


async def test_escape_from_results_returns_to_the_query(ws):
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await type_query(pilot, _common_term(ws))
        await pilot.press("down")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused.id == "query"
