"""Stage: cited sources (who said it, through whom) and the stretch of text each speaks for.

Sentence by sentence, ``sources.finder`` reads the cues (قال X، بحسب X، X: …); this module
resolves anaphora (المصادر → the full earlier مصادر… phrase; وأضاف → the current speaker;
a surname → the full name) and scopes each source: its sentence from the cue on, and the
following sentences that carry on its voice, until a new source or the outlet's own voice.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from tabayyun.lexicon import load_json
from tabayyun.model import AnalyzedDoc, Attribution, EntityLabel, Mention, Sentence, SourceKind
from tabayyun.pipeline import Stage
from tabayyun.sources.channels import implied_channel, platform_span
from tabayyun.sources.finder import Cue, Direction, find_cues
from tabayyun.sources.phrases import head_key, is_hedged, is_platform, lexicon, media_name, outlet_name
from tabayyun.sources.words import Word, doc_tokens, words_between
from tabayyun.spanindex import span_index
from tabayyun.text.normalize import normalize_key
from tabayyun.text.segment import split_sentences

_LINE_BREAK = re.compile("\n")
# a sentence opening with one of these adds to what the current speaker said (كما لقي…)
_CARRY_OPENERS = frozenset({"كما", "وكما"})
# how many outlet-voice sentences a pronoun continuation (وأضاف) may reach back over
_PRONOUN_REACH = 2
# a relative clause on a source's noun object (دان X التفجير الذي أودى بحياة…) is the narrator's background
_RELATIVES = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان", "والذي", "والتي"})


@dataclass(slots=True)
class _Source:
    """A resolved source while the document is read; frozen into an Attribution at the end."""

    start: int
    end: int
    src_start: int
    src_end: int
    kind: SourceKind
    via: list[str]
    hedged: bool
    scope_start: int
    scope_end: int
    words: tuple[str, ...] = ()
    head: str = ""
    definite: bool = False
    antecedent: _Source | None = None
    own_outlet: bool = False
    entity_id: str | None = None
    sentence_index: int = 0
    extra: list[int] = field(default_factory=list)

    @property
    def root(self) -> _Source:
        return self.antecedent.root if self.antecedent else self


@lru_cache(maxsize=64)
def _own_outlet_keys(outlet: str | None) -> frozenset[str]:
    """Every spelling of the article's own outlet: it is the narrator, never a cited source."""
    if not outlet:
        return frozenset()
    keys = {normalize_key(outlet)}
    try:
        data = load_json("lexicon", "outlets.json")
    except FileNotFoundError:
        return frozenset(keys)
    want = normalize_key(outlet)
    for entry in data.get("outlets", []):
        names = [entry["name"], *entry.get("aliases", [])]
        if any(normalize_key(n) == want for n in names) or normalize_key(entry["name"]) in want:
            keys.update(normalize_key(n) for n in names)
    return frozenset(keys)


def _is_own(text: str, own: frozenset[str]) -> bool:
    key = normalize_key(text)
    stripped = " ".join(w for w in key.split() if w not in ("وكاله", "صحيفه", "قناه", "موقع", "جريده"))
    canonical = outlet_name(stripped) or outlet_name(key)
    return key in own or stripped in own or (canonical is not None and normalize_key(canonical) in own)


def _mention_at(mentions: Sequence[Mention], start: int, end: int) -> Mention | None:
    found = span_index(mentions).overlapping(start, end)
    return found[0] if found else None


def _content(words: Sequence[Word]) -> tuple[str, ...]:
    out = []
    for w in words:
        if w.is_punct:
            continue
        out.append(w.key[2:] if w.key.startswith("ال") and len(w.key) > 4 else w.key)
    return tuple(out)


def _same_body(words: Sequence[str], root_words: Sequence[str]) -> bool:
    """``المتحدث باسم التحالف`` names its body: it refers back only to a spokesman of that body,
    never to an earlier spokesman of another one."""
    for k, w in enumerate(words[:-1]):
        if w == "باسم":
            return words[k + 1] in root_words
    return True


