"""Atomic writes keep the user's file modes and never leave half a file."""

from __future__ import annotations

import os
import stat

import pytest

from explorer import fileio


def test_new_file_gets_the_umask_mode_and_existing_keeps_its_own(tmp_path):
    new = tmp_path / "record.yaml"
    fileio.write_atomic(new, "id: a\n")
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~fileio._UMASK
    os.chmod(new, 0o640)
    fileio.write_atomic(new, "id: b\n")
    assert stat.S_IMODE(new.stat().st_mode) == 0o640 and new.read_text() == "id: b\n"


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "notes.json"
    target.write_text("old", encoding="utf-8")

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(fileio.os, "replace", crash)
    with pytest.raises(OSError):
        fileio.write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.json"]
