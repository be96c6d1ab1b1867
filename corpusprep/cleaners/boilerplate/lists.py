"""Content lists: long runs of short, alike lines that an article sets out after its prose.

Announcements in Chinese news often end in a list (``附名单``): hundreds of short lines such
as ``北京安理律师事务所`` or ``成人票原价：30元``. Line by line they look like a menu (short, no
sentence punctuation, alike), and the line model removes them. What tells such a list from
a menu or a recommendation list is that its lines are *different* items of *one kind*:
many distinct lines end in the same two Hanzi (``…律师事务所``, ``…大学``) or open with the
same field name (``成人票原价：``), and the list follows the article's prose. Menus repeat
whole items, end in unrelated words, and stand away from the prose; recommendation lists
are headlines, which end in no common word.

A run of short lines (non-blank lines that are not prose and have at most
:data:`MAX_LENGTH` characters; a field line of any length, ``备注：…``, bridges it without
counting) is a content list when:

- it has at least :data:`MIN_LINES` short lines and one of the :data:`PROSE_WITHIN`
  non-blank lines before it is prose;
- at least :data:`MIN_SHARE` of its short lines carry a *signature* (``key:<field>`` or
  ``end:<last two Hanzi>``, for lines of at least 4 characters, not closed by a count) that
  at least :data:`MIN_ALIKE` distinct short lines of the run share;
- at least :data:`MIN_DISTINCT` of its short lines are distinct (a repeated menu is not a list).

The model never removes a line of a content list, from its first line to its last line with
a shared signature (what trails the list, such as a share bar, stays the model's to judge),
nor the prose line before it that makes it one (its *anchor*); rules still do. The test is a
function of the lines alone and the model leaves what it rests on, so each confirming pass
of the step sees the same lists (without the anchor's protection, a pass that removed the
prose above a 500-line list handed the whole list to the model in the next pass).

>>> items = [f"{c}律师事务所" for c in "安理德和衡北斗道可特浩天"]
>>> lines = ["司法部公布了全国优秀律师事务所名单，并进行了公示。", "一、北京", *items]
>>> prose = np.array([True] + [False] * (len(lines) - 1))
>>> content_list_lines(lines, prose).tolist() == [False] + [True] * (len(lines) - 1)
True
>>> menu = ["首页", "国内", "国际", "财经", "体育", "娱乐", "汽车", "视频", "旅游"]
>>> bool(content_list_lines(["今天，市场平稳运行。", *menu], np.array([True] + [False] * 9)).any())
False
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

__all__ = ["MAX_LENGTH", "MIN_ALIKE", "MIN_DISTINCT", "MIN_LINES", "MIN_SHARE", "PROSE_WITHIN",
           "content_list_lines", "content_list_mask", "signature"]

#: a list item has at most this many characters (without surrounding spaces)
MAX_LENGTH = 40
#: a content list has at least this many lines
MIN_LINES = 8
#: ... and one of the this many non-blank lines before it is prose
PROSE_WITHIN = 3
#: ... at least this share of its lines carry a shared signature
MIN_SHARE = 0.7
#: ... a signature is shared when at least this many distinct lines carry it
MIN_ALIKE = 3
#: ... and at least this share of its lines are distinct
MIN_DISTINCT = 0.6

_FIELD = re.compile(r"([\u3400-\u9fffA-Za-z]{1,8})[：:](?!//)")
_END = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{2}$")
_COUNTER = re.compile(r"\d[^\d]{0,3}$")


def signature(line: str) -> str | None:
    """The kind of item ``line`` is: ``key:<field>`` for a line opening with a field name and
    a colon, ``sep:、`` for a line closed by an enumeration comma (the enumeration goes on
    on the next line: ``程德亮、程淑香、``), else ``end:<last two Hanzi>``; ``None`` for a line
    of fewer than 4 characters or with none of these. A count closing a line (``1016次浏览``, ``35条评论``) is a widget's
    counter, not a kind of item: no ending signature.

    >>> signature("成人票原价：279元"), signature("北京安理律师事务所"), signature("首页"), signature("程德亮、程淑香、")
    ('key:成人票原价', 'end:务所', None, 'sep:、')
    >>> signature("http://www.icij.org （国际记者调查同盟）") is None, signature("歌手2024直播 1016次浏览") is None
    (True, True)
    """
    s = line.strip()
    if len(s) < 4:
        return None
    m = _FIELD.match(s)
    if m is not None:
        return f"key:{m[1]}"
    if s.endswith("、"):  # an enumeration continued on the next line
        return "sep:、"
    m = _END.search(s)
    return f"end:{m[0]}" if m is not None and _COUNTER.search(s) is None else None


def _list_end(lines: Sequence[str], run: list[int]) -> int:
    """The last line of ``run`` that is a content list's item, or -1 when the run is no list
    (``run``: the short lines of a run; the field lines bridging them are not judged)."""
    texts = [lines[i].strip() for i in run]
    kind = dict.fromkeys(texts)  # each distinct line's signature, computed once
    if len(kind) < MIN_DISTINCT * len(run):
        return -1
    for t in kind:
        kind[t] = signature(t)
    alike = Counter(kind.values())
    shared = [(s := kind[t]) is not None and alike[s] >= MIN_ALIKE for t in texts]
    if sum(shared) < MIN_SHARE * len(run):
        return -1
    return run[len(shared) - 1 - shared[::-1].index(True)]


def content_list_lines(lines: Sequence[str], prose: np.ndarray, length: np.ndarray | None = None) -> np.ndarray:
    """Which of ``lines`` belong to a content list (see the module doc). ``prose`` marks the
    prose lines (the line features' test); ``length``: each line's length without spaces
    (default: of the stripped line).

    >>> content_list_lines(["甲"] * 3, np.zeros(3, dtype=bool)).tolist()
    [False, False, False]
    """
    if length is None:
        length = np.fromiter((len(ln.strip()) for ln in lines), dtype=np.int64, count=len(lines))
    return content_list_mask([lines], prose, length, np.array([0, len(lines)]))


def content_list_mask(docs: Sequence[Sequence[str]], prose: np.ndarray, length: np.ndarray,
                      bounds: np.ndarray, colon: np.ndarray | None = None,
                      anchors: np.ndarray | None = None) -> np.ndarray:
    """:func:`content_list_lines` of a batch of documents at once: ``docs`` holds each
    document's lines, ``prose``, ``length`` and ``colon`` (whether the line holds a colon;
    default: looked up) every line of the batch, document ``k`` being lines ``bounds[k]`` to
    ``bounds[k + 1] - 1`` (a line table's layout). The runs are found with a few array
    operations over the whole batch; only lines with a colon that are not short, and runs
    long enough to be a list, reach Python. ``anchors`` (a boolean array over the batch's
    lines), if given, gets the prose lines that made each list one marked: those among the
    :data:`PROSE_WITHIN` non-blank lines before it.

    >>> items = [f"{c}理工大学" for c in "甲乙丙丁戊己庚辛"]
    >>> docs = [["今天，学校公布了名单。", *items], ["菜单"] * 9]
    >>> length = np.array([len(x) for d in docs for x in d])
    >>> prose = np.arange(18) == 0
    >>> anchors = np.zeros(18, dtype=bool)
    >>> content_list_mask(docs, prose, length, np.array([0, 9, 18]), anchors=anchors).nonzero()[0].tolist()
    [1, 2, 3, 4, 5, 6, 7, 8]
    >>> anchors.nonzero()[0].tolist()
    [0]
    """
    out = np.zeros(len(length), dtype=bool)
    nonempty = np.flatnonzero(length > 0)
    if len(nonempty) <= MIN_LINES:
        return out
    starts = bounds.tolist()
    doc = np.searchsorted(bounds, nonempty, side="right") - 1
    short = ~prose[nonempty] & (length[nonempty] <= MAX_LENGTH)
    member = short.copy()
    # a field line (备注：…) of any length bridges a run of short lines (it neither ends nor
    # breaks it); the run is judged on its short lines alone
    if colon is None:
        colon = np.fromiter((":" in ln or "：" in ln for d in docs for ln in d), dtype=bool, count=sum(map(len, docs)))
        colon = np.concatenate([colon, np.zeros(max(0, len(length) - len(colon)), dtype=bool)])[: len(length)]
    for j in np.flatnonzero(~short & colon[nonempty]).tolist():
        k = int(doc[j])
        i = int(nonempty[j]) - starts[k]
        if i < len(docs[k]) and _is_field(docs[k][i]):
            member[j] = True
    # runs of member lines among the non-blank ones, never across documents: [a, b) in
    # positions of `nonempty`
    cut = np.flatnonzero((member[1:] != member[:-1]) | (doc[1:] != doc[:-1])) + 1
    a_all = np.concatenate([[0], cut])
    b_all = np.concatenate([cut, [len(nonempty)]])
    n_short = np.concatenate([[0], np.cumsum(short)])
    keep = member[a_all] & (n_short[b_all] - n_short[a_all] >= MIN_LINES)
    if not keep.any():
        return out
    prose_ne = prose[nonempty]
    for a, b in zip(a_all[keep].tolist(), b_all[keep].tolist()):
        k = int(doc[a])
        lo = max(a - PROSE_WITHIN, 0)
        before = [j for j in range(lo, a) if doc[j] == k]
        if not prose_ne[before].any():
            continue
        base = starts[k]
        if int(nonempty[b - 1]) - base >= len(docs[k]):  # a table line the document's lines do not have
            continue
        items = (nonempty[a:b][short[a:b]] - base).tolist()
        end = _list_end(docs[k], items)
        if end >= 0:
            out[int(nonempty[a]) : base + end + 1] = True
            if anchors is not None:
                anchors[nonempty[before][prose_ne[before]]] = True
    return out


def _is_field(line: str) -> bool:
    """Whether ``line`` opens with a field name and a colon (``备注：…``).

    >>> _is_field("备注：仅限成人套票。"), _is_field("他说：“今天很好。”"), _is_field("http://a.b")
    (True, True, False)
    """
    return _FIELD.match(line.strip()) is not None
