"""What the palette needs from the corpus analysis, computed once in the app's one analysis worker.

The worker asks the workspace for figures, measures and targets in turn (so no two threads ever compute the
same thing first) and turns them into ``PaletteData``: indicators with every name they go by, measures with
their text. No Textual here."""

from __future__ import annotations

import unicodedata

from explorer.tui.messages import IndicatorEntry, MeasureEntry, PaletteData
from explorer.workspace import Workspace


def fold(text: str) -> str:
    """Lower case without punctuation, symbols or spaces: "八深入推进" finds "（八）深入推进" typed without
    its brackets, "pm25" finds "PM2.5"."""
    return "".join(ch for ch in text.lower() if not unicodedata.category(ch).startswith(("P", "Z", "S")))


def analyse(ws: Workspace) -> PaletteData:
    ws.figures()
    summaries = ws.indicators()
    measures = ws.measures()
    ws.targets()  # the Measures pane's badges: computed here, before any pane asks
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
