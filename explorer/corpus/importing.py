"""Turn files (and JSON-lines collections) into corpus records: one YAML record + one UTF-8 text per document.

- The text is extracted by ``importers`` and written beside the record as ``<id>.txt``; metadata are proposed from
  the text (``metadata.propose_metadata``) unless given, and say where they came from (``imported_from.metadata_from``).
- A file whose content hash is already in the corpus is skipped; an existing record or text is never overwritten
  without ``force``; a file that cannot be read becomes one ``Problem`` line and the others go on.
- Every write is atomic: a temporary file in the corpus folder, then ``os.replace``; a document's text and
  record are renamed together (``write_atomic_group``), so an import is all-or-nothing per document. A run holds
  the corpus folder's flock and first removes temp files a killed run left; a text left without its record by a
  kill between the two renames is recognised by its content and reused, so re-running gives the same id.
- Never overwritten, ``--force`` included: a settings file (glossary.yaml, …), a YAML file that is not this
  document's record, or a text another record names. ``--force`` replaces only the record imported from the same
  file (or with the same content).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from ..fileio import (
    MAX_IMPORT_BYTES,
    MAX_JSON_LINE_BYTES,
    MAX_SOURCE_BYTES,
    FileRefused,
    read_regular,
    write_atomic_group,
)
from ..model import DOC_KINDS, DocumentRecord, Problem
from .congresses import cpc_congress_month
from .import_files import expand_paths
from .import_report import ImportedDoc, ImportReport, SkippedDoc
from .import_state import CorpusState, as_written
from .importers import Extracted, ExtractError, extract_file
from .importers.chrome import strip_chrome
from .jsonl_lines import JsonLine, read_json_lines, scrub_surrogates
from .metadata import ProposedMetadata, apply_sidecar, clean_title, propose_metadata
from .records import SUPPORT_FILES

__all__ = ["ImportReport", "ImportedDoc", "SkippedDoc", "import_jsonl", "import_paths", "normalise_date", "slugify"]

_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


# --- public entry points --------------------------------------------------------------------------------


def import_paths(
    paths: Iterable[str | Path],
    corpus_dir: str | Path,
    *,
    kind: str | None = None,
    title: str | None = None,
    published: str | None = None,
    force: bool = False,
) -> ImportReport:
    report = ImportReport()
    corpus = Path(corpus_dir)
    if not _check_options(kind, published, report):
        return report
    with CorpusState.opened(corpus, report) as state:
        for path in expand_paths(paths, corpus, report):
            _import_file(path, state, report, kind=kind, title=title, published=published, force=force)
    return report


def _import_file(
    path: Path,
    state: CorpusState,
    report: ImportReport,
    *,
    kind: str | None,
    title: str | None,
    published: str | None,
    force: bool,
) -> None:
    source = str(path)
    try:
        data = read_regular(path, MAX_IMPORT_BYTES)
    except FileRefused as exc:
        report.problems.append(Problem(source, str(exc)))
        return
    except OSError as exc:
        report.problems.append(Problem(source, f"cannot read the file ({exc.strerror or exc})"))
        return
    digest = hashlib.sha256(data).hexdigest()
    skipped = state.duplicate(source, digest, force=force, what="content")
    if skipped is not None:
        report.skipped.append(skipped)
        return
    resolved = str(path.resolve())
    # with --force, the same content (or the same file, changed) replaces its own record, and only that one
    existing = state.by_hash.get(digest) or (state.by_path.get(resolved) if force else None)
    try:
        extracted = extract_file(path)
    except ExtractError as exc:
        report.problems.append(Problem(source, str(exc)))
        return
    if len(extracted.text) > MAX_SOURCE_BYTES // 3 and len(extracted.text.encode("utf-8")) > MAX_SOURCE_BYTES:
        report.problems.append(Problem(source, f"the text is over the {MAX_SOURCE_BYTES >> 20} MB limit: not imported"))
        return
    proposed = propose_metadata(extracted.text, path.name)
    proposed = apply_sidecar(_with_hints(proposed, extracted), path)  # a sidecar YAML/JSON wins (issue 11)
    doc_id = existing if existing else state.unique_id(slug_for_file(path), extracted.text)
    provenance = {"path": resolved, "sha256": digest, "format": extracted.format}
    if extracted.encoding:
        provenance["encoding"] = extracted.encoding
    _write_document(
        report,
        state,
        doc_id,
        extracted.text,
        proposed,
        provenance,
        source,
        extracted.format,
        extracted.encoding,
        list(extracted.warnings),
        kind=kind,
        title=title,
        published=published,
        force=force,
    )
    state.seen_this_run[digest] = doc_id


def import_jsonl(
    path: str | Path,
    corpus_dir: str | Path,
    *,
    text_field: str,
    title_field: str | None = None,
    date_field: str | None = None,
    kind: str | None = None,
    force: bool = False,
) -> ImportReport:
    report = ImportReport()
    path, corpus = Path(path), Path(corpus_dir)
    if not _check_options(kind, None, report):
        return report
    base = slugify(path.stem) or "jsonl"
    with CorpusState.opened(corpus, report) as state:
        try:
            for line in read_json_lines(path, MAX_JSON_LINE_BYTES):
                source = f"{path}:{line.number}"
                if line.item is None:
                    report.problems.append(Problem(source, line.problem))
                    continue
                try:
                    _import_line(
                        line, source, base, state, report, path, text_field, title_field, date_field, kind, force
                    )
                except (ValueError, RecursionError, UnicodeError) as exc:  # one line's oddity never stops the rest
                    report.problems.append(Problem(source, f"cannot import this line ({type(exc).__name__}: {exc})"))
        except FileRefused as exc:
            report.problems.append(Problem(str(path), str(exc)))
        except OSError as exc:
            report.problems.append(Problem(str(path), f"cannot read the file ({exc.strerror or exc})"))
    return report


def _import_line(
    line: JsonLine,
    source: str,
    base: str,
    state: CorpusState,
    report: ImportReport,
    path: Path,
    text_field: str,
    title_field: str | None,
    date_field: str | None,
    kind: str | None,
    force: bool,
) -> None:
    item, number = line.item or {}, line.number
    text = item.get(text_field)
    if not isinstance(text, str) or not text.strip():
        report.problems.append(Problem(source, f"no text in field {text_field!r}"))
        return
    text, bad = scrub_surrogates(strip_chrome(text.replace("\r\n", "\n").replace("\r", "\n")))
    if len(text.encode("utf-8")) > MAX_SOURCE_BYTES:
        report.problems.append(Problem(source, f"text is over the {MAX_SOURCE_BYTES >> 20} MB limit: skipped"))
        return
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    skipped = state.duplicate(source, digest, force=force, what="text")
    if skipped is not None:
        report.skipped.append(skipped)
        return
    existing = state.by_hash.get(digest)  # with --force, the same content replaces its own record
    proposed = propose_metadata(text, "")
    notes: list[str] = [f"{bad} invalid character(s) (lone surrogates) replaced by �"] if bad else []
    given_title = scrub_surrogates(_field(item, title_field) or "")[0] or None
    given_date = scrub_surrogates(_field(item, date_field) or "")[0] or None
    if title_field and not given_title:
        notes.append(f"no {title_field!r}: title proposed from the text")
    date_iso = normalise_date(given_date) if given_date else None
    if given_date and not date_iso:
        notes.append(f"{date_field!r} value {given_date!r} is not a date: date proposed from the text")
    if given_title:
        proposed = _replace(
            proposed,
            title=clean_title(given_title),
            kind=_kind_of_title(given_title, proposed.kind),
            why={"title": f"field {title_field}"},
        )
    if date_iso:
        proposed = _replace(
            proposed,
            published=_more_precise(date_iso, proposed.published),
            why={"published": f"field {date_field}"},
        )
    proposed = _with_congress(proposed, item)
    year = proposed.published[:4] if proposed.published else ""
    doc_id = existing if existing else state.unique_id(f"{base}-{year}" if year else f"{base}-line{number}", text)
    provenance = {
        "path": str(path.resolve()),
        "line": number,
        "sha256": digest,
        "format": "jsonl",
        "fields": {k: v for k, v in {"text": text_field, "title": title_field, "date": date_field}.items() if v},
    }
    _write_document(
        report,
        state,
        doc_id,
        text,
        proposed,
        provenance,
        source,
        "jsonl",
        "utf-8",
        notes,
        kind=kind,
        title=None,
        published=None,
        force=force,
    )
    state.seen_this_run[digest] = doc_id


# --- ids -----------------------------------------------------------------------------------------------


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-_")
    return re.sub(r"-{2,}", "-", slug)


def slug_for_file(path: Path) -> str:
    """ASCII id from the file name; a Chinese name gets a short hash of the name (stable, pinyin-free)."""
    stem = path.stem
    if stem.isascii():
        return slugify(stem) or f"doc-{hashlib.sha256(stem.encode()).hexdigest()[:8]}"
    ascii_part = slugify(stem.encode("ascii", "ignore").decode())
    digest = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:8]
    return f"{ascii_part}-{digest}" if re.search(r"[a-z]", ascii_part) else f"doc-{digest}"


def normalise_date(value: Any) -> str | None:
    """2024, "2024", "2024-3-5", "2024/03/05", "2024年3月5日" → ISO as precise as given."""
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?)?\s*年?", text)
    if not match:
        return None
    year, month, day = match.groups()
    if not 1000 <= int(year) <= 2999 or (month and not 1 <= int(month) <= 12) or (day and not 1 <= int(day) <= 31):
        return None
    return year + (f"-{int(month):02d}" if month else "") + (f"-{int(day):02d}" if day else "")


# --- internals -----------------------------------------------------------------------------------------


def _check_options(kind: str | None, published: str | None, report: ImportReport) -> bool:
    if kind is not None and kind not in DOC_KINDS:
        report.problems.append(Problem("--kind", f"must be one of {', '.join(DOC_KINDS)}, not {kind!r}"))
        return False
    if published is not None and not _valid_date(published):
        report.problems.append(
            Problem("--published", f"must be an ISO date like 2024, 2024-03 or 2024-03-05, not {published!r}")
        )
        return False
    return True


def _valid_date(text: str) -> bool:
    """2024, 2024-03 or 2024-03-05, and a real date: "2024-99-99" or "2023-02-30" is refused."""
    if not _ISO.match(text):
        return False
    year, month, day = (int(x) for x in (text.split("-") + ["1", "1"])[:3])
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _field(item: dict, name: str | None) -> str | None:
    if not name:
        return None
    value = item.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return str(value).strip()


def _replace(proposed: ProposedMetadata, *, why: dict[str, str], **changes: Any) -> ProposedMetadata:
    values = proposed.to_json()
    values.update(changes)
    values["covers"] = tuple(values["covers"])
    evidence = {**proposed.evidence, **why}
    values["evidence"] = evidence
    return ProposedMetadata(**values)


def _with_congress(proposed: ProposedMetadata, item: dict) -> ProposedMetadata:
    """A report to a CPC national congress whose row says which (``"congress": 15``) but whose text gives no date:
    the month the congress met (public calendar in corpus/congresses.py), said in ``metadata_from``. A date the text
    gives wins when it is as precise ("（2017年10月18日）"); a year guessed from the head does not."""
    month = cpc_congress_month(item.get("congress"))
    published, why = proposed.published, proposed.evidence.get("published", "")
    if month is None or (published and not why.endswith("(a guess)") and not month.startswith(published)):
        return proposed
    if published.startswith(month):
        return proposed
    number = item["congress"]
    return _replace(
        proposed,
        published=month,
        why={"published": f"field congress ({number}): the month the congress met (corpus/congresses.py)"},
    )


def _kind_of_title(title: str, fallback: str) -> str:
    from .metadata import _kind  # the same rule as for proposals: the title's last kind word

    evidence: dict[str, str] = {}
    kind = _kind(title, "", evidence)
    return kind if evidence.get("kind", "").startswith("title") else fallback


def _more_precise(given: str, proposed: str) -> str:
    """A year from a field and a full date from the text that agrees with it: keep the full date."""
    return proposed if proposed and proposed.startswith(given) and len(proposed) > len(given) else given


def _with_hints(proposed: ProposedMetadata, extracted: Extracted) -> ProposedMetadata:
    """Use the format's own title (HTML <title>, DOCX/PDF properties) when the text gave no heading."""
    hint = str(extracted.hints.get("title") or "").strip()
    if hint and proposed.evidence.get("title") in {"first line", "file name"}:
        return _replace(
            proposed,
            title=hint,
            kind=_kind_of_title(hint, proposed.kind),
            why={"title": f"{extracted.format} metadata"},
        )
    return proposed


