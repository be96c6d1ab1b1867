"""Cleaning one shard of inputs into Arrow tables (runs inside a worker process).

A shard is a list of :class:`~corpusprep.document.Source` and
:class:`~corpusprep.io.readers.Reject` items in input order. Cleaning it is pure: the
tables depend only on the items, the pipeline and the unit.
"""

from __future__ import annotations

import bisect
import hashlib
import importlib.abc
import json
import sys
import traceback
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from .document import Document, Source, Span
from .errors import ConfigError
from .io.readers import Reject
from .schema import UNITS
from .version import __version__

if TYPE_CHECKING:
    import pyarrow as pa

    from .pipeline import Pipeline

__all__ = ["ShardResult", "arrow_without_pandas", "clean_shard", "shard_digest"]

_TERMINAL = tuple("。！？!?；;…")

#: documents a shard cleans at once (:func:`clean_shard`): a worker's peak memory grows with
#: it (200 cleaned documents of generated news: ~31 MB of Python objects at the peak, 50:
#: ~16 MB), while the line model's batching gains little beyond a few dozen documents
CLEAN_BATCH_DOCS = 50


class ShardResult(NamedTuple):
    """The four tables of one shard and its counters."""

    index: int
    digest: str
    corpus: pa.Table
    documents: pa.Table
    removed: pa.Table
    rejects: pa.Table
    counts: dict[str, Any]


class _NoPandas(importlib.abc.MetaPathFinder):
    """An import hook under which ``import pandas`` fails (briefly installed, see below)."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError("pandas is kept out of corpusprep workers", name=name)
        return None


def arrow_without_pandas() -> bool:
    """Have pyarrow settle that pandas is absent in this process, without importing it.

    pyarrow looks for pandas on its first ``pa.array`` call and imports it if it can (about
    50 MB and half a CPU-second), even to convert plain Python lists, which is all
    :func:`clean_shard` gives it. Called once at the start of a worker process: pyarrow
    asks once, under an import hook that makes ``import pandas`` fail, and keeps the answer;
    later imports of pandas work as usual (``Table.to_pandas`` asks again). Returns whether
    pandas stayed out (``False`` if it was already imported).

    Not called in the user's own process (``workers=1``), where pyarrow would then no
    longer recognise pandas objects given to ``pa.array``.
    """
    import pyarrow as pa

    if "pandas" in sys.modules:
        return False
    hook = _NoPandas()
    sys.meta_path.insert(0, hook)
    try:
        pa.array([], type=pa.null())
    finally:
        sys.meta_path.remove(hook)
    return "pandas" not in sys.modules


def shard_digest(items: Sequence[Source | Reject]) -> str:
    """A hash of what a shard holds, to recognise a completed shard on resume."""
    h = hashlib.sha256()
    for it in items:
        if isinstance(it, Source):
            h.update(f"S\0{it.uri}\0{it.doc_id}\0{it.sha256}\n".encode("utf-8", "surrogatepass"))
        else:
            h.update(f"R\0{it.location}\0{it.kind}\0{it.reason}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _unit_flags(span: Span, marks: list[tuple[int, int, str]]) -> list[str]:
    return sorted({f for s, e, f in marks if s < span.src_end and e > span.src_start or s == e == span.src_start})


#: Source.fields of a web page that become documents.parquet columns (schema.DOCUMENTS)
PAGE_COLUMNS = ("url", "published", "author", "warc_record_id", "extractor", "extractor_version")
#: the ones a step may name in the document's meta instead (a Markdown post's front matter)
META_COLUMNS = ("url", "published", "author")


def _title(doc: Document) -> str | None:
    if doc.source.fields.get("title"):
        return str(doc.source.fields["title"])
    if "title" in doc.meta:
        return str(doc.meta["title"])
    if doc.paragraphs:
        first = doc.paragraphs[0].text
        if len(first) <= 80 and not first.endswith(_TERMINAL):
            return first
    return None


_PROV_NAMES = ("source_uri", "source_sha256", "pipeline_fingerprint", "corpusprep_version")


def _add_units(
    corpus: dict[str, list[Any]], doc: Document, unit: str, units: Sequence[Span],
    marks: list[tuple[int, int, str]], prov: tuple[str, str, str, str],
) -> None:
    """Append one document's units to the corpus columns (column by column: no per-cell loop)."""
    n = len(units)
    corpus["doc_id"] += [doc.doc_id] * n
    corpus["unit"] += [unit] * n
    corpus["index"] += range(n)
    if unit == "document":
        corpus["paragraph_index"] += [0] * n
    else:  # the last paragraph starting at or before the unit
        starts = [p.start for p in doc.paragraphs]
        corpus["paragraph_index"] += [max(0, bisect.bisect_right(starts, s.start) - 1) for s in units]
    corpus["text"] += [s.text for s in units]
    corpus["src_start"] += [s.src_start for s in units]
    corpus["src_end"] += [s.src_end for s in units]
    corpus["flags"] += [_unit_flags(s, marks) for s in units] if marks else [[] for _ in units]
    for f, v in zip(_PROV_NAMES, prov):
        corpus[f] += [v] * n


