"""Cross-references: cited titles, programmes, reports-on ranking, tracking links — on the seeds and work reports."""

from __future__ import annotations

import os
import re
from collections import Counter

import pytest
from conftest import CONGRESS, CORPUS, PLAN, needs_shared, write_work_report_corpus

from explorer.extract.plan_parts import (
    PLAN_PART,
    REVIEW_PART,
    heading_orientation,
    passage_parts,
    plan_measures,
    published_after,
)
from explorer.extract.programme_settings import ProgrammeSettings, load_programme_settings
from explorer.extract.programmes import ProgrammeMention, detect_programmes, quoted_verdict
from explorer.extract.titles import (
    TitleResolver,
    citation_stage,
    expand_short_forms,
    find_titles,
    normalise_title,
    title_genre,
    title_key,
)
from explorer.extract.words import TermWeights, clauses_of
from explorer.linking.queries import (
    citations_of,
    cited_titles,
    programme_passages,
    references_for_measure,
    references_for_passage,
)
from explorer.linking.scoring import Candidate, Features, score_reports_on, select_reports_on
from explorer.model import Passage


def _passage(doc: str, index: int, text: str, **kw) -> Passage:
    return Passage(
        doc=doc,
        index=index,
        text=text,
        start=0,
        end=len(text),
        source_start=0,
        source_end=len(text),
        section=(),
        section_ids=(),
        **kw,
    )


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    from explorer.workspace import Workspace

    return Workspace.open(CORPUS, tmp_path_factory.mktemp("refs-index"))


@pytest.fixture(scope="module")
def refs(ws):
    return ws.refs()


# ------------------------------------------------------------------------------------------------ titles


def test_normalise_title_folds_width_brackets_dashes_and_spaces():
    forms = [
        "江西省打造国家生态文明建设高地三年行动计划(2024-2026年)",
        "江西省打造国家生态文明建设高地三年行动计划（２０２４—２０２６年）",
        "江西省打造国家生态文明建设高地三年行动计划 （2024–2026年）",
        "江西省打造国家生态文明建设高地三年行动计划（2024－2026年）",
    ]
    assert {normalise_title(f) for f in forms} == {"江西省打造国家生态文明建设高地三年行动计划（2024-2026年）"}
    assert (
        normalise_title('深化试验区建设 更高标准打造美丽中国"江西样板"规划纲要')
        == "深化试验区建设更高标准打造美丽中国“江西样板”规划纲要"
    )
    assert normalise_title("Paris  Agreement") == "Paris Agreement"
    assert title_key("美丽江西建设规划纲要（2022—2035年）") == title_key("美丽江西建设规划纲要(2022-2035年)")


def test_genre_of_titles():
    assert title_genre("江西省鄱阳湖流域总磷污染防治条例") == "条例"
    assert title_genre("江西省生态环境分类执法监管办法") == "办法"
    assert title_genre("国民经济和社会发展第十四个五年规划和2035年远景目标纲要（草案）") == "纲要"
    assert title_genre("美丽江西建设规划纲要（2022—2035年）") == "规划纲要"
    assert title_genre("装台") is None


def test_resolution_is_fuzzy_on_spelling_but_strict_on_numbers(ws):
    resolver = TitleResolver.of(ws.records)
    plan = ws.document(PLAN).record.title
    variant = plan.replace("(", "（").replace(")", "）").replace("-", "—")
    assert resolver.resolve(variant)[0] == PLAN
    assert resolver.resolve(plan.replace("2024-2026", "2021-2023"))[0] is None  # another edition
    # a feature's headline without its subtitle names the feature
    feature = next(r for r in ws.records if "——" in r.title)
    assert resolver.resolve(feature.title.split("——")[0])[0] == feature.id


def test_every_title_in_the_seed_sources_is_found(ws):
    for doc in ws.documents.values():
        source = re.sub(r"\s+", "", doc.record.source.read_text(encoding="utf-8"))
        expected = {normalise_title(t) for t in re.findall(r"《([^《》]{1,120})》", source)}
        found = {m.title for m in find_titles(doc.passages)}
        # titles printed only inside unrelated items excluded by curation are not policy citations
        excluded = {
            normalise_title(t) for p in doc.passages if p.excluded for t in re.findall(r"《([^《》]+)》", p.text)
        }
        assert found == expected - (excluded - found), doc.id


