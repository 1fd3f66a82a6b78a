"""Panes load what they show when they are shown: at start-up nothing but the index, the search and the one
analysis worker runs (the panes' loads took 45 s of both cores on a thousand documents and made a search wait
2 s); References labels a page of leaves a group; Measures builds a collapsed document's nodes when opened."""

from __future__ import annotations

import pytest
from conftest import PLAN
from textual.widgets import Tree
from tui_support import make_app, settle, shared_workspace, wait_for

from explorer.tui.messages import Location
from explorer.tui.panes import ref_data, references


@pytest.fixture
def ws(tmp_path_factory):
    return shared_workspace(tmp_path_factory)


async def _analysed(pilot) -> None:
    app = pilot.app
    await app.ready.wait()
    app.start_analysis()
    await app.analysed.wait()
    await settle(pilot)


async def test_hidden_panes_load_nothing_until_shown(ws):
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await _analysed(pilot)
        panes = {name: app.pane_widget(name) for name in ("measures", "figures", "references")}
        await wait_for(pilot, lambda: all(p is not None and p.is_mounted for p in panes.values()), "the panes")
        await settle(pilot)
        assert app.active_pane == "search"
        assert all(p.workspace is not None and not p.load_started and not p.data_ready for p in panes.values())
        await pilot.press("f4")  # the Measures tab: now, and only now, its data is loaded
        await wait_for(pilot, lambda: panes["measures"].data_ready, "the measures")
        assert not panes["figures"].load_started and not panes["references"].load_started
        app.navigate(Location("figures", indicator="森林覆盖率"))  # a jump loads the pane it lands on
        await wait_for(pilot, lambda: panes["figures"].current is not None, "the series")
        assert panes["figures"].current.name == "森林覆盖率" and not panes["references"].load_started


async def test_references_show_a_page_a_group_and_more_on_enter(ws, monkeypatch):
    for module in (references, ref_data):  # the pane pages as its data does
        monkeypatch.setattr(module, "PAGE", 10)
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await _analysed(pilot)
        app.navigate(Location("references", doc=PLAN))
        pane = app.pane_widget("references")
        await wait_for(pilot, lambda: pane.data is not None and pane.data.groups, "the references")
        await settle(pilot)
        tree = pane.query_one("#ref-tree", Tree)
        direction, ref_type, leaves = max(pane.data.groups, key=lambda g: len(g[2]))
        assert len(leaves) > 20  # reports-on the plan: more than two pages
        group = next(g for g in tree.root.children if g.data == ("group", direction, ref_type))
        more = group.children[-1]
        assert len(group.children) == 11 and str(more.label).startswith(f"… {len(leaves) - 10} more")
        assert len(pane.data.labels) < sum(len(g[2]) for g in pane.data.groups)  # the rest are not labelled yet
        tree.select_node(more)
        await wait_for(pilot, lambda: len(group.children) == 21, "the next page")
        shown = [pane._leaves[n.id] for n in group.children if n.id in pane._leaves]
        assert shown == leaves[:20]  # in order, none twice
        tree.move_cursor(group.children[15])
        await settle(pilot)
        preview = str(pane.query_one("#ref-preview-text").render())
        assert ref_type in preview  # written when highlighted


async def test_measures_build_a_collapsed_document_when_opened(ws):
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await _analysed(pilot)
        app.navigate(Location("measures", doc=PLAN))
        pane = app.pane_widget("measures")
        await wait_for(pilot, lambda: pane.data is not None, "the measures")
        await settle(pilot)
        tree = pane.query_one("#measure-tree", Tree)
        reports = [n for n in tree.root.children if n.data != pane.data.roots.get(PLAN) and not n.is_expanded]
        unbuilt = [n for n in reports if n.id in pane._unbuilt]
        assert unbuilt and all(not n.children for n in unbuilt)
        node = unbuilt[0]
        node.expand()
        await wait_for(pilot, lambda: bool(node.children), "the document's measures")
        assert [c.data for c in node.children] == pane.data.children[node.data]
        # a jump to a measure of a document not built yet builds it and lands on it
        other = next((n for n in unbuilt[1:]), None)
        if other is not None:
            wanted = pane.data.children[other.data][0]
            app.navigate(Location("measures", measure=wanted))
            await wait_for(pilot, lambda: pane.selected == wanted, "the measure")
            assert other.children


