"""The query engine over the bigram index: cost follows the rarest part of a query, not the most frequent.

A query string of n ≥ 3 characters: the document lists of its bigrams are read rarest first and intersected
while the next list is not much longer than the candidate set; the candidates are then verified on their
folded text (``str.count``), so hits are exactly a substring scan's. Two characters are one bigram (its
posting weights are the counts); one character is a prefix search over the bigrams that start with it.

Document lists are numpy arrays (ids sorted, counts beside them), combined with ``intersect1d``/``unique``,
scored with vectorised BM25 and cut to the top k with ``argpartition``: a query matching 45 % of 100,000
passages costs a few milliseconds instead of one Python step per hit. Decoded posting lists are kept in a
bounded LRU cache and the folded texts are loaded once per generation, so a long-running process (the TUI)
reads each frequent list from disk once.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from itertools import accumulate
from typing import Any

import numpy as np
from whoosh.util.numeric import byte_to_length

from explorer.search.glossary import Glossary
from explorer.search.query import (
    F_CUTS,
    F_DOC,
    F_EXCLUDED,
    F_KIND,
    F_LENGTH,
    F_SECTION,
    F_TEXT,
    F_YEARS,
    FieldFilter,
    Node,
    Text,
)
from explorer.search.query import Not as QNot
from explorer.search.query import Or as QOr

K1, B = 1.2, 0.75  # BM25 constants (Whoosh's defaults)
RERANK_POOL = 30  # top passages re-ordered by word alignment
ALIGN_BONUS = 0.5  # score × (1 + bonus × share of query occurrences that are whole words)
CACHE_POSTINGS = 8_000_000  # decoded postings kept warm (ids int32 + counts float32: ~64 MB at most)
NEXT_LIST_FACTOR = 4  # intersect the next-rarest bigram's list only while it is ≤ this × the candidates
FETCH_TEXTS_LIMIT = 4000  # fewer candidates than this: read their texts one by one instead of all of them

Ids = np.ndarray  # sorted unique global document numbers (int64)
Scored = tuple[np.ndarray, np.ndarray]  # (ids, scores or counts), aligned

_EMPTY: Scored = (np.empty(0, np.int64), np.empty(0, np.float64))
_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], np.float64)


def _and(a: Scored, b: Scored) -> Scored:
    common, i, j = np.intersect1d(a[0], b[0], assume_unique=True, return_indices=True)
    return common, a[1][i] + b[1][j]


def _or(parts: list[Scored]) -> Scored:
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return _EMPTY
    if len(parts) == 1:
        return parts[0]
    ids, inverse = np.unique(np.concatenate([p[0] for p in parts]), return_inverse=True)
    return ids, np.bincount(inverse, weights=np.concatenate([p[1] for p in parts]), minlength=len(ids))


def _without(a: Scored, drop: Ids) -> Scored:
    if not len(a[0]) or not len(drop):
        return a
    keep = ~np.isin(a[0], drop, assume_unique=True)
    return a[0][keep], a[1][keep]


class Engine:
    """Evaluates a parsed query on one open generation (a Whoosh searcher over CountField segments)."""

    def __init__(self, searcher: Any):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.leaves = [(s.reader(), offset) for s, offset in searcher.leaf_searchers()]
        self.size = sum(r.doc_count_all() for r, _ in self.leaves)
        self.live = np.ones(self.size, bool)
        for r, offset in self.leaves:
            if r.has_deletions():
                dead = np.fromiter(r.deleted_docs_set, np.int64)
                self.live[dead + offset] = False
        self.n_docs = max(1, int(self.live.sum()))
        self._cache: OrderedDict[tuple[str, str], Scored] = OrderedDict()
        self._cached = 0
        self._memo: dict[tuple[str, str], Scored] = {}
        self.notices: list[str] = []  # filters of the last run that match no document
        self._norms: np.ndarray | None = None
        self._columns: dict[str, list[tuple[Any, int]]] = {}
        self._texts: dict[str, list[str]] = {}

    # ------------------------------------------------------------------ columns (folded texts)

    def _column_readers(self, field: str) -> list[tuple[Any, int]]:
        if field not in self._columns:
            self._columns[field] = [(r.column_reader(field, translate=False), off) for r, off in self.leaves]
        return self._columns[field]

    def texts(self, field: str) -> list[str]:
        """Every document's folded text of ``field`` by global docnum (loaded once: ~0.1 s at 100,000)."""
        if field not in self._texts:
            out: list[str] = []
            for col, _ in self._column_readers(field):
                out.extend(b.decode("utf-8") for b in col)
            self._texts[field] = out
        return self._texts[field]

    def text(self, field: str, docnum: int) -> str:
        if field in self._texts:
            return self._texts[field][docnum]
        for col, off in reversed(self._column_readers(field)):
            if docnum >= off:
                return bytes(col[docnum - off]).decode("utf-8")
        return ""

    def cuts(self, docnum: int) -> int:
        """The passage's word boundaries (see ``word_cuts``) as an int bit set; 1 (offset 0 only) if absent."""
        for col, off in reversed(self._column_readers(F_CUTS)):
            if docnum >= off:
                return int.from_bytes(bytes(col[docnum - off]), "little") or 1
        return 1

    def norms(self) -> np.ndarray:
        """Per document: BM25's length normalisation K1·(1 − B + B·len/avglen). The length is the number of
        non-space characters (the bigram field's token count), quantised to a byte as Whoosh stores field
        lengths, read whole from the ``length`` column: ranking is the one Whoosh's lengths gave before."""
        if self._norms is None:
            parts = []
            for (col, _), (r, _) in zip(self._column_readers(F_LENGTH), self.leaves):
                codes = np.zeros(r.doc_count_all(), np.uint8)
                count = min(getattr(col, "_count", 0), len(codes))
                if count:
                    codes[:count] = np.frombuffer(col._dbfile.get(col._basepos, count), np.uint8)
                parts.append(_BYTE_TO_LENGTH[codes])
            lengths = np.concatenate(parts) if parts else np.zeros(0)
            live = lengths[self.live] if len(lengths) == self.size else lengths
            avg = float(live.mean()) if len(live) else 1.0
            self._norms = K1 * (1 - B + B * lengths / (avg or 1.0))
        return self._norms

    # ------------------------------------------------------------------ posting lists

    def postings(self, field: str, term: str) -> Scored:
        """(docnums, counts) of one term across segments, deletions removed; cached (LRU, bounded)."""
        key = (field, term)
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        ids_parts: list[np.ndarray] = []
        w_parts: list[np.ndarray] = []
        for reader, offset in self.leaves:
            if (field, term) not in reader:
                continue
            _read_postings(reader, field, term, offset, ids_parts, w_parts)
        if not ids_parts:
            result = _EMPTY
        else:
            ids = np.concatenate(ids_parts)
            counts = np.concatenate(w_parts)
            keep = self.live[ids]
            result = (ids, counts) if keep.all() else (ids[keep], counts[keep])
        self._cache[key] = result
        self._cached += len(result[0])
        while self._cached > CACHE_POSTINGS and len(self._cache) > 1:
            _, old = self._cache.popitem(last=False)
            self._cached -= len(old[0])
        return result

    def doc_frequency(self, field: str, term: str) -> int:
        return int(self.reader.doc_frequency(field, term))

    def ids(self, field: str, term: str) -> Ids:
        return self.postings(field, term)[0]

    # ------------------------------------------------------------------ substring matching

    def occurrences(self, field: str, text: str) -> Scored:
        """(documents, occurrences) of ``text`` (folded; whitespace-separated runs must all occur). Memoised
        for the query being run: a term repeated in a query is looked up once."""
        key = (field, text)
        if key not in self._memo:
            result: Scored | None = None
            for run in text.split():
                found = self._run(field, run)
                result = found if result is None else _and(result, found)
                if not len(result[0]):
                    break
            self._memo[key] = result if result is not None else _EMPTY
        return self._memo[key]

    def _run(self, field: str, run: str) -> Scored:
        if len(run) == 1:
            parts = []
            for term in self.reader.expand_prefix(field, run):
                parts.append(self.postings(field, term.decode("utf-8") if isinstance(term, bytes) else term))
            return _or(parts)
        if len(run) == 2:
            return self.postings(field, run)
        df = {g: self.doc_frequency(field, g) for g in {run[i : i + 2] for i in range(len(run) - 1)}}
        grams = sorted(df, key=df.__getitem__)
        if df[grams[0]] == 0:
            return _EMPTY
        candidates = self.ids(field, grams[0])
        for gram in grams[1:]:
            if df[gram] > NEXT_LIST_FACTOR * len(candidates):
                break  # checking the few candidates' texts is cheaper than reading a long list
            candidates = np.intersect1d(candidates, self.ids(field, gram), assume_unique=True)
            if not len(candidates):
                return _EMPTY
        return self._verify(field, run, candidates)

    def _verify(self, field: str, run: str, candidates: Ids) -> Scored:
        if field not in self._texts and len(candidates) < FETCH_TEXTS_LIMIT:
            text = self.text
            counts = [text(field, int(d)).count(run) for d in candidates]
        else:
            texts = self.texts(field)
            counts = [texts[d].count(run) for d in candidates.tolist()]
        c = np.asarray(counts, np.float64)
        keep = c > 0
        return candidates[keep], c[keep]

    # ------------------------------------------------------------------ evaluation

    def text_scores(self, node: Text, glossary: Glossary | None) -> Scored:
        variants = (node.text,) if node.phrase or glossary is None else glossary.expand(node.text)
        norms = self.norms()
        parts = []
        for v in variants:
            ids, tf = self.occurrences(F_TEXT, v)
            if not len(ids):
                continue
            df = len(ids)
            idf = math.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))
            parts.append((ids, idf * tf * (K1 + 1) / (tf + norms[ids])))
        return _or(parts)

    def filter_docs(self, node: FieldFilter) -> Ids:
        if node.name == "kind":
            return self.ids(F_KIND, node.value)
        if node.name == "doc":
            return self.ids(F_DOC, node.value)
        if node.name == "section":
            return self.occurrences(F_SECTION, node.value)[0]
        if node.name == "year":
            lo, _, hi = node.value.partition("-")
            years = [self.ids(F_YEARS, str(y)) for y in range(int(lo), int(hi or lo) + 1)]
            return np.unique(np.concatenate(years)) if years else _EMPTY[0]
        return _EMPTY[0]

    def all_docs(self) -> Ids:
        return np.flatnonzero(self.live)

    def evaluate(self, node: Node, glossary: Glossary | None) -> Scored:
        if isinstance(node, Text):
            return self.text_scores(node, glossary)
        if isinstance(node, FieldFilter):
            ids = self.filter_docs(node)
            if not len(ids):
                self.notices.append(_empty_filter_notice(node))
            return ids, np.zeros(len(ids))
        if isinstance(node, QNot):
            return _without(self._zero(self.all_docs()), self.evaluate(node.item, glossary)[0])
        if isinstance(node, QOr):
            return _or([self.evaluate(i, glossary) for i in node.items])
        positives = [i for i in node.items if not isinstance(i, QNot)]
        negatives = [i.item for i in node.items if isinstance(i, QNot)]
        if not positives:
            acc = self._zero(self.all_docs())
        else:
            parts = sorted((self.evaluate(i, glossary) for i in positives), key=lambda p: len(p[0]))
            acc = parts[0]
            for other in parts[1:]:
                acc = _and(acc, other)
                if not len(acc[0]):
                    return _EMPTY
        for neg in negatives:
            if not len(acc[0]):
                break
            acc = _without(acc, self.evaluate(neg, glossary)[0])
        return acc

    @staticmethod
    def _zero(ids: Ids) -> Scored:
        return ids, np.zeros(len(ids))

    def run(
        self, node: Node, glossary: Glossary | None, limit: int | None, include_excluded: bool
    ) -> tuple[list[tuple[int, float]], int, int]:
        """(ranked (docnum, score) pool, total shown, excluded matches). Only the top ``max(limit, 30)`` are
        sorted; ties keep index order (document order), so equal scores read naturally."""
        self._memo = {}
        self.notices = []
        try:
            ids, scores = self.evaluate(node, glossary)
        finally:
            self._memo = {}
        hidden = self.ids(F_EXCLUDED, "1")
        is_hidden = np.isin(ids, hidden, assume_unique=True) if len(hidden) else np.zeros(len(ids), bool)
        excluded_matches = int(is_hidden.sum())
        if not include_excluded and excluded_matches:
            ids, scores = ids[~is_hidden], scores[~is_hidden]
        pool = len(ids) if limit is None else max(limit, RERANK_POOL)
        if pool < len(ids):
            kth = np.partition(-scores, pool - 1)[pool - 1]
            near = np.flatnonzero(-scores <= kth)  # every score ≥ the pool-th best (ties included)
            order = near[np.lexsort((ids[near], -scores[near]))][:pool]
        else:
            order = np.lexsort((ids, -scores))
        return list(zip(ids[order].tolist(), scores[order].tolist())), len(ids), excluded_matches


