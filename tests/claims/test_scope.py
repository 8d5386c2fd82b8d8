"""Scope: whose count a figure is (group, whole toll or part) read around the claim."""

from __future__ import annotations

import pytest

from tabayyun.claims.scope import Scope, claim_scope, split_subject
from tabayyun.model import AnalyzedDoc, Claim, Document, EntityLabel, Mention, make_span
from tabayyun.stages.segment import segment


def _scope(text: str, number: str, subject: str | None = None) -> Scope:
    doc = segment(AnalyzedDoc(Document("t", text)))
    start = text.index(number)
    end = start + len(number)
    claim = Claim(start, end, number, measure="killed", low=1, high=1, subject=subject,
                  quantity_start=start, quantity_end=end)
    return claim_scope(doc, claim)


@pytest.mark.parametrize(("text", "number", "subject", "label"), [
    ("قتل 15 شخصا في تفجير سوق أرنور.", "15", "civilians", None),
    ("قتل أربعة أشخاص على الأقل في أرنور.", "أربعة", "civilians", None),
    ("قتل 12 من رجال الأمن في أرنور.", "12", "security forces", "security forces"),
    ("قتل 173 مدنيا في غارات على أرنور.", "173", "civilians", "civilians"),
])
def test_claim_scope_generic_noun_counts_everyone(text: str, number: str, subject: str, label: str | None) -> None:
    assert _scope(text, number, subject).label == label


@pytest.mark.parametrize(("text", "number", "cue"), [
    ("وارتفعت حصيلة القتلى في أرنور إلى 40 قتيلا.", "40", "total"),
    ("قتل 30 شخصا بينهم 4 أطفال في أرنور.", "4", "part"),
    ("خطف 30 رجلا بالإضافة لسبعة من قبيلة غوندور.", "لسبعة", "part"),
    ("سقط أكثر من 250 شخصا بين قتيل وجريح في أرنور.", "250", "mixed"),
    ("أسفر التفجير عن مقتل وجرح 45 من الجنود في أرنور.", "45", "mixed"),  # the dead and the wounded together
    ("أفادت الخلية ,بمقتل وجرح 110 من عناصر التنظيم.", "110", "mixed"),  # the cue behind a clitic (ب)
    ("بلغ عدد القتلى والجرحى 150 في أرنور.", "150", "mixed"),
    ("أسفر التفجير عن مقتل 3 وإصابة 45 في أرنور.", "45", ""),  # the wounded alone
    ("قتل القيادي فلان و21 مسلحا آخرين في أرنور.", "21", "others"),
    ("قتل 21 مسلحا في أرنور.", "21", ""),
    ("وراح ضحيته ما يقارب 23 من رجال الأمن بين شهداء وجرحى.", "23", "mixed"),  # بين … further on
    ("وأكد البيان أن أربعة من المصابين في حالة خطيرة.", "أربعة", "part"),  # four of the injured
    ("قتل أربعة من المسلحين في أرنور.", "أربعة", ""),  # of a group, not of a toll
    ("بلغ عدد المصابين الذين غادروا المستشفى 19 حالة.", "19", "part"),  # the discharged
    ("بينما مازال 24 مصابا في المستشفى.", "24", "part"),  # still in hospital, written as one word
    ("وتم انتشال 18 جثة من النهر.", "18", "part"),  # the bodies recovered so far
    ("استشهاد 12 إضافة إلى ثلاثة من العاملين.", "12", "part"),  # one addend of 15
    ("أدت الاشتباكات إلى مقتل 14 من الحوثيين بالإضافة إلى أحد أفراد المقاومة.", "14", ""),  # one side's count
    ("مقتل 12 بالإضافة لثلاثة مدنيين.", "12", "part"),
    ("مقتل 12 شخصا بالإضافة إلى إصابة 20 آخرين.", "12", ""),  # another measure follows, not an addend
    ("مع وصول 120 شرطيا إضافيا إلى المدينة.", "120", "part"),  # reinforcements, not the whole force
    ("انضموا إلى نحو 300 سبق وأن نشروا في المدينة.", "300", "part"),  # those there before the newcomers
])
def test_claim_scope_cues(text: str, number: str, cue: str) -> None:
    assert _scope(text, number).cue == cue


