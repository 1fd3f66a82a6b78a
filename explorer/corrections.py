"""The researcher's corrections to the analysis, kept in the corpus folder (``corrections.yaml``) so that they
survive re-indexing and re-analysis, and applied to the figures in one place (``apply_corrections``).

A figure is named by ``doc#passage@offset`` (the offset of its number in the passage text), which stays the same
when the corpus is analysed again. The file::

    corrections:
      - figure: cn-gwr-2023#71@24        # fix what the extractor read
        set: {role: actual, year: 2022, value: 4.56, indicator: 高标准农田面积}
        note: a five-year total
      - figure: cn-gwr-2023#80@31        # drop a figure altogether
        veto: true
      - merge: [空气质量优良天数, 优良天数比例]   # one indicator under the name ``into``
        into: 空气质量优良天数比率
      - split: 城镇化率                   # figures of an indicator whose label contains ``match`` become ``into``
        match: 户籍
        into: 户籍人口城镇化率
      - unlink: {target: cn-gwr-2022#40@12, reported: cn-gwr-2023#71@24}   # never compare these two

Every corrected figure carries ``corrected`` (what was changed), so that lists and panes can mark it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from explorer.fileio import write_atomic
from explorer.model import Figure, Problem

FILE_NAME = "corrections.yaml"
ROLES = ("target", "actual", "baseline", "forecast")
# The older ``kind`` a role corresponds to, so that code reading ``kind`` sees the correction too.
_KIND_OF_ROLE = {"target": "target", "actual": "actual", "baseline": "baseline", "forecast": "target"}
_SETTABLE = ("role", "year", "value", "indicator", "jurisdiction", "unit", "qualifier")
_FIGURE_ID = re.compile(r"^(?P<doc>[A-Za-z0-9][A-Za-z0-9._-]*)#(?P<passage>\d+)@(?P<start>\d+)$")


def figure_id(f: Figure) -> str:
    """A figure's stable name: ``doc#passage@offset``."""
    return f"{f.doc}#{f.passage}@{f.start}"


@dataclass(frozen=True)
class Correction:
    """One entry of corrections.yaml (only the fields of its kind are set)."""

    action: str  # "set", "veto", "merge", "split", "unlink"
    figure: str | None = None
    values: tuple[tuple[str, Any], ...] = ()
    names: tuple[str, ...] = ()  # merge: the indicators merged; split: the indicator split
    into: str | None = None
    match: str | None = None
    target: str | None = None  # unlink
    reported: str | None = None
    note: str = ""

    def to_yaml(self) -> dict[str, Any]:
        d: dict[str, Any] = {}
        if self.action in ("set", "veto"):
            d["figure"] = self.figure
            if self.action == "veto":
                d["veto"] = True
            else:
                d["set"] = dict(self.values)
        elif self.action == "merge":
            d["merge"] = list(self.names)
            d["into"] = self.into
        elif self.action == "split":
            d["split"] = self.names[0]
            d["match"] = self.match
            d["into"] = self.into
        elif self.action == "unlink":
            d["unlink"] = {"target": self.target, "reported": self.reported}
        if self.note:
            d["note"] = self.note
        return d


@dataclass
class Corrections:
    entries: list[Correction] = field(default_factory=list)
    path: Path | None = None

    def unlinked(self) -> set[tuple[str, str]]:
        return {(c.target or "", c.reported or "") for c in self.entries if c.action == "unlink"}

    def __len__(self) -> int:
        return len(self.entries)


