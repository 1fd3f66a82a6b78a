"""Reports-on: which report passages speak to which plan measure — scoring and selection.

For a leaf measure M of a plan and a report passage P (``score_reports_on``):
  ``score = 0.7 × best clause pair + 0.3 × cosine(M, P) + 0.15 × shared programmes + 0.10 × shared indicators
  + 0.15 × shared cited titles`` (each bonus capped at 0.3, the score at 1). Texts are cut into clauses
  (sentences, long ones cut at commas to ≤ 60 characters) because a measure bundles several tasks and a report
  sentence lists several results; a clause pair scores its cosine × min(1, idf mass of the shared words / 8), so
  agreeing on one common word counts less than agreeing on 鄱阳湖 + 总磷. Vectors are tf-idf over rjieba
  search-mode words (two or more characters, generic policy verbs dropped); the measure's heading counts twice.
  A pair is kept when its score reaches ``MIN_SCORE`` and at least ``RELATIVE`` of the passage's best score over
  the measures of the same plan document (a passage reports on the measures it is most about, not on every measure
  it touches); at most ``PER_MEASURE`` passages per measure. Hand check and error analysis: docs/references.md.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from explorer.extract.words import TermWeights, cosine

MIN_SCORE = 0.15
RELATIVE = 0.6
SHARED_MASS = 8.0  # idf of the words two clauses share for their cosine to count in full (≈ two rare words)
CLAUSE_WEIGHT = 0.7
PER_MEASURE = 12
QUERY_TERMS = 30
QUERY_SHARE = 3  # a long measure (a work report's ten-topic item) looks for a third of its distinct words
SHOWN_TERMS = 5
PROGRAMME_BONUS, INDICATOR_BONUS, TITLE_BONUS, BONUS_CAP = 0.15, 0.10, 0.15, 0.3


@dataclass(frozen=True)
class Candidate:
    measure: str
    doc: str
    passage: int
    score: float
    evidence: tuple[str, ...]
    text: str  # the passage's clause that best matches the measure


@dataclass
class Features:
    """What a measure or a report passage is about: its clauses' word vectors, the whole text's vector,
    and the programmes, indicators and cited titles it names."""

    clauses: list[tuple[str, dict[str, float]]]
    vector: dict[str, float]
    programmes: frozenset[str] = frozenset()
    indicators: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    _prepared: list[tuple[str, dict[str, float], frozenset[str], float]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _where: dict[str, list[int]] | None = field(default=None, init=False, repr=False, compare=False)

    def prepared(self) -> list[tuple[str, dict[str, float], frozenset[str], float]]:
        """Clauses with their word sets and norms, computed once: a passage is scored against many measures."""
        if self._prepared is None:
            self._prepared = [
                (text, vec, frozenset(vec), math.sqrt(sum(v * v for v in vec.values()))) for text, vec in self.clauses
            ]
        return self._prepared

    def where(self) -> dict[str, list[int]]:
        """word → indices of the clauses that use it."""
        if self._where is None:
            where: dict[str, list[int]] = defaultdict(list)
            for i, (_text, vec) in enumerate(self.clauses):
                for w in vec:
                    where[w].append(i)
            self._where = dict(where)
        return self._where


def _clause_pairs(measure: Features, passage: Features) -> list[tuple[int, int]]:
    """The (measure clause, passage clause) pairs that share a word, in reading order: only they can score."""
    mwhere, pwhere = measure.where(), passage.where()
    if len(mwhere) > len(pwhere):
        shared = [w for w in pwhere if w in mwhere]
    else:
        shared = [w for w in mwhere if w in pwhere]
    pairs = {(i, j) for w in shared for i in mwhere[w] for j in pwhere[w]}
    return sorted(pairs)


def score_reports_on(measure: Features, passage: Features, weights: TermWeights) -> tuple[float, list[str], str]:
    """Score of a report passage for a plan measure, the evidence, and the passage's best clause.

    ``0.7 × best clause pair + 0.3 × whole-text cosine + bonuses``. A clause pair scores its cosine times
    the share of ``SHARED_MASS`` reached by the idf of the words the two clauses share, so that two short
    clauses agreeing on one common word do not count as much as two agreeing on 鄱阳湖 + 总磷 + 削减.
    """
    best, best_shared, best_clause = 0.0, [], passage.clauses[0][0] if passage.clauses else ""
    mclauses, pclauses = measure.prepared(), passage.prepared()
    for i, j in _clause_pairs(measure, passage):
        (_mtext, mvec, _mwords, mnorm), (ptext, pvec, pwords, pnorm) = mclauses[i], pclauses[j]
        if mnorm and pnorm:
            shared = [w for w in mvec if w in pwords]
            mass = sum(weights.idf.get(w, weights.default_idf) for w in shared)
            # cosine(mvec, pvec), with the norms computed once (same arithmetic, same order)
            if len(mvec) > len(pvec):
                dot, norms = sum(v * mvec[w] for w, v in pvec.items() if w in mvec), pnorm * mnorm
            else:
                dot, norms = sum(v * pvec[w] for w, v in mvec.items() if w in pvec), mnorm * pnorm
            pair = dot / norms * min(1.0, mass / SHARED_MASS)
            if pair > best:
                best, best_shared, best_clause = pair, shared, ptext
    whole = cosine(measure.vector, passage.vector)
    programmes = sorted(measure.programmes & passage.programmes)
    indicators = sorted(measure.indicators & passage.indicators)
    titles = sorted(measure.titles & passage.titles)
    bonus = (
        min(BONUS_CAP, PROGRAMME_BONUS * len(programmes))
        + min(BONUS_CAP, INDICATOR_BONUS * len(indicators))
        + min(BONUS_CAP, TITLE_BONUS * len(titles))
    )
    score = min(1.0, CLAUSE_WEIGHT * best + (1 - CLAUSE_WEIGHT) * whole + bonus)
    evidence = []
    if best_shared:
        best_shared.sort(key=lambda w: (-weights.idf.get(w, weights.default_idf), -len(w)))
        shown = [w for w in best_shared if not any(w != o and w in o for o in best_shared)]  # 多样 in 多样性
        evidence.append("terms: " + "、".join(shown[:SHOWN_TERMS]))
    evidence += [f"programme: {p}" for p in programmes]
    evidence += [f"indicator: {i}" for i in indicators]
    evidence += [f"cites: 《{t}》" for t in titles]
    evidence.append(f"clause match {best:.2f}, whole text {whole:.2f}")
    return score, evidence, best_clause


def select_reports_on(
    candidates: Iterable[Candidate],
    *,
    min_score: float | None = None,
    relative: float | None = None,
    per_measure: int | None = None,
) -> list[Candidate]:
    """Keep each passage for the measures it is most about; the best ``per_measure`` per measure."""
    min_score = MIN_SCORE if min_score is None else min_score
    relative = RELATIVE if relative is None else relative
    per_measure = PER_MEASURE if per_measure is None else per_measure
    candidates = [c for c in candidates if c.score >= min_score]
    best: dict[tuple[str, int], float] = {}
    for c in candidates:
        key = (c.doc, c.passage)
        best[key] = max(best.get(key, 0.0), c.score)
    by_measure: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        if c.score >= relative * best[(c.doc, c.passage)]:
            by_measure[c.measure].append(c)
    out = []
    for measure in by_measure:
        ranked = sorted(by_measure[measure], key=lambda c: (-c.score, c.doc, c.passage))
        out.extend(ranked[:per_measure])
    return out
