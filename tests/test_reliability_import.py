"""Import never overwrites what the user has, is all-or-nothing per document after a SIGKILL, and a bad file or
line is one problem naming it (file:line) while the rest goes on; zip bombs and giant lines are refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from explorer.corpus.importing import import_jsonl, import_paths

PLAN_TEXT = (
    "测试市生态环境保护行动计划（2024—2026年）\n测试市人民政府办公室\n\n一、总体要求\n"
    "到2026年，全市空气质量优良天数比例达到90%以上，森林覆盖率稳定在63%以上。\n"
    "二、重点任务\n（一）实施绿色转型行动。战略性新兴产业增加值占规模以上工业增加值比重达到30%以上。\n\n"
    "测试市人民政府办公室\n2024年4月2日\n"
)
REPORT_TEXT = PLAN_TEXT.replace("行动计划", "工作报告").replace("63%", "65%")


def _debris(corpus: Path) -> list[str]:
    return sorted(p.name for p in corpus.iterdir() if p.name.startswith("."))


def _orphans(corpus: Path) -> list[str]:
    named = {yaml.safe_load(r.read_text(encoding="utf-8"))["source"] for r in corpus.glob("*.yaml")}
    return sorted(t.name for t in corpus.glob("*.txt") if t.name not in named)


# --- nothing of the user's overwritten --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["glossary", "lexicon", "programmes"])
def test_add_never_writes_a_settings_file(tmp_path, name):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    settings = corpus / f"{name}.yaml"
    if name != "programmes":  # one present, one absent: neither is written
        settings.write_text("- [两山, 绿水青山就是金山银山]\n", encoding="utf-8")
    (tmp_path / f"{name}.txt").write_text(PLAN_TEXT, encoding="utf-8")
    for force in (True, False):
        before = settings.read_bytes() if settings.exists() else None
        report = import_paths([tmp_path / f"{name}.txt"], corpus, force=force)
        assert (settings.read_bytes() if settings.exists() else None) == before
        if force:
            assert [d.id for d in report.added] == [f"{name}-2"], report.lines()


def test_force_never_overwrites_another_records_text(tmp_path):
    corpus = tmp_path / "corpus"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "report.txt").write_text(PLAN_TEXT, encoding="utf-8")
    (tmp_path / "b" / "report.txt").write_text(REPORT_TEXT, encoding="utf-8")
    assert [d.id for d in import_paths([tmp_path / "a" / "report.txt"], corpus).added] == ["report"]
    mine = (corpus / "report.txt").read_bytes()
    forced = import_paths([tmp_path / "b" / "report.txt"], corpus, force=True)
    assert (corpus / "report.txt").read_bytes() == mine
    assert [d.id for d in forced.added] == ["report-2"]
    # --force still replaces the record imported from the same file, changed since
    (tmp_path / "a" / "report.txt").write_text(PLAN_TEXT + "\n附件：无\n", encoding="utf-8")
    again = import_paths([tmp_path / "a" / "report.txt"], corpus, force=True)
    assert [d.id for d in again.added] == ["report"] and "附件" in (corpus / "report.txt").read_text(encoding="utf-8")


def test_a_text_named_by_another_record_is_never_written(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hand.txt").write_text("我亲手整理的文本。\n", encoding="utf-8")
    (corpus / "mine.yaml").write_text("id: mine\ntitle: 手工\nkind: plan\nsource: plan.txt\n", encoding="utf-8")
    (corpus / "plan.txt").write_text("用户自己的文本。\n", encoding="utf-8")
    (tmp_path / "plan.txt").write_text(PLAN_TEXT, encoding="utf-8")
    for force in (True, False):
        import_paths([tmp_path / "plan.txt"], corpus, force=force)
        assert (corpus / "plan.txt").read_text(encoding="utf-8") == "用户自己的文本。\n"


def test_published_must_be_a_real_date(tmp_path):
    (tmp_path / "p.txt").write_text(PLAN_TEXT, encoding="utf-8")
    for bad in ("2024-99-99", "2023-02-30", "2024-13"):
        report = import_paths([tmp_path / "p.txt"], tmp_path / "c", published=bad)
        assert not report.added and report.problems[0].path == "--published", bad
    assert import_paths([tmp_path / "p.txt"], tmp_path / "c", published="2024-02-29").added


# --- crash: a SIGKILL at the worst moment leaves nothing a re-run trips on --------------------------------

_KILLER = """
import os, signal, sys
from pathlib import Path
from explorer import fileio
from explorer.corpus.importing import import_paths, import_jsonl
real = os.replace
def replace(src, dst):
    if sys.argv[1] == "before-rename" or (sys.argv[1] == "between" and str(dst).endswith(".txt")):
        if sys.argv[1] == "between":
            real(src, dst)
        os.kill(os.getpid(), signal.SIGKILL)
    real(src, dst)
