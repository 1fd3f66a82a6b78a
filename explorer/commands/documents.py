"""Commands on documents and their passages: docs, outline, read, search, index."""

from __future__ import annotations

from rich.markup import escape

from explorer.commands.output import (
    _NO_SURROGATES,
    Output,
    UserError,
    _doc,
    _doc_id,
    _ensure_index,
    _progress,
    _table,
    terminal_safe,
)
from explorer.model import as_dict


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
