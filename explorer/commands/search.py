"""``policy-explorer search``: options and output.

Output forms (README, "Command line"):
* people: each hit with its title, section and highlighted text; ``--explain`` adds why it matched;
* ``--json``: the list of hits as before (doc, passage, section, text, score, highlights, excluded), each
  now with its document's ``title``, ``kind`` and ``date`` (and ``explain`` with ``--explain``); with
  ``--envelope`` the list is wrapped: ``{query, total, excluded_matches, shown, notices, hits}``, so scripts
  reading the plain list keep working;
* ``--csv``: one row per hit (doc, passage, title, kind, date, section, score, quote, highlights);
* ``--export FILE`` (.md or .csv): the hits with citations, written atomically, never over an existing
  file without ``--force``.
``--limit 0`` means every hit. Notices (a filter that cannot match: ``kind:foo``, ``year:abc``, a year no
document covers) are one line each on stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from explorer.model import DOC_KINDS


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number (0 means all)") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (all) or more")
    return value


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", nargs="+")
    p.add_argument("--limit", type=_limit, default=20, help="hits to show (default 20; 0 = all)")
    p.add_argument("--kind", choices=DOC_KINDS)
    p.add_argument("--doc")
    p.add_argument("--year", type=int)
    p.add_argument("--all", action="store_true", help="include passages marked unrelated")
    p.add_argument("--csv", action="store_true", help="print CSV")
    p.add_argument("--envelope", action="store_true", help="with --json: {query, total, …, hits} instead of a list")
    p.add_argument("--explain", action="store_true", help="say why each passage matched (term, alias, fold)")
    p.add_argument("--export", type=Path, metavar="FILE", help="write the hits with citations (.md or .csv)")
    p.add_argument("--force", action="store_true", help="let --export replace an existing file")


def run(ws: Any, args: argparse.Namespace, out: Any, *, doc_id: str | None) -> int:
    from explorer.search.explain import explain_hit
    from explorer.search.export import ExportError, export_results, result_rows, to_csv

    query = " ".join(args.query)
    result = ws.search(
        query,
        limit=args.limit or None,  # None: every hit
        kind=args.kind,
        doc=doc_id,
        year=args.year,
        include_excluded=args.all,
    )
    if getattr(ws.index, "notice", ""):  # a damaged index answered from the last good one: said, once
        out.note(ws.index.notice)
    for notice in result.notices:
        sys.stderr.write(f"notice: {notice}\n")
    records = {r.id: r for r in ws.records}
    rows = result_rows(result.hits, records)
    explained: list[tuple[Any, ...]] = []
    if args.explain:
        for row in rows:
            record = records.get(row.hit.doc)
            years = tuple(sorted({y for y in (record.year, *record.covers) if isinstance(y, int)})) if record else ()
            explained.append(
                explain_hit(
                    row.hit,
                    query,
                    ws.glossary,
                    kind=args.kind,
                    doc=doc_id,
                    year=args.year,
                    doc_kind=row.kind or None,
                    doc_years=years,
                )
            )
    if args.export is not None:
        try:
            path = export_results(args.export, rows, query=query, total=result.total, overwrite=args.force)
        except (ExportError, OSError) as exc:
            sys.stderr.write(f"policy-explorer: {exc}\n")
            return 2
        sys.stderr.write(f"exported {len(rows)} of {result.total} passages to {path}\n")

    if getattr(args, "json", False):
        items = []
        for i, row in enumerate(rows):
            item = row.to_json()
            if args.explain:
                item["explain"] = [r.to_json() for r in explained[i]]
            items.append(item)
        data: Any = items
        if args.envelope:
            data = {
                "query": query,
                "total": result.total,
                "excluded_matches": result.excluded_matches,
                "shown": len(items),
                "notices": list(result.notices),
                "hits": items,
            }
        out.data(data, lambda: None)  # through the CLI's writer: control characters escaped, closed pipes quiet
        return 0
    if args.csv:
        sys.stdout.write(to_csv(rows))
        return 0
    _render(out, rows, explained, result)
    return 0


def _render(out: Any, rows: list[Any], explained: list[tuple[Any, ...]], result: Any) -> None:
    from rich.markup import escape
    from rich.text import Text

    from explorer.commands.output import terminal_safe

    if result.state != "fresh":  # never a silent "no passage matches" from an index that cannot answer
        out.note(f"the index is {result.state} and could not be rebuilt: results may be missing")
    if not rows:
        why = "no passage matches"
        if result.excluded_matches:
            why += f" (but {result.excluded_matches} passages marked unrelated do: add --all)"
        out.console.print(why)
        return
    for i, row in enumerate(rows):
        h = row.hit
        when = f" · {row.date}" if row.date else ""
        out.console.print(
            f"[bold]{escape(terminal_safe(row.title or h.doc))}[/][dim]{escape(when)} "
            f"{escape(terminal_safe(f'{h.doc}#{h.passage} · {h.section}'))}[/]"
        )
        text = Text(h.text)
        for s, e in h.highlights:
            text.stylize("bold reverse", s, e)
        out.console.print(text)
        for reason in explained[i] if explained else ():
            out.console.print(Text(f"  why: {reason}", style="dim"))
        out.console.print()
    out.console.print(f"[dim]{len(rows)} of {result.total} passages[/]")
