"""The years a document covers: a five-year plan its five years, a work report the year it plans and the one it
reviews, a titled span ("2021—2025年") its years.

"第十四个五年规划" and "“十四五”规划" cover 2021–2025, computed from the sequence of plans, not from a table of names;
a work report of 2024 reviews 2023 and plans 2024; years named in its numbered headings ("一、2023年工作回顾") are added
when they lie within five years of its date.
"""

from __future__ import annotations

import re

_FYP_TITLE = re.compile(
    r"第([一二三四五六七八九十]{1,3})个五年(?:规划|计划)|[“\"]?(十[一二三四五六七八九]?五)[”\"]?(?:规划|计划|时期)"
)


def five_year_plan_years(title: str) -> tuple[int, int] | None:
    """第十四个五年规划 / “十四五”规划 → (2021, 2025). Plans follow each other every five years from the first
    (1953–1957) and second (1958–1962); the third began in 1966 after three years of adjustment."""
    match = _FYP_TITLE.search(title)
    if not match:
        return None
    from explorer.corpus.markers import cn_ordinal

    if match.group(2):  # "十四五" is the 14th, a bare "十五" the 10th
        n = 10 if match.group(2) == "十五" else cn_ordinal(match.group(2)[:-1])
    else:
        n = cn_ordinal(match.group(1))
    if not n:
        return None
    start = {1: 1953, 2: 1958}.get(n, 1966 + 5 * (n - 3))
    return start, start + 4


def covers_of(title: str, lines: list[str], year: int | None, kind: str) -> tuple[int, ...]:
    years: set[int] = set()
    fyp = five_year_plan_years(title) if kind == "plan" else None
    if fyp:
        return tuple(range(fyp[0], fyp[1] + 1))  # a five-year plan covers its period, not its first year only
    span = re.search(r"(\d{4})\s*[-—–~至到]{1,2}\s*(\d{4})\s*年", title)
    if span and 0 <= int(span.group(2)) - int(span.group(1)) <= 30:
        years.update(range(int(span.group(1)), int(span.group(2)) + 1))
    if year is not None:
        for line in lines:
            if len(line) <= 40 and re.match(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])", line):
                for found in re.findall(r"(?<!\d)(\d{4})\s*年", line):
                    if abs(int(found) - year) <= 5:
                        years.add(int(found))
        years.add(year)
        if "政府工作报告" in title or title.endswith("工作报告"):
            years.add(year - 1)  # a work report reviews the year before the one it plans
    return tuple(sorted(years))


__all__ = ["covers_of", "five_year_plan_years"]
