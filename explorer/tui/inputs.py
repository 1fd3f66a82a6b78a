"""An Input whose editing keys keep their order with typed characters.

Textual's Input inserts a printable character at once in ``_on_key`` but runs a bound key (Backspace, ←,
Ctrl+K …) only after the key event has bubbled up to the app, so in a burst (20 × Backspace then a paste, a
chorded keyboard, a busy machine) later characters overtake earlier Backspaces and the box ends up with an
older text (Textual issue #6605). Here the widget's own bindings run inline, in arrival order — the approach of
Textual PR #6631. Priority bindings were already checked by the app before the key reached the widget.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class OrderedInput(Input):
    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            for binding in self._bindings.key_to_bindings.get(event.key, ()):
                if not binding.priority and await self.app.run_action(binding.action, self):
                    event.stop()
                    event.prevent_default()
                    return
        await super()._on_key(event)
