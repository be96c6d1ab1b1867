"""Atomic Parquet and JSON writing: temporary name, fsync, rename.

A reader never sees a half-written file: either the previous complete file or the new
complete one. Every Parquet file carries the corpusprep version, the pipeline
fingerprint and the schema version in its key-value metadata; compression is zstd.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..schema import SCHEMA_VERSION

__all__ = ["atomic_write_json", "atomic_write_table", "file_metadata", "merge_tables"]


def file_metadata(fingerprint: str, version: str, table: str) -> dict[bytes, bytes]:
    """Key-value metadata stored in every output Parquet file."""
    return {
        b"corpusprep.version": version.encode(),
        b"corpusprep.pipeline_fingerprint": fingerprint.encode(),
        b"corpusprep.schema_version": SCHEMA_VERSION.encode(),
        b"corpusprep.table": table.encode(),
    }


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


def _fsync_and_rename(tmp: Path, path: Path) -> None:
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)
    try:
        dfd = os.open(path.parent, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


def atomic_write_table(table: pa.Table, path: Path, metadata: dict[bytes, bytes]) -> None:
    """Write ``table`` to ``path`` as zstd Parquet, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), **metadata})
    tmp = _tmp(path)
    try:
        pq.write_table(table, tmp, compression="zstd")
        _fsync_and_rename(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def merge_tables(parts: Iterable[Path], path: Path, schema: pa.Schema, metadata: dict[bytes, bytes]) -> int:
    """Stream the Parquet files ``parts`` into one file at ``path``, atomically; return rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    schema = schema.with_metadata({**(schema.metadata or {}), **metadata})
    tmp = _tmp(path)
    rows = 0
    try:
        with pq.ParquetWriter(tmp, schema, compression="zstd") as w:
            for part in parts:
                t = pq.read_table(part, schema=schema)
                if t.num_rows:
                    w.write_table(t.replace_schema_metadata(schema.metadata))
                    rows += t.num_rows
        _fsync_and_rename(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return rows


def atomic_write_json(data: Any, path: Path) -> None:
    """Write ``data`` as indented UTF-8 JSON, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp(path)
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8")
        _fsync_and_rename(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
