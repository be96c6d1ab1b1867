"""Start-up of a worker pool, forked against spawned: wall and CPU seconds.

    python benchmarks/bench_startup.py            # 5 runs of each, interleaved

Each run is a fresh interpreter that builds the default pipeline, starts two workers the way
``process()`` does (the pipeline as their initializer's argument) and has them clean four
one-document shards: what a run pays before its workers do real work. Reports the wall
seconds of that part and the CPU seconds the workers spent (imports, unpickling the
pipeline, compiling its patterns, first use), best and median of the runs.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child(method: str) -> None:
    sys.path.insert(0, str(ROOT))
    import corpusprep as cp
    from corpusprep import dataset
    from corpusprep.parallel import ordered_map

    pipeline = cp.Pipeline.default()
    fingerprint = pipeline.fingerprint()
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        for _ in ordered_map(_tiny_shard, iter(range(4)), workers=2, initializer=dataset._init_worker,
                             initargs=(pipeline, "paragraph", Path(out), fingerprint), method=method):
            pass
        wall = time.perf_counter() - t0
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"wall": wall, "workers_cpu": kids.ru_utime + kids.ru_stime}))


def _tiny_shard(i: int) -> int:  # runs in a worker
    from corpusprep import dataset
    from corpusprep.document import Source

    doc = Source(f"d{i}.txt", "正文第一段，这里是内容。\n\n第二段在这里。", "0" * 64, doc_id=f"d{i}")
    return dataset._work((i, [doc]))[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--child", choices=["fork", "spawn"], help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child(a.child)
        return
    got: dict[str, list[dict[str, float]]] = {"fork": [], "spawn": []}
    for _ in range(a.runs):
        for method in got:
            out = subprocess.run([sys.executable, __file__, "--child", method], capture_output=True, text=True,
                                 check=True, cwd=ROOT)
            got[method].append(json.loads(out.stdout.strip().splitlines()[-1]))
    print("| start method | wall s (best / median) | workers' CPU s (best / median) |")
    print("|---|---|---|")
    for method, runs in got.items():
        w = [r["wall"] for r in runs]
        c = [r["workers_cpu"] for r in runs]
        print(f"| {method} | {min(w):.2f} / {statistics.median(w):.2f} | {min(c):.2f} / {statistics.median(c):.2f} |")


if __name__ == "__main__":
    main()
