"""Glossary of policy abbreviations and aliases, through which query terms expand (两山 ↔ 绿水青山就是金山银山).

The YAML file is a list of entries; each entry is a group of equivalent terms, either a plain list or a
mapping ``{terms: [...], note: "..."}``. A malformed entry becomes one ``Problem`` and the rest still loads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from explorer.model import Problem
from explorer.search.analysis import fold

# A query term expands to at most this many alternatives (itself included): keeps queries small.
MAX_VARIANTS = 12


@dataclass(frozen=True)
class GlossaryEntry:
    terms: tuple[str, ...]  # as written in the file
    note: str = ""


@dataclass(frozen=True)
class Glossary:
    entries: tuple[GlossaryEntry, ...] = ()
    # folded term → indices of the entries that list it (built in __post_init__)
    _index: dict[str, tuple[int, ...]] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        index: dict[str, list[int]] = {}
        for i, entry in enumerate(self.entries):
            for term in entry.terms:
                index.setdefault(fold(term), []).append(i)
        self._index.update({k: tuple(v) for k, v in index.items()})

    def __len__(self) -> int:
        return len(self.entries)

    def aliases(self, term: str) -> tuple[str, ...]:
        """Folded terms equivalent to the whole of ``term`` (``term`` itself first), or just ``(term,)``."""
        key = fold(term)
        out = [key]
        for i in self._index.get(key, ()):
            for alt in self.entries[i].terms:
                folded = fold(alt)
                if folded not in out:
                    out.append(folded)
        return tuple(out)

    def expand(self, term: str) -> tuple[str, ...]:
        """Folded alternatives for a query term, the term itself first.

        A term equal to a glossary term expands to its whole group. Otherwise the longest glossary term found
        *inside* it is swapped for each of its aliases (双碳目标 → 碳达峰碳中和目标, …), because Chinese
        queries rarely put spaces around the abbreviation.
        """
        key = fold(term)
        whole = self.aliases(key)
        if len(whole) > 1:
            return whole[:MAX_VARIANTS]
        inner = max((k for k in self._index if len(k) >= 2 and k != key and k in key), key=len, default=None)
        if inner is None:
            return (key,)
        out = [key]
        for alt in self.aliases(inner)[1:]:
            variant = key.replace(inner, alt, 1)
            if variant not in out:
                out.append(variant)
        return tuple(out[:MAX_VARIANTS])


EMPTY_GLOSSARY = Glossary()


def _entry_terms(raw: Any) -> tuple[tuple[str, ...], str] | str:
    """(terms, note) of one raw YAML entry, or a message saying what is wrong with it."""
    note = ""
    if isinstance(raw, dict):
        unknown = sorted(str(k) for k in raw if k not in ("terms", "note"))
        if unknown:
            return f"unknown key(s) {', '.join(unknown)} (expected terms, note)"
        note_raw = raw.get("note", "")
        if note_raw is not None and not isinstance(note_raw, str):
            return "note must be text"
        note = note_raw or ""
        raw = raw.get("terms")
    if not isinstance(raw, list):
        return "expected a list of terms, or a mapping with 'terms:'"
    terms: list[str] = []
    for t in raw:
        if isinstance(t, bool) or not isinstance(t, str | int | float):
            return f"term {t!r} is not text"
        text = str(t).strip()
        if not text:
            return "empty term"
        if text not in terms:
            terms.append(text)
    if len(terms) < 2:
        return "needs at least two different terms"
    return tuple(terms), note


def parse_glossary(data: Any, source: str = "<glossary>") -> tuple[Glossary, list[Problem]]:
    problems: list[Problem] = []
    if data is None:
        return EMPTY_GLOSSARY, problems
    if isinstance(data, dict) and "entries" in data:
        data = data["entries"]
    if not isinstance(data, list):
        return EMPTY_GLOSSARY, [Problem(source, "the glossary must be a list of entries")]
    entries: list[GlossaryEntry] = []
    for n, raw in enumerate(data, start=1):
        parsed = _entry_terms(raw)
        if isinstance(parsed, str):
            problems.append(Problem(source, f"entry {n}: {parsed}; entry skipped", "warning"))
        else:
            entries.append(GlossaryEntry(*parsed))
    return Glossary(tuple(entries)), problems


def load_glossary(path: Path) -> tuple[Glossary, list[Problem]]:
    """Read a glossary YAML file. Never raises: unreadable files and bad entries become Problems."""
    from explorer.corpus.records import UnsafeYAML, safe_yaml_load
    from explorer.fileio import MAX_RECORD_BYTES, FileRefused, read_regular

    source = str(path)
    try:  # read like a record: a regular file, bounded, no YAML aliases (a corpus from someone else)
        text = read_regular(Path(path), MAX_RECORD_BYTES).decode("utf-8-sig")
    except FileRefused as exc:
        return EMPTY_GLOSSARY, [Problem(source, str(exc))]
    except FileNotFoundError:
        return EMPTY_GLOSSARY, [Problem(source, "glossary file not found", "warning")]
    except (OSError, UnicodeDecodeError) as exc:
        return EMPTY_GLOSSARY, [Problem(source, f"cannot read the glossary: {exc}")]
    try:
        data = safe_yaml_load(text, "a settings file")
    except UnsafeYAML as exc:
        return EMPTY_GLOSSARY, [Problem(source, str(exc))]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        return EMPTY_GLOSSARY, [Problem(source, f"not valid YAML{where}: {getattr(exc, 'problem', exc)}")]
    return parse_glossary(data, source)
