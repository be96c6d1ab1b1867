"""corpusprep.testing.strategies yield what they promise; bad arguments fail eagerly."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

import corpusprep.testing
from corpusprep.cleaners.script import to_simplified
from corpusprep.errors import ConfigError
from corpusprep.testing import InvalidArgument, Mojibake, NewsArticle, PinyinText
from corpusprep.testing import strategies as cs

_HAN = re.compile(r"[\u4e00-\u9fff]")


def test_public_names() -> None:
    """The modules export exactly their documented names."""
    assert sorted(cs.__all__) == sorted([
        "BOILERPLATE_CATEGORIES", "MOJIBAKE_KINDS", "Mojibake", "NewsArticle", "PinyinText",
        "Stretch", "boilerplate_line", "chinese_text", "hostile_text", "markdown_post", "mojibake",
        "news_article", "pinyin_annotated",
    ])
    assert all(hasattr(cs, n) for n in cs.__all__)
    assert all(hasattr(corpusprep.testing, n) for n in corpusprep.testing.__all__)
    assert cs.BOILERPLATE_CATEGORIES == (
        "caption", "ad", "verification", "editor", "page_furniture", "byline",
        "recommendation", "share_prompt", "copyright", "navigation", "markup", "end_marker",
    )


# -- invalid arguments ------------------------------------------------------------------

BAD: list[tuple[Callable[..., Any], dict[str, Any], str]] = [
    (cs.chinese_text, {"script": "latin"}, "script='latin' must be one of"),
    (cs.chinese_text, {"punctuation": "half"}, "punctuation='half' must be one of"),
    (cs.chinese_text, {"newline": "\n\n"}, "newline='\\n\\n' must be one of"),
    (cs.chinese_text, {"min_paragraphs": 3, "max_paragraphs": 2}, "Cannot have min_paragraphs=3 greater than max_paragraphs=2"),
    (cs.chinese_text, {"max_paragraphs": -1}, "max_paragraphs=-1 must be at least 0"),
    (cs.chinese_text, {"max_sentences": 0}, "max_sentences=0 must be at least 1"),
    (cs.chinese_text, {"max_sentences": 2.5}, "max_sentences=2.5 must be an int, got float"),
    (cs.chinese_text, {"min_paragraphs": True}, "min_paragraphs=True must be an int, got bool"),
    (cs.chinese_text, {"numbers": "yes"}, "numbers='yes' must be True or False"),
    (cs.chinese_text, {"indent": 1}, "indent=1 must be True, False or None"),
    (cs.boilerplate_line, {"category": "adverts"}, "category='adverts' must be one of ('caption'"),
    (cs.boilerplate_line, {"script": None}, "script=None must be one of"),
    (cs.news_article, {"categories": "editor"}, "categories='editor' must be a collection of category names"),
    (cs.news_article, {"categories": ["editor", "spam"]}, "unknown categories ['spam']"),
    (cs.news_article, {"categories": [], "min_boilerplate": 1}, "Cannot inject min_boilerplate=1 lines from no categories"),
    (cs.news_article, {"min_boilerplate": 2, "max_boilerplate": 1}, "Cannot have min_boilerplate=2 greater than max_boilerplate=1"),
    (cs.news_article, {"min_paragraphs": 0}, "min_paragraphs=0 must be at least 1"),
    (cs.pinyin_annotated, {"min_annotations": 0}, "min_annotations=0 must be at least 1"),
    (cs.pinyin_annotated, {"min_annotations": 5, "max_annotations": 4}, "Cannot have min_annotations=5 greater than max_annotations=4"),
    (cs.pinyin_annotated, {"toneless": None}, "toneless=None must be True or False"),
    (cs.mojibake, {"kind": "utf16"}, "kind='utf16' must be one of ('utf8_latin1', 'utf8_cp1252', 'gbk_misaligned', 'any')"),
    (cs.mojibake, {"text": "中文"}, "text='中文' must be a strategy of str"),
    (cs.hostile_text, {"max_line_length": 0}, "max_line_length=0 must be at least 1"),
    (cs.markdown_post, {"fence": "json"}, "fence='json' must be one of ('yaml', 'toml', 'any')"),
    (cs.markdown_post, {"articles": "正文"}, "articles='正文' must be a strategy of NewsArticle"),
    (cs.hostile_text, {"surrogates": "no"}, "surrogates='no' must be True or False"),
]


@pytest.mark.parametrize(("strategy", "kwargs", "message"), BAD, ids=[f"{s.__name__}-{'-'.join(k)}" for s, k, _ in BAD])
def test_invalid_arguments_raise_when_the_strategy_is_built(
    strategy: Callable[..., Any], kwargs: dict[str, Any], message: str
) -> None:
    """Bad arguments raise InvalidArgument at call time (no draw needed), showing the values."""
    with pytest.raises(InvalidArgument, match=re.escape(message)) as info:
        strategy(**kwargs)
    assert isinstance(info.value, ConfigError) and isinstance(info.value, TypeError)


def test_arguments_are_keyword_only() -> None:
    """No strategy takes positional arguments."""
    for strategy in (cs.chinese_text, cs.boilerplate_line, cs.news_article, cs.pinyin_annotated,
                     cs.mojibake, cs.hostile_text, cs.markdown_post):
        with pytest.raises(TypeError, match="positional argument"):
            strategy("simplified")


# -- what they generate -----------------------------------------------------------------


@given(text=cs.chinese_text(punctuation="fullwidth", newline="\n"))
def test_chinese_text_fullwidth_simplified(text: str) -> None:
    """Full-width punctuation keeps ASCII ',' only inside numbers; LF only; Simplified."""
    assert text and "\r" not in text and _HAN.search(text)
    assert not re.search(r"[:;!?()]|(?<!\d),|,(?!\d)", text)
    assert to_simplified(text) == text


@given(text=cs.chinese_text(script="traditional", punctuation="ascii", newline="\r\n", min_paragraphs=2))
def test_chinese_text_traditional_ascii_crlf(text: str) -> None:
    """Traditional script; scraper-style ASCII punctuation; every break is CRLF."""
    assert to_simplified(text) != text
    assert not re.search(r"[，：；（）！？]", text)
    assert text.count("\n") >= 1 and text.count("\r\n") == text.count("\n") == text.count("\r")


@given(text=cs.chinese_text(newline="\r", numbers=False, latin=False, indent=False, blank_lines=False, max_paragraphs=3))
def test_chinese_text_cr_without_numbers_or_latin(text: str) -> None:
    """Old-Mac CR breaks; no digits or Latin letters when switched off; no indentation."""
    assert "\n" not in text and not re.search(r"[0-9A-Za-z]", text)
    assert not text.startswith("\u3000") and "\r\r" not in text


@pytest.mark.parametrize("category", cs.BOILERPLATE_CATEGORIES)
@given(data=st.data())
def test_boilerplate_line_each_category(category: str, data: st.DataObject) -> None:
    """Every category yields one non-empty line without template slots left in it."""
    line = data.draw(cs.boilerplate_line(category=category, script="any", punctuation="mixed"))
    assert line.strip() and "\n" not in line and "\r" not in line
    assert not re.search(r"\{\w+\}", line)


@given(article=cs.news_article(script="any", newline="mixed", max_boilerplate=8))
def test_news_article_ground_truth_is_exact(article: NewsArticle) -> None:
    """Injected stretches are exact, ordered, disjoint and within one line; the headline and
    paragraphs are in the text, and everything else is whitespace."""
    text = article.text
    prev = 0
    for s in article.injected:
        assert text[s.start:s.end] == s.text and s.text.strip()
        assert s.start >= prev and "\n" not in s.text and "\r" not in s.text
        assert s.category in cs.BOILERPLATE_CATEGORIES
        prev = s.end
    assert article.headline in text and all(p in text for p in article.paragraphs)
    rest = text
    for s in reversed(article.injected):
        rest = rest[:s.start] + rest[s.end:]
    for chunk in (article.headline, *article.paragraphs):
        rest = rest.replace(chunk, "", 1)
    assert not rest.strip()


@given(post=cs.markdown_post(articles=cs.news_article(script="any", newline="mixed", max_boilerplate=4)))
def test_markdown_post_ground_truth_is_exact(post: NewsArticle) -> None:
    """The front-matter block is the first stretch, at 0, category markup, and names the
    headline as its title; the article's stretches follow, exact."""
    from corpusprep.io.front_matter import find_front_matter

    block = post.injected[0]
    assert block.start == 0 and block.category == "markup" and post.text.startswith(block.text)
    fm = find_front_matter(post.text)
    assert fm is not None and (fm.start, fm.end) == (0, block.end)
    assert fm.fields["title"] == post.headline and fm.fields["from"].startswith("https://")
    for s in post.injected[1:]:
        assert post.text[s.start:s.end] == s.text and s.start >= block.end


