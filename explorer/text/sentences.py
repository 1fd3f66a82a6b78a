"""The one sentence and clause splitter.

A Chinese sentence ends at 。！？ (and their ASCII forms, and ……); policy texts also close a list item with ；
(一是…；二是…；), so for *citing* a figure or title, ； ends the quoted piece too (``CLAUSE_END``). Commas and
colons cut the long sentences of a congress report into clauses (``clauses``) for matching plan measures.
"""

from __future__ import annotations

import re

SENTENCE_END = "。！？!?"
CLAUSE_END = "。！？；"  # a 一是…；二是… item is a clause of its own
_SENTENCE_RUN = re.compile(r"[。！？!?\n]+|……")
MAX_CLAUSE = 60  # characters: longer sentences are matched piece by piece


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` that is not blank, end marks included; line breaks end a
    sentence too (a heading line is a sentence of its own)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_RUN.finditer(text):
        if text[start : m.end()].strip():
            spans.append((start, m.end()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def sentence_at(text: str, start: int, end: int) -> str:
    """The clause of ``text`` (to 。！？ or ；) that holds ``text[start:end]``, stripped."""
    left = max(text.rfind(c, 0, start) for c in CLAUSE_END) + 1
    rights = [i for i in (text.find(c, end) for c in CLAUSE_END) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


def clauses(text: str, longest: int = MAX_CLAUSE) -> list[str]:
    """Sentences (to 。！？；), with long ones cut at commas and colons into pieces of at most ``longest``
    characters: a congress report's sentence lists five measures; each piece is matched on its own."""
    out = []
    for sentence in re.split(r"(?<=[。！？；])", text):
        sentence = sentence.strip()
        if not sentence:
            continue
        if len(sentence) <= longest:
            out.append(sentence)
            continue
        piece = ""
        for part in re.split(r"(?<=[，：])", sentence):
            if piece and len(piece) + len(part) > longest:
                out.append(piece)
                piece = ""
            piece += part
        if piece:
            out.append(piece)
    return out
