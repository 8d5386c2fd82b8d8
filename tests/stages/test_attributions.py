"""The attributions stage on invented Arabic reports (Arnor, Gondor): sources, kinds, via, scope."""

from __future__ import annotations

import pytest

from tabayyun.model import AnalyzedDoc, Attribution, Document, SourceKind
from tabayyun.stages.attributions import extract_attributions
from tabayyun.stages.segment import segment


def _attributions(text: str, outlet: str | None = None) -> list[Attribution]:
    return extract_attributions(segment(AnalyzedDoc(Document("t", text, outlet=outlet))))


def _sources(text: str, outlet: str | None = None) -> list[str]:
    return [a.source_text for a in _attributions(text, outlet)]


@pytest.mark.parametrize(("text", "source", "kind"), [
    ("وأكد محافظ أرنور اللواء فارس سالم أن الوضع هادئ.", "محافظ أرنور اللواء فارس سالم", SourceKind.OFFICIAL),
    ("وقالت مصادر محلية في غوندور إن الاشتباكات توقفت.", "مصادر محلية في غوندور", SourceKind.ANONYMOUS),
    ("أفاد المرصد الأرنوري لحقوق الإنسان بأن الطيران قصف القرية.", "المرصد الأرنوري لحقوق الإنسان", SourceKind.ORGANIZATION),
    ("وذكرت وكالة رويترز أن القوات انسحبت.", "وكالة رويترز", SourceKind.AGENCY),
    ("وقال الدكتور سامر نجم إن الأزمة طويلة.", "الدكتور سامر نجم", SourceKind.PERSON),
    ("وكشف مصدر أمني أن الهجوم فشل.", "مصدر أمني", SourceKind.ANONYMOUS),
])
def test_attributions_verb_first_source_and_kind(text: str, source: str, kind: SourceKind) -> None:
    found = _attributions(text)
    assert [(a.source_text, a.kind) for a in found] == [(source, kind)]


@pytest.mark.parametrize(("text", "source"), [
    ("المرصد الأرنوري قال إن القصف مستمر.", "المرصد الأرنوري"),
    ("مصادر للنجمة تؤكد أن الطريق مقطوع.", "مصادر للنجمة"),
])
def test_attributions_subject_first(text: str, source: str) -> None:
    assert _sources(text) == [source]


@pytest.mark.parametrize(("text", "source"), [
    ("قتل ثمانية جنود في الهجوم، بحسب ما أفاد به مسؤول عسكري.", "مسؤول عسكري"),
    ("قتل ثمانية جنود في الهجوم، وفق ما أفادت به مصادر محلية.", "مصادر محلية"),
])
def test_attributions_relative_clause_resumptive_pronoun(text: str, source: str) -> None:
    assert _sources(text) == [source]


@pytest.mark.parametrize(("text", "source", "via"), [
    ("وأكد محافظ أرنور لصحيفة «نجمة الشمال» أن الوضع هادئ.", "محافظ أرنور", "صحيفة نجمة الشمال"),
    ("ونقلت وكالة «سبوتنيك» عن مصادر خاصة أن القوات انسحبت.", "مصادر خاصة", "وكالة سبوتنيك"),
    ("وقال المتحدث باسم وزارة الداخلية، حسب ما نشرت وكالة الأنباء السعودية، إن المنفذ قتل.",
     "المتحدث باسم وزارة الداخلية", "وكالة الأنباء السعودية"),
    # a speaker relaying another: قال X نقلا عن Y
    ("قالت وكالة أنباء أرنور، اليوم، نقلاً عن وزارة الداخلية، إن القوات انسحبت.", "وزارة الداخلية",
     "وكالة أنباء أرنور"),
    # the agency's abbreviation in brackets stands between it and عن
    ("ونقلت وكالة أنباء أرنور الرسمية (وأر) عن وزير الدفاع قوله إن الحصيلة ارتفعت.",
     "وزير الدفاع", "وكالة أنباء أرنور الرسمية"),
])
def test_attributions_via_intermediary(text: str, source: str, via: str) -> None:
    found = {a.source_text: a for a in _attributions(text)}
    assert source in found
    assert via in found[source].via


