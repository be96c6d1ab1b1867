"""Remove page lines whose place in the HTML marks them as boilerplate.

A page read with ``extract="none"`` carries, per line, the DOM facts of the element that
holds it (:class:`~corpusprep.io.html.DomLine`). This step removes whole lines by three
rules, each removal an :class:`~corpusprep.document.Edit` with its rule id, category and
a note naming the element:

- ``dom.landmark``: the line sits in ``<nav>``, or in ``<header>``/``<footer>``/``<aside>``
  (or the ARIA roles of the same meaning) that is not inside ``<article>``/``<main>``; not a
  line of prose in a ``<header>`` (a sentence of 40 characters or more: some pages put the
  story there), nor, on such a page, the paragraphs and headings of a ``<header>``;
- ``dom.class_word``: the element or an ancestor carries a class or id word of page
  furniture (:data:`CLASS_WORDS`: ``nav``, ``menu``, ``breadcrumb``, ``footer``,
  ``copyright``, ``share``, ``comment``, ``related``, ``recommend``, ``sidebar``, ``ad`` ...),
  nearer than any element whose words name the content (:data:`CONTENT_WORDS`:
  ``article``, ``content``, ``main``, ``post``, ``text`` ...);
- ``dom.link_dense``: a short line that is mostly link text (a menu, a list of headlines).

A heading whose text is the page's title is never removed. The step acts only on the
page text exactly as the reader produced it (``ctx.source.text``, with ``ctx.source.dom``):
it runs first, and on any other text (its own output, text without a page) it does nothing.
The rules (:class:`~corpusprep.cleaners.boilerplate.RemoveBoilerplate`) and the line model
then judge what is left.

>>> from corpusprep.io.pages import page_source
>>> from corpusprep.steps import Context
>>> src = page_source(b"<div class='top-nav'>News | Sport</div><div class='article-content'>"
...                   b"<p>Body text of the story.</p><div class='share-bar'>Share</div></div>",
...                   uri="a.html", doc_id="a")
>>> res = RemoveDomBoilerplate().apply(src.text, Context("a.html", source=src))
>>> res.text
'Body text of the story.\\n'
>>> [(e.reason, e.category, e.old) for e in res.edits]
[('dom.class_word', 'navigation', 'News | Sport\\n'), ('dom.class_word', 'share', 'Share')]
"""

from __future__ import annotations

import re
from typing import Any

from ..document import Edit
from ..errors import ConfigError
from ..steps import Context, EditStep

__all__ = ["CLASS_WORDS", "CONTENT_WORDS", "RemoveDomBoilerplate"]

#: landmark element -> category of its lines
LANDMARK_CATEGORY = {"nav": "navigation", "header": "navigation", "footer": "page_furniture",
                     "aside": "recommendation"}
#: class/id words of page furniture -> category (whole words of the attribute, see class_words)
CLASS_WORDS = {
    **dict.fromkeys(("nav", "navbar", "navigation", "menu", "menubar", "breadcrumb", "breadcrumbs", "crumb",
                     "crumbs", "topbar", "sitemap", "channel"), "navigation"),
    **dict.fromkeys(("footer", "copyright", "toolbar", "pagination", "pager", "login", "search"),
                    "page_furniture"),
    **dict.fromkeys(("share", "sharing", "social", "bdshare"), "share"),
    **dict.fromkeys(("comment", "comments", "reply", "replies"), "other"),
    **dict.fromkeys(("related", "relate", "recommend", "recommended", "recommendation", "sidebar",
                     "hot", "hotnews", "rank", "ranking", "popular"), "recommendation"),
    **dict.fromkeys(("ad", "ads", "advert", "adverts", "advertisement", "adsbygoogle", "sponsor"), "ad"),
}
#: class/id words of the content container: an element carrying one shields its lines from
#: furniture words higher up (a page wrapper named ``has-sidebar``)
CONTENT_WORDS = frozenset(("article", "content", "main", "post", "entry", "story", "text", "body", "detail",
                           "news", "cont", "txt"))
_HEADINGS = frozenset(("h1", "h2", "h3"))
#: the elements of a story set inside <header>: its paragraphs and headings
_STORY_TAGS = _HEADINGS | {"p", "blockquote"}
_NORM = re.compile(r"[\s\W_]+")


#: a line of prose: this long at least, with a sentence's end inside it
_PROSE_MIN = 40
_SENTENCE_END = re.compile(r"[。！？]")


def _is_prose(text: str) -> bool:
    """Whether ``text`` reads as a paragraph of an article (some pages put the whole story
    inside ``<header>``: its paragraphs are not a masthead's menu).

    >>> _is_prose("（凤凰城23日讯）美国候任总统特朗普22日矢言，上任后将签署行政命令，结束所谓的“跨性别狂热”。")
    True
    >>> _is_prose("首页 新闻 国际 财经 体育")
    False
    """
    return len(text) >= _PROSE_MIN and _SENTENCE_END.search(text) is not None