@given(article=cs.news_article(categories=["editor", "end_marker"], min_boilerplate=3, max_boilerplate=3))
def test_news_article_only_chosen_categories(article: NewsArticle) -> None:
    """Only the chosen categories are injected, as many as asked."""
    assert len(article.injected) == 3
    assert {s.category for s in article.injected} <= {"editor", "end_marker"}


@given(p=cs.pinyin_annotated(toneless=True, lost_characters=True, min_annotations=3))
def test_pinyin_annotated_ground_truth(p: PinyinText) -> None:
    """Removing the annotations from the text gives 'plain'; each annotation is ASCII
    parentheses around one pinyin syllable, right after a Han character or a '?'."""
    assert len(p.annotations) >= 3
    out, pos = [], 0
    for a in p.annotations:
        assert p.text[a.start:a.end] == a.text and a.category == "pinyin"
        assert re.fullmatch(r"\([a-zü\u00e0-\u01dc]{1,6}\)", a.text)
        assert _HAN.match(p.text[a.start - 1]) or p.text[a.start - 1] == "?"
        out.append(p.text[pos:a.start])
        pos = a.end
    out.append(p.text[pos:])
    assert "".join(out) == p.plain


@given(m=cs.mojibake(kind="utf8_latin1"))
def test_mojibake_utf8_latin1_decodes_back(m: Mojibake) -> None:
    """UTF-8 read as Latin-1: each damaged line encodes back to the original line."""
    assert m.damaged and m.text != m.original
    for s in m.damaged:
        assert m.text[s.start:s.end] == s.text and s.category == "utf8_latin1"
        assert s.text.encode("latin-1").decode("utf-8") in m.original


