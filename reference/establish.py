"""Establish the bundled reference texts from the seed copies: `uv run python -m reference.establish`.

gangyao-2023 (质量强国建设纲要): seed 000 (the 新华社 release) cleaned by our own extraction is
the base text; seeds 001 (Traditional, converted by OpenCC during cleaning) and 004 (the notice
that attaches the full text) are read against it unit by unit (same clause ids). Wherever both
other witnesses agree on a reading that differs from 000, the majority reading is taken; any
other difference keeps 000's reading. Every difference is printed as a listing (the doubtful
readings are discussed in docs/references.md). Only the 纲要 body is kept: from the preamble
paragraph `建设质量强国是推动高质量发展…` to the end of （三十二）: no 新华社 lead, no boxes.

zhiliang-tisheng-2017 (关于开展质量提升行动的指导意见): seed 003 cleaned by our extraction, whose
legal-database header lines (法规标题/颁布时间/颁布主体/通过会议/法规正文) the cleaner removes.
"""

from __future__ import annotations

import argparse
import difflib
from dataclasses import dataclass
from pathlib import Path

from extract.model import CleanDocument
from reference.library import BUNDLED_DIR, store_reference
from reference.segment import segment
from reference.variants import CONVERSION_VARIANTS

SEEDS = Path(__file__).resolve().parent.parent / "tests" / "resources" / "seeds"
PREAMBLE_START = "建设质量强国是推动高质量发展"
BODY_KINDS = ("preamble", "section", "clause", "item")
VOTERS = ("001", "004")  # read against 000; a reading both share outvotes 000
EVIDENCE = "002"  # the corrupt newspaper copy: not a voter, but noted where it seconds a reading
MERGE_GAP = 1  # edits this close together form one difference

GANGYAO_META = {
    "title": "质量强国建设纲要",
    "issuer": "中共中央 国务院",
    "date": "2023-02-06",
    "source": "新华社 release of the main content (新华社北京2月6日电), seed 000_9b2215ac29e8729a",
    "note": (
        "seed 000 cleaned by policyqa's own text-copy extraction and cleaning; read against seeds "
        "001 (Traditional, OpenCC-converted) and 004 (notice attaching the full text), majority "
        "reading where both differ alike from 000; body only (preamble to （三十二）, no 新华社 lead, "
        "no 专栏 boxes); see docs/references.md"
    ),
}
ZHILIANG_META = {
    "title": "中共中央 国务院关于开展质量提升行动的指导意见",
    "issuer": "中共中央 国务院",
    "date": "2017-09-05",
    "source": "legal-database copy, seed 003_7545518e94772d14",
    "note": (
        "seed 003 cleaned by policyqa's own text-copy extraction and cleaning, without the "
        "database's header lines (法规标题/颁布时间/颁布主体/通过会议/法规正文); single witness"
    ),
}


@dataclass(frozen=True)
class Difference:
    """One place where a witness reads differently from the base text of a unit."""

    clause_id: str
    witness: str
    start: int  # offsets in the base unit text
    end: int
    base: str
    reading: str


def clean_seed(prefix: str) -> CleanDocument:
    """A seed read and cleaned as any text-copy witness is."""
    from extract.clean import clean_document
    from extract.textcopy import read_text_copy

    return clean_document(read_text_copy(next(SEEDS.glob(f"{prefix}_*.txt"))))


def body_units(clean: CleanDocument) -> dict[str, tuple[str, list[int]]]:
    """The 纲要 body of a cleaned copy: {clause id: (text, paragraph index of each text line)}."""
    units: dict[str, tuple[str, list[int]]] = {}
    for clause in segment(clean):
        if ":" in clause.clause_id or clause.kind not in BODY_KINDS:
            continue
        lines = clause.text.split("\n")
        places = [index for index, _, _ in clause.pieces]
        if clause.kind == "preamble":
            kept = [i for i, ln in enumerate(lines) if is_preamble_paragraph(ln)]
            lines, places = [lines[i] for i in kept[:1]], [places[i] for i in kept[:1]]
        if lines:
            units[clause.clause_id] = ("\n".join(lines), places)
    return units


def is_preamble_paragraph(line: str) -> bool:
    """True for the 纲要's preamble paragraph (also in a copy with regional vocabulary)."""
    return mainland_vocabulary(line)[0].startswith(PREAMBLE_START)


def in_paragraph_order(decided: list[tuple[str, list[int]]]) -> str:
    """The reference text: every unit's lines put back at their paragraphs, in document order."""
    placed: list[tuple[int, str]] = []
    for text, places in decided:
        lines = text.split("\n")
        if len(lines) != len(places):  # a paragraph break was adopted or dropped: keep it together
            lines = [text]
        placed += list(zip(places, lines))
    return "\n".join(line for _, line in sorted(placed, key=lambda pair: pair[0]))


