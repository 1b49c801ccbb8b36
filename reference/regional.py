"""Which regional standard a Traditional witness follows, and which differences that predicts.

A Traditional witness is cleaned into Simplified (OpenCC `tw2s`, extract/convert.py) before it is
compared. To tell its harmless differences from corruption, the reference is converted the way a
copy of it would have been made: with each OpenCC configuration that writes a Traditional copy
(`s2t` plain, `s2tw` Taiwan, `s2twp` Taiwan with its phrases, `s2hk` Hong Kong, `s2hkp` Hong Kong
with its phrases; OpenCC's `t2tw`/`t2hk` chains give the same text as `s2tw`/`s2hk` after `s2t`),
each also after the regional words OpenCC lacks (`+words`, reference.variants.REGIONAL_WORDS).
The candidate whose Traditional text is closest to the witness's *original* (unconverted) text
is the witness's variant, per document and, where a clause is closer to another, per clause.

The reference so converted and then converted back as the witness was (`tw2s`) is the
*prediction*: how a faithful copy reads after cleaning. Every difference between the reference and
its prediction that the witness shows is a predicted variant (`conversion_variant`/info: 软件 →
软体, 卫 → 衞, 质量 → 品质); the witness is diffed against the prediction, so a corruption next to a
variant stays a corruption of its own, and every difference the prediction does not explain keeps
its kind. A copy may use one regional word and not another (seed 001 writes 軟體 as `s2twp` does
but 項目 where `s2twp` writes 專案): a difference that another candidate predicts at that place,
or where the witness keeps the reference's own word, is a variant or no difference at all.

Everything works on comparison keys (reference.align_chars.make_key: letters and digits only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from extract.convert import DEFAULT_CONFIG, to_simplified
from reference.align_chars import Change, diff_keys
from reference.variants import REGIONAL_WORDS

SIMPLIFIED = "simplified"  # the variant of a witness that was not converted
CONFIGS = ("s2t", "s2tw", "s2hk", "s2twp", "s2hkp")  # on a tie the earlier (plainer) one wins
WORDS = "+words"  # suffix: REGIONAL_WORDS applied before the OpenCC configuration
CANDIDATES = CONFIGS + tuple(c + WORDS for c in CONFIGS if c != "s2t")
SAMPLE = 24  # longest aligned clauses measured to choose the document's variant
WINDOW = 2  # reference characters either side converted on their own when context misleads
BLOCK_GAP = 2  # predicted differences this close together are one variant (互联网 → 网际网路)


@dataclass(frozen=True)
class Prediction:
    """A reference key, its prediction under one variant, and which stretches differ.

    `blocks` are (ref_start, ref_end, pred_start, pred_end): the predicted variants, in order,
    those closer than BLOCK_GAP merged. Between blocks the two keys are equal character for
    character. `fine` are the same stretches unmerged (a copy may use 網路 but not 數位 beside it).
    """

    variant: str
    reference: str
    predicted: str
    blocks: tuple[tuple[int, int, int, int], ...]
    fine: tuple[tuple[int, int, int, int], ...] = ()

    def expand(self, start: int, end: int, *, side: int,
               fine: bool = False) -> tuple[int, int, int, int]:
        """(ref_start, ref_end, pred_start, pred_end) covering key [start, end) of one side
        (0: reference, 1: prediction), widened to whole blocks (or `fine` blocks) it touches."""
        blocks = self.fine if fine else self.blocks
        lo, hi = start, end
        for block in blocks:
            b1, b2 = block[2 * side], block[2 * side + 1]
            if touches(b1, b2, start, end):
                lo, hi = min(lo, b1), max(hi, b2)
        o_lo, o_hi = lo, hi  # the same boundaries on the other side
        for block in blocks:
            b1, b2 = block[2 * side], block[2 * side + 1]
            shift = block[2 * (1 - side) + 1] - b2
            if b2 < lo or (b2 == lo and b1 < b2):
                o_lo = lo + shift
            if b2 <= hi:
                o_hi = hi + shift
        return (lo, hi, o_lo, o_hi) if side == 0 else (o_lo, o_hi, lo, hi)


def touches(b1: int, b2: int, start: int, end: int) -> bool:
    """True when span [start, end) overlaps block [b1, b2), or is an empty span inside it."""
    return (b1 < end and start < b2) or (start == end and b1 < start < b2)


def traditional(key: str, variant: str) -> str:
    """The reference key written as a copy in `variant` would write it (Traditional)."""
    config, _, words = variant.partition("+")
    text = _apply_words(key) if words else key
    return to_simplified(text, config) if text else text


@lru_cache(maxsize=4096)
def predict(key: str, variant: str, back: str = DEFAULT_CONFIG) -> Prediction:
    """The prediction of reference key `key` under `variant`, converted back with `back`."""
    predicted = _converted(key, variant, back)
    return Prediction(variant, key, predicted, _blocks(key, predicted, BLOCK_GAP),
                      _blocks(key, predicted, 0))


@lru_cache(maxsize=65536)
def _converted(key: str, variant: str, back: str) -> str:
    """A key converted to `variant` and back with `back`: still a key (letters only in, out)."""
    return to_simplified(traditional(key, variant), back)


def rough_key(text: str) -> str:
    """Letters and digits of `text`, lower-cased: make_key without NFKC folding, for measuring
    which candidate a witness's original text is closest to (a fold would shift all alike)."""
    return _NOT_KEY.sub("", text).lower()


