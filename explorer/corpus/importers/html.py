"""Web pages → article text with trafilatura (main-content extraction: drops navigation, 【字体：大中小】,
share and print links, footers), headings kept as Markdown ``#`` lines, tables as ``|`` rows.

The page's charset is taken from its <meta> declaration when there is one (GB2312/GBK read as GB18030),
otherwise detected like plain text."""

from __future__ import annotations

import re
from pathlib import Path

from ...fileio import FileRefused, MiB, read_regular
from ..decode import NotText, decode_bytes
from . import Extracted, ExtractError
from .chrome import strip_chrome

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "big5": "big5hkscs"}


def decode_html(data: bytes) -> tuple[str, str]:
    match = _META_CHARSET.search(data[:4096])
    if match:
        declared = match.group(1).decode("ascii").lower()
        encoding = _SUPERSET.get(declared, declared)
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common: fall back to detection
    try:
        decoded = decode_bytes(data)
    except NotText as exc:
        raise ExtractError(str(exc)) from exc
    return decoded.text, decoded.encoding


def extract_html_bytes(data: bytes) -> Extracted:
    html, encoding = decode_html(data)
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)  # lxml refuses str input that declares an encoding
    warnings: list[str] = []
    hints: dict[str, str] = {}
    try:
        import trafilatura
    except ImportError as exc:  # trafilatura's justext needs lxml_html_clean on lxml ≥ 5.2
        text = _lxml_text(html)
        warnings.append(f"trafilatura unavailable ({exc}); page chrome filtered by lines only")
    else:
        text = (
            trafilatura.extract(
                html,
                output_format="markdown",
                include_tables=True,
                include_formatting=True,
                include_comments=False,
                include_images=False,
                favor_recall=True,
            )
            or ""
        )
        metadata = trafilatura.extract_metadata(html)
        if metadata is not None:
            hints = {
                k: v
                for k, v in {"title": metadata.title, "date": metadata.date, "sitename": metadata.sitename}.items()
                if v
            }
        if not text.strip():
            text = _lxml_text(html)
            warnings.append("no main content found; kept all page text without chrome lines")
    text = _strip_inline_markup(text)
    title = hints.get("title")
    if title and title not in text[:500]:
        text = f"# {title}\n\n{text}"  # trafilatura moves the <h1> into metadata: keep it as the heading
    text = strip_chrome(text)
    if not encoding.startswith("utf-8"):
        warnings.append(f"decoded as {encoding}")
    return Extracted(text, "html", encoding, hints, tuple(warnings))


MAX_HTML_BYTES = 16 * MiB  # a government page is well under 1 MB; parsing costs ~50× its size in memory


def extract_html_file(path: Path) -> Extracted:
    try:
        return extract_html_bytes(read_regular(path, MAX_HTML_BYTES))
    except FileRefused as exc:
        raise ExtractError(str(exc)) from exc


def _strip_inline_markup(text: str) -> str:
    """Markdown emphasis from include_formatting is noise for Chinese text; headings (#) and tables stay."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _lxml_text(html: str) -> str:
    import lxml.html

    root = lxml.html.fromstring(html)
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    lines = [line.strip() for line in root.text_content().split("\n")]
    return "\n".join(line for line in lines if line)
