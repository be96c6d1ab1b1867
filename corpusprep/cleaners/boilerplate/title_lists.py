"""Lists of other articles set out as ``source | title``, one to a line.

Aggregators and digests link other outlets' stories under an article (``CDS档案 | 李文亮``,
``财新 | 林小楠案录音风暴``, ``时光社 | 有些谣言传了几十年 听听也就算了``): a short source or
column name, a bar, a headline, and no sentence end. One such line alone may be the
article's own headline (``书评 | 思想市场，那些企图影响你的人``) or a credit; two or more in a row
are a list of other articles. A dated reference (``…（2019-12-27）``), a line that ends a
sentence, a title with fewer than three Chinese characters (a table's ``房租 | 3000元``) and
Markdown table rows (``| a | b |``) are not items.

>>> lines = ["正文的最后一段，作者总结了全文的观点。", "CDS档案 | 李文亮", "CDS档案｜新冠病毒事件总汇"]
>>> find_title_list_runs(lines)
[(1, 2)]
>>> find_title_list_runs(["书评 | 思想市场，那些企图影响你的人和看不见的手", "正文第一段。"])  # one line: a headline
[]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..chardata import HAN
from .runs import find_runs

__all__ = ["TITLE_LIST_MIN", "find_title_list_runs", "may_hold_title_lists"]

#: a list holds at least this many items in a row
TITLE_LIST_MIN = 2

_ITEM_RE = re.compile(
    r"(?:——)?[^|｜\s。，：:]{1,10}\s?[|｜]\s?"  # the source or column (up to 10 characters) and its bar
    rf"(?=(?:[^|｜]*[{HAN}]){{3}})[^|｜]{{4,60}}"  # a title of up to 60 characters, three of them Chinese
    r"(?<![。！？!?）)])")  # not a sentence's end, not a dated reference's closing bracket


def may_hold_title_lists(text: str) -> bool:
    """Whether ``text`` has the bars a list of ``TITLE_LIST_MIN`` items needs (a quick test
    before :func:`find_title_list_runs` reads its lines).

    >>> may_hold_title_lists("甲 | 乙\\n丙｜丁"), may_hold_title_lists("甲 | 乙")
    (True, False)
    """
    return text.count("|") + text.count("｜") >= TITLE_LIST_MIN


def find_title_list_runs(lines: Sequence[str], skip: Sequence[bool] | None = None) -> list[tuple[int, int]]:
    """Index ranges ``(first, last)`` of runs of ``TITLE_LIST_MIN`` or more non-blank lines in
    a row that are each ``source | title`` (``skip`` lines and blank lines do not break a run).

    >>> find_title_list_runs(["房租 | 3000元", "水电 | 200元"])  # a table's rows, not titles
    []
    """
    return find_runs(lines, lambda i, s: s if _ITEM_RE.fullmatch(s) else None, lambda items: True,
                     TITLE_LIST_MIN, skip)