def test_a_title_broken_over_paragraphs_is_rejoined_and_junk_is_dropped():
    passages = [
        _passage("d", 0, "根据有关建议，我们编制了《国民经济和社会发展"),
        _passage("d", 1, "第十四个五年规划纲要（草案）"),
        _passage("d", 2, "》，提交大会审议。《纲要草案》坚持问题导向。"),
        _passage("d", 3, "》》点击图片进入专题《《"),
        _passage("d", 4, "收藏"),
    ]
    mentions = expand_short_forms(find_titles(passages))
    assert [(m.passage, m.title, m.rejoined) for m in mentions[:1]] == [
        (0, "国民经济和社会发展第十四个五年规划纲要（草案）", True)
    ]
    assert mentions[0].start == passages[0].text.index("《") and mentions[0].end == len(passages[0].text)
    short = [m for m in mentions if m.title == "纲要草案"]
    assert len(short) == 1 and short[0].short_of == mentions[0].title
    assert len(mentions) == 2  # nothing from the page chrome


def test_a_title_in_an_excluded_passage_is_not_a_citation():
    passages = [_passage("d", 0, "印发《某某条例》。", excluded=True, exclusion_reason="curated: ad")]
    assert find_titles(passages) == []


def test_citation_stage_reads_the_clause_of_the_whole_list():
    text = (
        "一年来，出台《甲条例》《乙条例》《丙条例》，听取和审议工作报告。此外，《丁条例》《戊条例》已被列入立法规划。"
    )
    for title in "甲乙丙":
        i = text.index(f"《{title}")
        assert citation_stage(text, i, text.index("》", i) + 1) == ("issued", "出台")
    i = text.index("《戊")
    assert citation_stage(text, i, text.index("》", i) + 1)[0] == "drafting"
    text = "根据《某某建议》，编制了《某某纲要（草案）》，提交大会审议。"
    i = text.index("《某某纲要")
    assert citation_stage(text, i, text.index("》", i) + 1) == ("drafting", "编制")


# ------------------------------------------------------------------------------------------------ cites on the seeds


def test_cites_on_the_seeds(ws, refs):
    cites = [r for r in refs if r.type == "cites"]
    for r in cites:
        text = ws.passage(r.source.doc, r.source.passage).text
        assert text[r.start : r.end].startswith("《") and r.target.title
        assert any(e.startswith("when: ") for e in r.evidence)
    # the plan names itself
    own = [r for r in cites if r.source.doc == PLAN]
    assert own and all(r.target.doc == PLAN for r in own)
    # a regulation cited by two documents is listed with both, oldest first, each with its stage
    multi = [c for c in cited_titles(refs) if len({r.source.doc for r in c.citations}) >= 2]
    assert multi
    for c in multi:
        whens = [e for r in c.citations for e in r.evidence if e.startswith("when: ")]
        assert whens == sorted(whens)
    law = next(c for c in multi if c.genre == "条例" and any("drafting" in e for r in c.citations for e in r.evidence))
    assert len(citations_of(refs, law.title)) == len(law.citations)


# ------------------------------------------------------------------------------------------------ programmes


def _m(name: str, doc: str, following: str = "", quoted: bool = True) -> ProgrammeMention:
    return ProgrammeMention(doc, 0, 0, len(name), name, quoted, following)


def test_quoted_verdict_tells_programmes_from_slogans():
    assert quoted_verdict("1269", [_m("1269", "a", "行动"), _m("1269", "b", "行动")], 2)[0]
    assert not quoted_verdict("1269", [_m("1269", "a", "行动"), _m("1269", "a", "行动")], 1)[0]  # one document
    assert not quoted_verdict("十四五", [_m("十四五", d, "规划") for d in "abc"], 3)[0]  # a period
    assert not quoted_verdict("江西样板", [_m("江西样板", d, "改革") for d in "abc"], 3)[0]  # praise
    assert not quoted_verdict("两山", [_m("两山", d) for d in "abcd"], 4)[0]  # doctrine: no programme context
    assert not quoted_verdict("美丽江西", [_m("美丽江西", "a", "建设"), _m("美丽江西", "b"), _m("美丽江西", "c")], 3)[0]


