"""Decoding raw bytes: BOMs, UTF-8, UTF-16 without BOM, GB18030 and Big5.

Chinese scrapes arrive in several encodings. Detection is deterministic: a BOM wins;
then strict UTF-8; then UTF-16 recognised by its NUL-byte pattern; then GB18030 and Big5
are both tried and the one whose Han characters fall in the encoding's *frequent* block
wins (GB2312 level 1 for GB18030, Big5's frequent block A440–C67E for Big5). Text that is
UTF-8 but for a few broken byte sequences keeps its UTF-8 reading, the broken bytes
replaced by U+FFFD (encoding ``utf-8+replace``) so the damage is flagged, not hidden.

>>> decode_bytes("國際新聞".encode("big5"))
('國際新聞', 'big5')
>>> decode_bytes("国际新闻".encode("gb18030"))
('国际新闻', 'gb18030')
>>> decode_bytes(b"\\xef\\xbb\\xbfok")
('ok', 'utf-8-sig')
"""

from __future__ import annotations

import codecs
import re

from ..errors import DecodeError

__all__ = ["decode_bytes", "looks_binary"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Magic numbers of binary formats that turn up named .txt.
_MAGIC = (b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"(\xb5/\xfd",
          b"\x7fELF", b"BZh", b"Rar!", b"7z\xbc\xaf")
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")


def looks_binary(data: bytes) -> str | None:
    """A reason if ``data`` looks like a binary file, else None.

    >>> looks_binary(b"%PDF-1.7 ...")
    'binary file (starts like PDF/PNG/zip/image/executable), not text'
    """
    if data.startswith(_MAGIC):
        return "binary file (starts like PDF/PNG/zip/image/executable), not text"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    half = len(sample) // 2
    for enc, nul in (("utf-16-le", odd_nul), ("utf-16-be", even_nul)):
        if nul > 0.3 * half:
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                return None
    # CJK text in UTF-16 has few NULs: accept when it decodes and is mostly Han.
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if len(_HAN_RE.findall(text)) > 0.6 * len(text):
            return text
    return None


def _frequent_share(text: str, encoding: str) -> float:
    han = _HAN_RE.findall(text[:20000])
    if not han:
        return 0.0
    hits = 0
    for ch in han:
        try:
            b = ch.encode(encoding)
        except UnicodeEncodeError:
            continue
        if encoding == "gb2312" and 0xB0 <= b[0] <= 0xD7 or encoding == "big5" and 0xA4 <= b[0] <= 0xC6:
            hits += 1
    return hits / len(han)


def decode_bytes(data: bytes, location: str = "<bytes>") -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)`` or raise :class:`DecodeError`."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise DecodeError(location, f"has a {enc} byte-order mark but is not valid {enc}: {exc.reason} at byte {exc.start}") from None
    reason = looks_binary(data)
    if reason:
        raise DecodeError(location, reason)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = f"{exc.reason} at byte {exc.start}"
    # Mostly UTF-8 with a few broken sequences (a truncated download, a bad splice):
    # keep the text, replacing the broken bytes with U+FFFD, which the encoding step flags.
    replaced = data.decode("utf-8", "replace")
    broken = replaced.count("\ufffd") - data.count("\xef\xbf\xbd".encode("latin-1"))
    if b"\x00" not in data and broken <= max(4, len(replaced) // 500) and len(replaced) > 8 * broken:
        return replaced, "utf-8+replace"
    if b"\x00" in data[:4096] or len(data) % 2 == 0:
        text = _utf16_without_bom(data)
        if text is not None:
            return text, "utf-16"
    candidates = []
    for enc, table in (("gb18030", "gb2312"), ("big5", "big5")):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_frequent_share(text, table), enc, text))
    if candidates:
        score, enc, text = max(candidates, key=lambda c: c[0])
        if score > 0.5 or len(candidates) == 1 and "\x00" not in text:
            return text, enc
    if b"\x00" in data:
        raise DecodeError(location, "contains NUL bytes and is not UTF-16: binary data, not text")
    raise DecodeError(location, f"not valid UTF-8 ({utf8_error}), nor GB18030, Big5 or UTF-16")
