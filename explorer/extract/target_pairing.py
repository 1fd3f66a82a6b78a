"""Pairing one target with what later documents report, and judging it: the corpus indexed for tracking
(``TrackingCorpus``: a figure's year and place, the section over it), which reported figures are comparable, the
base and the latest, and the status after Open SDG's progress methodology (``extract.status``). The driver —
which figures are targets, one indicator at a time — is ``extract.tracking``."""

from __future__ import annotations

import re
from collections.abc import Iterable

from explorer.corrections import figure_id
from explorer.extract.comparable import fmt_figure, mismatch, reading_of, shape_of
from explorer.extract.indicators import (
    RATE_NAME,
    is_flow,
    measure_of,
    role_of,
)
from explorer.extract.status import (
    _ASPIRATION,
    APPROX_TOLERANCE,
    Assessment,
    Reading,
    _has,
    assess,
    assess_trend,
    bound_of,
    qualifier_words,
    resolve_direction,
)
from explorer.model import DocumentRecord, Figure, TrackedTarget

# A review that spans several years: its flows ("新建高标准农田4.56亿亩") may be five-year totals although the
# extractor gives them the last year ("一、过去一年和五年工作回顾").
_MULTI_YEAR_SECTION = re.compile(r"五年|十年|以来|[十]?[一二三四五六七八九十]五(?:时期|期间)?|\d{4}\s*[-—至到]\s*\d{4}")


class TrackingCorpus:
    """The figures of a corpus, indexed for tracking, with the rules for a figure's year and place."""

    def __init__(
        self,
        figures: list[Figure],
        records: Iterable[DocumentRecord],
        lexicon,
        sections: dict[tuple[str, int], str],
        unlinked: set[tuple[str, str]],
    ):
        self.records = {r.id: r for r in records}
        self.lexicon = lexicon
        self.sections = sections
        self.unlinked = unlinked
        self.by_indicator: dict[str, list[Figure]] = {}
        for f in figures:
            if f.doc in self.records:
                self.by_indicator.setdefault(f.indicator, []).append(f)
        self._places: dict[str, PlaceIndex] = {}
        # why a reported value is not comparable with a target of a given shape ("" when it is), by the value's
        # identity (the figures are held here), the target's shape, its span and the indicator's kind
        self.why_not: dict[tuple[int, object, bool, bool], str] = {}

    def places(self, indicator: str) -> PlaceIndex:
        """The indicator's reported values (actual and baseline figures) by government, made on first use."""
        found = self._places.get(indicator)
        if found is None:
            found = self._places[indicator] = PlaceIndex(self.by_indicator.get(indicator, []))
        return found

    def published(self, doc: str) -> int | None:
        return self.records[doc].year

    def published_before(self, a: str, b: str) -> bool:
        """Document a was published before document b (by date as precise as both give)."""
        pa, pb = self.records[a].published or "", self.records[b].published or ""
        n = min(len(pa), len(pb))
        return bool(n) and pa[:n] < pb[:n]

    def year_of(self, f: Figure) -> int | None:
        """The year a figure is about. A baseline is as of before its document (extractors often give it the
        target's year), so when it is not before publication it is taken as the year before."""
        pub = self.published(f.doc)
        if role_of(f) == "baseline" and pub is not None and (f.year is None or f.year >= pub):
            return pub - 1
        if (
            f.year is None
            and pub is not None
            and role_of(f) == "actual"
            and self.records[f.doc].kind == "report"
            and measure_of(f) in ("level", "share")
            and (not is_flow(f) or "累计" in (f.quote or "")[: max((f.quote or "").find(f.label), 0)][-4:])
        ):
            # "累计发布…认证标准95项", "政府采购占比在99%以上" with no year: a stock as the report stands
            return pub
        return f.year

    def order(self, f: Figure) -> tuple:
        y = self.year_of(f)
        return (y is None, y or 0, self.records[f.doc].published or "", f.doc, f.passage, f.start)

    def related(self, indicator: str) -> set[str]:
        return set(self.lexicon.related(indicator)) if hasattr(self.lexicon, "related") else set()

    def entry(self, f: Figure):
        if self.lexicon is None:
            return None
        return self.lexicon.entry(f.indicator) if hasattr(self.lexicon, "entry") else None

    def direction(self, f: Figure) -> str:
        return getattr(self.entry(f), "direction", None) or "none"

    def multi_year_review(self, f: Figure) -> str | None:
        """The section title that makes a flow possibly a multi-year total, when there is one."""
        title = self.sections.get((f.doc, f.passage), "")
        # a flow ("新建…4.56亿亩"), or a change of a level ("单位国内生产总值能耗下降8.1%"), in a five-year review
        moved = is_flow(f) or (measure_of(f) == "rate" and not RATE_NAME.search(f.indicator or ""))
        if role_of(f) == "actual" and moved and _MULTI_YEAR_SECTION.search(title):
            return title
        return None


