"""Markers of the units of Chinese policy texts and regulations, and markers run into a paragraph.

`segment.py` walks a document with these; `run_in_marker` finds a unit marker that a lost paragraph
break ran into the paragraph before it (`…发展环境更加优化。——质量…`, `四、增强产业质量竞争力（六）…`).
"""

from __future__ import annotations

import re

from reference.numerals import NUMERAL_CHARS, parse_numeral

_CN = f"[{NUMERAL_CHARS}]{{1,4}}"
LEAD = re.compile(r"[\s#*>]*")  # whitespace and markdown marks before a marker
SECTION = re.compile(rf"({_CN})\s*、")
CLAUSE = re.compile(rf"[（(]\s*({_CN})\s*[）)]")
ITEM = re.compile(r"(?:——|--|－－|—)(?!—)")
BOX = re.compile(rf"专栏\s*(\d{{1,3}}|{_CN})(?![\d.．])")
ATTACHMENT = re.compile(r"附\s*件\s*(\d{0,2})\s*(?:[：:]|$)")  # `附件：…`, `附件2`, not `附件所列…`
NUMBERED = re.compile(r"(\d{1,2})\s*[.．、](?!\d)")
CHAPTER = re.compile(rf"第\s*({_CN}|\d{{1,3}})\s*章")  # 第三章 职工代表大会
ARTICLE = re.compile(rf"第\s*({_CN}|\d{{1,3}})\s*条")  # 第十六条 职工代表大会是…
CONTENTS = re.compile(r"目\s*录|目\s*次")  # a table of contents heading (目次 in standards)
RUN_IN = re.compile(  # unit markers that a lost paragraph break ran into the paragraph before
    rf"(?<!第)[（(](?P<clause_no>{_CN})[）)](?![项款条目])|(?P<section_no>{_CN})、|(?P<item>——)(?!—)"
    rf"|第(?P<chapter_no>{_CN}|\d{{1,3}})章|第(?P<article_no>{_CN}|\d{{1,3}})条"
)
RUN_IN_AFTER = tuple("。！？；")
LEADING = {"section_no": SECTION, "clause_no": CLAUSE, "chapter_no": CHAPTER, "article_no": ARTICLE}
HEADING_MAX = 60  # a bare heading before a run-in marker is at most this long


def run_in_marker(body: str, last: dict[str, int | None]) -> int | None:
    """Offset in `body` of a unit marker run into it by a lost paragraph break, or None.

    `last` holds the number of the last `section`, `clause`, `chapter` and `article` met (None: no
    such unit yet, so none can follow by number). A marker counts only right after a sentence end
    (`…优化。——质量…`) or after a bare heading (`四、增强产业质量竞争力（六）…`), and only with the
    number that comes next (`——` needs none): an inline `（二）` of an enumeration that does not
    continue the numbering, `第（四）项` or `（四）项`, stays text. Measured by deleting each paragraph
    break of the two references in turn (bench/bench_boundaries.py).
    """
    for match in RUN_IN.finditer(body, 1):
        before = body[: match.start()]
        if not (before.endswith(RUN_IN_AFTER) or _heading_only(before)):
            continue
        if _expected(match, before, last):
            return match.start()
    return None


def _heading_only(before: str) -> bool:
    """True when `before` is a section, chapter or clause heading with no sentence punctuation."""
    marker = SECTION.match(before) or CHAPTER.match(before) or CLAUSE.match(before)
    return bool(marker) and len(before) <= HEADING_MAX and not re.search(r"[，。；！？：]", before)


def _expected(match: re.Match[str], before: str, last: dict[str, int | None]) -> bool:
    """True when the run-in marker `match` carries the number that comes next."""
    group = match.lastgroup or ""
    if group == "item":
        return True
    number = parse_numeral(match.group(group))
    previous = last.get(group.removesuffix("_no"))
    opening = LEADING[group].match(before)  # the paragraph's own marker comes first
    if opening:
        previous = parse_numeral(opening.group(1))
    return number is not None and previous is not None and number == previous + 1
