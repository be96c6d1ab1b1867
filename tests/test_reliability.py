"""Hostile input, nothing lost, atomic and resumable runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zstandard
from pathlib import Path

import polars as pl
import pytest
import pyarrow.parquet as pq

import corpusprep as cp
from corpusprep.io import ReaderOptions, read_inputs

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
TEXT = "国际新闻报道，今天天气很好，市民纷纷出门踏青。"


def kinds(*paths, **opts):
    return [getattr(x, "kind", "ok") for x in read_inputs([str(p) for p in paths], ReaderOptions(**opts))]


def test_utf8_with_a_few_broken_bytes_is_kept_and_flagged(tmp_path):
    data = (TEXT * 20).encode()
    (tmp_path / "a.txt").write_bytes(data[:100] + b"\xff" + data[100:])
    [src] = read_inputs([tmp_path / "a.txt"])
    assert src.encoding == "utf-8+replace" and "\ufffd" in src.text
    assert cp.clean(src.text).flags.get("mojibake")


def test_nul_bytes_inside_utf8_text_are_removed_with_a_record(tmp_path):
    (tmp_path / "a.txt").write_bytes(TEXT.encode() + b"\x00\x00" + TEXT.encode())
    [src] = read_inputs([tmp_path / "a.txt"])
    doc = cp.clean(src.text)
    assert "\x00" not in doc.text
    assert any(r.text == "\x00\x00" for r in doc.removed)


def test_invalid_json_escape_and_truncated_zstd(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "坏\\x转义"}\n{"text": "好。"}\n', encoding="utf-8")
    assert kinds(tmp_path / "a.jsonl") == ["malformed_json", "ok"]
    whole = zstandard.ZstdCompressor().compress((json.dumps({"text": TEXT}) + "\n").encode() * 200)
    (tmp_path / "b.jsonl.zst").write_bytes(whole[: len(whole) // 2])
    got = kinds(tmp_path / "b.jsonl.zst")
    assert got[-1] == "truncated" and set(got[:-1]) <= {"ok"}


def test_file_symlink_loop_and_unreadable_file(tmp_path, monkeypatch):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    assert kinds(tmp_path / "a.txt") == ["unreadable"]
    ok = tmp_path / "ok.txt"
    ok.write_text(TEXT, encoding="utf-8")
    real_open = open

    def deny(path, *a, **k):
        if str(path) == str(ok):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **k)

    monkeypatch.setattr("builtins.open", deny)
    [rej] = list(read_inputs([ok]))
    assert rej.kind == "unreadable" and "Permission denied" in rej.reason


def test_huge_single_line_is_rejected_by_limit_without_loading(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.write(("长" * 1_000_000).encode() * 4)  # 12 MB on one line
    assert kinds(big, max_doc_bytes=1_000_000) == ["too_large"]


def test_every_input_ends_in_documents_or_rejects(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(TEXT, encoding="utf-8")
    (inputs / "bin.txt").write_bytes(b"\x7fELF\x02\x01\x01")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "mixed.jsonl").write_text('{"text": "一。"}\nnot json\n{"text": ""}\n', encoding="utf-8")
    s = cp.process([inputs, tmp_path / "missing.txt"], tmp_path / "out", workers=1)
    assert (s.inputs, s.documents, s.rejects) == (7, 2, 5)
    rej = pl.read_parquet(tmp_path / "out" / "rejects.parquet")
    assert sorted(rej["kind"]) == ["decode", "empty", "empty", "malformed_json", "not_found"]
    assert all(rej["reason"].str.len_chars() > 5)


_RUN = """
import sys, corpusprep as cp
cp.process([sys.argv[1]], sys.argv[2], workers=1, shard_docs=1)
"""


def _many_inputs(d: Path, n: int) -> None:
    d.mkdir()
    for i in range(n):
        seed = SEEDS[i % len(SEEDS)].read_text("utf-8")
        (d / f"doc{i:03d}.txt").write_text(seed.replace("1月", f"{i % 12 + 1}月"), encoding="utf-8")


def test_killed_run_resumes_to_the_same_result(tmp_path):
    inputs = tmp_path / "in"
    _many_inputs(inputs, 60)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-c", _RUN, str(inputs), str(out)])
    deadline = time.time() + 120
    while time.time() < deadline and len(list((out / "_shards").glob("shard-*.json"))) < 5:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done_before = len(list((out / "_shards").glob("shard-*.json")))
    assert 5 <= done_before < 60, "the run was not interrupted mid-way"
    assert not (out / "manifest.json").exists()
    resumed = cp.process([inputs], out, workers=1, shard_docs=1)
    assert resumed.shards_skipped >= done_before
    assert not list(out.rglob(".*.tmp-*"))
    uninterrupted = cp.process([inputs], tmp_path / "clean", workers=1, shard_docs=1)
    assert (resumed.documents, resumed.units) == (uninterrupted.documents, uninterrupted.units)
    for name in ["documents.parquet", "removed.parquet", "rejects.parquet"]:
        assert pq.read_table(out / name).equals(pq.read_table(tmp_path / "clean" / name))
    assert pl.read_parquet(out / "corpus").equals(pl.read_parquet(tmp_path / "clean" / "corpus"))


def test_corrupt_zstd_is_a_reject(tmp_path):
    (tmp_path / "c.txt.zst").write_bytes(b"(\xb5/\xfd" + b"garbage" * 10)
    assert kinds(tmp_path / "c.txt.zst") == ["unreadable"]


def test_unreadable_directory_is_a_reject(tmp_path, monkeypatch):
    d = tmp_path / "d"
    (d / "locked").mkdir(parents=True)
    (d / "a.txt").write_text(TEXT, encoding="utf-8")
    real_walk = os.walk

    def walk(top, *a, onerror=None, **k):
        for dirpath, dirnames, filenames in real_walk(top, *a, onerror=onerror, **k):
            if "locked" in dirnames:
                dirnames.remove("locked")
                onerror(PermissionError(13, "Permission denied", os.path.join(dirpath, "locked")))
            yield dirpath, dirnames, filenames

    monkeypatch.setattr(os, "walk", walk)
    items = list(read_inputs([d]))
    assert [getattr(x, "kind", "ok") for x in items] == ["ok", "unreadable"]
    assert items[1].location.endswith("locked") and "Permission denied" in items[1].reason


def test_all_reject_run_has_an_empty_readable_corpus(tmp_path):
    """A run whose every input is a reject writes one zero-row corpus part with the schema."""
    import duckdb

    from corpusprep.schema import CORPUS

    (tmp_path / "bin.txt").write_bytes(b"\x7fELF\x02\x01\x01")
    s = cp.process([tmp_path / "bin.txt", tmp_path / "missing.txt"], tmp_path / "out", workers=1, shard_docs=1)
    assert (s.documents, s.rejects, s.units) == (0, 2, 0)
    df = pl.read_parquet(tmp_path / "out" / "corpus/")
    assert df.height == 0 and df.columns == CORPUS.names
    assert pq.read_schema(tmp_path / "out" / "corpus" / "part-00000.parquet").remove_metadata().equals(
        CORPUS.remove_metadata())
    rel = duckdb.sql(f"SELECT * FROM '{tmp_path / 'out' / 'corpus'}/*.parquet'")
    assert rel.columns == CORPUS.names and rel.fetchall() == []
    (tmp_path / "ok.txt").write_text(TEXT, encoding="utf-8")  # the same output, now with units
    s = cp.process([tmp_path / "bin.txt", tmp_path / "ok.txt"], tmp_path / "out", workers=1, shard_docs=1)
    assert s.units > 0 and s.shards_skipped == 1  # shard 0 (the reject) kept from the first run
    parts = sorted(p.name for p in (tmp_path / "out" / "corpus").glob("*.parquet"))
    assert parts == ["part-00001.parquet"]  # no zero-row part left beside the rows


def _workers_of(pid: int) -> list[int]:
    """PIDs of the processes whose parent is ``pid``: its pool workers (spawned or forked),
    not multiprocessing's resource tracker."""
    found = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            cmd = (d / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid and b"resource_tracker" not in cmd:
            found.append(int(d.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its exit status is left


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_exit_when_the_main_process_is_killed(tmp_path, method):
    """kill -9 of a running ``corpusprep clean --workers 2`` leaves no worker behind,
    forked or spawned."""
    cli = Path(sys.executable).with_name("corpusprep")
    if not cli.exists():
        pytest.skip("the corpusprep command is not installed next to this Python")
    inputs = tmp_path / "in"
    _many_inputs(inputs, 400)
    out = tmp_path / "out"
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen([str(cli), "clean", str(inputs), "-o", str(out), "--workers", "2",
                             "--shard-docs", "1", "--repeated-lines", "0", "-q", "--start-method", method], env=env)
    try:
        deadline = time.time() + 120
        workers: list[int] = []
        while time.time() < deadline and proc.poll() is None:
            workers = _workers_of(proc.pid)
            if len(workers) == 2 and list((out / "_shards").glob("shard-*.json")):
                break
            time.sleep(0.05)
        assert proc.poll() is None and len(workers) == 2, "the run did not get busy with two workers"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    deadline = time.time() + 30
    while time.time() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    alive = [w for w in workers if _alive(w)]
    for w in alive:  # do not leave them running if the test fails
        os.kill(w, signal.SIGKILL)
    assert not alive, f"workers {alive} outlived their killed parent"


_NO_GUARD = """
import sys, corpusprep as cp
cp.process([sys.argv[1]], sys.argv[2], workers=2, shard_docs=1, repeated_lines=None)
"""


def _run_without_guard(tmp_path: Path, method: str) -> subprocess.CompletedProcess[str]:
    """Run ``_NO_GUARD`` on four inputs with workers started by ``method`` (fails the test if it hangs)."""
    inputs = tmp_path / "in"
    _many_inputs(inputs, 4)
    script = tmp_path / "no_guard.py"
    script.write_text(_NO_GUARD, encoding="utf-8")
    env = {**os.environ, "TMPDIR": str(tmp_path), "CORPUSPREP_START_METHOD": method}
    try:
        return subprocess.run([sys.executable, str(script), str(inputs), str(tmp_path / "out")],
                              capture_output=True, text=True, timeout=180, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail("the run hung instead of reporting the worker that could not start")


def test_a_worker_that_cannot_start_is_a_clear_error(tmp_path):
    """A script without the ``__main__`` guard (re-run by each spawned worker) fails, naming the cause."""
    done = _run_without_guard(tmp_path, "spawn")
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("corpusprep.errors.WorkerError:") and '__name__ == "__main__"' in last
    assert not list(tmp_path.glob("corpusprep-worker-setup-*"))


def test_a_script_without_the_guard_runs_when_workers_are_forked(tmp_path):
    """A forked worker does not run the calling script again: no guard is needed."""
    done = _run_without_guard(tmp_path, "fork")
    assert done.returncode == 0, done.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["documents"] == 4 and manifest["timings"]["start_method"] == "fork"


def test_a_forked_worker_that_dies_starting_is_a_clear_error(tmp_path):
    """Under fork the missing guard cannot be the cause: the error says the worker was
    killed or crashed, and the run ends instead of waiting."""
    inputs = tmp_path / "in"
    _many_inputs(inputs, 4)
    script = tmp_path / "dies.py"
    script.write_text(_DIES_STARTING, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(inputs), str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("corpusprep.errors.WorkerError:") and "killed" in last and "__main__" not in last


_DIES_STARTING = """
import os, sys
import corpusprep as cp
from corpusprep import dataset

real = dataset._init_worker

def init(*args):
    if dataset.in_worker_process():
        os._exit(3)  # as a worker killed while starting
    real(*args)

dataset._init_worker = init
if __name__ == "__main__":
    cp.process([sys.argv[1]], sys.argv[2], workers=2, shard_docs=1, repeated_lines=None, start_method="fork")
"""


_ORPHAN = """
import multiprocessing, os, sys, time

def child(parent, ready):
    import corpusprep.parallel as par
    par.sys.platform = "other"  # no prctl: only the polling thread watches the parent
    par._watch_parent(parent)
    with open(ready, "w") as f:
        f.write(str(os.getpid()))
    time.sleep(600)

if __name__ == "__main__":
    p = multiprocessing.get_context("spawn").Process(target=child, args=(os.getpid(), sys.argv[1]))
    p.start()
    time.sleep(600)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_parent_watch_thread_ends_a_worker_without_prctl(tmp_path):
    """The portable fallback (a thread polling ``os.getppid()``) alone ends an orphaned worker."""
    script = tmp_path / "orphan.py"
    script.write_text(_ORPHAN, encoding="utf-8")
    ready = tmp_path / "ready"
    proc = subprocess.Popen([sys.executable, str(script), str(ready)])
    try:
        deadline = time.time() + 120
        while time.time() < deadline and not (ready.exists() and ready.read_text()):
            time.sleep(0.05)
        child = int(ready.read_text())  # the child watches its parent from here on
        assert _alive(child)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    deadline = time.time() + 30
    while time.time() < deadline and _alive(child):
        time.sleep(0.1)
    if _alive(child):
        os.kill(child, signal.SIGKILL)
        pytest.fail("the child outlived its killed parent")
