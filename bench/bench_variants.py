"""Precision and recall of the flags on regional copies, per variant, and what detection costs.

    uv run python bench/bench_variants.py --copies 24

For each bundled reference and each variant (Simplified, and OpenCC's `s2t`, `s2tw`, `s2twp`,
`s2hk` writing a Traditional copy), `--copies` corrupted copies are made: bench/corrupt.py
injects one corruption of every kind into the Simplified text, the copy is converted with the
variant's configuration, and two corruptions that only a Traditional copy suffers are added to
the converted text (a look-alike swap such as 設→沒 and a word swap such as 監管→監督, from the
tables below, which the checker does not read). Each copy is cleaned (OpenCC `tw2s`), segmented
and compared with its reference.

Recall: injected corruptions (harmless punctuation changes aside) that a warning or error flag
reports at their place / injected corruptions. Precision: warning and error flags that report an
injected corruption / warning and error flags. A flag reports a corruption when its witness
clause holds the corruption's place (found by the converted text just before it, else by its
offset in the clause the corruption was made in) within TOLERANCE characters of the flag's span;
a missing clause by its id, an extra clause by its text. Kinds are not required to agree here
(bench/score_flags.py scores kinds); every regional variant must stay at `info`.

Time: median seconds of reference.compare.compare per copy (`s`: warm, converted references
cached after the first copy), the median difference to comparing the same cleaned copy as if it
were Simplified (`+s`: what variant detection and prediction add), and the first copy's compare
with empty caches (`cold s`, OpenCC's dictionaries loaded then). Seconds are CPU seconds of this
process (time.process_time: the work is single-threaded), so that a shared machine's load does
not count; the `+s` pairs are taken back to back.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, replace

from bench.corrupt import Answer, corrupt
from extract.clean import clean_text
from extract.convert import to_simplified
from reference.align_chars import make_key
from reference.compare import compare
from reference.library import load_library
from reference.model import Comparison, Flag, Identification, Reference
from reference import regional
from reference.segment import segment

VARIANTS = ("simplified", "s2t", "s2tw", "s2twp", "s2hk")
REFERENCES = ("gangyao-2023", "zhiliang-tisheng-2017")
TOLERANCE = 8  # characters between a flag's span and a corruption's place

# Look-alike characters of Traditional print (not in reference.variants.VISUAL_CONFUSABLES).
TRADITIONAL_LOOKALIKES: dict[str, str] = {
    "設": "沒",  # 言/氵 with 殳: the issue's own example
    "識": "職",  # 言/耳 with 戠
    "態": "熊",  # 心/灬 under 能
    "績": "積",  # 糸/禾 with 責
    "標": "櫄",  # right part 票/熏
}
# Words swapped for other real words (each pair means something else in a policy text).
WORD_SWAPS: dict[str, str] = {
    "監管": "監督",  # regulate → supervise: the issue's own example
    "加強": "加快",  # strengthen → speed up
    "完善": "健全",  # perfect → make sound
    "推動": "推進",  # push → advance
    "提升": "提高",  # raise → increase
}


@dataclass(frozen=True)
class Place:
    """Where an injected corruption is: the text just before it as the witness reads after
    cleaning, and the generator's answer (clause and offset) when it came from bench/corrupt.py."""

    kind: str
    before: str  # cleaned (Simplified) text just before the corruption; "" when unknown
    answer: Answer | None = None


def regional_copy(reference: Reference, variant: str, seed: int) -> tuple[str, list[Place]]:
    """A corrupted copy of `reference` written in `variant`, and where its corruptions are."""
    copy = corrupt(reference, seed=seed, per_kind=1)
    places = [Place(a.kind, _cleaned(a.anchor, variant), a) for a in copy.answers if not a.harmless]
    paragraphs = list(copy.paragraphs)
    if variant == "simplified":
        return "\n".join(paragraphs) + "\n", places
    untouched = set(reference.text.split("\n"))
    paragraphs = [to_simplified(p, variant) for p in paragraphs]
    rng = random.Random(seed * 7 + len(variant))
    spots = [i for i, p in enumerate(copy.paragraphs) if p in untouched and len(p) >= 40]
    rng.shuffle(spots)
    for table in (TRADITIONAL_LOOKALIKES, WORD_SWAPS):
        for i in spots:
            hits = [(k, w) for w in table for k in _find_all(paragraphs[i], w) if k >= 12]
            if hits:
                k, word = rng.choice(hits)
                text = paragraphs[i]
                paragraphs[i] = text[:k] + table[word] + text[k + len(word):]
                cleaned = to_simplified(text, "tw2s")  # whole, as cleaning converts it
                if len(cleaned) != len(text):  # no reliable place to score it by: try another
                    paragraphs[i] = text
                    continue
                before = cleaned[k - 12 : k]
                places.append(Place("traditional " + ("look-alike" if len(word) == 1 else "word swap"),
                                    before))
                spots.remove(i)
                break
    return "\n".join(paragraphs) + "\n", places


def _find_all(text: str, word: str) -> list[int]:
    return [k for k in range(len(text)) if text.startswith(word, k)]


def _cleaned(anchor: str, variant: str) -> str:
    """The anchor as the cleaned witness reads it (converted there and back)."""
    if not anchor or variant == "simplified":
        return anchor
    return to_simplified(to_simplified(anchor, variant), "tw2s")


