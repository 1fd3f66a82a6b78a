"""Is this index generation what was written? Checksums in the manifest, checked on open.

A truncated, garbled or missing segment used to answer "no passage matches" and "index up to date": damage
was answered around. Each generation's manifest now lists its files with their size, a BLAKE2b hash of the
whole file and hashes of a few small samples spread over it:

- every open checks the sizes and the samples (a few reads of 4 KB: well under a millisecond), which catches
  truncation, a missing file and garbling of any extent;
- the whole-file hashes are checked once per generation and the result remembered in ``verified.json`` beside
  the manifest, keyed by each file's size, mtime and inode, so a cold ``search`` does not hash tens of megabytes
  each time, yet a file rewritten since (a new mtime) is hashed again.

The manifest itself is validated field by field (``valid_manifest``): a manifest with wrong types is damage,
not a Python exception. ``quick_fresh`` answers "does the index still match the corpus?" from the size and
mtime of each record and source recorded at build time, so a cold search over 10,000 records reads no text.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from explorer.fileio import read_stamp, write_private_atomic

VERIFIED = "verified.json"
_SAMPLE = 4096
_SAMPLES = 8
_RACY_NS = 2_000_000_000  # a file changed within 2 s of being read may change again unseen in the same mtime tick
_SKIP = {"manifest.json", VERIFIED}


def _skipped(name: str) -> bool:
    return name in _SKIP or name.endswith("LOCK") or name.startswith(".")


def _offsets(size: int) -> list[int]:
    if size <= _SAMPLE * _SAMPLES:
        return [0]
    step = (size - _SAMPLE) // (_SAMPLES - 1)
    return [i * step for i in range(_SAMPLES)]


def _sample_hash(path: Path, size: int) -> str:
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as fh:
        for offset in _offsets(size):
            fh.seek(offset)
            h.update(fh.read(_SAMPLE if size > _SAMPLE * _SAMPLES else size))
    return h.hexdigest()


def _full_hash(path: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def seal(gen_dir: Path, previous: Path | None = None) -> dict[str, dict[str, Any]]:
    """The manifest's ``files`` entry for a just-written generation; its whole-file hashes are remembered as
    verified, so the first search after a build does not hash the files again.

    ``previous``: the generation this one was made from. Its segment files are hard links here (Whoosh never
    rewrites a segment), so a file with the size, mtime and inode the previous generation verified keeps that
    generation's hashes instead of being read whole again: after one edited document of a thousand, sealing
    hashed 130 MB of unchanged segments (0.28 s of a 1.3 s update)."""
    out: dict[str, dict[str, Any]] = {}
    stamps: dict[str, list[int]] = {}
    known = _verified_entries(previous) if previous is not None else {}
    now = time.time_ns()
    for entry in sorted(os.scandir(gen_dir), key=lambda e: e.name):
        if _skipped(entry.name) or not entry.is_file(follow_symlinks=False):
            continue
        path = Path(entry.path)
        info = entry.stat()
        stamp = [info.st_size, info.st_mtime_ns, info.st_ino]
        before = known.get(entry.name)
        if before is not None and before[0] == stamp and now - info.st_mtime_ns > _RACY_NS:
            out[entry.name] = before[1]
        else:
            out[entry.name] = {
                "size": info.st_size,
                "sample": _sample_hash(path, info.st_size),
                "hash": _full_hash(path),
            }
        stamps[entry.name] = stamp
    write_private_atomic(gen_dir / VERIFIED, json.dumps(stamps).encode("utf-8"))
    return out


def _verified_entries(gen_dir: Path) -> dict[str, tuple[list[int], dict[str, Any]]]:
    """A generation's files that were hashed whole and found as listed: name → (their stamp, manifest entry)."""
    remembered = _remembered(gen_dir)
    try:
        manifest = json.loads((gen_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(remembered, dict) or not isinstance(files, dict):
        return {}
    return {
        name: (stamp, entry)
        for name, stamp in remembered.items()
        if isinstance(stamp, list) and isinstance(entry := files.get(name), dict) and isinstance(entry.get("hash"), str)
    }


def damage(gen_dir: Path, manifest: dict[str, Any], *, full: bool = False) -> str:
    """ "" when the generation's files are those the manifest lists; otherwise one line saying what is wrong.
    ``full`` forces the whole-file hashes even when this generation was verified before."""
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        return "the manifest lists no files"
    stamps: dict[str, list[int]] = {}
    for name, want in files.items():
        path = gen_dir / name
        try:
            info = path.stat()
        except OSError:
            return f"index file {name} is missing"
        if info.st_size != want.get("size"):
            return f"index file {name} has {info.st_size} bytes, {want.get('size')} were written"
        try:
            if _sample_hash(path, info.st_size) != want.get("sample"):
                return f"index file {name} is damaged (checksum)"
        except OSError as exc:
            return f"index file {name} cannot be read ({exc.strerror or exc})"
        stamps[name] = [info.st_size, info.st_mtime_ns, info.st_ino]
    if not full and _remembered(gen_dir) == stamps:
        return ""
    for name, want in files.items():
        try:
            if _full_hash(gen_dir / name) != want.get("hash"):
                return f"index file {name} is damaged (checksum)"
        except OSError as exc:
            return f"index file {name} cannot be read ({exc.strerror or exc})"
    try:  # remembered for the next open; a read-only index folder just hashes again next time
        write_private_atomic(gen_dir / VERIFIED, json.dumps(stamps).encode("utf-8"))
    except OSError:
        pass
    return ""


def _remembered(gen_dir: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((gen_dir / VERIFIED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def valid_manifest(data: Any) -> bool:
    """The fields the index reads, with the types it reads them as."""
    if not isinstance(data, dict):
        return False
    docs, files = data.get("docs", {}), data.get("files", {})
    if not isinstance(docs, dict) or not isinstance(files, dict):
        return False
    if not all(isinstance(e, dict) and isinstance(e.get("hash"), str) for e in docs.values()):
        return False
    if not all(isinstance(e, dict) and isinstance(e.get("size"), int) for e in files.values()):
        return False
    return all(isinstance(data.get(k, ""), str) for k in ("schema", "normaliser", "generation", "built_at")) and (
        isinstance(data.get("passages", 0), int)
    )


# ---------------------------------------------------------------------------------------------- freshness


def doc_stamp(record: Any) -> list[int] | None:
    """Size and mtime of a record's YAML and its source as they were when read (``fileio.read_stamp``), or None
    when either was not read in this process or changed too recently to be trusted (racy: within 2 s)."""
    out: list[int] = []
    for path in (record.record_path, record.source):
        stamp = read_stamp(path) if path is not None else None
        if stamp is None:
            return None
        size, mtime_ns, read_at_ns = stamp
        if read_at_ns - mtime_ns < _RACY_NS:
            return None
        out += [size, mtime_ns]
    return out


def _stat_stamp(record: Any) -> list[int] | None:
    out: list[int] = []
    for path in (record.record_path, record.source):
        try:
            info = os.stat(path)
        except (OSError, TypeError, ValueError):
            return None
        out += [info.st_size, info.st_mtime_ns]
    return out


def quick_fresh(docs: dict[str, Any], records: list[Any]) -> bool:
    """True when the manifest's ``docs`` hold exactly these records, each with a stamp equal to its files'
    current size and mtime. False means "not known": the caller then compares content hashes."""
    if not isinstance(docs, dict) or set(docs) != {r.id for r in records}:
        return False
    for record in records:
        stamp = docs[record.id].get("stamp")
        if not stamp or stamp != _stat_stamp(record):
            return False
    return True


def now_ns() -> int:
    return time.time_ns()
