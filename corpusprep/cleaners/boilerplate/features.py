"""Line features for the boilerplate line model, computed with numpy over a whole document.

Every line of a document gets the same features at once (no Python loop per line): the
text becomes an array of code points, each code point a class (CJK, digit, Latin,
punctuation, space, markup), and per-line counts are ``bincount`` over line ids. Two kinds
of feature:

- **dense** (:data:`DENSE_NAMES`): length buckets, character-class ratios, how the line
  starts and ends, markup and link residue, list numbering, position in the document,
  where the line stands against the article's main block (:mod:`.blocks`), rule hits on
  the line and its neighbours, the neighbours' shape;
- **hashed n-grams**: character unigrams and bigrams of the line's first ``GRAM_SPAN``
  characters (digits folded to ``0``),
  and the line's first and last two characters as keys of their own, hashed into
  ``2 ** HASH_BITS`` buckets with a fixed arithmetic hash (the same on every machine), each
  with value ``1 / sqrt(grams in the line)``.

>>> t = line_table("国际新闻\\n记者 王某 摄\\n今天，市场平稳运行。各方反应积极，交易量增长。")
>>> t.n_lines, t.dense.shape[1] == len(DENSE_NAMES)
(3, True)
>>> bool(t.dense[2, DENSE_NAMES.index("end_statement")]), bool(t.dense[1, DENSE_NAMES.index("end_statement")])
(True, False)
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .blocks import main_blocks
from .key_counts import occurrences

__all__ = ["DENSE_NAMES", "HASH_BITS", "LineTable", "gram_keys", "line_table", "line_tables"]

#: hashed n-gram buckets: 2**18 weights of the model
HASH_BITS = 18
#: n-grams are read from this many first characters of a line
GRAM_SPAN = 64
# (the keys are the low HASH_BITS bits of 64-bit products and sums, which 32-bit arithmetic,
# wrapping, computes exactly with half the bytes)
_MASK = np.uint32((1 << HASH_BITS) - 1)
_SALT_UNI, _SALT_BI, _SALT_HEAD, _SALT_TAIL = (np.uint32(s) for s in (0x9E37, 0x85EB, 0xC2B2, 0x27D4))
_P1, _P2 = np.uint32(0x9E3779B1), np.uint32(0x85EBCA77)

# character classes (bit flags), for the Basic Multilingual Plane; others count as CJK
# when in the CJK extension planes, else as "other"
CJK, DIGIT, LATIN, PUNCT, SPACE, TERMINAL, OPEN, CLOSE = 1, 2, 4, 8, 16, 32, 64, 128
_CLASS = np.zeros(0x10000, dtype=np.uint8)
_CLASS[0x3400:0x4DC0] = CJK
_CLASS[0x4E00:0xA000] = CJK
_CLASS[0xF900:0xFB00] = CJK
_CLASS[ord("0"):ord("9") + 1] = DIGIT
_CLASS[0xFF10:0xFF1A] = DIGIT
_CLASS[ord("a"):ord("z") + 1] = LATIN
_CLASS[ord("A"):ord("Z") + 1] = LATIN
_CLASS[0xFF21:0xFF3B] = LATIN
_CLASS[0xFF41:0xFF5B] = LATIN
for _c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~":
    _CLASS[ord(_c)] = PUNCT
_CLASS[0x3000:0x3040] = PUNCT  # CJK symbols and punctuation
_CLASS[0xFF01:0xFF10] = PUNCT
_CLASS[0xFF1A:0xFF21] = PUNCT
_CLASS[0xFF3B:0xFF41] = PUNCT
_CLASS[0xFF5B:0xFF66] = PUNCT
_CLASS[0x2010:0x2070] = PUNCT  # general punctuation: quotes, dashes, …
_CLASS[0x25A0:0x2600] = PUNCT  # geometric shapes: ▲ ■ ● ◆
_CLASS[0x2600:0x2800] = PUNCT  # symbols: ★ ☆
for _c in " \t\r\u3000\u00a0":
    _CLASS[ord(_c)] = SPACE
for _c in "。！？!?…":
    _CLASS[ord(_c)] |= TERMINAL
for _c in "（(【[「『《〈<":
    _CLASS[ord(_c)] |= OPEN
for _c in "）)】]」』》〉>":
    _CLASS[ord(_c)] |= CLOSE

#: membership of a character in small sets, one bit per set (a lookup, not ``np.isin``)
_SETS: dict[str, str] = {
    "statement_end": "。…”’\"」』.！!",
    "question_end": "？?",
    "colon_end": "：:",
    "comma": "，、,；;",
    "stop": "。",
    "bullet": "●•·◆■□▪▶►-*+※◎○◇",
    "pipe": "|｜丨",
    "slash": "/／",
    "at": "@＠",
    "hash": "#＃",
    "angle": "<>＜＞",
    "square": "[]【】",
    "colon": "：:",
    "arrow": ">»›→＞",
    "triangle": "▲△▼►▶",
    "dot": "·•",
}
_BIT = {name: 1 << i for i, name in enumerate(_SETS)}
_MEMBER = np.zeros(0x10000, dtype=np.uint32)
for _name, _chars in _SETS.items():
    for _c in _chars:
        _MEMBER[ord(_c)] |= _BIT[_name]
#: per-character indicators summed per line in one reduction: visible, CJK, digit, Latin,
#: punctuation, space, full stop, comma
_IND_VISIBLE, _IND_CJK, _IND_DIGIT, _IND_LATIN, _IND_PUNCT, _IND_SPACE, _IND_STOP, _IND_COMMA = range(8)
_INDICATORS = np.zeros((0x10000, 8), dtype=np.uint8)
_INDICATORS[:, _IND_VISIBLE] = _CLASS != SPACE
_INDICATORS[10, _IND_VISIBLE] = 0
for _col, _flag in ((_IND_CJK, CJK), (_IND_DIGIT, DIGIT), (_IND_LATIN, LATIN), (_IND_PUNCT, PUNCT)):
    _INDICATORS[:, _col] = _CLASS & _flag > 0
_INDICATORS[:, _IND_SPACE] = _CLASS == SPACE
_INDICATORS[:, _IND_STOP] = _MEMBER & _BIT["stop"] > 0
_INDICATORS[:, _IND_COMMA] = _MEMBER & _BIT["comma"] > 0
_INDICATORS_T = np.ascontiguousarray(_INDICATORS.T)  # (indicators, code points)
#: the few distinct rows of the indicator table (a character's "pattern"), and each BMP
#: code point's pattern: a line's indicator sums are its pattern counts times this table
_PATTERNS, _PATTERN_OF = np.unique(_INDICATORS, axis=0, return_inverse=True)
_PATTERN_OF = _PATTERN_OF.reshape(-1).astype(np.uint8)
_PATTERNS = _PATTERNS.astype(np.int64)


def _pattern_of(*indicators: int) -> int:
    """The pattern whose indicators are ``indicators`` and no other."""
    row = np.zeros(_PATTERNS.shape[1], dtype=np.int64)
    row[list(indicators)] = 1
    return int(np.flatnonzero((_PATTERNS == row).all(axis=1))[0])


#: the patterns of characters outside the BMP: visible; also CJK in the ideograph extension planes
_PATTERN_ASTRAL = _pattern_of(_IND_VISIBLE)
_PATTERN_ASTRAL_CJK = _pattern_of(_IND_VISIBLE, _IND_CJK)
_PATTERN_VISIBLE = _PATTERNS[:, _IND_VISIBLE] > 0
_PATTERN_CJK = _PATTERNS[:, _IND_CJK] > 0
_FLAG_NAMES = ("pipe", "slash", "at", "hash", "angle", "square", "colon", "arrow", "triangle", "dot")
_FOLD_DIGIT = np.arange(0x10000, dtype=np.uint32)
_FOLD_DIGIT[ord("0"):ord("9") + 1] = ord("0")
_FOLD_DIGIT[0xFF10:0xFF1A] = ord("0")
_FOLD_DIGIT[ord("A"):ord("Z") + 1] += 32  # ASCII case folded

#: names of the dense feature columns, in order
DENSE_NAMES: tuple[str, ...] = (
    "bias",
    "log_length", "len_le_4", "len_le_8", "len_le_16", "len_le_32", "len_ge_64", "len_ge_128",
    "cjk_ratio", "digit_ratio", "latin_ratio", "punct_ratio", "space_ratio",
    "end_statement", "end_question", "end_colon", "end_close_bracket", "no_terminal",
    "inner_stops", "commas", "enclosed",
    "start_bullet", "start_digit", "start_open_bracket", "start_hash", "start_gt", "start_latin",
    "has_pipe", "has_slash", "has_at", "has_hash", "has_angle", "has_square", "has_colon",
    "has_arrow", "has_triangle", "has_dot", "has_url", "has_md_link", "has_md_image",
    "prose",
    "rel_position", "first_line", "last_line", "log_from_start", "log_from_end",
    "in_block", "before_block", "after_block", "log_to_block", "block_share", "block_overlap",
    "rule_hit", "prev_rule_hit", "next_rule_hit", "graphic_run",
    "prev_prose", "next_prose", "prev_short", "next_short", "short_run", "doc_prose_share", "log_doc_lines",
)
_COL = {name: i for i, name in enumerate(DENSE_NAMES)}


class LineTable(NamedTuple):
    """The features of every line of one document, or of a batch of documents.

    ``dense`` is ``(n_lines, len(DENSE_NAMES))``; the hashed n-grams are three parallel
    arrays (``gram_line``: the line, ``gram_index``: the bucket, ``gram_value``: the value).
    ``length`` is the line's length without spaces; ``nonempty`` marks lines with text.
    ``bounds`` (``n_docs + 1`` line indexes) delimits the documents of a batch: document
    ``k`` holds lines ``bounds[k]`` to ``bounds[k + 1] - 1``.
    """

    n_lines: int
    dense: np.ndarray
    gram_line: np.ndarray
    gram_index: np.ndarray
    gram_value: np.ndarray
    length: np.ndarray
    nonempty: np.ndarray
    prose: np.ndarray
    bounds: np.ndarray

    @property
    def doc_of_line(self) -> np.ndarray:
        """The document (batch position) of every line."""
        return np.repeat(np.arange(len(self.bounds) - 1), np.diff(self.bounds))


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def gram_keys(cp: np.ndarray, line_id: np.ndarray, starts: np.ndarray, first: np.ndarray, last: np.ndarray,
              nonempty: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hashed unigram, bigram, head and tail keys of every line: ``(line, bucket)`` arrays.

    ``cp`` holds the code points of the document (a gram never spans a newline);
    ``starts`` are the lines' start positions; ``first``/``last`` each line's first and
    last non-space positions.
    """
    bmp = np.minimum(cp, 0xFFFF)
    visible = _INDICATORS_T[_IND_VISIBLE][bmp].astype(bool) | (cp > 0xFFFF)  # as line_tables reads it
    return _gram_keys(cp, bmp, visible, line_id, starts, first, last, nonempty)


