"""Source cues of one sentence on invented Arabic reports (Arnor, Gondor): where a source
phrase starts and ends, and which phrases are never sources."""

from __future__ import annotations

import pytest

from tabayyun.model import SourceKind
from tabayyun.sources.finder import Cue, Direction, find_cues
from tabayyun.sources.words import Word, words_between
from tabayyun.text.segment import tokenize


def _words(text: str) -> list[Word]:
    return words_between(tokenize(text, 0, len(text)), 0, len(text))


def _cues(text: str) -> list[tuple[str | None, list[str]]]:
    """(source phrase, via texts) of each speaking cue."""
    words = _words(text)
    out = []
    for c in find_cues(words):
        if c.direction is Direction.SPAN:
            continue
        phrase = text[words[c.phrase.first].start:words[c.phrase.last].end] if c.phrase else None
        out.append((phrase, [text[s:e] for s, e in c.via]))
    return out


def _phrases(text: str) -> list[str | None]:
    return [p for p, _ in _cues(text)]


@pytest.mark.parametrize(("text", "phrase"), [
    # a preposition or pronoun after the verb: the verb has a pronoun subject, never "على تويتر"
    ("وقال على حسابه في تويتر إنه سيعود.", None),
    ("وأضاف في إفادة صحفية يومية أن القتال مستمر.", None),
    ("وقالت لها إن الطريق مقطوع.", None),
    ("وقالت لوالديها إنها بخير.", None),
    ("وقال للصحفيين إن الجسر سقط.", None),
])
def test_finder_preposition_or_pronoun_opens_no_subject(text: str, phrase: str | None) -> None:
    assert _phrases(text) == [phrase]


@pytest.mark.parametrize("text", [
    "ولم يذكر المسؤول الأرنوري عدد الضحايا.",
    "ولم تنقل الوكالة معلوماتها عن أي مصدر محدد.",
    "لا يقول الجيش الغوندوري شيئا عن الحادث.",
])
def test_finder_negated_verb_cites_no_source(text: str) -> None:
    assert _cues(text) == []


@pytest.mark.parametrize(("text", "phrase"), [
    ("وأضاف د. زيد الأرنوري: الوضع هادئ.", "د. زيد الأرنوري"),
    ("وقال م. سالم الغوندوري إن الجسر سليم.", "م. سالم الغوندوري"),
])
def test_finder_abbreviated_title_keeps_its_name(text: str, phrase: str) -> None:
    assert _phrases(text) == [phrase]


@pytest.mark.parametrize(("text", "phrase"), [
    # a name beginning with ب is part of the phrase
    ("وأكد نائب رئيس أرنور خالد بدران أن الزيارة قصيرة.", "نائب رئيس أرنور خالد بدران"),
    ("وقال مسؤول بوزارة النقل الأرنورية إن المطار مغلق.", "مسؤول بوزارة النقل الأرنورية"),
    # ب opening the verb's object or an adverb ends it
    ("وحذر وزير أرنور بشدة من أن الوضع خطير.", "وزير أرنور"),
])
def test_finder_word_with_b_inside_or_after_a_name(text: str, phrase: str) -> None:
    assert _phrases(text) == [phrase]


@pytest.mark.parametrize(("text", "phrase", "via"), [
    # the medium it spoke to comes before the subject
    ("وقالت لـ«نجمة الشمال» مصادر مطلعة إن القوات انسحبت.", "مصادر مطلعة", ["نجمة الشمال"]),
    # the medium as the object of أفاد (no لـ)
    ("قتل جنديان، بحسب ما أفاد مسؤول محلي وكالة الأنباء الغوندورية.", "مسؤول محلي", ["وكالة الأنباء الغوندورية"]),
])
def test_finder_medium_around_the_subject_is_via(text: str, phrase: str, via: list[str]) -> None:
    (found, found_via), = _cues(text)
    assert found == phrase
    assert [v.strip("«»") for v in found_via] == via


@pytest.mark.parametrize(("text", "phrase"), [
    ("وتابعت تقول إن الحصار مستمر.", None),  # a second verb: still the pronoun subject
    # "but it said": the clause's pronoun is the subject of the verb after it
    ("ولم تؤكد الوزارة عدد القتلى، لكنها قالت إن المهاجمين قتلوا.", None),
    ("وأشار إليه الدكتور سالم الأرنوري في كلمته.", "الدكتور سالم الأرنوري"),  # past the resumptive pronoun
])
def test_finder_subject_after_a_second_verb_or_pronoun(text: str, phrase: str | None) -> None:
    assert _phrases(text)[:1] == [phrase]


