"""The cached-emission Viterbi decoder tags exactly as crfsuite does on the same model and features."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabayyun.ner._tokenize import sentences
from tabayyun.ner.features import FeatureConfig
from tabayyun.ner.tagger import NerTagger
from tabayyun.ner.train import CrfParams, train_ner
from tabayyun.ner.viterbi import CrfDecoder, _path, _path9
from tabayyun.ner.weights import CrfWeights

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "tabayyun" / "data" / "samples"


def _crfsuite(tagger: NerTagger, batch: list[list[str]]) -> list[list[str]]:
    return [tagger._tagger.tag(tagger._extractor.sentence(words)) if words else [] for words in batch]


def _decoder(tagger: NerTagger) -> CrfDecoder:
    # the crfsuite model's own weights (the shipped tagger decodes the average of its bagged models)
    return CrfDecoder(CrfWeights.from_tagger(tagger._tagger), tagger._extractor)


@pytest.fixture(scope="module")
def shipped() -> NerTagger:
    return NerTagger.load()


def test_decoder_matches_crfsuite_on_the_sample_articles(shipped: NerTagger) -> None:
    batch = [
        [t.text for t in s]
        for path in sorted(SAMPLES.glob("*.txt"))
        for s in sentences(path.read_text(encoding="utf-8"))
    ]
    assert sum(map(len, batch)) > 500
    expected = _crfsuite(shipped, batch)
    assert any(t != "O" for tags in expected for t in tags)
    assert _decoder(shipped).tag(batch) == expected


def test_decoder_keeps_sentence_order_and_empty_sentences(shipped: NerTagger) -> None:
    batch = [["زار", "الرئيس", "الفرنسي", "بغداد", "."], [], ["القاهرة"], ["وقال", "محمد", "علي", "إن", "الوفد", "وصل"]]
    assert _decoder(shipped).tag(batch) == _crfsuite(shipped, batch)
    assert _decoder(shipped).tag([]) == []


def test_decoder_matches_crfsuite_without_bigrams_and_with_a_wider_window(tmp_path: Path) -> None:
    lines = []
    for person, place in [("أرنور", "غوندور"), ("فرودو", "روهان"), ("ثورين", "موريا")] * 6:
        lines += [f"زار O\n{person} B-PERS\nمدينة O\n{place} B-LOC\n. O\n"]
    data = tmp_path / "data"
    data.mkdir()
    (data / "ANERcorp_CAMeLsplit_reconstructed_train.txt").write_text("\n".join(lines), encoding="utf-8")
    for name in ("ANERGazet_Pers.txt", "ANERGazet_Loc.txt", "ANERGazet_Org.txt"):
        (data / name).write_text("", encoding="utf-8")
    config = FeatureConfig(window=3, bigrams=False, affixes=2)
    train_ner(data, tmp_path / "m", holdout=0.0, params=CrfParams(max_iterations=20), config=config)
    tagger = NerTagger.load(tmp_path / "m")
    batch = [["زار", "فرودو", "مدينة", "روهان", "."], ["أرنور"], ["مدينة", "غوندور", "زار", "ثورين"]]
    assert _decoder(tagger).tag(batch) == _crfsuite(tagger, batch)
    assert tagger.tag_sentences(batch)[0] == ["O", "B-PER", "O", "B-LOC", "O"]


def test_decoder_batches_a_run_on_sentence_apart_from_the_short_ones(
    shipped: NerTagger, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tabayyun.ner.viterbi._BATCH_CELLS", 64)  # forces several batches
    short = [["وقال", "محمد", "علي", "إن", "الوفد", "وصل"], ["زار", "الرئيس", "بغداد"], ["القاهرة"]] * 10
    run_on = ["زار", "الرئيس", "الفرنسي", "بغداد", "و"] * 30
    batch = [*short[:7], run_on, *short[7:]]
    assert _decoder(shipped).tag(batch) == _crfsuite(shipped, batch)


def test_decoder_gives_the_stems_it_tagged_with(shipped: NerTagger) -> None:
    batch = [["زار", "الرئيس", "الفرنسي", "بغداد", "."], [], ["وقال", "محمد", "علي"], ["القاهرة"]]
    decoder = _decoder(shipped)
    tags, stems = decoder.tag_with_stems(batch)
    assert tags == decoder.tag(batch) == _crfsuite(shipped, batch)
    assert stems == decoder.stems(batch) == [[shipped._extractor.stem(w) for w in words] for words in batch]
    assert stems[0][1] == "رئيس"  # the article set aside


@pytest.mark.parametrize("unrolled", [9, 0])
def test_decoder_tags_alike_with_the_steps_written_out_or_looped(
    shipped: NerTagger, monkeypatch: pytest.MonkeyPatch, unrolled: int
) -> None:
    # 9: the shipped model's nine labels take the written-out steps (_path9); 0: the loop (_path)
    monkeypatch.setattr("tabayyun.ner.viterbi._UNROLLED_LABELS", unrolled)
    batch = [
        [t.text for t in s]
        for path in sorted(SAMPLES.glob("*.txt"))
        for s in sentences(path.read_text(encoding="utf-8"))
    ]
    batch += [["القاهرة"], ["زار", "الرئيس", "الفرنسي", "بغداد", "و"] * 12]  # one word; a long sentence
    assert _decoder(shipped).tag(batch) == _crfsuite(shipped, batch)


def test_both_paths_take_the_first_of_equal_scores() -> None:
    # every score equal: each step's best comes from label 0, and the last step's best is label 0
    into = [[0.0] * 9 for _ in range(9)]
    scores = [1.0] * 9 * 4
    assert _path9(scores, 0, len(scores), into) == _path(scores, 0, len(scores), into) == [0, 0, 0, 0]
    # one sentence among others: only its rows are read
    scores = [0.0] * 9 + [float(j == 4) for j in range(9)] * 2 + [5.0] * 9
    assert _path9(scores, 9, 27, into) == _path(scores, 9, 27, into) == [4, 4]
