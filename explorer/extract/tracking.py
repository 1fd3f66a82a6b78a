"""Target tracking: for each plan target (or a baseline the plan promises to improve on), the figures of the same
indicator reported in the other documents of the same jurisdiction, and a progress status in the manner of
Open SDG's progress methodology (Statistics Canada / Eurostat): the observed annual growth since the base year
compared with the growth needed to reach the target on time. Method, thresholds and limits: docs/plans.md.

``assess`` (a target) and ``assess_trend`` (a baseline without a target) are pure functions over ``Reading``s;
``track_targets`` only chooses the readings (which figures are comparable, which is the base, which the latest).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from explorer.model import DocumentRecord, Figure, Measure, TrackedTarget

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

# A change word right before the number (qualifiers may sit between); "降至/提高到/降为" are levels.
_BEFORE_NUMBER = r"(?:了)?(?:超过|超|逾|近|约|达到|达|突破|不到|不足|接近|高达|仅)?(?:[\d一二三四五六七八九十两]|$)"
_DECREASE = re.compile(r"(?:下降|降低|减少|回落|下跌|收窄|缩小|压减|削减|降幅)" + _BEFORE_NUMBER)
_INCREASE = re.compile(r"(?:增长|提高|增加|上升|上涨|涨幅|增幅|增速|扩大|提升)" + _BEFORE_NUMBER)
_RATE_NAME = re.compile(r"(?:增速|涨幅|增幅|降幅|增长率|下降率|增长)$")
_TOTAL_LABEL = re.compile(r"新增|累计|合计|共计|总计")
_MULTI_YEAR = re.compile(r"\d{4}\s*[-—–~至到]\s*\d{4}|[十]{0,1}[一二三四五六七八九十]五")

_PROVINCES = (
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "内蒙古",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
)
_NATIONAL = ("国务院", "中共中央", "全国人民代表大会", "中华人民共和国", "国家发展和改革委员会", "国家发展改革委")


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


def assess_trend(base: Reading, latest: Reading | None, direction: str, deadline: int | None = None) -> Assessment:
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
    if rate >= TREND_ON_TRACK:
        status = "on track"
    elif rate >= TREND_NEEDS_ACCELERATION:
        status = "needs acceleration"
    elif rate >= 0:
        status = "limited progress"
    else:
        status = "deteriorating"
    return Assessment(
        status, rate, f"{rate:+.1%} a year in the better direction since the baseline (no quantitative target)"
    )


def _fmt_ratio(r: float) -> str:
    return "∞" if r == math.inf else ("−∞" if r == -math.inf else f"{r:.2f}")


# ------------------------------------------------------------------------------------------- figures → readings
def jurisdiction(record: DocumentRecord) -> str | None:
    """Whose figures a document states: a ``jurisdiction:`` field of the record, else the first province named by
    the issuer (or title), else 'national' for State Council / central documents; None when it cannot be told
    (such a document is compared with every other)."""
    own = record.meta.get("jurisdiction") if isinstance(record.meta, dict) else None
    if own:
        return str(own)
    for text in (record.issuer, record.title):
        if not text:
            continue
        found = [(text.find(p), p) for p in _PROVINCES if p in text]
        if found:
            return min(found)[1]
        if any(n in text for n in _NATIONAL):
            return "national"
    return None


def _same_place(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def change_sign(f: Figure) -> int:
    """-1 when the figure states a decrease ("下降3.1%"), +1 an increase, 0 a level ("降至", "提高到" are levels)."""
    quote = f.quote or ""
    at = quote.find(f.label) if f.label else -1
    value_at = quote.find(f.value, at + len(f.label) if at >= 0 else 0) if f.value else -1
    if at >= 0 and value_at >= 0:
        between = f.label + quote[at + len(f.label) : value_at]
    else:
        between = f.label
    between = between[-12:] + "0"  # the number follows; "降至"/"提高到" are not followed by it, so are levels
    dec = [m.start() for m in _DECREASE.finditer(between)]
    inc = [m.start() for m in _INCREASE.finditer(between)]
    if not dec and not inc:
        return 0
    return -1 if max(dec, default=-1) > max(inc, default=-1) else 1


def is_total(f: Figure, change: bool = False) -> bool:
    """A total over several years rather than one year's value: 累计…, or a multi-year period with 新增… (a flow
    summed over the period) or with a change ("十二五"时期下降16%)."""
    if f.cumulative:
        return True
    return bool(f.period and _MULTI_YEAR.search(f.period) and (change or _TOTAL_LABEL.search(f.label or "")))


@dataclass(frozen=True)
class _Shape:
    """What must agree for two figures to be compared."""

    unit: str
    change: bool
    total: bool


def _shape(f: Figure, rate_indicator: bool) -> _Shape:
    change = rate_indicator or f.kind == "change" or change_sign(f) != 0
    return _Shape(f.base_unit or f.unit, change, is_total(f, change and not rate_indicator))


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


def _reading(f: Figure, year: int | None, shape: _Shape) -> Reading | None:
    """A figure as a signed number: a stated decrease ("下降3.1%") is −3.1, its qualifier turned round."""
    if f.base_value is None:
        return None
    if shape.change and change_sign(f) < 0:
        vmax = -f.value_max if f.value_max is not None else None
        value = -f.base_value
        if vmax is not None:
            value, vmax = min(value, vmax), max(value, vmax)
        return Reading(value, year, negate_qualifier(f.qualifier), vmax)
    return Reading(f.base_value, year, f.qualifier, f.value_max)


def _mismatch(a: _Shape, b: _Shape) -> str:
    if a.unit != b.unit:
        return f"unit {b.unit or '?'} vs {a.unit or '?'}"
    if a.total != b.total:
        return "a multi-year total vs a one-year value" if b.total else "a one-year value vs a multi-year total"
    if a.change != b.change:
        return "a change vs a level" if b.change else "a level vs a change"
    return ""


def _fmt(f: Figure, year: int | None = None) -> str:
    q = f.qualifier or ""
    words = [w for w in qualifier_words(q) if w not in f.value]  # "20+" carries its own qualifier
    after = "".join(
        w
        for w in words
        if w in _AT_LEAST + _AT_MOST + ("左右", "上下", "前后")
        and w not in ("近", "约", "超", "超过", "突破", "逾", "达到", "达")
    )
    before = "".join(w for w in words if w not in after)
    return f"{before}{f.value}{f.unit}{after} ({year if year is not None else (f.year or '?')}, {f.doc})"


class _Corpus:
    """The figures of a corpus, indexed for tracking, with the rules for a figure's year and place."""

    def __init__(self, figures: list[Figure], records: Iterable[DocumentRecord], lexicon):
        self.records = {r.id: r for r in records}
        self.place = {doc: jurisdiction(r) for doc, r in self.records.items()}
        self.lexicon = lexicon
        self.by_indicator: dict[str, list[Figure]] = {}
        for f in figures:
            if f.doc in self.records:
                self.by_indicator.setdefault(f.indicator, []).append(f)

    def published(self, doc: str) -> int | None:
        return self.records[doc].year

    def year_of(self, f: Figure) -> int | None:
        """The year a figure is about. A baseline is as of before its document (extractors often give it the
        target's year), so when it is not before publication it is taken as the year before."""
        pub = self.published(f.doc)
        if f.kind == "baseline" and pub is not None and (f.year is None or f.year >= pub):
            return pub - 1
        return f.year

    def same_place(self, a: str, b: str) -> bool:
        pa, pb = self.place.get(a), self.place.get(b)
        return pa is None or pb is None or pa == pb

    def order(self, f: Figure) -> tuple:
        y = self.year_of(f)
        return (y is None, y or 0, self.records[f.doc].published or "", f.doc, f.passage, f.start)

    def related(self, indicator: str) -> set[str]:
        return set(self.lexicon.related(indicator)) if hasattr(self.lexicon, "related") else set()

    def direction(self, f: Figure) -> str:
        entry = None
        if self.lexicon is not None:
            entry = self.lexicon.entry(f.indicator) if hasattr(self.lexicon, "entry") else None
            if entry is None and hasattr(self.lexicon, "canonicalise"):
                _name, entry = self.lexicon.canonicalise(f.indicator, f.unit)
        return getattr(entry, "direction", None) or "none"


