"""The user's key remapping: ``keys.toml`` in the user config folder, command id → keys.

    # ~/.config/policy-explorer/keys.toml
    "reader.next-hit" = "n,ctrl+n"
    "app.back" = "alt+left,backspace"

A bad entry (unknown id, a key Textual cannot name, a value that is not text) is one line in ``problems`` and is
skipped; the rest loads. A file that cannot be read or parsed is one line too, and the defaults stay.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
from textual.keys import Keys, key_to_character

from explorer.tui.commands import BY_ID, TYPED_SUFFIX, normalise_key, split_keys

FILE_NAME = "keys.toml"
ENV_CONFIG = "POLICY_EXPLORER_CONFIG"
MODIFIERS = {"ctrl", "alt", "shift", "meta", "super", "hyper"}
_NAMED = {k.value for k in Keys} | {"space", "enter", "escape", "tab", "backspace", "delete"}


def config_dir() -> Path:
    if os.environ.get(ENV_CONFIG):
        return Path(os.environ[ENV_CONFIG]).expanduser()
    return Path(platformdirs.user_config_dir("policy-explorer"))


@dataclass(frozen=True)
class UserKeys:
    keys: dict[str, str] = field(default_factory=dict)  # command id → normalised keys
    problems: tuple[str, ...] = ()

    def textual_keymap(self) -> dict[str, str]:
        """Textual's keymap (binding id → keys). A priority command's printable keys go to its ordinary twin,
        so a remapped ``[`` still never acts while an input has focus."""
        out: dict[str, str] = {}
        for ident, keys in self.keys.items():
            command = BY_ID[ident]
            if command.priority:
                plain, typed = split_keys(keys)
                out[ident] = plain
                out[ident + TYPED_SUFFIX] = typed
            else:
                out[ident] = keys
        return out

    def keys_of(self, ident: str) -> str:
        return self.keys.get(ident, BY_ID[ident].keys)


def valid_key(key: str) -> bool:
    *mods, base = key.split("+")
    if any(m not in MODIFIERS for m in mods) or not base:
        return False
    if len(base) == 1:
        return base.isprintable()
    return (
        base in _NAMED
        or (base[0] == "f" and base[1:].isdigit() and 1 <= int(base[1:]) <= 24)
        or key_to_character(base) is not None
    )


def parse_keymap(data: dict[str, object], source: str) -> UserKeys:
    keys: dict[str, str] = {}
    problems: list[str] = []
    table = data.get("keys", data)  # a [keys] table or top-level entries
    if not isinstance(table, dict):
        return UserKeys({}, (f"{source}: [keys] must be a table of command = keys",))
    for ident, value in table.items():
        if ident not in BY_ID:
            problems.append(f"{source}: unknown command {ident!r} (F1 lists the commands), ignored")
            continue
        if not isinstance(value, str):
            problems.append(f'{source}: {ident} must be keys in quotes, like "ctrl+n,n", ignored')
            continue
        parts = [normalise_key(k) for k in value.split(",") if k.strip()]
        bad = [k for k in parts if not valid_key(k)]
        if bad or not parts:
            problems.append(f"{source}: {ident}: no such key {', '.join(bad) or value!r}, ignored")
            continue
        keys[ident] = ",".join(parts)
    return UserKeys(keys, tuple(problems))


def load_keymap(folder: Path | None = None) -> UserKeys:
    path = (folder or config_dir()) / FILE_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return UserKeys()
    except OSError as exc:
        return UserKeys({}, (f"{path}: cannot read the key map ({exc.strerror or exc}); default keys",))
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return UserKeys({}, (f"{path}: not valid TOML ({exc}); default keys",))
    return parse_keymap(data, str(path))
