"""Repeated blocks in a collation: a minority reading that is another unit's text pasted in.

The two-way comparison finds such blocks before diffing (reference.blocks); in a collation a
pasted block is a long reading only some copies have, so after voting every losing reading of at
least reference.blocks.MIN_BLOCK key characters is looked up, with the same n-gram anchors, in
the consensus text of the other units. A hit is noted on the place (`repeats S03-C04 (002)`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reference.align_chars import make_key
from reference.blocks import MIN_BLOCK, foreign_blocks, gram_index

if TYPE_CHECKING:
    from reference.collate import Collation


def note_repeated_blocks(result: Collation) -> None:
    """Add `repeats <unit> (<copies>)` to the note of places whose losing reading is pasted text."""
    keys = {c.clause_id: make_key(c.text).key for c in result.columns if c.in_consensus}
    index = gram_index(keys)
    for place in result.places:
        if place.note.startswith("unit"):
            continue
        for reading in place.readings[1:]:
            key = make_key(reading.shown).key
            if len(key) < MIN_BLOCK:
                continue
            blocks = foreign_blocks(key, {place.clause_id}, index)
            if blocks:
                who = ", ".join(result.witnesses[w].name for w in reading.witnesses)
                sources = ", ".join(dict.fromkeys(b.source_id for b in blocks))
                place.note = "; ".join(filter(None, [place.note, f"repeats {sources} ({who})"]))
