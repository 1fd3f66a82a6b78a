"""Bookmarks with notes: a JSON file in the user's data directory, written atomically after every change
(temp file + fsync + os.replace), so a crash leaves either the old or the new file, never half of one.
Also the Markdown and CSV exports. Pure Python, no Textual: unit-tested on its own."""

from __future__ import annotations

import csv
import io
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, datetime
from pathlib import Path

from explorer.fileio import write_atomic

FILE_NAME = "notes.json"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Note:
    id: str
    doc: str
    passage: int
    title: str  # the document's title, kept so a note still cites after the corpus changes
    published: str
    section: str
    quote: str
    note: str = ""
    created: str = ""

    @property
    def passage_id(self) -> str:
        return f"{self.doc}#{self.passage}"

    def citation(self) -> str:
        parts = [f"《{self.title}》" if self.title else self.doc]
        if self.published:
            parts.append(self.published)
        if self.section:
            parts.append(self.section)
        parts.append(f"passage {self.passage} ({self.passage_id})")
        return ", ".join(parts)


def _now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


class NotesStore:
    """The notes of one user. ``problem`` says (in one line) why an unreadable file was set aside."""

    def __init__(self, directory: Path, *, clock: Callable[[], str] = _now) -> None:
        self.path = Path(directory) / FILE_NAME
        self._clock = clock
        self._notes: list[Note] = []
        self.problem: str | None = None
        self._load()

    # ------------------------------------------------------------------ reading
    def _load(self) -> None:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except OSError as exc:
            self.problem = f"{self.path}: cannot read notes ({exc.strerror or exc})"
            return
        try:
            data = json.loads(raw)
            items = data["notes"] if isinstance(data, dict) else data
            known = {f.name for f in fields(Note)}
            self._notes = [Note(**{k: v for k, v in item.items() if k in known}) for item in items]
        except (ValueError, TypeError, KeyError) as exc:
            aside = self.path.with_name(f"{self.path.name}.unreadable-{uuid.uuid4().hex[:6]}")
            try:
                os.replace(self.path, aside)
            except OSError:
                aside = self.path
            self.problem = (
                f"{self.path}: notes file is damaged ({type(exc).__name__}); kept as {aside.name}, starting empty"
            )
            self._notes = []

    def __len__(self) -> int:
        return len(self._notes)

    def __iter__(self):
        return iter(list(self._notes))

    def all(self) -> list[Note]:
        return list(self._notes)

    def get(self, note_id: str) -> Note | None:
        return next((n for n in self._notes if n.id == note_id), None)

    # ------------------------------------------------------------------ changing (each change is saved)
    def add(
        self, *, doc: str, passage: int, title: str, published: str, section: str, quote: str, note: str = ""
    ) -> Note:
        item = Note(uuid.uuid4().hex[:12], doc, passage, title, published, section, quote, note.strip(), self._clock())
        self._notes.append(item)
        self._save()
        return item

    def update(self, note_id: str, note: str) -> Note | None:
        for i, n in enumerate(self._notes):
            if n.id == note_id:
                self._notes[i] = replace(n, note=note.strip())
                self._save()
                return self._notes[i]
        return None

    def remove(self, note_id: str) -> bool:
        before = len(self._notes)
        self._notes = [n for n in self._notes if n.id != note_id]
        if len(self._notes) != before:
            self._save()
            return True
        return False

    def _save(self) -> None:
        data = {"version": FORMAT_VERSION, "notes": [asdict(n) for n in self._notes]}
        write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# ---------------------------------------------------------------------- exports
def to_markdown(notes: list[Note], *, heading: str = "Notes") -> str:
    lines = [f"# {heading}", ""]
    for i, n in enumerate(notes, 1):
        lines.append(f"## {i}. {n.title or n.doc}")
        lines.append("")
        lines.extend(f"> {line}" if line else ">" for line in n.quote.splitlines() or [""])
        lines.append("")
        lines.append(f"— {n.citation()}")
        if n.note:
            lines.append("")
            lines.append(n.note)
        lines.append("")
    return "\n".join(lines)


CSV_FIELDS = ("doc", "passage", "title", "published", "section", "quote", "note", "created")


def to_csv(notes: list[Note]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for n in notes:
        writer.writerow(asdict(n))
    return buf.getvalue()


def export(notes: list[Note], path: Path) -> Path:
    """Write the notes as Markdown or CSV, chosen by the file's suffix (.csv → CSV, anything else Markdown)."""
    path = Path(path).expanduser()
    text = to_csv(notes) if path.suffix.lower() == ".csv" else to_markdown(notes)
    write_atomic(path, text)
    return path
