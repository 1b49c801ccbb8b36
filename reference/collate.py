"""Collate several copies (witnesses) of one document: columns, variant places and a consensus.

    collation = collate([witness_from_clean("000", clean0), witness_from_clean("001", clean1), …])

1. Units (reference.collate_clauses): every copy's clauses put into common columns.
2. Characters (reference.collate_chars): every column's copies aligned into a grid of positions.
3. Places (reference.collate_places): runs of positions where the copies differ, decided by
   weighted majority; ties broken by each copy's reliability (its agreement with the majority
   elsewhere), so that the most dependable copy speaks where the others are evenly split.
4. Presence: a column enters the consensus when at least half of the voting copies whose extent
   covers it (their first to last column) have alike text there, and at least two copies do; a
   copy that ends early or starts late (a newspaper continued from page one) is not covered
   there and does not vote. Absent copies and
   units only some copies have are places of class `clause_presence`.
5. Consensus (reference.collate_text): the winning reading at every place, the majority
   punctuation around them, paragraphs in document order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from extract.model import CleanDocument
from reference.collate_chars import Cell, align_column, split_tokens
from reference.collate_clauses import ClauseAlignment, Column, align_witness_clauses
from reference.collate_places import Place, WitnessReading, decide, place_spans, witness_reading
from reference.collate_tokens import ClauseTokens, Token, tokenise
from reference.model import Clause
from reference.segment import segment


SAME_UNIT = 0.6  # similarity (0–1) from which two copies' texts of a unit count as the same unit
PRESENT = "+"  # the norm of a presence place's reading in a copy that has the unit (its text varies)


@dataclass
class Witness:
    """One copy to collate: its name, cleaned text and units; a non-voting copy only shows."""

    name: str
    clean: CleanDocument
    clauses: list[Clause]
    votes: bool = True
    path: str = ""


def witness_from_clean(name: str, clean: CleanDocument, *, votes: bool = True, path: str = "") -> Witness:
    """A witness from a cleaned document (segmented here, as ingest segments)."""
    return Witness(name, clean, segment(clean), votes, path)


@dataclass
class ColumnResult:
    """One collated column: the grid, who has it, who covers it, and its consensus text."""

    column: Column
    cells: list[Cell]
    heads: dict[int, str]  # witness -> marker and leading punctuation
    present: list[int]  # witnesses with text here
    covering: list[int]  # witnesses whose extent covers this column
    in_consensus: bool = False
    text: str = ""  # consensus text of the unit (pieces joined by "\n")
    clause_id: str = ""  # the id most copies give the unit


@dataclass
class Collation:
    """The result: witnesses, columns in document order, variant places, reliability."""

    witnesses: list[Witness]
    columns: list[ColumnResult]
    places: list[Place]
    alignment: ClauseAlignment
    reliability: dict[int, float] = field(default_factory=dict)

    def voters(self) -> list[int]:
        """Indexes of the voting witnesses."""
        return [i for i, w in enumerate(self.witnesses) if w.votes]


def collate(witnesses: list[Witness]) -> Collation:
    """Collate the witnesses (see the module docstring)."""
    from reference.collate_blocks import note_repeated_blocks  # these two import Collation
    from reference.collate_text import render_columns

    alignment = align_witness_clauses([w.clauses for w in witnesses])
    extents = _extents(alignment, len(witnesses))
    columns = [_collate_column(witnesses, alignment, k, extents) for k in range(len(alignment.columns))]
    places = [p for k, col in enumerate(columns) for p in _column_places(witnesses, col, k)]
    result = Collation(witnesses, columns, places, alignment)
    for place in places:
        decide(place, {})
    result.reliability = reliability(result)
    for place in places:
        decide(place, result.reliability)
    for column in columns:
        column.in_consensus = _enters(witnesses, column)
    for place in places:
        if place.note.startswith("unit") and not columns[place.column].in_consensus:
            place.note += "; not in the consensus"
    render_columns(result)
    note_repeated_blocks(result)
    return result


def _extents(alignment: ClauseAlignment, n: int) -> list[tuple[int, int]]:
    """(first, last) column position of each witness ((0, -1) when it has none)."""
    spans = []
    for w in range(n):
        held = [k for k, c in enumerate(alignment.columns) if w in c.witnesses()]
        spans.append((min(held), max(held)) if held else (0, -1))
    return spans


def _collate_column(witnesses: list[Witness], alignment: ClauseAlignment, k: int,
                    extents: list[tuple[int, int]]) -> ColumnResult:
    """Tokenise every witness's text of column k and align it into a grid."""
    column = alignment.columns[k]
    sequences: dict[int, list[Token]] = {}
    heads: dict[int, str] = {}
    for w in sorted(column.witnesses()):
        head, tokens = _column_tokens(witnesses[w], alignment, column, w)
        heads[w], sequences[w] = head, tokens
    covering = [w for w, (a, b) in enumerate(extents) if a <= k <= b]
    return ColumnResult(column, align_column(sequences), heads, sorted(sequences), covering,
                        clause_id=column_id(witnesses, column))


