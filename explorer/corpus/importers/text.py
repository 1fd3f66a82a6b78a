"""Plain text and Markdown: decode (UTF-8, GB18030/GBK, Big5 — detected and said), normalise line ends,
drop web-page chrome that scrapes keep."""

from __future__ import annotations

from pathlib import Path

from ...fileio import MAX_SOURCE_BYTES, FileRefused, read_regular
from ..decode import NotText, decode_bytes
from . import Extracted, ExtractError
from .chrome import strip_chrome


def extract_text_bytes(data: bytes, *, markdown: bool = False) -> Extracted:
    try:
        decoded = decode_bytes(data)
    except NotText as exc:
        raise ExtractError(str(exc)) from exc
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = strip_chrome(text)
    warnings = []
    if not decoded.is_utf8:
        warnings.append(f"decoded as {decoded.encoding}")
    if len(cleaned) < len(text.strip()) - 20:
        warnings.append("web-page chrome lines removed")
    return Extracted(cleaned, "markdown" if markdown else "text", decoded.encoding, {}, tuple(warnings))


def extract_text_file(path: Path) -> Extracted:
    try:
        data = read_regular(path, MAX_SOURCE_BYTES)  # the text is kept whole: no larger than a source may be
    except FileRefused as exc:
        raise ExtractError(str(exc)) from exc
    return extract_text_bytes(data, markdown=path.suffix.lower() in {".md", ".markdown"})
