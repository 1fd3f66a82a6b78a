"""After one document changes, the stored results are brought up to date piece by piece — prepared figures per
document, targets per indicator, programme occurrences per document, reports-on per plan — and the answers are
exactly those of a store computed from nothing. Warm ``--json`` listings are read from the store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import needs_shared, write_work_report_corpus

from explorer.extract import tracking
from explorer.workspace import Workspace

pytestmark = needs_shared

NAMES = ["cn-gwr-2022", "cn-gwr-2023", "cn-gwr-2024", "cn-gwr-2025"]


def _answers(ws: Workspace) -> tuple:
    return ws.figures(), ws.targets(), ws.refs()


def _edit(corpus: Path) -> None:
    """The 2024 report's employment target raised: one figure of one indicator changes."""
    path = corpus / "cn-gwr-2024.txt"
    text = path.read_text(encoding="utf-8")
    assert "城镇新增就业1200万人以上" in text
    path.write_text(text.replace("城镇新增就业1200万人以上", "城镇新增就业1300万人以上", 1), encoding="utf-8")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_work_report_corpus(tmp_path / "corpus", NAMES)


def test_one_changed_figure_retracks_its_indicators_only_and_answers_as_from_nothing(corpus, tmp_path, monkeypatch):
    warm = Workspace.open(corpus, tmp_path / "index")
    _answers(warm)
    groups = len({t.indicator for t in warm.targets()})
    _edit(corpus)

    tracked_groups: list[str] = []
    track_group = tracking._track_group
    monkeypatch.setattr(
        tracking, "_track_group", lambda group, *a: tracked_groups.append(group[0].indicator) or track_group(group, *a)
    )
    again = Workspace.open(corpus, tmp_path / "index")
    incremental = _answers(again)
    # the employment figure's indicator (and none of the dozens the reports track) was judged again
    # the indicators stated in the edited sentence (its quote changed: 7 of the 31 with targets), no other
    # or listing one of them as related (GDP总量 lists GDP增速)
    said = {f.indicator for f in again.figures() if "1300万人以上" in f.quote}
    relatives = {f.indicator for f in again.figures() if set(again.lexicon.related(f.indicator)) & said}
    assert "城镇新增就业" in tracked_groups and set(tracked_groups) <= said | relatives
    assert len(set(tracked_groups)) < groups / 3
    assert any(t.target.value == "1300" for t in incremental[1])

    monkeypatch.undo()
    fresh = Workspace.open(corpus, tmp_path / "fresh-index")
    assert incremental == _answers(fresh)


def test_programme_occurrences_are_scanned_again_only_where_the_text_changed(corpus, tmp_path, monkeypatch):
    from explorer.linking import stage

    Workspace.open(corpus, tmp_path / "index").programmes()
    _edit(corpus)
    scanned: list[str] = []
    texts = stage.Linker._texts
    monkeypatch.setattr(stage.Linker, "_texts", lambda self, doc: scanned.append(doc) or texts(self, doc))
    again = Workspace.open(corpus, tmp_path / "index").programmes()
    assert scanned == ["cn-gwr-2024"]
    monkeypatch.undo()
    assert again == Workspace.open(corpus, tmp_path / "fresh-index").programmes()


def _cli(corpus: Path, index: Path, *args: str) -> bytes:
    done = subprocess.run(
        [sys.executable, "-m", "explorer", "--corpus", str(corpus), "--index", str(index), *args],
        capture_output=True,
        check=True,
    )
    return done.stdout


def test_warm_json_listings_are_read_from_the_store_and_follow_changes(corpus, tmp_path):
    index = tmp_path / "index"
    for listing in (["figures"], ["targets"], ["refs"], ["refs", "--type", "cites"]):
        first = _cli(corpus, index, *listing, "--json")
        assert json.loads(first)
        assert _cli(corpus, index, *listing, "--json") == first
    listings = list((index / "analysis" / "listings").glob("*/*.pkl"))
    assert len(listings) == 4
    before = json.loads(_cli(corpus, index, "targets", "--json"))
    _edit(corpus)
    after = json.loads(_cli(corpus, index, "targets", "--json"))
    assert after != before and any(t["target"]["value"] == "1300" for t in after)
    # a filtered listing is made each time, from the same data
    one = json.loads(_cli(corpus, index, "targets", "--doc", "cn-gwr-2024", "--json"))
    assert one == [t for t in after if t["doc"] == "cn-gwr-2024"]


