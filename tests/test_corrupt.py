"""Tests for bench/corrupt.py and bench/score_flags.py: the generator and its scoring."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bench.corrupt import KINDS, chinese_number, corrupt
from bench.score_flags import run_copy, score_copy
from reference.library import load_library


@pytest.mark.parametrize(("n", "text"), [(3, "三"), (10, "十"), (12, "十二"), (23, "二十三"), (40, "四十")])
def test_chinese_number(n: int, text: str) -> None:
    assert chinese_number(n) == text


def test_every_kind_is_injected_with_answers_that_point_at_the_change() -> None:
    reference = load_library().get("gangyao-2023")
    copy = corrupt(reference, seed=3, per_kind=2)
    assert Counter(a.kind for a in copy.answers) == {kind: 2 for kind in KINDS}
    assert copy.text != reference.text + "\n"
    assert corrupt(reference, seed=3, per_kind=2).text == copy.text  # deterministic


def test_text_copy_is_flagged_completely() -> None:
    reference = load_library().get("gangyao-2023")
    copy = corrupt(reference, seed=5, per_kind=1)
    counts = score_copy(copy, run_copy(copy, reference, "text", Path("."), 200), ocr=False)
    found = sum(v[0] for k, v in counts.items() if not k.startswith("harmless"))
    answers = sum(v[1] for k, v in counts.items() if not k.startswith("harmless"))
    assert answers == len(KINDS) - 1
    assert found == answers
    assert counts["harmless punctuation raised"][0] == 0
