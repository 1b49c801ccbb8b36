"""Flag recall/precision on copies corrupted from tables the detector does not use (issue 12).

bench/corrupt.py draws look-alike swaps from reference.variants.VISUAL_CONFUSABLES — the very
table the detector classifies with — and inserted/substituted words from its own small POOL, so
bench/score_flags.py scores the detector on questions it wrote. Here the same kinds of corruption
come from elsewhere:
- visual_confusion: look-alike pairs found by glyph similarity — every CJK character of the
  seeds and bundled references rendered in WenQuanYi Zen Hei (32 px), paired with its nearest
  neighbour by pixel IoU (≥ MIN_IOU), pairs that VISUAL_CONFUSABLES already holds left out;
- inserted_text / substituted_text: words from GENERAL_WORDS, a hand-written list of everyday
  and administrative words (no character of POOL, none in reference/ tables);
- latin_intrusion: Latin words other than the/and/of.
Other kinds are as in bench/corrupt.py. Scoring is bench/score_flags.py's (text mode only).

    uv run python bench/corrupt_independent.py --copies 20
    uv run python bench/corrupt_independent.py --copies 20 --pairs   # also print the look-alike pairs
"""

from __future__ import annotations

import argparse
import tempfile
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import numpy as np
from opencc import OpenCC
from PIL import Image, ImageDraw, ImageFont

from bench.corrupt import ROOT, Answer, CorruptCopy, _Editor, _is_cjk, corrupt
from bench.score_flags import flag_matches, report, run_copy, score_copy
from reference.library import BUNDLED_DIR, load_library
from reference.model import Clause, Comparison
from reference.variants import VISUAL_CONFUSABLES

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")  # as tests/resources/make_fixtures.py
GLYPH_PX = 32
MIN_IOU = 0.6  # pixel overlap from which two glyphs count as look-alikes (0.6: 由/中, 货/贷, 须/领)
GENERAL_WORDS = (  # everyday and administrative words, no character of bench/corrupt.py's POOL
    "工作", "情况", "问题", "社会", "群众", "地方", "部门", "时间", "条件", "基础", "环境",
    "国家", "人民", "经济", "技术", "市场", "资源", "能力", "水平", "作用", "活动", "项目",
    "学习", "研究", "管理", "服务", "保护", "建立", "提高", "发现", "组织",
    "适当", "必要", "相应", "主要", "基本", "具体", "明确", "认真", "及时", "广泛",
    "城市", "农村", "企业", "单位", "机构", "人员", "资金", "信息", "标准", "制度", "政策", "法律",
    "今年", "明年", "目前", "以后", "同时", "另外", "但是", "因此", "通过", "按照", "根据", "围绕",
)
CHAR_WIDE = {"inserted_text", "deleted_text", "substituted_text", "visual_confusion", "latin_intrusion"}
LATIN = ("for", "with", "in", "to", "by", "on", "is")


def _charset() -> list[str]:
    """Every CJK character of the Simplified seeds (not 001, Traditional) and bundled texts, sorted."""
    seeds = [f for f in (ROOT / "tests" / "resources" / "seeds").glob("*.txt") if not f.name.startswith("001")]
    files = seeds + list(BUNDLED_DIR.glob("*.txt"))
    return sorted({c for f in files for c in f.read_text(encoding="utf-8") if _is_cjk(c)})


