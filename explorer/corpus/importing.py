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

This module holds the two entry points and what they check; the parts are named for their job: record ids
(import_ids.py), metadata given beside the text (import_fields.py), writing one document (import_write.py),
the corpus as found (import_state.py) and the report (import_report.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from ..fileio import (
    MAX_IMPORT_BYTES,
    MAX_JSON_LINE_BYTES,
    MAX_SOURCE_BYTES,
    FileRefused,
    read_regular,
)
from ..model import DOC_KINDS, Problem
from .import_fields import (
    field_value,
    kind_of_title,
    more_precise,
    normalise_date,
    replace_metadata,
    with_congress,
    with_hints,
)
from .import_files import expand_paths
from .import_ids import slug_for_file, slugify
from .import_report import ImportedDoc, ImportReport, SkippedDoc
from .import_state import CorpusState
from .import_write import write_document
from .importers import ExtractError, extract_file
from .importers.chrome import strip_chrome
from .jsonl_lines import JsonLine, read_json_lines, scrub_surrogates
from .metadata import clean_title, propose_metadata
from .metadata_sidecar import apply_sidecar

__all__ = [
    "ImportReport",
    "ImportedDoc",
    "SkippedDoc",
    "import_jsonl",
    "import_paths",
    "normalise_date",
    "slug_for_file",
    "slugify",
]

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
    proposed = apply_sidecar(with_hints(proposed, extracted), path)  # a sidecar YAML/JSON wins (issue 11)
    doc_id = existing if existing else state.unique_id(slug_for_file(path), extracted.text)
    provenance = {"path": resolved, "sha256": digest, "format": extracted.format}
    if extracted.encoding:
        provenance["encoding"] = extracted.encoding
    write_document(
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
    given_title = scrub_surrogates(field_value(item, title_field) or "")[0] or None
    given_date = scrub_surrogates(field_value(item, date_field) or "")[0] or None
    if title_field and not given_title:
        notes.append(f"no {title_field!r}: title proposed from the text")
    date_iso = normalise_date(given_date) if given_date else None
    if given_date and not date_iso:
        notes.append(f"{date_field!r} value {given_date!r} is not a date: date proposed from the text")
    if given_title:
        proposed = replace_metadata(
            proposed,
            title=clean_title(given_title),
            kind=kind_of_title(given_title, proposed.kind),
            why={"title": f"field {title_field}"},
        )
    if date_iso:
        proposed = replace_metadata(
            proposed,
            published=more_precise(date_iso, proposed.published),
            why={"published": f"field {date_field}"},
        )
    proposed = with_congress(proposed, item)
    year = proposed.published[:4] if proposed.published else ""
    doc_id = existing if existing else state.unique_id(f"{base}-{year}" if year else f"{base}-line{number}", text)
    provenance = {
        "path": str(path.resolve()),
        "line": number,
        "sha256": digest,
        "format": "jsonl",
        "fields": {k: v for k, v in {"text": text_field, "title": title_field, "date": date_field}.items() if v},
    }
    write_document(
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


# --- the options given on the command line ------------------------------------------------------------


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
