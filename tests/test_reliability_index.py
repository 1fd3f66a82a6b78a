"""A damaged index is detected, not answered around: it is rebuilt, or — where it cannot be written — the last
good generation answers with one line saying so; never a silent "no passage matches". Index files are private."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from conftest import SEEDS

from explorer.cli import main

QUERY = "生态文明"


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n, name in enumerate(["004_025134c6bf8f4523", "002_4d1eea1c78c5d67b"]):
        shutil.copyfile(SEEDS / f"{name}.txt", folder / f"s{n}.txt")
        (folder / f"s{n}.yaml").write_text(
            f"id: s{n}\ntitle: 测试文件{n}\nkind: plan\npublished: '2024'\nsource: s{n}.txt\n", encoding="utf-8"
        )
    return folder


def _run(capsys, corpus, index, *args):
    code = main(["--corpus", str(corpus), "--index", str(index), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _search(capsys, corpus, index):
    code, out, err = _run(capsys, corpus, index, "search", QUERY, "--limit", "100", "--json")
    return code, [(h["doc"], h["passage"]) for h in json.loads(out)], err


def _live(index: Path) -> Path:
    return index / (index / "CURRENT").read_text().strip()


def _segment(index: Path) -> Path:
    return max(_live(index).glob("*.seg"), key=lambda p: p.stat().st_size)


def _garble(path: Path) -> None:
    """Same size, bytes changed in place (a bad sector, a stray write): only a checksum can tell."""
    data = bytearray(path.read_bytes())
    for i in range(len(data) // 10, len(data) * 9 // 10):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["garbled", "truncated", "missing", "manifest-types", "current-is-a-folder"])
def test_a_damaged_index_is_rebuilt_and_answers_like_a_clean_one(capsys, corpus, tmp_path, damage):
    index = tmp_path / "index"
    code, clean, _ = _search(capsys, corpus, index)
    assert code == 0 and clean
    if damage == "garbled":
        _garble(_segment(index))
    elif damage == "truncated":
        seg = _segment(index)
        seg.write_bytes(seg.read_bytes()[: seg.stat().st_size // 2])
    elif damage == "missing":
        _segment(index).unlink()
    elif damage == "manifest-types":
        manifest = _live(index) / "manifest.json"
        data = json.loads(manifest.read_text())
        data["docs"] = ["s0", "s1"]
        manifest.write_text(json.dumps(data))
    else:
        (index / "CURRENT").unlink()
        (index / "CURRENT").mkdir()
    code, hits, err = _search(capsys, corpus, index)
    assert code == 0 and hits == clean, err
    assert "Error" not in err and "Traceback" not in err


def test_index_command_does_not_call_a_damaged_index_up_to_date(capsys, corpus, tmp_path):
    index = tmp_path / "index"
    _run(capsys, corpus, index, "index")
    _garble(_segment(index))
    code, out, _ = _run(capsys, corpus, index, "index")
    assert code == 0 and "up to date" not in out and "damaged" in out


def test_status_reports_damage(corpus, tmp_path, capsys):
    from explorer.corpus.normalise import NORMALISER_VERSION
    from explorer.search.index import SearchIndex

    index = tmp_path / "index"
    _run(capsys, corpus, index, "index")
    _garble(_segment(index))
    status = SearchIndex(index, normaliser_version=NORMALISER_VERSION).status()
    assert status.state == "stale" and "damaged" in status.reason


def _fail_writes(monkeypatch, err=errno.ENOSPC):
    from explorer.search import index as index_module

    def fail(*args, **kwargs):
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(index_module, "_link_tree", fail)
    monkeypatch.setattr(index_module.windex, "create_in", fail)


@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EROFS])
def test_when_the_index_cannot_be_updated_the_previous_one_answers(capsys, corpus, tmp_path, monkeypatch, err):
    index = tmp_path / "index"
    code, clean, _ = _search(capsys, corpus, index)
    with open(corpus / "s1.txt", "a", encoding="utf-8") as fh:
        fh.write("\n补充说明：本文件自印发之日起施行。\n")
    _fail_writes(monkeypatch, err)
    code, hits, err_text = _search(capsys, corpus, index)
    assert code == 0 and hits == clean
    lines = [line for line in err_text.splitlines() if line.strip()]
    assert len(lines) == 1 and "cannot update the index" in lines[0] and os.strerror(err) in lines[0]


def test_a_damaged_index_that_cannot_be_rebuilt_answers_from_the_last_good_one(capsys, corpus, tmp_path, monkeypatch):
    index = tmp_path / "index"
    _search(capsys, corpus, index)
    with open(corpus / "s1.txt", "a", encoding="utf-8") as fh:
        fh.write("\n补充说明：本文件自印发之日起施行。\n")
    code, clean, _ = _search(capsys, corpus, index)  # a second generation; the first is kept as the last good one
    # generations share segment files by hard links: damage one written by the second generation only
    older = {f.stat().st_ino for g in index.glob("g*") if g != _live(index) for f in g.iterdir()}
    own = [f for f in _live(index).glob("*.seg") if f.stat().st_ino not in older]
    assert own
    _garble(max(own, key=lambda f: f.stat().st_size))
    _fail_writes(monkeypatch)
    code, hits, err = _search(capsys, corpus, index)
    assert code == 0 and hits and set(hits) <= set(clean) | {(d, p + 1) for d, p in clean}
    assert "damaged" in err and "last good index" in err


def test_nothing_usable_is_said_not_answered_with_zero(capsys, corpus, tmp_path, monkeypatch):
    index = tmp_path / "index"
    _search(capsys, corpus, index)
    _garble(_segment(index))
    _fail_writes(monkeypatch)
    code, out, err = _run(capsys, corpus, index, "search", QUERY)
    assert "could not be rebuilt" in err or "cannot update the index" in err


def test_index_files_are_private(capsys, corpus, tmp_path):
    index = tmp_path / "cache" / "index"
    _run(capsys, corpus, index, "index")
    (corpus / "s1.txt").write_text((corpus / "s1.txt").read_text() + "\n附则。\n", encoding="utf-8")
    _run(capsys, corpus, index, "index")  # an incremental update (hard links) keeps them private too
    for path in [index, *index.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path} is {oct(mode)}"


def test_cold_search_does_not_reread_unchanged_sources(capsys, corpus, tmp_path, monkeypatch):
    for path in corpus.iterdir():  # older than the 2 s within which a size and mtime are not trusted
        os.utime(path, (path.stat().st_mtime - 3600,) * 2)
    index = tmp_path / "index"
    code, clean, _ = _search(capsys, corpus, index)
    reads: list[str] = []
    real = Path.read_bytes

    def spy(self):
        if self.suffix == ".txt":
            reads.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    from explorer import fileio

    real_regular = fileio.read_regular

    def spy_regular(path, limit):  # sources only: the glossary, a settings file, is read by every search
        if Path(path).suffix == ".txt":
            reads.append(Path(path).name)
        return real_regular(path, limit)

    monkeypatch.setattr(fileio, "read_regular", spy_regular)
    code, hits, _ = _search(capsys, corpus, index)
    assert hits == clean and reads == []
    (corpus / "s0.txt").write_text(
        (corpus / "s0.txt").read_text() + "\n附则：新增一条生态文明条款。\n", encoding="utf-8"
    )
    code, hits, _ = _search(capsys, corpus, index)
    assert "s0.txt" in reads and len(hits) == len(clean) + 1


def test_a_just_changed_file_is_not_trusted_by_its_stamp(corpus, tmp_path):
    """Racy: a file changed within 2 s of being read may change again within the same mtime tick; its size and
    mtime are then not recorded, and the next run compares content hashes instead."""
    from explorer.search import integrity
    from explorer.workspace import Workspace

    ws = Workspace.open(corpus, tmp_path / "index")
    assert all(integrity.doc_stamp(r) is None for r in ws.records)
    for path in corpus.iterdir():
        os.utime(path, (path.stat().st_mtime - 3600,) * 2)
    ws = Workspace.open(corpus, tmp_path / "index")
    assert all(integrity.doc_stamp(r) for r in ws.records)


def test_index_command_on_a_full_disk_is_one_line_and_keeps_the_index(capsys, corpus, tmp_path, monkeypatch):
    index = tmp_path / "index"
    _run(capsys, corpus, index, "index")
    before = (index / "CURRENT").read_text()
    _fail_writes(monkeypatch)
    code, out, err = _run(capsys, corpus, index, "index", "--rebuild")
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and "cannot write the index" in lines[0] and "No space left" in lines[0]
    assert (index / "CURRENT").read_text() == before


def test_a_folder_given_as_index_is_not_chmodded(capsys, corpus, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o755)
    (shared / "other.txt").write_text("someone else's", encoding="utf-8")
    _run(capsys, corpus, shared, "index")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755  # --index /tmp must not lock others out of /tmp
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in shared.glob("g*/**/*"))


def test_an_update_hashes_only_the_index_files_it_wrote(capsys, corpus, tmp_path, monkeypatch):
    """The segments an update keeps are hard links of files the last generation verified: their hashes are
    carried over, not read whole again; the new generation still verifies whole."""
    import time

    from explorer.search import integrity

    index = tmp_path / "index"
    _run(capsys, corpus, index, "index")
    live = _live(index)
    past = time.time() - 60  # older than the racy window: a stamp that can be trusted
    for f in live.iterdir():
        os.utime(f, (past, past))
    assert integrity.damage(live, json.loads((live / "manifest.json").read_text()), full=True) == ""
    kept = set(json.loads((live / "manifest.json").read_text())["files"])
    hashed: list[str] = []
    full_hash = integrity._full_hash
    monkeypatch.setattr(integrity, "_full_hash", lambda p: hashed.append(p.name) or full_hash(p))
    source = corpus / "s1.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\n新增一段关于生态文明建设的文字。\n", encoding="utf-8")
    code, out, _ = _run(capsys, corpus, index, "index")
    assert code == 0 and _live(index) != live
    assert hashed and not set(hashed) & kept
    monkeypatch.undo()
    new = _live(index)
    assert integrity.damage(new, json.loads((new / "manifest.json").read_text()), full=True) == ""
    assert QUERY in out or _search(capsys, corpus, index)[1]
