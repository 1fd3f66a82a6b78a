"""Outcomes and targets together, for ``series``, ``indicators`` and ``targets --csv`` (explorer/cli.py calls these).

``series X`` lists one indicator's figures by year and jurisdiction — levels and rates, outcomes and targets — from
the prepared figures (jurisdiction, indicator identity, corrections applied). ``target_outcome_rows`` is the
target → outcome table: one row per tracked target and year, with the target and what was reported that year.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from explorer.extract.indicators import figure_is_indicator, measure_of, role_of, span_of
from explorer.extract.prepare import workspace_figures
from explorer.model import Figure, TrackedTarget


def series_figures(ws: Any, indicator: str, jurisdiction: str | None = None) -> list[Figure]:
    """One indicator across documents and years, ordered by jurisdiction, year, then publication."""
    wanted = ws.canonical_indicator(indicator)
    if hasattr(ws, "figures_named"):  # one indicator's figures from the stored index, not all 89,000
        figures = ws.figures_named((wanted, indicator), (indicator,))
    else:
        figures = [f for f in workspace_figures(ws) if f.indicator in (wanted, indicator) or f.label == indicator]
    if jurisdiction:
        figures = [f for f in figures if _place_matches(f.jurisdiction, jurisdiction)]
    published = {r.id: r.published for r in ws.records}
    return sorted(
        figures,
        key=lambda f: (
            f.jurisdiction or "~",
            f.year is None,
            f.year or 0,
            published.get(f.doc, ""),
            f.doc,
            f.passage,
            f.start,
        ),
    )


def _place_matches(place: str | None, wanted: str) -> bool:
    """ "country" / "national", "province:江西" / "江西", "city:南昌" / "南昌"."""
    if place is None:
        return wanted in ("?", "unknown")
    if wanted in ("national", "全国"):
        wanted = "country"
    return place == wanted or place.split(":", 1)[-1] == wanted


def series_row(f: Figure) -> dict[str, Any]:
    return {
        "jurisdiction": f.jurisdiction or "",
        "year": f.year,
        "role": role_of(f),
        "measure": measure_of(f),
        "span": span_of(f),
        "value": f.value,
        "unit": f.unit,
        "qualifier": f.qualifier,
        "base_value": f.base_value,
        "period": f.period,
        "doc": f.doc,
        "passage": f.passage,
        "figure": f"{f.doc}#{f.passage}@{f.start}",
        "indicator": f.indicator,
        "label": f.label,
        "corrected": f.corrected or "",
        "quote": f.quote,
    }


def indicator_rows(ws: Any, *, include_noise: bool = False) -> list[dict[str, Any]]:
    """Every indicator of the prepared figures with its unit, direction, figures and documents; labels that are not
    indicators (noise) only with ``include_noise``."""
    figures = workspace_figures(ws)
    lexicon = ws.lexicon
    counts: Counter[str] = Counter()
    docs: dict[str, set[str]] = {}
    units: dict[str, Counter[str]] = {}
    places: dict[str, set[str]] = {}
    keep: dict[str, bool] = {}
    for f in figures:
        if f.indicator not in keep:
            keep[f.indicator] = figure_is_indicator(f, lexicon)
        if not keep[f.indicator] and not include_noise:
            continue
        counts[f.indicator] += 1
        docs.setdefault(f.indicator, set()).add(f.doc)
        units.setdefault(f.indicator, Counter())[f.unit] += 1
        places.setdefault(f.indicator, set()).add(f.jurisdiction or "?")
    rows = []
    for name, n in counts.most_common():
        entry = lexicon.entry(name)
        rows.append(
            {
                "name": name,
                "unit": getattr(entry, "unit", None) or units[name].most_common(1)[0][0],
                "direction": getattr(entry, "direction", None) or "none",
                "figures": n,
                "documents": len(docs[name]),
                "in_lexicon": entry is not None,
                "indicator": keep[name],
                "jurisdictions": sorted(places[name]),
            }
        )
    return rows


def target_outcome_rows(tracked: list[TrackedTarget]) -> list[dict[str, Any]]:
    """The target → outcome table (indicator × year): per target, one row per year with a reported value (the base
    and background years included, marked), so a spreadsheet shows targets and outcomes side by side."""
    rows: list[dict[str, Any]] = []
    for t in tracked:
        target = t.target
        head = {
            "indicator": t.indicator,
            "jurisdiction": t.jurisdiction or "",
            "target_doc": t.doc,
            "measure_node": t.measure or "",
            "target": f"{target.value}{target.unit}{target.qualifier or ''}",
            "target_value": target.base_value,
            "deadline": target.year,
            "status": t.status,
        }
        outcomes = [(g, "background") for g in t.context] + [(g, "reported") for g in t.reported]
        if t.base is not None and all(g is not t.base for g, _ in outcomes):
            outcomes.insert(0, (t.base, "base"))
        if not outcomes:
            rows.append(head | {"year": "", "outcome": "", "outcome_value": "", "as": "", "source": "", "note": t.note})
            continue
        for g, how in outcomes:
            if t.latest is not None and g is t.latest:
                how = "latest (judged)"
            elif t.base is not None and g is t.base:
                how = "base"
            rows.append(
                head
                | {
                    "year": g.year if g.year is not None else "",
                    "outcome": f"{g.value}{g.unit}{g.qualifier or ''}",
                    "outcome_value": g.base_value,
                    "as": how + (" (corrected)" if g.corrected else ""),
                    "source": f"{g.doc}#{g.passage}@{g.start}",
                    "note": t.note,
                }
            )
    return rows


__all__ = ["series_figures", "series_row", "indicator_rows", "target_outcome_rows"]