def test_programmes_on_the_seeds(ws):
    programmes = {p.name: p for p in detect_programmes(ws.passages())}
    for name in ("1269", "无废城市", "两高一低", "1+N", "绿盾"):
        assert name in programmes and len(programmes[name].docs) >= 2, name
    assert "绿盾2023" in programmes["绿盾"].aliases  # yearly rounds are one programme
    for slogan in ("十四五", "江西样板", "两山", "绿水青山就是金山银山", "走在前、勇争先、善作为", "双碳"):
        assert slogan not in programmes, slogan
    # a named campaign spelled three ways in three documents is one programme
    phosphorus = [p for p in programmes.values() if all("总磷" in m.name for m in p.mentions)]
    assert len(phosphorus) == 1 and len(phosphorus[0].docs) >= 3


def test_programme_references_mark_the_name_in_place(ws, refs):
    progs = [r for r in refs if r.type == "programme"]
    assert progs
    for r in progs:
        text = ws.passage(r.source.doc, r.source.passage).text
        written = next((e.split(": ", 1)[1] for e in r.evidence if e.startswith("as written: ")), r.target.title)
        assert text[r.start : r.end] == written
    shared = programme_passages(refs, "无废城市")
    assert len({r.source.doc for r in shared}) >= 2


def test_programmes_yaml_adds_vetoes_and_reports_each_bad_entry(ws, tmp_path):
    path = tmp_path / "programmes.yaml"
    path.write_text(
        "add:\n  - 无废细胞\n  - {name: 河湖长制, aliases: [河长制湖长制]}\n  - {aliases: [x]}\n  - [1, 2]\n"
        "veto:\n  - 无废城市\n  - {a: b}\nextra: 1\n",
        encoding="utf-8",
    )
    settings, problems = load_programme_settings(path)
    assert [e.name for e in settings.add] == ["无废细胞", "河湖长制"] and settings.veto == {"无废城市"}
    assert len(problems) == 4 and all(str(path) in str(p) for p in problems)
    programmes = {p.name: p for p in detect_programmes(ws.passages(), settings)}
    assert "无废城市" not in programmes
    assert programmes["无废细胞"].source == "user" and len(programmes["无废细胞"].docs) >= 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("add: [unclosed\n", encoding="utf-8")
    settings, problems = load_programme_settings(bad)
    assert settings == ProgrammeSettings() and len(problems) == 1 and "line" in problems[0].message
    assert load_programme_settings(tmp_path / "missing.yaml") == (ProgrammeSettings(), [])


# ------------------------------------------------------------------------------------------------ reports-on


def test_clauses_cut_long_sentences():
    text = "短句一。" + "，".join(["很长的一个分句内容"] * 12) + "。"
    clauses = clauses_of(text, longest=30)
    assert clauses[0] == "短句一。" and all(len(c) <= 31 for c in clauses[1:]) and "".join(clauses) == text


def test_ranking_prefers_rare_shared_words_and_programmes():
    corpus = [
        _passage("r", i, t)
        for i, t in enumerate(
            [
                "全省推进生态环境保护工作。",
                "全省生态环境保护持续推进。",
                "生态环境质量稳定向好。",
                "深入推进鄱阳湖总磷污染防治与削减专项行动，总磷浓度下降。",
                "鄱阳湖候鸟越冬。",
                "总磷排放监测。",
            ]
        )
    ]
    weights = TermWeights([p.text for p in corpus])

    def features(text, programmes=()):
        return Features([(c, weights.vector(c)) for c in clauses_of(text)], weights.vector(text), frozenset(programmes))

    measure = features("大力实施鄱阳湖总磷污染控制与削减专项行动，推进生态环境保护。", ["鄱阳湖总磷"])
    specific, _ev, clause = score_reports_on(measure, features(corpus[3].text, ["鄱阳湖总磷"]), weights)
    specific_no_programme, evidence, _ = score_reports_on(measure, features(corpus[3].text), weights)
    generic, _, _ = score_reports_on(measure, features(corpus[0].text), weights)
    assert specific > specific_no_programme > generic
    assert "总磷" in clause and any("鄱阳湖" in e for e in evidence)


