from __future__ import annotations

import codecs

import pytest

from tabayyun.ingest.decode import DecodeError, decode_bytes

ARTICLE = "قال مصدر أمني إن ثلاثة أشخاص قتلوا في انفجار عبوة ناسفة في بلدة الوادي.\r\nوأضاف المصدر أن التحقيق جارٍ."


@pytest.mark.parametrize(("data", "encoding"), [
    (ARTICLE.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "utf-8"),
    (ARTICLE.encode("utf-16"), "utf-16"),
    (ARTICLE.encode("cp1256"), "cp1256"),
])
def test_decode_bytes_reads_arabic_encodings(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding
    assert decoded.text.lstrip("\ufeff") == ARTICLE.replace("\r\n", "\n")


def test_decode_bytes_keeps_utf8_bom_as_a_character() -> None:
    # offsets must agree with readers that open the file as plain UTF-8
    assert decode_bytes(codecs.BOM_UTF8 + "نص".encode()).text == "\ufeffنص"


def test_decode_bytes_repairs_a_few_damaged_utf8_bytes() -> None:
    data = ARTICLE.encode("utf-8")
    damaged = data[:20] + b"\xff" + data[20:]
    decoded = decode_bytes(damaged)
    assert "invalid bytes replaced" in decoded.encoding
    assert decoded.text.count("\ufffd") == 1


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"), (b"   \n", "empty"), (b"\x00\x01\x02binary\x00" * 50, "binary"),
    (bytes(range(128, 256)) * 3 + b"\x00", "binary"),
])
def test_decode_bytes_refuses_non_text(data: bytes, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        decode_bytes(data)


def test_decode_bytes_reports_wrong_declared_encoding() -> None:
    with pytest.raises(DecodeError, match="drop --encoding"):
        decode_bytes("نص".encode(), "ascii")
