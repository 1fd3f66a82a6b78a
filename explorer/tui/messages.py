"""Messages the panes post to the app: every jump goes through the app, so history sees it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from explorer.tui.prepare import AnalysisSnapshot
    from explorer.workspace import Workspace


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

    @property
    def is_bare(self) -> bool:
        """Only a pane, nothing inside it to show."""
        return not any((self.doc, self.passage is not None, self.measure, self.indicator, self.title, self.query))


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


# ------------------------------------------------------------------ posted by the app's loading worker
class WorkspaceReady(Message):
    """The corpus is open (documents loaded); the index may still be building."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace


class IndexProgress(Message):
    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class IndexReady(Message):
    """The search index is fresh: searching works from now on."""

    def __init__(self, error: str | None = None) -> None:
        super().__init__()
        self.error = error


class WorkspaceFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class NotesChanged(Message):
    """A note was added, edited or removed."""


@dataclass(frozen=True)
class IndicatorEntry:
    """An indicator as the palette finds it: its name and every other name it goes by (lexicon aliases,
    glossary synonyms), lower-cased for matching."""

    name: str
    names: tuple[str, ...]
    figures: int


@dataclass(frozen=True)
class MeasureEntry:
    doc: str
    id: str
    label: str  # number + title
    text: str  # the measure's own text, searched too (总磷 finds the measure on 鄱阳湖总磷)
    label_key: str  # both folded for matching (``analysis.fold``), once
    text_key: str


@dataclass(frozen=True)
class PaletteData:
    indicators: tuple[IndicatorEntry, ...] = ()
    measures: tuple[MeasureEntry, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)  # any lower-cased name → indicator


class AnalysisReady(Message):
    """Figures, measures and targets are computed (once, in one worker): the analysis panes may start."""

    def __init__(
        self, palette: PaletteData, error: str | None = None, snapshot: AnalysisSnapshot | None = None
    ) -> None:
        super().__init__()
        self.palette = palette
        self.error = error
        self.snapshot = snapshot  # tracked targets and indicators, read by the panes while current


class Prepared(Message):
    """One step of what the analysis panes show first is in memory (``tui.prepare``): a pane opened from now on
    finds it there. ``error`` says why a step failed (the pane needing it says so too, when opened)."""

    def __init__(self, step: str, error: str | None = None) -> None:
        super().__init__()
        self.step = step
        self.error = error
