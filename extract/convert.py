"""Traditional → Simplified conversion with OpenCC, applied only to Traditional text.

The configuration was chosen by measurement (bench/bench_opencc.py: seed 001 converted with
each configuration and aligned with seed 000). Edit distance to 000: t2s 820, tw2s 813,
tw2sp 803, hk2s 820. tw2sp is lowest because its Taiwan-phrase table turns 軟體/網路/資訊/
支援/智慧 into 软件/网络/信息/支持/智能, but it also rewrites 49 places that were already right
(建立→创建 ×22, 效能→性能, 线上→在线, 指标→指针, 执行→运行): invented differences that later
stages would report as corruption. tw2s (Taiwan standard to Simplified, characters only) changes
nothing that was right, so it runs; the Taiwan vocabulary it leaves (品质, 水准, 支援, 软体 …)
is a harmless regional variant for later stages: reference/regional.py converts the reference the
way the copy was made and back with this same configuration, so it predicts exactly these forms.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

DEFAULT_CONFIG = "tw2s"
TRADITIONAL_SHARE = 0.03  # share of Han characters that t2s changes above which text is Traditional
MIN_CHANGED = 3  # and at least this many of them (a stray 著 or 於 is not a Traditional copy)

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=8)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(f"{config}.json")


def traditional_share(text: str) -> float:
    """Share of the Han characters of `text` that plain t2s conversion changes (0 when none)."""
    han = _HAN.findall(text)
    if not han:
        return 0.0
    joined = "".join(han)
    converted = _converter("t2s").convert(joined)
    if len(converted) != len(joined):
        converted = "".join(_converter("t2s").convert(ch) for ch in han)
    changed = sum(a != b for a, b in zip(joined, converted))
    return changed / len(han)


def is_traditional(text: str) -> bool:
    """True when `text` is written in Traditional characters (see TRADITIONAL_SHARE)."""
    han_count = len(_HAN.findall(text))
    share = traditional_share(text)
    return share >= TRADITIONAL_SHARE and share * han_count >= MIN_CHANGED


def to_simplified(text: str, config: str = DEFAULT_CONFIG) -> str:
    """Convert Traditional text to Simplified with an OpenCC configuration (`tw2sp`, `t2s` …)."""
    return _converter(config).convert(text) if text else text
