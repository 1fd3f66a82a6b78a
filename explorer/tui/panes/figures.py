"""Figures pane (F5): indicators, one indicator's series as a table and a chart with the plan target drawn
across it, the status against the plan, and a second indicator beside it for comparison."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option

from explorer.corrections import figure_id
from explorer.tui.commands import bindings_for
from explorer.tui.inputs import OrderedInput
from explorer.tui.messages import Location, Navigate
from explorer.tui.panes.chart import Series, chart_points
from explorer.tui.panes.common import NARROW, NotAvailable, PaneBase, clip, fetch
from explorer.tui.panes.correcting import CorrectDialog, save_correction
from explorer.tui.panes.series_view import SeriesView, load_series, status_line


class IndicatorList(OptionList):
    """The indicator list. Its names are cut to its width, and that width changes without its pane's (the side
    list widens at 160 columns; it is laid out only once its tab is shown): it says so, and is listed again."""

    class Resized(Message):
        pass

    def on_resize(self) -> None:
        self.post_message(self.Resized())


FIRST_OPTIONS = 100  # indicators listed before the first drawing (a screen shows about 35)


def _name_width(listing: OptionList) -> int:
    """The columns an indicator's name gets in the list: a narrow list (or one a scrollbar narrowed by two
    columns) still shows 24, so it is not listed again for that."""
    return max(24, listing.scrollable_content_region.width - 12)


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
        self._list_width = 0  # the width the list's names were cut to (``_name_width``)
        self._fills = 0  # how many times the list was filled: a fill's rest is added only to its own list

    def compose(self) -> ComposeResult:
        yield Static("", id="figures-message")
        with Horizontal(id="figures-body"):
            with Vertical(id="indicator-side"):
                yield OrderedInput(placeholder="filter indicators…  (/)", id="indicator-filter", compact=True)
                yield IndicatorList(id="indicator-list")
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
            indicators, problem = list(fetch(self.indicator_list, ws)), None
        except NotAvailable as exc:
            indicators, problem = [], f"figures: {exc}"
        except Exception as exc:  # a bug in an extractor must not take the app down
            indicators, problem = [], f"figures could not be extracted: {type(exc).__name__}: {exc}"
        self.reply(self._apply_indicators, indicators, problem)

    def _apply_indicators(self, indicators: list, problem: str | None) -> None:
        self.indicators = indicators
        self.set_message(problem or (None if indicators else "no figures in this corpus"))
        if not self.query_one("#indicator-list", OptionList).scrollable_content_region.width:
            # not laid out yet (the tab is being shown): the list is filled once, at its width, when it is — a
            # thousand documents' 2,657 names took 0.2 s to list, and as long again to list at the width it got
            self.call_after_refresh(self._show_indicators)
        else:
            self._show_indicators()

    def _show_indicators(self) -> None:
        query = self.query_one("#indicator-filter", Input)
        self._fill_list(query.value)
        # the list may not be laid out at its final width yet (a pane shown for the first time on a busy machine):
        # cut again to the width it has once drawn, as on a resize
        self.call_after_refresh(self._refit_list)
        if query.has_focus and not query.value:  # letters are the pane's keys until / asks for a filter
            self.query_one("#indicator-list", OptionList).focus()
        if self.location is not None and self.location.indicator:
            self.apply_location(self.location)

    def _fill_list(self, query: str) -> None:
        """The indicators matching ``query``: the first screen's at once, the rest (thousands, each measured for
        its height by the list) after the next drawing."""
        self._listed_query = query
        listing = self.query_one("#indicator-list", OptionList)
        listing.clear_options()
        # names as long as the list is wide (56 columns at 160+): 江西完成现役煤电机组节能降碳改造 whole, not cut at 24
        self._list_width = _name_width(listing)
        wanted = self._matching(query)
        chosen = self._wanted or (self.current.name if self.current else None)
        rows = [(i, s) for i, s in enumerate(self.indicators or []) if i in wanted]
        keep = next((n for n, (_i, s) in enumerate(rows) if s.name == chosen), None)
        first = FIRST_OPTIONS if keep is None or keep < FIRST_OPTIONS else len(rows)
        self._fills += 1
        listing.add_options(self._options(rows[:first]))  # at once: one by one, 2,657 indicators took a second
        if len(rows) > first:
            self.call_after_refresh(self._add_rest, rows[first:], self._fills)
        if listing.option_count:
            listing.highlighted = keep if keep is not None else 0

    def _options(self, rows: list[tuple[int, Any]]) -> list[Option]:
        return [
            Option(
                Text.assemble(
                    clip(summary.name, self._list_width),
                    (f"  {summary.figures}·{summary.documents}", "dim"),
                    ("" if summary.in_lexicon else " ?", "dim"),
                ),
                id=str(i),
            )
            for i, summary in rows
        ]

    def _add_rest(self, rows: list[tuple[int, Any]], fill: int) -> None:
        if fill == self._fills:  # not listed again meanwhile (a filter typed, a new width)
            self.query_one("#indicator-list", OptionList).add_options(self._options(rows))

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
        self.call_after_refresh(self._refit_list)
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

    @on(IndicatorList.Resized)
    def _list_resized(self, event: IndicatorList.Resized) -> None:
        event.stop()
        self._refit_list()

    def _refit_list(self) -> None:
        listing = self.query_one("#indicator-list", OptionList)
        if self.indicators is not None and _name_width(listing) != self._list_width:
            self._fill_list(self._listed_query)

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
            series = load_series(ws, summary.name, summary, lambda: self.tracked_targets(ws, summary.name))
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
