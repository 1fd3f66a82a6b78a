"""How passages are written into Whoosh: the codec, the posting pool and the field types.

The matching field (``CountField``) stores, per passage, how often each character bigram occurs — no
positions — and the passage's folded text as a Whoosh column in the same segment. A query string of three or
more characters is answered by intersecting the document lists of its rarest bigrams and then checking the
candidates' folded texts (``str.count``): the hits are exactly a substring scan's, and positions, which were
two thirds of the index and most of a frequent query's reading time, are not needed. Whoosh still owns
segments, term table, postings, deletions, merges and the column file (``<segment>_<field>.col``).

``PositionsField`` (bigram positions) is kept only for the measured comparison of analysis options
(``mode="both"``/``"words"``), whose Whoosh phrase queries need positions.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
from whoosh import columns, fields, formats
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3TermInfo
from whoosh.system import pack_uint

from explorer.search.analysis import bigram_postings, runs, word_counts
from explorer.search.query import F_CUTS, F_DOC, F_EXCLUDED, F_KIND, F_LENGTH, F_SECTION, F_TEXT, F_WORDS, F_YEARS, Mode

F_PID = "pid"
F_HIT = "hit"


class _TermInfo(W3TermInfo):
    def set_inline(self, ids: Any, weights: Any, values: Any) -> None:
        # Whoosh-Reloaded 2.7.5's postings writer calls set_inline(), but the class only has set_inlined():
        # inlining short posting lists (any inlinelimit > 1) crashes without this.
        self.set_inlined(ids, weights, values)


class _FieldWriter(W3FieldWriter):
    def start_term(self, btext: bytes) -> None:
        if self._postwriter is None:
            raise RuntimeError("start_term called before start_field")
        self._btext = btext
        self._postwriter.start_postings(self._fieldobj.format, _TermInfo())

    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        """Write a TermPool's postings a block at a time. Whoosh's loop makes three Python calls per posting
        (its own iteration, ``add``, ``add_posting``); for fields without length statistics (every field of
        the bigram schema) a block's ids and weights are appended in one go instead."""
        terms = getattr(items, "terms", None)
        if terms is None:
            super().add_postings(schema, lengths, items)
            return
        dfl = lengths.doc_field_length if lengths else (lambda docnum, fieldname: 0)
        lastfn = None
        for fieldname, btext, ids, weights, values in terms():
            if fieldname != lastfn:
                if lastfn is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                lastfn = fieldname
            self.start_term(btext)
            if schema[fieldname].scorable:  # keeps Whoosh's per-posting min/max length statistics
                for docnum, weight, vbytes in zip(ids, weights, values or [b""] * len(ids)):
                    self.add(docnum, weight, vbytes, dfl(docnum, fieldname))
            else:
                self._add_bulk(ids, weights, values)
            self.finish_term()
        if lastfn is not None:
            self.finish_field()

    def _add_bulk(self, ids: list[int], weights: list[float], values: list[bytes] | None) -> None:
        pw = self._postwriter
        limit = pw._blocklimit
        for i in range(0, len(ids), limit):
            if len(pw._ids) >= limit:  # as add_posting: a full block is written when the next posting comes
                pw._write_block()
            block = weights[i : i + limit]
            pw._ids.extend(ids[i : i + limit])
            pw._weights.extend(block)
            top = max(block)
            if top > pw._maxweight:
                pw._maxweight = top
            if values is not None:
                pw._values.extend(v for v in values[i : i + limit] if v)


class PassageCodec(W3Codec):
    """Whoosh 3 codec tuned for many short passages: posting lists shorter than 16 are stored inline in the
    term table instead of in their own compressed block (build CPU 5.6 s → 2.6 s on the real corpus), no
    per-posting length statistics are kept (the engine ranks with its own lengths), and blocks hold 2048
    postings instead of 128, so a frequent bigram (发展: 45 % of passages) is a few pickle/zlib round trips
    to read (5 frequent lists at 20,000 passages, uncached: 39 ms with 128, 32 ms with 512, 13 ms with 2048;
    same build time and size)."""

    length_stats = False

    def __init__(self) -> None:
        super().__init__(blocklimit=2048, inlinelimit=16)

    def field_writer(self, storage: Any, segment: Any) -> W3FieldWriter:
        return _FieldWriter(self, storage, segment)


