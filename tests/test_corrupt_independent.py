"""bench/corrupt_independent.py: corruptions drawn from tables the detector does not use (issue 12)."""

from __future__ import annotations

from bench.corrupt import POOL, corrupt
from bench.corrupt_independent import GENERAL_WORDS, IndependentEditor, lookalikes
from reference.library import load_library
from reference.variants import VISUAL_CONFUSABLES


def test_lookalikes_come_from_glyphs_not_from_the_detector_table() -> None:
    pairs = lookalikes()
    assert len(pairs) >= 30
    known = {(a, b) for group in VISUAL_CONFUSABLES for a in group for b in group}
    assert not [p for p in pairs.items() if p in known]
    # read off the rendered glyphs: 货/贷 and 问/间 differ by a stroke or two
    assert pairs["货"] == "贷" and pairs["问"] == "间"


def test_the_words_are_not_the_detector_pool() -> None:
    assert not [w for w in GENERAL_WORDS if set(w) & set(POOL)]


def test_an_independent_copy_swaps_glyph_lookalikes() -> None:
    reference = load_library().get("gangyao-2023")
    copy = corrupt(reference, seed=3, per_kind=2, editor_class=IndependentEditor)
    swaps = [a for a in copy.answers if a.kind == "visual_confusion"]
    assert len(swaps) == 2
    original = dict(zip(reference.text.split("\n"), range(10**6)))
    changed = [p for p in copy.paragraphs if p not in original]
    assert changed  # the copy differs from the reference where the answers say
    pairs = lookalikes()
    for answer in swaps:
        clause = next(c for c in reference.clauses if c.clause_id == answer.clause_id)
        assert clause.text[answer.offset] in pairs
