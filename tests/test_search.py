"""Search: substring recall against a brute-force scan on real text (seeds and work reports), the query
language, folding, glossary, exact highlights, and the index's incremental, atomic, versioned updates."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import replace
from pathlib import Path

import opencc
import pytest
import yaml

from explorer.corpus.document import build_document
from explorer.model import DocumentRecord, Passage
from explorer.search.analysis import bigram_postings, fold, normalise_query
from explorer.search.glossary import load_glossary, parse_glossary
from explorer.search.highlight import highlight, merge_spans
from explorer.search.index import CURRENT, SCHEMA_VERSION, IndexedDoc, SearchIndex
from explorer.search.query import And, FieldFilter, Not, Or, Text, parse_query

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
REPORTS = ROOT.parent / "shared" / "corpora" / "work-reports"
GLOSSARY = ROOT / "corpus" / "glossary.yaml"


# ------------------------------------------------------------------------------------------- corpus


def _seed_records() -> list[DocumentRecord]:
    """The bundled corpus's records when present, else records made up for the seed files."""
    from explorer.corpus.records import load_records

    records, _ = load_records(ROOT / "corpus")
    records = [r for r in records if r.source.exists()]
    if records:
        return records
    return [
        DocumentRecord(
            id=f"seed-{i}",
            title=p.stem,
            kind="plan" if i % 2 else "report",
            issuer="",
            published=str(2023 + i % 3),
            covers=(2023 + i % 3,),
            source=p,
        )
        for i, p in enumerate(sorted(SEEDS.glob("*.txt")))
    ]


def _report_records(limit: int = 4) -> list[DocumentRecord]:
    out = []
    for i, txt in enumerate(sorted(REPORTS.glob("*.txt"))[:limit]):
        meta = yaml.safe_load(txt.with_suffix(".yaml").read_text(encoding="utf-8")) or {}
        date = str(meta.get("date") or "2020")
        out.append(
            DocumentRecord(
                id=txt.stem,
                title=str(meta.get("title", txt.stem)),
                kind="report",
                issuer=str(meta.get("issuer", "")),
                published=date,
                covers=(int(date[:4]) - 1,),
                source=txt,
            )
        )
    return out


def _indexed(record: DocumentRecord) -> IndexedDoc:
    doc = build_document(record, record.source.read_text(encoding="utf-8"))
    return IndexedDoc(doc.record, doc.passages, doc.content_hash)


@pytest.fixture(scope="session")
def docs() -> list[IndexedDoc]:
    out = [_indexed(r) for r in _seed_records() + _report_records()]
    assert len(out) >= 5 and sum(len(d.passages) for d in out) > (300 if REPORTS.exists() else 200)
    return out


@pytest.fixture(scope="session")
def glossary():
    g, problems = load_glossary(GLOSSARY)
    assert not problems and len(g) >= 10
    return g


@pytest.fixture(scope="session")
def index(docs, tmp_path_factory) -> SearchIndex:
    ix = SearchIndex(tmp_path_factory.mktemp("index"))
    report = ix.update(docs)
    assert report.rebuilt and report.passages_indexed == sum(len(d.passages) for d in docs)
    return ix


def _passages(docs) -> list[Passage]:
    return [p for d in docs for p in d.passages]


def _grep(docs, predicate) -> set[tuple[str, int]]:
    return {(p.doc, p.index) for p in _passages(docs) if predicate(fold(p.text))}


def _found(result) -> set[tuple[str, int]]:
    return {(h.doc, h.passage) for h in result.hits}


def _substrings(docs, n: int, seed: int, lengths=(1, 2, 3, 4, 5, 6, 8, 12)) -> list[str]:
    rng = random.Random(seed)
    texts = [p.text for p in _passages(docs) if len(p.text) > 15]
    out: list[str] = []
    while len(out) < n:
        t = rng.choice(texts)
        k = rng.choice(lengths)
        i = rng.randrange(0, len(t) - k)
        s = t[i : i + k]
        if _quotable(s):
            out.append(s)
    return out


def _quotable(s: str) -> bool:
    """Can be searched as a quoted phrase: no whitespace, no quote characters (Chinese ones included)."""
    return bool(s) and not any(c.isspace() or c in '"“”「」『』' for c in s)


# ------------------------------------------------------------------------------------------- recall


