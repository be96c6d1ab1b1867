"""RemoveDomBoilerplate: each rule with positive and negative examples, and the laws every
cleaner obeys, on pages Hypothesis builds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusprep import Pipeline
from corpusprep.cleaners.dom import RemoveDomBoilerplate
from corpusprep.document import Source
from corpusprep.errors import ConfigError
from corpusprep.io.pages import page_source
from corpusprep.steps import Context
from corpusprep.testing.checks import (
    check_document,
    check_edits_replay,
    check_edits_revert,
    check_no_carriage_return,
    check_step,
)

BODY = "国际时尚城建设攻势质询答辩会议举行，杨军主持会议并讲话。"
STEP = RemoveDomBoilerplate()


def src_of(body: str, head: str = "") -> Source:
    return page_source(f"<html><head>{head}</head><body>{body}</body></html>".encode(), uri="t.html", doc_id="t")


def removed(body: str, head: str = "", step: RemoveDomBoilerplate = STEP) -> list[tuple[str, str, str]]:
    src = src_of(body, head)
    res = step.apply(src.text, Context("t.html", source=src))
    return [(e.old.strip(), e.reason, e.category) for e in res.edits]


@pytest.mark.parametrize(("body", "expect"), [
    ("<nav><a>首页</a><a>国际</a></nav>", ("首页国际", "dom.landmark", "navigation")),
    ("<footer>联系我们 版权所有</footer>", ("联系我们 版权所有", "dom.landmark", "page_furniture")),
    ("<aside><p>热门文章列表标题</p></aside>", ("热门文章列表标题", "dom.landmark", "recommendation")),
    ("<div role='navigation'>频道 地方</div>", ("频道 地方", "dom.landmark", "navigation")),
])
def test_landmark_positive(body, expect):
    """Lines in nav/header/footer/aside (or their ARIA roles) outside the article go."""
    assert removed(body + f"<p>{BODY}</p>") == [expect]


def test_landmark_negative_inside_article():
    """The article's own <header>/<footer> (headline, byline) are the article's, not the page's."""
    body = f"<article><header><h2>小标题行</h2></header><p>{BODY}</p><footer>记者 王某</footer></article>"
    assert removed(body) == []


def test_a_story_set_inside_a_page_header_keeps_its_paragraphs():
    """Some pages put the whole story inside <header>: its sentences stay, while the menu of
    the same header goes."""
    long = BODY + "各方代表围绕重点议题展开讨论，并提出具体建议。"
    body = f"<header><div>首页 国际 财经</div><h1>标题</h1><p>{long}</p><p>{BODY}</p></header>"
    assert removed(body) == [("首页 国际 财经", "dom.landmark", "navigation")]


@pytest.mark.parametrize(("body", "rule_word", "category"), [
    ("<div class='breadcrumb'>首页 > 新闻 > 正文</div>", "breadcrumb", "navigation"),
    ("<div id='shareBox'>分享到微信</div>", "share", "share"),
    ("<div class='comment-list'><p>网友评论：说得好</p></div>", "comment", "other"),
    ("<ul class='related_news'><li>另一条新闻的标题在这里</li></ul>", "related", "recommendation"),
    ("<div class='ad-banner'>某某品牌 限时特惠</div>", "ad", "ad"),
    ("<div class='copyright'>本网站所有内容</div>", "copyright", "page_furniture"),
])
def test_class_word_positive(body, rule_word, category):
    """An element (or ancestor) whose class/id names furniture takes its lines."""
    [(text, rule, cat)] = removed(body + f"<p>{BODY}</p>")
    assert rule == "dom.class_word" and cat == category


@pytest.mark.parametrize("body", [
    f"<div class='header'><p>{BODY}</p></div>",  # "header" is not a furniture word here (often the headline box)
    f"<div class='download'><p>{BODY}</p></div>",  # 'ad' is a whole word, not a substring
    f"<div class='page has-sidebar'><div class='article-content'><p>{BODY}</p></div></div>",  # content word first
    f"<div class='shadow'><p>{BODY}</p></div>",
])
def test_class_word_negative(body):
    """Words inside other words, and furniture words above a content container, take nothing."""
    assert removed(body) == []


def test_class_word_inside_content_wins():
    """A share bar inside the article body goes: the furniture word is nearer than 'article'."""
    body = f"<div class='article'><p>{BODY}</p><div class='share'>分享</div></div>"
    assert removed(body) == [("分享", "dom.class_word", "share")]


def test_link_dense_positive_and_negative():
    """A short line of mostly link text goes; a long sentence with a link, or short plain text, stays."""
    assert removed(f"<p><a>更多新闻</a></p><p>{BODY}</p>") == [("更多新闻", "dom.link_dense", "navigation")]
    assert removed(f"<p>{BODY}<a>详见链接</a></p>") == []
    assert removed(f"<p>短的正文行</p><p>{BODY}</p>") == []
    longer = RemoveDomBoilerplate(link_max_chars=2)
    assert removed(f"<p><a>更多新闻</a></p><p>{BODY}</p>", step=longer) == []


def test_headline_is_kept_wherever_it_stands():
    """An h1 whose text is the page title stays, even inside a page <header>."""
    body = f"<header><h1>市场监管总局发布新规</h1><a>登录</a></header><p>{BODY}</p>"
    got = removed(body, head="<title>市场监管总局发布新规_某某网</title>")
    assert [t for t, _, _ in got] == ["登录"]


