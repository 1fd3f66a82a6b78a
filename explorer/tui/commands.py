"""Every command of the explorer, once: id, keys, what it does, where it applies.

From this one list come the key bindings of each widget (``bindings_for``), the footer (a binding's ``show``),
the palette's actions (``palette_commands``) and the help screen and README table (``explorer.tui.help_text``),
so the four can never disagree. Users remap keys by command id in ``keys.toml`` (``explorer.tui.keymap``).

Printable keys (``[``, ``?``, ``b`` …) are never priority bindings: a focused input consumes them as text before
any non-priority binding is consulted, so they never act while the user types. A command that must act
everywhere (F2–F7, Alt+←) keeps its non-printable keys priority and its printable ones ordinary
(``split_keys``), also after a user remaps it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType
from textual.keys import _character_to_key, format_key, key_to_character

# Where a command applies: the app, one pane (the help section it is listed under), or a widget inside it.
PANES = ("search", "reader", "measures", "figures", "references", "notes", "compare")
PANE_TITLES = {
    "app": "Everywhere",
    "search": "Search",
    "reader": "Reader",
    "measures": "Measures",
    "figures": "Figures",
    "references": "References",
    "notes": "Notes",
    "compare": "Compare",
    "dialog": "Dialogs",
}


@dataclass(frozen=True)
class Command:
    id: str  # "pane.name": the keymap and Textual's binding id
    keys: str  # Textual key names, comma-separated ("" = palette only)
    action: str  # the action run on the widget the scope names
    label: str  # short, for the footer
    description: str  # one line, for help, tooltip and palette
    scope: str  # "app", a pane, or "pane.widget" (reader.outline, search.query)
    show: bool = True  # in the footer
    priority: bool = False  # acts even when the focused widget binds the key (never for printable keys)
    palette: bool = False  # also offered as an action in the command palette (Ctrl+P)
    key_display: str | None = None

    @property
    def pane(self) -> str:
        return self.scope.split(".")[0]


def _c(*args: object, **kwargs: object) -> Command:
    return Command(*args, **kwargs)  # type: ignore[arg-type]


COMMANDS: tuple[Command, ...] = (
    # ----------------------------------------------------------------- everywhere
    _c("app.help", "f1,question_mark", "help", "Help", "Help for the pane you are in (F1 again or Esc closes)", "app"),
    _c(
        "app.palette",
        "ctrl+p",
        "command_palette",
        "Palette",
        "Command palette: documents, measures, indicators, passages and actions",
        "app",
        show=False,  # Textual's footer shows its own palette key at the right
        priority=True,
    ),
    _c(
        "app.pane-search",
        "f2",
        "pane('search')",
        "Search",
        "Go to Search (also while typing)",
        "app",
        show=False,
        priority=True,
    ),
    _c("app.pane-reader", "f3", "pane('reader')", "Reader", "Go to the Reader", "app", show=False, priority=True),
    _c(
        "app.pane-measures",
        "f4",
        "pane('measures')",
        "Measures",
        "Go to Measures: plan measures and their targets",
        "app",
        show=False,
        priority=True,
    ),
    _c(
        "app.pane-figures",
        "f5",
        "pane('figures')",
        "Figures",
        "Go to Figures: an indicator's series and chart",
        "app",
        show=False,
        priority=True,
    ),
    _c(
        "app.pane-references",
        "f6",
        "pane('references')",
        "References",
        "Go to References: cited titles, programmes, reports on a plan",
        "app",
        show=False,
        priority=True,
    ),
    _c("app.pane-notes", "f7", "pane('notes')", "Notes", "Go to Notes", "app", show=False, priority=True),
    _c(
        "app.pane-compare",
        "f8",
        "pane('compare')",
        "Compare",
        "Go to Compare: what changed between two documents",
        "app",
        show=False,
        priority=True,
    ),
    _c(
        "app.back",
        "alt+left,left_square_bracket",
        "back",
        "Back",
        "Back through every jump, like a browser",
        "app",
        show=False,
        priority=True,
        palette=True,
    ),
    _c(
        "app.forward",
        "alt+right,right_square_bracket",
        "forward",
        "Forward",
        "Forward again after going back",
        "app",
        show=False,
        priority=True,
        palette=True,
    ),
    _c("app.quit", "ctrl+q", "quit", "Quit", "Quit", "app", priority=True),
    _c(
        "app.export-notes",
        "",
        "export_notes",
        "Export notes",
        "Export the notes with citations (Markdown, CSV, BibTeX or CSL-JSON for Zotero)",
        "app",
        palette=True,
    ),
    _c(
        "app.compare",
        "",
        "compare",
        "Compare",
        "Compare two indicators in Figures (pick the second one next)",
        "app",
        palette=True,
    ),
    _c("app.switch-corpus", "", "switch_corpus", "Switch corpus", "Open another corpus folder", "app", palette=True),
    # ----------------------------------------------------------------- search
    _c("search.results", "down", "focus_results", "Results", "From the query into the results", "search.query"),
    _c(
        "search.unrelated",
        "ctrl+t",
        "toggle_excluded",
        "Unrelated too",
        "Include passages marked unrelated (bylines, captions, other articles)",
        "search",
        palette=True,
    ),
    _c(
        "search.bookmark",
        "b",
        "bookmark",
        "Bookmark",
        "Bookmark the highlighted result, with an optional note",
        "search",
    ),
    _c("search.query", "slash,escape", "focus_query", "Query", "Back to the query box", "search", show=False),
    # ----------------------------------------------------------------- reader
    _c(
        "reader.down",
        "down,j",
        "cursor(1)",
        "Next",
        "Next passage (a long passage scrolls first)",
        "reader",
        show=False,
    ),
    _c("reader.up", "up,k", "cursor(-1)", "Previous", "Previous passage", "reader", show=False),
    _c("reader.page-down", "pagedown,space", "page(1)", "Page down", "Page down", "reader", show=False),
    _c("reader.page-up", "pageup", "page(-1)", "Page up", "Page up", "reader", show=False),
    _c("reader.start", "home", "edge(0)", "Start", "First passage", "reader", show=False),
    _c("reader.end", "end", "edge(1)", "End", "Last passage", "reader", show=False),
    _c("reader.next-hit", "n", "hit(1)", "Next hit", "Next hit of the query", "reader"),
    _c("reader.prev-hit", "N", "hit(-1)", "Prev hit", "Previous hit of the query", "reader", show=False),
    _c(
        "reader.next-mark",
        "right,l",
        "mark(1)",
        "Mark",
        "Choose the next mark in the passage (figure, cited title, programme, report link)",
        "reader",
        key_display="←→",
    ),
    _c("reader.prev-mark", "left,h", "mark(-1)", "Prev mark", "Choose the previous mark", "reader", show=False),
    _c("reader.follow", "enter", "follow", "Follow", "Follow the chosen mark to its pane", "reader"),
    _c("reader.bookmark", "b", "bookmark", "Bookmark", "Bookmark the passage under the cursor", "reader"),
    _c("reader.outline", "o", "toggle_outline", "Outline", "Show or hide the outline (Tab moves into it)", "reader"),
    _c(
        "reader.outline-toggle",
        "o",
        "toggle_outline",
        "Outline",
        "Hide the outline (from inside it)",
        "reader.outline",
        show=False,
    ),
    # ----------------------------------------------------------------- measures (keys acted on by MeasuresPane)
    _c(
        "measures.open",
        "o",
        "open_measure",
        "Open in reader",
        "Open the selected measure's text in the Reader",
        "measures",
    ),
    _c(
        "measures.references",
        "r",
        "references",
        "References",
        "What the measure cites and what reports on it",
        "measures",
    ),
    _c(
        "measures.toggle-detail",
        "d",
        "toggle_detail",
        "Details",
        "Show or hide the details beside the tree",
        "measures",
    ),
    _c("measures.expand-all", "e", "expand_all", "Expand all", "Expand or collapse every node", "measures"),
    _c(
        "measures.unlink",
        "u",
        "unlink",
        "Unlink",
        "Never compare the target with the highlighted outcome row (kept in corrections.yaml)",
        "measures",
    ),
    # ----------------------------------------------------------------- figures (keys acted on by FiguresPane)
    _c(
        "figures.compare",
        "c",
        "compare",
        "Compare",
        "Pin this indicator beside the next one you choose (again: stop comparing)",
        "figures",
    ),
    _c("figures.toggle-list", "l", "toggle_list", "Indicators", "Show or hide the indicator list", "figures"),
    _c(
        "figures.filter",
        "slash",
        "filter",
        "Filter",
        "Type to filter the indicator list (glossary and lexicon names too)",
        "figures",
    ),
    _c(
        "figures.open-target",
        "t",
        "open_target",
        "Plan target",
        "Open the plan passage that sets the target",
        "figures",
    ),
    _c(
        "figures.correct",
        "e",
        "correct",
        "Correct",
        "Correct the highlighted figure (role, year, value, indicator) or veto it: kept in corrections.yaml",
        "figures",
    ),
    # ----------------------------------------------------------------- references
    _c("references.open", "o", "open_here", "Open passage", "Open this side's passage in the Reader", "references"),
    _c(
        "references.preview",
        "p",
        "toggle_preview",
        "Preview",
        "Show or hide the preview (both ends and the evidence)",
        "references",
    ),
    _c("references.all", "a", "all_references", "All", "Every reference of the corpus, by type", "references"),
    # ----------------------------------------------------------------- compare
    _c("compare.open-a", "a", "open_a", "Open A", "Open the row's passage in document A", "compare"),
    _c("compare.bookmark", "b", "bookmark", "Bookmark", "Bookmark the row's passage", "compare"),
    _c("compare.swap", "s", "swap", "Swap", "Swap documents A and B", "compare"),
    _c("compare.view", "v", "next_view", "View", "Targets, measures, references, coverage", "compare"),
    # ----------------------------------------------------------------- notes
    _c("notes.edit", "e", "edit", "Edit", "Edit the note and its tags", "notes"),
    _c("notes.delete", "d,delete", "delete", "Delete", "Delete the note (asks first; u undoes)", "notes"),
    _c("notes.undo", "u", "undo", "Undo", "Undo the last delete", "notes"),
    _c("notes.scope", "g", "toggle_scope", "All corpora", "This corpus's notes or every corpus's", "notes"),
    _c(
        "notes.export",
        "x",
        "export",
        "Export",
        "Export with citations: .md, .csv, .bib (BibTeX), .json (CSL-JSON)",
        "notes",
    ),
    # ----------------------------------------------------------------- dialogs
    _c("dialog.cancel", "escape", "cancel", "Cancel", "Close a dialog without changing anything", "dialog"),
    _c("dialog.close-help", "f1,q,question_mark", "cancel", "Close", "Close help", "dialog.help"),
    _c("dialog.yes", "y", "answer(True)", "Yes", "Yes", "dialog.confirm"),
    _c("dialog.no", "n", "answer(False)", "No", "No", "dialog.confirm"),
)

BY_ID: dict[str, Command] = {c.id: c for c in COMMANDS}
TYPED_SUFFIX = ".typed"  # the id of the ordinary twin binding that carries a priority command's printable keys


def is_printable(key: str) -> bool:
    """A key that types a character (``b``, ``N``, ``left_square_bracket``), as opposed to F1, Ctrl+P, ←."""
    char = "/" if key == "slash" else key_to_character(key)  # Textual knows "/" as "slash" but cannot map it back
    return char is not None and char.isprintable()


def normalise_key(key: str) -> str:
    key = key.strip()
    return _character_to_key(key) if len(key) == 1 else key


def split_keys(keys: str) -> tuple[str, str]:
    """(non-printable, printable) parts of a key list, each comma-separated."""
    parts = [normalise_key(k) for k in keys.split(",") if k.strip()]
    return ",".join(k for k in parts if not is_printable(k)), ",".join(k for k in parts if is_printable(k))


def bindings_for(scope: str) -> list[BindingType]:
    """The bindings of one scope, built from the command list (a widget's ``BINDINGS``)."""
    out: list[BindingType] = []
    for c in COMMANDS:
        if c.scope != scope or not c.keys:
            continue
        if c.priority:
            plain, typed = split_keys(c.keys)
            if plain:
                out.append(_binding(c, plain, priority=True, ident=c.id))
            if typed:  # an ordinary twin: a focused input takes the character first
                out.append(_binding(c, typed, priority=False, ident=c.id + TYPED_SUFFIX, show=c.show and not plain))
        else:
            out.append(_binding(c, c.keys, priority=False, ident=c.id))
    return out


def _binding(c: Command, keys: str, *, priority: bool, ident: str, show: bool | None = None) -> Binding:
    return Binding(
        keys,
        c.action,
        c.label,
        show=c.show if show is None else show,
        priority=priority,
        id=ident,
        tooltip=c.description,
        key_display=c.key_display,
    )


def commands_of(pane: str) -> list[Command]:
    return [c for c in COMMANDS if c.pane == pane]


def palette_commands() -> list[Command]:
    return [c for c in COMMANDS if c.palette]


def key_label(key: str) -> str:
    """How a key is written in help: F1, Ctrl+P, Alt+←, [, N."""
    names = {
        "left": "←",
        "right": "→",
        "up": "↑",
        "down": "↓",
        "enter": "Enter",
        "escape": "Esc",
        "space": "Space",
        "pageup": "PgUp",
        "pagedown": "PgDn",
        "home": "Home",
        "end": "End",
        "delete": "Del",
        "tab": "Tab",
    }
    *mods, base = key.split("+")
    if base in names:
        shown = names[base]
    elif len(base) > 1 and base[0] == "f" and base[1:].isdigit():
        shown = base.upper()
    else:
        shown = format_key(base)
        shown = shown.upper() if mods and len(shown) == 1 else shown
    return "+".join([*(m.capitalize() for m in mods), shown])


def keys_label(keys: str) -> str:
    return ", ".join(key_label(k) for k in keys.split(",") if k) or "(palette)"
