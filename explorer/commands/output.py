"""What the command line prints: data for scripts (``--json``, ``--csv``), tables for people, one line per
problem — never a control sequence from the data, never a traceback."""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

import orjson

from explorer.keys import fingerprint
from explorer.model import Problem, json_default

LISTINGS = "listings"  # the store's area for --json listings kept as text
LISTING_VERSION = "2"  # 2: orjson (no spaces; a number not finite written null); bump when what a listing prints changes (fields of _flat_figure, say)


class UserError(Exception):
    """Something the user can fix: printed as one line."""


class PipeClosed(Exception):
    """The reader of our output went away (``| head``): not an error."""


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _closed_pipe() -> None:
    raise PipeClosed


# "-碳中和" is NOT in the query language; argparse would take it for an option. So would "-GDP": after
# `search`, a single-dash word that is not one of its options is query text, passed on as written.


# ---------------------------------------------------------------------------------------------- output
# What reaches the terminal is never a control sequence from the data: a record title or file name with ESC
# (\x1b]0;…, \x1b[2J) could retitle, clear or restyle the user's terminal, a newline would split a problem line,
# bidi overrides reorder what is shown. One-line strings get visible escapes (\x1b, \n); passage text keeps its
# newlines and gets same-length Control Pictures (␛) so highlight offsets stay right. JSON escapes them too.
_CONTROLS = (
    "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)])
    + "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_ONE_LINE = {ord(c): c.encode("unicode_escape").decode("ascii") for c in _CONTROLS}
_SAME_LENGTH = {ord(c): chr(0x2400 + ord(c)) if ord(c) < 0x20 else "\ufffd" for c in _CONTROLS if c not in "\n\t"}
_SURROGATES = {c: f"\\u{c:04x}" for c in range(0xD800, 0xE000)}
_NO_SURROGATES = dict.fromkeys(range(0xD800, 0xE000))


def terminal_safe(text: str, *, one_line: bool = True) -> str:
    """``text`` with control characters made visible (and lone surrogates, which no terminal can encode)."""
    text = text.translate(_ONE_LINE if one_line else _SAME_LENGTH)
    return text.translate(_SURROGATES) if one_line else text.translate({c: "\ufffd" for c in _SURROGATES})


_UNSAFE_IN_JSON = re.compile("[" + re.escape("".join(c for c in _CONTROLS if ord(c) >= 0x7F)) + "\ud800-\udfff]")
# The same characters in UTF-8, for the bytes orjson writes (it escapes C0 controls itself, never a lone surrogate:
# it refuses to encode one, and such an item goes through the standard library instead).
_UNSAFE_IN_JSON_BYTES = re.compile(b"|".join(re.escape(c.encode("utf-8")) for c in _CONTROLS if ord(c) >= 0x7F))
_ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_NON_STR_KEYS


def _json_safe(text: str) -> str:
    """json.dumps escapes C0 controls; C1 controls, bidi overrides and lone surrogates are escaped here (a regex
    finds the rare ones: translating a 60 MB listing character by character took seconds)."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _json_safe_bytes(data: bytes) -> bytes:
    if _UNSAFE_IN_JSON_BYTES.search(data) is None:  # nearly always: no copy of a 90 MB listing
        return data
    return _UNSAFE_IN_JSON_BYTES.sub(lambda m: f"\\u{ord(m.group().decode('utf-8')):04x}".encode("ascii"), data)


def _item_bytes(item: Any) -> bytes:
    """One item of a listing, compact. orjson is the C encoder made for this (71,000 references in 0.2 s where
    the standard library's took 0.7 s); dataclasses pass through ``json_default`` so a class's own ``to_json`` is
    kept. What orjson refuses (a lone surrogate, an integer beyond 64 bits) is written by the standard library.
    A number that is not finite is written null: JSON has no Infinity (a target equal to its base gives a progress
    ratio of -inf), and jq, R and JavaScript refuse the standard library's ``-Infinity``."""
    try:
        return orjson.dumps(item, default=json_default, option=_ORJSON_OPTIONS)
    except (orjson.JSONEncodeError, TypeError):
        text = json.dumps(_finite(item), ensure_ascii=False, separators=(",", ":"), default=_finite_default)
        return _json_safe(text).encode("utf-8")


def _finite(value: Any) -> Any:
    """``value`` with every float that is not finite made None (what orjson writes), for the standard library."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _finite_default(obj: Any) -> Any:
    return _finite(json_default(obj))


def json_bytes(value: Any) -> bytes:
    """The ``--json`` text of a listing, in UTF-8: an object indented; a list one compact item per line, still
    one JSON document (a 90 MB listing of targets is written in a fraction of a second)."""
    if isinstance(value, list | tuple) and value:
        # Appended to one buffer as each item is made: 89,000 figures kept as separate bytes objects held 780 MB
        # of memory for 57 MB of JSON (each keeps the allocation orjson grew it in), the buffer 80 MB.
        buffer = bytearray(b"[\n  ")
        for i, item in enumerate(value):
            if i:
                buffer += b",\n  "
            buffer += _item_bytes(item)
        buffer += b"\n]"
        return _json_safe_bytes(bytes(buffer))
    try:  # an object: indented as the standard library indents it (tested)
        return _json_safe_bytes(orjson.dumps(value, default=json_default, option=_ORJSON_OPTIONS | orjson.OPT_INDENT_2))
    except (orjson.JSONEncodeError, TypeError):
        text = json.dumps(_finite(value), ensure_ascii=False, indent=2, default=_finite_default)
        return _json_safe(text).encode("utf-8")


def json_text(value: Any) -> str:
    """``json_bytes`` as text."""
    return json_bytes(value).decode("utf-8")


def _safe_console(**kwargs: Any):
    from rich.console import Console
    from rich.text import Text

    class SafeConsole(Console):
        def print(self, *objects: Any, **kw: Any) -> None:
            safe: list[Any] = []
            for o in objects:
                if isinstance(o, str):
                    o = terminal_safe(o, one_line=False)
                elif isinstance(o, Text):
                    o = o.copy()
                    o.plain = terminal_safe(o.plain, one_line=False)
                safe.append(o)
            super().print(*safe, **kw)

    return SafeConsole(**kwargs)


class Output:
    def __init__(self, args: argparse.Namespace):

        self.args = args
        # Piped output is read by people in a pager or by grep: don't fold it at 80 columns.
        width = None if sys.stdout.isatty() else 160
        self.console = _safe_console(soft_wrap=False, highlight=False, width=width)
        self.console.on_broken_pipe = _closed_pipe
        self.err = _safe_console(stderr=True, highlight=False)
        self.shown = 0  # how many of the workspace's problems were printed
        self._store_at: tuple[Any, str, str] | None = None  # where ``data`` stores its --json text (stored_json)

    def stored_json(self, store: Any, listing: str, key: str | None) -> bool:
        """Print a ``--json`` listing stored under ``key`` and say so; else remember where ``data`` is to store it.

        A warm ``targets --json`` on a thousand documents writes 90 MB of JSON: encoding it each time took seconds,
        so the text is kept with the analyses under the key of everything it was made from (a listing with filters
        is small and made each time: ``key`` None)."""
        if not getattr(self.args, "json", False) or key is None:
            return False
        full = fingerprint(LISTING_VERSION, key)
        found = store.get_slot(LISTINGS, listing, full)
        if isinstance(found, bytes):
            _write_utf8(found)
            return True
        self._store_at = (store, listing, full)
        return False

    def data(self, value: Any, render: Callable[[], None], csv_rows: Callable[[], list[dict]] | None = None) -> None:
        if getattr(self.args, "json", False):
            text = json_bytes(value) + b"\n"  # no lone surrogate is left by json_bytes
            if self._store_at is not None:
                store, listing, key = self._store_at
                store.put_slot(LISTINGS, listing, key, text)
            _write_utf8(text)
        elif getattr(self.args, "csv", False) and csv_rows is not None:
            rows = csv_rows()
            buf = io.StringIO()
            if rows:
                writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(rows)
            sys.stdout.write(buf.getvalue())
        else:
            render()

    def problems(self, problems: Sequence[Problem]) -> None:
        for p in problems:
            if p.severity == "info" and not self.args.verbose:
                continue
            sys.stderr.write(f"{p.severity}: {terminal_safe(str(p))}\n")

    def note(self, line: str) -> None:
        sys.stderr.write(f"policy-explorer: {terminal_safe(line)}\n")


def _write_utf8(data: bytes) -> None:
    """The bytes of a listing to stdout (its text layer when it has no byte layer: a test's StringIO)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()
    buffer.write(data)


def _table(*columns: str):
    from rich.table import Table
    from rich.text import Text

    class PlainTable(Table):
        """Cells are data, never Rich markup: a title with "[draft]" or "[/]" prints as written."""

        def add_row(self, *cells, **kwargs):
            super().add_row(*(Text(terminal_safe(c)) if isinstance(c, str) else c for c in cells), **kwargs)

    table = PlainTable(show_edge=False, pad_edge=False, header_style="bold")
    for c in columns:
        table.add_column(c, overflow="fold")
    return table


def _fmt_value(f: Any) -> str:
    q = f" ({f.qualifier})" if f.qualifier else ""
    return f"{f.value}{f.unit}{q}"


def _flat_figure(f: Any) -> dict:
    return {
        k: getattr(f, k)
        for k in (
            "doc",
            "passage",
            "indicator",
            "label",
            "value",
            "unit",
            "base_value",
            "base_unit",
            "qualifier",
            "period",
            "year",
            "kind",
            "quote",
            *("measure", "role", "period_start", "period_end", "average", "cumulative", "value_max"),  # issue 11
        )
    }


def _doc_id(ws, key: str | None) -> str | None:
    if key is None:
        return None
    try:
        return ws.resolve_id(key)
    except KeyError as exc:
        raise UserError(exc.args[0]) from None


def _doc(ws, key: str):
    doc = ws.documents.get(_doc_id(ws, key))
    if doc is None:
        raise UserError(f"document {key!r} could not be loaded (see the problems above)")
    return doc


def _ensure_index(ws, out: Output) -> None:
    from explorer.workspace import rebuild_needed

    if ws.index.quick_fresh(ws.records):  # sizes and mtimes as built: no source is re-read
        return
    if rebuild_needed(ws):
        ws.load_documents(_progress(out, "analysing"))
        out.problems(ws.problems[out.shown :])
        out.shown = len(ws.problems)
        try:
            report = ws.update_index(progress=_progress(out, "indexing"))
        except OSError as exc:  # a read-only index folder, a full disk: the previous index still answers
            out.note(f"cannot update the index in {ws.index_dir} ({exc.strerror or exc}): searching the previous one")
            return
        if out.args.verbose:
            out.err.print(str(report), markup=False)


def _progress(out: Output, label: str):
    """A Rich progress bar on stderr (silent when stderr is not a terminal)."""
    if not sys.stderr.isatty():
        return None
    from rich.progress import Progress

    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            state["bar"] = Progress(console=out.err, transient=True)
            state["bar"].start()
            state["task"] = state["bar"].add_task(label, total=total)
        state["bar"].update(state["task"], completed=done, total=total)
        if done >= total:
            state["bar"].stop()

    return update
