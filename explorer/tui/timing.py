"""Measure the explorer as a user feels it (headless, through Textual's Pilot), from fresh processes:

- start-up: process start → the first results of a query typed into the search box (``--runs`` fresh Python
  processes on an index that is already built: the "second start");
- search as you type: the last key of a query → its results on screen, with the app's real debounce.

    python -m explorer.tui.timing [--corpus DIR] [--index DIR] [--runs 5] [--query 森林覆盖率]

Prints medians (and all runs) as one JSON object. Nothing here is a test: CI never times anything."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

QUERIES = ("森林覆盖率", "生态补偿", "碳达峰", "鄱阳湖 总磷", "PM2.5")


async def _start_to_results(query: str, corpus: Path | None, index: Path | None, t0: float) -> dict[str, float]:
    from explorer.tui.app import PolicyExplorerApp
    from explorer.tui.panes.search import SearchPane

    t_import = time.time()
    app = PolicyExplorerApp(corpus, index, data_dir=Path(os.environ.get("TMPDIR", "/tmp")) / "pe-timing-data")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.ready.wait()
        t_ready = time.time()
        pane = app.query_one(SearchPane)
        for ch in query:
            await pilot.press(ch if ch != " " else "space")
        while not (pane.settled and pane.last_result is not None and pane.last_result.query.strip() == query):
            await asyncio.sleep(0.002)
        t_results = time.time()
    return {"imports": t_import - t0, "index_fresh": t_ready - t0, "first_results": t_results - t0}


async def _typing(query_list: tuple[str, ...], corpus: Path | None, index: Path | None) -> list[float]:
    from textual.widgets import Input

    from explorer.tui.app import PolicyExplorerApp
    from explorer.tui.panes.search import SearchPane

    app = PolicyExplorerApp(corpus, index, data_dir=Path(os.environ.get("TMPDIR", "/tmp")) / "pe-timing-data")
    out = []
    async with app.run_test(size=(120, 40)) as pilot:
        await app.ready.wait()
        await app.analysed.wait()  # measured once the start-up work is over, as a user types later on
        await app.workers.wait_for_complete()
        pane = app.query_one(SearchPane)
        for query in query_list:
            app.query_one("#query", Input).value = ""
            await pilot.pause()
            for ch in query[:-1]:
                await pilot.press(ch if ch != " " else "space")
            start = time.perf_counter()
            await pilot.press(query[-1])
            while not (pane.settled and pane.last_result is not None and pane.last_result.query.strip() == query):
                await asyncio.sleep(0.001)
            out.append(time.perf_counter() - start)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explorer.tui.timing", description=__doc__)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", default=QUERIES[0])
    parser.add_argument("--child", type=float, help=argparse.SUPPRESS)  # a start-up run: the parent's clock
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(asyncio.run(_start_to_results(args.query, args.corpus, args.index, args.child))))
        return 0
    from explorer.workspace import Workspace

    Workspace.open(args.corpus, args.index).ensure_index()  # the first start's work, not measured
    runs = []
    for _ in range(args.runs):
        where = [f"--corpus={args.corpus}"] * bool(args.corpus) + [f"--index={args.index}"] * bool(args.index)
        command = [sys.executable, "-m", "explorer.tui.timing", "--child", repr(time.time()), "--query", args.query]
        done = subprocess.run(command + where, capture_output=True, text=True, check=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    typing = asyncio.run(_typing(QUERIES, args.corpus, args.index))
    from explorer.tui.panes.search import DEBOUNCE

    report = {
        "start_to_index_fresh_s": statistics.median(r["index_fresh"] for r in runs),
        "start_to_first_results_s": statistics.median(r["first_results"] for r in runs),
        "runs": runs,
        "key_to_results_s": {"median": statistics.median(typing), "max": max(typing), "queries": typing},
        "debounce_s": DEBOUNCE,
        "load_average": os.getloadavg()[0],
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
