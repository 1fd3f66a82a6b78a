"""Reports-on for one plan document: its plan measures against the report passages that may speak to them.

Which reports may: the same government (when both can be told), published after the plan (issue 12: earlier
passages are background, not progress), and published no later than the year after the plan's last year (a plan
for 2024–2026 is reported on up to 2027; a work report's plan for 2023 by the 2024 review). That window keeps the
work linear in the corpus: each plan is compared with the handful of reports of its time, never with every
report of a thousand. Within a report, only the passages that review years the plan covers (``may_report_on``).

Term weights (idf) are computed over the plan's passages and those of its eligible reports, so a plan's links
depend only on those documents: when one report changes, only the plans it may report on are linked again.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import ChainMap, Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from explorer.analysis.components import LinkDoc, WordCounts
from explorer.extract.plan_parts import PLAN_PART, Period, may_report_on, published_after, years_label
from explorer.extract.words import TermWeights, clauses_of
from explorer.linking.scoring import (
    MIN_SCORE,
    QUERY_SHARE,
    QUERY_TERMS,
    Candidate,
    Features,
    score_reports_on,
    select_reports_on,
)
from explorer.model import DocumentRecord, RefEnd, Reference
from explorer.text.fold import fold

MAX_REPORTS = 12  # eligible reports compared with one plan: the nearest after it
PassageKey = tuple[str, int]
# per passage: (programmes named, indicators with a lexicon entry, titles cited)
Marks = dict[PassageKey, tuple[frozenset[str], frozenset[str], frozenset[str]]]


@dataclass(frozen=True)
class PlanInputs:
    plan: DocumentRecord
    plan_doc: LinkDoc
    reports: tuple[tuple[DocumentRecord, LinkDoc], ...]
    places: Mapping[str, str | None]
    marks: Marks
    words: Mapping[str, WordCounts]  # per document of the universe


def eligible(plan: DocumentRecord, report: DocumentRecord, places: Mapping[str, str | None]) -> bool:
    """Whether ``report`` may report on anything of ``plan`` (document level; passages are filtered later)."""
    if report.id == plan.id or report.kind != "report":
        return False
    a, b = places.get(plan.id), places.get(report.id)
    if a is not None and b is not None and a != b:
        return False
    if plan.kind == "plan":
        if published_after(plan.published, report.published):  # known to be earlier ("2024" is not before "2024-07")
            return False
    elif not published_after(report.published, plan.published):
        return False
    last = max(plan.covers) if plan.covers else plan.year
    return last is None or report.year is None or report.year <= last + 1


class ReportWindow:
    """Reports by government and year, so that each plan meets only the reports of its time (``eligible`` is then
    asked of a handful, not of every report of a thousand: no cost grows with the square of the corpus)."""

    def __init__(self, reports: Iterable[DocumentRecord], places: Mapping[str, str | None]):
        self._places = places
        self._by_place: dict[str | None, list[tuple[int, str, DocumentRecord]]] = defaultdict(list)
        self._undated: list[DocumentRecord] = []
        for r in reports:
            if r.year is None:
                self._undated.append(r)
            else:
                self._by_place[places.get(r.id)].append((r.year, r.id, r))
        for bucket in self._by_place.values():
            bucket.sort(key=lambda t: (t[0], t[1]))

    def __bool__(self) -> bool:
        return bool(self._by_place or self._undated)

    def nearest(self, plan: DocumentRecord, eligible_: Callable[[DocumentRecord], bool]) -> list[DocumentRecord]:
        """The eligible reports nearest after the plan, at most ``MAX_REPORTS`` (by date, then id): a plan is
        reported on by a few reports of its government; a corpus holding dozens of one government's reports of one
        year (copies, drafts) must not make each plan's work grow with them."""
        chosen = [r for r in self.around(plan) if eligible_(r)]
        chosen.sort(key=lambda r: (r.published, r.id))
        return chosen[:MAX_REPORTS]

    def around(self, plan: DocumentRecord) -> list[DocumentRecord]:
        """The reports that may be eligible for ``plan``: its government's (and those of no known government), from
        its year to the year after its last one; every report when the plan's years are unknown."""
        place = self._places.get(plan.id)
        buckets = (
            list(self._by_place.values())
            if place is None
            else [self._by_place.get(place, []), self._by_place.get(None, [])]
        )
        first = plan.year
        last = max(plan.covers) if plan.covers else plan.year
        out = list(self._undated)
        for bucket in buckets:
            if first is None or last is None:
                out.extend(r for _y, _id, r in bucket)
                continue
            lo = bisect_left(bucket, (first, ""))
            hi = bisect_right(bucket, (last + 1, "\uffff"))
            out.extend(r for _y, _id, r in bucket[lo:hi])
        return out


