"""Build the NER word-cluster table from unlabeled Arabic text (build time only, reads ../shared/data).

Two views of the same words, each reduced to a frequency band and k-means ids at 64/256/1024:

- **news**: ar-corrector 1.1.6's bigram counts (B. Kassem, MIT; ~33M tokens of Arabic news and
  book reviews, read from the wheel) plus the bigrams of the shared text below. Targets are stems
  and, where they differ, whole normalised words ("برشلونه" is not the stem "رشلونه"); contexts
  are the stems on either side.
- **shared**: ANERcorp's TRAIN tokens (tags ignored), the Wojood sample, the ANS headlines and
  the shared corpus, with two stems on either side. The ANERcorp test file is never read.

Stems are normalised and clitic-stripped as the tagger sees them. Each word gets PPMI vectors over
its contexts, reduced by a seeded randomized SVD and grouped by spherical k-means; the table maps
it to `news levels-shared levels` (`fBAND-c64-c256-c1024` twice, `r-r-r-r` for a view that does
not have the word), gzipped. Without --ar-corrector only the shared view is built (the table of
the models before this one). --trigger-profiles appends a ninth field, how often the word follows
a trigger word of one label in the news counts (`PER1`..`ORG3`, `t0`, `tr`; from the package's
triggers.tsv): tried and not shipped.
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import io
import os
import pickle
import sys
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from itertools import chain, pairwise
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy import sparse

from tabayyun.ner._tokenize import tokenize
from tabayyun.ner.features import load_triggers, normalize, strip_clitics
from tabayyun.ner.tagger import CLUSTERS_FILE, TRIGGERS_FILE, default_model_dir

_BLAS_THREADS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
GRANULARITIES = (64, 256, 1024)
SEED = 13
CORRECTOR_BIGRAMS = "ar_corrector/resources/ngram_plus1.pickle"


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


def _context_matrix(sentences: list[list[str]], vocab: list[str], contexts: int) -> sparse.csr_matrix:
    """Counts of each vocabulary stem's neighbours at -2, -1, +1, +2 (rare neighbours pooled)."""
    from scipy import sparse  # build-time only: the package does not depend on scipy

    index = {w: i for i, w in enumerate(vocab)}
    context_index = {w: i for i, w in enumerate(vocab[:contexts])}
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
                col = (
                    context_index.get(neighbour, contexts)
                    if neighbour not in ("<s>", "</s>")
                    else contexts + 1
                )
                rows.append(row)
                cols.append(slot * (contexts + 2) + col)
    width = 4 * (contexts + 2)
    matrix = sparse.coo_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(len(vocab), width)
    ).tocsr()
    matrix.sum_duplicates()
    return matrix