fileio.os.replace = replace
if sys.argv[2].endswith(".jsonl"):
    import_jsonl(Path(sys.argv[2]), Path(sys.argv[3]), text_field="content")
else:
    import_paths([Path(sys.argv[2])], Path(sys.argv[3]))
"""


@pytest.mark.parametrize("moment", ["before-rename", "between"])
@pytest.mark.parametrize("kind", ["txt", "jsonl"])
def test_sigkill_during_import_leaves_nothing_and_rerun_keeps_the_id(tmp_path, moment, kind):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    if kind == "txt":
        source = tmp_path / "plan.txt"
        source.write_text(PLAN_TEXT, encoding="utf-8")
    else:
        source = tmp_path / "plans.jsonl"
        source.write_text(json.dumps({"content": PLAN_TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    killed = subprocess.run([sys.executable, "-c", _KILLER, moment, str(source), str(corpus)], env=env, timeout=300)
    assert killed.returncode == -9
    left = sorted(p.name for p in corpus.iterdir())
    assert left, "the kill came before anything was written: the test shows nothing"
    report = import_jsonl(source, corpus, text_field="content") if kind == "jsonl" else import_paths([source], corpus)
    assert len(report.added) == 1 and not report.problems, report.lines()
    assert not report.added[0].id.endswith("-2")
    assert _debris(corpus) == [] and _orphans(corpus) == []


# --- import-jsonl: each bad line is file:line, the rest is imported, with a summary ----------------------


def test_jsonl_bad_lines_are_reported_and_skipped(tmp_path, monkeypatch):
    from explorer.corpus import importing

    monkeypatch.setattr(importing, "MAX_JSON_LINE_BYTES", 1 << 20)
    good = {"title": "测试市生态环境保护行动计划", "content": PLAN_TEXT}
    lines = [
        json.dumps(good, ensure_ascii=False),
        json.dumps({"content": REPORT_TEXT + "\ud800"}),  # a lone surrogate: kept, the damage said
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"content": "长" * (1 << 20)}, ensure_ascii=False),  # a 3 MB line over the 1 MB limit
        json.dumps({"content": PLAN_TEXT.replace("测试市", "样例市")}, ensure_ascii=False),
    ]
    source = tmp_path / "docs.jsonl"
    data = (
        ("\n".join(lines[:3]) + "\n").encode() + b'{"content": "\xff\xfe"}\n' + ("\n".join(lines[3:]) + "\n").encode()
    )
    source.write_bytes(data)
    report = import_jsonl(source, tmp_path / "c", text_field="content")
    assert len(report.added) == 3, report.lines()
    assert "lone surrogate" in str(report.added[1])
    where = {p.path: p.message for p in report.problems}
    assert set(where) == {f"{source}:3", f"{source}:4", f"{source}:5"}
    assert "nested too deeply" in where[f"{source}:3"] and "UTF-8" in where[f"{source}:4"]
    assert "over the 1 MB limit" in where[f"{source}:5"]
    assert report.lines()[-1] == "3 added, 0 skipped, 3 problem(s)"


# --- hostile inputs to add: links out of the folder, pipes, bombs ----------------------------------------


def test_add_folder_does_not_follow_links_out_of_it(tmp_path):
    private = tmp_path / "private"
    private.mkdir()
    (private / "diary.txt").write_text(REPORT_TEXT, encoding="utf-8")
    folder = tmp_path / "shared-folder"
    folder.mkdir()
    (folder / "plan.txt").write_text(PLAN_TEXT, encoding="utf-8")
    (folder / "notes.txt").symlink_to(private / "diary.txt")
    (folder / "more").symlink_to(private, target_is_directory=True)
    os.mkfifo(folder / "pipe.txt")
    report = import_paths([folder], tmp_path / "corpus")
    assert [d.id for d in report.added] == ["plan"]
    assert any("notes.txt" in s.source and "outside the folder" in s.reason for s in report.skipped)
    assert any("pipe.txt" in p.path and "not a regular file" in p.message for p in report.problems)


def test_add_refuses_devices_and_oversized_files(tmp_path, monkeypatch):
    from explorer.corpus import importing

    monkeypatch.setattr(importing, "MAX_IMPORT_BYTES", 1 << 20)
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(2 << 20)
    report = import_paths([Path("/dev/zero"), big], tmp_path / "c")
    assert not report.added and len(report.problems) == 2
    assert "not a regular file" in report.problems[0].message and "over the 1 MB limit" in report.problems[1].message


def _docx_bomb(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph(PLAN_TEXT)
    document.save(str(path))
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/filler.bin", b"\0" * (8 << 20))  # ~8 KB packed, 8 MB unpacked


def test_a_docx_zip_bomb_is_refused_before_it_expands(tmp_path, monkeypatch):
    from explorer.corpus.importers import docx as docx_importer

    monkeypatch.setattr(docx_importer, "MAX_UNZIPPED_BYTES", 4 << 20)
    bomb = tmp_path / "bomb.docx"
    _docx_bomb(bomb)
    assert bomb.stat().st_size < 64 * 1024
    report = import_paths([bomb], tmp_path / "c")
    assert not report.added and "over the 4 MB limit" in report.problems[0].message
    assert report.problems[0].path == str(bomb)


def test_pypdf_warnings_name_the_file(tmp_path, capfd):
    from test_import import _two_page_pdf

    good = tmp_path / "good.pdf"
    _two_page_pdf(good)
    data = good.read_bytes()
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(data[: data.rfind(b"startxref")] + b"startxref\n12\n%%EOF\n")
    report = import_paths([damaged], tmp_path / "c")
    assert len(report.added) == 1
    assert "incorrect startxref" not in capfd.readouterr().err  # not a nameless line on stderr …
    line = str(report.added[0])
    assert "damaged.pdf" in line and "pypdf: incorrect startxref pointer" in line  # … but on the file's own line


# --- encodings -------------------------------------------------------------------------------------------


def test_utf16_and_mixed_encodings_are_read(tmp_path):
    (tmp_path / "u16.txt").write_bytes(b"\xff\xfe" + PLAN_TEXT.encode("utf-16-le"))
    lines = REPORT_TEXT.splitlines(keepends=True)
    mixed = b"".join(line.encode("gbk" if i % 3 == 1 else "utf-8") for i, line in enumerate(lines))
    (tmp_path / "mixed.txt").write_bytes(mixed)
    (tmp_path / "u8.txt").write_text(PLAN_TEXT, encoding="utf-8")
    (tmp_path / "r8.txt").write_text(REPORT_TEXT, encoding="utf-8")
    names = ["u16", "mixed", "u8", "r8"]
    report = import_paths([tmp_path / f"{n}.txt" for n in names], tmp_path / "c")
    assert not report.problems and len(report.added) == 4, report.lines()
    read = {n: (tmp_path / "c" / f"{n}.txt").read_text(encoding="utf-8") for n in names}
    assert read["u16"] == read["u8"] and read["mixed"] == read["r8"] and "二、重点任务" in read["mixed"]


def test_a_full_disk_during_add_changes_nothing(tmp_path, monkeypatch):
    import errno

    from explorer import fileio

    corpus = tmp_path / "corpus"
    (tmp_path / "a.txt").write_text(PLAN_TEXT, encoding="utf-8")
    assert import_paths([tmp_path / "a.txt"], corpus).added
    before = {p.name: p.read_bytes() for p in corpus.iterdir()}
    (tmp_path / "b.txt").write_text(REPORT_TEXT, encoding="utf-8")
    real = fileio.os.fsync
    calls = []

    def full(fd):
        calls.append(fd)
        if len(calls) == 2:  # the record's temp file: the text's is written, nothing is renamed yet
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd)

    monkeypatch.setattr(fileio.os, "fsync", full)
    report = import_paths([tmp_path / "b.txt"], corpus)
    assert not report.added and "No space left" in report.problems[0].message
    assert {p.name: p.read_bytes() for p in corpus.iterdir()} == before


def test_html_and_text_files_over_their_limits_are_refused(tmp_path, monkeypatch):
    from explorer.corpus.importers import html, text

    monkeypatch.setattr(html, "MAX_HTML_BYTES", 1 << 20)
    monkeypatch.setattr(text, "MAX_SOURCE_BYTES", 1 << 20)
    page = "<html><body>" + "<p>生态文明建设。</p>" * 80_000 + "</body></html>"  # ~2 MB
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (tmp_path / "long.txt").write_text(PLAN_TEXT * 5_000, encoding="utf-8")  # ~2 MB
    report = import_paths([tmp_path / "page.html", tmp_path / "long.txt"], tmp_path / "c")
    assert not report.added and [Path(p.path).name for p in report.problems] == ["page.html", "long.txt"]
    assert all("over the 1 MB limit" in p.message for p in report.problems)


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux's /proc/locks to see a waiting flock")
def test_an_import_waits_for_another_import_into_the_same_corpus(tmp_path):
    import threading

    from explorer.fileio import folder_lock

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (tmp_path / "plan.txt").write_text(PLAN_TEXT, encoding="utf-8")
    inode = corpus.stat().st_ino
    result: dict = {}
    with folder_lock(corpus):  # another import is running
        worker = threading.Thread(target=lambda: result.update(r=import_paths([tmp_path / "plan.txt"], corpus)))
        worker.start()
        while not any(  # the worker's flock shows in /proc/locks as a blocked request ("->") on the folder
            "->" in line and line.split()[-3].endswith(f":{inode}")
            for line in Path("/proc/locks").read_text().splitlines()
        ):
            assert worker.is_alive(), "the import did not wait for the lock"
            threading.Event().wait(0.005)  # poll gently: the condition is the lock request, not the time
        assert list(corpus.iterdir()) == []  # nothing written while the other import holds the corpus
    worker.join()
    assert [d.id for d in result["r"].added] == ["plan"]
