"""Browser semantics of the explorer's history (a pure class)."""

from __future__ import annotations

import pytest

from explorer.tui.history import History


def test_empty_history_has_nowhere_to_go():
    h: History[str] = History()
    assert h.current is None and not h.can_back and not h.can_forward
    assert h.back() is None and h.forward() is None


def test_back_and_forward_walk_the_visits():
    h: History[str] = History()
    for place in "abc":
        h.visit(place)
    assert h.back() == "b"
    assert h.back() == "a"
    assert h.back() is None and h.current == "a"
    assert h.forward() == "b"
    assert h.forward() == "c"
    assert h.forward() is None and h.current == "c"


def test_a_new_visit_after_going_back_drops_the_forward_branch():
    h: History[str] = History()
    for place in "abc":
        h.visit(place)
    h.back()
    h.back()
    h.visit("x")
    assert h.entries() == ("a", "x")
    assert not h.can_forward
    assert h.back() == "a"


def test_visiting_the_current_place_records_nothing():
    h: History[str] = History()
    assert h.visit("a")
    assert not h.visit("a")
    assert len(h) == 1


def test_replace_refines_the_current_entry_without_adding_one():
    h: History[str] = History()
    h.visit("reader#1")
    h.visit("figures")
    h.back()
    h.replace("reader#7")  # the cursor moved while reading
    assert h.entries() == ("reader#7", "figures")
    assert h.forward() == "figures"
    assert h.back() == "reader#7"


def test_history_is_bounded():
    h: History[int] = History(limit=3)
    for i in range(10):
        h.visit(i)
    assert h.entries() == (7, 8, 9)
    assert h.back() == 8
    with pytest.raises(ValueError):
        History(limit=0)
