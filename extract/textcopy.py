"""Read plain-text and HTML copies into an ExtractedDocument of `plain` lines, with page numbers.

Text copies carry no geometry, but many were extracted from a PDF and still show where the
pages were: form feeds, printed page numbers (`第 5 页 共 26 页`) and, in copies with a blank
line after every printed line, a line that starts with stray whitespace right after a printed
line (seed 000: ` 施效能逐步彰显`), which is where pdftotext joined two pages. These split the
copy into page segments; the printed numbers then anchor the numbering (a printed number may
label the segment before it, as a footer, or the one after it, as a header: whichever reading
agrees with more printed numbers wins, and the first page is page 1 when they tie).

Bytes to text (`decode_bytes`), in this order: a byte-order mark (UTF-8/16/32) decides; else an
encoding the file declares (`<meta charset>`, `http-equiv` content type, `<?xml encoding>`); else
strict UTF-8; else charset-normalizer's candidates plus GB18030 and Big5. Whatever was chosen must
read as Chinese (`chinese_share`, see there), or the best-reading candidate is taken; when none does,
TextEncodingError is raised instead of passing mojibake on.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

import charset_normalizer
from bs4 import BeautifulSoup

from extract.headers import PageNumber, parse_page_number
from extract.model import ExtractedDocument, Line, Page
from policyqa.errors import InputFileError, TextEncodingError

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
DROP_TAGS = ["script", "style", "nav", "noscript", "template", "iframe", "head"]
BLOCK_TAGS = [
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "ol", "p", "pre", "section", "table", "tr", "td", "th", "ul", "title",
]  # fmt: skip
BLANK_AFTER_SHARE = 0.6  # copies where this share of lines is followed by a blank line
MAX_JOIN_SHARE = 0.15  # page joins are rare: more lines than this starting with spaces is indenting

BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),  # FF FE 00 00
    (codecs.BOM_UTF32_BE, "utf-32"),  # 00 00 FE FF
    (codecs.BOM_UTF8, "utf-8-sig"),  # EF BB BF
    (codecs.BOM_UTF16_LE, "utf-16"),  # FF FE
    (codecs.BOM_UTF16_BE, "utf-16"),  # FE FF
)
WIDER_CODEC = {  # declared or detected name -> the superset browsers and publishers really use
    "gb2312": "gb18030",  # GB2312 ⊂ GBK ⊂ GB18030; pages labelled gb2312 often use GBK characters
    "gbk": "gb18030",
    "big5": "big5hkscs",  # Big5 plus the Hong Kong supplementary set (衞, 綫 …)
    "latin_1": "cp1252",  # WHATWG: iso-8859-1 labels mean windows-1252
}
_DECLARED = re.compile(
    rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)"  # <meta charset> / content type
    rb"|<\?xml[^>]{0,100}?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)",  # <?xml encoding="gbk"?>
    re.IGNORECASE,
)
DECLARED_HEAD = 4096  # a declaration must come in the first bytes of the file, as in HTML5
MIN_CHINESE_SHARE = 0.9  # seeds score ≥ 0.98; Big5 read as GB18030 0.47, UTF-8 as GB18030 0.29
JUDGED_CHARS = 200_000  # how much of a decoded copy is judged (mojibake shows from the start)
MIN_LETTERS = 20  # fewer non-ASCII letters than this cannot be judged: such text is accepted as decoded


def read_text_copy(path: Path) -> ExtractedDocument:
    """Read a plain-text or HTML copy; raises InputFileError when it cannot be read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if not data.strip():
        raise InputFileError(f"{path} is empty")
    text = decode_bytes(data, str(path))
    is_html = path.suffix.lower() in HTML_SUFFIXES or looks_like_html(text)
    if is_html:
        text = html_to_text(text)
    pages = pages_from_text(text)
    return ExtractedDocument(path=str(path), kind="html" if is_html else "text", pages=pages)


