"""Fuzz targets, one per input path (JSON/JSONL records, manifest CSV, HTML, plain text in every
encoding we read, file names), under hypothesis.

Whatever the input: ingest yields documents or reported problems, never an exception; every
input is accounted for (one document or one problem per article, record or file); every
document is storable (valid Unicode in every field); the full pipeline runs on it without a
stage failure; and every span of every layer is its surface form (``text[start:end] ==
span.text``). The default run tries 200 examples per target (derandomized, so CI is
repeatable); ``make fuzz`` runs 20,000 each with a random seed and prints the figures.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabayyun.ingest import IngestProblem, read_documents
from tabayyun.ingest.manifest import ManifestEntry, ManifestError, read_manifest
from tabayyun.model import Attribution, Claim, Document
from tabayyun.pipeline import Pipeline
from tabayyun.stages import default_pipeline

EXAMPLES = int(os.environ.get("TABAYYUN_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 1000, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much, HealthCheck.large_base_example])

# --- checks -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _pipeline() -> Pipeline:
    return default_pipeline()


@contextmanager
def _workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="tabayyun-fuzz-") as name:
        yield Path(name)


def _check_document(doc: Document, target: str, stats: Counter[str]) -> None:
    """Storable, analysed without a stage failure, every offset exact."""
    for name in ("doc_id", "text", "outlet", "url", "title", "source_path", "encoding"):
        value = getattr(doc, name)
        if value is not None:
            value.encode("utf-8")  # what a store does with every field: a lone surrogate fails here
    assert doc.content_hash
    assert doc.body_end is None or 0 <= doc.body_end <= len(doc.text)
    assert all(0 <= a <= b <= len(doc.text) for a, b in doc.skipped)
    outcome = _pipeline().run(doc)
    assert not outcome.failures, outcome.failures[0].detail
    text = doc.text
    spans = 0
    for layer, span in outcome.analyzed.spans():
        spans += 1
        assert 0 <= span.start <= span.end <= len(text), (layer, span)
        assert text[span.start:span.end] == span.text, (layer, span)
        if isinstance(span, Attribution) and span.source_end:
            assert text[span.source_start:span.source_end] == span.source_text, span
        if isinstance(span, Claim) and span.quantity_end:
            assert span.start <= span.quantity_start < span.quantity_end <= span.end, span
    stats[f"{target}: documents analysed"] += 1
    stats[f"{target}: spans checked"] += spans


def _ingest(paths: list[Path], target: str, stats: Counter[str], manifest: dict[str, ManifestEntry] | None = None,
            max_bytes: int = 5_000_000, encoding: str | None = None) -> tuple[list[Document], list[IngestProblem]]:
    """Read and check every document; the documents and the problems (warnings left out)."""
    stats[f"{target}: examples"] += 1
    docs: list[Document] = []
    problems: list[IngestProblem] = []
    for item in read_documents(paths, manifest, max_bytes=max_bytes, encoding=encoding):
        if isinstance(item, IngestProblem):
            assert item.message and item.path, item
            (item.message + item.path).encode("utf-8")
            stats[f"{target}: {'warnings' if item.warning else 'problems'} reported"] += 1
            if not item.warning:
                problems.append(item)
        else:
            assert isinstance(item, Document), item
            _check_document(item, target, stats)
            docs.append(item)
    return docs, problems


def _distinct_ids(docs: list[Document]) -> None:
    """No two different texts under one id."""
    by_id: dict[str, str] = {}
    for d in docs:
        assert by_id.setdefault(d.doc_id, d.content_hash) == d.content_hash, d.doc_id


# --- strategies ---------------------------------------------------------------------------

WORDS = ["قال", "مصدر", "أمني", "إن", "12", "١٥", "شخصاً", "قتلوا", "أمس", "في", "مدينة", "الحسكة", "نحو", "عشرات",
         "وأضاف", "المصدر", "«", "»", "،", ".", "\n", "اليوم", "الجمعة", "سجن", "داعش", "قسد", "غارة", "بحسب", "وكالة",
         "عن", "مصادر", "محلية", "ثلاثة", "آلاف", "نازح", "2015", "%", "دولار", "ـ", "\u200f", "Reuters", "x", "قبل",
         "مليون", "مليار", "عام", "سنة", "2500", "125", "منذ", "يومين", "الماضي", "المقبل", "الشهر", "الأسبوع",
         "رمضان", "شوال", "1436هـ", "13/7/2015", "9999/12/31", "لليوم", "الرابع", "على", "التوالي", "انفجار",
         "سيارة", "مفخخة", "أصيب", "جريحا", "مقتل", "الدفاع", "المدني", "شام", "تايمز", "–", "-", "للميادين", "أكد",
         "لـ", "سبوتنيك", "نقلت", "شاهد", "أيضاً", "اقرأ", "المزيد", "9999", "0", "العشرين", "من", "يوليو", "تموز",
         "(", ")", '"', ":", "؟", "!", "\r\n", "\t", "غدا", "الخميس", "10000000000000000000000", "1e308", "٩٩٩٩٩٩٩",
         "ألف", "ضعف", "بالمئة", "كيلومتر", "الساعة", "السادسة", "مساء", "\u0640\u0640", "\u064b", "\ufeff"]

# dates a record or a manifest may carry, the ends of the calendar included
DATES = st.one_of(st.dates().map(date.isoformat), st.sampled_from(["0001-01-01", "9999-12-31", "2022-13-01", "",
                                                                   "22/01/2022", "2022-01-22T10:00:00Z"]),
                  st.text(max_size=12))

article = st.builds(lambda words, seps: "".join(w + s for w, s in zip(words, seps, strict=False)),
                    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=60),
                    st.lists(st.sampled_from([" ", " ", " ", "", "\n", "\n\n"]), min_size=60, max_size=60))

json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(), st.text(max_size=20))
json_value = st.recursive(json_leaf, lambda kids: st.lists(kids, max_size=3)
                          | st.dictionaries(st.text(max_size=8), kids, max_size=3), max_leaves=8)
ids = st.one_of(st.text(max_size=30), st.integers(), st.sampled_from(["a1", "a1", "=SUM(1)", "", " "]), json_value,
                st.integers(2000, 2100).map(lambda n: "i" * n))

_METADATA = {
    "content": article, "id": ids, "doc_id": ids, "title": st.one_of(st.text(max_size=40), article),
    "outlet": st.one_of(st.text(max_size=30), st.sampled_from(["=HYPERLINK(\"x\")", "\x1b[31mX", "شام تايمز"])),
    "published": DATES, "url": st.text(max_size=30), "extra": json_value}
# mostly records with a text (the pipeline then runs on them), some with anything or nothing
record = st.one_of(st.fixed_dictionaries({"text": article}, optional=_METADATA),
                   st.fixed_dictionaries({"text": article}, optional=_METADATA),
                   st.fixed_dictionaries({}, optional={**_METADATA, "text": st.one_of(article, json_value)}))


@st.composite
def json_line(draw: st.DrawFn) -> str:
    """One record as JSON text, sometimes broken the way real and hostile files are."""
    line = json.dumps(draw(record), ensure_ascii=draw(st.booleans()))
    mutation = draw(st.sampled_from(["none", "none", "surrogate", "number", "deep", "cut", "insert"]))
    if mutation == "surrogate" and '": "' in line:
        code = draw(st.integers(0xD800, 0xDFFF))
        line = line.replace('": "', f'": "\\u{code:04x}', 1)
    elif mutation == "number" and line.endswith("}"):
        line = line[:-1] + ("," if len(line) > 2 else "") + f'"n": {"7" * draw(st.integers(90, 6000))}}}'
    elif mutation == "deep" and line.endswith("}"):
        depth = draw(st.integers(30, 3000))
        line = line[:-1] + ("," if len(line) > 2 else "") + '"n": ' + "[" * depth + "]" * depth + "}"
    elif mutation == "cut":
        line = line[:draw(st.integers(0, len(line)))]
    elif mutation == "insert":
        at = draw(st.integers(0, len(line)))
        line = line[:at] + draw(st.text(max_size=5)) + line[at:]
    return line


ENCODINGS = ["utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1256", "iso8859_6"]


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf-8") else "replace")


def _nonblank_lines(data: bytes, encoding: str) -> int | None:
    """Non-blank lines of an ASCII-compatible JSON Lines file, as ingest splits them."""
    if encoding == "utf-16":
        return None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    return sum(1 for line in data.split(b"\n") if line.strip())


# --- targets -----------------------------------------------------------------------------


@FUZZ
@given(lines=st.lists(json_line(), min_size=1, max_size=5), encoding=st.sampled_from(ENCODINGS),
       max_bytes=st.sampled_from([5_000_000, 5_000_000, 400]), as_json=st.booleans())
def test_fuzz_json_records(fuzz_stats: Counter[str], lines: list[str], encoding: str, max_bytes: int,
                           as_json: bool) -> None:
    with _workdir() as root:
        if as_json:
            content = lines[0] if len(lines) == 1 else "[" + ",\n".join(lines) + "]"
            (root / "news.json").write_bytes(_encode(content, encoding))
            docs, _ = _ingest([root], "json", fuzz_stats, max_bytes=max_bytes)
        else:
            data = _encode("\n".join(lines), encoding)
            (root / "news.jsonl").write_bytes(data)
            docs, problems = _ingest([root], "jsonl", fuzz_stats, max_bytes=max_bytes)
            expected = _nonblank_lines(data, encoding)
            if expected is not None:
                assert len(docs) + len(problems) == expected, (len(docs), problems, expected)
        _distinct_ids(docs)


def _csv_text(rows: list[list[str]], quote_all: bool) -> str:
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL).writerows(rows)
    return out.getvalue()


hostile_cells = st.one_of(st.text(max_size=15), DATES, st.sampled_from(['"', ",", "\n", "'=x", "=cmd|' /C calc'!A0"]),
                          st.sampled_from([3000, 131_073]).map(lambda n: "x" * n))
COLUMN_CELLS = {
    "doc_id": st.from_regex(r"[a-z0-9_]{1,12}", fullmatch=True),
    "outlet": st.one_of(st.sampled_from(["Sham Times", "الوطن", "=HYPERLINK(1)", "-Evil", "", "a, b"]),
                        st.text(max_size=15)),
    "published": st.one_of(st.dates().map(date.isoformat), st.just("")),
    "url": st.sampled_from(["https://x.example/a?b=1", "", "'@x"]),
    "note": st.text(max_size=20),
}


@st.composite
def manifest_text(draw: st.DrawFn) -> str:
    """A manifest, mostly well-formed, with a hostile cell, a stray quote or a hand-joined row now and then."""
    header = draw(st.sampled_from([["doc_id", "outlet", "published", "url"], ["doc_id", "outlet", "published", "url"],
                                   ["doc_id", "outlet", "published", "url", "note"], ["doc_id", "published"],
                                   ["outlet"], []]))
    rows = draw(st.lists(st.tuples(*[COLUMN_CELLS[c] for c in header]).map(list), max_size=6))
    if rows and draw(st.integers(0, 3)) == 0:
        row = draw(st.sampled_from(rows))
        if row:
            row[draw(st.integers(0, len(row) - 1))] = draw(hostile_cells)
    if draw(st.integers(0, 3)) > 0:
        text = _csv_text([header, *rows], draw(st.booleans()))
    else:  # written by hand: a comma or a quote in a cell is not escaped
        text = "\n".join(",".join(r) for r in [header, *rows])
    if draw(st.integers(0, 5)) == 0:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(['"', ",", "\n", "\r", "\x00", "'", ""])) + text[at:]
    return text


@FUZZ
@given(text=manifest_text(), bom=st.booleans())
def test_fuzz_manifest_csv(fuzz_stats: Counter[str], text: str, bom: bool) -> None:
    fuzz_stats["manifest: examples"] += 1
    with _workdir() as root:
        path = root / "manifest.csv"
        path.write_bytes((codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8", errors="surrogatepass"))
        try:
            entries = read_manifest(path)
        except ManifestError as exc:
            assert str(exc)
            fuzz_stats["manifest: refused with a message"] += 1
            return
        fuzz_stats["manifest: accepted"] += 1
        # the accepted rows' metadata on two real articles (published dates at the ends of the calendar too)
        folder = root / "in"
        folder.mkdir()
        manifest: dict[str, ManifestEntry] = {}
        for i, entry in enumerate(list(entries.values())[:2]):
            (folder / f"d{i}.txt").write_text(f"قال مصدر إن {i + 3} أشخاص قتلوا أمس الخميس في غارة على مدينة الحسكة.",
                                              encoding="utf-8")
            manifest[f"d{i}"] = replace(entry, doc_id=f"d{i}")
        if manifest:
            docs, problems = _ingest([folder], "manifest", fuzz_stats, manifest)
            assert len(docs) == len(manifest) and not problems
            for d in docs:
                assert (d.published, d.url) == (manifest[d.doc_id].published, manifest[d.doc_id].url)


TAGS = ["html", "head", "body", "p", "div", "iframe", "article", "h1", "title", "meta", "script", "style", "br", "table",
        "tr", "td", "a", "span", "nav", "footer", "svg", "math", "template", "noscript", "main", "time", "?xml", "!--"]
ATTRS = ["src='x'", 'charset="windows-1256"', 'property="og:site_name" content="=X"', 'name="date" content="9999-99-99"',
         'http-equiv="content-type" content="text/html; charset=utf-16"', "href=javascript:x", 'datetime="0001-01-01"', ""]
HTML_BITS = ["&amp;", "&#0;", "&#xD800;", "&#99999999;", "&nbsp;", "<!--", "-->", "<![CDATA[", "]]>", "<!DOCTYPE html>",
             "</html>", "<", ">", "\x00", "\ufeff"]


@st.composite
def html_page(draw: st.DrawFn) -> str:
    """An article page with bits of tag soup injected, or tag soup alone."""
    if draw(st.booleans()):
        paragraphs = "".join(f"<p>{draw(article)}</p>" for _ in range(draw(st.integers(1, 4))))
        page = (f"<html><head><title>{draw(article)[:60]}</title><meta property='og:site_name' "
                f"content='{draw(st.sampled_from(['الوطن', '=X', '']))}'></head><body><nav>الرئيسية</nav>"
                f"<article><h1>{draw(article)[:60]}</h1>{paragraphs}</article><footer>حقوق</footer></body></html>")
        for _ in range(draw(st.integers(0, 3))):
            at = draw(st.integers(0, len(page)))
            page = page[:at] + draw(st.sampled_from(HTML_BITS + [f"<{t}>" for t in TAGS])) + page[at:]
        return page
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.sampled_from(["open", "close", "text", "text", "bit"]))
        tag = draw(st.sampled_from(TAGS))
        if kind == "open":
            parts.append(f"<{tag} {draw(st.sampled_from(ATTRS))}>")
        elif kind == "close":
            parts.append(f"</{tag}>")
        elif kind == "text":
            parts.append(draw(article))
        else:
            parts.append(draw(st.sampled_from(HTML_BITS)))
    return "".join(parts)


@FUZZ
@given(page=html_page(), encoding=st.sampled_from(ENCODINGS), tail=st.binary(max_size=8))
def test_fuzz_html(fuzz_stats: Counter[str], page: str, encoding: str, tail: bytes) -> None:
    with _workdir() as root:
        (root / "page.html").write_bytes(_encode(page, encoding) + tail)
        docs, problems = _ingest([root], "html", fuzz_stats)
        assert len(docs) + len(problems) == 1


PLAIN_ENCODINGS = [*ENCODINGS, "utf-16-le", "cp720", "mac_arabic", "latin-1"]


@FUZZ
@given(text=st.one_of(article, st.text(max_size=200)), encoding=st.sampled_from(PLAIN_ENCODINGS),
       newline=st.sampled_from(["\n", "\r\n", "\r"]), noise=st.binary(max_size=12),
       declared=st.sampled_from([None, None, None, "cp1256", "utf-8", "no-such-codec"]))
def test_fuzz_plain_text(fuzz_stats: Counter[str], text: str, encoding: str, newline: str, noise: bytes,
                         declared: str | None) -> None:
    data = _encode(text.replace("\n", newline), encoding) + noise
    with _workdir() as root:
        (root / "article.txt").write_bytes(data)
        docs, problems = _ingest([root], "text", fuzz_stats, encoding=declared)
        assert len(docs) + len(problems) == 1
        for d in docs:
            assert "\r" not in d.text  # universal newlines, as a reader of the original file sees it


SUFFIXES = [".txt", ".txt", ".json", ".jsonl", ".html", "", ".TXT", ".md", ".csv", ".Json"]
NAME = st.binary(min_size=1, max_size=30).filter(lambda b: b"/" not in b and b"\x00" not in b and b not in (b".", b".."))


def _content(suffix: str, i: int) -> str:
    body = f"قال مصدر في الدفاع المدني إن {i + 2} أشخاص قتلوا أمس في انفجار بمدينة الحسكة."
    if suffix.lower() in (".json", ".jsonl"):
        return json.dumps({"text": body}, ensure_ascii=False)
    if suffix.lower() == ".html":
        return f"<html><body><article><p>{body}</p><p>{body}</p></article></body></html>"
    return body


@FUZZ
@given(files=st.lists(st.tuples(st.lists(NAME, max_size=2), NAME, st.sampled_from(SUFFIXES), st.booleans()),
                      min_size=1, max_size=6))
def test_fuzz_file_names(fuzz_stats: Counter[str], files: list[tuple[list[bytes], bytes, str, bool]]) -> None:
    with _workdir() as root:
        written: set[bytes] = set()
        expected = 0
        for i, (folders, name, suffix, same_text) in enumerate(files):
            rel = b"/".join([*folders, name + os.fsencode(suffix)])
            target = os.path.join(os.fsencode(root), rel)
            if rel in written or any(rel.startswith(w + b"/") or w.startswith(rel + b"/") for w in written):
                continue
            try:
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as handle:
                    handle.write(_content(suffix, 0 if same_text else i).encode("utf-8"))
            except OSError:  # a name the file system refuses (too long, a folder in the way)
                continue
            written.add(rel)
            parts = os.fsdecode(rel).split("/")
            ignored = (any(p.startswith(".") for p in parts) or suffix.lower() == ".csv"
                       or os.fsdecode(name).lower().split(".")[0] in _CORPUS_FILES)
            expected += 0 if ignored else 1
        docs, problems = _ingest([root], "file names", fuzz_stats)
        assert len(docs) + len(problems) == expected
        _distinct_ids(docs)


_CORPUS_FILES = {"readme", "license", "licence", "source", "notice", "copying", "changelog"}
