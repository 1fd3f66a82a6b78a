"""A corpus from someone else: nothing outside the corpus folder is read, only regular files, sizes and YAML
expansion bounded; each bad record is one line naming its file, and the rest of the corpus loads."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

from explorer.workspace import Workspace

ENV_ALLOW = "POLICY_EXPLORER_ALLOW"
TEXT = (SEEDS / "004_025134c6bf8f4523.txt").read_text(encoding="utf-8")


def _record(doc_id: str, source: str, **extra: str) -> str:
    lines = [f"id: {doc_id}", "title: 江西省打造国家生态文明建设高地三年行动计划", "kind: plan", 'published: "2024-07"']
    lines.append(f"source: {source!r}" if "\n" not in source else f"source: {source!r}")
    lines += [f"{k}: {v}" for k, v in extra.items()]
    return "\n".join(lines) + "\n"


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(TEXT, encoding="utf-8")
    (folder / "good.yaml").write_text(_record("good", "good.txt"), encoding="utf-8")
    return folder


def _open(corpus):
    ws = Workspace.open(corpus, corpus.parent / "index")
    return ws, [str(p) for p in ws.problems]


def _only_good_loaded(ws) -> None:
    assert list(ws.documents) == ["good"]


def _secret(tmp_path):
    secret = tmp_path / "private-notes.txt"
    secret.write_text("我的私人笔记：不应被读取。\n" * 20, encoding="utf-8")
    return secret


@pytest.mark.parametrize("how", ["absolute", "relative", "symlink", "symlinked-record-folder-escape"])
def test_a_source_outside_the_corpus_is_refused(corpus, tmp_path, how):
    secret = _secret(tmp_path)
    if how == "absolute":
        source = str(secret)
    elif how == "relative":
        source = "../private-notes.txt"
    elif how == "symlink":
        (corpus / "innocent.txt").symlink_to(secret)
        source = "innocent.txt"
    else:
        (corpus / "sub").symlink_to(tmp_path)
        source = "sub/private-notes.txt"
    (corpus / "evil.yaml").write_text(_record("evil", source), encoding="utf-8")
    ws, problems = _open(corpus)
    _only_good_loaded(ws)
    assert any(p.startswith(str(corpus / "evil.yaml")) and "outside the corpus folder" in p for p in problems)
    assert all("私人笔记" not in p.text for d in ws.documents.values() for p in d.passages)


def test_system_files_are_refused(corpus):
    for n, source in enumerate(["/etc/passwd", "../../../../../../../../etc/passwd", "/proc/self/maps"]):
        (corpus / f"sys{n}.yaml").write_text(_record(f"sys{n}", source), encoding="utf-8")
    ws, problems = _open(corpus)
    _only_good_loaded(ws)
    assert sum("outside the corpus folder" in p for p in problems) == 3


def test_an_allowed_folder_is_read(corpus, tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "other.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "other.yaml").write_text(_record("other", str(shared / "other.txt")), encoding="utf-8")
    ws, _ = _open(corpus)
    assert "other" not in ws.documents
    monkeypatch.setenv(ENV_ALLOW, str(shared))
    ws, problems = _open(corpus)
    assert set(ws.documents) == {"good", "other"}, problems


def test_allow_dir_option_of_the_command_line(corpus, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "other.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "other.yaml").write_text(_record("other", str(shared / "other.txt")), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    base = [sys.executable, "-m", "explorer", "--corpus", str(corpus), "--index", str(tmp_path / "ix"), "docs"]
    refused = subprocess.run([*base, "--json"], capture_output=True, text=True, env=env, timeout=120)
    allowed = subprocess.run([*base, "--allow-dir", str(shared), "--json"], capture_output=True, text=True, env=env)
    assert "outside the corpus folder" in refused.stderr and '"other"' not in refused.stdout
    assert allowed.returncode == 0 and '"other"' in allowed.stdout, allowed.stderr


def test_a_fifo_source_is_refused_without_hanging(corpus):
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "pipe.yaml").write_text(_record("pipe", "pipe.txt"), encoding="utf-8")
    os.mkfifo(corpus / "record-pipe.yaml")
    result: dict = {}
    worker = threading.Thread(target=lambda: result.update(zip(("ws", "problems"), _open(corpus))), daemon=True)
    worker.start()
    worker.join(60)  # a blocked open() would never return; the assertion below then fails instead of hanging
    assert not worker.is_alive(), "opening the corpus blocked on a FIFO"
    _only_good_loaded(result["ws"])
    assert any("pipe.yaml" in p and "not a regular file" in p for p in result["problems"])
    assert any("record-pipe.yaml" in p and "not a regular file" in p for p in result["problems"])


def test_a_device_source_is_refused(corpus, monkeypatch):
    monkeypatch.setenv(ENV_ALLOW, "/dev")
    (corpus / "zero.yaml").write_text(_record("zero", "/dev/zero"), encoding="utf-8")
    (corpus / "random.yaml").write_text(_record("random", "/dev/urandom"), encoding="utf-8")
    ws, problems = _open(corpus)
    _only_good_loaded(ws)
    assert sum("not a regular file" in p for p in problems) == 2


def test_an_oversized_source_is_refused_by_its_size(corpus, monkeypatch):
    from explorer.corpus import records

    monkeypatch.setattr(records, "MAX_SOURCE_BYTES", 1 << 20)
    with open(corpus / "huge.txt", "wb") as fh:
        fh.truncate(3 << 20)  # sparse: no disk used
    (corpus / "huge.yaml").write_text(_record("huge", "huge.txt"), encoding="utf-8")
    ws, problems = _open(corpus)
    _only_good_loaded(ws)
    assert any("huge.yaml" in p and "over the 1 MB limit" in p for p in problems)


def test_a_source_that_grows_after_the_check_is_still_bounded(corpus, monkeypatch):
    from explorer.corpus import document

    monkeypatch.setattr(document, "MAX_SOURCE_BYTES", 1000)  # the records check passed; the read itself bounds
    ws, problems = _open(corpus)
    assert not ws.documents and any("over the 0 MB limit" in p or "limit" in p for p in problems)


def test_yaml_alias_bomb_is_refused_quickly(corpus):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        prev, cur = chr(ord("a") + n - 1), chr(ord("a") + n)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    bomb = _record("bomb", "good.txt") + "\n".join(lines) + "\n"
    (corpus / "bomb.yaml").write_text(bomb, encoding="utf-8")
    ws, problems = _open(corpus)  # before: 75 s, then MemoryError
    _only_good_loaded(ws)
    assert any("bomb.yaml" in p and "aliases" in p for p in problems)


@pytest.mark.parametrize("covers", ['"0-999999999"', "[0, 2024]", '"2024-2020"', "[99999999999999999999999]"])
def test_absurd_covers_are_refused(corpus, covers):
    (corpus / "years.yaml").write_text(_record("years", "good.txt", covers=covers), encoding="utf-8")
    ws, problems = _open(corpus)
    _only_good_loaded(ws)
    assert any("years.yaml" in p and "covers must be a list of years" in p for p in problems)


def test_a_300_character_source_is_one_line(corpus):
    (corpus / "long.yaml").write_text(_record("long", "x" * 300 + ".txt"), encoding="utf-8")
    ws, problems = _open(corpus)
    _only_good_loaded(ws)
    line = next(p for p in problems if "long.yaml" in p)
    assert "\n" not in line and len(line) < 400 and "x" * 300 not in line


def test_utf16_and_mixed_sources_load_with_a_warning(corpus):
    lines = TEXT.splitlines(keepends=True)
    (corpus / "u16.txt").write_bytes(b"\xff\xfe" + TEXT.encode("utf-16-le"))
    (corpus / "mixed.txt").write_bytes(
        b"".join(x.encode("gbk" if i % 5 == 2 else "utf-8") for i, x in enumerate(lines))
    )
    for name in ("u16", "mixed"):
        (corpus / f"{name}.yaml").write_text(_record(name, f"{name}.txt"), encoding="utf-8")
    ws, problems = _open(corpus)
    assert set(ws.documents) == {"good", "u16", "mixed"}, problems
    good = [p.text for p in ws.documents["good"].passages]
    assert [p.text for p in ws.documents["u16"].passages] == good
    assert [p.text for p in ws.documents["mixed"].passages] == good
    assert any("mixed.txt" in p and "mixed encodings" in p for p in problems)


def test_a_record_linked_from_outside_the_corpus_is_not_read(corpus, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.txt").write_text(TEXT, encoding="utf-8")
    (elsewhere / "secret.yaml").write_text(_record("secret", "secret.txt"), encoding="utf-8")
    (corpus / "secret.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "linked.yaml").symlink_to(elsewhere / "secret.yaml")
    ws, problems = _open(corpus)
    _only_good_loaded(ws)
    assert any("linked.yaml" in p and "link to outside the corpus" in p for p in problems)


def test_parsed_records_are_cached_exactly_and_reparsed_when_changed(corpus, monkeypatch):
    """A cold start does not parse every YAML record again: the cache gives the very records YAML gives."""
    from explorer.corpus import records

    (corpus / "dated.yaml").write_text(
        _record("dated", "good.txt").replace('published: "2024-07"', "published: 2024-07-12")
        + "extra: {when: 2024-01-02, n: [1, 2]}\n",
        encoding="utf-8",
    )
    for path in corpus.iterdir():  # a change within 2 s of the read is never trusted from the cache
        os.utime(path, (path.stat().st_mtime - 3600,) * 2)
    first, _ = records.load_records(corpus)
    parsed: list[str] = []
    real = records.safe_yaml_load
    monkeypatch.setattr(records, "safe_yaml_load", lambda text, *a: parsed.append(text) or real(text, *a))
    second, _ = records.load_records(corpus)
    assert parsed == [] and second == first
    cache = next(Path(os.environ["XDG_CACHE_HOME"]).rglob("records-*.json"))
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    (corpus / "good.yaml").write_text(_record("good", "good.txt").replace("行动计划", "实施方案"), encoding="utf-8")
    third, _ = records.load_records(corpus)
    assert len(parsed) == 1 and next(r for r in third if r.id == "good").title.endswith("实施方案")


@pytest.mark.parametrize("damage", [b"\x00garbage", b'{"version": 1, "records": {"good.yaml": ["a", "b", "c", 4]}}'])
def test_a_damaged_record_cache_is_ignored(corpus, damage):
    from explorer.corpus import records

    for path in corpus.iterdir():
        os.utime(path, (path.stat().st_mtime - 3600,) * 2)
    first, _ = records.load_records(corpus)
    cache = next(Path(os.environ["XDG_CACHE_HOME"]).rglob("records-*.json"))
    cache.write_bytes(damage)
    again, problems = records.load_records(corpus)
    assert again == first and not problems
