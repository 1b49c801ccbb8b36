"""Tests for reference.regional: regional variants predicted by conversion, corruptions kept.

Traditional copies of both bundled references are made as the web makes them — OpenCC `s2t`
(plain Traditional), `s2twp` (Taiwan, with Taiwan phrases), `s2hk` (Hong Kong) — after
corruptions were put in by hand (each listed with the sentence it changes) or by
bench/corrupt.py. Each copy must come out with its corruptions as errors, clause by clause,
and its regional forms as `conversion_variant`/info with both forms.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from bench.bench_variants import regional_copy, reports
from extract.clean import clean_text
from extract.convert import to_simplified
from reference.compare import compare
from reference.library import load_library
from reference.model import Comparison, Identification, Reference
from reference.regional import choose, predicted_changes, traditional
from reference.segment import segment

RESOURCES = Path(__file__).parent / "resources"


def changes(reference: str, witness: str, variant: str) -> list[tuple[str, str, bool]]:
    """(reference text, witness text, predicted) of each change between two keys."""
    return [(reference[c.ref_start:c.ref_end], witness[c.wit_start:c.wit_end], predicted)
            for c, predicted in predicted_changes(reference, witness, variant)]


def test_taiwan_phrases_are_predicted_variants() -> None:
    # s2twp writes 推動軟體和網際網路發展; cleaned with tw2s: 推动软体和网际网路发展
    assert changes("推动软件和互联网发展", "推动软体和网际网路发展", "s2twp") == [
        ("件", "体", True), ("互联网", "网际网路", True)]


def test_a_corruption_beside_a_variant_stays_a_corruption_of_its_own() -> None:
    found = changes("推动软件和互联网发展", "推动软体和网际网路快速发展", "s2twp")
    assert ("", "快速", False) in found
    assert ("互联网", "网际网路", True) in found


def test_a_word_the_copy_kept_is_no_difference() -> None:
    # a copy that writes 軟件 (not 軟體) but 網際網路: only the second is a variant
    assert changes("推动软件和互联网发展", "推动软件和网际网路发展", "s2twp") == [
        ("互联网", "网际网路", True)]


@pytest.mark.parametrize("variant", ["s2t", "s2twp", "s2hk"])
def test_a_word_swap_is_not_predicted(variant: str) -> None:
    assert changes("加强质量监管", "加强质量监督", variant) == [("管", "督", False)]


def test_hong_kong_variant_form_is_predicted() -> None:
    # s2hk writes 衞生 and tw2s keeps 衞: the variant form comes from the conversion itself
    assert changes("提升卫生质量", "提升衞生质量", "s2hk") == [("卫", "衞", True)]
    assert changes("提升卫生质量", "提升衞生质量", "s2t") == [("卫", "衞", True)]  # another candidate


def test_word_the_conversion_misses_comes_from_the_regional_table() -> None:
    assert changes("提升质量水平", "提升品质水准", "s2tw+words") == [("质量", "品质", True),
                                                                  ("平", "准", True)]
    assert changes("提升质量水平", "提升品质水准", "s2tw")[0][2]  # found among the candidates


@pytest.mark.parametrize("config", ["s2t", "s2tw", "s2twp", "s2hk"])
@pytest.mark.parametrize("ref_id", ["gangyao-2023", "zhiliang-tisheng-2017"])
def test_the_configuration_a_copy_was_made_with_is_chosen(ref_id: str, config: str) -> None:
    keys = [clause_key(c.text) for c in load_library().get(ref_id).clauses]
    document, per_clause = choose([(k, traditional(k, config)) for k in keys])
    assert document == config
    assert set(per_clause) == {config}


def clause_key(text: str) -> str:
    from reference.align_chars import make_key

    return make_key(text).key


# Hand-made corruptions: (reference clause, the sentence as printed, as corrupted, kind).
HAND = {
    "gangyao-2023": [
        ("S07-C18", "加强便民服务设施建设", "加强便民服务没施建设", "substituted_text"),  # 设→没
        ("S10-C27", "事后全链条监管", "事后全链条监督", "substituted_text"),  # 监管→监督
        ("S08-C20", "企业质量保证能力建设", "企业质量保证金能力建设", "inserted_text"),  # seed 002's
        ("S03-C05", "智能、时尚", "智能、the时尚", "latin_intrusion"),
    ],
    "zhiliang-tisheng-2017": [
        ("S04-C20", "统一建设、统一管理", "统一建没、统一管理", "substituted_text"),  # 设→没
        ("S03-C16", "全方位监管", "全方位监督", "substituted_text"),  # 监管→监督
        ("S04-C21", "信息资源", "信息重点资源", "inserted_text"),
        ("S02-C05", "智能化发展", "智能化of发展", "latin_intrusion"),
    ],
}
# (clause given a pasted run of another clause's text, that clause, clause dropped)
BLOCKS = {"gangyao-2023": ("S06-C14", "S05-C11", "S09-C22"),
          "zhiliang-tisheng-2017": ("S02-C11", "S03-C18", "S02-C08")}
# Variants each configuration must show as info: (clause, reference form, witness form, configs)
VARIANTS = {
    "gangyao-2023": [("S10-C27", "互联网", "网际网路", {"s2twp"}), ("S07-C18", "卫", "衞", {"s2hk"}),
                     ("S08-C20", "信息", "资讯", {"s2twp"})],
    "zhiliang-tisheng-2017": [("S04-C21", "互联网", "网际网路", {"s2twp"}),
                              ("S04-C21", "信息", "资讯", {"s2twp"})],
}


def hand_corrupted(reference: Reference) -> str:
    """The reference text (Simplified) with the hand-made corruptions of HAND and BLOCKS."""
    lines = reference.text.split("\n")
    clauses = {c.clause_id: c for c in reference.clauses}
    for clause_id, old, new, _kind in HAND[reference.reference_id]:
        [index] = [p for p, _s, _e in clauses[clause_id].pieces if old in lines[p]]
        assert reference.text.count(old) == 1, old
        lines[index] = lines[index].replace(old, new)
    target, source, dropped = BLOCKS[reference.reference_id]
    last = clauses[target].pieces[-1][0]
    lines[last] += clauses[source].text.replace("\n", "")[20:50] + "。"
    for p, _s, _e in clauses[dropped].pieces:
        lines[p] = ""
    return "\n".join(line for line in lines if line) + "\n"


@lru_cache(maxsize=None)
def compared(ref_id: str, config: str) -> Comparison:
    reference = load_library().get(ref_id)
    text = to_simplified(hand_corrupted(reference), config)
    clean = clean_text(text)
    assert clean.converted
    ident = Identification(reference_id=ref_id, score=1.0, coverage=1.0)
    return compare(clean, segment(clean), reference, ident)


@pytest.mark.parametrize("config", ["s2t", "s2twp", "s2hk"])
@pytest.mark.parametrize("ref_id", ["gangyao-2023", "zhiliang-tisheng-2017"])
def test_hand_corruptions_in_a_traditional_copy_are_errors_by_clause(ref_id: str, config: str) -> None:
    result = compared(ref_id, config)
    target, _source, dropped = BLOCKS[ref_id]
    expected = {(kind, clause) for clause, _old, _new, kind in HAND[ref_id]}
    expected |= {("duplicated_block", target), ("missing_clause", dropped)}
    assert {(f.kind, f.clause_id) for f in result.flags if f.severity != "info"} == expected
    assert result.variant == config


@pytest.mark.parametrize("config", ["s2t", "s2twp", "s2hk"])
@pytest.mark.parametrize("ref_id", ["gangyao-2023", "zhiliang-tisheng-2017"])
def test_regional_forms_are_info_variants_with_both_forms(ref_id: str, config: str) -> None:
    result = compared(ref_id, config)
    variants = [f for f in result.flags if f.kind == "conversion_variant"]
    assert all(f.severity == "info" for f in variants)
    for clause, ref_form, wit_form, configs in VARIANTS[ref_id]:
        shown = [f for f in variants if f.clause_id == clause
                 and (wit_form in f.witness_text + f.detail and ref_form in f.reference_text + f.detail)]
        assert bool(shown) == (config in configs), (clause, ref_form, wit_form)


@pytest.mark.parametrize("config", ["s2twp", "s2hk"])
def test_generated_corruptions_of_every_kind_are_found_and_nothing_else(config: str) -> None:
    reference = load_library().get("gangyao-2023")
    text, places = regional_copy(reference, config, seed=11)
    clean = clean_text(text)
    result = compare(clean, segment(clean), reference,
                     Identification(reference_id=reference.reference_id, score=1.0, coverage=1.0))
    serious = [f for f in result.flags if f.severity != "info"]
    assert len({p.kind for p in places}) >= 12  # every generator kind and both Traditional ones
    assert [p for p in places if not any(reports(f, p, result) for f in serious)] == []
    assert [f for f in serious if not any(reports(f, p, result) for p in places)] == []


def test_hong_kong_field_copy_reads_as_s2hk_with_wei_as_a_variant() -> None:
    # field/hk-clause18.txt: "提升衞生、文化等公共設施服務質量" … "突發公共衞生事件" … "口岸公共衞生"
    clean = clean_text((RESOURCES / "field" / "hk-clause18.txt").read_text(encoding="utf-8"))
    reference = load_library().get("gangyao-2023")
    result = compare(clean, segment(clean), reference,
                     Identification(reference_id=reference.reference_id, score=1.0, coverage=1.0))
    [row] = [r for r in result.rows if r.status != "missing"]
    assert (row.reference_clause_id, row.variant, row.status) == ("S07-C18", "s2hk", "matched")
    flags = [f for f in result.flags if f.kind != "missing_clause"]
    assert [(f.kind, f.severity) for f in flags] == [("conversion_variant", "info")]
    assert "衞→卫 ×3" in flags[0].detail


def test_a_mixed_copy_gets_a_variant_per_clause() -> None:
    # the 纲要 in Taiwan phrasing, but clause （十八） pasted in from a Hong Kong copy (衞生)
    reference = load_library().get("gangyao-2023")
    hk = {p for p, _s, _e in next(c for c in reference.clauses if c.clause_id == "S07-C18").pieces}
    lines = [to_simplified(line, "s2hk" if i in hk else "s2twp")
             for i, line in enumerate(reference.text.split("\n"))]
    clean = clean_text("\n".join(lines) + "\n")
    result = compare(clean, segment(clean), reference,
                     Identification(reference_id=reference.reference_id, score=1.0, coverage=1.0))
    assert result.variant == "s2twp"
    variants = {r.clause.clause_id: r.variant for r in result.rows}
    assert variants["S07-C18"] == "s2hk" and variants["S10-C27"] == "s2twp"
    assert [f for f in result.flags if f.severity != "info"] == []