def _norm(s: str) -> str:
    return _NORM.sub("", s).lower()


class RemoveDomBoilerplate(EditStep):
    """Remove lines that the page's DOM marks as navigation, furniture, sharing, comments,
    related lists or ads (see the module docstring for the rules).

    ``link_max_chars``/``link_share``: a line of at most this many non-space characters,
    at least this share of them link text, is ``dom.link_dense``. ``landmarks``,
    ``class_words``, ``link_dense``: turn a rule off.
    """

    name = "dom_boilerplate"
    version = "3"

    def __init__(
        self,
        *,
        landmarks: bool = True,
        class_words: bool = True,
        link_dense: bool = True,
        link_max_chars: int = 20,
        link_share: float = 0.8,
    ) -> None:
        if link_max_chars < 0:
            raise ConfigError(f"link_max_chars must be at least 0, got {link_max_chars}")
        if not 0.0 < link_share <= 1.0:
            raise ConfigError(f"link_share must be in (0, 1], got {link_share}")
        self.landmarks = landmarks
        self.class_words = class_words
        self.link_dense = link_dense
        self.link_max_chars = link_max_chars
        self.link_share = link_share

    def config(self) -> dict[str, Any]:
        return {"landmarks": self.landmarks, "class_words": self.class_words, "link_dense": self.link_dense,
                "link_max_chars": self.link_max_chars, "link_share": self.link_share,
                "words": sorted(CLASS_WORDS.items()), "content_words": sorted(CONTENT_WORDS)}

    def verdict(self, line: Any, text: str, story_in_header: bool = False) -> tuple[str, str, str] | None:
        """``(rule, category, note)`` if ``line`` (a DomLine whose text is ``text``) goes, else None.

        ``story_in_header``: a ``<header>`` of the page holds prose (:func:`_is_prose`), so
        its paragraphs and headings are the story's, not a masthead's.
        """
        if self.landmarks and line.landmark and not (
                line.landmark == "header" and (_is_prose(text) or story_in_header and line.tag in _STORY_TAGS)):
            return "dom.landmark", LANDMARK_CATEGORY[line.landmark], f"inside <{line.landmark}>; {line.path}"
        if self.class_words and line.words:
            hit = _class_word(line.words)
            if hit is not None:
                word, depth = hit
                return "dom.class_word", CLASS_WORDS[word], f"class/id word {word!r} at depth {depth}; {line.path}"
        if self.link_dense and line.link_chars:
            n = len(text) - text.count(" ")
            if n <= self.link_max_chars and line.link_chars >= self.link_share * n:
                return "dom.link_dense", "navigation", f"{line.link_chars}/{n} characters are link text; {line.path}"
        return None

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        src = ctx.source
        if src is None or not src.dom or text != src.text:
            return []
        title = _norm(str(src.fields.get("title", "")))
        story = any(ln.landmark == "header" and _is_prose(text[ln.start:ln.end]) for ln in src.dom)
        out: list[Edit] = []
        for ln in src.dom:
            body = text[ln.start:ln.end]
            why = self.verdict(ln, body, story)
            if why is None:
                continue
            if ln.tag in _HEADINGS and title and len(_norm(body)) >= 4 and _norm(body) in title:
                continue  # the headline, wherever the page put it
            end = ln.end + 1 if ln.end < len(text) and text[ln.end] == "\n" else ln.end
            out.append(Edit(ln.start, end, text[ln.start:end], "", *why))
        return out


def _class_word(words: tuple[tuple[int, str], ...]) -> tuple[str, int] | None:
    """The furniture word nearest the line, unless a content word comes first: at a lower
    depth, or as a class of its own on the same element (``class="content comment_info"``
    holds an article; ``related_news`` is a related list: its ``news`` is no class of its own).
    A class that is one word also comes as ``=word`` (:class:`~corpusprep.io.html.DomLine`).

    >>> _class_word(((0, "share"), (1, "article"), (1, "content")))
    ('share', 0)
    >>> _class_word(((0, "para"), (1, "article"), (3, "sidebar"))) is None
    True
    >>> _class_word(((0, "content"), (0, "=content"), (0, "comment"), (0, "info"))) is None
    True
    >>> _class_word(((0, "related"), (0, "news")))
    ('related', 0)
    """
    depth = -1
    content = False
    shielded = {d for d, w in words if w[:1] == "=" and w[1:] in CONTENT_WORDS}
    for d, w in words:
        if d != depth:
            if content or d in shielded:
                return None
            depth = d
        if w in CLASS_WORDS:
            return w, d
        if w in CONTENT_WORDS:
            content = True
    return None
