"""Character-level normalisation of one line of text, keeping the offset map.

Folding rules (one form for each thing, so search and extraction see one spelling):
- full-width digits, Latin letters and ％＋．etc. → ASCII (63．1％ → 63.1%);
- CJK punctuation written in ASCII inside Chinese text → full-width (``(一)`` → ``（一）``, ``年,战略`` → ``年，战略``),
  so outline markers and sentence splitting see one form; commas, colons and points between digits stay ASCII;
- chemical and particle subscripts in any markup → plain (PM_{2.5}, PM<sub>2.5</sub>, PM 2.5, CO₂ → PM2.5, CO2);
- the ratio colon ∶ between digits → ':'; zero-width characters and soft hyphens dropped.
"""

from __future__ import annotations

import re

from explorer.corpus.mapped import MappedText

# Bump when any rule here, in paragraphs.py, markers.py, outline.py or noise.py changes (they shape passages,
# sections and exclusions, all of which the index stores): the index rebuilds itself on a new version.
NORMALISER_VERSION = "6"  # 6: a table of contents is excluded ("table of contents")

_FULLWIDTH_ASCII = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
# Full-width punctuation that is the normal form in Chinese text stays full-width.
for _keep in "，。：；！？（）【】《》〈〉「」『』、～":
    _FULLWIDTH_ASCII.pop(ord(_keep), None)
_FULLWIDTH_ASCII[0x3000] = " "  # ideographic space
_SUBSCRIPTS = {ord(s): d for s, d in zip("₀₁₂₃₄₅₆₇₈₉ₓ", "0123456789x")}
_INVISIBLE = {cp: None for cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD)}
_CHAR_TABLE: dict[int, str | None] = {**_FULLWIDTH_ASCII, **_SUBSCRIPTS, **_INVISIBLE}

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{_CJK}]")

_SUBSCRIPT_MARKUP = re.compile(r"_\{([^{}\n]{1,6})\}|<su[bp]>\s*([^<\n]{1,6}?)\s*</su[bp]>", re.IGNORECASE)
_PM_SPACE = re.compile(r"(PM)\s+(2\.5|10)(?![\d.])")
_RATIO_COLON = re.compile(r"(?<=\d)∶(?=\d)")
_ASCII_PARENS = re.compile(r"\(([^()\n]{0,60})\)")
_ASCII_PUNCT_IN_CJK = re.compile(r"[,;:!?](?!\d)|(?<!\d)[,;:](?=\d)")


def fold_line(line: MappedText) -> MappedText:
    line = line.translate(_CHAR_TABLE)
    line = line.sub(_SUBSCRIPT_MARKUP, lambda m: m.group(1) or m.group(2))
    line = line.sub(_PM_SPACE, r"\1\2")
    line = line.sub(_RATIO_COLON, ":")
    line = line.sub(_ASCII_PARENS, _fold_parens)
    if _CJK_RE.search(line.text):
        line = line.sub(_ASCII_PUNCT_IN_CJK, _fold_punct)
    return line


def fold_text(text: str) -> str:
    """The same folding on a plain string (queries, titles, anchors)."""
    return fold_line(MappedText.of(text)).text


def _fold_parens(m: re.Match[str]) -> str:
    inner = m.group(1)
    if _CJK_RE.search(inner):
        return f"（{inner}）"
    return m.group(0)


_PUNCT_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}


def _fold_punct(m: re.Match[str]) -> str:
    ch = m.group(0)
    s, i = m.string, m.start()
    before = s[i - 1] if i > 0 else ""
    after = s[i + 1] if i + 1 < len(s) else ""
    # Only in Chinese context: a CJK character or Chinese punctuation on either side.
    if _is_cjkish(before) or _is_cjkish(after) or (before in "%）" and after != " "):
        return _PUNCT_FULL[ch]
    return ch


def _is_cjkish(c: str) -> bool:
    return bool(c) and (bool(_CJK_RE.match(c)) or c in "，。：；！？（）《》“”‘’、")


def is_cjk(c: str) -> bool:
    return bool(_CJK_RE.match(c))
