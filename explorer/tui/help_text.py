"""Help written from the command list: the F1 screen of each pane and the README's key table.

Keys are shown as the user has them (after ``keys.toml``); each pane's section adds what its marks mean.
Extra bindings a pane declares itself (not in the list) are listed too, from their tooltips, so help never
misses a key that works.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.binding import Binding

from explorer.tui.commands import COMMANDS, PANE_TITLES, PANES, Command, commands_of, keys_label

KeysOf = Callable[[str], str]

# What the signs on screen mean, by pane (the legend under its keys).
LEGENDS: dict[str, str] = {
    "search": (
        'Type to search: words, `"exact phrase"`, `OR`, `NOT`, `kind:plan`, `year:2024`, `doc:ID`. Results follow '
        "as you type; a glossary name finds its synonyms (国内生产总值 finds GDP). A result marked *unrelated* is "
        "a byline, caption, other article or duplicate (Ctrl+T shows them)."
    ),
    "reader": (
        "Marks in the text: figures are underlined green, cited 《titles》 and programmes underlined in the accent "
        "colour, query hits reversed (the current one bold). Lines under a passage: `↳` where it leads (reports on, "
        "tracks, cites), `↲` a passage of another document that points here. The status line names the chosen mark."
    ),
    "measures": (
        "Badges: target status of a measure, its worst target first — ● achieved · ◕ on track · ◐ needs "
        "acceleration · ◔ limited progress · ▼ deteriorating · ○ no data yet. A heading shows its worst badge and "
        "how many of its targets are on track."
    ),
    "figures": (
        'Each indicator shows figures·documents. A "?" after a name: the indicator is not in the lexicon (a name '
        "read from the text, so its unit and direction are guesses). The chart draws the plan's target as a line; "
        "the status under it uses the badges ● ◕ ◐ ◔ ▼ ○ as in Measures."
    ),
    "references": (
        "Grouped by type: cites (a 《title》), programme, reports-on (a report passage on a plan measure), tracks "
        "(a reported figure against a plan target). *refers to* lists what the subject points at, *referred to by* "
        "what points at it. Enter follows the other end."
    ),
    "notes": (
        "Notes are kept per corpus (g shows every corpus's) and saved at once in the user's data folder. Tags are "
        "words after #. Export writes citations (title, date, section, passage, quote): .md Markdown, .csv CSV "
        "(UTF-8 with a byte-order mark for Excel, as an option), .bib BibTeX and .json CSL-JSON for Zotero."
    ),
    "compare": (
        "Two documents side by side (the last two of one issuer and kind are proposed). Views: targets by indicator "
        "— new, dropped, raised, lowered, changed, same; measures aligned by outline and wording — added, removed, "
        "moved, reworded (the detail shows a word diff); cited titles and programmes new and dropped; for a plan "
        "and a later report, which measures and targets the report speaks to. Enter opens B's passage."
    ),
}


def _rows(commands: Iterable[Command], keys_of: KeysOf) -> list[str]:
    rows = []
    for c in commands:
        if c.scope == "dialog":
            continue
        rows.append(f"| {_cell(keys_label(keys_of(c.id)))} | {c.description} |")
    return rows


def _cell(text: str) -> str:
    return "`|`" if text == "|" else text.replace("|", "\\|")


def _extra_rows(extra: Iterable[Binding]) -> list[str]:
    known = {c.id for c in COMMANDS}
    rows = []
    for b in extra:
        if b.id and (b.id in known or b.id.removesuffix(".typed") in known):
            continue
        rows.append(f"| {_cell(keys_label(b.key))} | {b.tooltip or b.description} |")
    return rows


def pane_section(pane: str, keys_of: KeysOf, extra: Iterable[Binding] = (), *, level: str = "##") -> str:
    lines = [f"{level} {PANE_TITLES[pane]}", "", "| key | does |", "|---|---|"]
    lines += _rows(commands_of(pane), keys_of) + _extra_rows(extra)
    if pane in LEGENDS:
        lines += ["", LEGENDS[pane]]
    return "\n".join(lines)


def help_markdown(pane: str, keys_of: KeysOf, extra: dict[str, list[Binding]] | None = None) -> str:
    """F1: the pane's own keys and legend first, then the keys that work everywhere, then the other panes."""
    extra = extra or {}
    parts = [f"# Help — {PANE_TITLES.get(pane, pane)}", ""]
    if pane in PANES:
        parts += [pane_section(pane, keys_of, extra.get(pane, ())), ""]
    parts += [pane_section("app", keys_of), ""]
    others = [p for p in PANES if p != pane]
    parts += ["# Other panes", ""]
    for other in others:
        parts += [pane_section(other, keys_of, extra.get(other, ())), ""]
    parts.append("Keys can be changed in keys.toml in the user config folder (command ids: docs/tui.md).")
    return "\n".join(parts)


def readme_table(keys_of: KeysOf | None = None) -> str:
    """The README's key table: every command, by pane (the README test compares it with this)."""
    keys_of = keys_of or (lambda ident: next(c.keys for c in COMMANDS if c.id == ident))
    lines = ["| where | key | does |", "| --- | --- | --- |"]
    for scope in ("app", *PANES):
        for c in commands_of(scope):
            if c.scope == "dialog":
                continue
            lines.append(f"| {PANE_TITLES[scope]} | {_cell(keys_label(keys_of(c.id)))} | {c.description} |")
    return "\n".join(lines)


def id_table() -> str:
    """Command ids for keys.toml (docs/tui.md)."""
    lines = ["| command id | default keys | does |", "| --- | --- | --- |"]
    lines += [f"| `{c.id}` | `{c.keys or '—'}` | {c.description} |" for c in COMMANDS]
    return "\n".join(lines)
