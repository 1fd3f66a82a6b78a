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
from collections.abc import Iterator
from typing import Any

from whoosh import columns, fields, formats
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3TermInfo
from whoosh.system import pack_uint

from explorer.search.analysis import bigram_postings, runs, word_counts
from explorer.search.query import F_CUTS, F_DOC, F_EXCLUDED, F_KIND, F_SECTION, F_TEXT, F_WORDS, F_YEARS, Mode

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

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        for key in sorted(self.postings):
            fieldname, tbytes = key
            plist = self.postings[key]
            plist.sort()  # by docnum (unique per term); already in order unless segments were merged in
            for docnum, weight, vbytes in plist:
                yield fieldname, tbytes, docnum, weight, vbytes

    def save(self) -> None:
        pass

    def cleanup(self) -> None:
        self.postings.clear()


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
    if mode == "both":
        spec[F_TEXT] = PositionsField()
    if mode in ("both", "words"):
        spec[F_WORDS] = WordField()
    return fields.Schema(**spec)