class _Reader:
    """Reads a document's sentences in order, keeping the antecedents and the current voice."""

    def __init__(self, doc: AnalyzedDoc) -> None:
        self.doc = doc
        self.text = doc.text
        self.own = _own_outlet_keys(doc.document.outlet)
        self.mentions: Sequence[Mention] = doc.layer("mentions")
        self.sources: list[_Source] = []
        # positions in ``sources`` by head word, and by each word of their root phrase (antecedent search)
        self._by_head: dict[str, list[int]] = {}
        self._by_root_word: dict[str, list[int]] = {}
        self._source_spans: set[tuple[int, int]] = set()
        self.voice: _Source | None = None
        self.voice_age = 0
        # a platform the narrator says reactions were posted on (ندد شيوخ على تويتر): the channel
        # of the quoted persons that follow, until the narrator moves on
        self.platform: str | None = None
        self.platform_age = 0

    def read(self, sentences: Sequence[Sentence]) -> list[_Source]:
        tokens = doc_tokens(self.doc)
        for n, sentence in enumerate(sentences):
            words = words_between(tokens, sentence.start, sentence.end)
            if words:
                self._sentence(n, sentence, words)
        _share_channels(self.sources, self.text)
        return self.sources

    def _sentence(self, n: int, sentence: Sentence, words: list[Word]) -> None:
        cues = find_cues(words)
        hedged = is_hedged(words)
        made: list[tuple[Cue, _Source]] = []
        for cue in cues:
            src = self._resolve(cue, words, hedged, n)
            if src is not None:
                made.append((cue, src))
        if not made:
            if self.voice is not None and words[0].key in _CARRY_OPENERS:
                self.voice.scope_end = sentence.end
                self.voice_age = 0
            else:
                self.voice_age += 1
                if self.voice_age > _PRONOUN_REACH:
                    self.voice = None
            self._narration(words)
            return
        self.platform_age = 0
        if self.platform is not None:
            for cue, src in made:
                if not src.via and src.root.kind is SourceKind.PERSON and _quotes_directly(words, cue):
                    src.via = [self.platform]
        self._scope(made, sentence, words)
        speakers = [s for c, s in made if c.direction is not Direction.SPAN]
        if speakers:
            self.voice = speakers[-1]
            self.voice_age = 0

    def _narration(self, words: list[Word]) -> None:
        span = platform_span(words)
        if span is not None:
            self.platform, self.platform_age = media_name(self.text[words[span[0]].start:words[span[1]].end]), 0
            return
        self.platform_age += 1
        if self.platform_age > _PRONOUN_REACH:
            self.platform = None

    def _resolve(self, cue: Cue, words: list[Word], hedged: bool, n: int) -> _Source | None:
        via = [media_name(self.text[s:e]) for s, e in cue.via]
        trigger = words[cue.trigger]
        implied = implied_channel(trigger)
        if implied is not None and implied not in via:
            via.append(implied)
        if cue.phrase is None:
            antecedent = self.voice
            if antecedent is None:
                return None
            root = antecedent.root
            return _Source(trigger.start, trigger.end, root.src_start, root.src_end, root.kind,
                           _merge(root.via, antecedent.via, via), hedged, trigger.start, trigger.end,
                           root.words, root.head, False, antecedent, sentence_index=n)
        pw = words[cue.phrase.first:cue.phrase.last + 1]
        src_start, src_end = pw[0].start, pw[-1].end
        content = _content(pw)
        if not content:
            return None
        head = head_key(next(w for w in pw if not w.is_punct))
        first = next(w for w in pw if not w.is_punct)
        definite = first.key.startswith(("ال", "وال"))
        kind = cue.kind or SourceKind.ANONYMOUS
        mention = _mention_at(self.mentions, src_start, src_end)
        if mention is not None and cue.bare_name:
            kind = SourceKind.ORGANIZATION if mention.label is EntityLabel.ORG else SourceKind.PERSON
        src = _Source(min(trigger.start, src_start), max(trigger.end, src_end), src_start, src_end, kind, via, hedged,
                      trigger.start, src_end, content, head, definite, sentence_index=n,
                      entity_id=mention.entity_id if mention else None)
        antecedent = self._antecedent(src, cue, len(content))
        if antecedent is not None:
            root = antecedent.root
            src.antecedent = antecedent
            src.src_start, src.src_end, src.kind = root.src_start, root.src_end, root.kind
            src.via = _merge(root.via, antecedent.via, via)
            src.entity_id = src.entity_id or root.entity_id
        src.own_outlet = src.kind is SourceKind.AGENCY and _is_own(self.text[src_start:src_end], self.own)
        return src

    def _add(self, src: _Source) -> None:
        self._by_head.setdefault(src.head, []).append(len(self.sources))
        for w in set(src.root.words):
            self._by_root_word.setdefault(w, []).append(len(self.sources))
        self._source_spans.add((src.src_start, src.src_end))
        self.sources.append(src)

    def _antecedent(self, src: _Source, cue: Cue, n_words: int) -> _Source | None:
        """The earlier source this phrase refers back to: a definite short phrase with the same
        head (المصادر، المصدر نفسه، الخلية الإعلامية) or a bare surname (خليل، عزوز). The latest
        such source, found through the sources with that head and those whose name has the word."""
        by_head = src.definite and n_words <= 3
        by_name = cue.bare_name and n_words <= 2
        if not (by_head or by_name):
            return None
        length = src.src_end - src.src_start
        best = -1
        if by_head:
            for pos in reversed(self._by_head.get(src.head, ())):
                root = self.sources[pos].root
                if root.src_end - root.src_start > length and len(root.words) >= 1 \
                        and _same_body(src.words, root.words):
                    best = pos
                    break
        if by_name:
            # every word of the name is in the earlier source's: look among those holding the first
            positions = self._by_root_word.get(src.words[0], ()) if src.words else range(len(self.sources))
            for pos in reversed(positions):
                if pos <= best:
                    break
                root = self.sources[pos].root
                if root.src_end - root.src_start > length and all(w in root.words for w in src.words):
                    best = pos
                    break
        return self.sources[best] if best >= 0 else None

    def _scope(self, made: list[tuple[Cue, _Source]], sentence: Sentence, words: list[Word]) -> None:
        speakers = [(c, s) for c, s in made if c.direction is not Direction.SPAN]
        agencies = [s for c, s in speakers if c.direction is Direction.BACKWARD and s.kind is SourceKind.AGENCY]
        others = [s for c, s in speakers if s not in agencies]
        if agencies and others:
            # "قال المتحدث، حسب ما نشرت واس": the agency is the channel, not a second speaker
            for a in agencies:
                for o in others:
                    o.via = _merge(o.via, [media_name(self.text[a.src_start:a.src_end])])
            made = [(c, s) for c, s in made if s not in agencies] + [(Cue(0, None, Direction.SPAN, None), a)
                                                                      for a in agencies]
            speakers = [(c, s) for c, s in made if c.direction is not Direction.SPAN]
        boundary = sentence.start
        for idx, (cue, src) in enumerate(speakers):
            nxt = speakers[idx + 1][1].start if idx + 1 < len(speakers) else sentence.end
            if cue.direction is Direction.BACKWARD:
                src.scope_start, src.scope_end = boundary, max(src.end, nxt if idx + 1 == len(speakers) else src.end)
            else:
                src.scope_start, src.scope_end = src.start, nxt
                if cue.phrase is not None:
                    src.scope_end = _object_end(words, cue.phrase.last + 1, nxt)
            boundary = src.end
        for cue, src in made:
            if cue.direction is Direction.SPAN:
                src.scope_start, src.scope_end = src.src_start, src.src_end
        for _, src in sorted(made, key=lambda cs: cs[1].start):
            self._add(src)
        self._add_channels(speakers, words)

    def _add_channels(self, speakers: list[tuple[Cue, _Source]], words: list[Word]) -> None:
        """Outlets a source spoke to or published through are cited sources too, unless they are
        the article's own outlet."""
        seen = self._source_spans  # every source's (src_start, src_end), kept up to date by _add
        for cue, src in speakers:
            for s, e in cue.via:
                s, e = _trim_media(self.text, s, e)
                name = media_name(self.text[s:e])
                if (s, e) in seen or _is_own(name, self.own) or is_platform(name):
                    continue
                self._add(_Source(s, e, s, e, SourceKind.AGENCY, [], src.hedged, s, e,
                                  sentence_index=src.sentence_index))


