"""The Figures pane's chart: which of an indicator's figures share one axis, and the chart drawn with plotext —
reported levels as a line, plan figures as ◆, the plan target as a red line labelled on the chart.

The legend is not plotext's: plotext draws it in the canvas's top-left corner, where a plan line near the top
of the range (PM2.5平均浓度 29 against readings of 20–30) wrote its "plan 29" label over it. The legend is a line
of its own under the chart (``legend``), so the two can never meet, at any size."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text

from explorer.extract.indicators import role_of

CHARTED_KINDS = ("actual", "target", "baseline")  # changes and ranks are not levels: table only


@dataclass
class Row:
    figure: Any
    section: str
    document: str


@dataclass
class Series:
    """One indicator's data, computed off the UI thread."""

    name: str
    unit: str = ""
    direction: str = "none"
    rows: list[Row] = field(default_factory=list)
    targets: list = field(default_factory=list)  # TrackedTarget of this indicator
    problem: str | None = None  # why targets are missing ("not available yet")

    @property
    def figures(self) -> list:
        return [r.figure for r in self.rows]


def figure_number(figure: Any) -> float | None:
    """The figure's number as written (not in base units), for charting next to its siblings."""
    try:
        return float(str(figure.value).rstrip("+").replace(",", ""))
    except (TypeError, ValueError):
        return None


def chart_points(series: Series) -> tuple[str, list[tuple[int, float, Any]]]:
    """(unit, [(year, value, figure)]) of the figures that can share one axis: levels, in the indicator's
    commonest unit, other units of the same base converted to it."""
    from explorer.extract.indicators import measure_of

    # Outcomes and targets of the measure the series is mostly about: a rate indicator (GDP增速) charts its rates
    # ("增长5.2%"), a level indicator its levels; ranks never share an axis with either.
    dated = [f for f in series.figures if f.year is not None and measure_of(f) != "rank"]
    # one government per chart: the one with most figures (national and provincial GDP growth never share a line)
    places = Counter(f.jurisdiction for f in dated if f.jurisdiction)
    if places:
        place = places.most_common(1)[0][0]
        dated = [f for f in dated if f.jurisdiction in (place, None)]
    rates = sum(measure_of(f) == "rate" for f in dated) * 2 > len(dated)
    figures = [
        f
        for f in dated
        if role_of(f) in ("actual", "target", "baseline")
        and (measure_of(f) == "rate") == rates
        and (rates or f.kind in CHARTED_KINDS)
    ]
    if not figures:
        return series.unit, []
    unit = Counter(f.unit for f in figures).most_common(1)[0][0]
    reference = next(f for f in figures if f.unit == unit)
    ref_value = figure_number(reference)
    factor = (reference.base_value / ref_value) if reference.base_value and ref_value else None
    points = []
    for f in figures:
        if f.unit == unit:
            value = figure_number(f)
        elif factor and f.base_unit == reference.base_unit and f.base_value is not None:
            value = f.base_value / factor
        else:
            value = None
        if value is not None:
            points.append((f.year, value, f))
    return unit, points


def in_unit(figure: Any, unit: str, points: list) -> float | None:
    if figure.unit == unit:
        return figure_number(figure)
    same = next((f for _y, _v, f in points if f.unit == unit and f.base_value), None)
    number = figure_number(same) if same else None
    if same and number and figure.base_value is not None and figure.base_unit == same.base_unit:
        return figure.base_value / (same.base_value / number)
    return None


def draw_chart(plt: Any, series: Series | None) -> Text:
    """Draw ``series`` on plotext's ``plt`` (cleared first); returns the legend of what was drawn."""
    plt.clear_figure()
    legend = Text()
    if series is None:
        return legend
    unit, points = chart_points(series)
    where = f" — {points[0][2].jurisdiction}" if points and points[0][2].jurisdiction else ""
    plt.title((f"{series.name} ({unit})" if unit else series.name) + where)
    if not points:
        plt.title(f"{series.name}: no yearly levels to chart")
        return legend
    years = sorted({p[0] for p in points})
    actual = sorted((y, v) for y, v, f in points if role_of(f) == "actual")
    planned = sorted((y, v) for y, v, f in points if role_of(f) != "actual")
    if actual:
        by_year = dict(actual)  # one point a year for the line (the last stated), every point as a dot
        plt.plot(list(by_year), list(by_year.values()), marker="braille", color="green")
        plt.scatter([p[0] for p in actual], [p[1] for p in actual], marker="●", color="green")
        legend.append("● reported", style="green")
    if planned:
        plt.scatter([p[0] for p in planned], [p[1] for p in planned], marker="◆", color="magenta")
        legend.append(("   " if legend else "") + "◆ plan figure", style="magenta")
    values = [p[1] for p in points]
    place = points[0][2].jurisdiction
    targets = [
        t
        for t in series.targets
        if place is None or getattr(t, "jurisdiction", place) in (place, None)  # not another government's
    ]
    drawn: list[str] = []
    for target in targets:
        value = in_unit(target.target, unit, points)
        if value is None:
            continue
        values.append(value)
        deadline = target.target.year
        if len(targets) > 2 and deadline is not None:
            # yearly targets (GDP增速 5%左右 each year): a short red bar at each target's year, beside its outcome
            plt.plot([deadline - 0.4, deadline + 0.4], [value, value], color="red", marker="hd")
        else:  # one plan target: a line across the chart, labelled where it starts
            plt.hline(value, "red")
            plt.text(f"plan {target.target.value}", x=years[0], y=value, color="red", alignment="left")
        drawn.append(f"{target.target.value}{target.target.unit}")
    if drawn:
        legend.append(("   " if legend else "") + f"─ plan target {', '.join(drawn[:4])}", style="red")
    low, high = min(values), max(values)
    pad = (high - low) * 0.15 or max(abs(high) * 0.05, 1.0)
    plt.ylim(low - pad, high + pad)
    if len(years) == 1:
        plt.xlim(years[0] - 1, years[0] + 1)
    plt.xticks([float(y) for y in years], [str(y) for y in years])
    return legend
