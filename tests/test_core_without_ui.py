"""The core is reachable without the TUI: importing it (and running the CLI) never loads Textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

from conftest import ROOT

import explorer

CORE = sorted(
    m.name
    for m in pkgutil.walk_packages(explorer.__path__, "explorer.")
    if not m.name.startswith("explorer.tui") and m.name not in ("explorer.__main__",)
)


def test_core_modules_do_not_import_textual():
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(bad)\n"
        "raise SystemExit(1 if bad else 0)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert len(CORE) >= 10


def test_cli_command_does_not_load_textual(tmp_path):
    code = (
        "import sys\n"
        "from explorer.cli import main\n"
        f"main(['--index', {str(tmp_path / 'idx')!r}, 'docs', '--json'])\n"
        "assert not any(m.startswith('textual') for m in sys.modules), 'textual loaded'\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
