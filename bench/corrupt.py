"""Synthetic corruption generator: a reference text with known corruptions of every kind.

`corrupt(reference, seed=…)` returns the reference's paragraphs with corruptions injected —
character insertion, deletion, substitution, visual confusion, Latin intrusion, a pasted block
of another clause, a truncated clause, a missing clause, an extra clause, a wrong number — plus
harmless punctuation changes, and the answer list (kind, reference clause id, offset in the
witness clause text). Each corrupted clause gets one corruption, so offsets do not interfere.
`render_text`, `render_pdf` and `render_scan` turn a copy into a text file, a born-digital PDF
and a degraded scan (the PDF helpers come from tests/resources/make_fixtures.py).

    uv run python bench/corrupt.py --seed 1 --out /tmp/copy   # writes copy.txt and answers.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from reference.align_clauses import body_start
from reference.library import load_library
from reference.model import Clause, Reference
from reference.variants import VISUAL_CONFUSABLES

ROOT = Path(__file__).resolve().parent.parent
POOL = "重点全面有关进一步加强推进持续完善深化优化规范引导统筹协调积极稳妥扎实"
FABRICATED = (
    "——全面推行质量安全责任保险试点，探索建立多元化的质量风险分担机制。",
    "——鼓励各地设立质量发展专项资金，支持中小企业开展质量攻关和品牌培育。",
    "——建立质量违法行为举报奖励制度，畅通群众参与质量监督的渠道。",
    "——开展质量月主题宣传进社区、进校园活动，普及质量安全知识。",
)
NUMERALS = "零一二三四五六七八九"
CHAR_KINDS = ("inserted_text", "deleted_text", "substituted_text", "visual_confusion",
              "latin_intrusion", "duplicated_block", "truncated_clause")
CLAUSE_KINDS = ("missing_clause", "extra_clause", "numbering_error")
KINDS = CHAR_KINDS + CLAUSE_KINDS + ("punctuation",)
CJK_CONFUSABLE = {c: g for g in VISUAL_CONFUSABLES if all("\u4e00" <= x <= "\u9fff" for x in g)
                  for c in g}


@dataclass(frozen=True)
class Answer:
    """One injected corruption: what a perfect checker would flag."""

    kind: str
    clause_id: str  # reference clause id ("" for an extra clause)
    offset: int | None  # offset in the witness clause text (None for a missing clause)
    snippet: str = ""  # witness text the flag must contain (extra clauses)
    anchor: str = ""  # the text just before the corruption, to find it where clauses merged
    harmless: bool = False  # punctuation: must not raise a warning or an error


@dataclass
class CorruptCopy:
    """A corrupted copy of a reference: its paragraphs and the answer list."""

    reference_id: str
    seed: int
    paragraphs: list[str]
    answers: list[Answer] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The copy as a plain-text file: one paragraph a line."""
        return "\n".join(p for p in self.paragraphs if p is not None) + "\n"


