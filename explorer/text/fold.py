"""The one fold: how text and queries are made comparable, per character and length-preserving.

- traditional → simplified via OpenCC's ``t2s`` table, looked up one character at a time. Phrase-level
  conversion would be context dependent (乾隆 keeps 乾, 乾燥 becomes 干燥), so a query string could fold
  differently from the same string inside a passage and substring recall would break. A per-character map
  keeps ``fold(s)`` a substring of ``fold(text)`` whenever ``s`` is a substring of ``text``;
- full-width ASCII → half-width (６３．１％ → 63.1%), ideographic space → space;
- letters lower-cased (only where that keeps the length).
Because length never changes, an offset in the folded text is the same offset in the text. Search, titles and
linking all fold through here; the number reader's own fold (``extract.numbers.fold``) only maps full-width
digits so that it can keep case and script.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FOLD_VERSION = "1"  # part of the index's schema stamp (search.analysis.ANALYSIS_VERSION)

_CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2A6E0))


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, int]:
    """codepoint → codepoint for every character whose folded form differs. Building it asks OpenCC about
    ~100,000 characters (~0.1 s, a tenth of a cold CLI search), so the result is kept in the user cache
    folder, keyed by the OpenCC version and FOLD_VERSION, and rebuilt when that file is missing or bad."""
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
    return folder / f"fold-table-{FOLD_VERSION}-opencc{opencc_version}.json"


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