def _quotes_directly(words: Sequence[Word], cue: Cue) -> bool:
    """The source's words follow at once, after a colon or inside quotes (وكتب الشيخ X: «…»)."""
    k = (cue.phrase.last if cue.phrase is not None else cue.trigger) + 1
    return k < len(words) and (words[k].text == ":" or words[k].is_quote)


def _share_channels(sources: Sequence[_Source], text: str) -> None:
    """A channel named once for a source (في بيان تلقت وكالة X نسخة منه، عبر حسابه على تويتر)
    carried every report of that source in the same paragraph, the earlier ones too: a report
    usually names its channel once, often in its second sentence."""
    breaks = [m.start() for m in _LINE_BREAK.finditer(text)]
    groups: dict[tuple[int, int, int], list[_Source]] = {}
    for src in sources:
        root = src.root
        if root.src_start == src.scope_start and root.src_end == src.scope_end and src is root:
            continue  # named in passing, never a speaker
        paragraph = bisect.bisect_left(breaks, src.start)
        groups.setdefault((root.src_start, root.src_end, paragraph), []).append(src)
    for members in groups.values():
        channels = _merge(*(m.via for m in members))
        if channels:
            for m in members:
                m.via = _merge(m.via, channels)


def _object_end(words: Sequence[Word], k: int, end: int) -> int:
    """Where a forward source stops speaking: at a relative clause on its noun object when no
    figure comes before it and no report (أن، إن، :، a quote) at all — روى X تفاصيل التفجير الذي
    أودى بحياة 15: the toll is the narrator's background, not X's claim."""
    lex = lexicon()
    relative: int | None = None
    for w in words[k:]:
        if w.start >= end:
            break
        if w.has(lex.complementizers) or w.text == ":" or w.is_quote:
            return end  # the report comes, maybe after a channel (في بيانها الذي صدر عن … إن)
        if relative is None and w.is_number:
            return end
        if relative is None and w.key in _RELATIVES:
            relative = w.start
    return end if relative is None else relative


