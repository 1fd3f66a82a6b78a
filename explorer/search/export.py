"""Search results a researcher can take away: rows with the document's title, kind and date, and exports
with citations (title, date, section, quote) as Markdown or CSV, in the same citation form as the notes'
exports (《title》, date, section, passage N (doc#N)).

Used by ``search --json/--csv/--export`` and meant for the TUI's Search pane (``export_results``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explorer.fileio import write_atomic
from explorer.model import DocumentRecord, Hit

CSV_FIELDS = ("doc", "passage", "title", "kind", "date", "section", "score", "quote", "highlights")


@dataclass(frozen=True)
class ResultRow:
    """A hit with what a citation needs from its document record."""

    hit: Hit
    title: str
    kind: str
    date: str  # the record's ``published``: ISO, as precise as known

    @property
    def passage_id(self) -> str:
        return f"{self.hit.doc}#{self.hit.passage}"

    def citation(self) -> str:
        parts = [f"《{self.title}》" if self.title else self.hit.doc]
        if self.date:
            parts.append(self.date)
        if self.hit.section:
            parts.append(self.hit.section)
        parts.append(f"passage {self.hit.passage} ({self.passage_id})")
        return ", ".join(parts)

    def to_json(self) -> dict[str, Any]:
        """The hit's JSON fields (unchanged) plus title, kind and date of its document."""
        out = self.hit.to_json()
        out.update(title=self.title, kind=self.kind, date=self.date)
        return out

    def to_csv(self) -> dict[str, Any]:
        h = self.hit
        return {
            "doc": h.doc,
            "passage": h.passage,
            "title": self.title,
            "kind": self.kind,
            "date": self.date,
            "section": h.section,
            "score": h.score,
            "quote": h.text,
            "highlights": " ".join(f"{s}-{e}" for s, e in h.highlights),
        }


def result_rows(
    hits: Sequence[Hit], records: Mapping[str, DocumentRecord] | Sequence[DocumentRecord]
) -> list[ResultRow]:
    """Hits joined with their documents' records (by id; a record may be missing: then the id stands in)."""
    by_id = records if isinstance(records, Mapping) else {r.id: r for r in records}
    rows = []
    for h in hits:
        r = by_id.get(h.doc)
        rows.append(ResultRow(h, r.title if r else "", r.kind if r else "", r.published if r else ""))
    return rows


def _marked(hit: Hit) -> str:
    """The quote with the matched spans in **bold** (Markdown)."""
    out, last = [], 0
    for s, e in hit.highlights:
        out.append(hit.text[last:s])
        out.append(f"**{hit.text[s:e]}**")
        last = e
    out.append(hit.text[last:])
    return "".join(out)


def to_markdown(rows: Sequence[ResultRow], *, query: str = "", total: int | None = None) -> str:
    head = f"# Search: {query}" if query else "# Search results"
    lines = [head, ""]
    if total is not None:
        lines += [f"{len(rows)} of {total} passages.", ""]
    for i, row in enumerate(rows, 1):
        lines.append(f"## {i}. {row.title or row.hit.doc}")
        lines.append("")
        lines.extend(f"> {line}" if line else ">" for line in _marked(row.hit).splitlines() or [""])
        lines.append("")
        lines.append(f"— {row.citation()}")
        lines.append("")
    return "\n".join(lines)


def to_csv(rows: Sequence[ResultRow]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for row in rows:
        writer.writerow(row.to_csv())
    return buf.getvalue()


class ExportError(ValueError):
    """The export cannot be written as asked (one line, naming the file)."""


def export_results(
    path: Path, rows: Sequence[ResultRow], *, query: str = "", total: int | None = None, overwrite: bool = False
) -> Path:
    """Write results with citations: ``.csv`` → CSV, ``.md``/``.markdown``/``.txt`` → Markdown. Atomic (temp
    file, then rename); an existing file is replaced only with ``overwrite`` — otherwise ExportError."""
    path = Path(path).expanduser()
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".md", ".markdown", ".txt"):
        raise ExportError(f"{path}: unknown export format {suffix or '(no suffix)'!r}; use .md or .csv")
    if path.is_dir():
        raise ExportError(f"{path}: is a folder")
    if path.exists() and not overwrite:
        raise ExportError(f"{path}: already exists; not overwritten (add --force to replace it)")
    text = to_csv(rows) if suffix == ".csv" else to_markdown(rows, query=query, total=total)
    write_atomic(path, text)
    return path
