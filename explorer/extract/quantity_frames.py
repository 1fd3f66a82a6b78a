"""Quantities known by the words framing them rather than by a unit: ratios, ranks, multiples and runs.

"1:1.2" is a ratio; "居全国第3位", "位居全国首位" a rank; "翻一番" doubles (a multiple of 2**n); "连续5年" a run of
years.  These frames are found before the general quantity reader runs, so that the numbers inside them are not
read again as bare counts; a rank needs a cue before it ("居", "全国…") so that "第二轮", "第一经济大省" stay words.
"""

from __future__ import annotations

import re

from explorer.extract.number_words import CN_NUM_CHARS, parse_number
from explorer.model import Quantity

_RATIO = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?:\s*:\s*\d+(?:\.\d+)?)+(?![\d.])")
_RANK = re.compile(rf"第(?P<n>\d+|[{CN_NUM_CHARS}]+)(?P<u>位|名)?")
_RANK_FIRST = re.compile(
    r"(?:居|列|位居|位列|稳居|保持|跃居|排名)(?:全国|全省|全球|世界|同类城市|中部地区|西部地区|东部地区|中部六省)?(?P<w>首位)"
)
_RANK_CUE = re.compile(
    r"(?:居|列|排名|排位|位居|位列|保持|跃居|跃升|升至|前移|稳居|全国|全省|全球|世界|中部|西部|东部|六省|同类|省份|城市中)[^，。；,;：]{0,10}$"
)
_MULTIPLE = re.compile(r"翻(?:了)?(?P<n>[一二两三四五]|\d)番")
_DURATION = re.compile(rf"(?P<pre>连续|持续|已连续|累计)(?P<n>\d+|[{CN_NUM_CHARS}]+)(?P<u>年|个月|个季度|届)")


def frame_quantities(text: str, t: str) -> list[Quantity]:
    """Ratios, ranks, multiples and runs in ``t`` (the folded ``text``), in that order, none overlapping an earlier
    one; spans and texts are those of ``text``."""
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(q: Quantity) -> None:
        out.append(q)
        taken.append((q.start, q.end))

    for m in _RATIO.finditer(t):
        parts = tuple(float(p) for p in re.split(r"\s*:\s*", m.group()))
        if m.start() > 0 and t[m.start() - 1].isalpha() and t[m.start() - 1].isascii():
            continue
        add(
            Quantity(
                text[m.start() : m.end()],
                m.start(),
                m.end(),
                parts[0],
                "",
                parts[0],
                "",
                ratio=parts,
                quantity_type="ratio",
            )
        )
    for m in _RANK_FIRST.finditer(t):
        add(
            Quantity(
                text[m.start("w") : m.end("w")], m.start("w"), m.end("w"), 1.0, "位", 1.0, "位", quantity_type="rank"
            )
        )
    for m in _RANK.finditer(t):
        if not free(m.start(), m.end()):
            continue
        after = t[m.end() : m.end() + 1]
        if not m.group("u") and after and after not in "，。；、,;:：）)！？!?”\n ":
            continue  # "第一经济大省", "第二轮": an ordinal inside a word
        if not _RANK_CUE.search(t[max(0, m.start() - 14) : m.start()]):
            continue
        n = parse_number(m.group("n"))
        if n is None or n <= 0 or n >= 1000:
            continue
        add(Quantity(text[m.start() : m.end()], m.start(), m.end(), n, "位", n, "位", quantity_type="rank"))
    for m in _MULTIPLE.finditer(t):
        n = parse_number(m.group("n"))
        if n is None:
            continue
        add(Quantity(text[m.start() : m.end()], m.start(), m.end(), n, "番", 2.0**n, "倍", quantity_type="multiple"))
    for m in _DURATION.finditer(t):
        n = parse_number(m.group("n"))
        if n is None or not free(m.start("n"), m.end()):
            continue
        add(
            Quantity(
                text[m.start("n") : m.end()],
                m.start("n"),
                m.end(),
                n,
                m.group("u"),
                n,
                m.group("u"),
                quantity_type="duration",
            )
        )
    return out


__all__ = ["frame_quantities"]
