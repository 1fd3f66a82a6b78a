"""Helpers for the Pilot tests of the explorer app (not a test module)."""

from __future__ import annotations

from pathlib import Path

from conftest import CORPUS

_INDEX: dict[str, Path] = {}
_WORKSPACES: dict[str, object] = {}


def built_index(tmp_path_factory, corpus: Path = CORPUS) -> Path:
    """One index per corpus for the whole session, so most app tests start with a fresh index."""
    key = str(corpus)
    if key not in _INDEX:
        from explorer.workspace import Workspace

        index_dir = tmp_path_factory.mktemp("tui-index")
        Workspace.open(corpus, index_dir).update_index()
        _INDEX[key] = index_dir
    return _INDEX[key]


def shared_workspace(tmp_path_factory, corpus: Path = CORPUS):
    """An open workspace with its index built and its derived data computed once for the session, so each
    app test starts as fast as a real session does on its second screen."""
    key = str(corpus)
    if key not in _WORKSPACES:
        from explorer.workspace import Workspace

        ws = Workspace.open(corpus, built_index(tmp_path_factory, corpus))
        for warm in (ws.figures, ws.indicators, ws.measures, ws.targets, ws.refs):
            try:
                warm()
            except Exception:
                pass
        _WORKSPACES[key] = ws
    return _WORKSPACES[key]


def make_app(index_dir: Path, corpus: Path = CORPUS, **kwargs):
    from explorer.tui.app import PolicyExplorerApp

    app = PolicyExplorerApp(corpus, index_dir, debounce=kwargs.pop("debounce", 0.05), **kwargs)
    app.test_notifications = []  # every notification, kept (toasts expire)
    notify = app.notify

    def recording_notify(message, *args, **kw):
        app.test_notifications.append((str(message), kw.get("severity", "information")))
        return notify(message, *args, **kw)

    app.notify = recording_notify
    return app


async def settle(pilot) -> None:
    """Let every running worker finish and every message they posted be handled: no clock involved."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_for(pilot, predicate, what: str = "condition", rounds: int = 400) -> None:
    """Wait until ``predicate()`` holds, one round of work at a time (workers done, messages handled), so a
    busy machine only makes it slower, never makes it fail. ``rounds`` bounds a wait that can never end."""
    for _ in range(rounds):
        if predicate():
            return
        await settle(pilot)
    raise AssertionError(f"{what} never happened ({rounds} rounds of work)")


async def ready(pilot) -> None:
    """The workspace is open, the index usable and the analysis panes have their data (all by events)."""
    app = pilot.app
    await app.ready.wait()
    if app.workspace is not None:
        app.start_analysis()  # not waiting for the quiet moment the app gives a user's first searches
        await app.analysed.wait()
    panes = [app.pane_widget(p) for p in ("measures", "figures", "references")]
    for pane in panes:  # a pane loads when first shown: here all of them, so each test starts with every pane's data
        if pane is not None and hasattr(pane, "ensure_loading"):
            pane.ensure_loading()
    await wait_for(pilot, lambda: all(getattr(p, "data_ready", True) for p in panes if p is not None), "pane data")
    await settle(pilot)


def search_pane(app):
    return app.query_one("#search-pane")


def reader_pane(app):
    return app.query_one("#reader-pane")


async def type_query(pilot, text: str) -> None:
    """Type into the focused query box, one key per character, and wait for its results."""
    for ch in text:
        await pilot.press(ch if ch != " " else "space")
    pane = search_pane(pilot.app)
    await wait_for(
        pilot,
        lambda: pane.settled and pane.last_result is not None and pane.last_result.query.strip() == pane.query_text(),
        what=f"results for {text!r}",
    )
    await pilot.pause()


async def open_in_reader(pilot) -> None:
    """From the search box: into the results, open the highlighted hit, wait for the reader."""
    await pilot.press("down")
    await pilot.pause()
    await pilot.press("enter")
    reader = reader_pane(pilot.app)
    await wait_for(pilot, lambda: pilot.app.active_pane == "reader" and reader.settled, what="the reader")
    await pilot.pause(0.1)


def errors_shown(app) -> list[str]:
    return [message for message, severity in app.test_notifications if severity == "error"]


def screen_lines(app, widget=None) -> list[str]:
    """The text on screen now, line by line; only ``widget``'s region when given (what a researcher sees)."""
    strips = app.screen._compositor.render_strips()
    if widget is None:
        return [strip.text for strip in strips]
    region = widget.region
    return [strips[y].crop(region.x, region.right).text for y in range(region.y, region.bottom) if y < len(strips)]