@given(m=cs.mojibake(kind="utf8_cp1252"))
def test_mojibake_utf8_cp1252(m: Mojibake) -> None:
    """UTF-8 read as Windows-1252 shows its typical 'ä¸' / 'æ' debris."""
    assert all(m.text[s.start:s.end] == s.text for s in m.damaged)
    assert re.search(r"[\u00c0-\u00ff]", m.text)


@given(m=cs.mojibake(kind="gbk_misaligned"))
def test_mojibake_gbk_misaligned(m: Mojibake) -> None:
    """GBK one byte out of step: the damage starts with '?' where a character's lead byte
    was lost, and the text before it on the line is intact."""
    for s in m.damaged:
        assert s.text.startswith("?") and m.text[s.start:s.end] == s.text
        line_start = m.text.rfind("\n", 0, s.start) + 1
        assert m.text[line_start:s.start] in m.original


@given(text=cs.hostile_text(controls=False, surrogates=False, max_line_length=50))
def test_hostile_text_switches(text: str) -> None:
    """With controls and surrogates off, neither appears; lines stay bounded."""
    for c in text:
        assert unicodedata.category(c) != "Cs"
        assert unicodedata.category(c) != "Cc" or c in "\t\n\r"


def test_hostile_text_has_surrogates_and_huge_lines() -> None:
    """By default hostile_text reaches lone surrogates and lines of thousands of characters."""
    opts = settings(database=None, max_examples=500, phases=[Phase.generate])  # found is enough
    find(cs.hostile_text(), lambda s: any("\ud800" <= c <= "\udfff" for c in s), settings=opts)
    find(cs.hostile_text(), lambda s: any(len(line) >= 1000 for line in s.split("\n")), settings=opts)


# -- minimal examples are as documented -------------------------------------------------


@pytest.mark.parametrize(
    ("strategy", "minimal"),
    [
        (cs.boilerplate_line(category="editor"), "责任编辑：王丽平"),
        (cs.boilerplate_line(category="end_marker"), "（完）"),
        (cs.boilerplate_line(), "资料图"),
        (cs.markdown_post().map(lambda p: p.text.split("\n---\n")[0] + "\n---"),
         ("---\nlayout: post\ntitle: \"我市召开经济工作会议\"\ndate: 2000-01-01\nauthor: 德国之声\n"
         "from: https://news.example.cn/2000/0101/0.html\n---")),
    ],
    ids=["editor", "end_marker", "any", "markdown_post"],
)
def test_documented_minimal_examples(strategy: st.SearchStrategy[str], minimal: str) -> None:
    """The cheap strategies shrink to what their docstrings say."""
    assert find(strategy, lambda _: True, settings=settings(database=None, max_examples=300)) == minimal
