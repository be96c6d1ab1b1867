"""HTML pages to text with structure: decoding as the page declares, lines, DOM facts, metadata.

A page becomes its *page text*: one line per block element (``p``, ``div``, ``li``, ``tr``,
``h1``-``h6`` ...), ``<br>`` and table cells, whitespace inside a line collapsed, empty
lines dropped, ``script``/``style``/``noscript``/``template``/``svg``/... and ``<head>``
left out. That text is the :class:`~corpusprep.document.Source` text, so every unit's
offsets refer to it. Each line keeps the DOM facts of the element that holds it
(:class:`DomLine`), which :class:`~corpusprep.cleaners.dom.RemoveDomBoilerplate` reads.

>>> page = read_html(b"<html><body><nav><a href='/'>\\xe9\\xa6\\x96\\xe9\\xa1\\xb5</a></nav>"
...                  b"<p>\\xe6\\xad\\xa3\\xe6\\x96\\x87\\xe3\\x80\\x82</p></body></html>")
>>> page.text, page.encoding
('首页\\n正文。', 'utf-8')
>>> [(ln.landmark, ln.link_chars, page.text[ln.start:ln.end]) for ln in page.lines]
[('nav', 2, '首页'), ('', 0, '正文。')]
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import DecodeError
from .decode import _frequent_share, decode_bytes

__all__ = ["DomLine", "PageText", "decode_html", "page_text", "read_html", "web_encoding"]

#: elements whose content is never page text
SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg", "math", "select", "textarea",
                  "iframe", "object", "embed", "canvas", "video", "audio", "map", "button"})
#: elements that open and close a line
BLOCK = frozenset({"p", "div", "li", "ul", "ol", "tr", "table", "tbody", "thead", "tfoot", "h1", "h2", "h3",
                   "h4", "h5", "h6", "dd", "dt", "dl", "section", "article", "header", "footer", "nav", "aside",
                   "figcaption", "figure", "blockquote", "pre", "form", "fieldset", "legend", "main", "address",
                   "center", "hr", "caption", "td", "th", "body", "html", "details", "summary", "menu", "option"})
#: landmark elements, and the ARIA roles that mean the same
LANDMARKS = frozenset({"nav", "header", "footer", "aside"})
_ROLES = {"navigation": "nav", "banner": "header", "contentinfo": "footer", "complementary": "aside"}
#: elements that hold the main content: landmarks inside them belong to the article
CONTENT_ELEMENTS = frozenset({"article", "main"})
_WS = re.compile(r"\s+")
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")
_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
#: labels that name a Chinese superset codec: GBK/GB2312 pages are read as GB18030, Big5 as Big5-HKSCS
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "big5": "big5hkscs",
              "big5hkscs": "big5hkscs", "cp950": "big5hkscs", "cp936": "gb18030"}
#: WHATWG encoding labels of Chinese charsets that Python's codec registry does not know
_LABELS = {**dict.fromkeys(("chinese", "csgb2312", "csiso58gb231280", "gb_2312", "gb_2312-80", "iso-ir-58",
                            "x-gbk"), "gbk"),
           **dict.fromkeys(("cn-big5", "csbig5", "x-x-big5", "big5-hkscs"), "big5hkscs")}
_CJK_FAMILY = {"gb18030": "big5hkscs", "big5hkscs": "gb18030"}
_TABLE = {"gb18030": "gb2312", "big5hkscs": "big5"}  # whose frequent block measures a reading
_SINGLE_BYTE = re.compile(r"^(latin|iso8859|cp125|ascii|us-ascii|windows-125)", re.I)


def web_encoding(label: str) -> str | None:
    """The codec a declared charset label names, Chinese labels widened to their superset;
    None for a label Python does not know.

    >>> web_encoding("GB2312"), web_encoding("x-gbk"), web_encoding("Big5"), web_encoding("utf8")
    ('gb18030', 'gb18030', 'big5hkscs', 'utf-8')
    >>> web_encoding("no-such-charset") is None
    True
    """
    s = label.strip().strip("\"'").lower()
    s = _LABELS.get(s, s)
    if s.startswith("x-"):
        s = s[2:]
    try:
        name = codecs.lookup(s).name
    except LookupError:
        return None
    return _SUPERSETS.get(name.replace("_", "").replace("-", ""), _SUPERSETS.get(name, name))


def meta_charset(raw: bytes) -> str | None:
    """The charset a page declares in ``<meta charset>`` or ``http-equiv`` (first 4 KB).

    >>> meta_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    'gb2312'
    """
    m = _META_CHARSET.search(raw[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def decode_html(raw: bytes, http_charset: str | None = None, location: str = "<html>") -> tuple[str, str]:
    """Decode a page: ``(text, encoding used)``, or raise :class:`~corpusprep.errors.DecodeError`.

    The order: a byte-order mark; strict UTF-8 when the bytes are UTF-8 and not plain
    ASCII (many pages are UTF-8 whatever they declare, and GB or Big5 text is almost never
    valid UTF-8); the HTTP header's charset; the ``<meta>`` charset; then detection
    (:func:`~corpusprep.io.decode.decode_bytes`). A declared charset is used only if the
    page decodes in it without error, and a declared GB or Big5 charset yields to the other
    when the other reading has far more of the script's frequent characters (GB bytes
    often decode as Big5 too, as nonsense). GBK/GB2312 are read as GB18030 and Big5 as
    Big5-HKSCS.

    >>> decode_html("港聞".encode("big5"), "big5")
    ('港聞', 'big5hkscs')
    >>> decode_html("新闻".encode("utf-8"), "gbk")   # mis-declared: the bytes are UTF-8
    ('新闻', 'utf-8')
    """
    if raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(raw, location)
    if not raw.isascii():
        try:
            return raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    for label in (http_charset, meta_charset(raw)):
        if not label:
            continue
        enc = web_encoding(label)
        if enc is None or enc in ("utf-16", "utf-32") or _SINGLE_BYTE.match(enc) and not raw.isascii():
            continue  # unknown, or a single-byte label on non-ASCII bytes: almost always wrong for Chinese
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc in _CJK_FAMILY:  # GB bytes often decode as Big5 and back: the frequent characters decide
            other = _CJK_FAMILY[enc]
            try:
                alt = raw.decode(other)
            except UnicodeDecodeError:
                return text, enc
            if _frequent_share(alt, _TABLE[other]) > _frequent_share(text, _TABLE[enc]) + 0.2:
                return alt, other
        return text, enc
    text, enc = decode_bytes(raw, location)
    if enc == "big5":  # Big5-HKSCS is a superset: the same text, more characters readable
        try:
            return raw.decode("big5hkscs"), "big5hkscs"
        except UnicodeDecodeError:
            pass
    return text, enc


@dataclass(frozen=True, slots=True)
class DomLine:
    """One line of the page text and the DOM facts of the element that holds it.

    ``start``/``end``: the line's offsets in the page text (without its newline).
    ``path``: the tags from ``<body>`` down to the line's block element (``div>ul>li``).
    ``words``: class and id words of that element and its ancestors, nearest first,
    as ``(depth, word)`` pairs (depth 0 is the block element itself).
    ``link_chars``: non-space characters inside ``<a>``. ``landmark``: the nearest
    ``nav``/``header``/``footer``/``aside`` (or ARIA role) around it that is not inside an
    ``article``/``main`` element, else ``""``. ``in_content``: inside ``article``/``main``.
    """

    start: int
    end: int
    path: str
    words: tuple[tuple[int, str], ...]
    link_chars: int
    landmark: str = ""
    in_content: bool = False

    @property
    def tag(self) -> str:
        """The line's block element."""
        return self.path.rsplit(">", 1)[-1]