def _empty_filter_notice(node: FieldFilter) -> str:
    if node.name == "nothing":
        name, _, value = node.value.partition(" ")
        return f"{name} {value!r} is not a valid {name}: the filter matches nothing"
    what = {
        "kind": "no document of this kind",
        "year": "no document is dated or covers this year",
        "doc": "no such document in the index",
        "section": "no passage has this in its section headings",
    }.get(node.name, "matches no document")
    return f"{node.name}:{node.value}: {what}"


def _read_postings(
    reader: Any, field: str, term: str, offset: int, ids_parts: list[np.ndarray], w_parts: list[np.ndarray]
) -> None:
    """Append one segment's postings of a term. Whoosh 3 blocks are read whole (one zlib + pickle per block)
    and their delta-coded ids summed by numpy, instead of Whoosh's per-posting Python generator."""
    info = reader.term_info(field, term)
    if info.is_inlined():
        ids, weights, _ = info.inlined_postings()
        ids_parts.append(np.asarray(ids, np.int64) + offset)
        w_parts.append(np.asarray(weights, np.float64))
        return
    m = reader.postings(field, term)
    m = getattr(m, "child", m) if type(m).__name__ == "FilterMatcher" else m  # deletions: the engine's own
    if not (hasattr(m, "_read_data") and hasattr(m, "_next_block")):
        ids_list, w_list = [], []
        while m.is_active():  # any other matcher, one posting at a time
            ids_list.append(m.id())
            w_list.append(m.weight())
            m.next()
        ids_parts.append(np.asarray(ids_list, np.int64) + offset)
        w_parts.append(np.asarray(w_list, np.float64))
        return
    while m.is_active():
        m._read_data()
        deltas, weights, _ = m._data
        n = len(deltas)
        ids_parts.append(np.cumsum(np.asarray(deltas, np.int64)) + offset)
        if weights is None:
            w_parts.append(np.ones(n))
        elif isinstance(weights, float):
            w_parts.append(np.full(n, weights))
        else:
            w_parts.append(np.asarray(weights, np.float64))
        m._next_block()