def _trim_media(text: str, s: int, e: int) -> tuple[int, int]:
    """A recipient span without its ``لـ`` and without a closing quote whose opening was cut off."""
    if text.startswith("لـ", s):
        s += 2
    elif text.startswith("ل", s) and not text.startswith("لل", s):
        s += 1
    while s < e and text[s] in " ـ":
        s += 1
    piece = text[s:e]
    opens = sum(piece.count(q) for q in "«“„")
    closes = sum(piece.count(q) for q in "»”")
    if closes > opens and piece[-1:] in "»”":
        e -= 1
    return s, e


def _merge(*lists: Sequence[str]) -> list[str]:
    out: list[str] = []
    keys: set[str] = set()
    for lst in lists:
        for v in lst:
            k = normalize_key(v)
            if k and k not in keys:
                keys.add(k)
                out.append(v)
    return out


def extract_attributions(doc: AnalyzedDoc) -> list[Attribution]:
    """Every cited source of the document body, scoped; the outlet's own byline is left out."""
    end = doc.document.extraction_end
    sentences = doc.layer("sentences") or tuple(split_sentences(doc.text, 0, end))
    sentences = tuple(s for s in sentences if s.start < end)
    text = doc.text
    out: list[Attribution] = []
    for src in _Reader(doc).read(sentences):
        if src.own_outlet or src.start >= end:
            continue
        out.append(Attribution(
            start=src.start, end=src.end, text=text[src.start:src.end],
            source_text=text[src.src_start:src.src_end], source_start=src.src_start, source_end=src.src_end,
            kind=src.kind, via=tuple(src.via), hedged=src.hedged, entity_id=src.entity_id,
            scope_start=src.scope_start, scope_end=min(max(src.scope_end, src.end), end),
        ))
    return out


def attributions(doc: AnalyzedDoc) -> AnalyzedDoc:
    return doc.with_layer("attributions", extract_attributions(doc))


STAGE = Stage("attributions", attributions, requires=("sentences", "tokens"), uses=("mentions",),
              provides=("attributions",),
              doc="cited sources with kind, intermediaries (via), hedging and the text each speaks for")
