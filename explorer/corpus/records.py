"""The corpus folder: YAML records, one per document. Each problem is one line; the rest loads."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from explorer.corpus.record_cache import RecordCache
from explorer.fileio import MAX_RECORD_BYTES, MAX_SOURCE_BYTES, FileRefused, is_inside, read_regular
from explorer.model import DOC_KINDS, Anchor, DocumentRecord, Problem
from explorer.paths import BUNDLED_CORPUS, BUNDLED_SEEDS

# libyaml's loader when the wheel has it: ~5× faster on a corpus of hundreds of records.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

REQUIRED = ("id", "title", "kind", "source")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
SUPPORT_FILES = {"glossary.yaml", "lexicon.yaml", "programmes.yaml", "corrections.yaml"}  # corpus-wide settings
ENV_ALLOW = "POLICY_EXPLORER_ALLOW"  # folders (os.pathsep-separated) a record's source may be in besides the corpus
YEARS = range(1000, 3000)  # covers: a year of a policy document; "0-999999999" would be a billion-element range
MAX_COVERS = 200


class UnsafeYAML(ValueError):
    """YAML the loader refuses to expand (aliases: a few lines can expand to gigabytes)."""


def safe_yaml_load(text: str, what: str = "a record") -> object:
    """``yaml.safe_load`` without aliases: a "billion laughs" record (&a [*b, *b, …] nested nine deep) takes
    minutes and gigabytes to expand. Records and settings never need them; libyaml's event parser finds one
    in microseconds, and only texts with a ``*`` are checked."""
    if "*" in text:
        for event in yaml.parse(text, Loader=_SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise UnsafeYAML(f"YAML aliases (*{event.anchor}) are not allowed in {what}: not read")
    return yaml.load(text, Loader=_SafeLoader)


def allowed_roots(corpus_dir: Path) -> list[Path]:
    """Where a record's text may be: the corpus folder, the folders the user allowed in POLICY_EXPLORER_ALLOW
    (or with --allow-dir), and for the bundled corpus the project's seeds/. A corpus from someone else cannot
    widen this: the allowance never comes from the corpus itself."""
    roots = [corpus_dir.resolve()]
    if roots[0] == BUNDLED_CORPUS.resolve():
        roots.append(BUNDLED_SEEDS.resolve())
    for part in os.environ.get(ENV_ALLOW, "").split(os.pathsep):
        if part.strip():
            roots.append(Path(part.strip()).expanduser().resolve())
    return roots


def record_files(corpus_dir: Path) -> list[Path]:
    """The corpus's YAML records (folders left out; a FIFO or device named x.yaml is listed and then refused
    by ``read_regular`` when read, never opened blocking)."""
    try:
        entries = list(os.scandir(corpus_dir))
    except OSError:
        return []
    return sorted(
        Path(e.path)
        for e in entries
        if e.name.endswith((".yaml", ".yml")) and e.name not in SUPPORT_FILES and not e.is_dir()
    )


def load_records(corpus_dir: Path) -> tuple[list[DocumentRecord], list[Problem]]:
    records: list[DocumentRecord] = []
    problems: list[Problem] = []
    if not corpus_dir.is_dir():
        return [], [Problem(str(corpus_dir), "corpus folder does not exist")]
    seen: dict[str, Path] = {}
    roots = allowed_roots(corpus_dir)
    cache = RecordCache(corpus_dir)
    for path in record_files(corpus_dir):
        if path.is_symlink() and not is_inside(path.resolve(), roots):  # a record too is read only inside
            problems.append(Problem(str(path), "record is a link to outside the corpus folder: not read"))
            continue
        record, problem = parse_record(path, roots, cache)
        if problem is not None:
            problems.append(problem)
            continue
        assert record is not None
        if record.id in seen:
            problems.append(
                Problem(str(path), f"duplicate id {record.id!r} (already used by {seen[record.id].name}); skipped")
            )
            continue
        seen[record.id] = path
        records.append(record)
    cache.save()
    if not records and not problems:
        problems.append(Problem(str(corpus_dir), "no YAML records in the corpus folder", "warning"))
    return records, problems


def parse_record(
    path: Path, roots: list[Path] | None = None, cache: RecordCache | None = None
) -> tuple[DocumentRecord | None, Problem | None]:
    """One record; ``roots`` are the folders its source may be in (default: the record's own folder)."""
    try:
        data = cache.get(path) if cache is not None else None
        if data is None:
            loaded = safe_yaml_load(read_regular(path, MAX_RECORD_BYTES).decode("utf-8"))
            data = loaded if isinstance(loaded, dict) else None
            if cache is not None and isinstance(data, dict):
                cache.put(path, data)
    except (FileRefused, UnsafeYAML) as exc:
        return None, Problem(str(path), str(exc))
    except UnicodeDecodeError:
        return None, Problem(str(path), "record is not UTF-8 text")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        what = getattr(exc, "problem", None) or "invalid YAML"
        return None, Problem(str(path), f"YAML syntax error{where}: {what}")
    except ValueError as exc:  # PyYAML's date resolver raises this for "2024-13-45", outside YAMLError
        return None, Problem(str(path), f"invalid value: {exc}")
    except OSError as exc:
        return None, Problem(str(path), f"cannot read record: {exc.strerror or exc}")
    if not isinstance(data, dict):
        return None, Problem(str(path), "record is not a mapping of fields")
    missing = [f for f in REQUIRED if not data.get(f)]
    if missing:
        return None, Problem(
            str(path), f"missing required field{'s' if len(missing) > 1 else ''}: {', '.join(missing)}"
        )
    doc_id = str(data["id"])
    if not _ID.match(doc_id):
        return None, Problem(str(path), f"id {doc_id!r} must be letters, digits, '.', '-' or '_'")
    kind = str(data["kind"])
    if kind not in DOC_KINDS:
        return None, Problem(str(path), f"unknown kind {kind!r} (expected one of: {', '.join(DOC_KINDS)})")
    published = _date(data.get("published"))
    if published is None:
        return None, Problem(
            str(path), f"published must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), got {data.get('published')!r}"
        )
    try:
        covers = tuple(sorted({int(y) for y in _as_list(data.get("covers"))}))
        if len(covers) > MAX_COVERS or any(y not in YEARS for y in covers):
            raise ValueError
    except (TypeError, ValueError, OverflowError):
        shown = repr(data.get("covers"))
        return None, Problem(
            str(path), f"covers must be a list of years 1000–2999 (at most {MAX_COVERS}), got {shown[:60]}"
        )
    try:
        exclude = _anchors(data.get("exclude"))
        include = _anchors(data.get("include"))
    except ValueError as exc:
        return None, Problem(str(path), str(exc))
    source, problem = checked_source(path, str(data["source"]), roots or allowed_roots(path.parent))
    if problem is not None:
        return None, problem
    known = set(REQUIRED) | {"issuer", "published", "covers", "language", "exclude", "include"}
    return (
        DocumentRecord(
            id=doc_id,
            title=str(data["title"]).strip(),
            kind=kind,  # type: ignore[arg-type]  # checked against DOC_KINDS above
            issuer=str(data.get("issuer") or ""),
            published=published,
            covers=covers or ((int(published[:4]),) if published else ()),
            source=source,
            language=str(data.get("language") or "zh"),
            record_path=path,
            exclude=exclude,
            include=include,
            meta={k: v for k, v in data.items() if k not in known},
        ),
        None,
    )


def checked_source(record_path: Path, source: str, roots: list[Path]) -> tuple[Path, Problem | None]:
    """The record's source, resolved (symlinks followed), if it is a regular file of bounded size inside
    ``roots``. A shared corpus naming /etc/shadow, ../private-notes.txt or /proc/self/maps, or a link to one,
    is refused here: nothing outside the boundary is ever opened, shown or copied into the index."""
    shown = source if len(source) <= 80 else source[:77] + "…"
    try:
        resolved, info = _plain_name_beside(record_path, source)
        if resolved is None or info is None:
            resolved = resolve_source(record_path, source).resolve()
            if not is_inside(resolved, roots):
                return resolved, Problem(
                    str(record_path),
                    f"source {shown!r} is outside the corpus folder {roots[0]}: not read "
                    f"(allow its folder with --allow-dir or {ENV_ALLOW})",
                )
            info = resolved.stat()
    except FileNotFoundError:
        return Path(source), Problem(str(record_path), f"source file does not exist: {shown}")
    except (OSError, ValueError) as exc:  # "File name too long", a NUL byte, a loop of links
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return Path(source), Problem(str(record_path), f"source {shown!r} cannot be used: {reason}")
    if not stat.S_ISREG(info.st_mode):
        return resolved, Problem(str(record_path), f"source {shown!r} is not a regular file: not read")
    if info.st_size > MAX_SOURCE_BYTES:
        return resolved, Problem(
            str(record_path),
            f"source {shown!r} is {info.st_size / (1 << 20):.1f} MB, over the {MAX_SOURCE_BYTES >> 20} MB limit: not read",
        )
    return resolved, None


def _plain_name_beside(record_path: Path, source: str) -> tuple[Path | None, os.stat_result | None]:
    """The common case, fast (one lstat instead of resolving every component: 10,000 records load in half the
    time): a plain file name, present beside the record and not a link, is inside the record's folder."""
    if "/" in source or "\\" in source or source in (".", "..") or not source:
        return None, None
    folder = _resolved_folder(str(record_path.parent))
    try:
        info = os.lstat(folder / source)
    except OSError:
        return None, None
    return (None, None) if stat.S_ISLNK(info.st_mode) else (folder / source, info)


@functools.lru_cache(maxsize=64)
def _resolved_folder(folder: str) -> Path:
    return Path(folder).resolve()


def resolve_source(record_path: Path, source: str) -> Path:
    """Sources are relative to the record's folder; the bundled corpus may also name them from the project root."""
    candidate = Path(source)
    if candidate.is_absolute():
        return candidate
    beside = (record_path.parent / candidate).resolve()
    if beside.exists():
        return beside
    above = (record_path.parent.parent / candidate).resolve()
    return above if above.exists() else beside


def _date(value: Any) -> str | None:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text if _DATE.match(text) else None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return list(value)
    if isinstance(value, str) and "-" in value:
        a, b = (int(x) for x in value.split("-", 1))
        if not 0 <= b - a < MAX_COVERS:  # checked before the range is made: "0-999999999" is a billion years
            raise ValueError(value)
        return list(range(a, b + 1))
    return [value]


def _anchors(value: Any) -> tuple[Anchor, ...]:
    if not value:
        return ()
    if not isinstance(value, list):
        raise ValueError("exclude/include must be a list of {start, end, reason}")
    out = []
    for k, item in enumerate(value, 1):
        if not isinstance(item, dict) or not item.get("start"):
            raise ValueError(f"curation entry {k} needs a 'start' quote")
        out.append(Anchor(str(item["start"]), str(item.get("end") or ""), str(item.get("reason") or "")))
    return tuple(out)
