"""One web page to a :class:`~corpusprep.document.Source`: the whole page, or its main content.

``extract="none"`` keeps the whole page text (:func:`~corpusprep.io.html.read_html`) with
each line's DOM facts in ``Source.dom``; the pipeline's DOM step, rules and line model
clean it. ``extract="trafilatura"`` makes trafilatura's main-content extraction the source
text (no DOM facts: the lines are trafilatura's). Either way ``Source.sha256`` is the hash
of the raw page bytes, and ``Source.fields`` records the ``url``, the page's ``title``,
``published`` and ``author`` (from its metadata), the ``extractor`` and its
``extractor_version``.

>>> src = page_source("<title>标题</title><p>正文。</p>".encode("gbk"), uri="a.html", doc_id="a.html")
>>> src.text, src.encoding, src.fields["title"], src.fields["extractor"]
('正文。', 'gb18030', '标题', 'none')
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from ..document import Source
from ..errors import ConfigError, DecodeError, InputError
from .html import decode_html, page_meta, page_text, parse_html
from .wechat import fill_body

__all__ = ["DEFAULT_EXTRACT", "EXTRACTORS", "PAGE_LAYOUT_VERSION", "PageReject", "check_extractor", "page_source"]

#: the values of ``extract``
EXTRACTORS = ("none", "trafilatura")
#: what a page becomes unless told (measured in docs/html.md)
DEFAULT_EXTRACT = "none"
#: the version of the page layout (lines, DOM facts) of ``extract="none"``
PAGE_LAYOUT_VERSION = "1"


class PageReject(InputError):
    """A page that gives no document: where, a stable reject kind and the reason."""

    def __init__(self, location: str, kind: str, reason: str) -> None:
        super().__init__(location, reason)
        self.kind = kind
        self.reason = reason


def check_extractor(extract: str) -> str:
    """``extract`` if it is known and usable here, else a :class:`~corpusprep.errors.ConfigError`.

    >>> check_extractor("none")
    'none'
    >>> check_extractor("readability")
    Traceback (most recent call last):
    corpusprep.errors.ConfigError: extract must be one of ('none', 'trafilatura'), got 'readability'
    """
    if extract not in EXTRACTORS:
        raise ConfigError(f"extract must be one of {EXTRACTORS}, got {extract!r}")
    if extract == "trafilatura":
        _trafilatura()
    return extract


def _trafilatura() -> tuple[Any, str]:
    try:
        import trafilatura
    except ImportError:
        raise ConfigError(
            "extract='trafilatura' needs the trafilatura package, which is not installed: "
            "pip install 'corpusprep[extract]' (or use extract='none')"
        ) from None
    from importlib.metadata import version

    return trafilatura, version("trafilatura")


def extract_main(html: str, url: str | None) -> tuple[str, str]:
    """trafilatura's main text of ``html`` (lines joined by ``\\n``) and its version."""
    trafilatura, ver = _trafilatura()
    text = trafilatura.extract(html, url=url or None, include_comments=False, include_tables=True,
                               output_format="txt", deduplicate=False)
    return (text or "").strip(), ver


def page_source(
    raw: bytes | str,
    *,
    uri: str,
    doc_id: str,
    extract: str = DEFAULT_EXTRACT,
    http_charset: str | None = None,
    fields: Mapping[str, Any] | None = None,
) -> Source:
    """The :class:`~corpusprep.document.Source` of one page (see the module docstring).

    ``raw``: the page's bytes (decoded as it declares, :func:`~corpusprep.io.html.decode_html`)
    or text already decoded (a JSONL field; its UTF-8 bytes are hashed). ``fields``: what the
    container says (``url``, ``warc_record_id`` ...); they win over the page's own metadata.
    Raises :class:`PageReject` for a page that does not decode or parse, or has no text.
    """
    data = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
    try:
        if isinstance(raw, bytes):
            html, enc = decode_html(raw, http_charset, uri)
        else:
            html, enc = raw, "utf-8"
        root = parse_html(html, uri)
    except DecodeError as exc:
        raise PageReject(uri, "decode", exc.problem) from None
    given = dict(fields or {})
    meta = page_meta(root)
    out: dict[str, Any] = {**{k: v for k, v in meta.items() if k not in given}, **given}
    if fill_body(root, html):  # a WeChat post whose text the page holds only in a script
        out["body_from_script"] = "content_noencode"
        if extract == "trafilatura":
            import lxml.html

            html = lxml.html.tostring(root, encoding="unicode")
    if extract == "trafilatura":
        text, ver = extract_main(html, out.get("url"))
        dom = None
        out.update(extractor="trafilatura", extractor_version=ver)
        if not text:
            raise PageReject(uri, "empty", "trafilatura found no main content in the page")
    else:
        text, dom = page_text(root)
        out.update(extractor="none", extractor_version=PAGE_LAYOUT_VERSION)
        if not text.strip():
            raise PageReject(uri, "empty", "the page has no text (empty body, or only scripts and markup)")
    return Source(uri, text, hashlib.sha256(data).hexdigest(), enc, doc_id, out, dom)
