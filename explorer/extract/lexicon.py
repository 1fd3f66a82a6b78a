"""The indicator lexicon: canonical names, aliases, unit and which direction is better.

The lexicon is a YAML file shipped with the corpus (corpus/lexicon.yaml) and editable by the user::

    indicators:
      - name: PM2.5平均浓度
        aliases: [PM2.5年均浓度, 细颗粒物平均浓度]
        unit: 微克/立方米
        direction: lower          # higher | lower | none
        related: [空气质量优良天数比率]   # related but different indicators (never merged)
        bound: ceiling            # optional: how its targets are meant — ceiling (CPI "3%左右" is met by 0.2%) or floor
        limit: 100                # optional: a natural limit (a rate cannot pass 100%): Open SDG scales thresholds near it

One alias may belong to two entries with different unit families (国内生产总值 in 元 is GDP总量, in % it is
GDP增速); the figure's unit then decides.  A malformed entry is reported in one line naming the file and the
entry, and the rest still loads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from explorer.model import Problem

DIRECTIONS = ("higher", "lower", "none")
BOUNDS = ("ceiling", "floor", "")

# Scope words that open a label but do not change what is measured.
_SCOPE = re.compile(r"^(?:全省|全市|全国|全区|全州|全县|我省|我市|我国|全省域|全域|全年|省内|其中|以及|及|和|与)+")
# An ASCII abbreviation in brackets repeats the term before it: "细颗粒物（PM2.5）平均浓度" is 细颗粒物平均浓度.
_ABBREVIATION = re.compile(r"[（(][A-Za-z0-9.₀-₉]+[)）]")
_CHANGE_SUFFIX = re.compile(r"(?:比上年|同比|年均|比重)?(?:增长|增速|涨幅|增幅|降幅|上涨|下降|降低|提高|增加|减少)$")


def unit_family(unit: str | None) -> str:
    """Coarse family of a unit, for telling GDP总量 (元) from GDP增速 (%)."""
    if not unit:
        return ""
    u = unit
    for mult in ("万亿", "千亿", "百亿", "十亿", "千万", "百万", "十万", "万", "亿"):
        if u.startswith(mult) and len(u) > len(mult):
            u = u[len(mult) :]
            break
    if u in ("%", "‰", "成"):
        return "%"
    if u in ("个百分点", "百分点"):
        return "pp"
    if u.endswith("元") or u in ("美元", "欧元", "港元", "人民币"):
        return "money"
    return u


def normalise_label(label: str) -> str:
    s = re.sub(r"\s+", "", label)
    s = _ABBREVIATION.sub("", s)
    s = s.replace("PM₂.₅", "PM2.5").replace("PM_{2.5}", "PM2.5").replace("pm2.5", "PM2.5")
    s = s.strip("“”\"'‘’")
    s = _SCOPE.sub("", s)
    return s


@dataclass(frozen=True)
class Entry:
    name: str
    aliases: tuple[str, ...] = ()
    unit: str = ""
    direction: str = "none"
    related: tuple[str, ...] = ()
    note: str = ""
    bound: str = ""  # "ceiling" | "floor" | "": how a target of this indicator is meant
    limit: float | None = None  # a natural limit (100 for a rate that cannot pass 100%)

    @property
    def family(self) -> str:
        return unit_family(self.unit)


@dataclass
class Lexicon:
    entries: list[Entry] = field(default_factory=list)
    path: str = ""

    def __post_init__(self) -> None:
        self._index: dict[str, list[Entry]] = {}
        for entry in self.entries:
            for key in (entry.name, *entry.aliases):
                bucket = self._index.setdefault(normalise_label(key), [])
                if entry not in bucket:
                    bucket.append(entry)
        self._keys = sorted(self._index, key=len, reverse=True)
        self._by_name = {e.name: e for e in self.entries}

    def __len__(self) -> int:
        return len(self.entries)

    def entry(self, name: str) -> Entry | None:
        return self._by_name.get(name)

    def related(self, name: str) -> tuple[str, ...]:
        """Names related to ``name`` in either direction."""
        entry = self._by_name.get(name)
        out = list(entry.related) if entry else []
        out += [e.name for e in self.entries if name in e.related and e.name not in out]
        return tuple(out)

    def _pick(self, entries: list[Entry], unit: str | None) -> Entry | None:
        if unit is None or len(entries) == 1 and not entries[0].unit:
            return entries[0] if len(entries) == 1 or unit is None else None
        fam = unit_family(unit)
        same = [e for e in entries if e.family == fam or not e.unit]
        if same:
            return same[0]
        if fam == "pp":  # a change in percentage points belongs to the indicator measured in %
            same = [e for e in entries if e.family == "%"]
            if same:
                return same[0]
        return None

    def canonicalise(self, label: str, unit: str | None = None) -> tuple[str, Entry | None]:
        """``label`` → (canonical indicator name, entry); (label, None) when the lexicon does not know it.

        Matching: exact name/alias; then without a trailing change word (居民消费价格涨幅 → 居民消费价格);
        then the longest alias the label ends with (长江干流国考断面水质优良比例 → 国考断面水质优良比例).
        With ``unit`` the entry's unit family must agree.
        """
        key = normalise_label(label)
        if not key:
            return label, None
        candidates = [key]
        stripped = _CHANGE_SUFFIX.sub("", key)
        if stripped and stripped != key:
            candidates.append(stripped)
        for cand in candidates:
            if cand in self._index:
                entry = self._pick(self._index[cand], unit)
                if entry:
                    return entry.name, entry
        for cand in candidates:
            # longest alias the label ends with: look its suffixes up, longest first (a scan of every alias
            # per label was most of the figure extraction's time)
            for cut in range(1, len(cand) - 2):
                bucket = self._index.get(cand[cut:])
                # "财政性教育经费支出占国内生产总值(4%)" is a share of GDP, not GDP: the alias must not follow 占/与/和
                if bucket and cand[cut - 1] in "占与和及对比":
                    break  # nor any shorter tail of the same term (生产总值)
                if bucket:
                    entry = self._pick(bucket, unit)
                    if entry:
                        return entry.name, entry
        return label, None


def _entry_name(raw: Any, index: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("name"), str):
        return f"entry {index + 1} ({raw['name']})"
    return f"entry {index + 1}"


def _str_list(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return tuple(str(v) for v in value)
    return None


def parse_entries(data: Any, path: str) -> tuple[list[Entry], list[Problem]]:
    problems: list[Problem] = []
    raw_entries = data.get("indicators") if isinstance(data, dict) else data
    if not isinstance(raw_entries, list):
        return [], [Problem(path, "the lexicon must be a list of entries under 'indicators:'")]
    entries: list[Entry] = []
    names: set[str] = set()
    for i, raw in enumerate(raw_entries):
        where = _entry_name(raw, i)
        if not isinstance(raw, dict):
            problems.append(Problem(path, f"{where}: expected a mapping with name/aliases/unit/direction"))
            continue
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append(Problem(path, f"{where}: missing 'name'"))
            continue
        aliases = _str_list(raw.get("aliases"))
        related = _str_list(raw.get("related"))
        if aliases is None or related is None:
            field_name = "aliases" if aliases is None else "related"
            problems.append(Problem(path, f"{where}: '{field_name}' must be a list of names"))
            continue
        direction = str(raw.get("direction", "none")).strip()
        if direction not in DIRECTIONS:
            problems.append(Problem(path, f"{where}: direction must be higher, lower or none, not {direction!r}"))
            continue
        unit = raw.get("unit", "")
        if unit is not None and not isinstance(unit, str):
            problems.append(Problem(path, f"{where}: 'unit' must be text"))
            continue
        bound = str(raw.get("bound", "") or "").strip()
        if bound not in BOUNDS:
            problems.append(Problem(path, f"{where}: bound must be ceiling or floor, not {bound!r}"))
            continue
        limit = raw.get("limit")
        if limit is not None and not isinstance(limit, int | float):
            problems.append(Problem(path, f"{where}: limit must be a number"))
            continue
        unknown = set(raw) - {"name", "aliases", "unit", "direction", "related", "note", "bound", "limit"}
        if unknown:
            problems.append(
                Problem(path, f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))} ignored", "warning")
            )
        if name in names:
            problems.append(Problem(path, f"{where}: duplicate name {name!r}; the later entry is ignored"))
            continue
        names.add(name)
        entries.append(
            Entry(
                name.strip(),
                tuple(a.strip() for a in aliases if a.strip()),
                unit or "",
                direction,
                related,
                str(raw.get("note", "")),
                bound,
                float(limit) if limit is not None else None,
            )
        )
    known = {e.name for e in entries}
    for e in entries:
        for r in e.related:
            if r not in known:
                problems.append(
                    Problem(path, f"entry ({e.name}): related indicator {r!r} is not in the lexicon", "warning")
                )
    return entries, problems


def load_lexicon(path: str | Path) -> tuple[Lexicon, list[Problem]]:
    """Read a lexicon YAML; never raises: problems come back as one-line ``Problem`` objects."""
    from explorer.corpus.records import UnsafeYAML, safe_yaml_load
    from explorer.fileio import MAX_RECORD_BYTES, FileRefused, read_regular

    p = Path(path)
    try:  # read like a record: a regular file, bounded, no YAML aliases (a corpus from someone else)
        text = read_regular(p, MAX_RECORD_BYTES).decode("utf-8-sig")
    except FileRefused as exc:
        return Lexicon(path=str(p)), [Problem(str(p), str(exc))]
    except OSError as exc:
        return Lexicon(path=str(p)), [Problem(str(p), f"cannot read the lexicon: {exc.strerror or exc}")]
    except UnicodeDecodeError:
        return Lexicon(path=str(p)), [Problem(str(p), "the lexicon is not UTF-8 text")]
    try:
        data = safe_yaml_load(text, "a settings file")
    except UnsafeYAML as exc:
        return Lexicon(path=str(p)), [Problem(str(p), str(exc))]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        return Lexicon(path=str(p)), [Problem(str(p), f"not valid YAML{where}: {getattr(exc, 'problem', exc)}")]
    entries, problems = parse_entries(data, str(p))
    return Lexicon(entries, str(p)), problems


def default_lexicon_path() -> Path:
    from explorer.paths import BUNDLED_CORPUS

    return BUNDLED_CORPUS / "lexicon.yaml"


__all__ = ["DIRECTIONS", "Entry", "Lexicon", "load_lexicon", "normalise_label", "unit_family", "default_lexicon_path"]