def differences(clause_id: str, base: str, witness_name: str, reading: str) -> list[Difference]:
    """The places where one witness's unit text differs from the base text (near edits merged)."""
    matcher = difflib.SequenceMatcher(None, base, reading, autojunk=False)
    spans: list[list[int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if spans and i1 - spans[-1][1] <= MERGE_GAP and j1 - spans[-1][3] <= MERGE_GAP:
            spans[-1][1], spans[-1][3] = i2, j2  # 品質 for 质量 is one difference, not two
        else:
            spans.append([i1, i2, j1, j2])
    return [Difference(clause_id, witness_name, i1, i2, base[i1:i2], reading[j1:j2]) for i1, i2, j1, j2 in spans]


def decide(base: str, found: list[Difference], witnesses: int) -> tuple[str, list[Difference]]:
    """The unit text by majority: a reading shared by all other witnesses replaces the base."""
    counts: dict[tuple[int, int, str], int] = {}
    for diff in found:
        key = (diff.start, diff.end, diff.reading)
        counts[key] = counts.get(key, 0) + 1
    adopted = sorted(k for k, n in counts.items() if n == witnesses and witnesses >= 2)
    text = base
    for start, end, reading in reversed(adopted):
        text = text[:start] + reading + text[end:]
    return text, [d for d in found if (d.start, d.end, d.reading) in adopted]


def label(diff: Difference, adopted: list[Difference], base: str, evidence: str) -> str:
    """How a difference was judged, for the listing (noting when 002 reads the same)."""
    if diff in adopted:
        return "ADOPTED (both other witnesses agree)"
    before, after = base[max(0, diff.start - 3) : diff.start], base[diff.end : diff.end + 3]
    if mainland_vocabulary(before + diff.reading + after)[0] == before + diff.base + after:
        return "regional vocabulary (harmless)"
    theirs, ours = before + diff.reading + after, before + diff.base + after
    if evidence and theirs.strip() and theirs in evidence and ours not in evidence:
        return "000 kept (majority) — DOUBTFUL: 002 reads the same"
    return "000 kept (majority)"


def mainland_vocabulary(text: str) -> tuple[str, int]:
    """Text with regional words (品质 for 质量 …) put back to the mainland words, and how many."""
    count = 0
    for regional in sorted(CONVERSION_VARIANTS, key=len, reverse=True):
        count += text.count(regional)
        text = text.replace(regional, CONVERSION_VARIANTS[regional])
    return text, count


def establish_gangyao() -> tuple[str, list[str]]:
    """The gangyao-2023 text and the listing of every disagreement between 000, 001 and 004."""
    base = body_units(clean_seed("000"))
    others = {name: unit_texts(name) for name in VOTERS}
    evidence = unit_texts(EVIDENCE)
    decided_units: list[tuple[str, list[int]]] = []
    listing: list[str] = []
    for clause_id, (text, places) in base.items():
        found = [
            d
            for name, units in others.items()
            if clause_id in units
            for d in differences(clause_id, text, name, units[clause_id])
        ]
        decided, adopted = decide(text, found, sum(clause_id in u for u in others.values()))
        decided_units.append((decided, places))
        seconds = evidence.get(clause_id, "")
        listing += [_listing_line(d, text, label(d, adopted, text, seconds)) for d in found]
        listing += [f"{clause_id}: missing in {n}" for n, u in others.items() if clause_id not in u]
    return in_paragraph_order(decided_units), listing


def unit_texts(prefix: str) -> dict[str, str]:
    """{clause id: text} of the 纲要 body of one seed."""
    return {clause_id: unit[0] for clause_id, unit in body_units(clean_seed(prefix)).items()}


def _listing_line(diff: Difference, base: str, verdict: str) -> str:
    """One line of the disagreement listing, with ten characters of context."""
    before, after = base[max(0, diff.start - 10) : diff.start], base[diff.end : diff.end + 10]
    before, after = before.replace("\n", "⏎"), after.replace("\n", "⏎")
    return (
        f"{diff.clause_id} @{diff.start} {diff.witness}: 000 {diff.base!r} → {diff.reading!r}"
        f"  [{before}⟨⟩{after}]  {verdict}"
    )


def establish_zhiliang() -> str:
    """The zhiliang-tisheng-2017 text: seed 003 cleaned (its header lines removed by the cleaner)."""
    return clean_seed("003").text


def main(argv: list[str] | None = None) -> None:
    """Write both bundled references and print the gangyao-2023 disagreement listing."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=BUNDLED_DIR, help="library folder to write")
    parser.add_argument("--listing", type=Path, help="also write the disagreement listing here")
    args = parser.parse_args(argv)
    text, listing = establish_gangyao()
    for line in listing:
        print(line)
    if args.listing:
        args.listing.write_text("\n".join(listing) + "\n", encoding="utf-8")
    gangyao = store_reference("gangyao-2023", text, GANGYAO_META, args.out)
    zhiliang = store_reference("zhiliang-tisheng-2017", establish_zhiliang(), ZHILIANG_META, args.out)
    adopted = sum("ADOPTED" in line for line in listing)
    print(f"{len(listing)} differences, {adopted} adopted from the majority")
    for reference in (gangyao, zhiliang):
        print(f"wrote {reference.reference_id} version {reference.version}: {len(reference.clauses)} units")


if __name__ == "__main__":
    main()
