"""The command line: thin over ``Workspace``. Every listing has human output (Rich) and ``--json``,
which is the stable interface for scripts. The TUI is imported only when it is opened."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.markup import escape

from explorer.model import DOC_KINDS, FIGURE_KINDS, REF_TYPES, TARGET_STATUSES, Problem, as_dict


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


# Options that may stand before or after the subcommand.
def _add_globals(p: argparse.ArgumentParser, *, sub: bool) -> None:
    d = argparse.SUPPRESS if sub else None
    p.add_argument(
        "--corpus",
        type=Path,
        default=d,
        metavar="DIR",
        help="corpus folder of YAML records (default: the bundled corpus)",
    )
    p.add_argument(
        "--index",
        type=Path,
        default=d,
        metavar="DIR",
        help="index folder (default: index/ or the user cache; env POLICY_EXPLORER_INDEX)",
    )
    p.add_argument(
        "--allow-dir",
        type=Path,
        action="append",
        default=d,
        metavar="DIR",
        help="a folder outside the corpus that records may name as their source (repeatable; env POLICY_EXPLORER_ALLOW)",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        default=d if sub else False,
        help="exit non-zero when any document has a problem",
    )
    p.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        default=d if sub else False,
        help="say more (numbers that could not be read, …)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-explorer",
        description="Search, read and analyse Chinese policy documents. With no command, opens the explorer.",
    )
    _add_globals(parser, sub=False)
    subs = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help: str, *, json_out: bool = True, csv_out: bool = False) -> argparse.ArgumentParser:
        p = subs.add_parser(name, help=help, description=help)
        _add_globals(p, sub=True)
        if json_out:
            p.add_argument("--json", action="store_true", help="print JSON (the stable interface for scripts)")
        if csv_out:
            p.add_argument("--csv", action="store_true", help="print CSV")
        return p

    command("docs", "list the corpus's documents")
    p = command("outline", "a document's outline")
    p.add_argument("doc")
    p = command("read", "print a document's passages with their sections")
    p.add_argument("doc")
    p.add_argument("--passage", type=int, help="only this passage")
    p.add_argument("--all", action="store_true", help="also unrelated and duplicate passages")

    from explorer.commands import search as search_command

    search_command.add_arguments(
        command("search", 'full-text search (words, "phrases", AND/OR/NOT, kind:/year:/doc: filters)')
    )

    p = command("index", "build or update the search index")
    p.add_argument("--rebuild", action="store_true", help="rebuild from scratch")

    p = command("figures", "figures with indicator, period and kind", csv_out=True)
    p.add_argument("--indicator")
    p.add_argument("--doc")
    p.add_argument("--kind", choices=FIGURE_KINDS)
    p.add_argument("--year", type=int)
    p.add_argument("--all", action="store_true", help="include passages marked unrelated")
    p = command("indicators", "every indicator with its unit, direction and mentions", csv_out=True)
    p.add_argument("--all", action="store_true", help="also labels that are not indicators (noise)")
    p = command("series", "one indicator across documents, governments and years", csv_out=True)
    p.add_argument("indicator")
    p.add_argument("--jurisdiction", help='only this government: "country", "province:江西" (or 江西), "city:南昌"')

    p = command("measures", "a plan's measure tree with its targets")
    p.add_argument("--doc")
    p = command("targets", "plan targets and how the reports track them (--csv: target → outcome table)", csv_out=True)
    p.add_argument("--doc")
    p.add_argument("--status", choices=TARGET_STATUSES)
    from explorer.commands import correct

    correct.add_arguments(command("correct", "the researcher's corrections: fix, veto, merge, split, unlink"))

    p = command("refs", "cross-references: cited titles, programmes, reports on measures, tracking")
    p.add_argument("--doc")
    p.add_argument("--type", choices=REF_TYPES)
    p.add_argument("--to", metavar="TITLE", help="references to this title, programme, document or measure")
    p.add_argument("--from", dest="from_doc", metavar="DOC", help="references out of this document")

    p = command("add", "import files or folders (text, Markdown, HTML, PDF, DOCX) into the corpus")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--kind", choices=DOC_KINDS)
    p.add_argument("--title")
    p.add_argument("--published")
    p.add_argument(
        "--force", action="store_true", help="re-import over the record imported from the same file (or content)"
    )
    p = command("import-jsonl", "import a JSON-lines collection into the corpus")
    p.add_argument("file", type=Path)
    p.add_argument("--text-field", required=True)
    p.add_argument("--title-field")
    p.add_argument("--date-field")
    p.add_argument("--kind", choices=DOC_KINDS)
    p.add_argument("--force", action="store_true")

    _compare_command().add_arguments(command("compare", "what changed between two documents", csv_out=True))
    p = command("bench", "benchmark the index on a generated corpus (or, with --analysis N, the analysis)")
    p.add_argument("--passages", type=_positive, default=20000, help="exactly this many passages")
    p.add_argument("--peers", action="store_true", help="also tantivy and SQLite FTS5 (pip install -e '.[bench]')")
    p.add_argument(
        "--analysis",
        type=_positive,
        metavar="N",
        help="instead: first analysis, warm commands and one changed document on a corpus of N documents",
    )
    return parser


def _compare_command() -> Any:
    from explorer.commands import compare

    return compare


# ---------------------------------------------------------------------------------------------- output
# What reaches the terminal is never a control sequence from the data: a record title or file name with ESC
# (\x1b]0;…, \x1b[2J) could retitle, clear or restyle the user's terminal, a newline would split a problem line,
# bidi overrides reorder what is shown. One-line strings get visible escapes (\x1b, \n); passage text keeps its
# newlines and gets same-length Control Pictures (␛) so highlight offsets stay right. JSON escapes them too.
_CONTROLS = (
    "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)])
    + "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_ONE_LINE = {ord(c): c.encode("unicode_escape").decode("ascii") for c in _CONTROLS}
_SAME_LENGTH = {ord(c): chr(0x2400 + ord(c)) if ord(c) < 0x20 else "\ufffd" for c in _CONTROLS if c not in "\n\t"}
_SURROGATES = {c: f"\\u{c:04x}" for c in range(0xD800, 0xE000)}
_NO_SURROGATES = dict.fromkeys(range(0xD800, 0xE000))


def terminal_safe(text: str, *, one_line: bool = True) -> str:
    """``text`` with control characters made visible (and lone surrogates, which no terminal can encode)."""
    text = text.translate(_ONE_LINE if one_line else _SAME_LENGTH)
    return text.translate(_SURROGATES) if one_line else text.translate({c: "\ufffd" for c in _SURROGATES})


def _json_safe(text: str) -> str:
    """json.dumps escapes C0 controls; C1 controls, bidi overrides and lone surrogates are escaped here."""
    extra = {ord(c): f"\\u{ord(c):04x}" for c in _CONTROLS if ord(c) >= 0x7F}
    return text.translate(extra).translate(_SURROGATES)


def _safe_console(**kwargs: Any):
    from rich.console import Console
    from rich.text import Text

    class SafeConsole(Console):
        def print(self, *objects: Any, **kw: Any) -> None:
            safe: list[Any] = []
            for o in objects:
                if isinstance(o, str):
                    o = terminal_safe(o, one_line=False)
                elif isinstance(o, Text):
                    o = o.copy()
                    o.plain = terminal_safe(o.plain, one_line=False)
                safe.append(o)
            super().print(*safe, **kw)

    return SafeConsole(**kwargs)


class Output:
    def __init__(self, args: argparse.Namespace):

        self.args = args
        # Piped output is read by people in a pager or by grep: don't fold it at 80 columns.
        width = None if sys.stdout.isatty() else 160
        self.console = _safe_console(soft_wrap=False, highlight=False, width=width)
        self.console.on_broken_pipe = _closed_pipe
        self.err = _safe_console(stderr=True, highlight=False)
        self.shown = 0  # how many of the workspace's problems were printed

    def data(self, value: Any, render: Callable[[], None], csv_rows: Callable[[], list[dict]] | None = None) -> None:
        if getattr(self.args, "json", False):
            sys.stdout.write(_json_safe(json.dumps(as_dict(value), ensure_ascii=False, indent=2)) + "\n")
        elif getattr(self.args, "csv", False) and csv_rows is not None:
            rows = csv_rows()
            buf = io.StringIO()
            if rows:
                writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(rows)
            sys.stdout.write(buf.getvalue())
        else:
            render()

    def problems(self, problems: Sequence[Problem]) -> None:
        for p in problems:
            if p.severity == "info" and not self.args.verbose:
                continue
            sys.stderr.write(f"{p.severity}: {terminal_safe(str(p))}\n")

    def note(self, line: str) -> None:
        sys.stderr.write(f"policy-explorer: {terminal_safe(line)}\n")


def _table(*columns: str):
    from rich.table import Table
    from rich.text import Text

    class PlainTable(Table):
        """Cells are data, never Rich markup: a title with "[draft]" or "[/]" prints as written."""

        def add_row(self, *cells, **kwargs):
            super().add_row(*(Text(terminal_safe(c)) if isinstance(c, str) else c for c in cells), **kwargs)

    table = PlainTable(show_edge=False, pad_edge=False, header_style="bold")
    for c in columns:
        table.add_column(c, overflow="fold")
    return table


def _fmt_value(f: Any) -> str:
    q = f" ({f.qualifier})" if f.qualifier else ""
    return f"{f.value}{f.unit}{q}"


def _flat_figure(f: Any) -> dict:
    d = as_dict(f)
    return {
        k: d[k]
        for k in (
            "doc",
            "passage",
            "indicator",
            "label",
            "value",
            "unit",
            "base_value",
            "base_unit",
            "qualifier",
            "period",
            "year",
            "kind",
            "quote",
            *("measure", "role", "period_start", "period_end", "average", "cumulative", "value_max"),  # issue 11
        )
    }


# ---------------------------------------------------------------------------------------------- commands
def cmd_docs(ws, args, out: Output) -> int:
    rows = [
        dict(
            **{k: v for k, v in as_dict(r).items() if k in ("id", "title", "kind", "issuer", "published", "covers")},
            source=str(r.source),
            passages=ws.passage_count(r.id),  # from the stored summary: no document is loaded
        )
        for r in ws.records
    ]

    def render():
        t = _table("id", "kind", "published", "title", "passages")
        for r in rows:
            t.add_row(r["id"], r["kind"], r["published"], r["title"], str(r["passages"]))
        out.console.print(t)

    out.data(rows, render)
    return 0


def _doc_id(ws, key: str | None) -> str | None:
    if key is None:
        return None
    try:
        return ws.resolve_id(key)
    except KeyError as exc:
        raise UserError(exc.args[0]) from None


def _doc(ws, key: str):
    doc = ws.documents.get(_doc_id(ws, key))
    if doc is None:
        raise UserError(f"document {key!r} could not be loaded (see the problems above)")
    return doc


def cmd_outline(ws, args, out: Output) -> int:
    from explorer.corpus.outline import heading_label

    doc = _doc(ws, args.doc)
    rows = [dict(as_dict(h), label=heading_label(h)) for h in doc.headings]

    def render():
        out.console.print(f"[bold]{escape(terminal_safe(doc.record.title))}[/]")
        for h in doc.headings:
            out.console.print("  " * h.level + heading_label(h), markup=False)

    out.data(rows, render)
    return 0


def cmd_read(ws, args, out: Output) -> int:
    doc = _doc(ws, args.doc)
    passages = [p for p in doc.passages if args.all or (not p.excluded and p.duplicate_of is None)]
    if args.passage is not None:
        passages = [p for p in doc.passages if p.index == args.passage]
        if not passages:
            raise UserError(f"{doc.id} has no passage {args.passage} (0–{len(doc.passages) - 1})")

    def render():
        for p in passages:
            flag = (
                f" [{p.exclusion_reason}]"
                if p.excluded
                else (f" [duplicate of #{p.duplicate_of}]" if p.duplicate_of is not None else "")
            )
            out.console.print(f"[dim]#{p.index} {escape(p.section_path + flag)}[/]")
            out.console.print(p.text, markup=False)
            out.console.print()

    out.data([dict(as_dict(p), id=p.id) for p in passages], render)
    return 0


def _ensure_index(ws, out: Output) -> None:
    from explorer.workspace import rebuild_needed

    if ws.index.quick_fresh(ws.records):  # sizes and mtimes as built: no source is re-read
        return
    if rebuild_needed(ws):
        ws.load_documents(_progress(out, "analysing"))
        out.problems(ws.problems[out.shown :])
        out.shown = len(ws.problems)
        try:
            report = ws.update_index(progress=_progress(out, "indexing"))
        except OSError as exc:  # a read-only index folder, a full disk: the previous index still answers
            out.note(f"cannot update the index in {ws.index_dir} ({exc.strerror or exc}): searching the previous one")
            return
        if out.args.verbose:
            out.err.print(str(report), markup=False)


def _progress(out: Output, label: str):
    """A Rich progress bar on stderr (silent when stderr is not a terminal)."""
    if not sys.stderr.isatty():
        return None
    from rich.progress import Progress

    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            state["bar"] = Progress(console=out.err, transient=True)
            state["bar"].start()
            state["task"] = state["bar"].add_task(label, total=total)
        state["bar"].update(state["task"], completed=done, total=total)
        if done >= total:
            state["bar"].stop()

    return update


def cmd_search(ws, args, out: Output) -> int:
    from explorer.commands import search as search_command

    _ensure_index(ws, out)
    args.query = [q.translate(_NO_SURROGATES) for q in args.query]  # bytes of argv that were not UTF-8
    return search_command.run(ws, args, out, doc_id=_doc_id(ws, args.doc))


def cmd_index(ws, args, out: Output) -> int:
    try:
        report = ws.update_index(rebuild=args.rebuild, progress=_progress(out, "indexing"))
    except OSError as exc:  # a full disk, a read-only folder: the previous index is untouched
        raise UserError(
            f"cannot write the index in {ws.index_dir} ({exc.strerror or exc}); the previous one is kept"
        ) from None

    def render():
        out.console.print(str(report), markup=False)

    out.data(report, render)
    return 0


def cmd_figures(ws, args, out: Output) -> int:
    on_skip = (lambda msg: sys.stderr.write(f"skipped: {msg}\n")) if args.verbose else None
    if on_skip:
        ws.figures(include_excluded=args.all, on_skip=on_skip)
    figures = ws.filter_figures(
        indicator=args.indicator, doc=_doc_id(ws, args.doc), kind=args.kind, year=args.year, include_excluded=args.all
    )

    def render():
        t = _table("doc", "#", "indicator", "value", "kind", "period", "quote")
        for f in figures:
            t.add_row(f.doc, str(f.passage), f.indicator, _fmt_value(f), f.kind, f.period or "", f.quote[:60])
        out.console.print(t)

    out.data([_flat_figure(f) for f in figures], render, lambda: [_flat_figure(f) for f in figures])
    return 0


def cmd_indicators(ws, args, out: Output) -> int:
    from explorer.commands.outcomes import indicator_rows

    rows = indicator_rows(ws, include_noise=args.all)

    def render():
        t = _table("indicator", "unit", "direction", "figures", "documents", "jurisdictions")
        for r in rows:
            name = r["name"] if r["indicator"] else f"{r['name']} (not an indicator)"
            t.add_row(
                name, r["unit"], r["direction"], str(r["figures"]), str(r["documents"]), " ".join(r["jurisdictions"])
            )
        out.console.print(t)

    out.data(rows, render, lambda: [r | {"jurisdictions": " ".join(r["jurisdictions"])} for r in rows])
    return 0


def cmd_series(ws, args, out: Output) -> int:
    from explorer.commands.outcomes import series_figures, series_row

    figures = series_figures(ws, args.indicator, args.jurisdiction)
    if not figures:
        where = f" in {args.jurisdiction}" if args.jurisdiction else ""
        raise UserError(f"no figures for indicator {args.indicator!r}{where} (see `policy-explorer indicators`)")
    rows = [series_row(f) for f in figures]

    def render():
        t = _table("where", "year", "value", "role", "measure", "period", "figure", "quote")
        for f, r in zip(figures, rows, strict=True):
            mark = " ✎" if f.corrected else ""
            measure = r["measure"] + ("" if r["span"] == "annual" else f" ({r['span']})")
            t.add_row(
                r["jurisdiction"] or "?",
                str(f.year or "?"),
                _fmt_value(f) + mark,
                r["role"],
                measure,
                f.period or "",
                r["figure"],
                f.quote[:50],
            )
        out.console.print(f"[bold]{escape(ws.canonical_indicator(args.indicator))}[/]")
        out.console.print(t)

    out.data(rows, render, lambda: [r for r in rows])
    return 0


def cmd_measures(ws, args, out: Output) -> int:
    doc = _doc(ws, args.doc).id if args.doc else None
    measures = ws.measures(doc)

    def render():
        for m in measures:
            badge = f"  [dim]{len(m.targets)} target(s)[/]" if m.targets else ""
            out.console.print("  " * (m.level - 1) + escape(f"{m.number}{m.title}") + badge)

    out.data(measures, render)
    return 0


def cmd_targets(ws, args, out: Output) -> int:
    doc = _doc(ws, args.doc).id if args.doc else None
    tracked = ws.targets(doc=doc, status=args.status)

    def render():
        t = _table("indicator", "target", "baseline", "latest", "status", "note")
        for tt in tracked:
            latest = tt.latest
            t.add_row(
                tt.indicator,
                f"{_fmt_value(tt.target)} by {tt.target.year or '?'}",
                _fmt_value(tt.baseline) if tt.baseline else "",
                f"{_fmt_value(latest)} ({latest.year or '?'})" if latest else "",
                tt.status,
                tt.note,
            )
        out.console.print(t)

    from explorer.commands.outcomes import target_outcome_rows

    out.data(tracked, render, lambda: target_outcome_rows(tracked))
    return 0


def cmd_correct(ws, args, out: Output) -> int:
    from explorer.commands import correct

    return correct.run(ws, args, out)


def cmd_refs(ws, args, out: Output) -> int:
    doc = _doc(ws, args.doc).id if args.doc else None
    from_doc = _doc(ws, args.from_doc).id if args.from_doc else None
    refs = ws.refs(doc=doc, type=args.type, to=args.to, from_doc=from_doc)

    def render():
        t = _table("type", "from", "to", "score", "evidence")
        for r in refs:
            src = (
                f"{r.source.doc}#{r.source.passage}"
                if r.source.passage is not None
                else (r.source.measure or r.source.doc or "")
            )
            dst = (
                r.target.title
                or r.target.measure
                or (f"{r.target.doc}#{r.target.passage}" if r.target.passage is not None else r.target.doc or "")
            )
            t.add_row(r.type, src, dst, f"{r.score:.2f}", "; ".join(r.evidence)[:60])
        out.console.print(t)

    out.data(refs, render)
    return 0


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


COMMANDS: dict[str, Callable[..., int]] = {
    "docs": cmd_docs,
    "outline": cmd_outline,
    "read": cmd_read,
    "search": cmd_search,
    "index": cmd_index,
    "figures": cmd_figures,
    "indicators": cmd_indicators,
    "series": cmd_series,
    "measures": cmd_measures,
    "targets": cmd_targets,
    "refs": cmd_refs,
    "correct": cmd_correct,
    "add": cmd_add,
    "import-jsonl": cmd_import_jsonl,
    "bench": cmd_bench,
    "compare": lambda ws, args, out: _compare_command().run(ws, args, out),
}
NEEDS_NO_DOCUMENTS = {"add", "import-jsonl", "bench"}


class UserError(Exception):
    """Something the user can fix: printed as one line."""


class PipeClosed(Exception):
    """The reader of our output went away (``| head``): not an error."""


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _closed_pipe() -> None:
    raise PipeClosed


# "-碳中和" is NOT in the query language; argparse would take it for an option. So would "-GDP": after
# `search`, a single-dash word that is not one of its options is query text, passed on as written.
_WITH_VALUE = {"--corpus", "--index", "--allow-dir", "--limit", "--kind", "--doc", "--year"}
_QUERY_MARK = "\0"  # argv never holds NUL: marks a query word for argparse, removed after parsing


def _protect_negations(argv: list[str]) -> list[str]:
    out: list[str] = []
    command = ""
    for a in argv:
        previous = out[-1] if out else ""
        if len(a) > 1 and a[0] == "-" and not a[1].isascii():
            a = f"NOT {a[1:]}"
        elif (
            command == "search"
            and len(a) > 1
            and a[0] == "-"
            and a[1] != "-"
            and a not in ("-h", "-v")
            and previous not in _WITH_VALUE
            and not a[1:].isdigit()
        ):
            a = _QUERY_MARK + a
        elif not command and not a.startswith("-") and previous not in _WITH_VALUE:
            command = a
        out.append(a)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_protect_negations(list(sys.argv[1:] if argv is None else argv)))
    if getattr(args, "query", None):
        args.query = [q.removeprefix(_QUERY_MARK) for q in args.query]
    try:
        return run(args)
    except UserError as exc:
        sys.stderr.write(f"policy-explorer: {terminal_safe(str(exc))}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("policy-explorer: interrupted\n")
        return 130
    except (BrokenPipeError, PipeClosed):
        _silence_stdout()
        return 0
    except Exception as exc:  # the last guard: one line, never a traceback
        if os.environ.get("POLICY_EXPLORER_DEBUG"):
            raise
        sys.stderr.write(f"policy-explorer: error: {type(exc).__name__}: {terminal_safe(str(exc))}\n")
        return 1


def run(args: argparse.Namespace) -> int:
    from explorer.corpus.records import ENV_ALLOW
    from explorer.workspace import Workspace

    if getattr(args, "allow_dir", None):  # the corpus boundary is widened by the user only, never by the corpus
        given = [str(d.expanduser().resolve()) for d in args.allow_dir]
        os.environ[ENV_ALLOW] = os.pathsep.join([*given, *filter(None, [os.environ.get(ENV_ALLOW)])])

    if args.command is None:
        from explorer.tui.app import run_app  # the TUI is loaded only here

        return run_app(corpus_dir=args.corpus, index_dir=args.index)
    out = Output(args)
    # Searching a fresh index needs the records only: no document is parsed (a cold search stays fast).
    load = args.command not in NEEDS_NO_DOCUMENTS | {"search"}
    if args.command in NEEDS_NO_DOCUMENTS:  # these create or generate a corpus: nothing to read first
        ws = Workspace.locate(args.corpus, args.index)
        return COMMANDS[args.command](ws, args, out)
    ws = Workspace.open(args.corpus, args.index, load=False)
    if load:  # a first run analyses every document (both cores), later runs only what changed
        ws.load_documents(_progress(out, "analysing"))
    out.problems(ws.problems)
    out.shown = len(ws.problems)
    readable = ws.documents if load else [r for r in ws.records if r.source.is_file()]
    if not readable:
        sys.stderr.write(f"policy-explorer: no document could be loaded from {terminal_safe(str(ws.corpus_dir))}\n")
        return 1
    code = COMMANDS[args.command](ws, args, out)
    # Settings files (glossary, lexicon, programmes) and documents read on the way report their problems late.
    out.problems(ws.problems[out.shown :])
    serious = [p for p in ws.problems if p.severity != "info"]
    if args.strict and serious:
        return code or 3
    return code


if __name__ == "__main__":
    raise SystemExit(main())