def _glyphs(chars: list[str]) -> np.ndarray:
    """One flattened 0/1 bitmap per character, the glyph centred on a GLYPH_PX square."""
    font = ImageFont.truetype(str(FONT), GLYPH_PX - 4)
    rows = []
    for char in chars:
        image = Image.new("L", (GLYPH_PX, GLYPH_PX), 0)
        ImageDraw.Draw(image).text((GLYPH_PX // 2, GLYPH_PX // 2), char, font=font, fill=255, anchor="mm")
        rows.append((np.asarray(image) > 127).ravel())
    return np.array(rows, dtype=np.float32)


@lru_cache(maxsize=1)
def lookalikes() -> dict[str, str]:
    """Each character's nearest glyph by pixel IoU, where that IoU ≥ MIN_IOU, known pairs left out."""
    chars = _charset()
    bits = _glyphs(chars)
    inter = bits @ bits.T
    sizes = bits.sum(axis=1)
    iou = inter / np.maximum(sizes[:, None] + sizes[None, :] - inter, 1)
    np.fill_diagonal(iou, 0)
    known = {(a, b) for group in VISUAL_CONFUSABLES for a in group for b in group}
    simplify = OpenCC("t2s").convert  # 楨/桢 are one character in two scripts, not a misreading
    pairs = {}
    for i, char in enumerate(chars):
        j = int(iou[i].argmax())
        if iou[i, j] >= MIN_IOU and (char, chars[j]) not in known and simplify(char) != simplify(chars[j]):
            pairs[char] = chars[j]
    return pairs


class IndependentEditor(_Editor):
    """bench/corrupt.py's editor with look-alikes, words and Latin drawn from the tables above."""

    def _word(self, avoid: str) -> str:
        return self.rng.choice([w for w in GENERAL_WORDS if w != avoid])

    def _inserted_text(self, clause: Clause, _others: list[Clause]) -> Answer | None:
        return self._edit(clause, "inserted_text", 2, lambda old: old[0] + self._word(old) + old[1])

    def _substituted_text(self, clause: Clause, _others: list[Clause]) -> Answer | None:
        return self._edit(clause, "substituted_text", 2, lambda old: self._word(old))

    def _latin_intrusion(self, clause: Clause, _others: list[Clause]) -> Answer | None:
        return self._edit(clause, "latin_intrusion", 1, lambda old: old + self.rng.choice(LATIN))

    def _visual_confusion(self, clause: Clause, _others: list[Clause]) -> Answer | None:
        para, base, body = self.body_piece(clause)
        text = self.paragraphs[para] or ""
        pairs = lookalikes()
        spots = [i for i in range(body + 1, len(text)) if text[i] in pairs]
        if not spots:
            return None
        pos = self.rng.choice(spots)
        self.paragraphs[para] = text[:pos] + pairs[text[pos]] + text[pos + 1 :]
        return Answer("visual_confusion", clause.clause_id, base + pos, anchor=text[max(0, pos - 8) : pos])


def flagged_any_kind(copy: CorruptCopy, result: Comparison) -> tuple[int, int]:
    """(answers with a warning or error at their place whatever its kind, answers): a corruption
    called by the wrong name is still caught for a reader of flags.csv."""
    real = [a for a in copy.answers if not a.harmless]
    serious = [f for f in result.flags if f.severity != "info"]
    found = sum(any(flag_matches(f, replace(a, kind=f.kind) if a.kind in CHAR_WIDE else a, result, False)
                    for f in serious) for a in real)
    return found, len(real)


def main() -> None:
    """Score text-mode flags on independently corrupted copies and print the table."""
    parser = argparse.ArgumentParser(description="flag recall/precision, corruptions from other tables")
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--per-kind", type=int, default=2)
    parser.add_argument("--reference", default="gangyao-2023")
    parser.add_argument("--pairs", action="store_true", help="print the look-alike pairs used")
    args = parser.parse_args()
    if args.pairs:
        print(" ".join(f"{a}→{b}" for a, b in sorted(lookalikes().items())))
    reference = load_library().get(args.reference)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    caught = [0, 0]
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(args.first_seed, args.first_seed + args.copies):
            copy = corrupt(reference, seed=seed, per_kind=args.per_kind, editor_class=IndependentEditor)
            result = run_copy(copy, reference, "text", Path(tmp), 0)
            for kind, values in score_copy(copy, result, False).items():
                totals[kind] = [a + b for a, b in zip(totals[kind], values)]
            caught = [a + b for a, b in zip(caught, flagged_any_kind(copy, result))]
    print(f"mode=text copies={args.copies} per_kind={args.per_kind} reference={args.reference} "
          f"corruptions=independent ({len(lookalikes())} look-alike pairs, {len(GENERAL_WORDS)} words)")
    print(report(totals))
    print(f"{'caught as warning/error, any kind':34} {caught[0] / max(caught[1], 1):.3f} ({caught[0]}/{caught[1]})")


if __name__ == "__main__":
    main()
