"""Compare a witness with a reference: one row per clause and a flag for every difference.

Rows: one ClauseRow per witness clause, in witness order, plus one per reference clause the
witness lacks (status `missing`), placed after the row of the reference clause before it. Such a
row holds a placeholder Clause with the reference clause's id, kind, title and numbers, empty
text and no place (page 0): the witness has nothing there.

Flags tied to witness text carry the *witness* clause id and offsets into that clause's text;
a missing clause's flag carries the reference clause id and no offsets. Reference text that a
newspaper continuation marker (`（上接一版）`, `（下转二版）`) puts on another page is one
missing_text/info flag at the marker (reference.continuation).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from extract.convert import DEFAULT_CONFIG
from extract.model import CleanDocument
from reference.align_chars import (
    Change,
    Joined,
    diff_keys,
    join_keys,
    join_segments,
    make_key,
    normalise_punctuation,
    subset,
)
from reference.align_clauses import (
    DASH_LIKE,
    Alignment,
    BoundaryMove,
    align_clauses,
    body_key,
    body_start,
    clause_segments,
    follow_moved_boundaries,
)
from reference.blocks import Block, cut_blocks, foreign_blocks, gram_index
from reference.classify import SEVERITY, ChangeContext, classify, gather_variants
from reference.continuation import (
    Marker, absorb, is_marker_only, marker_offsets, pair_cut_clause, strip_markers,
    witness_markers)
from reference.model import Clause, ClauseRow, Comparison, Flag, Identification, Reference
from reference.segment import locate, page_of
from reference.regional import (
    SIMPLIFIED, choose, grow_over_variants, predicted_changes, rough_key)

CONTEXT = 15  # witness characters quoted either side of a finding
NUMBERED = ("section", "clause", "box")  # kinds whose marker carries a printed number
LEAD_PROBE = 30  # key characters of a reference opening looked for in the witness
LEAD_SCORE = 75  # partial_ratio (0–100) the opening needs to count as found
LEAD_MIN = 4  # key characters of leading witness text before it counts as extra


def compare(
    witness: CleanDocument,
    clauses: list[Clause],
    reference: Reference,
    identification: Identification,
) -> Comparison:
    """Align `clauses` of `witness` with `reference` and flag every difference."""
    refs = reference.clauses
    alignment = align_clauses(clauses, refs)
    refs, moves = follow_moved_boundaries(clauses, refs, alignment)  # a lost paragraph break
    if moves:
        alignment = align_clauses(clauses, refs)
    markers = witness_markers(clauses)
    pair_cut_clause(alignment, markers, clauses, refs)
    ctx = _Context(witness, clauses, refs)
    groups = {w: sorted([w] + [f for f, head in alignment.split_of.items() if head == w])
              for w in alignment.pairs}
    ctx.variant, ctx.variant_of = _variants(ctx, alignment, groups)
    flags: list[Flag] = []
    for w, ref_idxs in alignment.pairs.items():
        pieces = groups[w]
        flags += _pair_flags(ctx, pieces, ref_idxs, ctx.variant_of[w])
        flags += _structure_flags(ctx, alignment, w, pieces, ref_idxs)
    flags += [_duplicate_flag(ctx, w, r) for w, r in alignment.duplicates.items()]
    flags += _extra_flags(ctx, alignment)
    flags += _missing_flags(ctx, alignment)
    flags += [_moved_boundary_flag(ctx, move) for move in moves]
    flags = absorb(flags, markers, clauses, refs, alignment.pairs, ctx.elsewhere)
    flags.sort(key=_reading_order(ctx, alignment))
    rows = _rows(ctx, alignment, flags)
    return Comparison(identification=identification, rows=rows, flags=flags,
                      reference_id=reference.reference_id, reference_version=reference.version,
                      variant=ctx.variant)


def _variants(ctx: _Context, alignment: Alignment,
              groups: dict[int, list[int]]) -> tuple[str, dict[int, str]]:
    """(document variant, variant of each aligned witness clause): "simplified" for a witness
    that was not converted, else the OpenCC candidate its original text is closest to."""
    if not ctx.witness.converted:
        return SIMPLIFIED, dict.fromkeys(alignment.pairs, SIMPLIFIED)
    heads = list(alignment.pairs)
    pairs = [("".join(ctx.body_keys[r] for r in alignment.pairs[w]),
              rough_key("".join(ctx.clauses[p].original or ctx.clauses[p].text
                                for p in groups[w]))) for w in heads]
    document, chosen = choose(pairs)
    return document, dict(zip(heads, chosen))


class _Context:
    """What every flag builder needs: the witness, its clauses and the reference clauses."""

    def __init__(self, witness: CleanDocument, clauses: list[Clause], refs: list[Clause]) -> None:
        self.witness = witness
        self.clauses = clauses
        self.refs = refs
        self.body_keys = [body_key(c) for c in refs]
        self.variant = SIMPLIFIED  # the witness's regional variant, and that of each aligned
        self.variant_of: dict[int, str] = {}  # witness clause (reference.regional)
        self.index = gram_index({c.clause_id: k for c, k in zip(refs, self.body_keys)})

    def page(self, clause: Clause, offset: int) -> int | None:
        """Page of the character at `offset` in `clause.text`."""
        return page_of(clause, offset, self.witness) or None

    def ocr(self, clause: Clause, offset: int) -> tuple[bool, float | None]:
        """(from OCR?, confidence) of the character at `offset` in `clause.text`."""
        paragraph_index, paragraph_offset = locate(clause, offset)
        paragraphs = self.witness.paragraphs
        if not 0 <= paragraph_index < len(paragraphs):
            return False, None
        span = paragraphs[paragraph_index].span_at(paragraph_offset)
        return (span is not None and span.source == "ocr"), (span.confidence if span else None)

    def elsewhere(self, marker: Marker, reference_text: str, detail: str) -> Flag:
        """The info flag of reference text a continuation marker says is on another page."""
        clause = self.clauses[marker.clause]
        point = marker.end if marker.direction == "from" else marker.start
        return self.flag("missing_text", clause, point, point, reference_text, detail, "info")

    def flag(self, kind: str, clause: Clause, start: int, end: int, reference_text: str,
             detail: str, severity: str | None = None) -> Flag:
        """A flag on clause text [start, end) with page, context and severity filled in."""
        text = clause.text
        start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
        context = text[max(0, start - CONTEXT) : end + CONTEXT]
        return Flag(kind=kind, severity=severity or SEVERITY[kind], clause_id=clause.clause_id,
                    section_no=clause.section_no, clause_no=clause.clause_no,
                    page=self.page(clause, start), reference_text=reference_text,
                    witness_text=text[start:end], context=context, detail=detail,
                    witness_start=start, witness_end=end)


def _pair_flags(ctx: _Context, pieces: list[int], ref_idxs: list[int], variant: str) -> list[Flag]:
    """Character-level flags of witness clauses `pieces` against reference clauses `ref_idxs`,
    a witness in regional `variant` (reference.regional)."""
    wclauses = [ctx.clauses[p] for p in pieces]
    rclauses = [ctx.refs[r] for r in ref_idxs]
    lost_items = any(ctx.refs[r].kind == "item" for r in ref_idxs[1:])
    wit = join_segments([c.text for c in wclauses], clause_segments(wclauses, lost_items))
    markers = [marker_offsets(c.text) for c in wclauses]  # continuation markers: not compared
    wit = subset(wit, [k for k, (p, o) in enumerate(wit.where) if o not in markers[p]])
    ref = join_segments([c.text for c in rclauses], clause_segments(rclauses))
    blocks = foreign_blocks(wit.key, {c.clause_id for c in rclauses}, ctx.index)
    if variant != SIMPLIFIED:
        blocks = [_grown(ctx, wit.key, b, variant) for b in blocks]
    flags = [_block_flag(ctx, wclauses, wit, b) for b in blocks]
    kept = subset(wit, cut_blocks(len(wit.key), blocks))
    lead, skip = _leading_extra(wclauses[0], rclauses[0], ref_idxs[0] == 0, ref.key, kept.key)
    if lead:
        piece, start, end = kept.span(0, lead)
        flags.append(ctx.flag("extra_content", wclauses[piece], start, end, "",
                              "text before the reference's opening: not part of the reference"))
    if skip:
        flags += _change_flags(ctx, wclauses, ref, kept, [Change(0, skip, lead, lead)])
    ref, kept = subset(ref, list(range(skip, len(ref.key)))), subset(kept, list(range(lead, len(kept.key))))
    flags += _key_change_flags(ctx, wclauses, ref, kept, variant)
    flags += _punctuation_flags(ctx, wclauses, ref, kept)
    return gather_variants(flags)


def _grown(ctx: _Context, wit_key: str, block: Block, variant: str) -> Block:
    """A pasted block of a converted witness grown over the regional forms at its ends."""
    source = next(i for i, c in enumerate(ctx.refs) if c.clause_id == block.source_id)
    start, end, src_start, src_end = grow_over_variants(
        wit_key, (block.wit_start, block.wit_end), ctx.body_keys[source],
        (block.source_start, block.source_end), variant, ctx.witness.opencc_config or DEFAULT_CONFIG)
    return Block(start, end, block.source_id, src_start, src_end)


def _leading_extra(wclause: Clause, rclause: Clause, first: bool, ref_key: str,
                   wit_key: str) -> tuple[int, int]:
    """(witness key chars before the reference's opening, reference key chars missing there).

    Only for a witness unit that opens the text (preamble, first clause) or lost its marker:
    a headline or news lead run into it is material beyond the reference.
    """
    if not (first or rclause.kind == "preamble" or wclause.kind != rclause.kind):
        return 0, 0
    if len(ref_key) >= LEAD_PROBE // 3 and wit_key:
        found = fuzz.partial_ratio_alignment(ref_key[:LEAD_PROBE], wit_key)
        if found is not None and found.score >= LEAD_SCORE and found.dest_start >= LEAD_MIN:
            return found.dest_start, found.src_start
    if wclause.kind != rclause.kind:
        changes = diff_keys(ref_key, wit_key)
        head = changes[0] if changes else None
        if head and head.ref_start == head.wit_start == 0 and head.wit_end >= LEAD_MIN and head.ref_end:
            return head.wit_end, head.ref_end
    return 0, 0


def _block_flag(ctx: _Context, wclauses: list[Clause], wit: Joined, block: Block) -> Flag:
    """One duplicated_block flag for a pasted run of another clause's text."""
    piece, start, end = wit.span(block.wit_start, block.wit_end)
    source = next(c for c in ctx.refs if c.clause_id == block.source_id)
    src = join_keys([source.text], [body_start(source.text)])
    return ctx.flag("duplicated_block", wclauses[piece], start, end,
                    src.quote(block.source_start, min(block.source_end, len(src.key))),
                    f"text of {block.source_id} repeated here")


def _key_change_flags(ctx: _Context, wclauses: list[Clause], ref: Joined, wit: Joined,
                      variant: str) -> list[Flag]:
    """Flags of the differences between the keys; in a converted witness those its regional
    variant predicts are conversion variants."""
    if variant == SIMPLIFIED:
        return _change_flags(ctx, wclauses, ref, wit, diff_keys(ref.key, wit.key))
    back = ctx.witness.opencc_config or DEFAULT_CONFIG
    changes = predicted_changes(ref.key, wit.key, variant, back)
    predicted = {ch for ch, is_variant in changes if is_variant}
    return _change_flags(ctx, wclauses, ref, wit, [ch for ch, _ in changes], predicted)


def _change_flags(ctx: _Context, wclauses: list[Clause], ref: Joined, wit: Joined,
                  changes: list[Change], predicted: set[Change] | None = None) -> list[Flag]:
    """One flag per merged character-level change between the keys (`predicted`: variants)."""
    converted = ctx.witness.converted
    flags = []
    for ch in changes:
        piece, start, end = wit.span(ch.wit_start, ch.wit_end)
        clause = wclauses[piece]
        ocr, confidence = ctx.ocr(clause, start)
        variant = predicted is not None and ch in predicted
        context = ChangeContext(
            at_clause_end=_at_clause_end(ch, ref, wit),
            reference_has_latin=_known_latin(ref.key, wit.key[ch.wit_start:ch.wit_end]),
            converted=converted,
            ocr=ocr, ocr_confidence=confidence, variant=variant)
        ref_key, wit_key = ref.key[ch.ref_start:ch.ref_end], wit.key[ch.wit_start:ch.wit_end]
        kind, severity = classify(ref_key, wit_key, context)
        if kind == "inserted_text" and _whole_paragraph(clause.text, start, end):
            kind, severity = "extra_clause", SEVERITY["extra_clause"]
        ref_text = ref.quote(ch.ref_start, ch.ref_end)
        detail = _change_detail(kind, ref_text, clause.text[start:end], clause, start)
        flags.append(ctx.flag(kind, clause, start, end, ref_text, detail, severity))
    return flags


def _at_clause_end(ch: Change, ref: Joined, wit: Joined) -> bool:
    """True when a change runs to the end of both keys, or to the end of one of several
    reference clauses keyed together (a merged group)."""
    if ch.ref_end == len(ref.key):
        return ch.wit_end == len(wit.key)
    return 0 < ch.ref_end and ref.where[ch.ref_end - 1][0] != ref.where[ch.ref_end][0]


def _whole_paragraph(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is a whole later paragraph of a clause (its marker aside)."""
    before = text[:start].rstrip("".join(DASH_LIKE) + " ")
    after = text[end:].split("\n", 1)[0]
    return before.endswith("\n") and not make_key(after).key


def _known_latin(reference: str, witness: str) -> bool:
    """True when every Latin word of `witness` also stands in the reference clause."""
    words = re.findall(r"[a-z]+", witness)
    return bool(words) and all(word in reference for word in words)


def _change_detail(kind: str, ref_text: str, wit_text: str, clause: Clause, start: int) -> str:
    """A one-line human description of a change."""
    if not wit_text:
        return f"reference text “{ref_text}” absent after “{clause.text[max(0, start - 6):start]}”"
    if not ref_text:
        return f"“{wit_text}” is not in the reference"
    return f"reference “{ref_text}” reads “{wit_text}”"


def _punctuation_flags(
    ctx: _Context, wclauses: list[Clause], ref: Joined, wit: Joined
) -> list[Flag]:
    """Info flags where punctuation between two matched characters differs."""
    flags = []
    for tag, i1, i2, j1, _j2 in Levenshtein.opcodes(ref.key, wit.key):
        if tag != "equal":
            continue
        for k in range(1, i2 - i1):
            (rp0, ro0), (rp1, ro1) = ref.where[i1 + k - 1], ref.where[i1 + k]
            (wp0, wo0), (wp1, wo1) = wit.where[j1 + k - 1], wit.where[j1 + k]
            if rp0 != rp1 or wp0 != wp1 or (ro1 - ro0 == 1 and wo1 - wo0 == 1):
                continue
            rpunct = normalise_punctuation(ref.texts[rp0][ro0 + 1 : ro1])
            wpunct = normalise_punctuation(strip_markers(wit.texts[wp0][wo0 + 1 : wo1]))
            if rpunct != wpunct:
                flags.append(ctx.flag("punctuation", wclauses[wp0], wo0 + 1, wo1,
                                      ref.texts[rp0][ro0 + 1 : ro1],
                                      f"punctuation “{rpunct}” reads “{wpunct}”"))
    return flags


def _structure_flags(
    ctx: _Context, alignment: Alignment, w: int, pieces: list[int], ref_idxs: list[int]
) -> list[Flag]:
    """Numbering, order, merge and split findings of one aligned group."""
    primary = next((r for r in ref_idxs if r not in alignment.merged), ref_idxs[0])
    clause, ref = ctx.clauses[w], ctx.refs[primary]
    pieces = [p for p in pieces if p != w]
    marker_end = body_start(clause.text)
    flags = []
    if w in alignment.moved:
        flags.append(ctx.flag("numbering_error", clause, 0, marker_end, ref.clause_id,
                              f"clause {ref.clause_id} appears out of order"))
    elif _numbering_differs(clause, ref):
        flags.append(ctx.flag("numbering_error", clause, 0, marker_end,
                              ref.text[: body_start(ref.text)],
                              f"marker differs from reference clause {ref.clause_id}"))
    merged = [ctx.refs[r] for r in ref_idxs if r in alignment.merged]
    if merged:
        ids = ", ".join(c.clause_id for c in merged)
        flags.append(ctx.flag("numbering_error", clause, 0, marker_end,
                              " ".join(c.text[: body_start(c.text)] for c in merged),
                              f"marker(s) of {ids} missing: their text runs on here"))
    for p in pieces:
        fragment = ctx.clauses[p]
        if fragment.kind in NUMBERED:
            flags.append(ctx.flag("numbering_error", fragment, 0, body_start(fragment.text), "",
                                  f"extra marker splits reference clause {ref.clause_id}"))
    return flags


def _numbering_differs(clause: Clause, ref: Clause) -> bool:
    """True when a numbered reference clause's printed number or marker differs in the witness."""
    if ref.kind not in NUMBERED:
        return False
    if clause.kind != ref.kind:
        return True
    number = {"section": "section_no", "clause": "clause_no", "box": "box_no"}[ref.kind]
    return getattr(clause, number) != getattr(ref, number)


def _moved_boundary_flag(ctx: _Context, move: BoundaryMove) -> Flag:
    """Info: text of a neighbouring unit filed under this one (reference.align_clauses)."""
    detail = f"text of {move.source_id} {move.why}, under {move.target_id}; nothing changed"
    return ctx.flag("moved_boundary", ctx.clauses[move.witness], move.start, move.end, move.text,
                    detail)


def _duplicate_flag(ctx: _Context, w: int, r: int) -> Flag:
    """A witness clause that repeats a reference clause already present."""
    clause, ref = ctx.clauses[w], ctx.refs[r]
    return ctx.flag("duplicated_block", clause, 0, len(clause.text), ref.text,
                    f"text of {ref.clause_id} repeated here")


def _runs(indices: list[int]) -> list[list[int]]:
    """Split sorted indices into runs of consecutive numbers."""
    runs: list[list[int]] = []
    for i in sorted(indices):
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _extra_flags(ctx: _Context, alignment: Alignment) -> list[Flag]:
    """One flag per contiguous run of witness clauses the reference does not have.

    A lone numbered clause or item is an `extra_clause` (error); longer runs, boxes, titles and
    unnumbered text are `extra_content` (info): a notice, 专栏 boxes, a transcript.
    """
    paired = sorted(alignment.pairs)
    flags = []
    for run in _runs([i for i in alignment.extra if not is_marker_only(ctx.clauses[i])]):
        first = ctx.clauses[run[0]]
        single_clause = len(run) == 1 and first.kind in ("clause", "item")
        kind = "extra_clause" if single_clause and paired else "extra_content"
        ids = ", ".join(ctx.clauses[i].clause_id for i in run[:5]) + (" …" if len(run) > 5 else "")
        detail = f"{len(run)} clause(s) beyond the reference: {ids}"
        flags.append(ctx.flag(kind, first, 0, len(first.text), "", detail))
    return flags


def _missing_flags(ctx: _Context, alignment: Alignment) -> list[Flag]:
    """One missing_clause flag per contiguous run of reference clauses the witness lacks."""
    owner = {r: w for w, refs in alignment.pairs.items() for r in refs}
    flags = []
    for run in _runs(alignment.missing):
        first = ctx.refs[run[0]]
        before = next((owner[r] for r in range(run[0] - 1, -1, -1) if r in owner), None)
        page = ctx.clauses[before].page_end or None if before is not None else None
        ids = ", ".join(ctx.refs[r].clause_id for r in run[:5]) + (" …" if len(run) > 5 else "")
        flags.append(Flag(kind="missing_clause", severity="error", clause_id=first.clause_id,
                          section_no=first.section_no, clause_no=first.clause_no, page=page,
                          reference_text=first.text, witness_text="", context="",
                          detail=f"{len(run)} reference clause(s) absent: {ids}"))
    return flags


def _reading_order(ctx: _Context, alignment: Alignment) -> Callable[[Flag], tuple[float, int]]:
    """Sort key putting flags in witness reading order, a missing clause after its predecessor."""
    position = {c.clause_id: float(i) for i, c in enumerate(ctx.clauses)}
    owner = {ctx.refs[r].clause_id: w for w, refs in alignment.pairs.items() for r in refs}
    for r in alignment.missing:
        before = next((owner[ctx.refs[x].clause_id] for x in range(r - 1, -1, -1)
                       if ctx.refs[x].clause_id in owner), -1)
        position.setdefault(ctx.refs[r].clause_id, before + 0.5)

    def key(flag: Flag) -> tuple[float, int]:
        """(clause position, offset) of a flag."""
        return position.get(flag.clause_id, float(len(ctx.clauses))), flag.witness_start or 0

    return key


def _rows(ctx: _Context, alignment: Alignment, flags: list[Flag]) -> list[ClauseRow]:
    """Rows in witness order, with placeholders for missing reference clauses."""
    counts: dict[str, int] = {}
    for flag in flags:
        counts[flag.clause_id] = counts.get(flag.clause_id, 0) + 1
    serious = {f.clause_id for f in flags if f.severity != "info"}
    owner = {r: w for w, refs in alignment.pairs.items() for r in refs}
    missing_after: dict[int, list[int]] = {}
    for r in alignment.missing:
        before = next((owner[x] for x in range(r - 1, -1, -1) if x in owner), -1)
        missing_after.setdefault(before, []).append(r)
    rows = [_missing_row(ctx.refs[r], counts) for r in missing_after.get(-1, [])]
    for w, clause in enumerate(ctx.clauses):
        rows.append(_witness_row(ctx, alignment, w, clause, counts, serious))
        rows += [_missing_row(ctx.refs[r], counts) for r in missing_after.get(w, [])]
    return rows


def _witness_row(ctx: _Context, alignment: Alignment, w: int, clause: Clause,
                 counts: dict[str, int], serious: set[str]) -> ClauseRow:
    """The row of one witness clause."""
    head = alignment.split_of.get(w, w)
    row = ClauseRow(clause=clause, flag_count=counts.get(clause.clause_id, 0),
                    variant=ctx.variant_of.get(head, ctx.variant))
    if head in alignment.pairs:
        refs = alignment.pairs[head]
        row.reference_clause_id = "+".join(ctx.refs[r].clause_id for r in refs)
        row.similarity = round(alignment.similarity.get(head, 0.0), 4)
        row.status = "changed" if clause.clause_id in serious else "matched"
    elif w in alignment.duplicates:
        row.reference_clause_id = ctx.refs[alignment.duplicates[w]].clause_id
        row.status = "duplicated"
    else:
        row.status = "extra"
    return row


def _missing_row(ref: Clause, counts: dict[str, int]) -> ClauseRow:
    """A placeholder row for a reference clause the witness lacks."""
    placeholder = replace(ref, text="", original="", page_start=0, page_end=0,
                          paragraph_index=0, start=0, end=0)
    return ClauseRow(clause=placeholder, reference_clause_id=ref.clause_id, similarity=0.0,
                     status="missing", flag_count=counts.get(ref.clause_id, 0))
