"""Findings: claims of one incident compared like for like, by the rules of ``rules.py``."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from tabayyun.analysis.findings import ClaimRef, comparable, compare_claims
from tabayyun.analysis.scene import NO_SCENE, Scene, Site
from tabayyun.analysis.threads import HEADLINE
from tabayyun.claims.scope import Scope
from tabayyun.model import Claim, ClaimRole, SourceKind

DAY = date(2030, 3, 10)
NEXT = date(2030, 3, 12)
T, G, P = ClaimRole.TOTAL, ClaimRole.GROUP, ClaimRole.PART
# every figure placed at one site, its sentence naming the market of the incident, unless said
HERE = Scene(frozenset({Site("geo:arnor", 30.0, 40.0)}), words=frozenset({"سوق", "غزل"}))


def _ref(doc_id: str, low: float | None, high: float | None, *, measure: str = "killed", claimant: str = "outlet",
         source: str | None = None, day: date | None = DAY, unit: str = "persons", start: int = 0,
         label: str | None = None, cue: str = "", role: ClaimRole | None = None, incident: str = "I1",
         group: str | None = None, scene: Scene = HERE) -> ClaimRef:
    role = role or (G if label else T)
    kind = SourceKind.OUTLET if claimant == "outlet" else SourceKind.ANONYMOUS
    claim = Claim(start, start + 1, "x", measure=measure, unit=unit, low=low, high=high, claimant=claimant,
                  claimant_kind=kind, role=role)
    return ClaimRef(doc_id, claim, incident, source or f"outlet:{doc_id}", day, Scope(label, group, cue), scene)


def _kinds(refs: list[ClaimRef]) -> list[str]:
    return sorted(f.kind for f in compare_claims(refs) if f.kind != "single_source")


@pytest.mark.parametrize(("a", "b"), [((13, 13), (15, 15)), ((130, 130), (150, 150)), ((170, 170), (173, 173))])
def test_compare_claims_same_day_rival_figures_contradict(a: tuple[int, int], b: tuple[int, int]) -> None:
    assert _kinds([_ref("d1", *a), _ref("d2", *b)]) == ["contradiction"]


@pytest.mark.parametrize(("early", "late", "measure"), [(300, 1000, "surrendered"), (130, 300, "surrendered"),
                                                         (27, 32, "killed")])
def test_compare_claims_rising_count_over_days_is_progression(early: int, late: int, measure: str) -> None:
    refs = [_ref("d1", early, early, measure=measure), _ref("d2", late, late, measure=measure, day=NEXT)]
    assert _kinds(refs) == ["progression"]


@pytest.mark.parametrize("day", [DAY, NEXT])
def test_compare_claims_one_source_changing_its_figure_is_update(day: date) -> None:
    refs = [_ref("d1", 27, 27, source="source:الوزارة"), _ref("d2", 32, 32, source="source:الوزارة", day=day)]
    assert _kinds(refs) == ["update"]


@pytest.mark.parametrize(("day", "kind"), [(DAY, "update"), (NEXT, "progression")])
def test_compare_claims_one_source_counting_a_crackdown_again_later_is_progression(day: date, kind: str) -> None:
    # the ministry's 251 detained, then 590 two days later: the crackdown went on; 297 the same day: a revision
    refs = [_ref("d1", 251, 251, measure="arrested", source="source:الوزارة"),
            _ref("d2", 590, 590, measure="arrested", source="source:الوزارة", day=day)]
    assert _kinds(refs) == [kind]


def _printed(value: int, *, words: str = "وأصيب سبعة من رجال الأمن في التفجير الذي استهدف المسجد") -> Scene:
    """A figure's scene whose sentence is the source's sentence as one relay printed it."""
    from tabayyun.analysis.scene import echo_runs
    return replace(HERE, echo=echo_runs(f"{words} {value}"))


def test_compare_claims_relays_printing_one_sentence_with_two_figures_contradict() -> None:
    # the very sentence of one statement, printed with 7 by two papers and with 9 by two others,
    # each figure printed to the last day of the coverage: no revision, the relays disagree
    refs = [_ref("d1", 7, 7, source="copy:d1", scene=_printed(7)),
            _ref("d2", 9, 9, source="copy:d1", scene=_printed(9)),
            _ref("d3", 7, 7, source="copy:d1", day=NEXT, scene=_printed(7)),
            _ref("d4", 9, 9, source="copy:d1", day=NEXT, scene=_printed(9))]
    found = [f for f in compare_claims(refs) if f.kind == "contradiction"]
    assert [(f.independent, sorted({r.doc_id for r in f.claims})) for f in found] == [(False, ["d1", "d2", "d3", "d4"])]
    assert "relays of one original source" in found[0].reasoning


def test_compare_claims_relayed_sentence_whose_old_figure_stops_is_update() -> None:
    # 14 printed on the first day only, 10 on the first and the next: the source lowered its toll
    refs = [_ref("d1", 14, 14, source="copy:d1", scene=_printed(14)),
            _ref("d2", 10, 10, source="copy:d1", scene=_printed(10)),
            _ref("d3", 10, 10, source="copy:d1", day=NEXT, scene=_printed(10))]
    assert _kinds(refs) == ["corroboration", "update"]  # the two 10s confirm each other


def test_compare_claims_one_source_two_figures_in_other_words_is_update() -> None:
    # one source's two figures of one day in different sentences: two counts it gave, not a misquote
    refs = [_ref("d1", 4, 4, source="copy:d1", scene=_printed(4, words="الداخلية استشهاد من رجال الأمن على الحد الجنوبي")),
            _ref("d2", 3, 3, source="copy:d1", scene=_printed(3, words="استشهاد جنود وإصابة سبعة من رجال حرس الحدود"))]
    assert _kinds(refs) == ["update"]


def test_compare_claims_falling_count_over_days_is_not_contradiction() -> None:
    assert "contradiction" not in _kinds([_ref("d1", 12, 12), _ref("d2", 10, 10, day=NEXT)])


def test_compare_claims_fixed_count_disputed_whatever_the_day() -> None:
    refs = [_ref("d1", 4, 4, measure="attackers"), _ref("d2", 2, 2, measure="attackers", day=NEXT)]
    assert _kinds(refs) == ["contradiction"]


@pytest.mark.parametrize(("a", "b"), [((15, 15), (15, 15)), ((5000, 5000), (2000, 9999)), ((100, 100), (90, None))])
def test_compare_claims_overlapping_figures_corroborate(a: tuple, b: tuple) -> None:
    assert _kinds([_ref("d1", *a), _ref("d2", *b)]) == ["corroboration"]


def test_compare_claims_relayed_source_is_not_independent() -> None:
    refs = [_ref("d1", 15, 15, source="spokesman"), _ref("d2", 15, 15, source="spokesman")]
    found = [f for f in compare_claims(refs) if f.kind == "corroboration"]
    assert [(f.independent, f.sources) for f in found] == [(False, 1)]


def test_compare_claims_persons_and_families_are_unit_mismatch() -> None:
    refs = [_ref("d1", 4000, 4000, measure="displaced"),
            _ref("d2", 4000, 4000, measure="displaced", unit="families")]
    assert _kinds(refs) == ["unit_mismatch"]


def test_compare_claims_other_incidents_are_never_compared() -> None:
    # the 17 strikes near one city and the 41 of the whole statement are different incidents
    assert _kinds([_ref("d1", 17, 17, measure="strikes"), _ref("d2", 41, 41, measure="strikes", incident="I2")]) == []


def test_compare_claims_article_giving_both_figures_is_not_a_rival() -> None:
    refs = [_ref("d1", 3, 3), _ref("d2", 3, 3, start=5), _ref("d2", 15, 15, start=9)]
    assert "contradiction" not in _kinds(refs)


def test_compare_claims_figures_placed_nowhere_are_not_disputed() -> None:
    # no place in either sentence nor event: nothing shows they count one event
    assert _kinds([_ref("d1", 13, 13, scene=NO_SCENE), _ref("d2", 15, 15, scene=NO_SCENE)]) == []


def test_compare_claims_far_apart_figures_are_different_counts() -> None:
    assert _kinds([_ref("d1", 3, 3), _ref("d2", 3042, 3042)]) == []


def test_compare_claims_same_article_needs_different_voices() -> None:
    same = [_ref("d1", 130, 130, claimant="مصادر"), _ref("d1", 110, 110, claimant="مصادر", start=5)]
    other = [_ref("d1", 130, 130, claimant="مصادر", source="source:مصادر"),
             _ref("d1", 110, 110, claimant="مصدر مقرب", start=5, source="source:مصدر مقرب")]
    assert (_kinds(same), _kinds(other)) == ([], ["contradiction"])


def test_compare_claims_same_article_own_words_against_a_source_are_no_dispute() -> None:
    # the article's summary, a part it singles out, or another event: not a rival statement
    refs = [_ref("d1", 28, 28), _ref("d1", 21, 21, claimant="المرصد السوري", start=5, source="source:مرصد")]
    assert _kinds(refs) == []


@pytest.mark.parametrize(("first", "second"), [
    ("وزارة الداخلية المصرية", "بيان للداخلية"),
    ("رئيس الوزراء", "مكتب رئيس الوزراء"),
    # "157 killed, the network said ... the report said 143 were killed by regime forces": one source
    ("الشبكة السورية لحقوق الإنسان", "التقرير"),
    ("الشبكة السورية لحقوق الإنسان", "البيان"),
])
def test_compare_claims_same_article_two_names_of_one_body_are_no_dispute(first: str, second: str) -> None:
    refs = [_ref("d1", 157, 157, claimant=first, source=f"source:{first}"),
            _ref("d1", 143, 143, claimant=second, start=5, source=f"source:{second}")]
    assert _kinds(refs) == []


@pytest.mark.parametrize(("second", "expected"), [
    ("مصادر محلية في قرى صبر", []),  # the article's local contacts again (for a part of the area)
    ("مصادر محلية أخرى", ["contradiction"]),  # another set of local sources: a rival voice
    ("مصادر طبية", ["contradiction"]),  # another kind of source
])
def test_compare_claims_same_article_two_unnamed_sources_of_one_kind_are_one_voice(second: str, expected: list) -> None:
    refs = [_ref("d1", 18, 18, claimant="مصادر محلية", source="source:مصادر محلية"),
            _ref("d1", 8, 8, claimant=second, start=5, source=f"source:{second}")]
    assert _kinds(refs) == expected


@pytest.mark.parametrize(("measure", "paragraphs", "expected"), [
    ("killed", (0, 0), ["contradiction"]),  # two voices side by side on one toll
    ("killed", (2, 7), []),  # a round-up: each front's paragraph, voice and toll
    ("surrendered", (2, 7), ["contradiction"]),  # a count of one kind of event, told again further on
])
def test_compare_claims_same_article_tolls_in_two_paragraphs_are_two_incidents(
        measure: str, paragraphs: tuple[int, int], expected: list[str]) -> None:
    refs = [replace(_ref("d1", 8, 8, measure=measure, claimant="مصادر طبية", source="source:طبية"), thread=paragraphs[0]),
            replace(_ref("d1", 14, 14, measure=measure, claimant="شهود عيان", start=5, source="source:شهود"),
                    thread=paragraphs[1])]
    assert _kinds(refs) == expected


@pytest.mark.parametrize(("body", "expected"), [
    ([14], ["contradiction"]),  # the headline's 9 strikes over the body's one figure, 14
    ([9, 14], []),  # the body gives the headline's figure too
    ([14, 5], []),  # several figures of the count in the body: the headline may sum them
])
def test_compare_claims_headline_against_its_body(body: list[int], expected: list[str]) -> None:
    refs = [replace(_ref("d1", 9, 9, measure="strikes", unit="strikes"), thread=HEADLINE)]
    refs += [replace(_ref("d1", v, v, measure="strikes", unit="strikes", claimant="مصادر في المحافظة",
                          source="anon:d1:مصادر", start=10 + i), thread=1) for i, v in enumerate(body)]
    assert _kinds(refs) == expected


def test_compare_claims_freed_corroborates_hostages() -> None:
    refs = [_ref("d1", 23, 23, measure="hostages"), _ref("d2", 23, 23, measure="freed")]
    assert any(f.kind == "corroboration" and f.measure == "hostages" for f in compare_claims(refs))


@pytest.mark.parametrize(("sources", "expected"), [(["a", "a"], True), (["a", "b"], False)])
def test_compare_claims_single_source(sources: list[str], expected: bool) -> None:
    refs = [_ref(f"d{i}", 5, 5, source=s) for i, s in enumerate(sources)]
    assert any(f.kind == "single_source" for f in compare_claims(refs)) is expected


SF, WORKERS = "security forces", "workers"


@pytest.mark.parametrize(("a", "b", "expected"), [
    (_ref("d1", 15, 15), _ref("d2", 14, 14), True),  # two totals
    (_ref("d1", 15, 15), _ref("d2", 10, 10, label=SF), False),  # a group smaller than the whole: a share of it
    (_ref("d1", 15, 15), _ref("d2", 17, 17, label=SF), True),  # a group larger than the whole cannot hold with it
    (_ref("d1", 12, 12, label=SF), _ref("d2", 13, 13, label=SF), True),  # one group's two counts
    (_ref("d1", 12, 12, label=SF), _ref("d2", 10, 10, label=WORKERS), False),  # different groups
    (_ref("d1", 5, 5, label="fighters", group="a"), _ref("d2", 6, 6, label="fighters", group="b"), False),
    (_ref("d1", 30, 30), _ref("d2", 25, 25, role=P), False),  # a share (the dead buried at one funeral)
    (_ref("d1", 200, 200), _ref("d2", 250, 250, role=ClaimRole.MIXED), False),
])
def test_comparable_like_with_like(a: ClaimRef, b: ClaimRef, expected: bool) -> None:
    assert comparable(a, b) is expected


def test_compare_claims_one_finding_per_disputed_count() -> None:
    refs = [_ref("d1", 10, 10, label=SF), _ref("d2", 12, 12, label=SF), _ref("d3", 13, 13, label=SF)]
    (finding,) = [f for f in compare_claims(refs) if f.kind == "contradiction"]
    assert sorted(r.doc_id for r in finding.claims) == ["d1", "d2", "d3"]
    assert (finding.low, finding.high) == (10, 13)


def test_compare_claims_vague_range_is_no_rival() -> None:
    assert _kinds([_ref("d1", 100, 100), _ref("d2", 20, 99)]) == []


@pytest.mark.parametrize(("day_a", "day_b", "expected"), [(None, NEXT, []), (DAY, NEXT, ["progression"])])
def test_compare_claims_undated_figure_makes_no_progression(day_a: date | None, day_b: date, expected: list) -> None:
    refs = [_ref("d1", 300, 300, measure="surrendered", day=day_a),
            _ref("d2", 600, 600, measure="surrendered", day=day_b)]
    assert _kinds(refs) == expected


@pytest.mark.parametrize(("refs", "expected"), [
    ([_ref("d1", 10, None), _ref("d2", 100, 100)], []),  # "at least 10" confirms no larger toll
    ([_ref("d1", 115, None), _ref("d2", 3216, None)], []),  # two lower bounds say nothing of each other
    ([_ref("d1", 8, None), _ref("d2", 18, 18)], []),  # "more than 8" is no confirmation of 18 (open_ratio)
    ([_ref("d1", 8, None), _ref("d2", 10, 10)], ["corroboration"]),  # but of 10
])
def test_compare_claims_weak_overlap_is_no_corroboration(refs: list[ClaimRef], expected: list[str]) -> None:
    assert _kinds(refs) == expected



def test_compare_claims_do_not_depend_on_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two figures of one article at one offset tie on a finding's order. Their order, and the
    estimate (each source's latest figure), must not come from a set's iteration order: on
    Python 3.11 hash(None), and so a claim's hash, changes from process to process."""
    refs = [_ref("d1", 12, 12, source="source:الوزارة"), _ref("d1", 13, 13, source="source:الوزارة"),
            _ref("d2", 30, 30)]
    runs = []
    for order in (1, -1):  # two hash functions that put the two tied claims in opposite set orders
        monkeypatch.setattr(ClaimRef, "__hash__", lambda r, o=order: o * int(r.claim.low or 0))
        runs.append(compare_claims(refs))
    assert runs[0] == runs[1]


