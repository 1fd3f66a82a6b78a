"""Which files an `add` imports: the files named, and the supported regular files in the folders named —
hidden files, README/licence files, the corpus itself and links out of the folder left out."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from ..model import Problem
from .import_report import ImportReport, SkippedDoc
from .importers import is_supported

_FOLDER_NOISE = re.compile(r"^(?:readme|license|licence|changelog|contributing|notice)(?:\.|$)", re.IGNORECASE)


def expand_paths(paths: Iterable[str | Path], corpus: Path, report: ImportReport) -> list[Path]:
    corpus_resolved = corpus.resolve()
    out: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = [p for p in _folder_files(path, report) if corpus_resolved not in p.resolve().parents]
            for p in found:
                if _FOLDER_NOISE.match(p.name):
                    report.skipped.append(SkippedDoc(str(p), "a folder's README/licence file, not a document"))
                else:
                    out.append(p)
            if not found:
                report.problems.append(
                    Problem(str(path), "no supported files in this folder (.txt .md .html .pdf .docx)", "warning")
                )
        elif path.is_file():
            out.append(path)
        elif path.exists() or path.is_symlink():
            report.problems.append(Problem(str(path), "not a regular file: not read"))
        else:
            report.problems.append(Problem(str(path), "no such file or folder"))
    return out


def _folder_files(folder: Path, report: ImportReport) -> list[Path]:
    """Supported regular files under ``folder``, hidden ones left out. Links are not followed out of it: a
    shared folder with ``notes.txt -> ~/private.txt`` (or a linked folder) imports nothing from outside."""
    root = folder.resolve()
    found: list[Path] = []
    for top, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            p = Path(top) / name
            if name.startswith(".") or not is_supported(p):
                continue
            if p.is_symlink() and root not in p.resolve().parents:
                report.skipped.append(SkippedDoc(str(p), "a link to outside the folder: not followed"))
            elif not p.is_file():
                report.problems.append(Problem(str(p), "not a regular file: not read"))
            else:
                found.append(p)
    return found
