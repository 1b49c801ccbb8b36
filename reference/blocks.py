"""Moved and duplicated blocks: long runs of a witness clause that belong to another clause.

Found before character diffing, so that a pasted stretch is one `duplicated_block` flag and
not a storm of substitutions. Works on comparison keys: shared n-grams anchor the runs.
"""

from __future__ import annotations

from dataclasses import dataclass

GRAM = 8  # n-gram length used as an anchor (key characters)
MIN_BLOCK = 20  # a run shorter than this (key characters) is not a block
MAX_GAP = 12  # anchors of one block may be this far apart (corrupted characters inside)


@dataclass(frozen=True)
class Block:
    """Witness key [wit_start, wit_end) is text of reference clause `source_id`."""

    wit_start: int
    wit_end: int
    source_id: str
    source_start: int  # where the text sits in the source clause key
    source_end: int


def gram_index(keys: dict[str, str]) -> dict[str, list[tuple[str, int]]]:
    """Map each n-gram of each reference key to the (clause id, position) where it occurs."""
    index: dict[str, list[tuple[str, int]]] = {}
    for clause_id, key in keys.items():
        for pos in range(len(key) - GRAM + 1):
            index.setdefault(key[pos : pos + GRAM], []).append((clause_id, pos))
    return index


def foreign_blocks(
    witness_key: str, own_ids: set[str], index: dict[str, list[tuple[str, int]]]
) -> list[Block]:
    """Runs of `witness_key` (≥ MIN_BLOCK) found in another clause and not in the clause's own."""
    anchors = _foreign_anchors(witness_key, own_ids, index)
    blocks: list[Block] = []
    for source_id, wit_pos, src_pos in anchors:
        last = blocks[-1] if blocks else None
        if last and last.source_id == source_id and wit_pos - last.wit_end <= MAX_GAP:
            blocks[-1] = Block(last.wit_start, wit_pos + GRAM, source_id, last.source_start,
                               max(last.source_end, src_pos + GRAM))
        else:
            blocks.append(Block(wit_pos, wit_pos + GRAM, source_id, src_pos, src_pos + GRAM))
    blocks = [_extend(b, witness_key, index) for b in blocks]
    return [b for b in blocks if b.wit_end - b.wit_start >= MIN_BLOCK]


def _extend(block: Block, witness_key: str, index: dict[str, list[tuple[str, int]]]) -> Block:
    """Grow a block over neighbouring n-grams that continue its source text (shared phrases)."""
    start, src_start = block.wit_start, block.source_start
    while start > 0 and (block.source_id, src_start - 1) in index.get(
            witness_key[start - 1 : start - 1 + GRAM], []):
        start, src_start = start - 1, src_start - 1
    end, src_end = block.wit_end, block.source_end
    while end < len(witness_key) and (block.source_id, src_end + 1 - GRAM) in index.get(
            witness_key[end + 1 - GRAM : end + 1], []):
        end, src_end = end + 1, src_end + 1
    return Block(start, end, block.source_id, src_start, src_end)


def _foreign_anchors(
    witness_key: str, own_ids: set[str], index: dict[str, list[tuple[str, int]]]
) -> list[tuple[str, int, int]]:
    """(source id, witness position, source position) of n-grams absent from the own clauses."""
    anchors: list[tuple[str, int, int]] = []
    for pos in range(len(witness_key) - GRAM + 1):
        hits = index.get(witness_key[pos : pos + GRAM], [])
        if not hits or any(clause_id in own_ids for clause_id, _ in hits):
            continue
        if len({clause_id for clause_id, _ in hits}) == 1:
            anchors.append((hits[0][0], pos, hits[0][1]))
    return anchors


def cut_blocks(length: int, blocks: list[Block]) -> list[int]:
    """Positions of a key of `length` that lie outside every block, in order."""
    inside = [False] * length
    for block in blocks:
        for pos in range(block.wit_start, min(block.wit_end, length)):
            inside[pos] = True
    return [pos for pos in range(length) if not inside[pos]]