def test_selection_keeps_a_passage_for_the_measures_it_is_most_about():
    cands = [
        Candidate("m1", "r", 1, 0.6, (), ""),
        Candidate("m2", "r", 1, 0.2, (), ""),
        Candidate("m2", "r", 2, 0.3, (), ""),
        Candidate("m1", "r", 3, 0.1, (), ""),
    ]
    kept = {(c.measure, c.passage) for c in select_reports_on(cands, min_score=0.15, relative=0.6, per_measure=5)}
    assert kept == {("m1", 1), ("m2", 2)}
    top = select_reports_on([Candidate("m", "r", i, 0.5 - i / 100, (), "") for i in range(10)], per_measure=3)
    assert [c.passage for c in top] == [0, 1, 2]


def test_reports_on_the_seeds(ws, refs):
    reports = {r.id for r in ws.records if r.kind == "report"}
    targets = {m.id for m in plan_measures(ws.measures(), ws.documents)}
    ons = [r for r in refs if r.type == "reports-on"]
    assert ons
    for r in ons:
        assert r.source.doc in reports and r.target.measure in targets and r.source.doc != r.target.doc
        assert 0 < r.score <= 1 and r.evidence and r.source.text in ws.passage(r.source.doc, r.source.passage).text
    leaves = [m for m in ws.measures(PLAN) if m.level > 0 and not any(o.parent == m.id for o in ws.measures(PLAN))]
    covered = {r.target.measure for r in ons}
    assert len(covered & {m.id for m in leaves}) >= 0.8 * len(leaves)  # most measures have report passages
    # the measure naming the lake's total-phosphorus campaign gets the reports' passages on that campaign
    measure = next(m for m in leaves if "总磷" in m.text)
    linked = references_for_measure(refs, measure.id)
    on_campaign = [
        r for r in linked if r.type == "reports-on" and "总磷" in ws.passage(r.source.doc, r.source.passage).text
    ]
    assert len({r.source.doc for r in on_campaign}) >= 2
    assert [r.score for r in linked] == sorted((r.score for r in linked), reverse=True)


def test_the_plan_part_of_a_report_is_reported_on_by_later_documents(ws, refs):
    """The congress report's second part plans its year; the later features report on it, never itself."""
    published = {r.id: r.published for r in ws.records}
    own = [m for m in plan_measures(ws.measures(), ws.documents) if m.doc == CONGRESS]
    parts = passage_parts(ws.measures(), ws.documents)
    review, plan = [m for m in ws.measures(CONGRESS) if m.level == 1]  # the review comes first, then the plan
    assert parts[(CONGRESS, review.passages[0])][0] == REVIEW_PART
    assert own and {m.parent for m in own} == {plan.id}
    ons = [r for r in refs if r.type == "reports-on" and r.target.doc == CONGRESS]
    assert len({r.target.measure for r in ons}) >= 0.75 * len(own)
    assert len({r.source.doc for r in ons}) >= 2
    for r in ons:
        assert published_after(published[r.source.doc], published[CONGRESS]), r
        assert parts[(r.source.doc, r.source.passage)][0] != PLAN_PART
    # a report published before the plan (the congress report of 2023) is its background, never progress on it
    assert not any(r.source.doc == CONGRESS and r.target.doc == PLAN for r in refs if r.type == "reports-on")
    assert not any(
        published_after(published[r.target.doc], published[r.source.doc]) for r in refs if r.type == "reports-on"
    )


