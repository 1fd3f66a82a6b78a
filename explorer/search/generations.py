"""The generation folders of the search index: which exist, the next one's name, a new one made of hard links to
the live one's files, the writer's lock, and the removal of what a killed build or an older generation left.
Mixed into ``SearchIndex`` (``search.index``), which gives the folder (``self.dir``)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; concurrent writers are then the caller's business
    fcntl = None  # type: ignore[assignment]

from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage

from explorer.fileio import write_private_atomic
from explorer.search import integrity

CURRENT = "CURRENT"
MANIFEST = "manifest.json"
LOCK = ".writer.lock"


class GenerationFolders:
    dir: Path

    @contextmanager
    def _writer_lock(self) -> Iterator[None]:
        fd = os.open(self.dir / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)  # waits for another writer; released by the kernel on death
            yield
        finally:
            os.close(fd)

    def _generations(self) -> list[str]:
        try:
            return sorted(p.name for p in self.dir.iterdir() if p.is_dir() and _is_generation(p.name))
        except FileNotFoundError:
            return []

    def _next_generation(self) -> str:
        numbers = [int(g[1:]) for g in self._generations()]
        return f"g{max(numbers, default=0) + 1:06d}"

    def _remove_partial(self, live: str | None) -> None:
        """Directories left by a killed build: newer than the live generation (we hold the writer lock)."""
        for g in self._generations():
            if live is None or g > live:
                shutil.rmtree(self.dir / g, ignore_errors=True)

    def _remove_old(self, keep: set[str]) -> None:
        # The previous generation is kept: a reader in another process may be mid-query on it.
        for g in self._generations():
            if g not in keep:
                shutil.rmtree(self.dir / g, ignore_errors=True)


def _open_dir(gen_dir: Path) -> Any:
    """A generation opened for reading without mmap. Whoosh reads the parts of a memory-mapped compound segment
    file through ``BufferFile(memoryview)``, whose ``BytesIO`` copies each part whole: at 100,000 passages a
    cold search held 427 MB and spent ~0.1 s copying the folded-text column before answering; read from the file
    itself, 63 MB and the same hits."""
    return FileStorage(str(gen_dir), supports_mmap=False).open_index()


def _openable(gen_dir: Path) -> bool:
    try:
        windex.open_dir(str(gen_dir)).close()
    except Exception:
        return False
    return True


def _is_generation(name: str) -> bool:
    return len(name) == 7 and name[0] == "g" and name[1:].isdigit()


def _link_tree(src: Path, dst: Path) -> None:
    """Copy a generation by hard links (Whoosh writes each segment file once and never modifies it)."""
    dst.mkdir(mode=0o700)
    for f in src.iterdir():
        if f.name in (MANIFEST, integrity.VERIFIED) or f.name.endswith("LOCK") or not f.is_file():
            continue
        try:
            os.link(f, dst / f.name)
        except OSError:  # file systems without hard links
            shutil.copy2(f, dst / f.name)


def _write_json_atomic(path: Path, data: Any) -> None:
    write_private_atomic(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def _unblock_current(index_dir: Path) -> None:
    """A CURRENT that is a folder (not ours) would make every commit fail: it is removed, and rebuilt."""
    current = index_dir / CURRENT
    if current.is_dir() and not current.is_symlink():
        shutil.rmtree(current, ignore_errors=True)
