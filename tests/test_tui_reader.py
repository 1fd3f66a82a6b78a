"""Reader pane: opened at the passage, cursor and long passages, hits, outline, marks that lead elsewhere."""

from __future__ import annotations

import pytest
from textual.widgets import Tree
from tui_support import errors_shown, make_app, reader_pane, ready, settle, shared_workspace, wait_for

from explorer.tui.messages import Location


@pytest.fixture
def ws(tmp_path_factory):
    return shared_workspace(tmp_path_factory)


async def _open(pilot, doc: str, passage: int, query: str | None = None):
    pilot.app.navigate(Location("reader", doc=doc, passage=passage, query=query))
    reader = reader_pane(pilot.app)
    await wait_for(pilot, lambda: reader.settled and reader.doc.id == doc, what="the reader")
    await settle(pilot)
    return reader


def _visible(reader, index: int) -> bool:
    view = reader.query_one("#doc-view")
    region = reader._views[index].virtual_region
    top, height = view.scroll_y, view.scrollable_content_region.height
    return region.y < top + height and region.bottom > top


def _longest(ws):
    return max(((d.id, p.index, len(p.text)) for d in ws.documents.values() for p in d.passages), key=lambda t: t[2])


async def test_opens_scrolled_to_the_chosen_passage(ws):
    doc = max(ws.documents.values(), key=lambda d: len(d.passages))
    target = len(doc.passages) - 3
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        reader = await _open(pilot, doc.id, target)
        assert reader.cursor == target
        assert _visible(reader, target)
        assert reader._views[target].has_class("-cursor")
        assert app.focused.id == "doc-view"
        title = str(reader.query_one("#doc-title").render())
        assert title == doc.record.title


async def test_cursor_keys_and_long_passages_scroll_before_leaving(ws):
    doc_id, index, _length = _longest(ws)
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        reader = await _open(pilot, doc_id, index)
        view = reader.query_one("#doc-view")
        region = reader._views[index].virtual_region
        if region.height <= view.scrollable_content_region.height:
            pytest.skip("no passage is taller than the screen")
        before = view.scroll_y
        await pilot.press("down")
        await pilot.pause()
        assert reader.cursor == index and view.scroll_y > before  # read on inside the long passage
        for _ in range(region.height):  # eventually the cursor moves on
            await pilot.press("down")
            if reader.cursor != index:
                break
        assert reader.cursor == index + 1
        await pilot.press("up")
        await pilot.pause()
        await pilot.press("home")
        await pilot.pause()
        assert reader.cursor == 0
        await pilot.press("end")
        await pilot.pause()
        assert reader.cursor == len(ws.document(doc_id).passages) - 1


async def test_n_and_shift_n_walk_the_hits_of_the_query(ws):
    # a query with hits in several passages of one document
    options = []
    for candidate in ("生态", "经济", "发展", "保护", "建设"):
        for d in ws.documents.values():
            result = ws.search(candidate, doc=d.id, include_excluded=True, limit=None)
            spans = sum(len(h.highlights) for h in result.hits)
            if len({h.passage for h in result.hits}) >= 3:
                options.append((spans, d.id, candidate, result.hits))
    assert options
    _spans, doc_id, query, hits = min(options, key=lambda o: o[0])  # the fewest hits: fewer key presses
    doc = ws.document(doc_id)
    passages = sorted({h.passage for h in hits})
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        reader = await _open(pilot, doc.id, passages[0], query)
        await wait_for(pilot, lambda: bool(reader.hits))
        assert {p for p, _s, _e in reader.hits} == set(passages)
        start = reader.hit_index
        seen = [reader.cursor]
        for _ in range(len(reader.hits)):
            await pilot.press("n")
            await pilot.pause()
            seen.append(reader.cursor)
        assert reader.hit_index == start  # wrapped around
        assert set(seen) == set(passages)
        await pilot.press("N")
        await pilot.pause()
        assert reader.hit_index == (start - 1) % len(reader.hits)
        status = str(reader.query_one("#reader-status").render())
        assert "hit" in status and f"/{len(reader.hits)}" in status


