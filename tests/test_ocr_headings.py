"""Heading markers OCR damaged, restored where the reference has that heading."""

from __future__ import annotations

import pytest

from extract.model import CleanDocument, Paragraph, Span
from reference.compare import compare
from reference.library import make_reference
from reference.model import Identification
from reference.ocr_headings import align_restoring_markers, restore_markers
from reference.segment import segment

REFERENCE = make_reference("r", "\n".join([
    "质量工作纲要",
    "一、形势背景",
    "质量是人类生产生活的重要保障。",
    "二、总体要求",
    "（十二）加强质量基础设施建设。",
    "——质量基础设施更加完善。",
    "三、组织保障",
    "各地区各部门要加强组织领导。",
]), {"title": "质量工作纲要"})  # fmt: skip


def _clean(texts: list[str], source: str = "ocr") -> CleanDocument:
    paragraphs = [Paragraph(t, t, (Span(0, len(t), 1 + i // 4, source, 0.99),)) for i, t in enumerate(texts)]
    return CleanDocument(paragraphs=paragraphs, removed=[])


@pytest.mark.parametrize(
    ("read", "restored"),
    [
        ("二总体要求", "二、总体要求"),  # 、 dropped
        ("二，总体要求", "二、总体要求"),  # 、 misread
        ("（十二加强质量基础设施建设。", "（十二）加强质量基础设施建设。"),  # ） dropped
        ("十二）加强质量基础设施建设。", "（十二）加强质量基础设施建设。"),  # （ dropped
        ("一质量基础设施更加完善。", "——质量基础设施更加完善。"),  # the dash read as 一
        ("质量基础设施更加完善。", "——质量基础设施更加完善。"),  # the dashes dropped whole (OpenVINO run)
    ],
)  # fmt: skip
def test_damaged_marker_is_restored(read: str, restored: str) -> None:
    clean, restorations = restore_markers(_clean(["质量工作纲要", read]), REFERENCE)
    assert clean.paragraphs[1].text == restored and restorations[0].read in read
    spans = clean.paragraphs[1].spans
    assert spans[0].start == 0 and spans[-1].end == len(restored)


@pytest.mark.parametrize(
    "text",
    [
        "二、总体要求",  # intact
        "—质量基础设施更加完善。",  # one dash of two: segment reads it as an item marker already
        "二是总体要求明确",  # a 二是 enumeration, not the heading
        "四总体要求",  # the reference's 总体要求 is 二, not 四
        "质量基础设施建设加快。",  # no dash residue and only 6 characters agree: an ordinary paragraph
    ],
)
def test_paragraphs_that_are_not_damaged_headings_are_left(text: str) -> None:
    clean = _clean(["质量工作纲要", text])
    assert restore_markers(clean, REFERENCE) == (clean, [])


def test_text_layer_paragraphs_are_never_touched() -> None:
    clean = _clean(["质量工作纲要", "二总体要求"], source="text")
    assert restore_markers(clean, REFERENCE)[1] == []


def test_ocr_copy_without_the_marker_punctuation_compares_clean() -> None:
    texts = ["质量工作纲要", "一形势背景", "质量是人类生产生活的重要保障。", "二总体要求",
             "（十二加强质量基础设施建设。", "—质量基础设施更加完善。", "三组织保障", "各地区各部门要加强组织领导。"]
    clean = _clean(texts)
    ident = Identification("r", 1.0, 1.0)
    before = compare(clean, segment(clean), REFERENCE, ident)
    assert any(f.severity == "error" for f in before.flags)  # what the issue saw: sections missing
    restored, clauses, after = align_restoring_markers(clean, segment(clean), REFERENCE, ident)
    assert [c.clause_id for c in clauses] == [c.clause_id for c in REFERENCE.clauses]
    assert [f for f in after.flags if f.severity != "info"] == []
    assert restored.paragraphs[3].text == "二、总体要求" and clean.paragraphs[3].text == "二总体要求"
    noise = [f for f in after.flags if f.kind == "ocr_noise"]
    assert [(f.kind, f.ocr_read, f.reference_text) for f in noise] == [
        ("ocr_noise", "一", "一、"), ("ocr_noise", "二", "二、"), ("ocr_noise", "（十二", "（十二）"),
        ("ocr_noise", "三", "三、")]  # fmt: skip
