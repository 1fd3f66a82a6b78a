"""Target tracking: for each plan target (or a baseline the plan promises to improve on), the figures of the same
indicator that later documents of the same government report, and a status after Open SDG's progress methodology.
Method, thresholds and limits: docs/plans.md.

This module is the driver: which figures are targets (not programmes, not noise labels), taken one indicator at a
time so that an indicator whose inputs did not change keeps its last results. Pairing one target with comparable
reported figures (unit, measure, span; base and latest by the year a figure is about; background published before
the plan) is ``extract.target_pairing``; the judging itself ``extract.status``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from explorer.corrections import Corrections, figure_id, load_corrections
from explorer.extract.indicators import (
    change_sign,
    figure_is_noise,
    role_of,
)
from explorer.extract.jurisdiction import legacy_place, record_jurisdiction
from explorer.extract.prepare import prepare_figures
from explorer.extract.status import (
    Assessment,
    Reading,
    assess,
    assess_trend,
    meets,
)
from explorer.extract.target_pairing import TrackingCorpus, is_forward_baseline, is_number, track_one
from explorer.keys import fingerprint
from explorer.model import DocumentRecord, Figure, Measure, TrackedTarget


def jurisdiction(record: DocumentRecord) -> str | None:
    """Whose figures a document states, in the older spelling ("national", "广东", "city:南昌"); see
    explorer/extract/jurisdiction.py for the rules (``record_jurisdiction`` gives "country", "province:广东")."""
    return legacy_place(record_jurisdiction(record))


def corrections_beside(records: Iterable[DocumentRecord]) -> Corrections:
    """The corrections.yaml of the corpus folder the records were read from (none when they came from nowhere)."""
    folders = {Path(r.record_path).parent for r in records if str(r.record_path) not in ("", ".")}
    if len(folders) != 1:
        return Corrections()
    corrections, _problems = load_corrections(next(iter(folders)) / "corrections.yaml")
    return corrections


def track_targets(
    measures: list[Measure],
    figures: list[Figure],
    records: Iterable[DocumentRecord],
    lexicon,
    corrections: Corrections | None = None,
    *,
    prepared: bool = False,
) -> list[TrackedTarget]:
    """One ``TrackedTarget`` per target figure, and per baseline a plan promises to improve on without a target.

    The figures are prepared first (jurisdiction, indicator identity, the researcher's corrections; idempotent), so
    this works on the extractor's figures as well as on prepared ones (``prepared=True`` skips it)."""
    frames = [measure_frame(m) for m in measures]
    tracked, _groups = track_by_indicator(frames, figures, records, lexicon, corrections, prepared=prepared)
    return tracked


TrackedGroups = dict[str, tuple[str, tuple[TrackedTarget, ...]]]


@dataclass(frozen=True)
class MeasureFrame:
    """What tracking reads of a measure: its title over its passages (a five-year review's title makes a flow a
    possible total) and the targets that hang on it — not its text (a thousand documents' measures load in a
    tenth of the time)."""

    doc: str
    id: str
    title: str
    passages: tuple[int, ...]
    targets: tuple[tuple[str, int, int], ...]  # (doc, passage, start) of each target figure


def measure_frame(m: Measure) -> MeasureFrame:
    return MeasureFrame(m.doc, m.id, m.title, m.passages, tuple((f.doc, f.passage, f.start) for f in m.targets))


def track_by_indicator(
    measures: Iterable[MeasureFrame],
    figures: list[Figure],
    records: Iterable[DocumentRecord],
    lexicon,
    corrections: Corrections | None = None,
    *,
    prepared: bool = False,
    last: TrackedGroups | None = None,
    keys: Mapping[str, str] | None = None,
) -> tuple[list[TrackedTarget], TrackedGroups]:
    """``track_targets``, one indicator at a time, with each indicator's results and the key of what they were
    made from. A target is judged only against figures of its own indicator (and lists its related ones), so an
    indicator whose figures, documents and sections are as in ``last`` (same lexicon and corrections: the caller
    keys ``last`` by them) takes its results from there: one edited report of a thousand re-tracks the
    indicators it states, not all 29,000 targets. ``keys``: ``group_keys`` of the documents' ``contributions``,
    as the caller keeps them per document; without them they are made here from the figures and measures."""
    records = list(records)
    if corrections is None:
        corrections = corrections_beside(records)
    if not prepared:
        figures = prepare_figures(figures, records, lexicon, corrections)
    sections: dict[tuple[str, int], str] = {}
    measures = list(measures)
    _add_sections(sections, measures)
    corpus = TrackingCorpus(figures, records, lexicon, sections, corrections.unlinked())
    node_of = {span: m.id for m in measures for span in m.targets}
    if keys is None:
        keys = corpus_keys(figures, records, measures, lexicon)
    candidates: dict[str, list[Figure]] = {}
    noise_of: dict[str, bool] = {}
    position: dict[str, int] = {}
    for i, f in enumerate(figures):
        noise = noise_of.get(f.indicator)
        if noise is None:  # a property of the indicator's name: asked once per name, not per figure
            noise = noise_of[f.indicator] = figure_is_noise(f, lexicon)
        if noise or f.doc not in corpus.records or not is_number(f):
            continue
        candidates.setdefault(f.indicator, []).append(f)
        position.setdefault(figure_id(f), i)
    groups: TrackedGroups = {}
    for indicator, group in candidates.items():
        key = keys.get(indicator, "")
        before = (last or {}).get(indicator)
        if before is not None and key and before[0] == key:
            groups[indicator] = before
        else:
            groups[indicator] = (key, tuple(_track_group(group, corpus, node_of)))
    tracked = [t for _key, group_tracked in groups.values() for t in group_tracked]
    tracked.sort(key=lambda t: position.get(figure_id(t.target), len(figures)))  # the figures' order, as before
    return tracked, groups


def _add_sections(sections: dict[tuple[str, int], str], measures: Iterable[MeasureFrame]) -> None:
    """The titles over each passage, outermost first ("一、过去一年工作回顾 （一）经济运行"): what makes a flow a
    possible multi-year total."""
    for m in measures:
        for p in m.passages:
            sections[(m.doc, p)] = sections.get((m.doc, p), "") + " " + m.title


# (document, indicator, digest of what the document gives the indicator's tracking, a target candidate among them)
Contribution = tuple[str, str, str, bool]


def contributions(
    figures: Sequence[Figure],
    digests: Sequence[str],
    record: DocumentRecord,
    measures: Iterable[MeasureFrame],
    lexicon,
) -> list[Contribution]:
    """What one document gives each indicator's tracking, hashed: its figures of the indicator (by digest), the
    section titles over them, the measures they hang on, and the record's kind and dates — everything an
    indicator's tracking reads of this document. Kept per document, they key every indicator's results without loading
    a single figure (``group_keys``): an edit that leaves a report's figures as they were ("（修改）" appended)
    re-tracks nothing, and tells so in a tenth of a second. Indicators come in the order of their first target
    candidate (then the rest), so the corpus-wide order of first candidates is the one ``track_by_indicator``
    lists groups in."""
    sections: dict[tuple[str, int], str] = {}
    frames = list(measures)
    _add_sections(sections, frames)
    node_of = {span: m.id for m in frames for span in m.targets}
    given: dict[str, list[tuple[str, str | None, str | None]]] = {}
    first: dict[str, int] = {}
    noise_of: dict[str, bool] = {}
    for i, (f, digest) in enumerate(zip(figures, digests, strict=True)):
        given.setdefault(f.indicator, []).append(
            (digest, sections.get((f.doc, f.passage)), node_of.get((f.doc, f.passage, f.start)))
        )
        noise = noise_of.get(f.indicator)
        if noise is None:
            noise = noise_of[f.indicator] = figure_is_noise(f, lexicon)
        if not noise and is_number(f):
            first.setdefault(f.indicator, i)
    meta = (record.kind, record.published, record.covers)
    ordered = sorted(given, key=lambda ind: (ind not in first, first.get(ind, 0)))
    return [(record.id, ind, fingerprint(ind, meta, given[ind]), ind in first) for ind in ordered]


def figure_digest(f: Figure) -> str:
    """A prepared figure's hash: all its fields (what a document's contribution to an indicator is made of)."""
    return fingerprint(repr(f))


def corpus_keys(
    figures: Iterable[Figure], records: Iterable[DocumentRecord], measures: Iterable[MeasureFrame], lexicon
) -> dict[str, str]:
    """``group_keys`` of every document's ``contributions``, made from the figures and measures at hand (the
    workspace keeps the contributions per document instead)."""
    by_doc: dict[str, list[Figure]] = {}
    for f in figures:
        by_doc.setdefault(f.doc, []).append(f)
    frames: dict[str, list[MeasureFrame]] = {}
    for m in measures:
        frames.setdefault(m.doc, []).append(m)
    parts: list[Contribution] = []
    for r in records:
        own = by_doc.get(r.id, [])
        parts += contributions(own, [figure_digest(f) for f in own], r, frames.get(r.id, []), lexicon)
    return group_keys(parts, lexicon)


def group_keys(parts: Iterable[Contribution], lexicon) -> dict[str, str]:
    """Each target-bearing indicator's key, from the documents' ``contributions`` in record order: its own and
    its related indicators' (the lexicon's) contributions, document by document, in the order
    ``track_by_indicator`` lists the groups."""
    given: dict[str, list[tuple[str, str]]] = {}
    candidates: dict[str, None] = {}
    for doc, indicator, digest, candidate in parts:
        given.setdefault(indicator, []).append((doc, digest))
        if candidate:
            candidates.setdefault(indicator)
    related = getattr(lexicon, "related", None)
    keys = {}
    for indicator in candidates:
        names = sorted(set(related(indicator))) if related is not None else []
        keys[indicator] = fingerprint(
            "contributions", indicator, given[indicator], [(n, given.get(n, ())) for n in names]
        )
    return keys


def _track_group(
    group: list[Figure], corpus: TrackingCorpus, node_of: dict[tuple[str, int, int], str]
) -> list[TrackedTarget]:
    out: list[TrackedTarget] = []
    seen: set[tuple] = set()
    for f in group:
        role = role_of(f)
        if role == "target" or (
            is_forward_baseline(f, corpus)
            and not any(
                role_of(g) == "target" and g.doc == f.doc and g.passage == f.passage
                for g in corpus.by_indicator[f.indicator]
            )
        ):
            measure = node_of.get((f.doc, f.passage, f.start))
            key = (f.doc, measure, f.indicator, role, f.base_value, f.value_max, f.year)
            if key in seen:  # the same target stated twice in one node ("6.5%-7%" … "经济增长预期目标6.5%-7%")
                continue
            seen.add(key)
            tracked = track_one(f, measure, corpus)
            if tracked is not None:
                out.append(tracked)
    return out


__all__ = [
    "jurisdiction",
    "contributions",
    "corpus_keys",
    "figure_digest",
    "group_keys",
    "track_targets",
    "corrections_beside",
    "change_sign",
    # the pure status functions, re-exported for older imports
    "Reading",
    "Assessment",
    "assess",
    "assess_trend",
    "meets",
]
