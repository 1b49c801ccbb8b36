"""Split a cleaned document into its own structure: title, preamble, sections, clauses, items, boxes.

Every unit becomes one `Clause`; units do not overlap (a clause's `——` items are separate rows of
kind `item`, and a box's lines belong to the box). Clause ids come from the printed numbers:

    T            title (first short paragraph without sentence-final punctuation)
    P            preamble (everything else before the first section or clause)
    S02          section 二、
    S02-C05      clause （五） in section 二 (`C05` when no section came before it)
    S02-C05-I03  third `——` item of that clause (items of a section: `S02-I01`, of the preamble: `P-I01`)
    B03          box 专栏3
    X001 …       other units, numbered in order: `附件`, `1.` lists, attachment headings, a `目录`
    TB01 …       tables (consecutive clean.txt lines holding a tab: one line per row), in order
    CH03         chapter 第三章 of a regulation (its number also in `section_no`)
    AR016        article 第十六条 (numbered through the whole regulation, so no chapter prefix; its
                 number in `clause_no`, its chapter's in `section_no`)
    AR016-C02    numbered point （二） of that article; `AR016-I01` a `——` item of it

Regulations are policy texts too: their 第X章/第X条 are units like 一、/（三）. A point （二）
of an article is a sub-unit that does not take over the article: text after a point that ends a
sentence (the article's next 款) goes back to the article, as text after an item goes back to its
clause. A table of contents (`目录` followed by chapter headings) is one other unit: its entries
end where a heading repeats one of them (the body's own first chapter).

A notice that attaches documents (`附件：1.…`, then a paragraph repeating that title) is split into
parts; the part with the most sections and clauses keeps the plain ids, the covering notice gets the
prefix `N:` (`N:S01`) and every other attachment `A<k>:` (k = its order). A repeated id gets `~2`,
`~3` ….

A unit may span several paragraphs (a clause title paragraph `（一）指导思想` followed by its body).
`Clause.text` then joins the pieces with `\\n`; `Clause.pieces` holds `(paragraph_index, start, end)`
of each piece and `locate()` maps an offset in the text back to a paragraph and offset.
`paragraph_index`/`start`/`end` always describe the first piece.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.model import CleanDocument, Paragraph, Span
from reference.model import Clause, ClauseKind
from reference.markers import (
    ARTICLE, ATTACHMENT, BOX, CHAPTER, CLAUSE, CONTENTS, ITEM, LEAD, NUMBERED, SECTION, run_in_marker,
)  # fmt: skip
from reference.numerals import parse_numeral

TITLE_MAX = 60
SENTENCE_END = tuple("。！？；!?;”」』")


@dataclass
class _Unit:
    """A unit under construction: its numbers and the paragraph pieces it covers."""

    kind: ClauseKind
    part: int
    pieces: list[tuple[int, int, int]] = field(default_factory=list)
    title: str = ""
    section_no: int | None = None
    clause_no: int | None = None
    item_no: int | None = None
    box_no: int | None = None
    parent: _Unit | None = None
    items: int = 0
    clause_id: str = ""
    ends_sentence: bool = False
    article: _Unit | None = None  # the article a point （二） belongs to


@dataclass
class _State:
    """Where the walk through the paragraphs stands."""

    units: list[_Unit] = field(default_factory=list)
    part: int = 0
    section: _Unit | None = None
    parent: _Unit | None = None  # the unit that items and loose paragraphs belong to
    current: _Unit | None = None  # the unit the last paragraph went to
    attachment_titles: set[str] = field(default_factory=set)
    after_attachment: bool = False
    items: int = 0  # items met before any other unit
    chapter: _Unit | None = None
    article: _Unit | None = None
    contents: set[str] | None = None  # keys of table-of-contents entries while inside one
    last_clause: int = 0  # number of the last clause （N） (points of an article count from 0)


def segment(clean: CleanDocument) -> list[Clause]:
    """The structural units of a cleaned document, in reading order."""
    paragraphs = clean.paragraphs
    state = _State()
    for index, paragraph in enumerate(paragraphs):
        _feed(state, index, paragraph.text)
    _assign_ids(state.units)
    return [_to_clause(unit, paragraphs) for unit in state.units]


def segment_paragraphs(texts: list[str]) -> list[Clause]:
    """`segment` for plain strings, one paragraph each (all on page 1)."""
    paragraphs = [
        Paragraph(text=t, original=t, spans=(Span(0, len(t), 1, "plain"),)) for t in texts
    ]
    return segment(CleanDocument(paragraphs=paragraphs, removed=[]))


def locate(clause: Clause, offset: int) -> tuple[int, int]:
    """(paragraph index, offset in that paragraph) of the character at `offset` in `clause.text`."""
    pieces = clause.pieces or ((clause.paragraph_index, clause.start, clause.end),)
    position = 0
    for paragraph_index, start, end in pieces:
        length = end - start
        if offset < position + length + 1 or (paragraph_index, start, end) == pieces[-1]:
            return paragraph_index, start + max(0, min(offset - position, max(length - 1, 0)))
        position += length + 1  # the "\n" joining two pieces
    return pieces[-1][0], pieces[-1][1]


def page_of(clause: Clause, offset: int, clean: CleanDocument) -> int:
    """Page number of the character at `offset` in `clause.text`."""
    paragraph_index, paragraph_offset = locate(clause, offset)
    if not 0 <= paragraph_index < len(clean.paragraphs):
        return clause.page_start
    return clean.paragraphs[paragraph_index].page_at(paragraph_offset)


def _feed(state: _State, index: int, text: str) -> None:
    """Route one paragraph, or each unit run into it (see `_run_in_marker`), to its unit."""
    lead = LEAD.match(text)
    start = lead.end() if lead else 0
    end = len(text.rstrip())
    if start < end and "\t" in text:  # a table row (extract/clean.py): consecutive rows are one `table` unit
        _table(state, text[start:end], (index, start, end))
        return
    while start < end:
        cut = _run_in_marker(state, text[start:end])
        stop = start + cut if cut else end
        _route(state, (index, start, stop), text[start:stop])
        start = stop


def _route(state: _State, piece: tuple[int, int, int], body: str) -> None:
    """Route one paragraph piece to a new unit or to the unit it continues."""
    if _starts_part(state, body):
        state.part += 1
        state.section = state.parent = state.chapter = state.article = None
        state.after_attachment = False
        _open(state, _Unit("title", state.part, [piece], title=body), parent=True)
        return
    if _contents(state, body, piece):
        return
    for opener in (_chapter, _article, _section, _clause, _box, _attachment, _numbered, _item):
        if opener(state, body, piece):
            state.current.ends_sentence = body.endswith(SENTENCE_END)
            return
    state.after_attachment = False
    _continue(state, body, piece)


def _run_in_marker(state: _State, body: str) -> int | None:
    """Offset of a unit marker a lost paragraph break ran into `body` (reference.markers)."""
    section = state.section if state.section and state.section.kind == "section" else None
    last = {
        "section": section.section_no if section else (0 if state.chapter is None else None),
        "clause": state.last_clause,
        "chapter": state.chapter.section_no if state.chapter else None,
        "article": state.article.clause_no if state.article else None,
    }
    return run_in_marker(body, last)


def _table(state: _State, body: str, piece: tuple[int, int, int]) -> None:
    """A table row: it continues the table the previous paragraph belongs to, or opens one."""
    current = state.current
    if current is not None and current.kind == "table" and current.pieces[-1][0] == piece[0] - 1:
        current.pieces.append(piece)
        return
    section_no = state.section.section_no if state.section else None
    _open(state, _Unit("table", state.part, [piece], body.replace("\t", " ")[:TITLE_MAX], section_no), parent=False)
    state.current.ends_sentence = True  # text after the table goes back to the unit around it


def _starts_part(state: _State, body: str) -> bool:
    """True for a paragraph that repeats the title of an attachment announced earlier."""
    return bool(state.attachment_titles) and _title_key(body) in state.attachment_titles


def _title_key(text: str) -> str:
    """Comparable form of an attachment title: no whitespace, book-title marks or trailing colon."""
    return re.sub(r"[\s《》〈〉:：]", "", text)


def _contents(state: _State, body: str, piece: tuple[int, int, int]) -> bool:
    """A `目录` heading or one of its entries (see the module docstring); False past its end."""
    if CONTENTS.fullmatch(body):
        _open_other(state, piece, body)
        state.contents = set()
        return True
    if state.contents is None:
        return False
    key = _title_key(body)
    heading = len(body) <= TITLE_MAX and not body.endswith(SENTENCE_END)
    if not heading or key in state.contents:
        state.contents = None  # the body starts: a sentence, or the first entry again
        return False
    state.contents.add(key)
    state.current.pieces.append(piece)
    return True


def _chapter(state: _State, body: str, piece: tuple[int, int, int]) -> bool:
    """Open a chapter `第三章 …` of a regulation."""
    match = CHAPTER.match(body)
    number = parse_numeral(match.group(1)) if match else None
    if not match or not number:
        return False
    unit = _Unit("chapter", state.part, [piece], body[match.end() :].strip(), section_no=number)
    state.chapter = state.section = unit
    state.article = None
    _open(state, unit, parent=True)
    return True


def _article(state: _State, body: str, piece: tuple[int, int, int]) -> bool:
    """Open an article `第十六条 …` of a regulation."""
    match = ARTICLE.match(body)
    number = parse_numeral(match.group(1)) if match else None
    if not match or not number:
        return False
    chapter_no = state.chapter.section_no if state.chapter else None
    title = _heading(body[match.end() :])
    unit = _Unit("article", state.part, [piece], title, chapter_no, number)
    state.article = unit
    state.last_clause = 0  # its points count from （一）
    _open(state, unit, parent=True)
    return True


def _section(state: _State, body: str, piece: tuple[int, int, int]) -> bool:
    """Open a section `一、…`."""
    match = SECTION.match(body)
    number = parse_numeral(match.group(1)) if match else None
    if not match or not number:
        return False
    unit = _Unit("section", state.part, [piece], _heading(body[match.end() :]), section_no=number)
    state.section = unit
    _open(state, unit, parent=True)
    return True


def _clause(state: _State, body: str, piece: tuple[int, int, int]) -> bool:
    """Open a clause `（三）…`."""
    match = CLAUSE.match(body)
    number = parse_numeral(match.group(1)) if match else None
    if not match or not number:
        return False
    section_no = state.section.section_no if state.section else None
    title = _heading(body[match.end() :])
    unit = _Unit("clause", state.part, [piece], title, section_no, number, article=state.article)
    state.last_clause = number
    if state.article is not None:  # a point of an article: the article stays the parent
        state.parent = state.article
    _open(state, unit, parent=state.article is None)
    return True


def _box(state: _State, body: str, piece: tuple[int, int, int]) -> bool:
    """Open a box `专栏3 …`; it runs until the next section, clause or box."""
    match = BOX.match(body)
    number = parse_numeral(match.group(1)) if match else None
    if not match or number is None:
        return False
    section_no = state.section.section_no if state.section else None
    unit = _Unit("box", state.part, [piece], body[match.end() :].strip(), section_no, box_no=number)
    _open(state, unit, parent=True)
    return True


def _attachment(state: _State, body: str, piece: tuple[int, int, int]) -> bool:
    """An `附件：1.…` line: an other unit whose titles announce the attachments."""
    match = ATTACHMENT.match(body)
    if not match or _inside_box(state):
        return False
    rest = body[match.end() :].strip()
    numbered = NUMBERED.match(rest)
    title = rest[numbered.end() :] if numbered else rest
    if title:
        state.attachment_titles.add(_title_key(title))
    _open_other(state, piece, rest)
    state.after_attachment = True
    return True


def _numbered(state: _State, body: str, piece: tuple[int, int, int]) -> bool:
    """A `1.` list entry (kind other); right after `附件：` it names another attachment."""
    match = NUMBERED.match(body)
    if not match or _inside_box(state):
        return False
    title = body[match.end() :].strip()
    if state.after_attachment and title:
        state.attachment_titles.add(_title_key(title))
    _open_other(state, piece, title, keep_parent=True)
    return True


def _item(state: _State, body: str, piece: tuple[int, int, int]) -> bool:
    """An item `——…` of the current clause (inside a box it is box text)."""
    match = ITEM.match(body)
    if not match or _inside_box(state):
        return False
    parent = state.parent
    counter = parent if parent is not None else state
    counter.items += 1
    unit = _Unit("item", state.part, [piece], _heading(body[match.end() :]), parent=parent)
    unit.item_no = counter.items
    if parent is not None:
        unit.section_no, unit.clause_no = parent.section_no, parent.clause_no
    _open(state, unit, parent=False)
    return True


def _open_other(state: _State, piece: tuple[int, int, int], title: str, keep_parent: bool = False) -> None:
    """Open an other unit (X…)."""
    section_no = state.section.section_no if state.section else None
    unit = _Unit("other", state.part, [piece], title[:TITLE_MAX], section_no)
    _open(state, unit, parent=not keep_parent)


def _inside_box(state: _State) -> bool:
    """True while the paragraphs belong to a 专栏 box."""
    return state.parent is not None and state.parent.kind == "box"


def _open(state: _State, unit: _Unit, parent: bool) -> None:
    """Append a unit and make it the target of the following loose paragraphs."""
    state.units.append(unit)
    state.current = unit
    if parent:
        state.parent = unit
    if unit.kind in ("section", "box", "title"):
        state.article = None  # a section or box ends the article before it


def _continue(state: _State, body: str, piece: tuple[int, int, int]) -> None:
    """A paragraph without a marker: title, preamble, or more text of the unit it follows."""
    current = state.current
    if current is None:
        kind: ClauseKind = "title" if _looks_like_title(body) else "preamble"
        _open(state, _Unit(kind, state.part, [piece], body if kind == "title" else ""), parent=True)
    elif current.kind == "title" and state.parent is current:
        _open(state, _Unit("preamble", state.part, [piece]), parent=True)
    else:
        target = current
        if current is not state.parent and state.parent is not None and current.ends_sentence:
            target = state.parent  # text after a finished item or list entry: back to its clause
        target.pieces.append(piece)
        state.current = target
    state.current.ends_sentence = body.endswith(SENTENCE_END)


def _looks_like_title(body: str) -> bool:
    """A short first paragraph that does not end a sentence."""
    return len(body) <= TITLE_MAX and not body.endswith(SENTENCE_END)


def _heading(rest: str) -> str:
    """Title of a numbered unit: its text up to the first `。`, or all of it."""
    rest = rest.strip()
    cut = rest.find("。")
    return rest[:cut] if cut >= 0 else rest[:TITLE_MAX]


def _assign_ids(units: list[_Unit]) -> None:
    """Give every unit its id (see the module docstring), suffixing repeats with `~2`, `~3` …."""
    prefixes = _part_prefixes(units)
    seen: dict[str, int] = {}
    others = tables = 0
    for unit in units:
        if unit.kind == "other":
            others += 1
        tables += unit.kind == "table"
        base = prefixes[unit.part] + (f"TB{tables:02d}" if unit.kind == "table" else _base_id(unit, others))
        seen[base] = seen.get(base, 0) + 1
        unit.clause_id = base if seen[base] == 1 else f"{base}~{seen[base]}"


def _base_id(unit: _Unit, others: int) -> str:
    """The id of a unit before part prefixes and duplicate suffixes."""
    if unit.kind == "item":
        parent_id = unit.parent.clause_id if unit.parent else ""
        parent_id = parent_id.split(":", 1)[-1]
        return f"{parent_id}-I{unit.item_no:02d}" if parent_id else f"I{unit.item_no:02d}"
    section = f"S{unit.section_no:02d}" if unit.section_no is not None else ""
    if unit.kind == "section":
        return section
    if unit.kind == "clause" and unit.article is not None:
        return f"{unit.article.clause_id.split(':', 1)[-1]}-C{unit.clause_no:02d}"
    if unit.kind == "clause":
        return f"{section}-C{unit.clause_no:02d}" if section else f"C{unit.clause_no:02d}"
    if unit.kind == "chapter":
        return f"CH{unit.section_no:02d}"
    if unit.kind == "article":
        return f"AR{unit.clause_no:03d}"
    if unit.kind == "box":
        return f"B{unit.box_no:02d}"
    if unit.kind == "other":
        return f"X{others:03d}"
    return "T" if unit.kind == "title" else "P"


def _part_prefixes(units: list[_Unit]) -> dict[int, str]:
    """Id prefix of each part: none for the most structured part, `N-` / `A<k>-` for the others."""
    parts = sorted({unit.part for unit in units})
    structural = ("section", "clause", "chapter", "article")
    weight = {p: sum(u.part == p and u.kind in structural for u in units) for p in parts}
    main = max(parts, key=lambda p: (weight[p], -p), default=0)
    return {p: "" if p == main else ("N:" if p == 0 else f"A{p}:") for p in parts}


def _to_clause(unit: _Unit, paragraphs: list[Paragraph]) -> Clause:
    """The finished Clause of a unit, with its text, original text and pages."""
    texts = [paragraphs[i].text[s:e] for i, s, e in unit.pieces]
    originals = [_original_slice(paragraphs[i], s, e) for i, s, e in unit.pieces]
    first, last = unit.pieces[0], unit.pieces[-1]
    return Clause(
        clause_id=unit.clause_id,
        kind=unit.kind,
        text="\n".join(texts),
        title=unit.title,
        section_no=unit.section_no,
        clause_no=unit.clause_no,
        item_no=unit.item_no,
        box_no=unit.box_no,
        original="\n".join(originals),
        page_start=min(paragraphs[i].page_at(s) for i, s, _ in unit.pieces),
        page_end=paragraphs[last[0]].page_at(max(last[2] - 1, last[1])),
        paragraph_index=first[0],
        start=first[1],
        end=first[2],
        pieces=tuple(unit.pieces),
    )


def _original_slice(paragraph: Paragraph, start: int, end: int) -> str:
    """The pre-conversion text of `paragraph.text[start:end]` (offsets scaled if lengths differ)."""
    original, text = paragraph.original, paragraph.text
    if len(original) == len(text) or not text:
        return original[start:end] if original else text[start:end]
    if start == 0 and end >= len(text.rstrip()):
        return original.strip()
    scale = len(original) / len(text)
    return original[round(start * scale) : round(end * scale)]