def _write_document(
    report: ImportReport,
    state: CorpusState,
    doc_id: str,
    text: str,
    proposed: ProposedMetadata,
    provenance: dict,
    source: str,
    fmt: str,
    encoding: str | None,
    notes: list[str],
    *,
    kind: str | None,
    title: str | None,
    published: str | None,
    force: bool,
) -> None:
    record_path = state.corpus / f"{doc_id}.yaml"
    text_path = state.corpus / f"{doc_id}.txt"
    replacing = doc_id in state.ids
    owner = state.text_owner.get(text_path.name, doc_id)
    if record_path.name in SUPPORT_FILES or owner != doc_id:  # a settings file, another record's text: never
        what = "a corpus settings file" if record_path.name in SUPPORT_FILES else f"the text of record {owner}"
        report.problems.append(Problem(source, f"{doc_id} would overwrite {what}: not written"))
        return
    if not replacing and record_path.exists() or (not force and replacing):
        # unique_id avoids this; a file that appeared meanwhile is still never clobbered
        report.problems.append(Problem(source, f"{record_path.name} exists: not overwritten (use --force)"))
        return
    evidence = dict(proposed.evidence)
    for name, value in (("kind", kind), ("title", title), ("published", published)):
        if value is not None:
            evidence[name] = "given"
    final_kind = kind or proposed.kind
    final_title = title or proposed.title
    final_published = published if published is not None else proposed.published
    covers = list(proposed.covers)
    if published and published[:4].isdigit() and int(published[:4]) not in covers:
        covers = sorted({*covers, int(published[:4])})
    record = {
        "id": doc_id,
        "title": final_title,
        "kind": final_kind,
        "issuer": proposed.issuer,
        "published": final_published,
        "covers": covers,
        "source": text_path.name,
        "language": "zh",
        "imported_from": {**provenance, "metadata_from": evidence},
        "exclude": [],
    }
    try:  # text first, then its record: both written and flushed before either is renamed into place
        write_atomic_group([(text_path, as_written(text)), (record_path, _dump_record(record))])
    except OSError as exc:
        report.problems.append(Problem(source, f"cannot write to the corpus {state.corpus} ({exc.strerror or exc})"))
        return
    state.ids.add(doc_id)
    state.text_owner[text_path.name] = doc_id
    state.by_hash[provenance["sha256"]] = doc_id
    if replacing:
        notes = [*notes, "replaced the existing record (--force)"]
    if not final_published:
        notes = [*notes, "no date found: set published in the record"]
    doc_record = DocumentRecord(
        id=doc_id,
        title=final_title,
        kind=final_kind,  # type: ignore[arg-type]  # one of DOC_KINDS, chosen above
        issuer=proposed.issuer,
        published=final_published,
        covers=tuple(covers),
        source=text_path.resolve(),
        record_path=record_path.resolve(),
        meta={"imported_from": record["imported_from"]},
    )
    report.added.append(
        ImportedDoc(
            doc_id,
            final_title,
            final_kind,
            final_published,
            proposed.issuer,
            record_path,
            text_path,
            source,
            fmt,
            encoding,
            tuple(notes),
            doc_record,
        )
    )


def _dump_record(record: dict) -> str:
    header = "# Proposed from the text on import: correct any field here (imported_from.metadata_from says why).\n"
    return header + yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=120)
