"""Whole-page text dump shared by the boilerplate page builders (build_pages.py).

dump(html) parses an HTML page with lxml, drops script/style/noscript/template (and <head>, comments),
and emits one line per block element (p, div, li, tr, h1-h6, br, dd/dt, section, ...), collapsing
whitespace inside a line and dropping empty lines. Each emitted line carries a little structure so the
builders can label it: the block element that holds it, how much of it is link text, and whether an
image came right before it.

Training-data tooling only; not part of the shipped cleaner.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html

SKIP = {"script", "style", "noscript", "template", "head", "svg", "math", "select", "textarea",
        "iframe", "object", "embed", "canvas", "video", "audio", "map"}
BLOCK = {"p", "div", "li", "ul", "ol", "tr", "table", "tbody", "thead", "tfoot", "h1", "h2", "h3",
         "h4", "h5", "h6", "dd", "dt", "dl", "section", "article", "header", "footer", "nav", "aside",
         "figcaption", "figure", "blockquote", "pre", "form", "fieldset", "legend", "main", "address",
         "center", "hr", "caption", "td", "th", "body", "html", "details", "summary", "menu", "option"}
# td/th are blocks too: a table row dumps one line per cell group (simple and predictable).
WS = re.compile(r"\s+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


@dataclass
class Line:
    text: str
    node: object  # the block element whose content opened this line
    link_chars: int = 0  # characters of the line that sit inside <a>
    after_img: bool = False  # an <img> occurred since the previous emitted line
    _parts: list = field(default_factory=list, repr=False)

    @property
    def link_ratio(self) -> float:
        n = len(self.text.replace(" ", ""))
        return min(1.0, self.link_chars / n) if n else 0.0


def decode(raw: bytes, default: str = "utf-8") -> str:
    """Bytes -> str using the page's meta charset (gb2312/gbk read as gb18030), else utf-8."""
    try:  # many saved pages are UTF-8 whatever their meta tag says
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(raw[:4096])
    enc = m.group(1).decode("ascii").lower() if m else default
    if enc in ("gb2312", "gbk", "gb_2312-80", "x-gbk"):
        enc = "gb18030"
    try:
        return raw.decode(enc, errors="replace")
    except LookupError:
        return raw.decode(default, errors="replace")


def parse(html: str):
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    return lxml.html.document_fromstring(html)


def ancestors(node):
    while node is not None:
        yield node
        node = node.getparent()


def inside(node, container) -> bool:
    return any(a is container for a in ancestors(node))


def attrs_chain(node, depth: int = 8) -> str:
    """Lower-cased 'tag#id.class' of the node and its ancestors (for class/id keyword tests)."""
    out = []
    for i, a in enumerate(ancestors(node)):
        if i >= depth or not isinstance(a.tag, str):
            break
        out.append(f"{a.tag}#{a.get('id', '')}.{a.get('class', '')}")
    return " ".join(out).lower()


def dump(root) -> list[Line]:
    """Return the non-empty lines of the page's <body> (or whole doc if no body)."""
    body = root.find(".//body")
    start = body if body is not None else root
    lines: list[Line] = []
    cur = {"parts": [], "link": 0, "node": start, "img": False}

    def flush(next_node):
        text = WS.sub(" ", "".join(cur["parts"])).strip()
        if text:
            ln = Line(text=text, node=cur["node"], after_img=cur["img"])
            ln.link_chars = min(cur["link"], len(text.replace(" ", "")))
            lines.append(ln)
            cur["img"] = False
        cur["parts"] = []
        cur["link"] = 0
        cur["node"] = next_node

    def add(text, in_link, block):
        if not text:
            return
        if not "".join(cur["parts"]).strip():
            cur["node"] = block
        cur["parts"].append(text)
        if in_link:
            cur["link"] += len(WS.sub("", text))

    def walk(el, in_link, block):
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None:  # comment / processing instruction: skip, but keep its tail
            add(el.tail, in_link, block)
            return
        tag = tag.lower()
        if tag in SKIP:
            add(el.tail, in_link, block)
            return
        is_block = tag in BLOCK
        if tag == "br":
            flush(block)
            add(el.tail, in_link, block)
            return
        if tag == "img":
            cur["img"] = True
            add(el.tail, in_link, block)
            return
        if is_block:
            flush(el)
            block_here = el
        else:
            block_here = block
        link_here = in_link or tag == "a"
        add(el.text, link_here, block_here)
        for ch in el:
            walk(ch, link_here, block_here)
        if is_block:
            flush(block)
        add(el.tail, in_link, block)

    import sys
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 20000))
    try:
        walk(start, False, start)
        flush(start)
    finally:
        sys.setrecursionlimit(old)
    return lines


def page_text(raw: bytes) -> str:
    """The dump of the HTML page ``raw`` as text, one line per block (what the page builders label)."""
    return "\n".join(ln.text for ln in dump(parse(decode(raw))))


def norm(s: str) -> str:
    """Normalised text for containment matching: no whitespace, lower-case, no zero-width chars."""
    return re.sub(r"[\s\u200b\u200c\u200d\ufeff]+", "", s).lower()
