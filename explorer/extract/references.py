"""Cross-references between passages, measures and documents: ``cites``, ``programme``, ``reports-on``, ``tracks``.

- **cites**: every 《…》 title (``titles.py``) from its passage; the target carries the normalised title and,
  when the title names a corpus document, its id. Evidence: how it was written, the document genre, the stage
  the citing clause gives it (drafting / issued / applied, with the cue word), and when (the citing
  document's date) — so a regulation can be followed through time.
- **programme**: every mention of a programme or campaign shared by several documents (``programmes.py``);
  the target's ``title`` is the programme's name. Passages that share a programme share that target.
- **reports-on**: from a report passage to the plan measure it reports on, scored (see ``score_reports_on``).
  Plan measures are the leaves of plan documents and of the plan part of any other document (a work report's
  2024年政府工作任务); the plan part of a report is answered only by later reports of the same government, from
  the part of them that reviews the plan's years (``plan_measures``, ``heading_orientation``, ``may_report_on``).
- **tracks**: from a reported figure's passage to the plan target it is tracked against (``ws.targets()``).

Reports-on scoring, for a leaf measure M of a plan and a report passage P (``score_reports_on``):
  ``score = 0.7 × best clause pair + 0.3 × cosine(M, P) + 0.15 × shared programmes + 0.10 × shared indicators
  + 0.15 × shared cited titles`` (each bonus capped at 0.3, the score at 1). Texts are cut into clauses
  (sentences, long ones cut at commas to ≤ 60 characters) because a measure bundles several tasks and a report
  sentence lists several results; a clause pair scores its cosine × min(1, idf mass of the shared words / 8), so
  agreeing on one common word counts less than agreeing on 鄱阳湖 + 总磷. Vectors are tf-idf over rjieba
  search-mode words (two or more characters, generic policy verbs dropped), idf over every passage of the
  corpus; the measure's heading counts twice. Candidates: the report passages holding one of M's thirty heaviest
  words (a third of its words for a long measure), looked up in the search index when it is fresh and the
  passages are many, else scanned; plus passages sharing a programme, indicator or cited title. A pair is kept
  when its score reaches ``MIN_SCORE`` and at least ``RELATIVE`` of the passage's best score over the measures
  of the same plan document (a passage reports on the measures it is most about, not on every measure it
  touches); at most ``PER_MEASURE`` passages per measure. Hand check and error analysis: docs/references.md.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from explorer.extract.programmes import Programme, detect_programmes, load_programme_settings
from explorer.extract.titles import (
    TitleMention,
    TitleResolver,
    citation_stage,
    expand_short_forms,
    find_titles,
    title_genre,
    title_key,
)
from explorer.model import Figure, Measure, Passage, RefEnd, Reference

if TYPE_CHECKING:
    from explorer.workspace import Workspace

MIN_SCORE = 0.15
RELATIVE = 0.6
MAX_CLAUSE = 60  # characters: longer sentences are matched piece by piece
SHARED_MASS = 8.0  # idf of the words two clauses share for their cosine to count in full (≈ two rare words)
CLAUSE_WEIGHT = 0.7
PER_MEASURE = 12
QUERY_TERMS = 30
INDEX_FROM = 2000  # passages that may report on a measure: below this, scan them instead of querying the index
QUERY_SHARE = 3  # a long measure (a work report's ten-topic item) queries a third of its distinct words
SHOWN_TERMS = 5
PROGRAMME_BONUS, INDICATOR_BONUS, TITLE_BONUS, BONUS_CAP = 0.15, 0.10, 0.15, 0.3

# Words every policy paragraph uses: they say *that* something is done, not *what*.
GENERIC_WORDS = frozenset(
    [
        "推进",
        "推动",
        "加强",
        "加快",
        "实施",
        "开展",
        "深入",
        "全面",
        "持续",
        "完善",
        "健全",
        "建立",
        "建设",
        "提升",
        "提高",
        "强化",
        "促进",
        "推广",
        "实现",
        "形成",
        "打造",
        "构建",
        "优化",
        "深化",
        "坚持",
        "落实",
        "着力",
        "大力",
        "积极",
        "进一步",
        "不断",
        "扎实",
        "有序",
        "有效",
        "稳步",
        "切实",
        "统筹",
        "协同",
        "工作",
        "体系",
        "机制",
        "制度",
        "水平",
        "能力",
        "发展",
        "重点",
        "领域",
        "重要",
        "重大",
        "相关",
        "各类",
        "一批",
        "以上",
        "达到",
        "力争",
        "年底",
        "全省",
        "全市",
        "全国",
        "我省",
        "省级",
        "国家",
        "支持",
        "开展",
        "探索",
        "创新",
        "组织",
        "保障",
        "管理",
        "服务",
        "项目",
        "工程",
        "行动",
        "方面",
        "目标",
        "任务",
        "成效",
        "取得",
        "显著",
        "明显",
        "累计",
        "同比",
        "增长",
        "其中",
        "已经",
        "目前",
        "通过",
        "进行",
        "作为",
        "以及",
        "同时",
        "更加",
        "更好",
        "更高",
        "高质量",
        "全力",
        "努力",
        "奋力",
        "坚决",
        "聚焦",
        "围绕",
        "着眼",
        "依托",
        "按照",
        "根据",
        "提出",
        "部署",
        "要求",
        "情况",
        "各地",
        "部门",
        "各部门",
        "举措",
        "总结",
        "经验",
        "做法",
        "模式",
        "有效",
        "典型",
        "合力",
        "配合",
        "主要",
        "确定",
        "细化",
        "开局",
        "新的",
    ]
)
_WORDLIKE = re.compile(r"[\u3400-\u9fffA-Za-z]")
_SENTENCE_END = "。！？；"


# ------------------------------------------------------------------------------------------------ helpers for the TUI


def references_for_passage(refs: Iterable[Reference], doc: str, passage: int) -> list[Reference]:
    """References written in or pointing at one passage (source or target)."""
    return [
        r
        for r in refs
        if (r.source.doc == doc and r.source.passage == passage)
        or (r.target.doc == doc and r.target.passage == passage)
    ]


def references_for_measure(refs: Iterable[Reference], measure_id: str, *, descendants: bool = True) -> list[Reference]:
    """References to or from a measure (and, by default, the measures below it), best first."""

    def hit(m: str | None) -> bool:
        return m is not None and (m == measure_id or (descendants and m.startswith(measure_id + ".")))

    return sorted((r for r in refs if hit(r.target.measure) or hit(r.source.measure)), key=lambda r: -r.score)


def citations_of(refs: Iterable[Reference], title: str) -> list[Reference]:
    """Every ``cites`` reference to a title (any spelling of it), oldest citing document first."""
    key = title_key(title)
    found = [
        r
        for r in refs
        if r.type == "cites"
        and r.target.title
        and (title_key(r.target.title) == key or (len(key) >= 4 and key in title_key(r.target.title)))
    ]
    return sorted(found, key=lambda r: (_when(r), r.source.doc or "", r.source.passage or 0))


def programme_passages(refs: Iterable[Reference], name: str) -> list[Reference]:
    """The mentions of one programme across the corpus (the passages it links)."""
    return [r for r in refs if r.type == "programme" and r.target.title == name]


@dataclass(frozen=True)
class CitedTitle:
    title: str
    doc: str | None  # the corpus document it names, if any
    genre: str | None
    citations: tuple[Reference, ...]  # oldest first

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "doc": self.doc,
            "genre": self.genre,
            "citations": [
                {
                    "doc": r.source.doc,
                    "passage": r.source.passage,
                    "when": _when(r),
                    "stage": _evidence_value(r, "stage"),
                }
                for r in self.citations
            ],
        }


def cited_titles(refs: Iterable[Reference]) -> list[CitedTitle]:
    """One entry per distinct cited title, with every passage that cites it and when; most cited first."""
    groups: dict[str, list[Reference]] = defaultdict(list)
    for r in refs:
        if r.type == "cites" and r.target.title:
            groups[title_key(r.target.title)].append(r)
    out = []
    for group in groups.values():
        group.sort(key=lambda r: (_when(r), r.source.doc or "", r.source.passage or 0))
        title = Counter(r.target.title for r in group).most_common(1)[0][0]
        doc = next((r.target.doc for r in group if r.target.doc), None)
        out.append(CitedTitle(title or "", doc, title_genre(title or ""), tuple(group)))
    return sorted(out, key=lambda c: (-len({r.source.doc for r in c.citations}), -len(c.citations), c.title))


def _evidence_value(r: Reference, name: str) -> str | None:
    prefix = f"{name}: "
    return next((e[len(prefix) :] for e in r.evidence if e.startswith(prefix)), None)


def _when(r: Reference) -> str:
    return _evidence_value(r, "when") or ""


# ------------------------------------------------------------------------------------------------ assembly

ALL_TYPES = frozenset({"cites", "programme", "reports-on", "tracks"})


def find_references(ws: Workspace, types: frozenset[str] = ALL_TYPES) -> list[Reference]:
    """The cross-references of the workspace's corpus, of the given types (all by default). Cited titles and
    programmes are cheap and always computed (reports-on scoring uses them); reports-on and tracks only when
    asked for, since on a large corpus they are most of the cost."""
    documents = ws.documents
    published = {r.id: r.published for r in ws.records}
    measures = _safe_measures(ws)
    owner = _passage_owners(measures)
    cites = cite_references(documents.values(), ws.records, published, owner)
    programmes = workspace_programmes(ws)
    programme_refs = programme_references(programmes, documents, owner)
    refs = (cites if "cites" in types else []) + (programme_refs if "programme" in types else [])
    if "reports-on" in types:
        refs += reports_on_references(ws, measures, programmes, cites + programme_refs)
    if "tracks" in types:
        refs += tracks_references(ws)
    return refs


def workspace_programmes(ws: Workspace) -> list[Programme]:
    """The corpus's programmes, with the user's ``programmes.yaml`` applied (its problems go to ws.problems)."""
    settings, problems = load_programme_settings(ws.settings_file("programmes.yaml"))
    for p in problems:
        if p not in ws.problems:
            ws.problems.append(p)
    return detect_programmes(ws.passages(), settings)


def _safe_measures(ws: Workspace) -> list[Measure]:
    try:
        return list(ws.measures())
    except ImportError:  # measures not available in this build: no measure links, the rest still works
        return []


def _passage_owners(measures: Sequence[Measure]) -> dict[tuple[str, int], str]:
    """(doc, passage) → the deepest measure that holds the passage."""
    owner: dict[tuple[str, int], tuple[int, str]] = {}
    for m in measures:
        for i in m.passages:
            key = (m.doc, i)
            if key not in owner or owner[key][0] < m.level:
                owner[key] = (m.level, m.id)
    return {k: v[1] for k, v in owner.items() if not v[1].endswith(":0")}


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` that holds ``text[start:end]``."""
    left = max(text.rfind(c, 0, start) for c in _SENTENCE_END) + 1
    rights = [i for i in (text.find(c, end) for c in _SENTENCE_END) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


# ------------------------------------------------------------------------------------------------ cites


def title_mentions(documents: Iterable[Any]) -> list[TitleMention]:
    out: list[TitleMention] = []
    for doc in documents:
        out.extend(expand_short_forms(find_titles(doc.passages)))
    return out


def cite_references(
    documents: Iterable[Any],
    records: Sequence[Any],
    published: dict[str, str],
    owner: dict[tuple[str, int], str] | None = None,
) -> list[Reference]:
    documents = list(documents)
    resolver = TitleResolver.of(records)
    titles = {r.id: r.title for r in records}
    passages = {d.id: d.passages for d in documents}
    owner = owner or {}
    out = []
    for m in title_mentions(documents):
        title = m.short_of or m.title
        doc_id, similarity = resolver.resolve(title)
        text = passages[m.doc][m.passage].text
        evidence = [f"cited as 《{m.raw}》" + (" (short form)" if m.short_of else "")]
        if m.rejoined:
            evidence.append("title rejoined over a paragraph break")
        genre = title_genre(title)
        evidence.append(f"genre: {genre}" if genre else "genre: none (a book, film or periodical?)")
        stage = citation_stage(text, m.start, m.end)
        if stage:
            evidence.append(f"stage: {stage[0]} ({stage[1]})")
        if doc_id:
            evidence.append(
                "names this document"
                if doc_id == m.doc
                else f"resolves to {doc_id}" + ("" if similarity == 1.0 else f" (similarity {similarity:.2f})")
            )
        evidence.append(f"when: {published.get(m.doc, '')}")
        out.append(
            Reference(
                type="cites",
                source=RefEnd(
                    doc=m.doc,
                    passage=m.passage,
                    measure=owner.get((m.doc, m.passage)),
                    text=sentence_at(text, m.start, min(m.end, len(text))),
                ),
                target=RefEnd(doc=doc_id, title=title, text=titles.get(doc_id) if doc_id else None),
                score=similarity if doc_id else 1.0,
                evidence=tuple(evidence),
                start=m.start,
                end=m.end,
            )
        )
    return out


# ------------------------------------------------------------------------------------------------ programmes


def programme_references(
    programmes: Sequence[Programme], documents: dict[str, Any], owner: dict[tuple[str, int], str] | None = None
) -> list[Reference]:
    owner = owner or {}
    out = []
    for prog in programmes:
        n_docs = len(prog.docs)
        score = 1.0 if prog.source == "user" else round(min(1.0, 0.4 + 0.2 * n_docs), 2)
        summary = f"in {n_docs} documents, {len(prog.mentions)} mentions"
        for m in prog.mentions:
            text = documents[m.doc].passages[m.passage].text
            out.append(
                Reference(
                    type="programme",
                    source=RefEnd(
                        doc=m.doc,
                        passage=m.passage,
                        measure=owner.get((m.doc, m.passage)),
                        text=sentence_at(text, m.start, m.end),
                    ),
                    target=RefEnd(title=prog.name, text=summary),
                    score=score,
                    evidence=prog.evidence + (("as written: " + m.name,) if m.name != prog.name else ()),
                    start=m.start,
                    end=m.end,
                )
            )
    return out


# ------------------------------------------------------------------------------------------------ reports-on


class TermWeights:
    """rjieba search-mode words of passages, weighted by inverse passage frequency over the corpus.

    Search mode also yields the parts of long words (生物多样性 → 生物, 多样, 多样性). Adding the character bigrams
    of long words as extra features (so that 碳普惠 and 普惠制 share 普惠) was tried and lowered both precision
    and recall on the hand-checked sample (docs/references.md).
    """

    def __init__(self, passages: Iterable[Passage]):
        self._cache: dict[str, Counter] = {}
        df: Counter = Counter()
        n = 0
        for p in passages:
            n += 1
            df.update(set(self.words(p.text)))
        self.idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
        self.default_idf = math.log(n + 1) if n else 1.0

    def words(self, text: str) -> Counter:
        cached = self._cache.get(text)
        if cached is None:
            import rjieba  # lazily: the dictionary takes ~0.1 s to load

            cached = Counter(
                w
                for w in rjieba.cut_for_search(_folded(text))
                if len(w) >= 2 and _WORDLIKE.search(w) and w not in GENERIC_WORDS
            )
            self._cache[text] = cached
        return cached

    def vector(self, text: str, boost: str = "") -> dict[str, float]:
        counts = self.words(text) + (self.words(boost) if boost else Counter())
        return {w: (1 + math.log(c)) * self.idf.get(w, self.default_idf) for w, c in counts.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b[w] for w, v in a.items() if w in b)
    if not dot:
        return 0.0
    return dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))


