"""Where analyses live between runs: content-addressed files beside the search index.

Layout (all under ``<index dir>/analysis/``, private to the user: folders 0700, files 0600)::

    docs/ab/<key>.pkl        one component's output for one document; <key> hashes the document's content hash,
                             the component's version and the fingerprints of the settings it reads
    links/<key>.pkl          one linking step's output; <key> hashes everything it was computed from
    stat.pkl                 source path → (size, mtime, inode, sha256, when hashed): lets a run tell that a source
                             is unchanged without reading it (10,000 records: no re-hashing on every command)

A file is written to a temp name and renamed, so a reader (or a process killed mid-analysis) sees a whole file or
none; because a name says what its content was computed from, nothing is ever overwritten with other content, and
no generation switch is needed: the next run simply finds what is missing and computes only that. Files no
current document refers to are removed by ``prune``.

Pickle is the format because the results are frozen dataclasses of this package and loading is ~10× faster than
JSON; the folder is the user's own (0700), as trusted as the code that reads it. A file that cannot be read (cut,
garbled, from another Python) counts as missing and is computed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

from explorer.fileio import note_read_stamp, private_dir, write_private_atomic
from explorer.keys import fingerprint

_RACY_NS = 2_000_000_000


class StoredParts(NamedTuple):
    """A parted slot as read: its key, its parts by id, what the caller keeps beside them, the shards' generations
    (``put_parts`` rewrites only the changed shards and keeps the others' generations)."""

    key: str
    parts: dict[str, Any]
    extra: Any
    generations: tuple[str, ...]


class AnalysisStore:
    """Content-addressed pickles of analyses and links. Never raises on a damaged or unwritable store: reading
    gives ``None`` (compute again), writing failures are remembered in ``write_errors`` and reported once."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._root = str(self.root)
        self.write_errors: list[str] = []
        self._stat: dict[str, tuple[int, int, int, str, int]] | None = None
        self._stat_dirty = False
        self._memory: dict[tuple[str, str], Any] = {}  # what could not be written: still used in this run
        self._indexes: dict[tuple[str, str], tuple[tuple[int, int, int], Any]] = {}  # parted slots' indexes read

    # ------------------------------------------------------------------ objects
    def path(self, area: str, key: str) -> Path:
        return self.root / area / key[:2] / f"{key}.pkl"

    def get(self, area: str, key: str) -> Any | None:
        if (area, key) in self._memory:
            return self._memory[(area, key)]
        try:
            with open(self.path(area, key), "rb") as fh:
                return pickle.load(fh)
        except FileNotFoundError:
            return None
        except Exception:  # cut or garbled: as if missing (computed again and rewritten)
            return None

    def has(self, area: str, key: str) -> bool:
        # string paths: every command asks this for each output of each document (7,000 at a thousand documents),
        # and building pathlib paths for them took 0.15 s of a warm command's 0.4 s
        return (area, key) in self._memory or os.path.isfile(os.path.join(self._root, area, key[:2], f"{key}.pkl"))

    def _folder(self, *parts: str) -> Path:
        """A folder of the store, each level created private (0700): another user of the machine must not read
        through the store what a source's own permissions refused them."""
        folder = self.root
        private_dir(folder)
        for part in parts:
            folder = folder / part
            if not folder.is_dir():
                private_dir(folder)
        return folder

    def put(self, area: str, key: str, value: Any) -> None:
        try:
            path = self.path(area, key)
            self._folder(area, key[:2])
            write_private_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
        except OSError as exc:  # a full disk or a read-only cache: the analysis is still used in this run
            self._memory[(area, key)] = value
            self.write_errors.append(f"{self.root}: cannot store analyses: {exc.strerror or exc}")

    # ------------------------------------------------------------------ slots: one file per result, keyed inside
    # A corpus-wide result (all figures, one plan's links) has one current value: it is kept under a fixed name
    # (the slot) with the key it was computed from, and replaced when the key changes — so editing documents day
    # after day does not pile up old results.
    def get_slot(self, area: str, slot: str, key: str) -> Any | None:
        found = self.slot_entry(area, slot)
        return found[1] if found is not None and found[0] == key else None

    def slot_entry(self, area: str, slot: str) -> tuple[str, Any] | None:
        """A slot's (key, value) whatever its key: the last value, to take its unchanged parts from."""
        found = self.get(area, fingerprint("slot", slot))
        if isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], str):
            return found
        return None

    def put_slot(self, area: str, slot: str, key: str, value: Any) -> None:
        self.put(area, fingerprint("slot", slot), (key, value))

    # ------------------------------------------------------------------ parted slots
    # A corpus-wide result made of parts (a thousand documents' prepared figures, one indicator's tracking each) is
    # kept in SHARDS files, each part in the shard its id hashes to, and an index naming the shards' generations.
    # After one edit only the shards holding changed parts are written again (a 28 MB pickle of 89,000 figures took
    # 0.45 s to write for one changed document). A shard whose generation is not the index's — a run killed between
    # writing shards and the index — is read as missing: its parts are computed again.
    SHARDS = 16

    def get_parts(self, area: str, slot: str) -> StoredParts | None:
        """(key, parts, extra, generations) of a parted slot, whatever its key; parts of a damaged shard are left
        out."""
        index: Any = self.get(area, fingerprint("parts", slot))
        if not _sound_index(index):
            return None
        key, generations, extra = index
        parts: dict[str, Any] = {}
        for i, generation in enumerate(generations):
            parts.update(self._shard(area, slot, i, generation) or {})
        return StoredParts(key, parts, extra, generations)

    def get_part(self, area: str, slot: str, pid: str, key: str | None = None) -> Any | None:
        """One part of a parted slot (None when absent, its shard damaged or — with ``key`` — the slot holds
        another key), reading the slot's small index and the one shard ``shard_of(pid)`` names, not the others
        (one indicator's figures out of a thousand documents': 1 of 16 shards)."""
        found = self._part(area, slot, pid, key)
        return found[1] if found is not None else None

    def _parts_index(self, area: str, slot: str) -> Any:
        """A parted slot's index, read again only when its file changed (size, mtime, inode: it is replaced by a
        rename) — a first screen asks one index for forty entries."""
        name = fingerprint("parts", slot)
        if (area, name) in self._memory:
            return self._memory[(area, name)]
        try:
            st = os.stat(self.path(area, name))
        except OSError:
            return None
        signature = (st.st_size, st.st_mtime_ns, st.st_ino)
        known = self._indexes.get((area, slot))
        if known is not None and known[0] == signature:
            return known[1]
        index = self.get(area, name)
        self._indexes[(area, slot)] = (signature, index)
        return index

    def parts_of(self, area: str, slot: str, pids: Iterable[str], key: str | None = None) -> dict[str, Any]:
        """The parts of ``pids`` that are there, each shard read once (a damaged or stale shard's are left out)."""
        index = self._parts_index(area, slot)
        if not _sound_index(index, key) or not index[1]:
            return {}
        generations = index[1]
        wanted: dict[int, list[str]] = {}
        for pid in pids:
            wanted.setdefault(shard_of(pid, len(generations)), []).append(pid)
        found: dict[str, Any] = {}
        for i, ids in sorted(wanted.items()):
            shard = self._shard(area, slot, i, generations[i])
            if shard is not None:
                found.update((pid, shard[pid]) for pid in ids if pid in shard)
        return found

    def _shard(self, area: str, slot: str, i: int, generation: str) -> dict[str, Any] | None:
        """A parted slot's shard when it is of the index's generation (else None: written by a killed run)."""
        shard = self.get(area, fingerprint("parts", slot, i))
        if isinstance(shard, tuple) and len(shard) == 2 and shard[0] == generation and isinstance(shard[1], dict):
            return shard[1]
        return None

    def _part(self, area: str, slot: str, pid: str, key: str | None) -> tuple[bool, Any] | None:
        """(present, part) when the slot's index (of ``key``) and the part's shard are sound; None otherwise."""
        index = self._parts_index(area, slot)
        if not _sound_index(index, key):
            return None
        generations = index[1]
        i = shard_of(pid, len(generations)) if generations else 0
        if i >= len(generations):
            return None
        shard = self._shard(area, slot, i, generations[i])
        return None if shard is None else (pid in shard, shard.get(pid))

    INDEX_SHARDS = 256  # a derived index's entries are read one or a few at a time: small shards

    def indexed(
        self, area: str, slot: str, key: str, pid: str, build: Callable[[], dict[str, Any]], default: Any = None
    ) -> Any:
        """``pid``'s entry of a derived index (one indicator's figures, one document's references) kept as a
        parted slot under ``key``: read from its one shard when the slot holds ``key``; otherwise ``build()``
        makes every entry from the full list, they are stored, and ``pid``'s is returned. An id with no entry
        gives ``default``. Kept in ``INDEX_SHARDS`` shards: a first screen of forty documents reads forty small
        files, not every entry."""
        found = self._part(area, slot, pid, key)
        if found is not None:
            return found[1] if found[0] else default
        parts = build()
        self.put_parts(area, slot, key, parts, shards=self.INDEX_SHARDS)
        return parts.get(pid, default)

    def put_parts(
        self,
        area: str,
        slot: str,
        key: str,
        parts: dict[str, Any],
        *,
        changed: Iterable[str] | None = None,
        last: StoredParts | None = None,
        extra: Any = None,
        shards: int | None = None,
    ) -> None:
        """Store ``parts`` under ``key`` in ``shards`` files (``SHARDS`` without it); with ``changed`` (the ids
        whose part is new or gone since ``last``, as ``get_parts`` gave it), only the shards holding them are
        written again."""
        count = shards or self.SHARDS
        reuse = last is not None and changed is not None and len(last.generations) == count
        generations = list(last.generations) if reuse and last is not None else [""] * count
        dirty = {shard_of(i, count) for i in changed or ()} if reuse else set(range(count))
        by_shard: dict[int, dict[str, Any]] = {i: {} for i in dirty}
        for pid, part in parts.items():
            i = shard_of(pid, count)
            if i in by_shard:
                by_shard[i][pid] = part
        for i, shard in sorted(by_shard.items()):
            generation = fingerprint(key, i, time.time_ns())
            self.put(area, fingerprint("parts", slot, i), (generation, shard))
            generations[i] = generation
        self.put(area, fingerprint("parts", slot), (key, tuple(generations), extra))

    def prune(self, area: str, keep: Iterable[str]) -> int:
        """Remove the files of ``area`` whose key is not in ``keep``; returns how many went."""
        wanted = set(keep)
        removed = 0
        folder = self.root / area
        if not folder.is_dir():
            return 0
        for path in folder.glob("*/*.pkl"):
            if path.stem not in wanted:
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        return removed

    # ------------------------------------------------------------------ source hashes by stat
    def _stats(self) -> dict[str, tuple[int, int, int, str, int]]:
        if self._stat is None:
            loaded = self.get_file("stat.pkl")
            entries = loaded.items() if isinstance(loaded, dict) else ()
            self._stat = {k: v for k, v in entries if isinstance(v, tuple) and len(v) == 5}
        return self._stat

    def get_file(self, name: str) -> Any | None:
        try:
            with open(self.root / name, "rb") as fh:
                return pickle.load(fh)
        except Exception:
            return None

    def bytes_hash(self, path: Path) -> str | None:
        """sha256 of a file's bytes, from the stat cache when size, mtime and inode are unchanged; None when the
        file cannot be stat'ed (the loader then says why). A file changed within 2 s of being hashed may change
        again within the same mtime tick, so such an entry is never trusted (git's "racy" rule)."""
        try:
            st = os.stat(path)
        except OSError:
            return None
        key = str(path)
        known = self._stats().get(key)
        if known and known[:3] == (st.st_size, st.st_mtime_ns, st.st_ino) and known[4] - st.st_mtime_ns >= _RACY_NS:
            note_read_stamp(path, st.st_size, st.st_mtime_ns, known[4])  # as good as a read for the index's stamps
            return known[3]
        try:
            data = Path(path).read_bytes()
        except OSError:
            return None
        return self._remember(path, st, hashlib.sha256(data).hexdigest())

    def remember_bytes(self, path: Path, data: bytes) -> str:
        """Record the hash of bytes just read (the loader read them anyway)."""
        digest = hashlib.sha256(data).hexdigest()
        try:
            st = os.stat(path)
        except OSError:
            return digest
        return self._remember(path, st, digest)

    def _remember(self, path: Path, st: os.stat_result, digest: str) -> str:
        now = time.time_ns()
        self._stats()[str(path)] = (st.st_size, st.st_mtime_ns, st.st_ino, digest, now)
        self._stat_dirty = True
        note_read_stamp(path, st.st_size, st.st_mtime_ns, now)
        return digest

    def refuse(self, digest: str) -> None:
        """Remember that the bytes with this hash are no document (empty, binary): never indexed, never waited for."""
        self._stats()["refused:" + digest] = (0, 0, 0, digest, 0)
        self._stat_dirty = True

    def refused(self, digest: str) -> bool:
        return "refused:" + digest in self._stats()

    def flush(self) -> None:
        if self._stat_dirty and self._stat is not None:
            try:
                self._folder()
                write_private_atomic(
                    self.root / "stat.pkl", pickle.dumps(self._stat, protocol=pickle.HIGHEST_PROTOCOL), durable=False
                )
                self._stat_dirty = False
            except OSError as exc:
                self.write_errors.append(f"{self.root}: cannot store analyses: {exc.strerror or exc}")


def _sound_index(index: Any, key: str | None = None) -> bool:
    """A parted slot's index as ``put_parts`` writes it — (key, generations, extra) — and of ``key`` if given."""
    sound = isinstance(index, tuple) and len(index) == 3 and isinstance(index[1], tuple)
    return sound and (key is None or index[0] == key)


def shard_of(part_id: str, shards: int) -> int:
    """The shard a part's id falls in (a stable hash: the same in every run)."""
    return int(fingerprint(part_id)[:8], 16) % shards
