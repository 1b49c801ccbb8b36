"""Moved unit boundaries: how many reflowed copies of a reference get a warning or an error.

    uv run python bench/bench_boundaries.py            # both references, about two minutes

Each copy is the reference text with one change that loses or adds nothing: either one paragraph
break deleted (`lost`: a reflowed copy that joined two paragraphs) or one paragraph split after
its first sentence (`extra`). Every character is present once, in reference order, so the right
answer is no warning and no error (issue 8: a moved unit boundary is not a corruption). The
table gives, per reference and change, the copies made and those with a warning or an error.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from extract.clean import clean_text
from reference.compare import compare
from reference.library import load_library
from reference.model import Identification
from reference.segment import segment


def copies(text: str) -> Iterator[tuple[str, str]]:
    """(change, copy) for every paragraph break deleted and every paragraph split once."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if i + 1 < len(lines) and line.strip() and lines[i + 1].strip():
            yield "lost", "\n".join([*lines[:i], line + lines[i + 1], *lines[i + 2 :]])
        if line.count("。") >= 2:
            yield "extra", "\n".join([*lines[:i], line.replace("。", "。\n", 1), *lines[i + 1 :]])


def flagged(reference_id: str, text: str) -> bool:
    """True when comparing `text` with the reference gives any warning or error."""
    reference = load_library().get(reference_id)
    clean = clean_text(text)
    ident = Identification(reference_id=reference_id, score=1.0, coverage=1.0)
    result = compare(clean, segment(clean), reference, ident)
    return any(flag.severity != "info" for flag in result.flags)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("references", nargs="*", default=["gangyao-2023", "zhiliang-tisheng-2017"])
    args = parser.parse_args()
    print(f"{'reference':<24}{'change':<8}{'copies':>8}{'warn/error':>12}")
    for reference_id in args.references:
        counts: dict[str, list[int]] = {"lost": [0, 0], "extra": [0, 0]}
        text = load_library().get(reference_id).text
        for change, copy in copies(text):
            counts[change][0] += 1
            counts[change][1] += flagged(reference_id, copy)
        for change, (made, bad) in counts.items():
            print(f"{reference_id:<24}{change:<8}{made:>8}{bad:>12}")


if __name__ == "__main__":
    main()
