"""Repair hard line breaks: group printed lines into paragraphs and join them with provenance.

Lines arrive normalised (see normalize.py). A new paragraph starts at a structural marker
(`一、`, `（三）`, `——`, `专栏N`, `1.`, `附件`), after a heading, or where the previous line ends
a sentence short of the right margin. With geometry (PDF text layer, OCR) "short" and first-line
indents are measured on the page; without geometry (text copies) three regimes are told apart:

- `wrapped`: hard-wrapped lines of similar length, most ending mid-sentence (seed 000);
- `blocks`: paragraphs are blank-line-separated blocks of several lines;
- `lines`: one paragraph per line (seeds 001-004), repairing lines broken mid-sentence.

Lines that continue whatever their indent: a line after one that runs to the right margin without
ending a sentence, set close below it in the same size and starting under its start or up to a
marker's width (four characters) right of it (a hanging indent, `（一）应由…由符` ⏎ `合相应条件的…`);
the second line of a centred title (both lines centred on the same axis, the
first with no sentence punctuation); and, in every regime, the line after one whose 《 （ “ brackets
are still open or that ends with a connector (`关于`, `的`, `和` …).
A Latin word broken at a line end (`单位G` ⏎ `DP资源`) is joined without a space when the word
is set solid in Chinese text on both sides; words set with spaces (`quality` ⏎ `management`) keep one.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, replace
from typing import Literal

from extract.model import BBox, LineSource, Span

Regime = Literal["geometry", "wrapped", "blocks", "lines"]

MARKER = re.compile(
    r"^(?:[一二三四五六七八九十百]+、"  # 一、 section
    r"|[（(][一二三四五六七八九十百]+[）)]"  # （三） clause
    r"|——"  # —— item
    r"|(?:专栏|專欄)\s*\d+"  # 专栏1 box
    r"|\d{1,2}[.、．](?!\d)"  # 1. list item (not 3.5)
    r"|[（(]\d{1,2}[）)]"  # (1) list item
    r"|附件"  # 附件：attachment
    r"|第[一二三四五六七八九十百千零〇两\d]+[章条節节])"  # 第三章 / 第十条 / 第45条
)
_LABEL = re.compile(r"^[\u4e00-\u9fff]{1,8}[：:]")  # 联系人：… 邮箱：… a field label
_TERMINAL = "。！？；：…!?;:"
_CLOSING = "”’」』）)》"
_SENTENCE_PUNCT = re.compile(r"[，。；！？,;!?：:]")
_STRONG_PUNCT = re.compile(r"[。；！？;!?]")
_LATIN_END = re.compile(r"[A-Za-z]$")
_LATIN_START = re.compile(r"^[A-Za-z]")
_SOLID_LATIN_END = re.compile(r"[^\x00-\x7f][A-Za-z]+$")  # `单位G`: no space before the word
_SOLID_LATIN_START = re.compile(r"^[A-Za-z]+(?:[^\x00-\x7f]|$)")  # `DP资源`: none after it
_BRACKETS = (("《", "》"), ("（", "）"), ("“", "”"), ("〈", "〉"), ("【", "】"))
CONNECTORS = ("、", "，", "和", "与", "及", "关于", "的", "对")  # a heading cannot end so
HEADING_MAX_WIDTH = 40
MIN_WRAPPED_LINES = 6  # fewer lines than this cannot show a hard-wrapping pattern
ITEM_MARKER = "——"
DASH_LIKE = "一—―–‐-－_"  # what OCR makes of the two dashes of an item marker `——`
_DASH = f"[{re.escape(DASH_LIKE)}]"
_DASH_RUN = re.compile(rf"^{_DASH} ?{_DASH}?(?=[\u4e00-\u9fff0-9A-Za-z（《“])")
INDENTED = 1.5  # cells of indent from which a line starts a paragraph (ordinary indent: 2)
DROPPED = (3.4, 4.6)  # indent (cells) of an item line whose `——` OCR dropped: 2 + the dash's 2
TITLE_LINE_SHARE = 0.6  # the first line of a wrapped centred title fills this much of the block
EXTRA_CELL = 0.6  # a line wider than its text by this many cells holds a dash read as one `一`


@dataclass(frozen=True)
class TextLine:
    """One normalised line on its way into a paragraph, with where it came from."""

    text: str
    page: int
    source: LineSource = "plain"
    confidence: float | None = None
    bbox: BBox | None = None
    after_blank: bool = False  # a blank line came before it (text copies)


def width(text: str) -> float:
    """Display width in CJK character cells: ASCII counts half."""
    return sum(0.5 if ord(ch) < 128 else 1.0 for ch in text)


def starts_paragraph_marker(text: str) -> bool:
    """True when a line opens with a structural marker (section, clause, item, box, list)."""
    return bool(MARKER.match(text))


def ends_sentence(text: str) -> bool:
    """True when a line ends a sentence (。！？；： or such a mark inside closing quotes)."""
    stripped = text.rstrip(_CLOSING) if text.endswith(("”", "’", "」", "』")) else text
    return bool(stripped) and stripped[-1] in _TERMINAL


def is_heading(text: str) -> bool:
    """A short line that does not read as a sentence: a title, or a heading after its marker.

    After a marker (`一、高度重视，狠抓落实`) commas are allowed; without one, no sentence
    punctuation at all (`中共中央 国务院印发《质量强国建设纲要》`).
    """
    if width(text) > HEADING_MAX_WIDTH or text.endswith(("，", ",", "、")):
        return False
    body = MARKER.sub("", text, count=1)
    if body != text:
        return bool(body) and not _STRONG_PUNCT.search(body)
    return not _SENTENCE_PUNCT.search(body)


def restore_item_markers(lines: list[TextLine]) -> list[TextLine]:
    """OCR'd lines whose item marker `——` was misread (`一一`, `-一`, `—`, a wide `一`) or
    dropped (the text starts two cells past the paragraph indent) get `——` back.

    Only OCR lines with a box are touched, and only where the page's geometry says the line opens
    a paragraph: text-layer and plain lines, and `一、` or `一二三产业` at a line start, never are.
    """
    pitch = _cell_pitch(lines)
    out = list(lines)
    for i, line in enumerate(lines):
        if line.source != "ocr" or not line.text or starts_paragraph_marker(line.text):
            continue
        cells = _indent_cells(lines, i, pitch.get(line.page))
        if cells is not None:
            out[i] = replace(line, text=_with_item_marker(line.text, *cells))
    return out


def _with_item_marker(text: str, indent: float, unfilled: float) -> str:
    """`text` with its misread or dropped item marker restored, given its indent and the cells
    of its box its characters do not fill (see restore_item_markers)."""
    if indent < INDENTED:
        return text
    run = _DASH_RUN.match(text)
    if run and run.group() == "一":  # one `一`: a dash only if the box or indent has room for two
        wide = unfilled - indent >= EXTRA_CELL or indent >= DROPPED[0] - 0.5
        return ITEM_MARKER + text[1:] if wide else text
    if run:
        return ITEM_MARKER + text[run.end() :]
    if DROPPED[0] <= indent <= DROPPED[1] and width(text) >= 10:
        return ITEM_MARKER + text
    return text


def _cell_pitch(lines: list[TextLine]) -> dict[int, float]:
    """Points per character cell on each page, measured on its longer OCR lines (3 at least)."""
    widths: dict[int, list[float]] = {}
    for ln in lines:
        if ln.source == "ocr" and ln.bbox and width(ln.text) >= 10:
            widths.setdefault(ln.page, []).append((ln.bbox[2] - ln.bbox[0]) / width(ln.text))
    return {page: statistics.median(w) for page, w in widths.items() if len(w) >= 3}


def _indent_cells(lines: list[TextLine], i: int, pitch: float | None) -> tuple[float, float] | None:
    """(indent of line i from the local left margin, cells between that margin and the line's
    right end not filled by its characters); None without a box or a page pitch."""
    line = lines[i]
    near = [ln.bbox[0] for ln in lines[max(0, i - 3) : i + 4] if ln.page == line.page and ln.bbox]
    if line.bbox is None or pitch is None or len(near) < 3:
        return None
    left, x0, x1 = min(near), line.bbox[0], line.bbox[2]
    return (x0 - left) / pitch, (x1 - left) / pitch - width(line.text)


def choose_regime(lines: list[TextLine]) -> Regime:
    """Which line-break regime a list of lines follows (see the module docstring)."""
    if lines and all(line.bbox for line in lines):
        return "geometry"
    long_lines = [ln for ln in lines if width(ln.text) >= 8]
    if len(long_lines) >= MIN_WRAPPED_LINES:
        open_share = sum(not ends_sentence(ln.text) for ln in long_lines) / len(long_lines)
        typical = statistics.median(width(ln.text) for ln in long_lines)
        near = sum(abs(width(ln.text) - typical) <= 2 for ln in long_lines) / len(long_lines)
        if open_share >= 0.4 and near >= 0.5:
            return "wrapped"
    blocks = _blocks(lines)
    if len(blocks) >= 2 and sum(len(b) > 1 for b in blocks) >= 0.3 * len(blocks):
        return "blocks"
    return "lines"


def _blocks(lines: list[TextLine]) -> list[list[TextLine]]:
    blocks: list[list[TextLine]] = []
    for line in lines:
        if not blocks or line.after_blank:
            blocks.append([])
        blocks[-1].append(line)
    return blocks


def group_paragraphs(lines: list[TextLine], regime: Regime | None = None) -> list[list[TextLine]]:
    """Group lines (in reading order, blank lines already dropped) into paragraphs."""
    lines = [line for line in lines if line.text]
    if not lines:
        return []
    regime = regime or choose_regime(lines)
    if regime == "geometry":
        breaks = _GeometryBreaks(lines)
        decide = breaks.breaks_before
    elif regime == "wrapped":
        full = _typical_width(lines) - 1.5
        decide = lambda prev, cur: _wrapped_break(prev, cur, full)  # noqa: E731
    elif regime == "blocks":
        decide = _block_break
    else:
        decide = _lines_break
    paragraphs: list[list[TextLine]] = [[lines[0]]]
    by_paragraph = regime in ("lines", "blocks")
    for prev, cur in zip(lines, lines[1:]):
        if by_paragraph:  # a heading is a whole paragraph: judge what the lines joined so far read as
            prev = replace(prev, text="".join(line.text for line in paragraphs[-1]))
        if decide(prev, cur):
            paragraphs.append([])
        paragraphs[-1].append(cur)
    return paragraphs


def _typical_width(lines: list[TextLine]) -> float:
    widths = sorted(width(ln.text) for ln in lines if width(ln.text) >= 8)
    return widths[int(len(widths) * 0.75)] if widths else 0.0


def _common_break(prev: TextLine, cur: TextLine) -> bool:
    return starts_paragraph_marker(cur.text) or is_heading(prev.text) and not _continues(prev)


def _continues(prev: TextLine) -> bool:
    """A line with a bracket still open, or ending in a connector, cannot end a heading."""
    text = prev.text
    return text.endswith(CONNECTORS) or any(text.count(o) > text.count(c) for o, c in _BRACKETS)


def _wrapped_break(prev: TextLine, cur: TextLine, full_width: float) -> bool:
    if starts_paragraph_marker(cur.text):
        return True
    short = width(prev.text) < full_width
    if is_heading(prev.text) and short:
        return True
    return ends_sentence(prev.text) and short


def _block_break(prev: TextLine, cur: TextLine) -> bool:
    if not cur.after_blank:
        return False
    return _lines_break(prev, cur)


def _lines_break(prev: TextLine, cur: TextLine) -> bool:
    if _common_break(prev, cur) or ends_sentence(prev.text):
        return True
    field = _LABEL.match(prev.text) and width(prev.text) <= HEADING_MAX_WIDTH
    return bool(_LABEL.match(cur.text) or field)


class _GeometryBreaks:
    """Paragraph breaks measured on the page: indents, right margins, vertical gaps."""

    def __init__(self, lines: list[TextLine]) -> None:
        by_page: dict[int, list[BBox]] = {}
        for line in lines:
            assert line.bbox is not None
            by_page.setdefault(line.page, []).append(line.bbox)
        self.left = {p: _quantile([b[0] for b in bs], 0.2) for p, bs in by_page.items()}
        self.right = {p: _quantile([b[2] for b in bs], 0.8) for p, bs in by_page.items()}
        self.size = {
            p: max(1.0, statistics.median(b[3] - b[1] for b in bs)) for p, bs in by_page.items()
        }

    def breaks_before(self, prev: TextLine, cur: TextLine) -> bool:
        """True when `cur` starts a new paragraph after `prev`."""
        assert prev.bbox is not None and cur.bbox is not None
        if starts_paragraph_marker(cur.text):
            return True
        size = self.size[cur.page]
        prev_short = prev.bbox[2] < self.right[prev.page] - 1.0 * self.size[prev.page]
        if not prev_short and not ends_sentence(prev.text) and self._hanging(prev, cur):
            return False  # a full line broken mid-sentence continues, on a hanging indent too
        if self._centred_pair(prev, cur):
            return False  # the next line of a centred title
        if cur.bbox[0] - self.left[cur.page] >= 1.0 * size:
            return True  # first-line indent (or a centred line)
        # A line that runs to the right margin continues on the next line, whatever it reads
        # like: a full-width line with no comma is not a heading.
        if prev_short and (ends_sentence(prev.text) or _common_break(prev, cur)):
            return True
        same_page = prev.page == cur.page
        return same_page and cur.bbox[1] - prev.bbox[3] > 1.2 * size

    def _hanging(self, prev: TextLine, cur: TextLine) -> bool:
        """`cur` could be the next line of `prev`'s paragraph: set in the same size, no wider
        than a line's gap below it, starting under `prev`'s start or a marker's width (four
        characters) right of it (a hanging indent)."""
        assert prev.bbox is not None and cur.bbox is not None
        size = self.size[cur.page]
        heights = (prev.bbox[3] - prev.bbox[1], cur.bbox[3] - cur.bbox[1])
        near = prev.page != cur.page or cur.bbox[1] - prev.bbox[3] <= 1.2 * size
        start = prev.bbox[0] - 0.5 * size <= cur.bbox[0] <= prev.bbox[0] + 4.0 * size
        return near and start and max(heights) <= 1.15 * min(heights)

    def _centred_pair(self, prev: TextLine, cur: TextLine) -> bool:
        """Two lines of one centred title: same page and size, both indented from the left
        margin, both centred on the text block (within two characters; an issuer and date set
        under each other at the right are not a title), close together, the first no sentence and
        wide enough to have wrapped (TITLE_LINE_SHARE: two short issuers stacked are two lines)."""
        assert prev.bbox is not None and cur.bbox is not None
        if prev.page != cur.page or _SENTENCE_PUNCT.search(prev.text) or ends_sentence(cur.text):
            return False
        size, left = self.size[cur.page], self.left[cur.page]
        p, c = prev.bbox, cur.bbox
        heights = (p[3] - p[1], c[3] - c[1])
        axis = left + self.right[cur.page]  # twice the text block's centre, as the sums below
        return (
            p[2] - p[0] >= TITLE_LINE_SHARE * (self.right[cur.page] - left)
            and min(p[0], c[0]) - left >= 1.0 * size
            and max(abs(p[0] + p[2] - axis), abs(c[0] + c[2] - axis)) / 2 <= 2.0 * size
            and max(heights) <= 1.15 * min(heights)
            and c[1] - p[3] <= 1.2 * max(heights)
        )


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def join_paragraph(lines: list[TextLine]) -> tuple[str, tuple[Span, ...]]:
    """Join one paragraph's lines: no space between CJK, one between Latin words; with spans."""
    text = ""
    spans: list[Span] = []
    for line in lines:
        latin_join = text and _LATIN_END.search(text) and _LATIN_START.match(line.text)
        if latin_join and not _solid_word(text, line.text):
            text += " "
            last = spans[-1]
            spans[-1] = Span(last.start, last.end + 1, last.page, last.source, last.confidence)
        start = len(text)
        text += line.text
        spans.append(Span(start, len(text), line.page, line.source, line.confidence))
    return text, tuple(_merge_spans(spans))


def _solid_word(before: str, after: str) -> bool:
    """True when the Latin run ending `before` and the one starting `after` are one word set solid
    in Chinese text (`单位G` + `DP资源`): no space on either outer side (see the module docstring)."""
    return bool(_SOLID_LATIN_END.search(before) and _SOLID_LATIN_START.match(after))


def _merge_spans(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        if span.start == span.end and merged:
            continue
        last = merged[-1] if merged else None
        if last and (last.page, last.source, last.confidence) == (
            span.page,
            span.source,
            span.confidence,
        ):
            merged[-1] = Span(last.start, span.end, last.page, last.source, last.confidence)
        else:
            merged.append(span)
    return merged
