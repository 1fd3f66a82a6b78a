"""The one command list: it produces every binding, the help and the README table; user remapping from
keys.toml; no printable key acts everywhere. Pure (no app) except where a binding is checked on its widget."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from textual.binding import Binding

from explorer.tui.commands import (
    BY_ID,
    COMMANDS,
    PANES,
    TYPED_SUFFIX,
    bindings_for,
    is_printable,
    keys_label,
    split_keys,
)
from explorer.tui.help_text import LEGENDS, help_markdown, readme_table
from explorer.tui.keymap import load_keymap, parse_keymap


def _default(ident: str) -> str:
    return BY_ID[ident].keys


def test_every_binding_of_every_widget_comes_from_the_list():
    from explorer.tui.app import PolicyExplorerApp
    from explorer.tui.dialogs import ConfirmDialog, HelpScreen, NoteDialog
    from explorer.tui.panes.compare import ComparePane
    from explorer.tui.panes.figures import FiguresPane
    from explorer.tui.panes.measures import MeasuresPane
    from explorer.tui.panes.notes import NotesList
    from explorer.tui.panes.reader import DocView, Outline
    from explorer.tui.panes.references import ReferencesPane
    from explorer.tui.panes.search import QueryInput, SearchPane

    widgets = (PolicyExplorerApp, SearchPane, QueryInput, DocView, Outline, NotesList, ReferencesPane)
    widgets += (MeasuresPane, FiguresPane, ComparePane)
    widgets += (NoteDialog, ConfirmDialog, HelpScreen)
    ids = set()
    for widget in widgets:
        for binding in widget.BINDINGS:
            assert isinstance(binding, Binding) and binding.id, (widget, binding)
            ident = binding.id.removesuffix(TYPED_SUFFIX)
            assert ident in BY_ID, f"{widget.__name__} binds {binding.key} outside the command list"
            assert binding.tooltip == BY_ID[ident].description
            ids.add(ident)
    unbound = {c.id for c in COMMANDS if c.keys and c.pane != "dialog"}
    assert unbound <= ids | {c.id for c in COMMANDS if c.scope.startswith("dialog")}


def test_one_id_style_and_every_command_described():
    for c in COMMANDS:
        assert re.fullmatch(r"[a-z]+\.[a-z-]+", c.id), c.id
        assert c.description and c.label
        assert c.pane in (*PANES, "app", "dialog"), c.scope


def test_printable_keys_are_never_priority_bindings():
    """A priority binding is checked before the focused input sees the key: a printable one would act while
    the user types ("[" in the query box going back). Its printable keys go to an ordinary twin."""
    for scope in {c.scope for c in COMMANDS}:
        for binding in bindings_for(scope):
            if binding.priority:
                assert not any(is_printable(k) for k in binding.key.split(",")), binding
    back = {b.id: b for b in bindings_for("app")}
    assert back["app.back"].key == "alt+left" and back["app.back"].priority
    assert back["app.back.typed"].key == "left_square_bracket" and not back["app.back.typed"].priority


def test_split_and_label_keys():
    assert split_keys("alt+left,[,?,space,escape") == ("alt+left,escape", "left_square_bracket,question_mark,space")
    assert keys_label("alt+left,left_square_bracket") == "Alt+←, ["
    assert keys_label("ctrl+p") == "Ctrl+P" and keys_label("f1,question_mark") == "F1, ?"


def test_keymap_remaps_and_reports_each_bad_entry_in_one_line(tmp_path):
    (tmp_path / "keys.toml").write_text(
        '[keys]\n"reader.next-hit" = "ctrl+n,n"\n"app.back" = "alt+left,backspace,["\n'
        '"no.such" = "x"\n"reader.up" = "ctrl+frobnicate"\n"reader.down" = 3\n',
        encoding="utf-8",
    )
    user = load_keymap(tmp_path)
    assert user.keys == {"reader.next-hit": "ctrl+n,n", "app.back": "alt+left,backspace,left_square_bracket"}
    assert len(user.problems) == 3 and all("\n" not in p and "keys.toml" in p for p in user.problems)
    assert any("no.such" in p for p in user.problems) and any("ctrl+frobnicate" in p for p in user.problems)
    keymap = user.textual_keymap()  # the printable key of a priority command stays off the priority binding
    assert keymap["app.back"] == "alt+left,backspace" and keymap["app.back.typed"] == "left_square_bracket"


@pytest.mark.parametrize("raw", [b"\xff\xfe not utf-8", b"[keys\nbroken =", b"keys = 3"])
def test_a_broken_keymap_file_keeps_the_default_keys(tmp_path, raw):
    (tmp_path / "keys.toml").write_bytes(raw)
    user = load_keymap(tmp_path)
    assert user.keys == {} and len(user.problems) == 1 and str(tmp_path / "keys.toml") in user.problems[0]


def test_no_keymap_file_is_no_problem(tmp_path):
    assert load_keymap(tmp_path) == parse_keymap({}, "x")


def test_help_of_each_pane_lists_its_keys_and_explains_its_marks():
    for pane in PANES:
        text = help_markdown(pane, _default)
        first = text.split("# Other panes")[0]
        assert first.startswith(f"# Help — {pane.title()}")
        for c in COMMANDS:
            if c.pane == pane:
                assert c.description in first, (pane, c.id)
        assert LEGENDS[pane] in first
    measures = help_markdown("measures", _default)
    for badge, meaning in zip(
        "●◕◐◔▼○", ("achieved", "on track", "acceleration", "limited", "deteriorating", "no data"), strict=True
    ):
        assert re.search(f"{badge} [a-z ]*{meaning}", measures), badge
    assert '"?" after a name' in help_markdown("figures", _default)


def test_help_shows_the_users_keys():
    user = parse_keymap({"reader.next-hit": "ctrl+n"}, "k")
    assert "| Ctrl+N | Next hit of the query |" in help_markdown("reader", user.keys_of)


def test_readme_tui_section_matches_the_generated_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_table() in readme, "README's key table differs: paste explorer.tui.help_text.readme_table()"
