"""Command palette (Ctrl+P): documents, measures (by title and by text), indicators (by any name the
lexicon or glossary gives them), a passage search, and the actions of the command list.

Chinese is matched as substrings (a fuzzy subsequence match finds nonsense in CJK text); Latin titles and
action names through Textual's fuzzy matcher."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from explorer.tui.analysis import fold, resolve_indicator
from explorer.tui.messages import Location

if TYPE_CHECKING:
    from explorer.tui.app import PolicyExplorerApp

SNIPPET = 16  # characters of a measure's text shown each side of the match


@dataclass(frozen=True)
class Entry:
    score: float
    text: str
    location: Location
    help: str


def snippet_around(text: str, needle: str) -> str:
    flat = " ".join(text.split())
    at = flat.lower().find(needle.lower())
    if at < 0:
        return flat[: SNIPPET * 2]
    start = max(0, at - SNIPPET)
    end = min(len(flat), at + len(needle) + SNIPPET)
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")


class ExplorerCommands(Provider):
    @property
    def explorer(self) -> PolicyExplorerApp:
        from explorer.tui.app import PolicyExplorerApp

        app = self.app
        assert isinstance(app, PolicyExplorerApp)
        return app

    def _go(self, location: Location) -> None:
        self.explorer.navigate(location)

    async def discover(self) -> Hits:
        ws = self.explorer.workspace
        if ws is None:
            return
        for record in ws.records:
            location = Location("reader", doc=record.id, passage=0)
            yield DiscoveryHit(
                f"Open document: {record.title}",
                partial(self._go, location),
                help=f"{record.kind} · {record.published}",
            )

    def entries(self, query: str, score: Callable[[str], float]) -> Iterator[Entry]:
        """Every match of ``query``, best first within its kind. ``score`` is the fuzzy matcher (Latin text)."""
        app = self.explorer
        ws = app.workspace
        if ws is None:
            return
        q = query.strip()
        low = fold(q)
        for record in ws.records:
            text = f"Open document: {record.title}"
            s = 1.0 if low and low in fold(record.title) else (score(text) if q.isascii() else 0.0)
            if s > 0:
                yield Entry(
                    s, text, Location("reader", doc=record.id, passage=0), f"{record.kind} · {record.published}"
                )
        data = app.palette_data
        resolved = resolve_indicator(ws, data, q)
        for ind in data.indicators:
            via = next((n for n in ind.names if low and low in fold(n)), None)
            if ind.name == resolved:
                s = 1.0
                help_text = f"{q} → {ind.name} (glossary / lexicon) · {ind.figures} figures"
            elif via is not None:
                s = 0.9 if low in fold(ind.name) else 0.8
                help_text = f"also called {via} · {ind.figures} figures" if via != ind.name.lower() else "its series"
            else:
                continue
            yield Entry(s, f"Go to indicator: {ind.name}", Location("figures", indicator=ind.name), help_text)
        if len(low) >= 2 or (low and not low.isascii()):
            for m in data.measures:
                if low in m.label_key:
                    s, help_text = (0.95 if m.label_key.startswith(low) else 0.85), m.doc
                elif low in m.text_key:
                    s, help_text = 0.6, snippet_around(m.text, q)
                else:
                    continue
                yield Entry(s, f"Go to measure: {m.label}", Location("measures", doc=m.doc, measure=m.id), help_text)
        if q:
            yield Entry(0.5, f"Search passages: {q}", Location("search", query=q), "full-text search in Search (F2)")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self.entries(query, matcher.match):
            yield Hit(
                entry.score,
                matcher.highlight(entry.text) if entry.text.isascii() else entry.text,
                partial(self._go, entry.location),
                text=entry.text,
                help=entry.help,
            )
