"""Pool workers: what they load, and the merged tables they feed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import corpusprep as cp
from corpusprep import dataset, parallel
from corpusprep.document import Source
from corpusprep.errors import ConfigError, OutputError, WorkerError
from corpusprep.io.writer import TableMerger
from corpusprep.parallel import START_METHOD_ENV, call_in_worker, in_worker_process, ordered_map, start_method

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _shard_and_modules(job):  # runs in a pool worker
    index, counts = dataset._work(job)
    return index, counts["documents"], in_worker_process(), "pandas" in sys.modules


def test_a_worker_writes_its_shard_without_importing_pandas(tmp_path):
    """Spawned, so that the workers start without the modules this test process holds (a
    forked worker would inherit pandas from any earlier test that loaded it)."""
    pipeline = cp.Pipeline.default()
    jobs = [(i, [Source(f"d{i}.txt", f"正文第{i}篇。\n\n第二段在这里。", "0" * 64, doc_id=f"d{i}")])
            for i in range(3)]
    got = list(ordered_map(_shard_and_modules, iter(jobs), workers=2, initializer=dataset._init_worker,
                           initargs=(pipeline, "paragraph", tmp_path, pipeline.fingerprint()), method="spawn"))
    assert [g[:3] for g in got] == [(0, 1, True), (1, 1, True), (2, 1, True)]
    assert not any(g[3] for g in got), "a worker imported pandas"
    assert pq.ParquetFile(tmp_path / "corpus" / "part-00002.parquet").read().num_rows == 2


def test_in_process_runs_are_not_marked_as_workers():
    assert not in_worker_process()


def _table(tmp_path: Path, name: str, values: list[int]) -> Path:
    path = tmp_path / name
    pq.write_table(pa.table({"n": pa.array(values, pa.int64())}), path)
    return path


def test_merger_appends_parts_in_order_and_shows_the_file_only_when_committed(tmp_path):
    schema = pa.schema([("n", pa.int64())])
    parts = [_table(tmp_path, f"p{i}.parquet", v) for i, v in enumerate([[3, 1], [], [2]])]
    target = tmp_path / "all.parquet"
    with TableMerger(target, schema, {b"corpusprep.table": b"t"}) as m:
        assert [m.add(p) for p in parts] == [2, 0, 1]
        assert not target.exists()
        assert m.commit() == 3
    t = pq.ParquetFile(target).read()
    assert t.column("n").to_pylist() == [3, 1, 2]
    assert t.schema.metadata[b"corpusprep.table"] == b"t"
    with pytest.raises(OutputError, match="after"):
        m.add(parts[0])


def test_merger_gathers_small_parts_into_row_groups_of_about_the_size_asked(tmp_path):
    """Fewer row groups than parts (the writer keeps each group's metadata until it closes),
    the rows exactly those of the parts, in order."""
    schema = pa.schema([("n", pa.int64())])
    values = [list(range(i * 10, i * 10 + 10)) for i in range(12)]
    parts = [_table(tmp_path, f"p{i}.parquet", v) for i, v in enumerate(values)]
    target = tmp_path / "all.parquet"
    with TableMerger(target, schema, {}, row_group_bytes=8 * 40) as m:  # four parts' rows a group
        for p in parts:
            m.add(p)
        assert m.commit() == 120
    meta = pq.read_metadata(target)
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [40, 40, 40]
    assert pq.ParquetFile(target).read().column("n").to_pylist() == [x for v in values for x in v]


def test_merger_leaves_the_previous_file_when_the_merge_fails(tmp_path):
    schema = pa.schema([("n", pa.int64())])
    target = _table(tmp_path, "all.parquet", [7])
    with pytest.raises(OSError):
        with TableMerger(target, schema, {}) as m:
            m.add(_table(tmp_path, "p.parquet", [1]))
            m.add(tmp_path / "missing.parquet")
    assert pq.ParquetFile(target).read().column("n").to_pylist() == [7]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_merged_tables_hold_every_shard_in_order_whatever_the_worker_count(tmp_path):
    """One process, two forked workers, two spawned workers: the same tables."""
    runs = {k: cp.process([SEEDS], tmp_path / k, workers=w, shard_docs=1, start_method=m)
            for k, w, m in (("w1", 1, None), ("fork", 2, "fork"), ("spawn", 2, "spawn"))}
    for k, s in runs.items():
        docs = pq.ParquetFile(tmp_path / k / "documents.parquet").read()
        assert docs.column("shard").to_pylist() == list(range(s.shards)) == list(range(5))
        removed = pq.ParquetFile(tmp_path / k / "removed.parquet").read()
        assert removed.num_rows == s.removed
    for name in ("corpus", "documents.parquet", "removed.parquet", "rejects.parquet"):
        a, b, c = (pq.read_table(tmp_path / k / name) for k in runs)
        assert a.equals(b) and a.equals(c), name


def test_the_start_method_forks_only_where_that_is_safe(monkeypatch):
    monkeypatch.delenv(START_METHOD_ENV, raising=False)
    assert start_method("spawn") == "spawn"
    assert start_method(child_uses=["polars"]) in ("fork", "spawn")
    # as in a process running no other thread (other tests may leave one running here)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    linux = "fork" if sys.platform.startswith("linux") else "spawn"
    monkeypatch.setitem(sys.modules, "polars", sys.modules.get("polars") or object())
    assert start_method(child_uses=["polars"]) == "spawn"  # a loaded polars hangs in a forked child
    assert start_method("fork", child_uses=["polars"]) == "spawn"
    assert start_method() == linux  # a child that does not use it
    monkeypatch.delitem(sys.modules, "polars")
    assert start_method(child_uses=["polars"]) == linux
    monkeypatch.undo()
    monkeypatch.delenv(START_METHOD_ENV, raising=False)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert start_method() == "spawn"  # another thread could hold a lock the child needs
    finally:
        release.set()
        other.join()
    monkeypatch.setenv(START_METHOD_ENV, "spawn")
    assert start_method() == "spawn"
    monkeypatch.setenv(START_METHOD_ENV, "vfork")
    with pytest.raises(ConfigError, match=START_METHOD_ENV):
        start_method()
    with pytest.raises(ConfigError, match="start_method"):
        start_method("threads")
    with pytest.raises(ConfigError, match="start_method"):
        cp.process([SEEDS], "unused-out", workers=2, start_method="threads")


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_forked_and_spawned_workers_run_the_initializer_once_each(method):
    got = list(ordered_map(_pid_and_setting, iter(range(6)), workers=2, initializer=_remember,
                           initargs=("set up",), method=method))
    pids = {pid for pid, _ in got}
    assert len(pids) <= 2 and os.getpid() not in pids
    assert {v for _, v in got} == {"set up"}


class _BrokenPool:
    def submit(self, fn, *args):
        raise BrokenProcessPool("A child process terminated abruptly, the process pool is not usable anymore")


@pytest.mark.parametrize("started, method, says", [
    (False, "fork", "killed (out of memory?) or crashed"), (False, "spawn", '__name__ == "__main__"'),
    (True, "fork", "died while working")])
def test_a_pool_broken_before_a_task_is_handed_out_is_a_clear_error(started, method, says):
    """A forked worker can die before the run has handed out its first tasks: the pool
    then refuses them, and that is the same clear error as a failed result."""
    with pytest.raises(WorkerError, match=re.escape(says)):
        list(parallel._map_in(_BrokenPool(), abs, iter([1, 2]), 4, [started], method))


_SETTING: list[str] = []


def _remember(value):  # a pool initializer
    _SETTING.append(value)


def _pid_and_setting(_):  # runs in a worker
    assert in_worker_process() and len(_SETTING) == 1
    return os.getpid(), _SETTING[0]


def test_the_audit_tables_replace_earlier_ones_only_when_all_three_are_merged(tmp_path):
    """A part that cannot be read fails the merge of one table: none of the three earlier
    files is replaced (the others, merged meanwhile by their own threads, are dropped)."""
    cp.process([SEEDS], tmp_path, workers=1, shard_docs=2)
    before = {n: (tmp_path / n).read_bytes() for n in ("documents.parquet", "removed.parquet", "rejects.parquet")}
    (tmp_path / "_shards" / "removed-00002.parquet").unlink()
    with pytest.raises(OSError):
        dataset._merge_audit_tables(tmp_path, 3, "another-fingerprint")
    assert {n: (tmp_path / n).read_bytes() for n in before} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_arrow_memory_is_released_from_every_allocator_pyarrow_has(monkeypatch):
    """The Parquet writer allocates from the pool chosen when pyarrow loaded (mimalloc),
    whatever pool is set since: its freed memory is handed back too, not only the set pool's."""
    released = []

    class Pool:
        def __init__(self, name):
            self.name = name

        def release_unused(self):
            released.append(self.name)

    def missing():
        raise NotImplementedError("not built")

    monkeypatch.setattr(pa, "default_memory_pool", lambda: Pool("system"))
    monkeypatch.setattr(pa, "mimalloc_memory_pool", lambda: Pool("mimalloc"))
    monkeypatch.setattr(pa, "jemalloc_memory_pool", missing)
    dataset._release_arrow_memory()
    assert released == ["system", "mimalloc"]


def _pid_env_pool(key):  # runs in a worker
    return os.getpid(), os.environ.get(key), pa.default_memory_pool().backend_name


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_get_their_environment_from_the_start_and_ours_is_restored(monkeypatch, method):
    monkeypatch.delenv("CORPUSPREP_TEST_SETTING", raising=False)
    env = {"CORPUSPREP_TEST_SETTING": "on", **dataset._WORKER_ENV}
    got = list(ordered_map(_pid_env_pool, iter(["CORPUSPREP_TEST_SETTING"] * 4), workers=2, worker_env=env,
                           method=method))
    assert {g[1] for g in got} == {"on"}
    if method == "spawn":  # Arrow's pool is chosen when pyarrow loads: here, in the worker
        assert {g[2] for g in got} == {"system"}
    assert os.getpid() not in {g[0] for g in got}
    assert "CORPUSPREP_TEST_SETTING" not in os.environ


def _arrow_pool(_):  # runs in a worker
    return pa.default_memory_pool().backend_name


def test_a_forked_worker_allocates_with_the_system_pool_though_pyarrow_was_loaded_before(tmp_path):
    assert "pyarrow" in sys.modules  # loaded here, so the fork copies it with its pool
    pipeline = cp.Pipeline([])
    got = list(ordered_map(_arrow_pool, iter(range(4)), workers=2, initializer=dataset._init_worker,
                           initargs=(pipeline, "paragraph", tmp_path, pipeline.fingerprint()), method="fork"))
    assert set(got) == {"system"}


def test_call_in_worker_runs_in_a_process_that_then_ends():
    pid, _, _ = call_in_worker(_pid_env_pool, "HOME")
    assert pid != os.getpid()
    deadline = time.time() + 10
    while time.time() < deadline and Path(f"/proc/{pid}").exists():
        time.sleep(0.05)
    assert not Path(f"/proc/{pid}").exists()


_NO_POLARS = """
import sys
import corpusprep as cp
if __name__ == "__main__":
    s = cp.process([sys.argv[1]], sys.argv[2], workers=2, shard_docs=2, repeated_lines=2)
    assert s.documents == 5, s
    print("polars" in sys.modules, "pandas" in sys.modules)
"""


def _run_on_seeds(tmp_path, source: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Run the script ``source`` in a fresh interpreter on the seeds (output to
    ``tmp_path/out``); the words it printed."""
    script = tmp_path / "run.py"
    script.write_text(source, encoding="utf-8")
    out = subprocess.run([sys.executable, str(script), str(SEEDS), str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def test_with_a_pool_the_corpus_pass_leaves_polars_out_of_the_main_process(tmp_path):
    assert _run_on_seeds(tmp_path, _NO_POLARS) == ["False", "False"]


_NO_ARROW = """
import sys
import corpusprep as cp
if __name__ == "__main__":
    seen = []
    s = cp.process([sys.argv[1]], sys.argv[2], workers=2, shard_docs=1, repeated_lines=None,
                   progress=lambda *_: seen.append("pyarrow" in sys.modules))
    assert s.documents == 5 and len(seen) == 5, (s, seen)
    print(any(seen), "pyarrow" in sys.modules)
"""


def test_with_a_pool_the_main_process_loads_pyarrow_only_to_merge_at_the_end(tmp_path):
    """While the workers clean, the main process only reads and hands out shards: pyarrow
    (~40 MB) comes in when it merges the audit tables, after the pool has ended."""
    assert _run_on_seeds(tmp_path, _NO_ARROW) == ["False", "True"]
    assert pq.ParquetFile(tmp_path / "out" / "documents.parquet").metadata.num_rows == 5


_POLARS_FIRST = """
import sys
import polars as pl
import corpusprep as cp
if __name__ == "__main__":  # the corpus pass's process is spawned: it imports this script again
    assert pl.DataFrame({"a": list(range(1000))}).select(pl.col("a").sum()).item() == 499500  # its threads run
    s = cp.process([sys.argv[1]], sys.argv[2], workers=2, shard_docs=1, repeated_lines=2, start_method="fork")
    print(s.documents)
"""


def test_a_caller_that_used_polars_can_still_ask_for_forked_workers(tmp_path):
    """The corpus pass's process uses polars, which hangs in a child forked from a process
    that has used it: that process is spawned, the cleaning workers forked; the run ends."""
    try:
        assert _run_on_seeds(tmp_path, _POLARS_FIRST) == ["5"]
    except subprocess.TimeoutExpired:
        pytest.fail("a run forked from a process that had used polars hung")


_LIGHT = """
import sys
from corpusprep.corpus import count_input_lines
from corpusprep.io.readers import ReaderOptions
import corpusprep.cli
rep = count_input_lines(([sys.argv[1]], ReaderOptions(), 2, False))
heavy = sorted(m for m in sys.modules if m.startswith(("corpusprep.pipeline", "corpusprep.cleaners",
                                                       "corpusprep.dataset", "corpusprep.shard", "pyarrow")))
print(len(rep.exact) > 0, heavy)
"""


def test_the_corpus_pass_and_the_cli_module_do_not_load_the_cleaners(tmp_path):
    """With a pool, the corpus pass runs in a process of its own, which imports the main
    script again (the CLI under ``spawn``) and then the pass: neither may pull in the
    pipeline, its cleaners or pyarrow, or every run pays for them on its serial path."""
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text("扫码关注我们的公众号吧\n正文第%d段。" % i, encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", _LIGHT, str(tmp_path)], capture_output=True, text=True, check=True)
    assert out.stdout.split(maxsplit=1) == ["True", "[]\n"]


def test_every_public_name_of_the_package_resolves():
    import corpusprep

    for name in corpusprep.__all__:
        assert getattr(corpusprep, name) is not None, name
    assert set(corpusprep.__all__) <= set(dir(corpusprep))
    with pytest.raises(AttributeError):
        corpusprep.no_such_name  # noqa: B018


def _site(tmp_path: Path) -> Path:
    """Six articles of one site sharing a pitch line (the corpus pass removes it)."""
    site = tmp_path / "site"
    site.mkdir()
    for i in range(6):
        text = f"第{i}篇的标题\n本站记者报道，第{i}篇文章的正文在这里。\n" "扫码关注本站公众号，获取更多新闻\n"
        (site / f"{i}.txt").write_text(text, encoding="utf-8")
    return site


def test_workers_started_during_the_corpus_pass_make_the_same_dataset(tmp_path, monkeypatch):
    """With enough input, the workers start (imports, the pipeline) while the corpus pass
    runs, and take its result from a file at their first shard: the dataset is the one
    a single process makes, and the file is gone afterwards."""
    site = _site(tmp_path)
    started = []
    real_pool = dataset.worker_pool

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.append(args[0])
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(dataset, "worker_pool", spy)
    monkeypatch.setattr(dataset, "EARLY_START_MIN_BYTES", 0)
    temp = tmp_path / "tmp"  # this test's own: another run's files do not show here
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    before = set(temp.glob("corpusprep-worker-late-*"))
    runs = {w: cp.process([site], tmp_path / f"w{w}", workers=w, shard_docs=2, repeated_lines=3,
                          start_method="spawn") for w in (1, 2)}
    assert started == [2]
    assert set(temp.glob("corpusprep-worker-late-*")) == before
    assert runs[1].fingerprint == runs[2].fingerprint and runs[1].shards == 3
    assert runs[2].removed_chars_by_category.get("repeated", 0) > 0
    for name in ("corpus", "documents.parquet", "removed.parquet", "rejects.parquet"):
        a, b = (pq.read_table(tmp_path / f"w{w}" / name) for w in (1, 2))
        assert a.equals(b), name


def test_workers_start_after_the_corpus_pass_on_small_inputs(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(dataset, "worker_pool", lambda *a, **k: started.append(a))
    cp.process([_site(tmp_path)], tmp_path / "out", workers=2, shard_docs=2, repeated_lines=3, start_method="spawn")
    assert started == []  # a few KB: below EARLY_START_MIN_BYTES


def test_forked_workers_start_after_the_corpus_pass_with_the_whole_pipeline(tmp_path, monkeypatch):
    """A forked worker starts at once: never early, so it copies the complete pipeline."""
    started = []
    monkeypatch.setattr(dataset, "worker_pool", lambda *a, **k: started.append(a))
    monkeypatch.setattr(dataset, "EARLY_START_MIN_BYTES", 0)
    s = cp.process([_site(tmp_path)], tmp_path / "out", workers=2, shard_docs=2, repeated_lines=3,
                   start_method="fork")
    assert started == [] and s.removed_chars_by_category.get("repeated", 0) > 0


def test_the_corpus_pass_starts_before_the_cleaners_are_imported():
    """``process()`` starts the corpus pass's process first and builds the pipeline
    meanwhile: importing the runner must not import the cleaners (numpy, OpenCC, the
    rule pack), ~0.2 s on the serial path of every run with workers."""
    code = ("import sys, corpusprep.dataset, corpusprep.shard, corpusprep.cli; "
            "print(sorted(m for m in ('corpusprep.pipeline', 'numpy', 'opencc') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
