"""The progress bar counts articles (1,000 steps for a JSON Lines file of 1,000 articles) and
names the cross-outlet phase."""

from __future__ import annotations

import io
import json
from pathlib import Path

from tabayyun.report.progress import ProgressBar, count_inputs
from tabayyun.runner import analyze_paths
from tabayyun.store import open_store

ARTICLE = "قال مصدر في الدفاع المدني إن {n} أشخاص قتلوا في انفجار سيارة مفخخة في سوق بلدة الوادي أمس."


def test_progress_counts_each_article_of_a_jsonl_file(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps({"text": ARTICLE.format(n=i)}, ensure_ascii=False) for i in range(40)),
                    encoding="utf-8")
    out = io.StringIO()
    bar = ProgressBar(count_inputs([path]), out=out)
    with open_store(tmp_path / "t.db") as store:
        analyze_paths([path], store, progress=bar)
    bar.close()
    frames = out.getvalue().split("\r")
    assert bar.total == 40
    assert any(" 40/40 " in f and "batch.jsonl:40" in f for f in frames)
    assert "cross-outlet analysis" in frames[-1] and " 40/40 " in frames[-1]


def test_progress_label_is_one_safe_line(tmp_path: Path) -> None:
    out = io.StringIO()
    bar = ProgressBar(2, out=out)
    bar.update(2, "evil\x1b[2J\nname")
    assert "evil[2Jname" in out.getvalue()
    assert "\x1b[2J" not in out.getvalue() and "\n" not in out.getvalue()
