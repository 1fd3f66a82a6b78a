"""Bookmarks with notes: one JSON file in the user's data folder, written atomically after every change
(temp file + fsync + rename), so a crash leaves the old file or the new one, never half of one.

Nothing of the user's is lost: a file that cannot be read (permissions, binary, not JSON, notes of the wrong
shape or field types) is set aside under a timestamped name and said in one line, never written over; if it
cannot be set aside the store stays read-only. Fields a newer version wrote are kept on save, and a symlinked
``notes.json`` is written through (the link stays). Pure Python, no Textual: unit-tested on its own.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from explorer.fileio import write_atomic

FILE_NAME = "notes.json"
FORMAT_VERSION = 2  # 2: corpus, tags, issuer, kind
_TAG = re.compile(r"(?:^|\s)#([^\s#]+)")


class NotesReadOnly(OSError):
    """The notes file could not be read nor set aside: saving would overwrite notes we could not read."""


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
    corpus: str = ""  # the corpus folder the note was taken in ("" for notes older than version 2)
    tags: tuple[str, ...] = ()
    issuer: str = ""
    kind: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)  # fields of newer versions

    @property
    def passage_id(self) -> str:
        return f"{self.doc}#{self.passage}"

    def citation(self) -> str:
        parts = [f"《{self.title}》" if self.title else self.doc]
        parts += [x for x in (self.issuer, self.published, self.section) if x]
        parts.append(f"passage {self.passage} ({self.passage_id})")
        return ", ".join(parts)

    def to_json(self) -> dict[str, Any]:
        data = {k: v for k, v in asdict(self).items() if k != "extra"}
        data["tags"] = list(self.tags)
        return {**dict(self.extra), **data}


_TEXT_FIELDS = {f.name for f in fields(Note) if f.type == "str"}


def split_tags(text: str) -> tuple[str, tuple[str, ...]]:
    """``"forest target #林业 #目标"`` → ("forest target", ("林业", "目标")): tags are words after #."""
    tags = tuple(dict.fromkeys(_TAG.findall(text)))
    return " ".join(_TAG.sub(" ", text).split()), tags


def with_tags(note: str, tags: tuple[str, ...]) -> str:
    return " ".join([note, *(f"#{t}" for t in tags)]).strip()


def note_from_json(item: object) -> Note:
    """One stored note; ``ValueError`` names the first field of the wrong type."""
    if not isinstance(item, dict):
        raise ValueError(f"a note is {type(item).__name__}, not an object")
    known = {f.name for f in fields(Note)} - {"extra"}
    for name in ("id", "doc", "passage", "title", "published", "section", "quote"):
        if name not in item:
            raise ValueError(f"a note has no {name}")
    for name in _TEXT_FIELDS & item.keys():
        if not isinstance(item[name], str):
            raise ValueError(f"{name} is {type(item[name]).__name__}, not text")
    passage = item["passage"]
    if not isinstance(passage, int) or isinstance(passage, bool) or passage < 0:
        raise ValueError(f"passage is {passage!r}, not a passage number")
    tags = item.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ValueError("tags is not a list of words")
    values = {k: v for k, v in item.items() if k in known}
    values["tags"] = tuple(tags)
    extra = {k: v for k, v in item.items() if k not in known}
    return Note(**values, extra=extra)


def _now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


