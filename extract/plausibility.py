"""Does a text layer read as Chinese? A character-bigram language model behind a small contract.

A PDF's text layer can be valid Unicode and still wrong: a ToUnicode map onto wrong but real Han
characters, GBK bytes read as Latin-1, glyphs of custom-encoded fonts that come out as
punctuation. Junk counts (routing.py) catch none of these; a language model does.

`BigramScorer` scores the Han characters of a text by their mean log10 probability under a
character-bigram model (Dirichlet-smoothed towards character frequencies). Its counts come from
two sources, both installed, nothing downloaded:
- jieba's `dict.txt` (jieba 0.42.1: 349,046 words with their frequencies in a general corpus);
  every word adds its frequency to its characters and to the bigrams inside it;
- the reference library's texts (`reference/texts/*.txt`), whose every bigram counts
  LIBRARY_WEIGHT times, so that policy language and the pairs across word boundaries are known.
Traditional text is converted to Simplified (OpenCC) before scoring. Measured with
bench/bench_trust.py: 56 real pages (4 real documents, 3 field/generated PDFs) score -4.03 to
-1.58, the scrambled ToUnicode page -5.55, the characters of a real page shuffled -4.7 to -5.8;
PLAUSIBLE_SCORE sits between.
"""

from __future__ import annotations

import csv
import hashlib
import math
import os
import tempfile
import zipfile
from dataclasses import dataclass
from functools import lru_cache
import importlib.util
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Protocol

import numpy as np

from policyqa.errors import ModelMissingError

LIBRARY_WEIGHT = 200  # one occurrence in a reference text counts like a word of frequency 200
SMOOTHING = 50.0  # Dirichlet prior mass of the bigram model towards the character distribution
PLAUSIBLE_SCORE = -4.6  # mean log10 P(next char | char): at or above reads as Chinese
MIN_BIGRAMS = 40  # fewer Han bigrams than this: too little text to judge (a page of 22 scored -4.5)
LIBRARY_TEXTS = Path(__file__).resolve().parent.parent / "reference" / "texts"


@dataclass(frozen=True)
class Plausibility:
    """How well a text reads as Chinese.

    `score`: mean log10 probability of each Han character given the one before it (None when the
    text has fewer than MIN_BIGRAMS Han bigrams); `bigrams`: how many were scored; `known`: the
    share of them seen in the table (0–1).
    """

    score: float | None
    bigrams: int
    known: float

    @property
    def plausible(self) -> bool:
        """True unless there was enough Han text and it scored below PLAUSIBLE_SCORE."""
        return self.score is None or self.score >= PLAUSIBLE_SCORE


class PlausibilityScorer(Protocol):
    """Scores how well a text reads as Chinese; runs in the caller's process, in milliseconds."""

    def score(self, text: str) -> Plausibility:
        """The plausibility of `text` (any length; non-Han characters are ignored)."""
        ...

    def version(self) -> dict[str, str]:
        """Name and version of the model and of its data sources, for the manifest."""
        ...


def _is_han(char: str) -> bool:
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF


def han_runs(text: str) -> list[str]:
    """The runs of consecutive Han characters of a text, in order."""
    runs, current = [], []
    for char in text:
        if _is_han(char):
            current.append(char)
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return runs


@dataclass(frozen=True)
class BigramTable:
    """Character and character-bigram counts (weighted by frequency), keyed by code points:
    a character by `ord(c)`, a bigram by `ord(a) << 21 | ord(b)`."""

    chars: dict[int, int]
    bigrams: dict[int, int]
    total: int


def _counts(codes: np.ndarray, weights: np.ndarray) -> dict[int, int]:
    """Sum of `weights` per distinct code (codes 0 are padding and ignored)."""
    mask = codes > 0
    keys, inverse = np.unique(codes[mask], return_inverse=True)
    sums = np.bincount(inverse, weights=np.broadcast_to(weights, codes.shape)[mask])
    return dict(zip(keys.tolist(), sums.astype(np.int64).tolist()))


def _table_from_words(words: np.ndarray, freqs: np.ndarray) -> BigramTable:
    """Counts of the characters and in-word bigrams of `words` (fixed-width U8), weighted by `freqs`."""
    codes = words.view(np.int32).reshape(len(words), -1).astype(np.int64)
    left, right = codes[:, :-1], codes[:, 1:]
    pairs = np.where((left > 0) & (right > 0), left << 21 | right, 0)
    weights = freqs[:, None]
    chars = _counts(codes, weights)
    return BigramTable(chars=chars, bigrams=_counts(pairs, weights), total=sum(chars.values()))


def _jieba_dictionary() -> Path:
    """jieba's dict.txt, found without importing jieba (its import compiles regexes and warns)."""
    spec = importlib.util.find_spec("jieba")
    path = Path(spec.origin).parent / "dict.txt" if spec and spec.origin else None
    if path is None or not path.is_file():
        raise ModelMissingError(
            "jieba's dictionary (the character frequencies of the plausibility scorer) is not installed",
            "install the project's dependencies (`uv sync`, which installs jieba)",
        )
    return path


