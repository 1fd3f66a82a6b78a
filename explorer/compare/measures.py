"""Measures aligned by wording and outline: added, removed, moved, reworded, same.

Similarity is the Dice coefficient of the two measures' sets of content words (rjieba) — title and whole text,
children included — so that 加快建设现代化产业体系 and 大力推进现代化产业体系建设 share 现代化/产业/体系/建设
whatever the word order; the titles alone weigh 0.3, the same numbering style (一是 with 一是) adds a little,
a difference of level takes a little. Pairs are taken greedily, best first, level by level of A: children of
aligned parents are matched among themselves first (at a lower threshold), then what is left across parents.
Among equal scores the closer relative outline position wins (the 3rd of 10 sections against the 3rd of 10).
Below the threshold the measures are unrelated and are reported as removed and added.

Moved: a measure whose parent is aligned with another parent than the one it now hangs under, or which has
changed order among its aligned siblings (it is outside their longest increasing run). Reworded: its
normalised title and own text (without its children's) differ; the row then carries a word diff of the own text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from explorer.compare.diff import diff_text
from explorer.compare.model import DiffOp, MeasureRow, MeasureSide
from explorer.model import Measure

THRESHOLD = 0.35  # on similarity + parent bonus: 0.2 under aligned parents, 0.35 elsewhere
PARENT_BONUS = 0.15
STYLE_BONUS = 0.05
TITLE_WEIGHT = 0.3
LEVEL_PENALTY = 0.05
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
# Words every measure of a government text uses; they make unrelated measures look alike.
_STOP_WORDS = (
    "的 和 与 及 等 是 在 为 对 把 将 了 要 以 更 好 加强 推进 推动 加快 坚持 持续 深入 实施 强化 完善 提高 "
    "提升 促进 进一步 积极 大力 着力 全面 不断 切实 扎实 有效 继续 支持 开展 落实 做好 健全 建设 发展 工作"
)
_STOP = frozenset(_STOP_WORDS.split())


def _words(text: str) -> frozenset[str]:
    import rjieba

    out = set()
    for w in rjieba.cut(text):
        w = _PUNCT.sub("", w)
        if len(w) >= 2 and w not in _STOP and not w.isdigit():
            out.add(w)
    return frozenset(out)


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def own_text(ws: Any, m: Measure, children: set[str]) -> str:
    """A measure's text without its children's: a heading's passages whose deepest section it is; an inline
    一是 item's own stretch."""
    if m.node == "inline" or not children:
        return m.text
    try:
        passages = ws.document(m.doc).passages
    except KeyError:
        return m.text
    own = [passages[i].text for i in m.passages if passages[i].section_ids and passages[i].section_ids[-1] == m.id]
    return "\n\n".join(own)


def _normal(text: str) -> str:
    return _PUNCT.sub("", text)


def marker_style(number: str) -> str:
    """The numbering a measure is written with: 一是 ordinal, —— dash, （一） bracketed, 一、 / 1. listed."""
    number = number.strip()
    if number.startswith("—"):
        return "dash"
    if number.endswith("是"):
        return "ordinal"
    if number[:1] in "（(":
        return "bracket"
    if number.endswith(("、", ".", "．")):
        return "list"
    return "other" if number else "none"


class _Item:
    __slots__ = ("m", "pos", "rel", "text", "words", "title_words", "style")

    def __init__(self, m: Measure, pos: int, n: int, text: str) -> None:
        self.m = m
        self.pos = pos
        self.rel = pos / max(1, n - 1)
        self.text = text  # own text: what a reworded row's diff shows
        # Similarity reads the whole text, children included: 2021's 三、2021年重点工作 (targets and tasks)
        # is 2022's 三、政府工作任务 plus its 二、总体要求, and its own lead-in alone would pick the latter.
        self.words = _words(m.title + "\n" + m.text)
        self.title_words = _words(m.title)
        self.style = marker_style(m.number)


def _items(ws: Any, doc_id: str) -> list[_Item]:
    measures = [m for m in ws.measures(doc_id) if m.node != "root"]
    parents = {m.parent for m in measures}
    children = {m.id: {c.id for c in measures if c.parent == m.id} for m in measures if m.id in parents}
    return [_Item(m, k, len(measures), own_text(ws, m, children.get(m.id, set()))) for k, m in enumerate(measures)]


def similarity(x: _Item, y: _Item) -> float:
    body = _dice(x.words, y.words)
    if x.title_words and y.title_words:
        body = (1 - TITLE_WEIGHT) * body + TITLE_WEIGHT * _dice(x.title_words, y.title_words)
    # The same numbering is a hint of the same genre of item: a review's 一是 items against the next review's
    # 一是 items rather than its ——highlights.
    style = STYLE_BONUS if x.style == y.style else 0.0
    return body + style - LEVEL_PENALTY * abs(x.m.level - y.m.level)