def test_no_page_no_change():
    """Without a page (plain text), or on text other than the page text, the step does nothing."""
    src = src_of(f"<nav>首页</nav><p>{BODY}</p>")
    assert STEP.apply(src.text, Context("t")).edits == []
    assert STEP.apply(src.text + "x", Context("t", source=src)).edits == []


def test_bad_options():
    """Options are checked at construction."""
    with pytest.raises(ConfigError):
        RemoveDomBoilerplate(link_share=0)
    with pytest.raises(ConfigError):
        RemoveDomBoilerplate(link_max_chars=-1)


def test_pipeline_removals_map_back_to_the_page_text():
    """Through the whole pipeline, removals and units map back to the page text."""
    body = (f"<div class='nav'><a>首頁</a> <a>國際</a></div><div class='content'><h1>標題一則</h1>"
            f"<p>{BODY}</p><p>{BODY[::-1]}</p><div class='share'>分享到</div></div><footer>版權所有</footer>")
    src = src_of(body)
    doc = Pipeline.default().clean_source(src)
    assert [r.rule for r in doc.removed][:1] == ["dom.class_word"]
    for r in doc.removed:
        assert src.text[r.src_start:r.src_end] == r.text
    for p in doc.paragraphs:
        assert len(src.text[p.src_start:p.src_end]) >= len(p.text) - 2
    check_document(doc, src.text)


# -- laws, on pages Hypothesis builds -------------------------------------------------------

_WORDS = ["nav", "menu", "share", "comment", "related", "ad", "footer", "article", "content", "main", "box",
          "list", "item", "x1"]
_TAGS = ["div", "section", "nav", "header", "footer", "aside", "article", "main", "ul", "p"]
_TEXT = st.text(alphabet=st.sampled_from("国际新闻市场会议举行主持讲话，。！ 1a"), min_size=0, max_size=30)


@st.composite
def _element(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(_TAGS))
    cls = " ".join(draw(st.lists(st.sampled_from(_WORDS), max_size=2)))
    attr = f" class='{cls}'" if cls else ""
    kids = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.integers(0, 3 if depth < 3 else 1))
        if kind == 0:
            kids.append(draw(_TEXT))
        elif kind == 1:
            kids.append(f"<a href='#'>{draw(_TEXT)}</a>" if draw(st.booleans()) else f"<p>{draw(_TEXT)}</p><br>")
        else:
            kids.append(draw(_element(depth + 1)))
    return f"<{tag}{attr}>{''.join(kids)}</{tag}>"


PAGES = st.lists(_element(), min_size=1, max_size=5).map("".join)


def _page_or_none(body: str) -> Source | None:
    try:
        return src_of(body, head="<title>国际新闻</title>")
    except Exception:  # PageReject: a page without text
        return None


@settings(max_examples=150, deadline=None)
@given(PAGES)
def test_step_laws_on_pages(body):
    """Edits replay and revert, no \\r appears, a second run (on the output) changes nothing,
    the result is deterministic, and every removed line is a whole line of the page text."""
    src = _page_or_none(body)
    if src is None:
        return
    ctx = Context("t.html", source=src)
    res = STEP.apply(src.text, ctx)
    check_edits_replay(src.text, res)
    check_edits_revert(src.text, res)
    check_no_carriage_return(src.text, res)
    assert STEP.apply(res.text, Context("t.html", source=src)).edits == []  # idempotent
    assert STEP.apply(src.text, Context("t.html", source=src)) == res  # deterministic
    starts = {ln.start for ln in src.dom}
    for e in res.edits:
        assert e.start in starts and (e.end == len(src.text) or src.text[e.end - 1] == "\n")


@settings(max_examples=40, deadline=None)
@given(PAGES)
def test_pipeline_laws_on_pages(body):
    """The default pipeline on a page: spans map back, every removal is recorded, nothing lost."""
    src = _page_or_none(body)
    if src is None:
        return
    doc = Pipeline.default().clean_source(src)
    check_document(doc, src.text)


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_step_laws_without_a_page(text):
    """On arbitrary text without a page, the step obeys every step law (and does nothing)."""
    assert check_step(STEP, text).edits == []


def test_line_model_spares_the_line_that_is_the_title():
    """The line model never removes the document's headline: the line equal to its title
    (a page's <title> without the site suffix, or a record's title field); a rule still can."""
    from corpusprep.cleaners.boilerplate import RemoveBoilerplate

    text = f"市场监管总局发布新规\n{BODY}\n{BODY[::-1]}\n某某新闻网\n{BODY[3:]}\n"
    eager = RemoveBoilerplate(threshold=0.001)  # the model removes nearly every line
    titled = Source("t", text, "0" * 64, fields={"title": "市場監管總局發布新規_某某新聞網"})
    kept = eager.apply(text, Context("t", source=titled)).text
    bare = eager.apply(text, Context("t")).text
    assert kept.startswith("市场监管总局发布新规\n") and "某某新闻网" not in kept
    assert "市场监管总局发布新规" not in bare


def test_a_content_class_of_its_own_shields_a_furniture_word_on_the_same_element():
    """``class="content comment_info"`` holds the article (a content class of its own), while
    ``news_comment`` and ``related_news`` are a comment box and a related list."""
    assert removed(f"<div class='content comment_info'><p>{BODY}</p></div>") == []
    assert removed(f"<div class='news_comment'><p>网友说得好</p></div><p>{BODY}</p>") == [
        ("网友说得好", "dom.class_word", "other")]
    assert removed(f"<ul class='related_news'><li>另一条新闻的标题在这里</li></ul><p>{BODY}</p>") == [
        ("另一条新闻的标题在这里", "dom.class_word", "recommendation")]
