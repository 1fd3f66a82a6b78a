"""An Input whose editing keys keep their order with typed characters.

Textual's Input inserts a printable character at once in ``_on_key`` but runs a bound key (Backspace, ←,
Ctrl+K …) only after the key event has bubbled up to the app, so in a burst (20 × Backspace then a paste, a
chorded keyboard, a busy machine) later characters overtake earlier Backspaces and the box ends up with an
older text (Textual issue #6605).
Every text box of the explorer is one (the query, the Figures filter, the dialogs, the palette's box). Here the widget's own bindings run inline, in arrival order — the approach of
Textual PR #6631. Priority bindings were already checked by the app before the key reached the widget.
"""

from __future__ import annotations

from typing import cast

from textual import events
from textual.app import ComposeResult
from textual.command import CommandInput, CommandPalette
from textual.widgets import Input


class OrderedKeys:
    """The ordered key handling, as a mixin placed before an Input class: Textual's CSS follows only the first
    widget base of a class, so a palette box built as ``OrderedKeys, CommandInput`` keeps CommandInput's look."""

    async def _on_key(self, event: events.Key) -> None:
        box = cast(Input, self)
        if not event.is_printable:
            for binding in box._bindings.key_to_bindings.get(event.key, ()):
                if not binding.priority and await box.app.run_action(binding.action, box):
                    event.stop()
                    event.prevent_default()
                    return
        await super()._on_key(event)  # type: ignore[misc]  # the Input's own: inserts the character


class OrderedInput(OrderedKeys, Input):
    """A text box whose editing keys keep their order with typed characters."""


class OrderedCommandInput(OrderedKeys, CommandInput):
    """The command palette's query box, with the same ordered keys (the palette finds it as a CommandInput)."""


class OrderedCommandPalette(CommandPalette):
    """Textual's command palette with an ``OrderedCommandInput``: the one text box the explorer did not build."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():  # the same layout, the query box swapped
            if type(widget) is CommandInput:
                yield OrderedCommandInput(placeholder=widget.placeholder, select_on_focus=False)
            else:
                yield widget