def _at(*words: str, lead: tuple[str, ...] = ()) -> Scene:
    return Scene(HERE.places, words=frozenset(words), lead=frozenset(lead))


def test_compare_claims_one_incident_is_not_enough_to_be_one_event() -> None:
    """Two bombs of one city on one day merged into one incident: nothing in the figures' own
    sentences ties them, so they are not rival counts of one event."""
    refs = [_ref("d1", 16, 16, scene=_at("زعفرانيه")), _ref("d2", 4, 4, scene=_at("جديده", "غداد"))]
    assert _kinds(refs) == []
    refs = [_ref("d1", 16, 16, scene=_at("زعفرانيه")), _ref("d2", 12, 12, scene=_at("زعفرانيه"))]
    assert _kinds(refs) == ["contradiction"]


def test_compare_claims_the_other_article_headline_may_name_the_event() -> None:
    refs = [_ref("d1", 100, 100, scene=_at("خان", lead=("ديالي",))), _ref("d2", 120, None, scene=_at("ديالي"))]
    assert _kinds(refs) == ["contradiction"]
    refs = [_ref("d1", 100, 100, scene=_at("خان", lead=("ديالي",))), _ref("d2", 120, None, scene=_at("بياع", lead=("ديالي",)))]
    assert _kinds(refs) == []  # two headlines of one story say nothing of which event each figure counts
    refs = [_ref("d1", 100, 100, scene=_at(lead=("خان", "ديالي"))), _ref("d2", 120, None, scene=_at("خان"))]
    assert _kinds(refs) == ["contradiction"]  # a headline figure, its sentence saying nothing more, speaks for its lead