def test_heading_orientation_reads_the_time_a_heading_names():
    assert heading_orientation("一、2023年工作回顾", 2024) == (REVIEW_PART, (2023, 2023))
    assert heading_orientation("三、2024年政府工作任务", 2024) == (PLAN_PART, (2024, 2024))
    assert heading_orientation("二、2024年经济社会发展总体要求和政策取向", 2024) == (PLAN_PART, (2024, 2024))
    assert heading_orientation("二、对今年政府工作的建议", 2023) == (PLAN_PART, (2023, 2023))
    assert heading_orientation("一、过去一年和五年工作回顾", 2023) == (REVIEW_PART, (2018, 2022))
    assert heading_orientation("一、2022年及过去五年试验区建设情况", 2023) == (REVIEW_PART, (2018, 2022))
    assert heading_orientation("关于2023年及未来五年建设总体思路和工作安排", 2023) == (PLAN_PART, (2023, 2027))
    # the last time named decides; a five-year plan is read as its years
    assert heading_orientation("二、“十三五”时期发展成就和“十四五”时期主要目标任务", 2021) == (PLAN_PART, (2021, 2025))
    assert heading_orientation("一、2025年和“十四五”时期工作回顾", 2026) == (REVIEW_PART, (2021, 2025))
    assert heading_orientation("二、“十五五”时期的主要目标和重点任务", 2026) == (PLAN_PART, (2026, 2030))
    assert heading_orientation("“十四五”时期发展成就", 2025)[0] == REVIEW_PART  # looks back though the period runs on
    assert heading_orientation("2024年工作回顾", 2024)[0] == REVIEW_PART  # a report of late 2024
    assert heading_orientation("过去十五年工作回顾", 2024) == (REVIEW_PART, (2009, 2023))  # not the 10th plan
    assert heading_orientation("三、下一步工作打算", 2024)[0] == PLAN_PART
    # no time named: an action heading, or a plan heading that promises results, is not a review
    assert heading_orientation("一、实施发展方式绿色转型行动", 2024) == (None, None)
    assert heading_orientation("（三）强化生态系统治理，努力在生态环境保护上取得更大成效", 2023) == (None, None)
    assert heading_orientation("2023年工作回顾", None) == (None, None)


def test_published_after_needs_a_known_order():
    assert published_after("2024-03-05", "2023-03-05") and published_after("2024", "2023-01-12")
    assert not published_after("2024", "2024-07") and not published_after("2023-03", "2023-03-05")
    assert not published_after("", "2023")


# ------------------------------------------------------------------------------------------------ tracks, helpers, speed


def test_tracks_point_from_reported_figures_to_plan_targets(ws, refs):
    tracks = [r for r in refs if r.type == "tracks"]
    expected = sum(len(t.reported) for t in ws.targets())
    assert len(tracks) == expected
    for r in tracks:
        text = ws.passage(r.source.doc, r.source.passage).text
        assert 0 <= r.start < r.end <= len(text) and r.target.doc and r.target.title


def test_passage_helper_finds_both_directions(refs):
    r = next(r for r in refs if r.type == "reports-on")
    assert r in references_for_passage(refs, r.source.doc, r.source.passage)
    assert r in references_for_passage(refs, r.target.doc, r.target.passage)


def test_references_are_fast_and_json_ready(ws):
    from explorer.model import as_dict

    out = ws.refs()
    assert set(Counter(r.type for r in out)) == {"cites", "programme", "reports-on", "tracks"}
    data = as_dict(out[0])
    assert set(data) >= {"type", "source", "target", "score", "evidence"} and set(data["source"]) >= {
        "doc",
        "passage",
        "text",
    }


# ------------------------------------------------------------------------------------------------ work reports