async def test_outline_lists_headings_and_jumps_to_them(ws):
    doc = max(ws.documents.values(), key=lambda d: len(d.headings))
    heading = doc.headings[len(doc.headings) // 2]
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        reader = await _open(pilot, doc.id, 0)
        tree = reader.query_one("#outline", Tree)
        assert tree.display

        def count(node):
            return len(node.children) + sum(count(c) for c in node.children)

        assert count(tree.root) == len(doc.headings)
        node = next(n for n in _walk(tree.root) if n.data == heading.passage)
        tree.focus()
        tree.select_node(node)
        await wait_for(pilot, lambda: reader.cursor == heading.passage)
        assert app.history.current == Location("reader", doc=doc.id, passage=heading.passage)
        await settle(pilot)
        assert _visible(reader, heading.passage)


def _walk(node):
    for child in node.children:
        yield child
        yield from _walk(child)


async def test_outline_collapses_on_narrow_screens_and_o_toggles_it(ws):
    doc = next(iter(ws.documents.values()))
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        reader = await _open(pilot, doc.id, 0)
        tree = reader.query_one("#outline", Tree)
        assert not tree.display
        await pilot.press("o")
        await pilot.pause()
        assert tree.display
        await pilot.press("o")
        await pilot.pause()
        assert not tree.display


async def test_excluded_passages_are_shown_dimmed_with_the_reason(ws):
    doc = next((d for d in ws.documents.values() if any(p.excluded for p in d.passages)), None)
    if doc is None:
        pytest.skip("no excluded passage in this corpus")
    excluded = next(p for p in doc.passages if p.excluded)
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        reader = await _open(pilot, doc.id, excluded.index)
        view = reader._views[excluded.index]
        assert view.has_class("-excluded")
        assert "unrelated" in str(view.render()) or "duplicate" in str(view.render())


def _passage_with_mark(ws, kinds: set[str]):
    from explorer.tui.marks import collect_marks

    for doc in ws.documents.values():
        for mark in collect_marks(ws, doc.id):
            if mark.kind in kinds:
                return doc.id, mark
    return None, None


async def test_a_figure_mark_leads_to_its_indicator(ws):
    doc, mark = _passage_with_mark(ws, {"figure"})
    if mark is None:
        pytest.skip("no figures extracted (extractor missing)")
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        reader = await _open(pilot, doc, mark.passage)
        marks = reader.marks[mark.passage]
        for _ in range(marks.index(mark) + 1):
            await pilot.press("right")
        await pilot.pause()
        assert reader.selected_mark() == mark
        assert mark.label[:10] in str(reader.query_one("#reader-status").render())
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.active_pane == "figures")
        assert app.history.current == mark.target
        assert mark.target.indicator
        await pilot.press("alt+left")
        await wait_for(pilot, lambda: app.active_pane == "reader")
        assert (reader.doc.id, reader.cursor) == (doc, mark.passage)
        assert not errors_shown(app)


async def test_a_cited_title_or_programme_leads_to_the_references(ws):
    doc, mark = _passage_with_mark(ws, {"cites", "programme"})
    if mark is None:
        pytest.skip("no references found (extractor missing)")
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        reader = await _open(pilot, doc, mark.passage)
        reader.mark_index = reader.marks[mark.passage].index(mark)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.active_pane == mark.target.pane)
        assert mark.target.pane in ("references", "reader")
        assert not errors_shown(app)


async def test_click_puts_the_cursor_on_a_passage(ws):
    doc = next(iter(ws.documents.values()))
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        reader = await _open(pilot, doc.id, 0)
        visible = [i for i in range(1, len(reader._views)) if _visible(reader, i)]
        target = visible[-1]
        await pilot.click(reader._views[target])
        await pilot.pause()
        assert reader.cursor == target
