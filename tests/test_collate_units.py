"""The pieces of collation on small strings: tokens, OCR weights, merged units, presence, outputs."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow.parquet as pq

from extract.model import CleanDocument, Paragraph, Span
from output.collation import PLACE_COLUMNS, WITNESS_COLUMNS, write_collation
from reference.collate import Witness, collate, consensus_clauses, witness_from_clean
from reference.collate_chars import split_tokens
from reference.collate_tokens import tokenise
from reference.segment import segment_paragraphs


def document(lines: list[str], source: str = "plain", confidence: float | None = None,
             converted: bool = False) -> CleanDocument:
    """A cleaned document from paragraphs, every character read from `source` at `confidence`."""
    paragraphs = [Paragraph(t, t, (Span(0, len(t), 1, source, confidence),)) for t in lines]  # type: ignore[arg-type]
    return CleanDocument(paragraphs=paragraphs, removed=[], converted=converted)


def witness(name: str, lines: list[str], **kwargs: object) -> Witness:
    return witness_from_clean(name, document(lines, **kwargs))  # type: ignore[arg-type]


def test_tokens_keep_punctuation_out_of_the_comparison_and_print_it_back() -> None:
    clause = segment_paragraphs(["（一）提升品质，加强“网路”建设。"])[0]
    plain, converted = tokenise(clause), tokenise(clause, regional=True)
    assert plain.head == "（一）"
    assert "".join(t.norm for t in plain.tokens) == "提升品质加强网路建设"
    assert "".join(t.norm for t in converted.tokens) == "提升质量加强网络建设"  # regional words put back
    assert plain.head + "".join(t.shown + t.tail for t in converted.tokens) == clause.text


def test_a_mainland_copy_keeps_its_pinzhi() -> None:
    """品质 is a mainland word too: only a copy converted from Traditional is read as regional."""
    a = witness("a", ["（一）推动工业品质量迈向中高端。"])
    b = witness("b", ["（一）推动工业品质量迈向中高端。"])
    c = witness("c", ["（一）推动工业品品质迈向中高端。"], converted=True)
    result = collate([a, b, c])
    assert consensus_clauses(result)["C01"] == "（一）推动工业品质量迈向中高端。"
    assert {p.klass for p in result.places} == {"regional_variant"}


def test_low_confidence_ocr_counts_less() -> None:
    text = witness("text", ["（一）加强质量监督。"])
    sure = witness("sure", ["（一）加强质星监督。"], source="ocr", confidence=0.98)
    doubtful = witness("doubtful", ["（一）加强质星监督。"], source="ocr", confidence=0.5)
    tie = collate([text, sure])
    assert [p.status for p in tie.places] == ["tie"]
    result = collate([text, doubtful])
    (place,) = result.places
    assert place.status == "majority" and place.winner.shown == "量"
    assert place.klass == "ocr_misreading"
    assert [r.support for r in place.readings] == [1.0, 0.5]


def test_a_merged_unit_is_cut_between_its_columns() -> None:
    # a unit that took in the next one's text (its marker lost, so segmentation cannot split it)
    whole = tokenise(segment_paragraphs(["（一）加强质量监督二完善标准体系"])[0])
    first, second = split_tokens(list(whole.tokens), ["加强质量监督", "二完善标准体系"])
    assert "".join(t.norm for t in first) == "加强质量监督"
    assert "".join(t.norm for t in second) == "二完善标准体系"


def test_a_clause_only_one_of_three_copies_has_stays_out() -> None:
    lines = ["一、总体要求", "（一）加强质量监督，完善标准体系。", "（二）推进品牌建设，提升服务水平。"]
    extra = lines[:2] + ["（三）开展质量月主题宣传进社区、进校园活动。"] + lines[2:]
    result = collate([witness("a", lines), witness("b", lines), witness("c", extra)])
    assert "开展质量月" not in "".join(consensus_clauses(result).values())
    presence = [p for p in result.places if p.klass == "clause_presence"]
    assert len(presence) == 1 and presence[0].winner.shown == ""


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_outputs_have_their_columns_and_escape_the_text(tmp_path: Path) -> None:
    a = witness("a", ["（一）加强<script>alert(1)</script>质量监督。"])
    b = witness("b", ["（一）加强<script>alert(1)</script>质量监管。"])
    c = witness("=c", ["（一）加强<script>alert(1)</script>质量监督。"])
    write_collation(tmp_path, collate([a, b, c]))
    rows = read_csv(tmp_path / "collation.csv")
    assert list(rows[0]) == [*PLACE_COLUMNS, "reading:a", "reading:b", "reading:=c"]
    assert [(r["consensus"], r["reading:b"], r["class"]) for r in rows] == [("督", "管", "real_variant")]
    assert pq.read_table(tmp_path / "collation.parquet").column_names == list(rows[0])
    witnesses = read_csv(tmp_path / "witnesses.csv")
    assert list(witnesses[0]) == list(WITNESS_COLUMNS)
    assert [(w["witness"], w["stands_alone"], w["agrees"]) for w in witnesses] == [
        ("a", "0", "1"), ("b", "1", "0"), ("'=c", "0", "1")]
    html = (tmp_path / "collation.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert (tmp_path / "consensus.txt").read_text(encoding="utf-8").startswith(
        "（一）加强<script>alert(1)</script>质量监督。\n")


def test_two_copies_split_evenly_put_neither_in_the_minority(tmp_path: Path) -> None:
    """With two copies every variant place is a tie: it must not make either copy look unreliable."""
    a = witness("a", ["（一）加强质量监督，完善标准体系。"])
    b = witness("b", ["（一）加强质量监管，完善标准体系。"])
    write_collation(tmp_path, collate([a, b]))
    witnesses = {w["witness"]: w for w in read_csv(tmp_path / "witnesses.csv")}
    for name in ("a", "b"):
        assert (witnesses[name]["ties"], witnesses[name]["in_minority"], witnesses[name]["stands_alone"]) == ("1", "0", "0")
        assert witnesses[name]["agreement"] == witnesses["a"]["agreement"]
