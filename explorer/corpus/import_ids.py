"""Record ids for imported documents, made from file names: ASCII, stable, pinyin-free.

"GWR 2024.txt" → "gwr-2024"; a Chinese file name ("2024年政府工作报告.docx") gets a short hash of the name
("doc-1a2b3c4d"), so that re-importing the same file gives the same id without a transliteration table.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-_")
    return re.sub(r"-{2,}", "-", slug)


def slug_for_file(path: Path) -> str:
    """ASCII id from the file name; a Chinese name gets a short hash of the name (stable, pinyin-free)."""
    stem = path.stem
    if stem.isascii():
        return slugify(stem) or f"doc-{hashlib.sha256(stem.encode()).hexdigest()[:8]}"
    ascii_part = slugify(stem.encode("ascii", "ignore").decode())
    digest = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:8]
    return f"{ascii_part}-{digest}" if re.search(r"[a-z]", ascii_part) else f"doc-{digest}"


__all__ = ["slug_for_file", "slugify"]
