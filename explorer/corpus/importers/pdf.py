"""PDF → text with pypdf, page by page, then the layout undone: page numbers and running headers dropped,
lines wrapped inside a sentence rejoined (also across a page break), hyphenated Latin words mended.

pypdf was chosen over pdfminer.six: on CJK (CID-font) PDFs both give the same characters and line order, but
pypdf is ~5x faster, returns text per page (so page breaks are known) and is already a dependency.
A wrapped line is recognised by geometry-free evidence: it is about as long as the page's full lines and does
not end a sentence; a short line or one ending in 。！？ closes its paragraph."""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ...fileio import MAX_SOURCE_BYTES, MiB
from . import Extracted, ExtractError

_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－·•]*(?:第\s*)?\d{1,4}\s*(?:页|/\s*\d{1,4}|of\s*\d{1,4})?(?:\s*共\s*\d+\s*页)?[\s\-—–－·•]*$",
    re.IGNORECASE,
)
_SENTENCE_END = tuple("。！？!?；;：:…”’」』）)】")
_HEADING_START = re.compile(
    r"^(?:#|[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[)）]|\d+[、.．]\s*\S|"
    r"第[一二三四五六七八九十百\d]+[章节条部分篇]|附件|[①-⑳])"
)


def extract_pdf_file(path: Path) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    with _pypdf_messages() as messages:
        try:
            reader = PdfReader(str(path))
            if reader.is_encrypted and not reader.decrypt(""):
                raise ExtractError("the PDF is password-protected")
            pages: list[str] = []
            size = 0
            for page in reader.pages:
                pages.append(page.extract_text() or "")
                size += len(pages[-1])
                if size > MAX_SOURCE_BYTES:  # content streams can inflate far beyond the file's size
                    raise ExtractError(f"the text would be over the {MAX_SOURCE_BYTES // MiB} MB limit: not read")
        except PdfReadError as exc:
            raise ExtractError(f"not a readable PDF ({exc})") from exc
    hints = {}
    info = reader.metadata
    if info is not None:
        hints = {
            k: str(v)
            for k, v in {"title": info.title, "author": info.author, "created": info.creation_date_raw}.items()
            if v
        }
    text = join_pdf_pages(pages)
    warnings = tuple(f"pypdf: {m}" for m in messages[:3]) + (() if text.strip() else (NO_TEXT,))
    return Extracted(text, "pdf", None, hints, warnings)


NO_TEXT = "no text layer: the PDF is probably scanned"


@contextmanager
def _pypdf_messages() -> Iterator[list[str]]:
    """pypdf reports damage it works around ("Ignoring wrong pointing object 6 0") through logging and
    warnings, which would reach stderr without the file's name. Collected here, they become the import's
    notes, printed on the line that names the file."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            text = " ".join(record.getMessage().split())
            if text and text not in messages:
                messages.append(text)

    logger = logging.getLogger("pypdf")
    handler, propagate = Collect(logging.WARNING), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield messages
        messages.extend(" ".join(str(w.message).split()) for w in caught)
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def join_pdf_pages(pages: list[str]) -> str:
    """Undo the page layout: one paragraph per line, blank line between paragraphs."""
    page_lines = [[line.rstrip() for line in page.replace("\r", "\n").split("\n")] for page in pages]
    page_lines = [[line for line in lines if line.strip()] for lines in page_lines]
    page_lines = _drop_page_furniture(page_lines)
    lines = [line for lines in page_lines for line in lines]
    if not lines:
        return ""
    full = _full_width(lines)
    paragraphs: list[str] = []
    current, last_line = "", ""
    for line in (line.strip() for line in lines):
        if current and _is_wrap(last_line, line, full):
            current = _glue(current, line)
        else:
            if current:
                paragraphs.append(current)
            current = line
        last_line = line
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs) + "\n"


def _width(text: str) -> float:
    """Display width: a CJK character is one em, a Latin character half."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in text)


def _full_width(lines: list[str]) -> float:
    """The width of a line that runs to the right margin: the 90th percentile of line widths."""
    widths = sorted(_width(line.strip()) for line in lines)
    return max(widths[int(0.9 * (len(widths) - 1))], 1.0)


def _is_wrap(last_line: str, line: str, full: float) -> bool:
    if _HEADING_START.match(line):
        return False
    if re.search(r"[A-Za-z]-$", last_line) and re.match(r"[a-z]", line):
        return True
    if last_line.endswith(_SENTENCE_END):
        return False
    # the last line ran to the right margin without finishing its sentence: a wrap, not a paragraph end
    return _width(last_line) >= 0.8 * full


def _glue(previous: str, line: str) -> str:
    if re.search(r"[A-Za-z]-$", previous) and re.match(r"[a-z]", line):
        return previous[:-1] + line
    if re.search(r"[A-Za-z0-9,.;:]$", previous) and re.match(r"[A-Za-z0-9(]", line):
        return previous + " " + line
    return previous + line


def _drop_page_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Page numbers anywhere at a page's edge, and running headers/footers repeated on most pages."""
    cleaned = []
    for lines in pages:
        lines = list(lines)
        while lines and _PAGE_NUMBER.match(lines[-1]):
            lines.pop()
        while lines and _PAGE_NUMBER.match(lines[0]):
            lines.pop(0)
        cleaned.append(lines)
    if len(cleaned) >= 3:
        for edge in (0, -1):
            counts: dict[str, int] = {}
            for lines in cleaned:
                if lines:
                    key = re.sub(r"\d+", "#", lines[edge].strip())
                    counts[key] = counts.get(key, 0) + 1
            repeated = {key for key, n in counts.items() if n >= max(3, 0.6 * len(cleaned))}
            for lines in cleaned:
                if lines and re.sub(r"\d+", "#", lines[edge].strip()) in repeated:
                    lines.pop(edge)
    return cleaned
