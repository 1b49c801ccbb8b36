"""Tables of regional words and of look-alike characters, one commented entry each.

`REGIONAL_WORDS` holds the few regional words that real Traditional copies use and that OpenCC's
dictionaries do not write (reference.regional applies them, as the `+words` candidates, before an
OpenCC configuration converts the reference). Everything else a regional copy does differently —
script, variant forms (衞/卫, 裡/里, 著/着) and the vocabulary of OpenCC's phrase tables (軟體,
網路, 資訊, 智慧 …) — is predicted by OpenCC itself. Keys and values are in Simplified script: the
comparison happens after the witness is converted to Simplified.

`CONVERSION_VARIANTS` is the older list read off seed 001: only reference/establish.py still reads
it (to label how the reference text was established); comparison no longer does.

`VISUAL_CONFUSABLES` lists groups of characters that look alike in print and are swapped by
typesetters and OCR engines alike.
"""

from __future__ import annotations

REGIONAL_WORDS: dict[str, str] = {
    # 品質 for 质量 (quality): proposed for OpenCC's TWPhrases (BYVoid/OpenCC PR #320) and left
    # out because 質量 is also "mass"; seed 001 (a Taiwan-phrased government-portal copy) ×340
    "质量": "品质",
    "水平": "水准",  # 水準 for 水平 (level): seed 001 ×27 (總體水準); OpenCC has no entry
    "运行": "运作",  # 運作 for 运行 (operation): seed 001 ×3; OpenCC's s2twp writes 執行 instead
    "共享": "共用",  # 共用 for 共享 (sharing): seed 001 ×3 (資源共用); OpenCC has no entry
    "仿": "倣",  # 倣, the older form of 仿 that tw2s keeps: seed 001 (品牌倣冒)
}

CONVERSION_VARIANTS: dict[str, str] = {
    "品质": "质量",  # 品質 (TW) for 质量 (quality) — seed 001 throughout
    "水准": "水平",  # 水準 (TW) for 水平 (level)
    "共用": "共享",  # 共用 (TW) for 共享 (sharing)
    "运作": "运行",  # 運作 (TW) for 运行 (operation)
    "智慧": "智能",  # 智慧 (TW) for 智能 (smart, intelligent)
    "整合": "集成",  # 整合 (TW) for 集成 (integrated)
    "资讯": "信息",  # 資訊 (TW) for 信息 (information)
    "网路": "网络",  # 網路 (TW) for 网络 (network)
    "软体": "软件",  # 軟體 (TW) for 软件 (software)
    "硬体": "硬件",  # 硬體 (TW) for 硬件 (hardware)
    "数位": "数字",  # 數位 (TW) for 数字 (digital)
    "数位化": "数字化",  # 數位化 (TW) for 数字化 (digitalisation)
    "营运": "运营",  # 營運 (TW) for 运营 (operations)
    "资料": "数据",  # 資料 (TW) for 数据 (data)
    "人工智慧": "人工智能",  # 人工智慧 (TW) for 人工智能 (artificial intelligence)
    "积体电路": "集成电路",  # 積體電路 (TW) for 集成电路 (integrated circuit)
    "支援": "支持",  # 支援 (TW) for 支持 (support) — seed 001: 支援通用基础软体
    "回圈": "循环",  # 迴圈 (TW) for 循环 (cycle) — seed 001: 资源回圈利用
    "计程车": "出租车",  # 計程車 (TW) for 出租车 (taxi) — seed 001: 网约计程车
    "倣": "仿",  # 倣 variant character left by tw2s — seed 001: 品牌倣冒
    "程式": "程序",  # 程式 (TW) for 程序 (procedure) — seed 001: 资质认定程式
    "伺服器": "服务器",  # 伺服器 (TW) for 服务器 (server)
    "网际网路": "互联网",  # 網際網路 (TW) for 互联网 (internet)
    "云端": "云",  # 雲端 (TW) for 云 (cloud)
    "讯息": "信息",  # 訊息 (TW) for 信息 (message, information)
    "透过": "通过",  # 透過 (TW) for 通过 (through)
}

VISUAL_CONFUSABLES: tuple[str, ...] = (
    "己已巳",  # ji / yi / si: differ by how far the stroke closes
    "末未",  # mo / wei: which horizontal stroke is longer
    "土士",  # tu / shi: which horizontal stroke is longer
    "戊戌戍",  # wu / xu / shu: inner stroke
    "人入",  # ren / ru: which stroke leads
    "日曰",  # ri / yue: width of the box
    "大太犬",  # a dot added
    "千干于",  # top stroke slanted or hooked
    "天夭",  # top stroke flat or slanted
    "王玉主",  # a dot added
    "刀力",  # stroke crosses or not
    "免兔",  # a dot added
    "候侯",  # a short vertical stroke
    "析折",  # radical 木 / 扌
    "拔拨",  # similar right part
    "准淮",  # 冫 / 氵
    "汩汨",  # 曰 / 日
    "体休",  # a stroke added
    "代伐",  # a stroke added
    "今令",  # last stroke
    "史吏",  # top stroke
    "白自",  # top stroke
    "目且",  # bottom stroke
    "木本",  # a stroke added
    "贝见",  # last strokes
    "冶治",  # 冫 / 氵
    "券卷",  # 刀 / 㔾
    "场扬",  # 土 / 扌
    "晴睛",  # 日 / 目
    "壁璧",  # 土 / 玉
    "0OoＯ〇",  # digit zero, Latin O, ideographic zero
    "1lI|",  # digit one, Latin l and I, bar
    "一-—",  # ideographic one, hyphen, dash
    "二=",  # two strokes and an equals sign
    "口□",  # mouth radical and a white square
)


def _confusable_index() -> dict[str, frozenset[str]]:
    index: dict[str, frozenset[str]] = {}
    for group in VISUAL_CONFUSABLES:
        for char in group:
            index[char] = index.get(char, frozenset()) | frozenset(group)
    return index


_CONFUSABLE = _confusable_index()


def visually_confusable(a: str, b: str) -> bool:
    """True when the two single characters are a known look-alike pair."""
    return a != b and b in _CONFUSABLE.get(a, frozenset())


def all_confusable(reference: str, witness: str) -> bool:
    """True when two equal-length strings differ only by look-alike characters (at least one)."""
    if len(reference) != len(witness) or reference == witness:
        return False
    return all(r == w or visually_confusable(r, w) for r, w in zip(reference, witness))
