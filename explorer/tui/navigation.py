"""Moving between the panes: the tabs, browser-like history (back/forward through every jump), and where
focus lands. The app's base class; ``PolicyExplorerApp`` adds loading, notes and actions."""

from __future__ import annotations

from textual import on
from textual.app import App
from textual.widget import Widget
from textual.widgets import TabbedContent, TabPane

from explorer.tui.history import History
from explorer.tui.messages import Location, Navigate
from explorer.tui.panes.common import PaneBase
from explorer.tui.panes.notes import NotesPane
from explorer.tui.panes.reader import ReaderPane
from explorer.tui.panes.search import SearchPane


class ExplorerTabs(TabbedContent):
    """Tabs that only change when asked (a key, a click, a jump): a pane that focuses one of its widgets while
    hidden — say when its data arrives from a worker — must not pull the user over to it."""

    def _on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        event.stop()
        event.prevent_default()  # TabbedContent's own handler would switch to the pane
        if event.tab_pane.id != self.active:
            app = self.app
            if isinstance(app, NavigatingApp):
                app.call_after_refresh(app.focus_pane, self.active)


class NavigatingApp(App[int]):
    def __init__(self) -> None:
        super().__init__()
        self.history: History[Location] = History()

    # ------------------------------------------------------------------ panes
    def pane_widget(self, pane: str) -> Widget | None:
        try:
            tab = self.query_one(f"#{pane}", TabPane)
        except Exception:
            return None
        children = [c for c in tab.children if not c.has_class("placeholder")]
        return children[0] if children else None

    @property
    def active_pane(self) -> str:
        return self.query_one("#tabs", TabbedContent).active

    def action_pane(self, pane: str) -> None:
        if self.active_pane == pane:
            self.focus_pane(pane)
            return
        self._record(self._location_of(pane))
        self._switch(pane)

    def _switch(self, pane: str, *, by_history: bool = False) -> None:
        tabs = self.query_one("#tabs", TabbedContent)
        if tabs.active != pane:
            tabs.active = pane
        self.call_after_refresh(self.focus_pane, pane, by_history)

    def focus_pane(self, pane: str, by_history: bool = False) -> None:
        if pane != self.active_pane:
            return  # a stale request: focusing into a hidden tab would switch tabs again
        widget = self.pane_widget(pane)
        if isinstance(widget, SearchPane):
            widget.focus_default(by_history=by_history)
        elif isinstance(widget, ReaderPane | NotesPane | PaneBase):
            widget.focus_default()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """A tab chosen with the mouse: record it. Judged by state, not by the message: Textual may post
        TabActivated twice and late, so one about a tab that is no longer active is stale."""
        pane = event.pane.id or ""
        if pane != self.active_pane:
            return
        current = self.history.current
        if current is not None and current.pane == pane:
            return  # our own switch (a key or a jump), already recorded
        self._record(self._location_of(pane))
        focused = self.focused
        if focused is None or event.pane not in focused.ancestors:
            self.call_after_refresh(self.focus_pane, pane)

    def _location_of(self, pane: str) -> Location:
        widget = self.pane_widget(pane)
        if isinstance(widget, SearchPane | ReaderPane | NotesPane | PaneBase):
            return widget.current_location() or Location(pane)
        return Location(pane)

    # ------------------------------------------------------------------ history
    def _record(self, location: Location) -> None:
        """Remember where we are now (refined by the pane), then the new place."""
        current = self.history.current
        if current is not None:
            self.history.replace(self._location_of(current.pane))
        self.history.visit(location)

    def on_navigate(self, message: Navigate) -> None:
        message.stop()
        self.navigate(message.location)

    def navigate(self, location: Location) -> None:
        self._record(location)
        self._go(location)

    async def action_back(self) -> None:
        self._step(-1)

    async def action_forward(self) -> None:
        self._step(1)

    def _step(self, direction: int) -> None:
        current = self.history.current
        if current is not None:
            self.history.replace(self._location_of(current.pane))
        loc = self.history.back() if direction < 0 else self.history.forward()
        if loc is None:
            self.notify(f"Nothing to go {'back' if direction < 0 else 'forward'} to", timeout=2)
            return
        self._go(loc, by_history=True)

    def _go(self, location: Location, *, by_history: bool = False) -> None:
        self._switch(location.pane, by_history=by_history)
        widget = self.pane_widget(location.pane)
        if not isinstance(widget, SearchPane | ReaderPane | NotesPane | PaneBase):
            return
        if location.is_bare and isinstance(widget, PaneBase):
            return
        try:
            widget.show(location)
        except Exception as exc:
            self.notify(f"{location.pane}: {type(exc).__name__}: {exc}", severity="error", markup=False)
