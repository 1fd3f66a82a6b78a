"""Peer engines for ``policy-explorer bench --peers``: tantivy and SQLite FTS5 (trigram) on the same passages
and the same queries, so every run shows the distance to the fastest engine.

Both are optional (``pip install -e '.[bench]'``; SQLite's FTS5 trigram tokenizer needs SQLite ≥ 3.34):
a missing one is reported in one line and skipped. Queries go through our own parser, so operators,
filters, glossary expansion and script folding mean the same in every engine:

* tantivy: the folded text pre-split into overlapping bigrams, one whitespace-separated token each, so a
  string of n ≥ 2 characters is a phrase query of its bigrams (exact substring matching, like ours); a
  one-character string is a regex on the bigrams starting with it. Top 10 by tantivy's BM25, plus the count.
* SQLite FTS5 with ``tokenize='trigram'``: every string is ``text LIKE '%…%'``, which the trigram index
  answers for three characters or more (shorter ones scan). FTS5 ranks only MATCH queries, so the top 10
  are unranked; the count is a second statement.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from explorer.search.analysis import fold
from explorer.search.query import And, FieldFilter, Node, Not, Or, Text, parse_query

Timer = Callable[[str], object]


def _percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return round(statistics.median(ordered) * 1000, 2), round(p95 * 1000, 2)


def _dir_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


def _rows(docs: Sequence[Any]) -> list[tuple[str, str, str, list[str]]]:
    """(folded text, kind, doc id, years) of every passage."""
    out = []
    for d in docs:
        years = sorted({str(y) for y in (d.record.year, *d.record.covers) if isinstance(y, int)})
        for p in d.passages:
            out.append((fold(p.text), d.record.kind, d.record.id, years))
    return out


def _variants(node: Text, glossary: Any) -> tuple[str, ...]:
    return (node.text,) if node.phrase or glossary is None else glossary.expand(node.text)


# ----------------------------------------------------------------------------------------------- tantivy


def _bigram_tokens(folded: str) -> str:
    return " ".join(" ".join(run[i : i + 2] for i in range(len(run) - 1)) or run for run in folded.split())


def _tantivy(rows: list, queries: Sequence[str], glossary: Any, where: Path, rounds: int) -> dict[str, Any]:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("text", tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("kind", tokenizer_name="raw")
    builder.add_text_field("doc", tokenizer_name="raw")
    builder.add_text_field("years", tokenizer_name="raw")
    schema = builder.build()
    where.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    index = tantivy.Index(schema, path=str(where))
    writer = index.writer(heap_size=200_000_000, num_threads=2)
    for text, kind, doc, years in rows:
        writer.add_document(tantivy.Document(text=_bigram_tokens(text), kind=kind, doc=doc, years=years))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    build_s = time.perf_counter() - t
    searcher = index.searcher()
    Q, Occur = tantivy.Query, tantivy.Occur

    def string_query(s: str) -> Any:
        parts = []
        for run in s.split():
            if len(run) == 1:
                parts.append(Q.regex_query(schema, "text", _regex_escape(run) + ".?"))
            elif len(run) == 2:
                parts.append(Q.term_query(schema, "text", run))
            else:
                parts.append(Q.phrase_query(schema, "text", [run[i : i + 2] for i in range(len(run) - 1)]))
        return parts[0] if len(parts) == 1 else Q.boolean_query([(Occur.Must, p) for p in parts])

    def compile_(node: Node) -> Any:
        if isinstance(node, Text):
            vs = [string_query(v) for v in _variants(node, glossary)]
            return vs[0] if len(vs) == 1 else Q.boolean_query([(Occur.Should, v) for v in vs])
        if isinstance(node, FieldFilter):
            if node.name == "year":
                lo, _, hi = node.value.partition("-")
                years = [Q.term_query(schema, "years", str(y)) for y in range(int(lo), int(hi or lo) + 1)]
                return Q.boolean_query([(Occur.Should, y) for y in years])
            if node.name in ("kind", "doc"):
                return Q.term_query(schema, node.name, node.value)
            return Q.empty_query()
        if isinstance(node, Not):
            return Q.boolean_query([(Occur.Must, Q.all_query()), (Occur.MustNot, compile_(node.item))])
        occur = Occur.Should if isinstance(node, Or) else Occur.Must
        clauses = []
        for item in node.items:
            if isinstance(node, And) and isinstance(item, Not):
                clauses.append((Occur.MustNot, compile_(item.item)))
            else:
                clauses.append((occur, compile_(item)))
        if all(o == Occur.MustNot for o, _ in clauses):
            clauses.append((Occur.Must, Q.all_query()))
        return Q.boolean_query(clauses)

    def run(q: str) -> object:
        node = parse_query(q)
        if node is None:
            return None
        return searcher.search(compile_(node), 10, count=True).count  # type: ignore[attr-defined,unused-ignore]  # typed only where tantivy is installed

    return {"build_s": round(build_s, 2), "index_mb": _dir_mb(where), **_time(run, queries, rounds)}


def _regex_escape(s: str) -> str:
    return "".join("\\" + c if c in ".^$*+?()[]{}|\\" else c for c in s)


# ------------------------------------------------------------------------------------------------ sqlite


def _sqlite(rows: list, queries: Sequence[str], glossary: Any, where: Path, rounds: int) -> dict[str, Any]:
    where.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(str(where))
    t = time.perf_counter()
    con.execute(
        "CREATE VIRTUAL TABLE fts USING fts5(text, kind UNINDEXED, doc UNINDEXED, years UNINDEXED, tokenize='trigram')"
    )
    con.executemany(
        "INSERT INTO fts(text, kind, doc, years) VALUES (?, ?, ?, ?)",
        ((text, kind, doc, " " + " ".join(years) + " ") for text, kind, doc, years in rows),
    )
    con.commit()
    build_s = time.perf_counter() - t

    def like(s: str) -> tuple[str, list[str]]:
        escaped = [run.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for run in s.split()]
        return " AND ".join("text LIKE ? ESCAPE '\\'" for _ in escaped), [f"%{e}%" for e in escaped]

    def compile_(node: Node) -> tuple[str, list[str]]:
        if isinstance(node, Text):
            parts = [like(v) for v in _variants(node, glossary)]
            return "(" + " OR ".join(f"({sql})" for sql, _ in parts) + ")", [a for _, args in parts for a in args]
        if isinstance(node, FieldFilter):
            if node.name == "year":
                lo, _, hi = node.value.partition("-")
                years = [str(y) for y in range(int(lo), int(hi or lo) + 1)]
                return "(" + " OR ".join("instr(years, ?) > 0" for _ in years) + ")", [f" {y} " for y in years]
            if node.name in ("kind", "doc"):
                return f"{node.name} = ?", [node.value]
            return "0", []
        if isinstance(node, Not):
            sql, args = compile_(node.item)
            return f"NOT ({sql})", args
        joiner = " OR " if isinstance(node, Or) else " AND "
        parts = [compile_(i) for i in node.items]
        return "(" + joiner.join(sql for sql, _ in parts) + ")", [a for _, args in parts for a in args]

    def run(q: str) -> object:
        node = parse_query(q)
        if node is None:
            return None
        sql, args = compile_(node)
        con.execute(f"SELECT rowid FROM fts WHERE {sql} LIMIT 10", args).fetchall()
        return con.execute(f"SELECT count(*) FROM fts WHERE {sql}", args).fetchone()[0]

    result = {"build_s": round(build_s, 2), **_time(run, queries, rounds)}
    con.close()
    result["index_mb"] = round(where.stat().st_size / 2**20, 1)
    return result


# ---------------------------------------------------------------------------------------------- running


def _time(run: Timer, queries: Sequence[str], rounds: int) -> dict[str, Any]:
    counts = {q: run(q) for q in queries}  # warm-up, as for our engine
    times = []
    for _ in range(rounds):
        for q in queries:
            t = time.perf_counter()
            run(q)
            times.append(time.perf_counter() - t)
    p50, p95 = _percentiles(times)
    return {"query_p50_ms": p50, "query_p95_ms": p95, "counts": counts}


def run_peers(
    docs: Sequence[Any], queries: Sequence[str], glossary: Any, work: Path, *, rounds: int = 5
) -> dict[str, Any]:
    """{"peer_tantivy": {...}, "peer_sqlite_fts5": {...}}: build seconds, index MB, query p50/p95 and
    the hit count of each query; a peer that cannot run gives {"skipped": reason} and one line on stderr."""
    import sys

    rows = _rows(docs)
    out: dict[str, Any] = {}
    for name, fn, where in (
        ("peer_tantivy", _tantivy, work / "tantivy"),
        ("peer_sqlite_fts5", _sqlite, work / "fts5.sqlite"),
    ):
        try:
            out[name] = fn(rows, queries, glossary, where, rounds)
        except ImportError as exc:
            reason = f"not installed ({exc.name}): pip install -e '.[bench]'"
            sys.stderr.write(f"bench: {name[5:]} skipped: {reason}\n")
            out[name] = {"skipped": reason}
        except (sqlite3.Error, ValueError, OSError) as exc:
            sys.stderr.write(f"bench: {name[5:]} skipped: {exc}\n")
            out[name] = {"skipped": str(exc)}
    return out
