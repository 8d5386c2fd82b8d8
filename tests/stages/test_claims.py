"""The claims stage on hand-built documents: quantities are made by hand so that these tests
check the measure, claimant and span rules alone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from tabayyun.model import AnalyzedDoc, Claim, Document, EntityLabel, Mention, Quantity, SourceKind, make_span
from tabayyun.stages import default_pipeline
from tabayyun.stages.attributions import attributions
from tabayyun.stages.claims import extract_claims
from tabayyun.stages.segment import segment


def _doc(text: str, numbers: Sequence[tuple[str, float | None, float | None]], outlet: str | None = "Gondor Times",
         noun: str | None = None) -> AnalyzedDoc:
    quantities = []
    cursor = 0
    for surface, low, high in numbers:
        start = text.index(surface, cursor)
        cursor = start + len(surface)
        quantities.append(make_span(Quantity, text, start, cursor, low=low, high=high, noun=noun))
    doc = segment(AnalyzedDoc(Document("t", text, outlet=outlet)))
    return attributions(doc.with_layer("quantities", quantities))


def _claims(text: str, number: str, value: float, noun: str | None = None) -> list[Claim]:
    return extract_claims(_doc(text, [(number, value, value)], noun=noun))


@pytest.mark.parametrize(("text", "number", "value", "measure", "unit"), [
    ("قتل 40 شخصا في هجوم على أرنور.", "40", 40, "killed", "persons"),
    ("وسقط 15 قتيلا في القصف.", "15", 15, "killed", "persons"),
    ("وأصيب 37 آخرون بجروح.", "37", 37, "injured", "persons"),
    ("وقالوا إن 173 مدنيا قتلوا في الغارات.", "173", 173, "killed", "persons"),
    ("ونفذ التحالف 23 غارة على مواقع الجماعة.", "23", 23, "strikes", "strikes"),
    ("وتسبب القصف في نزوح 300 عائلة من القرية.", "300", 300, "displaced", "families"),
    ("وارتفع عدد القتلى إلى 15 في المدينة.", "15", 15, "killed", "persons"),
    ("وأسفر الهجوم عن تدمير 13 منزلا.", "13", 13, "destroyed", "buildings"),
    ("واختطف مسلحون 30 رجلا من البلدة.", "30", 30, "abducted", "persons"),
    ("وتم إنقاذ خمسة والبحث جار عن 6 آخرين.", "6", 6, "missing", "persons"),  # a search is for the missing
    ("وقال إن أكثر من 2000 لاجئ لقوا حتفهم في البحر.", "2000", 2000, "killed", "persons"),  # refugees who died
    ("ووصل 700 نازح إلى المدينة.", "700", 700, "displaced", "persons"),  # the displaced, nothing else said
    ("واعتقلت الشرطة 11 عنصرا من الخلية.", "11", 11, "arrested", "persons"),
    ("وكان السجن يضم نحو 5 آلاف سجين.", "5 آلاف", 5000, "detainees", "persons"),
    ("وأعلن الجيش سقوط 11 عسكريا في الهجوم.", "11", 11, "killed", "persons"),  # fell: not forces deployed
    ("وقتل الخاطفون أربعة من الرهائن.", "أربعة", 4, "killed", "persons"),  # the group is who, the verb what happened
    ("تسلل 3 مسلحين إلى المعسكر.", "3", 3, "attackers", "persons"),  # gunmen infiltrating do attack
    ("كما تعرض 5 أشخاص لإصابات خطيرة في الحادث.", "5", 5, "injured", "persons"),  # people who suffered injuries
    ("وقتل 5 من أفراد الدورية.", "5", 5, "killed", "persons"),  # a patrol's members are people
    ("وألقت الشرطة القبض على المتهمين الخمسة في الحادث.", "الخمسة", 5, "arrested", "persons"),  # the accused counted
    ("وأعلنت الشرطة احتجاز 3 أشخاص في مركز الشرطة.", "3", 3, "arrested", "persons"),  # held by the police
])
def test_claims_measure_and_unit(text: str, number: str, value: float, measure: str, unit: str) -> None:
    (claim,) = _claims(text, number, value)
    assert (claim.measure, claim.unit, claim.low) == (measure, unit, value)


@pytest.mark.parametrize(("text", "number", "value"), [
    ("وأصيب طفل عمره 10 سنوات بجروح.", "10", 10),
    ("وامتد القصف إلى 3 محافظات في الشمال.", "3", 3),
    ("ووصل 5 وفود إلى العاصمة للمشاركة في المؤتمر.", "5", 5),
    ("وأكد القائد عدم استسلام 300 مسلح في القلعة.", "300", 300),
    ("وتصيب الملاريا نحو 200 مليون شخص سنويا.", "200 مليون", 200_000_000),  # a disease strikes them
    ("وقلل المتحدث من عدد الإصابات قائلا: إن هناك فقط (ثلاث) حالات مصابة تم تشخيصها بمرض الجرب.", "ثلاث", 3),
    ("وضمت المظاهرة حوالى ألفي مدرس للمطالبة باطلاق سراح زملاء لهم.", "ألفي", 2000),  # a release asked for
    ("وتم توزيع 50 مصابا على 8 مستشفيات بالمنطقة.", "8", 8),  # hospitals, not the injured
    ("أغلقت لجنة المنشآت والإيواء السياحي 11 نزلا سياحيا.", "11", 11),  # lodges, not the sheltered
    ("في دلالة على تضرر أنشطتها جراء المنافسة مع ثلاث شركات طيران.", "ثلاث", 3),  # companies harmed, nobody killed
    ("غاب عن الملاعب بسبب الإصابات في 5 مواسم.", "5", 5),  # seasons, not the injured
    ("ويحاكم 16 من مشجعي الفريق بتهم الشغب والتسبب في قتل زملائهم.", "16", 16),  # defendants, not the dead
    ('وقال صلى الله عليه وسلم: "من قتل 10 من المسلمين كان كمن قتل الناس جميعا".', "10", 10),  # scripture quoted
    ("تعتزم السلطات إنشاء مدن حاويات لتوفير إقامة لنحو 20 ألف لاجئ.", "20 ألف", 20000),  # room for them
    ("حيث يحاول آلاف المهاجرين منذ أسابيع التسلل عبر النفق إلى إنجلترا.", "آلاف", 2000),  # a crossing, no attack
    ("وتم نقلهم للمستشفيات بمشاركة 3 فرق إسعافية وفرقة استجابة.", "3", 3),  # teams, not people moved
    ("وجه الأمير بسرعة القبض على المتهمين بالتحرش بفتاتين في أحد المتنزهات.", "بفتاتين", 2),  # whom they harassed
    ("وخاض حفنة من المباريات في المواسم الخمسة الأخيرة بداعي الإصابات.", "الخمسة", 5),  # five seasons
    ("وكانت الكمية مخبأة داخل 6 جوالين بلاستيكية في شاحنة نقل.", "6", 6),  # sacks, not people moved
    ("وتبلغ الدفاع المدني عن احتجاز 3 أشخاص داخل مصعد في البرج.", "3", 3),  # trapped in a lift, not detained
])
def test_claims_not_a_claim(text: str, number: str, value: float) -> None:
    claims = _claims(text, number, value)
    assert [c for c in claims if c.measure != "forces"] == []


@pytest.mark.parametrize("text", [
    # the number set in brackets, its unit after them: minutes, not people who returned
    "أعلن المطار أن الرحلة عادت يوم أمس الخميس للهبوط في المطار بعد مغادرتها بحوالي (٣٠) دقيقة لوجود خلل فني.",
    # كميات is no ك + ميات (hundreds)
    "وخلصت الدراسة إلى أن الإنتاج غير مجد في الدول التي تتوفر في أراضيها كميات كبيرة من الصخور التي تحتوي على النفط.",
])
def test_claims_of_the_whole_pipeline_none(text: str) -> None:
    doc = Document("t", text, outlet="Gondor Times", published=date(2015, 7, 24))
    assert default_pipeline().run(doc).analyzed.layer("claims") == ()


def test_claims_injuries_one_person_suffered_are_no_count_of_the_injured() -> None:
    text = "وقال اللاعب: تعرضت لإصابتين خطيرتين في الموسم الماضي."
    assert _claims(text, "لإصابتين", 2, noun="لإصابتين") == []
    assert [c.measure for c in _claims("وأسفر الحادث عن إصابتين خطيرتين.", "إصابتين", 2, noun="إصابتين")] == ["injured"]


@pytest.mark.parametrize(("text", "number", "value", "noun", "total"), [
    ("أعلنت القيادة استشهاد عريف وجنديين في المواجهات.", "جنديين", 2, "جنديين", 3),  # a dual is its own noun
    ("قتل ضابطان وجندي في الهجوم على أرنور.", "ضابطان", 2, "ضابطان", 3),
    ("قتل ثلاثة جنود وضابط في الكمين.", "ثلاثة", 3, None, 4),
])
def test_claims_persons_coordinated_with_a_count_are_one_figure(text: str, number: str, value: int, noun: str | None,
                                                                 total: int) -> None:
    claims = _claims(text, number, value, noun=noun)
    assert [(c.measure, c.low, c.high) for c in claims] == [("killed", total, total)]


@pytest.mark.parametrize(("text", "number"), [
    ("وقالوا بصوت واحد إن القتال يجب أن يتوقف.", "واحد"),  # واحد after a thing's noun is its adjective
])
def test_claims_one_as_an_adjective_is_no_count(text: str, number: str) -> None:
    assert _claims(text, number, 1) == []


def test_claims_coordinated_number_takes_its_neighbours_measure() -> None:
    text = "وأسفرت الغارات عن تدمير 4 مركبات، و3 ناقلات مدرعة."
    doc = _doc(text, [("4", 4, 4), ("3", 3, 3)])
    assert [(c.measure, c.low) for c in extract_claims(doc)] == [("destroyed", 4), ("destroyed", 3)]


@pytest.mark.parametrize(("text", "claimant", "kind"), [
    ("وقالت مصادر طبية إن 12 شخصا قتلوا في الانفجار.", "مصادر طبية", SourceKind.ANONYMOUS),
    ("قتل 12 شخصا في الانفجار، بحسب مصدر في وزارة الصحة.", "مصدر في وزارة الصحة", SourceKind.ANONYMOUS),
    ("قتل 12 شخصا في الانفجار.", "Gondor Times", SourceKind.OUTLET),
])
def test_claims_claimant(text: str, claimant: str, kind: SourceKind) -> None:
    (claim,) = _claims(text, "12", 12)
    assert (claim.claimant, claim.claimant_kind) == (claimant, kind)


def _linked(text: str, name: str, entity_id: str) -> AnalyzedDoc:
    """A document whose mentions layer links ``name`` to ``entity_id``."""
    doc = segment(AnalyzedDoc(Document("t", text, outlet="Gondor Times")))
    start = text.index(name)
    mention = make_span(Mention, text, start, start + len(name), label=EntityLabel.ORG, entity_id=entity_id)
    start = text.index("12")
    quantity = make_span(Quantity, text, start, start + 2, low=12.0, high=12.0)
    return attributions(doc.with_layer("mentions", [mention]).with_layer("quantities", [quantity]))


@pytest.mark.parametrize(("text", "name", "entity_id"), [
    ("وقال مرصد أرنور لحقوق الإنسان إن 12 شخصا قتلوا في الغارات.", "مرصد أرنور لحقوق الإنسان", "org:arnor_watch"),
    # an anaphor speaks with its antecedent's id
    ("وقال مرصد أرنور لحقوق الإنسان إن الغارات مستمرة. وأضاف المرصد أن 12 شخصا قتلوا.",
     "مرصد أرنور لحقوق الإنسان", "org:arnor_watch"),
])
def test_claims_claimant_id_from_the_linked_attribution(text: str, name: str, entity_id: str) -> None:
    (claim,) = extract_claims(_linked(text, name, entity_id))
    assert claim.claimant_id == entity_id


@pytest.mark.parametrize("text", [
    "قتل 12 شخصا في الغارات.",  # the outlet's own voice
    "وقالت مصادر محلية إن 12 شخصا قتلوا في الغارات.",  # an unnamed source
])
def test_claims_claimant_id_absent_without_a_linked_source(text: str) -> None:
    (claim,) = _claims(text, "12", 12)
    assert claim.claimant_id is None


def test_claims_claimant_id_of_an_agency_credit() -> None:
    text = "غارات على أرنور\nقتل 12 شخصا في الغارات على أرنور.\n(رويترز)"
    (claim,) = _claims(text, "12", 12)
    assert (claim.claimant, claim.claimant_id) == ("رويترز", "org:reuters")


def test_claims_claimant_carries_over_anaphora_and_via() -> None:
    text = ("وكشفت مصادر مقربة من جيش غوندور لصحيفة «نجمة الشمال» أن القائد فر. "
            "وأضافت المصادر أن 10 جنود أسروا خلال المعركة.")
    (claim,) = _claims(text, "10", 10)
    assert claim.claimant == "مصادر مقربة من جيش غوندور"
    assert claim.measure == "abducted"
    assert "صحيفة نجمة الشمال" in claim.via


def test_claims_outlet_voice_after_a_quoted_sentence() -> None:
    text = "وقال مصدر أمني إن الهجوم فشل. إلى ذلك، قتل 5 جنود في كمين."
    (claim,) = _claims(text, "5", 5)
    assert claim.claimant_kind is SourceKind.OUTLET


@pytest.mark.parametrize(("text", "number", "value", "evidence"), [
    ("قتل 40 شخصا في هجوم.", "40", 40, "قتل 40"),
    ("وتبين أن 173 مدنيا قتلوا في الغارات.", "173", 173, "173 مدنيا قتلوا"),
])
def test_claims_span_covers_number_and_trigger(text: str, number: str, value: float, evidence: str) -> None:
    (claim,) = _claims(text, number, value)
    assert claim.text == evidence
    assert text[claim.start:claim.end] == claim.text
    assert text[claim.quantity_start:claim.quantity_end] == number


def test_claims_without_mentions_or_times_layers() -> None:
    doc = _doc("قتل 40 شخصا.", [("40", 40, 40)])
    assert "mentions" not in doc.layers
    (claim,) = extract_claims(doc)
    assert claim.measure == "killed"


def test_claims_only_counts_become_claims() -> None:
    text = "قتل 40 شخصا."
    start = text.index("40")
    money = make_span(Quantity, text, start, start + 2, low=40, high=40, kind="money")
    doc = segment(AnalyzedDoc(Document("t", text))).with_layer("quantities", [money])
    assert extract_claims(attributions(doc)) == []


@pytest.mark.parametrize(("text", "numbers", "measures"), [
    ("وأسفر الهجوم عن استشهاد 12 من رجال الأمن، إضافة إلى ثلاثة من العاملين وإصابة تسعة آخرين.",
     [("12", 12, 12), ("ثلاثة", 3, 3), ("تسعة", 9, 9)], ["killed", "killed", "injured"]),
    ("وقتلت الغارات 300 مسلح من الجماعة (جناح أرنور في بلاد غوندور) بينهم عشرات القياديين.",
     [("300", 300, 300), ("عشرات", 20, 99)], ["killed", "killed"]),
])
def test_claims_number_lists_share_their_measure(text: str, numbers: list[tuple[str, float, float]],
                                                 measures: list[str]) -> None:
    assert [c.measure for c in extract_claims(_doc(text, numbers))] == measures


@pytest.mark.parametrize(("text", "number", "value", "measure"), [
    ("وبات مؤكدا أن العشرات من السجناء، وفي مقدمتهم قادة بارزون، فروا من سجن أرنور.", "العشرات", 20, "escaped"),
    ("وقال إن 40 من المسلحين، ومن بينهم قائدهم، استسلموا لقوات غوندور.", "40", 40, "surrendered"),
    # only an aside opener (ومن بينهم، وفي مقدمتهم) carries the number past a clause of its own
    ("وقال إن 40 من المسلحين، وهم من أبناء المنطقة الجنوبية، استسلموا لقوات غوندور.", "40", 40, "forces"),
])
def test_claims_verb_after_an_aside_between_commas(text: str, number: str, value: float, measure: str) -> None:
    assert [c.measure for c in _claims(text, number, value)] == [measure]


@pytest.mark.parametrize(("text", "number", "value"), [
    ("واستهدف التفجير مسجدا في غوندور، وراح ضحيته 15 رجل أمن.", "15", 15),
    ("وكان الحريق قد أودى بحياة 9 أشخاص في أرنور.", "9", 9),
    ("ولقي 6 جنود مصرعهم في الكمين.", "6", 6),
    ("ولقي ما لا يقل عن 40 مسلحا حتفهم في الغارات.", "40", 40),
    ("وذكرت الوزارة أن 4 من المصابين فارقوا الحياة.", "4", 4),
])
def test_claims_killed_idioms(text: str, number: str, value: float) -> None:
    assert [c.measure for c in _claims(text, number, value)] == ["killed"]


@pytest.mark.parametrize(("text", "numbers", "measures"), [
    # a trigger followed by its own group (وإصابة آخرين) does not take the coordinated count before it
    ("وراح ضحيته 15 رجل أمن و3 عمال ، واصابة آخرين.", [("15", 15, 15), ("3", 3, 3)], ["killed", "killed"]),
    ("وأسفر عن استشهاد عشرة من منسوبي القوات وثلاثة من العاملين وإصابة آخرين.",
     [("عشرة", 10, 10), ("ثلاثة", 3, 3)], ["killed", "killed"]),
    ("ونتج عنه استشهاد 12 من منسوبي القوات وثلاثة من العاملين في الموقع، وإصابة 7 آخرين.",
     [("12", 12, 12), ("ثلاثة", 3, 3), ("7", 7, 7)], ["killed", "killed", "injured"]),
    # an explicit addition reaches back over a long clause
    ("وقال إن عشرة من جنود أرنور \"استشهدوا\" في تفجير مسجد تابع للقوات في البلدة، إضافة لثلاثة عاملين في الموقع.",
     [("عشرة", 10, 10), ("ثلاثة", 3, 3)], ["killed", "killed"]),
    # the verb after a pair is said of a first count whose noun alone would make it forces
    ("وأعلنت حكومة غوندور أن خمسة عسكريين واثنين من المهاجمين قتلوا في الهجوم.",
     [("خمسة", 5, 5), ("اثنين", 2, 2)], ["killed", "killed"]),
    # an act noun's act names the event: the count before it takes the toll it is part of
    ("قتل 12 شخصا بينهم خمسة عسكريين، في عملية احتجاز الرهائن في فندق أرنور.",
     [("12", 12, 12), ("خمسة", 5, 5)], ["killed", "killed"]),
    ("مقتل 12 شخصا بينهم 5 عسكريين في عملية احتجاز الرهائن في أرنور",
     [("12", 12, 12), ("5", 5, 5)], ["killed", "killed"]),
])
def test_claims_coordinated_counts_after_one_trigger(text: str, numbers: list[tuple[str, float, float]],
                                                     measures: list[str]) -> None:
    assert [c.measure for c in extract_claims(_doc(text, numbers))] == measures


@pytest.mark.parametrize(("text", "number", "value", "measure"), [
    ("وأعلنت الشرطة توقيف المفرزة المسؤولة عن حماية الطريق المكونة من 11 عنصرا.", "11", 11, "arrested"),
    ("واعتقلت قوات غوندور خلية إرهابية مؤلفة من 5 أشخاص.", "5", 5, "arrested"),
])
def test_claims_members_of_a_group_take_the_groups_trigger(text: str, number: str, value: float, measure: str) -> None:
    assert [c.measure for c in _claims(text, number, value)] == [measure]


def test_claims_predicate_past_a_describing_participle() -> None:
    text = "وأعلنت الوزارة أن اثنين من رجال الأمن المصابين في حادثة استهداف مسجد القوات بأرنور انتقلا إلى رحمة الله."
    (claim,) = _claims(text, "اثنين", 2)
    assert claim.measure == "killed"


@pytest.mark.parametrize("text", [
    "وأكد الإمام أن المسجد يتسع لقرابة 1000 عسكري.",
    "وتستوعب القاعة 500 شخص.",
])
def test_claims_capacity_is_not_a_count(text: str) -> None:
    number = next(t for t in text.split() if t.isdigit())
    assert _claims(text, number, float(number)) == []


@pytest.mark.parametrize(("text", "number", "value", "measure"), [
    # round 11's misread corroborations: munitions fall or are shot down, nobody is killed by the count
    ("وسقط 5 صواريخ في حي أرنور.", "5", 5, "strikes"),
    ("وأسقطت الدفاعات صاروخين فوق أرنور.", "صاروخين", 2, "strikes"),
    # ضبط: a police seizure of people is an arrest
    ("وتمكنت الأجهزة الأمنية من ضبط 14 من العناصر المتطرفة.", "14", 14, "arrested"),
])
def test_claims_what_the_counted_noun_makes_of_the_verb(text: str, number: str, value: float, measure: str) -> None:
    noun = "صاروخين" if number == "صاروخين" else None
    (claim,) = _claims(text, number, value, noun=noun)
    assert claim.measure == measure


@pytest.mark.parametrize(("text", "number", "value"), [
    ("وسقط أكثر من 30 برميلاً على منطقة البلد.", "30", 30),  # barrels dropped
    ("يوم استسلام باراك أوباما لدولتين عدوتين.", "دولتين", 2),  # two states
    ("وأثمرت الشراكة عن تخصيص 210 قطعة ارض للمباني المدرسية.", "210", 210),  # plots of land
    ("وأوضحت الوزارة أنه تم ضبط 200 من الأسلحة والمتفجرات.", "200", 200),  # a seizure of things
])
def test_claims_counts_of_things_that_are_not_people(text: str, number: str, value: float) -> None:
    noun = "دولتين" if number == "دولتين" else None
    assert _claims(text, number, value, noun=noun) == []


def test_claims_tally_counts_families_not_captives() -> None:
    text = "وبلغ عدد الأسر التي نزحت من القرية نحو 300 أسرة."
    (claim,) = _claims(text, "300", 300)
    assert (claim.measure, claim.unit) == ("displaced", "families")


@pytest.mark.parametrize(("text", "number", "value", "subject"), [
    ("وقتل 15 رجل أمن في الهجوم.", "15", 15, "security forces"),
    ("واستشهد 12 من رجال الشرطة في الهجوم.", "12", 12, "security forces"),
    ("واختطف مسلحون 30 رجلا في البلدة.", "30", 30, None),
    # members take the label of the side they are of; fighters stay fighters
    ("وقتل 17 من عناصر قوات الأمن في الهجوم.", "17", 17, "security forces"),
    ("وقتل خمسة عناصر من الجيش في الهجوم.", "خمسة", 5, "security forces (الجيش)"),
    ("وقتل ثلاثة عناصر من داعش في الهجوم.", "ثلاثة", 3, "fighters (داعش)"),
])
def test_claims_subject_men_only_with_security_noun(text: str, number: str, value: float, subject: str | None) -> None:
    (claim,) = _claims(text, number, value)
    assert claim.subject == subject


def test_claims_subject_of_a_dual_is_its_singulars_group() -> None:
    # "مقتل جنديين": the dual is the number and the counted noun at once
    (claim,) = _claims("وتحدثت حصيلة رسمية عن مقتل جنديين في الهجوم.", "جنديين", 2, noun="جنديين")
    assert claim.subject == "security forces"


@pytest.mark.parametrize(("text", "claimant_kind"), [
    # a relative clause on a condemned/narrated event is the narrator's background
    ("ودان الوزير فارس سالم التفجير الذي استهدف مسجدا في أرنور وأودى بحياة 15 شخصا.", SourceKind.OUTLET),
    ("وروى الإمام سامر نجم تفاصيل الهجوم الذي استهدف المسجد، وراح ضحيته 15 شخصا.", SourceKind.OUTLET),
    # a report that follows the relative clause is still the source's
    ("وقالت المحكمة في بيانها الذي صدر أمس إن 15 شخصا قتلوا.", SourceKind.OFFICIAL),
])
def test_claims_relative_clause_after_noun_object_is_outlet_voice(text: str, claimant_kind: SourceKind) -> None:
    (claim,) = _claims(text, "15", 15)
    assert claim.claimant_kind is claimant_kind


@pytest.mark.parametrize(("text", "number", "value", "noun", "measure", "unit"), [
    ("وقال المكتب إن أكثر من 300 أسرة فرت من أرنور.", "300", 300, None, "displaced", "families"),
    ("وأضاف أن 40 عائلة فروا من القرية ليلا.", "40", 40, None, "displaced", "families"),
    ("وذكرت الوكالة أن 900 شخص لجؤوا إلى مدارس غوندور.", "900", 900, None, "sheltered", "persons"),
    ("وقال الجيش إن طائراته أغارت على 60 هدفا في أرنور.", "60", 60, None, "strikes", "strikes"),
    ("وتعاملت الطواقم مع 75 إصابة في المدينة.", "75", 75, None, "injured", "persons"),
    ("وأوضح أن منزلين دمرا بالكامل في غوندور.", "منزلين", 2, "منزلين", "destroyed", "buildings"),
])
def test_claims_fled_sheltered_raids_and_damage(text: str, number: str, value: float, noun: str | None,
                                                measure: str, unit: str) -> None:
    found = _claims(text, number, value, noun=noun)
    assert [(c.measure, c.unit) for c in found] == [(measure, unit)]


@pytest.mark.parametrize(("text", "numbers", "noun", "measures"), [
    # a measure word glued to و after a number opens the next conjunct, it is not the counted noun
    ("استشهاد 4 وإصابة 8 من رجال الأمن بقذائف", [("4", 4, 4), ("8", 8, 8)], "وإصابة", ["killed", "injured"]),
    # a trigger right after the counted noun keeps the number though the next trigger has one of its own
    ("وأضاف أن جنديين قتلا وأصيب 31 آخرون.", [("جنديين", 2, 2), ("31", 31, 31)], "جنديين", ["killed", "injured"]),
    # a part named after the counted noun does not hide the verb that follows it
    ("وقال إن 297 شخصا بينهم 37 أجنبيا اعتقلوا خلال العملية.", [("297", 297, 297), ("37", 37, 37)], None,
     ["arrested", "arrested"]),
    # a new clause after a comma and و is not the predicate of the number before it
    ("واعتقلت الشرطة 5 شبان وسيدتين، وأصيبت حارسة في المسجد.", [("5", 5, 5), ("سيدتين", 2, 2)], "سيدتين",
     ["arrested", "arrested"]),
])
def test_claims_measure_past_the_next_conjunct(text: str, numbers: list[tuple[str, float, float]], noun: str | None,
                                               measures: list[str]) -> None:
    assert [c.measure for c in extract_claims(_doc(text, numbers, noun=noun))] == measures


@pytest.mark.parametrize(("text", "number", "value", "measure"), [
    ("وأفادت مصادر أن عشرة مدنيين بينهم \"عدد كبير من الأطفال\" قتلوا في الغارة.", "عشرة", 10, "killed"),
    # a time aside between commas does not cut the verb off its number
    ("وقال إن الشرطة أوقفت، منذ أمس الجمعة، 320 شخصا من أنصار الجماعة.", "320", 320, "arrested"),
    # members of a security force with no verb are forces
    ("وتجري العملية بمشاركة خمسة آلاف عنصر من الشرطة وبدعم من المروحيات.", "خمسة آلاف", 5000, "forces"),
    # a count named earlier (عدد المعتقلين) is not the victims of the event after بعد
    ("ما يرفع عدد المعتقلين من المتطرفين إلى ثلاثة بعد مقتل طفل في أرنور.", "ثلاثة", 3, "detainees"),
    ("وقالت وكالة أرنور إن تركيا تعتقل 590 من عناصر الجماعة.", "590", 590, "arrested"),
])
def test_claims_measure_rules(text: str, number: str, value: float, measure: str) -> None:
    assert [c.measure for c in _claims(text, number, value) if c.low == value] == [measure]


@pytest.mark.parametrize(("text", "number", "claimant", "via"), [
    # the agency of a dateline speaks for the passage: its own figure is its claim, through it
    ("مقتل خمسة في أرنور\n\nبيروت (رويترز) - قتل 5 أشخاص في أرنور.", "5", "رويترز", ("رويترز",)),
    # a source quoted in the passage is the claimant, the agency its via
    ("مقتل خمسة في أرنور\n\nبيروت (رويترز) - قال شاهد إن 5 أشخاص قتلوا.", "5", "شاهد", ("رويترز",)),
    ("مقتل خمسة في أرنور\n\nقال شاهد إن 5 أشخاص قتلوا في أرنور. (أ ف ب)", "5", "شاهد", ("أ ف ب",)),
    # an inline agency report: the agency claims, through itself
    ("مقتل خمسة في أرنور\n\nوذكرت وكالة رويترز أن 5 أشخاص قتلوا.", "5", "وكالة رويترز", ("وكالة رويترز",)),
    # a headline is the paper's own
    ("مقتل 5 في أرنور\n\nبيروت (رويترز) - قال شاهد إن القصف استمر.", "5", "Gondor Times", ()),
])
def test_claims_wire_copy_claimant_and_via(text: str, number: str, claimant: str, via: tuple[str, ...]) -> None:
    (claim,) = _claims(text, number, 5)
    assert (claim.claimant, claim.via) == (claimant, via)


def test_claims_time_words_take_no_room_before_the_number() -> None:
    text = "وأعلن الوزير أن الشرطة اعتقلت منذ الجمعة في جميع أنحاء البلاد 590 شخصا متهمين بالارتباط بالجماعة."
    assert [c.measure for c in _claims(text, "590", 590)] == ["arrested"]


@pytest.mark.parametrize(("text", "number", "value", "measure", "unit"), [
    # a definite time word after a number is when, not what it counts
    ("وقالت الوزارة إن 43 شخصا قتلوا وأصيب 173 اليوم الأحد في القصف.", "173", 173, "injured", "persons"),
    ("وأكد مسؤولون أن أربعة مستوطنين تسللوا إلى القرية.", "أربعة", 4, "attackers", "persons"),
    # a dual's unit comes from its singular
    ("وقال إن المقاتلين هاجموا عربتين عسكريتين.", "عربتين", 2, "vehicles", "vehicles"),
])
def test_claims_time_words_attackers_and_dual_units(text: str, number: str, value: float, measure: str,
                                                    unit: str) -> None:
    noun = number if number == "عربتين" else None
    found = [c for c in _claims(text, number, value, noun=noun) if c.low == value]
    assert [(c.measure, c.unit) for c in found] == [(measure, unit)]


@pytest.mark.parametrize(("text", "claimant", "via"), [
    # according to what an agency relayed from a source: the source claims, through the agency
    ("وقتل 5 أشخاص، بحسب ما نقلت وكالة رويترز عن مصادر طبية.", "مصادر طبية", ("وكالة رويترز",)),
    # وفقا لـ glued to the source
    ("وقتل 5 أشخاص وفقا لوكالة أنباء أرنور.", "وكالة أنباء أرنور", ("وكالة أنباء أرنور",)),
    ("ووفقا لوزارة الصحة، قتل 5 أشخاص.", "وزارة الصحة", ()),
])
def test_claims_according_to_relays(text: str, claimant: str, via: tuple[str, ...]) -> None:
    (claim,) = _claims(text, "5", 5)
    assert (claim.claimant, claim.via) == (claimant, via)


def test_claims_dual_inside_a_name_is_no_count() -> None:
    text = "وفاة الأديب فرامير بيتان في أرنور."
    doc = _doc(text, [("بيتان", 2, 2)], noun="بيتان")
    name = text.index("فرامير")
    doc = doc.with_layer("mentions", [make_span(Mention, text, name, name + len("فرامير بيتان"), label=EntityLabel.PER)])
    assert [c for c in extract_claims(doc) if c.low == 2] == []


def test_claims_one_of_a_category_with_no_trigger_is_no_count() -> None:
    assert _claims("ولا يمتلك المدرب سوى مهاجم واحد في الفريق.", "واحد", 1) == []
    assert _claims("وكان في الزنزانة سجين واحد فقط.", "واحد", 1) == []


def test_claims_active_verb_of_injury() -> None:
    text = "وقال مسؤولون إن الهجوم قتل خمسة أشخاص وأصاب 16 في المدينة."
    assert [(c.measure, c.low) for c in extract_claims(_doc(text, [("خمسة", 5, 5), ("16", 16, 16)]))] == \
        [("killed", 5), ("injured", 16)]


def test_claims_number_coordinated_with_the_next_takes_its_later_verb() -> None:
    text = "وقال المتحدث إن تسع نساء من التجار وخمسة رجال بينهم شرطي، قتلوا في الهجوم."
    claims = extract_claims(_doc(text, [("تسع", 9, 9), ("خمسة", 5, 5)]))
    assert [(c.measure, c.low) for c in claims] == [("killed", 9), ("killed", 5)]
    assert claims[0].text == "تسع نساء"


def test_claims_dual_of_a_counted_noun_says_its_measure() -> None:
    text = "وأوقعت العملية قتيلين و24 جريحا."
    claims = extract_claims(_doc(text, [("قتيلين", 2, 2), ("24", 24, 24)], noun="قتيلين"))
    assert [(c.measure, c.low) for c in claims] == [("killed", 2), ("injured", 24)]


@pytest.mark.parametrize(("text", "number", "value"), [
    ("وقال الباحثون إن الحبوب منعت نحو 400 ألف حالة إصابة بسرطان الرحم.", "400 ألف", 400_000),
    ("وتسجل المملكة سنويا 30 حالة إصابة بالجلطة لكل مئة ألف.", "30", 30),
    ("وتسببت الحرائق في إحراق المئات من الحيوانات.", "المئات", 200),
])
def test_claims_illness_and_animals_are_no_claims(text: str, number: str, value: float) -> None:
    assert _claims(text, number, value) == []


def test_claims_others_are_more_of_the_group_counted_before() -> None:
    # "others" after a count of rebels are more rebels; after a count of no group they stay unlabelled
    text = "وأسرت القوات 70 متمردا وقتلت 10 آخرين في المواجهات."
    claims = extract_claims(_doc(text, [("70", 70, 70), ("10", 10, 10)]))
    assert [(c.measure, c.subject) for c in claims] == [("abducted", "fighters"), ("killed", "fighters")]
    text = "وقتل 7 في الهجوم وأصيب 10 آخرون."
    claims = extract_claims(_doc(text, [("7", 7, 7), ("10", 10, 10)]))
    assert [(c.measure, c.subject) for c in claims] == [("killed", None), ("injured", None)]


@pytest.mark.parametrize(("text", "numbers"), [
    ("قرر المجلس ما يلي:\n6 ـ نقل فلان إلى وظيفة مدير عام.", [("6", 6)]),  # a numbered item of a list
    ("5 ـ تعيين فلان رئيسا. \u00a0 6 ـ نقل فلان إلى وظيفة مدير عام.", [("6", 6)]),  # items in one paragraph
    ("تقدم المنتخب في الشوط الأول 25 - 22 وعاد منتخبنا ليفوز.", [("25", 25), ("22", 22)]),  # a score
    ("وجه الأمير بالقبض على الشبان الذين تحرشوا بفتاتين في متنزه.", [("بفتاتين", 2)]),  # the girls were not arrested
])
def test_claims_numbers_that_count_nothing_of_the_trigger(text: str, numbers: list[tuple[str, int]]) -> None:
    assert extract_claims(_doc(text, [(n, v, v) for n, v in numbers])) == []


def test_claims_a_range_runs_upwards_and_counts() -> None:
    claims = extract_claims(_doc("وقتل ما بين 20 - 30 شخصا في القصف.", [("20 - 30", 20, 30)]))
    assert [(c.measure, c.low, c.high) for c in claims] == [("killed", 20, 30)]


def test_claims_motorcycles_are_vehicles() -> None:
    text = "وتم تدمير 29 سيارة و36 دراجة نارية."
    claims = extract_claims(_doc(text, [("29", 29, 29), ("36", 36, 36)]))
    assert [(c.measure, c.unit, c.low) for c in claims] == [("destroyed", "vehicles", 29), ("destroyed", "vehicles", 36)]


def test_claims_a_diagnosis_is_no_injury() -> None:
    text = "وجرى تشخيص إصابة 7 أفراد من العاملين في القاعدة بالمرض الخبيث. وقتل شخص وإصابة 5 آخرين."
    claims = extract_claims(_doc(text, [("7", 7, 7), ("5", 5, 5)]))
    assert [(c.measure, c.low) for c in claims] == [("killed", 1), ("injured", 5)]  # one killed, five injured


def test_claims_others_after_a_generic_noun_are_anyone() -> None:
    text = "وتسبب التفجير في مقتل خمسة أشخاص وإصابة سبعة آخرين."
    claims = extract_claims(_doc(text, [("خمسة", 5, 5), ("سبعة", 7, 7)]))
    assert [(c.measure, c.subject) for c in claims][1] == ("injured", None)


def test_claims_definite_numeral_counts_the_noun_before_it() -> None:
    # "جميع المهاجمين الأربعة قتلوا": the numeral with the article follows the noun it counts
    text = "وقالت الوزارة إن جميع المهاجمين الأربعة قتلوا برصاص قوات الأمن."
    claims = _claims(text, "الأربعة", 4)
    assert [(c.measure, c.subject) for c in claims] == [("killed", "fighters")]
    # a number in digits after a noun is not that noun's numeral
    claims = _claims("وقالت إن المهاجمين 4 قتلوا.", "4", 4)
    assert [c.subject for c in claims] in ([], [None])


@pytest.mark.parametrize(("text", "number", "value"), [
    ("أطلقت امرأتان النار على مبنى القنصلية.", "امرأتان", 2),  # opened fire: no one released
    ("وأكدت السفارة أنه لا صحة لما يتم تداوله عن مقتل 3 مواطنين.", "3", 3),  # a report denied
    ("وقال الخاطفون إنهم يطالبون بالإفراج عن 20 معتقلا.", "20", 20),  # a release asked for
    ("ومشاريع التميز 21 مشروعا بقيمة مليون ريال.", "21", 21),  # projects are counted by no measure
])
def test_claims_round_9_misreadings_are_no_claims(text: str, number: str, value: float) -> None:
    assert _claims(text, number, value) == []


@pytest.mark.parametrize(("text", "number", "value", "measure"), [
    ("وأطلقت السلطات سراح 20 معتقلا.", "20", 20, "released"),
    ("وطالب الوزير بالتحقيق في مقتل 20 شخصا.", "20", 20, "killed"),  # a demand asks for a release or an arrest only
])
def test_claims_round_9_what_is_still_claimed(text: str, number: str, value: float, measure: str) -> None:
    assert [c.measure for c in _claims(text, number, value)] == [measure]


def test_claims_a_charge_is_no_event_of_the_number() -> None:
    # the five are charged with killing a boy: five arrested, one killed (the boy), not five killed
    text = "قالت الشرطة إن خمسة نيباليين ألقي القبض عليهم ويواجهون اتهامات بقتل صبي."
    assert [(c.measure, c.low) for c in _claims(text, "خمسة", 5)] == [("arrested", 5), ("killed", 1)]


@pytest.mark.parametrize("text", [
    "واستقبل الأمير أبناء الشيخ الذين شكروه على تعازيه في وفاة والدهم.",  # an obituary
    'قال صلى الله عليه وسلم "لزوال الدنيا أهون عند الله من قتل رجل مسلم".',  # a saying quoted in a sermon
    "وتوفي رجل في المدينة بعد صراع طويل مع المرض.",  # a natural death told with its cause
    "أوضحت الجامعة ملابسات وفاة والدة إحدى المتقدمات، وأكدت في بيانها تعازيها لأسرة المتوفاة.",  # her condolences
])
def test_claims_no_single_death_of_an_obituary_or_a_quoted_saying(text: str) -> None:
    assert extract_claims(_doc(text, [])) == []


def test_claims_a_killing_told_in_a_condolence_is_counted() -> None:
    # the obituary rule is for natural deaths: a martyr's death in a condolence is a death in an incident
    (claim,) = extract_claims(_doc("وقدم الأمير تعازيه في استشهاد جندي على الحدود.", []))
    assert (claim.measure, claim.low) == ("killed", 1)


def test_claims_a_fate_word_inside_a_name_says_no_fate() -> None:
    # "ساحة التحرير" (Liberation Square) frees nobody: the crowd is counted, not released
    text = "وخرج مئات المتظاهرين إلى ساحة التحرير للاحتجاج على الفساد."
    doc = _doc(text, [("مئات", 200, 999)])
    square = make_span(Mention, text, text.index("ساحة"), text.index("ساحة") + len("ساحة التحرير"), label=EntityLabel.FAC)
    assert [c for c in extract_claims(doc.with_layer("mentions", [square])) if c.measure == "freed"] == []
    assert [c.measure for c in extract_claims(doc)] == ["freed"]  # what the name alone had said
