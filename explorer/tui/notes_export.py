"""Notes exported with their citations: Markdown, CSV (optionally with a byte-order mark, so Excel reads the
Chinese as UTF-8), BibTeX and CSL-JSON (both import into Zotero: one item per note, the quote and note kept).
Chosen by the file's suffix. Pure Python, no Textual."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from explorer.fileio import write_atomic
from explorer.tui.notes_store import Note

FORMATS = {".md": "Markdown", ".csv": "CSV", ".bib": "BibTeX", ".json": "CSL-JSON"}
CSV_FIELDS = ("doc", "passage", "title", "issuer", "published", "section", "quote", "note", "tags", "created", "corpus")
BOM = "\ufeff"


def to_markdown(notes: list[Note], *, heading: str = "Notes") -> str:
    lines = [f"# {heading}", ""]
    for i, n in enumerate(notes, 1):
        lines += [f"## {i}. {n.title or n.doc}", ""]
        lines.extend(f"> {line}" if line else ">" for line in n.quote.splitlines() or [""])
        lines += ["", f"— {n.citation()}"]
        if n.note:
            lines += ["", n.note]
        if n.tags:
            lines += ["", "Tags: " + ", ".join(f"#{t}" for t in n.tags)]
        lines.append("")
    return "\n".join(lines)


def to_csv(notes: list[Note], *, bom: bool = False) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for n in notes:
        row = n.to_json()
        row["tags"] = " ".join(n.tags)
        writer.writerow(row)
    return (BOM if bom else "") + buf.getvalue()


def _date_parts(published: str) -> list[int]:
    return [int(p) for p in re.findall(r"\d+", published)[:3]]


def _bib_escape(text: str) -> str:
    """Text safe inside a braced BibTeX field: specials escaped, braces balanced by escaping them all."""
    text = text.replace("\\", "\\textbackslash ")
    text = re.sub(r"([{}&%$#_])", r"\\\1", text)
    return text.replace("~", "\\textasciitilde ").replace("^", "\\textasciicircum ")


def _bib_key(n: Note) -> str:
    """An ASCII key Zotero and BibTeX accept: the document id and passage where they are ASCII, else the id."""
    base = re.sub(r"[^A-Za-z0-9_:-]", "", f"{n.doc}-{n.passage}")
    return base if base and base[0].isalpha() else f"note-{n.id}"


def to_bibtex(notes: list[Note]) -> str:
    entries = []
    used: set[str] = set()
    for n in notes:
        key = _bib_key(n)
        if key in used:
            key = f"{key}-{n.id[:6]}"
        used.add(key)
        fields: list[tuple[str, str]] = [("title", f"{{{_bib_escape(n.title or n.doc)}}}")]
        if n.issuer:
            fields.append(("author", f"{{{_bib_escape(n.issuer)}}}"))  # an institution: one name, not split
        if n.published:
            fields.append(("date", _bib_escape(n.published)))
            parts = _date_parts(n.published)
            if parts:
                fields.append(("year", str(parts[0])))
        where = " · ".join(x for x in (n.section, f"passage {n.passage} ({n.passage_id})") if x)
        fields.append(("note", _bib_escape(where)))
        annote = n.quote + (f"\n\n{n.note}" if n.note else "")
        fields.append(("annote", _bib_escape(annote)))
        if n.tags:
            fields.append(("keywords", _bib_escape(", ".join(n.tags))))
        fields.append(("langid", "chinese"))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        kind = "report" if n.kind == "report" else "misc"
        entries.append(f"@{kind}{{{key},\n{body}\n}}\n")
    return "\n".join(entries)


def to_csl_json(notes: list[Note]) -> str:
    items: list[dict[str, Any]] = []
    for n in notes:
        item: dict[str, Any] = {
            "id": n.id,
            "type": "report" if n.kind == "report" else "document",
            "title": n.title or n.doc,
            "language": "zh-CN",
            "section": n.section,
            "note": f"passage {n.passage} ({n.passage_id})",
            "abstract": n.quote + (f"\n\n{n.note}" if n.note else ""),
        }
        if n.issuer:
            item["author"] = [{"literal": n.issuer}]
        parts = _date_parts(n.published)
        if parts:
            item["issued"] = {"date-parts": [parts]}
        if n.tags:
            item["keyword"] = ", ".join(n.tags)
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def export(notes: list[Note], path: Path, *, bom: bool = False) -> Path:
    """Write the notes in the format the suffix names (.csv, .bib, .json; anything else Markdown)."""
    path = Path(path).expanduser()
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = to_csv(notes, bom=bom)
    elif suffix == ".bib":
        text = to_bibtex(notes)
    elif suffix == ".json":
        text = to_csl_json(notes)
    else:
        text = to_markdown(notes)
    write_atomic(path, text)
    return path