@dataclass(frozen=True)
class Candidate:
    measure: str
    doc: str
    passage: int
    score: float
    evidence: tuple[str, ...]
    text: str  # the passage's clause that best matches the measure


@dataclass
class Features:
    """What a measure or a report passage is about: its clauses' word vectors, the whole text's vector,
    and the programmes, indicators and cited titles it names."""

    clauses: list[tuple[str, dict[str, float]]]
    vector: dict[str, float]
    programmes: frozenset[str] = frozenset()
    indicators: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    _prepared: list | None = field(default=None, init=False, repr=False, compare=False)
    _where: dict | None = field(default=None, init=False, repr=False, compare=False)

    def prepared(self) -> list[tuple[str, dict[str, float], frozenset[str], float]]:
        """Clauses with their word sets and norms, computed once: a passage is scored against many measures."""
        if self._prepared is None:
            self._prepared = [
                (text, vec, frozenset(vec), math.sqrt(sum(v * v for v in vec.values()))) for text, vec in self.clauses
            ]
        return self._prepared

    def where(self) -> dict[str, list[int]]:
        """word → indices of the clauses that use it."""
        if self._where is None:
            where: dict[str, list[int]] = defaultdict(list)
            for i, (_text, vec) in enumerate(self.clauses):
                for w in vec:
                    where[w].append(i)
            self._where = dict(where)
        return self._where


