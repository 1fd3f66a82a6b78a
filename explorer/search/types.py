"""What the search index takes and gives: the documents it indexes, update reports, status and results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from explorer.model import DocumentRecord, Hit, Passage

IndexState = Literal["fresh", "stale", "missing"]


@dataclass(frozen=True)
class IndexedDoc:
    """One document as the index sees it. ``content_hash`` decides whether it is re-indexed."""

    record: DocumentRecord
    passages: Sequence[Passage]  # counted without loading; read only for the documents re-indexed
    content_hash: str


@dataclass(frozen=True)
class UpdateReport:
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: int = 0
    passages_indexed: int = 0
    rebuilt: bool = False
    reason: str = ""  # why a full rebuild happened
    seconds: float = 0.0
    generation: str | None = None

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.rebuilt)

    def __str__(self) -> str:
        if not self.touched:
            return f"index up to date ({self.unchanged} documents)"
        what = "rebuilt" + (f" ({self.reason})" if self.reason else "") if self.rebuilt else "updated"
        counts = ", ".join(
            f"{len(ids)} {label}"
            for ids, label in ((self.added, "added"), (self.changed, "changed"), (self.removed, "removed"))
            if ids
        )
        return f"index {what}: {counts or 'no documents'}; {self.passages_indexed} passages in {self.seconds:.1f} s"

    def to_json(self) -> dict[str, Any]:
        return {
            "added": list(self.added),
            "changed": list(self.changed),
            "removed": list(self.removed),
            "unchanged": self.unchanged,
            "passages_indexed": self.passages_indexed,
            "rebuilt": self.rebuilt,
            "reason": self.reason,
            "seconds": round(self.seconds, 3),
            "generation": self.generation,
        }


@dataclass(frozen=True)
class IndexStatus:
    state: IndexState
    reason: str = ""
    docs: int = 0
    passages: int = 0
    generation: str | None = None
    built_at: str | None = None
    changed_docs: tuple[str, ...] = ()  # when docs were given: ids added, changed or removed since the build

    def to_json(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "reason": self.reason,
            "docs": self.docs,
            "passages": self.passages,
            "generation": self.generation,
            "built_at": self.built_at,
            "changed_docs": list(self.changed_docs),
        }


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: tuple[Hit, ...] = ()
    total: int = 0  # matching passages shown by default (excluded ones only with include_excluded)
    excluded_matches: int = 0  # matching passages that are excluded (noise, duplicates)
    state: IndexState = "fresh"
    terms: tuple[str, ...] = ()  # folded strings that were highlighted
    seconds: float = 0.0
    notices: tuple[str, ...] = ()  # one line each: a filter written wrongly (kind:foo) or matching nothing

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "excluded_matches": self.excluded_matches,
            "state": self.state,
            "terms": list(self.terms),
            "seconds": round(self.seconds, 4),
            "notices": list(self.notices),
            "hits": [h.to_json() for h in self.hits],
        }
