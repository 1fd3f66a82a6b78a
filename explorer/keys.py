"""Keys of computed results: one stable hash of what a result was made from, for every layer that stores or
memoises (the analysis store, the linking stage, target tracking per indicator)."""

from __future__ import annotations

import hashlib


def fingerprint(*parts: object) -> str:
    """A short stable hash of the parts' text forms (a key is a name, not a secret: 20 hex digits)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()[:20]