def _is_forward_baseline(f: Figure, corpus: _Corpus) -> bool:
    """ "到2026年，…在29微克/立方米的基础上巩固改善": a baseline stated with a future year (not "从X增加到Y")."""
    pub = corpus.published(f.doc)
    return f.kind == "baseline" and f.year is not None and pub is not None and f.year >= pub


def track_targets(measures: list[Measure], figures: list[Figure], records: Iterable[DocumentRecord], lexicon) -> list:
    """One ``TrackedTarget`` per target figure, and per baseline a plan promises to improve on without a target."""
    corpus = _Corpus(figures, records, lexicon)
    node_of = {(f.doc, f.passage, f.start): m.id for m in measures for f in m.targets}
    out: list[TrackedTarget] = []
    seen: set[tuple] = set()
    for f in figures:
        if f.doc not in corpus.records:
            continue
        if f.kind == "target" or (
            _is_forward_baseline(f, corpus)
            and not any(
                g.kind == "target" and g.doc == f.doc and g.passage == f.passage
                for g in corpus.by_indicator[f.indicator]
            )
        ):
            measure = node_of.get((f.doc, f.passage, f.start))
            key = (f.doc, measure, f.indicator, f.kind, f.base_value, f.value_max, f.year)
            if key in seen:  # the same target stated twice in one node ("6.5%-7%" … "经济增长预期目标6.5%-7%")
                continue
            seen.add(key)
            tracked = _track(f, measure, corpus)
            if tracked is not None:
                out.append(tracked)
    return out


