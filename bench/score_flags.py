"""Recall and precision of the flags, per kind, on synthetic corrupted copies.

    uv run python bench/score_flags.py --mode text --copies 10
    uv run python bench/score_flags.py --mode pdf --copies 3
    uv run python bench/score_flags.py --mode scan --copies 1 --dpi 200
    uv run python bench/score_flags.py --mode scan --first-seed 2 --copies 1 --cache /tmp/bench-cache
    uv run python bench/score_flags.py --mode scan --copies 1 --paragraphs 40 --cache /tmp/bench-cache

In scan mode every copy is scored twice, side by side: as compared, and after re-reading each
difference on an OCR'd line (reference.ocr_review); the last lines give recall and precision
counting warnings and errors only, and the seconds re-reading added per page. `--paragraphs N`
cuts the reference to its first N paragraphs before corrupting it (a short scan: OCR is slow).

`--cache DIR` keeps each copy's extracted document (keyed by mode, dpi, seed and the copy's
text), so that re-scoring after a change to cleaning or comparison skips the OCR.

Each copy (bench/corrupt.py) runs through the pipeline — text: extract.clean.clean_text;
pdf/scan: extract.load.extract_document + extract.clean.clean_document — then
reference.segment.segment and reference.compare.compare against its reference.
A flag matches an answer when the kinds agree, the flag's witness clause pairs with the
answer's reference clause (clauses.csv's reference_clause_id, or a merged group holding it) and
the flag's witness span lies within TOLERANCE characters of the answer's offset, or of the place
where the answer's anchor (the text just before the corruption) is found in the witness clause. An extra clause matches by its text, a
missing clause by its id. On OCR'd copies an `ocr_suspect` flag counts for any character-level
answer at its place. Recall = matched answers / answers; precision = flags that match an answer
/ flags of that kind (info kinds — punctuation, regional variants, extra content — are not
scored; a harmless punctuation change that raised a warning or an error is counted apart).
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.corrupt import CHAR_KINDS, Answer, CorruptCopy, corrupt, render_pdf, render_scan
from extract.clean import clean_document, clean_text
from extract.model import ExtractedDocument
from reference.ocr_headings import align_restoring_markers
from reference.library import load_library
from reference.model import ClauseRow, Comparison, Flag, Identification, Reference
from reference.segment import segment

TOLERANCE = 8  # characters between a flag's span and an answer's offset
UNSCORED = {"punctuation", "conversion_variant", "extra_content", "ocr_noise"}
SERIOUS = ("warning", "error")


def run_copy(copy: CorruptCopy, reference: Reference, mode: str, workdir: Path, dpi: int,
             cache: Path | None = None) -> Comparison:
    """Run one copy through cleaning, segmentation and comparison."""
    if mode == "text":
        clean = clean_text(copy.text)
    else:
        clean = clean_document(extracted(copy, mode, workdir, dpi, cache))
    ident = Identification(reference_id=reference.reference_id, score=1.0, coverage=1.0)
    # as the pipeline aligns (flows.recipe): OCR-damaged heading/item markers restored first
    return align_restoring_markers(clean, segment(clean), reference, ident)[2]


def extracted(copy: CorruptCopy, mode: str, workdir: Path, dpi: int,
              cache: Path | None = None) -> ExtractedDocument:
    """Render a copy as a PDF or scan and extract it (from `cache` when it was done before)."""
    kept = source_path(copy, mode, workdir, dpi, cache).with_suffix(".pickle") if cache else None
    if kept is not None and kept.exists():
        return pickle.loads(kept.read_bytes())  # noqa: S301 - our own cache file
    from extract.load import extract_document
    from policyqa.options import build_options

    path = source_path(copy, mode, workdir, dpi, cache)
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode == "pdf":
        render_pdf(copy, path)
    else:
        render_scan(copy, path, dpi=dpi)
    # `dpi` is the resolution of the simulated scan; policyqa reads it as a user would, rendering
    # the page at its default dpi (300).
    options = build_options(out_dir=workdir, ocr="always" if mode == "scan" else "never")
    doc = extract_document(path, options)
    if kept is not None and all(page.route != "failed" for page in doc.pages):
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_bytes(pickle.dumps(doc))
    return doc


def source_path(copy: CorruptCopy, mode: str, workdir: Path, dpi: int, cache: Path | None) -> Path:
    """Where the copy's PDF is written (kept beside its cached extraction, for re-reading)."""
    digest = hashlib.sha256(f"{mode}|{dpi}|{copy.text}".encode()).hexdigest()[:16]
    return (cache or workdir) / f"{mode}-{dpi}-seed{copy.seed}-{digest}.pdf"