@pytest.mark.parametrize(("first", "anaphor"), [
    ("وكشفت مصادر مقربة من جيش غوندور أن القائد فر.", "وأضافت المصادر أن عشرة جنود أسروا."),
    ("وقال وزير الدفاع في أرنور إن الحدود مغلقة.", "وأضاف أن التعزيزات وصلت."),
    ("وقال الدكتور سامر نجم إن الأزمة طويلة.", "وأشار نجم إلى أن الحل سياسي."),
])
def test_attributions_anaphora_resolves_to_full_antecedent(first: str, anaphor: str) -> None:
    text = first + " " + anaphor
    found = _attributions(text)
    assert len(found) == 2
    antecedent, resolved = found
    assert resolved.source_text == antecedent.source_text
    assert (resolved.source_start, resolved.source_end) == (antecedent.source_start, antecedent.source_end)
    assert resolved.start >= len(first)


@pytest.mark.parametrize("text", [
    "قال مصدر أمني إن الهجوم فشل. وشهدت المدينة هدوءا حذرا.",
    "وأفادت مصادر محلية بأن القصف توقف. إلى ذلك، افتتحت المدرسة أبوابها.",
])
def test_attributions_scope_ends_at_outlet_voice(text: str) -> None:
    first_end = text.index(".") + 1
    (found,) = _attributions(text)
    assert found.scope_start <= found.start
    assert found.scope_end <= first_end


@pytest.mark.parametrize("text", [
    "قتل 12 شخصا في أرنور، بحسب مصدر طبي.",
    "سقط عشرات الجرحى في غوندور وفق مصادر محلية.",
])
def test_attributions_according_to_covers_what_came_before(text: str) -> None:
    (found,) = _attributions(text)
    assert found.scope_start == 0
    assert found.scope_end >= found.end


@pytest.mark.parametrize(("text", "outlet"), [
    ("وقال مسؤول لـ«الميادين» إن الطريق مقطوع.", "Al Mayadeen"),
    ("وأكد مصدر أمني لوكالة سبوتنيك أن الهجوم فشل.", "Sputnik Arabic"),
])
def test_attributions_own_outlet_is_not_a_source(text: str, outlet: str) -> None:
    sources = _sources(text, outlet)
    assert sources
    assert all("الميادين" not in s and "سبوتنيك" not in s for s in sources)


@pytest.mark.parametrize("text", [
    "اندلعت اشتباكات بين قوات أرنور والمسلحين.",
    "وصل رتل عسكري تابع لقوات غوندور إلى المدينة.",
    "ودعا الله أن يحفظ البلاد.",
])
def test_attributions_no_source_in_narration(text: str) -> None:
    assert _attributions(text) == []


@pytest.mark.parametrize(("text", "hedged"), [
    ("وزعمت الجماعة في بيان أن مقاتليها سيطروا على التلة.", True),
    ("وقالت مصادر محلية إن الجسر دمر، ولم يتسن التأكد من ذلك.", True),
    ("وقالت مصادر محلية إن الجسر دمر.", False),
])
def test_attributions_hedging(text: str, hedged: bool) -> None:
    (found,) = _attributions(text)
    assert found.hedged is hedged


@pytest.mark.parametrize("text", [
    "وكشفت مصادر مقربة من «جيش غوندور» لـ«نجمة الشمال»، أن القائد فر. وأضافت المصادر أن الجنود أسروا.",
    "مصادر النجمة: 130 عنصرا سلموا أنفسهم.",
])
def test_attributions_offsets_index_the_original_text(text: str) -> None:
    for a in _attributions(text):
        assert text[a.start:a.end] == a.text
        assert text[a.source_start:a.source_end] == a.source_text
        assert 0 <= a.scope_start <= a.scope_end <= len(text)


def test_attributions_stop_at_extraction_end() -> None:
    text = "وقال مصدر أمني إن الهجوم فشل.\nاقرأ أيضا\nوقالت مصادر محلية إن القصف توقف."
    doc = Document("t", text, body_end=text.index("اقرأ"))
    found = extract_attributions(segment(AnalyzedDoc(doc)))
    assert [a.source_text for a in found] == ["مصدر أمني"]


@pytest.mark.parametrize(("text", "outlet", "sources"), [
    # an unknown outlet named in quotes after لـ is the medium the source spoke to
    ("وقال مدير صحة أرنور الدكتور سامر نجم لـ«صدى غوندور» إن المستشفى ممتلئ.", None,
     [("مدير صحة أرنور الدكتور سامر نجم", ("صدى غوندور",)), ("صدى غوندور", ())]),
    # and it is not a source of its own when it is the article's outlet
    ("وقال مدير صحة أرنور الدكتور سامر نجم لـ«صدى غوندور» إن المستشفى ممتلئ.", "صدى غوندور",
     [("مدير صحة أرنور الدكتور سامر نجم", ("صدى غوندور",))]),
])
def test_attributions_quoted_unknown_recipient_is_via(text: str, outlet: str | None,
                                                      sources: list[tuple[str, tuple[str, ...]]]) -> None:
    assert [(a.source_text, a.via) for a in _attributions(text, outlet)] == sources


