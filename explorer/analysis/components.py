"""The per-document pipeline: pure components, each saying what it needs and what it adds.

Like spaCy's pipeline components, each component reads the outputs of the ones it ``needs`` (and the settings
files it names) and adds one output. A component's output is stored under a key made of the document's content
hash, the component's version, the keys of what it needs and the fingerprints of its settings — so a changed
lexicon recomputes figures, measures and words, and never re-parses a document; a changed document recomputes
only itself.

    document  ← the record and its source bytes     passages, outline, offset maps
    figures   ← document + lexicon                 figures of the policy passages (and of excluded ones, for --all)
    measures  ← document + figures                  the measure tree with targets on their nodes
    titles    ← document                            《title》 mentions (short forms tied to their full titles)
    mentions  ← document                            quoted names and named campaigns (programme candidates)
    words     ← document + measures                 rjieba words of every clause, for linking (reports-on)
    linkdoc   ← document + measures                 what linking needs of a document: policy passage texts, the
                                                    measure owning each passage, the plan measures, plan/review parts
    summary   ← document + figures + measures + linkdoc   what a listing needs without loading the rest
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from explorer.model import Figure, Measure, Problem

if TYPE_CHECKING:  # the extractors load rjieba and big tables: a warm command that only reads results skips them
    from explorer.corpus.document import Document
    from explorer.extract.lexicon import Lexicon
    from explorer.extract.programmes import ProgrammeMention
    from explorer.extract.titles import TitleMention

PIPELINE_VERSION = "2"  # bumped when extraction changes in ways a component version does not say


@dataclass(frozen=True)
class FigureSet:
    """A document's figures: those of policy passages, those of excluded passages (shown with ``--all``), and
    the numbers that were read but not taken as figures, with why (shown with ``--verbose``)."""

    figures: tuple[Figure, ...]
    excluded: tuple[Figure, ...] = ()
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeasureSet:
    measures: tuple[Measure, ...]
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Citation:
    """A 《title》 mention with the sentence it stands in and the stage the citing clause gives it."""

    mention: TitleMention
    sentence: str
    stage: tuple[str, str] | None


@dataclass(frozen=True)
class LinkDoc:
    """What the linking stage needs of one document, so that it never loads passages, maps or outlines."""

    doc: str
    texts: dict[int, str]  # policy passages (not excluded, not duplicates): index → text
    owners: dict[int, str]  # passage → the deepest measure holding it (never the document's root)
    plan_measures: tuple[Measure, ...]  # what a later report may report on (plan_parts.plan_measures)
    parts: dict[int, tuple[str | None, tuple[int, int] | None]]  # passage → plan/review part and years named


@dataclass(frozen=True)
class WordCounts:
    """A document's words for linking: each clause's word counts, and the passage frequency of each word."""

    clauses: dict[str, tuple[tuple[str, int], ...]]
    df: tuple[tuple[str, int], ...]
    passages: int


@dataclass(frozen=True)
class Summary:
    """What ``docs`` and the problem lines need, without loading the document's passages."""

    doc: str
    content_hash: str
    passages: int
    figures: int
    measures: int
    problems: tuple[Problem, ...] = ()
    plan_measures: int = 0  # measures a later report may report on (linking skips documents with none)


@dataclass(frozen=True)
class Settings:
    """The settings the components read, with the fingerprints that key their outputs."""

    lexicon: Lexicon
    lexicon_fingerprint: str


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    needs: tuple[str, ...]
    settings: tuple[str, ...]
    run: Callable[[dict[str, Any], Settings], Any] = field(compare=False)


# ----------------------------------------------------------------------------------------------- the components


def _figures(inputs: dict[str, Any], settings: Settings) -> FigureSet:
    from explorer.extract.figures import extract_figures

    doc: Document = inputs["document"]
    skipped: list[str] = []
    kept: list[Figure] = []
    excluded: list[Figure] = []
    policy = {p.index for p in doc.policy_passages()}
    for passage in doc.policy_passages(include_excluded=True):
        into = kept if passage.index in policy else excluded
        into.extend(
            extract_figures(passage, doc.record, settings.lexicon, include_excluded=True, on_skip=skipped.append)
        )
    return FigureSet(tuple(kept), tuple(excluded), tuple(skipped))


