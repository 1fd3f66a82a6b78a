"""When two figures can be compared, and as what number: the rules tracking applies before any status is judged.

Two figures are comparable when their base units agree (斤 and 吨 are converted: 粮食产量 comes in 万亿斤 and in
亿吨), they measure the same way (a change "下降3%" is not a level "27微克/立方米") and cover the same span (a 年均
average, a multi-year total and one year's value are three different things). A figure becomes a ``Reading``: a
stated decrease is negative ("降低2.5%左右" is −2.5 with its qualifier turned round) and “20+” is 20–29.9.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from explorer.extract.indicators import change_sign, is_increment, measure_of, span_of
from explorer.extract.status import _AT_LEAST, _AT_MOST, Reading, negate_qualifier, qualifier_words
from explorer.model import Figure

# "“20+”微克/立方米" is a decade (in the twenties), not "at least 20".
_DECADE = re.compile(r"^(\d*0)\+$")


@dataclass(frozen=True)
class Shape:
    """What must agree for two figures to be compared."""

    unit: str
    change: bool
    span: str  # "annual", "average", "cumulative"


# Base units that are one another's multiples: 粮食产量 is stated in 万亿斤 one year and 亿吨 another.
_CONVERT = {"斤": ("吨", 1 / 2000), "公斤": ("吨", 1 / 1000), "千克": ("吨", 1 / 1000), "克": ("吨", 1e-6)}


def base_of(f: Figure) -> tuple[str, float]:
    unit = f.base_unit or f.unit
    return _CONVERT.get(unit, (unit, 1.0))


def shape_of(f: Figure, rate_indicator: bool) -> Shape:
    change = rate_indicator or measure_of(f) == "rate" or is_increment(f)
    span = span_of(f)
    return Shape(base_of(f)[0], change, span)


def reading_of(f: Figure, year: int | None, shape: Shape) -> Reading | None:
    """A figure as a signed number: a stated decrease ("下降3.1%") is −3.1, its qualifier turned round."""
    if f.base_value is None:
        return None
    factor = base_of(f)[1]
    if factor != 1.0:
        vmax = f.value_max * factor * (f.base_value / float(f.value)) if f.value_max is not None and _plain(f) else None
        return Reading(f.base_value * factor, year, f.qualifier, vmax)
    decade = _DECADE.match(f.value or "")
    if decade and f.value_max is None:  # “20+” is 20–29.9: a range, not a floor
        scale = f.base_value / float(decade.group(1)) if float(decade.group(1)) else 1.0
        return Reading(f.base_value, year, None, f.base_value + 9.99 * scale)
    if shape.change and change_sign(f) < 0:
        vmax = -f.value_max if f.value_max is not None else None
        value = -f.base_value
        if vmax is not None:
            value, vmax = min(value, vmax), max(value, vmax)
        return Reading(value, year, negate_qualifier(f.qualifier), vmax)
    return Reading(f.base_value, year, f.qualifier, f.value_max)


def _plain(f: Figure) -> bool:
    try:
        return float(f.value) != 0
    except (TypeError, ValueError):
        return False


def mismatch(a: Shape, b: Shape, target_multi_year: bool = False) -> str:
    if a.unit != b.unit:
        return f"unit {b.unit or '?'} vs {a.unit or '?'}"
    if a.span != b.span:
        # "到2026年制定发布60项以上" is a count by 2026: a 累计 total reported on the way answers it
        if not (target_multi_year and a.span == "annual" and b.span == "cumulative" and not a.change):
            return f"{SPAN_WORDS[b.span]} vs {SPAN_WORDS[a.span]}"
    if a.change != b.change:
        return "a change vs a level" if b.change else "a level vs a change"
    return ""


SPAN_WORDS = {"annual": "a one-year value", "average": "a yearly average (年均)", "cumulative": "a multi-year total"}


def fmt_figure(f: Figure, year: int | None = None) -> str:
    q = f.qualifier or ""
    words = [w for w in qualifier_words(q) if w not in f.value]  # "20+" carries its own qualifier
    after = "".join(
        w
        for w in words
        if w in _AT_LEAST + _AT_MOST + ("左右", "上下", "前后")
        and w not in ("近", "约", "超", "超过", "突破", "逾", "达到", "达")
    )
    before = "".join(w for w in words if w not in after)
    mark = " corrected" if f.corrected else ""
    return f"{before}{f.value}{f.unit}{after} ({year if year is not None else (f.year or '?')}, {f.doc}{mark})"


__all__ = ["Shape", "shape_of", "reading_of", "mismatch", "fmt_figure", "base_of", "SPAN_WORDS"]
