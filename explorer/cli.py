"""The command line: thin over ``Workspace``. Every listing has human output (Rich) and ``--json``,
which is the stable interface for scripts. The TUI is imported only when it is opened."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from explorer.commands.analyses import (
    cmd_correct,
    cmd_figures,
    cmd_indicators,
    cmd_measures,
    cmd_refs,
    cmd_series,
    cmd_targets,
)
from explorer.commands.corpus_files import cmd_add, cmd_bench, cmd_import_jsonl
from explorer.commands.documents import cmd_docs, cmd_index, cmd_outline, cmd_read, cmd_search
from explorer.commands.output import Output, PipeClosed, UserError, _progress, _silence_stdout, terminal_safe
from explorer.model import DOC_KINDS, FIGURE_KINDS, REF_TYPES, TARGET_STATUSES


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
    from explorer.gc_tuning import tune_gc

    tune_gc()  # a million stored objects are loaded by a command on a thousand documents
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
