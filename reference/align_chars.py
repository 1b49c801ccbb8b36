"""Character-level diff of two texts on a comparison key, mapped back to the real text.

The comparison key keeps letters and digits only (NFKC-folded, lower-cased): punctuation
width and kind, whitespace and symbols do not count. Each key character remembers the offset
of the text character it came from, so a difference found on the key quotes the real text.
Punctuation is compared separately, between consecutive matched key characters.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

MERGE_GAP = 2  # changes separated by at most this many equal key characters are one change
MERGE_FAR = 8  # up to this gap, changes merge when the gap is small beside their sizes


@dataclass(frozen=True)
class Keyed:
    """A text, its comparison key and where each key character came from in the text."""

    text: str
    key: str
    index: tuple[int, ...]  # key position -> offset in text

    def text_span(self, key_start: int, key_end: int) -> tuple[int, int]:
        """Text offsets [start, end) covering key[key_start:key_end]; empty spans sit in place."""
        if key_start < key_end:
            return self.index[key_start], self.index[key_end - 1] + 1
        return self.insertion_point(key_start), self.insertion_point(key_start)

    def insertion_point(self, key_pos: int) -> int:
        """Text offset just after the key character before `key_pos` (0 at the start)."""
        if key_pos <= 0 or not self.index:
            return 0
        return self.index[min(key_pos, len(self.index)) - 1] + 1


@dataclass(frozen=True)
class Change:
    """One difference: reference key [ref_start, ref_end) became witness key [wit_start, wit_end)."""

    ref_start: int
    ref_end: int
    wit_start: int
    wit_end: int


@lru_cache(maxsize=65536)  # called once per character of every text: the same few thousand chars
def key_chars(char: str) -> str:
    """The key characters for one text character ('' for punctuation, spaces, symbols)."""
    folded = unicodedata.normalize("NFKC", char).lower()
    return "".join(c for c in folded if unicodedata.category(c)[0] in "LN")


def make_key(text: str) -> Keyed:
    """Build the comparison key of `text` with its index map."""
    key: list[str] = []
    index: list[int] = []
    for offset, char in enumerate(text):
        for k in key_chars(char):
            key.append(k)
            index.append(offset)
    return Keyed(text=text, key="".join(key), index=tuple(index))


def diff_keys(reference: str, witness: str) -> list[Change]:
    """Differences between two keys, nearby edits merged into one change."""
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(reference, witness):
        if tag == "equal":
            continue
        if changes and _close(changes[-1], i1, i2, j1, j2):
            last = changes.pop()
            changes.append(Change(last.ref_start, i2, last.wit_start, j2))
        else:
            changes.append(Change(i1, i2, j1, j2))
    return changes


def _close(last: Change, i1: int, i2: int, j1: int, j2: int) -> bool:
    """True when a new edit follows `last` after an equal run that is short beside the edits."""
    gap = i1 - last.ref_end
    if gap <= MERGE_GAP:
        return True
    sizes = (last.ref_end - last.ref_start) + (last.wit_end - last.wit_start) + (i2 - i1) + (j2 - j1)
    return gap <= MERGE_FAR and gap * 4 <= sizes


def matched_pairs(reference: str, witness: str) -> list[tuple[int, int]]:
    """(ref_pos, wit_pos) of every key character the two keys share in the alignment."""
    pairs: list[tuple[int, int]] = []
    for tag, i1, i2, j1, _j2 in Levenshtein.opcodes(reference, witness):
        if tag == "equal":
            pairs.extend((i1 + k, j1 + k) for k in range(i2 - i1))
    return pairs


PUNCT_EQUIVALENT = {
    "“": '"',  # curly and straight double quotes
    "”": '"',
    "‘": "'",  # curly and straight single quotes
    "’": "'",
    "—": "-",  # dashes of any width
    "－": "-",
    "–": "-",
    "﹒": ".",  # small full stop
    "．": ".",
    "·": "·",  # middle dot, kept
}


def punctuation_between(keyed: Keyed, key_pos: int) -> str:
    """Normalised punctuation between key characters key_pos-1 and key_pos (spaces dropped)."""
    start = keyed.insertion_point(key_pos)
    end = keyed.index[key_pos] if key_pos < len(keyed.index) else len(keyed.text)
    return normalise_punctuation(keyed.text[start:end])


def normalise_punctuation(text: str) -> str:
    """Punctuation of `text`, width-folded, with equivalent marks made equal, spaces dropped."""
    out = []
    for char in unicodedata.normalize("NFKC", text):
        if char.isspace():
            continue
        out.append(PUNCT_EQUIVALENT.get(char, char))
    return "".join(out)


@dataclass(frozen=True)
class Joined:
    """Comparison keys of several texts (pieces) joined, each key character knowing its piece."""

    texts: tuple[str, ...]
    key: str
    where: tuple[tuple[int, int], ...]  # key position -> (piece, offset in that piece's text)
    origin: tuple[int, int] = (0, 0)  # (piece, offset) where the first segment's key begins

    def span(self, key_start: int, key_end: int) -> tuple[int, int, int]:
        """(piece, start, end) of text covering key[key_start:key_end], cut at the first piece."""
        if key_start >= key_end:
            piece, offset = self.point(key_start)
            return piece, offset, offset
        piece, start = self.where[key_start]
        last = max(k for k in range(key_start, key_end) if self.where[k][0] == piece)
        return piece, start, max(start, self.where[last][1]) + 1

    def point(self, key_pos: int) -> tuple[int, int]:
        """(piece, offset) just after the key character before `key_pos`."""
        if key_pos <= 0 or not self.where:
            return self.origin
        piece, offset = self.where[min(key_pos, len(self.where)) - 1]
        return piece, offset + 1

    def quote(self, key_start: int, key_end: int) -> str:
        """Real text from key position `key_start` to `key_end`, punctuation between included."""
        out: list[str] = []
        for k in range(key_start, min(key_end, len(self.where))):
            piece, offset = self.where[k]
            nxt = self.where[k + 1] if k + 1 < key_end else None
            stop = nxt[1] if nxt and nxt[0] == piece and nxt[1] > offset else offset + 1
            out.append(self.texts[piece][offset:stop])
        return "".join(out)


Segment = tuple[int, int, int]
"""(piece, start, end): a stretch of one piece's text to key, in reading order."""


def join_segments(texts: list[str], segments: list[Segment]) -> Joined:
    """Join the keys of the given stretches of `texts`, in the order given."""
    key: list[str] = []
    where: list[tuple[int, int]] = []
    for piece, start, end in segments:
        keyed = make_key(texts[piece][start:end])
        key.append(keyed.key)
        where.extend((piece, start + offset) for offset in keyed.index)
    origin = (segments[0][0], segments[0][1]) if segments else (0, 0)
    return Joined(tuple(texts), "".join(key), tuple(where), origin)


def join_keys(texts: list[str], starts: list[int]) -> Joined:
    """Join the keys of `texts`, each keyed from its offset in `starts` (after its marker)."""
    return join_segments(texts, [(i, s, len(t)) for i, (t, s) in enumerate(zip(texts, starts))])


def subset(joined: Joined, positions: list[int]) -> Joined:
    """The same joined key restricted to `positions` (e.g. with pasted blocks cut out)."""
    origin = joined.where[positions[0]] if positions else joined.origin
    return Joined(joined.texts, "".join(joined.key[p] for p in positions),
                  tuple(joined.where[p] for p in positions), origin)
