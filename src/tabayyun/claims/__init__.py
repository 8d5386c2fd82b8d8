"""Numeric claims: what a count counts, read from the words around it."""