class NotesStore:
    """The notes of one user. ``problem`` says in one line what was wrong with the file and where it was kept."""

    def __init__(self, directory: Path, *, clock: Callable[[], str] = _now) -> None:
        self.path = Path(directory) / FILE_NAME
        self._clock = clock
        self._notes: list[Note] = []
        self._top: dict[str, Any] = {}  # top-level fields of the file other than notes, kept on save
        self._deleted: list[tuple[int, Note]] = []
        self.problem: str | None = None
        self.read_only = False
        self._load()

    # ------------------------------------------------------------------ reading
    def _load(self) -> None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as exc:
            self._set_aside(f"cannot be read ({exc.strerror or exc})")
            return
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            what = "is not text (binary?)" if isinstance(exc, UnicodeDecodeError) else "is not valid JSON"
            self._set_aside(what)
            return
        if isinstance(data, dict) and isinstance(data.get("notes"), list):
            items: list[object] = data["notes"]
            self._top = {k: v for k, v in data.items() if k not in ("notes", "version")}
            if isinstance(data.get("version"), int) and data["version"] > FORMAT_VERSION:
                self._top["version"] = data["version"]  # a newer version's file stays marked as its own
        elif isinstance(data, list):
            items = data
        else:
            self._set_aside("has no list of notes")
            return
        good, bad = [], []
        for i, item in enumerate(items):
            try:
                good.append(note_from_json(item))
            except (ValueError, TypeError) as exc:
                bad.append(f"note {i + 1}: {exc}")
        self._notes = good
        if bad:
            more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
            self._set_aside(f"has {len(bad)} of {len(items)} notes unreadable — {bad[0]}{more}", keep=good)

    def _set_aside(self, why: str, keep: list[Note] | None = None) -> None:
        """Rename the file out of the way (never overwrite what could not be read), say so in one line."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.unreadable-{stamp}")
        n = 1
        while aside.exists() or aside.is_symlink():
            n += 1
            aside = self.path.with_name(f"{self.path.name}.unreadable-{stamp}-{n}")
        try:
            os.rename(self.path, aside)
        except OSError as exc:
            self.read_only = True
            self.problem = (
                f"{self.path}: notes file {why}; it could not be set aside ({exc.strerror or exc}), so "
                "notes are read-only this session"
            )
            return
        self._notes = list(keep or [])
        loaded = f"; {len(self._notes)} notes loaded" if keep else "; starting with no notes"
        self.problem = f"{self.path}: notes file {why}; kept as {aside.name}{loaded}"
        if keep:
            try:
                self._save()
            except OSError as exc:
                self.problem += f" (not saved yet: {exc.strerror or exc})"

    # ------------------------------------------------------------------ listing
    def __len__(self) -> int:
        return len(self._notes)

    def __iter__(self) -> Iterator[Note]:
        return iter(list(self._notes))

    def all(self) -> list[Note]:
        return list(self._notes)

    def of_corpus(self, corpus: str, doc_ids: set[str] | frozenset[str] = frozenset()) -> list[Note]:
        """The notes taken in one corpus; an old note without a corpus belongs wherever its document is."""
        return [n for n in self._notes if n.corpus == corpus or (not n.corpus and n.doc in doc_ids)]

    def get(self, note_id: str) -> Note | None:
        return next((n for n in self._notes if n.id == note_id), None)

    def tags(self) -> list[str]:
        return sorted({t for n in self._notes for t in n.tags})

    # ------------------------------------------------------------------ changing (each change is saved)
    def add(
        self,
        *,
        doc: str,
        passage: int,
        title: str,
        published: str,
        section: str,
        quote: str,
        note: str = "",
        corpus: str = "",
        tags: tuple[str, ...] = (),
        issuer: str = "",
        kind: str = "",
    ) -> Note:
        item = Note(
            uuid.uuid4().hex[:12],
            doc,
            passage,
            title,
            published,
            section,
            quote,
            note.strip(),
            self._clock(),
            corpus,
            tuple(tags),
            issuer,
            kind,
        )
        self._change(self._notes + [item])
        return item

    def update(self, note_id: str, note: str, tags: tuple[str, ...] | None = None) -> Note | None:
        for i, n in enumerate(self._notes):
            if n.id == note_id:
                changed = replace(n, note=note.strip(), tags=n.tags if tags is None else tuple(tags))
                self._change(self._notes[:i] + [changed] + self._notes[i + 1 :])
                return changed
        return None

    def remove(self, note_id: str) -> Note | None:
        for i, n in enumerate(self._notes):
            if n.id == note_id:
                self._change(self._notes[:i] + self._notes[i + 1 :])
                self._deleted.append((i, n))
                return n
        return None

    def undo_remove(self) -> Note | None:
        """Put the last deleted note back where it was."""
        if not self._deleted:
            return None
        index, note = self._deleted[-1]
        self._change(self._notes[:index] + [note] + self._notes[index:])
        self._deleted.pop()
        return note

    def _change(self, notes: list[Note]) -> None:
        """Save first, then keep: a failed save (full disk, read-only) changes nothing in memory either."""
        previous, self._notes = self._notes, notes
        try:
            self._save()
        except OSError:
            self._notes = previous
            raise

    def _save(self) -> None:
        if self.read_only:
            raise NotesReadOnly(f"{self.path} could not be read, so it is not written over")
        data = {"version": FORMAT_VERSION, **self._top, "notes": [n.to_json() for n in self._notes]}
        # A symlinked notes.json (kept in a synced folder, say) is written where it points: the link stays.
        target = self.path.resolve() if self.path.is_symlink() else self.path
        write_atomic(target, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
