"""Punctuation width beside Chinese; ASCII kept in numbers, Latin, URLs, e-mail."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from corpusprep.cleaners.punctuation import NormalizePunctuation
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