@dataclass(frozen=True, slots=True)
class PageText:
    """A page read: its text, the encoding used, its lines with DOM facts, and metadata
    (``title``, ``published``, ``author`` where the page states them)."""

    text: str
    encoding: str
    lines: tuple[DomLine, ...]
    meta: dict[str, str] = field(default_factory=dict)


def class_words(value: str) -> list[str]:
    """Words of a class or id attribute: split on non-letters and camelCase, lower-cased.

    >>> class_words("main-nav shareBox article_body2")
    ['main', 'nav', 'share', 'box', 'article', 'body2']
    """
    return [w for w in _WORD_SPLIT.split(_CAMEL.sub(" ", value).lower()) if w]


class _Facts:
    """Per-element facts, computed once per element of a page."""

    def __init__(self) -> None:
        self._cache: dict[Any, tuple[str, tuple[tuple[int, str], ...], str, bool]] = {}

    def of(self, el: Any) -> tuple[str, tuple[tuple[int, str], ...], str, bool]:
        key = el
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        tags: list[str] = []
        words: list[tuple[int, str]] = []
        landmarks: list[str] = []
        in_content = False
        node = el
        depth = 0
        while node is not None and isinstance(node.tag, str):
            tag = node.tag.lower()
            if tag in ("html", "body"):
                break
            tags.append(tag)
            for attr in ("class", "id"):
                v = node.get(attr)
                if v:
                    for token in v.split():
                        ws = class_words(token)
                        words.extend((depth, w) for w in ws)
                        if len(ws) == 1:  # a class of one word, marked: it names the element itself
                            words.append((depth, "=" + ws[0]))
            role = _ROLES.get((node.get("role") or "").strip().lower())
            lm = tag if tag in LANDMARKS else role
            if lm:
                landmarks.append(lm)
            if tag in CONTENT_ELEMENTS or (node.get("role") or "").strip().lower() == "main":
                in_content = True
                landmarks.append("|")  # landmarks above this one are outside the content
            node = node.getparent()
            depth += 1
        # the nearest landmark with no article/main above it (one inside the article is its own)
        if "|" in landmarks:
            landmarks = landmarks[len(landmarks) - landmarks[::-1].index("|"):]
        landmark = landmarks[0] if landmarks else ""
        out = (">".join(reversed(tags)) or "body", tuple(words), landmark, in_content)
        self._cache[key] = out
        return out


