"""The reader's widgets and how a passage is drawn: its text wrapped by Chinese line-breaking rules, the
query's hits, and its marks underlined in place or listed under it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static, Tree

from explorer.model import Passage
from explorer.tui.commands import bindings_for
from explorer.tui.marks import Mark
from explorer.tui.wrapped import WrappedText

if TYPE_CHECKING:
    from explorer.tui.panes.reader import ReaderPane

STYLES = {
    "hit": "reverse",
    "hit-current": "bold reverse $text-warning",
    "figure": "underline $text-success",
    "cites": "underline $text-accent",
    "programme": "underline $text-accent",
    "reports-on": "$text-primary",
    "tracks": "$text-primary",
    "incoming": "$text-secondary",
    "selected": "reverse bold",
}
BADGE_PREFIX = {
    "reports-on": "↳ reports on ",
    "tracks": "↳ tracks ",
    "incoming": "↲ ",
    "cites": "↳ cites ",
    "programme": "↳ programme ",
    "figure": "↳ ",
}


class Marks(Message):
    def __init__(self, doc: str, marks: list[Mark], error: str | None) -> None:
        super().__init__()
        self.doc, self.marks, self.error = doc, marks, error


class Hits(Message):
    def __init__(self, doc: str, query: str, hits: list[tuple[int, int, int]]) -> None:
        super().__init__()
        self.doc, self.query, self.hits = doc, query, hits


class PassageView(Static):
    """One passage; clicking it puts the cursor there."""

    def __init__(self, passage: Passage) -> None:
        classes = ["passage"]
        if passage.heading:
            classes.append("-heading")
        if passage.excluded or passage.duplicate_of is not None:
            classes.append("-excluded")
        super().__init__(WrappedText(Content(passage.text)), classes=" ".join(classes), markup=False)
        self.passage = passage

    def on_click(self, event: events.Click) -> None:
        pane = _reader(self)
        if pane is not None:
            pane.set_cursor(self.passage.index, scroll=False)


class DocView(VerticalScroll, can_focus=True):
    BINDINGS = bindings_for("reader")

    @property
    def pane(self) -> ReaderPane:
        pane = _reader(self)
        assert pane is not None
        return pane

    def action_cursor(self, step: int) -> None:
        self.pane.move_cursor(step)

    def action_page(self, step: int) -> None:
        self.pane.page(step)

    def action_edge(self, end: int) -> None:
        self.pane.edge(bool(end))

    def action_hit(self, step: int) -> None:
        self.pane.jump_hit(step)

    def action_mark(self, step: int) -> None:
        self.pane.select_mark(step)

    def action_follow(self) -> None:
        self.pane.follow()

    def action_bookmark(self) -> None:
        self.pane.bookmark()

    def action_toggle_outline(self) -> None:
        self.pane.toggle_outline()


class Outline(Tree[int]):
    BINDINGS = bindings_for("reader.outline")

    def action_toggle_outline(self) -> None:
        pane = _reader(self)
        if pane is not None:
            pane.toggle_outline()


def _reader(widget: Static | VerticalScroll | Tree[int]) -> ReaderPane | None:
    from explorer.tui.panes.reader import ReaderPane

    return next((a for a in widget.ancestors if isinstance(a, ReaderPane)), None)


def passage_visual(
    passage: Passage,
    marks: list[Mark],
    hits: list[tuple[int, int, int]],
    current: tuple[int, int, int] | None,
    selected: Mark | None,
) -> WrappedText:
    """A passage with its marks and hits styled, a note when it is excluded, and the marks without a place in
    the text (links to and from other documents) as lines under it."""
    text = Content(passage.text)
    for mark in marks:
        if mark.start is not None and mark.end is not None:
            text = text.stylize(STYLES.get(mark.kind, "underline"), mark.start, mark.end)
    for hit in hits:
        text = text.stylize(STYLES["hit-current" if hit == current else "hit"], hit[1], hit[2])
    if selected is not None and selected.start is not None and selected.end is not None:
        text = text.stylize(STYLES["selected"], selected.start, selected.end)
    parts: list[str | tuple[str, str] | Content] = []
    if passage.excluded or passage.duplicate_of is not None:
        why = (
            f"duplicate of #{passage.duplicate_of}"
            if passage.duplicate_of is not None
            else f"unrelated · {passage.exclusion_reason or 'excluded'}"
        )
        parts += [(f"[{why}]", "italic"), "\n"]
    parts.append(text)
    for mark in marks:
        if mark.start is None:
            style = STYLES["selected"] if mark is selected else STYLES.get(mark.kind, "")
            parts += ["\n", (BADGE_PREFIX.get(mark.kind, "↳ ") + mark.label, style)]
    return WrappedText(Content.assemble(*parts))
