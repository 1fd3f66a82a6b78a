"""Browser-like back/forward history: a pure class (no Textual), so its semantics are unit-tested.

Visiting a new place after going back drops the forward branch, as a browser does; visiting the place you
are already at records nothing; the history is bounded so a long session cannot grow it without limit.
"""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T")


class History(Generic[T]):
    def __init__(self, limit: int = 500) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self._entries: list[T] = []
        self._pos = -1
        self._limit = limit

    @property
    def current(self) -> T | None:
        return self._entries[self._pos] if self._pos >= 0 else None

    @property
    def can_back(self) -> bool:
        return self._pos > 0

    @property
    def can_forward(self) -> bool:
        return 0 <= self._pos < len(self._entries) - 1

    def __len__(self) -> int:
        return len(self._entries)

    def entries(self) -> tuple[T, ...]:
        return tuple(self._entries)

    @property
    def position(self) -> int:
        return self._pos

    def visit(self, entry: T) -> bool:
        """Record a new place; returns False when it is the current one (nothing recorded)."""
        if self.current == entry:
            return False
        del self._entries[self._pos + 1 :]  # a new branch: the old forward entries are gone
        self._entries.append(entry)
        if len(self._entries) > self._limit:
            del self._entries[: len(self._entries) - self._limit]
        self._pos = len(self._entries) - 1
        return True

    def replace(self, entry: T) -> None:
        """Refine the current place (e.g. where the reader's cursor is now) without adding an entry."""
        if self._pos < 0:
            self.visit(entry)
        else:
            self._entries[self._pos] = entry

    def back(self) -> T | None:
        if not self.can_back:
            return None
        self._pos -= 1
        return self._entries[self._pos]

    def forward(self) -> T | None:
        if not self.can_forward:
            return None
        self._pos += 1
        return self._entries[self._pos]
