"""Messages the panes post to the app: every jump goes through the app, so history sees it."""
from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass(frozen=True)
class Location:
    """Where the user is: one entry of the browser-like history."""

    pane: str  # "search" | "reader" | "measures" | "figures" | "references" | "notes"
    doc: str | None = None
    passage: int | None = None
    measure: str | None = None
    indicator: str | None = None
    title: str | None = None  # an external title or programme (references pane)
    query: str | None = None


class Navigate(Message):
    """Go to a location (records it in history)."""

    def __init__(self, location: Location) -> None:
        super().__init__()
        self.location = location


class Bookmark(Message):
    """Bookmark a passage (the app asks for an optional note)."""

    def __init__(self, doc: str, passage: int, quote: str | None = None) -> None:
        super().__init__()
        self.doc = doc
        self.passage = passage
        self.quote = quote
