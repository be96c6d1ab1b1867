"""Single-core throughput of the default pipeline: each step, end to end, and bare OpenCC.

    python benchmarks/bench_pipeline.py [--size 5MB] [--label after] [--out benchmarks/RESULTS-pipeline.md]
    python benchmarks/bench_pipeline.py --root /path/to/other/checkout --label before

The corpus is grown from ``seeds/`` by ``corpus_gen.documents`` (seed 1: paragraphs
shuffled between documents, digits permuted, Traditional/Simplified/mixed documents);
every 20th document also gets a line of UTF-8-read-as-Latin-1 mojibake so the ftfy path
does real work. Nothing is cached between documents except what the library caches per
process (OpenCC converters, compiled patterns).

In one run, on one core, this measures (wall-clock and CPU time of the process; on
shared cores the two agree and both vary with what the neighbours run):

- each step of ``Pipeline.default().steps``, on the text it really receives (the previous
  step's output), in pipeline order;
- end-to-end ``Pipeline.clean()``; ``clean_source`` overhead = end to end minus the sum of
  the steps (offset-map composition, audit rows, paragraph and sentence spans);
- bare OpenCC ``t2s`` on the same raw texts (the issue-7 yardstick).

It prints a table and writes it to ``--out`` under a heading named by ``--label``
(an existing section with the same label is replaced, others are kept). The output
digest (SHA-256 over every document's text, audit rows, spans, flags and meta) shows
that two runs produced the same documents.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "benchmarks")]

import opencc  # noqa: E402

from corpus_gen import documents, parse_size  # noqa: E402

Pipeline: Any = None
Context: Any = None


def _use_root(root: str) -> None:
    global Pipeline, Context
    sys.path.insert(0, root)
    from corpusprep.pipeline import Pipeline
    from corpusprep.steps import Context


MOJI = "国际时尚城建设攻势质询答辩会议举行".encode("utf-8").decode("latin-1")


def corpus(size: int) -> list[str]:
    return [text + MOJI + "\n" if i % 20 == 0 else text
            for i, (_, _, text) in enumerate(documents(size, seed=1))]


def mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def time_steps(pipe: Any, texts: list[str]) -> list[tuple[str, float, float]]:
    """Wall and CPU seconds per step, each on its real input (prepared outside the timer)."""
    out = []
    cur = list(texts)
    for step in pipe.steps:
        ctxs = [Context(f"d{i}") for i in range(len(cur))]
        nxt = []
        t0, c0 = time.perf_counter(), time.process_time()
        for t, c in zip(cur, ctxs):
            nxt.append(step.apply(t, c).text)
        out.append((step.name, time.perf_counter() - t0, time.process_time() - c0))
        cur = nxt
    return out


def time_e2e(pipe: Any, texts: list[str]) -> tuple[float, float, str]:
    """Wall and CPU seconds in ``clean()``; each document is hashed outside the timer and
    dropped, as a shard writer would (holding every Document would make the cyclic GC
    slower and slower)."""
    secs = cpu = 0.0
    h = hashlib.sha256()
    for i, t in enumerate(texts):
        t0, c0 = time.perf_counter(), time.process_time()
        d = pipe.clean(t, source=f"d{i}.txt")
        secs += time.perf_counter() - t0
        cpu += time.process_time() - c0
        h.update(json.dumps([d.text, [list(r) for r in d.removed], [list(p) for p in d.paragraphs],
                             [list(s) for s in d.sentences], d.flags, d.meta],
                            ensure_ascii=False, sort_keys=True).encode())
    return secs, cpu, h.hexdigest()[:16]


def time_opencc(texts: list[str]) -> tuple[float, float]:
    conv = opencc.OpenCC("t2s")
    t0, c0 = time.perf_counter(), time.process_time()
    for t in texts:
        conv.convert(t)
    return time.perf_counter() - t0, time.process_time() - c0


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover
        return "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", default="5MB")
    ap.add_argument("--label", default="current")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "RESULTS-pipeline.md"))
    ap.add_argument("--note", default="", help="free text recorded with the run (e.g. commit)")
    ap.add_argument("--root", default=str(ROOT),
                    help="import corpusprep from this checkout (to measure another version)")
    ap.add_argument("--keep-freed-memory", action="store_true",
                    help="keep freed memory in the process first, as the CLI and pool workers do "
                         "(corpusprep.allocator); by default glibc's malloc settings are left as they are")
    a = ap.parse_args()
    _use_root(a.root)
    if a.keep_freed_memory:
        from corpusprep.allocator import keep_freed_memory

        keep_freed_memory()

    texts = corpus(parse_size(a.size))
    size = mb(texts)
    pipe = Pipeline.default()
    pipe.clean("預熱 warm-up。", source="warm")  # converters and patterns load outside the timers
    load_before = load()
    opencc_1 = time_opencc(texts)
    steps = time_steps(pipe, texts)
    e2e, e2e_cpu, digest = time_e2e(pipe, texts)
    opencc_2 = time_opencc(texts)
    opencc_s, opencc_cpu = min(opencc_1, opencc_2)
    load_after = load()
    step_sum = sum(s for _, s, _ in steps)
    step_cpu = sum(c for _, _, c in steps)

    rows = [(name, s, c) for name, s, c in steps]
    rows.append(("sum of steps", step_sum, step_cpu))
    rows.append(("clean_source overhead (e2e − steps)", e2e - step_sum, e2e_cpu - step_cpu))
    rows.append(("**end to end (Pipeline.clean)**", e2e, e2e_cpu))
    rows.append(("bare OpenCC t2s (best of 2)", opencc_s, opencc_cpu))

    def rate(secs: float) -> str:
        return f"{size / secs:.2f}" if secs > 0.005 else "–"

    lines = [
        f"## {a.label}",
        "",
        f"{len(texts)} documents, {size:.2f} MB UTF-8; corpusprep from `{a.root}`; "
        f"python {platform.python_version()}, one process"
        f"{', freed memory kept (as a worker)' if a.keep_freed_memory else ''}; load average before/after: "
        f"{load_before} / {load_after} (2 shared cores: figures vary ±30% from run to run)" + (f"; {a.note}" if a.note else ""),
        "",
        "| stage | wall s | MB/s (wall) | CPU s | MB/s (CPU) |",
        "|---|---|---|---|---|",
        *[f"| {n} | {s:.2f} | {rate(s)} | {c:.2f} | {rate(c)} |" for n, s, c in rows],
        "",
        f"end to end / bare OpenCC: {opencc_s / e2e:.1%} wall, {opencc_cpu / e2e_cpu:.1%} CPU; "
        f"output digest: `{digest}`",
        "",
    ]
    section = "\n".join(lines)
    print(section)

    out = Path(a.out)
    head = ("# Pipeline throughput (issue 7)\n\n"
            "Command: `python benchmarks/bench_pipeline.py --size 5MB --label LABEL` "
            "(see the script's docstring for what is timed).\n\n")
    body = out.read_text("utf-8") if out.exists() else head
    pattern = re.compile(rf"^## {re.escape(a.label)}\n.*?(?=^## |\Z)", re.S | re.M)
    body = pattern.sub(lambda _: section, body) if pattern.search(body) else body.rstrip("\n") + "\n\n" + section
    out.write_text(body, "utf-8")


if __name__ == "__main__":
    main()
