"""Quantities as Chinese policy texts write them: ``parse_quantities`` finds every quantity in a text and returns
``Quantity`` objects with spans, each with its number, multiplier, unit, qualifiers and range.

The scanner runs the parts in order: frames first (``quantity_frames``: ratios, ranks, multiples, runs of years), then
each remaining match of one quantity (``quantity_reading``), widened by a second bound (``quantity_ranges``) and by
the qualifying words around it (``qualifiers``).  Reading one number word ("一千二百三十四", "1.57万亿", "二十点一万")
is ``number_words.parse_number``; the units it knows are ``units.UNITS``.  Those names are re-exported here, where
the rest of the project has always imported them from.
"""

from __future__ import annotations

from explorer.extract.number_words import MULTIPLIERS, fold, parse_number
from explorer.extract.qualifiers import POST_QUALIFIERS, PRE_QUALIFIERS, with_qualifiers
from explorer.extract.quantity_frames import frame_quantities
from explorer.extract.quantity_ranges import with_range
from explorer.extract.quantity_reading import QTY, read_quantity
from explorer.extract.units import UNITS
from explorer.model import Quantity


def parse_quantities(text: str, *, bare_numerals: bool = False) -> list[Quantity]:
    """Every quantity in ``text`` with its span (offsets into ``text``).

    Chinese numerals count only with a unit, a multiplier, 百分之 or a rank/duration/multiple frame, so that
    "一是", "三大高地", "十四五" stay words; ``bare_numerals=True`` also returns bare Chinese numbers (for
    whole-number inputs).  Years, dates, programme names in quotes ("1269", "1+N") and ordinals are skipped.
    """
    t = fold(text)
    out: list[Quantity] = frame_quantities(text, t)  # frames first: ratios, ranks, multiples, durations
    taken: list[tuple[int, int]] = [(q.start, q.end) for q in out]

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(q: Quantity) -> None:
        out.append(q)
        taken.append((q.start, q.end))

    pos = 0
    while True:
        qm = QTY.search(t, pos)
        if not qm:
            break
        pos = qm.end() if qm.end() > qm.start() else qm.start() + 1
        if not free(qm.start(), qm.end()):
            pos = max(pos, next(e for s, e in taken if not (qm.end() <= s or qm.start() >= e)))
            continue
        q = read_quantity(text, t, qm, bare_numerals)
        if q is None:
            continue
        q = with_range(text, t, q, bare_numerals)
        q = with_qualifiers(text, t, q)
        if free(q.start, q.end):
            add(q)
            pos = max(pos, q.end)
    out.sort(key=lambda q: q.start)
    return out


__all__ = ["parse_number", "parse_quantities", "fold", "UNITS", "MULTIPLIERS", "PRE_QUALIFIERS", "POST_QUALIFIERS"]