def decode_bytes(data: bytes, name: str = "the text copy") -> str:
    """Text of a copy's bytes (see the module docstring); raises TextEncodingError, naming `name`,
    when no encoding gives text that reads as Chinese."""
    bom = bom_codec(data)
    if bom:
        try:
            return data.decode(bom)
        except UnicodeDecodeError as exc:
            raise TextEncodingError(
                f"{name} starts with a {bom} byte-order mark but is not {bom}: "
                f"{exc.reason} at byte {exc.start}"
            ) from exc
    tried: list[tuple[float, int, str, str]] = []
    for codec in _candidates(data):
        text = _strict(data, codec)
        if text is None:
            continue
        share, letters = chinese_share(text[:JUDGED_CHARS])
        if letters >= MIN_LETTERS and share >= MIN_CHINESE_SHARE:
            return text
        tried.append((share, letters, codec, text))
    if not tried:
        raise TextEncodingError(
            f"{name} is not valid text in any encoding tried (UTF-8, GB18030, Big5, detected ones)"
        )
    share, letters, codec, text = max(tried, key=lambda t: t[0])  # first of the best on a tie
    if letters < MIN_LETTERS:
        return text  # too few letters to judge: the best-reading candidate
    raise TextEncodingError(
        f"{name} does not read as Chinese in any encoding: best was {codec}, where only {share:.0%} of "
        f"the letters are common Chinese characters (at least {MIN_CHINESE_SHARE:.0%} expected)"
    )


def bom_codec(data: bytes) -> str | None:
    """The codec named by a byte-order mark at the start of `data`, or None."""
    return next((codec for bom, codec in BOMS if data.startswith(bom)), None)


def declared_codec(data: bytes) -> str | None:
    """The codec an HTML/XML copy declares in its first bytes (widened, see WIDER_CODEC), or None."""
    match = _DECLARED.search(data[:DECLARED_HEAD])
    if not match:
        return None
    return _known_codec((match.group(1) or match.group(2)).decode("ascii"))


def _known_codec(label: str) -> str | None:
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return WIDER_CODEC.get(name.replace("-", "_"), name)


def _candidates(data: bytes) -> list[str]:
    """Codecs to try, in order: declared, UTF-8, charset-normalizer's guesses, GB18030, Big5."""
    first = [declared_codec(data), "utf-8"]
    if _strict(data, "utf-8") is None:
        first += [_known_codec(match.encoding) for match in charset_normalizer.from_bytes(data)]
    ordered = [*first, "gb18030", "big5hkscs"]
    return [codec for i, codec in enumerate(ordered) if codec and codec not in ordered[:i]]


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


@lru_cache(maxsize=1)
def common_hanzi() -> frozenset[str]:
    """The common Chinese characters of both scripts: GB2312 level 1 (the 3,755 most frequent
    Simplified characters, rows 0xB0-0xD7) and Big5 level 1 (the 5,401 常用字 of Traditional
    text, 0xA440-0xC67E), read out of Python's own codecs."""
    chars = set()
    for high in range(0xB0, 0xD8):
        chars.update(_decoded_row(high, range(0xA1, 0xFF), "gb2312"))
    for high in range(0xA4, 0xC7):
        lows = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
        chars.update(_decoded_row(high, lows if high < 0xC6 else range(0x40, 0x7F), "big5"))
    return frozenset(chars)


def _decoded_row(high: int, lows: range | list[int], codec: str) -> list[str]:
    return [c for low in lows if (c := _strict(bytes((high, low)), codec)) is not None]


def chinese_share(text: str) -> tuple[float, int]:
    """(share of common Chinese characters among the non-ASCII letters of NFKC(text), their count).

    Mojibake is made of rare characters (Big5 read as GB18030: `砞借秖眏`) or Latin-1 letters
    (UTF-8 read as Latin-1: `è´¨é‡`), so it scores low; Kangxi radicals fold to ordinary
    characters under NFKC first. Text with no non-ASCII letters gives (1.0, 0).
    """
    common = common_hanzi()
    letters = [
        c for c in unicodedata.normalize("NFKC", text)
        if not c.isascii() and unicodedata.category(c).startswith("L")
    ]
    if not letters:
        return 1.0, 0
    return sum(c in common for c in letters) / len(letters), len(letters)


