"""Per-document analysis: pure components, stored by content hash (see components.py, runner.py, store.py)."""
