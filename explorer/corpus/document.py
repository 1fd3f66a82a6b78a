"""record → text (decoded, normalised, offset map) → paragraphs → outline → passages."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from explorer.corpus.decode import NotText, decode_bytes
from explorer.corpus.noise import resolve_anchors
from explorer.corpus.normalise import NORMALISER_VERSION
from explorer.corpus.outline import OutlineInput, build_outline, heading_label
from explorer.corpus.paragraphs import build_paragraphs
from explorer.fileio import MAX_SOURCE_BYTES, FileRefused, read_regular
from explorer.model import DocumentRecord, Heading, Passage, Problem


class DocumentError(Exception):
    """The document's text cannot be loaded at all (the message is one line for the user)."""


@dataclass(frozen=True)
class Document:
    record: DocumentRecord
    source: str  # the decoded source text
    encoding: str
    text: str  # normalised text: passages joined by blank lines
    passages: tuple[Passage, ...]
    headings: tuple[Heading, ...]
    content_hash: str  # of the source bytes, the record's curation and the normaliser version
    maps: tuple[tuple[int, ...], ...] = field(repr=False, default=())  # per passage: source offset of each char
    problems: tuple[Problem, ...] = ()
    # a table of contents: (passage, id of the body heading the entry names); its passages are excluded as
    # "table of contents", so search and figures read the body only
    toc_targets: tuple[tuple[int, str], ...] = ()

    @property
    def id(self) -> str:
        return self.record.id

    def heading(self, heading_id: str) -> Heading | None:
        return next((h for h in self.headings if h.id == heading_id), None)

    def source_span(self, passage: int, start: int, end: int) -> tuple[int, int]:
        """Offsets in the source file of ``passages[passage].text[start:end]``."""
        offsets = self.maps[passage]
        if not offsets:
            p = self.passages[passage]
            return p.source_start, p.source_end
        start = min(max(start, 0), len(offsets) - 1)
        end = min(max(end, start + 1), len(offsets))
        return offsets[start], offsets[end - 1] + 1

    def policy_passages(self, include_excluded: bool = False) -> list[Passage]:
        """Passages that may feed figures, measures and search (not unrelated items, not duplicates)."""
        return [p for p in self.passages if p.duplicate_of is None and (include_excluded or not p.excluded)]


def content_hash(record: DocumentRecord, data: bytes) -> str:
    """Changes whenever what the document's passages are made from changes: its bytes, its curation and
    its metadata, or the normaliser."""
    return content_hash_of_digest(record, hashlib.sha256(data).hexdigest())


def content_hash_of_digest(record: DocumentRecord, digest: str) -> str:
    """``content_hash`` from the sha256 of the bytes (which the analysis store remembers by file stat, so an
    unchanged corpus is checked without reading its sources)."""
    meta = repr((record.title, record.kind, record.published, record.covers, record.exclude, record.include))
    return hashlib.sha256(f"{digest}\0{meta}\0{NORMALISER_VERSION}".encode()).hexdigest()


def load_document(record: DocumentRecord) -> Document:
    try:  # a regular file of bounded size only: a FIFO, /dev/zero or a 2 GB text is refused, never read
        data = read_regular(record.source, MAX_SOURCE_BYTES)
    except FileNotFoundError:
        raise DocumentError(f"source file does not exist: {record.source}") from None
    except FileRefused as exc:
        raise DocumentError(f"{record.source.name}: {exc}") from None
    except OSError as exc:
        raise DocumentError(f"source file cannot be read: {exc.strerror or exc}") from None
    try:
        decoded = decode_bytes(data)
    except NotText as exc:
        raise DocumentError(f"{record.source.name}: {exc}") from None
    doc = build_document(record, decoded.text, decoded.encoding, data)
    damage: list[Problem] = []
    if decoded.replaced:
        damage.append(
            Problem(
                str(record.source), f"{decoded.replaced} byte(s) were not valid UTF-8 and are shown as �", "warning"
            )
        )
    if decoded.mixed_lines:
        damage.append(
            Problem(
                str(record.source),
                f"mixed encodings: {decoded.mixed_lines} line(s) are GB18030/GBK, the rest UTF-8; each line read in its own",
                "warning",
            )
        )
    if damage:
        doc = replace(doc, problems=doc.problems + tuple(damage))
    return doc


def build_document(record: DocumentRecord, source: str, encoding: str = "utf-8", data: bytes | None = None) -> Document:
    problems: list[Problem] = []
    if encoding not in ("utf-8", "ascii"):
        problems.append(Problem(str(record.source), f"text is not UTF-8: read as {encoding}", "info"))
    if encoding == "utf-8-sig":
        problems[-1:] = []
    spans, anchor_problems = resolve_anchors(source, record.exclude)
    include_spans, include_problems = resolve_anchors(source, record.include)
    for message in anchor_problems + include_problems:
        problems.append(Problem(str(record.record_path), message, "warning"))
    curated = [(s, e, a.reason, True) for s, e, a in spans] + [(s, e, a.reason, False) for s, e, a in include_spans]
    paragraphs = build_paragraphs(source, curated)

    starts: list[int] = []
    pos = 0
    for p in paragraphs:
        starts.append(pos)
        pos += len(p.text) + 2
    outline = build_outline(
        record.id,
        [
            OutlineInput(i, p.text, p.excluded is not None or p.duplicate_of is not None)
            for i, p in enumerate(paragraphs)
        ],
        starts,
    )
    by_id = outline.by_id()
    toc = set(outline.toc)
    passages = []
    for i, p in enumerate(paragraphs):
        section_ids = outline.sections[i]
        source_start, source_end = (p.mapped.start, p.mapped.end) if p.mapped.offsets else (0, 0)
        passages.append(
            Passage(
                doc=record.id,
                index=i,
                text=p.text,
                start=starts[i],
                end=starts[i] + len(p.text),
                source_start=source_start,
                source_end=source_end,
                section=tuple(heading_label(by_id[h]) for h in section_ids),
                section_ids=section_ids,
                heading=outline.passage_heading[i],
                excluded=p.excluded is not None or i in toc,
                exclusion_reason=p.excluded or ("table of contents" if i in toc else None),
                duplicate_of=p.duplicate_of,
            )
        )
    return Document(
        record=record,
        source=source,
        encoding=encoding,
        text="\n\n".join(p.text for p in paragraphs),
        passages=tuple(passages),
        headings=outline.headings,
        content_hash=content_hash(record, data if data is not None else source.encode("utf-8")),
        maps=tuple(p.mapped.offsets for p in paragraphs),
        problems=tuple(problems),
        toc_targets=outline.toc_targets,
    )
