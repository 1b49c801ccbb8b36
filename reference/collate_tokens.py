"""A witness clause as collation tokens: one token per comparison character, what it prints, its weight.

Collation compares copies on the same key as the two-way comparison (reference.align_chars:
NFKC, lower case, letters and digits only), so punctuation, its width and spacing are never
variants of substance: each token carries the text that follows it up to the next key character
(`tail`: punctuation, spaces, the `\\n` between paragraph pieces) only to print the consensus.

Regional vocabulary that OpenCC leaves (品质 for 质量, reference.variants.CONVERSION_VARIANTS) is
put back to the mainland word in `norm` (in copies that cleaning converted from Traditional), so 品质 and 质量 vote alike; `shown` keeps what the copy
prints, so such a place is still listed, as a regional variant. Cleaning has already converted
Traditional characters (extract.convert), so a Traditional copy compares on Simplified text.

A token's weight is 1 unless it was read by OCR with a confidence below HIGH_CONFIDENCE; then it
is that confidence, at least MIN_WEIGHT: a doubtful OCR reading counts less in the vote.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import NamedTuple

from extract.model import CleanDocument
from reference.align_chars import key_chars
from reference.align_clauses import body_start
from reference.model import Clause
from reference.variants import CONVERSION_VARIANTS

HIGH_CONFIDENCE = 0.90  # OCR readings at or above this count fully
MIN_WEIGHT = 0.25  # the least an OCR reading counts
_REGIONAL = sorted(CONVERSION_VARIANTS, key=len, reverse=True)
_REGIONAL_FIRST = frozenset(word[0] for word in _REGIONAL)


class Token(NamedTuple):
    """One comparison character of a witness clause (a named tuple: made once per character)."""

    norm: str  # one key character, regional words put back to mainland ones
    shown: str  # what the witness prints for it ('' for the tail end of a shortened regional word)
    tail: str  # the witness text after it, up to the next key character
    weight: float  # 0–1: how much the reading counts
    page: int  # page of the character (0: unknown)
    offset: int  # offset of the character in the clause text


@dataclass(frozen=True)
class ClauseTokens:
    """A witness clause ready to collate: its marker and leading punctuation, then its tokens."""

    head: str
    tokens: tuple[Token, ...]


def tokenise(clause: Clause, clean: CleanDocument | None = None, regional: bool | None = None) -> ClauseTokens:
    """The tokens of `clause` (pages and OCR weights read from `clean` when given).

    `regional`: put regional words back to mainland ones; by default only in a copy that cleaning
    converted from Traditional (`clean.converted`): 品质 is also a mainland word, and 工业品质量
    must not become 工业质量量.
    """
    if regional is None:
        regional = bool(clean is not None and clean.converted)
    text = clause.text
    raw: list[tuple[str, str, str, int]] = []  # (norm, shown, tail, offset)
    for offset in range(body_start(text), len(text)):
        chars = key_chars(text[offset])
        for k, char in enumerate(chars):
            raw.append((char, text[offset] if k == 0 else "", "", offset))
    if not raw:
        return ClauseTokens(text, ())
    for k, (norm, shown, _tail, offset) in enumerate(raw):
        end = raw[k + 1][3] if k + 1 < len(raw) else len(text)
        raw[k] = (norm, shown, text[offset + 1 : end] if end > offset else "", offset)
    provenance = _Provenance(clause, clean)
    tokens = [Token(norm, shown, tail, *provenance(offset), offset)
              for norm, shown, tail, offset in (mainland(raw) if regional else raw)]
    return ClauseTokens(text[: raw[0][3]], tuple(tokens))


Raw = tuple[str, str, str, int]
"""(norm, shown, tail, offset) of a token under construction."""


def mainland(raw: list[Raw]) -> list[Raw]:
    """Regional words replaced by mainland ones in the norms, longest first, left to right.

    Each token keeps one norm character: a shorter mainland word leaves its last token printing
    the rest of the regional word (its tails between included); a longer one adds tokens that
    print nothing.
    """
    joined = "".join(r[0] for r in raw)
    out: list[Raw] = []
    i = 0
    while i < len(raw):
        word = None
        if joined[i] in _REGIONAL_FIRST:
            word = next((w for w in _REGIONAL if joined.startswith(w, i)), None)
        if word is None:
            out.append(raw[i])
            i += 1
            continue
        out.extend(_replace(raw[i : i + len(word)], CONVERSION_VARIANTS[word]))
        i += len(word)
    return out


def _replace(tokens: list[Raw], target: str) -> list[Raw]:
    """The tokens of one regional word re-spelt as the mainland word `target`."""
    cut = min(len(target), len(tokens)) - 1
    tail_end = tokens[cut:]
    rest = "".join(t[1] + (t[2] if k < len(tail_end) - 1 else "") for k, t in enumerate(tail_end))
    kept = [t[1:] for t in tokens[:cut]] + [(rest, tokens[-1][2], tokens[cut][3])]
    kept += [("", "", tokens[-1][3])] * (len(target) - len(kept))
    if len(target) > len(tokens):  # the last printed token's tail goes after the added ones
        kept[cut] = (kept[cut][0], "", kept[cut][2])
        kept[-1] = ("", tokens[-1][2], tokens[-1][3])
    return [(norm, *k) for norm, k in zip(target, kept)]


class _Provenance:
    """(weight, page) of a character of a clause's text, read from the cleaned document's spans."""

    def __init__(self, clause: Clause, clean: CleanDocument | None) -> None:
        self.clause, self.clean = clause, clean
        pieces = clause.pieces or ((clause.paragraph_index, clause.start, clause.end),)
        self.pieces = pieces
        self.starts = []  # offset in clause.text where each piece begins
        position = 0
        for _index, start, end in pieces:
            self.starts.append(position)
            position += end - start + 1

    def __call__(self, offset: int) -> tuple[float, int]:
        clause, clean = self.clause, self.clean
        if clean is None:
            return 1.0, clause.page_start
        k = max(0, bisect_right(self.starts, offset) - 1)
        paragraph_index, start, end = self.pieces[k]
        if not 0 <= paragraph_index < len(clean.paragraphs):
            return 1.0, clause.page_start
        span = clean.paragraphs[paragraph_index].span_at(min(start + offset - self.starts[k], max(end - 1, start)))
        if span is None:
            return 1.0, clause.page_start
        return ocr_weight(span.confidence if span.source == "ocr" else None), span.page


def ocr_weight(confidence: float | None) -> float:
    """How much a reading counts: 1 for text layers and sure OCR, else its confidence (≥ MIN_WEIGHT)."""
    if confidence is None or confidence >= HIGH_CONFIDENCE:
        return 1.0
    return max(MIN_WEIGHT, float(confidence))