@pytest.mark.parametrize(("text", "label"), [
    ("نتج عنه استشهاد 15 رجل أمن من بينهم 3 عاملين بالموقع.", None),  # workers among them: all the dead
    ("قتل 15 جنديا بينهم 3 ضباط في أرنور.", "security forces"),  # officers among soldiers: still soldiers
])
def test_claim_scope_among_them_another_group(text: str, label: str | None) -> None:
    assert _scope(text, "15", "security forces").label == label


def test_claim_scope_a_groups_addend_stays_the_groups_count() -> None:
    # 12 soldiers besides 3 workers: the soldiers' own count, which another report may dispute
    assert _scope("مقتل 12 جنديا بالإضافة لثلاثة مدنيين.", "12", "security forces").cue == ""


@pytest.mark.parametrize(("subject", "expected"), [
    ("fighters (جيش غوندور)", ("fighters", "جيش غوندور")),
    ("security forces", ("security forces", None)),
    (None, (None, None)),
])
def test_split_subject(subject: str | None, expected: tuple[str | None, str | None]) -> None:
    assert split_subject(subject) == expected


@pytest.mark.parametrize(("text", "number"), [
    ("استشهاد 4 وإصابة 8 في اعتداءات من أراضي غوندور.", "4"),
    ("قتل 30 شخصا على الأقل في سلسلة تفجيرات في أرنور.", "30"),
    ("قتل 17 من عناصر الأمن منذ بدء المواجهات مع الجماعة.", "17"),
    ("أسفرت المعارك عن سقوط 28 قتيلا وعشرات الجرحى خلال الـ24 ساعة الماضية.", "28"),  # a day's tally
    ("قتل أكثر من 8 من عناصر الحزب خلال اليومين الماضيين.", "8"),
    ("وأضاف أن اليومين الأخيرين شهدا مقتل 8 للحزب.", "8"),
])
def test_claim_scope_sum_over_incidents(text: str, number: str) -> None:
    assert _scope(text, number).cue == "sum"


def test_claim_scope_a_named_victim_is_part_of_the_toll() -> None:
    # "the martyrdom of Captain Zahrun": one of the dead, named; not the toll of the attack
    text = "وأعلنت الوزارة استشهاد النقيب سالم زهرون في الهجوم."
    doc = segment(AnalyzedDoc(Document("t", text)))
    name = text.index("سالم زهرون")
    doc = doc.with_layer("mentions", [make_span(Mention, text, name, name + len("سالم زهرون"), label=EntityLabel.PER)])
    start, end = text.index("النقيب"), name + len("سالم زهرون")
    claim = Claim(start, end, text[start:end], measure="killed", low=1, high=1, subject="security forces",
                  quantity_start=start, quantity_end=end)
    assert claim_scope(doc, claim).cue == "part"
    # the same count said by a noun, with no name, is the count of its group
    plain = Claim(start, start + len("النقيب"), "النقيب", measure="killed", low=1, high=1,
                  subject="security forces", quantity_start=start, quantity_end=start + len("النقيب"))
    assert claim_scope(doc, plain).cue == ""


@pytest.mark.parametrize(("text", "number", "subject", "label"), [
    # a generic noun's count of a group the subjects table names is that group's count
    ("قتلت قذيفة خمسة أشخاص من أسرة واحدة", "خمسة", "civilians (أسرة)", "civilians"),
    ("سقط ثلاثة قتلى من المدنيين", "ثلاثة", "(المدنيين)", "civilians"),
    # a group the table does not name leaves the generic count everyone's
    ("قتل خمسة أشخاص من قرية واحدة", "خمسة", "civilians (قرية)", None),
    # a bare side the subjects table names is its label ("في صفوف القوات التركية")
    ("خلف الهجوم 50 قتيلا في صفوف القوات التركية", "50", "القوات", "security forces"),
])
def test_claim_scope_a_generic_count_of_a_named_group(text: str, number: str, subject: str, label: str | None) -> None:
    assert _scope(text, number, subject).label == label
