"""Correcting a figure from the TUI (the Figures pane's ``e`` key): a dialog asking what to fix, and the save into
the corpus's corrections.yaml (explorer/corrections.py), after which the workspace recomputes what depends on it."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from explorer.corrections import add_correction, parse_correction
from explorer.extract.indicators import role_of
from explorer.extract.prepare import corrections_path, forget
from explorer.tui.inputs import OrderedInput
from explorer.tui.panes.common import clip, figure_text


def save_correction(ws: Any, fid: str, text: str) -> tuple[bool, str]:
    """(saved, one-line message): parse what was typed, append it to corrections.yaml (atomically), forget what
    was computed from the old figures."""
    try:
        entry = parse_correction(text, fid)
    except ValueError as exc:
        return False, f"not saved: {exc}"
    path = corrections_path(ws)
    _corrections, problems = add_correction(path, entry)
    if problems:
        return False, f"not saved: {problems[0]}"
    forget(ws)
    return True, f"corrected {fid} (saved in {path.name})"


class CorrectDialog(ModalScreen[str | None]):
    """Asks how to correct one figure: "role=actual year=2022", "value=4.56", "indicator=…", or "veto"."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="correct-cancel")]

    def __init__(self, fid: str, figure: Any) -> None:
        super().__init__()
        self._fid, self._figure = fid, figure

    def compose(self) -> ComposeResult:
        f = self._figure
        with Vertical(classes="dialog"):
            yield Label(f"Correct {self._fid}", classes="dialog-title")
            yield Static(f"{f.indicator}: {figure_text(f)} · {role_of(f)} · {f.year or '?'}", markup=False)
            yield Static(clip(f.quote or "", 240), classes="dialog-quote", markup=False)
            yield OrderedInput(
                placeholder="role=actual year=2022 value=4.56 indicator=… | veto  (# note) — Enter saves, Esc cancels",
                id="correct-input",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