def test_a_documents_or_measures_references_come_from_its_index_as_from_every_reference(ws, monkeypatch):
    """The References pane reads a document's (or a measure's) references from the per-document index and its
    measures one document at a time: the same groups and labels as from every reference and every measure."""
    measure = next(r.target.measure for r in ws.refs(type="reports-on") if r.target.measure and r.target.doc == PLAN)
    subjects = [Location("references", doc=PLAN), Location("references", measure=measure)]
    asked: list[object] = []
    refs, measures = ws.refs, ws.measures
    monkeypatch.setattr(ws, "refs", lambda *a, **k: asked.append(("refs", k.get("doc"))) or refs(*a, **k))
    monkeypatch.setattr(ws, "measures", lambda *a, **k: asked.append(("measures", *a)) or measures(*a, **k))
    fast = [references.load_ref_data(ws, s) for s in subjects]
    assert ("refs", None) not in asked and ("measures",) not in asked  # never every reference, every measure
    monkeypatch.setattr(ws, "refs", lambda *a, **k: refs())  # as before the index: every reference, filtered
    monkeypatch.setattr(ws, "measures", lambda *a, **k: measures(*a, **k) if a else measures())
    for subject, got in zip(subjects, fast, strict=True):
        old = references.load_ref_data(ws, subject)
        assert [(d, t, [leaf.ref for leaf in leaves]) for d, t, leaves in got.groups] == [
            (d, t, [leaf.ref for leaf in leaves]) for d, t, leaves in old.groups
        ]
        assert got.groups and str(got.heading) == str(old.heading)
        assert [str(label) for label in got.labels.values()] == [str(label) for label in old.labels.values()]


async def test_the_corpus_view_shows_each_groups_first_page_then_takes_the_rest(ws, monkeypatch):
    for module in (references, ref_data):  # the pane pages as its data does
        monkeypatch.setattr(module, "PAGE", 10)
    full = references.load_ref_data(ws, None)
    first = references.load_corpus_first_screen(ws)
    assert first is not None and first.partial and full.groups
    assert [(d, t, first.totals[(d, t)]) for d, t, _ in first.groups] == [(d, t, len(x)) for d, t, x in full.groups]
    assert [[leaf.ref for leaf in x] for *_, x in first.groups] == [
        [leaf.ref for leaf in x[:10]] for *_, x in full.groups
    ]
    seen: list[object] = []
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await app.ready.wait()
        app.navigate(Location("references"))
        pane = app.pane_widget("references")
        await wait_for(pilot, lambda: pane.data is not None and not pane.data.partial, "every reference")
        tree = pane.query_one("#ref-tree", Tree)
        group = max(tree.root.children, key=lambda g: len(g.children))
        more = group.children[-1]
        _kind, direction, ref_type, start = more.data
        leaves = next(x for d, t, x in full.groups if (d, t) == (direction, ref_type))
        assert str(more.label).startswith(f"… {len(leaves) - 10} more")
        pane.query_one("#ref-tree", Tree).select_node(more)
        await wait_for(pilot, lambda: len(group.children) > 11, "the next page")
        shown = [pane._leaves[n.id].ref for n in group.children if n.id in pane._leaves]
        assert shown == [leaf.ref for leaf in leaves[: len(shown)]] and len(shown) == min(20, len(leaves))


async def test_panes_fill_their_first_screen_before_any_corpus_wide_analysis(ws):
    """With the index ready the panes are there with the workspace; opening one fills it from the store's indexes
    while the corpus-wide analysis has not started (opening a pane postpones it; it starts once none loads)."""
    from explorer.tui.messages import AnalysisReady, Prepared
    from explorer.tui.panes.measures import MeasuresPane

    seen: list[object] = []
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await app.ready.wait()
        app.navigate(Location("measures"))
        pane = app.pane_widget("measures")
        await wait_for(pilot, lambda: pane is not None and pane.data is not None, "the first screen")
        first = next(i for i, m in enumerate(seen) if isinstance(m, MeasuresPane.TreeLoaded))
        assert not any(isinstance(m, AnalysisReady | Prepared) for m in seen[:first])
        await app.analysed.wait()  # then the analysis, once no pane is loading
        await wait_for(pilot, lambda: len(app.prepared) == 3, "every step")
        await wait_for(pilot, lambda: pane.data.complete, "every document's trees")
        assert app.panes_idle.is_set() and len(pane.data.measures) == len(ws.measures())
