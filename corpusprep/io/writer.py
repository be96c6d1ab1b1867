"""Atomic Parquet and JSON writing: temporary name, fsync, rename.

A reader never sees a half-written file: either the previous complete file or the new
complete one. Every Parquet file carries the corpusprep version, the pipeline
fingerprint and the schema version in its key-value metadata; compression is zstd.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import OutputError
from ..schema import SCHEMA_VERSION

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.parquet as pq

# pyarrow is imported where Parquet is written, not with this module: a run's main process
# uses the JSON and directory helpers while its workers clean, and keeps pyarrow out until
# it merges the audit tables (see dataset.process)

__all__ = [
    "atomic_write_json",
    "atomic_write_table",
    "file_metadata",
    "TableMerger",
    "merge_tables",
    "prepare_output_dir",
    "prepare_output_file",
    "remove_created_dirs",
]


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
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), **metadata})
    tmp = _tmp(path)
    try:
        pq.write_table(table, tmp, compression="zstd")
        _fsync_and_rename(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


#: uncompressed bytes of parts a :class:`TableMerger` gathers into one row group
MERGE_ROW_GROUP_BYTES = 1 << 20


class TableMerger:
    """Parquet parts appended, in the order given, to one file that appears only when complete.

    Rows go to a temporary file as parts are added (so a run can merge the shards it has
    while later ones are still being cleaned); :meth:`commit` renames it to ``path``.
    Leaving the ``with`` block without a commit (an error) deletes the temporary file.

    Parts are gathered into row groups of about ``row_group_bytes`` (uncompressed), not
    written one row group each: a Parquet writer keeps every row group's metadata (and
    each column's statistics) in memory until it closes, which over a thousand small parts
    is tens of MB. Parts are read with ``ParquetFile`` (``pq.read_table`` would import
    pandas), on this thread only (Arrow's reading threads leave each a malloc arena).

    >>> import tempfile, pathlib
    >>> import pyarrow as pa, pyarrow.parquet as pq
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> schema = pa.schema([("n", pa.int64())])
    >>> for i in (1, 2):
    ...     pq.write_table(pa.table({"n": [i, i]}, schema=schema), d / f"p{i}.parquet")
    >>> with TableMerger(d / "all.parquet", schema, {b"k": b"v"}) as m:
    ...     m.add(d / "p1.parquet"), m.add(d / "p2.parquet")
    ...     (d / "all.parquet").exists()
    ...     m.commit()
    (2, 2)
    False
    4
    >>> meta = pq.read_metadata(d / "all.parquet")
    >>> meta.num_rows, meta.num_row_groups
    (4, 1)
    """

    def __init__(self, path: Path, schema: pa.Schema, metadata: dict[bytes, bytes], *,
                 row_group_bytes: int = MERGE_ROW_GROUP_BYTES) -> None:
        import pyarrow.parquet as pq

        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.schema = schema.with_metadata({**(schema.metadata or {}), **metadata})
        self.rows = 0
        self.row_group_bytes = row_group_bytes
        self._pending: list[pa.Table] = []
        self._pending_bytes = 0
        self._tmp = _tmp(path)
        self._writer: pq.ParquetWriter | None = pq.ParquetWriter(self._tmp, self.schema, compression="zstd")

    def add(self, part: Path) -> int:
        """Append the rows of the Parquet file ``part``; return how many."""
        import pyarrow.parquet as pq

        if self._writer is None:
            raise OutputError(str(self.path), "parts added after the merged file was committed")
        with pq.ParquetFile(part) as f:
            t = f.read(use_threads=False)
        if t.num_rows:
            self._pending.append(t)
            self._pending_bytes += t.nbytes
            self.rows += t.num_rows
            if self._pending_bytes >= self.row_group_bytes:
                self._flush()
        return t.num_rows

    def _flush(self) -> None:
        """Write the gathered parts as one row group."""
        import pyarrow as pa

        if self._pending and self._writer is not None:
            t = pa.concat_tables(self._pending).replace_schema_metadata(self.schema.metadata)
            self._pending, self._pending_bytes = [], 0
            self._writer.write_table(t, row_group_size=t.num_rows)

    def commit(self) -> int:
        """Finish the file and rename it to its name, atomically; return its rows."""
        if self._writer is not None:
            self._flush()
            self._writer.close()
            self._writer = None
            _fsync_and_rename(self._tmp, self.path)
        return self.rows

    def __enter__(self) -> TableMerger:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pending, self._pending_bytes = [], 0
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        self._tmp.unlink(missing_ok=True)


def merge_tables(parts: Iterable[Path], path: Path, schema: pa.Schema, metadata: dict[bytes, bytes]) -> int:
    """Stream the Parquet files ``parts`` into one file at ``path``, atomically; return rows."""
    with TableMerger(path, schema, metadata) as m:
        for part in parts:
            m.add(part)
        return m.commit()


def atomic_write_json(data: Any, path: Path) -> None:
    """Write ``data`` as indented UTF-8 JSON, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp(path)
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8")
        _fsync_and_rename(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def remove_created_dirs(created: Sequence[Path]) -> None:
    """Remove the directories a :func:`prepare_output_dir` call created, if still empty."""
    for d in reversed(created):
        try:
            d.rmdir()
        except OSError:
            return  # not empty (or gone): leave it, and its parents, alone


def _missing_dirs(path: Path) -> tuple[list[Path], Path]:
    """The missing directories down to ``path`` (outermost first) and the nearest existing ancestor."""
    missing: list[Path] = []
    p = path
    while not os.path.lexists(p) and p != p.parent:
        missing.append(p)
        p = p.parent
    return missing[::-1], p


def prepare_output_dir(path: Path) -> list[Path]:
    """Create the directory ``path`` (and missing parents) and check a file can be written in it.

    Called before any work, so an output that cannot be written fails at once. Returns the
    directories this call created, outermost first. On failure it removes them again and
    raises :class:`~corpusprep.errors.OutputError` naming ``path`` and the reason.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> (d / "f").write_text("x")
    1
    >>> try:
    ...     prepare_output_dir(d / "f" / "out")
    ... except OutputError as exc:
    ...     print(exc.problem.replace(str(d), "D"))
    cannot create the directory: D/f is not a directory
    >>> [p.name for p in prepare_output_dir(d / "a" / "b")]
    ['a', 'b']
    """
    missing, existing = _missing_dirs(path)
    if missing and not existing.is_dir():
        raise OutputError(str(path), f"cannot create the directory: {existing} is not a directory")
    if not missing and not path.is_dir():
        raise OutputError(str(path), "exists and is not a directory")
    created: list[Path] = []
    try:
        for d in missing:
            try:
                d.mkdir()
            except FileExistsError:
                if not d.is_dir():
                    raise
                continue  # made by someone else meanwhile: not ours to remove
            created.append(d)
    except OSError as exc:
        remove_created_dirs(created)
        raise OutputError(str(path), f"cannot create the directory: {_reason(exc)}") from None
    try:
        fd, probe = tempfile.mkstemp(prefix=".corpusprep-write-check-", dir=path)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        remove_created_dirs(created)
        raise OutputError(str(path), f"cannot write in the directory: {_reason(exc)}") from None
    return created


def prepare_output_file(path: Path) -> list[Path]:
    """Check the file ``path`` can be written, creating its directory; like :func:`prepare_output_dir`."""
    try:
        created = prepare_output_dir(path.parent)
    except OutputError as exc:
        raise OutputError(str(path), f"cannot write the file: {exc}") from None
    if path.is_dir():
        remove_created_dirs(created)
        raise OutputError(str(path), "is a directory")
    return created
