"""The analysis commands on a corpus the code was not built for: the 72 State Council work reports and NPC
resolutions of 1954–2025 (../shared/corpora/raw), imported from JSON lines. Counts are floors a little under
what was measured (docs 72, figures 4749, GDP增速 77, measures 1415, targets 539), so a regression that loses
a large share fails while refinements pass."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import SHARED

RAW_JSONL = SHARED / "corpora" / "raw" / "government_work_reports.jsonl"

pytestmark = pytest.mark.skipif(not RAW_JSONL.is_file(), reason="../shared/corpora is not beside the repository")

STATUSES = {"achieved", "on track", "needs acceleration", "limited progress", "deteriorating", "no data"}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    from explorer.corpus.importing import import_jsonl
    from explorer.workspace import Workspace

    corpus = tmp_path_factory.mktemp("gwr-corpus")
    report = import_jsonl(RAW_JSONL, corpus, text_field="content", title_field="title", date_field="year")
    assert not report.problems and len(report.added) == 72
    return Workspace.open(corpus, tmp_path_factory.mktemp("gwr-index"))


def _errors(ws) -> list[str]:
    return [str(p) for p in ws.problems if p.severity == "error"]


def test_every_record_loads_without_errors(workspace):
    assert len(workspace.documents) == 72
    assert _errors(workspace) == []
    assert sum(len(d.passages) for d in workspace.documents.values()) > 5000


def test_figures_and_indicators_are_plausible(workspace):
    figures = workspace.figures()
    assert len(figures) >= 4000
    assert _errors(workspace) == []
    per_doc = Counter(f.doc for f in figures)
    # the full reports (not the one-page resolutions) all state figures
    full_reports = [d for d, doc in workspace.documents.items() if len(doc.passages) >= 40]
    assert len(full_reports) >= 45 and all(per_doc[d] > 0 for d in full_reports)
    growth = workspace.series("GDP增速")
    assert len(growth) >= 60 and len({f.doc for f in growth}) >= 30


def test_measures_and_targets_complete_with_known_statuses(workspace):
    measures = workspace.measures()
    targets = workspace.targets()
    assert _errors(workspace) == []
    assert len(measures) >= 1200
    assert len(targets) >= 450
    assert {t.status for t in targets} <= STATUSES
    assert sum(t.status == "achieved" for t in targets) >= 40