def _parse_entry(raw: Any, where: str) -> tuple[Correction | None, str | None]:
    if not isinstance(raw, dict):
        return None, f"{where}: expected a mapping (figure/merge/split/unlink)"
    note = str(raw.get("note", "") or "")
    if "figure" in raw:
        fid = str(raw["figure"])
        if not _FIGURE_ID.match(fid):
            return None, f"{where}: figure {fid!r} is not of the form doc#passage@offset"
        if raw.get("veto"):
            return Correction("veto", figure=fid, note=note), None
        values = raw.get("set")
        if not isinstance(values, dict) or not values:
            return None, f"{where}: a figure correction needs 'set: {{…}}' or 'veto: true'"
        unknown = set(values) - set(_SETTABLE)
        if unknown:
            return None, f"{where}: cannot set {', '.join(sorted(map(str, unknown)))} (only {', '.join(_SETTABLE)})"
        if "role" in values and values["role"] not in ROLES:
            return None, f"{where}: role must be one of {', '.join(ROLES)}, not {values['role']!r}"
        try:
            if values.get("year") is not None:
                values["year"] = int(values["year"])
            if values.get("value") is not None:
                values["value"] = float(values["value"])
        except (TypeError, ValueError):
            return None, f"{where}: year must be a whole number and value a number"
        return Correction("set", figure=fid, values=tuple(values.items()), note=note), None
    if "merge" in raw:
        names = raw.get("merge")
        if not isinstance(names, list) or not names or not raw.get("into"):
            return None, f"{where}: merge needs a list of indicators and 'into: NAME'"
        return Correction("merge", names=tuple(map(str, names)), into=str(raw["into"]), note=note), None
    if "split" in raw:
        if not raw.get("match") or not raw.get("into"):
            return None, f"{where}: split needs 'match: WORD' (in the label) and 'into: NAME'"
        return (
            Correction("split", names=(str(raw["split"]),), match=str(raw["match"]), into=str(raw["into"]), note=note),
            None,
        )
    if "unlink" in raw:
        link = raw.get("unlink")
        if not isinstance(link, dict) or not link.get("target") or not link.get("reported"):
            return None, f"{where}: unlink needs 'target:' and 'reported:' figure names"
        return Correction("unlink", target=str(link["target"]), reported=str(link["reported"]), note=note), None
    return None, f"{where}: unknown correction (expected figure, merge, split or unlink)"