def test_compare_claims_a_word_of_every_article_is_no_evidence() -> None:
    """In a large corpus a city named by thousands of articles weighs little; a market's name much."""
    crowd = [_ref(f"x{k}", 3, 3, measure="arrested", scene=_at("عدن", "تواهي" if k % 2 else "معلا"), incident=f"I{k + 9}")
             for k in range(3000)]
    city = [_ref("d1", 43, 43, scene=_at("عدن")), _ref("d2", 28, 28, scene=_at("عدن"))]
    assert "contradiction" not in [f.kind for f in compare_claims(city + crowd) if f.measure == "killed"]
    district = [_ref("d1", 43, 43, scene=_at("عدن", "دارسعد")), _ref("d2", 60, 60, scene=_at("عدن", "دارسعد"))]
    assert "contradiction" in [f.kind for f in compare_claims(district + crowd) if f.measure == "killed"]


def test_compare_claims_a_jumble_splits_into_tight_groups() -> None:
    """Four figures of one incident, two events: two contradictions, never one of all four."""
    refs = [_ref("d1", 10, 10, scene=_at("زعفرانيه")), _ref("d2", 14, 14, scene=_at("زعفرانيه")),
            _ref("d3", 30, 30, scene=_at("بياع")), _ref("d4", 40, 40, scene=_at("بياع"))]
    found = [f for f in compare_claims(refs) if f.kind == "contradiction"]
    assert sorted(sorted(r.doc_id for r in f.claims) for f in found) == [["d1", "d2"], ["d3", "d4"]]
    assert all("one event by shared names" in f.reasoning for f in found)


