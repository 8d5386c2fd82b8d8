"""The NER model's errors.

Their own module because mypyc cannot compile a subclass of ``FileNotFoundError`` (``setup.py``
compiles ``ner.tagger``, which raises it).
"""

from __future__ import annotations


class ModelNotFoundError(FileNotFoundError):
    """No model artefact at the given location."""
