from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tabayyun.ingest import IngestProblem, read_documents
from tabayyun.ingest.manifest import ManifestError, read_manifest
from tabayyun.model import Document

ARTICLE = ("انفجار في سوق بلدة الوادي\n\nالوادي - وكالة أنباء الشرق\n\n"
           "قال مصدر في الدفاع المدني إن خمسة أشخاص قتلوا وأصيب عشرة آخرون في انفجار سيارة مفخخة.\n")
HTML = f"""<html><head><title>انفجار في سوق بلدة الوادي</title><meta property="og:site_name" content="الشرق"></head>
<body><nav>الرئيسية | أخبار | رياضة</nav><article><h1>انفجار في سوق بلدة الوادي</h1>
<p>{ARTICLE.splitlines()[-1]}</p><p>وأضاف المصدر أن فرق الإنقاذ ما زالت تبحث عن مفقودين تحت الأنقاض في السوق القديم.</p>
<p>وشهدت البلدة خلال الأشهر الماضية عدة هجمات مماثلة استهدفت الأسواق والتجمعات المدنية في المنطقة.</p>
</article><footer>جميع الحقوق محفوظة</footer></body></html>"""


def _read(paths: list[Path], **kw: object) -> tuple[list[Document], list[IngestProblem]]:
    docs: list[Document] = []
    problems: list[IngestProblem] = []
    for item in read_documents(paths, **kw):  # type: ignore[arg-type]
        (problems if isinstance(item, IngestProblem) else docs).append(item)  # type: ignore[arg-type]
    return docs, problems


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "legacy.txt").write_bytes(ARTICLE.replace("الوادي", "السهل").encode("cp1256"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (tmp_path / "page.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "one.json").write_text(json.dumps({"text": ARTICLE + "ثانية", "outlet": "الشرق",
                                                   "published": "2024-03-10"}, ensure_ascii=False), encoding="utf-8")
    lines = [json.dumps({"id": "a1", "text": ARTICLE + "أ"}, ensure_ascii=False), "{not json",
             json.dumps({"id": "a3", "title": "بلا نص"}, ensure_ascii=False),
             json.dumps({"id": "a4", "content": ARTICLE + "ب"}, ensure_ascii=False)]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "README.md").write_text("# not an article", encoding="utf-8")
    return tmp_path


def test_read_documents_mixed_folder_reads_good_files_and_explains_bad_ones(mixed_folder: Path) -> None:
    docs, problems = _read([mixed_folder])
    assert sorted(d.doc_id for d in docs) == ["a1", "a4", "good", "legacy", "one", "page"]
    messages = {Path(p.path).name + ": " + p.message for p in problems}
    assert any(m.startswith("empty.txt: ") and "empty" in m for m in messages)
    assert any(m.startswith("image.txt: ") and "binary" in m for m in messages)
    assert any(m.startswith("batch.jsonl: line 2 is not JSON") for m in messages)
    assert any(m.startswith("batch.jsonl: line 3") and "no text" in m for m in messages)
    assert any(m.startswith("notes.docx: skipped") for m in messages)
    assert len(problems) == 5


def test_read_documents_decodes_windows_1256(mixed_folder: Path) -> None:
    docs, _ = _read([mixed_folder / "legacy.txt"])
    assert docs[0].encoding == "cp1256"
    assert "السهل" in docs[0].text


def test_read_documents_html_keeps_article_and_drops_navigation(mixed_folder: Path) -> None:
    docs, _ = _read([mixed_folder / "page.html"])
    assert "خمسة أشخاص قتلوا" in docs[0].text
    assert "الرئيسية" not in docs[0].text
    assert docs[0].title == "انفجار في سوق بلدة الوادي"


def test_read_documents_json_metadata(mixed_folder: Path) -> None:
    docs, _ = _read([mixed_folder / "one.json"])
    assert docs[0].outlet == "الشرق"
    assert docs[0].published == date(2024, 3, 10)


