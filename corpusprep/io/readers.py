"""Readers: files, directories and globs of text, JSONL and Parquet, gzip/zstd transparently.

Every input document comes out either as a :class:`~corpusprep.document.Source` or as a
:class:`Reject` naming the file (and line or row) and the problem. Nothing is dropped
silently, and one bad line of a JSONL file costs only that line.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("正文。", encoding="utf-8")
>>> [(type(x).__name__, x.text) for x in read_inputs([d])]
[('Source', '正文。')]
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import io
import itertools
import json
import os
import zlib
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from ..document import Source
from ..errors import ConfigError, DecodeError
from .decode import decode_bytes
from .pages import DEFAULT_EXTRACT, PageReject, check_extractor, page_source

__all__ = ["ReaderOptions", "Reject", "expand_inputs", "read_inputs"]

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
WARC_SUFFIXES = (".warc",)
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
PARQUET_SUFFIXES = (".parquet", ".pq")
COMPRESSED = (".gz", ".zst")
KNOWN_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + WARC_SUFFIXES + JSONL_SUFFIXES + PARQUET_SUFFIXES


class Reject(NamedTuple):
    """An input document that could not be read: where, why, and a stable kind."""

    uri: str
    location: str
    kind: str
    reason: str


@dataclass(frozen=True, slots=True)
class ReaderOptions:
    """How inputs are read.

    ``text_field``/``id_field`` name JSONL keys; ``text_column``/``id_column`` Parquet
    columns; ``max_doc_bytes`` rejects larger documents instead of loading them.
    ``html_field``: a JSONL key or Parquet column (string or binary) holding a whole HTML
    page, read as a page instead of ``text_field``/``text_column``. ``extract``: what a page
    (``.html``, a WARC response, an ``html_field``) becomes: ``"none"``, the whole page
    text with its DOM facts, or ``"trafilatura"``, its main content (docs/html.md).
    """

    text_field: str = "text"
    id_field: str | None = "id"
    text_column: str = "text"
    id_column: str | None = None
    max_doc_bytes: int = 64 * 1024 * 1024
    html_field: str | None = None
    extract: str = DEFAULT_EXTRACT

    def __post_init__(self) -> None:
        if self.max_doc_bytes <= 0:
            raise ConfigError(f"max_doc_bytes must be positive, got {self.max_doc_bytes}")
        check_extractor(self.extract)


def _uri(path: Path) -> str:
    return path.as_posix()


def expand_inputs(inputs: Iterable[str | os.PathLike[str]], skip: Collection[str | os.PathLike[str]] = ()
                  ) -> Iterator[Path | Reject]:
    """Files named by ``inputs`` (files, directories walked in sorted order, globs), each once.

    A missing path, an unreadable directory or a file given twice becomes a :class:`Reject`.
    A directory walk or a glob never enters the directories ``skip`` names (a run's own
    output, when it lies inside an input directory), nor hidden ones (``.git``).
    """
    for item in _expand(inputs, skip):
        yield item if isinstance(item, Reject) else item[0]


def input_root(given: str) -> str:
    """The root an input's files are named relative to (their ``doc_id``): see :func:`relative_name`.

    A directory is its own root; a glob's root is its leading part without ``*?[``; a
    file's root is its directory, so that the file is named by its name alone.

    >>> input_root("in/2024/*.txt"), input_root("/data/**/a?.jsonl"), input_root("*.txt")
    ('in/2024', '/data', '.')
    """
    if any(c in given for c in "*?["):
        parts = Path(given).parts
        head = list(itertools.takewhile(lambda part: not any(c in part for c in "*?["), parts))
        return os.fspath(Path(*head)) if head else "."
    p = Path(given)
    return given if p.is_dir() else os.fspath(p.parent)


def relative_name(path: Path, root: str) -> str:
    """``path`` relative to ``root``, in POSIX form: the same however the root is spelled.

    >>> relative_name(Path("in/sub/a.txt"), "in/"), relative_name(Path("/x/in/a.txt"), "/x/in")
    ('sub/a.txt', 'a.txt')
    """
    return Path(os.path.relpath(path, root)).as_posix()


def _expand(inputs: Iterable[str | os.PathLike[str]], skip: Collection[str | os.PathLike[str]] = ()
            ) -> Iterator[tuple[Path, str] | Reject]:
    """Like :func:`expand_inputs`, each file with its name relative to its root.

    Two files with the same relative name under different roots do not share it: the
    later one is named ``<root's directory name>/<relative name>``, and if that is taken
    too it becomes a ``duplicate_id`` reject naming the other file.
    """
    seen: dict[str, str] = {}
    names: dict[str, str] = {}
    skipped = frozenset(os.path.realpath(d) for d in skip)

    def inside_skipped(p: Path) -> bool:
        if not skipped:
            return False
        real = os.path.realpath(p)
        return any(real == d or real.startswith(d + os.sep) for d in skipped)

    def emit(p: Path, root: str) -> Iterator[tuple[Path, str] | Reject]:
        try:
            key = str(p.resolve(strict=True))
        except (OSError, RuntimeError) as exc:
            yield Reject(_uri(p), _uri(p), "unreadable", f"cannot resolve path: {exc}")
            return
        if key in seen:
            yield Reject(_uri(p), _uri(p), "duplicate_input", f"same file as {seen[key]}, read once")
            return
        seen[key] = _uri(p)
        name = relative_name(p, root)
        if name in names:
            prefixed = f"{Path(root).resolve().name or 'root'}/{name}"
            if prefixed in names:
                yield Reject(_uri(p), _uri(p), "duplicate_id",
                             f"its name {name!r} (and {prefixed!r}) is already the id of {names[prefixed]}")
                return
            name = prefixed
        names[name] = _uri(p)
        yield p, name

    for item in inputs:
        s = os.fspath(item)
        p = Path(s)
        root = input_root(s)
        if p.is_dir():
            yield from _walk(p, emit, root, skipped)
        elif p.exists() or p.is_symlink():
            yield from emit(p, root)
        elif any(c in s for c in "*?["):
            matches = sorted(glob.glob(s, recursive=True))
            if not matches:
                yield Reject(s, s, "not_found", "glob matched no file")
            for m in matches:
                mp = Path(m)
                if inside_skipped(mp) or any(part.startswith(".") and part not in (".", "..")
                                             for part in Path(os.path.relpath(m, root)).parts[:-1]):
                    continue
                yield from (_walk(mp, emit, root, skipped) if mp.is_dir() else emit(mp, root))
        else:
            yield Reject(s, s, "not_found", "no such file or directory")


def _walk(top: Path, emit, root: str, skipped: frozenset[str] = frozenset()  # type: ignore[no-untyped-def]
          ) -> Iterator[tuple[Path, str] | Reject]:
    errors: list[OSError] = []
    visited: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(top, onerror=errors.append, followlinks=True):
        st = os.stat(dirpath)
        if (st.st_dev, st.st_ino) in visited:  # a symlink loop
            dirnames[:] = []
            yield Reject(_uri(Path(dirpath)), _uri(Path(dirpath)), "symlink_loop",
                         "directory reached again through a symbolic link; not read twice")
            continue
        visited.add((st.st_dev, st.st_ino))
        # not into hidden directories (.git, .cache) nor the run's own output
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and not (skipped and os.path.realpath(os.path.join(dirpath, d)) in skipped))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            p = Path(dirpath) / name
            if _base_suffix(p) in KNOWN_SUFFIXES:
                yield from emit(p, root)
    for exc in errors:
        loc = _uri(Path(exc.filename)) if exc.filename else _uri(top)
        yield Reject(loc, loc, "unreadable", f"cannot list directory: {exc.strerror}")


def _base_suffix(p: Path) -> str:
    name = p.name.lower()
    for c in COMPRESSED:
        if name.endswith(c):
            name = name[: -len(c)]
    return os.path.splitext(name)[1]


def _open_raw(path: Path) -> io.BufferedIOBase:
    name = path.name.lower()
    f = open(path, "rb")  # noqa: SIM115 - returned to the caller
    if name.endswith(".gz"):
        return gzip.GzipFile(fileobj=f)  # type: ignore[return-value]
    if name.endswith(".zst"):
        return io.BufferedReader(_ZstdRaw(f))  # type: ignore[return-value]
    return f  # type: ignore[return-value]


class _ZstdRaw(io.RawIOBase):
    """A zstd stream that raises EOFError when it ends inside a frame.

    (zstandard's own stream reader returns a silent, short EOF on a truncated file.)
    """

    def __init__(self, f: io.BufferedReader) -> None:
        import zstandard

        self._zstd = zstandard
        self._f = f
        self._d = zstandard.ZstdDecompressor().decompressobj()
        self._buf = b""
        self._in_frame = False

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[no-untyped-def,override]
        while not self._buf:
            chunk = self._f.read(1 << 16)
            if not chunk:
                if self._in_frame:
                    raise EOFError("zstd stream ends inside a frame (truncated file)")
                return 0
            while chunk:
                self._in_frame = True
                try:
                    self._buf += self._d.decompress(chunk)
                except self._zstd.ZstdError as exc:
                    raise EOFError(f"corrupt zstd data: {exc}") from None
                if self._d.eof:
                    self._in_frame = False
                    chunk = self._d.unused_data
                    self._d = self._zstd.ZstdDecompressor().decompressobj()
                else:
                    chunk = b""
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n

    def close(self) -> None:
        self._f.close()
        super().close()


_READ_ERRORS = (OSError, EOFError, zlib.error, ValueError)


def read_inputs(
    inputs: Iterable[str | os.PathLike[str]], options: ReaderOptions | None = None,
    skip: Collection[str | os.PathLike[str]] = (),
) -> Iterator[Source | Reject]:
    """Every document of ``inputs`` as a Source, or a Reject with its reason, in order
    (``skip``: directories not to enter, as :func:`expand_inputs` says)."""
    opts = options or ReaderOptions()
    for item in _expand(inputs, skip):
        if isinstance(item, Reject):
            yield item
            continue
        path, name = item
        kind = _base_suffix(path)
        if kind in JSONL_SUFFIXES:
            yield from _read_jsonl(path, opts, name)
        elif kind in PARQUET_SUFFIXES:
            yield from _read_parquet(path, opts, name)
        elif kind in WARC_SUFFIXES:
            yield from _read_warc(path, opts, name)
        elif kind in HTML_SUFFIXES:
            yield _read_html(path, opts, name)
        else:
            yield _read_text(path, opts, name)


def _read_limited(path: Path, limit: int) -> bytes:
    with _open_raw(path) as f:
        data = f.read(limit + 1)
    return data


def _file_bytes(path: Path, uri: str, opts: ReaderOptions) -> bytes | Reject:
    """The bytes of the file at ``path`` (at most ``max_doc_bytes``), or why not."""
    try:
        data = _read_limited(path, opts.max_doc_bytes)
    except _READ_ERRORS as exc:
        return Reject(uri, uri, "unreadable", _describe(exc))
    if len(data) > opts.max_doc_bytes:
        return Reject(uri, uri, "too_large", f"larger than max_doc_bytes={opts.max_doc_bytes}")
    return data


def _read_text(path: Path, opts: ReaderOptions, name: str) -> Source | Reject:
    uri = _uri(path)
    data = _file_bytes(path, uri, opts)
    if isinstance(data, Reject):
        return data
    try:
        text, enc = decode_bytes(data, uri)
    except DecodeError as exc:
        return Reject(uri, uri, "decode", exc.problem)
    if not text.strip():
        return Reject(uri, uri, "empty", "no text (empty or whitespace only)")
    return Source(uri, text, hashlib.sha256(data).hexdigest(), enc, name)


def _page(raw: bytes | str, uri: str, loc: str, doc_id: str, opts: ReaderOptions,
          http_charset: str | None = None, fields: dict[str, Any] | None = None) -> Source | Reject:
    try:
        return page_source(raw, uri=loc, doc_id=doc_id, extract=opts.extract, http_charset=http_charset,
                           fields=fields)
    except PageReject as exc:
        return Reject(uri, loc, exc.kind, exc.reason)


def _read_html(path: Path, opts: ReaderOptions, name: str) -> Source | Reject:
    uri = _uri(path)
    data = _file_bytes(path, uri, opts)
    return data if isinstance(data, Reject) else _page(data, uri, uri, name, opts)


def _read_warc(path: Path, opts: ReaderOptions, name: str) -> Iterator[Source | Reject]:
    from .warc import WarcSkip, iter_warc

    uri = _uri(path)
    try:
        for rec in iter_warc(path, opts.max_doc_bytes):
            loc = f"{uri}@{rec.offset}"
            if isinstance(rec, WarcSkip):
                yield Reject(uri, loc, rec.kind, rec.reason)
                continue
            fields = {"url": rec.url, "warc_record_id": rec.record_id, "warc_date": rec.date,
                      "warc_offset": rec.offset}
            yield _page(rec.body, uri, loc, f"{name}@{rec.offset}", opts, rec.charset,
                        {k: v for k, v in fields.items() if v != ""})
    except OSError as exc:
        yield Reject(uri, uri, "unreadable", _describe(exc))


def _describe(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot read: {exc.strerror}"
    return f"cannot read: {type(exc).__name__}: {exc}"


def _read_jsonl(path: Path, opts: ReaderOptions, name: str) -> Iterator[Source | Reject]:
    uri = _uri(path)
    try:
        f = _open_raw(path)
    except _READ_ERRORS as exc:
        yield Reject(uri, uri, "unreadable", _describe(exc))
        return
    with f:
        n = 0
        try:
            for raw in f:
                n += 1
                loc = f"{uri}:{n}"
                if not raw.strip():
                    continue
                yield _jsonl_record(raw, uri, loc, n, opts, name)
        except _READ_ERRORS as exc:
            yield Reject(uri, f"{uri}:{n + 1}", "truncated", f"stopped reading after line {n}: {_describe(exc)}")


def _jsonl_record(raw: bytes, uri: str, loc: str, n: int, opts: ReaderOptions, name: str) -> Source | Reject:
    if len(raw) > opts.max_doc_bytes:
        return Reject(uri, loc, "too_large", f"line longer than max_doc_bytes={opts.max_doc_bytes}")
    try:
        line, _ = decode_bytes(raw, loc)
        record = json.loads(line)
    except DecodeError as exc:
        return Reject(uri, loc, "decode", exc.problem)
    except ValueError as exc:
        return Reject(uri, loc, "malformed_json", f"not valid JSON: {exc}")
    if not isinstance(record, dict):
        return Reject(uri, loc, "malformed_json", f"expected a JSON object, got {type(record).__name__}")
    doc_id = record.get(opts.id_field) if opts.id_field else None
    doc_id = str(doc_id) if doc_id is not None else f"{name}#L{n}"
    if opts.html_field is not None:
        html = record.get(opts.html_field)
        if not isinstance(html, str):
            what = "missing" if html is None else f"a {type(html).__name__}, not a string"
            return Reject(uri, loc, "missing_field", f"field {opts.html_field!r} is {what}")
        fields = {k: v for k, v in record.items() if k != opts.html_field and isinstance(v, (str, int, float, bool))}
        return _page(html, uri, loc, doc_id, opts, fields=fields)
    text = record.get(opts.text_field)
    if not isinstance(text, str):
        what = "missing" if text is None else f"a {type(text).__name__}, not a string"
        return Reject(uri, loc, "missing_field", f"field {opts.text_field!r} is {what}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return Reject(uri, loc, "decode", f"field {opts.text_field!r} holds a lone surrogate (invalid \\u escape)")
    if not text.strip():
        return Reject(uri, loc, "empty", f"field {opts.text_field!r} is empty")
    fields = {k: v for k, v in record.items() if k != opts.text_field and isinstance(v, (str, int, float, bool))}
    return Source(loc, text, hashlib.sha256(text.encode("utf-8")).hexdigest(), "utf-8", doc_id, fields)


def _read_parquet(path: Path, opts: ReaderOptions, name: str) -> Iterator[Source | Reject]:
    import pyarrow.parquet as pq

    uri = _uri(path)
    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for corrupt files
        yield Reject(uri, uri, "unreadable", f"not a readable Parquet file: {exc}")
        return
    names = pf.schema_arrow.names
    column = opts.html_field if opts.html_field is not None else opts.text_column
    if column not in names:
        yield Reject(uri, uri, "missing_field", f"no column {column!r} (columns: {names})")
        return
    cols = [column] + ([opts.id_column] if opts.id_column and opts.id_column in names else [])
    html = opts.html_field is not None
    url_at = None
    if html and "url" in names and "url" not in cols:
        url_at = len(cols)
        cols.append("url")
    row = 0
    try:
        # pages are large: smaller batches keep memory within the bound
        for batch in pf.iter_batches(columns=cols, batch_size=32 if html else 1024):
            texts = batch.column(0).to_pylist()
            ids = batch.column(1).to_pylist() if len(cols) > 1 and cols[1] == opts.id_column else [None] * len(texts)
            urls = batch.column(url_at).to_pylist() if url_at is not None else [None] * len(texts)
            for text, did, url in zip(texts, ids, urls):
                loc = f"{uri}#row{row}"
                doc_id = str(did) if did is not None else f"{name}#row{row}"
                if html and isinstance(text, (str, bytes)) and text.strip():
                    yield _page(text, uri, loc, doc_id, opts, fields={"url": url} if isinstance(url, str) else {})
                elif not isinstance(text, str) or not text.strip():
                    yield Reject(uri, loc, "empty" if text is None or isinstance(text, (str, bytes)) else "missing_field",
                                 f"column {column!r} is empty or not text in row {row}")
                else:
                    raw = text.encode("utf-8", "surrogatepass")
                    yield Source(loc, text, hashlib.sha256(raw).hexdigest(), "utf-8", doc_id)
                row += 1
    except Exception as exc:
        yield Reject(uri, f"{uri}#row{row}", "truncated", f"stopped reading at row {row}: {exc}")
