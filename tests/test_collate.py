"""Collation of several copies: the seeds (four real copies of the 纲要) and generated corrupted sets.

What the seed tests expect is read off docs/references.md (established by hand: the four places
where two copies agree against two) and the seed README (002's 质量保证金能力, 004's 专栏 boxes).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.corrupt import FABRICATED, corrupt
from extract.clean import clean_text
from policyqa.options import build_options
from reference.collate import Collation, collate, consensus_clauses, witness_from_clean
from reference.collate_read import read_witness, reference_witness
from reference.collate_text import consensus_text
from reference.library import load_library

SEEDS = Path(__file__).parent / "resources" / "seeds"
# docs/references.md, "Doubtful readings": 000 and 001 read one way, 002 and 004 the other.
DOUBTFUL = {
    "S10-C27": ("检", "抽"),  # 监督检查 / 监督抽查
    "S10-C26": ("级", "次"),  # 多层级 / 多层次
    "S06-C15": ("能", ""),  # 安全性能 / 安全性
    "S05-C12": ("质量", "质量与"),  # 质量安全与投资效益 / 质量与安全…投资效益
}


@pytest.fixture(scope="module")
def seeds() -> Collation:
    """Seeds 000, 001, 002 and 004 read as ingest reads them, collated."""
    options = build_options()
    paths = [next(SEEDS.glob(f"{prefix}_*.txt")) for prefix in ("000", "001", "002", "004")]
    return collate([read_witness(p, options, p.name[:3]) for p in paths])


def names(result: Collation, witnesses: list[int]) -> set[str]:
    return {result.witnesses[w].name for w in witnesses}


def test_the_four_doubtful_readings_are_ties(seeds: Collation) -> None:
    ties = {p.clause_id: p for p in seeds.places if p.status == "tie" and p.clause_id != "P"}
    assert set(ties) == set(DOUBTFUL)
    for clause_id, (ours, theirs) in DOUBTFUL.items():
        readings = {r.shown: names(seeds, r.witnesses) for r in ties[clause_id].readings}
        assert readings == {ours: {"000", "001"}, theirs: {"002", "004"}}
        assert ties[clause_id].winner.shown == ours  # the most reliable copy (000) speaks


def test_002s_guarantee_deposit_stands_alone(seeds: Collation) -> None:
    place = next(p for p in seeds.places if any(r.shown == "金" for r in p.readings))
    alone = next(r for r in place.readings if r.shown == "金")
    assert names(seeds, alone.witnesses) == {"002"}
    assert place.winner.shown == "" and place.klass == "real_variant"
    column = seeds.columns[place.column]
    assert "质量保证能力" in column.text and "质量保证金能力" not in column.text


def test_004s_boxes_are_text_only_one_copy_has(seeds: Collation) -> None:
    boxes = [c for c in seeds.columns if c.clause_id.startswith("B")]
    assert [c.clause_id for c in boxes] == [f"B0{n}" for n in range(1, 8)]
    for column in boxes:
        assert names(seeds, column.present) == {"004"} and not column.in_consensus
        presence = next(p for p in seeds.places if p.column == seeds.columns.index(column))
        assert presence.klass == "clause_presence" and presence.winner.shown == ""
    assert "专栏" not in consensus_text(seeds)


def test_elsewhere_the_consensus_is_the_bundled_reference(seeds: Collation) -> None:
    reference = load_library().get("gangyao-2023")
    got = consensus_clauses(seeds)
    for clause in reference.clauses:
        if clause.clause_id == "P":  # 000's preamble also holds the 新华社 lead (a tie, outside the body)
            assert got["P"].split("\n")[-1] == clause.text
        else:
            assert got[clause.clause_id] == clause.text, clause.clause_id


def test_regional_vocabulary_is_not_a_variant_of_substance(seeds: Collation) -> None:
    regional = [p for p in seeds.places if p.klass == "regional_variant"]
    assert len(regional) > 300  # 001's 品质/水准/网路 … (docs/references.md: 425 differences)
    shown = {p.by_witness[1].shown for p in regional if 1 in p.by_witness}  # what 001 prints
    assert {"品质", "准", "路"} <= shown  # 品质 for 质量, 水准 for 水平, 网路 for 网络: only the differing characters
    assert all(p.status == "agreed" for p in regional)


def test_a_reference_shown_beside_the_copies_never_votes(seeds: Collation) -> None:
    reference = load_library().get("gangyao-2023")
    copies = seeds.witnesses[:2] + [seeds.witnesses[2]]  # 000, 001, 002
    with_ref = collate(copies + [reference_witness(reference)])
    without = collate(copies)
    assert consensus_text(with_ref) == consensus_text(without)


@pytest.mark.parametrize("reference_id", ["gangyao-2023", "zhiliang-tisheng-2017"])
@pytest.mark.parametrize("n", [3, 5, 9])
def test_generated_sets_give_the_reference_where_fewer_than_half_are_corrupt(reference_id: str, n: int) -> None:
    reference = load_library().get(reference_id)
    copies = [corrupt(reference, seed=100 * n + i, per_kind=1) for i in range(n)]
    result = collate([witness_from_clean(f"c{i}", clean_text(c.text)) for i, c in enumerate(copies)])
    got = consensus_clauses(result)
    corrupted: dict[str, int] = {}
    for copy in copies:
        for clause_id in {a.clause_id for a in copy.answers}:
            corrupted[clause_id] = corrupted.get(clause_id, 0) + 1
    checked = [c for c in reference.clauses if 2 * corrupted.get(c.clause_id, 0) < n]
    assert len(checked) > len(reference.clauses) // 2
    assert [c.clause_id for c in checked if got.get(c.clause_id) != c.text] == []
    text = consensus_text(result)
    for sentence in FABRICATED:  # an extra clause enters only when half the copies print it
        if 2 * sum(sentence in c.text for c in copies) < n:
            assert sentence[2:14] not in text


def test_002s_repeated_block_is_noted_as_a_repeat(seeds: Collation) -> None:
    """Seed README: 002's clauses （二十三）/（二十四） repeat a block."""
    notes = {p.note for p in seeds.places if p.clause_id == "S09-C23"}
    assert "repeats S09-C24 (002)" in notes