def _clause_pairs(measure: Features, passage: Features) -> list[tuple[int, int]]:
    """The (measure clause, passage clause) pairs that share a word, in reading order: only they can score."""
    mwhere, pwhere = measure.where(), passage.where()
    if len(mwhere) > len(pwhere):
        shared = [w for w in pwhere if w in mwhere]
    else:
        shared = [w for w in mwhere if w in pwhere]
    pairs = {(i, j) for w in shared for i in mwhere[w] for j in pwhere[w]}
    return sorted(pairs)


def clauses_of(text: str, longest: int = MAX_CLAUSE) -> list[str]:
    """Sentences, with long ones cut at commas into pieces of at most ``longest`` characters: a congress
    report's sentence lists five measures; each piece is matched on its own."""
    out = []
    for sentence in re.split(r"(?<=[。！？；])", text):
        sentence = sentence.strip()
        if not sentence:
            continue
        if len(sentence) <= longest:
            out.append(sentence)
            continue
        piece = ""
        for part in re.split(r"(?<=[，：])", sentence):
            if piece and len(piece) + len(part) > longest:
                out.append(piece)
                piece = ""
            piece += part
        if piece:
            out.append(piece)
    return out


def score_reports_on(measure: Features, passage: Features, weights: TermWeights) -> tuple[float, list[str], str]:
    """Score of a report passage for a plan measure, the evidence, and the passage's best clause.

    ``0.7 × best clause pair + 0.3 × whole-text cosine + bonuses``. A clause pair scores its cosine times
    the share of ``SHARED_MASS`` reached by the idf of the words the two clauses share, so that two short
    clauses agreeing on one common word do not count as much as two agreeing on 鄱阳湖 + 总磷 + 削减.
    """
    best, best_shared, best_clause = 0.0, [], passage.clauses[0][0] if passage.clauses else ""
    mclauses, pclauses = measure.prepared(), passage.prepared()
    for i, j in _clause_pairs(measure, passage):
        (_mtext, mvec, _mwords, mnorm), (ptext, pvec, pwords, pnorm) = mclauses[i], pclauses[j]
        if mnorm and pnorm:
            shared = [w for w in mvec if w in pwords]
            mass = sum(weights.idf.get(w, weights.default_idf) for w in shared)
            # cosine(mvec, pvec), with the norms computed once (same arithmetic, same order)
            if len(mvec) > len(pvec):
                dot, norms = sum(v * mvec[w] for w, v in pvec.items() if w in mvec), pnorm * mnorm
            else:
                dot, norms = sum(v * pvec[w] for w, v in mvec.items() if w in pvec), mnorm * pnorm
            pair = dot / norms * min(1.0, mass / SHARED_MASS)
            if pair > best:
                best, best_shared, best_clause = pair, shared, ptext
    whole = cosine(measure.vector, passage.vector)
    programmes = sorted(measure.programmes & passage.programmes)
    indicators = sorted(measure.indicators & passage.indicators)
    titles = sorted(measure.titles & passage.titles)
    bonus = (
        min(BONUS_CAP, PROGRAMME_BONUS * len(programmes))
        + min(BONUS_CAP, INDICATOR_BONUS * len(indicators))
        + min(BONUS_CAP, TITLE_BONUS * len(titles))
    )
    score = min(1.0, CLAUSE_WEIGHT * best + (1 - CLAUSE_WEIGHT) * whole + bonus)
    evidence = []
    if best_shared:
        best_shared.sort(key=lambda w: (-weights.idf.get(w, weights.default_idf), -len(w)))
        shown = [w for w in best_shared if not any(w != o and w in o for o in best_shared)]  # 多样 in 多样性
        evidence.append("terms: " + "、".join(shown[:SHOWN_TERMS]))
    evidence += [f"programme: {p}" for p in programmes]
    evidence += [f"indicator: {i}" for i in indicators]
    evidence += [f"cites: 《{t}》" for t in titles]
    evidence.append(f"clause match {best:.2f}, whole text {whole:.2f}")
    return score, evidence, best_clause


