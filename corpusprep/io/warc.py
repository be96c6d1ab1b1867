"""WARC archives (``.warc``, ``.warc.gz``): HTTP responses with an HTML body become pages.

Records are read one at a time with `warcio <https://github.com/webrecorder/warcio>`_
(constant memory). Every record comes out as a :class:`WarcPage` or a
:class:`~corpusprep.io.readers.Reject`: ``warc_skipped`` for a record that is not an HTML
response (``warcinfo``, ``request``, ``metadata``, ``revisit``, an image, a redirect ...,
with the reason), ``truncated`` for a record cut short (and for the rest of a file that
stops being readable), ``too_large`` above ``max_doc_bytes``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

__all__ = ["WarcPage", "iter_warc"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.I)


class WarcPage(NamedTuple):
    """The HTML payload of one response record and what the archive says about it."""

    offset: int
    record_id: str
    url: str
    date: str
    charset: str | None  # from the HTTP Content-Type header
    body: bytes


class WarcSkip(NamedTuple):
    """A record that is not a page: its offset, a stable kind and the reason."""

    offset: int
    kind: str
    reason: str


def _is_html(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower() in _HTML_TYPES


def iter_warc(path: Path, max_bytes: int) -> Iterator[WarcPage | WarcSkip]:
    """Each record of the WARC file at ``path``, in order, as a page or a skip.

    A file that stops being readable (cut inside a gzip member, garbage between records)
    ends with one ``truncated`` skip at the offset where reading stopped.
    """
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as f:
        it = ArchiveIterator(f, no_record_parse=False, arc2warc=True)
        offset = 0
        try:
            for rec in it:
                offset = it.get_record_offset()
                yield _record(rec, offset, max_bytes)
        except Exception as exc:  # ArchiveLoadFailed, zlib/EOF errors of a cut member, among others
            yield WarcSkip(offset, "truncated", f"stopped reading the archive after offset {offset}: "
                                                f"{type(exc).__name__}: {exc}".rstrip())


def _record(rec, offset: int, max_bytes: int) -> WarcPage | WarcSkip:  # type: ignore[no-untyped-def]
    h = rec.rec_headers
    rtype = rec.rec_type
    if rtype != "response":
        return WarcSkip(offset, "warc_skipped", f"{rtype} record, not a response")
    if rec.http_headers is None:
        return WarcSkip(offset, "warc_skipped", "response record without HTTP headers")
    status = rec.http_headers.get_statuscode() or ""
    ctype = rec.http_headers.get_header("Content-Type") or ""
    if not status.startswith("2"):
        return WarcSkip(offset, "warc_skipped", f"HTTP status {status or '(none)'}, not a page")
    if not _is_html(ctype):
        return WarcSkip(offset, "warc_skipped", f"content type {ctype or '(none)'!r}, not HTML")
    try:
        body = rec.content_stream().read(max_bytes + 1)
    except Exception as exc:  # a damaged chunked or compressed body
        return WarcSkip(offset, "truncated", f"record body not readable: {type(exc).__name__}: {exc}")
    if len(body) > max_bytes:
        return WarcSkip(offset, "too_large", f"page larger than max_doc_bytes={max_bytes}")
    left = getattr(rec.raw_stream, "limit", 0)
    if left:
        return WarcSkip(offset, "truncated",
                        f"record ends {left} bytes short of its Content-Length {h.get_header('Content-Length')}")
    m = _CHARSET.search(ctype)
    return WarcPage(offset, h.get_header("WARC-Record-ID") or "", h.get_header("WARC-Target-URI") or "",
                    h.get_header("WARC-Date") or "", m.group(1) if m else None, body)
