"""One figure of one story that its articles' events put in several incidents (``analysis/relays.py``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tabayyun.analysis.findings import ClaimRef, compare_claims
from tabayyun.analysis.scene import Scene, Site, echo_runs
from tabayyun.claims.scope import Scope
from tabayyun.model import Claim, ClaimRole, SourceKind

DAY = date(2030, 3, 10)
SENTENCE = "وقالت الوزارة في بيان إن ثلاثة من رجال الشرطة قتلوا في الهجوم على الحاجز عند مدخل البلدة"
OTHER = "وأعلنت مصادر طبية في المستشفى الميداني أن ثلاثة من المسعفين قتلوا خلال الليل في قصف على الحي"


def _ref(doc_id: str, value: float, incident: str, sentence: str = SENTENCE, *, claimant: str = "الوزارة",
         role: ClaimRole = ClaimRole.TOTAL) -> ClaimRef:
    scene = Scene(frozenset({Site(f"geo:{incident}", 30.0, 40.0)}), echo=echo_runs(sentence))
    claim = Claim(0, 1, "x", measure="killed", low=value, high=value, claimant=claimant,
                  claimant_kind=SourceKind.OFFICIAL, role=role)
    return ClaimRef(doc_id, claim, incident, f"source:{claimant}", DAY, Scope(None, None, ""), scene)


def _relayed(refs: list[ClaimRef], stories: dict[str, str]) -> list:
    found = compare_claims(refs, story_of=lambda r: stories.get(r.incident_id))
    return [f for f in found if f.kind == "corroboration" and "print one sentence" in f.reasoning]


def test_one_sentence_in_two_incidents_of_a_story_corroborates_as_one_source() -> None:
    refs = [_ref("d1", 3, "I1"), _ref("d2", 3, "I2", claimant="مصدر أمني")]
    found = _relayed(refs, {"I1": "S1", "I2": "S1"})
    assert [(sorted(r.doc_id for r in f.claims), f.independent, f.sources) for f in found] == [(["d1", "d2"], False, 1)]


def test_no_relay_across_stories_other_words_or_other_figures() -> None:
    assert _relayed([_ref("d1", 3, "I1"), _ref("d2", 3, "I2")], {"I1": "S1", "I2": "S2"}) == []
    assert _relayed([_ref("d1", 3, "I1"), _ref("d2", 3, "I2", OTHER)], {"I1": "S1", "I2": "S1"}) == []
    assert _relayed([_ref("d1", 3, "I1"), _ref("d2", 4, "I2")], {"I1": "S1", "I2": "S1"}) == []
    # a share never confirms a whole count
    assert _relayed([_ref("d1", 3, "I1"), _ref("d2", 3, "I2", role=ClaimRole.PART)], {"I1": "S1", "I2": "S1"}) == []


def test_relay_inside_one_incident_is_left_to_the_incident() -> None:
    refs = [_ref("d1", 3, "I1"), _ref("d2", 3, "I1")]
    found = compare_claims(refs, story_of=lambda r: "S1")
    assert [f.kind for f in found if f.kind == "corroboration"] == ["corroboration"]
    assert _relayed(refs, {"I1": "S1"}) == []


def test_background_figure_is_no_relay() -> None:
    refs = [_ref("d1", 3, "I1"), _ref("d2", 3, "I2")]
    refs[1] = replace(refs[1], scene=replace(refs[1].scene, background=True))
    assert _relayed(refs, {"I1": "S1", "I2": "S1"}) == []


def test_one_figure_in_two_incidents_with_a_distinctive_name_corroborates() -> None:
    # other words, but both sentences name the checkpoint: the evidence two figures of one event need
    a, b = _ref("d1", 3, "I1"), _ref("d2", 3, "I2", OTHER, claimant="مصدر أمني")
    a = replace(a, scene=replace(a.scene, words=frozenset({"fac:حاجز_الزهور"})))
    b = replace(b, scene=replace(b.scene, words=frozenset({"fac:حاجز_الزهور"})))
    found = [f for f in compare_claims([a, b], story_of=lambda r: "S1") if f.kind == "corroboration"]
    assert [(sorted(r.doc_id for r in f.claims), f.independent) for f in found] == [(["d1", "d2"], True)]
    assert "print one sentence" not in found[0].reasoning and "2 incidents of one story" in found[0].reasoning
    # without the name nothing ties them
    bare = [replace(r, scene=replace(r.scene, words=frozenset())) for r in (a, b)]
    assert [f for f in compare_claims(bare, story_of=lambda r: "S1") if f.kind == "corroboration"] == []
