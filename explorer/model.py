"""Shared data types of policy-explorer.

Every object that points into a document carries character offsets so that it can be shown in place:
- ``Passage.start/end`` are offsets into the document's *normalised* text, ``source_start/source_end``
  into the decoded *source* text (the file as the user has it);
- spans inside a passage (figures, references, highlights) are offsets into ``Passage.text``.

Everything here is a frozen dataclass (hashable, safe to share between threads) and has ``to_json()``
returning plain JSON-able data: that dict is the stable ``--json`` interface of the command line.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any, Literal

DocKind = Literal["plan", "report"]
DOC_KINDS: tuple[str, ...] = ("plan", "report")

FigureKind = Literal["target", "baseline", "actual", "change", "rank"]
FIGURE_KINDS: tuple[str, ...] = ("target", "baseline", "actual", "change", "rank")

RefType = Literal["cites", "programme", "reports-on", "tracks"]
REF_TYPES: tuple[str, ...] = ("cites", "programme", "reports-on", "tracks")

TargetStatus = Literal["achieved", "on track", "needs acceleration", "limited progress", "deteriorating", "no data"]
TARGET_STATUSES: tuple[str, ...] = (
    "achieved",
    "on track",
    "needs acceleration",
    "limited progress",
    "deteriorating",
    "no data",
)


_PLAIN = (str, int, float, bool, type(None))


def _jsonable(value: Any) -> Any:
    if isinstance(value, _PLAIN):  # most fields: nothing to convert (tens of thousands of figures per listing)
        return value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if hasattr(value, "to_json"):
        return value.to_json()
    return value


class JsonMixin:
    def to_json(self) -> dict[str, Any]:
        return {name: _jsonable(getattr(self, name)) for name in _field_names(type(self))}  # type: ignore[arg-type]


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


@dataclass(frozen=True)
class Problem(JsonMixin):
    """One thing wrong with the user's input: shown as one line, never as a traceback."""

    path: str
    message: str
    severity: Literal["error", "warning", "info"] = "error"

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class Anchor(JsonMixin):
    """A curated span of a document, found by quoting its first and last words (never by line numbers)."""

    start: str
    end: str
    reason: str = ""


@dataclass(frozen=True)
class DocumentRecord(JsonMixin):
    """One YAML record of the corpus."""

    id: str
    title: str
    kind: DocKind
    issuer: str
    published: str  # ISO date, as precise as the text allows: "2023", "2023-01", "2023-01-12"
    covers: tuple[int, ...]
    source: Path  # resolved path of the text file
    language: str = "zh"
    record_path: Path = Path()
    exclude: tuple[Anchor, ...] = ()
    include: tuple[Anchor, ...] = ()  # overrides the automatic noise flags
    meta: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def year(self) -> int | None:
        try:
            return int(self.published[:4])
        except (TypeError, ValueError):
            return None


@dataclass(frozen=True)
class Heading(JsonMixin):
    """A node of a document's outline."""

    id: str  # document id + numbering path, e.g. "plan-2024:1.3" — stable across re-indexing
    doc: str
    level: int  # 1 = top level of this document's numbering
    style: str  # which numbering: "cn" 一、, "paren_cn" （一）, "arabic" 1., "paren_arabic" （1）, "circled" ①, "ordinal" 一是, "md" #, "dash" ——
    number: str  # the marker as written, e.g. "一、", "(十三)", "二是"
    ordinal: int | None  # its position in its series (一 → 1); None for unnumbered headings
    title: str  # heading clause: the heading line, or the item up to its first 。
    parent: str | None
    passage: int  # index of the passage that holds it
    start: int  # offset of the marker in the normalised document text
    end: int  # end of the title clause


@dataclass(frozen=True)
class Passage(JsonMixin):
    """A paragraph of a document after normalisation (page breaks rejoined)."""

    doc: str
    index: int
    text: str  # normalised
    start: int
    end: int
    source_start: int
    source_end: int
    section: tuple[
        str, ...
    ]  # heading titles from the top, e.g. ("四、实施重要生态系统保护行动", "（十三）优化提升森林生态系统功能")
    section_ids: tuple[str, ...]  # the matching Heading ids
    heading: str | None = None  # id of the heading this passage *is* (or starts with)
    excluded: bool = False
    exclusion_reason: str | None = None  # "curated: …", "byline", "caption", "dateline", "photo credit", …
    duplicate_of: int | None = None  # index of the earlier identical paragraph

    @property
    def id(self) -> str:
        return f"{self.doc}#{self.index}"

    @property
    def section_path(self) -> str:
        return " › ".join(self.section)


@dataclass(frozen=True)
class Quantity(JsonMixin):
    """A number with its unit and qualifiers as written, and its value in base units."""

    text: str  # as written, e.g. "8000余万元"
    start: int
    end: int
    value: float  # the number as written, without multiplier (8000)
    unit: str  # unit as written (万元)
    base_value: float  # multiplier applied (8.0e7)
    base_unit: str  # 元
    qualifier: str | None = None  # 以上/以下/不低于/左右/约/近/超/余/多/突破/力争/+ …
    value_max: float | None = None  # upper bound of a range, as written
    base_value_max: float | None = None
    ratio: tuple[float, ...] | None = None  # 7.5:45.9:46.6
    quantity_type: str = "number"  # number, percent, points, ratio, multiple, rank, duration, count, measure, money


