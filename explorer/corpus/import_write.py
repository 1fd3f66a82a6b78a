"""Writing one imported document into the corpus: its text and its YAML record, together or not at all.

The text (``<id>.txt``) and the record (``<id>.yaml``) are written to temporary files and renamed together
(``write_atomic_group``).  Never overwritten, ``--force`` included: a settings file (glossary.yaml, …) or a text
another record names; without ``--force`` no existing record either.  The record keeps where each field came from
(``imported_from.metadata_from``) so that a person can check the proposal.
"""

from __future__ import annotations

import yaml

from ..fileio import write_atomic_group
from ..model import DocumentRecord, Problem
from .import_report import ImportedDoc, ImportReport
from .import_state import CorpusState, as_written
from .proposed_metadata import ProposedMetadata
from .records import SUPPORT_FILES


def write_document(
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


__all__ = ["write_document"]
