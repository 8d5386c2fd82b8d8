"""Reading a document's source cues in order: anaphora resolved (المصادر → the full earlier
مصادر… phrase; وأضاف → the current speaker; a surname → the full name; المصدر نفسه → the last
speaker) and each source scoped: its sentence from the cue on, and the following sentences that
carry on its voice, until a new source or the outlet's own voice. The channels a source spoke
through (a medium, a platform, a correspondent's outlet) become its via.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tabayyun.model import AnalyzedDoc, EntityLabel, Mention, Sentence, SourceKind
from tabayyun.sources.channels import implied_channel, platform_span
from tabayyun.sources.finder import Cue, Direction, find_cues
from tabayyun.sources.lexicon import is_hedged, lexicon
from tabayyun.sources.media import is_own_outlet, is_platform, media_name, outlet_name, own_outlet_keys
from tabayyun.sources.phrases import head_key
from tabayyun.sources.words import Word, doc_tokens, match_phrase, words_between
from tabayyun.spanindex import span_index
from tabayyun.text.normalize import normalize_key

_CORRESPONDENTS = frozenset({"مراسل", "مراسله", "مراسلو", "مراسلي"})


# "the same": a source phrase ending with it refers back to the last speaker (المصدر نفسه)
_SAME = frozenset({"نفسه", "نفسها", "نفسهم", "ذاته", "ذاتها", "عينه", "عينها"})


# how many outlet-voice sentences a pronoun continuation (وأضاف) may reach back over
_PRONOUN_REACH = 2


# a relative clause on a source's noun object (دان X التفجير الذي أودى بحياة…) is the narrator's background
_RELATIVES = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان", "والذي", "والتي"})


@dataclass(slots=True)
class Source:
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
    antecedent: Source | None = None
    own_outlet: bool = False
    entity_id: str | None = None
    sentence_index: int = 0
    extra: list[int] = field(default_factory=list)

    @property
    def root(self) -> Source:
        return self.antecedent.root if self.antecedent else self


_LABEL_RANK = {EntityLabel.PER: 0, EntityLabel.ORG: 1}


def _mention_at(mentions: Sequence[Mention], start: int, end: int) -> Mention | None:
    """The mention that names a source phrase: a person before an organisation before anything
    else (الرئيس الأمريكي باراك أوباما is Obama, not America), the longest among equals."""
    found = span_index(mentions).overlapping(start, end)  # in layer order, as a scan finds them
    if not found:
        return None
    return min(found, key=lambda m: (_LABEL_RANK.get(m.label, 2), m.start - m.end, m.start))


def _entity_of(mention: Mention | None, start: int, end: int) -> str | None:
    """The entity a source phrase names: its person or organisation, or a place standing alone for
    its government (قالت أنقرة); a place inside a longer phrase (وسائل إعلام إسرائيلية) is not the source."""
    if mention is None:
        return None
    if mention.label in _LABEL_RANK or (mention.start <= start and end <= mention.end):
        return mention.entity_id
    return None


def _content(words: Sequence[Word]) -> tuple[str, ...]:
    out = []
    for w in words:
        if w.is_punct:
            continue
        out.append(w.key[2:] if w.key.startswith("ال") and len(w.key) > 4 else w.key)
    return tuple(out)


def _correspondent_of(words: Sequence[Word]) -> str | None:
    """The medium a correspondent works for (مراسل قناة الجزيرة، مراسلة وكالة X في المدينة)."""
    content = [w for w in words if not w.is_punct]
    if len(content) < 2 or content[0].forms[-1] not in _CORRESPONDENTS:
        return None
    rest = content[1:]
    lex = lexicon()
    if lex.heads.get(rest[0].forms[-1]) is not SourceKind.AGENCY and outlet_name(rest[0].key) is None:
        return None
    end = next((k for k, w in enumerate(rest) if w.key in ("في", "من")), len(rest))
    return media_name(" ".join(w.text for w in rest[:end]))


def _before_in(words: Sequence[str]) -> Sequence[str]:
    """A phrase's words before a في that does not name an institution (المنظمة في واحد من…)."""
    lex = lexicon()
    for k, w in enumerate(words[:-1]):
        if w == "في" and k > 0 and words[k + 1] not in lex.institution and ("ال" + words[k + 1]) not in lex.institution:
            return words[:k]
    return words


def _same_body(words: Sequence[str], root_words: Sequence[str]) -> bool:
    """``المتحدث باسم التحالف`` names its body: it refers back only to a spokesman of that body,
    never to an earlier spokesman of another one."""
    for k, w in enumerate(words[:-1]):
        if w == "باسم":
            return words[k + 1] in root_words
    return True


