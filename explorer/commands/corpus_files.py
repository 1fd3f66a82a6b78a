"""Commands that write a corpus or measure one: add, import-jsonl, bench."""

from __future__ import annotations

from explorer.commands.output import (
    Output,
    _progress,
    _table,
    terminal_safe,
)


def cmd_add(ws, args, out: Output) -> int:
    from explorer.corpus.importing import import_paths

    report = import_paths(
        args.paths, ws.corpus_dir, kind=args.kind, title=args.title, published=args.published, force=args.force
    )
    return _after_import(ws, report, out)


def cmd_import_jsonl(ws, args, out: Output) -> int:
    from explorer.corpus.importing import import_jsonl

    report = import_jsonl(
        args.file,
        ws.corpus_dir,
        text_field=args.text_field,
        title_field=args.title_field,
        date_field=args.date_field,
        kind=args.kind,
        force=args.force,
    )
    return _after_import(ws, report, out)


def _after_import(ws, report, out: Output) -> int:
    out.problems(report.problems)
    if report.added:  # the index follows the corpus
        from explorer.workspace import Workspace

        fresh = Workspace.open(ws.corpus_dir, ws.index_dir)
        out.problems([p for p in fresh.problems if p.severity == "error"])
        if fresh.documents:
            fresh.update_index(progress=_progress(out, "indexing"))

    def render():
        for line in report.lines():
            out.console.print(terminal_safe(line), markup=False)

    out.data(report, render)
    return 0 if (report.added or report.skipped or not report.problems) else 1


def cmd_bench(ws, args, out: Output) -> int:
    from explorer.bench import run_bench
    from explorer.paths import BUNDLED_SEEDS, PROJECT_ROOT

    shared = PROJECT_ROOT.parent / "shared"
    shared_dir = shared if shared.exists() else None
    if args.analysis:
        from explorer.bench_analysis import run_analysis_bench

        result = run_analysis_bench(args.analysis, BUNDLED_SEEDS, shared_dir)
    else:
        result = run_bench(args.passages, BUNDLED_SEEDS, shared_dir, json=args.json, peers=args.peers)

    def render():
        t = _table("measure", "value")
        for k, v in result.items():
            t.add_row(k, f"{v:.3f}" if isinstance(v, float) else str(v))
        out.console.print(t)

    out.data(result, render)
    return 0