def test_substring_recall_equals_grep_on_seeds_and_reports(index, docs):
    for s in _substrings(docs, 150, seed=1):
        result = index.search(f'"{s}"', limit=None, include_excluded=True)
        expected = _grep(docs, lambda t, f=fold(s): f in t)
        assert _found(result) == expected, s
        assert result.total == len(expected)


def test_unquoted_words_find_every_passage_containing_them(index, docs):
    for s in _substrings(docs, 40, seed=2, lengths=(2, 3, 4)):
        if any(not ch.isalnum() for ch in s):
            continue  # punctuation-only words could be operators; quoted form is tested above
        result = index.search(s, limit=None, include_excluded=True)
        assert _grep(docs, lambda t, f=fold(s): f in t) <= _found(result), s


def test_total_and_limit(index, docs):
    result = index.search("发展", limit=5)
    assert len(result.hits) == 5
    expected = {
        (p.doc, p.index)
        for p in _passages(docs)
        if "发展" in fold(p.text) and not p.excluded and p.duplicate_of is None
    }
    assert result.total == len(expected)
    scores = [h.score for h in result.hits]
    assert all(s > 0 for s in scores)


# ------------------------------------------------------------------------------------------- ranking


def _synthetic_doc(doc_id: str, texts: list[str], kind="plan", year=2024, sections=None) -> IndexedDoc:
    record = DocumentRecord(
        id=doc_id,
        title=doc_id,
        kind=kind,
        issuer="",
        published=str(year),
        covers=(year,),
        source=Path(f"/nonexistent/{doc_id}.txt"),
    )
    passages, pos = [], 0
    for i, t in enumerate(texts):
        section = (sections[i],) if sections else ()
        passages.append(
            Passage(
                doc=doc_id,
                index=i,
                text=t,
                start=pos,
                end=pos + len(t),
                source_start=pos,
                source_end=pos + len(t),
                section=section,
                section_ids=(),
            )
        )
        pos += len(t) + 2
    return IndexedDoc(record, tuple(passages), content_hash=str(hash(tuple(texts))))


def test_more_occurrences_rank_higher(tmp_path):
    filler = "各地区各部门认真贯彻落实各项决策部署，推动各项工作取得新进展。"
    ix = SearchIndex(tmp_path)
    ix.update([_synthetic_doc("a", [filler + "湿地保护" + filler, "湿地保护和湿地修复，湿地面积稳定。" + filler])])
    hits = ix.search("湿地").hits
    assert [h.passage for h in hits] == [1, 0]


def test_whole_word_matches_outrank_accidental_character_runs(tmp_path):
    ix = SearchIndex(tmp_path)
    ix.update([_synthetic_doc("a", ["近期市场发生态势变化，有关部门密切跟踪。", "加强生态保护，有关部门密切跟踪。"])])
    hits = ix.search("生态").hits
    assert [h.passage for h in hits] == [1, 0]
    assert SearchIndex(tmp_path, rerank=False).search("生态").total == 2


# ------------------------------------------------------------------------------------------- syntax


def test_boolean_operators_match_brute_force(index, docs):
    a, b = "生态", "保护"
    cases = {
        f"{a} {b}": lambda t: a in t and b in t,
        f"{a} AND {b}": lambda t: a in t and b in t,
        f"{a} 与 {b}": lambda t: a in t and b in t,
        f"{a} OR {b}": lambda t: a in t or b in t,
        f"{a} 或 {b}": lambda t: a in t or b in t,
        f"{a} NOT {b}": lambda t: a in t and b not in t,
        f"{a} -{b}": lambda t: a in t and b not in t,
        f"({a} OR 环境) -{b}": lambda t: (a in t or "环境" in t) and b not in t,
        '"生态环境"': lambda t: "生态环境" in t,
        "NOT 发展": lambda t: "发展" not in t,
    }
    for query, predicate in cases.items():
        result = index.search(query, limit=None, include_excluded=True)
        assert _found(result) == _grep(docs, predicate), query


