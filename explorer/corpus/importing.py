"""Turn files (and JSON-lines collections) into corpus records: one YAML record + one UTF-8 text per document.

- The text is extracted by ``importers`` and written beside the record as ``<id>.txt``; metadata are proposed from
  the text (``metadata.propose_metadata``) unless given, and say where they came from (``imported_from.metadata_from``).
- A file whose content hash is already in the corpus is skipped; an existing record or text is never overwritten
  without ``force``; a file that cannot be read becomes one ``Problem`` line and the others go on.
- Every write is atomic: a temporary file in the corpus folder, then ``os.replace``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..fileio import write_atomic
from ..model import DOC_KINDS, DocumentRecord, JsonMixin, Problem
from .importers import Extracted, ExtractError, extract_file, is_supported
from .importers.chrome import strip_chrome
from .metadata import ProposedMetadata, apply_sidecar, clean_title, propose_metadata
from .records import record_files

_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_FOLDER_NOISE = re.compile(r"^(?:readme|license|licence|changelog|contributing|notice)(?:\.|$)", re.IGNORECASE)


@dataclass(frozen=True)
class ImportedDoc(JsonMixin):
    id: str
    title: str
    kind: str
    published: str
    issuer: str
    record_path: Path
    text_path: Path
    source: str  # the file (or file:line) it came from
    format: str
    encoding: str | None = None
    notes: tuple[str, ...] = ()  # "decoded as gb18030", "web-page chrome lines removed", "replaced (--force)"
    record: DocumentRecord | None = None

    def __str__(self) -> str:
        extra = f" ({'; '.join(self.notes)})" if self.notes else ""
        return f"added {self.id}: {self.title} [{self.kind}, {self.published or 'no date'}] ← {self.source}{extra}"


@dataclass(frozen=True)
class SkippedDoc(JsonMixin):
    source: str
    reason: str
    existing: str | None = None  # id of the record that already holds this content

    def __str__(self) -> str:
        return f"skipped {self.source}: {self.reason}"


@dataclass
class ImportReport(JsonMixin):
    added: list[ImportedDoc] = field(default_factory=list)
    skipped: list[SkippedDoc] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def lines(self) -> list[str]:
        """What the command line prints: one line per document, then a summary."""
        out = [str(d) for d in self.added] + [str(s) for s in self.skipped] + [str(p) for p in self.problems]
        out.append(f"{len(self.added)} added, {len(self.skipped)} skipped, {len(self.problems)} problem(s)")
        return out


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
    state = _CorpusState.load(corpus, report)
    for path in _expand(paths, corpus, report):
        source = str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            report.problems.append(Problem(source, f"cannot read the file ({exc.strerror or exc})"))
            continue
        digest = hashlib.sha256(data).hexdigest()
        skipped = state.duplicate(source, digest, force=force, what="content")
        if skipped is not None:
            report.skipped.append(skipped)
            continue
        existing = state.by_hash.get(digest)  # with --force, the same content replaces its own record
        try:
            extracted = extract_file(path)
        except ExtractError as exc:
            report.problems.append(Problem(source, str(exc)))
            continue
        proposed = propose_metadata(extracted.text, path.name)
        proposed = apply_sidecar(_with_hints(proposed, extracted), path)  # a sidecar YAML/JSON wins (issue 11)
        doc_id = existing if existing else state.unique_id(slug_for_file(path), force=force)
        provenance = {"path": str(path.resolve()), "sha256": digest, "format": extracted.format}
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
    return report


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
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.problems.append(Problem(str(path), f"cannot read the file ({exc.strerror or exc})"))
        return report
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.problems.append(Problem(str(path), "JSON lines must be UTF-8"))
        return report
    state = _CorpusState.load(corpus, report)
    base = slugify(path.stem) or "jsonl"
    for number, line in enumerate(content.splitlines(), start=1):
        source = f"{path}:{number}"
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            report.problems.append(Problem(source, f"not valid JSON ({exc.msg} at column {exc.colno})"))
            continue
        if not isinstance(item, dict):
            report.problems.append(Problem(source, "not a JSON object"))
            continue
        text = item.get(text_field)
        if not isinstance(text, str) or not text.strip():
            report.problems.append(Problem(source, f"no text in field {text_field!r}"))
            continue
        text = strip_chrome(text.replace("\r\n", "\n").replace("\r", "\n"))
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        skipped = state.duplicate(source, digest, force=force, what="text")
        if skipped is not None:
            report.skipped.append(skipped)
            continue
        existing = state.by_hash.get(digest)  # with --force, the same content replaces its own record
        proposed = propose_metadata(text, "")
        notes: list[str] = []
        given_title = _field(item, title_field)
        given_date = _field(item, date_field)
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
        year = proposed.published[:4] if proposed.published else ""
        doc_id = (
            existing if existing else state.unique_id(f"{base}-{year}" if year else f"{base}-line{number}", force=force)
        )
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
    return report


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


@dataclass
class _CorpusState:
    corpus: Path
    ids: set[str]
    by_hash: dict[str, str]
    seen_this_run: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, corpus: Path, report: ImportReport) -> _CorpusState:
        ids: set[str] = set()
        by_hash: dict[str, str] = {}
        if corpus.is_dir():
            for record_path in record_files(corpus):
                try:
                    data = yaml.safe_load(record_path.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError, yaml.YAMLError):
                    report.problems.append(
                        Problem(
                            str(record_path), "record is not readable YAML; its content hash is not checked", "warning"
                        )
                    )
                    ids.add(record_path.stem)
                    continue
                if not isinstance(data, dict):
                    continue
                doc_id = str(data.get("id") or record_path.stem)
                ids.add(doc_id)
                provenance = data.get("imported_from")
                if isinstance(provenance, dict) and provenance.get("sha256"):
                    by_hash.setdefault(str(provenance["sha256"]), doc_id)
        return cls(corpus, ids, by_hash)

    def duplicate(self, source: str, digest: str, *, force: bool, what: str) -> SkippedDoc | None:
        """A file already in the corpus (or earlier in this import) is skipped, unless forced."""
        existing = self.by_hash.get(digest)
        if existing and not force:
            return SkippedDoc(source, f"already imported as {existing} (same {what})", existing)
        if digest in self.seen_this_run:
            earlier = self.seen_this_run[digest]
            return SkippedDoc(source, f"same {what} as {earlier} in this import", earlier)
        return None

    def taken(self, doc_id: str) -> bool:
        return (
            doc_id in self.ids or (self.corpus / f"{doc_id}.yaml").exists() or (self.corpus / f"{doc_id}.txt").exists()
        )

    def unique_id(self, base: str, *, force: bool) -> str:
        if force and base not in self.seen_this_run.values():
            return base  # --force: the record of the same name is replaced
        candidate, n = base, 2
        while self.taken(candidate) or candidate in self.seen_this_run.values():
            candidate, n = f"{base}-{n}", n + 1
        return candidate


def _check_options(kind: str | None, published: str | None, report: ImportReport) -> bool:
    if kind is not None and kind not in DOC_KINDS:
        report.problems.append(Problem("--kind", f"must be one of {', '.join(DOC_KINDS)}, not {kind!r}"))
        return False
    if published is not None and not _ISO.match(published):
        report.problems.append(
            Problem("--published", f"must be an ISO date like 2024, 2024-03 or 2024-03-05, not {published!r}")
        )
        return False
    return True


def _expand(paths: Iterable[str | Path], corpus: Path, report: ImportReport) -> list[Path]:
    corpus_resolved = corpus.resolve()
    out: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = [
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and is_supported(p)
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and corpus_resolved not in p.resolve().parents
            ]
            for p in found:
                if _FOLDER_NOISE.match(p.name):
                    report.skipped.append(SkippedDoc(str(p), "a folder's README/licence file, not a document"))
                else:
                    out.append(p)
            if not found:
                report.problems.append(
                    Problem(str(path), "no supported files in this folder (.txt .md .html .pdf .docx)", "warning")
                )
        elif path.is_file():
            out.append(path)
        else:
            report.problems.append(Problem(str(path), "no such file or folder"))
    return out


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
    state: _CorpusState,
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
    replacing = record_path.exists() or text_path.exists()
    if replacing and not force:  # unique_id avoids this; a file that appeared meanwhile is still never clobbered
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
    try:
        state.corpus.mkdir(parents=True, exist_ok=True)
        write_atomic(text_path, text if text.endswith("\n") else text + "\n")
        write_atomic(record_path, _dump_record(record))
    except OSError as exc:
        report.problems.append(Problem(source, f"cannot write to the corpus {state.corpus} ({exc.strerror or exc})"))
        return
    state.ids.add(doc_id)
    state.by_hash[provenance["sha256"]] = doc_id
    if replacing:
        notes = [*notes, "replaced the existing record (--force)"]
    if not final_published:
        notes = [*notes, "no date found: set published in the record"]
    doc_record = DocumentRecord(
        id=doc_id,
        title=final_title,
        kind=final_kind,
        issuer=proposed.issuer,
        published=final_published,  # type: ignore[arg-type]
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
