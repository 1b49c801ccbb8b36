"""Character-level multiple alignment of one column: a progressive alignment against a profile.

The first witness's tokens found the positions. Each further witness is aligned (rapidfuzz
Levenshtein opcodes) with the profile string, which holds at every position the character most
witnesses (by weight) read there; equal and replaced characters join their position, inserted
ones open new positions (where every earlier witness then has nothing), and deleted positions
stay empty for that witness. The result is a grid: per position, the token of each witness that
has one. Cost: one alignment per witness and column, so it grows linearly with the copies.
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from reference.collate_tokens import Token

Cell = dict[int, Token]
"""One position of the grid: witness index -> its token there (absent: the witness has none)."""


def align_column(sequences: dict[int, list[Token]]) -> list[Cell]:
    """The grid of one column, witnesses taken longest first (ties by index)."""
    order = sorted(sequences, key=lambda w: (-len(sequences[w]), w))
    cells: list[Cell] = []
    votes: list[dict[str, float]] = []
    for w in order:
        cells, votes = _add(cells, votes, w, sequences[w])
    return cells


def _add(cells: list[Cell], votes: list[dict[str, float]], w: int,
         tokens: list[Token]) -> tuple[list[Cell], list[dict[str, float]]]:
    """Merge one witness's tokens into the grid."""
    profile = "".join(max(v, key=v.__getitem__) for v in votes)
    text = "".join(t.norm for t in tokens)
    new_cells: list[Cell] = []
    new_votes: list[dict[str, float]] = []
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(profile, text):
        if tag in ("equal", "replace"):
            for i, j in zip(range(i1, i2), range(j1, j2)):
                _vote(cells[i], votes[i], w, tokens[j])
                new_cells.append(cells[i])
                new_votes.append(votes[i])
        elif tag == "delete":
            new_cells.extend(cells[i1:i2])
            new_votes.extend(votes[i1:i2])
        else:  # insert: positions only this witness (so far) has
            for j in range(j1, j2):
                cell: Cell = {}
                vote: dict[str, float] = {}
                _vote(cell, vote, w, tokens[j])
                new_cells.append(cell)
                new_votes.append(vote)
    return new_cells, new_votes


def _vote(cell: Cell, vote: dict[str, float], w: int, token: Token) -> None:
    cell[w] = token
    vote[token.norm] = vote.get(token.norm, 0.0) + token.weight + 1e-6  # zero weight still counts a little


def split_tokens(tokens: list[Token], parts: list[str]) -> list[list[Token]]:
    """Cut one merged unit's tokens into pieces matching the consecutive texts `parts`.

    The unit's norms are aligned with the joined parts; each cut between two parts falls at the
    witness position that the alignment pairs with that boundary.
    """
    joined = "".join(parts)
    text = "".join(t.norm for t in tokens)
    mapping = _position_map(joined, text)
    cuts, at = [], 0
    for part in parts[:-1]:
        at += len(part)
        cuts.append(mapping[at])
    bounds = [0, *cuts, len(tokens)]
    return [tokens[a:max(a, b)] for a, b in zip(bounds, bounds[1:])]


def _position_map(source: str, dest: str) -> list[int]:
    """For every position 0..len(source) of `source`, the aligned position in `dest`."""
    mapping = [0] * (len(source) + 1)
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(source, dest):
        for i in range(i1, i2 + 1):
            mapping[i] = j1 + min(i - i1, j2 - j1) if tag != "delete" else j1
    mapping[len(source)] = len(dest)
    return mapping