def select_reports_on(
    candidates: Iterable[Candidate],
    *,
    min_score: float | None = None,
    relative: float | None = None,
    per_measure: int | None = None,
) -> list[Candidate]:
    """Keep each passage for the measures it is most about; the best ``per_measure`` per measure."""
    min_score = MIN_SCORE if min_score is None else min_score
    relative = RELATIVE if relative is None else relative
    per_measure = PER_MEASURE if per_measure is None else per_measure
    candidates = [c for c in candidates if c.score >= min_score]
    best: dict[tuple[str, int], float] = {}
    for c in candidates:
        key = (c.doc, c.passage)
        best[key] = max(best.get(key, 0.0), c.score)
    by_measure: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        if c.score >= relative * best[(c.doc, c.passage)]:
            by_measure[c.measure].append(c)
    out = []
    for measure in by_measure:
        ranked = sorted(by_measure[measure], key=lambda c: (-c.score, c.doc, c.passage))
        out.extend(ranked[:per_measure])
    return out


# ------------------------------------------------------------------------------------------------ plan parts

# A plan part is a section whose heading looks forward from the document's publication year (2024年政府工作任务,
# 对今年政府工作的建议, "十五五"时期主要目标); a review part looks back (2023年工作回顾, 过去五年…情况).
PLAN_PART, REVIEW_PART = "plan", "review"
OUTSIDE = "outside"  # before the first part (the 各位代表 preamble) of a document whose outline has parts
Period = tuple[int, int]  # first and last year, inclusive
OPEN_PAST, OPEN_FUTURE = 0, 9999

