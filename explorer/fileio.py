"""Writing the user's files safely: a reader (or a crash) sees the old content or the new, never half."""

from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# The process's umask, read once (reading it means setting it): new files get the usual 0666 & ~umask.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to a temp file beside ``path``, flush it to disk, then rename it over ``path``.
    The file keeps the mode it had (a new one gets the umask's), not mkstemp's private 0600."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_UMASK
    _replace(path, text.encode("utf-8"), mode)


def _replace(path: Path, data: bytes, mode: int | None, *, durable: bool = True) -> None:
    """``data`` into a temp file beside ``path`` (mkstemp: 0600 unless ``mode``), renamed over ``path``; with
    ``durable`` the file and the rename are flushed to disk first (a reader, or a crash, sees old or new)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if mode is not None:
            os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if durable:
        fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable; not possible on every platform, so failures are ignored."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


# --- private files: the index and stored analyses copy the corpus's text, so only the user may read them ------


def private_dir(path: Path, *, narrow: bool = False) -> Path:
    """Create ``path`` (and missing parents) as a folder only the user can enter (0700). An existing folder is
    left as it is unless ``narrow`` (never chmod a folder the user pointed us at, like ``--index /tmp``): what
    is written inside is private anyway. Returns the path."""
    path = Path(path)
    if not path.is_dir():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        narrow = True  # mkdir's mode is masked by the umask
    if narrow:
        try:
            if stat.S_IMODE(path.stat().st_mode) & 0o077:
                os.chmod(path, 0o700)
        except OSError:  # a folder we may not chmod (someone else's): the files inside are still 0600
            pass
    return path


def write_private_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Like :func:`write_atomic`, for derived data (index manifest, stored analyses): bytes, mode 0600. Stored
    analyses pass ``durable=False``: a file cut by a power loss fails to load and is computed again, and a first
    analysis writes thousands of them."""
    path = Path(path)
    private_dir(path.parent)
    _replace(path, data, None, durable=durable)


def make_private(folder: Path) -> None:
    """Narrow a folder written by a library (Whoosh creates 0644 files) to 0700 and its files to 0600."""
    private_dir(folder, narrow=True)
    for entry in os.scandir(folder):
        if entry.is_file(follow_symlinks=False):
            try:
                os.chmod(entry.path, 0o600)
            except OSError:
                pass


# --- reading what a corpus names: regular files only, bounded ------------------------------------------------

MiB = 1 << 20
# A document's text: the longest national work report is ~0.1 MB, a five-year plan's full text ~0.5 MB; parsing
# costs ~20 bytes of memory and ~0.1 s per KB of text, so 8 MB (a minute, ~1 GB) is the most worth waiting for.
MAX_SOURCE_BYTES = 8 * MiB
MAX_JSON_LINE_BYTES = 4 * MAX_SOURCE_BYTES  # JSON may escape each character as \uXXXX (6 bytes for UTF-8's 3)
MAX_IMPORT_BYTES = 64 * MiB  # a file given to `add` (PDFs and DOCX carry images)
MAX_RECORD_BYTES = 1 * MiB  # a YAML record


_READ_STAMPS: dict[str, tuple[int, int, int]] = {}


def read_stamp(path: Path) -> tuple[int, int, int] | None:
    """(size, mtime_ns, when read in ns) of ``path`` as :func:`read_regular` last read it in this process: the
    index records it so that a later run can trust an unchanged size and mtime instead of re-reading the file."""
    return _READ_STAMPS.get(str(path))


def note_read_stamp(path: Path, size: int, mtime_ns: int, read_at_ns: int) -> None:
    """Record a read done earlier (a cached parse of the file stands for reading it)."""
    _READ_STAMPS[str(path)] = (size, mtime_ns, read_at_ns)


class FileRefused(ValueError):
    """A file that must not be read (not a regular file, or too large); the message is one line for the user."""


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    A FIFO would block ``open`` forever and /dev/zero or /proc files never end or lie about their size: the
    file is opened non-blocking, checked with fstat on the open descriptor (no race with a swapped name),
    and at most ``limit + 1`` bytes are read whatever the size said."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(f"not a regular file ({_kind_of(info.st_mode)}): not read")
        if info.st_size > limit:
            raise FileRefused(f"file is {info.st_size / MiB:.1f} MB, over the {limit // MiB} MB limit: not read")
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, MiB))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:  # grew while being read
            raise FileRefused(f"file is over the {limit // MiB} MB limit: not read")
        after = os.fstat(fd)
        if after.st_size == info.st_size == len(data) and after.st_mtime_ns == info.st_mtime_ns:
            _READ_STAMPS[str(path)] = (info.st_size, info.st_mtime_ns, time.time_ns())
        return data
    finally:
        os.close(fd)


def _kind_of(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a pipe"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "a special file"


def is_inside(path: Path, folders: list[Path]) -> bool:
    """Whether ``path`` (resolved, symlinks followed) lies in one of ``folders`` (resolved)."""
    return any(path == folder or folder in path.parents for folder in folders)


def write_atomic_group(files: list[tuple[Path, str]]) -> None:
    """Write several files that belong together (an imported document's text and its record): every temp file
    is written and flushed first, then renamed in order, so a crash or a full disk before the renames leaves
    none of them, and one between them at most the first (which the importer then recognises and reuses)."""
    temps: list[tuple[str, Path]] = []
    try:
        for path, text in files:
            path = Path(path)
            try:
                mode = path.stat().st_mode & 0o7777
            except OSError:
                mode = 0o666 & ~_UMASK
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append((tmp, path))
            os.chmod(tmp, mode)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
        for tmp, path in temps:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
        raise
    for folder in {path.parent for _, path in temps}:
        fsync_dir(folder)


_TEMP_NAME = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")  # ".<name>.<mkstemp's 8 characters>.tmp"


def remove_stale_temps(folder: Path) -> list[str]:
    """Remove temp files of our naming left in ``folder`` by a killed writer; the caller holds the folder's
    lock (:func:`folder_lock`), so none of them can be another writer's work in progress."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if _TEMP_NAME.match(entry.name) and entry.is_file(follow_symlinks=False):
            try:
                os.unlink(entry.path)
                removed.append(entry.name)
            except OSError:
                pass
    return removed


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive flock on the folder itself (no lock file is left in the user's corpus); released by the
    kernel if the process dies. Where flock is missing, writers are the caller's business."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
