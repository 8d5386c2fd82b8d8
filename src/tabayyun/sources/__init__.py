"""Cited sources: reporting cues, source phrases and their kinds."""