def page_text(root: Any) -> tuple[str, tuple[DomLine, ...]]:
    """The page text of a parsed lxml HTML tree, and its lines with their DOM facts.

    >>> import lxml.html
    >>> root = lxml.html.document_fromstring("<div class='menu'><a>首页</a> <a>国际</a></div><p>第一行<br>第二行</p>")
    >>> text, lines = page_text(root)
    >>> text
    '首页 国际\\n第一行\\n第二行'
    >>> [(ln.path, ln.words, ln.link_chars) for ln in lines]
    [('div', ((0, 'menu'), (0, '=menu')), 4), ('p', (), 0), ('p', (), 0)]
    """
    from lxml import etree

    body = root.find(".//body")
    start = body if body is not None else root
    facts = _Facts()
    out: list[str] = []
    lines: list[DomLine] = []
    pos = 0
    parts: list[str] = []
    link = 0
    node: Any = start

    def flush(next_node: Any) -> None:
        nonlocal parts, link, node, pos
        text = _WS.sub(" ", "".join(parts)).strip()
        if text:
            path, words, landmark, in_content = facts.of(node)
            if out:
                pos += 1  # the newline before this line
            out.append(text)
            lines.append(DomLine(pos, pos + len(text), path, words, min(link, len(text.replace(" ", ""))),
                                 landmark, in_content))
            pos += len(text)
        parts = []
        link = 0
        node = next_node

    def add(text: str | None, in_link: bool, block: Any) -> None:
        nonlocal node, link
        if not text:
            return
        if not any(p.strip() for p in parts):
            node = block
        parts.append(text)
        if in_link:
            link += len(_WS.sub("", text))

    # an explicit stack instead of recursion: pages nest deeper than Python's recursion limit
    blocks: list[Any] = [start]
    links: list[bool] = [False]
    walker = etree.iterwalk(start, events=("start", "end"))
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if event == "start":
            if el is start:
                add(el.text, False, start)
                continue
            if tag is None or tag in SKIP:
                walker.skip_subtree()
                continue
            if tag == "br":
                flush(blocks[-1])
                continue
            block = el if tag in BLOCK else blocks[-1]
            if tag in BLOCK:
                flush(el)
            in_link = links[-1] or tag == "a"
            blocks.append(block)
            links.append(in_link)
            add(el.text, in_link, block)
        else:
            if el is start:
                break
            if not (tag is None or tag in SKIP or tag == "br"):
                blocks.pop()
                links.pop()
                if tag in BLOCK:
                    flush(blocks[-1])
            add(el.tail, links[-1], blocks[-1])
    flush(start)
    return "\n".join(out), tuple(lines)


