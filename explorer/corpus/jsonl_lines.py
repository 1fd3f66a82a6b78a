"""Reading a JSON-lines collection one bounded line at a time: each line is an object or one problem naming
its line, and a bad line (a 100 MB record, 100,000-deep nesting, bytes that are not UTF-8) never stops the
others. Lines are streamed, so a large collection is never held whole in memory."""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..fileio import FileRefused

_CHUNK = 1 << 20
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class JsonLine:
    number: int
    item: dict | None  # None when ``problem`` says why
    problem: str = ""


def read_json_lines(path: Path, max_line: int) -> Iterator[JsonLine]:
    """Every non-blank line of ``path``; raises FileRefused/OSError when the file itself cannot be read."""
    with open(path, "rb", buffering=0) as raw:
        info = os.fstat(raw.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused("not a regular file: not read")
    with open(path, "rb") as fh:
        number = 0
        while True:
            line = fh.readline(max_line + 1)
            if not line:
                return
            number += 1
            if len(line) > max_line and not line.endswith(b"\n"):
                while line and not line.endswith(b"\n"):  # skip the rest of the over-long line, chunk by chunk
                    line = fh.readline(_CHUNK)
                yield JsonLine(number, None, f"line is over the {max_line >> 20} MB limit: skipped")
                continue
            if number == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            if not line.strip():
                continue
            yield _parse(number, line)


def _parse(number: int, line: bytes) -> JsonLine:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return JsonLine(number, None, f"not UTF-8 (byte {exc.start + 1} of the line)")
    try:
        item = json.loads(text)
    except json.JSONDecodeError as exc:
        return JsonLine(number, None, f"not valid JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return JsonLine(number, None, "JSON nested too deeply to read")
    if not isinstance(item, dict):
        return JsonLine(number, None, "not a JSON object")
    return JsonLine(number, item)


def scrub_surrogates(text: str) -> tuple[str, int]:
    """A lone surrogate ("\\ud800" in JSON) is valid JSON but no character: it cannot be written as UTF-8.
    It is replaced by U+FFFD and counted, so the document is kept and the damage said."""
    count = len(_SURROGATE.findall(text))
    return (_SURROGATE.sub("\ufffd", text), count) if count else (text, 0)
