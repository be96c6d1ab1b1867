"""Throughput and memory of corpusprep against baselines, in one run.

    python benchmarks/run.py                      # 10MB and 100MB (see --sizes)
    python benchmarks/run.py --sizes 10MB,100MB,1GB
    python benchmarks/run.py --quick              # 5MB smoke run
    python benchmarks/run.py --sizes 10MB,100MB,1GB --only 1GB=opencc,e2e-w2,plumbing-w2

The issue-15 table (the lead's command; ``--only`` keeps the 1 GB row to what is
practical while the full pipeline is slow):

    python benchmarks/run.py --sizes 10MB,100MB,1GB --configs opencc,naive,e2e-w1,e2e-w2,plumbing-w2 \
        --repeat 3 --only 1GB=opencc,e2e-w2,plumbing-w2

For each size a corpus is generated from ``seeds/`` (benchmarks/corpus_gen.py) under
benchmarks/data/ (git-ignored), then every configuration runs in its own subprocess so
that its peak memory is its own:

``read``      read + decode + JSON-parse the corpus with corpusprep's readers (no cleaning)
``opencc``    bare OpenCC t2s on every document's text (conversion time only)
``naive``     ftfy.fix_text + OpenCC t2s + regex line filter + regex sentence split per
              document, rows written to zstd Parquet (read time included)
``stages``    Pipeline.default() over every document in batches of 200 (``clean_batch``;
              a worker cleans 50 at a time, which measured the same), each step's CPU time; the rest of
              ``clean_batch`` (spans, sentences, audit) is "pipeline"
``e2e-wN``    ``corpusprep.process(..., workers=N, unit="paragraph")``: files to dataset
``plumbing-w2`` the same run with ``Pipeline([])`` (no cleaning step; paragraphs and
              sentences are still split): the reader → pool → Parquet path alone, fast
              enough to check that memory stays flat at sizes the full pipeline cannot
              reach in a session (and the ceiling that clean_source's fixed work sets)

MB/s divide the UTF-8 bytes of the documents' text (``bytes_in``) by wall seconds; MB per
CPU-s divide them by the CPU seconds of the timed part (this process and its waited-for
children: pool workers, the corpus-pass process), which other sessions' load distorts far
less on a shared machine. Each configuration runs ``--repeat`` times, interleaved, and the
summary takes the best run of each.
Peak RSS: ``max_rss_main``/``max_rss_worker`` are ``getrusage`` peaks of the benchmark
process and of its largest pool worker; ``peak_tree_rss`` is the largest sum of RSS over
the process and all its descendants, sampled from /proc every 0.1 s.

Results go to benchmarks/RESULTS.md (and the raw figures to benchmarks/results.json).
Generated corpora are deleted at the end unless --keep-data.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus_gen  # noqa: E402

CONFIGS = ("read", "opencc", "naive", "stages", "e2e-w1", "e2e-w2", "plumbing-w2")


# -- child side: one configuration, prints one JSON line --------------------------------------
def _files(data: Path) -> list[str]:
    return sorted(str(p) for p in data.glob("part-*.jsonl"))


def _iter_texts(data: Path):  # type: ignore[no-untyped-def]
    for f in _files(data):
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)["text"]


def _child_read(data: Path) -> dict:
    from corpusprep.io import read_inputs
    from corpusprep.document import Source

    t0, cpu0 = time.perf_counter(), _cpu()
    n = nbytes = 0
    for it in read_inputs(_files(data)):
        if isinstance(it, Source):
            n += 1
            nbytes += len(it.text.encode("utf-8"))
    return {"seconds": time.perf_counter() - t0, "cpu_seconds": _cpu() - cpu0, "documents": n, "bytes_in": nbytes}


def _child_opencc(data: Path) -> dict:
    import opencc

    cc = opencc.OpenCC("t2s")
    secs = cpu = 0.0
    n = nbytes = 0
    batch: list[str] = []

    def run(batch: list[str]) -> tuple[float, float]:
        t0, c0 = time.perf_counter(), time.process_time()
        for t in batch:
            cc.convert(t)
        return time.perf_counter() - t0, time.process_time() - c0

    for t in _iter_texts(data):  # convert in batches so reading is not timed
        batch.append(t)
        n += 1
        nbytes += len(t.encode("utf-8"))
        if len(batch) == 500:
            w, c = run(batch)
            secs, cpu, batch = secs + w, cpu + c, []
    w, c = run(batch)
    return {"seconds": secs + w, "cpu_seconds": cpu + c, "documents": n, "bytes_in": nbytes,
            "opencc": getattr(opencc, "__version__", "?")}


def _child_naive(data: Path, out: Path) -> dict:
    """The hand-written chain the issue compares against."""
    import re

    import ftfy
    import opencc
    import pyarrow as pa
    import pyarrow.parquet as pq

    cc = opencc.OpenCC("t2s")
    boiler = re.compile(r"^(?:.*(?:责任编辑|编辑|来源|记者|客户端|扫码|二维码|点击|关注|验证码|版权|主编|美编|审读|排版).{0,20}|\s*)$")
    sent = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+[”’」』）)]*|$)")
    schema = pa.schema([("doc_id", pa.string()), ("index", pa.int32()), ("text", pa.string())])
    t0, cpu0 = time.perf_counter(), _cpu()
    n = nbytes = rows = 0
    with pq.ParquetWriter(out / "naive.parquet", schema, compression="zstd") as w:
        ids: list[str] = []
        idx: list[int] = []
        texts: list[str] = []
        for f in _files(data):
            with open(f, encoding="utf-8") as fh:
                for line in fh:
                    rec = json.loads(line)
                    text = rec["text"]
                    n += 1
                    nbytes += len(text.encode("utf-8"))
                    text = cc.convert(ftfy.fix_text(text))
                    i = 0
                    for para in text.split("\n"):
                        if boiler.match(para):
                            continue
                        for m in sent.finditer(para):
                            s = m.group().strip()
                            if s:
                                ids.append(rec["id"])
                                idx.append(i)
                                texts.append(s)
                                i += 1
                    if len(texts) >= 50_000:
                        w.write_table(pa.table([ids, idx, texts], schema=schema))
                        rows += len(texts)
                        ids, idx, texts = [], [], []
        w.write_table(pa.table([ids, idx, texts], schema=schema))
        rows += len(texts)
    return {"seconds": time.perf_counter() - t0, "cpu_seconds": _cpu() - cpu0, "documents": n, "bytes_in": nbytes,
            "rows": rows}


def _child_stages(data: Path) -> dict:
    """Each step's CPU time inside ``Pipeline.clean_batch`` over batches of 200 documents (a
    worker cleans ``shard.CLEAN_BATCH_DOCS`` = 50 at a time, which measured the same;
    ``stage_times.py`` does the same on a generated or real corpus)."""
    import collections

    import corpusprep as cp
    from corpusprep.document import OffsetMap, Source
    from corpusprep.io import read_inputs
    from stage_times import cpu_timed

    pipeline = cp.Pipeline.default()
    spent: collections.Counter[str] = collections.Counter()
    for st in pipeline.steps:  # instance attributes shadow the methods
        st.apply = cpu_timed(spent, st.name, st.apply)  # type: ignore[method-assign]
        st.apply_many = cpu_timed(spent, st.name, st.apply_many)  # type: ignore[method-assign]
    compose = OffsetMap.compose
    OffsetMap.compose = cpu_timed(spent, "offset map", compose)  # type: ignore[method-assign]
    sources = [it for it in read_inputs(_files(data)) if isinstance(it, Source)]
    nbytes = sum(len(s.text.encode("utf-8")) for s in sources)
    pipeline.clean_batch(sources[:50])  # one-off costs (lazy tables, OpenCC's dictionaries) are not throughput
    spent.clear()
    t0, cpu0 = time.perf_counter(), _cpu()
    for i in range(0, len(sources), 200):
        pipeline.clean_batch(sources[i : i + 200])
    total = time.perf_counter() - t0
    cpu = _cpu() - cpu0
    OffsetMap.compose = compose  # type: ignore[method-assign]
    spent["pipeline (spans, sentences, audit)"] = max(0.0, cpu - sum(spent.values()))
    return {"seconds": total, "documents": len(sources), "bytes_in": nbytes, "stages": dict(spent), "cpu_seconds": cpu}


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (pool workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _child_e2e(data: Path, out: Path, workers: int, empty: bool = False) -> dict:
    import corpusprep as cp

    t0, cpu0 = time.perf_counter(), _cpu()
    pipeline = cp.Pipeline([]) if empty else None
    s = cp.process(_files(data), out / "ds", pipeline=pipeline, workers=workers, unit="paragraph")
    # the whole call: corpus pass, pool start-up and the final files included
    seconds, cpu = time.perf_counter() - t0, _cpu() - cpu0
    method = json.loads((out / "ds" / "manifest.json").read_text(encoding="utf-8"))["timings"].get("start_method")
    return {"cpu_seconds": cpu, "seconds": seconds, "documents": s.documents, "bytes_in": s.bytes_in, "units": s.units,
            "rejects": s.rejects, "shards": s.shards, "start_method": method}


def child_main(config: str, data: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="cpbench-", dir=HERE / "data") as tmp:
        out = Path(tmp)
        if config == "read":
            res = _child_read(data)
        elif config == "opencc":
            res = _child_opencc(data)
        elif config == "naive":
            res = _child_naive(data, out)
        elif config == "stages":
            res = _child_stages(data)
        elif config == "plumbing-w2":
            res = _child_e2e(data, out, 2, empty=True)
        elif config.startswith("e2e-w"):
            res = _child_e2e(data, out, int(config[5:]))
        else:
            raise SystemExit(f"unknown config {config!r}")
    res["max_rss_main_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    res["max_rss_worker_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print("RESULT " + json.dumps(res))


# -- parent side ------------------------------------------------------------------------------
def _tree_rss_mb(root: int) -> float:
    """Sum of VmRSS over ``root`` and its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
            ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
            with open(f"/proc/{d}/statm") as f:
                rss[int(d)] = int(f.read().split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(d))
    total, stack = 0, [root]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack.extend(children.get(p, []))
    return total * os.sysconf("SC_PAGE_SIZE") / 2**20