@pytest.mark.parametrize(("text", "shared"), [
    # the channel named in the second sentence carried the first report of the same source too
    ("أفاد المرصد الأرنوري لحقوق الإنسان بأن الطيران قصف القرية. "
     "وقال المرصد في بيان تلقت وكالة الأنباء الغوندورية نسخة منه إن القصف مستمر.", True),
    # also across a paragraph break: papers print each sentence of a wire report on its own line
    ("أفاد المرصد الأرنوري لحقوق الإنسان بأن الطيران قصف القرية.\n"
     "وقال المرصد في بيان تلقت وكالة الأنباء الغوندورية نسخة منه إن القصف مستمر.", True),
    # not past another source: its report ends the run
    ("أفاد المرصد الأرنوري لحقوق الإنسان بأن الطيران قصف القرية.\n"
     "وقالت مصادر محلية إن الطيران غادر.\n"
     "وقال المرصد في بيان تلقت وكالة الأنباء الغوندورية نسخة منه إن القصف مستمر.", False),
])
def test_attributions_channel_named_later_in_the_run(text: str, shared: bool) -> None:
    first = _attributions(text)[0]
    assert first.source_text == "المرصد الأرنوري لحقوق الإنسان"
    assert ("وكالة الأنباء الغوندورية" in first.via) is shared


def test_attributions_pronoun_speaker_through_an_agency() -> None:
    text = ("دان رئيس مجلس الشيوخ في أرنور زيد الهمذاني الهجوم على غوندور. "
            "وقال وفقا لما نقلته وكالة الأنباء الأرنورية إن بلاده تقف مع جيرانها.")
    speaker = "رئيس مجلس الشيوخ في أرنور زيد الهمذاني"
    found = [a for a in _attributions(text) if a.source_text.startswith(speaker)]
    assert len(found) == 2
    assert all("وكالة الأنباء الأرنورية" in a.via for a in found)


@pytest.mark.parametrize(("text", "via"), [
    ("وغرد الشيخ سامر نجم: «رحم الله الشهداء».", "تويتر"),
    # a platform the narrator names carries the quoted persons who follow
    ("وتفاعل علماء أرنور مع الحادث على موقع التواصل الاجتماعي تويتر. "
     "فقال الشيخ سامر نجم: «رحم الله الشهداء». وكتب الدكتور فارس سالم: «حسبنا الله».", "تويتر"),
])
def test_attributions_social_platform_is_the_via(text: str, via: str) -> None:
    found = _attributions(text)
    assert found
    assert all(any(via in v for v in a.via) for a in found)


def test_attributions_platform_does_not_reach_statements_with_their_own_report() -> None:
    text = ("وتفاعل علماء أرنور مع الحادث على موقع تويتر. "
            "وقال المتحدث باسم وزارة الداخلية إن التحقيق مستمر.")
    (found,) = _attributions(text)
    assert found.via == ()


@pytest.mark.parametrize(("text", "source"), [
    ("وقال المتحدث باسم جماعة أنصار الله في غوندور إن القصف توقف.", "المتحدث باسم جماعة أنصار الله في غوندور"),
    ("وقال القائد عبد الله فارس إن الهجوم فشل.", "القائد عبد الله فارس"),
    ("وقالت منظمة أطباء بلا حدود إن المستشفى امتلأ.", "منظمة أطباء بلا حدود"),
])
def test_attributions_theophoric_and_compound_names_stay_whole(text: str, source: str) -> None:
    assert _sources(text) == [source]


@pytest.mark.parametrize(("text", "source"), [
    ("وأعلنت قيادة شرطة أرنور فرض حظر التجول في المدينة.", "قيادة شرطة أرنور"),
    ("وأعلن المجلس الأرنوري في وقت لاحق التوصل إلى هدنة.", "المجلس الأرنوري"),
    ("وحذرت منظمة الإغاثة الأرنورية من انهيار الخدمات في المدينة.", "منظمة الإغاثة الأرنورية"),
    ("ونقلت وكالة رويترز عن مسؤول عسكري في غوندور قوله إن القوات انسحبت.", "مسؤول عسكري في غوندور"),
])
def test_attributions_source_phrase_ends_before_its_object(text: str, source: str) -> None:
    assert source in _sources(text)
    assert not any(s.startswith(source) and s != source for s in _sources(text))


