"""Which OpenCC configuration turns seed 001 (Traditional, Taiwan vocabulary) closest to seed 000.

Both seeds are cleaned without conversion; 001's clean text is converted with each
configuration and aligned with 000's clean text (rapidfuzz Levenshtein opcodes). Printed per
configuration: similarity (1 - distance / longer length), edit distance, "introduced" (differences
from 000 that plain t2s does not have: words the configuration changed although t2s left them
matching 000, e.g. tw2sp's 建立→创建) and the most frequent differing pairs. Run: `uv run python bench/bench_opencc.py`.

A second table goes the other way, as comparison does (reference/regional.py): the gangyao-2023
reference converted with each candidate that writes a Traditional copy, and the edit distance of
001's original (unconverted) key to it: the least is the variant 001 is compared as.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from extract.clean import clean_document
from extract.convert import to_simplified
from extract.textcopy import read_text_copy

SEEDS = Path(__file__).resolve().parent.parent / "tests" / "resources" / "seeds"
CONFIGS = ["t2s", "tw2s", "tw2sp", "hk2s"]


def _original_text(name: str) -> str:
    doc = clean_document(read_text_copy(SEEDS / name))
    return "\n".join(p.original for p in doc.paragraphs)


def _differences(a: str, b: str) -> Counter[tuple[str, str]]:
    pairs: Counter[tuple[str, str]] = Counter()
    for op in Levenshtein.opcodes(a, b):
        if op.tag != "equal":
            pairs[(a[op.src_start : op.src_end], b[op.dest_start : op.dest_end])] += 1
    return pairs


def main() -> None:
    """Print the comparison table."""
    reference = _original_text("000_9b2215ac29e8729a.txt")
    witness = _original_text("001_65449852ce879aa7.txt")
    baseline = _differences(to_simplified(witness, "t2s"), reference)
    header = f"{'config':8} {'similarity':>10} {'distance':>8} {'introduced':>10}"
    print(f"{header}  most frequent differences (001 → 000)")
    for config in ["none", *CONFIGS]:
        converted = witness if config == "none" else to_simplified(witness, config)
        distance = Levenshtein.distance(converted, reference)
        similarity = Levenshtein.normalized_similarity(converted, reference)
        differences = _differences(converted, reference)
        introduced = sum((differences - baseline).values()) if config != "none" else 0
        top = differences.most_common(6)
        shown = "  ".join(f"{a or '∅'}→{b or '∅'}×{n}" for (a, b), n in top)
        print(f"{config:8} {similarity:10.4f} {distance:8d} {introduced:10d}  {shown}")


def regional_table() -> None:
    """Print the distance of 001's original text to each regional candidate of the reference."""
    from reference.align_chars import make_key
    from reference.library import load_library
    from reference.regional import CANDIDATES, traditional

    witness = make_key(_original_text("001_65449852ce879aa7.txt")).key
    reference = make_key(load_library().get("gangyao-2023").text).key
    print(f"\n{'candidate':12} {'distance to 001':>15}")
    for candidate in CANDIDATES:
        print(f"{candidate:12} {Levenshtein.distance(traditional(reference, candidate), witness):15d}")


if __name__ == "__main__":
    main()
    regional_table()
