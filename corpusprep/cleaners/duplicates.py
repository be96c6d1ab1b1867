"""Duplicate paragraphs inside one document: the later copy goes, pointing at the first.

Sidebars and summary boxes repeat body paragraphs, word for word or nearly so (a word
changed, a clause dropped, a sentence cut short). Paragraphs are compared on a normalized
form (punctuation and spaces removed):

- exact: a line whose normalized text equals an earlier line's (``min_chars`` or longer);
- near: a paragraph whose character n-grams are contained, to at least ``containment``,
  in one earlier paragraph (``duplicate.near``);
- teaser: an earlier line cut off with ``...`` whose text is contained in a later
  paragraph (an auto-generated summary of it) goes instead of the later one
  (``duplicate.teaser``).

Short lines, list items (``1.``, ``（一）``, ``[42]``, ``· ``), numbered footnotes (``5 …``), articles
of a law (``第二十七条…``), Markdown headings and lines that are mostly not Chinese (code, data
dumps, English references) are never near-duplicates: headings legitimately repeat a summary
item, and items of a list, clauses of a regulation or lines of code differ by a word that matters. Every removal's note names the line it repeats (1-based, in the text the
step received).

>>> from corpusprep.steps import Context
>>> RemoveDuplicateParagraphs().apply("攻势推进情况汇报会议举行。\\n正文。\\n攻势推进情况汇报会议举行。", Context("t")).text
'攻势推进情况汇报会议举行。\\n正文。\\n'
>>> a = "距离2022年结束还有不到40天时间，擂主们也立下军令状，在确保完成既定目标的同时，谋划好未来的工作。"
>>> b = "距离2022年底还有不到40天时间，擂主们立下军令状，在确保完成既定目标的同时，谋划好未来的工作。"
>>> out = RemoveDuplicateParagraphs().edits(a + "\\n" + b, Context("t"))
>>> [(e.reason, e.note) for e in out]
[('duplicate.near', 'repeats line 1 「距离2022年结束还有不…」 (containment 0.88)')]
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import chain
from typing import Any

import numpy as np

from ..document import Edit
from ..steps import Context, EditStep
from .chardata import han_count

__all__ = ["RemoveDuplicateParagraphs", "containment"]

_NOISE_RE = re.compile(r"[\W_]+")
_LINE_RE = re.compile(r"[^\n]+\n?")
_TEASER_END = ("...", "…", "……", "。。。")
_HEADING_RE = re.compile(r"^\s*#{1,6}\s")
#: list items (1. / （一） / 一、 / [42] / bullets), footnotes numbered with a space (``5 上海研究中心编…``)
#: and articles or chapters of a law (``第二十七条…``, ``第三章…``)
_LIST_RE = re.compile(r"^\s*(?:\d{1,3}[.、．)）]|[（(](?:\d{1,3}|[一二三四五六七八九十]{1,3})[)）]|[一二三四五六七八九十]+、|"
                      r"[\[【]\d{1,3}[\]】]|[·•●▪◆■□※\-*]\s|\d{1,3}\s+(?=\D)|第[〇零一二三四五六七八九十百千\d]{1,6}[条章节款编])")
#: a near copy is a paragraph of Chinese: below this share of Han characters (code, data dumps,
#: English references) lines differing by one name or number are different lines
_NEAR_MIN_HAN = 0.3
_TERMINAL = tuple("。！？!?…”’\"」』.；;")
#: up to this many earlier lines, shared n-grams are counted by set intersection
_DIRECT_MAX = 24


def _quote(line: str, n: int = 12) -> str:
    s = line.strip()
    return f"「{s[:n]}…」" if len(s) > n else f"「{s}」"


def _grams(key: str, n: int) -> set[str]:
    if len(key) < n:
        return {key} if key else set()
    return {key[i : i + n] for i in range(len(key) - n + 1)}


def _gram_sets(keys: list[str], n: int) -> list[set[Any]]:
    """The character n-gram set of each key, as :func:`_grams` gives it, except that for
    ``n <= 3`` each n-gram of a key at least ``n`` long is one integer (its code points side
    by side, 21 bits each), all keys in one numpy pass. Only intersections are taken, and a
    string never equals an integer, so either form counts alike.

    >>> [len(g) for g in _gram_sets(["甲乙丙甲乙", "丙丁戊"], 3)]
    [3, 1]
    """
    if n > 3 or not keys:
        return [_grams(k, n) for k in keys]
    cp = np.frombuffer("".join(keys).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    m = len(cp) - n + 1
    code = cp[:m].copy()
    for j in range(1, n):
        code = (code << 21) | cp[j : m + j]
    flat = code.tolist()
    out = []
    at = 0
    for k in keys:
        out.append(set(flat[at : at + len(k) - n + 1]) if len(k) >= n else _grams(k, n))
        at += len(k)
    return out


def containment(a: str, b: str, *, n: int = 3) -> float:
    """Share of ``a``'s character n-grams (punctuation removed) that occur in ``b``.

    >>> round(containment("全市新增养老床位19305张", "今年全市新增养老床位19305张，建成中心98处。"), 2)
    1.0
    """
    ga = _grams(_NOISE_RE.sub("", a), n)
    if not ga:
        return 0.0
    return len(ga & _grams(_NOISE_RE.sub("", b), n)) / len(ga)


class RemoveDuplicateParagraphs(EditStep):
    """Remove a line that repeats, exactly or nearly, another line of the document.

    ``min_chars``: lines shorter than this (after normalization) are never duplicates.
    ``near_min_chars``: shortest normalized paragraph that may be a near-duplicate.
    ``containment``: share of a paragraph's n-grams found in the earlier one for it to be
    a near-duplicate; ``ngram``: n of the character n-grams. ``near=False`` keeps only
    exact duplicates.
    """

    name = "duplicates"
    version = "4"

    def __init__(
        self,
        *,
        min_chars: int = 12,
        near: bool = True,
        near_min_chars: int = 20,
        containment: float = 0.8,
        ngram: int = 3,
    ) -> None:
        self.min_chars = min_chars
        self.near = near
        self.near_min_chars = near_min_chars
        self.containment = containment
        self.ngram = ngram

    def config(self) -> dict[str, Any]:
        return {
            "min_chars": self.min_chars,
            "near": self.near,
            "near_min_chars": self.near_min_chars,
            "containment": self.containment,
            "ngram": self.ngram,
        }

    def _near_candidate(self, line: str, key: str) -> bool:
        if len(key) < self.near_min_chars or _HEADING_RE.match(line) or _LIST_RE.match(line):
            return False
        if han_count(key) < _NEAR_MIN_HAN * len(key):
            return False
        s = line.strip()
        # a short unpunctuated line is a heading or list item, which may repeat
        return len(key) >= 2 * self.near_min_chars or s.endswith(_TERMINAL) or s.endswith(_TEASER_END)

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        lines = [(m.start(), m.end(), m.group()) for m in _LINE_RE.finditer(text)]
        # a line shorter than both thresholds is neither kind of duplicate: skip its key
        shortest = min(self.min_chars, self.near_min_chars)
        keys = [_NOISE_RE.sub("", g) if len(g) >= shortest else "" for _, _, g in lines]
        drop: dict[int, tuple[str, str]] = {}  # line index -> (reason, note)
        seen: dict[str, int] = {}
        for i, key in enumerate(keys):
            if len(key) < self.min_chars:
                continue
            if key in seen:
                drop[i] = ("duplicate.paragraph", f"repeats line {seen[key] + 1} {_quote(lines[seen[key]][2])}")
            else:
                seen[key] = i
        if self.near:
            self._near(lines, keys, drop)
        out = []
        for i in sorted(drop):
            s, e, g = lines[i]
            reason, note = drop[i]
            out.append(Edit(s, e, g, "", reason, "duplicate", note))
        return out

    def _near(self, lines: list[tuple[int, int, str]], keys: list[str], drop: dict[int, tuple[str, str]]) -> None:
        n, cont = self.ngram, self.containment
        # the candidates are known before the loop (a near or teaser removal only ever
        # takes the current line or an earlier one), so their n-grams come in one pass
        cand = [i for i, key in enumerate(keys) if i not in drop and self._near_candidate(lines[i][2], key)]
        if len(cand) > _DIRECT_MAX and n <= 3:
            shared = _shared_counts([keys[i] for i in cand], n)
            if shared is not None:
                self._near_by_pairs(lines, cand, shared, drop)
                return
        # Shared n-grams with each earlier kept candidate line. Up to _DIRECT_MAX such lines
        # they are counted by set intersection (in C); beyond, an inverted index is built.
        indexed: list[tuple[int, set[str], bool]] = []  # (line, its n-grams, is a teaser)
        index: dict[str, list[int]] | None = None  # n-gram -> candidate lines holding it
        grams: dict[int, set[str]] = {}
        teaser: dict[int, bool] = {}  # cut off with "..."
        for i, g in zip(cand, _gram_sets([keys[i] for i in cand], n)):
            grams[i] = g
            t = teaser[i] = lines[i][2].rstrip().endswith(_TEASER_END)
            a = len(g)
            hits: dict[int, int]
            if index is None:
                # the shared count is at most the smaller set: skip the intersection when
                # the sizes alone fail both tests below (and when g is empty: none shared)
                hits = {j: c for j, h, tj in indexed
                        if a and (b := len(h)) and (b / a >= cont or tj and a / b >= cont) and (c := len(g & h))}
            else:
                hits = Counter(chain.from_iterable(map(index.__getitem__, g & index.keys())))
            for j, c in sorted(hits.items(), key=lambda jc: (-jc[1], jc[0])):
                if j in drop:
                    continue
                if self._judge_pair(lines, drop, i, j, c, a, len(grams[j]), teaser[j]):
                    break
            if i not in drop:
                indexed.append((i, g, t))
                if index is not None:
                    for x in g:
                        index.setdefault(x, []).append(i)
                elif len(indexed) > _DIRECT_MAX:
                    index = {}
                    for j, h, _ in indexed:
                        for x in h:
                            index.setdefault(x, []).append(j)

    def _judge_pair(self, lines: list[tuple[int, int, str]], drop: dict[int, tuple[str, str]],
                    i: int, j: int, c: int, a: int, b: int, teaser_j: bool) -> bool:
        """Line ``i`` (``a`` n-grams) shares ``c`` with the earlier kept line ``j`` (``b``):
        drop ``i`` as a near copy of ``j``, or ``j`` as a cut-off teaser of ``i``. Whether
        one of them went."""
        cont = self.containment
        if c / a >= cont:
            drop[i] = ("duplicate.near", f"repeats line {j + 1} {_quote(lines[j][2])} "
                       f"(containment {c / a:.2f})")
            return True
        # an earlier teaser cut off with "..." that this paragraph contains
        if teaser_j and c / b >= cont:
            drop[j] = ("duplicate.teaser", f"cut-off copy of line {i + 1} {_quote(lines[i][2])} "
                       f"(containment {c / b:.2f})")
            return True
        return False

    def _near_by_pairs(self, lines: list[tuple[int, int, str]], cand: list[int],
                       shared: tuple[np.ndarray, list[int], list[int], list[int], list[int]],
                       drop: dict[int, tuple[str, str]]) -> None:
        """:meth:`_near` over many candidates from the shared n-gram counts of every pair
        (:func:`_shared_counts`): the same decisions, in the same order. A pair whose count
        passes neither test changes nothing, so only the pairs that pass are visited."""
        sizes, at, later, earlier, count = shared
        cont = self.containment
        teaser = [lines[i][2].rstrip().endswith(_TEASER_END) for i in cand]
        for x, i in enumerate(cand):
            lo, hi = at[x], at[x + 1]
            if lo == hi:
                continue
            a = sizes[x]
            pairs = [(-c, y) for y, c in zip(earlier[lo:hi], count[lo:hi])
                     if c / a >= cont or teaser[y] and c / sizes[y] >= cont]
            for c, y in sorted(pairs):
                j = cand[y]
                if j not in drop and self._judge_pair(lines, drop, i, j, -c, a, sizes[y], teaser[y]):
                    break


#: above this many candidate pairs sharing an n-gram, :func:`_shared_counts` gives up (the
#: inverted index then counts them, in memory that grows with the lines, not their pairs)
_PAIRS_MAX = 2_000_000


def _shared_counts(keys: list[str], n: int) -> tuple[np.ndarray, list[int], list[int], list[int], list[int]] | None:
    """For the keys (in order), the number of distinct n-grams (``n <= 3``) each pair shares,
    as lists sorted by (later key, earlier key): ``(sizes, at, later, earlier, count)``,
    where the pairs of key ``x`` with earlier keys are ``at[x]:at[x + 1]`` and ``sizes`` holds
    each key's number of distinct n-grams (a key shorter than ``n`` is one n-gram, itself).
    ``None`` when more than :data:`_PAIRS_MAX` pairs share an n-gram.

    >>> sizes, at, later, earlier, count = _shared_counts(["甲乙丙丁", "乙丙丁", "戊"], 3)
    >>> sizes.tolist(), at, earlier, count
    ([2, 1, 1], [0, 0, 1, 1], [0], [1])
    """
    lens = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    cp = np.frombuffer("".join(keys).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64)
    key_of = np.repeat(np.arange(len(keys)), lens)
    m = max(len(cp) - n + 1, 0)
    code = cp[:m].copy()
    for j in range(1, n):
        code = (code << 21) | cp[j : m + j]
    # an n-gram starts at position p of its key if p <= len - n
    ok = (np.arange(m) - starts[key_of[:m]]) <= lens[key_of[:m]] - n
    gram, owner = code[ok], key_of[:m][ok]
    short = np.flatnonzero((lens > 0) & (lens < n))
    if len(short):  # a short key is one n-gram, itself: negative, so it never meets a full one
        whole = np.zeros(len(short), dtype=np.int64)
        for j in range(n - 1):
            has = j < lens[short]
            whole = np.where(has, (whole << 21) | cp[np.minimum(starts[short] + j, len(cp) - 1)], whole)
        gram = np.concatenate([gram, -(whole + 1)])
        owner = np.concatenate([owner, short])
    # distinct (n-gram, key) pairs, by n-gram then key
    o = np.lexsort((owner, gram))
    g, k = gram[o], owner[o]
    distinct = np.ones(len(g), dtype=bool)
    distinct[1:] = (g[1:] != g[:-1]) | (k[1:] != k[:-1])
    g, k = g[distinct], k[distinct]
    sizes = np.bincount(k, minlength=len(keys))
    first = np.ones(len(g), dtype=bool)
    first[1:] = g[1:] != g[:-1]
    run_start = np.maximum.accumulate(np.where(first, np.arange(len(g)), 0))
    before = np.arange(len(g)) - run_start  # keys of the same n-gram before this one
    total = int(before.sum())
    if total > _PAIRS_MAX:
        return None
    rep = np.repeat(np.arange(len(g)), before)
    offset = np.arange(total) - np.repeat(np.cumsum(before) - before, before)
    partner = np.repeat(run_start, before) + offset
    n_keys = len(keys)
    flat, count = np.unique(k[rep] * n_keys + k[partner], return_counts=True)
    later, earlier = flat // n_keys, flat % n_keys
    at = np.searchsorted(later, np.arange(n_keys + 1, dtype=later.dtype))
    return sizes, at.tolist(), later.tolist(), earlier.tolist(), count.tolist()