def test_field_filters(index, docs):
    by_doc = {d.record.id: d.record for d in docs}
    plan_ids = {i for i, r in by_doc.items() if r.kind == "plan"}
    result = index.search("发展 kind:plan", limit=None, include_excluded=True)
    assert result.hits and {h.doc for h in result.hits} <= plan_ids
    assert _found(index.search("发展", kind="plan", limit=None, include_excluded=True)) == _found(result)
    assert _found(index.search("发展 kind:规划", limit=None, include_excluded=True)) == _found(result)

    some = docs[-1].record
    result = index.search(f"发展 doc:{some.id}", limit=None, include_excluded=True)
    assert result.hits and {h.doc for h in result.hits} == {some.id}

    year = some.year
    expected_docs = {i for i, r in by_doc.items() if year in (r.year, *r.covers)}
    result = index.search(f"发展 year:{year}", limit=None, include_excluded=True)
    assert result.hits and {h.doc for h in result.hits} <= expected_docs
    ranged = index.search(f"发展 year:{year - 1}-{year}", limit=None, include_excluded=True)
    assert _found(result) <= _found(ranged)

    with_section = [p for p in _passages(docs) if p.section]
    if with_section:
        word = with_section[0].section[-1][2:4]
        result = index.search(f"section:{word}", limit=None, include_excluded=True)
        assert {(p.doc, p.index) for p in _passages(docs) if word in fold(" ".join(p.section))} == _found(result)

    assert index.search("发展", kind="nonsense").total == 0
    # An invalid filter value in the query text is searched as text, not an error.
    assert index.search("year:abc").state == "fresh"


NASTY = [
    '"',
    '""',
    '"""',
    "(",
    ")",
    "((((",
    "))",
    "()",
    "AND",
    "OR",
    "NOT",
    "AND OR NOT",
    "生态 AND",
    "OR 生态",
    "生态 OR",
    "NOT",
    "-",
    "--",
    "- -",
    "生态 -",
    "：",
    "。，、",
    "！？",
    "\\",
    "*",
    "?",
    "生态*",
    "kind:",
    "year:",
    "doc:",
    "section:",
    'section:"',
    "kind:plan",
    "year:99999-1",
    "year:1000-3000",
    "生态 (",
    "(生态",
    '"生态',
    '生态"',
    "“生态",
    "「生态」",
    "\x00",
    "\u200b",
    "生态\n保护",
    "\t",
    " ",
    "",
    "a" * 500,
    "生" * 300,
    "(" * 2000,
    "生态 " * 100,
    "𠀀𠀁",
    "🙂",
    "<script>",
    "%s %d",
    "{0}",
    "与 或 非",
    "ＡＮＤ",
    "NOT NOT 生态",
    "生态 NOT NOT 保护",
    "kind:report OR kind:plan",
    "year:2023 -year:2023",
]


def test_malformed_queries_never_raise(index):
    for q in NASTY:
        result = index.search(q, limit=5)
        assert result.total >= len(result.hits), q
    assert index.search('"生态文明').total == index.search("生态文明").total
    assert index.search("生态文明 AND").total == index.search("生态文明").total
    assert index.search("OR 生态文明 OR").total == index.search("生态文明").total


def test_parse_query_structure():
    assert parse_query("a b") == And((Text("a"), Text("b")))
    assert parse_query("a OR b NOT c") == Or((Text("a"), And((Text("b"), Not(Text("c"))))))
    assert parse_query('"绿色 发展" kind：plan') == And((Text("绿色 发展", phrase=True), FieldFilter("kind", "plan")))
    assert parse_query("year:2021—2025") == FieldFilter("year", "2021-2025")
    assert parse_query("（一）加强") == Text("(一)加强")  # brackets without operators are text
    assert parse_query("http://x.cn") == Text("http://x.cn")
    assert parse_query("AND") == Text("and")  # only an operator: search the characters
    assert parse_query("") is None and parse_query('"') is None
    assert normalise_query("“两山”　ＡＮＤ") == '"两山" AND'


# ------------------------------------------------------------------------------------------- folding


def test_traditional_query_finds_simplified_text(index, docs):
    to_trad = opencc.OpenCC("s2t")
    checked = 0
    for s in _substrings(docs, 60, seed=3, lengths=(3, 4, 5)):
        trad = to_trad.convert(s)
        if trad == s or len(trad) != len(s):
            continue
        simp = index.search(f'"{s}"', limit=None, include_excluded=True)
        tr = index.search(f'"{trad}"', limit=None, include_excluded=True)
        assert _found(tr) == _found(simp), (s, trad)
        assert [h.highlights for h in tr.hits] == [h.highlights for h in simp.hits]
        checked += 1
    assert checked >= 10


