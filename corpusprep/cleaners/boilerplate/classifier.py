"""A transparent line classifier for boilerplate that no rule knows.

Rules catch the debris we have seen; sites never seen leave debris of the same *shape*:
runs of short lines without sentence punctuation (related-news lists, tickers, chart
legends) around the prose of the article. The classifier looks at that shape only, in the
spirit of jusText (Pomikálek 2011): each line gets a class from plain features (length,
terminal punctuation, CJK and digit ratios, position), then the class is smoothed by the
neighbours. No model is downloaded; every decision carries a score in [0, 1] and a reason
naming the rule id (``classifier.tail_short_run``) and the closest rule category.

Two detectors:

- :func:`find_graphic_runs`: infographic runs, many short figure lines without sentence
  punctuation (``高企总数达4396家`` / ``占全省30%``).
- :func:`classify_lines`: after the last prose paragraph, a run of two or more short
  lines is a list of teasers (related news, tickers); lines between prose paragraphs are
  kept (they are headings).

>>> lines = ["标题", "正文第一段讲述了事件的经过和各方的反应，内容详实。", "正文第二段介绍了相关部门的后续安排和下一步工作。",
...          "另一条新闻的标题", "又一条新闻的标题？", "第三条新闻标题"]
>>> [(d.index, d.rule, d.category) for d in classify_lines(lines) if d.remove]
[(3, 'classifier.tail_short_run', 'recommendation'), (4, 'classifier.tail_short_run', 'recommendation'), (5, 'classifier.tail_short_run', 'recommendation')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from ...document import Edit
from ...steps import Context, EditStep
from .runs import find_runs

__all__ = ["ClassifyLines", "LineDecision", "LineFeatures", "classify_lines", "find_graphic_runs", "line_features",
           "tail_removals"]

#: sentence-final punctuation; a line ending in one of these reads as prose
TERMINAL = tuple("。！？!?…”’\"」』")
#: statements and exclamations close prose; a question may be a teaser headline
STATEMENT_END = tuple("。…”’\"」』.！!")
EXCLAIM_END = tuple("？?")
_TAG_RE = re.compile(r"<[^>\n]*>|&nbsp;")
_CJK_RUN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_DIGIT_RUN_RE = re.compile(r"\d+")
_LIST_RE = re.compile(r"^(?:\d{1,3}[.、．)）]|[（(]\d{1,3}[)）]|[一二三四五六七八九十]+、|[●•·◆■□\-*]\s)")
_MD_HEADING_RE = re.compile(r"^#{1,6}\s")
_INNER_STOP_RE = re.compile(r"[。][^\s”’」』)）]")

#: keywords that bring a line close to a rule category (used to name the closest class)
_CLOSENESS: dict[str, tuple[str, ...]] = {
    "recommendation": ("推荐", "阅读", "相关", "热点", "热门", "更多", "专题", "排行"),
    "navigation": ("首页", "上一", "下一", "返回", "登录", "注册", "评论", "标签", "关键词", "#"),
    "ad": ("广告", "优惠", "抢购", "电话", "热线", "微信", "娱乐", "棋牌", "特惠", "免费"),
    "share_prompt": ("分享", "扫码", "关注", "二维码", "公众号"),
    "copyright": ("版权", "转载", "授权", "侵权", "©"),
    "byline": ("记者", "作者", "通讯员", "编辑", "来源", "出处"),
    "caption": ("图", "摄", "制图", "▲"),
}

#: a line shorter than this (in visible characters) is "short"
SHORT_MAX = 40
#: a line at least this long, or a punctuated line at least MIN_PROSE long, is prose
PROSE_MIN = 60
MIN_PROSE = 8
#: a line closing with ？ reads as prose only from this length (teaser headlines ask)
QUESTION_PROSE_MIN = 40
#: minimum length of a tail run of short lines
TAIL_RUN_MIN = 2
#: infographic run thresholds
GRAPHIC_LINE_MAX = 30
GRAPHIC_RUN_MIN = 8
GRAPHIC_DIGIT_SHARE = 0.3
GRAPHIC_TERMINAL_SHARE = 0.25


class LineFeatures(NamedTuple):
    """Plain features of one line (inline tags ignored)."""

    length: int
    cjk_ratio: float
    digit_ratio: float
    terminal: str  # "statement" (。！…”), "exclaim" (？) or "" (no sentence end)
    listy: bool
    heading: bool
    sentences: int  # full stops (。) followed by more text: a teaser headline has none


class LineDecision(NamedTuple):
    """What the classifier decided for one line, and why."""

    index: int
    label: str  # "prose", "short", "boilerplate"
    remove: bool
    score: float  # confidence that the line is boilerplate, 0..1
    rule: str
    category: str
    reason: str


def _visible(line: str) -> str:
    """``line`` without inline tags and surrounding whitespace: what the features measure."""
    return (_TAG_RE.sub("", line) if "<" in line or "&" in line else line).strip()


def line_features(line: str) -> LineFeatures:
    """Features of one line.

    >>> f = line_features("<p>高企总数达4396家</p>")
    >>> f.length, f.terminal, round(f.digit_ratio, 2)
    (10, '', 0.4)
    """
    s = _visible(line)
    n = len(s) or 1
    # counts as "length minus what is left once runs are removed": one match per run
    return LineFeatures(
        length=len(s),
        cjk_ratio=(len(s) - len(_CJK_RUN_RE.sub("", s))) / n,
        digit_ratio=(len(s) - len(_DIGIT_RUN_RE.sub("", s))) / n,
        terminal="statement" if s.endswith(STATEMENT_END) else "exclaim" if s.endswith(EXCLAIM_END) else "",
        listy=bool(_LIST_RE.match(s)),
        heading=bool(_MD_HEADING_RE.match(s)),
        sentences=1 + len(_INNER_STOP_RE.findall(s)) if len(s) >= MIN_PROSE and _INNER_STOP_RE.search(s) else 0,
    )


#: the detectors look at each line two or three times; features depend on the line only
_features = lru_cache(maxsize=4096)(line_features)


def closest_category(line: str) -> str:
    """The rule category whose keywords the line shares most, or ``"other"``.

    >>> closest_category("更多精彩推荐"), closest_category("市场平稳运行")
    ('recommendation', 'other')
    """
    best, hits = "other", 0
    for cat, words in _CLOSENESS.items():
        h = sum(w in line for w in words)
        if h > hits:
            best, hits = cat, h
    return best


def _is_prose(f: LineFeatures) -> bool:
    if f.length >= PROSE_MIN or f.sentences >= 2:
        return True
    if f.terminal == "statement":
        return f.length >= MIN_PROSE
    return f.terminal == "exclaim" and f.length >= QUESTION_PROSE_MIN


def _visible_is_prose(v: str) -> bool:
    """``_is_prose(line_features(line))`` for ``v = _visible(line)``, computing only what it reads."""
    n = len(v)
    if n >= PROSE_MIN or n >= MIN_PROSE and _INNER_STOP_RE.search(v) is not None:
        return True
    if v.endswith(STATEMENT_END):
        return n >= MIN_PROSE
    return n >= QUESTION_PROSE_MIN and v.endswith(EXCLAIM_END)


def find_graphic_runs(lines: Sequence[str], skip: Sequence[bool] | None = None) -> list[tuple[int, int]]:
    """Index ranges ``(first, last)`` of infographic runs.

    A run is a stretch of short lines (blank lines and ``skip`` lines do not break it)
    with at least ``GRAPHIC_RUN_MIN`` lines, digits in at least ``GRAPHIC_DIGIT_SHARE`` of
    them and sentence punctuation closing at most ``GRAPHIC_TERMINAL_SHARE``. Lines ending
    in ``；`` or ``：`` (list items, labels) and Markdown headings break a run.

    >>> figs = ["数说 2020战绩", "27项重点任务", "高企总数达4396家", "占全省30%", "91项科技成果",
    ...         "占全省1/3", "提高至81%。", "居全省首位", "超5000家"]
    >>> find_graphic_runs(["正文很长的一段话，讲述了事件的经过和各方的反应，以及下一步安排。", *figs])
    [(1, 9)]
    """
    def member(i: int, s: str) -> str | None:  # the line's visible text, if it may be in a run
        if len(s) > GRAPHIC_LINE_MAX and "<" not in s and "&" not in s:  # too long: no tag makes it shorter
            return None
        v = _visible(s)
        if len(v) <= GRAPHIC_LINE_MAX and not _MD_HEADING_RE.match(v) and not s.endswith(("；", ";", "：", ":")):
            return v
        return None

    def accept(run: list[str]) -> bool:
        # digit_ratio > 0: a digit; terminal == "statement": ends with a statement end
        digits = sum(_DIGIT_RUN_RE.search(v) is not None for v in run) / len(run)
        terminal = sum(v.endswith(STATEMENT_END) for v in run) / len(run)
        return digits >= GRAPHIC_DIGIT_SHARE and terminal <= GRAPHIC_TERMINAL_SHARE

    return find_runs(lines, member, accept, GRAPHIC_RUN_MIN, skip)


def classify_lines(lines: Sequence[str], skip: Sequence[bool] | None = None) -> list[LineDecision]:
    """One decision per non-empty line not in ``skip``.

    Lines are classed ``prose`` (long, or punctuated and not tiny) or ``short``. Short
    lines between prose lines are headings, decks or list items and stay. After the last
    prose line, a run of ``TAIL_RUN_MIN`` or more short lines is removed as a teaser list
    (``classifier.tail_short_run``); its score grows with the run's length and with the
    share of lines that end without punctuation.
    """
    skip = skip if skip is not None else [False] * len(lines)
    idx = [i for i, line in enumerate(lines) if line.strip() and not skip[i]]
    feats = {i: _features(lines[i]) for i in idx}
    prose = [i for i in idx if _is_prose(feats[i])]
    out: list[LineDecision] = []
    last_prose = prose[-1] if prose else -1
    tail = [i for i in idx if i > last_prose] if prose else []
    # a tail holding a Markdown heading is a section of the document, not a teaser list
    tail_ok = len(tail) >= TAIL_RUN_MIN and not any(feats[i].heading for i in tail)
    if tail_ok:
        unpunct = sum(not feats[i].terminal for i in tail) / len(tail)
        tail_score = min(1.0, 0.5 + 0.05 * len(tail) + 0.3 * unpunct)
    for i in idx:
        f = feats[i]
        if i in tail and tail_ok:
            out.append(_tail_decision(lines, i, len(tail), tail_score, last_prose))
        elif _is_prose(f):
            out.append(LineDecision(i, "prose", False, 0.0, "classifier.prose", "content", "prose line"))
        else:
            out.append(LineDecision(i, "short", False, 0.2, "classifier.heading", "content",
                                    "short line between paragraphs"))
    return out


def _tail_decision(lines: Sequence[str], i: int, run: int, score: float, last_prose: int) -> LineDecision:
    cat = closest_category(lines[i])
    return LineDecision(
        i, "boilerplate", True, score, "classifier.tail_short_run",
        "recommendation" if cat == "other" else cat,
        f"run of {run} short lines after the last paragraph (line {last_prose + 1})",
    )


def tail_removals(lines: Sequence[str], skip: Sequence[bool] | None = None) -> list[LineDecision]:
    """The decisions of :func:`classify_lines` that remove a line, found by reading the
    lines backwards up to the last prose line only (only the tail after it can go).

    >>> [d.index for d in tail_removals(["正文第一段讲述了事件的经过和各方的反应，内容详实。", "甲新闻", "", "乙新闻"])]
    [1, 3]
    """
    tail: list[int] = []
    visible: list[str] = []
    last_prose = -1
    for i in range(len(lines) - 1, -1, -1):
        if skip is not None and skip[i] or not lines[i].strip():
            continue
        v = _visible(lines[i])
        if _visible_is_prose(v):
            last_prose = i
            break
        tail.append(i)
        visible.append(v)
    # no prose line: nothing is a tail; a tail holding a Markdown heading is a section
    if last_prose < 0 or len(tail) < TAIL_RUN_MIN or any(_MD_HEADING_RE.match(v) for v in visible):
        return []
    # terminal == "": ends in neither a statement nor a question
    unpunct = sum(not v.endswith(STATEMENT_END) and not v.endswith(EXCLAIM_END) for v in visible) / len(tail)
    score = min(1.0, 0.5 + 0.05 * len(tail) + 0.3 * unpunct)
    return [_tail_decision(lines, i, len(tail), score, last_prose) for i in reversed(tail)]


class ClassifyLines(EditStep):
    """The classifier as a step of its own (``RemoveBoilerplate`` runs it by default).

    >>> from corpusprep.steps import Context
    >>> ClassifyLines().apply("正文第一段讲述了事件的经过和各方的反应，内容详实。\\n甲新闻\\n乙新闻", Context("t")).text
    '正文第一段讲述了事件的经过和各方的反应，内容详实。\\n'
    """

    name = "classify_lines"
    version = "1"

    def config(self) -> dict[str, Any]:
        return {"short_max": SHORT_MAX, "prose_min": PROSE_MIN, "tail_run_min": TAIL_RUN_MIN}

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\n?", text) if m.end() > m.start()]
        lines = [text[s:e].rstrip("\n") for s, e in spans]
        out = []
        for d in classify_lines(lines):
            if d.remove:
                s, e = spans[d.index]
                out.append(Edit(s, e, text[s:e], "", d.rule, d.category, f"score={d.score:.2f}; {d.reason}"))
        return out