def _jieba_words() -> tuple[np.ndarray, np.ndarray]:
    """jieba's dictionary as (words, frequencies); words longer than 8 characters are cut."""
    import pandas as pd

    path = _jieba_dictionary()
    frame = pd.read_csv(
        str(path), sep=" ", header=None, usecols=[0, 1], names=["word", "freq"],
        dtype={"word": str, "freq": np.int64}, quoting=csv.QUOTE_NONE, keep_default_na=False,
    )  # fmt: skip
    return frame["word"].to_numpy(dtype="U8"), frame["freq"].to_numpy()


def _library_runs() -> list[str]:
    """The Han runs of the reference library's texts, cut into pieces of at most 8 characters
    that overlap by one (so that every bigram is counted exactly once)."""
    pieces = []
    for path in sorted(LIBRARY_TEXTS.glob("*.txt")):
        for run in han_runs(path.read_text(encoding="utf-8")):
            pieces.extend(run[i : i + 8] for i in range(0, max(len(run) - 1, 1), 7))
    return pieces


@lru_cache(maxsize=1)
def default_table() -> BigramTable:
    """The table from jieba's dictionary and the reference library.

    Building it takes 1–3 s, so it is kept in the user's cache folder (`cache_path()`), keyed by
    jieba's version and the library texts' contents; a cache that cannot be read or written is
    simply rebuilt (about 0.1 s to load instead).
    """
    path = cache_path()
    cached = _load_table(path)
    if cached is not None:
        return cached
    words, freqs = _jieba_words()
    library = _library_runs()
    words = np.concatenate([words, np.array(library, dtype="U8")])
    freqs = np.concatenate([freqs, np.full(len(library), LIBRARY_WEIGHT, dtype=np.int64)])
    table = _table_from_words(words, freqs)
    _save_table(table, path)
    return table


def cache_path() -> Path:
    """Where the built table is cached: $POLICYQA_CACHE_DIR, else $XDG_CACHE_HOME/policyqa, else
    ~/.cache/policyqa; the name carries a digest of everything the table is built from."""
    digest = hashlib.sha256(f"v1 {LIBRARY_WEIGHT} {package_version('jieba')}".encode())
    for text in sorted(LIBRARY_TEXTS.glob("*.txt")):
        digest.update(text.read_bytes())
    base = os.environ.get("POLICYQA_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "policyqa"
    return Path(base) / f"bigrams-{digest.hexdigest()[:16]}.npz"


def _load_table(path: Path) -> BigramTable | None:
    try:
        with np.load(path) as data:
            chars = dict(zip(data["char_keys"].tolist(), data["char_counts"].tolist()))
            bigrams = dict(zip(data["bigram_keys"].tolist(), data["bigram_counts"].tolist()))
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile):  # absent or damaged: rebuild
        return None
    return BigramTable(chars=chars, bigrams=bigrams, total=sum(chars.values()))


def _save_table(table: BigramTable, path: Path) -> None:
    """Write the table atomically (a temporary file renamed into place); failures are ignored."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".npz", delete=False) as handle:
            np.savez(
                handle,
                char_keys=np.fromiter(table.chars.keys(), np.int64), char_counts=np.fromiter(table.chars.values(), np.int64),
                bigram_keys=np.fromiter(table.bigrams.keys(), np.int64),
                bigram_counts=np.fromiter(table.bigrams.values(), np.int64),
            )  # fmt: skip
        os.replace(handle.name, path)
    except OSError:
        return


class BigramScorer:
    """Character-bigram log-likelihood against `default_table()` (jieba + reference library)."""

    def __init__(self, table: BigramTable | None = None) -> None:
        self.table = table or default_table()
        self._vocabulary = len(self.table.chars) + 1

    def _char_probability(self, char: int) -> float:
        return (self.table.chars.get(char, 0) + 1) / (self.table.total + self._vocabulary)

    def _log_probability(self, first: int, second: int) -> float:
        pair = self.table.bigrams.get(first << 21 | second, 0)
        context = self.table.chars.get(first, 0)
        prior = self._char_probability(second)
        return math.log10((pair + SMOOTHING * prior) / (context + SMOOTHING))

    def score(self, text: str) -> Plausibility:
        """Mean log10 P(char | previous char) over the Han bigrams of `text` (Simplified first)."""
        runs = han_runs(_simplified(text))
        pairs = [(ord(run[i]), ord(run[i + 1])) for run in runs for i in range(len(run) - 1)]
        if not pairs:
            return Plausibility(None, 0, 0.0)
        known = sum(1 for a, b in pairs if a << 21 | b in self.table.bigrams) / len(pairs)
        if len(pairs) < MIN_BIGRAMS:
            return Plausibility(None, len(pairs), known)
        total = sum(self._log_probability(a, b) for a, b in pairs)
        return Plausibility(total / len(pairs), len(pairs), known)

    def version(self) -> dict[str, str]:
        """The model and its sources: jieba's version and the reference texts' names."""
        texts = ",".join(sorted(path.stem for path in LIBRARY_TEXTS.glob("*.txt")))
        return {"plausibility": "char-bigram-v1", "jieba": package_version("jieba"), "library": texts}


def _simplified(text: str) -> str:
    from extract.convert import to_simplified

    return to_simplified(text)


@lru_cache(maxsize=1)
def default_scorer() -> BigramScorer:
    """The process-wide scorer (the table is built on first use)."""
    return BigramScorer()
