"""What changed between two documents: targets side by side, measures aligned, references new and dropped,
and which of a plan's measures and targets a later report speaks to. Pure core: never imports Textual.
Entry point: ``explorer.compare.core.compare_documents``."""