_META_KEYS = {
    "title": ("og:title", "twitter:title"),
    "published": ("article:published_time", "og:published_time", "og:release_date", "pubdate", "publishdate",
                  "publish_date", "publishtime", "publish-date", "datepublished", "date", "dc.date",
                  "dc.date.issued", "sailthru.date", "parsely-pub-date"),
    "author": ("author", "article:author", "og:article:author", "dc.creator", "sailthru.author",
               "parsely-author", "byl"),
}


def page_meta(root: Any) -> dict[str, str]:
    """Title, publication date and author as the page's metadata states them.

    ``title``: ``og:title``, else ``<title>``; ``published``: ``article:published_time``,
    ``pubdate`` and similar ``<meta>`` names, else ``<time datetime>`` or
    ``itemprop=datePublished``; ``author``: ``<meta name=author>`` and similar.

    >>> import lxml.html
    >>> root = lxml.html.document_fromstring('<html><head><title>标题 - 某报</title>'
    ...     '<meta name="author" content="王某"><meta property="article:published_time" '
    ...     'content="2024-05-01T08:00:00+08:00"></head><body><p>x</p></body></html>')
    >>> page_meta(root)
    {'title': '标题 - 某报', 'published': '2024-05-01T08:00:00+08:00', 'author': '王某'}
    """
    ranked: dict[str, tuple[int, str]] = {}  # what -> (rank of the key that gave it, value)
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        value = _WS.sub(" ", m.get("content") or "").strip()
        if not key or not value:
            continue
        for what, keys in _META_KEYS.items():
            if key in keys and (what not in ranked or keys.index(key) < ranked[what][0]):
                ranked[what] = (keys.index(key), value)
    meta = {what: value for what, (_, value) in ranked.items()}
    if "title" not in meta:
        t = root.find(".//title")
        if t is not None and t.text_content().strip():
            meta["title"] = _WS.sub(" ", t.text_content()).strip()
    if "published" not in meta:
        for el in root.iter("time"):
            if el.get("datetime", "").strip():
                meta["published"] = el.get("datetime").strip()
                break
        else:
            for el in root.xpath("//*[@itemprop='datePublished']"):
                v = (el.get("content") or el.get("datetime") or el.text_content() or "").strip()
                if v:
                    meta["published"] = v
                    break
    return {k: meta[k] for k in ("title", "published", "author") if k in meta}


def parse_html(text: str, location: str = "<html>") -> Any:
    """An lxml tree of decoded HTML; :class:`~corpusprep.errors.DecodeError` if there is none."""
    import lxml.etree
    import lxml.html

    try:
        # huge_tree: libxml2 otherwise drops everything nested deeper than 256 elements
        parser = lxml.html.HTMLParser(huge_tree=True)
        return lxml.html.document_fromstring(_XML_DECL.sub("", text, count=1), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise DecodeError(location, f"not parseable as HTML: {exc}") from None


def read_html(raw: bytes | str, http_charset: str | None = None, location: str = "<html>") -> PageText:
    """Decode (if bytes), parse and lay out one page: its :class:`PageText`.

    Raises :class:`~corpusprep.errors.DecodeError` when the page does not decode or parse.
    """
    if isinstance(raw, bytes):
        text, enc = decode_html(raw, http_charset, location)
    else:
        text, enc = raw, "utf-8"
    root = parse_html(text, location)
    body, lines = page_text(root)
    return PageText(body, enc, lines, page_meta(root))