def test_read_documents_refuses_oversized_file_with_advice(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    line = ("قال مصدر إن الوضع هادئ. " * 40 + "\n").encode()
    with big.open("wb") as f:
        for _ in range(50_000_000 // len(line) + 1):
            f.write(line)
    assert big.stat().st_size >= 50_000_000
    docs, problems = _read([big])
    assert docs == []
    assert "split it into one file per article" in problems[0].message


def test_read_documents_manifest_wins_and_outlet_is_inferred_without_it(mixed_folder: Path) -> None:
    manifest = mixed_folder / "manifest.csv"
    manifest.write_text("doc_id,outlet,published,url\ngood,Al-Sharq News Agency,2024-03-10,https://x.example/1\n",
                        encoding="utf-8")
    docs, _ = _read([mixed_folder / "good.txt"], manifest=read_manifest(manifest))
    assert (docs[0].outlet, docs[0].published, docs[0].url) == ("Al-Sharq News Agency", date(2024, 3, 10),
                                                                "https://x.example/1")


def test_read_documents_missing_path_is_a_problem(tmp_path: Path) -> None:
    _, problems = _read([tmp_path / "nope"])
    assert "no such file" in problems[0].message


@pytest.mark.parametrize(("content", "message"), [
    ("outlet,published\nx,2024-01-01\n", "doc_id column"),
    ("doc_id,published\nx,yesterday\n", "YYYY-MM-DD"),
    ("doc_id,outlet\n,x\n", "empty doc_id"),
])
def test_read_manifest_rejects_bad_rows(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "m.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ManifestError, match=message):
        read_manifest(path)


def _jsonl(path: Path, texts: list[str]) -> None:
    path.write_text("\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in texts) + "\n", encoding="utf-8")


def test_read_documents_max_bytes_applies_to_each_jsonl_article(tmp_path: Path) -> None:
    texts = [ARTICLE + f"رقم {i}" for i in range(300)]
    texts[120] = ARTICLE * 40
    _jsonl(tmp_path / "batch.jsonl", texts)
    assert (tmp_path / "batch.jsonl").stat().st_size > 20 * 1024
    docs, problems = _read([tmp_path / "batch.jsonl"], max_bytes=8 * 1024)
    assert len(docs) == 299
    assert len(problems) == 1
    assert problems[0].message.startswith("line 121: ") and "larger than one article can be" in problems[0].message


def test_read_documents_max_bytes_applies_to_each_json_list_item(tmp_path: Path) -> None:
    items = [{"text": ARTICLE + f"رقم {i}"} for i in range(50)] + [{"text": ARTICLE * 40}]
    (tmp_path / "list.json").write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    docs, problems = _read([tmp_path / "list.json"], max_bytes=8 * 1024)
    assert len(docs) == 50
    assert problems[0].message.startswith("item 51: ") and "larger than one article" in problems[0].message


def test_read_documents_json_file_over_its_whole_file_bound_says_use_jsonl(tmp_path: Path) -> None:
    from tabayyun.ingest.files import InputFile
    from tabayyun.ingest.formats import FormatError, Limits, read_file

    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"text": ARTICLE}] * 100, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(FormatError, match=r"write it as \.jsonl"):
        list(read_file(InputFile(path, "list", "list.json", str(path)), Limits(json_file_bytes=1000)))


def test_read_documents_jsonl_is_read_line_by_line_in_legacy_encodings(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"l{i}", "text": ARTICLE + str(i)}, ensure_ascii=False) for i in range(3)]
    (tmp_path / "old.jsonl").write_bytes(("\r\n".join(lines)).encode("cp1256"))
    (tmp_path / "wide.jsonl").write_text("\n".join(lines).replace('"l', '"w'), encoding="utf-16")
    docs, problems = _read([tmp_path])
    assert problems == []
    assert sorted(d.doc_id for d in docs) == ["l0", "l1", "l2", "w0", "w1", "w2"]
    assert {d.encoding for d in docs} == {"cp1256", "utf-16"}


