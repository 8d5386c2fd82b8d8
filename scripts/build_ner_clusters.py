"""Build the NER word-cluster table from unlabeled Arabic text (build time only, reads ../shared/data).

Stems (normalised, clitic-stripped, as the tagger sees them) get PPMI vectors over their
left/right neighbours, reduced by a seeded randomized SVD and grouped by k-means at several
granularities; the table maps each stem to `fBAND-c64-c256-c1024` (log2 frequency band, then
cluster ids). Sources are ANERcorp's
TRAIN tokens (tags ignored), the Wojood sample, the ANS headlines and the shared corpus. The
ANERcorp test file is never read.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from scipy import sparse

from tabayyun.ner._tokenize import tokenize
from tabayyun.ner.features import normalize, strip_clitics
from tabayyun.ner.tagger import CLUSTERS_FILE, default_model_dir

GRANULARITIES = (64, 256, 1024)
SEED = 13


def _conll_sentences(path: Path) -> Iterator[list[str]]:
    current: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts or parts[0] == "$#$":
            if current:
                yield current
            current = []
        else:
            current.append(parts[0])
    if current:
        yield current


def _text_sentences(text: str) -> Iterator[list[str]]:
    for line in text.splitlines():
        words = [t.text for t in tokenize(line)]
        if words:
            yield words


def corpus(shared: Path) -> Iterator[list[str]]:
    """Token sequences from every unlabeled source (never the ANERcorp test file)."""
    yield from _conll_sentences(shared / "data" / "anercorp" / "ANERcorp_CAMeLsplit_reconstructed_train.txt")
    for path in sorted((shared / "data" / "wojood_sample").glob("*.txt")):
        if not path.name.isupper() and "LICENSE" not in path.name and path.name != "SOURCE.txt":
            yield from _conll_sentences(path)
    for path in sorted((shared / "data" / "ans_arabic_news_stance").glob("*/*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    yield from _text_sentences(cell)
    for path in sorted((shared / "corpus").rglob("*.txt")):
        yield from _text_sentences(path.read_text(encoding="utf-8"))


def stem(word: str) -> str:
    return strip_clitics(normalize(word))[1]


def ppmi_vectors(sentences: list[list[str]], min_count: int, contexts: int, dims: int) -> tuple[list[str], np.ndarray]:
    counts = Counter(s for sentence in sentences for s in sentence)
    vocab = sorted((w for w, c in counts.items() if c >= min_count and w.strip() and w.isprintable()), key=lambda w: (-counts[w], w))
    index = {w: i for i, w in enumerate(vocab)}
    context_words = vocab[:contexts]
    context_index = {w: i for i, w in enumerate(context_words)}
    rows: list[int] = []
    cols: list[int] = []
    for sentence in sentences:
        padded = ["<s>", "<s>", *sentence, "</s>", "</s>"]
        for i in range(2, len(padded) - 2):
            row = index.get(padded[i])
            if row is None:
                continue
            for slot, offset in enumerate((-2, -1, 1, 2)):
                neighbour = padded[i + offset]
                col = context_index.get(neighbour, contexts) if neighbour not in ("<s>", "</s>") else contexts + 1
                rows.append(row)
                cols.append(slot * (contexts + 2) + col)
    width = 4 * (contexts + 2)
    matrix = sparse.coo_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(len(vocab), width)
    ).tocsr()
    matrix.sum_duplicates()
    total = matrix.sum()
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    col_sums = np.asarray(matrix.sum(axis=0)).ravel() ** 0.75  # context smoothing (Levy et al. 2015)
    col_sums = col_sums / col_sums.sum() * total
    coo = matrix.tocoo()
    pmi = np.log(coo.data * total / (row_sums[coo.row] * col_sums[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape)
    # randomized SVD with a fixed seed: deterministic and fast enough for ~50k x 20k
    rng = np.random.default_rng(SEED)
    probe = ppmi @ rng.standard_normal((width, dims + 20))
    for _ in range(3):
        probe, _r = np.linalg.qr(probe)
        probe = ppmi @ (ppmi.T @ probe)
    q, _r = np.linalg.qr(probe)
    u_small, s, _vt = np.linalg.svd(np.asarray((ppmi.T @ q).T), full_matrices=False)
    vectors = (q @ u_small[:, :dims]) * np.sqrt(s[:dims])
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vocab, vectors / np.maximum(norms, 1e-9)


def kmeans(vectors: np.ndarray, k: int, iterations: int = 25) -> np.ndarray:
    """Spherical k-means with k-means++ seeding from a fixed seed."""
    rng = np.random.default_rng(SEED + k)
    n = len(vectors)
    k = min(k, n)
    centres = np.empty((k, vectors.shape[1]))
    centres[0] = vectors[rng.integers(n)]
    best = 1.0 - vectors @ centres[0]
    for c in range(1, k):
        weights = np.maximum(best, 0) ** 2
        centres[c] = vectors[rng.choice(n, p=weights / weights.sum())]
        best = np.minimum(best, 1.0 - vectors @ centres[c])
    labels = np.zeros(n, dtype=np.int64)
    for _ in range(iterations):
        labels = np.argmax(vectors @ centres.T, axis=1)
        for c in range(k):
            members = vectors[labels == c]
            if len(members):
                centre = members.sum(axis=0)
                centres[c] = centre / max(np.linalg.norm(centre), 1e-9)
    return labels


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    shared_default = Path(os.environ.get("TABAYYUN_SHARED", str(Path("..") / "shared")))
    parser.add_argument("--shared", type=Path, default=shared_default, help="the shared/ folder")
    parser.add_argument("--out", type=Path, default=default_model_dir() / CLUSTERS_FILE)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--contexts", type=int, default=5000)
    parser.add_argument("--dims", type=int, default=100)
    args = parser.parse_args()
    if not (args.shared / "data" / "anercorp").is_dir():
        print(f"error: {args.shared} has no data/anercorp; pass --shared", file=sys.stderr)
        return 2
    sentences = [[stem(w) for w in s] for s in corpus(args.shared)]
    print(f"{len(sentences)} sentences, {sum(len(s) for s in sentences)} tokens", file=sys.stderr)
    vocab, vectors = ppmi_vectors(sentences, args.min_count, args.contexts, args.dims)
    print(f"{len(vocab)} stems with count >= {args.min_count}", file=sys.stderr)
    ids = [kmeans(vectors, k) for k in GRANULARITIES]
    counts = Counter(s for sentence in sentences for s in sentence)
    # a frequency band first: names are rare words, and Arabic script has no capitals to say so
    lines = [
        f"{w}\tf{min(int(np.log2(counts[w])), 9)}-{'-'.join(str(int(level[i])) for level in ids)}"
        for i, w in enumerate(vocab)
    ]
    args.out.write_text("\n".join(sorted(lines)) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} stems to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
