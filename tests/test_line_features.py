"""Line features of the boilerplate model: batched numpy against plain per-line definitions."""

from __future__ import annotations

import math
from itertools import pairwise

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from corpusprep.cleaners.boilerplate.blocks import line_weights, main_block, main_blocks
from corpusprep.cleaners.boilerplate.features import DENSE_NAMES, GRAM_SPAN, line_table, line_tables

COL = {n: i for i, n in enumerate(DENSE_NAMES)}
SPACES = " \t\r\u3000\u00a0"
LINE_CHARS = st.sampled_from(list("国际新闻记者王某摄图来源。，！？：…”「」()（）【】|/#<>0123456789abcXYZ ▲·\u3000\t"))
TEXTS = st.lists(st.text(LINE_CHARS, max_size=90), max_size=12).map("\n".join)


def _visible(line: str) -> str:
    return "".join(c for c in line if c not in SPACES)


@given(TEXTS)
def test_lengths_and_lines_match_a_per_line_reading(text: str) -> None:
    """One row per line of text.split("\\n") (a final newline opens none); length counts non-space characters."""
    body = text[:-1] if text.endswith("\n") else text
    lines = body.split("\n")
    t = line_table(text)
    assert t.n_lines == len(lines)
    assert t.length.tolist() == [len(_visible(x)) for x in lines]
    assert t.nonempty.tolist() == [bool(_visible(x)) for x in lines]


@given(TEXTS)
def test_endings_and_ratios_match_their_definitions(text: str) -> None:
    """end_statement / end_question / digit_ratio / has_pipe read the line as defined."""
    body = text[:-1] if text.endswith("\n") else text
    t = line_table(text)
    for i, line in enumerate(body.split("\n")):
        v = _visible(line)
        row = t.dense[i]
        assert bool(row[COL["end_statement"]]) == (bool(v) and v[-1] in "。…”’\"」』.！!")
        assert bool(row[COL["end_question"]]) == (bool(v) and v[-1] in "？?")
        digits = sum(c.isdigit() for c in v) / max(len(v), 1)
        assert math.isclose(row[COL["digit_ratio"]], digits, rel_tol=1e-5, abs_tol=1e-6)
        assert bool(row[COL["has_pipe"]]) == any(c in "|｜丨" for c in line)


@given(TEXTS)
def test_every_gram_belongs_to_a_nonempty_line(text: str) -> None:
    """Each non-empty line has its unigrams, bigrams and a head and tail key; values are 1/sqrt(count)."""
    body = text[:-1] if text.endswith("\n") else text
    t = line_table(text)
    for i, line in enumerate(body.split("\n")):
        v = [c for c in line if c not in SPACES]
        head = line[:GRAM_SPAN]
        uni = sum(c not in SPACES for c in head)
        pairs = sum(1 for a, b in zip(head, head[1:]) if a not in SPACES and b not in SPACES)
        expected = uni + pairs + (2 if v else 0)
        got = t.gram_line == i
        assert int(got.sum()) == expected
        if expected:
            assert np.allclose(t.gram_value[got], 1 / math.sqrt(expected))


def _best_block(w: list[float]) -> float:
    best = -math.inf
    for i in range(len(w)):
        for j in range(i, len(w)):
            best = max(best, sum(w[i:j + 1]))
    return best


@given(st.lists(st.tuples(st.integers(0, 200), st.booleans()), min_size=1, max_size=20))
def test_main_block_is_a_maximum_weight_stretch_of_prose(rows: list[tuple[int, bool]]) -> None:
    """The main block starts and ends on prose and no stretch of lines weighs more."""
    length = np.array([n for n, _ in rows])
    prose = np.array([p and n > 0 for n, p in rows])
    nonempty = length > 0
    start, end = main_block(length, prose, nonempty)
    if not prose.any():
        assert (start, end) == (len(rows), -1)
        return
    assert prose[start] and prose[end] and start <= end
    w = line_weights(length, prose, nonempty).tolist()
    assert math.isclose(sum(w[start:end + 1]), _best_block(w), rel_tol=1e-9, abs_tol=1e-9)


@given(st.lists(st.lists(st.tuples(st.integers(0, 200), st.booleans()), max_size=12), min_size=1, max_size=5))
@example([[(60, True), (0, False), (3, False), (3, False), (60, True)], [(5, False)]])
@example([[(7, True), (3, False), (5, True)], [(90, True)], [(2, False), (61, True)]])
def test_main_blocks_of_a_batch_are_each_documents_own(docs: list[list[tuple[int, bool]]]) -> None:
    """The batch form finds, for each document, the block it finds alone."""
    rows = [r for d in docs for r in d]
    length = np.array([n for n, _ in rows])
    prose = np.array([p and n > 0 for n, p in rows])
    bounds = np.concatenate([[0], np.cumsum([len(d) for d in docs])])
    got = main_blocks(length, prose, length > 0, bounds).tolist()
    alone = [list(main_block(length[a:b], prose[a:b], length[a:b] > 0)) for a, b in pairwise(bounds.tolist())]
    assert got == alone


def test_main_block_ties_go_to_the_shorter_stretch() -> None:
    """Weights are summed exactly: lines that add up to nothing before the block (a prose
    line, then two short ones) stay out of it, on every machine."""
    length = np.array([60, 3, 3, 120])
    assert main_block(length, length >= 60, length > 0) == (3, 3)


