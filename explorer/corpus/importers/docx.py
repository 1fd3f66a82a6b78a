"""Word .docx → text with python-docx: paragraphs and tables in document order, headings by style
(Title → ``#``, Heading/标题 N → N+1 ``#``… capped at 6), table rows as ``|`` lines."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ...fileio import MiB
from . import Extracted, ExtractError

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
MAX_UNZIPPED_BYTES = 128 * MiB  # a long plan with images is ~20 MB unpacked; an 8 MB zip bomb unpacks to 2 GB


def check_unzipped_size(path: Path, limit: int) -> None:
    """Refuse a DOCX whose parts would expand past ``limit`` before anything is decompressed. zipfile reads
    each part up to its declared size and no further, so the declared sizes bound what parsing can unpack."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ExtractError(f"not a readable .docx file ({exc})") from exc
    if total > limit:
        raise ExtractError(f"the file would expand to {total / MiB:.0f} MB, over the {limit // MiB} MB limit: not read")


def extract_docx_file(path: Path) -> Extracted:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    check_unzipped_size(path, MAX_UNZIPPED_BYTES)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise ExtractError(f"not a readable .docx file ({exc})") from exc
    blocks: list[str] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            blocks.extend(_table_lines(block))
            continue
        text = block.text.strip()
        if not text:
            continue
        level = _heading_level(block)
        blocks.append(f"{'#' * level} {text}" if level else text)
    props = document.core_properties
    hints = {
        k: str(v) for k, v in {"title": props.title, "author": props.author, "created": props.created}.items() if v
    }
    return Extracted("\n\n".join(blocks) + "\n", "docx", None, hints, ())


def _heading_level(paragraph) -> int:
    style = paragraph.style
    while style is not None:  # custom styles based on a heading style are headings too
        name = (style.name or "").strip()
        if name.lower() == "title" or name == "标题":
            return 1
        match = _HEADING_STYLE.match(name)
        if match:
            return min(int(match.group(1)) + 1, 6)
        style = style.base_style
    return 0


def _table_lines(table) -> list[str]:
    lines = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            value = " ".join(cell.text.split())
            if not cells or cells[-1] != value:  # merged cells repeat their text
                cells.append(value)
        if any(cells):
            lines.append("| " + " | ".join(cells) + " |")
    return ["\n".join(lines)] if lines else []
