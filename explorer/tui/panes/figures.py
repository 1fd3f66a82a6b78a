"""Figures pane (F5): indicators, one indicator's series as a table and a chart with the plan target drawn
across it, the status against the plan, and a second indicator beside it for comparison."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual_plotext import PlotextPlot

from explorer.corrections import figure_id
from explorer.extract.indicators import role_of
from explorer.tui.commands import bindings_for
from explorer.tui.messages import Location, Navigate
from explorer.tui.panes.common import (
    NARROW,
    NotAvailable,
    PaneBase,
    clip,
    doc_label,
    fetch,
    figure_text,
    status_badge,
)
from explorer.tui.panes.correcting import CorrectDialog, save_correction

CHARTED_KINDS = ("actual", "target", "baseline")  # changes and ranks are not levels: table only
KIND_STYLE = {"target": "bold magenta", "baseline": "cyan", "actual": "green", "change": "yellow", "rank": "blue"}
DIRECTION_TEXT = {"higher": "higher is better", "lower": "lower is better"}


@dataclass
class Row:
    figure: Any
    section: str
    document: str


@dataclass
class Series:
    """One indicator's data, computed off the UI thread."""

    name: str
    unit: str = ""
    direction: str = "none"
    rows: list[Row] = field(default_factory=list)
    targets: list = field(default_factory=list)  # TrackedTarget of this indicator
    problem: str | None = None  # why targets are missing ("not available yet")

    @property
    def figures(self) -> list:
        return [r.figure for r in self.rows]


def figure_number(figure: Any) -> float | None:
    """The figure's number as written (not in base units), for charting next to its siblings."""
    try:
        return float(str(figure.value).rstrip("+").replace(",", ""))
    except (TypeError, ValueError):
        return None


