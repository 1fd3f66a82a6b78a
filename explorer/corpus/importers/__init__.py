"""Extract text from the files researchers collect: plain text, web pages, PDFs and Word files.

``extract_file(path)`` picks the importer by file suffix and returns an :class:`Extracted` — UTF-8 text with
headings kept as lines — or raises :class:`ExtractError` with a one-line reason."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ExtractError(ValueError):
    """The file cannot be read as a document; the message is one line for the user."""


@dataclass(frozen=True)
class Extracted:
    text: str
    format: str  # "text", "markdown", "html", "pdf", "docx"
    encoding: str | None = None  # of the source bytes, for text and HTML
    hints: dict[str, Any] = field(default_factory=dict)  # metadata the format carries (HTML <title>, PDF info)
    warnings: tuple[str, ...] = ()


def _text(path: Path) -> Extracted:
    from .text import extract_text_file

    return extract_text_file(path)


def _html(path: Path) -> Extracted:
    from .html import extract_html_file

    return extract_html_file(path)


def _pdf(path: Path) -> Extracted:
    from .pdf import extract_pdf_file

    return extract_pdf_file(path)


def _docx(path: Path) -> Extracted:
    from .docx import extract_docx_file

    return extract_docx_file(path)


IMPORTERS: dict[str, Callable[[Path], Extracted]] = {
    ".txt": _text,
    ".text": _text,
    ".md": _text,
    ".markdown": _text,
    ".html": _html,
    ".htm": _html,
    ".shtml": _html,
    ".xhtml": _html,
    ".pdf": _pdf,
    ".docx": _docx,
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(IMPORTERS)
_KNOWN_UNSUPPORTED = {
    ".doc": "old Word .doc files are not supported: save the file as .docx",
    ".wps": "WPS files are not supported: save the file as .docx",
    ".rtf": "RTF files are not supported: save the file as .docx or .txt",
}


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in IMPORTERS


def extract_file(path: Path) -> Extracted:
    suffix = path.suffix.lower()
    if suffix in _KNOWN_UNSUPPORTED:
        raise ExtractError(_KNOWN_UNSUPPORTED[suffix])
    importer = IMPORTERS.get(suffix)
    if importer is None:
        raise ExtractError(f"unsupported file type {suffix or '(no suffix)'}: use {', '.join(SUPPORTED_SUFFIXES)}")
    try:
        extracted = importer(path)
    except ExtractError:
        raise
    except OSError as exc:
        raise ExtractError(f"cannot read the file ({exc.strerror or exc})") from exc
    except Exception as exc:  # a library's parse error on a damaged file: one line, never a traceback
        raise ExtractError(f"cannot read this {suffix[1:].upper()} file ({type(exc).__name__}: {exc})".strip()) from exc
    if not extracted.text.strip():
        raise ExtractError(
            "no text found in the file" + (" (a scanned PDF needs OCR first)" if suffix == ".pdf" else "")
        )
    return extracted


__all__ = ["ExtractError", "Extracted", "SUPPORTED_SUFFIXES", "extract_file", "is_supported"]
