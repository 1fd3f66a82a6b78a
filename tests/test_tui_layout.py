"""Layout at 80×24, 120×40 and 200×50: Chinese lines never start with closing punctuation, the reader's
status line keeps the chosen mark whole; and start-up does each analysis once, after search is usable."""

from __future__ import annotations

import random

import pytest
from conftest import CORPUS, WORK_REPORTS, needs_shared
from rich.cells import cell_len
from textual.geometry import Region
from tui_support import make_app, reader_pane, ready, settle, shared_workspace, wait_for

from explorer.tui.linebreak import NO_END, NO_START, wrap_lines
from explorer.tui.messages import AnalysisReady, IndexReady, Location, WorkspaceReady

SIZES = [(80, 24), (120, 40), (200, 50)]
BORDER = "▌▊┃│▎▍▏ "


@pytest.fixture
def ws(tmp_path_factory):
    return shared_workspace(tmp_path_factory)


def _lines(text: str, widths=(20, 33, 41, 60, 84)) -> list[tuple[int, str]]:
    """Every line but a paragraph's first (the text itself may begin with a mark, e.g. a scraped "）…")."""
    return [(w, line) for w in widths for i, line in enumerate(wrap_lines(text, w)) if i > 0]


def test_no_line_starts_with_closing_punctuation_in_the_bundled_texts(ws):
    for doc in ws.documents.values():
        for p in doc.passages:
            for width, line in _lines(p.text):
                assert cell_len(line) <= width
                assert line[:1] not in NO_START, (doc.id, p.index, width, line)


@needs_shared
def test_no_line_starts_with_closing_punctuation_in_unseen_work_reports():
    rng = random.Random(15)
    texts = [p.read_text(encoding="utf-8") for p in sorted(WORK_REPORTS.glob("*.txt"))]
    for text in rng.sample(texts, min(4, len(texts))):
        paragraphs = [p for p in text.split("\n") if len(p) > 40]
        for paragraph in rng.sample(paragraphs, min(40, len(paragraphs))):
            for width, line in _lines(paragraph):
                assert cell_len(line) <= width
                assert line[:1] not in NO_START, (width, line)
                assert line[-1:] not in NO_END or line == paragraph[-len(line) :], (width, line)


def test_numbers_and_latin_words_are_not_split():
    lines = wrap_lines("到2026年，森林覆盖率稳定在63.1%以上，PM2.5平均浓度下降", 12)
    assert all("63.1%" in line or "63" not in line for line in lines)
    assert any("PM2.5" in line for line in lines)


def _screen_lines(widget) -> list[str]:
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return [strip.text for strip in strips]


async def test_the_reader_breaks_chinese_lines_by_the_rules(ws):
    doc = max(ws.documents.values(), key=lambda d: sum(len(p.text) for p in d.passages))
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=SIZES[0]) as pilot:
        await ready(pilot)
        app.navigate(Location("reader", doc=doc.id, passage=0))
        reader = reader_pane(app)
        await wait_for(pilot, lambda: app.active_pane == "reader" and reader.settled and reader.doc.id == doc.id)
        for size in SIZES:
            await pilot.resize_terminal(*size)
            await settle(pilot)
            seen = 0
            for view in reader._views:
                if view.size.width == 0:
                    continue
                for line in _screen_lines(view):
                    text = line.strip(BORDER)
                    seen += bool(text)
                    assert text[:1] not in NO_START, (size, line)
                    assert cell_len(line) <= view.size.width
            assert seen > 20


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_reader_status_line_keeps_the_chosen_mark_whole(ws, size):
    from explorer.tui.marks import collect_marks

    doc, mark = next((d.id, m) for d in ws.documents.values() for m in collect_marks(ws, d.id) if m.kind == "figure")
    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        app.navigate(Location("reader", doc=doc, passage=mark.passage))
        reader = reader_pane(app)
        await wait_for(pilot, lambda: app.active_pane == "reader" and reader.settled)
        while reader.selected_mark() != mark:
            await pilot.press("right")
        await settle(pilot)
        status = app.query_one("#reader-status")
        shown = "".join(_screen_lines(status))
        assert f"{mark.label} → figures (Enter)" in shown  # the mark and where Enter goes, whole


async def test_start_up_searches_first_and_analyses_once(tmp_path_factory, monkeypatch):
    """The analysis starts after search is usable, and the corpus-wide figure pass runs once, not once per
    pane racing on an unlocked cache (it ran three times)."""

    import explorer.extract.figures as figures_module
    from explorer.workspace import Workspace

    calls: list[tuple[str, int]] = []
    real = figures_module.extract_figures

    def counting(passage, record, *args, **kwargs):
        calls.append((record.id, passage.index))
        return real(passage, record, *args, **kwargs)

    monkeypatch.setattr(figures_module, "extract_figures", counting)
    # a fresh index folder, so its analysis store is empty too: every figure is extracted in this test
    ws = Workspace.open(CORPUS, tmp_path_factory.mktemp("fresh-index"))
    order: list[str] = []

    def hook(message) -> None:
        if isinstance(message, WorkspaceReady | IndexReady | AnalysisReady):
            order.append(type(message).__name__)

    app = make_app(ws.index_dir, workspace=ws)
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await ready(pilot)
        app.navigate(Location("reader", doc=next(iter(ws.documents)), passage=0))
        reader = reader_pane(app)
        await wait_for(pilot, lambda: reader.settled)
        for key in ("f4", "f5", "f6"):
            await pilot.press(key)
            await settle(pilot)
    assert order == ["WorkspaceReady", "IndexReady", "AnalysisReady"]
    assert calls and len(calls) == len(set(calls)), "a passage's figures were extracted twice"
