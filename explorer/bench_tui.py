"""TUI start-up, timed in a fresh process: from the interpreter's start to a usable search (the index open and the
Search pane taking queries), to the analysis done (figures, measures and targets computed and handed to the
panes) and to every pane filled: the Measures, Figures and References panes load their data when first opened,
so they are opened in turn and each one's open → filled time is reported too.

Run as ``python -m explorer.bench_tui CORPUS INDEX [--timeline] [--eager]``; prints one JSON object. ``--eager``
opens the panes as soon as search is usable (each loads what it shows first; the corpus-wide analysis waits until
no pane is loading), not once the analysis is done. The app runs headless
(Textual's ``run_test``), so the times include Textual's import and first render but no terminal. With
``--timeline`` it also says where the time goes: when each step of the start ended (workspace open, index ready,
analysis started and done, each step of what the panes show first prepared, each pane filled) and how long each
workspace call of the analysis worker and of the panes' loaders took (wrapped here, on this one workspace, for the
run only). A bench, not a test.

A pane counts as filled when what it first shows is drawn: the Measures pane's trees and the first node's detail
(the references it reports follow while it is on screen: ``back_to_measures_links_s`` goes back to it at the end),
the Figures pane's indicator list and the first indicator's series (table and chart), the References pane's tree.
The app is made as ``run_app`` makes it.
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()  # before anything of the app is imported

import asyncio  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

_CALLS = ("figures", "indicators", "measures", "targets", "refs")
_PANES = ("measures", "figures", "references")


def _filled(name: str, pane: Any) -> bool:
    """What the pane shows first is drawn (see the module's docstring)."""
    if pane is None:
        return False
    if name == "figures":
        return getattr(pane, "indicators", None) is not None and (
            not pane.indicators or getattr(pane, "current", None) is not None
        )
    return getattr(pane, "data", None) is not None


def _since() -> float:
    return round(time.perf_counter() - _T0, 3)


def _timed_calls(ws: Any, calls: list[dict[str, Any]]) -> None:
    """Wrap the workspace's data calls on this instance so each call's thread, start and duration are kept."""
    for name in _CALLS:
        original = getattr(ws, name)

        def timed(*args: Any, _name: str = name, _original: Callable[..., Any] = original, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                calls.append(
                    {
                        "call": _name + ("(doc)" if args or kwargs else ""),
                        "thread": threading.current_thread().name,
                        "start_s": round(start - _T0, 3),
                        "took_s": round(time.perf_counter() - start, 3),
                    }
                )

        setattr(ws, name, timed)


async def _drawn(app: Any) -> None:
    """The screen refreshed once more (not ``pilot.pause()``: that waits until the whole process is idle, so a
    pane counted as filled only when every background worker had finished too)."""
    done = asyncio.Event()
    app.call_after_refresh(done.set)
    await done.wait()


async def _measure(corpus: Path, index: Path, timeline: bool, eager: bool = False) -> dict[str, Any]:
    from explorer.gc_tuning import tune_gc
    from explorer.tui.app import PolicyExplorerApp
    from explorer.tui.messages import Location
    from explorer.workspace import Workspace

    out: dict[str, Any] = {}
    tune_gc()  # as `policy-explorer` (cli.main) sets it before starting the app
    steps: dict[str, float] = {"imports": _since()}
    calls: list[dict[str, Any]] = []
    ws = None
    if timeline:  # the app's own worker would open it: opened here (timed) so its calls can be wrapped
        ws = Workspace.open(corpus, index)
        steps["workspace_open"] = _since()
        _timed_calls(ws, calls)
    app = PolicyExplorerApp(corpus, index, workspace=ws, freeze_snapshot=True)

    def seen(message: Any) -> None:  # each step of tui.prepare, when its message is posted
        if type(message).__name__ == "Prepared":
            steps.setdefault(f"prepared_{message.step}", _since())

    async with app.run_test(size=(120, 40), message_hook=seen):
        await app.ready.wait()
        out["tui_search_usable_s"] = steps["search_usable"] = _since()
        if not eager:  # the panes opened once the analysis is done (it starts after a quiet moment)
            while not app._analysis_started:
                await asyncio.sleep(0.005)
            steps["analysis_started"] = _since()
            await app.analysed.wait()
            steps["analysis_done"] = _since()
        # A pane loads its data when first opened: each is opened in turn, as a researcher going through them
        for name in _PANES:
            opened = time.perf_counter()
            app.navigate(Location(name))
            while not _filled(name, app.pane_widget(name)):  # (eager: mounted once the analysis is done)
                await asyncio.sleep(0.005)
            await _drawn(app)
            steps[f"{name}_pane_filled"] = _since()
            out[f"open_{name}_to_filled_s"] = round(time.perf_counter() - opened, 2)
        out["tui_panes_filled_s"] = _since()
        # The Measures detail's "reported on by" loads while the pane is on screen, once the references are
        # prepared: back on it, how long until they are shown
        back = time.perf_counter()
        app.navigate(Location("measures"))
        pane = app.pane_widget("measures")
        while getattr(getattr(pane, "data", None), "links_ready", True) is False:
            await asyncio.sleep(0.005)
        await _drawn(app)
        out["back_to_measures_links_s"] = round(time.perf_counter() - back, 2)
    if timeline:
        out["steps_s"] = steps
        out["calls"] = calls
    return out


def main(argv: list[str]) -> int:
    corpus, index = Path(argv[0]), Path(argv[1])
    result = asyncio.run(_measure(corpus, index, "--timeline" in argv, "--eager" in argv))
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