_NOT_KEY = re.compile(r"[\W_]+")


def _blocks(reference: str, predicted: str, gap: int) -> tuple[tuple[int, int, int, int], ...]:
    """Stretches where the prediction differs from the reference. An edit that changes the
    length (a phrase: 互联网 → 网际网路 aligns as two edits around 网) joins the stretch up to
    `gap` characters before it; one-for-one replacements (件 → 体, 卫 → 衞) stay apart."""
    blocks: list[tuple[int, int, int, int]] = []
    if reference == predicted:
        return ()
    for op in Levenshtein.opcodes(reference, predicted):
        if op.tag == "equal":
            continue
        resized = op.src_end - op.src_start != op.dest_end - op.dest_start
        gap_before = op.src_start - blocks[-1][1] if blocks else None
        if gap_before is not None and (gap_before == 0 or resized and gap_before <= gap):
            r1, _r2, p1, _p2 = blocks.pop()
            blocks.append((r1, op.src_end, p1, op.dest_end))
        else:
            blocks.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
    return tuple(blocks)


def _apply_words(key: str) -> str:
    """Replace mainland words by the regional ones of REGIONAL_WORDS, longest first."""
    return _WORDS.sub(lambda m: REGIONAL_WORDS[m.group()], key)


_WORDS = re.compile("|".join(sorted(REGIONAL_WORDS, key=len, reverse=True)))



@lru_cache(maxsize=16384)
def _traditional_cached(key: str, variant: str) -> str:
    """traditional(), remembered: the reference's clauses recur in every copy compared."""
    return traditional(key, variant)


def distances(reference_key: str, original_key: str) -> dict[str, int]:
    """Edit distance of the witness's original key to each candidate's Traditional text."""
    return {v: Levenshtein.distance(_traditional_cached(reference_key, v), original_key)
            for v in CANDIDATES}


def choose(pairs: list[tuple[str, str]]) -> tuple[str, list[str]]:
    """(document variant, variant of each pair) for (reference key, original witness key) pairs.

    The document variant has the least total distance; a pair takes another candidate only when
    that one is strictly closer for it (a clause of a mixed copy). Pairs whose distance to the
    document variant is 0 are not measured again.
    """
    if not pairs:
        return CONFIGS[0], []
    sample = sorted(range(len(pairs)), key=lambda i: -len(pairs[i][0]))[:SAMPLE]
    totals = dict.fromkeys(CANDIDATES, 0)
    for i in sample:
        for variant, distance in distances(*pairs[i]).items():
            totals[variant] += distance
    document = min(CANDIDATES, key=lambda v: (totals[v], CANDIDATES.index(v)))
    chosen = []
    for ref_key, original_key in pairs:
        own = Levenshtein.distance(_traditional_cached(ref_key, document), original_key)
        if own == 0:
            chosen.append(document)
            continue
        found = distances(ref_key, original_key)
        best = min(CANDIDATES, key=lambda v: (found[v], CANDIDATES.index(v)))
        chosen.append(best if found[best] < own else document)
    return document, chosen


def predicted_changes(reference: str, witness: str, variant: str,
                      back: str = DEFAULT_CONFIG) -> list[tuple[Change, bool]]:
    """Differences from reference key to witness key, each with True when a variant predicts it.

    The witness is diffed against the prediction of `variant`; each difference is mapped back to
    the reference and split there into the changes the reference sees, which are predicted when
    any candidate's prediction reads as the witness at that place. A predicted variant the witness
    shows where it matches the prediction is a change marked True as well.
    """
    prediction = predict(reference, variant, back)
    raw = diff_keys(prediction.predicted, witness)
    regions = _regions(prediction, raw, len(witness))
    out: list[tuple[Change, bool]] = []
    for r1, r2, w1, w2 in regions:
        for ch in diff_keys(reference[r1:r2], witness[w1:w2]):
            change = Change(r1 + ch.ref_start, r1 + ch.ref_end, w1 + ch.wit_start, w1 + ch.wit_end)
            out.append(_explained(change, reference, witness, variant, back))
    out += _shown_variants(prediction, raw, witness)
    unique = dict.fromkeys(out)  # two changes inside one variant widen to the same change
    return sorted(unique, key=lambda item: (item[0].wit_start, item[0].ref_start))


