"""``ProposedMetadata``: the record fields proposed for an imported document, each with where it came from.

A proposal is what the import writes into the YAML record for a person to correct: title, publication date (ISO, as
precise as found), issuer, kind (plan or report) and the years covered; ``evidence`` says per field which rule gave
it ("header line", "speaker line", "sidecar 2024.yaml"), so that a wrong guess is easy to spot.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ProposedMetadata:
    title: str
    published: str  # ISO, as precise as found: "2024-03-05", "2024-03", "2024"; "" when no date was found
    issuer: str  # "" when none was found
    kind: str  # "plan" | "report"
    covers: tuple[int, ...]
    evidence: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "published": self.published,
            "issuer": self.issuer,
            "kind": self.kind,
            "covers": list(self.covers),
            "evidence": dict(self.evidence),
        }


__all__ = ["ProposedMetadata"]
