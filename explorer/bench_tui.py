"""TUI start-up, timed in a fresh process: from the interpreter's start to a usable search (the index open and the
Search pane taking queries) and to every pane filled (figures, measures and targets handed to the panes).

Run as ``python -m explorer.bench_tui CORPUS INDEX``; prints one JSON object. The app runs headless (Textual's
``run_test``), so the times include Textual's import and first render but no terminal. A bench, not a test.
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()  # before anything of the app is imported

import asyncio  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


async def _measure(corpus: Path, index: Path) -> dict[str, float]:
    from explorer.tui.app import PolicyExplorerApp

    app = PolicyExplorerApp(corpus, index)
    out: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await app.ready.wait()
        out["tui_search_usable_s"] = round(time.perf_counter() - _T0, 2)
        await app.analysed.wait()
        await pilot.pause()
        out["tui_panes_filled_s"] = round(time.perf_counter() - _T0, 2)
    return out


def main(argv: list[str]) -> int:
    corpus, index = Path(argv[0]), Path(argv[1])
    print(json.dumps(asyncio.run(_measure(corpus, index))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
