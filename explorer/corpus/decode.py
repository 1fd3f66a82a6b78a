"""Bytes → text. UTF-8 first (with or without BOM); otherwise detect the encoding with charset-normalizer,
preferring the encodings this field actually uses (GB18030 ⊃ GBK ⊃ GB2312, Big5)."""

from __future__ import annotations

from dataclasses import dataclass

from charset_normalizer import from_bytes

# GB2312 and GBK are subsets of GB18030: decoding with the superset never loses a character.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs"}


class NotText(ValueError):
    """The bytes are empty, binary, or in no encoding we can read."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "gb18030", "big5hkscs", …
    replaced: int = 0  # undecodable bytes replaced by U+FFFD (a UTF-8 file with a few damaged bytes)
    mixed_lines: int = 0  # lines read as GB18030 in an otherwise UTF-8 text (a file pasted together)

    @property
    def is_utf8(self) -> bool:
        return self.encoding.startswith("utf-8")


def looks_binary(data: bytes) -> bool:
    return b"\x00" in data[:8192]


def decode_bytes(data: bytes) -> DecodedText:
    if not data.strip():
        raise NotText("the file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return DecodedText(data[3:].decode("utf-8", errors="replace"), "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its BOM (Windows Notepad's "Unicode")
        return _utf16(data)
    if looks_binary(data):
        raise NotText("the file is binary, not text")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mixed = _mixed_lines(data)
    if mixed is not None:
        return mixed
    # A UTF-8 text with a few damaged bytes (a cut-off last character, one stray byte) is still UTF-8:
    # keep it, with the damage replaced and said, rather than lose the document.
    lenient = data.decode("utf-8", errors="replace")
    damaged = lenient.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if damaged <= max(3, len(lenient) // 2000):
        return DecodedText(lenient, "utf-8", replaced=damaged)
    # Try the field's usual encodings strictly before asking the detector: a GB18030 text that decodes
    # cleanly and is mostly CJK is far more likely than the detector's occasional Latin guess.
    for encoding in ("gb18030", "big5hkscs"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _mostly_cjk(text):
            if encoding == "gb18030" and _is_big5(data):
                break
            return DecodedText(text, encoding)
    best = from_bytes(data).best()
    if best is None:
        raise NotText("the text is in no encoding that could be detected")
    encoding = _SUPERSET.get(best.encoding.lower(), best.encoding.lower())
    try:
        return DecodedText(data.decode(encoding), encoding)
    except (UnicodeDecodeError, LookupError):
        return DecodedText(str(best), best.encoding.lower())


def _utf16(data: bytes) -> DecodedText:
    encoding = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
    text = data[2:].decode(encoding, errors="replace")
    if not text.strip():
        raise NotText("the file is empty")
    if "\x00" in text:
        raise NotText("the file is binary, not text")
    return DecodedText(text, "utf-16", replaced=text.count("\ufffd"))


def _mixed_lines(data: bytes) -> DecodedText | None:
    """A text pasted together from a UTF-8 page and a GBK one: 关于 in UTF-8 on some lines, in GBK on others.
    Decoded whole, either encoding garbles half of it; line by line each part reads. Only when both kinds
    are there — UTF-8 lines with Chinese in them, and lines that fail UTF-8 but are clean GB18030 Chinese —
    so that a plain GBK file (whose lines all fail UTF-8) is still decoded whole."""
    lines = data.split(b"\n")
    out: list[str] = []
    utf8_cjk = gbk = 0
    for line in lines:
        try:
            text = line.decode("utf-8")
            utf8_cjk += sum(1 for c in text if "\u4e00" <= c <= "\u9fff") >= 2
        except UnicodeDecodeError:
            try:
                text = line.decode("gb18030")
            except UnicodeDecodeError:
                return None
            if not _mostly_cjk(text):
                return None
            gbk += 1
        out.append(text)
    if not (utf8_cjk and gbk):
        return None
    return DecodedText("\n".join(out), "utf-8", mixed_lines=gbk)


def _mostly_cjk(text: str) -> bool:
    sample = [c for c in text[:4000] if not c.isspace() and not c.isascii()]
    if not sample:
        return False
    cjk = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef")
    return cjk / len(sample) > 0.9


def _is_big5(data: bytes) -> bool:
    """Big5 bytes often decode as GB18030 too (into nonsense); ask the detector to tell them apart."""
    try:
        data.decode("big5hkscs")
    except UnicodeDecodeError:
        return False
    best = from_bytes(data).best()
    return best is not None and best.encoding.lower() in {"big5", "big5hkscs", "cp950"}
