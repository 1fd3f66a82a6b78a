"""Commands on what the analysis found: figures, indicators, series, measures, targets, corrections, references."""

from __future__ import annotations

import sys

from rich.markup import escape

from explorer.commands.output import (
    Output,
    UserError,
    _doc,
    _doc_id,
    _flat_figure,
    _fmt_value,
    _table,
)
from explorer.linking.stage import ALL_TYPES


def cmd_figures(ws, args, out: Output) -> int:
    on_skip = (lambda msg: sys.stderr.write(f"skipped: {msg}\n")) if args.verbose else None
    whole = not (on_skip or args.indicator or args.doc or args.kind or args.year is not None)
    if out.stored_json(ws.store, f"figures:{args.all}", ws.figures_key() if whole else None):
        return 0
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
    from explorer.outcomes import indicator_rows

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
    from explorer.outcomes import series_figures, series_row

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
    whole = doc is None and args.status is None
    if out.stored_json(ws.store, "targets", ws.linker.targets_key() if whole else None):
        return 0
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

    from explorer.outcomes import target_outcome_rows

    out.data(tracked, render, lambda: target_outcome_rows(tracked))
    return 0


def cmd_correct(ws, args, out: Output) -> int:
    from explorer.commands import correct

    return correct.run(ws, args, out)


def cmd_refs(ws, args, out: Output) -> int:
    doc = _doc(ws, args.doc).id if args.doc else None
    from_doc = _doc(ws, args.from_doc).id if args.from_doc else None
    types = frozenset({args.type}) if args.type else ALL_TYPES
    whole = doc is None and from_doc is None and args.to is None
    if out.stored_json(ws.store, f"refs:{','.join(sorted(types))}", ws.linker.references_key(types) if whole else None):
        return 0
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
