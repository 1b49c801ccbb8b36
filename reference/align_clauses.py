"""Clause-level alignment of witness clauses with reference clauses, by number and content.

An order-keeping dynamic programme pairs clauses whose comparison keys are alike (a shared
clause id adds a bonus, so a clause whose body was replaced still pairs with its number).
What is left over is then explained: a witness clause that repeats a paired reference clause
is a duplicate; one that matches an unpaired reference clause out of order was moved; a
fragment of a neighbour's reference clause is a split; a reference clause found inside a
neighbour's witness text was merged into it; the rest is missing or extra.

A moved unit boundary is no corruption (`follow_moved_boundaries`): a reflowed copy that lost the
paragraph break before an unmarked paragraph (`…发展环境更加优化。到2035年，…`, where `到2035年…`
closes clause （二） after its last `——` item) puts that paragraph at the end of the unit before it.
Every character is there once, in reference order; only the unit it was filed under differs. The
reference's units are then cut as the witness's are, for this comparison only, and the move is one
info flag instead of a truncated clause plus a duplicated block. The other way round, a copy with an
extra paragraph break inside an item (`——产品、工程、服务质量水平显著提升。` ⏎ `质量供给和需求…`) files
the unmarked second half under the item's clause; the item's tail then moves to that clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np
from rapidfuzz import fuzz, process

from reference.align_chars import Segment, make_key
from reference.model import Clause

MIN_MATCH = 0.45  # similarity a content-only pair needs (0–1)
ID_BONUS = 0.30  # added when witness and reference clause ids agree
DUPLICATE_MIN = 0.85  # an unpaired witness clause this close to a paired reference is a repeat
MOVED_MIN = 0.60  # an unpaired witness clause this close to an unpaired reference was moved
CONTAINED_MIN = 90  # partial_ratio (0–100) for a split fragment or merged clause
DASH_LIKE = ("一", "—", "-", "－", "_")  # what an item marker `——` becomes when misread
FRAGMENT_MIN = 6  # key characters a split fragment or merged clause needs
BETWEEN_MIN = 60  # partial_ratio for a clause whose neighbours on both sides merged into one

_MARKER = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十百零〇]+\s*[)）]|[一二三四五六七八九十百]+\s*[、.．]"
    r"|——|—|专栏\s*[0-9０-９一二三四五六七八九十]+|[0-9０-９]+\s*[.．、])\s*"
)


def body_start(text: str) -> int:
    """Offset where a clause's body begins, after its marker (`（三）`, `一、`, `——`, `专栏2`)."""
    match = _MARKER.match(text)
    return match.end() if match else 0


def body_key(clause: Clause) -> str:
    """Comparison key of a clause's body (marker excluded)."""
    return make_key(clause.text[body_start(clause.text):]).key


def clause_segments(clauses: list[Clause], lost_items: bool = False) -> list[Segment]:
    """The paragraph pieces of `clauses` (markers left out), in the document's paragraph order.

    A clause's pieces need not be contiguous (（二）主要目标's closing paragraph follows its
    items), so a group of clauses is keyed in paragraph order, not clause by clause. With
    `lost_items` (reference items merged into the clause: their `——` was not recognised, as
    when OCR reads it as `一`), a dash-like first character of a later paragraph is a marker.
    Cleaning restores such markers on OCR'd lines where the page geometry shows them
    (extract.linebreaks.restore_item_markers); this covers the lines it leaves alone (a lone `一`
    whose box fits its text) and copies that lost their markers before they reached us.
    """
    ordered = []
    for i, clause in enumerate(clauses):
        parts = clause.text.split("\n")
        paragraphs = ([p[0] for p in clause.pieces] if len(clause.pieces) == len(parts)
                      else [clause.paragraph_index] * len(parts))
        offset = 0
        for k, (part, paragraph) in enumerate(zip(parts, paragraphs)):
            start = offset + (body_start(clause.text) if k == 0 else 0)
            if k and lost_items:  # `——` misread as `一`, `一一`, `-一` …
                start += len(part[:2]) - len(part[:2].lstrip("".join(DASH_LIKE)))
            ordered.append((paragraph, i, k, (i, min(start, offset + len(part)), offset + len(part))))
            offset += len(part) + 1
    return [segment for *_order, segment in sorted(ordered)]


