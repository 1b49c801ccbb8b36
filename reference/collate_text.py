"""The consensus text of a collation: the winning reading at every place, in document order.

Inside a unit, positions where the copies agree print what they print; a variant place prints
its winning reading in its most supported printed form. The punctuation and spacing after a
character (its tail) is the form most copies have there, weighted as readings are and ties going
to the more reliable copy; before a place whose winner is an omission, only that winner's
copies choose it. A unit's pieces are put back in paragraph order: a clause's closing paragraph
that follows its `——` items (纲要 （二）) comes after them, as in the copies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reference.collate_places import Place

if TYPE_CHECKING:
    from reference.collate import Collation, ColumnResult

TIE_OPEN, TIE_CLOSE = "⟦", "⟧"  # marks a tied reading in the marked consensus text


def render_columns(result: Collation) -> None:
    """Set every column's consensus text and every place's offset in it."""
    by_column: dict[int, list[Place]] = {}
    for place in result.places:
        if not place.note.startswith("unit"):
            by_column.setdefault(place.column, []).append(place)
    for k, column in enumerate(result.columns):
        column.text = _render(result, column, by_column.get(k, []), marked=False)


def _render(result: Collation, column: ColumnResult, places: list[Place], marked: bool) -> str:
    """The consensus text of one column (ties as ⟦T<n>:reading⟧ when `marked`)."""
    starts = {p.start: p for p in places}
    out = [_mode(result, {w: h for w, h in column.heads.items()}, column.present)]
    i = 0
    while i < len(column.cells):
        place = starts.get(i)
        if place is None:
            voters = _before_omission(starts.get(i + 1)) or column.present
            tails = {w: t.tail for w, t in column.cells[i].items()}
            out.append(_mode(result, {w: t.shown for w, t in column.cells[i].items()}, column.present))
            out.append(_mode(result, tails, [w for w in voters if w in tails]))
            i += 1
            continue
        place.offset = len("".join(out))
        shown = place.winner.shown
        if marked and place.status == "tie":
            shown = f"{TIE_OPEN}T{tie_number(result, place)}:{shown}{TIE_CLOSE}"
        out.append(shown)
        out.append(_last_tail(result, column, place))
        i = place.end
    return "".join(out)


def _before_omission(place: Place | None) -> list[int]:
    """The witnesses of a following place's winning omission (they choose the tail before it)."""
    if place is None or place.winner.norm:
        return []
    return place.winner.witnesses


def _last_tail(result: Collation, column: ColumnResult, place: Place) -> str:
    """The tail after a place's winning reading, chosen by the witnesses of that reading."""
    if not place.winner.norm:
        return ""
    tails: dict[int, str] = {}
    for w in place.winner.witnesses:
        tokens = [column.cells[i][w] for i in range(place.start, place.end) if w in column.cells[i]]
        if tokens:
            tails[w] = tokens[-1].tail
    return _mode(result, tails, list(tails))


def _mode(result: Collation, values: dict[int, str], among: list[int]) -> str:
    """The value most witnesses in `among` have (by vote, then reliability, then order)."""
    distinct = {values[w] for w in among if w in values}
    if len(distinct) <= 1:  # the common case: every copy prints the same
        return distinct.pop() if distinct else ""
    score: dict[str, tuple[float, float, int]] = {}
    for w in among:
        if w not in values:
            continue
        vote = 1.0 if result.witnesses[w].votes else 0.0
        old = score.get(values[w], (0.0, 0.0, -w))
        score[values[w]] = (old[0] + vote, old[1] + result.reliability.get(w, 0.0), max(old[2], -w))
    return max(score, key=score.__getitem__) if score else ""


def consensus_text(result: Collation, marked: bool = False) -> str:
    """The consensus, one paragraph a line, in document order (ties as ⟦T<n>:…⟧ when `marked`)."""
    keyed: list[tuple[tuple[int, int, int], str]] = []
    by_column: dict[int, list[Place]] = {}
    for place in result.places:
        if not place.note.startswith("unit"):
            by_column.setdefault(place.column, []).append(place)
    for k, column in enumerate(result.columns):
        if not column.in_consensus:
            continue
        text = _render(result, column, by_column.get(k, []), marked) if marked else column.text
        for n, piece in enumerate(text.split("\n")):
            keyed.append((_piece_order(result, k, n, text.count("\n") + 1), piece))
    if marked:
        render_columns(result)  # marked rendering moved the offsets: put them back
    return "\n".join(piece for _, piece in sorted(keyed, key=lambda pair: pair[0]) if piece.strip())


def _piece_order(result: Collation, k: int, n: int, pieces: int) -> tuple[int, int, int]:
    """Sort key of piece n of column k: after the last column that begins before it in a copy."""
    if n == 0:
        return (k, 0, 0)
    column = result.columns[k].column
    for w, units in column.members.items():
        clause = result.witnesses[w].clauses[units[0]]
        if len(units) != 1 or len(clause.pieces) != pieces:
            continue
        paragraph = clause.pieces[n][0]
        before = [j for j, other in enumerate(result.columns)
                  if _first_paragraph(result, other, w) is not None
                  and _first_paragraph(result, other, w) < paragraph]
        return (max(before, default=k), 1, n)
    return (k, 1, n)


def _first_paragraph(result: Collation, column: ColumnResult, w: int) -> int | None:
    """Paragraph index where witness w's unit of this column begins (None if it has none)."""
    units = column.column.members.get(w)
    return result.witnesses[w].clauses[units[0]].paragraph_index if units else None


def tie_number(result: Collation, place: Place) -> int:
    """The number of a tie (T1, T2 … in document order)."""
    return 1 + [p for p in result.places if p.status == "tie"].index(place)


def tie_listing(result: Collation) -> list[str]:
    """One line per tie: clause, offset and every reading with its witnesses."""
    lines = []
    for n, place in enumerate([p for p in result.places if p.status == "tie"], start=1):
        readings = " | ".join(
            f"{r.shown or '(omitted)'} ({', '.join(result.witnesses[w].name for w in r.witnesses)})"
            for r in place.readings)
        lines.append(f"T{n} {place.clause_id} @{place.offset}: {readings}")
    return lines
