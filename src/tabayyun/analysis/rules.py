"""The cross-outlet rules in one place: every threshold, with what it means.

The values live in ``findings.json`` (an analyst may override it through ``TABAYYUN_DATA``);
this module documents them and the rules they serve.

**Incidents** (``incidents.py``): two article events are one real-world incident when they
happened at one fine site (the same place, or places ``same_site_km`` apart; a province never
links two towns), within ``incident_days`` of each other (``instant_incident_days`` for an
incident over in a moment: the same town shelled two days later is another incident), and,
across articles, with a compatible tactic and articles whose words overlap (TF-IDF cosine of
the bodies ≥ ``incident_similarity``). One incident's reports span at most ``incident_span_days``
(``incident_days`` for an incident over in a moment), so that no chain of reports each a day from
the next makes one incident of a month of fighting in one city. Within one article, different kinds of event at one site
join within ``incident_type_days``. Inside one story, reports of one event told with places of
different precision (the country in one, the village in another) are merged afterwards.

**Stories** (``stories.py``): two articles report one developing crisis when the incident each
reports most is one incident; or when they were published within ``story_days`` of each other
and their bodies, or their headlines and leads, share words (cosine ≥ ``story_similarity``); or,
for a follow-up published up to ``follow_up_days`` later, when their bodies share most words
(cosine ≥ ``follow_up_similarity``).

**Stories** link by words only between mutual nearest articles: each article keeps its
``story_neighbours`` most similar links, and two join when each is among the other's; the
strongest links are taken first (articles sharing their central incident before word links), and
a link of either kind that would make a story of more than
``story_cohesion_from`` articles joins only when the two sides' words, summed over each side's
articles, are alike (cosine ≥ ``story_cohesion``), so that a chain of links does not grow one
story out of a month of unrelated news.

**Claim identity** (``identity.py``): the incident merge (one story, one city, near days) is
not enough for two figures to count one event. They must also show it: one figure's sentence
names a place, facility, group or person (outside a cited source) that the other's sentence, or
the other article's lead, names too, and that name is rare in the corpus: its weight
ln((N + ``identity_prior_docs``) / (df + 1)) reaches ``identity_score`` (a name in a few dozen of
thousands of articles, "Dar Saad", not "Aden"). In one article, two figures about the one
article event it ties them to are one event too. A figure its sentence calls replaced
(``superseded_before_cues``: في البداية; ``superseded_after_cues``: ثم خفضت، ارتفعت الحصيلة إلى)
is no current count and disputes none; a figure its sentence says the count rose to
(``raised_cues``: ارتفعت الحصيلة إلى) is a newer count than a smaller one of its day, not its
rival. A contradiction (and a corroboration) is a tight group: figures pairwise counts of one event, each the rival (or the confirmation) of another member,
grown from the best-evidenced pair, at most ``max_rival_figures`` different figures; never the
union of every rival pair of an incident. The very same figure twice in one incident confirms
without a name in common (the coincidence is the evidence), unless it is below ``coincidence_below``
(two killed, three wounded: such figures coincide in any two reports of a war), or below
``coincidence_large_below`` in an incident whose figures of the measure come from more than
``large_incident_articles`` articles (a war's front, where 4 or 5 dead are reported every day), and
the two sentences are not one sentence printed twice; different overlapping figures need one. On
such a front a range word twice ("عشرات القتلى") confirms only as one sentence printed twice: every
battle of a war has its dozens, whatever names two reports share.

**Findings** (``findings.py``): only claims about the same incident and measure meet, and only
like with like (``findings.comparable``): totals with totals, one group's count with the same
group's, never a share. Each figure's own sentence is asked too (``scene.py``): figures whose
sentences (or events) place them at two sites, or only in two countries, meet not at all; two
figures are disputed, and a value class confirms, only when they are placed at one site; a
figure recalling an earlier event (``background_cues``: قتل آنذاك) meets no other; an early toll
(``provisional_cues``: حصيلة أولية) is disputed only by a smaller one. What two figures are to
each other:

* they *corroborate* when their intervals overlap (``slack`` for approximate figures), they are
  within ``max_ratio`` of each other (``open_ratio`` when one is only a bound: "more than 8"
  confirms 10, not 18), and one of them is a definite count;
* they *contradict* when no single history of the count holds both and they come from
  independent sources (``sources.py``): stated on the same day, or on any days for a count of the
  incident itself that does not change (``fixed_measures``: how many attacked), their intervals
  do not overlap and they differ by at most ``max_ratio`` (further apart they count different
  things);
* in one article, two figures are rival statements only when two different sources it cites give
  them: never the article's own words against a source, nor two names of one body
  (``source_generic_words`` aside, their claimants share no word; a claimant that is only a
  document, ``source_document_words``: "التقرير", is the body named before; two unnamed sources
  of one kind, ``source_kind_words``: "مصادر محلية" twice, are one voice unless one is called
  another, ``source_other_words``), nor two tolls
  (``toll_measures``) in two threads (a round-up gives each front its paragraph and its voice; a
  paragraph opening with a response cue, ``response_openers``: في المقابل، بدوره, carries on the
  one before it: ``threads.py``);
* one original source giving two figures is an *update* (it revised its count), except when two
  articles print the very sentence of its statement (``echo_runs`` runs in common) with two
  figures and neither figure stopped being printed while the other went on: the relays disagree
  on what the source said, a *contradiction* between relays (``independent`` false). The original
  source of a figure (``sources.py``) is its named claimant, else the agency credited for its
  passage, else the copy group of a passage shared between articles, else the outlet; an
  outlet's unnamed sources ("مصادر أمنية") are that outlet's own, not another outlet's unnamed
  sources; an article's own-voice figure that another of its passages credits to a source (a
  headline restating the spokesman's toll) is that source's; and two figures of one incident
  whose sentences share ``echo_runs`` runs of ``echo_words`` words (one paper printing another's
  or a wire's sentence, whoever each credits it to: "مصادر في اليمن" and "مصادر محلية للرياض") are
  one source;
* one figure of one story that its articles' events put in several incidents (a relay names the
  place differently, or dates the event by its own day) is still a *corroboration* (``relays.py``)
  when the articles print one sentence (one source relayed) or their sentences name a distinctive
  name in common at no two different scenes (the identity evidence above);
* a later, larger figure of a growing count (``cumulative_measures``) from another source is a
  *progression*, within ``max_growth``; a later, smaller one compares two moments and is no
  finding. One source's two figures are an *update* (it revised its count), except a count of an
  ongoing operation (``campaign_measures``: detentions in a crackdown) larger on a later day:
  that count grew, a *progression*. Counts of things (``thing_measures``: cars, car bombs,
  houses) confirm each other but are never rivals: their nouns split into kinds the measure does
  not tell (seven vehicles burned, three car bombs destroyed).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tabayyun.lexicon import load_json
from tabayyun.text.normalize import normalize_key


@dataclass(frozen=True, slots=True)
class Rules:
    incident_days: int  # days between two reports of one incident (late reports, "أمس" read differently)
    instant_incident_days: int  # the same for an incident over in a moment: the same town shelled later is another
    incident_span_days: int  # days one incident's reports may span in all (a siege, a battle); instant ones: incident_days
    incident_type_days: int  # days between two kinds of event at one site of one article that are one incident
    referred_incident_days: int  # days before its article an event it only refers back to may have happened
    past_period_days: int  # a month or year over this many days before publication is history (scene.py)
    same_site_km: float  # two fine places this close are one site
    contains_km: float  # a province "contains" a place this close to its centroid
    incident_similarity: float  # TF-IDF cosine of two articles below which their events are not linked
    story_days: int  # days between two articles of one developing story linked by their words
    story_similarity: float  # TF-IDF cosine (whole bodies, or headlines and leads) from which two articles are one story
    follow_up_days: int  # days over which a follow-up (a funeral, an arrest, a death from wounds) still joins its story
    story_neighbours: int  # an article links by words only to its this-many nearest articles, and only mutually
    story_orphan_similarity: float  # cosine from which an article no link placed joins its nearest article's story
    story_cohesion: float  # cosine of two stories' summed body vectors from which a word link may join them
    story_cohesion_from: int  # stories up to this size join by any mutual link; a larger one needs cohesion
    follow_up_similarity: float  # body cosine from which a follow-up naming one specific place or actor joins
    slack: float  # approximate figures ("about 300", نحو، حوالي) overlap within this share
    max_ratio: float  # two figures further apart than this count different things, not one disputed count
    open_ratio: float  # a bound ("at least 8") confirms a definite figure only within this ratio of it
    max_growth: float  # how much a growing count may grow between two days and still be the same count
    cumulative: frozenset[str]  # counts that only grow while an event unfolds
    campaign: frozenset[str]  # counts of an ongoing operation: one source's later, larger figure is growth
    things: frozenset[str]  # counts of things of many kinds: they confirm, never dispute
    fixed: frozenset[str]  # counts of the incident itself that do not change over days (how many attacked)
    tolls: frozenset[str]  # tolls every incident of a round-up gives: one article's tolls in two threads are two incidents'
    source_generic: frozenset[str]  # words of sourcing that name no body (مصدر، بيان، متحدث): normalised keys
    source_document: frozenset[str]  # a claimant only of these ("التقرير") is the document of a body named before
    source_kind: frozenset[str]  # what kind of unnamed source (محلية، طبية): two of one kind in one article are one voice
    source_other: frozenset[str]  # words that mark another source of the same kind (أخرى، آخر)
    related: dict[str, str]  # a count that also speaks for another measure (the captives freed were the hostages)
    identity_score: float  # weight (smoothed idf) a shared name needs to show that two figures count one event
    identity_prior_docs: int  # a word's document frequency is smoothed as if this many more articles lacked it
    max_rival_figures: int  # a contradiction groups at most this many different figures
    echo_words: int  # words of the runs by which two figures' sentences are compared (``scene.Scene.echo``)
    echo_runs: int  # runs two figures' sentences share from which one copies the other: one source
    coincidence_below: float  # a figure this small, the same in two articles, is a coincidence without a name in common
    coincidence_large_below: float  # ... and one this small in a large incident (``large_incident_articles``)
    large_incident_articles: int  # an incident whose figures of one measure come from more articles than this


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = load_json("lexicon", "findings.json")
    return Rules(
        incident_days=int(data["incident_days"]), instant_incident_days=int(data["instant_incident_days"]),
        incident_type_days=int(data["incident_type_days"]),
        referred_incident_days=int(data["referred_incident_days"]), past_period_days=int(data["past_period_days"]), incident_span_days=int(data["incident_span_days"]),
        same_site_km=float(data["same_site_km"]), contains_km=float(data["contains_km"]),
        incident_similarity=float(data["incident_similarity"]), story_days=int(data["story_days"]),
        story_similarity=float(data["story_similarity"]), follow_up_days=int(data["follow_up_days"]),
        follow_up_similarity=float(data["follow_up_similarity"]), story_neighbours=int(data["story_neighbours"]), story_orphan_similarity=float(data["story_orphan_similarity"]),
        story_cohesion=float(data["story_cohesion"]), story_cohesion_from=int(data["story_cohesion_from"]), slack=float(data["slack"]),
        max_ratio=float(data["max_ratio"]), open_ratio=float(data["open_ratio"]), max_growth=float(data["max_growth"]),
        cumulative=frozenset(data["cumulative_measures"]), campaign=frozenset(data["campaign_measures"]),
        things=frozenset(data["thing_measures"]), fixed=frozenset(data["fixed_measures"]),
        tolls=frozenset(data["toll_measures"]),
        related=dict(data["related_measures"]),
        identity_score=float(data["identity_score"]), identity_prior_docs=int(data["identity_prior_docs"]),
        max_rival_figures=int(data["max_rival_figures"]),
        echo_words=int(data["echo_words"]), echo_runs=int(data["echo_runs"]),
        coincidence_below=float(data["coincidence_below"]),
        coincidence_large_below=float(data["coincidence_large_below"]),
        large_incident_articles=int(data["large_incident_articles"]),
        source_generic=frozenset(normalize_key(w, drop_article=True) for w in data["source_generic_words"]),
        source_document=frozenset(normalize_key(w, drop_article=True) for w in data["source_document_words"]),
        source_kind=frozenset(normalize_key(w, drop_article=True) for w in data["source_kind_words"]),
        source_other=frozenset(normalize_key(w, drop_article=True) for w in data["source_other_words"]),
    )
