"""Optional compiled build: the per-document pipeline's hot modules compiled by mypyc.

The package is pure Python and its sources are the only source of truth. ``pip install`` (and so
a fresh clone without mypy or a C compiler) builds no extension; ``make setup`` then compiles the
modules of ``COMPILED`` in place with the mypy of the dev extra, so that the extension modules sit
beside their sources (an extension module is imported before a ``.py`` of the same name).
``TABAYYUN_PURE=1`` builds nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

from setuptools import setup

COMPILED: list[str] = [
    "text/normalize.py",
    "text/segment.py",
    "text/search.py",
    "spanindex.py",
    "lexicon.py",
    "ner/_tokenize.py",
    "ner/features.py",
    "ner/tagger.py",
    "ner/viterbi.py",
    "ner/memory.py",
    "ner/scoring.py",
    "ner/frequent.py",
    "ner/seen.py",
    "ner/names.py",
    "ner/propagate.py",
    "ner/consistency.py",
    "entities/catalog.py",
    "entities/kb.py",
    "entities/index.py",
    "entities/rules.py",
    "entities/persons.py",
    "entities/linking.py",
    "entities/ner_bridge.py",
    "numbers/view.py",
    "numbers/words.py",
    "numbers/kinds.py",
    "dates/expressions.py",
    "dates/relative.py",
    "dates/anchor.py",
    "dates/resolve.py",
    "dates/hijri.py",
    "sources/words.py",
    "sources/phrases.py",
    "sources/finder.py",
    "sources/reader.py",
    "sources/clauses.py",
    "sources/lexicon.py",
    "sources/media.py",
    "sources/wire.py",
    "sources/channels.py",
    "sources/ids.py",
    "claims/anchor.py",
    "claims/measures.py",
    "claims/scope.py",
    "claims/singular.py",
    "claims/vocabulary.py",
    "claims/roles.py",
    "events/context.py",
    "events/filters.py",
    "events/triggers.py",
    "geo/cues.py",
    "geo/gazetteer.py",
    "geo/facilities.py",
    "stages/segment.py",
    "stages/quantities.py",
    "stages/times.py",
    "stages/mentions.py",
    "stages/attributions.py",
    "stages/events.py",
    "stages/claims.py",
]


def _extensions() -> list:
    if os.environ.get("TABAYYUN_PURE"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:  # pip's isolated build, or no mypy: the pure-Python package
        return []
    package = Path("src/tabayyun")
    return mypycify([str(package / path) for path in COMPILED], group_name="tabayyun", opt_level="3")


setup(ext_modules=_extensions())
