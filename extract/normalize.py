"""Character-level normalisation of one line of Chinese text (pure `str -> str`, idempotent).

Applied per line, before lines are joined into paragraphs, so that span offsets built while
joining stay true. What changes (every substitution is listed in a table below):
NFC (which also folds the CJK compatibility ideographs U+F900-U+FAFF and U+2F800-U+2FA1F to their
unified ideographs: they have canonical decompositions, e.g. U+F9A8 `令` → U+4EE4 `令`); look-alike
radicals folded to ideographs (KANGXI_RADICALS, RADICALS_SUPPLEMENT); dash variants folded (DASHES,
and a two-dash item marker at a line start to `——`); zero-width characters removed; full-width
digits and Latin letters to half-width;
half-width punctuation inside Chinese text to full-width; spaces between CJK characters and
between CJK and digits/Latin removed; leading and trailing whitespace stripped.
Markdown marks are removed separately by `strip_markdown`, which reports what it took, and OCR's
own confusions (`丶` for `、`) by `fold_ocr_confusions`, applied to OCR'd lines only.
"""

from __future__ import annotations

import re
import unicodedata

ZERO_WIDTH = {
    "\u200b": "",  # ZERO WIDTH SPACE
    "\u200c": "",  # ZERO WIDTH NON-JOINER
    "\u200d": "",  # ZERO WIDTH JOINER
    "\u2060": "",  # WORD JOINER
    "\ufeff": "",  # ZERO WIDTH NO-BREAK SPACE (byte-order mark inside text)
    "\u00ad": "",  # SOFT HYPHEN (invisible unless a line breaks there)
}

SPACE_LIKE = {
    "\u3000": " ",  # IDEOGRAPHIC SPACE: full-width space used for indents
    "\u00a0": " ",  # NO-BREAK SPACE (&nbsp; in HTML copies)
    "\t": " ",  # TAB
    "\u2002": " ",  # EN SPACE
    "\u2003": " ",  # EM SPACE
    "\u2009": " ",  # THIN SPACE
    "\u202f": " ",  # NARROW NO-BREAK SPACE
}

HALF_WIDTH_EXTRA = {
    "\uff05": "%",  # FULLWIDTH PERCENT SIGN: the references write 98%
    "\uff0e": ".",  # FULLWIDTH FULL STOP between digits (３．５); a sentence end is 。
}

PUNCT_TO_FULL_WIDTH = {
    ",": "\uff0c",  # comma -> ，
    ";": "\uff1b",  # semicolon -> ；
    ":": "\uff1a",  # colon -> ：
    "?": "\uff1f",  # question mark -> ？
    "!": "\uff01",  # exclamation mark -> ！
    "(": "\uff08",  # left parenthesis -> （
    ")": "\uff09",  # right parenthesis -> ）
}

FULL_STOP = "\u3002"  # 。 : a half-width `.` ending a Chinese sentence becomes this

KANGXI_RADICALS = {chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0x2F00, 0x2FD6)}
"""⼀ ⼈ ⼤ ⽣ … (U+2F00-U+2FD5) → 一 人 大 生: every Kangxi radical has a compatibility decomposition to
its unified ideograph, so NFKC gives the table (NFKC on whole lines would also fold full-width
punctuation, which we keep). PDF fonts map CJK glyphs to these code points (issue 8: `⼀、`)."""