def test_a_damaged_shard_is_computed_again_and_the_answers_stay(corpus, tmp_path):
    from explorer.analysis.corpus import CORPUS
    from explorer.analysis.store import shard_of
    from explorer.keys import fingerprint

    ws = Workspace.open(corpus, tmp_path / "index")
    figures, targets = ws.figures(), ws.targets()
    shard = shard_of("cn-gwr-2024", ws.store.SHARDS)
    damaged = ws.store.path(CORPUS, fingerprint("parts", "prepared:False", shard))
    damaged.write_bytes(b"\x80\x05garbled")
    again = Workspace.open(corpus, tmp_path / "index")
    assert again.figures() == figures and again.targets() == targets
    stored = again.store.get_parts(CORPUS, "prepared:False")
    assert stored is not None and "cn-gwr-2024" in stored[1]  # the shard was written again


def test_stored_indicators_follow_a_correction(corpus, tmp_path):
    from explorer.corrections import FILE_NAME, Correction, add_correction

    ws = Workspace.open(corpus, tmp_path / "index")
    names = [s.name for s in ws.indicators()]
    assert "城镇新增就业" in names
    add_correction(corpus / FILE_NAME, Correction("merge", names=("城镇新增就业",), into="新增城镇就业人数"))
    ws.forget_corrections()
    merged = {s.name: s for s in ws.indicators()}
    assert "城镇新增就业" not in merged and "新增城镇就业人数" in merged
    again = {s.name: s for s in Workspace.open(corpus, tmp_path / "index").indicators()}  # from the store
    assert again == merged


def _append(corpus: Path, line: str) -> None:
    path = corpus / "cn-gwr-2024.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")


def test_an_edit_that_states_no_figure_programme_or_title_computes_no_corpus_wide_link_again(
    corpus, tmp_path, monkeypatch
):
    """Early cutoff: the edited report's outputs have new keys, but its figures, mentions and programme
    occurrences are what they were, so neither the programme detection nor any indicator's tracking runs."""
    from explorer.linking import programme_links

    _answers(Workspace.open(corpus, tmp_path / "index"))
    _append(corpus, "（本报告根据代表意见作了修改）")
    ran: list[str] = []
    detect, track_group = programme_links.programmes_of, tracking._track_group
    monkeypatch.setattr(programme_links, "programmes_of", lambda *a, **k: ran.append("programmes") or detect(*a, **k))
    monkeypatch.setattr(tracking, "_track_group", lambda *a: ran.append("tracking") or track_group(*a))
    incremental = _answers(Workspace.open(corpus, tmp_path / "index"))
    assert ran == []
    monkeypatch.undo()
    assert incremental == _answers(Workspace.open(corpus, tmp_path / "fresh-index"))


def test_an_edit_that_names_a_programme_or_cites_a_title_is_linked_as_from_nothing(corpus, tmp_path):
    warm = Workspace.open(corpus, tmp_path / "index")
    _answers(warm)
    name = next(p.name for p in warm.programmes() if "cn-gwr-2024" not in p.docs and len(p.name) >= 4)
    _append(corpus, f"继续实施{name}，认真贯彻《中华人民共和国国民经济和社会发展第十五个五年规划纲要》。")
    incremental = _answers(Workspace.open(corpus, tmp_path / "index"))
    programme = [r for r in incremental[2] if r.type == "programme" and r.target.title == name]
    assert any(r.source.doc == "cn-gwr-2024" for r in programme)
    assert any(r.type == "cites" and "十五个五年规划" in (r.target.title or "") for r in incremental[2])
    assert incremental == _answers(Workspace.open(corpus, tmp_path / "fresh-index"))


