"""Variant places of one column: where the copies read differently, who reads what, what wins.

A place is a run of consecutive grid positions where the witnesses that have the column do not
all print the same thing (a missing token is an omission). Readings are compared on their norms
(key characters, regional words made mainland), so a place whose norms all agree is a regional
variant and not a variant of substance. The support of a reading is the summed weight of its
witnesses (reference.collate_tokens: low-confidence OCR counts less; a non-voting witness,
such as a reference shown beside the copies, counts nothing).

Decision: the reading with the most support wins. Two readings with equal support are a tie,
broken by the reliability of their witnesses (their agreement with the majority at the other
places: the most reliable witness first, then the summed reliability), then by witness order; a runner-up with at least NEAR_TIE of the winner's support makes
a near tie. Ties and near ties are the doubtful places of an established text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reference.align_chars import make_key
from reference.collate_chars import Cell
from reference.collate_tokens import Token

NEAR_TIE = 0.75  # runner-up support / winner support from which a place is doubtful
EPSILON = 1e-9
CLASSES = ("regional_variant", "ocr_misreading", "real_variant", "clause_presence")


@dataclass(frozen=True)
class WitnessReading:
    """What one witness prints at a place."""

    norm: str  # comparison form ('' for an omission)
    shown: str  # as printed (tails inside the place included)
    weight: float  # how much it counts (0 for a non-voting witness)
    page: int  # page of its first character (or of the nearest one before an omission)
    offset: int | None  # offset in the witness's clause text (None for an omission)
    literal: str | None = None  # comparison form of what it prints, when that differs from `norm`


@dataclass
class Reading:
    """One distinct reading (by norm) at a place, with its witnesses and support."""

    norm: str
    shown: str  # the most supported printed form
    witnesses: list[int]
    support: float


@dataclass
class Place:
    """A variant place in one column of the collation."""

    column: int  # index of the column in the collation
    clause_id: str
    start: int  # grid positions [start, end)
    end: int
    by_witness: dict[int, WitnessReading]
    readings: list[Reading] = field(default_factory=list)  # best first after `decide`
    status: str = ""  # agreed (norms equal) / majority / near_tie / tie
    klass: str = ""  # one of CLASSES
    offset: int = 0  # offset in the consensus text of the column's clause
    note: str = ""

    @property
    def winner(self) -> Reading:
        return self.readings[0]

    @property
    def doubtful(self) -> bool:
        return self.status in ("tie", "near_tie")


def varying(cell: Cell, present: list[int]) -> bool:
    """True when the witnesses that have the column do not all print the same at this position."""
    tokens = [cell.get(w) for w in present]
    if any(t is None for t in tokens):
        return True
    first = tokens[0]
    return any(t.norm != first.norm or t.shown != first.shown for t in tokens[1:])


def place_spans(cells: list[Cell], present: list[int]) -> list[tuple[int, int]]:
    """Runs [start, end) of consecutive varying positions."""
    spans: list[tuple[int, int]] = []
    for i, cell in enumerate(cells):
        if not varying(cell, present):
            continue
        if spans and spans[-1][1] == i:
            spans[-1] = (spans[-1][0], i + 1)
        else:
            spans.append((i, i + 1))
    return spans


def witness_reading(cells: list[Cell], start: int, end: int, w: int, voting: bool) -> WitnessReading:
    """The reading of witness `w` over positions [start, end)."""
    tokens = [cells[i][w] for i in range(start, end) if w in cells[i]]
    if not tokens:
        near = _nearest(cells, start, w)
        weight = near.weight if near else 1.0
        return WitnessReading("", "", weight if voting else 0.0, near.page if near else 0, None)
    shown = "".join(t.shown + (t.tail if k < len(tokens) - 1 else "") for k, t in enumerate(tokens))
    weight = min(t.weight for t in tokens) if voting else 0.0
    norm, literal = "".join(t.norm for t in tokens), make_key(shown).key
    return WitnessReading(norm, shown, weight, tokens[0].page, tokens[0].offset,
                          literal if literal != norm else None)


def _nearest(cells: list[Cell], start: int, w: int) -> Token | None:
    """The witness's token closest before `start` (or after it, at the column's start)."""
    for i in range(start - 1, -1, -1):
        if w in cells[i]:
            return cells[i][w]
    return next((cell[w] for cell in cells[start:] if w in cell), None)


def group_readings(by_witness: dict[int, WitnessReading]) -> list[Reading]:
    """Distinct readings by norm, each with its witnesses, support and most supported print.

    A regional form is ambiguous (a converted copy's 品质 may stand for 质量 or be 品质 itself):
    it joins the reading that other copies print literally, and only failing that its mainland norm.
    """
    groups: dict[str, list[int]] = {}
    for w, reading in by_witness.items():
        if reading.literal is None:
            groups.setdefault(reading.norm, []).append(w)
    for w, reading in by_witness.items():
        if reading.literal is not None:
            groups.setdefault(reading.literal if reading.literal in groups else reading.norm, []).append(w)
    readings = []
    for norm, witnesses in groups.items():
        forms: dict[str, float] = {}
        for w in witnesses:
            forms[by_witness[w].shown] = forms.get(by_witness[w].shown, 0.0) + by_witness[w].weight + EPSILON
        shown = max(forms, key=forms.__getitem__)
        readings.append(Reading(norm, shown, sorted(witnesses), sum(by_witness[w].weight for w in witnesses)))
    return readings


def decide(place: Place, reliability: dict[int, float]) -> None:
    """Order the readings best first and set the place's status and class."""
    readings = group_readings(place.by_witness)

    def rank(reading: Reading) -> tuple[float, float, float, int]:
        trust = [reliability.get(w, 0.0) for w in reading.witnesses]
        return (-round(reading.support, 6), -max(trust), -sum(trust), min(reading.witnesses))

    readings.sort(key=rank)
    place.readings = readings
    place.status = _status(readings)
    place.klass = "clause_presence" if place.note.startswith("unit") else _klass(place)


def _status(readings: list[Reading]) -> str:
    if len(readings) == 1:
        return "agreed"
    best, second = readings[0].support, readings[1].support
    if abs(best - second) <= EPSILON:
        return "tie"
    return "near_tie" if second >= NEAR_TIE * best else "majority"


def _klass(place: Place) -> str:
    """regional_variant (norms agree), ocr_misreading (dissent only from doubtful OCR), real_variant."""
    if len(place.readings) == 1:
        return "regional_variant"
    dissent = [place.by_witness[w] for r in place.readings[1:] for w in r.witnesses]
    voting = [d for d in dissent if d.weight > 0]
    if voting and all(d.weight < 1.0 for d in voting):
        return "ocr_misreading"
    return "real_variant"
