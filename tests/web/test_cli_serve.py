"""``tabayyun serve`` refuses a non-loopback address without a token."""

from __future__ import annotations

import pytest

from tabayyun.cli import main
from tabayyun.web.app import is_loopback


def test_serve_refuses_public_host_without_token(sample_db: str, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TABAYYUN_TOKEN", raising=False)
    assert main(["serve", "--db", sample_db, "--host", "0.0.0.0"]) == 2
    assert "without a token" in capsys.readouterr().err


def test_serve_is_loopback() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4") and not is_loopback("example.org")
