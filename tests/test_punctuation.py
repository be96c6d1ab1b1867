"""Punctuation width beside Chinese; ASCII kept in numbers, Latin, URLs, e-mail."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from corpusprep.cleaners.punctuation import _PROTECTED_RE, NormalizePunctuation, _protected_spans
from corpusprep.errors import ConfigError
from corpusprep.steps import Context


def fold(text: str, **kw) -> str:
    return NormalizePunctuation(**kw).apply(text, Context("t")).text


@pytest.mark.parametrize(
    ("text", "out"),
    [
        ("1月22日,会议举行", "1月22日，会议举行"),
        ("记者:王丽平;编辑!", "记者：王丽平；编辑！"),
        ("会议举行(记者 王丽平)", "会议举行（记者 王丽平）"),
        ("首先运用(PPT)演示", "首先运用（PPT）演示"),
        ("增长4.7%,达到1478.98亿元", "增长4.7%，达到1478.98亿元"),
        ("在哪里?动员大会给出了答案", "在哪里？动员大会给出了答案"),
        ("真的吗?", "真的吗？"),
        ("﹐､︰﹔﹖﹗｡", "，、：；？！。"),
        ("「開門紅」『好』", "“開門紅”‘好’"),
        ("A,B两类", "A,B两类"),
        ("(“()1)", "（“（）1）"),  # an inner pair made full-width frees the outer one (found by test_laws)
        ("(中(记者 王丽平)中)", "（中（记者 王丽平）中）"),  # the same, with Chinese beside the outer pair only
    ],
)
def test_positive(text, out):
    assert fold(text) == out


@pytest.mark.parametrize(
    "text",
    [
        "占1/3,共2.93万套",  # the numbers keep their ASCII
        "1,000 and 10:30",
        "see http://a.cn/x?id=1,2 and mail a.b@c.com",
        "效果显著?现场",  # a lost character stays visible
        "‘??字化’",
        "f(x) = (a, b)",
    ],
)
def test_ascii_kept_where_it_belongs(text):
    out = fold(text)
    for keep in ("1/3", "2.93", "1,000", "10:30", "http://a.cn/x?id=1,2", "a.b@c.com", "显著?现", "??", "f(x) = (a, b)"):
        if keep in text:
            assert keep in out


def test_url_inside_chinese_keeps_its_marks():
    assert fold("详见http://a.cn/x?id=1,效果好") == "详见http://a.cn/x?id=1，效果好"
    assert fold("邮箱:abc@x.com,电话") == "邮箱：abc@x.com，电话"


def test_mainland_quotes_option():
    assert fold("「好」", mainland_quotes=False) == "「好」"


@pytest.mark.parametrize("kw", [{"mainland_quotes": "yes"}, {"variants": None}])
def test_bad_config_raises(kw):
    with pytest.raises(ConfigError):
        NormalizePunctuation(**kw)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="中文吗,:;!?()（）12.%abc/@ \n“”「」﹐", max_size=30) | st.text(max_size=30))
def test_laws(text):
    """Length kept, idempotent, no \\r introduced, no exception."""
    out = fold(text)
    assert len(out) == len(text)
    assert fold(out) == out
    assert out.count("\r") == text.count("\r")


# -- the fast passes against the per-character reference they replaced -----------------------

from corpusprep.cleaners import punctuation as _p  # noqa: E402
from corpusprep.cleaners.chardata import MAINLAND_QUOTES, PUNCT_VARIANTS, is_question_mark  # noqa: E402
from corpusprep.steps import count_changed  # noqa: E402
from corpusprep.testing.strategies import chinese_text  # noqa: E402

_REF_MARK_RE = re.compile(rf"(?<=[{_p._CJK}])[,:;!?]|[,:;!?](?=[{_p._CJK}])")


def _reference_pass(text: str) -> str:
    """One pass as first written: every mark checked in Python, one by one."""
    if _REF_MARK_RE.search(text) is None and "(" not in text:
        return text
    protected = [m.span() for m in _p._PROTECTED_RE.finditer(text)]

    def free(i: int) -> bool:
        return not any(a <= i < b for a, b in protected)

    chars = {}
    for m in _p._PAREN_RE.finditer(text):
        s, e = m.span()
        if not (free(s) and free(e - 1)):
            continue
        before = text[s - 1] if s else " "
        after = text[e] if e < len(text) else " "
        if _p._CJK_RE.search(m.group(1)) or _p._CJK_RE.match(before) or _p._CJK_RE.match(after):
            chars[s], chars[e - 1] = "（", "）"
    for m in _REF_MARK_RE.finditer(text):
        i = m.start()
        if free(i) and (text[i] != "?" or is_question_mark(text, i)):
            chars[i] = _p._FULL[text[i]]
    return "".join(chars.get(i, c) for i, c in enumerate(text))


def _reference_fold(text: str, mainland_quotes: bool, variants: bool) -> str:
    if variants:
        text = text.translate(PUNCT_VARIANTS)
    if mainland_quotes:
        text = text.translate(MAINLAND_QUOTES)
    while True:  # passes until nothing changes (a pair made full-width can free the pair around it)
        new = _reference_pass(text)
        if new == text:
            return new
        text = new


_PIECES = ["中", "文", "吗", "哪里", ",", ":", ";", "!", "?", "(", ")", "（", "）", "，", "：", "？",
           "1", ".", "%", "a", "Z", " ", "\n", "\x00", "“", "「", "』", "﹐", "﹁", "︵", "@",
           "http://a.cn/x?id=1,", "www.b.cn/?q=1;", "me@c.org", "(记者 王丽平)", "(PPT)", "1,000"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)
    | chinese_text(punctuation="ascii", script="any", max_paragraphs=3),
    st.booleans(),
    st.booleans(),
)
def test_same_as_the_per_character_reference(text, mainland_quotes, variants):
    """Text and changed-character count equal those of the reference (and of FoldStep.apply)."""
    step = NormalizePunctuation(mainland_quotes=mainland_quotes, variants=variants)
    res = step.apply(text, Context("t"))
    ref = _reference_fold(text, mainland_quotes, variants)
    assert res.text == ref
    assert res.folded == count_changed(text, ref)
    assert res.edits == []
    assert step.fold(text, Context("t")) == ref


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["中文", "http://a.cn/x?y=1", "www.b.cn", "me@c.org", "@", "://", "www.",
                                 "word", "a.b", "(", ")", " ", "\n", "_", "-", "。", "x@y", "ftp://", "Ab9"]),
                max_size=30).map("".join))
def test_protected_spans_are_the_pattern_s_matches(text):
    """Scanning only the ASCII runs that hold a marker finds every URL and address match."""
    assert _protected_spans(text) == [m.span() for m in _PROTECTED_RE.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from(list("「」『』﹐﹁︵中文,. \n\x00") + ["\U00020000"]), max_size=40),
       st.sampled_from([MAINLAND_QUOTES, PUNCT_VARIANTS, {ord("中"): None, ord("文"): "文字"}, {}]))
def test_a_translation_is_str_translate_of_its_table(text, table):
    """Replacing only the keys found gives str.translate's text, deletions and longer
    replacements included."""
    from corpusprep.cleaners.chardata import Translation

    assert Translation(table)(text) == text.translate(table)


def test_an_html_entity_keeps_its_semicolon_beside_chinese():
    """&nbsp; before Chinese is an entity, not a mark: its ';' stays (the markup rules then
    find it); a real ';' beside Chinese still folds."""
    step = NormalizePunctuation()
    assert step.apply("符号&nbsp;正文;继续&#183;戴", Context("t")).text == "符号&nbsp;正文；继续&#183;戴"