def test_attributions_spokesman_of_another_body_is_not_anaphora() -> None:
    text = ("وقال المتحدث باسم وزارة الصحة في أرنور إن المستشفيات امتلأت. "
            "في المقابل، نفى المتحدث باسم جيش غوندور استهداف المدنيين.")
    assert "المتحدث باسم جيش غوندور" in _sources(text)


@pytest.mark.parametrize("text", [
    "ونقلت سيارات الإسعاف الجرحى إلى مستشفى أرنور.",
    "ونقلت فرق الإنقاذ الجرحى إلى المستشفى.",
])
def test_attributions_carrying_verb_without_an_is_no_report(text: str) -> None:
    assert _sources(text) == []


@pytest.mark.parametrize(("text", "kind"), [
    ("وأعلن جهاز الإسعاف في أرنور أن الحصيلة ارتفعت.", SourceKind.OFFICIAL),
    ("وأشارت تقديرات المنظمة الدولية للهجرة إلى أن العائلات نزحت.", SourceKind.ORGANIZATION),
])
def test_attributions_institution_heads_give_their_kind(text: str, kind: SourceKind) -> None:
    assert [a.kind for a in _attributions(text)] == [kind]


@pytest.mark.parametrize(("text", "agency"), [
    ("مقتل خمسة في أرنور\n\nبيروت (رويترز) - قتل خمسة أشخاص في أرنور. وقال شاهد إن القصف استمر ساعة.", "رويترز"),
    ("مقتل خمسة في أرنور\n\nقتل خمسة أشخاص في أرنور. وقال شاهد إن القصف استمر ساعة. (أ ف ب)", "أ ف ب"),
])
def test_attributions_wire_credit_is_the_via_of_quoted_sources(text: str, agency: str) -> None:
    found = {a.source_text: a for a in _attributions(text, outlet="Gondor Times")}
    assert found["شاهد"].via == (agency,)
    credit = found[agency]
    assert credit.kind is SourceKind.AGENCY and credit.scope_start <= text.index("قتل خمسة أشخاص") < credit.scope_end


def test_attributions_wire_credit_of_the_outlet_itself_is_none() -> None:
    text = "مقتل خمسة في أرنور\n\nأرنور - الأناضول\nقتل خمسة أشخاص. وقال شاهد إن القصف استمر."
    found = _attributions(text, outlet="Anadolu")
    assert [(a.source_text, a.via) for a in found] == [("شاهد", ())]


def test_attributions_wire_credit_adds_to_an_earlier_channel() -> None:
    text = "مقتل خمسة في أرنور\n\nبيروت (رويترز) - قال مسؤول محلي لقناة النجمة إن الطريق مقطوع."
    found = {a.source_text: a for a in _attributions(text, outlet="Gondor Times")}
    assert found["مسؤول محلي"].via == ("قناة النجمة", "رويترز")


@pytest.mark.parametrize(("text", "source", "kind"), [
    # a statement issued by a body speaks with the body's voice
    ("أعلن بيان صدر عن مكتب محافظ أرنور أمس أن الطريق أغلق.", "مكتب محافظ أرنور", SourceKind.OFFICIAL),
    # what a medium published is cited for the medium
    ("وبحسب حصيلة لوكالة فرانس برس، قتل العشرات.", "وكالة فرانس برس", SourceKind.AGENCY),
    # a generic media head with the name in brackets
    ("وأوضحت وكالة أنباء ( الأناضول ) أن القوات انسحبت.", "وكالة أنباء ( الأناضول )", SourceKind.AGENCY),
    # an institution after ب stays in the phrase
    ("وأوضح المتحدث الإعلامي بالدفاع المدني، المقدم فارس سالم، أن الحريق أخمد.", "المتحدث الإعلامي بالدفاع المدني",
     SourceKind.OFFICIAL),
])
def test_attributions_source_phrase_rules(text: str, source: str, kind: SourceKind) -> None:
    found = [(a.source_text, a.kind) for a in _attributions(text) if a.scope_end - a.scope_start > len(a.source_text)]
    assert found == [(source, kind)]