def _regions(prediction: Prediction, raw: list[Change],
             wit_len: int) -> list[tuple[int, int, int, int]]:
    """Each witness–prediction change as (ref_start, ref_end, wit_start, wit_end), widened to
    whole predicted blocks; overlapping regions merged."""
    regions: list[tuple[int, int, int, int]] = []
    for ch in raw:
        r1, r2, p1, p2 = prediction.expand(ch.ref_start, ch.ref_end, side=1)
        w1, w2 = ch.wit_start - (ch.ref_start - p1), ch.wit_end + (p2 - ch.ref_end)
        w1, w2 = max(0, w1), min(wit_len, w2)
        if regions and (r1 <= regions[-1][1] or w1 <= regions[-1][3]):
            q1, _q2, v1, _v2 = regions.pop()
            r1, w1 = min(r1, q1), min(w1, v1)
        regions.append((r1, max(r2, r1), w1, max(w2, w1)))
    return regions


def _explained(change: Change, reference: str, witness: str, variant: str,
               back: str) -> tuple[Change, bool]:
    """The change, widened to the predicted variant that explains it if one does."""
    for candidate in (variant, *CANDIDATES):
        prediction = predict(reference, candidate, back)
        for fine in (False, True) if prediction.blocks else ():
            r1, r2, p1, p2 = prediction.expand(change.ref_start, change.ref_end, side=0, fine=fine)
            w1 = change.wit_start - (change.ref_start - r1)
            w2 = change.wit_end + (r2 - change.ref_end)
            if 0 <= w1 <= w2 <= len(witness) and witness[w1:w2] == prediction.predicted[p1:p2]:
                return Change(r1, r2, w1, w2), True
    return change, _window_explained(change, reference, witness, back)


def _window_explained(change: Change, reference: str, witness: str, back: str) -> bool:
    """True when some candidate, converting only a few characters around the change, writes
    the witness's text there: a copy converted word by word where OpenCC, segmenting the whole
    sentence, did not (网约出租车: 網約出租車 whole, but 出租车 alone is 計程車)."""
    for before in range(WINDOW + 1):
        for after in range(WINDOW + 1):
            r1, r2 = change.ref_start - before, change.ref_end + after
            w1, w2 = change.wit_start - before, change.wit_end + after
            if r1 < 0 or w1 < 0 or r2 > len(reference) or w2 > len(witness) or r1 == r2:
                continue
            window, seen = reference[r1:r2], witness[w1:w2]
            if any(_converted(window, c, back) == seen for c in CANDIDATES):
                return True
    return False


def _shown_variants(prediction: Prediction, raw: list[Change],
                    witness: str) -> list[tuple[Change, bool]]:
    """Predicted blocks that no witness–prediction change touches: the witness shows them."""
    out: list[tuple[Change, bool]] = []
    shift, k = 0, 0  # witness position minus prediction position after the raw changes passed
    for r1, r2, p1, p2 in prediction.blocks:
        while k < len(raw) and raw[k].ref_end <= p1 \
                and not touches(p1, p2, raw[k].ref_start, raw[k].ref_end):
            shift = raw[k].wit_end - raw[k].ref_end
            k += 1
        if k < len(raw) and touches(p1, p2, raw[k].ref_start, raw[k].ref_end):
            continue  # a region of its own
        w1, w2 = p1 + shift, p2 + shift
        if witness[w1:w2] == prediction.predicted[p1:p2]:
            out.append((Change(r1, r2, w1, w2), True))
    return out


def grow_over_variants(witness: str, span: tuple[int, int], source: str,
                       source_span: tuple[int, int], variant: str,
                       back: str = DEFAULT_CONFIG) -> tuple[int, int, int, int]:
    """A run of `witness` key pasted from reference key `source`, grown at both ends while the
    witness reads as the source's prediction does (a paste that ends in 專案 where the source
    has 项目). Returns (start, end, source_start, source_end); an end that falls inside a
    predicted variant is left where it is."""
    prediction = predict(source, variant, back)
    (start, end), (src_start, src_end) = span, source_span
    predicted = prediction.predicted
    lo, _hi, p_start, _ = prediction.expand(src_start, src_start, side=0)
    k = 0
    if lo == src_start:
        while k < start and k < p_start and witness[start - k - 1] == predicted[p_start - k - 1]:
            k += 1
        src_start = prediction.expand(p_start - k, p_start - k, side=1)[0]
    new_start = start - k
    _lo, hi, _, p_end = prediction.expand(src_end, src_end, side=0)
    k = 0
    if hi == src_end:
        while end + k < len(witness) and p_end + k < len(predicted) \
                and witness[end + k] == predicted[p_end + k]:
            k += 1
        src_end = prediction.expand(p_end + k, p_end + k, side=1)[1]
    return new_start, end + k, min(src_start, source_span[0]), max(src_end, source_span[1])
