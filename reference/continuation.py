"""Newspaper continuation markers: `（上接一版）`, `（下转二版）`, `（转A3版）`.

A newspaper prints the start of a long document on one page and jumps the rest to another; a
copy of one page then opens `（上接一版）…` or closes `…（下转二版）`. The reference text that lies
on the other page is not in the copy, which is no corruption of it: the comparison reports it
as one `missing_text`/info flag at the marker instead of missing clauses, a missing head or tail
and a lost clause marker. The marker itself is no text of the reference and is left out of the
comparison keys. A `下转` followed later in the same copy by a `上接` joins two pages that are
both present: such a pair excuses nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from reference.align_chars import make_key
from reference.align_clauses import CONTAINED_MIN, FRAGMENT_MIN, Alignment, body_key, body_start
from reference.model import Clause, Flag
from reference.numerals import parse_numeral

_PAGE = r"第?\s*(?P<page>[A-Za-zＡ-Ｚａ-ｚ]?\s*[0-9０-９一二三四五六七八九十]+)\s*版"

MARKERS: tuple[tuple[str, str], ...] = (
    # (上接一版), （上接第一版）, （上接1版）, (上接A1版): the text before continues from that page
    (r"上\s*接", "from"),
    # （紧接第一版）: the same, in some papers' house style
    (r"紧\s*接", "from"),
    # （下转二版）, （下转第2版）, (下转A2版): the text after continues on that page
    (r"下\s*转", "to"),
    # （转二版）, （转A3版）: the short form of 下转, printed at the end of a part
    (r"转", "to"),
)

_MARKER = re.compile(
    r"[（(]\s*(?:" + "|".join(f"(?P<d{i}>{verb})" for i, (verb, _d) in enumerate(MARKERS))
    + r")\s*" + _PAGE + r"\s*[)）]"
)
_EXCUSED = ("missing_text", "deleted_text", "truncated_clause")  # deletions at a marker
_ENGLISH = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


@dataclass(frozen=True)
class Marker:
    """One continuation marker in a witness clause."""

    clause: int  # index of the witness clause holding it
    start: int  # offsets of the marker in that clause's text
    end: int
    direction: str  # "from": what lies before is elsewhere; "to": what lies after is elsewhere
    label: str  # the marker without brackets or spaces: 上接一版
    page: str  # the other page, for a person: "one", "12", "A1"


def find_markers(text: str) -> list[tuple[int, int, str, str, str]]:
    """(start, end, direction, label, page) of each continuation marker in `text`."""
    found = []
    for m in _MARKER.finditer(text):
        direction = next(MARKERS[int(g[1:])][1] for g, v in m.groupdict().items()
                         if g.startswith("d") and v)
        label = re.sub(r"\s+", "", m.group(0)[1:-1])
        found.append((m.start(), m.end(), direction, label, _page_name(m.group("page"))))
    return found


def _page_name(page: str) -> str:
    """"one" for 一, "12" for 12 or 十二, "A1" for A1."""
    page = re.sub(r"\s+", "", page).upper()
    if page[0].isdigit() or page[0] in "一二三四五六七八九十":
        number = parse_numeral(page)
        return _ENGLISH[number] if number is not None and number <= 10 else str(number or page)
    return page


def strip_markers(text: str) -> str:
    """`text` with every continuation marker removed."""
    return _MARKER.sub("", text)


def marker_offsets(text: str) -> set[int]:
    """Offsets of the characters of `text` that belong to continuation markers."""
    return {i for start, end, *_rest in find_markers(text) for i in range(start, end)}


def witness_markers(clauses: list[Clause]) -> list[Marker]:
    """The continuation markers of a witness that excuse text, in reading order.

    A `下转` followed later by a `上接` joins two parts that are both in the copy: both are
    dropped, so that reference text missing between them is still a finding.
    """
    markers = [_attach(Marker(i, *found), clauses) for i, clause in enumerate(clauses)
               for found in find_markers(clause.text)]
    markers = [m for m in markers if m is not None]
    joined: set[int] = set()
    for k, marker in enumerate(markers):
        later = next((j for j in range(k + 1, len(markers)) if markers[j].direction == "from"
                      and j not in joined), None)
        if marker.direction == "to" and later is not None:
            joined |= {k, later}
    return [m for k, m in enumerate(markers) if k not in joined]


def _attach(marker: Marker, clauses: list[Clause]) -> Marker | None:
    """A marker standing alone in its unit belongs to the start of the next unit (`上接`) or
    the end of the one before (`下转`); None when there is no such unit."""
    if not is_marker_only(clauses[marker.clause]):
        return marker
    w = marker.clause + (1 if marker.direction == "from" else -1)
    if not 0 <= w < len(clauses):
        return None
    at = 0 if marker.direction == "from" else len(clauses[w].text)
    return replace(marker, clause=w, start=at, end=at)


def pair_cut_clause(alignment: Alignment, markers: list[Marker], clauses: list[Clause],
                    refs: list[Clause]) -> None:
    """Pair a marker's unit left unpaired with the reference clause the page break cut it from.

    A copy that ends `（十五）打造中国建造升级版。坚持百年大计、质量第一，（下转二版）` holds too
    little of （十五） to pair by similarity; its text lies inside the reference clause next to the
    excused range, so it is that clause, cut short.
    """
    for marker in markers:
        w = marker.clause
        first, stop = excused_range(marker, alignment.pairs, len(refs))
        if w not in alignment.extra or first >= stop:
            continue
        r = stop - 1 if marker.direction == "from" else first
        text = clauses[w].text
        part = text[marker.end:] if marker.direction == "from" else text[:marker.start]
        key, ref_key = make_key(strip_markers(part[body_start(part):])).key, body_key(refs[r])
        if len(key) >= FRAGMENT_MIN and fuzz.partial_ratio(key, ref_key) >= CONTAINED_MIN:
            alignment.extra.remove(w)
            alignment.missing.remove(r)
            alignment.pairs = dict(sorted({**alignment.pairs, w: [r]}.items()))
            alignment.similarity[w] = fuzz.ratio(ref_key, key) / 100


def describe(marker: Marker) -> str:
    """The detail of a continuation flag: `not in this copy: continued from page one (上接一版)`."""
    where = "continued from" if marker.direction == "from" else "continued on"
    return f"not in this copy: {where} page {marker.page} ({marker.label})"


def adjacent(text: str, point: int, marker: Marker) -> bool:
    """True when only markers, punctuation and spaces lie between `point` and the marker."""
    between = text[point : marker.start] if point <= marker.start else text[marker.end : point]
    return not make_key(strip_markers(between)).key


def is_marker_only(clause: Clause) -> bool:
    """True when a clause holds nothing but continuation markers (and punctuation)."""
    return bool(find_markers(clause.text)) and not make_key(strip_markers(clause.text)).key


def excused_range(marker: Marker, pairs: dict[int, list[int]], ref_count: int) -> tuple[int, int]:
    """(first, last + 1) reference clause indices a marker's other page may hold.

    For `上接` the clauses after the last one paired before the marker's clause and before the
    first one paired from it on; for `下转` those after the last one paired up to the marker's
    clause and before the first one paired after it.
    """
    cut = marker.clause if marker.direction == "from" else marker.clause + 1
    before = [r for w, refs in pairs.items() if w < cut for r in refs]
    after = [r for w, refs in pairs.items() if w >= cut for r in refs]
    return max(before, default=-1) + 1, min(after, default=ref_count)


def absorb(flags: list[Flag], markers: list[Marker], clauses: list[Clause], refs: list[Clause],
           pairs: dict[int, list[int]], make_flag: Callable[[Marker, str, str], Flag]) -> list[Flag]:
    """Replace the flags of text that a marker says is on another page by one info flag each.

    Absorbed: missing-clause runs inside the marker's excused range of reference clauses, pure
    deletions in the marker's clause next to it, and (for `上接`) a numbering error there of a
    marker the witness lacks — the clause's start is on the other page.
    """
    kept = list(flags)
    for marker in markers:
        clause = clauses[marker.clause]
        first, stop = excused_range(marker, pairs, len(refs))
        ids = {refs[r].clause_id for r in range(first, stop)}
        taken = [f for f in kept if _excused_by(f, marker, clause, ids)]
        if not taken:
            continue
        texts = sorted((f for f in taken if f.kind != "numbering_error"),
                       key=lambda f: (f.kind == "missing_clause") == (marker.direction == "to"))
        names = [_name(f, marker, [refs[r] for r in pairs.get(marker.clause, [])]) for f in texts]
        reference_text = "\n".join("\n".join(c.text for c in refs[first:stop])
                                   if f.kind == "missing_clause" else f.reference_text for f in texts)
        flag = make_flag(marker, reference_text, f"{describe(marker)} — reference {', '.join(names)}")
        kept = [f for f in kept if not any(f is t for t in taken)] + [flag]
    return kept


def _excused_by(flag: Flag, marker: Marker, clause: Clause, ids: set[str]) -> bool:
    """True when `flag` reports text that `marker` says is on another page."""
    if flag.kind == "missing_clause":
        return flag.clause_id in ids and flag.witness_start is None
    if flag.clause_id != clause.clause_id or flag.witness_text or flag.witness_start is None:
        return False
    if flag.kind == "numbering_error":
        return marker.direction == "from" and "marker differs" in flag.detail
    return flag.kind in _EXCUSED and adjacent(clause.text, flag.witness_start, marker)


def _name(flag: Flag, marker: Marker, paired: list[Clause]) -> str:
    """What an absorbed flag stands for: `P, S01, S02` or `the start of S02-C01`."""
    if flag.kind == "missing_clause":
        return flag.detail.split(": ", 1)[-1]
    part = "start" if marker.direction == "from" else "end"
    return f"the {part} of " + ("+".join(c.clause_id for c in paired) or flag.clause_id)
