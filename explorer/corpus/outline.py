"""Paragraphs → outline: which paragraphs are headings, how they nest, and each passage's section path.

Chinese documents nest numbering styles (一、 › （一） › 1. › （1） › ①) but not always all of them, and
features number their parts their own way, so levels are not fixed per style: a style already open on the
stack starts a sibling, a new style opens a child (the usual way to read a numbered outline).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from explorer.corpus.markers import Marker, cn_ordinal, heading_title, match_marker
from explorer.model import Heading

_SENTENCE_PUNCT = "。！？；"
_CN_NUM = "[一二三四五六七八九十]{1,3}"
_INLINE_ORDINAL = re.compile(rf"(?:(?<=^)|(?<=[。；：:！？]))\s*({_CN_NUM})是(?=[^，。；、\s])")


@dataclass(frozen=True)
class OutlineInput:
    index: int
    text: str
    skip: bool  # excluded or duplicate: never a heading


@dataclass(frozen=True)
class Outline:
    headings: tuple[Heading, ...]
    sections: tuple[tuple[str, ...], ...]  # per passage: heading ids from the top
    passage_heading: tuple[str | None, ...]  # per passage: the heading it is (or starts with)
    toc: tuple[int, ...] = ()  # passages of a table of contents (目录): kept out of the outline
    # (TOC passage, id of the body heading it names): "第一篇 开启全面建设社会主义现代化国家新征程" in the 目录 → the 篇
    toc_targets: tuple[tuple[int, str], ...] = ()

    def by_id(self) -> dict[str, Heading]:
        return {h.id: h for h in self.headings}


def _is_body(text: str, marker: Marker | None) -> bool:
    if marker is not None and marker.style not in ("md",):
        return True
    return any(p in text for p in _SENTENCE_PUNCT)


def _is_plain_heading(text: str) -> bool:
    """An unnumbered heading: a short line with no sentence punctuation (features title their parts so)."""
    if not 2 <= len(text) <= 40 or any(p in text for p in _SENTENCE_PUNCT + "：:") or text.endswith(("摄", "——", "…")):
        return False
    return len(text) <= 20 or "，" in text or " " in text


def build_outline(doc_id: str, items: list[OutlineInput], starts: list[int]) -> Outline:
    """``starts``: each passage's offset in the document's normalised text."""
    headings: list[Heading] = []
    ids: set[str] = set()
    stack: list[tuple[str, Heading]] = []  # (style key, heading)
    counters: dict[str | None, int] = {}
    sections: list[tuple[str, ...]] = []
    passage_heading: list[str | None] = [None] * len(items)

    toc = table_of_contents(items)
    if toc:
        items = [OutlineInput(it.index, it.text, True) if k in toc else it for k, it in enumerate(items)]
    markers = [None if item.skip else match_marker(item.text) for item in items]
    _drop_isolated_runins(items, markers)
    in_body = False
    n = len(items)
    # Numbered items that carry their own text ("（一）推动…。深入实施…") and follow each other directly form a
    # compact series: an unnumbered paragraph after its last item belongs to the parent, not to that item
    # (a plan's closing paragraph after its last measure; a report's five-year summary after its last item).
    self_contained: set[str] = set()
    series_count: dict[tuple[int, str], int] = {}
    series_loose: set[tuple[int, str]] = set()
    just_headed: tuple[str, Heading] | None = None
    i = 0
    while i < n:
        item = items[i]
        text = item.text
        marker = markers[i]
        if not in_body and not item.skip and (_is_body(text, marker) or _md_heading_before_body(items, markers, i)):
            in_body = True
        heading: Heading | None = None
        span_passages = 1
        if in_body and not item.skip:
            if marker is not None:
                body = text[marker.length :]
                title = heading_title(body) if body else ""
                end = starts[i] + marker.length + len(title)
                if not body and i + 1 < n and not items[i + 1].skip:
                    # A marker on its own line, its title on the next ("附件1" / "2026年省十件民生实事",
                    # "第三章" / "主要任务", "附件2" / "名词解释")
                    following = items[i + 1].text
                    nxt = markers[i + 1]
                    if (nxt is None and _is_plain_heading(following)) or (
                        nxt is not None and nxt.style == "annex" and nxt.ordinal is None
                    ):
                        title, span_passages = following, 2
                        end = starts[i + 1] + len(following)
                key = _style_key(marker)
                heading = _push(
                    doc_id,
                    stack,
                    counters,
                    ids,
                    key,
                    marker,
                    title,
                    item.index,
                    starts[i],
                    end,
                    md_level=marker.md_level,
                )
                series = (heading.level, key)
                series_count[series] = series_count.get(series, 0) + 1
                if marker.style != "md" and len(body) - len(title) > 20:
                    self_contained.add(heading.id)
            elif _is_plain_heading(text) and _followed_by_body(items, i):
                title, end = text, starts[i] + len(text)
                # Two-line headlines of features ("以点拓面" / "美丽江西起宏图") make one heading.
                if (
                    i + 1 < n
                    and not items[i + 1].skip
                    and _is_plain_heading(items[i + 1].text)
                    and _followed_by_body(items, i + 1)
                ):
                    title = f"{text} {items[i + 1].text}"
                    span_passages = 2
                    end = starts[i + 1] + len(items[i + 1].text)
                heading = _push(doc_id, stack, counters, ids, "plain", None, title, item.index, starts[i], end)
        if (
            in_body
            and not item.skip
            and heading is None
            and just_headed is not None
            and stack
            and stack[-1] == just_headed
        ):
            key, top = just_headed
            series = (top.level, key)
            if (
                top.id in self_contained
                and series not in series_loose
                and series_count.get(series, 0) >= 3
                and top.style != "article"
            ):
                stack.pop()
            else:
                series_loose.add(series)
        if not item.skip:
            just_headed = stack[-1] if heading is not None and stack else None
        for k in range(span_passages):
            sections.append(tuple(h.id for _, h in stack))
            if heading is not None:
                passage_heading[i + k] = heading.id
        if heading is not None:
            headings.append(heading)
        # 一是…二是… inside a paragraph: items below the paragraph's own heading (or its section).
        if in_body and not item.skip:
            starts_series = heading is not None and marker is not None and marker.style == "ordinal"
            if starts_series:  # "一是…。二是…。三是…": 二是 and 三是 are the heading's siblings
                parent = stack[-2][1] if len(stack) >= 2 else None
            else:
                parent = heading or (stack[-1][1] if stack else None)
            own = heading is not None  # the paragraph is the item's own heading, or only lies in its section
            for h in _inline_items(doc_id, item, starts[i], parent, ids, own=own, drop_first=starts_series):
                headings.append(h)
        i += span_passages
    toc_passages = tuple(items[k].index for k in sorted(toc))
    return Outline(
        tuple(headings),
        tuple(sections),
        tuple(passage_heading),
        toc_passages,
        _toc_targets(items, sorted(toc), headings),
    )


def _toc_targets(items: list[OutlineInput], toc: list[int], headings: list[Heading]) -> tuple[tuple[int, str], ...]:
    """Each 目录 entry with the body heading it names: the first heading after the 目录 whose line reads the same once
    spaces and page references are dropped ("第一章 发展环境……3" → "第一章发展环境"), else whose number and title do."""
    if not toc:
        return ()
    text_of = {it.index: it.text for it in items}
    after = items[toc[-1]].index
    by_key: dict[str, str] = {}
    for h in headings:
        if h.passage <= after:
            continue
        for key in (_toc_key(text_of.get(h.passage, "")), _toc_key(h.number + h.title)):
            by_key.setdefault(key, h.id)
    out = []
    for k in toc:
        key = _toc_key(items[k].text)
        if key and key in by_key and not _TOC_TITLE.match(items[k].text.strip()):
            out.append((items[k].index, by_key[key]))
    return tuple(out)


_TOC_TITLE = re.compile(r"^(?:目\s*录|目\s*次|内容目录)$")
_PAGE_REF = re.compile(r"[\s.．…·—-]*\d{0,4}$")


def _toc_key(text: str) -> str:
    """An entry as compared with the body heading: spaces and a trailing page reference ("……3") removed."""
    return re.sub(r"\s+", "", _PAGE_REF.sub("", text))


def _toc_entry(text: str) -> bool:
    if len(text) > 60 or any(p in text for p in _SENTENCE_PUNCT):
        return False
    marker = match_marker(text)
    return marker is not None and marker.style in ("chapter", "cn", "arabic", "annex") or _is_plain_heading(text)


def table_of_contents(items: list[OutlineInput]) -> set[int]:
    """Positions of a table of contents: a 目录 line and the entries after it, or — without that line — a run of
    at least four 第X篇/章 lines with no text between whose first entry appears again later (where the body
    starts). A long plan (规划纲要) lists every 篇 and 章 before its body; read as headings, each would appear twice
    and the whole body would hang under the first entry."""
    n = len(items)
    for i, item in enumerate(items):
        if item.skip:
            continue
        titled = bool(_TOC_TITLE.match(item.text.strip()))
        marker = match_marker(item.text) if not titled else None
        if not titled and (marker is None or marker.style != "chapter"):
            continue
        first = i + 1 if titled else i
        if first >= n or not _toc_entry(items[first].text):
            continue
        key = _toc_key(items[first].text)
        j = first + 1
        while j < n and (items[j].skip or _toc_entry(items[j].text)) and _toc_key(items[j].text) != key:
            j += 1
        entries = [k for k in range(first, j) if not items[k].skip]
        body_repeats = any(_toc_key(items[k].text) == key for k in range(j, n) if not items[k].skip)
        if body_repeats and (titled and entries or len(entries) >= 4):
            return set(range(i, j))
        if titled and len(entries) >= 4:
            return set(range(i, j))  # a 目录 whose entries the body words differently
    return set()


_CHAPTER_UNITS = ("部分", "篇", "章", "节")


def _style_key(marker: Marker) -> str:
    """Which numbering series a marker continues: Markdown by level, 第X部分/章/节 by unit, else by style."""
    if marker.style == "md":
        return f"md{marker.md_level}"
    if marker.style == "chapter":
        unit = next((u for u in _CHAPTER_UNITS if marker.number.endswith(u)), "章")
        return f"chapter-{unit}"
    return marker.style


def _md_heading_before_body(items: list[OutlineInput], markers: list[Marker | None], i: int) -> bool:
    """A Markdown heading directly followed by body text (or a list) is a section, even before any sentence."""
    marker = markers[i]
    if marker is None or marker.style != "md" or items[i].skip:
        return False
    for j in range(i + 1, min(i + 3, len(items))):
        if items[j].skip:
            continue
        t = items[j].text
        return t.startswith(("- ", "* ", "+ ")) or any(p in t for p in _SENTENCE_PUNCT)
    return False


def _drop_isolated_runins(items: list[OutlineInput], markers: list[Marker | None]) -> None:
    """ "X——Y" opens a paragraph in many places; only a run of them (neighbouring paragraphs alike) is a list
    of run-in headings."""
    live = [i for i, item in enumerate(items) if not item.skip]
    for k, i in enumerate(live):
        m = markers[i]
        if m is None or m.style != "runin":
            continue
        neighbours = [live[k + d] for d in (-2, -1, 1, 2) if 0 <= k + d < len(live)]
        if not any((mm := markers[j]) is not None and mm.style == "runin" for j in neighbours):
            markers[i] = None


def _followed_by_body(items: list[OutlineInput], i: int) -> bool:
    for j in range(i + 1, min(i + 3, len(items))):
        if items[j].skip:
            continue
        t = items[j].text
        if len(t) >= 15 and any(p in t for p in _SENTENCE_PUNCT):
            return True
        if not _is_plain_heading(t):
            return False
    return False


def _push(doc_id, stack, counters, ids, key, marker, title, passage, start, end, md_level=0) -> Heading:
    keys = [k for k, _ in stack]
    if key == "annex":
        stack.clear()  # an annex is a part of its own, beside the body, whatever was open
    elif key in keys:
        del stack[keys.index(key) :]
    elif key.startswith("md"):
        # A Markdown heading closes deeper Markdown levels and whatever was opened under them.
        for pos, (k, _) in enumerate(stack):
            if k.startswith("md") and int(k[2:]) >= md_level:
                del stack[pos:]
                break
    parent = stack[-1][1] if stack else None
    parent_id = parent.id if parent else None
    ordinal = marker.ordinal if marker else None
    counters[parent_id] = counters.get(parent_id, 0) + 1
    number_part = str(ordinal if ordinal is not None else counters[parent_id])
    if key == "annex":  # annex ids never collide with the body's own 1, 2, 3
        counters["annex"] = counters.get("annex", 0) + 1
        number_part = f"A{ordinal or counters['annex']}"
    path = f"{parent.id.split(':', 1)[1]}.{number_part}" if parent else number_part
    hid = _unique(f"{doc_id}:{path}", ids)
    heading = Heading(
        id=hid,
        doc=doc_id,
        level=len(stack) + 1,
        style=marker.style if marker else "plain",
        number=(marker.number.lstrip("#").strip() if marker else ""),
        ordinal=ordinal,
        title=title,
        parent=parent_id,
        passage=passage,
        start=start,
        end=end,
    )
    stack.append((key, heading))
    return heading


def _unique(hid: str, ids: set[str]) -> str:
    candidate, k = hid, 2
    while candidate in ids:
        candidate = f"{hid}~{k}"
        k += 1
    ids.add(candidate)
    return candidate


def _inline_items(
    doc_id, item: OutlineInput, start: int, parent: Heading | None, ids: set[str], *, own: bool, drop_first: bool
) -> list[Heading]:
    found = list(_INLINE_ORDINAL.finditer(item.text))
    # Only a real series counts: 一是, 二是, 三是… in order (so "这是" or a lone "二是" is not an item).
    series: list[re.Match[str]] = []
    for m in found:
        value = cn_ordinal(m.group(1))
        if value == len(series) + 1:
            series.append(m)
    if len(series) < 2:
        return []
    if drop_first:  # the first item is the paragraph's own heading already
        series = series[1:]
    out = []
    base = parent.id.split(":", 1)[1] if parent else "0"
    if not own:  # items of an unnumbered paragraph: name the paragraph, so two such series never collide
        base = f"{base}.p{item.index}"
    for m in series:
        value = cn_ordinal(m.group(1)) or 0
        rest = item.text[m.end() :]
        title = heading_title(rest)
        out.append(
            Heading(
                id=_unique(f"{doc_id}:{base}.{value}", ids),
                doc=doc_id,
                level=(parent.level + 1) if parent else 1,
                style="ordinal",
                number=f"{m.group(1)}是",
                ordinal=value,
                title=title,
                parent=parent.id if parent else None,
                passage=item.index,
                start=start + m.start(1),
                end=start + m.end() + len(title),
            )
        )
    return out


def section_labels(headings: dict[str, Heading], ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(heading_label(headings[h]) for h in ids if h in headings)


def heading_label(h: Heading) -> str:
    if h.style in ("md", "plain"):
        return h.title
    if h.style == "annex":
        return h.number if h.title in ("", h.number) else f"{h.number} {h.title}"
    if not h.title:
        return h.number
    spaced = h.style in ("arabic", "chapter", "article") and not h.number.endswith((".", "、", "．"))
    return f"{h.number}{' ' if spaced else ''}{h.title}"
