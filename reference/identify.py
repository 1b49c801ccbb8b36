"""Which reference text a witness is: character n-gram containment on the comparison key.

The comparison key of a text keeps only letters and digits (NFKC, lower case): no punctuation, no
whitespace. For a witness W and a reference R, with G(x) the set of key 4-grams of x:

    score    = |G(W) ∩ G(R)| / |G(W)|   share of the witness found in the reference
    coverage = |G(W) ∩ G(R)| / |G(R)|   share of the reference found in the witness

A copy of part of a reference has a high score (seed 002 lacks the opening); a notice that wraps
the whole reference has a high coverage but a low score (seed 004). A witness matches the
reference with the highest `max(score, coverage)` when that reaches MATCH_THRESHOLD; a different
document sharing the vocabulary of the field stays far below it (seed 003 against the 纲要).
The n-gram sets of the references are computed once per Library and kept in `Library.cache`.
"""

from __future__ import annotations

import re
import unicodedata

from extract.model import CleanDocument
from reference.library import Library
from reference.model import Identification

NGRAM = 4
MATCH_THRESHOLD = 0.4
CANDIDATES = 5
SAMPLE_EVERY = 8  # prefilter on the n-grams whose hash is divisible by this (a consistent sample)
SAMPLE_FROM = 2000  # witnesses with fewer n-grams are compared exactly with every reference
NOT_WORD = re.compile(r"[\W_]+")  # everything but letters and digits (str.isalnum)

GramSets = dict[str, tuple[frozenset[str], frozenset[str]]]
"""Per reference id: its n-gram set and the consistent sample of it."""


def comparison_key(text: str) -> str:
    """The text reduced to letters and digits (NFKC, lower case), without punctuation or spaces."""
    return NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


def ngrams(text: str, n: int = NGRAM) -> frozenset[str]:
    """The set of character n-grams of a text's comparison key (the whole key when shorter)."""
    key = comparison_key(text)
    if len(key) < n:
        return frozenset([key]) if key else frozenset()
    return frozenset(key[i : i + n] for i in range(len(key) - n + 1))


def containment(witness: frozenset[str], reference: frozenset[str]) -> tuple[float, float]:
    """(score, coverage): shares of the witness's and of the reference's n-grams they have in common."""
    if not witness or not reference:
        return 0.0, 0.0
    common = len(witness & reference) if len(witness) < len(reference) else len(reference & witness)
    return common / len(witness), common / len(reference)


def sample(grams: frozenset[str]) -> frozenset[str]:
    """A consistent sample of n-grams (the same n-gram is kept in every set), for a quick estimate."""
    return frozenset(g for g in grams if hash(g) % SAMPLE_EVERY == 0)


def reference_ngrams(library: Library) -> GramSets:
    """The n-gram set and its sample for every reference, computed once per library state."""
    state = tuple((r.reference_id, r.version) for r in library.references)
    cached = library.cache.get("ngrams")
    if cached is None or cached[0] != state:
        grams = {r.reference_id: ngrams(r.text) for r in library.references}
        cached = (state, {rid: (g, sample(g)) for rid, g in grams.items()})
        library.cache["ngrams"] = cached
    return cached[1]


def identify(clean: CleanDocument, library: Library, wanted: str = "auto") -> Identification:
    """Identify the reference of a witness: `auto`, `none`, or a reference id given by the user."""
    if wanted == "none":
        return Identification(None, 0.0, 0.0, reason="comparison switched off (reference: none)")
    witness = ngrams(clean.text)
    if wanted != "auto":
        library.get(wanted)  # raises ReferenceNotFoundError for an unknown id
        score, coverage = containment(witness, reference_ngrams(library)[wanted][0])
        reason = f"reference {wanted} chosen by the user (score {score:.2f}, coverage {coverage:.2f})"
        return Identification(wanted, score, coverage, ((wanted, round(score, 4)),), reason)
    return best_match(witness, reference_ngrams(library))


def shortlist(witness: frozenset[str], references: GramSets) -> list[str]:
    """The reference ids worth an exact comparison: all of them, or the best by sampled estimate."""
    if len(witness) < SAMPLE_FROM or len(references) <= 2 * CANDIDATES:
        return list(references)
    sampled = sample(witness)
    estimates = {rid: max(containment(sampled, pair[1])) for rid, pair in references.items()}
    return sorted(estimates, key=estimates.__getitem__, reverse=True)[: 2 * CANDIDATES]


def best_match(witness: frozenset[str], references: GramSets) -> Identification:
    """The best reference for a witness's n-grams, or none when no reference reaches the threshold."""
    ranked = sorted(
        ((rid, *containment(witness, references[rid][0])) for rid in shortlist(witness, references)),
        key=lambda row: (max(row[1], row[2]), min(row[1], row[2])),
        reverse=True,
    )
    candidates = tuple((rid, round(max(s, c), 4)) for rid, s, c in ranked[:CANDIDATES])
    if not ranked:
        return Identification(None, 0.0, 0.0, reason="no matching reference (the library is empty)")
    rid, score, coverage = ranked[0]
    if not witness:
        return Identification(None, 0.0, 0.0, candidates, "no matching reference (the text is empty)")
    if max(score, coverage) < MATCH_THRESHOLD:
        reason = f"no matching reference (best: {rid} at {max(score, coverage):.2f})"
        return Identification(None, score, coverage, candidates, reason)
    reason = (
        f"best match {rid}: {score:.2f} of the witness's {NGRAM}-grams are in it, "
        f"the witness holds {coverage:.2f} of its {NGRAM}-grams"
    )
    return Identification(rid, score, coverage, candidates, reason)