class Reader:
    """Reads a document's sentences in order, keeping the antecedents and the current voice."""

    def __init__(self, doc: AnalyzedDoc) -> None:
        self.doc = doc
        self.text = doc.text
        self.own = own_outlet_keys(doc.document.outlet)
        self.mentions: Sequence[Mention] = doc.layer("mentions")
        self.sources: list[Source] = []
        # positions in ``sources`` by head word, and by each word of their root's phrase (the
        # antecedent search), and every source's (src_start, src_end): kept up to date by _add
        self._by_head: dict[str, list[int]] = {}
        self._by_root_word: dict[str, list[int]] = {}
        self._source_spans: set[tuple[int, int]] = set()
        self.voice: Source | None = None
        self.voice_age = 0
        # a platform the narrator says reactions were posted on (ندد شيوخ على تويتر): the channel
        # of the quoted persons that follow, until the narrator moves on
        self.platform: str | None = None
        self.platform_age = 0

    def read(self, sentences: Sequence[Sentence]) -> list[Source]:
        tokens = doc_tokens(self.doc)
        starts = [t.start for t in tokens]
        for n, sentence in enumerate(sentences):
            words = words_between(tokens, sentence.start, sentence.end, starts)
            if words:
                self._sentence(n, sentence, words)
        _share_channels(self.sources)
        return self.sources

    def _sentence(self, n: int, sentence: Sentence, words: list[Word]) -> None:
        cues = find_cues(words)
        hedged = is_hedged(words)
        made: list[tuple[Cue, Source]] = []
        for cue in cues:
            src = self._resolve(cue, words, hedged, n, [s for _, s in made])
            if src is not None:
                made.append((cue, src))
        if not made:
            # a sentence opening كما… or وقد نتج عن ذلك… adds to what the current speaker said
            if self.voice is not None and match_phrase(words, 0, lexicon().carry_openers):
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

    def _resolve(self, cue: Cue, words: list[Word], hedged: bool, n: int,
                 earlier: Sequence[Source] = ()) -> Source | None:
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
            return Source(trigger.start, trigger.end, root.src_start, root.src_end, root.kind,
                           merge_names(root.via, antecedent.via, via), hedged, trigger.start, trigger.end,
                           root.words, root.head, False, antecedent, sentence_index=n)
        pw = words[cue.phrase.first:cue.phrase.last + 1]
        src_start, src_end = pw[0].start, pw[-1].end
        heads = lexicon().heads
        if pw[0].key.startswith("ل") and pw[0].key not in heads and (pw[0].forms[-1] in heads
                                                                      or pw[0].has(lexicon().statement_nouns)):
            # وفقا لوزارة الصحة، بحسب حصيلة لوكالة X: the لـ is the preposition's, the name is وزارة الصحة
            src_start, src_end = _trim_media(self.text, src_start, src_end)
        content = _content(pw)
        if not content:
            return None
        head = head_key(next(w for w in pw if not w.is_punct))
        first = next(w for w in pw if not w.is_punct)
        definite = first.key.startswith(("ال", "وال", "لل"))  # وفقا للمصادر: المصادر
        kind = cue.kind or SourceKind.ANONYMOUS
        mention = _mention_at(self.mentions, src_start, src_end)
        if mention is not None and cue.bare_name:
            kind = SourceKind.ORGANIZATION if mention.label is EntityLabel.ORG else SourceKind.PERSON
        correspondent = _correspondent_of(pw)
        if correspondent is not None and not is_own_outlet(correspondent, self.own):
            via = merge_names(via, [correspondent])  # مراسل قناة X: the report reached us through X
        src = Source(min(trigger.start, src_start), max(trigger.end, src_end), src_start, src_end, kind, via, hedged,
                      trigger.start, src_end, content, head, definite, sentence_index=n,
                      entity_id=_entity_of(mention, src_start, src_end))
        antecedent = self._antecedent(src, cue, len(content), earlier)
        if antecedent is not None:
            root = antecedent.root
            src.antecedent = antecedent
            src.src_start, src.src_end, src.kind = root.src_start, root.src_end, root.kind
            src.via = merge_names(root.via, antecedent.via, via)
            src.entity_id = src.entity_id or root.entity_id
        src.own_outlet = src.kind is SourceKind.AGENCY and is_own_outlet(self.text[src_start:src_end], self.own)
        return src

    def _antecedent(self, src: Source, cue: Cue, n_words: int, earlier: Sequence[Source] = ()) -> Source | None:
        """The earlier source this phrase refers back to (in earlier sentences or earlier in its
        own): a definite short phrase with the same head (المصادر، الخلية الإعلامية), the last
        speaker when it says so (المصدر نفسه، المصدر ذاته), or a bare surname (خليل، عزوز)."""
        if src.definite and src.words and src.words[-1] in _SAME and self.voice is not None:
            return self.voice
        own = _before_in(src.words)  # وأضافت المنظمة في واحد من تقاريرها: the phrase is المنظمة
        by_head = src.definite and len(own) <= 3
        by_name = cue.bare_name and n_words <= 2
        if not (by_head or by_name):
            return None
        # the latest that refers: first this sentence's, then the earlier sentences' — among
        # those only the sources with the same head, or whose root's name holds the first word
        for prev in reversed(earlier):
            if _refers_to(src, prev, own, n_words, by_head, by_name):
                return prev
        best = -1
        if by_head:
            for pos in reversed(self._by_head.get(src.head, ())):
                if _refers_to(src, self.sources[pos], own, n_words, True, False):
                    best = pos
                    break
        if by_name:
            positions = self._by_root_word.get(src.words[0], ()) if src.words else range(len(self.sources))
            for pos in reversed(positions):
                if pos <= best:
                    break
                if _refers_to(src, self.sources[pos], own, n_words, False, True):
                    best = pos
                    break
        return self.sources[best] if best >= 0 else None

    def _add(self, src: Source) -> None:
        self._by_head.setdefault(src.head, []).append(len(self.sources))
        for w in set(src.root.words):
            self._by_root_word.setdefault(w, []).append(len(self.sources))
        self._source_spans.add((src.src_start, src.src_end))
        self.sources.append(src)

    def _scope(self, made: list[tuple[Cue, Source]], sentence: Sentence, words: list[Word]) -> None:
        speakers = [(c, s) for c, s in made if c.direction is not Direction.SPAN]
        agencies = [s for c, s in speakers if c.direction is Direction.BACKWARD and s.kind is SourceKind.AGENCY]
        others = [s for c, s in speakers if s not in agencies]
        if agencies and others:
            # "قال المتحدث، حسب ما نشرت واس": the agency is the channel, not a second speaker
            for a in agencies:
                for o in others:
                    o.via = merge_names(o.via, [media_name(self.text[a.src_start:a.src_end])])
            made = [(c, s) for c, s in made if s not in agencies] + [(Cue(0, None, Direction.SPAN, None), a)
                                                                      for a in agencies]
            speakers = [(c, s) for c, s in made if c.direction is not Direction.SPAN]
        boundary = sentence.start
        for idx, (cue, src) in enumerate(speakers):
            nxt = speakers[idx + 1][1].start if idx + 1 < len(speakers) else sentence.end
            if cue.direction is Direction.BACKWARD:
                if idx > 0 and speakers[idx - 1][0].direction is Direction.FORWARD:
                    # قال X أن …، … بحسب المصادر: after a speaker's report, an according-to covers its clause only
                    boundary = max([boundary, *(w.end for w in words if boundary <= w.start < src.start
                                                and w.key in (",", "،"))])
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

    def _add_channels(self, speakers: list[tuple[Cue, Source]], words: list[Word]) -> None:
        """Outlets a source spoke to or published through are cited sources too, unless they are
        the article's own outlet."""
        seen = self._source_spans  # every source's (src_start, src_end), kept up to date by _add
        for cue, src in speakers:
            for s, e in cue.via:
                s, e = _trim_media(self.text, s, e)
                name = media_name(self.text[s:e])
                if (s, e) in seen or is_own_outlet(name, self.own) or is_platform(name):
                    continue
                self._add(Source(s, e, s, e, SourceKind.AGENCY, [], src.hedged, s, e,
                                 sentence_index=src.sentence_index))


