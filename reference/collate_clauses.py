"""Clause-level multiple alignment: the units of several copies put into common columns.

Progressive: the copy with the most units founds the columns (one per unit); every further copy
is aligned with the columns by the two-way clause alignment (reference.align_clauses.align_clauses,
the columns' first units standing in for reference clauses), so moved, split, merged, duplicated
and missing units are handled exactly as a comparison with a reference handles them:

* a paired unit (also one moved out of order) joins its column; split fragments join their head's;
* a unit that holds several columns' text (merged) is shared between them (its text is cut at the
  columns' boundaries later, reference.collate_chars.split_tokens);
* a unit that repeats a column already paired is a duplicate: recorded, not collated again;
* a unit nothing matches opens a new column after the column of the copy's previous unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count

from reference.align_clauses import align_clauses, body_key
from reference.model import Clause


@dataclass
class Column:
    """One unit of the collated document and, per witness, the units that stand for it."""

    key: int  # stable identity (positions change as columns are inserted)
    rep: Clause  # the first unit placed here: its id, kind and text represent the column
    members: dict[int, list[int]] = field(default_factory=dict)  # witness -> unit indexes
    shared: dict[int, tuple[int, tuple[int, ...]]] = field(default_factory=dict)
    # witness -> (unit index, keys of the columns that unit's text is cut between), for merged units

    @property
    def clause_id(self) -> str:
        return self.rep.clause_id

    def witnesses(self) -> set[int]:
        """The witnesses that have text for this column."""
        return set(self.members) | set(self.shared)


@dataclass
class ClauseAlignment:
    """Columns in document order and what each witness did beside them."""

    columns: list[Column]
    duplicates: dict[int, list[int]] = field(default_factory=dict)  # witness -> repeated unit idxs
    moved: dict[int, list[int]] = field(default_factory=dict)  # witness -> units out of order

    def position(self, key: int) -> int:
        """The place of the column with this key in `columns`."""
        return next(i for i, column in enumerate(self.columns) if column.key == key)


def align_witness_clauses(witness_clauses: list[list[Clause]]) -> ClauseAlignment:
    """Columns for the units of every witness (see the module docstring)."""
    serial = count()
    order = sorted(range(len(witness_clauses)), key=lambda w: (*(-x for x in _extent(witness_clauses[w])), w))
    if not order:
        return ClauseAlignment([])
    base = order[0]
    columns = [Column(next(serial), c, {base: [i]}) for i, c in enumerate(witness_clauses[base])]
    result = ClauseAlignment(columns)
    for w in order[1:]:
        _add_witness(result, w, witness_clauses[w], serial)
    return result


def _extent(clauses: list[Clause]) -> tuple[int, int]:
    """How much a copy holds: its units and its key characters."""
    return len(clauses), sum(len(body_key(c)) for c in clauses)


def _add_witness(result: ClauseAlignment, w: int, clauses: list[Clause], serial: count) -> None:
    """Align one more witness's units with the columns and place each of them."""
    columns = result.columns
    alignment = align_clauses(clauses, [c.rep for c in columns])
    home: dict[int, int] = {}  # unit index -> key of the column it went to
    for unit, refs in alignment.pairs.items():
        keys = tuple(columns[r].key for r in refs)
        if len(refs) == 1:
            columns[refs[0]].members[w] = [unit]
        else:
            for r in refs:
                columns[r].shared[w] = (unit, keys)
        home[unit] = keys[0]
    for fragment, head in sorted(alignment.split_of.items()):
        column = next(c for c in columns if c.key == home.get(head))
        if w in column.members:
            column.members[w] = sorted(column.members[w] + [fragment])
        home[fragment] = column.key
    if alignment.duplicates:
        result.duplicates[w] = sorted(alignment.duplicates)
    if alignment.moved:
        result.moved[w] = sorted(alignment.moved)
    for unit in sorted(alignment.extra):
        _open_column(result, w, unit, clauses, home, serial)


def _open_column(result: ClauseAlignment, w: int, unit: int, clauses: list[Clause],
                 home: dict[int, int], serial: count) -> None:
    """A new column for a unit nothing matched, after the column of the witness's previous unit."""
    before = [home[u] for u in range(unit - 1, -1, -1) if u in home]
    after = [home[u] for u in range(unit + 1, len(clauses)) if u in home]
    if before:
        at = result.position(before[0]) + 1
    elif after:
        at = result.position(after[0])
    else:
        at = len(result.columns)
    column = Column(next(serial), clauses[unit], {w: [unit]})
    result.columns.insert(at, column)
    home[unit] = column.key
