"""WeChat official-account pages whose text the page holds only in a script.

A saved ``mp.weixin.qq.com`` page of a text post or a picture post (``item_show_type`` 10
and 8), and some saved articles, carry an empty body element (``#js_content``) or none: the
post's text is a JavaScript string, ``content_noencode: JsDecode('…')``, that the browser
writes into the page. Scripts are skipped when a page is read, so such a page came out as
its chrome alone (the account's name, ``写留言``), its text lost without a trace.

:func:`fill_body` puts the decoded string into the tree, as the browser would, when it holds
clearly more text than the body element: plain text (``\\x0a`` line breaks) becomes one
``<p>`` per line, HTML (an article's markup) is parsed as such. The page's ``fields`` say so
(``body_from_script``).

>>> import lxml.html
>>> page = ("<html><body><div id='js_content'> </div><script>var d = {content_noencode: "
...         "JsDecode('第一段正文，内容在脚本里，页面上没有。\\\\x0a\\\\x0a第二段\\\\x26更多的内容。')};</script></body></html>")
>>> root = lxml.html.document_fromstring(page)
>>> fill_body(root, page)
True
>>> [p.text for p in root.get_element_by_id("js_content")]
['第一段正文，内容在脚本里，页面上没有。', '第二段&更多的内容。']
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["fill_body", "js_unescape", "script_body"]

_NOENCODE = re.compile(r"content_noencode\s*:\s*JsDecode\('((?:[^'\\]|\\.)*)'\)", re.S)
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)", re.S)
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^<>]*>")
#: block markup: the string is an article's HTML, not text with line breaks
_MARKUP = re.compile(r"<(?:p|section|div|br|h[1-6]|blockquote|ul|ol|li|table)\b", re.I)
#: the script's text must be this many characters longer than the body element's, and twice as long
MIN_GAIN = 20


def js_unescape(s: str) -> str:
    r"""``s`` with the escapes of a JavaScript string literal resolved.

    >>> js_unescape(r"a\x0ab\u4e2d\'c\\d")
    "a\nb中'c\\d"
    """
    def one(m: re.Match[str]) -> str:
        e = m.group(1)
        if e[0] in "xu" and len(e) > 1:
            return chr(int(e[1:], 16))
        return _SIMPLE.get(e, e)

    return _ESCAPE.sub(one, s)


def script_body(page: str) -> str | None:
    """The decoded ``content_noencode`` string of a WeChat page, or None."""
    if "content_noencode" not in page:
        return None
    m = _NOENCODE.search(page)
    if m is None:
        return None
    text = js_unescape(m.group(1))
    return text if text.strip() else None


def _elements(content: str) -> list[Any]:
    """The body's elements: parsed HTML, or one ``<p>`` per line of text (inline markup parsed)."""
    import lxml.html

    if _MARKUP.search(content):
        return [e for e in lxml.html.fragments_fromstring(content) if not isinstance(e, str)] or \
            [lxml.html.fromstring(f"<div>{content}</div>")]
    # plain text, maybe with inline markup (a link): one paragraph per line, its markup parsed
    return [lxml.html.fragment_fromstring(line, create_parent="p") for line in content.split("\n") if line.strip()]


def _visible(text: str) -> int:
    """Characters of ``text`` that are not whitespace."""
    return len(_SPACE.sub("", text))


def fill_body(root: Any, page: str) -> bool:
    """Write a WeChat page's script-held text into its tree (``root``, parsed from ``page``)
    when it holds clearly more text than the page's body element; True if it did. A string
    that does not parse leaves the page as it is."""
    content = script_body(page)
    if content is None:
        return False
    import lxml.etree
    import lxml.html

    found = root.xpath('//*[@id="js_content"]')
    target = found[0] if found else None
    have = _visible(target.text_content()) if target is not None else 0
    if _visible(_TAG.sub("", content)) < max(2 * have, have + MIN_GAIN):
        return False  # (an article whose body is on the page: no parsing of its copy)
    try:
        elements = _elements(content)
    except (lxml.etree.ParserError, ValueError):
        return False
    if sum(_visible(e.text_content()) for e in elements) < max(2 * have, have + MIN_GAIN):
        return False
    if target is None:
        target = lxml.html.Element("div", id="js_content")
        anchor = root.xpath('//*[@id="js_share_content_page_hd" or @id="activity-name"]')
        if anchor:
            anchor[0].addnext(target)
        else:
            body = root.find(".//body")
            (body if body is not None else root).insert(0, target)
    else:
        for child in list(target):
            target.remove(child)
        target.text = None
    target.extend(elements)
    return True
