"""Linking: what connects documents, computed over stored analyses (never over a facade)."""
