"""Styled text that wraps by the rules of Chinese typesetting (see ``linebreak``), as a Textual Visual.

Textual's own wrapping (``Content`` → ``rich._wrap.divide_line``) folds Chinese at any cell, so a line can
open with "。" or "，". ``WrappedText`` breaks each paragraph at ``break_offsets`` for the width it is drawn at
and hands the already-broken lines to ``Content``, which then has nothing left to fold."""

from __future__ import annotations

from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, RulesMap, Visual

from explorer.tui.linebreak import break_offsets


class WrappedText(Visual):
    def __init__(self, content: Content) -> None:
        self.content = content
        self._cache: tuple[int, Content] | None = None

    def __str__(self) -> str:
        return self.content.plain

    def broken(self, width: int) -> Content:
        """The content with a newline at every break for ``width`` cells."""
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1]
        lines: list[Content] = []
        for line in self.content.split("\n", allow_blank=True):
            pieces = line.divide(break_offsets(line.plain, width)) if line.cell_length > width else [line]
            lines.extend(piece.rstrip() if i < len(pieces) - 1 else piece for i, piece in enumerate(pieces))
        broken = Content("\n").join(lines)
        self._cache = (width, broken)
        return broken

    def _width(self, rules: RulesMap, width: int) -> int:
        return max(width - rules.get("line_pad", 0) * 2, 2)

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self.broken(self._width(options.rules, width)).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.broken(self._width(rules, width)).get_height(rules, width)