def looks_like_html(text: str) -> bool:
    """True when the start of a text looks like an HTML document."""
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.search(r"<(body|p|div)[ >]", head))


def html_to_text(html: str) -> str:
    """Visible text of an HTML page: scripts, styles and navigation dropped, blocks on own lines."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(BLOCK_TAGS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    lines = [line.rstrip() for line in soup.get_text().split("\n")]
    return re.sub(r"\n(?:[ \t\u3000\xa0]*\n)+", "\n\n", "\n".join(lines)).strip("\n")


def pages_from_text(text: str) -> list[Page]:
    """Split a text copy into pages (form feeds, printed page numbers, page joins)."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines, hard_breaks = _split_form_feeds(raw)
    breaks = hard_breaks | _join_breaks(lines)
    numbers = _assign_pages(lines, breaks)
    pages: dict[int, list[Line]] = {}
    for line_text, number in zip(lines, numbers):
        pages.setdefault(number, []).append(Line(text=line_text, page=number, source="plain"))
    return [
        Page(number=n, lines=pages[n], route="plain", reason="text copy") for n in sorted(pages)
    ]


def _split_form_feeds(raw: list[str]) -> tuple[list[str], set[int]]:
    """Lines with form feeds split out; the indexes of lines that begin a new page."""
    lines: list[str] = []
    breaks: set[int] = set()
    for line in raw:
        parts = line.split("\f")
        for i, part in enumerate(parts):
            if i > 0:
                breaks.add(len(lines))
            if i == 0 or part or i == len(parts) - 1:
                lines.append(part)
    return lines, breaks


def _join_breaks(lines: list[str]) -> set[int]:
    """Page joins in copies with a blank line after every printed line (see module docstring)."""
    content = [i for i, line in enumerate(lines) if line.strip()]
    if len(content) < 4:
        return set()
    followed = sum(1 for i in content if i + 1 < len(lines) and not lines[i + 1].strip())
    if followed / len(content) < BLANK_AFTER_SHARE:
        return set()
    indented = [i for i in content if lines[i][:1].isspace()]
    if len(indented) > MAX_JOIN_SHARE * len(content):
        return set()  # lines are indented as a rule: leading whitespace marks nothing
    return {
        i for i in content[1:] if lines[i][:1].isspace() and lines[i - 1].strip()
    }


def _assign_pages(lines: list[str], breaks: set[int]) -> list[int]:
    """Page number of every line, from page segments anchored on printed page numbers."""
    printed = {i: n for i, line in enumerate(lines) if line.strip() and (n := parse_page_number(line))}
    segment_of: list[int] = []
    segment = 0
    seen_content = False
    for i, line in enumerate(lines):
        if (i in breaks or i in printed) and seen_content:
            segment += 1
            seen_content = False
        segment_of.append(segment)
        if line.strip() and i not in printed:
            seen_content = True
    offset = _choose_offset(printed, segment_of, lines)
    total = max((n.total or 0 for n in printed.values()), default=0)
    numbers = []
    for i, seg in enumerate(segment_of):
        number = printed[i].number if i in printed else seg + offset
        numbers.append(min(max(1, number), total) if total else max(1, number))
    return numbers


def _choose_offset(printed: dict[int, PageNumber], segment_of: list[int], lines: list[str]) -> int:
    """The offset (page = segment + offset) that the printed page numbers agree with most."""
    has_content = {seg for i, seg in enumerate(segment_of) if lines[i].strip() and i not in printed}
    votes: Counter[int] = Counter()
    for i, number in printed.items():
        seg = segment_of[i]
        if seg in has_content:  # the number opens its segment: it labels this one (a header)...
            votes[number.number - seg] += 1
        if seg - 1 in has_content:  # ...or the segment before it (a footer)
            votes[number.number - (seg - 1)] += 1
    if not votes:
        return 1
    best = max(votes.values())
    return min((o for o, v in votes.items() if v == best), key=lambda o: (abs(o - 1), -o))
