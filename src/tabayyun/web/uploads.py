"""Articles uploaded from the browser: checked (type, size, count), written to a folder of
their own and analysed into the store in a background thread, with progress to show.

The analysis is the one ``tabayyun analyze`` runs (``runner.analyze_paths``, in this process),
so an upload is idempotent and stores whole documents only; the store's own locking lets it
write while the pages read.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ALLOWED = (".txt", ".html", ".htm", ".json", ".jsonl")
MAX_FILE_BYTES = 5_000_000  # as analyze --max-mb 5
MAX_FILES = 50
# all the files of one upload together: 50 files of 5 MB would be 250 MB held in memory and on disk
MAX_TOTAL_BYTES = 50_000_000
_UNSAFE = re.compile(r"[^\w.\-]+")


class UploadError(ValueError):
    """An upload refused as a whole (the message says why)."""


def safe_name(name: str) -> str:
    """A file name to write under the upload's folder: the last part of what the browser
    sent, with anything but letters, digits, '.', '-' and '_' made '_' (no path, no dot file)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE.sub("_", base).lstrip(".")
    return cleaned[:120] or "article.txt"


def check_file(name: str, size: int, max_bytes: int = MAX_FILE_BYTES) -> str | None:
    """Why a file is refused (None: accepted)."""
    if not name.lower().endswith(ALLOWED):
        return f"{name}: not an article file ({', '.join(ALLOWED)})"
    if size == 0:
        return f"{name}: empty"
    if size > max_bytes:
        return f"{name}: larger than {max_bytes // 1_000_000} MB"
    return None


@dataclass
class Job:
    id: str
    files: list[str]
    refused: list[str]
    status: str = "queued"  # queued | running | done | failed
    phase: str = "waiting"
    done: int = 0
    total: int = 0
    saved: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    error: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "files": self.files, "refused": self.refused, "status": self.status,
                "phase": self.phase, "done": self.done, "total": self.total, "saved": self.saved,
                "problems": self.problems, "error": self.error}


class _Progress:
    def __init__(self, job: Job) -> None:
        self.job = job

    def update(self, done: int, label: str) -> None:
        self.job.done = done

    def phase(self, label: str) -> None:
        self.job.phase = label


class Uploads:
    """The uploads of one server: jobs by id, each analysed in its own thread."""

    def __init__(self, db: str, max_bytes: int = MAX_FILE_BYTES,
                 analyse: Callable[[Path, str, Job], None] | None = None,
                 max_total_bytes: int = MAX_TOTAL_BYTES) -> None:
        self.db = db
        self.max_bytes = max_bytes
        self.max_total_bytes = max_total_bytes
        self.jobs: dict[str, Job] = {}
        self._analyse = analyse or _analyse
        self._lock = threading.Lock()

    def start(self, files: Sequence[tuple[str, bytes]]) -> Job:
        """Check the files, write the accepted ones and analyse them in the background."""
        if not files:
            raise UploadError("choose at least one article file")
        if len(files) > MAX_FILES:
            raise UploadError(f"at most {MAX_FILES} files per upload")
        total = sum(len(data) for _, data in files)
        if total > self.max_total_bytes:
            raise UploadError(f"these files come to {total / 1_000_000:.1f} MB; one upload takes at most "
                              f"{self.max_total_bytes // 1_000_000} MB in all: upload them in smaller batches")
        accepted: dict[str, bytes] = {}
        refused = []
        for name, data in files:
            problem = check_file(name, len(data), self.max_bytes)
            if problem:
                refused.append(problem)
                continue
            target = safe_name(name)
            while target in accepted:
                stem, dot, ext = target.rpartition(".")
                target = f"{stem}_{dot}{ext}" if dot else target + "_"
            accepted[target] = data
        job = Job(uuid.uuid4().hex[:12], sorted(accepted), refused, total=len(accepted))
        with self._lock:
            self.jobs[job.id] = job
        if not accepted:
            job.status, job.phase = "failed", "nothing to analyse"
            job.error = "every file was refused"
            return job
        folder = Path(tempfile.mkdtemp(prefix="tabayyun-upload-"))
        for name, data in accepted.items():
            (folder / name).write_bytes(data)
        thread = threading.Thread(target=self._run, args=(folder, job), name=f"upload-{job.id}", daemon=True)
        thread.start()
        return job

    def _run(self, folder: Path, job: Job) -> None:
        job.status = "running"
        try:
            self._analyse(folder, self.db, job)
            job.status, job.phase = "done", "done"
        except Exception as exc:  # reported on the job's page; the server goes on
            job.status, job.error = "failed", f"{type(exc).__name__}: {exc}"
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)


def _analyse(folder: Path, db: str, job: Job) -> None:
    from tabayyun.runner import analyze_paths
    from tabayyun.store import open_store

    with open_store(db) as store:
        report = analyze_paths([folder], store, max_bytes=MAX_FILE_BYTES, progress=_Progress(job))
    job.saved = {str(k): v for k, v in report.saved.items()}
    job.problems = [str(p) for p in report.problems]
