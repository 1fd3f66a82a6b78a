"""Text that remembers where each of its characters came from in the source."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class MappedText:
    """``text[i]`` was read from ``source[offsets[i]]``; ``end`` is the source offset just past the last char."""

    text: str
    offsets: tuple[int, ...]
    end: int

    @classmethod
    def of(cls, text: str, start: int = 0) -> MappedText:
        return cls(text, tuple(range(start, start + len(text))), start + len(text))

    def __len__(self) -> int:
        return len(self.text)

    @property
    def start(self) -> int:
        return self.offsets[0] if self.offsets else self.end

    def source_span(self, i: int, j: int) -> tuple[int, int]:
        """Source offsets covering ``text[i:j]``."""
        if i >= j:
            pos = self.offsets[i] if i < len(self.offsets) else self.end
            return pos, pos
        last = self.offsets[j - 1] + 1
        return self.offsets[i], last

    def slice(self, i: int, j: int) -> MappedText:
        offsets = self.offsets[i:j]
        end = offsets[-1] + 1 if offsets else (self.offsets[i] if i < len(self.offsets) else self.end)
        return MappedText(self.text[i:j], offsets, end)

    def strip(self) -> MappedText:
        text = self.text
        i, j = 0, len(text)
        while i < j and text[i].isspace():
            i += 1
        while j > i and text[j - 1].isspace():
            j -= 1
        return self.slice(i, j)

    def sub(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str] | str) -> MappedText:
        """Regex substitution that keeps the map: replacement chars map to the start of what they replace
        (or, when a replacement keeps a captured character, to that character)."""
        pieces: list[str] = []
        offsets: list[int] = []
        pos = 0
        for m in pattern.finditer(self.text):
            pieces.append(self.text[pos : m.start()])
            offsets.extend(self.offsets[pos : m.start()])
            new = repl(m) if callable(repl) else m.expand(repl)
            pieces.append(new)
            offsets.extend(_map_replacement(m, new, self.offsets, self.end))
            pos = m.end()
        if not pieces:
            return self
        pieces.append(self.text[pos:])
        offsets.extend(self.offsets[pos:])
        return MappedText("".join(pieces), tuple(offsets), self.end)

    def translate(self, table: dict[int, str | None]) -> MappedText:
        """One-to-one or one-to-none character mapping (str.translate that keeps the map)."""
        if not any(ord(c) in table for c in self.text):
            return self
        chars: list[str] = []
        offsets: list[int] = []
        for c, off in zip(self.text, self.offsets):
            new = table.get(ord(c), c)
            if new is None:
                continue
            for ch in new:
                chars.append(ch)
                offsets.append(off)
        return MappedText("".join(chars), tuple(offsets), self.end)

    @staticmethod
    def join(parts: Iterable[MappedText], sep: str = "") -> MappedText:
        texts: list[str] = []
        offsets: list[int] = []
        end = 0
        first = True
        for part in parts:
            if not first and sep:
                texts.append(sep)
                offsets.extend([part.start] * len(sep))
            texts.append(part.text)
            offsets.extend(part.offsets)
            end = max(end, part.end)
            first = False
        return MappedText("".join(texts), tuple(offsets), end)


def _map_replacement(m: re.Match[str], new: str, offsets: tuple[int, ...], end: int) -> list[int]:
    start = offsets[m.start()] if m.start() < len(offsets) else end
    if not new:
        return []
    matched = m.group(0)
    if len(new) == len(matched):  # a same-length rewrite ("(一)" → "（一）") maps char by char
        return list(offsets[m.start() : m.end()])
    # Keep the map exact for characters the replacement carries over in order (PM_{2.5} → PM2.5).
    result: list[int] = []
    k = 0
    for ch in new:
        found = matched.find(ch, k)
        if found >= 0:
            result.append(offsets[m.start() + found])
            k = found + 1
        else:
            result.append(result[-1] if result else start)
    return result
