"""Narrative runs: prose set as short lines, one clause to a line, which the line model must leave.

Video scripts and subtitles, poems and lyrics, and many WeChat essays put each clause on a
line of its own without sentence punctuation (``为了下一代有更好的未来`` / ``很多人都做好牺牲的准备``).
Line by line they look like a menu or a list of headlines (short, no full stop), and a
document written this way has no dense block of prose, so the line model, which learned
that such lines around the main text are debris, removes most of the document. What tells
them apart is the language of the lines: clauses of running text are full of function
words and open with pronouns and connectives (``但``, ``而且``, ``我们``, ``在``), where headlines
and menu items are built of names, numbers and separators.

A run of short lines (blank lines do not break it; any other line does) is narrative when:

- it has at least :data:`MIN_LINES` lines, each of :data:`MIN_LENGTH` to :data:`MAX_LENGTH`
  characters, at least :data:`HAN_SHARE` of them Hanzi, not closed by a colon, without a URL
  or the separators and marks of menus, labels and prompts (``|``, ``•``, ``·``, ``/``, ``：``, ``▼``);
- at least :data:`FUNCTION_SHARE` of its lines hold a function word (:data:`FUNCTION_CHARS`);
- at least :data:`LEAD_SHARE` of them open with a pronoun or a connective (:data:`_LEAD`);
- at most :data:`DIGIT_SHARE` of them hold a digit, at least :data:`MIN_DISTINCT` are distinct,
  and at most :data:`OPENING_SHARE` open with the same two characters (a menu's ``我的邮箱``,
  ``我的相册``, ``我的博客`` ...).

The model never removes a line of a narrative run; rules still do. Like content lists, the
test reads the lines alone, so each confirming pass of the step sees the same runs.

>>> script = ["为了下一代有更好的未来", "很多人都做好牺牲的准备", "为乌克兰的独立自由而战", "大家好，我是这个频道的主持",
...           "这个频道主要会通过电影解说", "和大家探讨电影背后的议题", "今日我会和大家讲一部纪录片", "在几个世纪以来",
...           "乌克兰一直都是东西方的通道", "但领导人却走向东方"]
>>> bool(narrative_lines(script).all())
True
>>> heads = ["美国退伍军人事务部宣布再解雇1400名员工", "俄外长：谈判取得成果时才会停止作战", "秘鲁官员预计该国GDP将增4%",
...          "墨西哥首都一戒毒康复中心发生火灾", "普京：需要欧洲参加谈判进程", "两会前瞻｜政策护航创新驱动",
...          "斯诺克世界公开赛：特鲁姆普爆冷出局", "国家药监局原副局长被查", "中国证监会密集发声", "央行开展5487亿元逆回购"]
>>> bool(narrative_lines(heads).any())
False
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from ..chardata import HAN_RE, han_count

__all__ = ["DIGIT_SHARE", "FUNCTION_CHARS", "FUNCTION_SHARE", "HAN_SHARE", "LEAD_SHARE", "MAX_LENGTH",
           "MIN_DISTINCT", "MIN_LENGTH", "MIN_LINES", "OPENING_SHARE", "narrative_lines"]

#: a line of a narrative run has at least and at most this many characters (without surrounding spaces)
MIN_LENGTH = 4
MAX_LENGTH = 30
#: ... and at least this share of them are Hanzi
HAN_SHARE = 0.7
#: a narrative run has at least this many lines
MIN_LINES = 8
#: function words of running text, one character each
FUNCTION_CHARS = "的了是在我你他她们也都就但而着过会要说很没不这那把被让"
#: at least this share of the run's lines hold one
FUNCTION_SHARE = 0.6
#: at least this share of its lines open with a pronoun or a connective
LEAD_SHARE = 0.2
#: at most this share of its lines hold a digit
DIGIT_SHARE = 0.25
#: at least this share of its lines are distinct
MIN_DISTINCT = 0.9
#: at most this share of its lines open with the same two characters (a menu: 我的邮箱, 我的相册 ...)
OPENING_SHARE = 0.3

_FUNCTION = re.compile(f"[{FUNCTION_CHARS}]")
_LEAD = re.compile(r"(?:但|而|所以|因为|如果|我|你|他|她|它|这|那|在|就|也|还|又|却|于是|然后|只是|其实|当|让|把|被|因此|"
                   r"不过|虽然|即使|甚至|并|和|与|更|大家|今天|今日|同时|最终|最后|一边|不但|而且)")
_DIGIT = re.compile(r"[0-9０-９]")
_NOT_CLAUSE = re.compile(r"https?://|www\.|[|｜•·/／丨：:▼▲►▶→↓👇]")


def _bridges(s: str) -> bool:
    """Whether ``s`` (stripped) may stand between two clauses of a run without breaking it: a
    short line that is no clause only for its digits or Latin letters (``在2004年``, ``大家好，我是X``)."""
    return (MIN_LENGTH <= len(s) <= MAX_LENGTH and not s.endswith(("：", ":")) and _NOT_CLAUSE.search(s) is None
            and HAN_RE.search(s) is not None)


def _clause(s: str) -> bool:
    """Whether ``s`` (stripped, non-empty) may be a line of a narrative run: a bridging line
    that is mostly Hanzi."""
    return _bridges(s) and han_count(s) >= HAN_SHARE * len(s)


def narrative_lines(lines: Sequence[str]) -> np.ndarray:
    """One flag per line: whether it is a line of a narrative run (see the module docstring)."""
    out = np.zeros(len(lines), dtype=bool)
    run: list[int] = []  # the run's clauses
    bridges: list[int] = []  # lines between two of its clauses that bridge it (``在2004年``)
    pending: list[int] = []  # a bridging line after the run's last clause

    def close() -> None:
        if len(run) >= MIN_LINES:
            texts = [lines[i].strip() for i in run]
            n = len(texts)
            if (sum(_FUNCTION.search(t) is not None for t in texts) >= FUNCTION_SHARE * n
                    and sum(_LEAD.match(t) is not None for t in texts) >= LEAD_SHARE * n
                    and sum(_DIGIT.search(t) is not None for t in texts) <= DIGIT_SHARE * n
                    and len(set(texts)) >= MIN_DISTINCT * n
                    and max(Counter(t[:2] for t in texts).values()) <= OPENING_SHARE * n):
                out[run + bridges] = True
        run.clear()
        bridges.clear()
        pending.clear()

    for i, line in enumerate(lines):
        s = line.strip()
        if not s:
            continue
        if _clause(s):
            bridges.extend(pending)
            pending.clear()
            run.append(i)
        elif run and not pending and _bridges(s):
            pending.append(i)
        else:
            close()
    close()
    return out
