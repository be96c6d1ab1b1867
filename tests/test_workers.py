"""Pool workers: what they load, and the merged tables they feed."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import corpusprep as cp
from corpusprep import dataset
from corpusprep.document import Source
from corpusprep.errors import OutputError
from corpusprep.io.writer import TableMerger
from corpusprep.parallel import call_in_worker, in_worker_process, ordered_map

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _shard_and_modules(job):  # runs in a pool worker
    index, counts = dataset._work(job)
    return index, counts["documents"], in_worker_process(), "pandas" in sys.modules


def test_a_worker_writes_its_shard_without_importing_pandas(tmp_path):
    pipeline = cp.Pipeline.default()
    jobs = [(i, [Source(f"d{i}.txt", f"正文第{i}篇。\n\n第二段在这里。", "0" * 64, doc_id=f"d{i}")])
            for i in range(3)]
    got = list(ordered_map(_shard_and_modules, iter(jobs), workers=2, initializer=dataset._init_worker,
                           initargs=(pipeline, "paragraph", tmp_path, pipeline.fingerprint())))
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
    runs = {w: cp.process([SEEDS], tmp_path / f"w{w}", workers=w, shard_docs=1) for w in (1, 2)}
    for w, s in runs.items():
        docs = pq.ParquetFile(tmp_path / f"w{w}" / "documents.parquet").read()
        assert docs.column("shard").to_pylist() == list(range(s.shards)) == list(range(5))
        removed = pq.ParquetFile(tmp_path / f"w{w}" / "removed.parquet").read()
        assert removed.num_rows == s.removed
    for name in ("documents.parquet", "removed.parquet", "rejects.parquet"):
        a, b = (pq.ParquetFile(tmp_path / f"w{w}" / name).read() for w in (1, 2))
        assert a.equals(b), name


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


def test_workers_get_their_environment_from_the_start_and_ours_is_restored(monkeypatch):
    monkeypatch.delenv("CORPUSPREP_TEST_SETTING", raising=False)
    env = {"CORPUSPREP_TEST_SETTING": "on", **dataset._WORKER_ENV}
    got = list(ordered_map(_pid_env_pool, iter(["CORPUSPREP_TEST_SETTING"] * 4), workers=2, worker_env=env))
    assert {g[1:] for g in got} == {("on", "system")}  # Arrow's pool is chosen when pyarrow loads
    assert os.getpid() not in {g[0] for g in got}
    assert "CORPUSPREP_TEST_SETTING" not in os.environ


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
                         capture_output=True, text=True, timeout=300)
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
    temp = Path(tempfile.gettempdir())
    before = set(temp.glob("corpusprep-worker-late-*"))
    runs = {w: cp.process([site], tmp_path / f"w{w}", workers=w, shard_docs=2, repeated_lines=3) for w in (1, 2)}
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
    cp.process([_site(tmp_path)], tmp_path / "out", workers=2, shard_docs=2, repeated_lines=3)
    assert started == []  # a few KB: below EARLY_START_MIN_BYTES
