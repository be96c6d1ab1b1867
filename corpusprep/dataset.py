"""Files in, a Parquet dataset out: the streaming, resumable corpus run.

Layout of ``out_dir``::

    corpus/part-00000.parquet ...   one row per unit (document, paragraph or sentence)
    documents.parquet               one row per input document that was cleaned
    removed.parquet                 the audit: every removed or replaced stretch
    rejects.parquet                 inputs that could not be read or cleaned, with the reason
    manifest.json                   version, config and fingerprint, inputs, counts, timings
    _shards/                        per-shard tables and completion markers (for resume)

Every file is written under a temporary name and renamed when complete. A re-run with the
same configuration skips shards whose marker matches; after an interruption it resumes.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import time
from collections import Counter
from contextlib import ExitStack, contextmanager, nullcontext
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .cleaners.dom import RemoveDomBoilerplate
from .corpus import REPEATED_LINES, RemoveRepeatedLines, RepeatedLines, count_input_lines
from .document import Source
from .errors import ConfigError
from .io.readers import ReaderOptions, Reject, expand_inputs, input_root, read_inputs
from .io.writer import TableMerger, atomic_write_json, atomic_write_table, file_metadata, prepare_output_dir
from .parallel import (WorkerPool, batched, check_not_starting_worker, default_workers,
                       in_worker_process, ordered_map, started_in_worker, temporary_file, worker_pool)
from .parallel import start_method as resolve_start_method
from . import schema
from .schema import SCHEMA_VERSION, UNITS
from .shard import ShardResult, arrow_without_pandas, clean_shard, shard_digest
from .version import __version__

if TYPE_CHECKING:
    from .pipeline import Pipeline

__all__ = ["RunSummary", "process"]

Progress = Callable[[int, int, int], None]  # (shards done, documents done, bytes done)


class RunSummary(NamedTuple):
    """What a run did; ``inputs == documents + rejects`` always holds."""

    out_dir: str
    fingerprint: str
    unit: str
    inputs: int
    documents: int
    rejects: int
    units: int
    removed: int
    chars_in: int
    chars_out: int
    bytes_in: int
    removed_chars_by_category: dict[str, int]
    rejects_by_kind: dict[str, int]
    shards: int
    shards_skipped: int
    seconds: float

    @property
    def mb_per_s(self) -> float:
        return self.bytes_in / 1e6 / self.seconds if self.seconds > 0 else 0.0


#: pool workers allocate Arrow memory with malloc (see _system_arrow_pool); read by pyarrow
#: at its first allocation, so set before the worker unpickles anything
_WORKER_ENV = {"ARROW_DEFAULT_MEMORY_POOL": "system"}

#: with workers and the corpus pass, the workers start while the pass runs (their imports and
#: the pipeline's unpickling, ~0.5 s each, overlap it) when the input files hold this many
#: bytes or more: below it a run may be a single shard, which needs no pool at all
EARLY_START_MIN_BYTES = 4 << 20
#: ... and at most this many: the pass's process, the main process and the started workers
#: are then all alive at once (measured in docs/scale.md); above it they start after the pass
EARLY_START_MAX_BYTES = 64 << 20

# -- worker side -----------------------------------------------------------------------------
_WORKER: dict[str, Any] = {}


def _release_arrow_memory() -> None:
    """Hand memory Arrow's allocators keep after use back to the system (after each shard).

    Not only the pool in use: parts of Arrow's C++ (the Parquet writer's page and
    compression buffers) allocate from the pool chosen when pyarrow loaded, whatever
    ``pa.set_memory_pool`` says since. In the main process that is mimalloc, which kept
    12-20 MB of freed memory over a run's merge; releasing it costs microseconds.
    """
    import pyarrow as pa

    pools = [pa.default_memory_pool()]
    for make in (pa.mimalloc_memory_pool, pa.jemalloc_memory_pool):
        try:
            pools.append(make())
        except NotImplementedError:  # pyarrow built without this allocator
            pass
    for pool in pools:
        pool.release_unused()


@contextmanager
def _system_arrow_pool() -> Iterator[None]:
    """Arrow allocates with the C library's malloc inside the block, then as before.

    pyarrow's default pool (mimalloc) keeps freed memory for reuse: over a run about 40 MB
    in the main process and 20 MB in each worker, for no speed measured. Buffers remember
    their pool, so restoring the previous default afterwards is safe.
    """
    import pyarrow as pa

    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


def _init_worker(pipeline: Pipeline, unit: str, out: Path, fingerprint: str | None, late: str | None = None) -> None:
    """Keep what every shard needs; runs once per worker process (or once in this one).

    ``late``: workers started before the corpus pass get its result from this file at
    their first shard (:func:`_late_setup`): the repeated-lines step to add to ``pipeline``,
    and the run's fingerprint.
    """
    if in_worker_process():  # this process is ours: settle pyarrow's set-up for good
        arrow_without_pandas()
        # a forked worker may have inherited a pyarrow loaded with its default pool (the
        # environment that picks the system one only acts when pyarrow loads)
        import pyarrow as pa

        pa.set_memory_pool(pa.system_memory_pool())
    _WORKER.update(pipeline=pipeline, unit=unit, out=out, fingerprint=fingerprint, late=late)


def _late_setup() -> None:
    """Complete a worker started before the corpus pass ended (once, at its first shard)."""
    with open(_WORKER.pop("late"), "rb") as f:
        step, fingerprint = pickle.load(f)
    if step is not None:
        _WORKER["pipeline"] = _add_repeated_step(_WORKER["pipeline"], step)
    _WORKER["fingerprint"] = fingerprint


def _work(job: tuple[int, list[Source | Reject]]) -> tuple[int, dict[str, Any]]:
    """Clean one shard and write its files here, in the worker; return only its index and counts.

    Writing in the worker keeps the Arrow tables out of the pipe to the main process and
    out of its memory, and spreads Parquet encoding over the workers.
    """
    if _WORKER.get("late") is not None:
        _late_setup()
    index, items = job
    res = clean_shard(_WORKER["pipeline"], index, items, _WORKER["unit"])
    _write_shard(_WORKER["out"], res, _WORKER["fingerprint"], _WORKER["unit"])
    counts = res.counts
    del res
    _release_arrow_memory()
    return index, counts


# -- main side -------------------------------------------------------------------------------
def _names(index: int) -> dict[str, str]:
    return {
        "corpus": f"corpus/part-{index:05d}.parquet",
        "documents": f"_shards/documents-{index:05d}.parquet",
        "removed": f"_shards/removed-{index:05d}.parquet",
        "rejects": f"_shards/rejects-{index:05d}.parquet",
        "marker": f"_shards/shard-{index:05d}.json",
    }


def _marker_ok(out: Path, index: int, digest: str, fingerprint: str, unit: str) -> dict[str, Any] | None:
    names = _names(index)
    try:
        marker = json.loads((out / names["marker"]).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if (marker.get("digest"), marker.get("fingerprint"), marker.get("unit")) != (digest, fingerprint, unit):
        return None
    counts: dict[str, Any] = marker["counts"]
    needed = ["documents", "removed", "rejects"] + (["corpus"] if counts.get("units") else [])
    if not all((out / names[k]).exists() for k in needed):
        return None
    return counts


def _write_shard(out: Path, res: ShardResult, fingerprint: str, unit: str) -> None:
    names = _names(res.index)
    for key, table in (("corpus", res.corpus), ("documents", res.documents),
                       ("removed", res.removed), ("rejects", res.rejects)):
        if key == "corpus" and table.num_rows == 0:
            # no empty corpus parts: some readers (Hugging Face datasets) fail on them
            (out / names[key]).unlink(missing_ok=True)
            continue
        atomic_write_table(table, out / names[key], file_metadata(fingerprint, __version__, key))
    marker = {"digest": res.digest, "fingerprint": fingerprint, "unit": unit, "counts": res.counts}
    atomic_write_json(marker, out / names["marker"])


def _empty_corpus_part(out: Path, units: int, fingerprint: str) -> None:
    """A run without any unit gets one zero-row corpus part, so ``corpus/`` reads with its schema.

    Only then: Hugging Face ``datasets`` fails on a zero-row part (it reads row groups in
    batches of the first group's size), so a run with units has no empty part, and one
    left by an earlier empty run is removed.
    """
    first = out / _names(0)["corpus"]
    if units == 0:
        atomic_write_table(schema.CORPUS.empty_table(), first, file_metadata(fingerprint, __version__, "corpus"))
    elif first.exists():
        import pyarrow.parquet as pq

        if pq.read_metadata(first).num_rows == 0:
            first.unlink()


def _remove_temporaries(out: Path) -> None:
    """Delete temporary files an interrupted run left behind (never complete files)."""
    for folder in (out, out / "corpus", out / "_shards"):
        if folder.is_dir():
            for f in folder.glob(".*.tmp-*"):
                f.unlink(missing_ok=True)


def _remove_stale(out: Path, n_shards: int) -> None:
    for folder, prefix in (("corpus", "part-"), ("_shards", "")):
        d = out / folder
        if not d.is_dir():
            continue
        for f in d.iterdir():
            stem = f.name.split(".")[0]
            digits = stem.rsplit("-", 1)[-1]
            if f.name.startswith(prefix) and digits.isdigit() and int(digits) >= n_shards:
                f.unlink()


def _check_repeated_threshold(threshold: int) -> None:
    if threshold < 2:
        raise ConfigError(f"repeated_lines must be at least 2 documents, got {threshold}")


#: the per-shard tables merged into one file each: (key in :func:`_names`, schema name in
#: :mod:`.schema`, file name)
_MERGED = (("documents", "DOCUMENTS", "documents.parquet"), ("removed", "REMOVED", "removed.parquet"),
           ("rejects", "REJECTS", "rejects.parquet"))


def _merge_audit_tables(out: Path, n_shards: int, fingerprint: str) -> None:
    """Merge the shards' ``documents``/``removed``/``rejects`` parts, in shard order, into
    one file each, renamed into place only once all three are complete.

    Done once every shard is on disk and the pool has ended: with workers, this process
    loads pyarrow (~40 MB) only now, not while they clean (see :func:`process`). The three
    tables are filled at the same time, each by a thread of its own (Arrow reads, encodes
    and compresses without holding the GIL), so the merge uses the cores the workers left.
    """
    from concurrent.futures import ThreadPoolExecutor

    def fill(key: str, merger: TableMerger) -> None:
        for index in range(n_shards):
            merger.add(out / _names(index)[key])

    with _system_arrow_pool(), ExitStack() as stack:
        mergers = {key: stack.enter_context(TableMerger(out / name, getattr(schema, schema_name),
                                                        file_metadata(fingerprint, __version__, key)))
                   for key, schema_name, name in _MERGED}
        with ThreadPoolExecutor(len(mergers)) as threads:
            for job in [threads.submit(fill, key, m) for key, m in mergers.items()]:
                job.result()
        for m in mergers.values():  # all complete: now they may replace earlier files
            m.commit()
    _release_arrow_memory()


def _repeated_step(rep: RepeatedLines) -> RemoveRepeatedLines | None:
    """The corpus pass's step: removing the lines ``rep`` found repeated across many
    documents of a site, or ``None`` when nothing repeats (then no step, and the
    fingerprint stays the pipeline's own).

    The step runs first, on the text as read, so lines are counted on exactly the text
    they are matched in (no step in between can make the two differ).
    """
    if not rep.folded:
        return None
    return RemoveRepeatedLines.from_counts(rep)


def _add_repeated_step(pipeline: Pipeline, step: RemoveRepeatedLines) -> Pipeline:
    """``pipeline`` with the corpus pass's ``step`` first, but after the DOM step (which
    reads the page text exactly as read)."""
    first = [s.name for s in pipeline.steps if s.name != RemoveDomBoilerplate.name]
    return pipeline.with_step(step, before=first[0] if first else "")


def _not_inputs(out: Path) -> tuple[str]:
    """The directories no walk over the inputs enters: the run's own output (an input
    directory may hold it; its tables are no input)."""
    return (str(out.resolve()),)


def _input_bytes(inputs: Sequence[str], limit: int, skip: Sequence[str] = ()) -> int:
    """Bytes of the input files as stored, counted up to ``limit`` (then ``limit``)."""
    total = 0
    for p in expand_inputs(inputs, skip):
        if not isinstance(p, Reject):
            try:
                total += p.stat().st_size
            except OSError:
                continue  # the reader will report it
            if total >= limit:
                return limit
    return total


def process(
    inputs: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    pipeline: Pipeline | None = None,
    workers: int | None = None,
    unit: str = "paragraph",
    *,
    shard_docs: int = 200,
    reader: ReaderOptions | None = None,
    progress: Progress | None = None,
    repeated_lines: int | None = REPEATED_LINES,
    repeated_keep_one: bool = False,
    start_method: str | None = None,
    **reader_options: Any,
) -> RunSummary:
    """Clean ``inputs`` (files, directories, globs) into a Parquet dataset at ``out_dir``.

    ``workers=None`` uses all cores; output is identical for any number of workers.
    Extra keywords are :class:`~corpusprep.io.readers.ReaderOptions` fields
    (``text_field``, ``id_field``, ``text_column``, ``max_doc_bytes`` ...).

    ``repeated_lines=N`` (default :data:`REPEATED_LINES`) first reads the inputs once to
    find lines repeated in at least N documents of the same site (a record's ``site`` or
    ``url`` field, else the URL host, else the directory) and removes them as ``repeated``
    (a corpus pass with polars, in bounded memory; ``None`` turns it off). Lines equal only
    once their digits are folded remove neither a headline nor a paragraph
    (:class:`~corpusprep.corpus.RemoveRepeatedLines`). With ``repeated_keep_one`` the first
    document (in input order) holding such a line keeps it.

    ``start_method`` (with workers): ``"auto"`` (the default, or the
    ``CORPUSPREP_START_METHOD`` environment variable) forks the worker processes where that
    is safe and spawns them otherwise; ``"fork"`` or ``"spawn"`` choose
    (:func:`~corpusprep.parallel.start_method`). The dataset is the same either way.

    Raises :class:`~corpusprep.errors.WorkerError` when a worker process dies (workers
    end themselves when this process dies), :class:`~corpusprep.errors.ConfigError` for a bad option and
    :class:`~corpusprep.errors.OutputError` when ``out_dir`` cannot be created or written;
    both before any input is read, leaving no directory behind.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("請輸入驗證碼\\n正文。", encoding="utf-8")
    >>> s = process([d / "a.txt"], d / "out", workers=1)
    >>> (s.inputs, s.documents, s.rejects, s.units)
    (1, 1, 0, 1)
    """
    check_not_starting_worker()  # a script without the __main__ guard, re-run by a worker
    if unit not in UNITS:
        raise ConfigError(f"unit must be one of {UNITS}, got {unit!r}")
    if reader is not None and reader_options:
        raise ConfigError("give either reader=ReaderOptions(...) or reader keywords, not both")
    try:
        reader = reader or ReaderOptions(**reader_options)
    except TypeError as exc:
        raise ConfigError(f"unknown reader option: {exc}") from None
    inputs = [os.fspath(p) for p in inputs]
    workers = default_workers() if workers is None else workers
    if workers < 1:
        raise ConfigError(f"workers must be at least 1, got {workers}")
    if repeated_lines is not None:
        _check_repeated_threshold(repeated_lines)
    # how workers start, settled before this run starts threads of its own; the corpus
    # pass's process uses polars, which a fork breaks where this process has loaded it
    method = resolve_start_method(start_method)
    count_method = resolve_start_method(start_method, child_uses=("polars",))
    out = Path(out_dir)
    prepare_output_dir(out)  # before any work: an unwritable output fails at once, leaving nothing
    skip = _not_inputs(out)
    with ExitStack() as run:  # the early pool and its set-up file, when workers start during the corpus pass
        pool, late, counting, counted = None, None, ExitStack(), None
        run.enter_context(counting)
        if repeated_lines is not None:
            job = (inputs, reader, repeated_lines, repeated_keep_one, skip)
            # with workers, the corpus pass counts in a process of its own (polars' memory
            # stays out of this one), started first: the pipeline is built meanwhile
            counted = (counting.enter_context(started_in_worker(count_input_lines, job, count_method))
                       if workers > 1 else None)
        if pipeline is None:
            # imported here, not with this module: the corpus pass's process has started
            # (forked before the cleaners' imports, ~0.2 s it does not need)
            from .pipeline import Pipeline

            pipeline = Pipeline.default()
        if repeated_lines is not None:
            # spawned workers take a CPU-second to start: they do it while the pass runs. A
            # forked one starts at once, with the complete pipeline, after the pass
            early = workers > 1 and method == "spawn" and (
                EARLY_START_MIN_BYTES <= _input_bytes(inputs, EARLY_START_MAX_BYTES + 1, skip) <= EARLY_START_MAX_BYTES)
            if early:
                late = run.enter_context(temporary_file("corpusprep-worker-late-"))
                pool = run.enter_context(worker_pool(workers, _init_worker, (pipeline, unit, out, None, late),
                                                     _WORKER_ENV, method))
            step = _repeated_step(counted() if counted is not None else count_input_lines(job))
            counting.close()  # the counting process ends here, with its memory
            if step is not None:
                pipeline = _add_repeated_step(pipeline, step)
        fingerprint = pipeline.fingerprint()
        if late is not None:  # before any shard is handed out: the workers read it at their first
            with open(late, "wb") as f:
                pickle.dump((step, fingerprint), f, protocol=pickle.HIGHEST_PROTOCOL)
        return _run(inputs, out, pipeline, fingerprint, workers, unit, shard_docs, reader, progress, pool, run,
                    method)


def _run(inputs: list[str], out: Path, pipeline: Pipeline, fingerprint: str, workers: int, unit: str,
         shard_docs: int, reader: ReaderOptions, progress: Progress | None, pool: WorkerPool | None,
         run: ExitStack, method: str) -> RunSummary:
    """:func:`process` once the pipeline is complete: clean the shards, merge, write the manifest.
    ``run`` holds the early pool: it is closed as soon as the last shard is back."""
    _remove_temporaries(out)
    started = time.perf_counter()

    totals: Counter[str] = Counter()
    by_category: Counter[str] = Counter()
    skipped = 0
    n_shards = 0
    inputs_hash = hashlib.sha256()

    def jobs() -> Iterator[tuple[int, list[Source | Reject]]]:
        nonlocal skipped, n_shards
        for index, items in enumerate(batched(read_inputs(inputs, reader, _not_inputs(out)), shard_docs)):
            n_shards = index + 1
            digest = shard_digest(items)
            inputs_hash.update(digest.encode())
            done = _marker_ok(out, index, digest, fingerprint, unit)
            if done is not None:
                skipped += 1
                _add(done)
                continue
            yield index, items

    def _add(counts: dict[str, Any]) -> None:
        for k, v in counts.items():
            if k == "removed_chars_by_category":
                by_category.update(v)
            else:
                totals[k] += v

    # Only counts come back: each shard's tables are on disk. The audit tables are merged
    # once all shards are, after the pool has ended, so that with workers this process
    # does not load pyarrow while they clean (it would hold ~40 MB more than they need).
    with _system_arrow_pool() if workers == 1 else nullcontext():  # cleaning here: malloc
        for _, counts in ordered_map(_work, jobs(), workers=workers, initializer=_init_worker,
                                     initargs=(pipeline, unit, out, fingerprint), worker_env=_WORKER_ENV,
                                     pool=pool, method=method):
            _add(counts)
            if progress is not None:
                progress(n_shards, totals["documents"] + totals["rejects"], totals["bytes_in"])
    run.close()  # the early pool ends here, as ordered_map's own does, before the merge loads pyarrow
    _merge_audit_tables(out, n_shards, fingerprint)
    _remove_stale(out, n_shards)
    _empty_corpus_part(out, totals["units"], fingerprint)
    rejects_by_kind: Counter[str] = Counter()
    if totals["rejects"]:
        import pyarrow.parquet as pq

        kinds = pq.ParquetFile(out / "rejects.parquet").read(columns=["kind"]).column(0).to_pylist()
        rejects_by_kind.update(kinds)
    seconds = time.perf_counter() - started
    summary = RunSummary(
        out_dir=str(out), fingerprint=fingerprint, unit=unit,
        inputs=totals["documents"] + totals["rejects"], documents=totals["documents"],
        rejects=totals["rejects"], units=totals["units"], removed=totals["removed"],
        chars_in=totals["chars_in"], chars_out=totals["chars_out"], bytes_in=totals["bytes_in"],
        removed_chars_by_category=dict(sorted(by_category.items())),
        rejects_by_kind=dict(sorted(rejects_by_kind.items())),
        shards=n_shards, shards_skipped=skipped, seconds=seconds,
    )
    manifest = {
        "corpusprep_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "pipeline": {"fingerprint": fingerprint, "config": pipeline.config()},
        "unit": unit,
        "reader": {k: getattr(reader, k) for k in reader.__dataclass_fields__},
        "inputs": inputs,
        "input_roots": [{"given": i, "root": input_root(i), "resolved": str(Path(input_root(i)).resolve())}
                        for i in inputs],
        "inputs_digest": inputs_hash.hexdigest(),
        "counts": {
            "inputs": summary.inputs, "documents": summary.documents, "rejects": summary.rejects,
            "units": summary.units, "removed": summary.removed, "shards": n_shards,
            "shards_skipped": skipped, "chars_in": summary.chars_in, "chars_out": summary.chars_out,
            "bytes_in": summary.bytes_in,
        },
        "removed_chars_by_category": summary.removed_chars_by_category,
        "rejects_by_kind": summary.rejects_by_kind,
        "timings": {"seconds": round(seconds, 3), "workers": workers,
                    "start_method": method if workers > 1 else None},
        "tables": {"corpus": "corpus/", "documents": "documents.parquet",
                   "removed": "removed.parquet", "rejects": "rejects.parquet"},
    }
    atomic_write_json(manifest, out / "manifest.json")
    return summary
