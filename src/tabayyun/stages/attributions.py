"""Stage: cited sources (who said it, through whom) and the stretch of text each speaks for.

Sentence by sentence, ``sources.finder`` reads the cues (قال X، بحسب X، X: …) and
``sources.reader`` resolves their anaphora and scopes each source over the sentences that
carry on its voice. An agency credited for the story (a dateline or closing credit,
``sources.wire``) speaks for the passage it covers, and is the via of every source quoted there.
"""

from __future__ import annotations

from collections.abc import Sequence

from tabayyun.model import AnalyzedDoc, Attribution, SourceKind
from tabayyun.pipeline import Stage
from tabayyun.sources.ids import medium_id, source_id
from tabayyun.sources.media import agency_name, is_own_outlet, own_outlet_keys
from tabayyun.sources.reader import Reader, Source, merge_names
from tabayyun.sources.wire import same_medium, wire_credits
from tabayyun.text.normalize import normalize_key
from tabayyun.text.segment import split_sentences


def _wire(doc: AnalyzedDoc, sources: Sequence[Source]) -> list[Source]:
    """The agencies the article credits for its story (``sources.wire``), as sources speaking for
    the passage each covers; every source quoted in that passage reached the article through
    the agency, which joins its via. The article's own outlet is no credit (a story by the
    agency itself)."""
    own = own_outlet_keys(doc.document.outlet)
    credits = [c for c in wire_credits(doc.text, doc.document.extraction_end)
               if not is_own_outlet(c.name, own) and normalize_key(c.agency) not in own]
    for c in credits:
        for src in sources:
            speaker = not (src.scope_start == src.src_start and src.scope_end == src.src_end)
            name = doc.text[src.src_start:src.src_end]
            if speaker and not src.own_outlet and c.covers_start <= src.start < c.covers_end \
                    and not same_medium(name, c.name):
                src.via = merge_names(src.via, [c.name])
    return [Source(c.start, c.end, c.start, c.end, SourceKind.AGENCY, [], False, c.covers_start, c.covers_end)
            for c in credits]


def extract_attributions(doc: AnalyzedDoc) -> list[Attribution]:
    """Every cited source of the document body, scoped; the outlet's own byline is left out."""
    end = doc.document.extraction_end
    sentences = doc.layer("sentences") or tuple(split_sentences(doc.text, 0, end))
    sentences = tuple(s for s in sentences if s.start < end)
    text = doc.text
    out: list[Attribution] = []
    sources = Reader(doc).read(sentences)
    for src in sorted([*sources, *_wire(doc, sources)], key=lambda s: s.start):
        if src.own_outlet or src.start >= end:
            continue
        source_text = text[src.src_start:src.src_end]
        if src.kind is SourceKind.AGENCY:
            entity_id = medium_id(agency_name(source_text)) or src.entity_id  # the medium, whatever else its name holds
        else:
            entity_id = src.entity_id or source_id(source_text)
        out.append(Attribution(
            start=src.start, end=src.end, text=text[src.start:src.end],
            source_text=source_text, source_start=src.src_start, source_end=src.src_end,
            kind=src.kind, via=tuple(src.via), hedged=src.hedged, entity_id=entity_id,
            scope_start=src.scope_start, scope_end=min(max(src.scope_end, src.end), end),
        ))
    return out


def attributions(doc: AnalyzedDoc) -> AnalyzedDoc:
    return doc.with_layer("attributions", extract_attributions(doc))


STAGE = Stage("attributions", attributions, requires=("sentences", "tokens"), uses=("mentions",),
              provides=("attributions",),
              doc="cited sources with kind, intermediaries (via), hedging and the text each speaks for")
