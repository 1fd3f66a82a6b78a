"""Where the linking stage keeps its results in the analysis store, and the version every stored link is made
under: a change to how links are made bumps ``LINKING_VERSION``, and every part — also those kept across an edit
by their content (the early cutoff) or by their own inputs — is made again."""

LINKS = "links"  # the store's area for links
LINKING_VERSION = "2"  # 2: parts keyed with the version (a bump used to leave per-document and cut-off parts)