def test_one_documents_references_are_those_of_the_whole_listing(corpus, tmp_path):
    """refs --doc makes only the tracks of targets with an end in the document: the same references, in order."""
    everything = Workspace.open(corpus, tmp_path / "index").refs()
    for doc in ("cn-gwr-2023", "cn-gwr-2025"):
        one = Workspace.open(corpus, tmp_path / "index").refs(doc=doc)
        assert one == [r for r in everything if doc in (r.source.doc, r.target.doc)]
        assert any(r.type == "tracks" for r in one)
        sent = Workspace.open(corpus, tmp_path / "index").refs(from_doc=doc)
        assert sent == [r for r in everything if r.source.doc == doc]


def test_a_record_whose_dates_change_is_tracked_and_linked_as_from_nothing(corpus, tmp_path):
    """A record's published date and span are read by tracking (what is background, what is progress) though its
    text and figures are unchanged: every indicator it states is judged again."""
    import yaml

    warm = Workspace.open(corpus, tmp_path / "index")
    before = _answers(warm)
    path = corpus / "cn-gwr-2025.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["published"], record["covers"] = "2022-03-05", [2021, 2022]
    path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    incremental = _answers(Workspace.open(corpus, tmp_path / "index"))
    assert incremental[1] != before[1]
    assert incremental == _answers(Workspace.open(corpus, tmp_path / "fresh-index"))


_PLAN = "某某市生活垃圾分类三年行动方案\n\n一、主要目标\n\n到2027年，全市城市生活垃圾回收利用率达到45%以上。\n"
_PLAN_RECORD = (
    "id: zz-plan\ntitle: 某某市生活垃圾分类三年行动方案\nkind: plan\nissuer: 某某市人民政府\n"
    "published: '2025-01-10'\ncovers: [2025, 2026, 2027]\nsource: zz-plan.txt\nlanguage: zh\n"
)


def test_records_listed_in_another_order_list_their_targets_in_that_order(tmp_path):
    """No indicator's inputs change when a record file is renamed, but the listing follows the records' order
    (found by a review: the stored order was handed back)."""
    corpus = write_work_report_corpus(tmp_path / "corpus", ["cn-gwr-2024"])
    (corpus / "zz-plan.txt").write_text(_PLAN, encoding="utf-8")
    (corpus / "zz-plan.yaml").write_text(_PLAN_RECORD, encoding="utf-8")
    assert Workspace.open(corpus, tmp_path / "index").targets()[0].doc == "cn-gwr-2024"
    (corpus / "zz-plan.yaml").rename(corpus / "aa-plan.yaml")  # records are listed by file name
    incremental = Workspace.open(corpus, tmp_path / "index")
    fresh = Workspace.open(corpus, tmp_path / "fresh-index")
    assert incremental.targets()[0].doc == "zz-plan"
    assert incremental.targets() == fresh.targets() and incremental.refs() == fresh.refs()


def test_a_new_linking_version_makes_every_link_again(corpus, tmp_path, monkeypatch):
    """Links kept across edits by their inputs' content or their own parts' keys are made again when the way of
    making them changes (LINKING_VERSION bumped with the code)."""
    import dataclasses

    from explorer.linking import programme_links, stage

    ws = Workspace.open(corpus, tmp_path / "index")
    ws.refs()
    for module in (stage, programme_links):
        monkeypatch.setattr(module, "LINKING_VERSION", "test-next")
    detect, cite = programme_links.programmes_of, stage.cite_references
    monkeypatch.setattr(
        programme_links,
        "programmes_of",
        lambda *a, **k: [dataclasses.replace(p, evidence=(*p.evidence, "new")) for p in detect(*a, **k)],
    )
    monkeypatch.setattr(
        stage,
        "cite_references",
        lambda *a, **k: [dataclasses.replace(r, evidence=(*r.evidence, "new")) for r in cite(*a, **k)],
    )
    refs = Workspace.open(corpus, tmp_path / "index").refs()
    for kind in ("programme", "cites"):
        made = [r for r in refs if r.type == kind]
        assert made and all("new" in r.evidence for r in made)
    assert refs == Workspace.open(corpus, tmp_path / "fresh-index").refs()
