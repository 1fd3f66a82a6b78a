"""Exact-span highlighting.

Highlights come from the query's own strings, not from index tokens: every occurrence of each (folded)
positive term in the (folded) passage text is marked, and overlapping or touching spans are merged. Search-
mode segmentation emits overlapping words (绿水, 青山, 绿水青山), and highlighting those tokens would double or
cut spans; string matching marks exactly the characters a grep would. Folding keeps lengths, so offsets in the
folded text are offsets in ``Passage.text``.
"""

from __future__ import annotations

from collections.abc import Iterable

from explorer.search.analysis import fold

Span = tuple[int, int]


def find_spans(folded_text: str, terms: Iterable[str]) -> list[Span]:
    """All (start, end) occurrences of each term, overlapping occurrences included, unsorted."""
    spans: list[Span] = []
    for term in terms:
        if not term:
            continue
        n = len(term)
        i = folded_text.find(term)
        while i != -1:
            spans.append((i, i + n))
            i = folded_text.find(term, i + 1)
    return spans


def merge_spans(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Sorted, non-overlapping spans; spans that overlap or touch become one."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1][1] = end
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


def highlight(text: str, terms: Iterable[str], *, folded: bool = False) -> tuple[Span, ...]:
    """Merged spans of ``text`` matching any of ``terms`` (already folded query strings)."""
    return merge_spans(find_spans(text if folded else fold(text), terms))