def svd_vectors(matrix: sparse.csr_matrix, dims: int) -> np.ndarray:
    """Unit-length rows of the PPMI matrix reduced to `dims` by a seeded randomized SVD."""
    from scipy import sparse  # build-time only: the package does not depend on scipy

    total = matrix.sum()
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    col_sums = np.asarray(matrix.sum(axis=0)).ravel() ** 0.75  # context smoothing (Levy et al. 2015)
    col_sums = col_sums / col_sums.sum() * total
    coo = matrix.tocoo()
    pmi = np.log(coo.data * total / (row_sums[coo.row] * col_sums[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape)
    # randomized SVD with a fixed seed: deterministic, and fast enough for ~200k x 20k
    rng = np.random.default_rng(SEED)
    probe = ppmi @ rng.standard_normal((matrix.shape[1], dims + 20))
    for _ in range(3):
        probe, _r = np.linalg.qr(probe)
        probe = ppmi @ (ppmi.T @ probe)
    q, _r = np.linalg.qr(probe)
    u_small, s, _vt = np.linalg.svd(np.asarray((ppmi.T @ q).T), full_matrices=False)
    vectors = (q @ u_small[:, :dims]) * np.sqrt(s[:dims])
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-9)


def ppmi_vectors(
    sentences: list[list[str]], min_count: int, contexts: int, dims: int
) -> tuple[list[str], np.ndarray, Counter[str]]:
    """The shared view: stems seen `min_count` times, by their neighbours two words either side."""
    counts = Counter(s for sentence in sentences for s in sentence)
    vocab = sorted(
        (w for w, c in counts.items() if c >= min_count and w.strip() and w.isprintable()),
        key=lambda w: (-counts[w], w),
    )
    return vocab, svd_vectors(_context_matrix(sentences, vocab, contexts), dims), counts


class _CountsUnpickler(pickle.Unpickler):
    """ar-corrector ships its counts as pickles: allow the two container classes and nothing else."""

    def find_class(self, module: str, name: str) -> type:
        if module == "collections" and name in ("Counter", "defaultdict"):
            return getattr(collections, name)  # type: ignore[no-any-return]
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a counts table")


_CORRECTOR_MARKS = {"<s>": "<s>", "<e>": "</s>"}  # its sentence marks; <unk> (rare words) is dropped


def corrector_bigrams(wheel: Path) -> Iterator[tuple[str, str, int]]:
    """(word, next word, count) from ar-corrector's bigram table, read from its wheel."""
    with zipfile.ZipFile(wheel) as archive:
        table = _CountsUnpickler(io.BytesIO(archive.read(CORRECTOR_BIGRAMS))).load()
    for key, following in table.items():
        if len(key) != 1:  # the table also holds the empty context (unigram counts)
            continue
        left = _CORRECTOR_MARKS.get(key[0], key[0])
        if left == "<unk>":
            continue
        for right, count in following.items():
            right = _CORRECTOR_MARKS.get(right, right)
            if right != "<unk>":
                yield left, right, count


@cache  # ~600k distinct words, met millions of times in each pass over the counts
def _view(word: str) -> tuple[str, str]:
    """(stem, normalised word) of a token; sentence marks stay themselves."""
    if word in ("<s>", "</s>"):
        return word, word
    norm = normalize(word)
    return strip_clitics(norm)[1], norm


def news_vectors(
    bigrams: Iterable[tuple[str, str, int]], min_count: int, contexts: int, dims: int
) -> tuple[list[str], np.ndarray, Counter[str]]:
    """The news view: stems and distinct whole words, by the stem before and the stem after."""
    from scipy import sparse  # build-time only: the package does not depend on scipy

    stem_pairs: Counter[tuple[str, str]] = Counter()
    word_left: Counter[tuple[str, str]] = Counter()  # (stem before, word)
    word_right: Counter[tuple[str, str]] = Counter()  # (word, stem after)
    for left, right, count in bigrams:
        ls, ln = _view(left)
        rs, rn = _view(right)
        if not ls or not rs:
            continue
        stem_pairs[ls, rs] += count
        if ln != ls:
            word_right[ln, rs] += count
        if rn != rs:
            word_left[ls, rn] += count
    counts: Counter[str] = Counter()
    for (_left, right), count in stem_pairs.items():
        counts[right] += count  # every token has one left neighbour, <s> included
    stems = sorted(
        (
            w
            for w, c in counts.items()
            if c >= min_count and w not in ("<s>", "</s>") and w.strip() and w.isprintable()
        ),
        key=lambda w: (-counts[w], w),
    )
    stem_rows = {w: i for i, w in enumerate(stems)}
    word_counts: Counter[str] = Counter()
    for (_left, word), count in word_left.items():
        word_counts[word] += count
    words = sorted(
        (
            w
            for w, c in word_counts.items()
            if c >= min_count and w not in stem_rows and w.strip() and w.isprintable()
        ),
        key=lambda w: (-word_counts[w], w),
    )
    word_rows = {w: len(stems) + i for i, w in enumerate(words)}  # below the stems
    for word in words:
        counts[word] = word_counts[word]
    context_index = {w: i for i, w in enumerate(stems[:contexts])}
    context_index["<s>"] = context_index["</s>"] = contexts
    rare = contexts + 1
    right_slot = contexts + 2
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []

    def add(row: int | None, col: int, count: int) -> None:
        if row is not None:
            rows.append(row)
            cols.append(col)
            values.append(count)

    for (left, right), count in stem_pairs.items():
        add(stem_rows.get(right), context_index.get(left, rare), count)
        add(stem_rows.get(left), right_slot + context_index.get(right, rare), count)
    for (left, word), count in word_left.items():
        add(word_rows.get(word), context_index.get(left, rare), count)
    for (word, right), count in word_right.items():
        add(word_rows.get(word), right_slot + context_index.get(right, rare), count)
    vocab = stems + words
    matrix = sparse.coo_matrix(
        (np.array(values, dtype=np.float64), (rows, cols)), shape=(len(vocab), 2 * right_slot)
    ).tocsr()
    matrix.sum_duplicates()
    return vocab, svd_vectors(matrix, dims), counts


# a word whose occurrences follow a trigger word of one label this often: bands 1, 2, 3
_PROFILE_SHARES = (0.02, 0.1, 0.3)


def trigger_profiles(
    bigrams: Iterable[tuple[str, str, int]], triggers: Mapping[str, str], min_count: int
) -> dict[str, str]:
    """word -> `LABELband`: how often it comes right after a trigger word of one label.

    "سامسونغ" follows شركة and "شافيز" follows الرئيس in a large corpus even where the sentence
    being tagged has neither; `t0` marks a word seen `min_count` times that rarely follows one.
    Both the stem and the whole word of the right-hand token are counted."""
    totals: Counter[str] = Counter()
    after: dict[str, Counter[str]] = {}
    for left, right, count in bigrams:
        left_stem, _ = _view(left)
        keys = set(_view(right))
        label = triggers.get(left_stem)
        for key in keys:
            totals[key] += count
            if label is not None:
                after.setdefault(key, Counter())[label] += count
    profiles = {}
    for word, total in totals.items():
        if total < min_count or word in ("<s>", "</s>"):
            continue
        labels = after.get(word)
        band = 0
        if labels:
            label, hits = labels.most_common(1)[0]
            band = sum(hits / total >= share for share in _PROFILE_SHARES)
        profiles[word] = f"{label}{band}" if band else "t0"
    return profiles


def sentence_bigrams(sentences: Iterable[list[str]]) -> Iterator[tuple[str, str, int]]:
    for sentence in sentences:
        padded = ["<s>", *sentence, "</s>"]
        for left, right in pairwise(padded):
            yield left, right, 1


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


_MISSING = "r-r-r-r"  # a view that has not seen the word


def cluster_levels(
    vocab: list[str], vectors: np.ndarray, counts: Counter[str], max_band: int
) -> dict[str, str]:
    """word -> `fBAND-c64-c256-c1024`: a frequency band first (names are rare words, and Arabic
    script has no capitals to say so), then its k-means ids, coarse to fine."""
    ids = [kmeans(vectors, k) for k in GRANULARITIES]
    return {
        w: f"f{min(int(np.log2(counts[w])), max_band)}-{'-'.join(str(int(level[i])) for level in ids)}"
        for i, w in enumerate(vocab)
    }


def _one_blas_thread() -> None:
    """Re-run this script with one BLAS thread unless it already has one.

    k-means over ~200k vectors is chaotic: rounding that depends on BLAS's thread count changes
    the clusters. One thread gives the same table on every run on the same numpy build."""
    if any(os.environ.get(variable) != "1" for variable in _BLAS_THREADS):
        env = {**os.environ, **dict.fromkeys(_BLAS_THREADS, "1")}
        os.execve(sys.executable, [sys.executable, *sys.argv], env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    shared_default = Path(os.environ.get("TABAYYUN_SHARED", str(Path("..") / "shared")))
    parser.add_argument("--shared", type=Path, default=shared_default, help="the shared/ folder")
    parser.add_argument(
        "--ar-corrector",
        type=Path,
        help="ar_corrector-1.1.6-py3-none-any.whl (pip download --no-deps ar-corrector==1.1.6)",
    )
    parser.add_argument("--out", type=Path, default=default_model_dir() / CLUSTERS_FILE)
    parser.add_argument("--min-count", type=int, default=2, help="shared view")
    parser.add_argument("--contexts", type=int, default=5000, help="shared view")
    parser.add_argument("--news-min-count", type=int, default=3)
    parser.add_argument("--news-contexts", type=int, default=10000)
    parser.add_argument("--dims", type=int, default=100)
    parser.add_argument(
        "--trigger-profiles",
        action="store_true",
        help="append the news view's trigger profile to each entry (tried, not shipped: see the model card)",
    )
    args = parser.parse_args()
    if not (args.shared / "data" / "anercorp").is_dir():
        print(f"error: {args.shared} has no data/anercorp; pass --shared", file=sys.stderr)
        return 2
    if args.ar_corrector is not None and not zipfile.is_zipfile(args.ar_corrector):
        print(
            f"error: {args.ar_corrector} is not a wheel; pip download --no-deps ar-corrector==1.1.6",
            file=sys.stderr,
        )
        return 2
    _one_blas_thread()
    raw = list(corpus(args.shared))
    sentences = [[stem(w) for w in s] for s in raw]
    print(f"{len(sentences)} sentences, {sum(len(s) for s in sentences)} tokens", file=sys.stderr)
    vocab, vectors, counts = ppmi_vectors(sentences, args.min_count, args.contexts, args.dims)
    print(f"shared view: {len(vocab)} stems with count >= {args.min_count}", file=sys.stderr)
    table = cluster_levels(vocab, vectors, counts, max_band=9)
    if args.ar_corrector is not None:
        bigrams = chain(corrector_bigrams(args.ar_corrector), sentence_bigrams(raw))
        news_vocab, news, counts = news_vectors(bigrams, args.news_min_count, args.news_contexts, args.dims)
        print(
            f"news view: {len(news_vocab)} stems and words with count >= {args.news_min_count}",
            file=sys.stderr,
        )
        news_table = cluster_levels(news_vocab, news, counts, max_band=15)
        table = {
            w: f"{news_table.get(w, _MISSING)}-{table.get(w, _MISSING)}"
            for w in news_table.keys() | table.keys()
        }
    if args.ar_corrector is not None and args.trigger_profiles:
        # a second pass over the counts: cheaper than holding 9.5 million pairs
        triggers = load_triggers(default_model_dir() / TRIGGERS_FILE)
        bigrams = chain(corrector_bigrams(args.ar_corrector), sentence_bigrams(raw))
        profiles = trigger_profiles(bigrams, triggers, args.news_min_count)
        table = {
            w: f"{table.get(w, _MISSING + '-' + _MISSING)}-{profiles.get(w, 'tr')}"
            for w in table.keys() | profiles.keys()
        }
    text = "".join(f"{w}\t{table[w]}\n" for w in sorted(table))
    args.out.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    print(f"wrote {len(table)} words to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
