"""Command palette (Ctrl+P): open a document, go to an indicator or a measure, search."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from explorer.tui.messages import Location


class ExplorerCommands(Provider):
    def _entries(self) -> Iterator[tuple[str, Location, str]]:
        app: Any = self.app
        ws = getattr(app, "workspace", None)
        if ws is None:
            return
        for record in ws.records:
            yield (
                f"Open document: {record.title}",
                Location("reader", doc=record.id, passage=0),
                f"{record.kind} · {record.published}",
            )
        data = getattr(app, "palette_data", {})
        for name in data.get("indicators", []):
            yield f"Go to indicator: {name}", Location("figures", indicator=name), "its series in Figures"
        for m in data.get("measures", []):
            yield f"Go to measure: {m.number}{m.title}", Location("measures", doc=m.doc, measure=m.id), m.doc

    def _go(self, location: Location) -> None:
        self.app.navigate(location)  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        for text, location, help_text in self._entries():
            if text.startswith("Open document"):
                yield DiscoveryHit(text, partial(self._go, location), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, location, help_text in self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self._go, location), text=text, help=help_text)
        words = query.strip()
        if words and getattr(self.app, "workspace", None) is not None:
            text = f"Search: {words}"
            yield Hit(
                0.5,
                text,
                partial(self._go, Location("search", query=words)),
                text=text,
                help="full-text search in the Search pane",
            )