def test_compare_claims_a_superseded_figure_is_no_rival() -> None:
    refs = [_ref("d1", 14, 14, scene=replace(HERE, superseded=True)), _ref("d2", 10, 10)]
    assert _kinds(refs) == []


def test_compare_claims_an_article_telling_its_previous_toll_updates_it() -> None:
    """"وكانت الحصيلة السابقة تفيد عن ثمانية قتلى" beside the spokesman's 15: the article itself
    says the count was revised, whoever each figure is credited to."""
    refs = [_ref("d1", 15, 15, claimant="المتحدث", source="source:متحدث"),
            _ref("d1", 8, 8, scene=replace(HERE, superseded=True), start=5)]
    assert _kinds(refs) == ["update"]
    # the previous toll of another article is no revision this article tells
    refs = [_ref("d1", 15, 15), _ref("d2", 8, 8, scene=replace(HERE, superseded=True))]
    assert _kinds(refs) == []


def test_compare_claims_in_one_article_the_event_both_figures_are_about_ties_them() -> None:
    """Two voices of one article about the one article event it ties both figures to (the
    governor's 10 soldiers, the army commander's 8) dispute one count, names or not."""
    def voice(low: int, claimant: str, event: int | None, start: int) -> ClaimRef:
        claim = Claim(start, start + 1, "x", measure="killed", low=low, high=low, claimant=claimant,
                      claimant_kind=SourceKind.ANONYMOUS, event_start=event)
        return ClaimRef("d1", claim, "I1", f"source:{claimant}", DAY, Scope(), _at())

    assert _kinds([voice(10, "الحاكم", 0, 5), voice(8, "قائد الجيش", 0, 9)]) == ["contradiction"]
    assert _kinds([voice(10, "الحاكم", 0, 5), voice(8, "قائد الجيش", 40, 9)]) == []


