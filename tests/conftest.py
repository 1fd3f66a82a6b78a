from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
WORK_REPORTS = SHARED / "corpora" / "work-reports"

PLAN = "jx-eco-plan-2024-2026"
CONGRESS = "jx-congress-report-2023"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Never write into the user's real data or cache folders from a test."""
    monkeypatch.setenv("POLICY_EXPLORER_DATA", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="session")
def seed_workspace(tmp_path_factory):
    from explorer.workspace import Workspace

    return Workspace.open(CORPUS, tmp_path_factory.mktemp("index"))


def write_work_report_corpus(target: Path, names: list[str] | None = None) -> Path:
    """A corpus folder of the shared work reports: each text copied in beside its record (metadata from its
    sidecar), since a record's source must be inside the corpus folder."""
    import shutil

    import yaml

    target.mkdir(parents=True, exist_ok=True)
    for txt in sorted(WORK_REPORTS.glob("*.txt")):
        if names and txt.stem not in names:
            continue
        meta = yaml.safe_load(txt.with_suffix(".yaml").read_text(encoding="utf-8"))
        year = int(str(meta["date"])[:4])
        record = {
            "id": txt.stem,
            "title": meta["title"],
            "kind": "report",
            "issuer": str(meta.get("issuer", "")).split("（")[0],
            "published": str(meta["date"]),
            "covers": [year - 1, year],
            "source": txt.name,
            "language": "zh",
        }
        shutil.copyfile(txt, target / txt.name)
        (target / f"{txt.stem}.yaml").write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    return target


needs_shared = pytest.mark.skipif(not WORK_REPORTS.exists(), reason="../shared/corpora is not beside the repository")
