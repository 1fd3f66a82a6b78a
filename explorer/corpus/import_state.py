"""The corpus as an import sees it: ids taken, content hashes and source paths already imported, which record
names which text. Opened under the corpus folder's lock, after removing the temp files a killed import left."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..fileio import MAX_RECORD_BYTES, folder_lock, read_regular, remove_stale_temps
from ..model import Problem
from .import_report import ImportReport, SkippedDoc
from .records import SUPPORT_FILES, UnsafeYAML, record_files, safe_yaml_load


@dataclass
class CorpusState:
    corpus: Path
    ids: set[str]
    by_hash: dict[str, str]
    by_path: dict[str, str] = field(default_factory=dict)  # where a record was imported from → its id
    text_owner: dict[str, str] = field(default_factory=dict)  # text file name → id of the record naming it
    seen_this_run: dict[str, str] = field(default_factory=dict)

    @classmethod
    @contextmanager
    def opened(cls, corpus: Path, report: ImportReport) -> Iterator[CorpusState]:
        """The corpus's state, with its folder locked for this import (a second `add` waits) and the debris
        of a killed import (our temp files) removed first."""
        try:
            corpus.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            report.problems.append(Problem(str(corpus), f"cannot create the corpus folder ({exc.strerror or exc})"))
            yield cls(corpus, set(), {})
            return
        with folder_lock(corpus):
            remove_stale_temps(corpus)
            yield cls.load(corpus, report)

    @classmethod
    def load(cls, corpus: Path, report: ImportReport) -> CorpusState:
        state = cls(corpus, set(), {})
        if not corpus.is_dir():
            return state
        for record_path in record_files(corpus):
            try:
                data = safe_yaml_load(read_regular(record_path, MAX_RECORD_BYTES).decode("utf-8"))
            except (OSError, UnicodeDecodeError, yaml.YAMLError, UnsafeYAML, ValueError):  # FileRefused: a ValueError
                report.problems.append(
                    Problem(str(record_path), "record is not readable YAML; its content hash is not checked", "warning")
                )
                state.ids.add(record_path.stem)
                continue
            if not isinstance(data, dict):
                continue
            doc_id = str(data.get("id") or record_path.stem)
            state.ids.add(doc_id)
            if isinstance(data.get("source"), str):
                state.text_owner.setdefault(Path(data["source"]).name, doc_id)
            provenance = data.get("imported_from")
            if isinstance(provenance, dict):
                if provenance.get("sha256"):
                    state.by_hash.setdefault(str(provenance["sha256"]), doc_id)
                if provenance.get("path"):
                    line = provenance.get("line")
                    state.by_path.setdefault(
                        f"{provenance['path']}:{line}" if line else str(provenance["path"]), doc_id
                    )
        return state

    def duplicate(self, source: str, digest: str, *, force: bool, what: str) -> SkippedDoc | None:
        """A file already in the corpus (or earlier in this import) is skipped, unless forced."""
        existing = self.by_hash.get(digest)
        if existing and not force:
            return SkippedDoc(source, f"already imported as {existing} (same {what})", existing)
        if digest in self.seen_this_run:
            earlier = self.seen_this_run[digest]
            return SkippedDoc(source, f"same {what} as {earlier} in this import", earlier)
        return None

    def taken(self, doc_id: str) -> bool:
        return (
            doc_id in self.ids
            or f"{doc_id}.yaml" in SUPPORT_FILES
            or f"{doc_id}.txt" in self.text_owner
            or any((self.corpus / f"{doc_id}{suffix}").exists() for suffix in (".yaml", ".yml", ".txt"))
        )

    def orphan_of(self, doc_id: str, text: str) -> bool:
        """``<id>.txt`` without a record, holding exactly ``text``: what a kill between the text's and the
        record's rename leaves. Reusing it (the same bytes) loses nothing and keeps the id a re-run expects."""
        text_path = self.corpus / f"{doc_id}.txt"
        if doc_id in self.ids or f"{doc_id}.txt" in self.text_owner or f"{doc_id}.yaml" in SUPPORT_FILES:
            return False
        if any((self.corpus / f"{doc_id}{suffix}").exists() for suffix in (".yaml", ".yml")):
            return False
        try:
            return text_path.is_file() and text_path.read_bytes() == as_written(text).encode("utf-8")
        except OSError:
            return False

    def unique_id(self, base: str, text: str) -> str:
        """A fresh id from ``base``: never one whose record, text or settings file exists (``--force`` included:
        it replaces only the record found by content or source path, never another by its name)."""
        candidate, n = base, 2
        while candidate in self.seen_this_run.values() or (
            self.taken(candidate) and not self.orphan_of(candidate, text)
        ):
            candidate, n = f"{base}-{n}", n + 1
        return candidate


def as_written(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"
