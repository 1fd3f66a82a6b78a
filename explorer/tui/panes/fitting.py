"""Tree labels that use the width the tree has: a label is fixed parts and flexible parts (a title, a quote),
and the flexible parts are clipped when the line is drawn, to the room left beside the guides and the fixed
parts. So at 200 columns a plan's full title 《江西省打造国家生态文明建设高地三年行动计划(2024-2026年)》 shows whole,
and at 80 columns it gives way before its status badge does. A label clipped once, when the data was loaded,
stayed cut at 30 cells on a wide screen (the tree's width was not known yet) — drawing time is the only time
the width is known."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widgets import Tree
from textual.widgets._tree import TOGGLE_STYLE
from textual.widgets.tree import TreeNode

from explorer.tui.panes.common import clip

T = TypeVar("T")


@dataclass(frozen=True)
class Flex:
    """A part of a label that may be clipped (with an ellipsis), never below ``least`` cells."""

    text: str
    style: str = ""
    least: int = 8


Part = Text | Flex


@dataclass(frozen=True)
class FitLabel:
    parts: tuple[Part, ...]

    @classmethod
    def of(cls, *parts: Part | str | tuple[str, str] | FitLabel) -> FitLabel:
        out: list[Part] = []
        for part in parts:
            if isinstance(part, FitLabel):
                out.extend(part.parts)
            elif isinstance(part, str):
                out.append(Text(part))
            elif isinstance(part, tuple):
                out.append(Text(part[0], style=part[1]))
            else:
                out.append(part)
        return cls(tuple(out))

    def __add__(self, other: FitLabel | Text) -> FitLabel:
        return FitLabel.of(self, other)

    @property
    def plain(self) -> str:
        """The whole label, nothing clipped (what tests and the palette read)."""
        return "".join(p.plain if isinstance(p, Text) else " ".join(p.text.split()) for p in self.parts)

    def fit(self, width: int) -> Text:
        """The label in ``width`` cells: fixed parts whole, each flexible part at least its ``least``, and the
        room beyond that shared out evenly (a part that needs less than its share gives the rest to others)."""
        flexes = [p for p in self.parts if isinstance(p, Flex)]
        fixed = sum(p.cell_len for p in self.parts if isinstance(p, Text))
        needs = {id(p): cell_len(" ".join(p.text.split())) for p in flexes}
        widths = {id(p): min(p.least, needs[id(p)]) for p in flexes}
        room = max(0, width - fixed - sum(widths.values()))
        pending = sorted(flexes, key=lambda p: needs[id(p)] - widths[id(p)])
        while pending:
            share = room // len(pending)
            part = pending.pop(0)
            extra = min(needs[id(part)] - widths[id(part)], share)
            widths[id(part)] += extra
            room -= extra
        out = Text()
        for p in self.parts:
            out.append_text(p if isinstance(p, Text) else Text(clip(p.text, widths[id(p)]), style=p.style))
        return out


class FittingTree(Tree[T]):
    """A Tree whose ``FitLabel`` nodes are fitted to its width each time a line is drawn (the Tree redraws its
    lines on resize). Other nodes are drawn as Textual draws them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._fits: dict[int, FitLabel] = {}

    def add_fitted(
        self, parent: TreeNode[T], label: FitLabel, data: T | None = None, *, leaf: bool = False, expand: bool = False
    ) -> TreeNode[T]:
        text = Text(label.plain)
        node = parent.add_leaf(text, data=data) if leaf else parent.add(text, data=data, expand=expand)
        self._fits[node.id] = label
        return node

    def clear(self) -> Any:
        self._fits = {}
        return super().clear()

    def label_room(self, node: TreeNode[T]) -> int:
        """Cells left for a node's label: the width less its guides, its ▶ and a cell of margin."""
        depth, parent = 0, node.parent
        while parent is not None:
            depth += 1
            parent = parent.parent
        levels = depth - (0 if self.show_root else 1)
        width = self.scrollable_content_region.width or self.size.width
        return width - levels * self.guide_depth - (2 if node.allow_expand else 0) - 1

    def render_label(self, node: TreeNode[T], base_style: Style, style: Style) -> Text:
        fit = self._fits.get(node.id)
        if fit is None:
            return super().render_label(node, base_style, style)
        label = fit.fit(self.label_room(node))
        label.stylize(style)
        if node.allow_expand:
            prefix = Text(
                self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE, style=base_style + TOGGLE_STYLE
            )
            return Text.assemble(prefix, label)
        return label

    def fitted_lines(self, nodes: Iterable[TreeNode[T]]) -> list[str]:
        """The labels of ``nodes`` as drawn now (for tests: what a researcher sees)."""
        return [self.render_label(n, Style(), Style()).plain for n in nodes]