RADICALS_SUPPLEMENT = {  # CJK Radicals Supplement (U+2E80-U+2EFF), after Unicode's
    # EquivalentUnifiedIdeograph.txt; NFKC covers only ⺟ and ⻳. Shapes with no unified ideograph
    # of their own (⺀ ⺂ ⺃ ⺄ ⺇ ⺈ ⺕ ⺮ ⺱ ⺴ ⺵ ⺶ ⺷ ⺸ ⺻ ⻇ ⻊ ⻕ ⻞ ⻡) are left as they are.
    "\u2e81": "厂",  # ⺁ CLIFF
    "\u2e85": "亻",  # ⺅ PERSON
    "\u2e86": "冂",  # ⺆ BOX
    "\u2e89": "刂",  # ⺉ KNIFE TWO
    "\u2e8a": "卜",  # ⺊ DIVINATION
    "\u2e8b": "㔾",  # ⺋ SEAL
    "\u2e8c": "小",  # ⺌ SMALL ONE
    "\u2e8d": "小",  # ⺍ SMALL TWO
    "\u2e8e": "兀",  # ⺎ LAME ONE
    "\u2e8f": "尣",  # ⺏ LAME TWO
    "\u2e90": "尢",  # ⺐ LAME THREE
    "\u2e92": "巳",  # ⺒ SNAKE
    "\u2e93": "幺",  # ⺓ THREAD
    "\u2e94": "彑",  # ⺔ SNOUT ONE
    "\u2e96": "忄",  # ⺖ HEART ONE
    "\u2e97": "㣺",  # ⺗ HEART TWO
    "\u2e98": "扌",  # ⺘ HAND
    "\u2e99": "攵",  # ⺙ RAP
    "\u2e9b": "旡",  # ⺛ CHOKE
    "\u2e9c": "日",  # ⺜ SUN
    "\u2e9d": "月",  # ⺝ MOON
    "\u2e9e": "歺",  # ⺞ DEATH
    "\u2e9f": "母",  # ⺟ MOTHER (also NFKC)
    "\u2ea0": "民",  # ⺠ CIVILIAN
    "\u2ea1": "氵",  # ⺡ WATER ONE
    "\u2ea2": "氺",  # ⺢ WATER TWO
    "\u2ea3": "灬",  # ⺣ FIRE
    "\u2ea4": "爫",  # ⺤ PAW ONE
    "\u2ea6": "丬",  # ⺦ SIMPLIFIED HALF TREE TRUNK
    "\u2ea7": "牛",  # ⺧ COW
    "\u2ea8": "犭",  # ⺨ DOG
    "\u2ea9": "王",  # ⺩ JADE
    "\u2eaa": "疋",  # ⺪ BOLT OF CLOTH
    "\u2eab": "罒",  # ⺫ EYE
    "\u2eac": "示",  # ⺬ SPIRIT ONE
    "\u2ead": "礻",  # ⺭ SPIRIT TWO
    "\u2eaf": "糹",  # ⺯ SILK
    "\u2eb0": "纟",  # ⺰ C-SIMPLIFIED SILK
    "\u2eb2": "罒",  # ⺲ NET TWO
    "\u2eb3": "㓁",  # ⺳ NET THREE
    "\u2eb9": "耂",  # ⺹ OLD
    "\u2eba": "肀",  # ⺺ BRUSH ONE
    "\u2ebc": "月",  # ⺼ MEAT
    "\u2ebd": "臼",  # ⺽ MORTAR
    "\u2ebe": "艹",  # ⺾ GRASS ONE
    "\u2ebf": "艹",  # ⺿ GRASS TWO
    "\u2ec0": "艹",  # ⻀ GRASS THREE
    "\u2ec1": "虎",  # ⻁ TIGER
    "\u2ec2": "衤",  # ⻂ CLOTHES
    "\u2ec3": "覀",  # ⻃ WEST ONE
    "\u2ec4": "西",  # ⻄ WEST TWO
    "\u2ec5": "见",  # ⻅ C-SIMPLIFIED SEE
    "\u2ec6": "角",  # ⻆ SIMPLIFIED HORN
    "\u2ec8": "讠",  # ⻈ C-SIMPLIFIED SPEECH
    "\u2ec9": "贝",  # ⻉ C-SIMPLIFIED SHELL
    "\u2ecb": "车",  # ⻋ C-SIMPLIFIED CART
    "\u2ecc": "辶",  # ⻌ SIMPLIFIED WALK
    "\u2ecd": "辶",  # ⻍ WALK ONE
    "\u2ece": "辶",  # ⻎ WALK TWO
    "\u2ecf": "阝",  # ⻏ CITY
    "\u2ed0": "钅",  # ⻐ C-SIMPLIFIED GOLD
    "\u2ed1": "長",  # ⻑ LONG ONE
    "\u2ed2": "镸",  # ⻒ LONG TWO
    "\u2ed3": "长",  # ⻓ C-SIMPLIFIED LONG
    "\u2ed4": "门",  # ⻔ C-SIMPLIFIED GATE
    "\u2ed6": "阝",  # ⻖ MOUND TWO
    "\u2ed7": "雨",  # ⻗ RAIN
    "\u2ed8": "青",  # ⻘ BLUE
    "\u2ed9": "韦",  # ⻙ C-SIMPLIFIED TANNED LEATHER
    "\u2eda": "页",  # ⻚ C-SIMPLIFIED LEAF
    "\u2edb": "风",  # ⻛ C-SIMPLIFIED WIND
    "\u2edc": "飞",  # ⻜ C-SIMPLIFIED FLY
    "\u2edd": "食",  # ⻝ EAT ONE
    "\u2edf": "飠",  # ⻟ EAT THREE
    "\u2ee0": "饣",  # ⻠ C-SIMPLIFIED EAT
    "\u2ee2": "马",  # ⻢ C-SIMPLIFIED HORSE
    "\u2ee3": "骨",  # ⻣ BONE
    "\u2ee4": "鬼",  # ⻤ GHOST
    "\u2ee5": "鱼",  # ⻥ C-SIMPLIFIED FISH
    "\u2ee6": "鸟",  # ⻦ C-SIMPLIFIED BIRD
    "\u2ee7": "卤",  # ⻧ C-SIMPLIFIED SALT
    "\u2ee8": "麦",  # ⻨ SIMPLIFIED WHEAT
    "\u2ee9": "黄",  # ⻩ SIMPLIFIED YELLOW
    "\u2eea": "黾",  # ⻪ C-SIMPLIFIED FROG
    "\u2eeb": "斉",  # ⻫ J-SIMPLIFIED EVEN
    "\u2eec": "齐",  # ⻬ C-SIMPLIFIED EVEN
    "\u2eed": "歯",  # ⻭ J-SIMPLIFIED TOOTH
    "\u2eee": "齿",  # ⻮ C-SIMPLIFIED TOOTH
    "\u2eef": "竜",  # ⻯ J-SIMPLIFIED DRAGON
    "\u2ef0": "龙",  # ⻰ C-SIMPLIFIED DRAGON
    "\u2ef1": "龜",  # ⻱ TURTLE
    "\u2ef2": "亀",  # ⻲ J-SIMPLIFIED TURTLE
    "\u2ef3": "龟",  # ⻳ C-SIMPLIFIED TURTLE (also NFKC)
}

