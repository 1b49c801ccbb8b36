"""Web-page boilerplate and publication metadata in text and HTML copies.

Each pattern matches a whole line (after trimming) and names why the line goes. Two reasons:
`web_boilerplate` (navigation, sharing, font-size widgets, link-leaving notices) and `metadata`
(datelines, numbered metadata lists, legal-database fields): facts about the publication, not
policy text. Nothing is dropped silently: the caller records every match as a RemovedLine.
"""

from __future__ import annotations

import re

from extract.model import Line, RemovedLine

BOILERPLATE_PATTERNS: dict[str, str] = {
    # breadcrumb: 政務公開 > 政策公開 > 國務院文件
    r"\S+(?:\s*[>»›]\s*\S+){2,}": "web_boilerplate",
    # numbered metadata list: 1. [主題分類] 國民經濟 … 10. [文件來源] …
    r"\d{1,2}\s*[.、]\s*[\[【][^\]】]{1,12}[\]】].*": "metadata",
    # font-size widget: 字號: / 字号：大 中 小 / 【字体：大 中 小】
    r"[【\[]?\s*字\s*[號号体體]\s*[:：].{0,20}": "web_boilerplate",
    # sharing / printing / closing widgets: 分享: / 打印 / 關閉 / 收藏 / 返回頂部
    r"[【\[]?(?:分享(?:到)?|打印(?:本页)?|列印|關閉|关闭|收藏|返回頂部|返回顶部)[】\]]?(?:\s*[:：][^。，,]{0,30})?": "web_boilerplate",
    # related-links headings at the foot of a portal page: 相關解讀 / 相關政策
    r"(?:相關|相关)(?:解讀|解读|政策|文件|連結|链接|新聞|新闻)": "web_boilerplate",
    # link-leaving notice: 您訪問的連結即將離開“首都之窗”門戶網站 是否繼續?
    r".{0,10}(?:即將離開|即将离开).*": "web_boilerplate",
    # dateline of a news release: 2023-02-06 21:14 来源： 新华社
    r"\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:来源|來源)\s*[:：].{0,30}": "metadata",
    # source / editor lines: 来源：新华社 / 责任编辑：…
    r"[【\[]?(?:来源|來源|责任编辑|責任編輯|编辑|編輯)\s*[:：][^。]{0,30}": "metadata",
    # legal-database fields: 法规标题：… 颁布时间：20170905 … 法规正文：
    r"(?:法规标题|颁布时间|颁布主体|通过会议|法规正文|发布部门|效力级别|时效性|实施日期|发文字号)[:：].{0,80}": "metadata",
}

_COMPILED = [(re.compile(rf"^\s*(?:{p})\s*$"), reason) for p, reason in BOILERPLATE_PATTERNS.items()]


def boilerplate_reason(text: str) -> str | None:
    """Why a line is boilerplate (`web_boilerplate` or `metadata`), or None for content."""
    if not text.strip():
        return None
    for pattern, reason in _COMPILED:
        if pattern.match(text):
            return reason
    return None


def strip_boilerplate(lines: list[Line]) -> tuple[list[Line], list[RemovedLine]]:
    """Split lines into content and removed boilerplate, in order."""
    kept: list[Line] = []
    removed: list[RemovedLine] = []
    for line in lines:
        reason = boilerplate_reason(line.text)
        if reason:
            removed.append(RemovedLine(line.page, line.text, reason))
        else:
            kept.append(line)
    return kept, removed