@needs_shared
def test_work_reports(tmp_path):
    from explorer.workspace import Workspace

    wr = Workspace.open(write_work_report_corpus(tmp_path / "corpus"), tmp_path / "index")
    out = wr.refs()
    titles = cited_titles(out)
    # an agreement followed through two years' reports
    assert any(len({r.source.doc for r in c.citations}) >= 2 and c.genre == "协定" for c in titles)
    # the five-year outline broken over lines by the web page is rejoined, and its short form points at it
    # (the pipeline rejoins most such breaks itself; the references module mends what is left)
    outlines = [
        r
        for r in out
        if r.type == "cites"
        and r.source.doc in ("cn-gwr-2011", "cn-gwr-2021")
        and "国民经济和社会发展" in r.target.title
        and "纲要" in r.target.title
    ]
    assert outlines
    assert any("(short form)" in e and "纲要" in r.target.title for r in out if r.type == "cites" for e in r.evidence)
    # books and films cited in a report are kept but flagged
    assert any(c.genre is None for c in titles)
    assert not any("点击" in (r.target.title or "") for r in out)
    # programmes recur across the national reports
    names = {r.target.title for r in out if r.type == "programme"}
    assert {"放管服", "证照分离"} <= names and "十四五" not in names and "两个维护" not in names
    _check_reports_on_work_reports(wr, [r for r in out if r.type == "reports-on"])


def _check_reports_on_work_reports(wr, ons):
    """Each report's review part reports on the plan part of the report before it (same government only)."""
    from explorer.extract.tracking import jurisdiction

    records = {r.id: r for r in wr.records}
    parts = passage_parts(wr.measures(), wr.documents)
    for r in ons:
        source, target = records[r.source.doc], records[r.target.doc]
        assert published_after(source.published, target.published), r  # never backwards in time
        assert jurisdiction(source) == jurisdiction(target), r  # Guangdong never reports on the State Council
        assert parts[(r.source.doc, r.source.passage)][0] != PLAN_PART  # a plan part reports on nothing
        assert parts[(r.target.doc, r.target.passage)][0] == PLAN_PART
    pairs = Counter((r.target.doc, r.source.doc) for r in ons)
    national = sorted((r.published, r.id) for r in records.values() if jurisdiction(r) == "national")
    consecutive = [(a[1], b[1]) for a, b in zip(national, national[1:]) if int(b[0][:4]) - int(a[0][:4]) == 1]
    assert len(consecutive) >= 4 and all(pairs[pair] >= 3 for pair in consecutive), (consecutive, pairs)
    # the provincial reports of the same year have no earlier report of their own government to answer
    assert not any(jurisdiction(records[doc]) != "national" for pair in pairs for doc in pair)
    # a year's green-development task gets the next year's review passages on ecology and pollution
    for plan_doc, report_doc in consecutive:
        green = [m for m in plan_measures(wr.measures(plan_doc), wr.documents) if "绿色" in m.title]
        for m in green:
            linked = [
                wr.passage(r.source.doc, r.source.passage).text
                for r in ons
                if r.target.measure == m.id and r.source.doc == report_doc
            ]
            assert any(re.search("生态|污染|碳|能源", text) for text in linked), (m.id, report_doc)
    assert (
        sum(
            1
            for plan_doc, _ in consecutive
            for m in plan_measures(wr.measures(plan_doc), wr.documents)
            if "绿色" in m.title
        )
        >= 3
    )


def test_settings_files_are_read_like_records(tmp_path):
    """A settings file in a corpus from someone else: no YAML aliases expanded, no FIFO waited on — programmes,
    glossary and lexicon alike, one line each and nothing loaded from them."""
    from explorer.extract.lexicon import load_lexicon
    from explorer.search.glossary import load_glossary

    bomb = tmp_path / "programmes.yaml"
    bomb.write_text('a: &a ["x", "x"]\nb: &b [*a, *a]\nadd: [*b, *b]\n', encoding="utf-8")
    settings, problems = load_programme_settings(bomb)
    assert settings == ProgrammeSettings() and len(problems) == 1 and "aliases" in problems[0].message
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    settings, problems = load_programme_settings(fifo)
    assert settings == ProgrammeSettings() and len(problems) == 1 and str(fifo) in str(problems[0])
    for load in (load_glossary, load_lexicon):
        for path in (bomb, fifo):
            loaded, problems = load(path)
            assert len(problems) == 1 and str(path) in str(problems[0]) and not loaded.entries, (load, path)