class PlaceIndex:
    """One indicator's figures indexed for pairing: its reported values (actual, baseline) by jurisdiction, in
    corpus order, and counts per document — so a target meets the values of its own government only. GDP增速 at a
    thousand documents has 700 targets and thousands of values: scanning all of them for each target, and testing
    membership in lists, made one edited report's re-tracking take three seconds."""

    def __init__(self, figures: list[Figure]):
        self.by_doc: dict[str, list[Figure]] = {}
        self.reported: dict[str | None, list[Figure]] = {}  # jurisdiction → actual and baseline figures
        self.reported_in_doc: dict[str, int] = {}
        self.place_in_doc: dict[tuple[str | None, str], int] = {}
        for g in figures:
            self.by_doc.setdefault(g.doc, []).append(g)
            if role_of(g) in ("actual", "baseline"):
                self.reported.setdefault(g.jurisdiction, []).append(g)
                self.reported_in_doc[g.doc] = self.reported_in_doc.get(g.doc, 0) + 1
                self.place_in_doc[(g.jurisdiction, g.doc)] = self.place_in_doc.get((g.jurisdiction, g.doc), 0) + 1
        self.total_reported = sum(self.reported_in_doc.values())

    def same_place(self, jurisdiction: str | None) -> list[Figure]:
        """The reported values of this government ("?" — a place not known — matches none)."""
        if "?" in (jurisdiction or ""):
            return []
        return self.reported.get(jurisdiction, [])

    def other_places(self, jurisdiction: str | None, doc: str) -> int:
        """How many reported values of other documents are of another government."""
        others = self.total_reported - self.reported_in_doc.get(doc, 0)
        if "?" in (jurisdiction or ""):
            return others
        here = len(self.reported.get(jurisdiction, [])) - self.place_in_doc.get((jurisdiction, doc), 0)
        return others - here


def is_forward_baseline(f: Figure, corpus: TrackingCorpus) -> bool:
    """ "到2026年，…在29微克/立方米的基础上巩固改善": a baseline the document promises to build on (not "从X增加到Y").

    The extractor dates such a baseline only when a year is written inside its own phrase ("在2023年29微克/立方米
    的基础上"), since 到2026年 dates what is to be reached; undated, it is as of before the document."""
    pub = corpus.published(f.doc)
    if role_of(f) != "baseline" or pub is None or (f.year is not None and f.year < pub):
        return False
    return f.year is not None or bool(re.search(re.escape(f.value) + r"[^，。；]{0,8}?基础上", f.quote or ""))


_BARE_MAGNITUDE = re.compile(r"[十百千万亿]+")


def is_number(f: Figure) -> bool:
    """A value written as a bare magnitude ("千亿斤" in 新一轮千亿斤粮食产能提升行动) names a programme."""
    return not _BARE_MAGNITUDE.fullmatch(f.value or "")


def _ceiling(target: Reading, entry) -> tuple[Reading, str | None]:
    """A ceiling indicator's target ("居民消费价格涨幅3%左右" — a limit, not a point to land on) as 'at most'."""
    if getattr(entry, "bound", "") != "ceiling" or bound_of(target.qualifier) in ("at least", "at most"):
        return target, None
    top = target.value_max if target.value_max is not None else target.value
    if bound_of(target.qualifier) == "approx":
        top = top + abs(top) * APPROX_TOLERANCE
    return Reading(top, target.year, "以内"), "a ceiling (the lexicon's bound)"