def column_id(witnesses: list[Witness], column: Column) -> str:
    """The clause id most voting copies give the column's unit (a misnumbered copy is outvoted)."""
    votes: dict[str, int] = {}
    for w, units in column.members.items():
        if witnesses[w].votes:
            clause_id = witnesses[w].clauses[units[0]].clause_id
            votes[clause_id] = votes.get(clause_id, 0) + 1
    best = max(votes.values(), default=0)
    if votes.get(column.clause_id, -1) == best:
        return column.clause_id
    return min((c for c, n in votes.items() if n == best), default=column.clause_id)


def _column_tokens(witness: Witness, alignment: ClauseAlignment, column: Column,
                   w: int) -> tuple[str, list[Token]]:
    """The marker and tokens witness `w` has for `column` (a merged unit cut at the boundary)."""
    if w in column.members:
        parts = [tokenise(witness.clauses[i], witness.clean) for i in column.members[w]]
        return parts[0].head, [t for part in parts for t in part.tokens]
    unit, keys = column.shared[w]
    whole: ClauseTokens = tokenise(witness.clauses[unit], witness.clean)
    reps = [alignment.columns[alignment.position(key)].rep for key in keys]
    pieces = split_tokens(list(whole.tokens), ["".join(t.norm for t in tokenise(r).tokens) for r in reps])
    index = keys.index(column.key)
    return (whole.head if index == 0 else ""), pieces[index]


def _column_places(witnesses: list[Witness], column: ColumnResult, k: int) -> list[Place]:
    """The variant places of one column, plus its presence place when some copy lacks it."""
    places = []
    for start, end in place_spans(column.cells, column.present):
        by_witness = {w: witness_reading(column.cells, start, end, w, witnesses[w].votes)
                      for w in column.present}
        places.append(Place(k, column.clause_id, start, end, by_witness))
    lacking = [w for w, witness in enumerate(witnesses) if witness.votes and w not in column.present]
    if lacking:
        places.insert(0, _presence_place(witnesses, column, k, lacking))
    return places


def _presence_place(witnesses: list[Witness], column: ColumnResult, k: int, lacking: list[int]) -> Place:
    """A place for the whole unit: its text in the copies that have it, nothing in the others.

    Copies whose extent does not reach the unit are left out (not covered); the note names them.
    """
    by_witness: dict[int, WitnessReading] = {}
    for w in column.present:
        tokens = [cell[w] for cell in column.cells if w in cell]
        shown = column.heads[w] + "".join(t.shown + t.tail for t in tokens)
        weight = 1.0 if witnesses[w].votes else 0.0
        by_witness[w] = WitnessReading(PRESENT, shown, weight, tokens[0].page if tokens else 0, 0)
    for w in lacking:
        if w in column.covering:
            by_witness[w] = WitnessReading("", "", 1.0, 0, None)
    place = Place(k, column.clause_id, 0, len(column.cells), by_witness)
    beyond = [witnesses[w].name for w in lacking if w not in column.covering]
    place.note = "unit" + (f"; beyond the extent of {', '.join(beyond)}" if beyond else "")
    return place


def _enters(witnesses: list[Witness], column: ColumnResult) -> bool:
    """True when at least half of the voting copies that cover the column have the same unit there.

    Copies "have the same unit" when their texts are alike (SAME_UNIT): two copies that each put
    a different sentence at one place do not make that place a shared unit. A unit only one copy
    has never enters (when two or more copies vote): it is that copy's own text, such as the
    notice a copy is attached to or a press transcript printed after it.
    """
    covering = [w for w in column.covering if witnesses[w].votes]
    present = [w for w in column.present if witnesses[w].votes]
    if not present:
        return False
    alike = _largest_alike(column, present)
    voters = sum(w.votes for w in witnesses)
    return 2 * alike >= len(covering) and alike >= min(2, voters)


def _largest_alike(column: ColumnResult, present: list[int]) -> int:
    """The most copies among `present` whose text of the column is alike to one copy's."""
    texts = ["".join(cell[w].norm for cell in column.cells if w in cell) for w in present]
    if len(texts) < 2:
        return len(texts)
    first = process.cdist(texts[:1], texts, scorer=fuzz.ratio, dtype=np.float32)
    if (first >= 100 * SAME_UNIT).all():  # the common case: every copy alike to the first
        return len(texts)
    scores = process.cdist(texts, texts, scorer=fuzz.ratio, dtype=np.float32)
    return int((scores >= 100 * SAME_UNIT).sum(axis=1).max())


def reliability(result: Collation) -> dict[int, float]:
    """Share of the decided (non-tie) places where each witness reads what the majority reads.

    A non-voting witness gets 0: it must not break ties either.
    """
    agree = dict.fromkeys(range(len(result.witnesses)), 0)
    seen = dict.fromkeys(range(len(result.witnesses)), 0)
    for place in result.places:
        if place.status == "tie" or place.note.startswith("unit"):
            continue
        for w, reading in place.by_witness.items():
            seen[w] += 1
            agree[w] += reading.norm == place.winner.norm
    return {w: (agree[w] / seen[w] if seen[w] and result.witnesses[w].votes else 0.0) for w in agree}


def consensus_clauses(result: Collation) -> dict[str, str]:
    """{clause id: consensus text} of the columns in the consensus, in document order."""
    return {c.clause_id: c.text for c in result.columns if c.in_consensus}