def test_a_comparison_calls_the_split_places_doubtful_readings(seeds: Collation) -> None:
    """004 read against the bundled reference: its four tie readings become info, the rest stay."""
    from reference.collate_establish import doubtful_places, soften_doubtful
    from reference.compare import compare
    from reference.identify import identify

    library = load_library()
    copy = seeds.witnesses[3]  # 004
    comparison = compare(copy.clean, copy.clauses, library.get("gangyao-2023"),
                         identify(copy.clean, library, "auto"))
    softened = soften_doubtful(comparison.flags, doubtful_places(seeds))
    changed = {(f.clause_id, f.reference_text, f.witness_text) for f, g in zip(comparison.flags, softened)
               if f.severity != g.severity}
    assert changed == {("S10-C27", "检", "抽"), ("S10-C26", "级", "次"), ("S06-C15", "能", ""),
                       ("S05-C12", "安全与", "与安全")}
    assert all(g.severity == "info" and g.detail.startswith("doubtful reading")
               for f, g in zip(comparison.flags, softened) if f.severity != g.severity)
    kept = [g for g in softened if (g.clause_id, g.reference_text) == ("S05-C12", "量")]
    assert kept and kept[0].severity == "error"  # 004 alone drops 量: still an error


@pytest.mark.ocr
@pytest.mark.slow
def test_a_born_digital_pdf_a_scan_and_a_text_copy_agree_on_the_source() -> None:
    """Fixtures (tests/resources/README.md): born-digital.pdf and its 300-dpi scan (real PaddleOCR)
    are set from policy-source.txt, a checked transcription of seed 000's opening."""
    fixtures = Path(__file__).parent / "resources" / "fixtures"
    options = build_options()
    names = ("born-digital.pdf", "scan-300.pdf", "policy-source.txt")
    result = collate([read_witness(fixtures / name, options) for name in names])
    source = (fixtures / "policy-source.txt").read_text(encoding="utf-8").strip()
    assert consensus_text(result) == source
    assert not [p for p in result.places if p.klass == "real_variant"]
