"""TUI start-up, timed in a fresh process: from the interpreter's start to a usable search (the index open and the
Search pane taking queries), to the analysis done (figures, measures and targets computed and handed to the
panes) and to every pane filled: the Measures, Figures and References panes load their data when first opened,
so they are opened in turn and each one's open → filled time is reported too.

Run as ``python -m explorer.bench_tui CORPUS INDEX [--timeline]``; prints one JSON object. The app runs headless
(Textual's ``run_test``), so the times include Textual's import and first render but no terminal. With
``--timeline`` it also says where the time goes: when each step of the start ended (workspace open, index ready,
analysis started and done, each pane's data in) and how long each workspace call of the analysis worker and of
the panes' loaders took (wrapped here, on this one workspace, for the run only). A bench, not a test.
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


async def _measure(corpus: Path, index: Path, timeline: bool) -> dict[str, Any]:
    from explorer.tui.app import PolicyExplorerApp
    from explorer.tui.messages import Location
    from explorer.workspace import Workspace

    out: dict[str, Any] = {}
    steps: dict[str, float] = {"imports": _since()}
    calls: list[dict[str, Any]] = []
    ws = None
    if timeline:  # the app's own worker would open it: opened here (timed) so its calls can be wrapped
        ws = Workspace.open(corpus, index)
        steps["workspace_open"] = _since()
        _timed_calls(ws, calls)
    app = PolicyExplorerApp(corpus, index, workspace=ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.ready.wait()
        out["tui_search_usable_s"] = steps["search_usable"] = _since()
        while not app._analysis_started:
            await asyncio.sleep(0.005)
        steps["analysis_started"] = _since()
        await app.analysed.wait()
        steps["analysis_done"] = _since()
        # A pane loads its data when first opened: each is opened in turn, as a researcher going through them
        for name in _PANES:
            opened = time.perf_counter()
            app.navigate(Location(name))
            pane = app.pane_widget(name)
            while pane is not None and not getattr(pane, "data_ready", True):
                await asyncio.sleep(0.005)
            await pilot.pause()
            steps[f"{name}_pane_filled"] = _since()
            out[f"open_{name}_to_filled_s"] = round(time.perf_counter() - opened, 2)
        out["tui_panes_filled_s"] = _since()
    if timeline:
        out["steps_s"] = steps
        out["calls"] = calls
    return out


def main(argv: list[str]) -> int:
    corpus, index = Path(argv[0]), Path(argv[1])
    print(json.dumps(asyncio.run(_measure(corpus, index, "--timeline" in argv)), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