def load_corrections(path: Path) -> tuple[Corrections, list[Problem]]:
    """Read corrections.yaml; a missing file is no corrections; never raises (each problem is one line)."""
    path = Path(path)
    if not path.exists():
        return Corrections([], path), []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        return Corrections([], path), [Problem(str(path), f"cannot read the corrections: {exc}")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        return Corrections([], path), [Problem(str(path), f"not valid YAML{where}: {getattr(exc, 'problem', exc)}")]
    raw_entries = (data or {}).get("corrections", []) if isinstance(data, dict) else data
    if not isinstance(raw_entries, list):
        return Corrections([], path), [Problem(str(path), "the corrections must be a list under 'corrections:'")]
    entries, problems = [], []
    for i, raw in enumerate(raw_entries):
        entry, problem = _parse_entry(raw, f"entry {i + 1}")
        if problem:
            problems.append(Problem(str(path), problem))
        elif entry is not None:
            entries.append(entry)
    return Corrections(entries, path), problems


def save_corrections(corrections: Corrections, path: Path | None = None) -> Path:
    """Write the corrections atomically (a temp file renamed over the old one: never half a file)."""
    target = Path(path or corrections.path or FILE_NAME)
    header = "# Corrections by the researcher: applied to every analysis of this corpus (policy-explorer correct).\n"
    body = yaml.safe_dump(
        {"corrections": [c.to_yaml() for c in corrections.entries]}, allow_unicode=True, sort_keys=False
    )
    write_atomic(target, header + body)
    return target


def add_correction(path: Path, entry: Correction) -> tuple[Corrections, list[Problem]]:
    """Append one correction to the file (replacing an earlier one of the same figure and kind)."""
    corrections, problems = load_corrections(path)
    if problems:
        return corrections, problems  # never overwrite a file we could not read whole
    kept = [
        c
        for c in corrections.entries
        if not (entry.figure and c.figure == entry.figure and c.action in ("set", "veto") and entry.action == c.action)
    ]
    if entry.action == "set":  # several fields of one figure may be fixed one after the other: keep them together
        earlier = next((c for c in corrections.entries if c.figure == entry.figure and c.action == "set"), None)
        if earlier is not None:
            merged = dict(earlier.values) | dict(entry.values)
            entry = replace(entry, values=tuple(merged.items()), note=entry.note or earlier.note)
    kept.append(entry)
    corrections = Corrections(kept, Path(path))
    save_corrections(corrections)
    return corrections, []


def parse_correction(text: str, figure: str) -> Correction:
    """What the researcher typed for one figure (in the TUI): "veto", or fields such as "role=actual year=2022",
    "value=4.56", "indicator=户籍人口城镇化率", "jurisdiction=country" (also "role actual"); a trailing "# …" is the
    note. Raises ValueError with a one-line message."""
    body, _sep, note = text.partition("#")
    words = body.replace("，", " ").replace(",", " ").split()
    if not words:
        raise ValueError("nothing typed: e.g. role=actual year=2022, or veto")
    if words == ["veto"]:
        return Correction("veto", figure=figure, note=note.strip())
    pairs: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        word = words[i]
        if "=" in word:
            key, value = word.split("=", 1)
        elif i + 1 < len(words):
            key, value = word, words[i + 1]
            i += 1
        else:
            raise ValueError(f"{word!r} needs a value, e.g. {word}=…")
        pairs.append((key.strip(), value.strip()))
        i += 1
    raw: dict[str, Any] = {"figure": figure, "set": dict(pairs), "note": note.strip()}
    entry, problem = _parse_entry(raw, "correction")
    if problem or entry is None:
        raise ValueError((problem or "not understood").removeprefix("correction: "))
    return entry


def _set(f: Figure, values: dict[str, Any]) -> Figure:
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key == "role":
            changes["role"] = value
            changes["kind"] = _KIND_OF_ROLE[value]
        elif key == "value":
            changes["base_value"] = float(value) * (
                f.base_value / float(f.value) if f.base_value is not None and _number(f.value) else 1.0
            )
            changes["value"] = _plain(value)
            changes["value_max"] = None
        elif key == "year":
            changes["year"] = value
            changes["period"] = str(value)
            changes["period_start"] = changes["period_end"] = value
        else:
            changes[key] = value
    return replace(f, **changes)


def _number(text: str) -> bool:
    try:
        return float(text) != 0
    except (TypeError, ValueError):
        return False


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def apply_corrections(figures: Iterable[Figure], corrections: Corrections | None) -> list[Figure]:
    """The figures with the researcher's corrections applied: vetoed figures dropped, fixed fields set, indicators
    merged or split. Each changed figure's ``corrected`` says what was changed. Call it once, after extraction
    (and after jurisdictions and indicators are resolved), before anything is counted or tracked."""
    figures = list(figures)
    if not corrections or not corrections.entries:
        return figures
    vetoed = {c.figure for c in corrections.entries if c.action == "veto"}
    fixes: dict[str, dict[str, Any]] = {}
    for c in corrections.entries:
        if c.action == "set" and c.figure:
            fixes.setdefault(c.figure, {}).update(dict(c.values))
    renames = {name: c.into for c in corrections.entries if c.action == "merge" and c.into for name in c.names}
    splits = [c for c in corrections.entries if c.action == "split"]
    out = []
    for f in figures:
        fid = figure_id(f)
        if fid in vetoed:
            continue
        marks = []
        if fid in fixes:
            f = _set(f, fixes[fid])
            marks.append("set " + ", ".join(sorted(fixes[fid])))
        if f.indicator in renames and renames[f.indicator] != f.indicator:
            marks.append(f"merged {f.indicator} → {renames[f.indicator]}")
            f = replace(f, indicator=renames[f.indicator])
        for s in splits:
            if f.indicator == s.names[0] and s.match and s.match in (f.label or "") and s.into:
                marks.append(f"split {f.indicator} → {s.into}")
                f = replace(f, indicator=s.into)
                break
        if marks:
            f = replace(f, corrected="; ".join(marks))
        out.append(f)
    return out


__all__ = [
    "FILE_NAME",
    "ROLES",
    "Correction",
    "Corrections",
    "figure_id",
    "load_corrections",
    "save_corrections",
    "add_correction",
    "apply_corrections",
    "parse_correction",
]
