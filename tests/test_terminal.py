"""The real app in a real terminal (tmux): it starts, takes a Chinese query typed as keys, shows the hits,
opens the reader with F3 while the query box has focus, and quits with Ctrl+Q."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid

import pytest
from conftest import CORPUS, ROOT

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, timeout=20).stdout


def _wait_screen(session: str, predicate, timeout: float = 180.0) -> str:
    """Poll the real terminal (nothing else to wait on there); the bound is generous so load only slows it."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _tmux("capture-pane", "-p", "-t", session)
        if predicate(screen):
            return screen
        time.sleep(0.2)
    raise AssertionError(f"the screen never showed what was expected:\n{screen}")


@pytest.fixture
def session(tmp_path):
    name = f"pe-test-{uuid.uuid4().hex[:8]}"
    env = {
        "POLICY_EXPLORER_DATA": str(tmp_path / "data"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT),
    }
    exports = " ".join(f"{k}={v!s}" for k, v in env.items())
    command = (
        f"cd {ROOT} && env {exports} {sys.executable} -m explorer --corpus {CORPUS} "
        f"--index {tmp_path / 'index'}; echo EXITED-$?; sleep 60"
    )
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "100", "-y", "30", command], check=True, timeout=20)
    try:
        yield name
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, timeout=20)


def test_chinese_query_in_a_real_terminal(session):
    from explorer.workspace import Workspace

    # the expected hit, worked out without the UI: a common two-character word of the corpus
    ws = Workspace.open(CORPUS, load=True)
    query = None
    for doc in ws.documents.values():
        for p in doc.policy_passages():
            for i in range(len(p.text) - 1):
                pair = p.text[i : i + 2]
                if all("\u4e00" <= c <= "\u9fff" for c in pair):
                    query = pair
                    break
            if query:
                break
        if query:
            break
    assert query

    _wait_screen(session, lambda s: "index fresh" in s, timeout=300)  # first run: builds the index
    _tmux("send-keys", "-t", session, "-l", query)
    screen = _wait_screen(session, lambda s: " hit" in s and query in s.split("\n", 4)[-1])
    assert "Traceback" not in screen
    # the count of hits and at least one result line holding the query
    assert any(query in line for line in screen.splitlines()[4:])
    # F3 while the query box has focus goes to the reader; F2 comes back with the query kept
    _tmux("send-keys", "-t", session, "Enter")  # the query submitted: the results take the focus
    # the results' keys in the footer: the last line drawn (tmux may pad the pane below a smaller first size)
    _wait_screen(session, lambda s: "Bookmark" in [line for line in s.splitlines() if line.strip()][-1])
    _tmux("send-keys", "-t", session, "Enter")
    screen = _wait_screen(session, lambda s: " of " in s and "Mark" in s)
    assert query in screen
    _tmux("send-keys", "-t", session, "F2")
    _wait_screen(session, lambda s: query in s.splitlines()[3])
    _tmux("send-keys", "-t", session, "C-q")
    screen = _wait_screen(session, lambda s: "EXITED-" in s)
    assert "EXITED-0" in screen and "Traceback" not in screen
