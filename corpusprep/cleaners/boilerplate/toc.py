"""An article's own table of contents: a ``目录`` line and the chapters listed under it.

A long article or a serialized guide opens with its contents (``目录`` / ``第一章 信息安全`` /
``1. 不记名号码的选择`` / ``附录``): short lines, numbered, that a line model reads as a menu.
They are the article's structure, and the line model leaves them alone (rules still
apply). A ``目录`` line alone, with no chapters under it, is a page's contents button and
gets no such care.

>>> lines = ["目录", "前言", "第一章 信息安全", "1. 不记名号码的选择", "2. 个人信息保护的一般性建议", "附录", "正文从这里开始。"]
>>> toc_lines(lines).tolist()
[True, True, True, True, True, True, False]
>>> toc_lines(["目录", "首页", "新闻"]).tolist()
[False, False, False]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

__all__ = ["TOC_MIN_ITEMS", "may_hold_toc", "toc_lines"]

#: a table of contents lists at least this many chapters ...
TOC_MIN_ITEMS = 3
#: ... each at most this long
TOC_ITEM_MAX = 40

_HEAD_RE = re.compile(r".{0,8}目\s*[录錄次]\s*[：:]?")
_HINT_RE = re.compile(r"目\s*[录錄次]")
_ITEM_RE = re.compile(
    r"第[一二三四五六七八九十百千\d]+(?:[章节節篇部卷讲講回]|版序)"  # 第一章, 第一版序
    r"|[\d一二三四五六七八九十]+\s?[.、．]|\d+\.\d+|[（(][一二三四五六七八九十\d]+[)）]"  # 1. / 一、/ 3.1 / （一）
    r"|前言|序言?|自序|引言|导言|導言|附录|附錄|后记|後記|结语|結語|参考文献|參考文獻|懒人包|懶人包")


def may_hold_toc(text: str) -> bool:
    """Whether ``text`` holds a ``目录`` at all (a quick test before :func:`toc_lines`).

    >>> may_hold_toc("目 录：\\n第一章"), may_hold_toc("第一章 总则")
    (True, False)
    """
    return "目" in text and _HINT_RE.search(text) is not None


def toc_lines(lines: Sequence[str]) -> np.ndarray:
    """One flag per line: a ``目录`` line (a title of up to 8 characters before it) followed,
    past blank lines, by ``TOC_MIN_ITEMS`` or more chapter lines in a row (``第一章 …``,
    ``1. …``, ``3.1 …``, ``（一）…``, ``前言``, ``附录``; at most ``TOC_ITEM_MAX`` characters
    each), and those chapter lines."""
    out = np.zeros(len(lines), dtype=bool)
    i = 0
    while i < len(lines):
        if not _HEAD_RE.fullmatch(lines[i].strip()):
            i += 1
            continue
        items = []
        j = i + 1
        while j < len(lines):
            s = lines[j].strip()
            if s and not (len(s) <= TOC_ITEM_MAX and _ITEM_RE.match(s)):
                break
            if s:
                items.append(j)
            j += 1
        if len(items) >= TOC_MIN_ITEMS:
            out[i] = True
            out[items] = True
        i = j if items else i + 1
    return out
