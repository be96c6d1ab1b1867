"""Whitespace: line endings, invisible characters, spaces; every removal recorded."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from corpusprep.cleaners.whitespace import NormalizeWhitespace, ParagraphLayout
from corpusprep.document import apply_edits, revert_edits
from corpusprep.steps import Context

WS = " \t\r\n\u3000\u00a0\u200b\u200d\ufeff\x00\x07\x0b\x0c\x85\u2028\u2029\u202e\u3164\ud800"


def run(text: str):
    return NormalizeWhitespace().apply(text, Context("t"))


@pytest.mark.parametrize(
    ("text", "out"),
    [
        ("甲\r\n乙\r丙", "甲\n乙\n丙"),
        ("甲\u2028乙\x0c丙\x85丁", "甲\n乙\n丙\n丁"),
        ("　　正文", "正文"),
        ("主编\u3000赵波", "主编 赵波"),
        ("主编\u3000\u3000 赵波", "主编 赵波"),
        ("第二行\u200b。", "第二行。"),
        ("a \u200b b", "a b"),
        ("甲\x00\x07乙\u202e丙\ufeff", "甲乙丙"),
        ("尾部  \n下一行", "尾部\n下一行"),
        ("👩\u200d💻", "👩\u200d💻"),  # ZWJ inside an emoji sequence is kept
        ("中\u200d文", "中文"),
    ],
)
def test_examples(text, out):
    assert run(text).text == out


def test_removals_are_edits_with_reasons():
    res = run("甲\u200b乙\r\n")
    assert [(e.old, e.reason) for e in res.edits] == [
        ("\u200b", "whitespace.invisible"), ("\r\n", "whitespace.line_ending")]


def test_lone_space_kinds_are_folds_not_edits():
    res = run("甲\u3000乙\u00a0丙")
    assert res.edits == [] and res.folded == 2 and res.text == "甲 乙 丙"


def test_layout():
    assert ParagraphLayout().apply("\n\n甲。\n\n\n乙。\n", Context("t")).text == "甲。\n乙。"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=WS + "中文ab", max_size=30) | st.text(max_size=30))
def test_laws(text):
    """Replay/revert up to folds, idempotent, never leaves or adds \\r, no exception."""
    res = run(text)
    replay = apply_edits(text, res.edits)
    assert len(replay) == len(res.text)
    assert revert_edits(replay, res.edits) == text
    again = run(res.text)
    assert again.edits == [] and again.text == res.text
    assert "\r" not in res.text


def test_lone_spaces_need_no_match_but_change_nothing() -> None:
    """The run pattern passes over a lone space inside a line (no edit would come of it),
    and over nothing else: the edits are those of the pattern without that shortcut."""
    import re

    from corpusprep.cleaners import whitespace as ws

    runs = f"{ws._SPACES}{ws._INVISIBLE}{ws._CONTROL}{ws._SURROGATE}"
    plain = re.compile(rf"(?:\r\n|[{ws._BREAKS}]|(?:[{runs}]|{ws._ZWJ})+)")

    @settings(max_examples=400, deadline=None)
    @given(st.text(alphabet=WS + "\u2003\U0001f469\u200d中ab", max_size=40))
    def same(text: str) -> None:
        saved = ws._RUN_RE
        ws._RUN_RE = plain
        try:
            expected = NormalizeWhitespace().edits(text, Context("t"))
        finally:
            ws._RUN_RE = saved
        assert NormalizeWhitespace().edits(text, Context("t")) == expected

    same()
    assert not list(ws._RUN_RE.finditer("甲 乙\u3000丙\t丁"))  # lone spaces between characters
    assert [m.group() for m in ws._RUN_RE.finditer(" 甲 \n乙  丙 \u200d")] == [" ", " ", "  ", " \u200d"]
