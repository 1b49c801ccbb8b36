"""Property tests for reference.segment: it never raises and its units never overlap."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reference.segment import locate, segment_paragraphs

MARKERS = ["一、", "十一、", "（三）", "(三十二)", "——", "专栏2 ", "附件：1.", "1.", "## ", "。", "（", "）", "、"]
fragments = st.one_of(st.text(max_size=30), st.sampled_from(MARKERS))
paragraph = st.lists(fragments, max_size=6).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(paragraph, max_size=25))
def test_segment_never_raises_and_pieces_are_consistent(paragraphs: list[str]) -> None:
    clauses = segment_paragraphs(paragraphs)
    seen: set[tuple[int, int]] = set()
    for clause in clauses:
        assert clause.text == "\n".join(paragraphs[i][s:e] for i, s, e in clause.pieces)
        assert clause.pieces[0] == (clause.paragraph_index, clause.start, clause.end)
        for i, s, e in clause.pieces:
            assert 0 <= s < e <= len(paragraphs[i])
            assert (i, s) not in seen  # no paragraph piece belongs to two units
            seen.add((i, s))
        assert 0 <= locate(clause, len(clause.text))[0] < len(paragraphs)
    assert len({c.clause_id for c in clauses}) == len(clauses)


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=20_000))
def test_segment_long_arbitrary_lines(text: str) -> None:
    clauses = segment_paragraphs([text, text[::-1]])
    assert all(clause.text for clause in clauses)


def test_only_punctuation_and_empty() -> None:
    assert segment_paragraphs([]) == []
    assert [c.kind for c in segment_paragraphs(["，。；", "", "、、"])] == ["preamble"]