def _gram_keys(cp: np.ndarray, bmp: np.ndarray, visible: np.ndarray, line_id: np.ndarray, starts: np.ndarray,
               first: np.ndarray, last: np.ndarray, nonempty: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`gram_keys` given ``bmp`` (``cp`` capped at U+FFFF) and ``visible`` (neither a
    space nor a newline), which :func:`line_tables` has already."""
    folded = _FOLD_DIGIT[bmp]  # uint32
    astral = cp > 0xFFFF
    if astral.any():
        folded = np.where(astral, cp, folded)
    # the first GRAM_SPAN characters of a line only: debris is short, and a paragraph's
    # opening says as much as all of it. A running sum marks them: +1 at a line's start,
    # -1 GRAM_SPAN characters later or at the next line's start, whichever comes first
    n = len(cp)
    mark = np.zeros(n + 1, dtype=np.int8)
    mark[starts] = 1
    mark[np.minimum(starts + GRAM_SPAN, np.append(starts[1:], n))] -= 1
    in_span = np.cumsum(mark[:-1], dtype=np.int8) > 0
    keep_uni = visible & in_span
    uni_line = line_id[keep_uni]
    uni = (folded[keep_uni] * _P1 + _SALT_UNI) & _MASK
    pair_ok = keep_uni[:-1] & keep_uni[1:]  # both visible: no newline between, the same line
    bi_line = line_id[:-1][pair_ok]
    bi = (folded[:-1][pair_ok] * _P1 ^ folded[1:][pair_ok] * _P2 ^ _SALT_BI) & _MASK
    lines = np.flatnonzero(nonempty)
    f, la = first[lines], last[lines]
    f2 = np.minimum(f + 1, la)
    l2 = np.maximum(la - 1, f)
    head = (folded[f] * _P1 ^ folded[f2] * _P2 ^ _SALT_HEAD) & _MASK
    tail = (folded[l2] * _P1 ^ folded[la] * _P2 ^ _SALT_TAIL) & _MASK
    return (np.concatenate([uni_line, bi_line, lines, lines]).astype(np.int32),
            np.concatenate([uni, bi, head, tail]).astype(np.uint32, copy=False))


def line_table(text: str, rule_hit: np.ndarray | None = None, graphic: np.ndarray | None = None) -> LineTable:
    """Features of every line of ``text`` (lines as ``text.split("\\n")``; a final newline
    opens no line). ``rule_hit`` marks lines a rule removed whole (a feature of the line and
    of its neighbours); ``graphic`` marks lines of infographic runs.

    >>> t = line_table("标题\\n\\n正文。")
    >>> t.n_lines, t.nonempty.tolist(), t.length.tolist()
    (3, [True, False, True], [2, 0, 3])
    """
    return line_tables([text], [rule_hit], [graphic])


def line_tables(texts: list[str], rule_hits: list[np.ndarray | None] | None = None,
                graphics: list[np.ndarray | None] | None = None) -> LineTable:
    """:func:`line_table` of many documents at once: one table whose ``bounds`` delimit
    them. Every feature is the one the document gets alone (features never reach across
    documents), but the numpy work is done once for the batch.

    >>> t = line_tables(["标题\\n正文。", "甲"])
    >>> t.n_lines, t.bounds.tolist()
    (3, [0, 2, 3])
    """
    k_docs = len(texts)
    rule_hits = rule_hits or [None] * k_docs
    graphics = graphics or [None] * k_docs
    # every document ends with a newline of its own: each line holds at least its newline, so
    # per-line reductions (reduceat over line starts) never meet an empty segment, and no
    # line, n-gram or needle spans two documents
    body = [t.removesuffix("\n") for t in texts]
    doc_lines = np.fromiter((t.count("\n") + 1 for t in body), dtype=np.int64, count=k_docs)
    bounds = np.concatenate([[0], np.cumsum(doc_lines)])
    joined = "\n".join(body) + "\n"
    cp = _codepoints(joined)
    bmp = np.minimum(cp, 0xFFFF)
    is_nl = cp == 10
    nl_at = np.flatnonzero(is_nl)
    starts = np.concatenate([[0], nl_at[:-1] + 1])
    n = len(starts)
    line_id = np.repeat(np.arange(n, dtype=np.int32), nl_at - starts + 1)  # a newline ends its line
    doc = np.repeat(np.arange(k_docs), doc_lines)  # the document of each line
    # each character's indicator pattern, counted per line: the per-line indicator sums are
    # those counts times the patterns' table (one bincount, not a reduction per indicator)
    pattern = _PATTERN_OF[bmp]
    astral = cp > 0xFFFF
    if astral.any():
        pattern[astral] = np.where((cp[astral] >= 0x20000) & (cp[astral] < 0x32000),
                                   _PATTERN_ASTRAL_CJK, _PATTERN_ASTRAL)
    pattern_counts = np.bincount(line_id * len(_PATTERNS) + pattern, minlength=n * len(_PATTERNS))
    counts = (pattern_counts.reshape(n, len(_PATTERNS)) @ _PATTERNS).astype(np.float32)
    member = _MEMBER[bmp]
    flags = np.bitwise_or.reduceat(member, starts)
    visible = _PATTERN_VISIBLE[pattern]
    pos = np.arange(len(cp))
    first = np.minimum.reduceat(np.where(visible, pos, len(cp)), starts)
    last = np.maximum.reduceat(np.where(visible, pos, -1), starts)

    length = counts[:, _IND_VISIBLE]
    nonempty = length > 0
    first = np.where(nonempty, first, 0)
    last = np.where(nonempty, last, 0)
    safe = np.maximum(length, 1)
    d = np.zeros((n, len(DENSE_NAMES)), dtype=np.float32)
    d[:, _COL["bias"]] = 1
    d[:, _COL["log_length"]] = np.log1p(length)
    for name, limit in (("len_le_4", 4), ("len_le_8", 8), ("len_le_16", 16), ("len_le_32", 32)):
        d[:, _COL[name]] = length <= limit
    d[:, _COL["len_ge_64"]] = length >= 64
    d[:, _COL["len_ge_128"]] = length >= 128
    for name, col in (("cjk_ratio", _IND_CJK), ("digit_ratio", _IND_DIGIT), ("latin_ratio", _IND_LATIN),
                      ("punct_ratio", _IND_PUNCT), ("space_ratio", _IND_SPACE)):
        d[:, _COL[name]] = counts[:, col] / safe

    last_cp = np.where(nonempty, cp[last], 0)
    first_cp = np.where(nonempty, cp[first], 0)
    last_cls = _CLASS[np.minimum(last_cp, 0xFFFF)]
    first_cls = _CLASS[np.minimum(first_cp, 0xFFFF)]
    last_member = _MEMBER[np.minimum(last_cp, 0xFFFF)]
    first_member = _MEMBER[np.minimum(first_cp, 0xFFFF)]
    statement = (last_member & _BIT["statement_end"] > 0) & nonempty
    question = (last_member & _BIT["question_end"] > 0) & nonempty
    d[:, _COL["end_statement"]] = statement
    d[:, _COL["end_question"]] = question
    d[:, _COL["end_colon"]] = (last_member & _BIT["colon_end"] > 0) & nonempty
    d[:, _COL["end_close_bracket"]] = (last_cls & CLOSE > 0) & nonempty
    d[:, _COL["no_terminal"]] = nonempty & ~statement & ~question
    inner = counts[:, _IND_STOP] - (last_cp == ord("。"))
    d[:, _COL["inner_stops"]] = np.log1p(np.maximum(inner, 0))
    d[:, _COL["commas"]] = np.log1p(counts[:, _IND_COMMA])
    d[:, _COL["enclosed"]] = (first_cls & OPEN > 0) & (last_cls & CLOSE > 0) & nonempty
    d[:, _COL["start_bullet"]] = (first_member & _BIT["bullet"] > 0) & nonempty
    d[:, _COL["start_digit"]] = (first_cls & DIGIT > 0) & nonempty
    d[:, _COL["start_open_bracket"]] = (first_cls & OPEN > 0) & nonempty
    d[:, _COL["start_hash"]] = (first_cp == ord("#")) & nonempty
    d[:, _COL["start_gt"]] = (first_cp == ord(">")) & nonempty
    d[:, _COL["start_latin"]] = (first_cls & LATIN > 0) & nonempty
    for name in _FLAG_NAMES:
        d[:, _COL[f"has_{name}"]] = flags & _BIT[name] > 0
    for name, needle in (("has_url", "://"), ("has_md_link", "]("), ("has_md_image", "![")):
        hits = _find_all(joined, needle)
        if hits:
            d[line_id[hits], _COL[name]] = 1

    # prose: long, or several sentences, or a statement of some length (the classifier's test)
    prose = nonempty & ((length >= 60) | (inner >= 1) & (length >= 8) | statement & (length >= 8)
                        | question & (length >= 40))
    d[:, _COL["prose"]] = prose

    # position among the document's non-empty lines
    before = np.cumsum(nonempty)  # non-empty lines up to and including each line, over the batch
    at_start = np.concatenate([[0], before])[bounds[:-1]]  # ... before each document
    order = before - 1 - at_start[doc]  # index among the document's non-empty lines
    m_doc = np.maximum(np.concatenate([[0], before])[bounds[1:]] - at_start, 1)
    m = m_doc[doc]
    d[:, _COL["rel_position"]] = order / np.maximum(m - 1, 1)
    d[:, _COL["first_line"]] = (order == 0) & nonempty
    d[:, _COL["last_line"]] = (order == m - 1) & nonempty
    d[:, _COL["log_from_start"]] = np.log1p(np.maximum(order, 0))
    d[:, _COL["log_from_end"]] = np.log1p(m - 1 - order)

    # the main block of each document
    blocks = main_blocks(length, prose, nonempty, bounds)
    b_start = (blocks[:, 0] + bounds[:-1])[doc]  # global line indexes; empty block: start > end
    b_end = (blocks[:, 1] + bounds[:-1])[doc]
    has_block = (blocks[:, 0] <= blocks[:, 1])[doc]
    idx = np.arange(n)
    in_block = (idx >= b_start) & (idx <= b_end) & nonempty
    d[:, _COL["in_block"]] = in_block
    d[:, _COL["before_block"]] = (idx < b_start) & nonempty & has_block
    d[:, _COL["after_block"]] = (idx > b_end) & nonempty & has_block
    ord_start = order[np.minimum(b_start, n - 1)]
    ord_end = order[np.clip(b_end, 0, n - 1)]
    dist = np.where(~has_block, 0, np.where(idx < b_start, ord_start - order, np.where(idx > b_end, order - ord_end, 0)))
    d[:, _COL["log_to_block"]] = np.log1p(np.maximum(dist, 0))
    block_chars = np.bincount(doc, weights=np.where(in_block, length, 0), minlength=k_docs)
    all_chars = np.bincount(doc, weights=length, minlength=k_docs)
    d[:, _COL["block_share"]] = (block_chars / np.maximum(all_chars, 1.0))[doc]
    if has_block.any():
        d[:, _COL["block_overlap"]] = _block_overlap(cp, line_id, _PATTERN_CJK[pattern], in_block,
                                                     nonempty & (length <= GRAM_SPAN), doc)

    # rules and neighbours (over non-empty lines only, within a document)
    hit = _per_line(rule_hits, doc_lines, n)
    d[:, _COL["rule_hit"]] = hit
    d[:, _COL["graphic_run"]] = _per_line(graphics, doc_lines, n)
    nz = np.flatnonzero(nonempty)
    if len(nz):
        nz_doc = doc[nz]
        same = np.ones(len(nz), dtype=bool)
        same[1:] = nz_doc[1:] == nz_doc[:-1]  # same[i]: non-empty line i follows one of its own document
        short = length[nz] <= 20
        for col, arr in (("prev_rule_hit", hit[nz]), ("prev_prose", prose[nz]), ("prev_short", short)):
            d[nz[1:], _COL[col]] = np.where(same[1:], arr[:-1], 0)
        for col, arr in (("next_rule_hit", hit[nz]), ("next_prose", prose[nz]), ("next_short", short)):
            d[nz[:-1], _COL[col]] = np.where(same[1:], arr[1:], 0)
        # length of the run of consecutive non-prose lines holding the line: a run starts
        # after each prose line and at each document's first line
        run_id = np.cumsum(prose[nz] | ~same)
        run_len = np.bincount(run_id, weights=~prose[nz])
        d[nz, _COL["short_run"]] = np.where(prose[nz], 0, np.log1p(run_len[run_id]))
    d[:, _COL["doc_prose_share"]] = (np.bincount(doc, weights=prose, minlength=k_docs) / m_doc)[doc]
    d[:, _COL["log_doc_lines"]] = np.log1p(m)

    gl, gi = _gram_keys(cp, bmp, visible, line_id, starts, first, last, nonempty)
    per_line = np.bincount(gl, minlength=n).astype(np.float32)
    gv = (1.0 / np.sqrt(np.maximum(per_line, 1)))[gl].astype(np.float32)
    return LineTable(n, d, gl, gi, gv, length.astype(np.int32), nonempty, prose, bounds)


def _per_line(marks: list[np.ndarray | None], doc_lines: np.ndarray, n: int) -> np.ndarray:
    """Per-document boolean marks (None: none; shorter or longer than the document: cut or
    padded with False) as one array over the batch's lines."""
    out = np.zeros(n, dtype=bool)
    at = 0
    for m, k in zip(marks, doc_lines.tolist()):
        if m is not None:
            m = np.asarray(m, dtype=bool)[:k]
            out[at:at + len(m)] = m
        at += k
    return out


#: the bigram part of :func:`_block_overlap`'s keys (below it, two code points; above, the document)
_BIGRAM_MASK = (1 << 42) - 1
#: up to this many lines, a (line, bigram) pair fits one int64 (21 + 42 bits)
_ONE_KEY_LINES = 1 << 21


def _block_overlap(cp: np.ndarray, line_id: np.ndarray, cjk: np.ndarray, in_block: np.ndarray,
                   short: np.ndarray, doc: np.ndarray | None = None) -> np.ndarray:
    """For each ``short`` line, the share of its distinct Chinese character bigrams that
    another line of its document's main block also holds (0 for other lines): a headline, a
    subheading or a caption speaks of what the article says; a menu or a list of other
    stories does not. ``doc``: the document of each line (default: all one document).

    >>> import numpy as np
    >>> text = "轮胎行大火\\n首页 新闻\\n平镇一家轮胎行今天清晨发生大火"
    >>> cp = np.frombuffer((text + "\\n").encode("utf-32-le"), dtype=np.uint32)
    >>> nl = cp == 10
    >>> line_id = np.cumsum(nl) - nl
    >>> cjk = (cp >= 0x4E00) & (cp < 0xA000)
    >>> _block_overlap(cp, line_id, cjk, np.array([False, False, True]), np.array([True, True, True])).round(2).tolist()
    [0.75, 0.0, 0.0]
    """
    n = len(short)
    out = np.zeros(n, dtype=np.float32)
    at = np.flatnonzero(cjk[:-1] & cjk[1:])  # a newline is not CJK: no pair spans two lines
    pl = line_id[at]
    in_b, query = in_block[pl], short[pl]
    if not in_b.any() or not query.any():
        return out
    # a bigram as one number below 2**42, with its document above that (in place: these
    # arrays hold most of the text)
    ph = cp[at].astype(np.int64)
    ph *= 0x110000
    ph += cp[at + 1]
    if doc is not None:
        doc_part = doc[pl].astype(np.int64)
        doc_part <<= 42
        ph += doc_part
    # each bigram once per short line: sort by (line, bigram) and keep the first of each run
    ql_all, qh_all = pl[query], ph[query]
    if n < _ONE_KEY_LINES:  # (line, bigram) as one number: one plain sort instead of a lexsort
        key = ql_all.astype(np.int64)
        key <<= 42
        key |= qh_all & _BIGRAM_MASK
        key.sort()
        new = np.ones(len(key), dtype=bool)
        new[1:] = key[1:] != key[:-1]
        run_start = np.flatnonzero(new)
        ql = (key[run_start] >> 42).astype(line_id.dtype)
        qh = key[run_start] & _BIGRAM_MASK
        if doc is not None:
            qh = qh + (doc[ql].astype(np.int64) << 42)
    else:
        o = np.lexsort((qh_all, ql_all))
        ql_s, qh_s = ql_all[o], qh_all[o]
        new = np.ones(len(o), dtype=bool)
        new[1:] = (ql_s[1:] != ql_s[:-1]) | (qh_s[1:] != qh_s[:-1])
        run_start = np.flatnonzero(new)
        ql, qh = ql_s[run_start], qh_s[run_start]
    qcnt = np.diff(np.append(run_start, len(new)))
    # occurrences in the block's lines of the bigrams some short line holds
    block_occ = occurrences(qh, ph[in_b])
    own = np.where(in_block[ql], qcnt, 0)  # the line's own occurrences, if it is a block line
    shared = np.bincount(ql, weights=block_occ - own > 0, minlength=n)
    total = np.bincount(ql, minlength=n)
    return np.where(total > 0, shared / np.maximum(total, 1), 0).astype(np.float32)


def _find_all(text: str, needle: str) -> list[int]:
    out = []
    i = text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + 1)
    return out
