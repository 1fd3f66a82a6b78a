"""What the analysis panes show first, prepared in the app's one analysis worker right after the palette, so a
pane opened later finds its data in memory (and one opened meanwhile waits for the step under way instead of
computing it again: the workspace's calls are kept and guarded by locks). No Textual here.

Steps, in the order of the tabs: the measure trees (Measures), the figures and the sections their rows name
(Figures), the references of every type (the Measures pane's "reported on by" and the References pane). A pane
whose second part needs a later step waits for that step's ``Prepared`` message rather than computing it beside
the step under way (two threads over one interpreter lock only slow each other and the screen).

After each step the objects just loaded are moved out of the collector's reach (``gc.freeze``) when the app asks
for it: they are the corpus snapshot, kept for the whole run, and each full collection walked all of them again —
on a thousand documents 0.55 s of the 0.93 s the references took, and as much of the figures'."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from explorer.model import TrackedTarget

if TYPE_CHECKING:
    from explorer.workspace import IndicatorSummary

STEPS = ("measures", "figures", "references")


def freeze_snapshot() -> None:
    """Keep what is loaded so far out of later full collections (undone by ``gc.unfreeze`` when the app ends)."""
    gc.freeze()


def prepare(ws: Any, *, freeze: bool = False) -> Iterator[tuple[str, str | None]]:
    """Run the steps in turn; yield each step's name and its error (None when it went well) as it ends."""
    runs: dict[str, Callable[[], Any]] = {
        "measures": ws.measures,
        "figures": lambda: (ws.figures(), passage_sections(ws)),
        "references": ws.refs,
    }
    for step in STEPS:
        try:
            runs[step]()
            error = None
        except Exception as exc:  # the pane that needs it says what is missing when it is opened
            error = f"{type(exc).__name__}: {exc}"
        if freeze:
            freeze_snapshot()
        yield step, error


@dataclass(frozen=True)
class AnalysisSnapshot:
    """What the analysis worker computed that the panes read first — the tracked targets and the indicators — with
    the linker it came from: the panes read them here while that linker is the workspace's (a saved correction
    replaces it), not through ``ws.targets()`` and ``ws.indicators()``, which wait for the workspace's and the
    corpus's locks — held by a step of ``prepare`` for most of a second on a thousand documents: the Measures tree
    and the Figures list and series waited for them."""

    source: object
    targets: tuple[TrackedTarget, ...]
    indicators: tuple[IndicatorSummary, ...]

    def fresh(self, ws: Any) -> bool:
        return getattr(ws, "__dict__", {}).get("linker") is self.source


def take_snapshot(ws: Any) -> AnalysisSnapshot:
    linker = ws.linker  # first: a correction saved meanwhile leaves this snapshot stale, never wrongly fresh
    return AnalysisSnapshot(linker, tuple(ws.targets()), tuple(ws.indicators()))


def tracked_targets(ws: Any, snapshot: AnalysisSnapshot | None) -> list[TrackedTarget]:
    """``ws.targets()``, from the snapshot while it is current."""
    return list(snapshot.targets) if snapshot is not None and snapshot.fresh(ws) else list(ws.targets())


def indicators(ws: Any, snapshot: AnalysisSnapshot | None) -> list[IndicatorSummary]:
    """``ws.indicators()``, from the snapshot while it is current."""
    return list(snapshot.indicators) if snapshot is not None and snapshot.fresh(ws) else list(ws.indicators())


def passage_sections(ws: Any) -> dict[str, tuple[str, ...]]:
    """Each document's passages' innermost section title (index → title, "" for none), kept with the stored
    analyses under the documents' keys: a row of the Figures pane names its section, and reading it from the
    document loaded the whole stored document — for GDP增速 on a thousand reports, 1,590 rows, 1.3 s."""
    corpus = ws.corpus

    def sections(doc: str) -> list[tuple[str, tuple[str, ...]]]:
        passages = corpus.document(doc, keep=False).passages
        return [(doc, tuple(p.section[-1] if p.section else "" for p in passages))]

    parts = corpus.per_document(
        "tui-sections-1", corpus.fingerprint("document"), lambda r: corpus.key(r.id, "document"), sections
    )
    return dict(parts)


def section_lookup(ws: Any) -> Callable[[str, int], str]:
    """``(doc, passage) → innermost section title``: from ``passage_sections`` when the workspace keeps stored
    analyses, else from the passage itself."""
    try:
        sections = passage_sections(ws)
    except (AttributeError, KeyError):  # a workspace without a stored corpus (a test double)
        sections = None

    def from_store(doc: str, index: int) -> str:
        titles = sections.get(doc, ()) if sections is not None else ()
        return titles[index] if 0 <= index < len(titles) else ""

    def from_passage(doc: str, index: int) -> str:
        try:
            section = ws.passage(doc, index).section
        except (KeyError, IndexError):
            return ""
        return section[-1] if section else ""

    return from_store if sections is not None else from_passage
