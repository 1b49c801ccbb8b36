"""Establish a reference text from several copies: their consensus, with its doubtful places.

The text is the collation's consensus (reference.collate_text.consensus_text: the majority
reading everywhere, ties given to the most reliable copy). Every tie and near tie is stored
beside it (`<id>.doubtful.jsonl`, reference.library.store_doubtful) so that a later comparison
can call a difference there a doubtful reading rather than an error (`doubtful_at`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from reference.collate import Collation, collate
from reference.collate_read import read_witness, unique_names
from reference.collate_text import consensus_text
from reference.library import BUNDLED_DIR, load_doubtful, store_doubtful, store_reference
from reference.model import Comparison, Flag, Reference

CONTEXT = 10  # consensus characters kept either side of a doubtful place


def doubtful_places(result: Collation) -> list[dict[str, Any]]:
    """One record per tie or near tie: where it is in the consensus and every reading with support."""
    records = []
    for place in result.places:
        if not place.doubtful or place.note.startswith("unit"):
            continue
        text = result.columns[place.column].text
        end = place.offset + len(place.winner.shown)
        records.append({
            "clause_id": place.clause_id, "start": place.offset, "end": end, "status": place.status,
            "reading": place.winner.shown,
            "before": text[max(0, place.offset - CONTEXT) : place.offset], "after": text[end : end + CONTEXT],
            "readings": [{"reading": r.shown, "support": round(r.support, 3),
                          "witnesses": [result.witnesses[w].name for w in r.witnesses]}
                         for r in place.readings],
        })
    return records


def establish_from_witnesses(paths: list[Path], reference_id: str, meta: dict[str, Any],
                             library_dir: Path, options: Any) -> tuple[Reference, list[dict[str, Any]]]:
    """Read, collate and store the consensus of `paths` as a reference, with its doubtful places."""
    files = [Path(p) for p in paths]
    witnesses = [read_witness(p, options, n) for p, n in zip(files, unique_names(files))]
    result = collate(witnesses)
    reference = store_reference(reference_id, consensus_text(result), meta, Path(library_dir))
    doubtful = doubtful_places(result)
    store_doubtful(reference_id, doubtful, Path(library_dir))
    return reference, doubtful


def doubtful_at(doubtful: list[dict[str, Any]], clause_id: str, start: int, end: int) -> dict[str, Any] | None:
    """The doubtful place of a reference clause that overlaps [start, end), if any.

    A comparison can call such a difference a doubtful reading instead of an error.
    """
    for place in doubtful:
        if place["clause_id"] == clause_id and start <= place["end"] and place["start"] <= end:
            return place
    return None


def reference_doubtful(reference_id: str, library_dir: Path) -> list[dict[str, Any]]:
    """The doubtful places stored beside a reference of a library folder."""
    return load_doubtful(reference_id, Path(library_dir))


def doubtful_flag(flag: Flag, places: list[dict[str, Any]],
                  clause_ids: tuple[str, ...] = ()) -> dict[str, Any] | None:
    """The doubtful place a comparison flag falls on: the reference keeps one reading there and
    the witness reads another that copies had (exactly, or within the place's context).

    `clause_ids`: the reference clauses the flag's witness clause is aligned with (its own id
    is always tried too)."""
    for place in places:
        if place["clause_id"] != flag.clause_id and place["clause_id"] not in clause_ids:
            continue
        others = [r["reading"] for r in place["readings"] if r["reading"] != place["reading"]]
        if flag.reference_text == place["reading"] and flag.witness_text in others:
            return place
        kept = place["before"] + place["reading"] + place["after"]
        for other in others:
            theirs = place["before"] + other + place["after"]
            if (flag.witness_text and flag.reference_text in kept and flag.witness_text in theirs
                    and flag.witness_text not in kept):
                return place
    return None


def soften_doubtful(flags: list[Flag], places: list[dict[str, Any]],
                    aligned: dict[str, tuple[str, ...]] | None = None) -> list[Flag]:
    """Flags on doubtful places become `info` "doubtful reading" findings (others unchanged).

    The hook for a comparison with a reference established from witnesses: where the copies
    were split, a witness that reads the other way is not evidence of corruption.
    """
    out = []
    for flag in flags:
        place = doubtful_flag(flag, places, (aligned or {}).get(flag.clause_id, ()))
        if place is not None:
            split = " | ".join(f"{r['reading'] or '(omitted)'} ({', '.join(r['witnesses'])})"
                               for r in place["readings"])
            flag = replace(flag, severity="info",
                           detail=f"doubtful reading: the copies are split here ({split}); {flag.detail}")
        out.append(flag)
    return out


def soften_comparison(comparison: Comparison | None, library_dir: Path | None) -> Comparison | None:
    """The comparison with its flags on the chosen reference's doubtful places made `info`.

    The places are those stored beside the reference (`<id>.doubtful.jsonl`) in `library_dir`
    when the reference comes from there, else in the bundled folder; none stored: unchanged.
    A clause whose only serious flags were softened goes from `changed` to `matched`.
    """
    if comparison is None or not comparison.reference_id:
        return comparison
    reference_id = comparison.reference_id
    own = library_dir is not None and (Path(library_dir) / f"{reference_id}.json").is_file()
    places = load_doubtful(reference_id, Path(library_dir) if own else BUNDLED_DIR)
    if not places:
        return comparison
    aligned = {row.clause.clause_id: tuple(row.reference_clause_id.split("+"))
               for row in comparison.rows if row.reference_clause_id}
    flags = soften_doubtful(comparison.flags, places, aligned)
    serious = {flag.clause_id for flag in flags if flag.severity != "info"}
    rows = [replace(row, status="matched") if row.status == "changed" and row.clause.clause_id not in serious
            else row for row in comparison.rows]
    return replace(comparison, flags=flags, rows=rows)