def test_attributions_relative_clause_resumptive_before_subject() -> None:
    text = "ويأتي ذلك في الوقت الذي أعلنت فيه المقاومة الشعبية اليوم عن مقتل العشرات من المسلحين."
    assert _sources(text) == ["المقاومة الشعبية"]


@pytest.mark.parametrize("opener", ["وقد نتج عن ذلك", "كما"])
def test_attributions_carry_opener_keeps_the_speakers_voice(opener: str) -> None:
    text = f"صرح المتحدث باسم الوزارة بأن القذائف سقطت على المركز. {opener} استشهاد ثلاثة من الحراس."
    (a,) = _attributions(text)
    assert a.scope_end == len(text)


@pytest.mark.parametrize(("text", "source"), [
    # "the same source" is the last speaker, whatever its head
    ("وقالت أجهزة الأمن في أرنور إن الطريق أغلق. وتابع المصدر نفسه أن الحاجز أزيل.", "أجهزة الأمن في أرنور"),
    # a definite head followed by في and no institution refers back by its head
    ("قالت منظمة العفو الأرنورية إن القصف طال المدنيين. وأضافت المنظمة في واحد من تقاريرها أن المدارس دمرت.",
     "منظمة العفو الأرنورية"),
    # an antecedent earlier in the same sentence
    ("وأكدت مصادر أرنورية مطلعة أن القائد فر، في وقت قالت فيه المصادر إن الحاجز سقط.", "مصادر أرنورية مطلعة"),
])
def test_attributions_anaphora_resolved(text: str, source: str) -> None:
    assert set(_sources(text)) == {source}


def test_attributions_according_to_after_a_speaker_covers_its_clause() -> None:
    text = "وأفاد قائد ميداني أن ألف مقاتل شاركوا في الهجوم، وأن عشرات الجثث وجدت، للقتال في صفوفهم بحسب المصادر."
    found = {a.source_text: a for a in _attributions(text)}
    assert found["قائد ميداني"].scope_end > text.index("عشرات")
    assert found["المصادر"].scope_start > text.index("عشرات")


def test_attributions_subject_first_phrase_leaves_qad_to_the_verb() -> None:
    assert _sources("وكان المتحدث باسم الوزارة قد صرح أمس أن الطريق أغلق.") == ["المتحدث باسم الوزارة"]


def test_attributions_name_with_its_title_speaks() -> None:
    text = "وقال فرامير بن داغور المتحدث باسم الحركة إن القافلة وصلت."
    assert _sources(text) == ["فرامير بن داغور المتحدث باسم الحركة"]


def test_attributions_channel_relaying_with_naqlan_an() -> None:
    found = {a.source_text: a for a in _attributions("وأضافت القناة نقلا عن الشرطة، أن الطريق أغلق.")}
    assert found["الشرطة"].via == ("القناة",)


@pytest.mark.parametrize(("text", "outlet"), [
    ('وذكرت مصادر محلية لـ"النجمة" أن الطريق أغلق.', "صحيفة النجمة"),
])
def test_attributions_paper_named_by_its_bare_title_is_its_own(text: str, outlet: str) -> None:
    assert _sources(text, outlet=outlet) == ["مصادر محلية"]


def test_attributions_speaker_past_a_description_of_himself() -> None:
    text = "وقال فرامير داغور، وهو مزارع من سكان القرية، إن المهاجمين أحرقوا المنازل."
    assert _sources(text) == ["فرامير داغور"]


@pytest.mark.parametrize(("text", "source", "via"), [
    ("وأفاد مراسل قناة النجمة بأن الطريق أغلق.", "مراسل قناة النجمة", ("قناة النجمة",)),
    ("وقال مراسل رويترز في أرنور إن الطريق أغلق.", "مراسل رويترز في أرنور", ("رويترز",)),
])
def test_attributions_correspondent_reports_through_his_medium(text: str, source: str, via: tuple[str, ...]) -> None:
    found = {a.source_text: a for a in _attributions(text)}
    assert found[source].via == via


@pytest.mark.parametrize(("text", "sources"), [
    ("ونشرت وكالة أعماق التابعة للتنظيم أن القافلة وصلت.", ["وكالة أعماق التابعة للتنظيم"]),
    ("ونشرت الوكالة صورا للقافلة.", []),
])
def test_attributions_published_report_speaks(text: str, sources: list[str]) -> None:
    assert _sources(text) == sources
