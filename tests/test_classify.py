"""Tests for reference.classify and reference.variants: kinds and severities, table-driven."""

from __future__ import annotations

import pytest

from reference.classify import SEVERITY, ChangeContext, classify
from reference.model import FLAG_KINDS
from reference.variants import all_confusable

PLAIN = ChangeContext()
END = ChangeContext(at_clause_end=True)
CONVERTED = ChangeContext(converted=True)
PREDICTED = ChangeContext(converted=True, variant=True)  # reference.regional predicts it
OCR_LOW = ChangeContext(ocr=True, ocr_confidence=0.6)
OCR_HIGH = ChangeContext(ocr=True, ocr_confidence=0.99)


@pytest.mark.parametrize(
    ("reference", "witness", "context", "kind", "severity"),
    [
        ("", "金", PLAIN, "inserted_text", "error"),  # seed 002: 质量保证金能力
        ("全面", "", PLAIN, "deleted_text", "error"),  # seed 002: 进一步提高
        ("效益稳步", "素养普遍", PLAIN, "substituted_text", "error"),
        ("和", "and", PLAIN, "latin_intrusion", "error"),  # seed 004: 重点行业and重点产品
        ("", "abc", PLAIN, "latin_intrusion", "error"),
        ("gdp", "gdq", ChangeContext(reference_has_latin=True), "substituted_text", "error"),
        ("已", "己", PLAIN, "visual_confusion", "error"),
        ("未来", "末来", PLAIN, "visual_confusion", "error"),
        ("戊", "戌", PLAIN, "visual_confusion", "error"),
        ("开展放心消费创建活动", "", END, "truncated_clause", "error"),
        ("开展放心消费创建活动", "升级", END, "truncated_clause", "error"),
        ("活动", "", END, "deleted_text", "error"),  # too short to call a truncation
        ("指导思想以习近平新时代中国特色社会主义思想为指导", "", PLAIN, "missing_text", "error"),
        ("质量", "品质", PREDICTED, "conversion_variant", "info"),  # seed 001: 品質
        ("质量", "品质", PLAIN, "substituted_text", "error"),  # not converted: a real change
        ("网络", "网路", PREDICTED, "conversion_variant", "info"),
        ("监管", "监督", CONVERTED, "substituted_text", "error"),  # converted, not predicted
        ("已", "己", OCR_HIGH, "ocr_suspect", "warning"),  # look-alikes in OCR text
        ("质", "贡", OCR_LOW, "ocr_suspect", "warning"),  # low confidence
        ("质量", "数量", OCR_HIGH, "substituted_text", "error"),  # sure OCR, unlike characters
        ("祉", "社", ChangeContext(ocr=True, ocr_confidence=0.95), "ocr_suspect", "warning"),
        ("祉", "社", OCR_HIGH, "substituted_text", "error"),  # near-certain line: taken as real
        # one character dropped: a line's confidence says nothing of what the engine skipped
        ("磋", "", OCR_HIGH, "ocr_suspect", "warning"),  # scan of 对话与磋商 read 对话与商 (0.995)
        ("导向", "", OCR_HIGH, "deleted_text", "error"),  # two characters on a sure line: real
        ("导向", "", PLAIN, "deleted_text", "error"),
        ("磋", "", PLAIN, "deleted_text", "error"),  # a typeset or text copy: real
    ],
)
def test_classify(reference: str, witness: str, context: ChangeContext, kind: str,
                  severity: str) -> None:
    assert classify(reference, witness, context) == (kind, severity)


def test_every_kind_has_a_severity() -> None:
    assert set(SEVERITY) == set(FLAG_KINDS)


@pytest.mark.parametrize(
    ("reference", "witness", "expected"),
    [("已", "己", True), ("己已", "已己", True), ("甲", "乙", False), ("已", "已", False),
     ("已经", "己", False)],
)
def test_all_confusable(reference: str, witness: str, expected: bool) -> None:
    assert all_confusable(reference, witness) is expected