DASHES = {
    "\u2015": "\u2014",  # HORIZONTAL BAR -> EM DASH: Microsoft's cp936 maps GB 0xA1AA (the 破折号
    # half) to U+2015 where GB18030 maps it to U+2014, so `――` is `——` from a GBK-era source
}
ITEM_DASH_LIKE = "—―─━－-–‒"  # EM DASH, HORIZONTAL BAR, BOX DRAWINGS LIGHT/HEAVY HORIZONTAL,
# FULLWIDTH HYPHEN-MINUS, HYPHEN-MINUS, EN DASH, FIGURE DASH: doubled at a line start, an item marker
_ITEM_DASH = f"[{re.escape(ITEM_DASH_LIKE)}]"
_ITEM_MARKER_RE = re.compile(
    rf"^{_ITEM_DASH}{{2}}(?=[^{re.escape(ITEM_DASH_LIKE)}\s])(?!.*{_ITEM_DASH}$)"
)  # exactly two dashes, then text; a line that also ends with a dash is a page number (`－－1－－`)

OCR_CONFUSIONS = {
    "丶": "、",  # U+4E36 (the dot radical, next to never in running text) read for the 顿号 U+3001
}

_FULL_WIDTH_ALNUM = {
    chr(code): chr(code - 0xFEE0)
    for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
}  # ０-９ Ａ-Ｚ ａ-ｚ -> 0-9 A-Z a-z

_TABLE = str.maketrans(
    {
        **KANGXI_RADICALS, **RADICALS_SUPPLEMENT, **DASHES,
        **ZERO_WIDTH, **SPACE_LIKE, **HALF_WIDTH_EXTRA, **_FULL_WIDTH_ALNUM,
    }
)  # fmt: skip
_OCR_TABLE = str.maketrans(OCR_CONFUSIONS)

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201f\u2014\u2026"
_CJK = _HAN + _CJK_PUNCT
_ALNUM = r"0-9A-Za-z%"

_SPACE_CJK_CJK = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}{_ALNUM}])")
_SPACE_ALNUM_CJK = re.compile(rf"(?<=[{_ALNUM}]) +(?=[{_CJK}])")
_HALF_PUNCT = re.compile(
    rf"(?<=[{_CJK}]) *([,;:?!()]) *|(?<=[{_CJK}{_ALNUM}]) *([()]) *(?=[{_HAN}])|"
    rf" *([,;:?!()]) *(?=[{_CJK}])"
)
_FULL_STOP_RE = re.compile(rf"(?<=[{_HAN}\uff09\u201d])\.(?![.\d])(?=[{_CJK}]|$)")
_MARKDOWN_HEAD = re.compile(r"^\s*(#{1,6})(?:\s+|$)")
_MARKDOWN_EMPHASIS = re.compile(r"\*\*|__")


def strip_markdown(line: str) -> tuple[str, str]:
    """Remove markdown heading marks (`## `) and bold marks (`**`); return (text, removed marks)."""
    removed: list[str] = []
    match = _MARKDOWN_HEAD.match(line)
    if match:
        removed.append(match.group(1))
        line = line[match.end():]
    found = _MARKDOWN_EMPHASIS.findall(line)
    if found:
        removed.extend(found)
        line = _MARKDOWN_EMPHASIS.sub("", line)
    return line, "".join(removed)


def _full_width_punct(match: re.Match[str]) -> str:
    mark = next(group for group in match.groups() if group)
    return PUNCT_TO_FULL_WIDTH[mark]


def _normalize_once(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_TABLE)
    text = re.sub(r" {2,}", " ", text).strip()
    text = _ITEM_MARKER_RE.sub("——", text)
    text = _HALF_PUNCT.sub(_full_width_punct, text)
    text = _FULL_STOP_RE.sub(FULL_STOP, text)
    text = _SPACE_CJK_CJK.sub("", text)
    return _SPACE_ALNUM_CJK.sub("", text)


def normalize_line(text: str) -> str:
    """Normalise one line of text (see the module docstring); idempotent."""
    for _ in range(4):
        again = _normalize_once(text)
        if again == text:
            break
        text = again
    return text


def fold_ocr_confusions(text: str) -> str:
    """Fold OCR's look-alike misreadings (OCR_CONFUSIONS) in an OCR'd line; never for other lines,
    where the character is what the source holds."""
    return text.translate(_OCR_TABLE)


def is_cjk(char: str) -> bool:
    """True for a Han character or CJK/full-width punctuation."""
    return bool(re.match(rf"[{_CJK}]", char))
