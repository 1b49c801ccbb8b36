"""Tests for reference.identify: n-gram containment and the choice of reference for the seeds."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from extract.model import CleanDocument, Paragraph, Span
from policyqa.errors import ReferenceNotFoundError
from reference.identify import comparison_key, containment, identify, ngrams
from reference.library import load_library

SEEDS = Path(__file__).parent / "resources" / "seeds"

# made up for this test: a text on another subject (a village's autumn harvest festival)
UNRELATED = (
    "秋收时节，村里的晒谷场上堆满了金黄的稻谷。孩子们在田埂上追逐嬉戏，老人们坐在槐树下"
    "谈论今年的收成和明年的打算。傍晚时分，炊烟袅袅升起，家家户户飘出新米饭的香味。"
    "村委会决定在月底举办丰收节，邀请邻村的乡亲们一起来看戏、赛龙舟、品尝各家的拿手菜。"
)


def document(*texts: str) -> CleanDocument:
    """A CleanDocument with one paragraph per string, all on page 1."""
    return CleanDocument([Paragraph(t, t, (Span(0, len(t), 1, "plain"),)) for t in texts], [])


@lru_cache(maxsize=None)
def clean_seed(name: str) -> CleanDocument:
    """A seed cleaned as a witness is: read as a text copy, then cleaned (engineer B's stage)."""
    from extract.clean import clean_document
    from extract.textcopy import read_text_copy

    return clean_document(read_text_copy(next(SEEDS.glob(f"{name}_*.txt"))))


@pytest.fixture(scope="module")
def library():
    return load_library()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("到 2025 年，质量", "到2025年质量"),
        ("（三）ＧＤＰ　增长。", "三gdp增长"),
        ("，。；——", ""),
    ],
)
def test_comparison_key(text: str, key: str) -> None:
    assert comparison_key(text) == key


@pytest.mark.parametrize(
    ("witness", "reference", "expected"),
    [
        ("甲乙丙丁戊", "甲乙丙丁戊", (1.0, 1.0)),
        ("甲乙丙丁", "甲乙丙丁戊己", (1.0, 1 / 3)),  # 1 of the reference's 3 four-grams
        ("子丑寅卯", "甲乙丙丁", (0.0, 0.0)),
        ("", "甲乙丙丁", (0.0, 0.0)),
    ],
)
def test_containment(witness: str, reference: str, expected: tuple[float, float]) -> None:
    assert containment(ngrams(witness), ngrams(reference)) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("seed", "expected"),
    [
        ("000", "gangyao-2023"),
        ("001", "gangyao-2023"),  # Traditional copy with 品質/水準 vocabulary
        ("002", "gangyao-2023"),  # lacks the opening
        ("003", "zhiliang-tisheng-2017"),  # a different policy of the same field
        ("004", "gangyao-2023"),  # the 纲要 wrapped in a notice, boxes and a transcript
    ],
)
def test_identify_seeds(library, seed: str, expected: str) -> None:
    result = identify(clean_seed(seed), library)
    assert result.reference_id == expected
    assert result.candidates[0][0] == expected
    assert result.candidates[1][1] < 0.3  # the other reference is far behind


def test_notice_has_low_score_but_full_coverage(library) -> None:
    result = identify(clean_seed("004"), library)
    assert result.score < 0.8 and result.coverage > 0.9


def test_unrelated_text_matches_nothing(library) -> None:
    result = identify(document(UNRELATED), library)
    assert result.reference_id is None
    assert result.reason.startswith("no matching reference (best: ")


def test_part_of_a_reference_matches(library) -> None:
    clauses = library.get("zhiliang-tisheng-2017").clauses
    excerpt = next(c.text for c in clauses if c.clause_id == "S03-C12")
    assert identify(document(excerpt), library).reference_id == "zhiliang-tisheng-2017"


def test_empty_witness(library) -> None:
    assert identify(document(), library).reference_id is None


def test_wanted_id_and_none(library) -> None:
    chosen = identify(document(UNRELATED), library, "gangyao-2023")
    assert chosen.reference_id == "gangyao-2023" and "chosen by the user" in chosen.reason
    off = identify(document(UNRELATED), library, "none")
    assert off.reference_id is None and off.reason
    with pytest.raises(ReferenceNotFoundError):
        identify(document(UNRELATED), library, "no-such-reference")