def test_lines_far_above_the_block_are_marked_before_it() -> None:
    """Menu lines above the article are before the block, teasers after it, a heading inside it."""
    body = "市场监管部门表示，今年将继续加强对重点行业的监督检查，切实保障消费者合法权益和市场秩序。"
    text = "\n".join(["首页", "新闻", "体育", body, "二、下一步安排", body, body, "相关新闻", "另一条新闻"])
    t = line_table(text)
    before = t.dense[:, COL["before_block"]].astype(bool).tolist()
    after = t.dense[:, COL["after_block"]].astype(bool).tolist()
    inside = t.dense[:, COL["in_block"]].astype(bool).tolist()
    assert before == [True] * 3 + [False] * 6
    assert after == [False] * 7 + [True] * 2
    assert inside[3:7] == [True] * 4


def test_rule_hits_reach_the_neighbours() -> None:
    """A rule-removed line marks itself and the non-empty lines beside it."""
    t = line_table("甲\n\n乙\n丙", np.array([False, False, True, False]))
    assert t.dense[:, COL["rule_hit"]].tolist() == [0, 0, 1, 0]
    assert t.dense[:, COL["next_rule_hit"]].tolist() == [1, 0, 0, 0]
    assert t.dense[:, COL["prev_rule_hit"]].tolist() == [0, 0, 0, 1]


def test_astral_and_surrogate_text_does_not_raise() -> None:
    """Characters outside the BMP and lone surrogates are features like any other."""
    t = line_table("𠀀𠀁新闻\n\ud800坏")
    assert t.length.tolist() == [4, 2]
    assert t.dense[0, COL["cjk_ratio"]] == 1.0


def _cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def _overlap_by_definition(docs: list[str], in_block: list[bool]) -> list[float]:
    """block_overlap line by line: the share of a short line's distinct CJK bigrams that another
    line of its own document's main block holds."""
    out: list[float] = []
    at = 0
    for text in docs:
        body = text[:-1] if text.endswith("\n") else text
        lines = body.split("\n")
        grams = [{a + b for a, b in zip(x, x[1:]) if _cjk(a) and _cjk(b)} for x in lines]
        block = in_block[at:at + len(lines)]
        for i, x in enumerate(lines):
            short = 0 < len(_visible(x)) <= GRAM_SPAN
            if not short or not grams[i]:
                out.append(0.0)
                continue
            shared = {g for g in grams[i] if any(block[j] and j != i and g in grams[j] for j in range(len(lines)))}
            out.append(len(shared) / len(grams[i]))
        at += len(lines)
    return out


#: few characters, so that lines repeat bigrams (within a line and across lines)
FEW_CHARS = st.lists(st.text(st.sampled_from(list("国际新闻记。， ")), max_size=80), max_size=10).map("\n".join)


@given(st.lists(st.one_of(FEW_CHARS, TEXTS), min_size=1, max_size=4), st.booleans())
@example(["国际新闻记者在现场报道了经过。\n国际国际新闻\n国际新闻记者在现场报道，国际新闻记者说。"], True)
@example(["国际新闻记者在现场报道了经过。\n国际国际新闻\n国际新闻记者在现场报道，国际新闻记者说。"], False)
def test_block_overlap_matches_its_definition(docs: list[str], one_key: bool) -> None:
    """Each short line's block overlap is read within its own document, whichever way the
    (line, bigram) pairs are sorted."""
    from corpusprep.cleaners.boilerplate import features

    saved = features._ONE_KEY_LINES
    features._ONE_KEY_LINES = saved if one_key else 0
    try:
        t = line_tables(docs)
    finally:
        features._ONE_KEY_LINES = saved
    in_block = t.dense[:, COL["in_block"]].astype(bool).tolist()
    expected = _overlap_by_definition(docs, in_block)
    assert np.allclose(t.dense[:, COL["block_overlap"]], expected, atol=1e-6)


@given(st.lists(st.one_of(TEXTS, st.text(st.sampled_from(list("新闻0１2Ab \t\n\U00020000")), max_size=100)),
                min_size=1, max_size=3))
@example(["新闻" * 40 + "\n短\n" + "Ab1 " * 20])
def test_gram_keys_hash_what_their_definition_says(docs: list[str]) -> None:
    """Each line's keys, in order: its first GRAM_SPAN characters' unigrams and bigrams of
    visible characters (digits folded to 0, ASCII case folded), then its first and last two
    visible characters."""
    from corpusprep.cleaners.boilerplate import features as f

    m64 = (1 << 64) - 1

    def fold(c: str) -> int:  # digits (ASCII and full-width) to 0, ASCII letters to lower case
        return ord("0") if c in "0123456789" or "０" <= c <= "９" else ord(c.lower()) if c.isascii() else ord(c)

    def h(a: str, b: str | None, salt: int) -> int:
        if b is None:
            return ((fold(a) * int(f._P1) + salt) & m64) & int(f._MASK)
        return ((fold(a) * int(f._P1) & m64) ^ (fold(b) * int(f._P2) & m64) ^ salt) & int(f._MASK)

    t = line_tables(docs)
    got = [t.gram_index[t.gram_line == i].tolist() for i in range(t.n_lines)]
    expected = []
    for text in docs:
        body = text[:-1] if text.endswith("\n") else text
        for line in body.split("\n"):
            vis = [i for i, c in enumerate(line) if c not in SPACES]
            head = [i for i in vis if i < GRAM_SPAN]
            keys = [h(line[i], None, int(f._SALT_UNI)) for i in head]
            keys += [h(line[i], line[i + 1], int(f._SALT_BI)) for i in head if i + 1 in head]
            if vis:
                a, z = vis[0], vis[-1]
                keys += [h(line[a], line[min(a + 1, z)], int(f._SALT_HEAD)),
                         h(line[max(z - 1, a)], line[z], int(f._SALT_TAIL))]
            expected.append(keys)
    assert got == expected