_NUMERAL = "一二两三四五六七八九十"
_YEARS = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\s*[-—–~至到]\s*((?:19|20)\d{2}))?(?!\d)")
# "十四五"; without quotes only before 时期/规划/期间/末 (so that 十五年, fifteen years, is not the 10th plan)
_FIVE_YEAR = re.compile(r"“十([一二三四五六七八九]?)五”|十([一二三四五六七八九]?)五(?=时期|规划|期间|末)")
_LAST_YEARS = re.compile(rf"(?:过去|近)([{_NUMERAL}\d]+)年(?:[和及与、]([{_NUMERAL}\d]+)年)?")
_NEXT_YEARS = re.compile(rf"(?:未来|今后)([{_NUMERAL}\d]+)年")
_RELATIVE = (
    ("今年", 0, 0),
    ("明年", 1, 1),
    ("去年", -1, -1),
    ("上年", -1, -1),
    ("一年来", -1, -1),
    ("过去", None, -1),
    ("以来", None, -1),
    ("下一步", 0, None),
    ("下步", 0, None),
    ("今后", 0, None),
    ("未来", 0, None),
    ("展望", 0, None),
)
_REVIEW_WORDS = re.compile(r"回顾|总结|情况")  # 成效, 进展 also end plan headings (努力取得更大成效)
_LOOKED_BACK = re.compile(r"回顾|总结|情况|成就|成绩")  # after a forward time: 2024年工作回顾 in late 2024