def test_compare_claims_tolls_of_two_days_named_in_their_sentences_are_two_events() -> None:
    # Monday's bombs (10 dead) and Tuesday's (24 dead, "أمس الثلاثاء" in its sentence) in one incident
    def dated(ref: ClaimRef, day: date, named: bool) -> ClaimRef:
        return replace(ref, claim=replace(ref.claim, date=day), scene=replace(ref.scene, dated=named))
    monday, tuesday = date(2030, 3, 9), DAY
    assert _kinds([dated(_ref("d1", 10, 10), monday, False), dated(_ref("d2", 24, 24), tuesday, True)]) == []
    # days that only come from the articles (no day in either sentence) may be the reports' days
    assert _kinds([dated(_ref("d1", 10, 10), monday, False),
                   dated(_ref("d2", 24, 24), tuesday, False)]) == ["contradiction"]


@pytest.mark.parametrize(("value", "kinds"), [(2, []), (7, ["corroboration"])])
def test_compare_claims_a_small_figure_twice_needs_a_name_in_common(value: int, kinds: list[str]) -> None:
    # "2 killed" in two reports of one incident is no sign of one event: such figures coincide
    bare = replace(HERE, words=frozenset())
    refs = [_ref("d1", value, value, scene=bare), _ref("d2", value, value, scene=bare)]
    assert _kinds(refs) == kinds
    assert _kinds([_ref("d1", value, value), _ref("d2", value, value)]) == ["corroboration"]  # a name in common


