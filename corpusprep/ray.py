"""Run the pipeline inside Ray Data: the same cleaning and the same Parquet schemas, on a cluster.

Install with ``pip install 'corpusprep[ray]'``; Ray is imported on first use, so this module
imports without it. Nothing here manages machines: Ray does.
``ray.init()`` (or ``RAY_ADDRESS``) decides where the work runs; see ``docs/scale.md``.

A batch of documents is cleaned by :func:`corpusprep.shard.clean_shard`, exactly as a
shard of the local process pool is, inside ``Dataset.map_batches(batch_format="pyarrow")``.
The four tables of each batch travel as Arrow IPC so their explicit schemas
(:data:`~corpusprep.schema.CORPUS`, ``DOCUMENTS``, ``REMOVED``, ``REJECTS``) arrive intact.

>>> import ray, corpusprep.ray as cpr                       # doctest: +SKIP
>>> ray.init()                                             # doctest: +SKIP
>>> summary = cpr.process(cpr.read_sources(["seeds/"]), "out/")   # doctest: +SKIP

Layout of ``out_dir`` (the local layout, with each audit table a directory of parts)::

    corpus/*.parquet      one row per unit, schema CORPUS
    documents/*.parquet   schema DOCUMENTS (``shard`` identifies the Ray batch)
    removed/*.parquet     schema REMOVED
    rejects/*.parquet     schema REJECTS
    manifest.json         version, config and fingerprint, counts, timings
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from .allocator import keep_freed_memory
from .document import Source
from .errors import ConfigError, DecodeError
from .io.decode import decode_bytes
from .io.readers import Reject, relative_name
from .io.writer import atomic_write_json, atomic_write_table, file_metadata
from .pipeline import Pipeline
from .schema import CORPUS, DOCUMENTS, REJECTS, REMOVED, SCHEMA_VERSION, UNITS
from .shard import clean_shard
from .version import __version__

if TYPE_CHECKING:  # pragma: no cover
    import ray.data

__all__ = ["SOURCES", "TABLES", "clean", "from_texts", "process", "read_sources", "table"]

#: documents to clean: one row per document, or per input that could not be read
SOURCES = pa.schema(
    [
        pa.field("uri", pa.string(), nullable=False),
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("text", pa.string(), nullable=True),
        pa.field("sha256", pa.string(), nullable=True),
        pa.field("encoding", pa.string(), nullable=True),
        pa.field("reject_kind", pa.string(), nullable=True),
        pa.field("reject_reason", pa.string(), nullable=True),
    ]
)

#: output tables by name
TABLES = {"corpus": CORPUS, "documents": DOCUMENTS, "removed": REMOVED, "rejects": REJECTS}

# what clean() yields: one row per (batch, table), the table as Arrow IPC bytes
_PARTS = pa.schema(
    [
        pa.field("batch", pa.string(), nullable=False),
        pa.field("table", pa.string(), nullable=False),
        pa.field("ipc", pa.large_binary(), nullable=False),
        pa.field("counts", pa.string(), nullable=False),
    ]
)


def _ray():  # type: ignore[no-untyped-def]
    """Ray, imported on first use so that ``import corpusprep.ray`` works without it."""
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise ImportError(
            "corpusprep.ray needs Ray Data: pip install 'corpusprep[ray]' (or 'ray[data]>=2.9')"
        ) from exc
    return ray


# -- reading -------------------------------------------------------------------------------------
def _sources_table(items: list[Source | Reject]) -> pa.Table:
    rows: dict[str, list[Any]] = {f.name: [] for f in SOURCES}
    for it in items:
        if isinstance(it, Source):
            vals = (it.uri, it.doc_id or it.uri, it.text, it.sha256, it.encoding, None, None)
        else:
            vals = (it.location, it.location, None, None, None, it.kind, it.reason)
        for name, v in zip(SOURCES.names, vals):
            rows[name].append(v)
    return pa.Table.from_pydict(rows, schema=SOURCES)


def _decode_files(batch: pa.Table, names: dict[str, str] | None = None) -> pa.Table:
    """Bytes of whole text files → SOURCES rows, as :func:`corpusprep.io.read_inputs` reads them.

    ``names`` maps a local file's absolute path to its ``doc_id`` (its path relative to
    the input root); other files (``s3://`` ...) are named by their path.
    """
    items: list[Source | Reject] = []
    names = names or {}
    for path, data in zip(batch.column("path").to_pylist(), batch.column("bytes").to_pylist()):
        uri = Path(path).as_posix()
        name = names.get(os.path.abspath(path), uri)
        try:
            text, enc = decode_bytes(data, uri)
        except DecodeError as exc:
            items.append(Reject(uri, uri, "decode", exc.problem))
            continue
        if not text.strip():
            items.append(Reject(uri, uri, "empty", "no text (empty or whitespace only)"))
            continue
        items.append(Source(uri, text, hashlib.sha256(data).hexdigest(), enc, name))
    return _sources_table(items)


def read_sources(paths: str | Iterable[str | os.PathLike[str]], **read_args: Any) -> ray.data.Dataset:
    """Text files (any encoding corpusprep detects) as a Dataset of :data:`SOURCES` rows.

    ``paths`` are files or directories, local or on any filesystem Ray reads (``s3://`` ...);
    on a cluster they must be reachable from every node. ``read_args`` go to
    ``ray.data.read_binary_files``. For JSONL or Parquet, read them with Ray and use
    :func:`from_texts`.
    """
    paths = [os.fspath(paths)] if isinstance(paths, (str, os.PathLike)) else [os.fspath(p) for p in paths]
    files: list[str] = []
    ids: dict[str, str] = {}  # local file -> doc_id, relative to its root as the local readers name it
    for p in paths:  # local directories: sorted walk, as the local readers do
        if os.path.isdir(p):
            for d, dirs, names in os.walk(p):
                dirs.sort()
                here = [os.path.join(d, n) for n in sorted(names) if not n.startswith(".")]
                files.extend(here)
                ids.update((os.path.abspath(f), relative_name(Path(f), p)) for f in here)
        else:
            files.append(p)
            if os.path.exists(p):
                ids[os.path.abspath(p)] = Path(p).name
    raw = _ray().data.read_binary_files(files, include_paths=True, **read_args)
    return raw.map_batches(_decode_files, batch_format="pyarrow", batch_size=64, fn_kwargs={"names": ids})


def from_texts(
    ds: ray.data.Dataset, *, text_column: str = "text", id_column: str | None = None, uri: str = "ray"
) -> ray.data.Dataset:
    """A Dataset with a text column (read from JSONL, Parquet, a table ...) as :data:`SOURCES` rows.

    The source hash is the SHA-256 of the text's UTF-8 bytes; ``doc_id`` comes from
    ``id_column`` when given, else from that hash, and ``uri`` is ``"{uri}#{doc_id}"``.
    """

    def convert(batch: pa.Table) -> pa.Table:
        if text_column not in batch.column_names:
            raise ConfigError(f"no column {text_column!r} (columns: {batch.column_names})")
        texts = batch.column(text_column).to_pylist()
        ids = batch.column(id_column).to_pylist() if id_column else [None] * len(texts)
        items: list[Source | Reject] = []
        for text, did in zip(texts, ids):
            if not isinstance(text, str) or not text.strip():
                loc = f"{uri}#{did}"
                items.append(Reject(uri, loc, "empty", f"column {text_column!r} is empty or not text"))
                continue
            digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
            doc_id = str(did) if did is not None else digest[:16]
            items.append(Source(f"{uri}#{doc_id}", text, digest, "utf-8", doc_id))
        return _sources_table(items)

    return ds.map_batches(convert, batch_format="pyarrow")


# -- cleaning ------------------------------------------------------------------------------------
_PIPELINES: dict[str, Pipeline] = {}  # per worker process: unpickling a pipeline costs ~0.2 s


def _pipeline(blob: bytes) -> Pipeline:
    key = hashlib.sha256(blob).hexdigest()
    if key not in _PIPELINES:
        keep_freed_memory()  # a Ray worker cleans batch after batch, as a pool worker does
        _PIPELINES.clear()
        _PIPELINES[key] = pickle.loads(blob)  # noqa: S301 - bytes we pickled ourselves
    return _PIPELINES[key]


def _items(batch: pa.Table) -> list[Source | Reject]:
    cols = {name: batch.column(name).to_pylist() for name in SOURCES.names}
    items: list[Source | Reject] = []
    for i in range(batch.num_rows):
        if cols["reject_kind"][i] is not None:
            loc = cols["uri"][i]
            items.append(Reject(loc, loc, cols["reject_kind"][i], cols["reject_reason"][i] or ""))
        else:
            items.append(Source(cols["uri"][i], cols["text"][i], cols["sha256"][i],
                                cols["encoding"][i] or "utf-8", cols["doc_id"][i]))
    return items


def _ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as w:
        w.write_table(table)
    return sink.getvalue().to_pybytes()


def _clean_batch(batch: pa.Table, *, pipeline: bytes, unit: str) -> pa.Table:
    from .shard import shard_digest

    items = _items(batch)
    digest = shard_digest(items)
    res = clean_shard(_pipeline(pipeline), int(digest[:7], 16), items, unit)
    counts = json.dumps(res.counts, sort_keys=True)
    rows = [(digest, name, _ipc(getattr(res, name)), counts if name == "documents" else "")
            for name in TABLES]
    return pa.Table.from_pylist([dict(zip(_PARTS.names, r)) for r in rows], schema=_PARTS)


def clean(
    sources: ray.data.Dataset,
    pipeline: Pipeline | None = None,
    unit: str = "paragraph",
    *,
    batch_size: int = 200,
    **map_args: Any,
) -> ray.data.Dataset:
    """Clean a Dataset of :data:`SOURCES` rows; one result row per (batch, output table).

    Pass the result to :func:`table` for one table as a Dataset with its exact schema, or
    use :func:`process` to write everything. ``map_args`` go to ``map_batches``
    (``concurrency``, ``num_cpus`` ...).
    """
    if unit not in UNITS:
        raise ConfigError(f"unit must be one of {UNITS}, got {unit!r}")
    if batch_size < 1:
        raise ConfigError(f"batch_size must be at least 1, got {batch_size}")
    blob = pickle.dumps(pipeline or Pipeline.default())
    return sources.map_batches(_clean_batch, batch_format="pyarrow", batch_size=batch_size,
                               fn_kwargs={"pipeline": blob, "unit": unit}, **map_args)


def _unpack(batch: pa.Table, *, name: str, metadata: dict[bytes, bytes]) -> pa.Table:
    schema = TABLES[name].with_metadata(metadata)
    parts = [pa.ipc.open_stream(b).read_all() for t, b in zip(batch.column("table").to_pylist(),
                                                              batch.column("ipc").to_pylist()) if t == name]
    if not parts:
        return schema.empty_table()
    return pa.concat_tables(parts).replace_schema_metadata(metadata).cast(schema)


def table(parts: ray.data.Dataset, name: str, pipeline: Pipeline | None = None) -> ray.data.Dataset:
    """One output table (``"corpus"``, ``"documents"``, ``"removed"``, ``"rejects"``) of :func:`clean`."""
    if name not in TABLES:
        raise ConfigError(f"table must be one of {list(TABLES)}, got {name!r}")
    meta = file_metadata((pipeline or Pipeline.default()).fingerprint(), __version__, name)
    return parts.map_batches(_unpack, batch_format="pyarrow", fn_kwargs={"name": name, "metadata": meta})


def process(
    sources: ray.data.Dataset,
    out_dir: str | os.PathLike[str],
    pipeline: Pipeline | None = None,
    unit: str = "paragraph",
    *,
    batch_size: int = 200,
    **map_args: Any,
) -> dict[str, Any]:
    """Clean ``sources`` (:func:`read_sources`, :func:`from_texts`) into a Parquet dataset.

    Cleaning runs once; its results are materialized in Ray's object store (spilled to
    disk when large) and each table is then written by Ray. Returns the manifest.
    """
    _ray()
    pipeline = pipeline or Pipeline.default()
    started = time.perf_counter()
    out = os.fspath(out_dir)
    parts = clean(sources, pipeline, unit, batch_size=batch_size, **map_args).materialize()
    local = "://" not in out  # a local or mounted filesystem
    for name in TABLES:
        path = os.path.join(out, name)
        table(parts, name, pipeline).write_parquet(path, compression="zstd", min_rows_per_file=100_000)
        if local and name != "corpus" and not os.path.isdir(path):
            # Ray writes no file for an empty table; the local layout always has the audit tables
            meta = file_metadata(pipeline.fingerprint(), __version__, name)
            atomic_write_table(TABLES[name].empty_table(), Path(path) / "part-0.parquet", meta)
    totals: Counter[str] = Counter()
    by_category: Counter[str] = Counter()
    for row in parts.select_columns(["counts"]).iter_rows():
        if not row["counts"]:  # counts ride on each batch's "documents" row only
            continue
        for k, v in json.loads(row["counts"]).items():
            (by_category.update(v) if k == "removed_chars_by_category" else totals.update({k: v}))
    seconds = time.perf_counter() - started
    manifest = {
        "corpusprep_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "pipeline": {"fingerprint": pipeline.fingerprint(), "config": pipeline.config()},
        "unit": unit,
        "runner": {"ray": _ray().__version__, "batch_size": batch_size},
        "counts": {
            "inputs": totals["documents"] + totals["rejects"], "documents": totals["documents"],
            "rejects": totals["rejects"], "units": totals["units"], "removed": totals["removed"],
            "chars_in": totals["chars_in"], "chars_out": totals["chars_out"], "bytes_in": totals["bytes_in"],
        },
        "removed_chars_by_category": dict(sorted(by_category.items())),
        "timings": {"seconds": round(seconds, 3)},
        "tables": {name: f"{name}/" for name in TABLES},
    }
    if local:  # elsewhere the tables are the record
        atomic_write_json(manifest, Path(out) / "manifest.json")
    return manifest
