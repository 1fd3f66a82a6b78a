"""Why a passage matched a query: which term, through which variant, and where.

For every positive text term of the query (negated terms never explain a hit) and every form it was searched
in (the term itself, its glossary aliases), the occurrences in the passage are located and each is classed:

* ``exact`` — the passage has the term as typed;
* ``fold`` — the same after folding, with the characters that differ (綠→绿 traditional/simplified,
  ＧＥＰ→GEP width, case), read off the occurrence itself;
* ``glossary`` — an alias from the glossary (双碳 → 碳达峰碳中和), with the entry's note; an alias can also
  be folded (雙碳 → 碳达峰碳中和).

Field filters that the passage satisfies are listed as ``filter`` reasons. Used by ``search --explain`` and
meant for the TUI's Search pane (one call per shown hit, ~20 µs each).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from explorer.model import Hit
from explorer.search.analysis import fold
from explorer.search.glossary import EMPTY_GLOSSARY, Glossary
from explorer.search.query import And as QAnd
from explorer.search.query import FieldFilter, Node, Not, Text, filter_nodes, parse_query
from explorer.search.query import Or as QOr

How = Literal["exact", "fold", "glossary", "filter"]


@dataclass(frozen=True)
class MatchReason:
    """One reason a passage matched. ``spans`` are character offsets into the passage text."""

    term: str  # the query term as typed (or the filter, kind:plan)
    matched: str  # the string found in the passage, as it is written there
    how: How
    detail: str = ""  # 綠→绿, "glossary: 双碳 ↔ 碳达峰碳中和 (note)", …
    spans: tuple[tuple[int, int], ...] = ()

    def __str__(self) -> str:
        where = f" ×{len(self.spans)}" if len(self.spans) > 1 else ""
        if self.how == "exact":
            return f"{self.term}: found as typed{where}"
        if self.how == "filter":
            return f"{self.term}: {self.detail}"
        return f"{self.term} → {self.matched}: {self.detail}{where}"

    def to_json(self) -> dict[str, object]:
        return {
            "term": self.term,
            "matched": self.matched,
            "how": self.how,
            "detail": self.detail,
            "spans": [list(s) for s in self.spans],
        }


def _positive_nodes(node: Node | None, negated: bool = False) -> list[Text | FieldFilter]:
    if node is None:
        return []
    if isinstance(node, Not):
        return _positive_nodes(node.item, not negated)
    if isinstance(node, QAnd | QOr):
        return [n for item in node.items for n in _positive_nodes(item, negated)]
    return [node] if not negated and isinstance(node, Text | FieldFilter) else []


def _fold_detail(typed: str, found: str) -> str:
    pairs = []
    for a, b in zip(typed, found):
        if a != b and f"{a}→{b}" not in pairs:
            pairs.append(f"{a}→{b}")
    return "script or width fold " + " ".join(pairs) if pairs else "fold"


def explain_hit(
    hit: Hit,
    query: str,
    glossary: Glossary | None = None,
    *,
    kind: str | None = None,
    doc: str | None = None,
    year: int | str | None = None,
    doc_kind: str | None = None,
    doc_years: tuple[int, ...] = (),
) -> tuple[MatchReason, ...]:
    """Why ``hit`` matched ``query`` (searched with ``glossary`` and the given filters). ``doc_kind`` and
    ``doc_years`` (the hit document's kind and years) let the filters be confirmed; without them a filter
    is listed as applied."""
    glossary = glossary or EMPTY_GLOSSARY
    node = parse_query(query)
    filters = [f for f in filter_nodes(kind=kind, doc=doc, year=year) if isinstance(f, FieldFilter)]
    nodes: list[Text | FieldFilter] = [*_positive_nodes(node), *filters]
    text = hit.text
    folded = fold(text)
    out: list[MatchReason] = []
    for n in nodes:
        if isinstance(n, FieldFilter):
            out.append(_filter_reason(n, hit, doc_kind, doc_years))
            continue
        typed = n.raw or n.text
        variants = (n.text,) if n.phrase else glossary.expand(n.text)
        for variant in variants:
            for run in variant.split():
                spans = _find(folded, run)
                if not spans:
                    continue
                by_form: dict[str, list[tuple[int, int]]] = {}
                for s, e in spans:
                    by_form.setdefault(text[s:e], []).append((s, e))
                for found, where in by_form.items():
                    out.append(_text_reason(typed, n.text, variant, run, found, tuple(where), glossary))
    return tuple(out)


def _find(folded: str, run: str) -> list[tuple[int, int]]:
    spans, j = [], folded.find(run)
    while j != -1:
        spans.append((j, j + len(run)))
        j = folded.find(run, j + 1)
    return spans


def _text_reason(
    typed: str,
    folded_term: str,
    variant: str,
    run: str,
    found: str,
    spans: tuple[tuple[int, int], ...],
    glossary: Glossary,
) -> MatchReason:
    if variant != folded_term:  # a glossary alias
        entry = next((e for e in glossary.entries if variant in {fold(t) for t in e.terms}), None)
        detail = "glossary: " + " ↔ ".join(entry.terms) if entry else "glossary"
        if entry and entry.note:
            detail += f" ({entry.note})"
        return MatchReason(typed, found, "glossary", detail, spans)
    typed_runs = typed.split()
    typed_run = next((r for r in typed_runs if fold(r) == run), run)
    if found == typed_run:
        return MatchReason(typed, found, "exact", "", spans)
    return MatchReason(typed, found, "fold", _fold_detail(typed_run, found), spans)


def _filter_reason(n: FieldFilter, hit: Hit, doc_kind: str | None, doc_years: tuple[int, ...]) -> MatchReason:
    label = f"{n.name}:{n.value}"
    if n.name == "kind" and doc_kind is not None:
        return MatchReason(label, doc_kind, "filter", f"the document is a {doc_kind}")
    if n.name == "year" and doc_years:
        return MatchReason(label, "", "filter", "the document is dated or covers " + ", ".join(map(str, doc_years)))
    if n.name == "doc":
        return MatchReason(label, hit.doc, "filter", f"passage of {hit.doc}")
    if n.name == "section":
        return MatchReason(label, hit.section, "filter", f"in section {hit.section}")
    return MatchReason(label, "", "filter", "filter applied")
