"""Text analysis for the search index: folding, character bigrams and rjieba search-mode words.

Folding is *per character and length-preserving*, applied identically to indexed text and to queries:
- traditional → simplified via OpenCC's ``t2s`` table, looked up one character at a time. Phrase-level
  conversion would be context dependent (乾隆 keeps 乾, 乾燥 becomes 干燥), so a query string could fold
  differently from the same string inside a passage and substring recall would break. A per-character map
  keeps ``fold(s)`` a substring of ``fold(text)`` whenever ``s`` is a substring of ``text``;
- full-width ASCII → half-width (６３．１％ → 63.1%), ideographic space → space;
- letters lower-cased (only where that keeps the length).
Because length never changes, an offset in the folded text is the same offset in ``Passage.text``: highlights
need no offset map.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

# Bump when folding or tokenisation changes: part of the index's schema stamp.
ANALYSIS_VERSION = "1"

_CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2A6E0))


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, int]:
    """codepoint → codepoint for every character whose folded form differs. Building it asks OpenCC about
    ~100,000 characters (~0.1 s, a tenth of a cold CLI search), so the result is kept in the user cache
    folder, keyed by the OpenCC version and ANALYSIS_VERSION, and rebuilt when that file is missing or bad."""
    import json

    import opencc  # imported lazily: only folding needs it

    cache = _fold_cache_path(getattr(opencc, "__version__", "0"))
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        if isinstance(data, dict) and len(data) > 1000:
            return {int(k): int(v) for k, v in data.items()}
    except (OSError, ValueError, TypeError):
        pass
    table = _build_fold_table()
    try:
        from explorer.fileio import write_atomic

        write_atomic(cache, json.dumps(table))
    except OSError:  # a read-only cache folder only costs the rebuild next time
        pass
    return table


def _fold_cache_path(opencc_version: str) -> Path:
    import platformdirs

    folder = Path(platformdirs.user_cache_dir("policy-explorer"))
    return folder / f"fold-table-{ANALYSIS_VERSION}-opencc{opencc_version}.json"


def _build_fold_table() -> dict[int, int]:
    table: dict[int, int] = {cp: ord(chr(cp - 0xFEE0).lower()) for cp in range(0xFF01, 0xFF5F)}
    table[0x3000] = 0x20
    for cp in range(0x41, 0x5B):
        table[cp] = cp + 0x20
    for cp in range(0xC0, 0x250):  # Latin-1 and Latin Extended letters with a one-character lower case
        lower = chr(cp).lower()
        if len(lower) == 1 and lower != chr(cp):
            table[cp] = ord(lower)
    import opencc

    converter = opencc.OpenCC("t2s")
    chars = [chr(cp) for lo, hi in _CJK_RANGES for cp in range(lo, hi)]
    # One character per line: OpenCC converts each line without phrase context.
    converted = converter.convert("\n".join(chars)).split("\n")
    if len(converted) == len(chars):
        for ch, simp in zip(chars, converted):
            if len(simp) == 1 and simp != ch:
                table[ord(ch)] = ord(simp)
    return table


def fold(text: str) -> str:
    """Length-preserving search folding (see module doc)."""
    return text.translate(_fold_table())


# Full-width ASCII → ASCII without lower-casing (the query parser still needs to see AND/OR/NOT), plus the
# quotes users type in Chinese input methods → '"'. Only queries go through this; terms are then ``fold``ed.
_QUERY_TABLE: dict[int, str] = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_QUERY_TABLE.update({0x3000: " ", 0xA0: " "})
_QUERY_TABLE.update({ord(q): '"' for q in "“”„「」『』"})


def normalise_query(text: str) -> str:
    """Raw query → NFC, half-width ASCII (ＡＮＤ → AND, ：→ :, （→ (), Chinese quotes → '"'."""
    return unicodedata.normalize("NFC", text or "").translate(_QUERY_TABLE)


# ---------------------------------------------------------------------------------------------- bigrams

_WS = re.compile(r"\S+")


def runs(text: str) -> Iterator[tuple[int, str]]:
    """Whitespace-separated runs of already folded text, with their offsets.

    Punctuation stays inside runs on purpose: every non-space character takes part in bigrams, so any
    substring without whitespace is a phrase of bigrams and the index matches exactly what grep matches.
    """
    for m in _WS.finditer(text):
        yield m.start(), m.group()


def bigram_postings(folded: str) -> dict[str, list[int]]:
    """term → positions for overlapping character bigrams of ``folded`` text.

    The position of a bigram is the offset of its first character, so the bigrams of a substring sit at
    consecutive positions (a phrase). The last character of each run is also indexed as a unigram, so that a
    one-character query (a prefix search) finds every occurrence.
    """
    postings: dict[str, list[int]] = {}
    get = postings.get
    for start, run in runs(folded):
        for i in range(len(run) - 1):
            gram = run[i : i + 2]
            lst = get(gram)
            if lst is None:
                postings[gram] = [start + i]
            else:
                lst.append(start + i)
        last = run[-1]
        pos = start + len(run) - 1
        lst = get(last)
        if lst is None:
            postings[last] = [pos]
        else:
            lst.append(pos)
    return postings


def bigrams_of(run: str) -> list[str]:
    """The bigram terms of one query run (no whitespace) in order; a single character stays a unigram."""
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


# ---------------------------------------------------------------------------------------------- words


def _is_wordlike(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def word_counts(folded: str) -> dict[str, int]:
    """term → frequency of rjieba search-mode words (overlapping: 绿水青山 also yields 绿水, 青山)."""
    import rjieba  # lazily: loading the dictionary costs ~0.1 s and only indexing and ranking need it

    counts: dict[str, int] = {}
    for word in rjieba.cut_for_search(folded):
        if not word.isspace() and _is_wordlike(word):
            counts[word] = counts.get(word, 0) + 1
    return counts


def query_words(folded: str) -> list[str]:
    """Words of a query term for the ranking field: precise-mode segmentation, punctuation dropped."""
    import rjieba

    return [w for w in rjieba.cut(folded) if not w.isspace() and _is_wordlike(w)]