def test_read_documents_lone_surrogates_replaced_and_reported(tmp_path: Path) -> None:
    line = json.dumps({"text": ARTICLE.strip() + " @", "outlet": "x@"}, ensure_ascii=False)
    (tmp_path / "s.jsonl").write_text(line.replace("@", "\\ud800"), encoding="utf-8")
    items = list(read_documents([tmp_path]))
    docs = [d for d in items if isinstance(d, Document)]
    warnings = [w for w in items if isinstance(w, IngestProblem) and w.warning]
    assert docs[0].text.endswith(" \ufffd") and docs[0].outlet == "x\ufffd"
    assert "\\ud800" in (tmp_path / "s.jsonl").read_text(encoding="utf-8")
    docs[0].content_hash  # noqa: B018 - encodes the text as UTF-8
    assert len(warnings) == 2 and "surrogate" in warnings[0].message


def test_read_documents_over_long_metadata_field_dropped_with_warning(tmp_path: Path) -> None:
    record = {"id": "i" * 3000, "text": ARTICLE, "outlet": "o" * 3000, "title": "عنوان"}
    (tmp_path / "r.jsonl").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    items = list(read_documents([tmp_path]))
    docs = [d for d in items if isinstance(d, Document)]
    warnings = [w.message for w in items if isinstance(w, IngestProblem) and w.warning]
    assert docs[0].doc_id == "r.jsonl:1" and docs[0].outlet != "o" * 3000 and docs[0].title == "عنوان"
    assert any(m.startswith("id of 3,000 characters ignored") for m in warnings)
    assert any(m.startswith("outlet of 3,000 characters ignored") for m in warnings)


@pytest.mark.parametrize(("record", "message"), [
    ('{"text": "x", "n": ' + "1" * 5000 + "}", "a number of 5,000 characters"),
    ('{"text": "x", "n": ' + "[" * 1000 + "]" * 1000 + "}", "nested more than"),
    ('["not", "an", "object"]', "expected a JSON object"),
    ('{"text": 12}', "has no text"),
])
def test_read_documents_bad_jsonl_record_is_reported_and_the_next_read(tmp_path: Path, record: str,
                                                                       message: str) -> None:
    good = json.dumps({"text": ARTICLE}, ensure_ascii=False)
    (tmp_path / "b.jsonl").write_text(record + "\n" + good + "\n", encoding="utf-8")
    docs, problems = _read([tmp_path])
    assert [d.doc_id for d in docs] == ["b.jsonl:2"]
    assert problems[0].message.startswith("line 1: ") and message in problems[0].message


def test_count_articles_counts_records_not_files(tmp_path: Path) -> None:
    from tabayyun.ingest import count_articles

    _jsonl(tmp_path / "batch.jsonl", [ARTICLE] * 1000)
    (tmp_path / "list.json").write_text(json.dumps([{"text": ARTICLE}] * 7, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    assert count_articles([tmp_path]) == 1000 + 7 + 1 + 1


def test_read_documents_problem_quoting_a_surrogate_is_printable(tmp_path: Path) -> None:
    (tmp_path / "d.jsonl").write_text('{"text": "' + "قال مصدر" + '", "published": "\\ud800-01-01"}\n',
                                      encoding="utf-8")
    warnings = [p for p in read_documents([tmp_path]) if isinstance(p, IngestProblem)]
    assert "is not a date" in warnings[0].message
    warnings[0].message.encode("utf-8")


def test_count_articles_never_opens_a_fifo_for_a_blocking_read(tmp_path: Path) -> None:
    import os
    import signal

    from tabayyun.ingest import count_articles

    for name in ("p.jsonl", "p.json", "p.txt"):
        os.mkfifo(tmp_path / name)
    previous = signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("blocked")))
    signal.alarm(10)
    try:
        assert count_articles([tmp_path / "p.jsonl", tmp_path / "p.json", tmp_path / "p.txt"]) == 3
        assert count_articles([tmp_path]) == 3
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