def reports(flag: Flag, place: Place, result: Comparison) -> bool:
    """True when a warning or error `flag` reports the corruption at `place`."""
    answer = place.answer
    if answer and answer.kind == "missing_clause":
        return flag.kind == "missing_clause" and (
            flag.clause_id == answer.clause_id or f"{answer.clause_id}," in flag.detail + ",")
    if answer and answer.kind == "extra_clause":
        return answer.snippet[:6] in flag.witness_text or make_key(
            to_simplified(to_simplified(answer.snippet, "s2t"), "tw2s")).key[:6] in make_key(flag.witness_text).key
    row = next((r for r in result.rows if r.clause.clause_id == flag.clause_id and r.status != "missing"), None)
    if row is None or flag.witness_start is None:
        return False
    start, end = flag.witness_start, flag.witness_end or flag.witness_start
    text, before = row.clause.text, place.before
    points = [k + len(before) for k in _find_all(text, before)] if len(before) >= 4 else []
    if not points and answer and answer.clause_id in row.reference_clause_id.split("+"):
        points.append(answer.offset or 0)
    return any(start - TOLERANCE <= p <= end + TOLERANCE for p in points)


def score(places: list[Place], result: Comparison) -> tuple[int, int, int, int, int]:
    """(corruptions found, corruptions, serious flags that report one, serious flags, variants
    raised above info)."""
    serious = [f for f in result.flags if f.severity != "info"]
    found = sum(any(reports(f, p, result) for f in serious) for p in places)
    matched = sum(any(reports(f, p, result) for p in places) for f in serious)
    variants_raised = sum(f.kind == "conversion_variant" and f.severity != "info" for f in result.flags)
    return found, len(places), matched, len(serious), variants_raised


def run(reference: Reference, text: str) -> tuple[Comparison, float, float]:
    """Clean, segment and compare one copy: the comparison, the seconds compare took, and the
    seconds it takes on the same copy without variant detection (compared as if Simplified)."""
    clean = clean_text(text)
    clauses = segment(clean)
    ident = Identification(reference_id=reference.reference_id, score=1.0, coverage=1.0)
    start = time.process_time()
    result = compare(clean, clauses, reference, ident)
    took = time.process_time() - start
    start = time.process_time()
    compare(replace(clean, converted=False), clauses, reference, ident)
    return result, took, time.process_time() - start


def main() -> None:
    """Score every variant on generated copies and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=24, help="copies per reference and variant")
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("-v", "--verbose", action="store_true", help="print misses and false flags")
    args = parser.parse_args()
    library = load_library()
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    seconds: dict[str, list[float]] = defaultdict(list)
    cold: dict[str, float] = {}
    for variant in VARIANTS:
        for ref_id in REFERENCES:
            reference = library.get(ref_id)
            for seed in range(args.first_seed, args.first_seed + args.copies):
                text, places = regional_copy(reference, variant, seed)
                if seed == args.first_seed and ref_id == REFERENCES[0]:
                    regional.predict.cache_clear()
                    regional._traditional_cached.cache_clear()  # noqa: SLF001 - a cold start
                result, took, plain = run(reference, text)
                if seed == args.first_seed and ref_id == REFERENCES[0]:
                    cold[variant] = took
                else:
                    seconds[f"{variant}|{ref_id}"].append(took)
                    seconds[f"{variant}|{ref_id}|added"].append(took - plain)
                counts = score(places, result)
                totals[variant] = [a + b for a, b in zip(totals[variant], counts)]
                if args.verbose:
                    _explain(variant, seed, places, result)
    print(f"copies={args.copies} per reference and variant; references: {', '.join(REFERENCES)}")
    print(_table(totals, seconds, cold))


def _table(totals: dict[str, list[int]], seconds: dict[str, list[float]], cold: dict[str, float]) -> str:
    """One line per variant: recall, precision, variants above info, compare seconds."""
    head = (f"{'variant':10} {'recall':>16} {'precision':>16} {'variant>info':>12} "
            + " ".join(f"{'s ' + r[:8]:>10} {'+s':>6}" for r in REFERENCES) + f" {'cold s':>7}")
    lines = [head]
    for variant in VARIANTS:
        found, places, matched, serious, raised = totals[variant]
        row = (f"{variant:10} {found / places:>6.3f} ({found:>3}/{places:>3}) "
               f"{matched / max(serious, 1):>6.3f} ({matched:>3}/{serious:>3}) {raised:>12}")
        for r in REFERENCES:
            median = statistics.median(seconds[f"{variant}|{r}"])
            added = statistics.median(seconds[f"{variant}|{r}|added"])
            row += f" {median:>10.3f} {added:>+6.3f}"
        lines.append(row + f" {cold[variant]:>7.3f}")
    return "\n".join(lines)


def _explain(variant: str, seed: int, places: list[Place], result: Comparison) -> None:
    """Print the corruptions no flag reports and the serious flags that report none."""
    serious = [f for f in result.flags if f.severity != "info"]
    for place in places:
        if not any(reports(f, place, result) for f in serious):
            print(f"  {variant} seed {seed} MISSED {place.kind} before={place.before!r} {place.answer}")
    for flag in serious:
        if not any(reports(flag, p, result) for p in places):
            print(f"  {variant} seed {seed} FALSE {flag.kind} {flag.clause_id} {flag.witness_start} "
                  f"W[{flag.witness_text[:30]}] R[{flag.reference_text[:30]}] {flag.detail[:60]}")


if __name__ == "__main__":
    main()
