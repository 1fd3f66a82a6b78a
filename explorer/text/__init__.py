"""The shared text layer: one fold, one sentence splitter, one numeral reader."""
