"""Tests for reference.establish: the majority reading and the bundled texts it produced."""

from __future__ import annotations

from pathlib import Path

import pytest

from reference.establish import Difference, decide, differences, establish_gangyao, main
from reference.library import BUNDLED_DIR


@pytest.mark.parametrize(
    ("base", "readings", "expected"),
    [
        ("甲乙丙丁", ["甲乙戊丁", "甲乙戊丁"], "甲乙戊丁"),  # both other witnesses agree: adopted
        ("甲乙丙丁", ["甲乙戊丁", "甲乙丙丁"], "甲乙丙丁"),  # one against two: base kept
        ("甲乙丙丁", ["甲乙戊丁", "甲乙己丁"], "甲乙丙丁"),  # the others disagree: base kept
        ("甲乙丙丁", ["甲乙戊丁"], "甲乙丙丁"),  # a single other witness never outvotes the base
    ],
)
def test_decide_by_majority(base: str, readings: list[str], expected: str) -> None:
    found = [d for n, r in enumerate(readings) for d in differences("S01", base, str(n), r)]
    assert decide(base, found, len(readings))[0] == expected


def test_near_edits_are_one_difference() -> None:
    assert differences("S01", "提高质量水平", "001", "提高品质水准") == [
        Difference("S01", "001", 2, 6, "质量水平", "品质水准")
    ]


@pytest.mark.slow
def test_bundled_texts_are_what_establish_produces(tmp_path: Path) -> None:
    main(["--out", str(tmp_path)])
    for name in ("gangyao-2023.txt", "zhiliang-tisheng-2017.txt"):
        assert (tmp_path / name).read_text(encoding="utf-8") == (BUNDLED_DIR / name).read_text(
            encoding="utf-8"
        )


@pytest.mark.slow
def test_listing_keeps_000_against_a_corrupt_004() -> None:
    _, listing = establish_gangyao()
    # seed 004 line 91: `（四）树立质量发展绿色导向。开展重点行业 and 重点产品资源效率对标提升行动`
    # against 000 line 186 `开展重点行业和重点产品` and 001 line 57 `開展重點行業和重點産品`
    assert any("S03-C04" in line and "'and'" in line and "000 kept" in line for line in listing)
    assert not any("ADOPTED" in line for line in listing)
