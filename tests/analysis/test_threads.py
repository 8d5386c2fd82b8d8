"""An article's threads: a paragraph and those that answer it (``analysis/threads.py``)."""

from __future__ import annotations

from tabayyun.analysis.threads import HEADLINE, Threads, one_thread

TEXT = """مقتل 15 في هجوم على سجن

قالت مصادر أمنية إن 15 شخصاً قتلوا في الهجوم على السجن.

في المقابل، قالت مصادر طبية إن حصيلة القتلى بلغت 25 شخصاً.
وبدوره، قال مسؤول محلي إن الحصيلة 20.
وفي مدينة أخرى، قال شهود عيان إن 8 أشخاص قتلوا في قصف.
من جانب آخر، أعلنت وزارة الصحة مقتل 14 في غارة."""


def test_a_paragraph_answering_the_one_before_keeps_its_thread() -> None:
    threads = Threads(TEXT)
    at = [threads.of(TEXT.index(n)) for n in ("15 شخصاً", "25", "20", " 8 ", "14")]
    assert at[0] == at[1] == at[2]  # في المقابل، وبدوره: one story line, other voices
    assert len({at[0], at[3], at[4]}) == 3  # another city; "من جانب آخر" is another subject


def test_the_headline_goes_with_every_thread() -> None:
    threads = Threads(TEXT)
    headline, city, other = (threads.of(TEXT.index(n)) for n in ("15", " 8 ", "14"))
    assert headline == HEADLINE and one_thread(headline, city) and one_thread(other, headline)
    assert not one_thread(city, other)


def test_a_long_first_paragraph_is_a_lead_with_its_own_thread() -> None:
    lead = "قتل ستة أشخاص على الأقل وأصيب ثمانية آخرون أمس في غارات شنتها الطائرات على مواقع في شمال البلاد مع دخول القصف أسبوعه الثاني حسبما ذكرت مصادر محلية."
    text = lead + "\nوفي مدينة أخرى، قال شهود إن 4 قتلوا."
    threads = Threads(text)
    assert not one_thread(threads.of(0), threads.of(text.index("4")))


def test_offsets_before_any_paragraph_and_empty_text() -> None:
    assert Threads("").of(0) == HEADLINE
    assert Threads("\n\nنص").of(0) == HEADLINE


def test_claim_marks_a_headline_rise_raises_the_lead() -> None:
    from tabayyun.analysis.threads import claim_marks
    from tabayyun.model import Claim

    text = ("ارتفاع قتلى تفجير أرنور إلى 40\n"
            "وقالت مصادر إن 40 شخصا قتلوا وأصيب 72 في انفجار سيارة ملغومة. وكان 30 قد أصيبوا في هجوم سابق.\n")

    def claim(value: str, at: int = 0) -> Claim:
        start = text.index(value, at)
        return Claim(start, start + len(value), value, quantity_start=start, quantity_end=start + len(value))

    headline, killed, injured = claim("40"), claim("40", text.index("\n")), claim("72")
    earlier = claim("30")
    marks = claim_marks(text, [headline, killed, injured, earlier])
    assert [raised for _, raised in marks] == [True, True, True, False]
    # without a rise in the headline, the lead's figures are no newer counts
    plain = text.replace("ارتفاع قتلى", "قتلى")
    start = plain.index("72")
    marks = claim_marks(plain, [Claim(start, start + 2, "72", quantity_start=start, quantity_end=start + 2)])
    assert [raised for _, raised in marks] == [False]


def test_a_sentence_turning_to_another_subject_starts_a_thread_inside_its_paragraph() -> None:
    text = ("عنوان قصير\n"
            "وأفاد بيان أن قوات الشرطة أحبطت هجوما وقتلت 21 منهم. وأضاف البيان أن القوات قتلت خمسة آخرين."
            " من جانب آخر، ذكر بيان لقيادة القوة الجوية أن الطلعات أسفرت عن قتل 29. وأشار إلى تدمير مخابئ.")
    threads = Threads(text)
    police, more, air, after = (threads.of(text.index(n)) for n in ("21", "خمسة", "29", "مخابئ"))
    assert police == more and air == after  # the sentences after a shift stay in its thread
    assert not one_thread(police, air)
    # "من جهته" answers within the subject: no new thread
    answered = Threads(text.replace("من جانب آخر", "من جهته"))
    assert answered.of(text.index("21")) == answered.of(text.index("29"))