def reports_on(inputs: PlanInputs) -> list[Reference]:
    plan, doc = inputs.plan, inputs.plan_doc
    if not doc.plan_measures or not inputs.reports:
        return []
    df: Counter[str] = Counter()
    known: ChainMap[str, tuple[tuple[str, int], ...]] = ChainMap()
    for counts in inputs.words.values():
        df.update(dict(counts.df))
        known.maps.append(counts.clauses)
    weights = TermWeights.from_df(df, sum(c.passages for c in inputs.words.values()), known)
    records = {r.id: r for r, _d in inputs.reports}
    report_passages = {(d.doc, i): t for _r, d in inputs.reports for i, t in d.texts.items()}
    parts = {(d.doc, i): part for _r, d in inputs.reports for i, part in d.parts.items()}
    plan_periods = {
        m.id: doc.parts.get(m.passages[0], (None, None))[1] if m.passages else None for m in doc.plan_measures
    }
    folded: dict[PassageKey, str] = {}
    passage_features: dict[PassageKey, Features] = {}

    def features_of(text: str, key_doc: str, indices: Iterable[int], boost: str = "") -> Features:
        clauses = [(c, weights.vector(c)) for c in clauses_of(text)]
        progs, inds, tits = _marks(inputs.marks, key_doc, indices)
        return Features([c for c in clauses if c[1]], weights.vector(text, boost), progs, inds, tits)

    allowed_for: dict[Period | None, list[PassageKey]] = {}
    candidates: list[Candidate] = []
    for m in doc.plan_measures:
        period = plan_periods[m.id]
        allowed = allowed_for.get(period)
        if allowed is None:
            allowed = allowed_for[period] = sorted(
                key
                for key in report_passages
                if may_report_on(plan, period, records[key[0]], parts.get(key, (None, None)), inputs.places)
            )
        if not allowed:
            continue
        mf = features_of(m.text, m.doc, m.passages, boost=m.title)
        terms = [
            w
            for w, _ in sorted(mf.vector.items(), key=lambda kv: -kv[1])[
                : max(QUERY_TERMS, len(mf.vector) // QUERY_SHARE)
            ]
        ]
        for key in allowed:
            if key not in folded:
                folded[key] = fold(report_passages[key])
            marks = inputs.marks.get(key)
            shares_mark = marks is not None and bool(
                marks[0] & mf.programmes or marks[1] & mf.indicators or marks[2] & mf.titles
            )
            if not shares_mark and not any(t in folded[key] for t in terms):
                continue
            pf = passage_features.get(key)
            if pf is None:
                pf = passage_features[key] = features_of(report_passages[key], key[0], (key[1],))
            score, evidence, clause = score_reports_on(mf, pf, weights)
            if score < MIN_SCORE:
                continue
            part, reviewed = parts.get(key, (None, None))
            if part == PLAN_PART:
                evidence.append("from the report's own plan part")
            elif plan.kind != "plan" and period and reviewed:
                evidence.append(f"plan for {years_label(period)}, review of {years_label(reviewed)}")
            candidates.append(Candidate(m.id, key[0], key[1], round(score, 3), tuple(evidence), clause))
    by_id = {m.id: m for m in doc.plan_measures}
    out = []
    for c in select_reports_on(candidates):
        m = by_id[c.measure]
        out.append(
            Reference(
                type="reports-on",
                source=RefEnd(doc=c.doc, passage=c.passage, text=c.text),
                target=RefEnd(
                    doc=m.doc,
                    passage=m.passages[0] if m.passages else None,
                    measure=m.id,
                    title=m.title,
                    text=f"{m.number}{m.title}",
                ),
                score=c.score,
                evidence=c.evidence,
            )
        )
    return out


def _marks(marks: Marks, doc: str, indices: Iterable[int]) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    progs: set[str] = set()
    inds: set[str] = set()
    tits: set[str] = set()
    for i in indices:
        found = marks.get((doc, i))
        if found:
            progs |= found[0]
            inds |= found[1]
            tits |= found[2]
    return frozenset(progs), frozenset(inds), frozenset(tits)


def passage_marks(
    programmes: Iterable[tuple[str, PassageKey]],
    indicators: Iterable[tuple[str, PassageKey]],
    titles: Iterable[tuple[str, PassageKey]],
) -> Marks:
    """(doc, passage) → the programmes, known indicators and cited titles it names."""
    found: dict[PassageKey, tuple[set[str], set[str], set[str]]] = defaultdict(lambda: (set(), set(), set()))
    for slot, pairs in enumerate((programmes, indicators, titles)):
        for name, key in pairs:
            found[key][slot].add(name)
    return {k: (frozenset(a), frozenset(b), frozenset(c)) for k, (a, b, c) in found.items()}