def match(xs: Sequence[_Item], ys: Sequence[_Item], threshold: float = THRESHOLD) -> dict[int, tuple[int, float]]:
    """Greedy best-first one-to-one matching, A position → (B position, similarity), level by level of A so
    that a measure knows whether its parent found a partner. Children of aligned parents are matched among
    themselves first, and need less similarity (PARENT_BONUS off the threshold); only what is left is matched
    across parents, as a move. 2024's 3.4 深化改革 goes to 2025's 3.4 under the tasks, not to the review's 1.2
    with a higher raw score; 2023's 2.7 推动发展方式绿色转型 to 2024's 3.9 绿色低碳, not to its review item."""
    matched: dict[int, tuple[int, float]] = {}
    used_b: set[int] = set()
    pos_a = {x.m.id: i for i, x in enumerate(xs)}
    for level in sorted({x.m.level for x in xs}):
        pairs = []
        for i, x in enumerate(xs):
            if x.m.level != level:
                continue
            parent = pos_a.get(x.m.parent or "")
            partner = ys[matched[parent][0]].m.id if parent in matched else None
            top = x.m.level == 1 and all(y.m.level >= 1 for y in ys)  # both at the top: their parents are the roots
            for j, y in enumerate(ys):
                if j in used_b:
                    continue
                s = similarity(x, y)
                bonus = (
                    PARENT_BONUS if (partner is not None and partner == y.m.parent) or (top and y.m.level == 1) else 0.0
                )
                if s + bonus >= threshold:
                    pairs.append((0 if bonus else 1, -round(s, 6), abs(x.rel - y.rel), i, j, s))
        pairs.sort()
        for _tier, _neg, _dist, i, j, s in pairs:
            if i in matched or j in used_b:
                continue
            matched[i] = (j, s)
            used_b.add(j)
    return matched


def _lis_members(seq: list[int]) -> set[int]:
    """Indices (into ``seq``) of one longest strictly increasing subsequence."""
    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(seq)
    for k, v in enumerate(seq):
        p = bisect_left(tails, v)
        if p == len(tails):
            tails.append(v)
            tail_idx.append(k)
        else:
            tails[p] = v
            tail_idx[p] = k
        prev[k] = tail_idx[p - 1] if p else -1
    out = set()
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        out.add(k)
        k = prev[k]
    return out


def _shown(it: _Item) -> str:
    """The text a reader compares: the measure's own text, with its title first unless the text opens with it."""
    head = it.text[: len(it.m.number) + len(it.m.title) + 2]
    return it.text if it.m.title and it.m.title[:8] in head else f"{it.m.title}\n{it.text}".strip()


def _side(it: _Item) -> MeasureSide:
    m = it.m
    return MeasureSide(m.doc, m.id, m.number, m.title, m.level, m.parent, m.passages[0] if m.passages else None, it.pos)


def align_measures(ws: Any, a: str, b: str, threshold: float = THRESHOLD) -> list[MeasureRow]:
    xs, ys = _items(ws, a), _items(ws, b)
    matched = match(xs, ys, threshold)
    partner = {xs[i].m.id: ys[j].m.id for i, (j, _s) in matched.items()}
    root_a, root_b = f"{a}:0", f"{b}:0"
    partner[root_a] = root_b

    moved: set[int] = set()
    siblings: dict[str, list[int]] = {}
    for i, (j, _s) in matched.items():
        pa, pb = xs[i].m.parent or root_a, ys[j].m.parent or root_b
        if partner.get(pa) != pb:
            moved.add(i)
        else:
            siblings.setdefault(pa, []).append(i)
    for members in siblings.values():
        members.sort()
        keep = _lis_members([matched[i][0] for i in members])
        moved.update(i for k, i in enumerate(members) if k not in keep)

    rows: list[tuple[tuple[int, int], MeasureRow]] = []
    for i, x in enumerate(xs):
        if i not in matched:
            rows.append(((i, -1), MeasureRow("removed", _side(x), None, 0.0)))
            continue
        j, score = matched[i]
        y = ys[j]
        changes = []
        if i in moved:
            changes.append("moved")
        reworded = _normal(x.m.title + x.text) != _normal(y.m.title + y.text)
        diff: tuple[DiffOp, ...] = ()
        if reworded:
            changes.append("reworded")
            diff = diff_text(_shown(x), _shown(y))
        change = changes[0] if changes else "same"
        rows.append(((i, j), MeasureRow(change, _side(x), _side(y), round(score, 3), tuple(changes), diff)))  # type: ignore[arg-type]
    taken = {j for j, _s in matched.values()}
    for j, y in enumerate(ys):
        if j not in taken:
            # An added measure sits after the A row of its nearest matched predecessor in B.
            before = max((i for i, (jj, _s) in matched.items() if jj < j), default=-1)
            rows.append(((before, j), MeasureRow("added", None, _side(y), 0.0)))
    rows.sort(key=lambda r: (r[0][0] + (0.5 if r[1].change == "added" else 0), r[0][1]))
    return [r for _k, r in rows]


__all__ = ["THRESHOLD", "align_measures", "match", "similarity"]