def _measures(inputs: dict[str, Any], settings: Settings) -> MeasureSet:
    from explorer.extract.measures import build_measures

    measures, problems = build_measures(inputs["document"], list(inputs["figures"].figures))
    return MeasureSet(tuple(measures), tuple(problems))


def _titles(inputs: dict[str, Any], settings: Settings) -> tuple[Citation, ...]:
    from explorer.extract.titles import citation_stage, expand_short_forms, find_titles
    from explorer.text.sentences import sentence_at

    doc: Document = inputs["document"]
    out = []
    for m in expand_short_forms(find_titles(doc.passages)):
        text = doc.passages[m.passage].text
        out.append(Citation(m, sentence_at(text, m.start, min(m.end, len(text))), citation_stage(text, m.start, m.end)))
    return tuple(out)


def _mentions(inputs: dict[str, Any], settings: Settings) -> tuple[ProgrammeMention, ...]:
    from explorer.extract.programmes import campaign_mentions, quoted_mentions

    out: list[ProgrammeMention] = []
    for p in inputs["document"].policy_passages():
        out.extend(quoted_mentions(p))
        out.extend(campaign_mentions(p))
    return tuple(out)


def _words(inputs: dict[str, Any], settings: Settings) -> WordCounts:
    """The words of every clause linking will weigh (of each policy passage, each measure's text and title),
    segmented once, here, instead of once per comparison, and in how many passages each word occurs. Clauses end
    at punctuation, where no word runs on, so a whole text's words are the sum of its clauses'
    (``TermWeights.words``): only clauses are stored."""
    from explorer.extract.words import clauses_of, passage_frequencies, text_words

    doc: Document = inputs["document"]
    passages = [p.text for p in doc.policy_passages()]
    texts = list(passages)
    for m in inputs["measures"].measures:
        texts += (m.text, m.title)
    out: dict[str, tuple[tuple[str, int], ...]] = {}
    for text in texts:
        for clause in clauses_of(text):
            if clause not in out:
                out[clause] = tuple(text_words(clause).items())
    return WordCounts(out, tuple(passage_frequencies(passages, out).items()), len(passages))


def _linkdoc(inputs: dict[str, Any], settings: Settings) -> LinkDoc:
    from explorer.extract.measures import ROOT_SUFFIX
    from explorer.extract.plan_parts import passage_parts, plan_measures

    doc: Document = inputs["document"]
    measures = inputs["measures"].measures
    owner: dict[int, tuple[int, str]] = {}
    for m in measures:
        for i in m.passages:
            if i not in owner or owner[i][0] < m.level:
                owner[i] = (m.level, m.id)
    parts = passage_parts(measures, {doc.id: doc})
    return LinkDoc(
        doc.id,
        {p.index: p.text for p in doc.policy_passages()},
        {i: mid for i, (_level, mid) in owner.items() if not mid.endswith(ROOT_SUFFIX)},
        tuple(plan_measures(measures, {doc.id: doc})),
        {i: part for (_doc, i), part in parts.items()},
    )


def _summary(inputs: dict[str, Any], settings: Settings) -> Summary:
    doc: Document = inputs["document"]
    return Summary(
        doc.id,
        doc.content_hash,
        len(doc.passages),
        len(inputs["figures"].figures),
        len(inputs["measures"].measures),
        tuple(doc.problems) + inputs["measures"].problems,
        len(inputs["linkdoc"].plan_measures),
    )


COMPONENTS: tuple[Component, ...] = (
    Component("figures", "5", ("document",), ("lexicon",), _figures),
    Component("measures", "1", ("document", "figures"), (), _measures),
    Component("titles", "1", ("document",), (), _titles),
    Component("mentions", "1", ("document",), (), _mentions),
    Component("words", "2", ("document", "measures"), (), _words),
    Component("linkdoc", "1", ("document", "measures"), (), _linkdoc),
    Component("summary", "2", ("document", "figures", "measures", "linkdoc"), (), _summary),
)
BY_NAME = {c.name: c for c in COMPONENTS}


def compact(doc: Document) -> Document:
    """The per-character offset maps as 4-byte arrays: a tuple of Python ints costs ~9× the memory."""
    return replace(doc, maps=tuple(array("I", m) for m in doc.maps))  # type: ignore[misc]
