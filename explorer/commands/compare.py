"""``policy-explorer compare A B``: what changed between two documents (targets, measures, references, and
with ``--coverage`` or a plan as A, which of A's measures and targets B speaks to)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the parser is built for every command: the comparison code loads only when it runs
    from explorer.compare.model import Comparison, TargetRow


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("a", help="the earlier document: id, id prefix or part of the title")
    parser.add_argument("b", help="the later document")
    parser.add_argument(
        "--coverage",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="say which of A's measures and targets B speaks to (default: when A is a plan)",
    )
    parser.add_argument("--diff", action="store_true", help="print the word diff of every reworded measure")


def target_csv_rows(c: Comparison) -> list[dict[str, Any]]:
    """One CSV row per target row: both sides flattened (a_value, a_unit, …, b_quote)."""
    out = []
    for t in c.targets:
        row: dict[str, Any] = {"indicator": t.indicator, "measure": t.measure, "change": t.change, "note": t.note}
        for name, side in (("a", t.a), ("b", t.b)):
            for field in ("doc", "passage", "value", "unit", "qualifier", "period", "year", "quote"):
                row[f"{name}_{field}"] = getattr(side, field) if side is not None else ""
        out.append(row)
    return out


def _value(t: TargetRow, side: str) -> str:
    s = getattr(t, side)
    if s is None:
        return "—"
    return s.display + (f" ({s.period})" if s.period else "")


def run(ws: Any, args: argparse.Namespace, out: Any) -> int:
    from explorer.commands.output import UserError, _doc, _table
    from explorer.compare.core import compare_documents
    from explorer.compare.diff import render_plain

    a, b = _doc(ws, args.a).id, _doc(ws, args.b).id
    if a == b:
        raise UserError(f"compare needs two different documents (both are {a})")
    comparison = compare_documents(ws, a, b, coverage=args.coverage)

    def render() -> None:
        console = out.console
        console.print(f"{comparison.a_title} ({a}) → {comparison.b_title} ({b})", markup=False, style="bold")
        t = _table("change", "indicator", "A", "B", "note", "B quote")
        for row in comparison.targets:
            side = row.b or row.a
            quote = side.quote if side is not None else ""
            t.add_row(row.change, row.indicator, _value(row, "a"), _value(row, "b"), row.note, quote[:50])
        console.print("\n[bold]Targets[/]")
        console.print(t)
        m = _table("change", "sim", "A", "B")
        for mrow in comparison.measures:
            ma = f"{mrow.a.id.split(':', 1)[1]} {mrow.a.number}{mrow.a.title}" if mrow.a else "—"
            mb = f"{mrow.b.id.split(':', 1)[1]} {mrow.b.number}{mrow.b.title}" if mrow.b else "—"
            m.add_row("+".join(mrow.changes) or mrow.change, f"{mrow.similarity:.2f}", ma[:40], mb[:40])
        console.print("\n[bold]Measures[/]")
        console.print(m)
        if args.diff:
            for mrow in comparison.measures:
                if mrow.diff and mrow.a and mrow.b:
                    console.print(f"\n{mrow.a.id} → {mrow.b.id}", markup=False, style="bold")
                    console.print(render_plain(mrow.diff), markup=False)
        r = _table("type", "change", "title", "A passages", "B passages")
        for ref in comparison.references:
            r.add_row(
                ref.type,
                ref.change,
                ref.title,
                ", ".join(f"#{x.passage}" for x in ref.a),
                ", ".join(f"#{x.passage}" for x in ref.b),
            )
        console.print("\n[bold]References[/]")
        console.print(r)
        if comparison.coverage is not None:
            cv = _table("item", "status", "A", "B passages", "note")
            for crow in comparison.coverage:
                cv.add_row(
                    crow.item,
                    crow.status,
                    crow.label[:40],
                    ", ".join(f"#{x.passage}" for x in crow.reported),
                    crow.note,
                )
            console.print(f"\n[bold]What {b} says on {a}'s plan[/]")
            console.print(cv)
        counts = comparison.counts()
        summary = " · ".join(
            f"{part}: " + ", ".join(f"{n} {k}" for k, n in counts[part].items()) for part in counts if counts[part]
        )
        console.print(f"\n{summary}", markup=False, style="dim")

    out.data(comparison, render, lambda: target_csv_rows(comparison))
    return 0