def word_cuts(folded: str) -> bytes:
    """rjieba precise-mode word boundaries of a passage as a bit set (bit i: a word starts or ends at offset
    i), written at indexing time into the ``cuts`` column: ~1 bit a character (1.6 MB at 100,000 passages),
    so ranking needs no segmenter at query time (a cold search skips loading rjieba's dictionary)."""
    import rjieba

    # Word ends are the running sums of the words' lengths (rjieba.cut covers every character); distinct
    # powers of two add up to their bit set without a Python loop.
    bits = 1 + sum(map((1).__lshift__, accumulate(map(len, rjieba.cut(folded)))))
    return bits.to_bytes((len(folded) + 8) // 8, "little")


def word_aligned_share(folded: str, cuts: int, terms: list[str]) -> tuple[int, int]:
    """(occurrences of the terms in ``folded``, how many start and end on word boundaries ``cuts``)."""
    total = aligned = 0
    for term in terms:
        n = len(term)
        j = folded.find(term)
        while j != -1:
            total += 1
            aligned += (cuts >> j) & 1 and (cuts >> (j + n)) & 1
            j = folded.find(term, j + 1)
    return total, aligned


def rerank(pool: list[tuple[int, float]], texts: list[tuple[str, int]], terms: list[str]) -> list[tuple[int, float]]:
    """Within the top of the ranking, prefer passages where the query strings are whole words (生态 in 生态保护
    over 发生态势). ``pool`` is the ranked (docnum, score) list, ``texts`` the (folded text, word cuts) of its
    first RERANK_POOL entries."""
    out = []
    for i, (d, score) in enumerate(pool):
        if i < RERANK_POOL:
            total, aligned = word_aligned_share(*texts[i], terms)
            if total:
                score *= 1 + ALIGN_BONUS * aligned / total
        out.append((d, score))
    head = sorted(out[:RERANK_POOL], key=lambda r: -r[1])
    return head + out[RERANK_POOL:]