def test_compare_claims_dozens_twice_on_a_war_front_confirm_only_as_one_sentence() -> None:
    # "dozens killed" in two of the many reports of one large incident, even naming one place: no
    # sign of one count; in a small incident (one prison break) "dozens escaped" twice confirms
    others = [_ref(f"o{i}", 30 + 10 * i, 30 + 10 * i) for i in range(10)]

    def pair_found(refs: list[ClaimRef]) -> bool:
        return any(f.kind == "corroboration" and {r.doc_id for r in f.claims} == {"d1", "d2"}
                   for f in compare_claims(refs))
    assert pair_found([_ref("d1", 20, 99), _ref("d2", 20, 99)])
    assert not pair_found([_ref("d1", 20, 99), _ref("d2", 20, 99), *others])
    printed = replace(HERE, echo=frozenset(range(5)))  # one sentence printed in both
    assert pair_found([_ref("d1", 20, 99, scene=printed), _ref("d2", 20, 99, scene=printed), *others])


def test_compare_claims_a_war_fronts_small_figures_need_a_name_in_common() -> None:
    # 5 dead reported by two of the many articles about one large incident (a war's front): no sign
    # of one event without a name in common; in a small incident the coincidence is the evidence
    bare = replace(HERE, words=frozenset())
    pair = [_ref("d1", 5, 5, scene=bare), _ref("d2", 5, 5, scene=bare)]
    others = [_ref(f"o{i}", 30 + 10 * i, 30 + 10 * i, scene=bare) for i in range(10)]  # 12 articles in all
    assert _kinds(pair) == ["corroboration"]
    assert "corroboration" not in [f.kind for f in compare_claims(pair + others)
                                   if {r.doc_id for r in f.claims} == {"d1", "d2"}]


def test_corroboration_independent_only_when_shown() -> None:
    def found(*refs: ClaimRef) -> bool:
        return next(f for f in compare_claims(list(refs)) if f.kind == "corroboration").independent

    def via(ref: ClaimRef, *agencies: str) -> ClaimRef:
        return replace(ref, claim=replace(ref.claim, via=agencies))
    # two papers' own words: either may print one wire's figure
    assert not found(_ref("d1", 7, 7), _ref("d2", 7, 7))
    # two named bodies, or two different wires: independent
    assert found(_ref("d1", 7, 7, source="source:وزارة"), _ref("d2", 7, 7, source="source:مستشفى"))
    assert found(via(_ref("d1", 7, 7), "رويترز"), via(_ref("d2", 7, 7), "فرانس برس"))
    assert not found(via(_ref("d1", 7, 7), "رويترز"), via(_ref("d2", 7, 7), "رويترز"))
    # one body named two ways (its spokesman with and without his name), across papers: one source
    assert not found(_ref("d1", 7, 7, source="source:متحدث رسمي بقياده حرس حدود"),
                     _ref("d2", 7, 7, source="source:نقيب عمر اكلبي متحدث رسمي بقياده حرس حدود"))
    assert found(_ref("d1", 7, 7, source="source:وزاره داخليه"), _ref("d2", 7, 7, source="source:وزاره صحه"))
    # one article's chain (a wire citing an agency) and another paper's own words: no two origins shown
    assert not found(via(_ref("d1", 7, 7), "فرانس برس"), via(_ref("d1", 7, 7, start=9), "سانا"),
                     _ref("d2", 7, 7))