def _track(f: Figure, measure: str | None, corpus: _Corpus) -> TrackedTarget | None:
    record = corpus.records[f.doc]
    rate_indicator = bool(_RATE_NAME.search(f.indicator))
    shape = _shape(f, rate_indicator)
    same_indicator = corpus.by_indicator[f.indicator]
    is_target = f.kind == "target"
    deadline = (
        f.year
        if f.year is not None
        else ((max(record.covers) if record.covers else record.year) if is_target else None)
    )

    # The baseline: the plan's own, stated with the target (same passage first); else none.
    baseline = f if not is_target else None
    if is_target:
        own = [
            g for g in same_indicator if g.doc == f.doc and g.kind == "baseline" and _shape(g, rate_indicator) == shape
        ]
        own.sort(key=lambda g: (g.passage != f.passage, abs(g.passage - f.passage)))
        baseline = own[0] if own else None
    pub = corpus.published(f.doc)
    base_year = corpus.year_of(baseline) if baseline is not None else ((pub - 1) if pub else None)

    # Everything the other documents of the same place say about the indicator, comparable or not.
    reported: list[Figure] = []
    skipped: list[str] = []
    for g in same_indicator:
        if g.doc == f.doc or g.kind not in ("actual", "change", "baseline") or not corpus.same_place(f.doc, g.doc):
            continue
        why = _mismatch(shape, _shape(g, rate_indicator)) or ("" if corpus.year_of(g) is not None else "year not known")
        if why:
            skipped.append(f"{_fmt(g, corpus.year_of(g))}: {why}")
        else:
            reported.append(g)
    reported.sort(key=corpus.order)

    # The base value: the baseline, else the latest comparable value up to the base year (this document's own
    # review of the past year counts).
    base_fig = baseline
    if base_fig is None and base_year is not None:
        history = [
            g
            for g in same_indicator
            if g.kind in ("actual", "change")
            and corpus.same_place(f.doc, g.doc)
            and corpus.year_of(g) is not None
            and corpus.year_of(g) <= base_year
            and not _mismatch(shape, _shape(g, rate_indicator))
        ]
        if history:
            base_fig = max(
                history, key=lambda g: (corpus.year_of(g), g.doc == f.doc, corpus.records[g.doc].published or "")
            )

    # The latest value since the base year and by the deadline (values after the deadline do not say whether it
    # was met by then).
    since = [g for g in reported if base_year is None or corpus.year_of(g) > base_year]
    by_deadline = [g for g in since if deadline is None or corpus.year_of(g) <= deadline]
    latest = None
    if by_deadline:
        last_year = max(corpus.year_of(g) for g in by_deadline)
        latest = max(
            (g for g in by_deadline if corpus.year_of(g) == last_year),
            key=lambda g: (g.kind == "actual", g.kind == "change", corpus.records[g.doc].published or ""),
        )

    base_r = _reading(base_fig, corpus.year_of(base_fig), shape) if base_fig is not None else None
    latest_r = _reading(latest, corpus.year_of(latest), shape) if latest is not None else None
    direction = corpus.direction(f)
    if is_target:
        target_r = _reading(f, deadline, shape)
        if target_r is None:
            return None
        result = assess(target_r, latest_r, base_r, direction)
    else:
        if base_r is None:
            return None
        d = resolve_direction(direction, Reading(base_r.value, None, f.qualifier))
        result = assess_trend(base_r, latest_r, d, deadline=f.year)

    notes: list[str] = []
    if not is_target:
        notes.append("no quantitative target: tracked against its baseline")
    if latest is None:
        if since:
            notes.append("only values after the deadline: " + ", ".join(_fmt(g, corpus.year_of(g)) for g in since[:3]))
        elif reported:
            notes.append(
                f"nothing reported after {base_year}; last before: {_fmt(reported[-1], corpus.year_of(reported[-1]))}"
            )
        else:
            notes.append("no comparable value reported")
    else:
        notes.append(result.reason)
        notes.append(f"latest {_fmt(latest, corpus.year_of(latest))}")
        if base_fig is not None and base_fig is not baseline:
            notes.append(f"base {_fmt(base_fig, corpus.year_of(base_fig))}")
    if skipped:
        more = f" (+{len(skipped) - 3} more)" if len(skipped) > 3 else ""
        notes.append("not compared: " + "; ".join(skipped[:3]) + more)
    if f.qualifier and _has(qualifier_words(f.qualifier), _ASPIRATION):
        notes.append(f"aspirational target ({f.qualifier})")

    related = [
        g
        for name in corpus.related(f.indicator)
        for g in corpus.by_indicator.get(name, [])
        if g.doc != f.doc and g.kind in ("actual", "change", "baseline") and corpus.same_place(f.doc, g.doc)
    ]
    related.sort(key=corpus.order)
    if related and not reported:
        notes.append(
            "related, not the same indicator (not tracked): "
            + ", ".join(f"{g.indicator} {_fmt(g, corpus.year_of(g))}" for g in related[-3:])
        )

    return TrackedTarget(
        doc=f.doc,
        measure=measure,
        indicator=f.indicator,
        target=f,
        baseline=baseline,
        reported=tuple(reported),
        status=result.status,
        note="; ".join(n for n in notes if n),
        related=tuple(related),
        latest=latest,
        base=base_fig,
        ratio=getattr(result, "ratio", None),
    )


__all__ = [
    "Reading",
    "Assessment",
    "assess",
    "assess_trend",
    "meets",
    "bound_of",
    "resolve_direction",
    "jurisdiction",
    "change_sign",
    "is_total",
    "negate_qualifier",
    "track_targets",
    "ON_TRACK",
    "NEEDS_ACCELERATION",
    "TREND_ON_TRACK",
    "TREND_NEEDS_ACCELERATION",
    "APPROX_TOLERANCE",
]
