"""WARC archives (``.warc``, ``.warc.gz``): HTTP responses with an HTML body become pages.

Records are read one at a time with `warcio <https://github.com/webrecorder/warcio>`_
(constant memory). Every record comes out as a :class:`WarcPage` or a
:class:`~corpusprep.io.readers.Reject`: ``warc_skipped`` for a record that is not an HTML
response (``warcinfo``, ``request``, ``metadata``, ``revisit``, an image, a redirect ...,
with the reason), ``truncated`` for a record cut short (and for the rest of a file that
stops being readable), ``too_large`` above ``max_doc_bytes``.
"""

from __future__ import annotations

import gzip
import os
import re
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import BinaryIO, NamedTuple

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
    ends with one ``truncated`` skip at the offset where reading stopped. A ``.warc.gz``
    compressed as one gzip stream (not one member per record) is read through ``gzip``;
    its offsets are then offsets in the uncompressed archive.
    """
    with open(path, "rb") as f:
        head = f.read(8)
        f.seek(0)
        if not head.startswith((b"WARC/", b"\x1f\x8b")):  # (warcio would read other text as ARC records)
            yield WarcSkip(0, "truncated", f"not a WARC file: it starts with {head!r}, not 'WARC/' or gzip")
            return
        done = 0
        try:
            for item in _records(f, max_bytes, os.fstat(f.fileno()).st_size):
                done += 1
                yield item
            return
        except _OneGzipStream:
            pass
    with gzip.open(path, "rb") as g:
        yield from islice(_records(g, max_bytes, None), done, None)


class _OneGzipStream(Exception):
    """warcio met a .warc.gz that is one gzip stream, not one member per record."""


def _records(f: BinaryIO, max_bytes: int, size: int | None) -> Iterator[WarcPage | WarcSkip]:
    from warcio.archiveiterator import ArchiveIterator

    it = ArchiveIterator(f)
    _tolerate_missing_uri(it.loader)
    offset = end = 0
    try:
        for rec in it:
            out = _record(rec, max_bytes)
            offset = it.get_record_offset()  # (warcio reads the record to its end for this)
            end = max(end, offset + it.get_record_length())
            short = getattr(rec.raw_stream, "limit", 0)  # what its Content-Length promised and the file lacks
            if short and not (isinstance(out, WarcSkip) and out.kind == "truncated"):
                out = WarcSkip(0, "truncated", f"record ends {short} bytes short of its Content-Length "
                                               f"{rec.rec_headers.get_header('Content-Length')}")
            yield out._replace(offset=offset)
    except Exception as exc:  # ArchiveLoadFailed, zlib/EOF errors of a cut member, among others
        if "non-chunked gzip" in str(exc):
            raise _OneGzipStream from None
        yield WarcSkip(end, "truncated", f"stopped reading the archive after offset {end}: "
                                         f"{type(exc).__name__}: {' '.join(str(exc).split())}".rstrip(": "))
        return
    if size is not None and end < size and not _only_line_ends(f, end, size):
        # warcio ends quietly on a gzip member cut short: say so (an uncompressed record's
        # closing CRLF CRLF lies outside its length: those bytes are no loss)
        yield WarcSkip(end, "truncated", f"the {size - end} bytes after offset {end} are no complete "
                                         "record (the file is cut short?)")


def _tolerate_missing_uri(loader) -> None:  # type: ignore[no-untyped-def]
    """Make warcio's record loader pass over a record without ``WARC-Target-URI`` (its
    HTTP headers are not read; :func:`_record` skips it with that reason) instead of
    raising inside the iterator, which would end the archive at that record."""
    load = loader.load_http_headers

    def load_http_headers(rec_type, uri, stream, length):  # type: ignore[no-untyped-def]
        return None if uri is None else load(rec_type, uri, stream, length)

    loader.load_http_headers = load_http_headers


def _only_line_ends(f: BinaryIO, start: int, size: int) -> bool:
    """Whether the bytes of ``f`` from ``start`` to ``size`` are only CR and LF (at most 8)."""
    if size - start > 8:
        return False
    f.seek(start)
    return not f.read(size - start).strip(b"\r\n")


_CHUNK = 1 << 16


def _read_body(stream, limit: int) -> bytes:  # type: ignore[no-untyped-def]
    """Up to ``limit`` bytes of ``stream``, read in chunks (warcio's readers return nothing
    when asked for more than they buffer at once)."""
    parts: list[bytes] = []
    got = 0
    while got < limit:
        chunk = stream.read(min(_CHUNK, limit - got))
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def _record(rec, max_bytes: int) -> WarcPage | WarcSkip:  # type: ignore[no-untyped-def]
    h = rec.rec_headers
    rtype = rec.rec_type
    if not h.get_header("Content-Length"):  # every WARC record has one: cut inside its WARC headers
        return WarcSkip(0, "truncated", "record cut inside its WARC headers (no Content-Length)")
    if rtype != "response":
        return WarcSkip(0, "warc_skipped", f"{rtype} record, not a response")
    if not h.get_header("WARC-Target-URI"):
        return WarcSkip(0, "warc_skipped", "response record without WARC-Target-URI")
    if rec.http_headers is None:
        return WarcSkip(0, "warc_skipped", "response record without HTTP headers")
    status = rec.http_headers.get_statuscode() or ""
    ctype = rec.http_headers.get_header("Content-Type") or ""
    if not status.startswith("2"):
        return WarcSkip(0, "warc_skipped", f"HTTP status {status or '(none)'}, not a page")
    if not _is_html(ctype):
        return WarcSkip(0, "warc_skipped", f"content type {ctype or '(none)'!r}, not HTML")
    try:
        body = _read_body(rec.content_stream(), max_bytes + 1)
    except Exception as exc:  # a damaged chunked or compressed body
        return WarcSkip(0, "truncated", f"record body not readable: {type(exc).__name__}: {exc}")
    if len(body) > max_bytes:
        return WarcSkip(0, "too_large", f"page larger than max_doc_bytes={max_bytes}")
    m = _CHARSET.search(ctype)  # (a body cut short of its Content-Length: _records says truncated)
    return WarcPage(0, h.get_header("WARC-Record-ID") or "", h.get_header("WARC-Target-URI") or "",
                    h.get_header("WARC-Date") or "", m.group(1) if m else None, body)