def reread(result: Comparison, copy: CorruptCopy, reference: Reference, workdir: Path, dpi: int,
           cache: Path | None, stats: Any) -> Comparison:
    """The comparison after re-reading its differences on OCR'd lines with the real engine."""
    from extract.ocr_engine import engine_in_process
    from policyqa.options import build_options
    from reference.ocr_review import review_document

    doc = extracted(copy, "scan", workdir, dpi, cache)
    clean = clean_document(doc)
    ident = Identification(reference_id=reference.reference_id, score=1.0, coverage=1.0)
    clauses = align_restoring_markers(clean, segment(clean), reference, ident)[1]
    models = build_options().models  # the run's default OCR runtime, in this process
    stats.pages += len(doc.pages)
    return review_document(result, doc, clauses, str(source_path(copy, "scan", workdir, dpi, cache)),
                           lambda: engine_in_process(models), stats)


def serious_counts(copy: CorruptCopy, result: Comparison, ocr: bool) -> list[int]:
    """[answers found by a warning or error, answers, such flags matching an answer, such flags]."""
    real = [a for a in copy.answers if not a.harmless]
    serious = [f for f in result.flags if f.severity in SERIOUS]
    found = sum(any(flag_matches(f, a, result, ocr) for f in serious) for a in real)
    matched = sum(any(flag_matches(f, a, result, ocr) for a in real) for f in serious)
    return [found, len(real), matched, len(serious)]


def flag_matches(flag: Flag, answer: Answer, result: Comparison, ocr: bool) -> bool:
    """True when `flag` reports `answer` (see the module docstring)."""
    kind_ok = flag.kind == answer.kind or (ocr and flag.kind == "ocr_suspect" and answer.kind in CHAR_KINDS)
    if not kind_ok:
        return False
    if answer.kind == "missing_clause":
        return flag.clause_id == answer.clause_id or f"{answer.clause_id}," in flag.detail + ","
    if answer.kind == "extra_clause":
        return answer.snippet in flag.witness_text
    row = _rows_by_id(result).get(flag.clause_id)
    if row is None or answer.clause_id not in row.reference_clause_id.split("+"):
        return False
    if flag.witness_start is None:
        return False
    start, end = flag.witness_start, flag.witness_end or flag.witness_start
    places = [answer.offset or 0] if row.reference_clause_id.split("+")[0] == answer.clause_id else []
    found = row.clause.text.find(answer.anchor) if answer.anchor else -1
    if found >= 0:
        places.append(found + len(answer.anchor))
    return any(start - TOLERANCE <= place <= end + TOLERANCE for place in places)


def _rows_by_id(result: Comparison) -> dict[str, ClauseRow]:
    """Witness rows by clause id (placeholders of missing clauses left out)."""
    return {r.clause.clause_id: r for r in result.rows if r.status != "missing"}


def score_copy(copy: CorruptCopy, result: Comparison, ocr: bool) -> dict[str, list[int]]:
    """Per kind: [answers found, answers, flags matched, flags] for one copy."""
    ref_of = {r.clause.clause_id: r.reference_clause_id for r in result.rows if r.status != "missing"}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    real = [a for a in copy.answers if not a.harmless]
    for answer in real:
        counts[answer.kind][1] += 1
        counts[answer.kind][0] += any(flag_matches(f, answer, result, ocr) for f in result.flags)
    for flag in result.flags:
        if flag.kind in UNSCORED:
            continue
        counts[flag.kind][3] += 1
        counts[flag.kind][2] += any(flag_matches(flag, a, result, ocr) for a in real)
    for answer in copy.answers:
        if answer.harmless:
            counts["harmless punctuation raised"][1] += 1
            counts["harmless punctuation raised"][0] += any(
                f.severity != "info" and ref_of.get(f.clause_id) == answer.clause_id
                and f.witness_start is not None and abs(f.witness_start - (answer.offset or 0)) <= 2
                for f in result.flags)
    return counts


def report(totals: dict[str, list[int]]) -> str:
    """A table of recall and precision per kind."""
    lines = [f"{'kind':28} {'recall':>14} {'precision':>14}"]
    for kind in sorted(totals):
        found, answers, matched, flags = totals[kind]
        recall = f"{found / answers:.3f} ({found}/{answers})" if answers else "-"
        precision = f"{matched / flags:.3f} ({matched}/{flags})" if flags else "-"
        lines.append(f"{kind:28} {recall:>14} {precision:>14}")
    found = sum(v[0] for k, v in totals.items() if not k.startswith("harmless"))
    answers = sum(v[1] for k, v in totals.items() if not k.startswith("harmless"))
    matched, flags = sum(v[2] for v in totals.values()), sum(v[3] for v in totals.values())
    lines.append(f"{'ALL':28} {found / max(answers, 1):>14.3f} {matched / max(flags, 1):>14.3f}")
    return "\n".join(lines)


