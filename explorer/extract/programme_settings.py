"""``programmes.yaml``: the programme names a researcher adds (with aliases and a note) or vetoes.

    add:
      - 无废细胞
      - {name: 河湖长制, aliases: [河长制湖长制], note: 省级考核}
    veto:
      - 无废城市

A missing file is no problem; each malformed entry is one line naming the file and the entry; the rest loads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from explorer.model import Problem


@dataclass(frozen=True)
class ProgrammeEntry:
    name: str
    aliases: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class ProgrammeSettings:
    add: tuple[ProgrammeEntry, ...] = ()
    veto: frozenset[str] = field(default_factory=frozenset)


# ------------------------------------------------------------------------------------------------ settings


def load_programme_settings(path: Path) -> tuple[ProgrammeSettings, list[Problem]]:
    """Read ``programmes.yaml``: ``add:`` (names or ``{name, aliases, note}``) and ``veto:`` (names).

    A missing file is no problem; each malformed entry is one Problem and the rest still loads.
    """
    if not path.exists():
        return ProgrammeSettings(), []
    from explorer.corpus.records import UnsafeYAML, safe_yaml_load
    from explorer.fileio import MAX_RECORD_BYTES, FileRefused, read_regular

    where = str(path)
    try:  # a settings file is read like a record: a regular file, bounded, no YAML aliases (a corpus from someone else)
        data = safe_yaml_load(read_regular(path, MAX_RECORD_BYTES).decode("utf-8"), "a settings file")
    except (FileRefused, UnsafeYAML) as exc:
        return ProgrammeSettings(), [Problem(where, str(exc))]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return ProgrammeSettings(), [
            Problem(
                where,
                f"YAML syntax error{f' at line {mark.line + 1}' if mark else ''}: "
                f"{getattr(exc, 'problem', None) or 'invalid YAML'}",
            )
        ]
    except (OSError, UnicodeDecodeError) as exc:
        return ProgrammeSettings(), [Problem(where, f"cannot read programmes file: {exc}")]
    if data is None:
        return ProgrammeSettings(), []
    if not isinstance(data, dict):
        return ProgrammeSettings(), [Problem(where, "expected a mapping with `add:` and `veto:` lists")]
    problems: list[Problem] = []
    for key in data:
        if key not in ("add", "veto"):
            problems.append(Problem(where, f"unknown key {key!r} (expected add, veto)", "warning"))
    adds: list[ProgrammeEntry] = []
    for i, raw in enumerate(_as_list(data.get("add"), "add", where, problems), 1):
        entry = _entry(raw)
        if isinstance(entry, str):
            problems.append(Problem(where, f"add entry {i}: {entry}"))
        else:
            adds.append(entry)
    vetoes: set[str] = set()
    for i, raw in enumerate(_as_list(data.get("veto"), "veto", where, problems), 1):
        if isinstance(raw, (str, int)) and str(raw).strip():
            vetoes.add(str(raw).strip())
        else:
            problems.append(Problem(where, f"veto entry {i}: expected a name, got {raw!r}"))
    return ProgrammeSettings(tuple(adds), frozenset(vetoes)), problems


def _as_list(value: Any, key: str, where: str, problems: list[Problem]) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(Problem(where, f"`{key}:` should be a list"))
        return []
    return value


def _entry(raw: Any) -> ProgrammeEntry | str:
    if isinstance(raw, (str, int)):
        name = str(raw).strip()
        return ProgrammeEntry(name) if name else "empty name"
    if not isinstance(raw, dict):
        return f"expected a name or a mapping with `name:`, got {type(raw).__name__}"
    given = raw.get("name")
    if not isinstance(given, (str, int)) or not str(given).strip():
        return "missing `name:`"
    name = str(given)
    aliases = raw.get("aliases", [])
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, list) or not all(isinstance(a, (str, int)) and str(a).strip() for a in aliases):
        return f"{name}: `aliases:` should be a list of names"
    unknown = set(raw) - {"name", "aliases", "note"}
    if unknown:
        return f"{name}: unknown keys {', '.join(sorted(map(str, unknown)))}"
    return ProgrammeEntry(str(name).strip(), tuple(str(a).strip() for a in aliases), str(raw.get("note") or ""))


NO_SETTINGS = ProgrammeSettings()  # no programmes.yaml: nothing added, nothing vetoed
