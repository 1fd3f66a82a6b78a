"""A regular install works: a wheel built from the tree, installed in a fresh virtualenv, runs `docs` and `search`
on the bundled corpus (shipped as package data) from any folder."""

from __future__ import annotations

import json
import subprocess
import sys
import venv

import pytest
from conftest import ROOT


@pytest.mark.slow
def test_wheel_in_a_fresh_virtualenv_runs_docs_and_search(tmp_path):
    wheels = tmp_path / "wheels"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(wheels), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next(wheels.glob("policy_explorer-*.whl"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        capture_output=True,
        text=True,
    )
    if installed.returncode != 0 and "No matching distribution" in installed.stderr + installed.stdout:
        pytest.skip("the package index cannot be reached from here: " + installed.stderr.splitlines()[-1])
    assert installed.returncode == 0, installed.stderr[-2000:]
    home = tmp_path / "home"
    env = {"HOME": str(home), "PATH": f"{env_dir / 'bin'}:/usr/bin:/bin", "XDG_CACHE_HOME": str(home / "cache")}
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    docs = subprocess.run(
        [str(env_dir / "bin" / "policy-explorer"), "docs", "--json"],
        capture_output=True,
        text=True,
        cwd=outside,
        env=env,
    )
    assert docs.returncode == 0, docs.stderr
    assert len(json.loads(docs.stdout)) == 5
    found = subprocess.run(
        [str(env_dir / "bin" / "policy-explorer"), "search", "鄱阳湖", "--json"],
        capture_output=True,
        text=True,
        cwd=outside,
        env=env,
    )
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)
    assert hits and all("鄱阳湖" in h["text"] for h in hits)
    # the index and analyses went to the user's cache, never into the installed package
    assert list((home / "cache").rglob("CURRENT"))