def test_folding_keeps_length_and_widths():
    for text in ["綠水青山就是金山銀山", "ＧＥＰ６３．１％", "乾隆　乾燥", "Ⅳ类水质 PM2.5"]:
        assert len(fold(text)) == len(text)
    assert fold("ＧＥＰ６３．１％") == "gep63.1%"
    assert fold("綠色發展") == "绿色发展"


def test_bigram_postings_cover_every_character():
    postings = bigram_postings(fold("生态保护 红线。"))
    assert postings["生态"] == [0] and postings["护"] == [3] and postings["线。"] == [6] and postings["。"] == [7]


# ------------------------------------------------------------------------------------------- glossary


def test_glossary_expands_both_ways(index, docs, glossary):
    long_form = "绿水青山就是金山银山"
    with_long = _grep(docs, lambda t: long_form in t)
    assert with_long, "the corpus should mention the long form"
    short = index.search("两山", limit=None, include_excluded=True, glossary=glossary)
    assert with_long <= _found(short)
    for h in short.hits:
        assert any(fold(h.text)[s:e] in ("两山", "两山理念", long_form) for s, e in h.highlights)
    plain = index.search("两山", limit=None, include_excluded=True)
    assert _found(plain) == _grep(docs, lambda t: "两山" in t)
    quoted = index.search('"两山"', limit=None, include_excluded=True, glossary=glossary)
    assert _found(quoted) == _found(plain)  # quoted phrases are literal
    assert "碳达峰碳中和" in glossary.expand("双碳") and "双碳" in glossary.expand("碳达峰碳中和")
    assert any(v.startswith("碳达峰") for v in glossary.expand("双碳目标"))
    assert "生态系统生产总值" in glossary.expand("ＧＥＰ")


def test_glossary_problems_are_one_line_each(tmp_path):
    path = tmp_path / "glossary.yaml"
    path.write_text(
        "- [两山, 绿水青山就是金山银山]\n- [只有一个]\n- 不是列表\n- {terms: [甲, 乙], typo: 1}\n"
        "- {terms: [丙, 丁], note: 好}\n- [null, 戊]\n",
        encoding="utf-8",
    )
    g, problems = load_glossary(path)
    assert len(g) == 2 and len(problems) == 4
    assert all(str(path) in str(p) and "\n" not in str(p) for p in problems)
    path.write_text("- [a, b\n", encoding="utf-8")
    g, problems = load_glossary(path)
    assert len(g) == 0 and len(problems) == 1 and "YAML" in problems[0].message
    g, problems = load_glossary(tmp_path / "missing.yaml")
    assert len(g) == 0 and len(problems) == 1
    assert parse_glossary({"not": "a list"})[1]


# ------------------------------------------------------------------------------------------- highlights


def test_highlights_are_exact_merged_spans(index, docs, glossary):
    queries = [
        "绿水青山",
        "生态 保护",
        "生态文明建设",
        "发展 OR 改革",
        "两山",
        "生态 -保护",
        '"高质量发展"',
        *_substrings(docs, 20, seed=4, lengths=(2, 3, 4)),
    ]
    for q in queries:
        result = index.search(
            q if '"' in q or " " in q else f'"{q}"' if q not in ("两山",) else q, limit=10, glossary=glossary
        )
        for h in result.hits:
            folded = fold(h.text)
            spans = h.highlights
            assert list(spans) == sorted(spans)
            assert all(s < e for s, e in spans)
            assert all(e1 < s2 for (_, e1), (s2, _) in zip(spans, spans[1:])), "overlapping or touching spans"
            covered = set()
            for term in result.terms:  # every occurrence of every term is covered …
                i = folded.find(term)
                while i != -1:
                    covered.update(range(i, i + len(term)))
                    i = folded.find(term, i + 1)
            marked = {c for s, e in spans for c in range(s, e)}
            assert marked == covered, (q, h.text)  # … and nothing else is
            assert spans, q


def test_highlight_overlapping_words_once():
    text = "坚持绿水青山就是金山银山理念，绿水青山。"
    assert highlight(text, ["绿水青山", "青山"]) == ((2, 6), (15, 19))
    assert highlight(text, ["绿水", "青山"]) == ((2, 6), (15, 19))  # touching → merged, never doubled
    assert merge_spans([(5, 7), (0, 2), (1, 3)]) == ((0, 3), (5, 7))


