"""Property tests for reference.compare: never raises, offsets always inside their clause."""

from __future__ import annotations

from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.model import CleanDocument, Paragraph, Span
from reference.compare import compare
from reference.library import load_library
from reference.model import Clause, Comparison, Identification, Reference

KINDS = ("title", "preamble", "section", "clause", "item", "box", "other")
IDENT = Identification(reference_id="gangyao-2023", score=1.0, coverage=1.0)


@lru_cache(maxsize=1)
def small_reference() -> Reference:
    """The first clauses of the 纲要: big enough to align against, quick to compare."""
    full = load_library().get("gangyao-2023")
    return Reference(**{**full.__dict__, "clauses": full.clauses[:14]})


def witness(texts: list[str], kinds: list[str], source: str = "plain") -> tuple[CleanDocument, list[Clause]]:
    paragraphs = [Paragraph(text=t, original=t, spans=(Span(0, len(t), 1, source, 0.5),) if t else ())  # type: ignore[arg-type]
                  for t in texts]
    clauses = [Clause(clause_id=f"S01-C{n:02d}" if n % 3 else f"X{n:03d}", kind=k, text=t,  # type: ignore[arg-type]
                      paragraph_index=n, end=len(t), clause_no=n)
               for n, (t, k) in enumerate(zip(texts, kinds))]
    return CleanDocument(paragraphs=paragraphs, removed=[]), clauses


def check(result: Comparison, clauses: list[Clause]) -> None:
    texts = {c.clause_id: c.text for c in clauses}
    for flag in result.flags:
        if flag.witness_start is None:
            continue
        assert flag.witness_end is not None
        text = texts[flag.clause_id]
        assert 0 <= flag.witness_start <= flag.witness_end <= len(text)
        assert text[flag.witness_start:flag.witness_end] == flag.witness_text
    assert len([r for r in result.rows if r.status != "missing"]) == len(clauses)


ref_pieces = st.sampled_from([c.text for c in load_library().get("gangyao-2023").clauses[:14]])
mutated = st.tuples(ref_pieces, st.integers(0, 200), st.integers(0, 40), st.text(max_size=30)).map(
    lambda t: t[0][: t[1]] + t[3] + t[0][t[1] + t[2]:])
texts = st.lists(st.one_of(st.text(max_size=80), mutated,
                           st.text(alphabet="，。、；：！？“”（）—— \n", max_size=20)), max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=texts, kinds=st.lists(st.sampled_from(KINDS), min_size=12, max_size=12),
       ocr=st.booleans())
def test_compare_never_raises_and_offsets_stay_inside(texts: list[str], kinds: list[str],
                                                      ocr: bool) -> None:
    doc, clauses = witness(texts, kinds[: len(texts)], "ocr" if ocr else "plain")
    check(compare(doc, clauses, small_reference(), IDENT), clauses)


def test_empty_witness_reports_missing_clauses() -> None:
    doc, clauses = witness([], [])
    result = compare(doc, clauses, small_reference(), IDENT)
    assert [f.kind for f in result.flags] == ["missing_clause"]
    assert len(result.rows) == len(small_reference().clauses)


def test_very_long_witness() -> None:
    reference = small_reference()
    long_text = "".join(c.text for c in reference.clauses) * 3
    doc, clauses = witness([long_text, "（一）" + "质量" * 5000], ["clause", "clause"])
    check(compare(doc, clauses, reference, IDENT), clauses)