def run_config(config: str, data: Path) -> dict:
    load_before = os.getloadavg()[0]
    env = dict(os.environ)
    # benchmark the checkout this script lives in, even when another one is installed
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    proc = subprocess.Popen([sys.executable, __file__, "--child", config, "--data", str(data)],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_mb(proc.pid))
            done.wait(0.1)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    wall0 = time.perf_counter()
    stdout, _ = proc.communicate()
    wall = time.perf_counter() - wall0
    done.set()
    t.join()
    if proc.returncode != 0:
        raise SystemExit(f"{config} on {data} failed with exit code {proc.returncode}")
    line = next(ln for ln in stdout.splitlines() if ln.startswith("RESULT "))
    res = json.loads(line[7:])
    res.update(config=config, peak_tree_rss_mb=peak, wall_with_startup=wall,
               load_before=load_before, load_after=os.getloadavg()[0])
    res["mb_per_s"] = res["bytes_in"] / 1e6 / res["seconds"] if res["seconds"] else 0.0
    res["docs_per_s"] = res["documents"] / res["seconds"] if res["seconds"] else 0.0
    return res


def machine() -> dict:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib import metadata

    versions = {}
    for pkg in ("corpusprep", "opencc", "ftfy", "regex", "pyarrow", "ray"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "-"
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip()
    except OSError:
        commit = ""
    commit = commit or os.environ.get("CORPUSPREP_BENCH_COMMIT", "?")
    return {"cpu": cpu, "cores": os.cpu_count(), "usable_cores": len(os.sched_getaffinity(0)),
            "python": platform.python_version(), "platform": platform.platform(), "versions": versions,
            "commit": commit, "date": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def _fmt(x: float, nd: int = 2) -> str:
    return f"{x:.{nd}f}"


def _cpu_rate(r: dict) -> str:
    cpu = r.get("cpu_seconds")
    return _fmt(r["bytes_in"] / 1e6 / cpu) if cpu else "-"


def _best(rows: list[dict], key: str) -> dict[str, float]:
    """The best (largest) figure of each configuration over its runs."""
    best: dict[str, float] = {}
    for r in rows:
        v = r["mb_per_s"] if key == "wall" else (r["bytes_in"] / 1e6 / r["cpu_seconds"] if r.get("cpu_seconds") else 0.0)
        best[r["config"]] = max(best.get(r["config"], 0.0), v)
    return best


def _derived(rows: list[dict], largest: bool) -> list[str]:
    """The issue's targets, from the best run of each configuration of one size."""
    wall, cpu = _best(rows, "wall"), _best(rows, "cpu")
    out = []
    if "opencc" in wall and "e2e-w1" in wall:
        out.append(f"- e2e workers=1 / bare OpenCC = {wall['e2e-w1']:.2f} / {wall['opencc']:.1f} MB/s = "
                   f"**{100 * wall['e2e-w1'] / wall['opencc']:.1f}%** (target ≥ 15%, i.e. ≥ 10 MB/s per worker; "
                   f"long-run goal 50%); per CPU-s {cpu['e2e-w1']:.2f} / {cpu['opencc']:.1f} = "
                   f"{100 * cpu['e2e-w1'] / cpu['opencc']:.1f}%")
    methods = sorted({r["start_method"] for r in rows if r["config"] == "e2e-w2" and r.get("start_method")})
    if "e2e-w1" in wall and "e2e-w2" in wall:
        out.append(f"- e2e workers=2 / workers=1 = {wall['e2e-w2']:.2f} / {wall['e2e-w1']:.2f} MB/s = "
                   f"**{wall['e2e-w2'] / wall['e2e-w1']:.2f}×** (target ≥ 1.8×); CPU-s of workers=2 / workers=1 = "
                   f"{cpu['e2e-w1'] / cpu['e2e-w2']:.2f} (the extra work two workers do: start-up, corpus-pass process)"
                   + (f"; workers started by {' and '.join(methods)}" if methods else ""))
    if "naive" in wall and "e2e-w1" in wall:
        out.append(f"- e2e workers=1 / naive chain = {wall['e2e-w1'] / wall['naive']:.2f}×")
    for c in ("e2e-w2", "plumbing-w2"):
        peaks = [r["peak_tree_rss_mb"] for r in rows if r["config"] == c]
        if peaks:
            mains = max(r["max_rss_main_mb"] for r in rows if r["config"] == c)
            workers = max(r["max_rss_worker_mb"] for r in rows if r["config"] == c)
            target = " (target < 400 MB at 1 GB)" if largest else ""
            out.append(f"- peak tree RSS, {c}: **{max(peaks):.0f} MB**{target}; main / largest child "
                       f"{mains:.0f} / {workers:.0f} MB")
    return out


def write_results(results: list[dict], info: dict, path: Path, sizes: list[str]) -> None:
    m = info["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Generated by `python benchmarks/run.py {info['argv']}` on {m['date']}, commit {m['commit']}.",
        "",
        f"- machine: {m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable), {m['platform']}",
        f"- python {m['python']}; " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()),
        "- load: the machine is shared; `load` is the 1-minute load average before → after each",
        "  configuration. With 2 cores, a load above ~1 before a run means another process was",
        "  competing for CPU and the figure is low by up to that much.",
        "- MB/s = UTF-8 bytes of document text / wall seconds of the timed part (see run.py).",
        "  MB per CPU-s divides by CPU seconds instead (main process + pool workers): less",
        "  sensitive to other load than wall time, but not immune (shared caches, SMT siblings).",
        "",
    ]
    for size in sizes:
        rows = [r for r in results if r["size"] == size]
        if not rows:
            continue
        c = rows[0]["corpus"]
        lines += [f"## {size}: {c['documents']} documents, {c['text_bytes'] / 1e6:.1f} MB of text", "",
                  "| configuration | run | seconds | CPU s | MB/s | docs/s | MB per CPU-s | peak tree RSS MB | max RSS main / child MB | load |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for r in rows:
            lines.append(
                f"| {r['config']} | {r['run']} | {_fmt(r['seconds'], 1)} | "
                f"{_fmt(r['cpu_seconds'], 1) if r.get('cpu_seconds') else '-'} | {_fmt(r['mb_per_s'])} | "
                f"{_fmt(r['docs_per_s'], 0)} | {_cpu_rate(r)} | {_fmt(r['peak_tree_rss_mb'], 0)} | "
                f"{_fmt(r['max_rss_main_mb'], 0)} / {_fmt(r['max_rss_worker_mb'], 0)} | "
                f"{_fmt(r['load_before'])} → {_fmt(r['load_after'])} |")
        lines.append("")
        goals = _derived(rows, corpus_gen.parse_size(size) >= 10**9)
        if goals:
            lines += ["Best of the runs:", "", *goals, ""]
        for r in rows:
            if r["config"] == "stages":
                total = r["cpu_seconds"]
                lines += [f"Stages (run {r['run']}): CPU seconds of each step inside `clean_batch` (batches of 200), "
                          f"MB per CPU-s of the step alone, and its share of the {total:.1f} CPU-s.", "",
                          "| step | CPU s | MB per CPU-s | share |", "|---|---|---|---|"]
                for name, secs in sorted(r["stages"].items(), key=lambda kv: -kv[1]):
                    mbs = r["bytes_in"] / 1e6 / secs if secs > 0 else float("inf")
                    lines.append(f"| {name} | {secs:.2f} | {mbs:.1f} | {100 * secs / total:.1f}% |")
                lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description="corpusprep throughput and memory benchmarks")
    ap.add_argument("--sizes", default="10MB,100MB", help="comma-separated corpus sizes (default 10MB,100MB)")
    ap.add_argument("--quick", action="store_true", help="a 5MB smoke run, each configuration once")
    ap.add_argument("--configs", default=",".join(CONFIGS), help=f"subset of {','.join(CONFIGS)}")
    ap.add_argument("--repeat", type=int, default=2,
                    help="runs of each configuration but stages (default 2; at sizes above --detail-max, 1 "
                         "unless --only names the size); the summary takes the best")
    ap.add_argument("--only", action="append", default=[], metavar="SIZE=CFG,CFG",
                    help="run just these configurations at SIZE (repeatable), e.g. 1GB=opencc,e2e-w2,plumbing-w2")
    ap.add_argument("--detail-max", default="100MB",
                    help="run read/naive/stages/e2e-w1 only on sizes up to this (default 100MB); "
                         "larger sizes get opencc and e2e-w2 once (memory flatness)")
    ap.add_argument("--stages-max", default="10MB", help="time the stages only on sizes up to this (default 10MB)")
    ap.add_argument("--results", default=str(HERE / "RESULTS.md"))
    ap.add_argument("--append", action="store_true", help="add to the results of an earlier run")
    ap.add_argument("--keep-data", action="store_true", help="keep the generated corpora")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child_main(a.child, Path(a.data))
        return
    sizes = ["5MB"] if a.quick else [s.strip() for s in a.sizes.split(",") if s.strip()]
    repeat = 1 if a.quick else a.repeat
    configs = [c.strip() for c in a.configs.split(",") if c.strip()]
    only: dict[str, list[str]] = {}
    for spec in a.only:
        size, _, cfgs = spec.partition("=")
        only[size.strip()] = [c.strip() for c in cfgs.split(",") if c.strip()]
    bad = (set(configs) | {c for cs in only.values() for c in cs}) - set(CONFIGS)
    if bad:
        raise SystemExit(f"unknown configurations {sorted(bad)}; choose from {CONFIGS}")
    detail_max = corpus_gen.parse_size(a.detail_max)
    info = {"machine": machine(), "argv": " ".join(sys.argv[1:])}
    results: list[dict] = []
    report_sizes = sizes
    raw_path = Path(a.results).with_name("results.json")
    if a.append and raw_path.exists():  # add to an earlier run (same machine, other sizes)
        earlier = json.loads(raw_path.read_text())
        results = earlier["results"]
        info["argv"] = earlier["info"]["argv"] + " ; then " + info["argv"]
        info["machine"]["date"] = earlier["info"]["machine"]["date"] + " and " + info["machine"]["date"]
    report_sizes = list(dict.fromkeys([r["size"] for r in results] + sizes))
    generated: list[Path] = []
    try:
        for size in sizes:
            nbytes = corpus_gen.parse_size(size)
            free = shutil.disk_usage(HERE).free
            if free < 3 * nbytes + 2 * 10**9:
                raise SystemExit(f"not enough free disk for {size}: {free / 1e9:.1f} GB free")
            data = HERE / "data" / size
            t0 = time.perf_counter()
            corpus = corpus_gen.generate(data, nbytes)
            generated.append(data)
            print(f"[{size}] corpus: {corpus['documents']} docs, {corpus['text_bytes'] / 1e6:.1f} MB "
                  f"({time.perf_counter() - t0:.1f} s)", flush=True)
            plan = []
            large = nbytes > detail_max
            for c in only.get(size, configs):
                if size not in only and large and c in ("read", "naive", "stages", "e2e-w1"):
                    continue
                if c == "stages" and nbytes > corpus_gen.parse_size(a.stages_max):
                    continue
                reps = 1 if c == "stages" or (large and size not in only) else repeat
                plan.append((c, reps))
            # interleave repeats so a burst of load from others does not hit only one config
            for run in range(1, repeat + 1):
                for c, reps in plan:
                    if run > reps:
                        continue
                    r = run_config(c, data)
                    earlier = sum(1 for x in results if (x["size"], x["config"]) == (size, c))
                    r.update(size=size, run=earlier + 1, corpus={k: v for k, v in corpus.items() if k != "files"})
                    results.append(r)
                    print(f"[{size}] {c} #{r['run']}: {r['mb_per_s']:.2f} MB/s, {r['docs_per_s']:.0f} docs/s, "
                          f"peak tree RSS {r['peak_tree_rss_mb']:.0f} MB, load {r['load_before']:.2f}",
                          flush=True)
                    raw_path.write_text(json.dumps({"info": info, "results": results}, indent=1) + "\n")
                    write_results(results, info, Path(a.results), report_sizes)
    finally:
        if not a.keep_data:
            for d in generated:
                shutil.rmtree(d, ignore_errors=True)
    write_results(results, info, Path(a.results), report_sizes)
    print(f"wrote {a.results}")


if __name__ == "__main__":
    main()
