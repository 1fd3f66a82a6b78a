"""Line breaking for Chinese text in a terminal, following the rules Chinese typesetting keeps (避头尾, like
Japanese kinsoku): no line starts with closing punctuation (。，、；：？！）」』》…) and none ends with an
opening one (（「『《“), and a number with its unit or a Latin word is not split (63.1%, PM2.5).

Textual wraps Content with ``rich._wrap.divide_line``, which folds a run of Chinese characters at any cell, so
"，系统推进…" can open a line. ``break_offsets`` gives the offsets to break at instead; ``WrappedText`` (in
``explorer.tui.wrapped``) applies them before Textual sees the text. A break that would leave a closing mark at
the start of a line pulls the character before it down as well (推り出し), since a terminal has no margin to
hang the mark in. Pure Python: unit-tested on its own."""

from __future__ import annotations

import re

from rich.cells import cell_len

# Characters that must not begin a line: closing brackets and quotes, sentence and clause punctuation, the
# iteration and prolonged-sound marks, and their half-width forms.
NO_START = set("。，、；：？！）」』》〉】〕］｝〗〙〛”’…‥·・ー～%％,.;:?!)]}>")
# Characters that must not end a line: opening brackets and quotes.
NO_END = set("（「『《〈【〔［｛〖〘〚“‘([{<")
# Runs kept together: Latin words, numbers with their decimal point, per cent sign or unit letters.
_TOKEN = re.compile(r"\s+|[A-Za-z0-9][A-Za-z0-9.%％/+\-_]*|.", re.DOTALL)
MAX_PULL = 3  # characters a break may move back to keep a mark off a line's start (else the rule yields)


def _tokens(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _TOKEN.finditer(text)]


def _allowed(text: str, at: int) -> bool:
    """May a line break before ``text[at]``?"""
    if at <= 0 or at >= len(text):
        return True
    return text[at] not in NO_START and text[at - 1] not in NO_END


def break_offsets(text: str, width: int) -> list[int]:
    """Offsets at which to break ``text`` (one paragraph, no newlines) into lines of at most ``width`` cells."""
    if width < 2:
        width = 2
    offsets: list[int] = []
    tokens = _tokens(text)
    line_start, used, i = 0, 0, 0
    while i < len(tokens):
        start, end = tokens[i]
        w = cell_len(text[start:end])
        if used + w <= width:
            used += w
            i += 1
            continue
        if text[start:end].isspace():  # a space at the break is dropped, not carried to the next line
            offsets.append(end)
            line_start, used, i = end, 0, i + 1
            continue
        if start == line_start:  # one token wider than the line: fold it by characters
            cut, cells = start, 0
            while cut < end and cells + cell_len(text[cut]) <= width:
                cells += cell_len(text[cut])
                cut += 1
            cut = max(cut, start + 1)
            offsets.append(cut)
            tokens[i] = (cut, end)
            line_start, used = cut, 0
            continue
        # Break before token i, moved back while the rules forbid it (never emptying the line).
        j = i
        while j > 0 and not _allowed(text, tokens[j][0]) and i - j < MAX_PULL and tokens[j - 1][0] > line_start:
            j -= 1
        if not _allowed(text, tokens[j][0]):
            j = i  # the rule cannot be kept within a few characters: break where the line is full
        at = tokens[j][0]
        offsets.append(at)
        line_start, used, i = at, 0, j
    return offsets


def wrap_lines(text: str, width: int) -> list[str]:
    """``text`` broken into lines (each paragraph separately), for tests and plain rendering."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        cuts = [0, *break_offsets(paragraph, width), len(paragraph)]
        lines += [paragraph[a:b].rstrip() for a, b in zip(cuts, cuts[1:], strict=False) if a < b or not paragraph]
    return lines