def chinese_number(n: int) -> str:
    """1–99 in Chinese numerals as printed in clause markers (十, 十二, 二十三)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else NUMERALS[tens] + "十")
    return head + (NUMERALS[ones] if ones else "") if n >= 10 else NUMERALS[n]


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


class _Editor:
    """Applies corruptions to the paragraphs of a reference, one clause at a time."""

    def __init__(self, reference: Reference, rng: random.Random) -> None:
        self.reference = reference
        self.rng = rng
        self.paragraphs: list[str | None] = list(reference.text.split("\n"))
        self.extra_after: dict[int, list[str]] = {}

    def pieces(self, clause: Clause) -> list[int]:
        """Paragraph indices of the clause."""
        return [p for p, _s, _e in clause.pieces] or [clause.paragraph_index]

    def body_piece(self, clause: Clause) -> tuple[int, int, int]:
        """(paragraph index, offset of that paragraph in the clause text, body start)."""
        pieces = self.pieces(clause)
        index = max(range(len(pieces)), key=lambda k: len(self.paragraphs[pieces[k]] or ""))
        offset = sum(len(self.paragraphs[p] or "") + 1 for p in pieces[:index])
        text = self.paragraphs[pieces[index]] or ""
        return pieces[index], offset, body_start(text) if index == 0 else 0

    def cjk_position(self, text: str, start: int, width: int, end: int | None = None) -> int | None:
        """A random position ≥ start where `width` CJK characters follow, or None."""
        stop = (end if end is not None else len(text)) - width
        spots = [i for i in range(start + 2, stop) if all(_is_cjk(c) for c in text[i : i + width])]
        return self.rng.choice(spots) if spots else None

    def apply(self, kind: str, clause: Clause, others: list[Clause]) -> Answer | None:
        """Inject one corruption of `kind` into `clause`; None when the clause does not suit."""
        return getattr(self, f"_{kind}")(clause, others)

    def _edit(self, clause: Clause, kind: str, width: int, make: object, shift: int = 0) -> Answer | None:
        para, base, body = self.body_piece(clause)
        text = self.paragraphs[para] or ""
        pos = self.cjk_position(text, body, width)
        if pos is None:
            return None
        new = make(text[pos : pos + width])  # type: ignore[operator]
        if new is None:
            return None
        text = self.paragraphs[para] = text[:pos] + new + text[pos + width :]
        at = pos + shift
        return Answer(kind, clause.clause_id, base + at, anchor=text[max(0, at - 8) : at])

    def _pool(self, n: int, avoid: str) -> str:
        chars = [c for c in POOL if c not in avoid]
        return "".join(self.rng.sample(chars, n))

    def _inserted_text(self, clause: Clause, _others: list[Clause]) -> Answer | None:
        return self._edit(clause, "inserted_text", 2, lambda old: old[0] + self._pool(2, old) + old[1])

    def _deleted_text(self, clause: Clause, _others: list[Clause]) -> Answer | None:
        return self._edit(clause, "deleted_text", 3, lambda old: old[0], shift=1)

    def _substituted_text(self, clause: Clause, _others: list[Clause]) -> Answer | None:
        return self._edit(clause, "substituted_text", 2, lambda old: self._pool(2, old))

    def _latin_intrusion(self, clause: Clause, _others: list[Clause]) -> Answer | None:
        return self._edit(clause, "latin_intrusion", 1,
                          lambda old: "and" if old == "和" else old + self.rng.choice(["the", "and", "of"]))

    def _visual_confusion(self, clause: Clause, _others: list[Clause]) -> Answer | None:
        para, base, body = self.body_piece(clause)
        text = self.paragraphs[para] or ""
        spots = [i for i in range(body + 1, len(text)) if text[i] in CJK_CONFUSABLE]
        if not spots:
            return None
        pos = self.rng.choice(spots)
        lookalike = self.rng.choice([c for c in CJK_CONFUSABLE[text[pos]] if c != text[pos]])
        self.paragraphs[para] = text[:pos] + lookalike + text[pos + 1 :]
        return Answer("visual_confusion", clause.clause_id, base + pos, anchor=text[max(0, pos - 8) : pos])

    def _duplicated_block(self, clause: Clause, others: list[Clause]) -> Answer | None:
        source = self.rng.choice([c for c in others if len(c.text) > 80 and c is not clause])
        start = self.rng.randrange(10, len(source.text) - 40)
        block = source.text[start : start + 30].replace("\n", "")
        pieces = self.pieces(clause)
        last = pieces[-1]
        offset = sum(len(self.paragraphs[p] or "") + 1 for p in pieces[:-1])
        text = self.paragraphs[last] or ""
        self.paragraphs[last] = text + block + "。"  # a full stop keeps cleaning from joining lines
        return Answer("duplicated_block", clause.clause_id, offset + len(text), anchor=text[-8:])

    def _truncated_clause(self, clause: Clause, _others: list[Clause]) -> Answer | None:
        pieces = self.pieces(clause)
        last = pieces[-1]
        text = self.paragraphs[last] or ""
        if len(text) < 60:
            return None
        cut = self.cjk_position(text, len(text) // 2, 1, len(text) - 15)
        if cut is None:
            return None
        offset = sum(len(self.paragraphs[p] or "") + 1 for p in pieces[:-1])
        self.paragraphs[last] = text[:cut] + "。"
        return Answer("truncated_clause", clause.clause_id, offset + cut, anchor=text[max(0, cut - 8) : cut])

    def _missing_clause(self, clause: Clause, _others: list[Clause]) -> Answer | None:
        for p in self.pieces(clause):
            self.paragraphs[p] = None
        return Answer("missing_clause", clause.clause_id, None)

    def _extra_clause(self, clause: Clause, _others: list[Clause]) -> Answer | None:
        last = self.pieces(clause)[-1]
        following = self.paragraphs[last + 1] if last + 1 < len(self.paragraphs) else ""
        if following and not body_start(following):
            return None  # the next paragraph continues an enclosing clause: keep it attached
        sentence = self.rng.choice(FABRICATED)
        self.extra_after.setdefault(last, []).append(sentence)
        return Answer("extra_clause", "", 0, snippet=sentence[2:14])

    def _numbering_error(self, clause: Clause, _others: list[Clause]) -> Answer | None:
        first = self.pieces(clause)[0]
        text = self.paragraphs[first] or ""
        marker = f"（{chinese_number(clause.clause_no or 0)}）"
        if clause.kind != "clause" or not text.startswith(marker):
            return None
        wrong = f"（{chinese_number((clause.clause_no or 0) + 40)}）"
        self.paragraphs[first] = wrong + text[len(marker) :]
        return Answer("numbering_error", clause.clause_id, 0)

    def _punctuation(self, clause: Clause, _others: list[Clause]) -> Answer | None:
        para, base, body = self.body_piece(clause)
        text = self.paragraphs[para] or ""
        spots = [i for i in range(body, len(text)) if text[i] in "，、"]
        if not spots:
            return None
        pos = self.rng.choice(spots)
        self.paragraphs[para] = text[:pos] + {"，": ",", "、": "，"}[text[pos]] + text[pos + 1 :]
        return Answer("punctuation", clause.clause_id, base + pos, harmless=True)

    def result(self) -> list[str]:
        """The corrupted paragraphs, extra clauses in place, missing ones gone."""
        out: list[str] = []
        for index, text in enumerate(self.paragraphs):
            if text is not None:
                out.append(text)
            out.extend(self.extra_after.get(index, []))
        return out


def corrupt(reference: Reference, *, seed: int = 0, per_kind: int = 2,
            editor_class: type | None = None) -> CorruptCopy:
    """A copy of `reference` with `per_kind` corruptions of every kind, and its answers.

    `editor_class`: an `_Editor` subclass drawing corruptions from other tables
    (bench/corrupt_independent.py); default `_Editor`."""
    rng = random.Random(seed)
    editor = (editor_class or _Editor)(reference, rng)
    candidates = [c for c in reference.clauses if c.kind in ("clause", "item") and len(c.text) >= 60]
    rng.shuffle(candidates)
    answers: list[Answer] = []
    for kind in [k for k in KINDS for _ in range(per_kind)]:
        for clause in list(candidates):
            answer = editor.apply(kind, clause, reference.clauses)
            if answer is not None:
                candidates.remove(clause)
                answers.append(answer)
                break
    return CorruptCopy(reference.reference_id, seed, editor.result(), answers)


def render_text(copy: CorruptCopy, path: Path) -> Path:
    """Write the copy as a UTF-8 text file."""
    path.write_text(copy.text, encoding="utf-8")
    return path


def _fixtures():  # noqa: ANN202 - the fixture module, imported from tests/resources
    sys.path.insert(0, str(ROOT / "tests" / "resources"))
    import make_fixtures  # type: ignore[import-not-found]

    return make_fixtures


def render_pdf(copy: CorruptCopy, path: Path) -> Path:
    """Typeset the copy as a born-digital PDF."""
    _fixtures().render_policy_pdf(copy.paragraphs, path, title="质量强国建设纲要", footer_style="page_of")
    return path


def render_scan(copy: CorruptCopy, path: Path, *, dpi: int = 200) -> Path:
    """Typeset the copy, then degrade it into an image-only scanned PDF."""
    pdf = render_pdf(copy, path.with_suffix(".digital.pdf"))
    _fixtures().degrade_to_scan(pdf, path, dpi=dpi, seed=copy.seed)
    return path


def main() -> None:
    """Write one corrupted copy and its answers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", default="gangyao-2023")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-kind", type=int, default=2)
    parser.add_argument("--out", type=Path, required=True, help="folder for copy.txt, answers.json")
    args = parser.parse_args()
    copy = corrupt(load_library().get(args.reference), seed=args.seed, per_kind=args.per_kind)
    args.out.mkdir(parents=True, exist_ok=True)
    render_text(copy, args.out / "copy.txt")
    answers = [asdict(a) for a in copy.answers]
    (args.out / "answers.json").write_text(json.dumps(answers, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(answers)} corruptions written to {args.out}")


if __name__ == "__main__":
    main()
