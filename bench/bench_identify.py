"""Identification speed over a large library: `uv run python bench/bench_identify.py`.

Builds a library of the two bundled references plus 298 synthetic ones (their paragraphs
shuffled, a share of characters replaced, mixed with random CJK text), then identifies each seed
witness and prints the median time per witness (n-gram sets of the references cached, as in use)
and the one-off time to build the cache.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from extract.clean import clean_document
from extract.textcopy import read_text_copy
from reference.identify import identify
from reference.library import Library, load_library, make_reference

SEEDS = Path(__file__).resolve().parent.parent / "tests" / "resources" / "seeds"


def random_cjk(rng: random.Random, length: int) -> str:
    """Random characters from the common CJK block."""
    return "".join(chr(rng.randint(0x4E00, 0x62FF)) for _ in range(length))


def synthetic_text(rng: random.Random, paragraphs: list[str]) -> str:
    """Shuffled, perturbed paragraphs of real references mixed with random text."""
    chosen = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(10, 40)))
    out = []
    for paragraph in chosen:
        chars = list(paragraph)
        for i in rng.sample(range(len(chars)), k=len(chars) // 5):
            chars[i] = random_cjk(rng, 1)  # a fifth of the characters replaced
        out.append("".join(chars))
    out += [random_cjk(rng, rng.randint(50, 400)) for _ in range(rng.randint(5, 30))]
    rng.shuffle(out)
    return "\n".join(out)


def big_library(size: int, seed: int = 7) -> Library:
    """The bundled references plus synthetic ones, `size` in all."""
    rng = random.Random(seed)
    library = load_library()
    paragraphs = [p for r in library.references for p in r.text.split("\n")]
    for n in range(size - len(library.references)):
        text = synthetic_text(rng, paragraphs)
        library.references.append(make_reference(f"synthetic-{n:03d}", text, {"title": "synthetic"}))
    return library


def main() -> None:
    """Print identification times per seed witness over a library of `--size` references."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    library = big_library(args.size)
    witnesses = {p.name[:3]: clean_document(read_text_copy(p)) for p in sorted(SEEDS.glob("00*.txt"))}
    started = time.perf_counter()
    identify(witnesses["000"], library)
    print(f"library of {len(library.references)} references; first call (builds the n-gram cache): "
          f"{(time.perf_counter() - started) * 1000:.0f} ms")
    medians = []
    for name, clean in witnesses.items():
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = identify(clean, library)
            times.append(time.perf_counter() - started)
        medians.append(statistics.median(times))
        print(f"{name}: {result.reference_id} (score {result.score:.2f}, coverage {result.coverage:.2f}) "
              f"median {medians[-1] * 1000:.1f} ms over {args.repeat}")
    print(f"median over witnesses: {statistics.median(medians) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
