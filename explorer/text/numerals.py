"""Small Chinese numerals and the five-year plan periods: one reader for the outline, periods and linking.

一 → 1, 十三 → 13, 二十一 → 21, 一百零二 → 102, 两 → 2; Arabic digits and circled ①… pass through. Quantities with
units and multipliers (1.57万亿, 8000余万) are ``extract.numbers``' job; this reads counts and ordinals.
"""

from __future__ import annotations

_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}
_UNITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_int(s: str) -> int | None:
    """The value of a small numeral (see module doc); None when ``s`` is not one."""
    if s.isascii() and s.isdigit():
        return int(s)
    if s in _CIRCLED:
        return _CIRCLED[s]
    total, current = 0, 0
    for ch in s:
        if ch in _UNITS:
            current = _UNITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current or None


def five_year_period(ordinal: int) -> tuple[int, int]:
    """The years of the n-th five-year plan: 14 → (2021, 2025), 十五五 → (2026, 2030). The first ran 1953–1957, the
    second 1958–1962; from the third (1966–1970) on they follow each other without gaps."""
    start = {1: 1953, 2: 1958}.get(ordinal, 1966 + 5 * (ordinal - 3))
    return start, start + 4
