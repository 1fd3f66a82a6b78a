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

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

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
        grouped = getattr(items, "grouped", None)
        if grouped is None:
            super().add_postings(schema, lengths, items)
            return
        dfl = lengths.doc_field_length if lengths else (lambda docnum, fieldname: 0)
        lastfn = None
        for key in sorted(grouped):
            fieldname, btext = key
            plist = grouped[key]
            plist.sort()  # by docnum (unique per term); already in order unless segments were merged in
            if fieldname != lastfn:
                if lastfn is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                lastfn = fieldname
            self.start_term(btext)
            if schema[fieldname].scorable:  # keeps Whoosh's per-posting min/max length statistics
                for docnum, weight, vbytes in plist:
                    self.add(docnum, weight, vbytes or b"", dfl(docnum, fieldname))
            else:
                self._add_bulk(plist)
            self.finish_term()
        if lastfn is not None:
            self.finish_field()

    def _add_bulk(self, plist: list[tuple[int, float, bytes]]) -> None:
        pw = self._postwriter
        limit = pw._blocklimit
        for i in range(0, len(plist), limit):
            if len(pw._ids) >= limit:  # as add_posting: a full block is written when the next posting comes
                pw._write_block()
            ids, weights, values = zip(*plist[i : i + limit])
            pw._ids.extend(ids)
            pw._weights.extend(weights)
            top = max(weights)
            if top > pw._maxweight:
                pw._maxweight = top
            pw._values.extend(v for v in values if v)


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
    """Posting pool for Whoosh's SegmentWriter that groups postings by term as they arrive.

    Whoosh's PostingPool appends every posting as a tuple, sorts them all at commit and, beyond ``limitmb``,
    pickles sorted runs to disk and merges them back. Documents arrive in docnum order, so grouping by term
    needs no sort but of the term keys (build CPU 52 s → ~20 s at 20,000 passages).
    """

    def __init__(self) -> None:
        self.postings: dict[tuple[str, bytes], list[tuple[int, float, bytes]]] = {}
        self.fieldnames: set[str] = set()

    def add(self, item: tuple[str, bytes, int, float, bytes]) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        plist = self.postings.get((fieldname, tbytes))
        if plist is None:
            self.postings[(fieldname, tbytes)] = [(docnum, weight, vbytes)]
            self.fieldnames.add(fieldname)
        else:
            plist.append((docnum, weight, vbytes))

    def add_many(self, fieldname: str, docnum: int, items: Iterable[tuple[bytes, int, float, bytes]]) -> None:
        """One document's postings of one field (``add`` without a call and a tuple per posting)."""
        postings = self.postings
        for tbytes, _, weight, vbytes in items:
            key = (fieldname, tbytes)
            plist = postings.get(key)
            if plist is None:
                postings[key] = [(docnum, weight, vbytes)]
            else:
                plist.append((docnum, weight, vbytes))
        self.fieldnames.add(fieldname)

    def iter_postings(self) -> _Grouped:
        return _Grouped(self.postings)

    def save(self) -> None:
        pass

    def cleanup(self) -> None:
        self.postings.clear()


class _Grouped:
    """The pool's postings grouped by term: iterable as Whoosh's (field, term, docnum, weight, value) stream,
    and readable whole by ``_FieldWriter.add_postings``."""

    def __init__(self, grouped: dict[tuple[str, bytes], list[tuple[int, float, bytes]]]):
        self.grouped = grouped

    def __iter__(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        for key in sorted(self.grouped):
            fieldname, tbytes = key
            plist = self.grouped[key]
            plist.sort()
            for docnum, weight, vbytes in plist:
                yield fieldname, tbytes, docnum, weight, vbytes


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
