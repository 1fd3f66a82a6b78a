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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from explorer.model import TrackedTarget

if TYPE_CHECKING:
    from explorer.workspace import IndicatorSummary

STEPS = ("measures", "figures", "references")
SECTIONS_SLOT = "tui-sections-1"  # the stored listing of each document's passages' section titles


def freeze_snapshot() -> None:
    """Keep what is loaded so far out of later full collections (undone by ``gc.unfreeze`` when the app ends)."""
    gc.freeze()


def prepare(
    ws: Any, *, freeze: bool = False, before_step: Callable[[], None] | None = None
) -> Iterator[tuple[str, str | None]]:
    """Run the steps in turn; yield each step's name and its error (None when it went well) as it ends.
    ``before_step`` is called before each (the app waits there while a pane loads what it shows)."""
    first = ws.records[0].id if ws.records else ""
    runs: dict[str, Callable[[], Any]] = {
        "measures": ws.measures,
        # with the per-indicator and per-document indexes (built once per change of what they list), so the next
        # start reads one shard of each
        "figures": lambda: (ws.figures(), passage_sections(ws), _indexes(ws, "indicator_figures", "GDP增速")),
        "references": lambda: (ws.refs(), _indexes(ws, "doc_refs", first), _indexes(ws, "doc_targets", first)),
    }
    for step in STEPS:
        if before_step is not None:
            before_step()
        try:
            runs[step]()
            error = None
        except Exception as exc:  # the pane that needs it says what is missing when it is opened
            error = f"{type(exc).__name__}: {exc}"
        if freeze:
            freeze_snapshot()
        yield step, error


def _indexes(ws: Any, name: str, some: str) -> Any:
    """Build (or check) the index behind ``ws.<name>`` by asking it for one entry (a test double has none)."""
    call = getattr(ws, name, None)
    return call(some) if call is not None else None


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


def tracked_targets(ws: Any, snapshot: AnalysisSnapshot | None, indicator: str | None = None) -> list[TrackedTarget]:
    """``ws.targets()`` (of one indicator, with ``indicator``: from the store's per-indicator index), from the
    snapshot while it is current."""
    if snapshot is not None and snapshot.fresh(ws):
        return [t for t in snapshot.targets if indicator is None or t.indicator == indicator]
    if indicator is None:
        return list(ws.targets())
    try:
        return list(ws.targets(indicator=indicator))
    except TypeError:  # a workspace without the index (a test double)
        return [t for t in ws.targets() if t.indicator == indicator]


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
        SECTIONS_SLOT, corpus.fingerprint("document"), lambda r: corpus.key(r.id, "document"), sections
    )
    return dict(parts)


def section_lookup(ws: Any, docs: Iterable[str] = ()) -> Callable[[str, int], str]:
    """``(doc, passage) → innermost section title``, a document's titles read when first asked for: from the
    ``passage_sections`` listing when this run has it, else that document's part of it alone (one shard of the
    stored listing, ``AnalysisStore.get_part``: a series' first screen names a few documents of a thousand), else
    from the document itself; without stored analyses (a test double), from the passage. ``docs``: read these
    documents' parts at once (each shard once)."""
    corpus = getattr(ws, "__dict__", {}).get("_corpus")
    if corpus is None or not hasattr(corpus, "per_document"):

        def from_passage(doc: str, index: int) -> str:
            try:
                section = ws.passage(doc, index).section
            except (KeyError, IndexError, AttributeError):
                return ""
            return section[-1] if section else ""

        return from_passage
    titles_of: dict[str, tuple[str, ...]] = {}
    wanted = [d for d in dict.fromkeys(docs) if d in corpus.keys]
    if wanted:
        for doc, part in corpus.store.parts_of("corpus", SECTIONS_SLOT, wanted).items():
            titles_of[doc] = _titles(corpus, doc, part) or _doc_sections(corpus, doc)

    def titles(doc: str) -> tuple[str, ...]:
        found = titles_of.get(doc)
        if found is None:
            found = titles_of[doc] = _doc_sections(corpus, doc)
        return found

    def from_store(doc: str, index: int) -> str:
        found = titles(doc)
        return found[index] if 0 <= index < len(found) else ""

    return from_store


def _doc_sections(corpus: Any, doc: str) -> tuple[str, ...]:
    if doc not in corpus.keys:
        return ()
    found = _titles(corpus, doc, corpus.store.get_part("corpus", SECTIONS_SLOT, doc))
    if found is not None:
        return found
    passages = corpus.document(doc, keep=False).passages
    return tuple(p.section[-1] if p.section else "" for p in passages)


def _titles(corpus: Any, doc: str, part: Any) -> tuple[str, ...] | None:
    """A document's titles from its stored part — (its key, its items, first key), as ``per_document`` keeps it —
    when made from the document as it is now."""
    if isinstance(part, tuple) and len(part) == 3 and part[0] == corpus.key(doc, "document") and part[1]:
        if part[1][0][0] == doc:
            return tuple(part[1][0][1])
    return None