# ------------------------------------------------------------------------------------------- excluded


def test_matches_only_in_excluded_passages_are_counted(index, docs):
    excluded = [p for p in _passages(docs) if p.excluded and len(p.text) > 12]
    assert excluded, "the seeds have passages marked as unrelated"
    rng = random.Random(5)
    checked = 0
    for p in excluded:
        for _ in range(20):
            i = rng.randrange(0, len(p.text) - 6)
            s = p.text[i : i + 6]
            if not _quotable(s):
                continue
            shown = _grep([d for d in docs], lambda t, f=fold(s): f in t) - {
                (q.doc, q.index) for q in _passages(docs) if q.excluded or q.duplicate_of is not None
            }
            if shown:
                continue
            result = index.search(f'"{s}"')
            assert result.total == 0 and not result.hits and result.excluded_matches >= 1
            full = index.search(f'"{s}"', include_excluded=True)
            assert full.hits and any(h.excluded for h in full.hits)
            checked += 1
            break
    assert checked


# ------------------------------------------------------------------------------------------- updates


def _generations(path: Path) -> list[str]:
    return sorted(p.name for p in path.iterdir() if p.is_dir())


def test_incremental_update_reindexes_only_changed_documents(docs, tmp_path):
    ix = SearchIndex(tmp_path)
    small = docs[:3]
    ix.update(small)
    assert ix.status(small).state == "fresh"
    assert ix.update(small).touched is False  # nothing changed: no new generation

    target = small[1]
    marker = "增量更新测试标记"
    changed_passages = (replace(target.passages[0], text=target.passages[0].text + marker),) + target.passages[1:]
    changed = replace(target, passages=changed_passages, content_hash=target.content_hash + "x")
    new_docs = [small[0], changed, small[2]]
    assert ix.status(new_docs).state == "stale" and ix.status(new_docs).changed_docs == (target.record.id,)
    old_files = {p: p.stat().st_ino for p in (tmp_path / ix.current_generation()).iterdir()}

    report = ix.update(new_docs)
    assert report.changed == (target.record.id,) and not report.added and not report.removed
    assert report.passages_indexed == len(target.passages) and not report.rebuilt
    assert [(h.doc, h.passage) for h in ix.search(marker).hits] == [(target.record.id, 0)]
    # The changed document is not indexed twice, the others are untouched.
    probe = fold(target.passages[-1].text[:6])
    assert ix.search(f'"{probe}"', limit=None, include_excluded=True).total == sum(
        probe in fold(p.text) for d in new_docs for p in d.passages
    )
    # The previous generation's files were not modified in place (readers may still use them).
    for p, inode in old_files.items():
        if p.exists():
            assert p.stat().st_ino == inode

    report = ix.update([small[0], changed])
    assert report.removed == (small[2].record.id,)
    assert not ix.search(f"doc:{small[2].record.id}").hits
    assert ix.is_fresh({d.record.id: d.content_hash for d in [small[0], changed]})
    assert len(_generations(tmp_path)) <= 2  # old generations are cleaned up


