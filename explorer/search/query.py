"""Query language → Whoosh queries. Never raises: whatever the user types becomes *some* search.

Syntax: words (AND-ed), "quoted phrases", AND / OR / NOT (also && || ! and a leading -word; standalone
与 且 / 或 / 非 as well), parentheses, and field filters ``kind:plan`` (规划/报告 too), ``year:2023``,
``year:2021-2025``, ``doc:ID``, ``section:词``. Chinese quotes and full-width forms are accepted.

Degradation rules: an unbalanced quote runs to the end of the query; a stray operator (leading, trailing,
doubled) is dropped; parentheses group only when the query uses an operator, otherwise they are text (policy
text is full of （一）); an unknown field prefix (``http:``) or an invalid value (``year:abc``) is text; a query
with nothing positive left is searched as plain text.

Every text term matches as a *substring* (a phrase of character bigrams). Words are expanded through the
glossary; quoted phrases are taken literally.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from whoosh import query as wq

from explorer.search.analysis import bigrams_of, fold, normalise_query, query_words
from explorer.search.glossary import EMPTY_GLOSSARY, Glossary

# Index field names (shared with index.py).
F_TEXT = "text"  # character bigrams of the passage: matching
F_WORDS = "words"  # rjieba search-mode words: ranking
F_SECTION = "section"  # character bigrams of the section path
F_DOC = "doc"
F_KIND = "kind"
F_YEARS = "years"
F_EXCLUDED = "excluded"
F_LENGTH = "length"  # column: non-space characters of the text, as Whoosh's length byte (BM25)
F_CUTS = "cuts"  # column: rjieba word boundaries of the folded text, a bit set (ranking)

Mode = Literal["both", "bigram", "words"]

KIND_ALIASES = {
    "plan": "plan",
    "plans": "plan",
    "规划": "plan",
    "计划": "plan",
    "方案": "plan",
    "report": "report",
    "reports": "report",
    "报告": "report",
}
FIELD_NAMES = {
    "kind": "kind",
    "type": "kind",
    "类型": "kind",
    "year": "year",
    "年份": "year",
    "年": "year",
    "doc": "doc",
    "id": "doc",
    "文件": "doc",
    "section": "section",
    "章节": "section",
}
_OPERATORS = {
    "AND": "AND",
    "&&": "AND",
    "&": "AND",
    "与": "AND",
    "且": "AND",
    "OR": "OR",
    "||": "OR",
    "|": "OR",
    "或": "OR",
    "NOT": "NOT",
    "!": "NOT",
    "非": "NOT",
}
_YEAR_RANGE = re.compile(r"^(\d{4})(?:\s*(?:-|–|—|~|\.\.|至|到)\s*(\d{4}))?$")
MAX_YEAR_SPAN = 200


# ------------------------------------------------------------------------------------------------- AST


@dataclass(frozen=True)
class Text:
    text: str  # folded
    phrase: bool = False
    raw: str = field(default="", compare=False)  # as typed (for explanations: 綠→绿 is a script fold)


@dataclass(frozen=True)
class FieldFilter:
    name: str  # kind, year, doc, section
    value: str  # normalised value (kind → plan/report, year → "2021" or "2021-2025", section folded)


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = Text | FieldFilter | And | Or | Not


# ------------------------------------------------------------------------------------------- tokenizing


@dataclass(frozen=True)
class _Tok:
    kind: str  # TEXT PHRASE FIELD OP LP RP NEG
    value: str = ""
    field: str = ""


_TOKEN = re.compile(r'"([^"]*)"?|(\()|(\))|([^\s"()]+)')
_TOKEN_NO_GROUPING = re.compile(r'"([^"]*)"?|(\x00)|(\x00)|([^\s"]+)')  # brackets are text
_FIELD = re.compile(r"^([^\s:]{1,10}):(.*)$", re.S)
_QUOTED_FIELD = re.compile(r'([^\s:"()]{1,10}):"([^"]*)"?')


def _tokenize(q: str) -> list[_Tok]:
    has_operator = any(_OPERATORS.get(w) for w in re.findall(r'[^\s"()]+', q)) or re.search(r"(?:^|\s)-\S", q)
    toks: list[_Tok] = []
    pos = 0
    while pos < len(q):
        if q[pos].isspace():
            pos += 1
            continue
        # A field prefix directly followed by a quoted value: section:"…"
        m = _QUOTED_FIELD.match(q, pos)
        if m and m.group(1).lower() in FIELD_NAMES:
            toks.append(_Tok("FIELD", m.group(2), FIELD_NAMES[m.group(1).lower()]))
            pos = m.end()
            continue
        # Without operators brackets are text: policy writing is full of （一） and (2021-2025年).
        m = (_TOKEN if has_operator else _TOKEN_NO_GROUPING).match(q, pos)
        assert m is not None  # both patterns match any non-space character
        pos = m.end()
        if m.group(0).startswith('"'):
            toks.append(_Tok("PHRASE", m.group(1)))
        elif m.group(2) or m.group(3):
            toks.append(_Tok("LP" if m.group(2) else "RP"))
        else:
            word = m.group(4)
            if word in _OPERATORS:
                toks.append(_Tok("OP", _OPERATORS[word]))
            elif word.startswith("-") and len(word) > 1:
                toks.append(_Tok("NEG"))
                toks.extend(_word_tokens(word[1:]))
            else:
                toks.extend(_word_tokens(word))
    return toks


def _word_tokens(word: str) -> list[_Tok]:
    m = _FIELD.match(word)
    if m and m.group(1).lower() in FIELD_NAMES and m.group(2):
        return [_Tok("FIELD", m.group(2), FIELD_NAMES[m.group(1).lower()])]
    return [_Tok("TEXT", word)]


# --------------------------------------------------------------------------------------------- parsing


class _Parser:
    def __init__(self, toks: list[_Tok]):
        self.toks = toks
        self.i = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def parse(self) -> Node | None:
        items: list[Node] = []
        while self.peek() is not None:
            node = self.parse_or()
            if node is not None:
                items.append(node)
            nxt = self.peek()
            if nxt is not None and nxt.kind == "RP":  # stray ')'
                self.i += 1
        return _and(items)

    def parse_or(self) -> Node | None:
        items: list[Node] = []
        node = self.parse_and()
        if node is not None:
            items.append(node)
        while (t := self.peek()) is not None and t.kind == "OP" and t.value == "OR":
            self.i += 1
            node = self.parse_and()
            if node is not None:  # a trailing or doubled OR is dropped
                items.append(node)
        items = list(dict.fromkeys(items))
        if len(items) <= 1:
            return items[0] if items else None
        return Or(tuple(items))

    def parse_and(self) -> Node | None:
        items: list[Node] = []
        while (t := self.peek()) is not None and t.kind != "RP" and not (t.kind == "OP" and t.value == "OR"):
            if t.kind == "OP" and t.value == "AND":
                self.i += 1  # explicit AND is the default; stray ones vanish
                continue
            node = self.parse_unary()
            if node is not None:
                items.append(node)
        return _and(items)

    def parse_unary(self) -> Node | None:
        t = self.peek()
        assert t is not None
        if t.kind == "NEG" or (t.kind == "OP" and t.value == "NOT"):
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt.kind == "RP" or (nxt.kind == "OP" and nxt.value in ("AND", "OR")):
                return None  # NOT with nothing to negate
            inner = self.parse_unary()
            return Not(inner) if inner is not None else None
        self.i += 1
        if t.kind == "LP":
            inner = self.parse_or()
            if (r := self.peek()) is not None and r.kind == "RP":
                self.i += 1
            return inner  # a missing ')' closes at the end
        if t.kind == "RP":
            return None
        if t.kind == "FIELD":
            return _field(t.field, t.value)
        if t.kind in ("TEXT", "PHRASE"):
            text = fold(t.value).strip()
            return Text(text, phrase=t.kind == "PHRASE", raw=t.value.strip()) if text else None
        return None


def _and(items: list[Node]) -> Node | None:
    items = list(dict.fromkeys(items))  # a repeated term adds nothing but work
    if not items:
        return None
    return items[0] if len(items) == 1 else And(tuple(items))


def _field(name: str, value: str) -> Node | None:
    raw = f"{name}:{value}"
    value = value.strip()
    if name == "kind":
        kind = KIND_ALIASES.get(value.lower())
        return FieldFilter("kind", kind) if kind else Text(fold(raw))
    if name == "year":
        m = _YEAR_RANGE.match(value)
        if not m:
            return Text(fold(raw))
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        lo, hi = min(lo, hi), max(lo, hi)
        if hi - lo > MAX_YEAR_SPAN:
            return Text(fold(raw))
        return FieldFilter("year", f"{lo}-{hi}" if hi != lo else str(lo))
    if name == "doc":
        return FieldFilter("doc", value) if value else None
    if name == "section":
        folded = fold(value).strip()
        return FieldFilter("section", folded) if folded else None
    return Text(fold(raw))


def parse_query(raw: str) -> Node | None:
    """AST of a query string; ``None`` when there is nothing to search. Never raises."""
    q = normalise_query(raw)
    if not q.strip():
        return None
    try:
        node = _Parser(_tokenize(q)).parse()
    except RecursionError:  # thousands of nested brackets
        node = None
    if node is None:
        # Only operators, empty brackets, a lone quote…: search the characters the user typed.
        plain = fold(re.sub(r'["()]', " ", q)).strip()
        node = _and([Text(w) for w in plain.split()]) if plain else None
    return node


def query_notices(raw: str) -> list[str]:
    """One line for each field filter in the query that cannot work as written (``kind:foo``, ``year:abc``):
    such a token is searched as plain text, which would otherwise look like a silent zero."""
    out: list[str] = []
    try:
        toks = _tokenize(normalise_query(raw))
    except RecursionError:
        return out
    for t in toks:
        if t.kind == "FIELD" and isinstance(_field(t.field, t.value), Text):
            out.append(f"{t.field}:{t.value} {_INVALID[t.field]}: searched as text")
    return out


_INVALID = {
    "kind": "is not a document kind (plan, report; 规划, 报告)",
    "year": f"is not a year or a range of at most {MAX_YEAR_SPAN} years (2023, 2021-2025)",
    "doc": "is empty",
    "section": "is empty",
}


def filter_nodes(*, kind: str | None = None, doc: str | None = None, year: int | str | None = None) -> list[Node]:
    """Filters given as arguments (CLI options, UI fields), with the query language's rules; an invalid value
    becomes a filter that matches nothing (never a text search)."""
    out: list[Node] = []
    for name, value in (("kind", kind), ("doc", doc), ("year", year)):
        if value is None or str(value).strip() == "":
            continue
        node = _field(name, str(value))
        out.append(node if isinstance(node, FieldFilter) else FieldFilter("nothing", f"{name} {value}"))
    return out


# --------------------------------------------------------------------------------------------- compiling


def _substring_query(fieldname: str, text: str) -> wq.Query:
    """Matches exactly the documents whose (folded) field contains ``text``; whitespace splits it into runs
    that must all occur."""
    parts: list[wq.Query] = []
    for run in text.split():
        grams = bigrams_of(run)
        if len(grams) == 1:
            parts.append(wq.Prefix(fieldname, grams[0]) if len(run) == 1 else wq.Term(fieldname, grams[0]))
        else:
            parts.append(wq.Phrase(fieldname, grams))
    if not parts:
        return wq.NullQuery
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _words_query(text: str) -> wq.Query | None:
    words = query_words(text)
    if not words:
        return None
    terms = [wq.Term(F_WORDS, w) for w in dict.fromkeys(words)]
    return terms[0] if len(terms) == 1 else wq.And(terms)


def _text_query(node: Text, mode: Mode, glossary: Glossary) -> wq.Query:
    variants = (node.text,) if node.phrase else glossary.expand(node.text)
    if mode == "words":
        word_qs = [q for v in variants if (q := _words_query(v)) is not None]
        return _or(word_qs) if word_qs else _or([_substring_query(F_TEXT, v) for v in variants])
    matching = _or([_substring_query(F_TEXT, v) for v in variants])
    if mode == "bigram":
        return matching
    # Match on bigrams (exact substring recall), rank additionally by whole words: a passage where the
    # query is a word (生态 in 生态保护) outranks one where the characters merely touch (…发生态…).
    # Single characters (和, 与) of a longer term would reward nearly every passage: only longer words boost.
    words = [w for v in variants for w in query_words(v) if len(w) > 1 or len(v) == 1]
    boosts = [wq.Term(F_WORDS, w) for w in dict.fromkeys(words)]
    if not boosts:
        return matching
    return wq.AndMaybe(matching, _or(boosts))


def _or(qs: list[wq.Query]) -> wq.Query:
    return qs[0] if len(qs) == 1 else wq.Or(qs)


def _filter_query(node: FieldFilter) -> wq.Query:
    if node.name == "nothing":
        return wq.NullQuery
    if node.name == "kind":
        return wq.Term(F_KIND, node.value)
    if node.name == "doc":
        return wq.Term(F_DOC, node.value)
    if node.name == "section":
        return wq.ConstantScoreQuery(_substring_query(F_SECTION, node.value), 0.0)
    lo, _, hi = node.value.partition("-")
    years = range(int(lo), int(hi or lo) + 1)
    return _or([wq.Term(F_YEARS, str(y)) for y in years])


def compile_query(node: Node | None, *, mode: Mode = "both", glossary: Glossary | None = None) -> wq.Query:
    glossary = glossary or EMPTY_GLOSSARY
    if node is None:
        return wq.NullQuery
    if isinstance(node, Text):
        return _text_query(node, mode, glossary)
    if isinstance(node, FieldFilter):
        return _filter_query(node)
    if isinstance(node, Not):
        return wq.Not(compile_query(node.item, mode=mode, glossary=glossary))
    items = [compile_query(i, mode=mode, glossary=glossary) for i in node.items]
    if isinstance(node, Or):
        return wq.Or(items)
    positives = [q for q in items if not isinstance(q, wq.Not)]
    negatives = [q.query for q in items if isinstance(q, wq.Not)]
    if positives and negatives:  # AndNot is far cheaper than And with an inverted matcher
        base = positives[0] if len(positives) == 1 else wq.And(positives)
        return wq.AndNot(base, _or(negatives))
    return wq.And(items)


def highlight_terms(node: Node | None, glossary: Glossary | None = None) -> list[str]:
    """Folded strings whose occurrences in a hit are highlighted: the positive text terms, their glossary
    variants, split at whitespace (a phrase with spaces matches its runs)."""
    glossary = glossary or EMPTY_GLOSSARY
    out: list[str] = []

    def walk(n: Node | None, negated: bool) -> None:
        if n is None:
            return
        if isinstance(n, Not):
            walk(n.item, not negated)
        elif isinstance(n, And | Or):
            for i in n.items:
                walk(i, negated)
        elif isinstance(n, Text) and not negated:
            for v in (n.text,) if n.phrase else glossary.expand(n.text):
                out.extend(r for r in v.split() if r not in out)

    walk(node, False)
    return out