def _cleaned(pipeline: Pipeline, items: Sequence[Source | Reject],
             batch_docs: int) -> Iterator[tuple[Source | Reject, Document | Exception | None]]:
    """Each item with its cleaned document (``None`` for a reject; the exception for a
    document whose cleaning raised), in order.

    The pipeline cleans ``batch_docs`` items at a time (steps share work across a batch,
    and each document's result is the one it gets alone); a batch's documents are let go
    once the caller has taken them, so a shard's cleaned documents are never all alive at
    once.
    """
    for start in range(0, len(items), batch_docs):
        chunk = items[start : start + batch_docs]
        docs = pipeline.clean_batch([it for it in chunk if isinstance(it, Source)])
        docs.reverse()  # popped in order: the list lets go of each document once taken
        for it in chunk:
            yield it, (None if isinstance(it, Reject) else docs.pop())


def clean_shard(pipeline: Pipeline, index: int, items: Sequence[Source | Reject], unit: str, *,
                batch_docs: int = CLEAN_BATCH_DOCS) -> ShardResult:
    """Clean every item of a shard; a document whose cleaning fails becomes a reject.

    Documents are cleaned ``batch_docs`` at a time (:func:`_cleaned`) and turned into rows
    as they come: the tables depend only on the items, never on ``batch_docs``.
    """
    import pyarrow as pa

    from .schema import CORPUS, DOCUMENTS, REJECTS, REMOVED

    if batch_docs < 1:
        raise ConfigError(f"batch_docs must be at least 1, got {batch_docs}")
    if unit not in UNITS:
        raise ConfigError(f"unit must be one of {UNITS}, got {unit!r}")
    fp, ver = pipeline.fingerprint(), __version__
    corpus: dict[str, list[Any]] = {f.name: [] for f in CORPUS}
    docs: dict[str, list[Any]] = {f.name: [] for f in DOCUMENTS}
    removed: dict[str, list[Any]] = {f.name: [] for f in REMOVED}
    rejects: dict[str, list[Any]] = {f.name: [] for f in REJECTS}
    by_category: Counter[str] = Counter()
    counts: Counter[str] = Counter()

    def reject(uri: str, location: str, kind: str, reason: str) -> None:
        for k, v in zip(("source_uri", "location", "kind", "reason", "shard", "pipeline_fingerprint",
                         "corpusprep_version"), (uri, location, kind, reason, index, fp, ver)):
            rejects[k].append(v)
        counts["rejects"] += 1

    for it, doc in _cleaned(pipeline, items, batch_docs):
        if isinstance(it, Reject):
            reject(it.uri, it.location, it.kind, it.reason)
            continue
        assert doc is not None
        if isinstance(doc, Exception):  # one bad document must not stop the run
            last = traceback.extract_tb(doc.__traceback__)[-1]
            reject(it.uri, it.uri, "clean_error",
                   f"cleaning failed: {type(doc).__name__}: {doc} (at {last.filename}:{last.lineno})")
            continue
        counts["documents"] += 1
        counts["bytes_in"] += len(it.text.encode("utf-8", "surrogatepass"))
        counts["chars_in"] += len(it.text)
        counts["chars_out"] += len(doc.text)
        prov = (it.uri, it.sha256, fp, ver)
        marks = doc.meta.get("flag_spans", [])
        if unit == "document":
            units: tuple[Span, ...] = (
                (Span(doc.text, *doc.source_span(0, len(doc.text)), 0, len(doc.text)),) if doc.text else ()
            )
        else:
            units = doc.paragraphs if unit == "paragraph" else doc.sentences
        _add_units(corpus, doc, unit, units, marks, prov)
        counts["units"] += len(units)
        rem = doc.removed
        n = len(rem)
        removed["doc_id"] += [doc.doc_id] * n
        removed["src_start"] += [r.src_start for r in rem]
        removed["src_end"] += [r.src_end for r in rem]
        removed["text"] += [r.text for r in rem]
        removed["replacement"] += [r.replacement for r in rem]
        removed["rule"] += [r.rule for r in rem]
        removed["category"] += [r.category for r in rem]
        removed["note"] += [r.note for r in rem]
        for f, v in zip(_PROV_NAMES, prov):
            removed[f] += [v] * n
        chars_removed = 0
        for r in rem:
            by_category[r.category] += r.src_end - r.src_start
            chars_removed += r.src_end - r.src_start
        meta = {k: v for k, v in doc.meta.items() if k != "flag_spans"}
        status = "ok" if doc.text else "empty_after_cleaning"
        row = (
            doc.doc_id, index, status, it.encoding, meta.get("script"), _title(doc),
            _opt_str(meta.get("byline")), _opt_str(meta.get("dateline")),
            len(it.text), len(doc.text), len(doc.paragraphs), len(doc.sentences), len(doc.removed),
            chars_removed, [{"name": k, "count": v} for k, v in sorted(doc.flags.items())],
            json.dumps(meta, ensure_ascii=False, sort_keys=True, default=str),
            *(_opt_str(it.fields.get(k) or (meta.get(k) if k in META_COLUMNS else None)) for k in PAGE_COLUMNS),
            it.text if "extractor" in it.fields else None, *prov,
        )
        for f, v in zip(DOCUMENTS.names, row):
            docs[f].append(v)
        counts["removed"] += len(doc.removed)
    result_counts: dict[str, Any] = dict(counts)
    result_counts["removed_chars_by_category"] = dict(sorted(by_category.items()))
    return ShardResult(
        index,
        shard_digest(items),
        pa.Table.from_pydict(corpus, schema=CORPUS),
        pa.Table.from_pydict(docs, schema=DOCUMENTS),
        pa.Table.from_pydict(removed, schema=REMOVED),
        pa.Table.from_pydict(rejects, schema=REJECTS),
        result_counts,
    )


def _opt_str(v: Any) -> str | None:
    return None if v is None else str(v)