@dataclass
class Alignment:
    """Which reference clauses each witness clause stands for, and what is left over."""

    pairs: dict[int, list[int]] = field(default_factory=dict)  # witness idx -> reference idxs
    split_of: dict[int, int] = field(default_factory=dict)  # fragment witness idx -> paired idx
    duplicates: dict[int, int] = field(default_factory=dict)  # witness idx -> reference idx
    moved: set[int] = field(default_factory=set)  # witness idxs paired out of order
    extra: list[int] = field(default_factory=list)  # witness idxs
    missing: list[int] = field(default_factory=list)  # reference idxs
    merged: dict[int, int] = field(default_factory=dict)  # reference idx -> witness idx
    similarity: dict[int, float] = field(default_factory=dict)  # witness idx -> 0–1


def align_clauses(witness: list[Clause], reference: list[Clause]) -> Alignment:
    """Align witness clauses with reference clauses (see the module docstring)."""
    wkeys = [body_key(c) for c in witness]
    rkeys = [body_key(c) for c in reference]
    scores = _score_matrix(wkeys, rkeys)
    weights = scores + ID_BONUS * _same_id(witness, reference) - MIN_MATCH
    result = Alignment(pairs={w: [r] for w, r in _monotone_pairs(weights)})
    _explain_witness_leftovers(result, wkeys, rkeys, scores)
    _explain_reference_leftovers(result, wkeys, rkeys)
    for w, refs in result.pairs.items():
        result.similarity[w] = fuzz.ratio("".join(rkeys[r] for r in refs), wkeys[w]) / 100
    return result


def _score_matrix(wkeys: list[str], rkeys: list[str]) -> np.ndarray:
    """Similarity 0–1 of every witness key with every reference key."""
    if not wkeys or not rkeys:
        return np.zeros((len(wkeys), len(rkeys)))
    return process.cdist(wkeys, rkeys, scorer=fuzz.ratio, dtype=np.float32) / 100.0


def _same_id(witness: list[Clause], reference: list[Clause]) -> np.ndarray:
    """1 where the witness and reference clause ids and kinds agree, else 0."""
    ref_ids = {(c.clause_id, c.kind): j for j, c in enumerate(reference)}
    same = np.zeros((len(witness), len(reference)))
    for i, clause in enumerate(witness):
        j = ref_ids.get((clause.clause_id, clause.kind))
        if j is not None:
            same[i, j] = 1.0
    return same


def _monotone_pairs(weights: np.ndarray) -> list[tuple[int, int]]:
    """Order-keeping pairs maximising the summed positive weights (weighted LCS)."""
    n, m = weights.shape
    best = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        row, prev, w = best[i], best[i - 1], weights[i - 1]
        for j in range(1, m + 1):
            diag = prev[j - 1] + w[j - 1] if w[j - 1] > 0 else -1.0
            row[j] = max(prev[j], row[j - 1], diag)
    pairs: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 and j > 0:
        if weights[i - 1, j - 1] > 0 and best[i, j] == best[i - 1, j - 1] + weights[i - 1, j - 1]:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif best[i, j] == best[i - 1, j]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def _explain_witness_leftovers(
    result: Alignment, wkeys: list[str], rkeys: list[str], scores: np.ndarray
) -> None:
    """Sort unpaired witness clauses into duplicates, moved clauses, split fragments, extras."""
    paired_refs = {r for refs in result.pairs.values() for r in refs}
    for w in range(len(wkeys)):
        if w in result.pairs:
            continue
        best = int(np.argmax(scores[w])) if scores.shape[1] and wkeys[w] else -1
        score = float(scores[w, best]) if best >= 0 else 0.0
        if best < 0:
            result.extra.append(w)  # nothing to compare: no reference, or no letters at all
        elif best in paired_refs and score >= DUPLICATE_MIN:
            result.duplicates[w] = best
        elif best not in paired_refs and score >= MOVED_MIN:
            result.pairs[w] = [best]
            result.moved.add(w)
            paired_refs.add(best)
        elif (head := _split_head(result, w, wkeys, rkeys)) is not None:
            result.split_of[w] = head
        else:
            result.extra.append(w)
    result.pairs = dict(sorted(result.pairs.items()))


def _split_head(result: Alignment, w: int, wkeys: list[str], rkeys: list[str]) -> int | None:
    """The neighbouring paired witness clause whose reference text holds fragment `w`, if any."""
    if len(wkeys[w]) < FRAGMENT_MIN:
        return None
    before = w - 1
    while before >= 0 and before in result.split_of:
        before = result.split_of[before]
    for head in (before, w + 1):
        if head < 0 or head not in result.pairs or wkeys[w] in wkeys[head]:
            continue  # a repeat inside its neighbour is not a fragment of the reference
        ref_text = "".join(rkeys[r] for r in result.pairs[head])
        if fuzz.partial_ratio(wkeys[w], ref_text) >= CONTAINED_MIN:
            return head
    return None


