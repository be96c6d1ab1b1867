"""Chart residue: the labels of a chart in another language, left as lines of the text.

A chart from an English-language graphic desk (a translated article keeps its charts)
reaches the text as its labels one to a line: axis ticks (``0``, ``20``, ``40``, ``$3,000``),
series and category names (``Lyft (March 2019)``, ``Bordeaux``), the axis title. In a
Chinese document such a run is unmistakable: several short lines in a row with no Chinese
character, some of them numbers alone, some of them words. A table of figures in the
article is not one: its cells sit beside Chinese headings and labels, and a run of numbers
with no word among them is left alone; so are Markdown tables and fenced code.

>>> lines = ["新能源车企的估值大幅下滑。", "$80", "Public Performance", "60", "Lyft (March 2019)",
...          "40", "Uber (May 2019)", "分析人士认为，这一趋势还将持续。"]
>>> find_chart_runs(lines)
[(1, 6)]
>>> find_chart_runs(["全年数据如下。", "2018", "2019", "2020", "2021", "增长明显。"])  # numbers alone: a table's
[]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..chardata import HAN_RE, han_count
from .runs import find_runs

__all__ = ["CHART_RUN_MIN", "find_chart_runs", "may_hold_charts"]

#: a chart run holds at least this many lines ...
CHART_RUN_MIN = 4
#: ... each at most this long, with no Chinese character ...
CHART_LINE_MAX = 100
#: ... of which at least this many are a figure alone and one holds a word
CHART_FIGURES_MIN = 2
#: only in a document of which Chinese characters make at least this share
HAN_SHARE_MIN = 0.3

_FIGURE = r"[$€£¥]?\s?[+\-−–]?\d[\d,.]*\s?(?:[%KMBkmbnx]|bn|m|pp)?"
_FIGURE_RE = re.compile(_FIGURE)
#: a line that is a figure alone, after a newline (a literal first character: the search
#: jumps from newline to newline)
_FIGURE_LINE_RE = re.compile(rf"\n[^\S\n]*{_FIGURE}[^\S\n]*(?=\n|\Z)")
_WORD_RE = re.compile(r"[A-Za-z]{3}")
_FENCE = ("```", "~~~")


def may_hold_charts(text: str) -> bool:
    """Whether ``text`` has the ``CHART_FIGURES_MIN`` lines that are a figure alone that a
    chart run needs (a quick test before :func:`find_chart_runs` reads its lines).

    >>> may_hold_charts("甲\\n1,500\\n  $80 \\n乙"), may_hold_charts("甲\\n2019年\\n乙")
    (True, False)
    """
    nl = text.find("\n")
    first = (text if nl < 0 else text[:nl]).strip()
    found = int(_FIGURE_RE.fullmatch(first) is not None)
    for _ in _FIGURE_LINE_RE.finditer(text):
        found += 1
        if found >= CHART_FIGURES_MIN:
            return True
    return False


def _member(s: str) -> bool:
    return len(s) <= CHART_LINE_MAX and "|" not in s and HAN_RE.search(s) is None


def find_chart_runs(lines: Sequence[str], skip: Sequence[bool] | None = None) -> list[tuple[int, int]]:
    """Index ranges ``(first, last)`` of chart runs in ``lines``: ``CHART_RUN_MIN`` or more
    non-blank lines in a row (``skip`` lines and blank lines do not break a run) with no
    Chinese character and at most ``CHART_LINE_MAX`` characters, at least
    ``CHART_FIGURES_MIN`` of them a figure alone (``1,500``, ``$80``, ``-3.5%``) and one
    holding a word of three Latin letters; in a document whose lines are at least
    ``HAN_SHARE_MIN`` Chinese characters. Lines inside fenced code are never in a run.

    >>> find_chart_runs(["Score (out of 100)", "90", "92", "94"])  # no Chinese document around them
    []
    """
    fences = [line.strip().startswith(_FENCE) for line in lines]
    code, in_code = [], False  # each line: a fence or inside fenced code
    for fence in fences:
        code.append(in_code or fence)
        in_code ^= fence

    def member(i: int, s: str) -> str | None:
        return s if not code[i] and _member(s) else None

    def accept(texts: list[str]) -> bool:
        return (sum(_FIGURE_RE.fullmatch(t) is not None for t in texts) >= CHART_FIGURES_MIN
                and any(_WORD_RE.search(t) for t in texts))

    # a fence ends a run even where it is to be skipped
    unfenced_skip = None if skip is None else [skip[i] and not fences[i] for i in range(len(lines))]
    runs = find_runs(lines, member, accept, CHART_RUN_MIN, unfenced_skip)
    if runs and not _chinese(lines):
        return []
    return runs


def _chinese(lines: Sequence[str]) -> bool:
    """Whether Chinese characters make at least ``HAN_SHARE_MIN`` of the lines' characters."""
    total = sum(map(len, lines))
    return sum(map(han_count, lines)) >= HAN_SHARE_MIN * max(total, 1)
