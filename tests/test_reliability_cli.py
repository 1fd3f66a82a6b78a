"""What the command line prints is never a control sequence from the data, every problem is one line naming its
file, and queries that look like options or hold undecodable bytes are searched, not refused."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import SEEDS

from explorer.cli import main

ESC_TITLE = "江西省行动计划\x1b]0;pwned\x07\x1b[2J\x9b31m"


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copyfile(SEEDS / "004_025134c6bf8f4523.txt", folder / "plan.txt")
    title = json.dumps(ESC_TITLE)  # a YAML double-quoted string takes JSON's escapes
    (folder / "plan.yaml").write_text(
        f"id: plan\ntitle: {title}\nkind: plan\npublished: '2024'\nsource: plan.txt\n", encoding="utf-8"
    )
    return folder


def _run(capsys, corpus, *args):
    code = main(["--corpus", str(corpus), "--index", str(corpus.parent / "index"), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _no_controls(text: str) -> bool:
    return not any(ord(c) < 0x20 and c not in "\n\t" or 0x7F <= ord(c) < 0xA0 for c in text)


@pytest.mark.parametrize("args", [["docs"], ["search", "生态"], ["outline", "plan"], ["docs", "--json"]])
def test_escape_sequences_in_titles_never_reach_the_terminal(capsys, corpus, args):
    code, out, err = _run(capsys, corpus, *args)
    assert code == 0, err
    assert _no_controls(out) and _no_controls(err)
    if "--json" in args:
        assert json.loads(out)[0]["title"] == ESC_TITLE  # escaped for the terminal, exact for the script
    elif args[0] != "search":
        assert "pwned" in out  # shown, made visible


def test_a_newline_or_escape_in_a_file_name_gives_one_escaped_line(capsys, corpus):
    bad = corpus / "evil\n\x1b[31mname.yaml"
    bad.write_text("id: evil\ntitle: t\nkind: memo\nsource: plan.txt\n", encoding="utf-8")
    code, out, err = _run(capsys, corpus, "docs")
    lines = [line for line in err.splitlines() if "evil" in line or "name.yaml" in line]
    assert len(lines) == 1 and _no_controls(err)
    assert "evil\\n\\x1b[31mname.yaml" in lines[0] and "unknown kind" in lines[0]


def test_a_300_character_source_gives_one_line(capsys, corpus):
    (corpus / "long.yaml").write_text(f"id: long\ntitle: t\nkind: plan\nsource: {'长' * 300}.txt\n", encoding="utf-8")
    code, out, err = _run(capsys, corpus, "docs")
    assert code == 0
    lines = [line for line in err.splitlines() if "long.yaml" in line]
    assert len(lines) == 1 and "长" * 300 not in lines[0]


def test_a_query_that_looks_like_an_option_is_searched(capsys, corpus):
    code, out, err = _run(capsys, corpus, "search", "-GDP", "--json")
    assert code == 0 and "error" not in err, err
    assert json.loads(out) == [] or all("GDP" not in h["text"].upper() for h in json.loads(out))
    code, out, err = _run(capsys, corpus, "search", "生态", "-GDP", "--limit", "3", "--json")
    hits = json.loads(out)
    assert code == 0 and len(hits) == 3 and all("GDP" not in h["text"].upper() for h in hits)


@pytest.mark.parametrize("query", ["\udc80生态", "生态\ud800"])
def test_a_lone_surrogate_in_a_query_is_not_an_error(capsys, corpus, query):
    code, out, err = _run(capsys, corpus, "search", query, "--json")
    assert code == 0 and "UnicodeEncodeError" not in err
    assert isinstance(json.loads(out), list)


def test_an_impossible_published_date_is_refused(capsys, tmp_path):
    (tmp_path / "p.txt").write_text((SEEDS / "004_025134c6bf8f4523.txt").read_text(encoding="utf-8"), encoding="utf-8")
    code = main(["--corpus", str(tmp_path / "c"), "add", str(tmp_path / "p.txt"), "--published", "2024-99-99"])
    out, err = capsys.readouterr()
    assert code == 1 and "--published" in err and not (tmp_path / "c" / "p.yaml").exists()