def _explain_reference_leftovers(result: Alignment, wkeys: list[str], rkeys: list[str]) -> None:
    """Sort unpaired reference clauses into merged (found in a neighbour's witness) or missing."""
    owner = {r: w for w, refs in result.pairs.items() for r in refs}
    changed = True
    while changed:  # a merge can make the next clause's neighbour a host
        changed = False
        for r in range(len(rkeys)):
            host = None if r in owner else _merge_host(r, owner, wkeys, rkeys)
            if host is not None:
                result.merged[r] = host
                result.pairs[host] = sorted(result.pairs[host] + [r])
                owner[r] = host
                changed = True
    result.missing = [r for r in range(len(rkeys)) if r not in owner]


def _merge_host(r: int, owner: dict[int, int], wkeys: list[str], rkeys: list[str]) -> int | None:
    """The witness clause of the nearest paired reference clauses that holds `r`'s text, if any."""
    if len(rkeys[r]) < FRAGMENT_MIN:
        return None
    before = next((owner[x] for x in range(r - 1, -1, -1) if x in owner), None)
    after = next((owner[x] for x in range(r + 1, len(rkeys)) if x in owner), None)
    threshold = BETWEEN_MIN if before is not None and before == after else CONTAINED_MIN
    for host in (before, after):
        if host is None:
            continue
        own = sum(len(rkeys[x]) for x, w in owner.items() if w == host)
        roomy = len(wkeys[host]) >= own + 0.6 * len(rkeys[r])
        if roomy and fuzz.partial_ratio(rkeys[r], wkeys[host]) >= threshold:
            return host
    return None


@dataclass(frozen=True)
class BoundaryMove:
    """Reference text `text` of unit `source_id` sits in witness clause `witness` ([start, end) of
    its text), which stands for reference unit `target_id`."""

    witness: int
    start: int
    end: int
    source_id: str
    target_id: str
    text: str
    why: str  # what the copy did, for the flag's detail


def follow_moved_boundaries(
    witness: list[Clause], reference: list[Clause], alignment: Alignment
) -> tuple[list[Clause], list[BoundaryMove]]:
    """Reference clauses re-cut where the witness filed an unmarked paragraph under the unit before
    it (see the module docstring), and the moves; `reference` itself is not changed.

    A move needs: the reference paragraph is a continuation piece (no marker) of its unit and
    follows, in reading order, the last piece of another unit; both units have witness clauses
    (the one with the same id, else a one-to-one pair); the witness clause of the earlier unit ends with the paragraph's text (≥
    CONTAINED_MIN) and the witness clause of its own unit does not hold it.
    """
    refs = list(reference)
    owner = {refs_[0]: w for w, refs_ in alignment.pairs.items() if len(refs_) == 1}
    by_id = {(c.clause_id, c.kind): w for w, c in enumerate(witness)}
    for r, clause in enumerate(refs):  # the same unit by id first: a unit the move cut short or
        w = by_id.get((clause.clause_id, clause.kind))  # filled up may pair by content elsewhere
        if w is not None:
            owner[r] = w
    moves: list[BoundaryMove] = []
    for before, (r, k) in _soft_boundaries(refs):
        move = _run_on(witness, refs, owner, before, r, k)
        if move is not None:
            moves.append(move)
            refs[before], refs[r] = _moved_piece(refs[before], refs[r], k)
    paired = {w: r for r, w in owner.items()}
    for before, (w, k) in _soft_boundaries(witness):
        if before in paired and w in paired:
            cut = _split_off(witness, refs, (before, paired[before]), (w, paired[w]), k)
            if cut is not None:
                move, refs[paired[before]], refs[paired[w]] = cut
                moves.append(move)
    return refs, moves


def _pieces(clause: Clause) -> list[tuple[int, int, int]]:
    return list(clause.pieces) or [(clause.paragraph_index, clause.start, clause.end)]


def _soft_boundaries(refs: list[Clause]) -> list[tuple[int, tuple[int, int]]]:
    """(clause before, (clause, piece k > 0)) where an unmarked continuation piece follows, in
    paragraph order, the last piece of another clause."""
    order = sorted((p[0], p[1], c, k) for c, clause in enumerate(refs)
                   for k, p in enumerate(_pieces(clause)))
    last = {c: len(_pieces(clause)) - 1 for c, clause in enumerate(refs)}
    whole = {c for c, clause in enumerate(refs) if clause.text.count("\n") == last[c]}
    found = []
    for (_p, _s, c0, k0), (_q, _t, c1, k1) in zip(order, order[1:]):
        if c0 != c1 and k0 == last[c0] and k1 > 0 and c1 in whole:
            found.append((c0, (c1, k1)))
    return found


