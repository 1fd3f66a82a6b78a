"""``policy-explorer bench``: benchmarks on generated corpora.

The search benchmark (index build, query latency against a substring scan, cold search, incremental update,
optional peers) lives in ``explorer/bench_search.py``; this module is the entry point the CLI calls.
"""

from __future__ import annotations

import json as jsonlib
import sys

from explorer.bench_compare import run_compare
from explorer.bench_search import BENCH_QUERIES, run_bench

__all__ = ["BENCH_QUERIES", "run_bench", "run_compare"]


if __name__ == "__main__":  # python -m explorer.bench [compare] [N]
    from explorer.paths import BUNDLED_SEEDS, PROJECT_ROOT

    shared = PROJECT_ROOT.parent / "shared"
    args = sys.argv[1:]
    shared_dir = shared if shared.exists() else None
    if args and args[0] == "compare":
        result = run_compare(int(args[1]) if len(args) > 1 else 5000, BUNDLED_SEEDS, shared_dir)
    else:
        result = run_bench(int(args[0]) if args else 20000, BUNDLED_SEEDS, shared_dir)
    print(jsonlib.dumps(result, ensure_ascii=False, indent=1))