def test_ctrl_c_during_build_keeps_previous_index(docs, tmp_path):
    ix = SearchIndex(tmp_path)
    ix.update(docs[:2])
    before = _found(ix.search("发展", limit=None))
    live = ix.current_generation()

    def interrupt(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ix.update(docs, rebuild=True, progress=interrupt)
    assert ix.current_generation() == live
    assert _found(ix.search("发展", limit=None)) == before
    assert _generations(tmp_path) == [live]  # the partial generation is gone
    assert ix.update(docs).touched  # and the lock did not survive


_KILL_SCRIPT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    sys.path.insert(0, sys.argv[3])
    from tests.test_search import _report_records, _seed_records, _indexed
    from explorer.search.index import SearchIndex
    docs = [_indexed(r) for r in _seed_records() + _report_records(8)]
    def progress(done, total):
        if done > total // 3:
            Path(sys.argv[2]).write_text("mid-build")
            time.sleep(600)
    SearchIndex(Path(sys.argv[1])).update(docs, rebuild=True, progress=progress)
""")


@pytest.mark.slow
def test_kill_9_mid_build_leaves_previous_index_usable(docs, tmp_path):
    index_dir, flag = tmp_path / "index", tmp_path / "flag"
    ix = SearchIndex(index_dir)
    ix.update(docs[:2])
    live = ix.current_generation()
    before = _found(ix.search("生态", limit=None))
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILL_SCRIPT, str(index_dir), str(flag), str(ROOT)], cwd=ROOT, stderr=subprocess.PIPE
    )
    try:
        deadline = time.time() + 120
        while not flag.exists():
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.time() < deadline
            time.sleep(0.05)
        assert len(_generations(index_dir)) == 2  # a new generation is half written
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    fresh = SearchIndex(index_dir)
    assert fresh.current_generation() == live
    assert _found(fresh.search("生态", limit=None)) == before
    result: dict = {}
    worker = threading.Thread(target=lambda: result.update(report=fresh.update(docs)))
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "a stale lock blocked the next update"
    assert (
        result["report"].touched
        and _generations(index_dir) == [fresh.current_generation()]
        or len(_generations(index_dir)) == 2
    )
    assert _found(fresh.search("生态", limit=None, include_excluded=True)) == _grep(docs, lambda t: "生态" in t)


def test_version_change_rebuilds(docs, tmp_path):
    SearchIndex(tmp_path, normaliser_version="1").update(docs[:2])
    ix = SearchIndex(tmp_path, normaliser_version="2")
    status = ix.status()
    assert status.state == "stale" and "normaliser" in status.reason
    assert not ix.is_fresh({d.record.id: d.content_hash for d in docs[:2]})
    report = ix.update(docs[:2])
    assert report.rebuilt and "normaliser" in report.reason
    assert ix.status().state == "fresh"

    manifest = tmp_path / ix.current_generation() / "manifest.json"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(SCHEMA_VERSION, "0.old"), encoding="utf-8")
    ix = SearchIndex(tmp_path, normaliser_version="2")
    assert ix.status().state == "stale" and "schema" in ix.status().reason
    assert ix.search("发展").state == "stale"  # an old schema is not searched, and nothing raises
    assert ix.update(docs[:2]).rebuilt
    assert ix.search("发展").hits


def test_missing_and_damaged_index(docs, tmp_path):
    ix = SearchIndex(tmp_path / "nothing")
    assert ix.status().state == "missing" and ix.search("发展").state == "missing"
    ix = SearchIndex(tmp_path / "damaged")
    ix.update(docs[:1])
    gen = tmp_path / "damaged" / ix.current_generation()
    for f in gen.iterdir():
        if f.suffix in (".seg", ".toc"):
            f.write_bytes(b"garbage")
    fresh = SearchIndex(tmp_path / "damaged")
    assert fresh.search("发展").hits == () and fresh.search("发展").state == "stale"
    assert not fresh.is_fresh({docs[0].record.id: docs[0].content_hash})
    report = fresh.update(docs[:1])  # same content: still rebuilt, because the files are unreadable
    assert report.rebuilt and "unreadable" in report.reason
    assert fresh.search("发展").hits


def test_search_keeps_working_during_rebuild(docs, tmp_path):
    writer_ix = SearchIndex(tmp_path)
    writer_ix.update(docs[:2])
    reader_ix = SearchIndex(tmp_path)
    before = _found(reader_ix.search("生态", limit=None))
    in_build, release = threading.Event(), threading.Event()

    def progress(done, total):
        in_build.set()
        release.wait(30)

    worker = threading.Thread(target=lambda: writer_ix.update(docs, rebuild=True, progress=progress))
    worker.start()
    try:
        assert in_build.wait(60)
        for _ in range(3):
            assert _found(reader_ix.search("生态", limit=None)) == before  # the old generation answers
            assert _found(writer_ix.search("生态", limit=None)) == before
    finally:
        release.set()
        worker.join(120)
    after = _found(reader_ix.search("生态", limit=None, include_excluded=True))
    assert after == _grep(docs, lambda t: "生态" in t)  # reopened on the new generation


def test_status_and_current_pointer(docs, tmp_path):
    ix = SearchIndex(tmp_path)
    assert ix.status().state == "missing"
    ix.update(docs[:2])
    st = ix.status(docs[:2])
    assert st.state == "fresh" and st.docs == 2 and st.passages == sum(len(d.passages) for d in docs[:2])
    assert (tmp_path / CURRENT).read_text().strip() == st.generation
    assert ix.status(docs[:3]).state == "stale"
