"""Where names occur in passages, in one pass over the text (Aho-Corasick: thousands of quoted programme names over
a corpus of a thousand reports cost one scan, not one scan each).

Each occurrence keeps the character before and after it, which is all a caller reads of the text around it (is
“河长制” quoted there? is "5G" inside a longer code?): so occurrences found once per document can be kept with its
analysis and reused while the document is unchanged, without loading its text again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

# (doc, passage, start, the character before the name or "", the character after it or ""): a plain tuple, since a
# thousand reports hold half a million occurrences and they are stored (a named tuple pickles three times slower)
Occurrence = tuple[str, int, int, str, str]


Occurrences = dict[str, list[Occurrence]]


def scanner(names: Iterable[str]) -> Callable[[Mapping[tuple[str, int], str]], Occurrences]:
    """A scan of passages ((doc, index) → text) for ``names``: the automaton is built once, for any number of
    documents scanned after."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for name in names:
        if name:
            automaton.add_word(name, name)
    ready = bool(len(automaton))
    if ready:
        automaton.make_automaton()

    def scan(texts: Mapping[tuple[str, int], str]) -> Occurrences:
        found: Occurrences = defaultdict(list)
        if not ready:
            return found
        for (doc, index), text in texts.items():
            for last, name in automaton.iter(text):
                start, end = last - len(name) + 1, last + 1
                found[name].append((doc, index, start, text[start - 1 : start], text[end : end + 1]))
        return found

    return scan


def merge(parts: Iterable[Occurrences]) -> Occurrences:
    out: Occurrences = defaultdict(list)
    for part in parts:
        for name, found in part.items():
            out[name].extend(found)
    return out
