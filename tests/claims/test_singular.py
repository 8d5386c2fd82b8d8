"""Counts said by nouns, not numbers (مقتل طفل، استشهاد أحد المواطنين، والده ووالدته), on
invented sentences; the names a rule needs are given as hand-built person mentions."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from tabayyun.claims.singular import PersonCount, person_noun, singular_counts
from tabayyun.model import EntityLabel, Mention, make_span
from tabayyun.sources.words import words_between
from tabayyun.text.segment import tokenize


def _counts(text: str, names: Sequence[str] = (), numbers: Sequence[str] = ()) -> list[tuple[str, int, str]]:
    words = words_between(tokenize(text), 0, len(text))
    mentions = [make_span(Mention, text, text.index(n), text.index(n) + len(n), label=EntityLabel.PER) for n in names]
    blocked = {w.i for w in words if w.text in numbers}
    return [(c.measure, c.count, text[words[min(c.trigger, c.first)].start:words[max(c.trigger, c.last)].end])
            for c in singular_counts(words, blocked, mentions)]


@pytest.mark.parametrize(("text", "measure", "span"), [
    ("مقتل طفل في هجوم على قرية أرنور", "killed", "مقتل طفل"),
    ("استشهاد مواطن بقذيفة في غوندور", "killed", "استشهاد مواطن"),
    ("استشهد شاب برصاص القوات قرب البلدة", "killed", "استشهد شاب"),
    ("مقذوف يقتل طالبا في روهان", "killed", "يقتل طالبا"),
    ("وأسفر القصف عن إصابة جندي بجروح", "injured", "إصابة جندي"),
    ("ألقت الشرطة القبض على ضابط في المعبر", "arrested", "القبض على ضابط"),
    ("وأعلنت الجماعة اختطاف صحفي أجنبي", "abducted", "اختطاف صحفي"),
    ("ما أدى إلى «استشهاد» أحد المواطنين", "killed", "استشهاد» أحد المواطنين"),
    ("نتج عنه استشهاد أحد أفرادها", "killed", "استشهاد أحد أفرادها"),
    ("توفي اليوم السبت والد الطفل متأثرا بحروقه", "killed", "توفي اليوم السبت والد الطفل"),
    ("استشهاد رجل أمن على الحدود", "killed", "استشهاد رجل"),
])
def test_singular_noun_after_trigger_counts_one(text: str, measure: str, span: str) -> None:
    assert _counts(text) == [(measure, 1, span)]


@pytest.mark.parametrize(("text", "name", "span"), [
    ("أعلنت القيادة استشهاد الرقيب فرامير بن داغور", "فرامير بن داغور", "استشهاد الرقيب فرامير بن داغور"),
    ("ما أدى إلى استشهاد الطفل إيومير ثيودن في الحريق", "إيومير ثيودن", "استشهاد الطفل إيومير ثيودن"),
    ("وقال رئيس المجلس إن بيريغرين توك توفي فجر اليوم", "بيريغرين توك", "بيريغرين توك توفي"),
])
def test_singular_named_person_counts_one(text: str, name: str, span: str) -> None:
    assert _counts(text, names=[name]) == [("killed", 1, span)]


@pytest.mark.parametrize(("text", "count"), [
    ("وأصيبت والدة الطفل وشقيقه بحروق", 2),
    ("بينما أصيب والده ووالدته وشقيقه (4 سنوات) بحروق", 3),
    ("نتج عنه إصابة شقيقه ذي الأربع سنوات ووالديهما", 3),
    ("وإصابة والديه بجروح بالغة", 2),
    ("ما أدى إلى إصابة نقيب شرطة ومجند بجروح", 2),  # a rank, its service, and the next conjunct
    ("وأسفر الهجوم عن إصابة ضابط ومجند", 2),
])
def test_singular_coordinated_persons_add_up(text: str, count: int) -> None:
    ((measure, n, _),) = _counts(text)
    assert (measure, n) == ("injured", count)


def test_singular_titles_coordinated_add_up() -> None:
    text = "ونتج عن ذلك استشهاد العريف بارد فرامير، والجندي أول هاما غولد، والجندي أول إيرين ثورين رحمهم الله"
    counts = _counts(text, names=["بارد فرامير", "هاما غولد", "إيرين ثورين"])
    assert [(m, n) for m, n, _ in counts] == [("killed", 3)]


@pytest.mark.parametrize("text", [
    "وأضاف أن فرامير (20 عاما) لقي حتفه عندما كان يوقف سيارته",
    "وقال الطبيب إن الجريح توفي متأثرا بجروحه",
])
def test_singular_pronoun_phrase_counts_one(text: str) -> None:
    assert [(m, n) for m, n, _ in _counts(text, numbers=["20"])] == [("killed", 1)]


@pytest.mark.parametrize(("text", "numbers"), [
    ("مقتل جندي و3 مدنيين في القصف", ["3"]),        # the number after the noun carries the count
    ("وتم اعتقال لا طفل ولا امرأة", []),            # no person right after the trigger
    ("مقتل الطفل في الحريق", []),                  # a definite noun with no name: a person already counted
    ("أطلق مسلح النار على الحاجز", []),             # أطلق is no singular trigger
    ("وأحد المواطنين قال إن الوضع هادئ", []),        # no trigger
    ("وقال إن فرامير أصيب بجروح", []),               # a one-word name before a verb is too weak
    ("لم يسفر الهجوم عن مقتل طفل", []),             # denied earlier in the clause
])
def test_singular_not_counted(text: str, numbers: list[str]) -> None:
    assert _counts(text, names=["فرامير"] if "فرامير" in text else [], numbers=numbers) == []


@pytest.mark.parametrize(("text", "number", "value", "count"), [
    ("أعلنت القيادة استشهاد عريف وجنديين في المواجهات", "وجنديين", 2, 3),
    ("وأسفر الهجوم عن مقتل ضابط وثلاثة جنود", "وثلاثة", 3, 4),
    ("مقتل طفل ووالده و5 مدنيين في القصف", "5", 5, 7),
])
def test_singular_coordinated_count_of_persons_joins_the_count(text: str, number: str, value: int, count: int) -> None:
    words = words_between(tokenize(text), 0, len(text))
    first = next(w.i for w in words if w.text == number)
    last = first + 1 if not words[first].text.endswith(("ين", "ان")) else first
    (found,) = singular_counts(words, set(range(first, last + 1)), (), {first: PersonCount(last, value)})
    assert (found.count, found.merged) == (count, (first,))


def test_singular_coordinated_others_stay_apart() -> None:
    # فلان و3 آخرين: the number counts others beside the named person, a figure of its own
    text = "مقتل جندي و3 آخرين في الكمين"
    words = words_between(tokenize(text), 0, len(text))
    assert singular_counts(words, {2}, (), {}) == []


@pytest.mark.parametrize(("word", "expected"), [
    ("جنديين", True), ("ضابطان", True), ("جنود", True), ("مدنيين", True), ("آخرين", False), ("عربات", False),
])
def test_singular_person_noun(word: str, expected: bool) -> None:
    assert person_noun(words_between(tokenize(word), 0, len(word))[0]) is expected


@pytest.mark.parametrize(("text", "span"), [
    ("لقي شاب مصرعه في حادث سير قرب أرنور", "لقي شاب"),
    ("لقيت سيدة ثلاثينية مصرعها بعد أن تعرضت للضرب", "لقيت سيدة"),
])
def test_singular_person_between_verb_and_its_fate(text: str, span: str) -> None:
    assert _counts(text) == [("killed", 1, span)]


@pytest.mark.parametrize("text", [
    "هناك قتلى بينهم قيادات كبيرة لقيت مصرعها في القصف",  # a broken plural takes the feminine pronoun
    "إصابة وافد بفيروس كورونا في أرنور",  # a case of an illness
])
def test_singular_not_one_person(text: str) -> None:
    assert _counts(text) == []


def test_singular_number_after_its_own_trigger_does_not_block() -> None:
    # مقتل مدني وإصابة 4 آخرين: the 4 belongs to وإصابة, the civilian is still one dead
    assert _counts("مقتل مدني وإصابة 4 آخرين في القصف", numbers=["4"]) == [("killed", 1, "مقتل مدني")]


@pytest.mark.parametrize(("text", "expected"), [
    ("وأعلن الحلف أن جنديا من قواته قتل في الهجوم", [("killed", 1, "جنديا من قواته قتل")]),
    ("وقالت الشرطة إن شرطيا أصيب بجروح", [("injured", 1, "شرطيا أصيب")]),
    ("وقال إن جنديا قتل مدنيين", []),  # an object after the verb: the soldier killed, he was not killed
    ("وقال الحلف جنديا قتل في الهجوم", []),  # no reported clause opens before the noun
])
def test_singular_person_noun_opening_a_reported_clause(text: str, expected: list[tuple[str, int, str]]) -> None:
    assert _counts(text) == expected
