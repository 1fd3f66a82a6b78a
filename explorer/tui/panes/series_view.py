"""The Figures pane's series: one indicator's figures as rows (``load_series``, off the UI thread) and as a table
and a chart (``SeriesView``), with the status against the plan (``status_line``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from explorer.tui.panes.chart import Row, Series, draw_chart
from explorer.tui.panes.common import NotAvailable, clip, fetch, figure_text, record_of, short_title, status_badge

KIND_STYLE = {"target": "bold magenta", "baseline": "cyan", "actual": "green", "change": "yellow", "rank": "blue"}
COLUMNS = ("year", "value", "unit", "qual.", "kind", "document", "section")
DIRECTION_TEXT = {"higher": "higher is better", "lower": "lower is better"}
FIRST_ROWS = 80  # rows added with the series: a screen's worth and more, even at 200×50
CHUNK_ROWS = 400  # then this many after each refresh


def status_line(series: Series | None) -> Text:
    if series is None:
        return Text("")
    head = Text("status vs plan: ", style="bold")
    if series.problem:
        return head + Text(series.problem, style="dim")
    if not series.targets:
        return head + Text("no plan target for this indicator", style="dim")
    line = head
    for i, t in enumerate(series.targets):  # every target, latest deadline last; the first one's reason
        if i:
            line.append(" · ", style="dim")
        # appended in place: ``line += …`` copied the line each time (GDP增速's 639 targets on a thousand
        # documents took 0.3 s, quadratic)
        line.append_text(status_badge(t.status) + Text(f" {figure_text(t.target)}"))
    first = series.targets[0]
    if first.note and len(series.targets) == 1:
        line.append(f" · {first.note}")
    line.append("   t source", style="dim")
    return line


class SeriesView(Vertical):
    """A series as a table (⏎ opens a row's passage) and a chart."""

    DEFAULT_CSS = """
    SeriesView { width: 1fr; height: 1fr; }
    SeriesView > .series-title { height: 1; padding: 0 1; background: $boost; }
    SeriesView > DataTable { height: 1fr; min-height: 4; }
    SeriesView > PlotextPlot { height: 1fr; min-height: 6; }
    SeriesView > .chart-legend { height: 1; padding: 0 1 0 5; }
    """

    def __init__(self, prefix: str) -> None:
        super().__init__(id=f"{prefix}-series")
        self.prefix = prefix
        self.series: Series | None = None
        self._table_width = 0  # the width the table's cut columns were fitted to
        self._filling = 0  # the fill whose rows are being added (``_add_rows``)

    def compose(self) -> ComposeResult:
        yield Static("", classes="series-title", id=f"{self.prefix}-title")
        table: DataTable = DataTable(id=f"{self.prefix}-table", cursor_type="row", zebra_stripes=True)
        table.add_columns(*COLUMNS)
        yield table
        yield PlotextPlot(id=f"{self.prefix}-chart")
        yield Static("", classes="chart-legend", id=f"{self.prefix}-legend")

    def show_series(self, series: Series) -> None:
        self.series = series
        direction = DIRECTION_TEXT.get(series.direction, "")
        self.query_one(f"#{self.prefix}-title", Static).update(
            Text.assemble(
                ("indicator ▸ ", "dim"),
                (series.name, "bold"),
                (f"  ({' · '.join(x for x in (direction, series.unit) if x)})", "dim"),
                (f"  {len(series.rows)} figures", "dim"),
            )
        )
        self._fill_table()
        self.draw()

    def _fill_table(self) -> None:
        """The rows, the document and section cut to the room the table has (whole on a wide screen). The first
        screen's rows are added at once and the rest a chunk after each refresh: the table measures every cell it
        is given before it draws, and GDP增速's 1,590 rows on a thousand documents kept the pane blank 0.6 s. The
        columns are given their widths (those the table would measure), so later rows never widen them."""
        series = self.series
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)  # columns only ever widen: fitted anew to this width
        self._filling += 1  # a fill still adding rows stops: this one replaces it
        if series is None:
            table.add_columns(*COLUMNS)
            return
        cells = []
        for row in series.rows:
            f = row.figure
            when = f.period or (str(f.year) if f.year else "?")
            kind = f.kind + (" ✎" if f.corrected else "")  # ✎: corrected
            cells.append((f"base·{when}" if f.kind == "baseline" else when, f.value, f.unit, f.qualifier or "", kind))
        widths = [max([cell_len(COLUMNS[k])] + [cell_len(c[k]) for c in cells]) for k in range(5)]
        room = (self.size.width or 80) - sum(w + 2 for w in widths) - 7  # padding of the cut two, border, scrollbar
        longest_doc = max((cell_len(short_title(r.document, 200)) for r in series.rows), default=0)
        doc_width = max(10, min(longest_doc, room // 3))
        section_width = max(10, room - doc_width)
        self._table_width = self.size.width
        rows = []
        for i, (row, (when, value, unit, qualifier, kind)) in enumerate(zip(series.rows, cells, strict=True)):
            rows.append(
                (
                    when,  # a baseline is where a plan starts from: base·2023
                    Text(value, justify="right"),
                    unit,
                    qualifier,
                    Text(kind, style=KIND_STYLE.get(row.figure.kind, "")),
                    clip(short_title(row.document, 200), doc_width),
                    clip(row.section, section_width),
                    str(i),
                )
            )
        widths.append(max([cell_len(COLUMNS[5])] + [cell_len(r[5]) for r in rows]))
        widths.append(max([cell_len(COLUMNS[6])] + [cell_len(r[6]) for r in rows]))
        for label, width in zip(COLUMNS, widths, strict=True):
            table.add_column(label, width=width)
        self._add_rows(self._filling, rows, 0, FIRST_ROWS, cursor)

    def _add_rows(self, filling: int, rows: list[tuple[Any, ...]], start: int, count: int, cursor: int) -> None:
        if filling != self._filling:  # another series (or width) is being shown
            return
        table = self.query_one(DataTable)
        for *cells, key in rows[start : start + count]:
            table.add_row(*cells, key=key)
        if start + count < len(rows):
            self.call_after_refresh(self._add_rows, filling, rows, start + count, CHUNK_ROWS, cursor)
        elif cursor and cursor < table.row_count:
            table.move_cursor(row=cursor)

    @property
    def filled(self) -> bool:
        """Every row of the series is in the table."""
        table = self.query_one(DataTable)
        return self.series is None or table.row_count == len(self.series.rows)

    def on_resize(self) -> None:
        if self.series is not None and self.size.width != self._table_width:
            self._fill_table()

    def draw(self) -> None:
        chart = self.query_one(PlotextPlot)
        legend = draw_chart(chart.plt, self.series)
        self.query_one(f"#{self.prefix}-legend", Static).update(legend)
        chart.refresh()

    def row_figure(self, row_key: str | None) -> Any:
        if self.series is None or row_key is None:
            return None
        try:
            return self.series.rows[int(row_key)].figure
        except (ValueError, IndexError):
            return None


def load_series(ws: Any, name: str, summary: Any = None, tracked: Callable[[], Any] | None = None) -> Series:
    """One indicator's figures as rows, with the plan targets on it (``tracked``: ``ws.targets`` without it)."""
    series = Series(name, unit=getattr(summary, "unit", "") or "", direction=getattr(summary, "direction", "none"))
    from explorer.outcomes import series_figures
    from explorer.tui.prepare import section_lookup

    figures = fetch(series_figures, ws, name)
    section_of = section_lookup(ws, (f.doc for f in figures))  # not ws.passage: loads each whole document
    for f in figures:
        record = record_of(ws, f.doc)
        series.rows.append(Row(f, section_of(f.doc, f.passage), record.title if record else f.doc))
    if not series.unit and series.rows:
        series.unit = Counter(f.unit for f in series.figures).most_common(1)[0][0]
    try:
        series.targets = [t for t in fetch(tracked or ws.targets) if t.indicator == name]
    except NotAvailable as exc:
        series.problem = str(exc)
    return series
