"""The Measures pane's detail of one node: what it is, its targets with what was reported on them year by year,
the report passages that report on it and what it refers to — as options, each with where ⏎ leads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from explorer.corrections import figure_id
from explorer.tui.messages import Location
from explorer.tui.panes.common import clip, doc_label, figure_text, passage_text, record_of, status_badge, years_label
from explorer.tui.panes.measure_data import MeasureData, outcome_rows

LINKS_LOADING = "reports and references: loading…"


class DetailList(OptionList):
    """The detail's options. Textual's OptionList measures its options' heights at the width it has when they are
    added and measures again only on a resize; a scrollbar appearing narrows it without one, and the detail is
    drawn twice (before and after the references come), so a wrapped option's last line — and the rule under
    it — was cut off. Measured again when the scrollbar comes or goes."""

    def watch_show_vertical_scrollbar(self) -> None:
        self._clear_caches()  # what OptionList does on a resize


@dataclass
class Detail:
    options: list[Option | None] = field(default_factory=list)
    targets: dict[str, Location] = field(default_factory=dict)  # option id → where ⏎ leads
    links: dict[str, tuple[str, str]] = field(default_factory=dict)  # option id → (target, outcome) figure ids

    def add(self, prompt: Any, location: Location | None = None) -> None:
        key = f"o{len(self.options)}"
        if location is not None:
            self.targets[key] = location
        self.options.append(Option(prompt, id=key, disabled=location is None))

    def rule(self) -> None:
        self.options.append(None)


def node_detail(ws: Any, data: MeasureData, node_id: str) -> Detail:
    detail = Detail()
    measure = data.by_id.get(node_id)
    _heading(detail, ws, data, node_id, measure)
    _targets(detail, ws, data, node_id, measure)
    detail.rule()
    if not data.has_links(node_id):  # the references come second (measure_data): said so, not "none"
        detail.add(Text(LINKS_LOADING, style="dim italic"))
        return detail
    _reports(detail, ws, data, node_id)
    _cites(detail, ws, data, node_id)
    return detail


def _heading(detail: Detail, ws: Any, data: MeasureData, node_id: str, measure: Any) -> None:
    doc_id = measure.doc if measure is not None else node_id
    if data.roots.get(doc_id) == node_id:  # a document node: what it is, then its preamble
        record = record_of(ws, doc_id)
        detail.add(
            Text(record.title if record else doc_id, style="bold"),
            Location("reader", doc=doc_id, passage=measure.passages[0] if measure and measure.passages else None),
        )
        tops = data.children.get(node_id, [])
        detail.add(
            Text(
                f"{record.kind if record else ''} · {years_label(record) if record else ''} · "
                f"{len(tops)} top-level parts · {len(data.subtree(node_id)) - 1} nodes",
                style="dim",
            )
        )
        if measure is not None and measure.text:
            detail.add(Text(clip(measure.text, 400)))
    elif measure is not None:
        detail.add(
            Text.assemble((measure.number, "bold"), " ", (measure.title, "bold")),
            Location("reader", doc=measure.doc, passage=measure.passages[0]) if measure.passages else None,
        )
        detail.add(Text(clip(measure.text, 600)))


def _targets(detail: Detail, ws: Any, data: MeasureData, node_id: str, measure: Any) -> None:
    targets = data.targets_under(node_id)
    detail.rule()
    if targets:
        detail.add(Text(f"targets ({len(targets)})", style="bold underline"))
        for t in targets:
            latest = getattr(t, "latest", None) or (t.reported[-1] if t.reported else None)
            line = Text.assemble(
                status_badge(t.status),
                "  ",
                (t.indicator, "bold"),
                f"  {figure_text(t.target)}",
                ("  base " + figure_text(t.baseline)) if t.baseline else "",
                ("  latest " + figure_text(latest)) if latest else "",
            )
            if t.note:
                line.append(f"\n    {clip(t.note, 200)}", style="dim")
            detail.add(line, Location("reader", doc=t.target.doc, passage=t.target.passage))
            for year, figure, how in outcome_rows(t):  # target → outcome, one row a year (⏎ opens it)
                detail.add(
                    Text.assemble(
                        (f"      {year}  ", "bold"),
                        figure_text(figure),
                        (f"  {how}", "green" if how.startswith("latest") else "dim"),
                        (f"  {doc_label(ws, figure.doc, 14)}", "cyan"),
                        ("  ✎ corrected" if getattr(figure, "corrected", None) else "", "yellow"),
                    ),
                    Location("reader", doc=figure.doc, passage=figure.passage),
                )
                detail.links[f"o{len(detail.options) - 1}"] = (figure_id(t.target), figure_id(figure))
    elif measure is not None and measure.targets:
        detail.add(Text("targets (not tracked yet)", style="bold underline"))
        for f in measure.targets:
            detail.add(
                Text.assemble(status_badge("no data"), "  ", (f.indicator, "bold"), f"  {figure_text(f)}"),
                Location("reader", doc=f.doc, passage=f.passage),
            )
    else:
        detail.add(Text("no quantified targets", style="dim"))


def _reports(detail: Detail, ws: Any, data: MeasureData, node_id: str) -> None:
    reports = data.reports_under(node_id)
    if not reports:
        detail.add(Text("no report passage reports on this yet", style="dim"))
        return
    detail.add(Text(f"reported on by ({len(reports)})", style="bold underline"))
    for r in reports:
        record = record_of(ws, r.source.doc)
        snippet = r.source.text or passage_text(ws, r.source.doc, r.source.passage)
        line = Text.assemble(
            (years_label(record) if record else "", "bold"),
            " ",
            (doc_label(ws, r.source.doc, 16), "cyan"),
            (f"  #{r.source.passage}", "dim"),
            (f"  {r.type}" if r.type != "reports-on" else "", "magenta"),
            (f"  {r.score:.2f}", "dim"),
        )
        if r.target.measure != node_id and r.target.measure in data.by_id:
            line.append(f"  [{data.by_id[r.target.measure].number}]", style="dim")
        # the passage on a line of its own: Rich folds an unbroken CJK run onto a fresh line anyway
        line.append("\n  " + clip(snippet, 150))
        if r.evidence:
            line.append(f"\n  {clip(' · '.join(r.evidence), 110)}", style="dim italic")
        detail.add(line, Location("reader", doc=r.source.doc, passage=r.source.passage))


def _cites(detail: Detail, ws: Any, data: MeasureData, node_id: str) -> None:
    cites = [r for mid in data.subtree(node_id) for r in data.cites.get(mid, [])]
    if not cites:
        return
    detail.rule()
    detail.add(Text(f"references ({len(cites)})", style="bold underline"))
    for r in cites:
        name = r.target.title or r.target.measure or doc_label(ws, r.target.doc, 30)
        where = (
            Location("reader", doc=r.target.doc, passage=r.target.passage)
            if r.target.doc
            else Location("references", title=r.target.title)
            if r.target.title
            else Location("measures", measure=r.target.measure)
        )
        detail.add(Text.assemble((r.type, "magenta"), "  ", clip(name or "", 60)), where)