def main() -> None:
    """Score the flags on synthetic copies and print the table."""
    parser = argparse.ArgumentParser(description="recall/precision of flags per kind")
    parser.add_argument("--mode", choices=("text", "pdf", "scan"), default="text")
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--per-kind", type=int, default=2)
    parser.add_argument("--dpi", type=int, default=200, help="resolution of the simulated scans")
    parser.add_argument("--reference", default="gangyao-2023")
    parser.add_argument("--cache", type=Path, help="folder keeping extracted documents between runs")
    parser.add_argument("-v", "--verbose", action="store_true", help="print misses and false flags")
    parser.add_argument("--paragraphs", type=int, default=0, help="cut the reference to its first N paragraphs")
    args = parser.parse_args()
    reference = shortened(load_library().get(args.reference), args.paragraphs)
    scan = args.mode == "scan"
    runs = ("as compared", "re-read") if scan else ("as compared",)
    totals = {run: defaultdict(lambda: [0, 0, 0, 0]) for run in runs}
    serious = {run: [0, 0, 0, 0, 0] for run in runs}  # + errors matching no answer
    from reference.ocr_review import ReviewStats

    stats = ReviewStats()
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(args.first_seed, args.first_seed + args.copies):
            copy = corrupt(reference, seed=seed, per_kind=args.per_kind)
            result = run_copy(copy, reference, args.mode, Path(tmp), args.dpi, args.cache)
            results = {"as compared": result}
            if scan:
                results["re-read"] = reread(result, copy, reference, Path(tmp), args.dpi, args.cache, stats)
            for run, res in results.items():
                for kind, values in score_copy(copy, res, scan).items():
                    totals[run][kind] = [a + b for a, b in zip(totals[run][kind], values)]
                serious[run] = [a + b for a, b in zip(serious[run], serious_counts(copy, res, scan) +
                                                      [false_errors(copy, res, scan)])]
                if args.verbose:
                    print(f"-- {run}")
                    _explain(copy, res, scan)
    print(f"mode={args.mode} copies={args.copies} per_kind={args.per_kind} reference={args.reference}"
          f"{f' paragraphs={args.paragraphs}' if args.paragraphs else ''}")
    for run in runs:
        print(f"\n{run}\n{report(totals[run])}")
    print(f"\n{'warnings and errors':20} {'recall':>16} {'precision':>16} {'errors on no answer':>20}")
    for run in runs:
        found, answers, matched, flags, false = serious[run]
        print(f"{run:20} {found / max(answers, 1):>7.3f} ({found}/{answers}) "
              f"{matched / max(flags, 1):>7.3f} ({matched}/{flags}) {false:>20}")
    if scan:
        per_page = stats.seconds / max(stats.pages, 1)
        print(f"re-reading: {stats.lines} spots on {stats.pages} pages, {stats.seconds:.1f} s wall "
              f"({per_page:.2f} s/page), {stats.cpu_seconds:.1f} s CPU "
              f"({stats.cpu_seconds / max(stats.pages, 1):.2f} CPU-s/page); outcomes {stats.outcomes or {}}")


def shortened(reference: Reference, paragraphs: int) -> Reference:
    """The reference cut to its first `paragraphs` paragraphs (0: whole)."""
    if paragraphs <= 0:
        return reference
    from reference.library import make_reference

    meta = {name: getattr(reference, name) for name in ("title", "issuer", "date", "source", "note")}
    return make_reference(reference.reference_id, "\n".join(reference.text.split("\n")[:paragraphs]), meta)


def false_errors(copy: CorruptCopy, result: Comparison, ocr: bool) -> int:
    """Errors that match no injected corruption (on a scan: OCR misreadings called errors)."""
    real = [a for a in copy.answers if not a.harmless]
    return sum(f.severity == "error" and f.kind not in UNSCORED and
               not any(flag_matches(f, a, result, ocr) for a in real) for f in result.flags)


def _explain(copy: CorruptCopy, result: Comparison, ocr: bool) -> None:
    """Print the answers nothing matched and the scored flags that match no answer."""
    real = [a for a in copy.answers if not a.harmless]
    for answer in real:
        if not any(flag_matches(f, answer, result, ocr) for f in result.flags):
            print(f"  seed {copy.seed} MISSED {answer}")
    for flag in result.flags:
        if flag.kind not in UNSCORED and not any(flag_matches(flag, a, result, ocr) for a in real):
            print(f"  seed {copy.seed} FALSE {flag.kind} {flag.clause_id} {flag.witness_start} "
                  f"W[{flag.witness_text[:30]}] R[{flag.reference_text[:30]}] {flag.detail[:60]}")


if __name__ == "__main__":
    main()
