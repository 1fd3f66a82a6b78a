"""A quantity's second bound: "8%至10%", "8至10%", "3~4万吨", "百分之四到五" read as one range.

The first bound may be written without the unit ("8至10%") or without 百分之 on the second ("百分之四到五"); the
unit written once holds for both, and the second bound becomes ``value_max``.  Two numbers in different units
("5万吨至10亿元") are two quantities, not a range.
"""

from __future__ import annotations

import re

from explorer.extract.number_words import parse_number
from explorer.extract.quantity_reading import QTY, read_quantity
from explorer.model import Quantity

_RANGE_SEP = re.compile(r"\s*(?:至|到|-|~|—|–|－|～)\s*")


def with_range(text: str, t: str, q: Quantity, bare: bool = False) -> Quantity:
    """ "8%至10%", "8至10%", "3~4万吨": the second bound joins the first."""
    sep = _RANGE_SEP.match(t, q.end)
    if not sep:
        return q
    m2 = QTY.match(t, sep.end())
    if not m2 or (m2.group("ar") is None and m2.group("cn") is None and m2.group("pct") is None):
        return q
    if q.text.startswith("百分之") and m2.group("pct") is None and not (m2.group("unit1") or m2.group("unit2")):
        # "百分之四到五": the second bound is written without 百分之
        v2 = parse_number(m2.group("ar") or m2.group("cn") or "")
        end2 = m2.start() + len(m2.group("ar") or m2.group("cn") or "")
        if v2 is not None and v2 > q.value:
            return Quantity(
                text[q.start : end2],
                q.start,
                end2,
                q.value,
                q.unit,
                q.base_value,
                q.base_unit,
                qualifier=q.qualifier,
                value_max=v2,
                base_value_max=v2,
                quantity_type=q.quantity_type,
            )
    q2 = read_quantity(text, t, m2, bare=bare)
    if q2 is None and m2.group("ar") is None:
        return q
    if q2 is None:
        return q
    if q.unit and q2.unit and q.base_unit != q2.base_unit:
        return q
    if not q.unit and not q2.unit and not bare:
        return q
    if q2.value < q.value and not q.unit:
        return q
    unit, base_unit, qtype = (
        (q2.unit, q2.base_unit, q2.quantity_type) if not q.unit else (q.unit, q.base_unit, q.quantity_type)
    )
    factor = (q2.base_value / q2.value) if q2.value else 1.0
    base_value = q.base_value if q.unit else q.value * factor
    return Quantity(
        text[q.start : q2.end],
        q.start,
        q2.end,
        q.value,
        unit,
        base_value,
        base_unit,
        qualifier=q.qualifier,
        value_max=q2.value,
        base_value_max=q2.base_value,
        quantity_type=qtype,
    )


__all__ = ["with_range"]
