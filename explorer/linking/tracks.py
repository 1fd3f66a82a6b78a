"""Tracked targets as references: each reported figure → the plan target it is tracked against (the "tracks"
references of ``refs``), and the stored listing order of tracked targets read back."""

from __future__ import annotations

from collections.abc import Iterable

from explorer.extract.tracking import TrackedGroups
from explorer.model import RefEnd, Reference, TrackedTarget


def tracks_references(tracked: Iterable[TrackedTarget]) -> list[Reference]:
    """Reported figures → the plan target they are tracked against. What a target's references share (its end,
    the indicator and status lines, the note) is made once per target: 26,000 references at a thousand documents."""
    out = []
    for t in tracked:
        target = t.target
        end = RefEnd(doc=target.doc, passage=target.passage, measure=t.measure, title=t.indicator, text=target.quote)
        against = f") against target {target.value}{target.unit} by {target.year or '?'}"
        head, tail = f"indicator: {t.indicator}", (f"status: {t.status}",) + ((t.note,) if t.note else ())
        for f in t.reported:
            out.append(
                Reference(
                    type="tracks",
                    source=RefEnd(doc=f.doc, passage=f.passage, text=f.quote),
                    target=end,
                    score=1.0,
                    evidence=(head, f"reported {f.value}{f.unit} ({f.year or '?'}{against}", *tail),
                    start=f.start,
                    end=f.end,
                )
            )
    return out


def in_order(groups: TrackedGroups, order: list[tuple[str, int]]) -> list[TrackedTarget] | None:
    """The tracked targets in the order they were listed (the figures' order), from their indicators' parts; None
    when a part is missing (a damaged shard: tracked again)."""
    try:
        return [groups[ind][1][j] for ind, j in order]
    except (KeyError, IndexError, TypeError):
        return None
