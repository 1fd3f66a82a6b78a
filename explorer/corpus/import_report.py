"""What an import did: one line per document added or skipped and per problem, then a summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model import DocumentRecord, JsonMixin, Problem


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
