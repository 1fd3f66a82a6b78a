"""Diffs of Chinese text by words (or characters), since Chinese has no spaces and a line diff of a
paragraph says only "everything changed".

Words come from rjieba (jieba-rs), the project's segmenter: a word diff of 加快建设现代化产业体系 →
大力推进现代化产业体系建设 reads −加快建设 +大力推进 … +建设, where a character diff would cut words in half
(设 of 建设 matched against 设 elsewhere). ``difflib.SequenceMatcher`` aligns the token sequences; autojunk is
off because frequent tokens (的, ，) are real text here, not noise.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Literal

from explorer.compare.model import DiffOp

Unit = Literal["word", "char"]


def tokens(text: str, unit: Unit = "word") -> list[str]:
    if unit == "char":
        return list(text)
    import rjieba

    return list(rjieba.cut(text))


def diff_text(a: str, b: str, unit: Unit = "word") -> tuple[DiffOp, ...]:
    """The steps that turn ``a`` into ``b``; joining the ``a`` sides gives ``a``, the ``b`` sides ``b``."""
    ta, tb = tokens(a, unit), tokens(b, unit)
    matcher = SequenceMatcher(None, ta, tb, autojunk=False)
    ops: list[DiffOp] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        ops.append(DiffOp(tag, "".join(ta[i1:i2]), "".join(tb[j1:j2])))
    return tuple(_merge_short_equals(ops))


def _merge_short_equals(ops: list[DiffOp]) -> list[DiffOp]:
    """Fold a one-character equal run between two changes into them: −推进现代化 +加快现代化 is read more
    easily as one replacement than as a shower of tiny pieces around a shared 的 or ，."""
    out: list[DiffOp] = []
    for k, op in enumerate(ops):
        glue = op.op == "equal" and len(op.a) <= 1 and k + 1 < len(ops) and ops[k + 1].op != "equal"
        if (glue or op.op != "equal") and out and out[-1].op != "equal":
            prev = out.pop()
            out.append(DiffOp("replace", prev.a + op.a, prev.b + op.b))
        else:
            out.append(op)
    return [
        o if o.op == "equal" else DiffOp("insert" if not o.a else "delete" if not o.b else "replace", o.a, o.b)
        for o in out
    ]


def diff_ratio(ops: tuple[DiffOp, ...]) -> float:
    """Share of the text kept: 2·equal ÷ (len a + len b), as ``SequenceMatcher.ratio`` counts it."""
    same = sum(len(o.a) for o in ops if o.op == "equal")
    total = sum(len(o.a) + len(o.b) for o in ops)
    return 2 * same / total if total else 1.0


def render_plain(ops: tuple[DiffOp, ...]) -> str:
    """A diff as one line of text: [-removed-]{+added+}, the wdiff convention."""
    parts = []
    for o in ops:
        if o.op == "equal":
            parts.append(o.a)
            continue
        if o.a:
            parts.append(f"[-{o.a}-]")
        if o.b:
            parts.append(f"{{+{o.b}+}}")
    return "".join(parts)


__all__ = ["diff_ratio", "diff_text", "render_plain", "tokens"]