def chart_points(series: Series) -> tuple[str, list[tuple[int, float, Any]]]:
    """(unit, [(year, value, figure)]) of the figures that can share one axis: levels, in the indicator's
    commonest unit, other units of the same base converted to it."""
    from explorer.extract.indicators import measure_of

    # Outcomes and targets of the measure the series is mostly about: a rate indicator (GDP增速) charts its rates
    # ("增长5.2%"), a level indicator its levels; ranks never share an axis with either.
    dated = [f for f in series.figures if f.year is not None and measure_of(f) != "rank"]
    # one government per chart: the one with most figures (national and provincial GDP growth never share a line)
    places = Counter(f.jurisdiction for f in dated if f.jurisdiction)
    if places:
        place = places.most_common(1)[0][0]
        dated = [f for f in dated if f.jurisdiction in (place, None)]
    rates = sum(measure_of(f) == "rate" for f in dated) * 2 > len(dated)
    figures = [
        f
        for f in dated
        if role_of(f) in ("actual", "target", "baseline")
        and (measure_of(f) == "rate") == rates
        and (rates or f.kind in CHARTED_KINDS)
    ]
    if not figures:
        return series.unit, []
    unit = Counter(f.unit for f in figures).most_common(1)[0][0]
    reference = next(f for f in figures if f.unit == unit)
    ref_value = figure_number(reference)
    factor = (reference.base_value / ref_value) if reference.base_value and ref_value else None
    points = []
    for f in figures:
        if f.unit == unit:
            value = figure_number(f)
        elif factor and f.base_unit == reference.base_unit and f.base_value is not None:
            value = f.base_value / factor
        else:
            value = None
        if value is not None:
            points.append((f.year, value, f))
    return unit, points


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
        line += status_badge(t.status) + Text(f" {figure_text(t.target)}")
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
    """

    def __init__(self, prefix: str) -> None:
        super().__init__(id=f"{prefix}-series")
        self.prefix = prefix
        self.series: Series | None = None

    def compose(self) -> ComposeResult:
        yield Static("", classes="series-title", id=f"{self.prefix}-title")
        table: DataTable = DataTable(id=f"{self.prefix}-table", cursor_type="row", zebra_stripes=True)
        table.add_columns("year", "value", "unit", "qual.", "kind", "document", "section")
        yield table
        yield PlotextPlot(id=f"{self.prefix}-chart")

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
        table = self.query_one(DataTable)
        table.clear()
        for i, row in enumerate(series.rows):
            f = row.figure
            when = f.period or (str(f.year) if f.year else "?")
            table.add_row(
                f"base·{when}" if f.kind == "baseline" else when,  # a baseline is where a plan starts from
                Text(f.value, justify="right"),
                f.unit,
                f.qualifier or "",
                Text(f.kind + (" ✎" if f.corrected else ""), style=KIND_STYLE.get(f.kind, "")),  # ✎: corrected
                row.document,
                row.section,
                key=str(i),
            )
        self.draw()

    def draw(self) -> None:
        chart = self.query_one(PlotextPlot)
        plt = chart.plt
        plt.clear_figure()
        series = self.series
        if series is None:
            chart.refresh()
            return
        unit, points = chart_points(series)
        where = f" — {points[0][2].jurisdiction}" if points and points[0][2].jurisdiction else ""
        plt.title((f"{series.name} ({unit})" if unit else series.name) + where)
        if not points:
            plt.title(f"{series.name}: no yearly levels to chart")
            chart.refresh()
            return
        years = sorted({p[0] for p in points})
        actual = sorted((y, v) for y, v, f in points if role_of(f) == "actual")
        planned = sorted((y, v) for y, v, f in points if role_of(f) != "actual")
        if actual:
            by_year = dict(actual)  # one point a year for the line (the last stated), every point as a dot
            plt.plot(list(by_year), list(by_year.values()), marker="braille", color="green", label="reported")
            plt.scatter([p[0] for p in actual], [p[1] for p in actual], marker="●", color="green")
        if planned:
            plt.scatter([p[0] for p in planned], [p[1] for p in planned], marker="◆", color="magenta", label="plan")
        values = [p[1] for p in points]
        place = points[0][2].jurisdiction
        targets = [
            t
            for t in series.targets
            if place is None or getattr(t, "jurisdiction", place) in (place, None)  # not another government's
        ]
        for target in targets:
            value = _in_unit(target.target, unit, points)
            if value is None:
                continue
            values.append(value)
            deadline = target.target.year
            if len(targets) > 2 and deadline is not None:
                # yearly targets (GDP增速 5%左右 each year): a short red bar at each target's year, beside its outcome
                plt.plot([deadline - 0.4, deadline + 0.4], [value, value], color="red", marker="hd")
            else:  # one plan target: a line across the chart
                plt.hline(value, "red")
                plt.text(f"plan {target.target.value}", x=years[0], y=value, color="red", alignment="left")
        low, high = min(values), max(values)
        pad = (high - low) * 0.15 or max(abs(high) * 0.05, 1.0)
        plt.ylim(low - pad, high + pad)
        if len(years) == 1:
            plt.xlim(years[0] - 1, years[0] + 1)
        plt.xticks([float(y) for y in years], [str(y) for y in years])
        chart.refresh()

    def row_figure(self, row_key: str | None) -> Any:
        if self.series is None or row_key is None:
            return None
        try:
            return self.series.rows[int(row_key)].figure
        except (ValueError, IndexError):
            return None


def _in_unit(figure: Any, unit: str, points: list) -> float | None:
    if figure.unit == unit:
        return figure_number(figure)
    same = next((f for _y, _v, f in points if f.unit == unit and f.base_value), None)
    number = figure_number(same) if same else None
    if same and number and figure.base_value is not None and figure.base_unit == same.base_unit:
        return figure.base_value / (same.base_value / number)
    return None


def load_series(ws: Any, name: str, summary: Any = None) -> Series:
    series = Series(name, unit=getattr(summary, "unit", "") or "", direction=getattr(summary, "direction", "none"))
    from explorer.outcomes import series_figures

    for f in fetch(series_figures, ws, name):
        try:
            section = ws.passage(f.doc, f.passage).section
        except (KeyError, IndexError):
            section = ()
        series.rows.append(Row(f, clip(section[-1], 18) if section else "", doc_label(ws, f.doc, 10)))
    if not series.unit and series.rows:
        series.unit = Counter(f.unit for f in series.figures).most_common(1)[0][0]
    try:
        series.targets = [t for t in fetch(ws.targets) if t.indicator == name]
    except NotAvailable as exc:
        series.problem = str(exc)
    return series


class FiguresPane(PaneBase):
    """Indicators ▸ series table + chart; ⏎ on a row opens its passage in the Reader."""

    DEFAULT_CSS = """
    FiguresPane { height: 1fr; width: 1fr; }
    FiguresPane #figures-message { height: auto; padding: 0 1; color: $text-muted; display: none; }
    FiguresPane #figures-message.-shown { display: block; }
    FiguresPane #figures-body { height: 1fr; }
    FiguresPane #indicator-side { width: 36; height: 1fr; border-right: vkey $panel; }
    FiguresPane #indicator-filter { width: 1fr; }
    FiguresPane #indicator-list { height: 1fr; border: none; }
    FiguresPane #series-area { width: 1fr; height: 1fr; }
    FiguresPane #series-row { height: 1fr; }
    FiguresPane #compare-series { display: none; border-left: vkey $panel; }
    FiguresPane.-comparing #compare-series { display: block; }
    FiguresPane #plan-status { height: auto; max-height: 3; padding: 0 1; background: $boost; }
    FiguresPane.-hide-list #indicator-side { display: none; }
    FiguresPane.-narrow #indicator-side { width: 1fr; border-right: none; }
    FiguresPane.-narrow.-comparing #series-row { layout: vertical; }
    FiguresPane.-narrow.-comparing #compare-series { border-left: none; border-top: hkey $panel; }
    FiguresPane.-narrow #series-area { display: none; }
    FiguresPane.-narrow.-hide-list #series-area { display: block; }
    """

    BINDINGS = bindings_for("figures")  # keys, footer, help and palette: explorer/tui/commands.py

    def __init__(self) -> None:
        super().__init__()
        self.indicators: list | None = None
        self.current: Series | None = None
        self.compared: Series | None = None
        self.problem: str | None = None
        self._wanted: str | None = None  # the indicator last asked for (its series may still be loading)
        self._listed_query = ""  # what the list shows now (setting the filter's value posts Changed later)

    def compose(self) -> ComposeResult:
        yield Static("", id="figures-message")
        with Horizontal(id="figures-body"):
            with Vertical(id="indicator-side"):
                yield Input(placeholder="filter indicators…  (/)", id="indicator-filter", compact=True)
                yield OptionList(id="indicator-list")
            with Vertical(id="series-area"):
                with Horizontal(id="series-row"):
                    yield SeriesView("main")
                    yield SeriesView("compare")
                yield Static("", id="plan-status")

    # ----------------------------------------------------------------- loading
    @property
    def data_ready(self) -> bool:  # type: ignore[override]
        return self.indicators is not None

    def set_message(self, text: str | None) -> None:
        message = self.query_one("#figures-message", Static)
        message.update(text or "")
        message.set_class(bool(text), "-shown")

    def start_loading(self, ws: Any) -> None:
        self.set_message("loading indicators…")
        self._load_indicators(ws)

    @work(exclusive=True, group="figures", thread=True)
    def _load_indicators(self, ws: Any) -> None:
        try:
            indicators, problem = list(fetch(ws.indicators)), None
        except NotAvailable as exc:
            indicators, problem = [], f"figures: {exc}"
        except Exception as exc:  # a bug in an extractor must not take the app down
            indicators, problem = [], f"figures could not be extracted: {type(exc).__name__}: {exc}"
        self.reply(self._apply_indicators, indicators, problem)

    def _apply_indicators(self, indicators: list, problem: str | None) -> None:
        self.indicators = indicators
        self.set_message(problem or (None if indicators else "no figures in this corpus"))
        query = self.query_one("#indicator-filter", Input)
        self._fill_list(query.value)
        if query.has_focus and not query.value:  # letters are the pane's keys until / asks for a filter
            self.query_one("#indicator-list", OptionList).focus()
        if self.location is not None and self.location.indicator:
            self.apply_location(self.location)

    def _fill_list(self, query: str) -> None:
        self._listed_query = query
        listing = self.query_one("#indicator-list", OptionList)
        listing.clear_options()
        wanted = self._matching(query)
        keep = None
        for i, summary in enumerate(self.indicators or []):
            if i not in wanted:
                continue
            if self.current is not None and summary.name == self.current.name:
                keep = listing.option_count
            listing.add_option(
                Option(
                    Text.assemble(
                        clip(summary.name, 24),
                        (f"  {summary.figures}·{summary.documents}", "dim"),
                        ("" if summary.in_lexicon else " ?", "dim"),
                    ),
                    id=str(i),
                )
            )
        if listing.option_count:
            listing.highlighted = keep if keep is not None else 0

    def _matching(self, query: str) -> set[int]:
        indicators = self.indicators or []
        query = query.strip().lower()
        if not query:
            return set(range(len(indicators)))
        canonical = None
        try:  # an alias typed in the filter finds its canonical indicator
            canonical = self.ws.canonical_indicator(query) if self.ws is not None else None
        except Exception:
            canonical = None
        return {i for i, s in enumerate(indicators) if query in s.name.lower() or s.name == canonical}

    # ----------------------------------------------------------------- choosing an indicator
    @on(Input.Changed, "#indicator-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.indicators is not None and event.value != self._listed_query:
            self._fill_list(event.value)

    @on(Input.Submitted, "#indicator-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#indicator-list", OptionList).focus()

    def on_key(self, event: Any) -> None:
        if event.key == "down" and self.query_one("#indicator-filter", Input).has_focus:
            self.query_one("#indicator-list", OptionList).focus()
            event.stop()

    @on(OptionList.OptionHighlighted, "#indicator-list")
    def _indicator_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._choose(int(event.option.id or 0))

    @on(OptionList.OptionSelected, "#indicator-list")
    def _indicator_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(int(event.option.id or 0))
        if self.has_class("-narrow"):
            self.add_class("-hide-list")
        self.query_one("#main-table", DataTable).focus()

    def _choose(self, index: int) -> None:
        if self.indicators is None or not 0 <= index < len(self.indicators):
            return
        summary = self.indicators[index]
        if self._wanted == summary.name:  # already shown or on its way
            return
        self._wanted = summary.name
        self._load_series(self.ws, summary)

    def select_indicator(self, name: str) -> bool:
        """Highlight ``name`` (or the indicator an alias of it stands for) in the list; False if unknown."""
        if not self.indicators:
            return False
        names = [s.name for s in self.indicators]
        if name not in names and self.ws is not None:
            try:
                name = self.ws.canonical_indicator(name)
            except Exception:
                pass
        if name not in names:
            return False
        if self._listed_query:
            self.query_one("#indicator-filter", Input).value = ""
            self._fill_list("")
        listing = self.query_one("#indicator-list", OptionList)
        listing.highlighted = listing.get_option_index(str(names.index(name)))
        self._choose(names.index(name))
        return True

    def on_resize(self) -> None:
        # Hidden until first shown, the pane learns it is narrow only now: a jump to an indicator that came
        # before shows the series, not the list.
        if (
            self.size.width < NARROW
            and not self.has_class("-narrow")
            and self.current is not None
            and self.location is not None
            and self.location.indicator
        ):
            self.add_class("-hide-list")
            self.call_after_refresh(self.query_one("#main-table", DataTable).focus)

    def apply_location(self, location: Location) -> None:
        if not location.indicator:
            return
        if self.select_indicator(location.indicator):
            if self.has_class("-narrow"):  # a jump to an indicator shows its series, not the list
                self.add_class("-hide-list")
            self.query_one("#main-table", DataTable).focus()
        else:
            self.notify(f"no figures for {location.indicator}", severity="warning")

    @work(exclusive=True, group="figures-series", thread=True)
    def _load_series(self, ws: Any, summary: Any) -> None:
        try:
            series = load_series(ws, summary.name, summary)
        except NotAvailable as exc:
            series = Series(summary.name, problem=str(exc))
        except Exception as exc:
            series = Series(summary.name, problem=f"series failed: {type(exc).__name__}: {exc}")
        self.reply(self._apply_series, series)

    def _apply_series(self, series: Series) -> None:
        self.current = series
        self.query_one("#main-series", SeriesView).show_series(series)
        self.query_one("#plan-status", Static).update(status_line(series))

    # ----------------------------------------------------------------- rows → reader
    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        view = event.data_table.parent
        figure = view.row_figure(event.row_key.value) if isinstance(view, SeriesView) else None
        if figure is not None:
            self.post_message(Navigate(Location("reader", doc=figure.doc, passage=figure.passage)))

    def current_location(self) -> Location | None:
        """Where the user is in this pane, for the app's history."""
        return Location("figures", indicator=self.current.name) if self.current is not None else None

    def focus_default(self) -> None:
        if self.current is not None and self.has_class("-hide-list"):
            self.query_one("#main-table", DataTable).focus()
        else:
            self.query_one("#indicator-list", OptionList).focus()

    # ----------------------------------------------------------------- actions
    def action_compare(self) -> None:
        if self.has_class("-comparing"):
            self.remove_class("-comparing")
            self.compared = None
            return
        if self.current is None:
            self.notify("choose an indicator first, then press c to pin it for comparison")
            return
        self.compared = self.current
        compare = self.query_one("#compare-series", SeriesView)
        compare.show_series(self.current)
        self.add_class("-comparing")
        self.remove_class("-hide-list")
        self.query_one("#indicator-list", OptionList).focus()
        self.notify(f"{self.current.name} pinned: choose another indicator to compare")

    def action_correct(self) -> None:
        table = self.query_one("#main-table", DataTable)
        view = self.query_one("#main-series", SeriesView)
        if self.current is None or not table.row_count:
            self.notify("choose an indicator and a figure first")
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        figure = view.row_figure(key)
        if figure is None:
            return
        fid = figure_id(figure)
        self.app.push_screen(CorrectDialog(fid, figure), lambda text: self._save_correction(fid, text))

    def _save_correction(self, fid: str, text: str | None) -> None:
        if not text or self.ws is None:
            return
        saved, message = save_correction(self.ws, fid, text)
        self.notify(message, severity="information" if saved else "warning")
        summary = next((s for s in self.indicators or [] if self.current and s.name == self.current.name), None)
        if saved and summary is not None:
            self._wanted = None
            self._load_series(self.ws, summary)

    def action_toggle_list(self) -> None:
        self.toggle_class("-hide-list")
        if not self.has_class("-hide-list"):
            self.query_one("#indicator-list", OptionList).focus()

    def action_filter(self) -> None:
        self.remove_class("-hide-list")
        self.query_one("#indicator-filter", Input).focus()

    def action_open_target(self) -> None:
        if self.current is None:
            return
        if self.current.targets:
            target = self.current.targets[0].target
        else:
            target = next((f for f in self.current.figures if f.kind == "target"), None)
        if target is None:
            self.notify(f"no plan target for {self.current.name}")
            return
        self.post_message(Navigate(Location("reader", doc=target.doc, passage=target.passage)))


__all__ = ["FiguresPane", "SeriesView", "Series", "load_series", "chart_points", "status_line"]
