"""WeChat pages whose text is held in a script: the reader writes it into the page."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusprep.io.pages import page_source
from corpusprep.io.wechat import js_unescape, script_body

PARAS = ["春节期间如何安排复习，是很多考生关心的问题。", "晨练时：利用洗漱的时间，大声朗读单词表。", "饭后休息：阅读一篇英语短文，积累词汇和表达。"]


def _js(text: str) -> str:
    """``text`` as the page's script writes it: line breaks and some characters as \\x escapes."""
    return text.replace("\n", "\\x0a").replace("&", "\\x26").replace("'", "\\x27")


def _page(body: str, script_text: str | None) -> str:
    script = "" if script_text is None else (
        "<script>var cgiDataNew = {title: 'x', content_noencode: JsDecode('" + _js(script_text) + "')};</script>")
    return (f"<html><head><title>标题</title></head><body><h1 id='activity-name'>春节复习指南</h1>{body}"
            f"<div>写留言</div>{script}</body></html>")


def test_a_text_post_gets_its_text_from_the_script() -> None:
    """A text post's body element holds only chrome; its paragraphs, in the script with \\x0a
    breaks, come out as lines of the page, and the fields say where they came from."""
    src = page_source(_page("<div id='js_content'><span>金榜时代官微</span> , ,</div>", "\n\n".join(PARAS)).encode(),
                      uri="t.html", doc_id="t")
    lines = src.text.split("\n")
    assert all(p in lines for p in PARAS)
    assert lines.index(PARAS[0]) > lines.index("春节复习指南")  # where the body element stands
    assert src.fields["body_from_script"] == "content_noencode"


def test_a_picture_post_without_a_body_element_gets_one_after_its_title() -> None:
    """A picture post has no ``#js_content`` at all: the text goes after the title."""
    src = page_source(_page("<div id='img_list'></div>", "\n".join(PARAS)).encode(), uri="t.html", doc_id="t")
    lines = src.text.split("\n")
    assert lines[:4] == ["春节复习指南", *PARAS]


def test_an_article_whose_body_is_on_the_page_is_left_as_it_is() -> None:
    """A saved article that holds its body (the script repeats it as HTML) is read as before."""
    body = "<div id='js_content'>" + "".join(f"<p>{p}</p>" for p in PARAS) + "</div>"
    html = _page(body, "".join(f"<p>{p}</p>" for p in PARAS))
    assert page_source(html.encode(), uri="t.html", doc_id="t").text == \
        page_source(_page(body, None).encode(), uri="t.html", doc_id="t").text
    assert "body_from_script" not in page_source(html.encode(), uri="t.html", doc_id="t").fields


def test_an_article_saved_with_an_empty_body_gets_the_scripts_html() -> None:
    """A saved article whose ``#js_content`` is empty gets the script's HTML, parsed."""
    html = _page("<div id='js_content'></div>", "".join(f"<section><p><span>{p}</span></p></section>" for p in PARAS))
    lines = page_source(html.encode(), uri="t.html", doc_id="t").text.split("\n")
    assert all(p in lines for p in PARAS)


def test_script_body_and_js_unescape() -> None:
    """The string is found only in a WeChat script and decoded as JavaScript decodes it."""
    assert script_body("<p>no script here</p>") is None
    assert script_body("content_noencode: JsDecode('')") is None
    assert script_body("content_noencode: JsDecode('甲\\x0a乙\\'丙')") == "甲\n乙'丙"
    assert js_unescape("\\u4e2d\\x26\\\\") == "中&\\"


def test_the_trafilatura_extractor_reads_the_filled_page() -> None:
    """With ``extract='trafilatura'`` the filled tree is what the extractor reads."""
    pytest.importorskip("trafilatura")
    paras = [p * 3 for p in PARAS]
    html = _page("<div id='js_content'> </div>", "\n\n".join(paras))
    text = page_source(html.encode(), uri="t.html", doc_id="t", extract="trafilatura").text
    assert paras[0] in text


def test_the_cleaned_document_says_its_text_came_from_a_script() -> None:
    """The document's metadata (``meta_json`` in the documents table) records where the text
    came from, and the text is cleaned like any page's."""
    import corpusprep as cp

    src = page_source(_page("<div id='js_content'> </div>", "\n\n".join(PARAS)).encode(), uri="t.html", doc_id="t")
    doc = cp.Pipeline.default().clean_batch([src])[0]
    assert doc.meta["body_from_script"] == "content_noencode"
    assert PARAS[1] in doc.text


def test_a_text_posts_inline_link_is_parsed_not_left_as_a_tag() -> None:
    """A text post's line may hold a link: its markup is parsed, its text kept, no tag left."""
    text = "\n".join([*PARAS, "最后七小时，<a href='https://example.com/x'>点击这里</a>报名课程，名额有限。"])
    lines = page_source(_page("<div id='js_content'> </div>", text).encode(), uri="t.html", doc_id="t").text.split("\n")
    assert "最后七小时，点击这里报名课程，名额有限。" in lines
    assert not any("</a>" in line for line in lines)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("甲乙丙丁，。<>/&;ap \n'\\x0")), max_size=80))
def test_any_script_string_leaves_a_readable_page(s: str) -> None:
    """Whatever the script's string holds (stray brackets, escapes, tags), the page is read:
    its title stays, and nothing raises."""
    script = s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\x0a")
    html = ("<html><body><h1 id='activity-name'>春节复习指南</h1><div id='js_content'> </div>"
            "<script>var d = {content_noencode: JsDecode('" + script + "')};</script></body></html>")
    src = page_source(html.encode(), uri="t.html", doc_id="t")
    assert src.text.startswith("春节复习指南")
