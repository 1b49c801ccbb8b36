"""Tests for reference.blocks: runs of a witness clause that belong to another clause."""

from __future__ import annotations

from reference.align_chars import make_key
from reference.blocks import MIN_BLOCK, cut_blocks, foreign_blocks, gram_index

# Bodies of 纲要 clauses （二十三） and （二十四）, as in seed 000 (comparison keys below).
C23 = "合理布局国家、区域、产业质量技术服务机构，建设系统完备、结构优化、高效实用的质量基础设施。"
C24 = "开展质量基础设施助力行动，围绕科技创新、优质制造、乡村振兴、生态环保等重点领域，大力开展计量、标准化、合格评定等技术服务。"
KEYS = {"S09-C23": make_key(C23).key, "S09-C24": make_key(C24).key}


def test_pasted_run_of_another_clause_is_one_block() -> None:
    pasted = make_key(C24).key[10:50]
    witness = KEYS["S09-C23"][:30] + pasted
    blocks = foreign_blocks(witness, {"S09-C23"}, gram_index(KEYS))
    assert len(blocks) == 1
    block = blocks[0]
    assert block.source_id == "S09-C24"
    assert (block.wit_start, block.wit_end) == (30, 70)
    assert (block.source_start, block.source_end) == (10, 50)


def test_block_survives_a_corrupted_character_inside() -> None:
    pasted = make_key(C24).key[10:50]
    pasted = pasted[:20] + "错" + pasted[21:]
    witness = KEYS["S09-C23"][:30] + pasted
    blocks = foreign_blocks(witness, {"S09-C23"}, gram_index(KEYS))
    assert [(b.source_id, b.wit_start, b.wit_end) for b in blocks] == [("S09-C24", 30, 70)]


def test_own_text_and_short_runs_are_not_blocks() -> None:
    index = gram_index(KEYS)
    assert foreign_blocks(KEYS["S09-C23"], {"S09-C23"}, index) == []
    short = KEYS["S09-C23"] + make_key(C24).key[:MIN_BLOCK - 2]
    assert foreign_blocks(short, {"S09-C23"}, index) == []


def test_cut_blocks_keeps_positions_outside() -> None:
    pasted = make_key(C24).key[10:50]
    witness = "甲乙丙" + pasted + "丁"
    blocks = foreign_blocks(witness, set(), gram_index({"S09-C24": KEYS["S09-C24"]}))
    assert cut_blocks(len(witness), blocks) == [0, 1, 2, 43]
