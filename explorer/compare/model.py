"""Frozen result types of a comparison. ``to_json()`` on each is the stable ``compare --json`` interface.

Every side of a row says where it is written (document, passage, character span in the passage text) so the
TUI can open it in the Reader and the CLI can cite it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from explorer.model import JsonMixin

TargetChange = Literal["new", "dropped", "raised", "lowered", "same", "changed"]
TARGET_CHANGES: tuple[str, ...] = ("new", "dropped", "raised", "lowered", "same", "changed")
MeasureChange = Literal["added", "removed", "moved", "reworded", "same"]
MEASURE_CHANGES: tuple[str, ...] = ("added", "removed", "moved", "reworded", "same")
RefChange = Literal["new", "dropped", "kept"]
CoverageStatus = Literal["spoken to", "silent"]


@dataclass(frozen=True)
class TargetSide(JsonMixin):
    """One document's statement of a target."""

    doc: str
    passage: int
    label: str
    value: str  # as written: "5", "1.3"
    unit: str
    qualifier: str | None
    base_value: float | None
    base_unit: str
    value_max: float | None
    period: str | None
    year: int | None
    quote: str
    start: int
    end: int

    @property
    def display(self) -> str:
        """The value as a reader writes it: 5%左右, 1.3万亿斤以上, 5–5.5%."""
        value = self.value if self.value_max is None else f"{self.value}–{_num(self.value_max)}"
        # 超过1170万人, 不低于93% but 5%左右, 1200万人以上; 力争…以上 (qualifiers "力争,以上") on both sides.
        parts = [q for q in (self.qualifier or "").split(",") if q]
        before = "".join(q for q in parts if not q.startswith(_SUFFIX_QUALIFIERS))
        after = "".join(q for q in parts if q.startswith(_SUFFIX_QUALIFIERS))
        return f"{before}{value}{self.unit}{after}"


_SUFFIX_QUALIFIERS = ("左右", "以上", "以下", "以内", "上下", "余", "多", "+")


def _num(x: float) -> str:
    return f"{x:g}"


@dataclass(frozen=True)
class TargetRow(JsonMixin):
    """An indicator's target in A beside the same indicator's target in B (same measure: a rate with a rate)."""

    indicator: str
    measure: str  # level, rate, share, change, rank, count: what the value measures
    change: TargetChange
    a: TargetSide | None
    b: TargetSide | None
    note: str = ""


@dataclass(frozen=True)
class DiffOp(JsonMixin):
    """One step of a text diff: equal, insert, delete or replace, with the text of each side."""

    op: Literal["equal", "insert", "delete", "replace"]
    a: str
    b: str


@dataclass(frozen=True)
class MeasureSide(JsonMixin):
    doc: str
    id: str
    number: str
    title: str
    level: int
    parent: str | None
    passage: int | None  # the first passage of the measure, for the Reader
    position: int  # index in the document's measure list (reading order)


@dataclass(frozen=True)
class MeasureRow(JsonMixin):
    """A measure of A aligned with one of B, or added/removed. ``changes`` may hold both moved and reworded;
    ``change`` is the headline: added, removed, moved (before reworded), reworded, same."""

    change: MeasureChange
    a: MeasureSide | None
    b: MeasureSide | None
    similarity: float
    changes: tuple[str, ...] = ()
    diff: tuple[DiffOp, ...] = ()


@dataclass(frozen=True)
class Mention(JsonMixin):
    doc: str
    passage: int | None
    start: int | None
    end: int | None
    text: str


@dataclass(frozen=True)
class RefRow(JsonMixin):
    """A cited title or a programme, with where each document mentions it."""

    type: str  # cites | programme
    title: str
    change: RefChange
    a: tuple[Mention, ...]
    b: tuple[Mention, ...]


@dataclass(frozen=True)
class CoverageRow(JsonMixin):
    """One of the earlier document's measures or targets, and whether the later report speaks to it."""

    item: Literal["measure", "target"]
    id: str  # measure id, or the indicator of a target
    label: str
    status: CoverageStatus
    passage: int | None  # where A states it
    reported: tuple[Mention, ...]  # B's passages on it (measures) or B's figures for it (targets)
    note: str = ""


@dataclass(frozen=True)
class Comparison(JsonMixin):
    a: str
    b: str
    a_title: str
    b_title: str
    targets: tuple[TargetRow, ...]
    measures: tuple[MeasureRow, ...]
    references: tuple[RefRow, ...]
    coverage: tuple[CoverageRow, ...] | None = None  # None: not computed (not asked, or A is not a plan)

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {"targets": {}, "measures": {}, "references": {}, "coverage": {}}
        for t in self.targets:
            out["targets"][t.change] = out["targets"].get(t.change, 0) + 1
        for m in self.measures:
            out["measures"][m.change] = out["measures"].get(m.change, 0) + 1
        for r in self.references:
            out["references"][r.change] = out["references"].get(r.change, 0) + 1
        for c in self.coverage or ():
            out["coverage"][c.status] = out["coverage"].get(c.status, 0) + 1
        return out
