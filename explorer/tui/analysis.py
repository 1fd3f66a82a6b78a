"""What the palette needs from the corpus analysis, computed once in the app's one analysis worker.

The worker asks the workspace for figures, measures and targets in turn (so no two threads ever compute the
same thing first) and turns them into ``PaletteData``: indicators with every name they go by, measures with
their text. No Textual here."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from explorer.tui.messages import IndicatorEntry, MeasureEntry, PaletteData
from explorer.tui.prepare import AnalysisSnapshot, take_snapshot
from explorer.workspace import Workspace


@lru_cache(maxsize=1)
def _dropped() -> dict[int, None]:
    """Every punctuation, symbol and space character of the Basic Multilingual Plane, for ``str.translate``."""
    return {cp: None for cp in range(0x10000) if unicodedata.category(chr(cp)).startswith(("P", "Z", "S"))}


def fold(text: str) -> str:
    """Lower case without punctuation, symbols or spaces: "八深入推进" finds "（八）深入推进" typed without
    its brackets, "pm25" finds "PM2.5". (One translate: the palette folds every measure of the corpus.)"""
    return text.lower().translate(_dropped())


def analyse(ws: Workspace) -> tuple[PaletteData, AnalysisSnapshot]:
    """The palette's data, kept with the corpus's stored analyses under what it is made from (measures, figures,
    glossary, lexicon): a second start on a thousand documents reads it instead of folding every measure again.
    And the tracked targets and indicators, which the panes read from then on (``prepare.AnalysisSnapshot``)."""
    from explorer.keys import fingerprint
    from explorer.workspace import file_fingerprint

    corpus = ws.corpus
    key = fingerprint(
        "palette-1",
        corpus.fingerprint("measures", "figures"),
        file_fingerprint(ws.settings_file("glossary.yaml")),
        ws.analysis_settings.lexicon_fingerprint,
        ws.corrections[1],
    )
    data = corpus.derived("palette", key, lambda: _palette(ws))
    return data, take_snapshot(ws)  # the Measures pane's badges: computed (or loaded) here, before any pane asks


def _palette(ws: Workspace) -> PaletteData:
    ws.figures()
    summaries = ws.indicators()
    measures = ws.measures()
    aliases: dict[str, str] = {}
    indicators = []
    for s in summaries:
        names = {s.name}
        entry = ws.lexicon.entry(s.name)
        if entry is not None:
            names.update(entry.aliases)
        for name in list(names):
            names.update(ws.glossary.expand(name))
        lowered = tuple(sorted({n.lower() for n in names}))
        for n in lowered:
            aliases.setdefault(n, s.name)
        indicators.append(IndicatorEntry(s.name, lowered, s.figures))
    entries = []
    for m in measures:
        if m.node != "root":
            label = f"{m.number}{m.title}".strip()
            entries.append(MeasureEntry(m.doc, m.id, label, m.text, fold(label), fold(m.text)))
    return PaletteData(tuple(indicators), tuple(entries), aliases)


def resolve_indicator(ws: Workspace, data: PaletteData, query: str) -> str | None:
    """The indicator a name stands for, through the glossary and the lexicon: 国内生产总值增长 → GDP增速."""
    wanted = query.strip().lower()
    if not wanted:
        return None
    if wanted in data.aliases:
        return data.aliases[wanted]
    for term in ws.glossary.expand(query.strip()):
        if term.lower() in data.aliases:
            return data.aliases[term.lower()]
    try:
        name = ws.lexicon.canonicalise(query.strip())[0]
    except Exception:  # a broken lexicon entry must not break the palette
        return None
    return name if name.lower() in data.aliases else None
