"""Flag kinds and severities of character-level differences: pure and table-driven.

Severity: `error` — the policy's wording changed; `warning` — probably changed, a person must
look; `info` — harmless (punctuation, regional vocabulary, text beyond the reference).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from reference.model import Flag
from reference.variants import all_confusable

OCR_LOW_CONFIDENCE = 0.9  # an OCR'd line below this is not trusted to the character
OCR_SURE = 0.98  # above this a one-character difference in OCR text is taken as real
TRUNCATION_MIN = 4  # key characters missing at the end of a clause before it counts as truncated
MISSING_TEXT_MIN = 20  # a deletion this long (a sentence or more) is missing text, not a deleted word

SEVERITY: dict[str, str] = {
    "duplicated_block": "error",  # text of another clause repeated: the wording changed
    "truncated_clause": "error",  # the clause stops early
    "missing_clause": "error",  # a whole clause absent
    "extra_clause": "error",  # a numbered clause the reference does not have
    "missing_text": "error",  # a sentence or more absent
    "extra_content": "info",  # notice, boxes, transcript: beyond the reference, not corruption
    "inserted_text": "error",
    "deleted_text": "error",
    "substituted_text": "error",
    "latin_intrusion": "error",  # Latin letters in Chinese text where the reference has none
    "visual_confusion": "error",  # look-alike characters swapped in a typeset copy
    "numbering_error": "warning",  # marker differs from the reference's: structure, not wording
    "conversion_variant": "info",  # a regional form the witness's OpenCC variant predicts
    "punctuation": "info",
    "ocr_suspect": "warning",  # a difference where OCR is unsure: a person must look
    "ocr_noise": "info",  # re-reading the spot agrees with the reference: a misreading (ocr_review)
    "moved_boundary": "info",  # a paragraph filed under the unit before it, every character there
}

_LATIN = re.compile(r"[a-z]")


@dataclass(frozen=True)
class ChangeContext:
    """What a classifier needs to know about where a change sits."""

    at_clause_end: bool = False  # the change runs to the end of both clause keys
    reference_has_latin: bool = False  # the reference clause has these very Latin words (GDP …)
    converted: bool = False  # the witness was converted from Traditional script
    ocr: bool = False  # the witness text here came from OCR
    ocr_confidence: float | None = None
    variant: bool = False  # the witness's regional variant predicts the change (reference.regional)


def classify(reference: str, witness: str, context: ChangeContext) -> tuple[str, str]:
    """(kind, severity) of a change from `reference` key text to `witness` key text."""
    kind = _kind(reference, witness, context)
    if context.ocr and kind in _OCR_DOUBTFUL and _ocr_doubtful(reference, witness, context):
        kind = "ocr_suspect"
    return kind, SEVERITY[kind]


_OCR_DOUBTFUL = {"substituted_text", "visual_confusion", "inserted_text", "deleted_text",
                 "latin_intrusion"}


def _kind(reference: str, witness: str, context: ChangeContext) -> str:
    """The flag kind, before OCR doubt is considered."""
    if context.variant:
        return "conversion_variant"
    if _LATIN.search(witness) and not _LATIN.search(reference) and not context.reference_has_latin:
        return "latin_intrusion"
    if not witness:
        return _deletion_kind(reference, context)
    if not reference:
        return "inserted_text"
    if context.at_clause_end and len(reference) >= TRUNCATION_MIN and len(witness) * 3 <= len(reference):
        return "truncated_clause"
    if all_confusable(reference, witness):
        return "visual_confusion"
    return "substituted_text"


def _deletion_kind(reference: str, context: ChangeContext) -> str:
    """Truncation at the end of a clause, a missing sentence, or a deleted word."""
    if context.at_clause_end and len(reference) >= TRUNCATION_MIN:
        return "truncated_clause"
    if len(reference) >= MISSING_TEXT_MIN:
        return "missing_text"
    return "deleted_text"


def _ocr_doubtful(reference: str, witness: str, context: ChangeContext) -> bool:
    """True when OCR confidence is low, the characters look alike, one character differs on a
    line the engine was not near-certain of (a typical misreading: 祉/社, 曝/爆), or one
    character is missing: a line's confidence averages the characters the engine emitted and
    so cannot vouch for one it skipped (a dropped 磋 in 对话与磋商 on a 0.995 line)."""
    confidence = context.ocr_confidence
    low = confidence is not None and confidence < OCR_LOW_CONFIDENCE
    single = max(len(reference), len(witness)) <= 1 and (confidence is None or confidence < OCR_SURE)
    dropped = len(reference) == 1 and not witness
    return low or single or dropped or all_confusable(reference, witness)


def gather_variants(flags: list[Flag]) -> list[Flag]:
    """Regional-variant findings of a clause become one info flag with a tally."""
    variants = [f for f in flags if f.kind == "conversion_variant"]
    if len(variants) <= 1:
        return flags
    tally: dict[str, int] = {}
    for f in variants:
        pair = f"{f.witness_text}→{f.reference_text}"
        tally[pair] = tally.get(pair, 0) + 1
    summary = "; ".join(f"{pair} ×{n}" for pair, n in sorted(tally.items(), key=lambda kv: -kv[1]))
    first = replace(variants[0], detail=f"{len(variants)} regional variants: {summary}")
    return [f for f in flags if f.kind != "conversion_variant"] + [first]