def test_compare_claims_a_toll_that_rose_to_its_figure_follows_a_smaller_one() -> None:
    # "ارتفعت حصيلة الجرحى إلى 38" beside another paper's 27 of the same day: a newer count, the
    # next step of the toll, not its rival
    refs = [_ref("d1", 27, 27, measure="injured"), replace(_ref("d2", 38, 38, measure="injured"), raised=True)]
    assert _kinds(refs) == ["progression"]
    # a smaller figure said to be the risen one disputes nothing and follows nothing
    assert _kinds([replace(_ref("d1", 27, 27, measure="injured"), raised=True),
                   _ref("d2", 38, 38, measure="injured")]) == ["contradiction"]
    assert _kinds([_ref("d1", 27, 27, measure="injured"), _ref("d2", 38, 38, measure="injured")]) == ["contradiction"]


def test_compare_claims_one_article_tolls_of_two_kinds_of_event_are_no_rivals() -> None:
    # the police killed 21 repelling an attack, the coalition's sorties 29: one statement's round-up
    clash = replace(_ref("d1", 21, 21, claimant="الشرطة", source="source:الشرطة"), tactic="Armed clash")
    sorties = replace(_ref("d1", 29, 29, claimant="القوة الجوية", source="source:القوة الجوية", start=50),
                      tactic="Air/drone strike")
    assert _kinds([clash, sorties]) == []
    # the same two voices on one kind of event dispute one count
    assert _kinds([clash, replace(sorties, tactic="Armed clash")]) == ["contradiction"]


def test_compare_claims_counts_of_things_confirm_but_never_dispute() -> None:
    # seven vehicles burned and destroyed, three car bombs destroyed: kinds the measure does not tell
    refs = [_ref("d1", 7, 7, measure="vehicles", unit="vehicles"), _ref("d2", 3, 3, measure="vehicles", unit="vehicles")]
    assert _kinds(refs) == []
    refs = [_ref("d1", 7, 7, measure="vehicles", unit="vehicles"), _ref("d2", 7, 7, measure="vehicles", unit="vehicles")]
    assert _kinds(refs) == ["corroboration"]


def test_compare_claims_the_same_figure_days_apart_with_no_name_in_common_is_two_counts() -> None:
    # 22 killed on two fronts of one war two days apart: nothing says they count one event
    bare = Scene(frozenset({Site("geo:arnor", 30.0, 40.0)}))
    assert _kinds([_ref("d1", 22, 22, scene=bare), _ref("d2", 22, 22, day=NEXT, scene=bare)]) == []
    # a night's event dated by two reports on two days is one count
    assert _kinds([_ref("d1", 22, 22, scene=bare), _ref("d2", 22, 22, day=date(2030, 3, 11), scene=bare)]) \
        == ["corroboration"]


@pytest.mark.parametrize(("gap", "kinds"), [(1, ["corroboration"]), (3, [])])
def test_compare_claims_one_figure_on_days_its_sentences_name_apart_is_two_events(gap: int, kinds: list[str]) -> None:
    # 11 killed in one city "أمس الخميس" and 11 there on Sunday: two events, whatever names they share;
    # a night's event dated by two reports on two days is still one
    def dated(ref: ClaimRef, day: date) -> ClaimRef:
        return replace(ref, claim=replace(ref.claim, date=day), scene=replace(ref.scene, dated=True))
    refs = [dated(_ref("d1", 11, 11), DAY), dated(_ref("d2", 11, 11, day=DAY + timedelta(days=gap)),
                                                   DAY + timedelta(days=gap))]
    assert _kinds(refs) == kinds