def track_one(f: Figure, measure: str | None, corpus: TrackingCorpus) -> TrackedTarget | None:
    record = corpus.records[f.doc]
    rate_indicator = bool(RATE_NAME.search(f.indicator))
    shape = shape_of(f, rate_indicator)
    index = corpus.places(f.indicator)
    same_place_values = index.same_place(f.jurisdiction)  # the only values a target is compared with
    is_target = role_of(f) == "target"
    # a target or a promised baseline without a year of its own is due by the last year the document covers
    deadline = f.year if f.year is not None else (max(record.covers) if record.covers else record.year)
    pub = corpus.published(f.doc)
    multi_year = deadline is not None and pub is not None and deadline - pub >= 2

    def comparable(g: Figure) -> str:
        # the same reported value is weighed against each of an indicator's targets (GDP增速: 700 targets at a
        # thousand documents): the answer depends on the target only through its shape and span, so it is kept
        memo_key = (id(g), shape, multi_year, rate_indicator)
        found = corpus.why_not.get(memo_key)
        if found is None:
            found = corpus.why_not[memo_key] = why_not_comparable(g)
        return found

    def why_not_comparable(g: Figure) -> str:
        g_shape = shape_of(g, rate_indicator)
        why = mismatch(shape, g_shape, multi_year)
        review = corpus.multi_year_review(g)
        if why and g_shape.span == "cumulative" and g.period_start is not None and g.period_end != g.period_start:
            # say which years the total covers, and where it was read: "新建高标准农田4.56亿亩" is 2018–2022's
            why += f" ({g.period_start}–{g.period_end}" + (f", multi-year review: {review.strip()})" if review else ")")
        elif not why and review:
            why = f"a flow in a multi-year review ({review.strip()}): may be a total"
        if not why and g.period and re.search(r"H[12]|Q[1-4]|上半年|前三季度|\d{4}-\d{2}$", g.period):
            why = f"part of a year ({g.period})"
        if not why and corpus.year_of(g) is None:
            why = "year not known"
        return why

    # The baseline: the plan's own, stated with the target (same passage first); else none.
    baseline = f if not is_target else None
    if is_target:
        own = [
            g for g in index.by_doc.get(f.doc, []) if role_of(g) == "baseline" and shape_of(g, rate_indicator) == shape
        ]
        own.sort(key=lambda g: (g.passage != f.passage, abs(g.passage - f.passage)))
        baseline = own[0] if own else None
    base_year = corpus.year_of(baseline) if baseline is not None else ((pub - 1) if pub else None)

    # Everything the other documents of the same government say about the indicator, comparable or not. A value
    # published before the plan is background (the situation the plan started from), never progress.
    reported: list[Figure] = []
    context: list[Figure] = []
    skipped: list[str] = []
    other_place = index.other_places(f.jurisdiction, f.doc)
    for g in same_place_values:
        if g.doc == f.doc:
            continue
        if (figure_id(f), figure_id(g)) in corpus.unlinked:
            skipped.append(f"{fmt_figure(g, corpus.year_of(g))}: unlinked by a correction")
            continue
        why = comparable(g)
        if why:
            skipped.append(f"{fmt_figure(g, corpus.year_of(g))}: {why}")
        elif corpus.published_before(g.doc, f.doc):
            context.append(g)
        else:
            reported.append(g)
    reported.sort(key=corpus.order)
    context.sort(key=corpus.order)

    # The base value: the baseline, else the latest comparable value up to the base year, from any document of the
    # same government (this document's own review of the past year counts).
    base_fig = baseline
    if base_fig is None and base_year is not None:
        seen = set(context) | set(reported)
        history = [
            g
            for g in same_place_values
            if role_of(g) == "actual"
            and (corpus.year_of(g) or 0) <= base_year
            and corpus.year_of(g) is not None
            and not comparable(g)
            and (g.doc == f.doc or g in seen)
        ]
        if history:
            base_fig = max(
                history, key=lambda g: (corpus.year_of(g), g.doc == f.doc, corpus.records[g.doc].published or "")
            )

    # The latest value since the base year and by the deadline — the latest by the year the figure is about, not
    # by the document it is in (values after the deadline do not say whether it was met by then).
    since = [g for g in reported if base_year is None or (corpus.year_of(g) or 0) > base_year]
    by_deadline = [g for g in since if deadline is None or (corpus.year_of(g) or 0) <= deadline]
    latest = None
    if by_deadline:
        last_year = max(corpus.year_of(g) or 0 for g in by_deadline)
        latest = max(
            (g for g in by_deadline if corpus.year_of(g) == last_year),
            key=lambda g: (role_of(g) == "actual", corpus.records[g.doc].published or ""),
        )

    base_r = reading_of(base_fig, corpus.year_of(base_fig), shape) if base_fig is not None else None
    latest_r = reading_of(latest, corpus.year_of(latest), shape) if latest is not None else None
    direction = corpus.direction(f)
    entry = corpus.entry(f)
    limit = getattr(entry, "limit", None)
    notes: list[str] = []
    if is_target:
        target_r = reading_of(f, deadline, shape)
        if target_r is None:
            return None
        target_r, ceiling_note = _ceiling(target_r, entry)
        if ceiling_note:
            notes.append(f"target read as {ceiling_note}")
            direction = "lower" if direction == "none" else direction
        result = assess(target_r, latest_r, base_r, direction)
    else:
        if base_r is None:
            return None
        d = resolve_direction(direction, Reading(base_r.value, None, f.qualifier))
        result = _trend(base_r, latest_r, d, deadline, limit)

    if not is_target:
        notes.insert(0, "no quantitative target: tracked against its baseline (在…的基础上巩固提升)")
    if latest is None:
        if since:
            notes.append(
                "only values after the deadline: " + ", ".join(fmt_figure(g, corpus.year_of(g)) for g in since[:3])
            )
        elif reported:
            notes.append(
                f"nothing reported after {base_year}; last before: {fmt_figure(reported[-1], corpus.year_of(reported[-1]))}"
            )
        else:
            notes.append("no comparable value reported since the plan")
    else:
        notes.append(result.reason)
        notes.append(f"latest {fmt_figure(latest, corpus.year_of(latest))}")
        if base_fig is not None and base_fig is not baseline:
            notes.append(f"base {fmt_figure(base_fig, corpus.year_of(base_fig))}")
    if context:
        notes.append(
            "before the plan (background): " + ", ".join(fmt_figure(g, corpus.year_of(g)) for g in context[-3:])
        )
    if skipped:
        more = f" (+{len(skipped) - 3} more)" if len(skipped) > 3 else ""
        notes.append("not compared: " + "; ".join(skipped[:3]) + more)
    if other_place:
        notes.append(f"{other_place} value(s) of other governments left out")
    if f.qualifier and _has(qualifier_words(f.qualifier), _ASPIRATION):
        notes.append(f"aspirational target ({f.qualifier})")

    related = [
        g
        for name in corpus.related(f.indicator)
        for g in corpus.places(name).same_place(f.jurisdiction)
        if g.doc != f.doc
    ]
    related.sort(key=corpus.order)
    if related and not reported:
        notes.append(
            "related, not the same indicator (not tracked): "
            + ", ".join(f"{g.indicator} {fmt_figure(g, corpus.year_of(g))}" for g in related[-3:])
        )

    return TrackedTarget(
        doc=f.doc,
        measure=measure,
        indicator=f.indicator,
        target=f,
        baseline=baseline,
        reported=tuple(reported),
        status=result.status,  # type: ignore[arg-type]
        note="; ".join(n for n in notes if n),
        related=tuple(related),
        latest=latest,
        base=base_fig,
        ratio=getattr(result, "ratio", None),
        jurisdiction=f.jurisdiction,
        context=tuple(context),
    )


def _trend(base: Reading, latest: Reading | None, direction: str, deadline: int | None, limit) -> Assessment:
    """A baseline without a target; a latest value stated as a range that holds the baseline cannot be judged."""
    if latest is not None and latest.value_max is not None and latest.value <= base.value <= latest.value_max:
        return Assessment(
            "no data",
            None,
            f"reported as a range ({latest.value:g}–{latest.value_max:g}) that holds the baseline {base.value:g}",
        )
    return assess_trend(base, latest, direction, deadline=deadline, limit=limit)