def _run_on(witness: list[Clause], refs: list[Clause], owner: dict[int, int],
            before: int, r: int, k: int) -> BoundaryMove | None:
    """The move of piece k of reference clause r to the end of the witness clause of `before`."""
    if before not in owner or r not in owner:
        return None
    piece_text = refs[r].text.split("\n")[k]
    piece_key = make_key(piece_text).key
    host, own = make_key(witness[owner[before]].text), make_key(witness[owner[r]].text).key
    if len(piece_key) < FRAGMENT_MIN or not host.key.endswith(piece_key[-FRAGMENT_MIN:]):
        return None
    tail = host.key[-len(piece_key) - FRAGMENT_MIN :]
    found = fuzz.partial_ratio_alignment(piece_key, tail)
    if found is None or found.score < CONTAINED_MIN:
        return None
    if fuzz.partial_ratio(piece_key, own) >= CONTAINED_MIN:
        return None  # the unit holds the paragraph itself: a repeat, not a move
    first = len(host.key) - len(tail) + found.dest_start
    start, end = host.text_span(first, len(host.key))[0], len(host.text.rstrip())  # to its 。
    return BoundaryMove(owner[before], start, end, refs[r].clause_id, refs[before].clause_id,
                        piece_text, "runs on here: the paragraph break before it is lost")


def _split_off(witness: list[Clause], refs: list[Clause], first: tuple[int, int],
               second: tuple[int, int], k: int) -> tuple[BoundaryMove, Clause, Clause] | None:
    """Witness piece k of clause w (paired with reference r2) is the tail of reference clause r1,
    paired with the witness clause w1 before it: the move, r1 without that tail, r2 with it as a
    piece in paragraph order. `first` is (w1, r1), `second` (w, r2)."""
    (w1, r1), (w, r2) = first, second
    part = witness[w].text.split("\n")[k]
    part_key, last = make_key(part).key, make_key(refs[r1].text.split("\n")[-1])
    if len(part_key) < FRAGMENT_MIN or len(last.key) <= len(part_key):
        return None
    found = fuzz.partial_ratio_alignment(part_key, last.key[-len(part_key) - FRAGMENT_MIN :])
    lacks = (fuzz.partial_ratio(part_key, make_key(c.text).key) < CONTAINED_MIN
             for c in (refs[r2], witness[w1]))
    if found is None or found.score < CONTAINED_MIN or not all(lacks):
        return None
    cut = last.index[len(last.key) - len(part_key) - FRAGMENT_MIN + found.dest_start]
    head, tail = _cut_last(refs[r1], cut)
    start = sum(len(p) + 1 for p in witness[w].text.split("\n")[:k])
    move = BoundaryMove(w, start, start + len(part), refs[r1].clause_id, refs[r2].clause_id, part,
                        "starts a paragraph of its own here: an extra paragraph break")
    return move, head, _with_piece(refs[r2], tail)


def _cut_last(clause: Clause, cut: int) -> tuple[Clause, tuple[str, tuple[int, int, int]]]:
    """`clause` with its last piece ending at text offset `cut` of that piece, and the cut tail."""
    parts, pieces = clause.text.split("\n"), _pieces(clause)
    paragraph, start, end = pieces[-1]
    head = replace(clause, text="\n".join([*parts[:-1], parts[-1][:cut]]),
                   pieces=(*pieces[:-1], (paragraph, start, start + cut)))
    return head, (parts[-1][cut:], (paragraph, start + cut, end))


def _with_piece(clause: Clause, piece: tuple[str, tuple[int, int, int]]) -> Clause:
    """`clause` with one more piece, its text part placed in paragraph order."""
    entries = sorted([*zip(clause.text.split("\n"), _pieces(clause)), piece], key=lambda e: e[1])
    return replace(clause, text="\n".join(t for t, _ in entries), pieces=tuple(p for _, p in entries))


def _moved_piece(target: Clause, source: Clause, k: int) -> tuple[Clause, Clause]:
    """`target` with piece k of `source` appended, and `source` without it."""
    parts, pieces = source.text.split("\n"), _pieces(source)
    target = replace(target, text=target.text + "\n" + parts[k],
                     pieces=(*_pieces(target), pieces[k]))
    source = replace(source, text="\n".join(parts[:k] + parts[k + 1 :]),
                     pieces=tuple(pieces[:k] + pieces[k + 1 :]))
    return target, source