def _numeral(text: str) -> int:
    if text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
    if text.startswith("十"):
        return 10 + (digits.get(text[1:], 0) if len(text) > 1 else 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return digits.get(tens, 1) * 10 + digits.get(ones, 0)
    return digits.get(text, 1)


def five_year_period(ordinal: int) -> Period:
    """The years of the n-th five-year plan (regular since the 6th, 1981-1985): 14 → (2021, 2025)."""
    start = 1951 + 5 * ordinal
    return start, start + 4


def time_cues(title: str, year: int) -> list[tuple[int, Period]]:
    """(position, period) of each time a heading names, relative cues (今年, 过去五年) read from ``year``."""
    cues: list[tuple[int, Period]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, period: Period) -> None:
        if not any(a < end and start < b for a, b in taken):
            taken.append((start, end))
            cues.append((start, period))

    for m in _YEARS.finditer(title):
        add(m.start(), m.end(), (int(m[1]), int(m[2] or m[1])))
    for m in _FIVE_YEAR.finditer(title):
        ordinal = 10 + (_numeral(m[1] or m[2]) if (m[1] or m[2]) else 0)
        add(m.start(), m.end(), five_year_period(ordinal))
    for m in _LAST_YEARS.finditer(title):
        n = max(_numeral(m[1]), _numeral(m[2]) if m[2] else 0)
        add(m.start(), m.end(), (year - n, year - 1))
    for m in _NEXT_YEARS.finditer(title):
        add(m.start(), m.end(), (year, year + _numeral(m[1]) - 1))
    for word, first, last in _RELATIVE:
        for m in re.finditer(word, title):
            add(
                m.start(),
                m.end(),
                (OPEN_PAST if first is None else year + first, OPEN_FUTURE if last is None else year + last),
            )
    return sorted(cues)


def heading_orientation(title: str, year: int | None) -> tuple[str | None, Period | None]:
    """Whether a heading opens a plan part or a review part of a document published in ``year``, and the years
    it names. The last time named decides (``“十三五”时期发展成就和“十四五”时期主要目标任务`` looks forward;
    ``2022年及过去五年…情况`` looks back); a review word after a forward time (``2024年工作回顾`` in a report
    of late 2024) makes it a review. No time named: a review word makes a review, else unknown."""
    if year is None:
        return None, None
    cues = time_cues(title, year)
    if not cues:
        return (REVIEW_PART, None) if _REVIEW_WORDS.search(title) else (None, None)
    position, last = cues[-1]
    forward = last[1] >= year and not _LOOKED_BACK.search(title, position)
    side = [p for _, p in cues if (p[1] >= year) == forward] if forward else [p for _, p in cues if p[0] < year]
    side = side or [last]
    return (PLAN_PART if forward else REVIEW_PART), (min(p[0] for p in side), max(p[1] for p in side))


def node_orientations(measures: Sequence[Measure], record: Any) -> dict[str, tuple[str | None, Period | None]]:
    """Each node's part: its own heading's orientation, else its parent's. An unmarked top-level section after a
    plan part stays in the plan part (reports review first, then plan: a list of pledges after 三、2026年工作安排)."""
    year = getattr(record, "year", None)
    out: dict[str, tuple[str | None, Period | None]] = {}
    last_top: tuple[str | None, Period | None] = (None, None)
    for m in measures:
        if m.node == "root":
            out[m.id] = (None, None)
            continue
        own = heading_orientation(m.title, year)
        parent = out.get(m.parent or "", (None, None))
        if own[0] is None or (own[1] is None and parent[0]):  # below a part, only a time named changes it
            own = parent if parent[0] else (last_top if m.level == 1 and last_top[0] == PLAN_PART else own)
        if m.level == 1:
            last_top = own
        out[m.id] = own
    return out


def plan_measures(measures: Sequence[Measure], documents: dict[str, Any]) -> list[Measure]:
    """The measures a later report can report on.

    - a plan document (``kind: plan``): every leaf of its measure tree that has text;
    - any other document: the leaves with text under its plan parts (``heading_orientation``), and the lead-in of
      a plan-part node with children when it states targets (the 主要预期目标 paragraph before （一）…（八）);
      it keeps the node's id, with only the passages that belong to no child.
    """
    parents = {m.parent for m in measures}
    by_doc: dict[str, list[Measure]] = defaultdict(list)
    for m in measures:
        by_doc[m.doc].append(m)
    out = []
    for doc_id, ms in by_doc.items():
        document = documents.get(doc_id)
        if document is None:
            continue
        if document.record.kind == "plan":
            out.extend(m for m in ms if m.id not in parents and m.level > 0 and m.text.strip())
            continue
        parts = node_orientations(ms, document.record)
        for m in ms:
            if parts.get(m.id, (None,))[0] != PLAN_PART:
                continue
            if m.id not in parents:
                if m.text.strip():
                    out.append(m)
                continue
            own = [i for i in m.passages if document.passages[i].section_ids[-1:] == (m.id,)]
            if own and any(t.kind == "target" and t.passage in own for t in m.targets):
                text = "\n\n".join(document.passages[i].text for i in own)
                out.append(
                    replace(m, text=text, passages=tuple(own), targets=tuple(t for t in m.targets if t.passage in own))
                )
    return out


def passage_parts(
    measures: Sequence[Measure], documents: dict[str, Any]
) -> dict[tuple[str, int], tuple[str | None, Period | None]]:
    """(doc, passage) → the part of its document it is in (plan, review, unknown, or ``OUTSIDE`` the parts of a
    document that has some) and the years named."""
    by_doc: dict[str, list[Measure]] = defaultdict(list)
    for m in measures:
        by_doc[m.doc].append(m)
    out = {}
    for doc_id, ms in by_doc.items():
        document = documents.get(doc_id)
        if document is None:
            continue
        parts = node_orientations(ms, document.record)
        unplaced = (OUTSIDE, None) if any(kind for kind, _ in parts.values()) else (None, None)
        for p in document.passages:
            part = parts.get(p.section_ids[-1], (None, None)) if p.section_ids else (None, None)
            out[(doc_id, p.index)] = part if part[0] else unplaced
    return out


def published_after(later: str, earlier: str) -> bool:
    """Whether an ISO date is known to be after another (``2024`` is not known to be after ``2024-03``)."""
    n = min(len(later), len(earlier))
    return bool(later and earlier) and later[:n] > earlier[:n]


def may_report_on(
    plan: Any,
    plan_period: Period | None,
    source: Any,
    part: tuple[str | None, Period | None],
    places: dict[str, str | None],
) -> bool:
    """Whether a passage of ``source`` (a record) in ``part`` of it may report on a measure of ``plan``.

    Same jurisdiction (when both can be told: tracking's rule). For a plan document, any report passage (earlier
    ones give the baseline, as before). For the plan part of a report: a later report's passage outside its own
    plan part, whose section reviews years that overlap the plan's (2024年工作回顾 for 对今年政府工作的建议 of
    2023, not 2024's review for 2022's plan)."""
    if source.id == plan.id or source.kind != "report":
        return False
    a, b = places.get(plan.id), places.get(source.id)
    if a is not None and b is not None and a != b:
        return False
    if plan.kind == "plan":
        return True
    if part[0] in (PLAN_PART, OUTSIDE) or not published_after(source.published, plan.published):
        return False
    reviewed = part[1]
    return plan_period is None or reviewed is None or (reviewed[0] <= plan_period[1] and plan_period[0] <= reviewed[1])


def reports_on_references(
    ws: Workspace, measures: Sequence[Measure], programmes: Sequence[Programme], refs_so_far: Sequence[Reference]
) -> list[Reference]:
    documents = ws.documents
    targets = plan_measures(measures, documents)
    records = {r.id: r for r in ws.records if r.id in documents}
    if not targets or not any(r.kind == "report" for r in records.values()):
        return []
    from explorer.extract.tracking import jurisdiction

    places = {doc: jurisdiction(r) for doc, r in records.items()}
    parts = passage_parts(measures, documents)
    report_passages = [p for p in ws.passages() if records[p.doc].kind == "report"]
    weights = TermWeights(ws.passages())
    figures = _known_indicator_figures(ws)
    features = _passage_features(programmes, figures, refs_so_far)
    plan_periods = {m.id: parts.get((m.doc, m.passages[0]), (None, None))[1] if m.passages else None for m in targets}

    def passage_features(doc: str, indices: Iterable[int]) -> tuple[frozenset, frozenset, frozenset]:
        progs, inds, tits = set(), set(), set()
        for i in indices:
            f = features.get((doc, i))
            if f:
                progs |= f[0]
                inds |= f[1]
                tits |= f[2]
        return frozenset(progs), frozenset(inds), frozenset(tits)

    by_id = {(p.doc, p.index): p for p in report_passages}
    passage_cache: dict[tuple[str, int], Features] = {}

    def features_of(text: str, doc: str, indices: Iterable[int], boost: str = "") -> Features:
        clauses = [(c, weights.vector(c)) for c in clauses_of(text)]
        return Features([c for c in clauses if c[1]], weights.vector(text, boost), *passage_features(doc, indices))

    by_plan_doc: dict[str, list[Candidate]] = defaultdict(list)
    allowed_for: dict[tuple[str, Period | None], set[tuple[str, int]]] = {}
    for m in targets:
        plan, period = records[m.doc], plan_periods[m.id]
        allowed = allowed_for.get((m.doc, period))
        if allowed is None:
            allowed = allowed_for[(m.doc, period)] = {
                key
                for key, p in by_id.items()
                if may_report_on(plan, period, records[p.doc], parts.get(key, (None, None)), places)
            }
        if not allowed:
            continue
        mf = features_of(m.text, m.doc, m.passages, boost=m.title)
        pool = _candidate_pool(ws, mf.vector, [by_id[k] for k in allowed], mf, features) & allowed
        for key in sorted(pool):
            p = by_id[key]
            pf = passage_cache.get(key)
            if pf is None:
                pf = passage_cache[key] = features_of(p.text, p.doc, (p.index,))
            score, evidence, clause = score_reports_on(mf, pf, weights)
            if score < MIN_SCORE:
                continue
            if plan.kind == "plan" and records[p.doc].published[:7] < plan.published[:7]:
                evidence.append("published before the plan")
            part, reviewed = parts.get(key, (None, None))
            if part == PLAN_PART:
                evidence.append("from the report's own plan part")
            elif plan.kind != "plan" and period and reviewed:
                evidence.append(f"plan for {_years(period)}, review of {_years(reviewed)}")
            by_plan_doc[m.doc].append(Candidate(m.id, p.doc, p.index, round(score, 3), tuple(evidence), clause))
    measure_by_id = {m.id: m for m in targets}
    out = []
    # a passage reports on the measures of each plan it is most about: one plan's measures do not crowd out another's
    for doc_id in sorted(by_plan_doc):
        for c in select_reports_on(by_plan_doc[doc_id]):
            m = measure_by_id[c.measure]
            out.append(
                Reference(
                    type="reports-on",
                    source=RefEnd(doc=c.doc, passage=c.passage, text=c.text),
                    target=RefEnd(
                        doc=m.doc,
                        passage=m.passages[0] if m.passages else None,
                        measure=m.id,
                        title=m.title,
                        text=f"{m.number}{m.title}",
                    ),
                    score=c.score,
                    evidence=c.evidence,
                )
            )
    return out


def _years(period: Period) -> str:
    first = "…" if period[0] == OPEN_PAST else str(period[0])
    last = "…" if period[1] == OPEN_FUTURE else str(period[1])
    return first if first == last else f"{first}-{last}"


def _known_indicator_figures(ws: Workspace) -> list[Figure]:
    try:
        lexicon = ws.lexicon
        return [f for f in ws.figures() if lexicon.entry(f.indicator) is not None]
    except ImportError:
        return []


def _passage_features(
    programmes: Sequence[Programme], figures: Sequence[Figure], refs: Sequence[Reference]
) -> dict[tuple[str, int], tuple[set, set, set]]:
    out: dict[tuple[str, int], tuple[set, set, set]] = defaultdict(lambda: (set(), set(), set()))
    for prog in programmes:
        for m in prog.mentions:
            out[(m.doc, m.passage)][0].add(prog.name)
    for f in figures:
        out[(f.doc, f.passage)][1].add(f.indicator)
    for r in refs:
        if r.type == "cites" and r.source.doc and r.source.passage is not None and r.target.title:
            out[(r.source.doc, r.source.passage)][2].add(r.target.title)
    return out


def _candidate_pool(
    ws: Workspace, vec: dict[str, float], report_passages: Sequence[Passage], mf: Features, features: dict
) -> set[tuple[str, int]]:
    """Report passages sharing one of the measure's heaviest words (its thirty heaviest, or a third of its
    distinct words when that is more), or one of its programmes, indicators or cited titles. The words are
    looked up in the index when it is fresh and the passages are many; a few hundred passages are scanned faster
    than the index answers an OR query of a hundred words."""
    terms = [w for w, _ in sorted(vec.items(), key=lambda kv: -kv[1])[: max(QUERY_TERMS, len(vec) // QUERY_SHARE)]]
    pool = _index_candidates(ws, terms) if len(report_passages) >= INDEX_FROM else None
    if pool is None:
        pool = {(p.doc, p.index) for p in report_passages if any(t in _folded(p.text) for t in terms)}
    for key, (progs, inds, tits) in features.items():
        if progs & mf.programmes or inds & mf.indicators or tits & mf.titles:
            pool.add(key)
    return pool


def _index_candidates(ws: Workspace, terms: Sequence[str]) -> set[tuple[str, int]] | None:
    if not terms:
        return set()
    try:
        result = ws.search(" OR ".join(f'"{t}"' for t in terms), limit=None, kind="report")
    except Exception:  # the index is optional here: a damaged or missing one means scanning instead
        return None
    if getattr(result, "state", "missing") != "fresh":
        return None
    return {(h.doc, h.passage) for h in result.hits}


@lru_cache(maxsize=65536)  # passages are folded once per workspace, not once per measure
def _folded(text: str) -> str:
    from explorer.search.analysis import fold

    return fold(text)


# ------------------------------------------------------------------------------------------------ tracks


def tracks_references(ws: Workspace) -> list[Reference]:
    """Reported figures → the plan target they are tracked against."""
    try:
        tracked = ws.targets()
    except ImportError:  # target tracking not available in this build
        return []
    out = []
    for t in tracked:
        target = t.target
        for f in t.reported:
            out.append(
                Reference(
                    type="tracks",
                    source=RefEnd(doc=f.doc, passage=f.passage, text=f.quote),
                    target=RefEnd(
                        doc=target.doc, passage=target.passage, measure=t.measure, title=t.indicator, text=target.quote
                    ),
                    score=1.0,
                    evidence=(
                        f"indicator: {t.indicator}",
                        f"reported {f.value}{f.unit} ({f.year or '?'}) against target {target.value}{target.unit} "
                        f"by {target.year or '?'}",
                        f"status: {t.status}",
                    )
                    + ((t.note,) if t.note else ()),
                    start=f.start,
                    end=f.end,
                )
            )
    return out