class TermPool:
    """Posting pool for Whoosh's SegmentWriter that groups postings by term as they arrive, compactly.

    Whoosh's PostingPool appends every posting as a tuple, sorts them all at commit and, beyond ``limitmb``,
    pickles sorted runs to disk and merges them back. Documents arrive in docnum order, so grouping by term
    needs no sort but of the term keys (build CPU 52 s → ~20 s at 20,000 passages). Postings without a value
    (every field of the bigram schema: the weight is the count) are kept as one ``array('i')`` per term of
    interleaved (docnum, count) pairs — 8 bytes a posting instead of ~100 for a tuple of an int, a float and a
    bytes in a list, which held 2.4 GB at 99,000 passages of work reports; postings with values (the positions
    of the comparison options) stay tuples.
    """

    def __init__(self) -> None:
        self.counts: dict[str, dict[bytes, array[int]]] = {}
        self.postings: dict[tuple[str, bytes], list[tuple[int, float, bytes]]] = {}
        self.fieldnames: set[str] = set()
        self.unsorted: set[tuple[str, bytes]] = set()  # terms whose docnums arrived out of order (merges)

    def add(self, item: tuple[str, bytes, int, float, bytes]) -> None:
        """One posting (Whoosh's own path: segments merged in, other writers)."""
        fieldname, tbytes, docnum, weight, vbytes = item
        self.fieldnames.add(fieldname)
        if vbytes or weight != int(weight):
            self.postings.setdefault((fieldname, tbytes), []).append((docnum, weight, vbytes))
            return
        terms = self.counts.setdefault(fieldname, {})
        pairs = terms.get(tbytes)
        if pairs is None:
            terms[tbytes] = array("i", (docnum, int(weight)))
            return
        if pairs[-2] >= docnum:
            self.unsorted.add((fieldname, tbytes))
        pairs.append(docnum)
        pairs.append(int(weight))

    def add_many(self, fieldname: str, docnum: int, items: Iterable[tuple[bytes, int, float, bytes]]) -> None:
        """One document's postings of one field, in docnum order (``add`` without a call and a tuple each)."""
        self.fieldnames.add(fieldname)
        terms = self.counts.setdefault(fieldname, {})
        postings = self.postings
        for tbytes, freq, weight, vbytes in items:
            if vbytes or weight != freq:
                postings.setdefault((fieldname, tbytes), []).append((docnum, weight, vbytes))
                continue
            pairs = terms.get(tbytes)
            if pairs is None:
                terms[tbytes] = array("i", (docnum, freq))
            else:
                pairs.append(docnum)
                pairs.append(freq)

    def terms(self) -> Iterator[tuple[str, bytes, list[int], list[float], list[bytes] | None]]:
        """(field, term, docnums ascending, weights, values or None) in field and term order."""
        keys = {(f, t) for f, terms in self.counts.items() for t in terms} | set(self.postings)
        for fieldname, tbytes in sorted(keys):
            rows = self.postings.get((fieldname, tbytes))
            pairs = self.counts.get(fieldname, {}).get(tbytes)
            if rows is None and pairs is not None and (fieldname, tbytes) not in self.unsorted:
                yield fieldname, tbytes, *_split_pairs(pairs), None
                continue
            rows = list(rows or [])
            if pairs is not None:
                rows.extend(zip(*_split_pairs(pairs), [b""] * (len(pairs) // 2)))
            rows.sort()
            yield fieldname, tbytes, [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]

    def iter_postings(self) -> TermPool:
        return self

    def __iter__(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        """Whoosh's (field, term, docnum, weight, value) stream, for any field writer but ours."""
        for fieldname, tbytes, ids, weights, values in self.terms():
            for i, docnum in enumerate(ids):
                yield fieldname, tbytes, docnum, weights[i], values[i] if values is not None else b""

    def save(self) -> None:
        pass

    def cleanup(self) -> None:
        self.counts.clear()
        self.postings.clear()
        self.unsorted.clear()


def _split_pairs(pairs: array[int]) -> tuple[list[int], list[float]]:
    """Interleaved (docnum, count) pairs → docnums and float weights (Whoosh's block writer and readers expect
    float weights). numpy for long lists; most terms have a handful of postings, where it would cost more."""
    if len(pairs) < 64:
        return pairs[0::2].tolist(), [float(w) for w in pairs[1::2]]
    a = np.frombuffer(pairs, dtype=np.int32).reshape(-1, 2)
    return a[:, 0].tolist(), a[:, 1].astype(np.float64).tolist()


def add_passage(writer: Any, fields: dict[str, Any]) -> None:
    """Whoosh's ``SegmentWriter.add_document`` for schemas without boosts, spelling or term vectors (the
    bigram schema), handing each field's postings to the TermPool in one call. Other writers or pools get
    Whoosh's own method."""
    pool = writer.pool
    schema = writer.schema
    if not isinstance(pool, TermPool) or any(schema[n].vector or schema[n].separate_spelling() for n in fields):
        writer.add_document(**fields)
        return
    writer._check_state()
    perdoc = writer.perdocwriter
    docnum = writer.docnum
    perdoc.start_doc(docnum)
    try:
        for fieldname in sorted(fields):
            value = fields[fieldname]
            if value is None:
                continue
            field = schema[fieldname]
            length = 0
            if field.indexed:
                items = list(field.index(value))
                if field.scorable:
                    length = sum(freq for _, freq, _, _ in items)
                pool.add_many(fieldname, docnum, items)
            perdoc.add_field(fieldname, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(fieldname, field.column_type, field.to_column_value(value))
    except Exception:
        perdoc.cancel_doc()
        raise
    perdoc.finish_doc()
    writer._added = True
    writer.docnum += 1


def fold_patch(text: str, folded: str) -> tuple[str, bytes, str] | None:
    """What turns the folded text (which the text column holds) back into ``text``: None when folding changed
    nothing, else (array typecode, offsets, original characters). Folding is per character and keeps lengths,
    and what it changes in policy text is mostly full-width punctuation (，：；（）→ ,:;()), a few characters
    a passage: storing them instead of the whole text again took the 100,000-passage index from 184 to ~150 MB."""
    if text == folded:
        return None
    offsets = [i for i, (a, b) in enumerate(zip(text, folded)) if a != b]
    code = "H" if len(text) < 1 << 16 else "I"
    return code, array(code, offsets).tobytes(), "".join(text[i] for i in offsets)


def unfold(folded: str, patch: tuple[str, bytes, str] | str | None) -> str:
    """The passage's text from its folded form and its ``fold_patch`` (a str is a text stored whole)."""
    if patch is None:
        return folded
    if isinstance(patch, str):
        return patch
    code, raw, chars = patch
    out = list(folded)
    for i, ch in zip(array(code, raw), chars):
        out[i] = ch
    return "".join(out)


def bigram_counts(folded: str) -> Counter[str]:
    """term → occurrences of each overlapping character bigram of ``folded`` text, plus the last character of
    every whitespace-separated run as a unigram (so a one-character query, a prefix search, finds every
    occurrence: each one either starts a bigram or ends a run)."""
    counts: Counter[str] = Counter()
    for _, run in runs(folded):
        counts.update(map(str.__add__, run, run[1:]))  # C-level counting of the run's bigrams
        counts[run[-1]] += 1
    return counts


class CountField(fields.FieldType):
    """Bigram occurrence counts (posting weight = count, no stored value) plus the folded text as a column.

    Takes *folded* text. Not ``scorable`` in Whoosh's sense: the engine computes BM25 itself, with the
    column's byte lengths as document lengths, so Whoosh's per-document length file is not written."""

    def __init__(self) -> None:
        # Existence has posting_size 0: the weight carries the count and no value bytes are written.
        super().__init__(formats.Existence(), SpaceSeparatedTokenizer(), scorable=False, stored=False)
        self.column_type = columns.VarBytesColumn()

    def index(self, value: str, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        for term, n in bigram_counts(value).items():
            yield term.encode("utf-8"), n, float(n), b""

    def to_column_value(self, value: str) -> bytes:
        return value.encode("utf-8")

    def from_column_value(self, value: bytes) -> str:
        return value.decode("utf-8")


class PositionsField(fields.TEXT):
    """Positions of overlapping character bigrams (for the comparison options only; see module doc)."""

    def __init__(self, scorable: bool = True):
        super().__init__(analyzer=SpaceSeparatedTokenizer(), phrase=True)
        self.scorable = scorable

    def index(self, value: str, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        encode = self.format.encode
        for term, positions in bigram_postings(value).items():
            yield term.encode("utf-8"), len(positions), float(len(positions)), encode(positions)


class WordField(fields.TEXT):
    """Frequencies of rjieba search-mode words (no positions: it only ranks). Takes *folded* text."""

    def __init__(self) -> None:
        super().__init__(analyzer=SpaceSeparatedTokenizer(), phrase=False)

    def index(self, value: str, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        for term, freq in word_counts(value).items():
            yield term.encode("utf-8"), freq, float(freq), pack_uint(freq)


def make_schema(mode: Mode = "bigram") -> fields.Schema:
    """The index's fields. ``mode="bigram"`` (the product) matches with CountField on text and section;
    the other modes exist for the measured comparison of analysis options in docs/search.md."""
    spec: dict[str, fields.FieldType] = {
        F_PID: fields.ID(unique=True),
        F_DOC: fields.ID,
        F_KIND: fields.ID,
        F_YEARS: fields.KEYWORD,
        F_EXCLUDED: fields.ID,
        F_SECTION: CountField() if mode == "bigram" else PositionsField(scorable=False),
        F_HIT: fields.STORED,
    }
    if mode == "bigram":
        spec[F_TEXT] = CountField()
        spec[F_CUTS] = fields.COLUMN(columns.VarBytesColumn())
        spec[F_LENGTH] = fields.COLUMN(columns.NumericColumn("B"))
    if mode == "both":
        spec[F_TEXT] = PositionsField()
    if mode in ("both", "words"):
        spec[F_WORDS] = WordField()
    return fields.Schema(**spec)
