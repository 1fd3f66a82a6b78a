"""The corpus folder: YAML records, one per document. Each problem is one line; the rest loads."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from explorer.model import DOC_KINDS, Anchor, DocumentRecord, Problem

# libyaml's loader when the wheel has it: ~5× faster on a corpus of hundreds of records.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

REQUIRED = ("id", "title", "kind", "source")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
SUPPORT_FILES = {
    "glossary.yaml",
    "lexicon.yaml",
    "programmes.yaml",
    "corrections.yaml",
}  # corpus-wide settings, not records


def record_files(corpus_dir: Path) -> list[Path]:
    return sorted(
        p for p in list(corpus_dir.glob("*.yaml")) + list(corpus_dir.glob("*.yml")) if p.name not in SUPPORT_FILES
    )


def load_records(corpus_dir: Path) -> tuple[list[DocumentRecord], list[Problem]]:
    records: list[DocumentRecord] = []
    problems: list[Problem] = []
    if not corpus_dir.is_dir():
        return [], [Problem(str(corpus_dir), "corpus folder does not exist")]
    seen: dict[str, Path] = {}
    for path in record_files(corpus_dir):
        record, problem = parse_record(path)
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
    if not records and not problems:
        problems.append(Problem(str(corpus_dir), "no YAML records in the corpus folder", "warning"))
    return records, problems


def parse_record(path: Path) -> tuple[DocumentRecord | None, Problem | None]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader)
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
    except (TypeError, ValueError):
        return None, Problem(str(path), f"covers must be a list of years, got {data.get('covers')!r}")
    try:
        exclude = _anchors(data.get("exclude"))
        include = _anchors(data.get("include"))
    except ValueError as exc:
        return None, Problem(str(path), str(exc))
    source = resolve_source(path, str(data["source"]))
    known = set(REQUIRED) | {"issuer", "published", "covers", "language", "exclude", "include"}
    return DocumentRecord(
        id=doc_id,
        title=str(data["title"]).strip(),
        kind=kind,
        issuer=str(data.get("issuer") or ""),
        published=published,
        covers=covers or ((int(published[:4]),) if published else ()),
        source=source,
        language=str(data.get("language") or "zh"),
        record_path=path,
        exclude=exclude,
        include=include,
        meta={k: v for k, v in data.items() if k not in known},
    ), None


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
        a, b = value.split("-", 1)
        return list(range(int(a), int(b) + 1))
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