@dataclass(frozen=True)
class Figure(JsonMixin):
    """A policy figure: a quantity with what it measures, when, and what kind of statement it is."""

    doc: str
    passage: int
    indicator: str  # canonical name when the lexicon knows it, else the label
    label: str  # the noun phrase measured
    value: str  # as written (number part), e.g. "29", "1.57", "20+"
    unit: str
    base_value: float | None
    base_unit: str
    qualifier: str | None
    period: str | None  # e.g. "2026", "2024-2026", "2023-12", "2024H1", "十四五"
    year: int | None  # end year; None when it cannot be told
    kind: FigureKind
    quote: str  # the sentence that states it
    start: int  # span of the quantity in the passage text
    end: int
    label_start: int | None = None
    label_end: int | None = None
    value_max: float | None = None
    cumulative: bool = False
    # What the value measures and the part it plays (issue 11): measure is "level", "rate" (a rate of change),
    # "share", "rank" or "count"; role is "target", "actual", "baseline" or "forecast". The period is a range
    # of years when the text gives one (今后五年 → 2011–2015, 十五五 → 2026–2030); average marks 年均.
    measure: str | None = None
    role: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    average: bool = False
    jurisdiction: str | None = None  # "country", "province:江西", "city:…" (issue 12)
    corrected: str | None = None  # what the researcher's corrections.yaml changed (issue 12), None when untouched

    @property
    def passage_id(self) -> str:
        return f"{self.doc}#{self.passage}"

    def __reduce__(self) -> tuple[Any, tuple[tuple[Any, ...]]]:
        # Pickled as a plain tuple of field values: a thousand documents' 89,000 figures are stored and loaded
        # after every edit, and the default (a state dict per figure) took twice as long both ways.
        return _figure_from_values, (tuple(self.__dict__.values()),)


def _figure_from_values(values: tuple[Any, ...]) -> Figure:
    figure = object.__new__(Figure)
    figure.__dict__.update(zip(_field_names(Figure), values, strict=True))
    return figure


@dataclass(frozen=True)
class Measure(JsonMixin):
    doc: str
    id: str  # stable: document id + numbering path
    number: str  # marker as written
    title: str
    level: int
    parent: str | None
    text: str
    passages: tuple[int, ...] = ()
    targets: tuple[Figure, ...] = ()
    node: str = "heading"  # "root" (the document), "heading", or "inline" (an 一是… item inside a paragraph)


@dataclass(frozen=True)
class TrackedTarget(JsonMixin):
    doc: str
    measure: str | None
    indicator: str
    target: Figure
    baseline: Figure | None
    reported: tuple[Figure, ...]
    status: TargetStatus
    note: str
    related: tuple[Figure, ...] = ()
    latest: Figure | None = None  # the reported value the status was judged on (not one after the deadline)
    base: Figure | None = None  # the starting value the progress was measured from
    ratio: float | None = None  # observed / required progress (Open SDG's R), when computed
    jurisdiction: str | None = None  # whose target: "country", "province:江西", "city:南昌" (issue 12)
    context: tuple[Figure, ...] = ()  # values published before the plan: background, never progress


@dataclass(frozen=True)
class RefEnd(JsonMixin):
    doc: str | None = None
    passage: int | None = None
    measure: str | None = None
    title: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class Reference(JsonMixin):
    type: RefType
    source: RefEnd
    target: RefEnd
    score: float = 1.0
    evidence: tuple[str, ...] = ()
    start: int | None = None  # span in the source passage text, when the reference is written there
    end: int | None = None


@dataclass(frozen=True)
class Hit(JsonMixin):
    """A search result: the whole passage with the exact character spans that matched."""

    doc: str
    passage: int
    section: str
    text: str
    score: float
    highlights: tuple[tuple[int, int], ...]
    excluded: bool = False


def as_dict(obj: Any) -> Any:
    """Plain data of any model object (or list of them)."""
    return _jsonable(obj)


def json_default(obj: Any) -> Any:
    """``json.dumps(…, default=json_default)``: one model object made plain one level deep, the C encoder doing the
    rest. Same JSON as ``as_dict`` — but a listing of 89,000 figures is encoded in a fraction of a second rather
    than walked field by field in Python (3.6 s)."""
    to_json = getattr(type(obj), "to_json", None)
    if to_json is not None and to_json is not JsonMixin.to_json:
        return obj.to_json()  # a class with its own plain form (a search result page, a record's metadata)
    if isinstance(obj, JsonMixin):
        # a frozen dataclass's __dict__ holds exactly its fields, in field order (set by __init__, by
        # _figure_from_values or by unpickling what those made): handed to the encoder as it is, not copied
        return obj.__dict__
    if isinstance(obj, Path):
        return str(obj)
    raise TypeError(f"{type(obj).__name__} is not JSON serialisable")


__all__ = [name for name in dir() if not name.startswith("_")] + ["asdict"]
