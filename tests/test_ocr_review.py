"""Re-read before you accuse: the decision table, Otsu, and the real recogniser on generated scans."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from extract.model import Line
from reference.ocr_review import SURE, PdfLineReader, Read, ReviewStats, decide, otsu, review, verdict
from reference.model import Flag

LINE = "质量意识显著降低，质量管理"  # the flagged 降低 and WINDOW characters either side
AS_REFERENCE = "质量意识显著提高，质量管理"


@pytest.mark.parametrize(
    ("reads", "expected"),
    [
        ([Read(AS_REFERENCE, 0.99), Read(AS_REFERENCE, 0.90)], "reference"),  # both reads: the reference
        ([Read(LINE, 0.99), Read(LINE, 0.98)], "witness"),  # both confirm the witness, sure
        ([Read(LINE, 0.99), Read(LINE, 0.80)], "unsure"),  # one confirmation is not sure
        ([Read(LINE, 0.99), Read(AS_REFERENCE, 0.99)], "unsure"),  # the reads disagree
        ([Read("质量意识显著提低，质量管理", 0.99)], "unsure"),  # as far from both
        ([], "unsure"),
    ],
)  # fmt: skip
def test_verdict(reads: list[Read], expected: str) -> None:
    assert verdict(LINE, AS_REFERENCE, reads) == expected


def _flag(kind: str = "substituted_text") -> Flag:
    return Flag(kind, "error", "S01", 1, None, 1, "提高", "降低", "", "reference “提高” reads “降低”",
                witness_start=8, witness_end=10)


@pytest.mark.parametrize(
    ("kind", "reads", "new_kind", "severity"),
    [
        ("substituted_text", [Read(AS_REFERENCE, 0.99)] * 2, "ocr_noise", "info"),
        ("substituted_text", [Read(LINE, 0.99)] * 2, "substituted_text", "error"),
        ("substituted_text", [Read(LINE, 0.99), Read(AS_REFERENCE, 0.95)], "ocr_suspect", "warning"),
        ("ocr_suspect", [Read(LINE, 0.99)] * 2, "substituted_text", "error"),  # what the doubt hid
    ],
)  # fmt: skip
def test_decide_keeps_both_reads(kind: str, reads: list[Read], new_kind: str, severity: str) -> None:
    line = Line(LINE, 1, (0.0, 0.0, 240.0, 16.0), "ocr", 0.993)
    flag = decide(_flag(kind), line, LINE.index("降低"), LINE.index("降低") + 2, reads)
    assert (flag.kind, flag.severity) == (new_kind, severity)
    assert flag.ocr_read == LINE and flag.ocr_confidence == 0.993
    assert flag.reread == " | ".join(r.text for r in reads)
    assert flag.reread_confidence == min(r.confidence for r in reads)


def test_otsu_splits_ink_from_paper() -> None:
    rng = np.random.default_rng(0)
    gray = np.where(rng.random((40, 40)) < 0.2, 40, 210).astype(np.uint8)
    gray = np.clip(gray + rng.normal(0, 12, gray.shape), 0, 255).astype(np.uint8)
    binary = otsu(gray)
    assert set(np.unique(binary)) == {0, 255}
    assert ((binary == 0) == (gray < 125)).mean() > 0.99


@pytest.fixture(scope="module")
def paddle():  # noqa: ANN201 - the real engine
    from extract.paddle import get_engine

    return get_engine()


def _reviewed(result, engine) -> tuple[list[Flag], ReviewStats]:  # noqa: ANN001
    reader = PdfLineReader(result.source_path)
    stats = ReviewStats()
    try:
        return review(result.comparison, result.extracted, result.clauses, engine, reader, stats).flags, stats
    finally:
        reader.close()


@pytest.mark.ocr
@pytest.mark.slow
def test_misreading_becomes_ocr_noise_and_print_corruption_stays_an_error(tmp_path: Path, paddle) -> None:  # noqa: ANN001
    from report_docs import make_result

    # the pages print 显著提高 three times; the first read said 提商 (a look-alike misreading) at
    # 0.99, sure enough for the classifier to call each one an error (the 加→力)
    misread = make_result(tmp_path / "a", corrupt=False, scanned=True, misread={"显著提高": "显著提商"})
    before = misread.comparison.flags
    assert [(f.kind, f.severity, f.witness_text) for f in before] == [("substituted_text", "error", "商")] * 3
    after, stats = _reviewed(misread, paddle)
    assert [(f.kind, f.severity) for f in after] == [("ocr_noise", "info")] * 3
    assert all("显著提高" in f.reread and "显著提商" in f.ocr_read for f in after) and stats.lines == 3

    # the page prints 降低 where the reference has 提高: re-reading confirms it, it stays an error
    corrupt = make_result(tmp_path / "b", corrupt=True, scanned=True)
    (after,), _ = _reviewed(corrupt, paddle)
    assert (after.kind, after.severity) == ("substituted_text", "error")
    assert after.reread.count("显著降低") == 2 and after.reread_confidence >= SURE


class _BrokenEngine:
    def recognize(self, image: np.ndarray) -> list:
        raise RuntimeError("deadline passed")

    def version(self) -> dict[str, str]:
        return {"engine": "broken"}


def test_a_spot_that_cannot_be_read_again_is_never_an_error(tmp_path: Path) -> None:
    from report_docs import make_result
    from reference.ocr_review import review_document

    result = make_result(tmp_path, corrupt=True, scanned=True)
    assert [f.severity for f in result.comparison.flags] == ["error"]
    after = review_document(result.comparison, result.extracted, result.clauses, result.source_path, _BrokenEngine)
    assert [(f.kind, f.severity) for f in after.flags] == [("ocr_suspect", "warning")]
    same = review_document(result.comparison, result.extracted, result.clauses, str(tmp_path / "gone.pdf"),
                           _BrokenEngine)
    assert same is result.comparison  # an unreadable source: the comparison stands
