"""Target statuses after Open SDG's progress methodology (Statistics Canada / Eurostat): pure functions over
``Reading``s. ``assess`` judges a target from its base, its deadline and the latest value; ``assess_trend`` a
baseline the plan promises to improve on without a number ("在29微克/立方米的基础上巩固改善"); ``meets`` reads
qualifiers as bounds (不低于93% meets 93%以上; "3%左右" of a ceiling indicator such as CPI is met by 0.2%).
Which figures become readings is tracking's job (explorer/extract/tracking.py). Method and limits: docs/plans.md.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# Open SDG thresholds on R = observed growth / required growth (indicators with a quantitative target).
ON_TRACK = 0.95
NEEDS_ACCELERATION = 0.6
LIMITED = 0.0
# Open SDG thresholds on the direction-adjusted observed CAGR (no quantitative target).
TREND_ON_TRACK = 0.015
TREND_NEEDS_ACCELERATION = 0.005
# "5%左右" / "约5%" accepts this share of the stated value either side.
APPROX_TOLERANCE = 0.05

# Qualifiers as written (figures keep them verbatim; several may be joined by ",").
_AT_LEAST = ("以上", "不低于", "不少于", "至少", "高于", "超过", "超", "突破", "逾", "多", "余", "+")
_STRICT_ABOVE = ("高于", "超过", "超", "突破", "逾", "多", "余", "+")
_AT_MOST = ("以下", "以内", "不超过", "不高于", "低于", "控制在", "内", "不到", "近", "接近", "未超过")
_STRICT_BELOW = ("低于", "不到", "近", "接近")
_APPROX = ("左右", "约", "上下", "前后", "大约")
_ASPIRATION = ("力争", "争取", "努力", "确保")


# ------------------------------------------------------------------------------------------- pure status
@dataclass(frozen=True)
class Reading:
    """One value of an indicator: as a number in a common unit, when, and the qualifier it was stated with."""

    value: float
    year: int | None
    qualifier: str | None = None
    value_max: float | None = None  # upper end of a range ("6%-6.5%")


@dataclass(frozen=True)
class Assessment:
    status: str
    ratio: float | None  # R of the Open SDG method (or the direction-adjusted CAGR for a trend), when computed
    reason: str


def qualifier_words(qualifier: str | None) -> list[str]:
    return [w.strip() for w in re.split(r"[,，、/\s]+", qualifier or "") if w.strip()]


def _has(words: list[str], vocabulary: tuple[str, ...]) -> bool:
    return any(w in vocabulary for w in words)


def bound_of(qualifier: str | None) -> str:
    """'at least' | 'at most' | 'approx' | 'exact' — what a qualifier says about the true value."""
    words = qualifier_words(qualifier)
    if _has(words, _AT_MOST):
        return "at most"
    if _has(words, _AT_LEAST):
        return "at least"
    if _has(words, _APPROX):
        return "approx"
    return "exact"


def resolve_direction(direction: str, target: Reading, base: Reading | None = None) -> str:
    """The lexicon's direction; for 'none', the target's own wording (以上 → higher, 以内 → lower), else the way
    from the base to the target; else 'none' (two-sided: the target is a band to land in)."""
    if direction in ("higher", "lower"):
        return direction
    bound = bound_of(target.qualifier)
    if bound == "at least":
        return "higher"
    if bound == "at most":
        return "lower"
    if bound == "exact" and base is not None and base.value != target.value:
        return "higher" if target.value > base.value else "lower"
    return "none"


def _target_interval(target: Reading, direction: str) -> tuple[float, float, bool, bool]:
    """(low, high, low_strict, high_strict): the values that meet the target."""
    v, vmax = target.value, target.value_max
    words = qualifier_words(target.qualifier)
    bound = bound_of(target.qualifier)
    tol = abs(v) * APPROX_TOLERANCE
    if vmax is not None:
        lo, hi = min(v, vmax), max(v, vmax)
    elif bound == "approx":
        lo, hi = v - tol, v + tol
    else:
        lo = hi = v
    strict_lo = bound == "at least" and _has(words, _STRICT_ABOVE)
    strict_hi = bound == "at most" and _has(words, _STRICT_BELOW)
    if bound == "at least" or (bound != "at most" and direction == "higher"):
        return lo, math.inf, strict_lo, False
    if bound == "at most" or direction == "lower":
        return -math.inf, hi, False, strict_hi
    return lo, hi, False, False


def _reported_interval(r: Reading) -> tuple[float, float]:
    """What the reported wording guarantees about the true value ("不低于93%" → [93, ∞); "近93%" → (−∞, 93])."""
    bound = bound_of(r.qualifier)
    if r.value_max is not None:
        return min(r.value, r.value_max), max(r.value, r.value_max)
    if bound == "at least":
        return r.value, math.inf
    if bound == "at most":
        return -math.inf, r.value
    if bound == "approx":
        tol = abs(r.value) * APPROX_TOLERANCE
        return r.value - tol, r.value + tol
    return r.value, r.value


def meets(target: Reading, reported: Reading, direction: str) -> tuple[bool, str]:
    """(achieved, how): achieved when everything the reported wording allows meets the target; an approximate
    report ("约93%") counts on its stated value, and says so."""
    lo, hi, strict_lo, strict_hi = _target_interval(target, direction)
    r_lo, r_hi = _reported_interval(reported)

    def inside(a: float, b: float) -> bool:
        ok_lo = a > lo if strict_lo else a >= lo
        ok_hi = b < hi if strict_hi else b <= hi
        return ok_lo and ok_hi

    if inside(r_lo, r_hi):
        return True, "meets the target"
    if bound_of(reported.qualifier) == "approx" and inside(reported.value, reported.value):
        return True, "meets the target on its stated (approximate) value"
    return False, ""


def _growth(v0: float, v1: float, years: float) -> tuple[float, str]:
    """Compound annual growth rate (Open SDG); a linear annual change when a value is not positive."""
    if v0 > 0 and v1 > 0:
        return (v1 / v0) ** (1 / years) - 1, "cagr"
    return (v1 - v0) / years, "linear"


def _category(ratio: float) -> str:
    if ratio >= ON_TRACK:
        return "on track"
    if ratio >= NEEDS_ACCELERATION:
        return "needs acceleration"
    if ratio >= LIMITED:
        return "limited progress"
    return "deteriorating"


def assess(target: Reading, latest: Reading | None, base: Reading | None, direction: str) -> Assessment:
    """Status of a target from its base, its deadline (``target.year``) and the latest reported value.

    Achieved when the latest value meets the target (qualifiers honoured); otherwise R = observed annual growth
    base→latest over the growth needed base→target by the deadline (CAGR; linear when a value is ≤ 0), signed so
    that R > 0 means movement in the better direction: ≥0.95 on track, ≥0.6 needs acceleration, ≥0 limited
    progress, <0 deteriorating. Past the deadline an unmet target is at best 'needs acceleration'. With no
    better direction known, R is the share of the base's distance to the target closed, over the share of time
    elapsed."""
    if latest is None:
        return Assessment("no data", None, "no comparable value reported")
    d = resolve_direction(direction, target, base)
    achieved, how = meets(target, latest, d)
    if achieved:
        return Assessment("achieved", None, how)
    deadline_passed = target.year is not None and latest.year is not None and latest.year >= target.year
    if base is None or base.year is None or latest.year is None or target.year is None or latest.year <= base.year:
        if deadline_passed:
            return Assessment(
                "limited progress", None, "target missed at the deadline; no earlier value to measure the trend from"
            )
        return Assessment("no data", None, "only one value since the base year: not enough to measure a trend")
    elapsed = latest.year - base.year
    span = max(target.year - base.year, 1)
    if d in ("higher", "lower"):
        sign = 1 if d == "higher" else -1
        observed, how = _growth(base.value, latest.value, elapsed)
        required, _ = (
            _growth(base.value, target.value, span) if how == "cagr" else ((target.value - base.value) / span, "linear")
        )
        if how == "cagr" and not (target.value > 0):
            observed, how = (latest.value - base.value) / elapsed, "linear"
            required = (target.value - base.value) / span
        needed = sign * abs(required)
        if needed == 0:  # the target is the base value ("保持"): any slip is deterioration
            ratio = math.inf if sign * observed > 0 else (-math.inf if sign * observed < 0 else 0.0)
        else:
            ratio = observed / needed
        method = "compound annual growth" if how == "cagr" else "linear annual change"
        reason = f"R = {_fmt_ratio(ratio)} ({method} {base.year}→{latest.year} over that needed by {target.year})"
    else:
        gap0 = abs(base.value - target.value)
        gap1 = abs(latest.value - target.value)
        closed = (1 - gap1 / gap0) if gap0 else (-math.inf if gap1 else 1.0)
        expected = min(1.0, elapsed / span)
        ratio = closed / expected
        reason = f"R = {_fmt_ratio(ratio)} (share of the distance to the target closed {base.year}→{latest.year} over the share of time elapsed; no better direction known)"
    status = _category(ratio)
    if deadline_passed and status == "on track":
        status = "needs acceleration"
    if deadline_passed:
        reason = f"target missed at the deadline; {reason}"
    return Assessment(status, ratio, reason)


def limit_scaling(base: float, limit: float | None, direction: str) -> float:
    """Open SDG's scaling factor C (0–1) for an indicator near its natural limit: a rate already at 97% cannot
    grow 1.5% a year, so the no-target thresholds shrink as the base nears the limit. Only a limit in the better
    direction counts. Our form: C = min(1, 4·(limit − base)/limit) — no scaling below 75% of the limit, falling
    linearly to 0 at it (Open SDG gives its own curve; the shape here is documented in docs/plans.md)."""
    if limit is None or direction != "higher" or limit <= 0 or base >= limit:
        return 1.0 if limit is None or direction != "higher" or limit <= 0 else 0.0
    return max(0.0, min(1.0, 4 * (limit - base) / limit))


def assess_trend(
    base: Reading, latest: Reading | None, direction: str, deadline: int | None = None, limit: float | None = None
) -> Assessment:
    """A baseline without a quantitative target ("在29微克/立方米的基础上巩固改善"): Open SDG's no-target method,
    the direction-adjusted CAGR against fixed rates (≥1.5% on track, ≥0.5% needs acceleration, ≥0 limited
    progress, <0 deteriorating). By the deadline, any improvement on the baseline counts as achieved."""
    if latest is None:
        return Assessment("no data", None, "no comparable value reported after the baseline")
    if direction not in ("higher", "lower"):
        return Assessment("no data", None, "the indicator has no better direction: a baseline alone cannot be judged")
    if base.year is None or latest.year is None or latest.year <= base.year:
        return Assessment("no data", None, "no value reported after the baseline year")
    sign = 1 if direction == "higher" else -1
    rate, how = _growth(base.value, latest.value, latest.year - base.year)
    if how == "linear" and base.value:
        rate = rate / abs(base.value)
    rate *= sign
    if deadline is not None and latest.year >= deadline:
        status = "achieved" if rate > 0 else ("limited progress" if rate == 0 else "deteriorating")
        return Assessment(
            status,
            rate,
            f"improved on the baseline by the deadline ({rate:+.1%} a year)"
            if rate > 0
            else f"no improvement on the baseline by the deadline ({rate:+.1%} a year)",
        )
    scale = limit_scaling(base.value, limit, direction)
    if rate >= TREND_ON_TRACK * scale and rate > 0:
        status = "on track"
    elif rate >= TREND_NEEDS_ACCELERATION * scale and rate > 0:
        status = "needs acceleration"
    elif rate >= 0:
        status = "limited progress"
    else:
        status = "deteriorating"
    scaled = f"; thresholds scaled by C = {scale:.2f} near the natural limit {limit:g}" if scale < 1 else ""
    return Assessment(
        status,
        rate,
        f"{rate:+.1%} a year in the better direction since the baseline (no quantitative target){scaled}",
    )


def _fmt_ratio(r: float) -> str:
    return "∞" if r == math.inf else ("−∞" if r == -math.inf else f"{r:.2f}")


def negate_qualifier(qualifier: str | None) -> str | None:
    """The qualifier of the negated value: "下降超过3%" is a change of less than −3%."""
    if not qualifier:
        return qualifier
    out = []
    for w in qualifier_words(qualifier):
        if w in _AT_LEAST:
            w = "低于" if w in _STRICT_ABOVE else "以下"
        elif w in _AT_MOST:
            w = "超过" if w in _STRICT_BELOW else "以上"
        out.append(w)
    return ",".join(out)