def _refers_to(src: Source, prev: Source, own: Sequence[str], n_words: int, by_head: bool, by_name: bool) -> bool:
    """Whether ``src`` refers back to the earlier ``prev``: by its head (a definite short phrase,
    ``by_head``) or as a bare surname of its name (``by_name``)."""
    root = prev.root
    if root.src_end - root.src_start <= src.src_end - src.src_start and len(own) == n_words:
        return False
    if by_head and prev.head == src.head and len(root.words) >= 1 \
            and _same_body(own, root.words) and len(root.words) > len(own):
        return True
    return by_name and all(w in root.words for w in src.words)


def _quotes_directly(words: Sequence[Word], cue: Cue) -> bool:
    """The source's words follow at once, after a colon or inside quotes (وكتب الشيخ X: «…»)."""
    k = (cue.phrase.last if cue.phrase is not None else cue.trigger) + 1
    return k < len(words) and (words[k].text == ":" or words[k].is_quote)


def _share_channels(sources: Sequence[Source]) -> None:
    """A channel named once for a source (في بيان تلقت وكالة X نسخة منه، عبر حسابه على تويتر،
    وقال المصدر لوكالة X) carried every report of that source until another source speaks, the
    earlier ones too: a report usually names its channel once, often in its second sentence."""
    runs: list[list[Source]] = []
    current: tuple[int, int] | None = None
    for src in sorted(sources, key=lambda s: s.start):
        root = src.root
        if root.src_start == src.scope_start and root.src_end == src.scope_end and src is root:
            continue  # named in passing, never a speaker
        key = (root.src_start, root.src_end)
        if key != current:
            runs.append([])
            current = key
        runs[-1].append(src)
    for members in runs:
        channels = merge_names(*(m.via for m in members))
        if channels:
            for m in members:
                m.via = merge_names(m.via, channels)


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


def merge_names(*lists: Sequence[str]) -> list[str]:
    out: list[str] = []
    keys: set[str] = set()
    for lst in lists:
        for v in lst:
            k = normalize_key(v)
            if k and k not in keys:
                keys.add(k)
                out.append(v)
    return out