@pytest.mark.parametrize(("text", "phrase"), [
    # what the source counts or announces ends its phrase
    ("وقال المسؤول الصحي «زيد الأرنوري» سقط ألف قتيل.", "المسؤول الصحي «زيد الأرنوري»"),
    ("أعلنت قوات خفر السواحل الأرنورية فقدان أكثر من مئتي مهاجر.", "قوات خفر السواحل الأرنورية"),
    ("ووفقا لإحصاءات وكالة الأنباء الغوندورية قتل 29 جنديا.", "لإحصاءات وكالة الأنباء الغوندورية"),
    ("وكشفت معلومات أمنية قيام بعض السكان بتهريب السلاح.", "معلومات أمنية"),
    # an object with its pronoun ends the subject
    ("وأعلنت الجماعة الأرنورية حربها على غوندور، قائلة إنها لن تتوقف.", "الجماعة الأرنورية"),
])
def test_finder_phrase_ends_before_what_is_counted(text: str, phrase: str) -> None:
    assert _phrases(text)[0] == phrase


@pytest.mark.parametrize(("text", "phrase"), [
    ("أما حزب الأرنوريين بالشمال فتحدث عن مقتل خمسة أشخاص.", "حزب الأرنوريين بالشمال"),
    ("وكانت وزارة الداخلية الأرنورية أعلنت أن 15 شخصا قتلوا.", "وزارة الداخلية الأرنورية"),
])
def test_finder_subject_before_its_verb(text: str, phrase: str) -> None:
    assert _phrases(text) == [phrase]


def test_finder_statement_as_object_is_not_part_of_the_source() -> None:
    assert _phrases("أصدرت وزارة أرنور بيانا قالت فيه إن الهجوم فشل.") == ["وزارة أرنور"]


def test_finder_subject_first_needs_no_clause_of_its_own() -> None:
    # قد + a verb and a number before the speech verb: a clause with its own subject, not a source
    assert _cues("وكانت القوات الأرنورية قد قتلت ثلاثة رجال في مداهمات قالت إنها استهدفت مسلحين.") == []


@pytest.mark.parametrize(("text", "phrase"), [
    ("غداة إعلان منظمة أرنور للإغاثة أن أكثر من ألفي مهاجر غرقوا.", "منظمة أرنور للإغاثة"),
    ("قتل تسعة جنود في هجوم، على ما أعلن مصدر عسكري أرنوري.", "مصدر عسكري أرنوري"),
    ("غرق القارب، بحسب آخر حصيلة لقوات خفر السواحل الأرنورية.", "لقوات خفر السواحل الأرنورية"),
    ("وأفادت المقاومة في غوندور على حسابها الرسمي على تويتر أن القوات انسحبت.", "المقاومة في غوندور"),
    ("في حين تحدثت حصيلة رسمية أرنورية عن مقتل جنديين.", "حصيلة رسمية أرنورية"),
    ("وقال عبد السلام الأرنوري إن الطفل توفي.", "عبد السلام الأرنوري"),
])
def test_finder_other_reporting_forms(text: str, phrase: str) -> None:
    assert _phrases(text)[0] == phrase


def test_finder_sources_inside_direct_speech_are_the_speakers() -> None:
    text = ("وقال قائد الشرطة سالم لوكالة الأنباء الغوندورية «بحسب المعلومات التي تلقيناها فإن "
            "انتحاريا دخل السوق»")
    assert _phrases(text) == ["قائد الشرطة سالم"]


def test_finder_relay_with_commas_credits_the_inner_source() -> None:
    words = _words("ونقلت وكالة أنباء غوندور الرسمية، عن مسؤولين في الدفاع المدني، أن الضحايا دفنوا.")
    cues: list[Cue] = find_cues(words)
    assert [c.direction for c in cues] == [Direction.SPAN, Direction.FORWARD]
    inner = cues[1]
    assert inner.kind is SourceKind.ANONYMOUS and inner.phrase is not None
    assert " ".join(w.text for w in words[inner.phrase.first:inner.phrase.last + 1]) == "مسؤولين في الدفاع المدني"



@pytest.mark.parametrize(("text", "phrase"), [
    # a name and its title set off by commas before the verb
    ("لكن عبد الرضي صافي، قائد الجيش في أرنور، تحدث عن مقتل ثمانية جنود.", "عبد الرضي صافي، قائد الجيش في أرنور"),
    ("وزير الداخلية، محمد الأرنوري، قال إن الهجوم فشل.", "وزير الداخلية، محمد الأرنوري"),
])
def test_finder_subject_with_its_title_between_commas(text: str, phrase: str) -> None:
    assert _phrases(text) == [phrase]


def test_finder_aside_between_commas_is_no_subject() -> None:
    # a place and a time between commas say nothing of who speaks: the verb's own subject does
    assert _phrases("وفي أرنور، صباح اليوم، قال مسؤول إن أربعة قتلوا.") == ["مسؤول"]
