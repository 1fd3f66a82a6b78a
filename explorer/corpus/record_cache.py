"""Parsed records remembered between runs, so a cold start does not parse every YAML record again.

On 10,000 tiny records, parsing YAML was most of a cold ``search`` (2.3 s of ~3.8 s). Each record's parsed
fields are kept in the user cache (a private file, one per corpus folder) with the record file's size and mtime
as read; a record is parsed again when either differs, or when it was changed within 2 s of being read (a change
in the same mtime tick could go unseen). Only values that survive a JSON round trip exactly are kept (dates are
tagged), so a cached record is the record YAML would give.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import platformdirs

from explorer.fileio import note_read_stamp, read_stamp, write_private_atomic

_RACY_NS = 2_000_000_000
_VERSION = 1


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    raise TypeError(type(value).__name__)


def _decode(obj: dict) -> Any:
    if len(obj) == 1 and "$date" in obj:
        return dt.date.fromisoformat(obj["$date"])
    if len(obj) == 1 and "$datetime" in obj:
        return dt.datetime.fromisoformat(obj["$datetime"])
    return obj


_DECODER = json.JSONDecoder(object_hook=_decode)  # one decoder: json.loads(object_hook=…) builds one per call


class RecordCache:
    def __init__(self, corpus_dir: Path):
        folder = corpus_dir.resolve()
        key = hashlib.sha1(str(folder).encode("utf-8", "surrogatepass")).hexdigest()[:12]
        self.path = Path(platformdirs.user_cache_dir("policy-explorer")) / f"records-{folder.name}-{key}.json"
        self.entries: dict[str, list] = {}
        self.changed = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("version") == _VERSION and isinstance(data.get("records"), dict):
                self.entries = data["records"]
        except (OSError, ValueError):
            pass
        self.used: set[str] = set()

    def get(self, path: Path) -> dict | None:
        """The record's parsed fields if its file is unchanged since they were cached, else None."""
        entry = self.entries.get(path.name)
        if not isinstance(entry, list) or len(entry) != 4:
            return None
        try:
            info = os.stat(path)
        except OSError:
            return None
        size, mtime_ns, read_at, text = entry
        try:  # a damaged cache file (wrong types anywhere) is a miss, never an error
            if [size, mtime_ns] != [info.st_size, info.st_mtime_ns] or read_at - mtime_ns < _RACY_NS:
                return None
            data = _DECODER.decode(text)
        except (TypeError, ValueError):
            return None
        self.used.add(path.name)
        note_read_stamp(path, size, mtime_ns, read_at)  # as when it was read: the index's stamps stay valid
        return data if isinstance(data, dict) else None

    def put(self, path: Path, data: dict) -> None:
        stamp = read_stamp(path)
        if stamp is None or stamp[2] - stamp[1] < _RACY_NS:
            return
        try:
            text = json.dumps(data, default=_encode, ensure_ascii=False)
            if _DECODER.decode(text) != data:  # int keys, tuples…: not kept rather than changed
                return
        except (TypeError, ValueError):
            return
        self.entries[path.name] = [stamp[0], stamp[1], stamp[2], text]
        self.used.add(path.name)
        self.changed = True

    def save(self) -> None:
        if not self.changed and set(self.entries) <= self.used:
            return
        kept = {name: e for name, e in self.entries.items() if name in self.used}  # removed records dropped
        try:
            write_private_atomic(self.path, json.dumps({"version": _VERSION, "records": kept}).encode("utf-8"))
        except OSError:  # a read-only cache folder: records are parsed again next time, nothing else changes
            pass
